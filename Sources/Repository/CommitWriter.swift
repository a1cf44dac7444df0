import CGit2
import Foundation

/// Writes commits into a repository stet creates itself (`stet demo`): the working tree is staged
/// whole, the commit object is built by libgit2 and signed by the caller.
public final class CommitWriter {
    let repository: GitRepository
    public let directory: URL

    /// Initialises a new repository in `directory` with `main` as its branch.
    public init(initialisingAt directory: URL) throws {
        precondition(LibGit2.initialized)
        var pointer: OpaquePointer?
        let result = git_repository_init(&pointer, directory.path, 0)
        guard result == 0, let pointer else { throw GitError("git_repository_init", result) }
        git_repository_free(pointer)
        repository = try GitRepository(at: directory)
        self.directory = directory
        let head = git_repository_set_head(repository.pointer, "refs/heads/main")
        guard head == 0 else { throw GitError("git_repository_set_head", head) }
    }

    /// Stages the whole working tree (additions, changes and deletions), commits it on `main` with
    /// `sign` producing the `gpgsig` header from the commit's bytes, and returns the commit id.
    @discardableResult
    public func commit(
        message: String, author: (name: String, email: String), at time: Int64, extraParent: ObjectID? = nil,
        sign: ([UInt8]) -> String?
    ) throws -> ObjectID {
        var index: OpaquePointer?
        var result = git_repository_index(&index, repository.pointer)
        guard result == 0, let index else { throw GitError("git_repository_index", result) }
        defer { git_index_free(index) }
        var pathspec = git_strarray(strings: nil, count: 0)
        result = git_index_add_all(index, &pathspec, GIT_INDEX_ADD_DEFAULT.rawValue, nil, nil)
        guard result == 0 else { throw GitError("git_index_add_all", result) }
        result = git_index_update_all(index, &pathspec, nil, nil)
        guard result == 0 else { throw GitError("git_index_update_all", result) }
        result = git_index_write(index)
        guard result == 0 else { throw GitError("git_index_write", result) }
        var treeID = git_oid()
        result = git_index_write_tree(&treeID, index)
        guard result == 0 else { throw GitError("git_index_write_tree", result) }
        var tree: OpaquePointer?
        result = git_tree_lookup(&tree, repository.pointer, &treeID)
        guard result == 0, let tree else { throw GitError("git_tree_lookup", result) }
        defer { git_tree_free(tree) }

        var parents: [OpaquePointer?] = []
        defer { for parent in parents { git_commit_free(parent) } }
        for id in [repository.head(), extraParent].compactMap({ $0 }) {
            var oid = GitRepository.oid(id)
            var parent: OpaquePointer?
            result = git_commit_lookup(&parent, repository.pointer, &oid)
            guard result == 0 else { throw GitError("git_commit_lookup", result) }
            parents.append(parent)
        }
        var signature: UnsafeMutablePointer<git_signature>?
        result = git_signature_new(&signature, author.name, author.email, time, 0)
        guard result == 0, let signature else { throw GitError("git_signature_new", result) }
        defer { git_signature_free(signature) }

        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        result = git_commit_create_buffer(&buffer, repository.pointer, signature, signature, nil, message, tree, parents.count, &parents)
        guard result == 0, let bytes = buffer.ptr else { throw GitError("git_commit_create_buffer", result) }
        let content = String(cString: bytes)
        var commitID = git_oid()
        if let armored = sign(Array(content.utf8)) {
            result = git_commit_create_with_signature(&commitID, repository.pointer, content, armored, "gpgsig")
        } else {
            result = git_commit_create_with_signature(&commitID, repository.pointer, content, nil, nil)
        }
        guard result == 0 else { throw GitError("git_commit_create_with_signature", result) }
        var reference: OpaquePointer?
        result = git_reference_create(&reference, repository.pointer, "refs/heads/main", &commitID, 1, "stet demo")
        guard result == 0 else { throw GitError("git_reference_create", result) }
        git_reference_free(reference)
        return ObjectID(GitRepository.string(commitID))!
    }
}
