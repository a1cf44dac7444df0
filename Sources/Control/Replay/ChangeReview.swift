import Foundation
import Markdown
import Records
import Repository
import Signatures

/// `stet check --base`: what a proposed change adds on top of the base's record (PRODUCT.md §7, §8).
extension RecordBuilder {
    /// What a proposed change (a branch, plus uncommitted work) still needs
    /// before it can be released on top of `base`.
    public struct ChangeReview: Sendable {
        public var base: ObjectID
        /// Findings about the change only (not about the base's own history).
        public var findings: [Finding]
        /// Revisions that would be released as they stand.
        public var ready: [Release]
        /// Revisions that still lack approvals.
        public var pending: [PendingChange]
        /// Who authored the branch's configuration change and so cannot approve it (author-may-approve: false).
        public var configAuthors: Set<PersonID> = []
    }

    /// Judges what `head` (and the `proposed` documents, with their blob ids) adds since its merge
    /// base with `base`, against the record of `base` as if merged now, with the approvals reachable
    /// from `head`. A document or configuration the branch did not change is not judged (the branch is
    /// merely behind); one that both the branch and `base` changed since the merge base is
    /// `stale-base`. `baseName` is how `base` is named in messages.
    public static func review(
        repository: GitRepository, base: String, head: ObjectID?, proposed: [(Document, ObjectID)], trustRoot: String? = nil,
        baseName: String? = nil
    ) throws -> ChangeReview {
        let walked = try replay(repository: repository, branch: base, trustRoot: trustRoot, revokedKeys: nil, ledger: nil, progress: nil)
        return try walked.builder.review(baseTip: walked.tip, head: head, proposed: proposed, baseName: baseName ?? base)
    }

    func review(baseTip: ObjectID, head: ObjectID?, proposed: [(Document, ObjectID)], baseName: String = "main") throws -> ChangeReview {
        step += 1
        findings = []
        for id in documents.keys { documents[id]?.pending = nil }
        let at = head ?? baseTip
        if let head { try see(from: head) }
        let baseTree = try commit(baseTip).tree
        // What the branch adds is what changed since it left the base: its merge base with it.
        let forkPoint = head.flatMap { repository.mergeBase($0, baseTip) }
        let forkTree = try forkPoint.map { try commit($0).tree }
        let update = Words.updateFromBase(baseName: baseName)
        var configChanged = false
        var configAuthors: Set<PersonID> = []
        if let head, let forkTree, case let headIdentity = try identity(of: try commit(head).tree),
            case let forkIdentity = try identity(of: forkTree), case let baseIdentity = try identity(of: baseTree),
            headIdentity != forkIdentity, baseIdentity != forkIdentity, baseIdentity != headIdentity
        {
            // Both sides changed the configuration since the branch started.
            configChanged = true
            findings.append(
                Words.configStaleBase(head: head, baseName: baseName, forkPoint: forkPoint, configuration: configuration, update: update))
        }
        if !configChanged, let head, case let headTree = try commit(head).tree, try identity(of: headTree) != configIdentity,
            try forkTree.map({ try identity(of: $0) }) != identity(of: headTree)
        {
            try proposeConfiguration(at: try commit(head), identity: try identity(of: headTree))
            if let pending = pendingConfig {
                configAuthors =
                    configuration.configuration.authorMayApprove ? [] : authors(of: [DocumentID.config.rawValue], since: lastConfigStep)
                let admins = configuration.sortedPeople.filter { person in
                    person.active && configuration.configuration.adminRoles.contains(where: person.holds)
                }
                let eligible = admins.filter { !configAuthors.contains($0.id) }
                findings.append(
                    Words.configNeedsApproval(
                        head: head, pending: pending, configuration: configuration, admins: admins, eligible: eligible))
                pendingConfig = nil
            }
        }
        var touched: [DocumentID] = []
        var proposedPaths: Set<RepositoryPath> = []
        for (document, blob) in proposed.sorted(by: { $0.0.path < $1.0.path }) {
            proposedPaths.insert(document.path)
            let baseBlob = try cachedEntry(at: document.path, inTree: baseTree)?.id
            if baseBlob == blob {
                // On the release branch itself: content committed there without being released.
                if head == baseTip, documents[document.id]?.latestRelease?.blob != blob {
                    findings.append(
                        Words.committedUnreleased(
                            document: document, baseTip: baseTip, baseName: baseName, released: documents[document.id]?.latestRelease))
                }
                try reviewAttachments(of: document, blob: blob, head: head, forkTree: forkTree, touched: &touched)
                continue
            }
            if let forkTree {
                let forkBlob = try cachedEntry(at: document.path, inTree: forkTree)?.id
                // Not changed on the branch: the branch is merely behind the base.
                if forkBlob == blob { continue }
                if forkBlob != baseBlob {
                    findings.append(
                        Words.documentStaleBase(
                            document: document, commit: head ?? baseTip, baseName: baseName, forkPoint: forkPoint,
                            released: documents[document.id]?.latestRelease, update: update))
                    continue
                }
            }
            touched.append(document.id)
            documents[document.id, default: DocumentRecord(id: document.id)].path = document.path
            let attachments = try self.attachments(
                destinations: Attachments.destinations(inBody: document.body), at: document.path, inTree: try commit(at).tree)
            try land(document, blob: blob, attachments: attachments, at: at)
        }
        for (path, id) in paths.documentAt where !proposedPaths.contains(path) && !proposed.contains(where: { $0.0.id == id }) {
            // Added on the base after the branch left it: the branch is merely behind.
            if let forkTree, try cachedEntry(at: path, inTree: forkTree) == nil { continue }
            if let release = documents[id]?.latestRelease, !release.isObsolete {
                findings.append(
                    Words.changeDeletes(id: id, release: release, at: at, path: path))
            }
        }
        var ready: [Release] = []
        var pending: [PendingChange] = []
        for id in touched {
            if let change = documents[id]?.pending {
                pending.append(change)
                let people = change.missing.map { role -> String in
                    if role == .owner {
                        let owner = change.frontMatter.owner
                        let name = configuration.people[owner]?.name ?? owner.rawValue
                        return Words.ownerNeeded(name: name, authored: change.authors.contains(owner))
                    }
                    // Who could still give it: active holders who have not approved this revision
                    // for another entry and did not author the change.
                    let holders = configuration.sortedPeople.filter { $0.active && $0.holds(role) }
                    let eligible = holders.filter { person in
                        !change.authors.contains(person.id) && !change.approvals.contains { $0.person == person.id && $0.role != nil }
                    }
                    return Words.roleNeeded(role, holders: holders, eligible: eligible)
                }
                // A revision error is reported on its own; there is nothing to approve until it is fixed.
                if change.hasRevisionError || (people.isEmpty && change.notes.isEmpty) { continue }
                findings.append(
                    Words.notApprovedYet(change, id: id, people: people, onBase: head == baseTip, baseName: baseName, at: at))
            } else if let release = documents[id]?.latestRelease, release.commit == at,
                release.blob == proposed.first(where: { $0.0.id == id })?.1
            {
                ready.append(release)
            }
        }
        return ChangeReview(
            base: baseTip, findings: Finding.ordered(findings), ready: ready, pending: pending, configAuthors: configAuthors)
    }

    /// `check --base`: a document whose text the branch leaves as released but whose attachments it changes lands
    /// with them (an attachment-only change, §4.1); one merely behind the base's attachments does not.
    func reviewAttachments(of document: Document, blob: ObjectID, head: ObjectID?, forkTree: ObjectID?, touched: inout [DocumentID])
        throws
    {
        guard let head, let release = documents[document.id]?.latestRelease, release.blob == blob else { return }
        let destinations = Attachments.destinations(inBody: document.body)
        guard !destinations.isEmpty || !release.attachments.isEmpty else { return }
        let onBranch = try attachments(destinations: destinations, at: document.path, inTree: try commit(head).tree)
        let atFork = try forkTree.map { try attachments(destinations: destinations, at: document.path, inTree: $0) }
        guard onBranch != release.attachments, onBranch != atFork else { return }
        touched.append(document.id)
        documents[document.id, default: DocumentRecord(id: document.id)].path = document.path
        try land(document, blob: blob, attachments: onBranch, at: head)
    }
}
