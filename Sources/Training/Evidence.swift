import Control
import Foundation
import Records
import Repository

/// Where each training record reached the release branch and who recorded it (PRODUCT.md §8.3).
///
/// Walks the release branch's first-parent history from its root. At each first-parent commit M,
/// the commits M brings in (itself and, for a merge, the branch it merges) arrive at M's committer
/// time. A row of `training/records/*.csv` that first appears at M was recorded then; its recorder
/// is the non-merge commit that added it (M itself, or the branch commit that added it).
struct RecordHistory {
    struct RowOrigin: Hashable {
        /// The commit that added the row: its signer is the recorder.
        var recorder: ObjectID
        /// The first-parent commit at which the row reached the release branch.
        var arrived: ObjectID
    }

    /// For each commit reachable from the tip: the first-parent commit at which it arrived.
    private(set) var arrival: [ObjectID: ObjectID] = [:]
    /// Committer time of each first-parent commit.
    private(set) var time: [ObjectID: Int64] = [:]
    /// For each first-parent commit, the earliest committer time of the commits arriving with it.
    private(set) var started: [ObjectID: Int64] = [:]
    /// Each row at the tip, by `key(file:fields:)`.
    private(set) var rows: [String: RowOrigin] = [:]

    private let repository: GitRepository
    private var rowCache: [ObjectID: Set<String>] = [:]
    private static let folder = RepositoryPath(TrainingRecords.folder)!

    init(repository: GitRepository, tip: ObjectID) throws {
        self.repository = repository
        var chain: [ObjectID] = []
        var seen: Set<ObjectID> = []
        var current: ObjectID? = tip
        while let id = current, seen.insert(id).inserted {
            chain.append(id)
            current = try repository.commit(id).parents.first
        }
        var known: Set<ObjectID> = []
        var previousFolder: ObjectID? = nil
        var previousRows: Set<String> = []
        for id in chain.reversed() {
            let commit = try repository.commit(id)
            time[id] = commit.committer.time
            var arriving: [ObjectID] = []
            var stack = [id]
            var earliest = commit.committer.time
            while let next = stack.popLast() {
                guard known.insert(next).inserted else { continue }
                arriving.append(next)
                arrival[next] = id
                let object = try repository.commit(next)
                earliest = min(earliest, object.committer.time)
                stack.append(contentsOf: object.parents)
            }
            started[id] = earliest
            let folder = try recordsFolder(commit.tree)
            guard folder != previousFolder else { continue }
            previousFolder = folder
            let now = try rows(in: folder)
            for removed in previousRows.subtracting(now) { rows[removed] = nil }
            for added in now.subtracting(previousRows).sorted() {
                rows[added] = RowOrigin(recorder: try recorder(of: added, at: commit, arriving: arriving), arrived: id)
            }
            previousRows = now
        }
    }

    /// The identity of a row: its file and its fields, whatever line it sits on.
    static func key(file: String, fields: [String]) -> String {
        file + "\u{0}" + fields.joined(separator: "\u{1F}")
    }

    private func recordsFolder(_ tree: ObjectID) throws -> ObjectID? {
        guard let entry = try repository.entry(at: Self.folder, inTree: tree), entry.kind == .tree else { return nil }
        return entry.id
    }

    /// The rows of every CSV file in a records folder (malformed files are reported from the tip).
    private mutating func rows(in folder: ObjectID?) throws -> Set<String> {
        guard let folder else { return [] }
        if let cached = rowCache[folder] { return cached }
        var result: Set<String> = []
        for entry in try repository.tree(folder) where entry.kind == .blob && entry.name.lowercased().hasSuffix(".csv") {
            guard let bytes = try? repository.blob(entry.id, maximumBytes: 16 * 1024 * 1024),
                let text = String(validating: bytes, as: UTF8.self)
            else { continue }
            let file = "\(TrainingRecords.folder)/\(entry.name)"
            for line in text.split(separator: "\n", omittingEmptySubsequences: true).dropFirst()
            where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                result.insert(Self.key(file: file, fields: TrainingRecords.fields(String(line))))
            }
        }
        rowCache[folder] = result
        return result
    }

    private mutating func rows(at commit: ObjectID) throws -> Set<String> {
        try rows(in: try recordsFolder(try repository.commit(commit).tree))
    }

    /// The commit that added `row`: the first-parent commit itself, or for a merge the branch
    /// commit (the latest, if several) whose change added it; a row in none of a merge's parents
    /// was added by the merge.
    private mutating func recorder(of row: String, at commit: CommitObject, arriving: [ObjectID]) throws -> ObjectID {
        guard commit.isMerge else { return commit.id }
        var best: (time: Int64, id: ObjectID)? = nil
        for id in arriving where id != commit.id {
            let candidate = try repository.commit(id)
            guard try rows(at: id).contains(row) else { continue }
            var inParent = false
            for parent in candidate.parents where try rows(at: parent).contains(row) { inParent = true }
            guard !inParent else { continue }
            let time = candidate.committer.time
            if best == nil || (time, id) > (best!.time, best!.id) { best = (time, id) }
        }
        return best?.id ?? commit.id
    }
}
