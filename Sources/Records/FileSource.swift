import Foundation

/// What stands at a path in a tree.
public enum EntryKind: Hashable, Sendable {
    case file(size: Int)
    case directory
    case symlink
    /// A git submodule (a gitlink in a tree).
    case submodule
    /// A device, socket, FIFO or anything else that is not a plain file.
    case other
}

/// Read-only access to a tree of files: the working tree for `stet check`,
/// a commit's tree (from the object store) for the record.
public protocol FileSource {
    /// What is at `path`, or nil if nothing is. Never follows a symlink.
    func kind(of path: RepositoryPath) -> EntryKind?
    /// The bytes of the regular file at `path`.
    func read(_ path: RepositoryPath) throws -> Data
    /// The entries of a directory (`nil` for the root), sorted by name.
    func list(_ directory: RepositoryPath?) throws -> [(name: String, kind: EntryKind)]
    /// How the source is named in messages ("the working tree", "commit 1a2b3c4").
    var label: String { get }
}

/// The files of a folder on disk.
public struct WorkingTree: FileSource {
    public let root: URL
    public var label: String { "the working tree" }

    public init(root: URL) { self.root = root.standardizedFileURL }

    private func url(_ path: RepositoryPath?) -> URL {
        guard let path else { return root }
        return root.appendingPathComponent(path.rawValue, isDirectory: false)
    }

    /// What is at `path`. A path reached through a symbolic link (any parent
    /// folder being one) is reported as `.symlink`: links are never followed.
    public func kind(of path: RepositoryPath) -> EntryKind? {
        var info = stat()
        var prefix = root
        let components = path.rawValue.split(separator: "/")
        for (index, component) in components.enumerated() {
            prefix = prefix.appendingPathComponent(String(component))
            guard lstat(prefix.path, &info) == 0 else { return nil }
            let kind = Self.kind(info)
            if index < components.count - 1 {
                if kind == .symlink { return .symlink }
                guard kind == .directory else { return nil }
            }
        }
        return Self.kind(info)
    }

    static func kind(_ info: stat) -> EntryKind {
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file(size: Int(info.st_size))
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    public func read(_ path: RepositoryPath) throws -> Data {
        guard case .file = kind(of: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path.rawValue])
        }
        return try Data(contentsOf: url(path), options: [])
    }

    public func list(_ directory: RepositoryPath?) throws -> [(name: String, kind: EntryKind)] {
        if let directory, kind(of: directory) != .directory {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: directory.rawValue])
        }
        let base = url(directory)
        let names = try FileManager.default.contentsOfDirectory(atPath: base.path)
        return names.sorted().compactMap { name in
            var info = stat()
            guard lstat(base.appendingPathComponent(name).path, &info) == 0 else { return nil }
            return (name, Self.kind(info))
        }
    }
}
