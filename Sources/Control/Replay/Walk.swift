import Foundation
import Markdown
import Records
import Repository
import Signatures

/// The walk: the first-parent chain, one step of the release branch, reachability, and who authored what.
extension RecordBuilder {
    static func firstParentChain(repository: GitRepository, tip: ObjectID) throws -> [ObjectID] {
        var chain: [ObjectID] = []
        var seen: Set<ObjectID> = []
        var current: ObjectID? = tip
        while let id = current {
            guard seen.insert(id).inserted else { break }
            chain.append(id)
            current = try repository.commit(id).parents.first
        }
        return chain.reversed()
    }

    // MARK: - One step of the release branch

    func apply(_ id: ObjectID, isRoot: Bool) throws {
        let commit = try commit(id)
        let newlySeen = try see(from: id)
        let parentTree = try commit.parents.first.map { try self.commit($0).tree }

        // Documents changed at this commit (and attachments, §4.1: handled after the documents).
        let filesChanged = try fileChanges(from: parentTree, to: commit.tree)
        let changes = filesChanged.filter { Self.isMarkdown($0.path) }
        var touched: Set<DocumentID> = []
        var removedPaths: [(RepositoryPath, DocumentID)] = []
        for change in changes {
            guard let entry = change.new else {
                if let previous = paths.vacate(change.path) { removedPaths.append((change.path, previous)) }
                continue
            }
            guard entry.kind == .blob || entry.kind == .executable else {
                findings.append(
                    Words.unsafePath(change: change, entry: entry, id: id))
                continue
            }
            guard let document = try parse(blob: entry.id, path: change.path, commit: id) else { continue }
            if let previous = paths.displace(at: change.path, by: document.id) { removedPaths.append((change.path, previous)) }
            // The same id at another path that still exists in this commit: a duplicate, not a move.
            if let otherPath = paths.pathOf[document.id], otherPath != change.path,
                (try? cachedEntry(at: otherPath, inTree: commit.tree)) != nil
            {
                findings.append(
                    Words.duplicateID(document: document, otherPath: otherPath, change: change, id: id))
                continue
            }
            paths.place(document.id, at: change.path)
            documents[document.id, default: DocumentRecord(id: document.id)].path = change.path
            touched.insert(document.id)
            try land(
                document, blob: entry.id, attachments: try attachments(ofBlob: entry.id, at: change.path, inTree: commit.tree), at: id)
        }
        try landAttachmentChanges(filesChanged.filter { !Self.isMarkdown($0.path) }, at: id, tree: commit.tree, touched: &touched)
        for (path, removed) in removedPaths where paths.pathOf[removed] == nil {
            documents[removed]?.path = nil
            documents[removed]?.pending = nil
            if let release = documents[removed]?.latestRelease, !release.isObsolete {
                findings.append(
                    Words.documentDeleted(removed: removed, release: release, id: id, path: path))
            }
        }

        // Pending documents for which this step brought new approvals.
        let approved = Set(newlySeen.flatMap { approvedDocuments(in: $0) })
        for documentID in approved.subtracting(touched).sorted() {
            guard let pending = documents[documentID]?.pending else { continue }
            try evaluate(pendingChange: pending, at: id)
        }
        // Periodic reviews recorded by this step's new commits.
        for seen in newlySeen { try recordReviews(in: seen) }

        releaseTree = commit.tree

        // The configuration (§7.5), last: everything at this step was judged by the configuration
        // released before it, and a change released here takes effect from the next step.
        let newIdentity = try identity(of: commit.tree)
        if !isRoot && newIdentity != configIdentity {
            try proposeConfiguration(at: commit, identity: newIdentity)
        } else if let pending = pendingConfig {
            // The unapproved configuration was reverted: it never took effect, but it stays a deviation (§7.8).
            findings.append(Words.configReplaced(pending.records, landedAt: pending.commit, replacedAt: id, admin: adminRoleNames))
            pendingConfig = nil
        }
    }

    // MARK: - Reachability, signatures and approvals

    /// Marks every commit reachable from `tip` and not yet seen; returns them in a stable order.
    @discardableResult
    func see(from tip: ObjectID) throws -> [ObjectID] {
        var stack = [tip]
        var found: [ObjectID] = []
        while let id = stack.popLast() {
            guard reached.seenAt[id] == nil else { continue }
            reached.seenAt[id] = step
            found.append(id)
            stack += try commit(id).parents.filter { reached.seenAt[$0] == nil }
        }
        found.sort { (try? (commit($0).committer.time, $0.hex) < (commit($1).committer.time, $1.hex)) ?? false }
        for id in found { try register(id) }
        return found
    }

    /// People who made (signed, or unsigned authored) a commit changing `paths` since `sinceStep`,
    /// or any commit anywhere that produced `blob` — the content about to be released.
    func authors(of paths: Set<String>, since sinceStep: Int, producing blob: ObjectID? = nil) -> Set<PersonID> {
        var commitsFound: [ObjectID] = []
        for path in paths {
            let list = reached.changing[path] ?? []
            // Lists are in the order commits became reachable, so the recent ones are a suffix.
            var low = 0
            var high = list.count
            while low < high {
                let mid = (low + high) / 2
                if (reached.seenAt[list[mid]] ?? -1) > sinceStep { high = mid } else { low = mid + 1 }
            }
            commitsFound += list[low...]
        }
        if let blob { commitsFound += reached.producing[blob] ?? [] }
        var people: Set<PersonID> = []
        for id in commitsFound {
            guard let commit = objects.commits[id] else { continue }
            if let verdict = reached.verdicts[id], verdict.isGood, let person = verdict.person {
                people.insert(person)
            } else if let person = configuration.people.values.first(where: { $0.email.rawValue == commit.author.email.lowercased() })?.id {
                people.insert(person)
            }
        }
        return people
    }
}
