import Foundation
import Markdown
import Records
import Repository
import Signatures

/// Commits and trees read once through caches keyed by object id, and the diff of the documents folder.
extension RecordBuilder {
    // MARK: - Trees and commits

    func commit(_ id: ObjectID) throws -> CommitObject {
        if let cached = objects.commits[id] { return cached }
        let parsed = try repository.commit(id)
        objects.commits[id] = parsed
        return parsed
    }

    /// The entry at `path` in a tree, through the tree cache.
    func cachedEntry(at path: RepositoryPath, inTree root: ObjectID) throws -> TreeEntry? {
        var current = root
        let components = path.rawValue.split(separator: "/")
        for (index, component) in components.enumerated() {
            guard let entry = try cachedTree(current).first(where: { $0.name == component }) else { return nil }
            if index == components.count - 1 { return entry }
            guard entry.kind == .tree else { return nil }
            current = entry.id
        }
        return nil
    }

    func cachedTree(_ id: ObjectID) throws -> [TreeEntry] {
        if let cached = objects.trees[id] { return cached }
        let entries = try repository.tree(id)
        objects.trees[id] = entries
        return entries
    }

    struct Change {
        var path: RepositoryPath
        var old: TreeEntry?
        var new: TreeEntry?
    }

    /// `.md` files under the documents folder that differ between two trees.
    func documentChanges(from old: ObjectID?, to new: ObjectID) throws -> [Change] {
        try fileChanges(from: old, to: new).filter { Self.isMarkdown($0.path) }
    }

    /// Files under the documents folder that differ between two trees: documents and attachments.
    func fileChanges(from old: ObjectID?, to new: ObjectID) throws -> [Change] {
        let folder = configuration.configuration.documentsDir
        let oldFolder = try old.flatMap { try subtree(folder, in: $0) }
        let newFolder = try subtree(folder, in: new)
        var changes: [Change] = []
        try diff(oldFolder, newFolder, prefix: folder, into: &changes)
        return changes
    }

    static func isMarkdown(_ path: RepositoryPath) -> Bool { path.lastComponent.lowercased().hasSuffix(".md") }

    func subtree(_ path: RepositoryPath, in tree: ObjectID) throws -> ObjectID? {
        var current = tree
        for component in path.rawValue.split(separator: "/") {
            guard let entry = try cachedTree(current).first(where: { $0.name == component }), entry.kind == .tree else { return nil }
            current = entry.id
        }
        return current
    }

    func diff(_ old: ObjectID?, _ new: ObjectID?, prefix: RepositoryPath, into changes: inout [Change]) throws {
        guard old != new else { return }
        let oldEntries = try old.map(cachedTree) ?? []
        let newEntries = try new.map(cachedTree) ?? []
        let oldByName = Dictionary(oldEntries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let newByName = Dictionary(newEntries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for name in Set(oldByName.keys).union(newByName.keys).sorted() {
            let before = oldByName[name]
            let after = newByName[name]
            guard before?.id != after?.id || before?.kind != after?.kind, let path = prefix.appending(name) else { continue }
            let beforeTree = before?.kind == .tree ? before?.id : nil
            let afterTree = after?.kind == .tree ? after?.id : nil
            if beforeTree != nil || afterTree != nil {
                try diff(beforeTree, afterTree, prefix: path, into: &changes)
            }
            let beforeFile = before?.kind == .tree ? nil : before
            let afterFile = after?.kind == .tree ? nil : after
            if beforeFile != nil || afterFile != nil {
                changes.append(Change(path: path, old: beforeFile, new: afterFile))
            }
        }
    }
}
