import CGit2
import Foundation
import Records

/// An entry of a git tree.
public struct TreeEntry: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case blob, executable, symlink, tree, submodule }
    public var name: String
    public var id: ObjectID
    public var kind: Kind
}

extension GitRepository {
    /// The commit a branch or other reference names, without following
    /// `refs/replace`. Tries `refs/heads/NAME`, then `refs/remotes/origin/NAME`,
    /// then NAME as a full reference or a commit id.
    public func resolve(_ name: String) throws(GitError) -> ObjectID {
        for candidate in ["refs/heads/\(name)", "refs/remotes/origin/\(name)", name] {
            var oid = git_oid()
            if git_reference_name_to_id(&oid, pointer, candidate) == 0, let id = ObjectID(Self.string(oid)) {
                return id
            }
        }
        var object: OpaquePointer?
        let result = git_revparse_single(&object, pointer, name)
        guard result == 0, let object else { throw GitError("git_revparse_single(\(name))", result) }
        defer { git_object_free(object) }
        var peeled: OpaquePointer?
        let peel = git_object_peel(&peeled, object, GIT_OBJECT_COMMIT)
        guard peel == 0, let peeled else { throw GitError("git_object_peel(\(name))", peel) }
        defer { git_object_free(peeled) }
        return ObjectID(Self.string(git_object_id(peeled).pointee))!
    }

    /// The raw bytes and type of an object, read from the object database.
    public func readObject(_ id: ObjectID, maximumBytes: Int = 64 * 1024 * 1024) throws(GitError) -> (type: git_object_t, bytes: [UInt8]) {
        let odb = try objectDatabase()
        defer { git_odb_free(odb) }
        var oid = Self.oid(id)
        let size = try headerSize(odb, &oid, id)
        guard size <= maximumBytes else {
            throw GitError(function: "read \(id.short)", message: "object is \(size) bytes, over the limit of \(maximumBytes)")
        }
        var object: OpaquePointer?
        let result = git_odb_read(&object, odb, &oid)
        guard result == 0, let object else { throw GitError("git_odb_read(\(id.short))", result) }
        defer { git_odb_object_free(object) }
        let count = git_odb_object_size(object)
        let data = git_odb_object_data(object)
        let bytes = data.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
        return (git_odb_object_type(object), bytes)
    }

    /// The size in bytes of an object, read from its header without loading it (a 1 GiB blob costs nothing).
    public func objectSize(_ id: ObjectID) throws(GitError) -> Int {
        let odb = try objectDatabase()
        defer { git_odb_free(odb) }
        var oid = Self.oid(id)
        return try headerSize(odb, &oid, id)
    }

    /// The repository's object database; the caller frees it.
    private func objectDatabase() throws(GitError) -> OpaquePointer {
        var odb: OpaquePointer?
        let result = git_repository_odb(&odb, pointer)
        guard result == 0, let odb else { throw GitError("git_repository_odb", result) }
        return odb
    }

    /// An object's size from its header.
    private func headerSize(_ odb: OpaquePointer, _ oid: inout git_oid, _ id: ObjectID) throws(GitError) -> Int {
        var size = 0
        var type = GIT_OBJECT_INVALID
        let result = git_odb_read_header(&size, &type, odb, &oid)
        guard result == 0 else { throw GitError("git_odb_read_header(\(id.short))", result) }
        return size
    }

    /// A commit, parsed from its raw object.
    public func commit(_ id: ObjectID) throws -> CommitObject {
        let (type, bytes) = try readObject(id)
        guard type == GIT_OBJECT_COMMIT else { throw GitError(function: "commit \(id.short)", message: "not a commit") }
        return try CommitObject(id: id, raw: bytes)
    }

    /// The entries of a tree, in git's order.
    public func tree(_ id: ObjectID) throws(GitError) -> [TreeEntry] {
        var oid = Self.oid(id)
        var tree: OpaquePointer?
        let result = git_tree_lookup(&tree, pointer, &oid)
        guard result == 0, let tree else { throw GitError("git_tree_lookup(\(id.short))", result) }
        defer { git_tree_free(tree) }
        var entries: [TreeEntry] = []
        let count = git_tree_entrycount(tree)
        entries.reserveCapacity(count)
        for index in 0..<count {
            guard let entry = git_tree_entry_byindex(tree, index) else { continue }
            let name = String(cString: git_tree_entry_name(entry))
            let entryID = ObjectID(Self.string(git_tree_entry_id(entry).pointee))!
            let kind: TreeEntry.Kind
            switch git_tree_entry_filemode(entry) {
            case GIT_FILEMODE_TREE: kind = .tree
            case GIT_FILEMODE_BLOB: kind = .blob
            case GIT_FILEMODE_BLOB_EXECUTABLE: kind = .executable
            case GIT_FILEMODE_LINK: kind = .symlink
            default: kind = .submodule
            }
            entries.append(TreeEntry(name: name, id: entryID, kind: kind))
        }
        return entries
    }

    /// The entry at `path` in a tree, or nil.
    public func entry(at path: RepositoryPath, inTree root: ObjectID) throws -> TreeEntry? {
        var current = root
        let components = path.rawValue.split(separator: "/").map(String.init)
        for (index, component) in components.enumerated() {
            guard let entry = try tree(current).first(where: { $0.name == component }) else { return nil }
            if index == components.count - 1 { return entry }
            guard entry.kind == .tree else { return nil }
            current = entry.id
        }
        return nil
    }

    /// A blob's bytes.
    public func blob(_ id: ObjectID, maximumBytes: Int) throws(GitError) -> [UInt8] {
        let (type, bytes) = try readObject(id, maximumBytes: maximumBytes)
        guard type == GIT_OBJECT_BLOB else { throw GitError(function: "blob \(id.short)", message: "not a blob") }
        return bytes
    }

    static func oid(_ id: ObjectID) -> git_oid {
        var oid = git_oid()
        _ = git_oid_fromstr(&oid, id.hex)
        return oid
    }
}

extension GitError {
    init(function: String, message: String) {
        self.function = function
        self.code = -1
        self.message = message
    }
}

/// A commit's tree as a `FileSource`: contents come from the object store, never the working tree.
public final class CommitTree: FileSource {
    let repository: GitRepository
    public let treeID: ObjectID
    public let label: String
    private var cache: [String: [TreeEntry]] = [:]

    public init(repository: GitRepository, tree: ObjectID, label: String) {
        self.repository = repository
        self.treeID = tree
        self.label = label
    }

    private func entries(of directory: RepositoryPath?) -> [TreeEntry]? {
        let key = directory?.rawValue ?? ""
        if let cached = cache[key] { return cached }
        let id: ObjectID
        if let directory {
            guard let entry = try? repository.entry(at: directory, inTree: treeID), entry.kind == .tree else { return nil }
            id = entry.id
        } else {
            id = treeID
        }
        let list = try? repository.tree(id)
        cache[key] = list
        return list
    }

    /// The entry at a path, found through the cached folder listings.
    public func entry(_ path: RepositoryPath) -> TreeEntry? {
        let parent = path.parent.isEmpty ? nil : RepositoryPath(path.parent)
        return entries(of: parent)?.first { $0.name == path.lastComponent }
    }

    public func kind(of path: RepositoryPath) -> EntryKind? {
        guard let entry = entry(path) else { return nil }
        switch entry.kind {
        case .tree: return .directory
        case .symlink: return .symlink
        case .submodule: return .submodule
        case .blob, .executable:
            var size = 0
            var type = GIT_OBJECT_INVALID
            var oid = GitRepository.oid(entry.id)
            var odb: OpaquePointer?
            guard git_repository_odb(&odb, repository.pointer) == 0, let odb else { return .other }
            defer { git_odb_free(odb) }
            guard git_odb_read_header(&size, &type, odb, &oid) == 0 else { return .other }
            return .file(size: size)
        }
    }

    public func read(_ path: RepositoryPath) throws -> Data {
        guard let entry = entry(path), entry.kind == .blob || entry.kind == .executable else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path.rawValue])
        }
        return Data(try repository.blob(entry.id, maximumBytes: 16 * 1024 * 1024))
    }

    public func list(_ directory: RepositoryPath?) throws -> [(name: String, kind: EntryKind)] {
        guard let list = entries(of: directory) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: directory?.rawValue ?? "/"])
        }
        return list.sorted { $0.name < $1.name }.compactMap { entry in
            guard let path = directory.map({ $0.appending(entry.name) }) ?? RepositoryPath(entry.name) else { return nil }
            return kind(of: path).map { (entry.name, $0) }
        }
    }
}

extension GitRepository {
    /// The blob id git would give these bytes (for uncommitted work).
    public func blobID(of data: Data) -> ObjectID {
        var oid = git_oid()
        _ = data.withUnsafeBytes { git_odb_hash(&oid, $0.baseAddress, $0.count, GIT_OBJECT_BLOB) }
        return ObjectID(Self.string(oid))!
    }

    /// The commit HEAD points at, as an object id.
    public func head() -> ObjectID? { headCommitID().flatMap(ObjectID.init) }
}
