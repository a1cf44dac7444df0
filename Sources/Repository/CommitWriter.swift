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

    /// Stages the whole working tree (additions, changes and deletions), commits it on `branch`
    /// (after its tip, and `merging` as a second parent) with `sign` producing the `gpgsig` header
    /// from the commit's bytes, and returns the commit id. HEAD stays where it is.
    @discardableResult
    public func commit(
        message: String, author: (name: String, email: String), at time: Int64, on branch: String = "main", merging: ObjectID? = nil,
        sign: ([UInt8]) -> String?
    ) throws -> ObjectID {
        let treeID = try writeIndexTree()
        var tree: OpaquePointer?
        var treeOID = treeID
        var result = git_tree_lookup(&tree, repository.pointer, &treeOID)
        guard result == 0, let tree else { throw GitError("git_tree_lookup", result) }
        defer { git_tree_free(tree) }

        var parents: [OpaquePointer?] = []
        defer { for parent in parents { git_commit_free(parent) } }
        for id in [tip(of: branch), merging].compactMap({ $0 }) {
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
        let id = ObjectID(GitRepository.string(commitID))!
        try setBranch(branch, to: id)
        return id
    }

    /// The commit `branch` points at, or nil before its first commit.
    public func tip(of branch: String) -> ObjectID? {
        var oid = git_oid()
        guard git_reference_name_to_id(&oid, repository.pointer, "refs/heads/\(branch)") == 0 else { return nil }
        return ObjectID(GitRepository.string(oid))
    }

    /// Creates or moves `branch` to `commit`.
    public func setBranch(_ branch: String, to commit: ObjectID) throws {
        var oid = GitRepository.oid(commit)
        var reference: OpaquePointer?
        let result = git_reference_create(&reference, repository.pointer, "refs/heads/\(branch)", &oid, 1, "stet demo")
        guard result == 0 else { throw GitError("git_reference_create", result) }
        git_reference_free(reference)
    }

    /// Writes the working tree, whole, to the index (as `git add -A` would).
    public func stageWorkingTree() throws { try writeIndexTree() }

    /// Writes the working tree, whole, to the index and the object store; returns the tree's id.
    @discardableResult
    func writeIndexTree() throws -> git_oid {
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
        return treeID
    }
}
