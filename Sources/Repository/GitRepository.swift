import CGit2
import Foundation

/// A libgit2 failure: the function, its code and libgit2's own message.
public struct GitError: Error, Hashable, Sendable, CustomStringConvertible {
    public var function: String
    public var code: Int32
    public var message: String

    init(_ function: String, _ code: Int32) {
        self.function = function
        self.code = code
        // git_error_last is per thread: read it right after the failing call.
        if let last = git_error_last(), let text = last.pointee.message {
            message = String(cString: text)
        } else {
            message = "unknown error"
        }
    }

    public var description: String { "\(function) failed (\(code)): \(message)" }
}

/// libgit2's process-wide initialisation, done exactly once.
enum LibGit2 {
    static let initialized: Bool = {
        git_libgit2_init()
        // stet reads repositories and runs nothing they name, so the
        // safe.directory ownership check (which guards against running a
        // repository's configured programs) is not needed for reading.
        _ = stet_git_disable_owner_validation()
        return true
    }()
}

/// A git repository opened for reading (libgit2). The handle is owned here
/// and freed in `deinit`; use one instance per thread.
public final class GitRepository {
    let pointer: OpaquePointer
    public let workingDirectory: URL?

    /// Opens the repository whose working tree or git directory is `url`
    /// (exactly there: no search upwards).
    public init(at url: URL) throws(GitError) {
        precondition(LibGit2.initialized)
        var repository: OpaquePointer?
        let flags = GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue
        let result = git_repository_open_ext(&repository, url.path, flags, nil)
        guard result == 0, let repository else { throw GitError("git_repository_open_ext", result) }
        pointer = repository
        workingDirectory = git_repository_workdir(repository).map { URL(fileURLWithPath: String(cString: $0)) }
    }

    deinit { git_repository_free(pointer) }

    /// True for a shallow clone, whose history is incomplete.
    public var isShallow: Bool { git_repository_is_shallow(pointer) == 1 }

    /// The commit id HEAD points at, or nil for an unborn branch.
    public func headCommitID() -> String? {
        var oid = git_oid()
        guard git_reference_name_to_id(&oid, pointer, "HEAD") == 0 else { return nil }
        return Self.string(oid)
    }

    /// The reference a symbolic reference points at (`HEAD` → `refs/heads/main`), or nil.
    public func symbolicTarget(of name: String) -> String? {
        var reference: OpaquePointer?
        guard git_reference_lookup(&reference, pointer, name) == 0, let reference else { return nil }
        defer { git_reference_free(reference) }
        guard git_reference_type(reference) == GIT_REFERENCE_SYMBOLIC, let target = git_reference_symbolic_target(reference) else {
            return nil
        }
        return String(cString: target)
    }

    static func string(_ oid: git_oid) -> String {
        var copy = oid
        var buffer = [CChar](repeating: 0, count: Int(GIT_OID_HEXSZ) + 1)
        git_oid_tostr(&buffer, buffer.count, &copy)
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}

// MARK: - Creating a repository, and the user's own identity

extension GitRepository {
    /// True when `url` is inside a git working tree or git directory (searching upwards).
    public static func exists(around url: URL) -> Bool {
        precondition(LibGit2.initialized)
        var repository: OpaquePointer?
        guard git_repository_open_ext(&repository, url.path, 0, nil) == 0, let repository else { return false }
        git_repository_free(repository)
        return true
    }

    /// The top of the working tree that `url` is in, searching upwards from it as git does
    /// (stopping at `GIT_CEILING_DIRECTORIES`); nil outside any repository or in a bare one.
    public static func workingTreeRoot(around url: URL) -> URL? {
        precondition(LibGit2.initialized)
        var repository: OpaquePointer?
        guard git_repository_open_ext(&repository, url.path, 0, nil) == 0, let repository else { return nil }
        defer { git_repository_free(repository) }
        guard let workdir = git_repository_workdir(repository) else { return nil }
        return URL(fileURLWithPath: String(cString: workdir), isDirectory: true).standardizedFileURL
    }

    /// Creates an empty repository in `url` whose unborn HEAD is `branch`.
    public static func initialise(at url: URL, branch: String) throws(GitError) {
        precondition(LibGit2.initialized)
        var pointer: OpaquePointer?
        let result = git_repository_init(&pointer, url.path, 0)
        guard result == 0, let pointer else { throw GitError("git_repository_init", result) }
        defer { git_repository_free(pointer) }
        let head = git_repository_set_head(pointer, "refs/heads/\(branch)")
        guard head == 0 else { throw GitError("git_repository_set_head", head) }
    }

    /// The `user.email` git would sign with in `directory` (its repository's config, then the
    /// global and system files), only as a default such as `stet new`'s owner — never to judge
    /// a signature. Nil when unset.
    public static func userEmail(in directory: URL) -> String? {
        precondition(LibGit2.initialized)
        var config: OpaquePointer?
        var repository: OpaquePointer?
        if git_repository_open_ext(&repository, directory.path, 0, nil) == 0, let repository {
            defer { git_repository_free(repository) }
            guard git_repository_config(&config, repository) == 0 else { return nil }
        } else {
            guard git_config_open_default(&config) == 0 else { return nil }
        }
        guard let config else { return nil }
        defer { git_config_free(config) }
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        guard git_config_get_string_buf(&buffer, config, "user.email") == 0, let pointer = buffer.ptr else { return nil }
        return String(cString: pointer)
    }
}
