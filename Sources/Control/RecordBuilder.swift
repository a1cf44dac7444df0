import Foundation
import Markdown
import Records
import Repository
import Signatures

/// Replays the release branch's first-parent history from the root of trust
/// and decides, commit by commit, what is released (PRODUCT.md §7). One pass:
/// every commit is read, verified and diffed once; results are keyed by
/// commit and blob id.
public final class RecordBuilder {
    let repository: GitRepository
    let trustRoot: String?

    // Caches keyed by object id.
    private var commits: [ObjectID: CommitObject] = [:]
    private var trees: [ObjectID: [TreeEntry]] = [:]
    /// Each blob read once: the document (front matter only), or why it cannot be released.
    private var parsedDocuments: [ObjectID: (Document?, [Refusal])] = [:]
    /// The link destinations of each document blob that can name an attachment (§4.1), read with it.
    var attachmentDestinations: [ObjectID: [String]] = [:]
    /// The tree of the release branch's last applied commit (trailers of newly reachable commits are checked against it).
    private var releaseTree: ObjectID?

    // Walk state.
    var step = 0
    /// Told (done, total) after each commit of the walk.
    var progress: ((Int, Int) -> Void)?
    private var seenAt: [ObjectID: Int] = [:]
    private var walkOrder: [ObjectID] = []
    var verdicts: [ObjectID: SignatureVerdict] = [:]
    /// The configuration revision each verdict was reached under.
    private var verdictRevision: [ObjectID: Int] = [:]
    /// Controlled paths a commit changes against its first parent (documents by path, `CONFIG` for configuration).
    private var changed: [ObjectID: Set<String>] = [:]
    /// Commits by the controlled paths they change (merges only for content in none of their
    /// parents), in the order they became reachable: for the author-may-approve rule.
    private var commitsChanging: [String: [ObjectID]] = [:]
    /// Commits by the document blobs they produced, wherever they are in the history.
    private var commitsProducing: [ObjectID: [ObjectID]] = [:]
    /// Parsed trailers, per commit.
    private var trailerCache: [ObjectID: [(key: String, value: String)]] = [:]
    /// Where each document stands on the release branch now (the inverse of `documentAtPath`).
    private var pathOfDocument: [DocumentID: RepositoryPath] = [:]
    /// Every path each document has ever had on the release branch.
    private var everPath: [RepositoryPath: DocumentID] = [:]
    private var pathsOfDocument: [DocumentID: Set<String>] = [:]
    var approvalsByDocument: [DocumentID: [Candidate]] = [:]
    private var usedApprovalCommits: Set<ObjectID> = []

    private(set) var configuration: RecordSet { didSet { cachedKeyring = nil } }
    /// The keyring of `configuration`, built once per configuration (it indexes every key).
    private var cachedKeyring: KeyRing?
    private var configIdentity: ConfigIdentity
    private var lastConfigStep = 0
    private var configReleases: [(revision: Int, commit: ObjectID)] = []
    private var pendingConfig: (records: RecordSet, identity: ConfigIdentity, commit: ObjectID)?

    var documents: [DocumentID: DocumentRecord] = [:]
    private var lastReleaseStep: [DocumentID: Int] = [:]
    /// Which document each path holds on the release branch now.
    private var documentAtPath: [RepositoryPath: DocumentID] = [:]
    var findings: [Finding] = []
    /// Keys revoked by any released configuration, applied to the whole history (second pass).
    let revokedAtTip: [RevokedKey]
    /// Keys revoked by the configurations released during this walk.
    private(set) var releasedRevocations: [RevokedKey] = []
    var configurationHistory: [ConfigurationRelease] = []
    private var acknowledgements: [Acknowledgement] = []
    /// The walk step and committer time of the root of trust: a later-seen claim earlier than it is implausible (§7.7).
    var rootStep = Int.max
    var rootTime = Int64.min
    /// Signed commits whose claimed time is implausible: their approvals and records do not count.
    var implausible: Set<ObjectID> = []
    /// `Closes:` trailers by holders of an admin role, applied when the walk ends (§7.8).
    var closures: [ClosingTrailer] = []
    /// A published ledger whose releases a revocation spares (§7.9), and which configuration release first revoked each key.
    var ledger: Ledger?
    var revokedBy: [String: (revision: Int, commit: ObjectID)] = [:]
    /// Commits signed by a key that was valid then and revoked by a later configuration release.
    var revokedLaterCommits: Set<ObjectID> = []
    /// A configuration that was refused for its revision number or could not be read, so it is reported once.
    private var refusedConfig: ConfigIdentity?

    /// An approval trailer on a validly signed commit, before it is matched to a release.
    struct Candidate {
        var commit: ObjectID
        var revision: Int
        var meaning: String
    }

    /// The configuration as stored at a commit: `stet.yaml`'s blob, the `roles/` tree and the `site-templates/`
    /// tree — the templates decide how signatures are shown, so they are part of `CONFIG` (§7.5).
    struct ConfigIdentity: Hashable {
        var stetYAML: ObjectID?
        var roles: ObjectID?
        var templates: ObjectID? = nil

        /// The three object ids, for the ledger: `STETYAML/ROLES/TEMPLATES` (`-` for an absent one).
        var text: String { [stetYAML, roles, templates].map { $0?.hex ?? "-" }.joined(separator: "/") }
    }

    // MARK: - Building

    /// Builds the record of `branch`. Throws configuration errors when the
    /// root of trust's configuration cannot be read.
    /// `progress` is told (done, total) as the walk goes through the release branch's commits.
    public static func build(
        repository: GitRepository, branch: String? = nil, trustRoot: String? = nil, revokedKeys: [RevokedKey]? = nil,
        ledger: Ledger? = nil, progress: ((Int, Int) -> Void)? = nil
    )
        throws -> ReleaseRecord
    {
        let (builder, chain, rootIndex, tip) = try prepare(
            repository: repository, branch: branch ?? "main", trustRoot: trustRoot, revokedKeys: revokedKeys)
        builder.progress = progress
        try builder.walk(chain: chain, rootIndex: rootIndex)
        // A key revoked by a released configuration voids every signature it made, earlier ones
        // too (§5): when the walk released any revocation, walk again with all of them in force.
        let revoked = builder.releasedRevocations
        if revokedKeys == nil, !revoked.isEmpty {
            let (second, _, _, _) = try prepare(
                repository: repository, branch: branch ?? "main", trustRoot: trustRoot, revokedKeys: revoked)
            second.progress = progress
            second.ledger = ledger
            second.revokedBy = builder.revokedBy
            try second.walk(chain: chain, rootIndex: rootIndex)
            return second.finish(tip: tip, root: chain[rootIndex])
        }
        return builder.finish(tip: tip, root: chain[rootIndex])
    }

    static func prepare(repository: GitRepository, branch name: String, trustRoot: String?, revokedKeys: [RevokedKey]?) throws -> (
        RecordBuilder, [ObjectID], Int, ObjectID
    ) {
        let tip = try repository.resolve(name)
        let chain = try firstParentChain(repository: repository, tip: tip)
        guard
            let rootIndex = try chain.firstIndex(where: {
                try repository.entry(at: RepositoryPath("stet.yaml")!, inTree: try repository.commit($0).tree) != nil
            })
        else {
            throw ConfigurationErrors([
                ConfigurationError(
                    file: Configuration.path, line: nil, message: "no commit on \(name) holds stet.yaml, so there is no root of trust")
            ])
        }
        let root = chain[rootIndex]
        let rootRecords = try SnapshotReader.readRecords(
            from: CommitTree(repository: repository, tree: try repository.commit(root).tree, label: "commit \(root.short)"))
        let builder = RecordBuilder(
            repository: repository, trustRoot: trustRoot, configuration: rootRecords, revokedAtTip: revokedKeys ?? [])
        return (builder, chain, rootIndex, tip)
    }

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
        var (builder, chain, rootIndex, tip) = try prepare(repository: repository, branch: base, trustRoot: trustRoot, revokedKeys: nil)
        try builder.walk(chain: chain, rootIndex: rootIndex)
        if !builder.releasedRevocations.isEmpty {
            let revokedBy = builder.revokedBy
            (builder, chain, rootIndex, tip) = try prepare(
                repository: repository, branch: base, trustRoot: trustRoot, revokedKeys: builder.releasedRevocations)
            builder.revokedBy = revokedBy
            try builder.walk(chain: chain, rootIndex: rootIndex)
        }
        return try builder.review(baseTip: tip, head: head, proposed: proposed, baseName: baseName ?? base)
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
        let update = "update the branch from it — `git merge -S \(baseName)` (or rebase onto it and re-sign) —, resolve the conflict"
        var configChanged = false
        var configAuthors: Set<PersonID> = []
        if let head, let forkTree, case let headIdentity = try identity(of: try commit(head).tree),
            case let forkIdentity = try identity(of: forkTree), case let baseIdentity = try identity(of: baseTree),
            headIdentity != forkIdentity, baseIdentity != forkIdentity, baseIdentity != headIdentity
        {
            // Both sides changed the configuration since the branch started.
            configChanged = true
            findings.append(
                Finding(
                    .staleBase, document: .config, commit: head.hex, file: Configuration.path,
                    message:
                        "the configuration changed on \(baseName) since this branch left it (at \(forkPoint!.short)), and this branch changes it too; \(baseName) has config-revision \(configuration.configuration.configRevision) in force. \(update.prefix(1).uppercased() + update.dropFirst()), set config-revision to the next one, and get the CONFIG approval again"
                ))
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
                let who =
                    eligible.isEmpty
                    ? admins.isEmpty
                        ? "no active person holds one of them"
                        : "every holder authored this change (\(admins.map(\.name).joined(separator: ", "))); the change must be authored by someone else"
                    : eligible.map(\.name).joined(separator: ", ")
                findings.append(
                    Finding(
                        .missingApproval, document: .config, commit: head.hex, file: Configuration.path,
                        message:
                            "configuration revision \(pending.records.configuration.configRevision) needs an approval by a holder of \(configuration.configuration.adminRoles.map(\.rawValue).joined(separator: " or ")) under the configuration in force, who did not author it (\(who)): they run `stet approve CONFIG` on this branch"
                    ))
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
                    let inForce =
                        documents[document.id]?.latestRelease.map { "revision \($0.revision) stays in force" }
                        ?? "the document is not effective"
                    findings.append(
                        Finding(
                            .unapprovedChange, document: document.id, commit: baseTip.hex, file: document.path.rawValue,
                            line: document.frontMatter.line(of: "revision"),
                            message:
                                "revision \(document.frontMatter.revision) of \(document.id) is committed on \(baseName) but not released: it has not got its approvals (\(inForce)). Approvals are given on a change branch, not on \(baseName): get them for this exact content on a branch and merge it, or revert the change"
                        ))
                }
                try reviewAttachments(of: document, blob: blob, head: head, forkTree: forkTree, touched: &touched)
                continue
            }
            if let forkTree {
                let forkBlob = try cachedEntry(at: document.path, inTree: forkTree)?.id
                // Not changed on the branch: the branch is merely behind the base.
                if forkBlob == blob { continue }
                if forkBlob != baseBlob {
                    let now =
                        documents[document.id]?.latestRelease.map { "revision \($0.revision) released" } ?? "a version not released yet"
                    findings.append(
                        Finding(
                            .staleBase, document: document.id, commit: (head ?? baseTip).hex, file: document.path.rawValue,
                            line: document.frontMatter.line(of: "revision"),
                            message:
                                "\(document.id) changed on \(baseName) since this branch left it (at \(forkPoint!.short)); \(baseName) now has \(now), and this branch's revision \(document.frontMatter.revision) was written against the older text. To go on, \(update), set the revision to the next one after \(baseName)'s, and get the approvals again"
                        ))
                    continue
                }
            }
            touched.append(document.id)
            documents[document.id, default: DocumentRecord(id: document.id)].path = document.path
            let attachments = try self.attachments(
                destinations: Attachments.destinations(inBody: document.body), at: document.path, inTree: try commit(at).tree)
            try land(document, blob: blob, attachments: attachments, at: at)
        }
        for (path, id) in documentAtPath where !proposedPaths.contains(path) && !proposed.contains(where: { $0.0.id == id }) {
            // Added on the base after the branch left it: the branch is merely behind.
            if let forkTree, try cachedEntry(at: path, inTree: forkTree) == nil { continue }
            if let release = documents[id]?.latestRelease, !release.isObsolete {
                findings.append(
                    Finding(
                        .documentRemoved, document: id, commit: at.hex, file: path.rawValue,
                        message:
                            "this change deletes \(id) (revision \(release.revision) in force); to withdraw it, approve a revision with `status: obsolete` instead"
                    ))
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
                        guard !change.authors.contains(owner) else {
                            return
                                "the owner (\(name) — who authored this change and so cannot approve it while author-may-approve is false; the change must be authored by someone else)"
                        }
                        return "the owner (\(name))"
                    }
                    // Who could still give it: active holders who have not approved this revision
                    // for another entry and did not author the change.
                    let holders = configuration.sortedPeople.filter { $0.active && $0.holds(role) }
                    let eligible = holders.filter { person in
                        !change.authors.contains(person.id) && !change.approvals.contains { $0.person == person.id && $0.role != nil }
                    }
                    let who =
                        holders.isEmpty
                        ? "no active person holds this role"
                        : eligible.isEmpty
                            ? "every holder has approved for another role or authored the change: \(holders.map(\.name).joined(separator: ", "))"
                            : eligible.map(\.name).joined(separator: ", ")
                    return "a \(role.rawValue) (\(who))"
                }
                // A revision error is reported on its own; there is nothing to approve until it is fixed.
                if change.hasRevisionError || (people.isEmpty && change.notes.isEmpty) { continue }
                var message =
                    people.isEmpty
                    ? "revision \(change.revision) of \(id) cannot be released as it stands"
                    : "revision \(change.revision) of \(id) is not approved yet: it still needs \(people.joined(separator: " and "))"
                if !change.approvals.isEmpty {
                    message +=
                        "; approved so far by \(change.approvals.map { "\($0.name)\($0.role.map { " (\($0.rawValue))" } ?? "")" }.joined(separator: ", "))"
                }
                message +=
                    head == baseTip
                    ? ". This is \(baseName) itself: commit the change on a branch (git switch -c NAME), where approvers run `stet approve \(id)` after reviewing `stet diff \(id)`"
                    : ". Approvers run `stet approve \(id)` on this branch after reviewing `stet diff \(id)`"
                if !change.notes.isEmpty { message += ". Note: " + change.notes.joined(separator: "; ") }
                findings.append(
                    Finding(
                        .missingApproval, document: id, commit: at.hex, file: change.path.rawValue,
                        line: change.frontMatter.line(of: "revision"), message: message))
            } else if let release = documents[id]?.latestRelease, release.commit == at,
                release.blob == proposed.first(where: { $0.0.id == id })?.1
            {
                ready.append(release)
            }
        }
        return ChangeReview(
            base: baseTip, findings: Finding.ordered(findings), ready: ready, pending: pending, configAuthors: configAuthors)
    }

    init(repository: GitRepository, trustRoot: String?, configuration: RecordSet, revokedAtTip: [RevokedKey]) {
        self.repository = repository
        self.trustRoot = trustRoot
        self.configuration = configuration
        self.configIdentity = ConfigIdentity(stetYAML: nil, roles: nil)
        self.revokedAtTip = revokedAtTip
    }

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

    func walk(chain: [ObjectID], rootIndex: Int) throws {
        let root = chain[rootIndex]
        if let trustRoot, !root.hex.hasPrefix(trustRoot.lowercased()) || trustRoot.count < 7 {
            findings.append(
                Finding(
                    .untrustedRoot, commit: root.hex,
                    message:
                        "the root of trust (the first commit holding stet.yaml) is \(root.hex), not the pinned \(trustRoot); the history was replaced or the pin is wrong"
                ))
        }
        // Commits before the root of trust are reachable but carry no authority.
        for index in 0..<rootIndex { try see(from: chain[index]) }
        configIdentity = try identity(of: commit(root).tree)
        rootStep = rootIndex
        rootTime = try commit(root).committer.time
        configReleases.append((configuration.configuration.configRevision, root))
        configurationHistory.append(
            ConfigurationRelease(
                revision: configuration.configuration.configRevision, commit: root, at: try commit(root).committer.time,
                records: configuration, identity: configIdentity.text))
        releasedRevocations += configuration.revoked
        noteRevocations(configuration.revoked, revision: configuration.configuration.configRevision, commit: root)
        let total = chain.count - rootIndex
        for index in rootIndex..<chain.count {
            step = index
            try apply(chain[index], isRoot: index == rootIndex)
            progress?(index - rootIndex + 1, total)
        }
    }

    func finish(tip: ObjectID, root: ObjectID) -> ReleaseRecord {
        finishFindings()
        var record = ReleaseRecord(
            tip: tip, rootOfTrust: root, documents: documents, configReleases: configReleases, configuration: configuration,
            findings: Finding.ordered(findings),
            signatures: walkOrder.map { CommitVerdict(commit: $0, verdict: verdicts[$0]!) })
        record.auditTrail = auditTrail()
        record.documentAtPath = everPath
        record.configurations = configurationHistory
        record.acknowledgements = acknowledgements
        return record
    }

    /// Every commit touching each document, in walk order.
    private func auditTrail() -> [DocumentID: [AuditEntry]] {
        var pathsOf: [DocumentID: Set<String>] = [:]
        for (path, id) in everPath { pathsOf[id, default: []].insert(path.rawValue) }
        var releasedAt: [DocumentID: Set<ObjectID>] = [:]
        for record in documents.values { releasedAt[record.id] = Set(record.releases.map(\.commit)) }
        var trails: [DocumentID: [AuditEntry]] = [:]
        let order = Dictionary(walkOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        for id in documents.keys {
            var kinds: [ObjectID: [AuditEntry.Kind]] = [:]
            for path in pathsOf[id] ?? [] {
                for commit in commitsChanging[path] ?? [] { kinds[commit, default: []].append(.change) }
            }
            for candidate in approvalsByDocument[id] ?? [] { kinds[candidate.commit, default: []].append(.approval) }
            for review in documents[id]?.reviews ?? [] { kinds[review.commit, default: []].append(.review) }
            for commit in releasedAt[id] ?? [] { kinds[commit, default: []].append(.release) }
            trails[id] = kinds.keys.sorted { (order[$0] ?? 0) < (order[$1] ?? 0) }.compactMap { commitID in
                guard let commit = commits[commitID], let verdict = verdicts[commitID] else { return nil }
                // A bulk approval names many documents: show only the trailers about this one (and the meaning).
                let trailers = (trailerCache[commitID] ?? []).filter { trailer in
                    switch trailer.key {
                    case "Signature-Meaning": return true
                    case "Approves", "Reviewed", "Trained": return Self.parseReference(trailer.value)?.0 == id
                    default: return false
                    }
                }
                return AuditEntry(
                    commit: commitID, kinds: Array(Set(kinds[commitID]!)).sorted { $0.rawValue < $1.rawValue }, author: commit.author.name,
                    authorEmail: commit.author.email, claimedAt: commit.committer.time, subject: commit.subject,
                    trailers: trailers.map { "\($0.key): \($0.value)" }, verdict: verdict)
            }
        }
        return trails
    }

    // MARK: - One step of the release branch

    private func apply(_ id: ObjectID, isRoot: Bool) throws {
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
                if let previous = documentAtPath.removeValue(forKey: change.path) {
                    removedPaths.append((change.path, previous))
                    if pathOfDocument[previous] == change.path { pathOfDocument[previous] = nil }
                }
                continue
            }
            guard entry.kind == .blob || entry.kind == .executable else {
                findings.append(
                    Finding(
                        .unsafePath, commit: id.hex, file: change.path.rawValue,
                        message:
                            "\(change.path) is a \(entry.kind == .symlink ? "symbolic link" : "submodule") on the release branch; stet never follows it, replace it with a regular file"
                    ))
                continue
            }
            guard let document = try parse(blob: entry.id, path: change.path, commit: id) else { continue }
            if let previous = documentAtPath[change.path], previous != document.id {
                removedPaths.append((change.path, previous))
                if pathOfDocument[previous] == change.path { pathOfDocument[previous] = nil }
            }
            // The same id at another path that still exists in this commit: a duplicate, not a move.
            if let otherPath = pathOfDocument[document.id], otherPath != change.path,
                (try? cachedEntry(at: otherPath, inTree: commit.tree)) != nil
            {
                findings.append(
                    Finding(
                        .duplicateID, document: document.id, commit: id.hex, file: change.path.rawValue,
                        line: document.frontMatter.line(of: "id"),
                        message: "id \(document.id) is already used by \(otherPath) on the release branch; this copy cannot be released"))
                continue
            }
            if let old = pathOfDocument[document.id], old != change.path { documentAtPath[old] = nil }
            documentAtPath[change.path] = document.id
            pathOfDocument[document.id] = change.path
            everPath[change.path] = document.id
            pathsOfDocument[document.id, default: []].insert(change.path.rawValue)
            documents[document.id, default: DocumentRecord(id: document.id)].path = change.path
            touched.insert(document.id)
            try land(
                document, blob: entry.id, attachments: try attachments(ofBlob: entry.id, at: change.path, inTree: commit.tree), at: id)
        }
        try landAttachmentChanges(filesChanged.filter { !Self.isMarkdown($0.path) }, at: id, tree: commit.tree, touched: &touched)
        for (path, removed) in removedPaths where pathOfDocument[removed] == nil {
            documents[removed]?.path = nil
            documents[removed]?.pending = nil
            if let release = documents[removed]?.latestRelease, !release.isObsolete {
                findings.append(
                    Finding(
                        .documentRemoved, document: removed, commit: id.hex, file: path.rawValue,
                        message:
                            "\(removed) (revision \(release.revision) in force) was deleted from the release branch; to withdraw a document, approve a revision with `status: obsolete` instead"
                    ))
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
    private func see(from tip: ObjectID) throws -> [ObjectID] {
        var stack = [tip]
        var found: [ObjectID] = []
        while let id = stack.popLast() {
            guard seenAt[id] == nil else { continue }
            seenAt[id] = step
            found.append(id)
            stack += try commit(id).parents.filter { seenAt[$0] == nil }
        }
        found.sort { (try? (commit($0).committer.time, $0.hex) < (commit($1).committer.time, $1.hex)) ?? false }
        for id in found { try register(id) }
        return found
    }

    private var keyring: KeyRing {
        if let cachedKeyring { return cachedKeyring }
        let keyring = configuration.keyring(extraRevoked: revokedAtTip)
        cachedKeyring = keyring
        return keyring
    }

    private func register(_ id: ObjectID) throws {
        let commit = try commit(id)
        let verdict = CommitVerifier.verify(
            signatures: commit.signatures, payload: commit.signedPayload, committerTime: commit.committer.time, keyring: keyring)
        verdicts[id] = verdict
        verdictRevision[id] = configuration.configuration.configRevision
        walkOrder.append(id)
        // What the commit itself contributes: for a merge, only content that is in none of its
        // parents (an "evil merge" authors that content like any other commit).
        var contributed: [Change]? = nil
        var configChanged = true
        for parent in commit.parents.isEmpty ? [nil] : commit.parents.map(Optional.some) {
            let parentTree = try parent.map { try self.commit($0).tree }
            let changes = try fileChanges(from: parentTree, to: commit.tree)
            if let sofar = contributed {
                let keep = Set(changes.map { "\($0.path)\u{0}\($0.new?.id.hex ?? "")" })
                contributed = sofar.filter { keep.contains("\($0.path)\u{0}\($0.new?.id.hex ?? "")") }
            } else {
                contributed = changes
            }
            let parentIdentity = try parentTree.map { try identity(of: $0) } ?? ConfigIdentity(stetYAML: nil, roles: nil)
            if try identity(of: commit.tree) == parentIdentity { configChanged = false }
        }
        var paths = Set((contributed ?? []).filter { Self.isMarkdown($0.path) }.map(\.path.rawValue))
        if configChanged { paths.insert(DocumentID.config.rawValue) }
        changed[id] = paths
        for path in paths { commitsChanging[path, default: []].append(id) }
        // Files under documents-dir that are not Markdown are attachments (§4.1): changing one is authoring a
        // change to each document that links it, and is a change to controlled files.
        let attachmentPaths = Set((contributed ?? []).filter { !Self.isMarkdown($0.path) }.map(\.path.rawValue))
        for path in attachmentPaths { commitsChanging[path, default: []].append(id) }
        for change in contributed ?? [] {
            if let blob = change.new?.id { commitsProducing[blob, default: []].append(id) }
        }
        let trailers = commit.trailers
        trailerCache[id] = trailers

        let carriesRecord = trailers.contains { ["Approves", "Reviewed", "Trained"].contains($0.key) }
        // Training records are evidence too: a non-merge commit that changes them needs a signature.
        var changesTrainingRecords = false
        if !verdict.isGood, commit.parents.count <= 1 {
            let records = RepositoryPath("training/records")!
            let before = try commit.parents.first.flatMap { try repository.entry(at: records, inTree: try self.commit($0).tree)?.id }
            changesTrainingRecords = try repository.entry(at: records, inTree: commit.tree)?.id != before
        }
        let changesControlledFiles = !paths.isEmpty || !attachmentPaths.isEmpty || changesTrainingRecords
        // A signature valid when made, by a key revoked later, is judged where it is used: the releases it approved
        // are voided (revoked-approval for the one in force), not each commit reported (§7.9).
        let revokedLater =
            verdict.status == .revoked && !revokedAtTip.isEmpty
            && CommitVerifier.verify(
                signatures: commit.signatures, payload: commit.signedPayload, committerTime: commit.committer.time,
                keyring: configuration.keyring()
            ).isGood
        if !verdict.isGood && !revokedLater
            && (carriesRecord || (changesControlledFiles && configuration.configuration.requireSignedCommits))
        {
            let what =
                carriesRecord
                ? "its approval or record trailers do not count"
                : paths.isEmpty && attachmentPaths.isEmpty
                    ? "it changes training records (training/records/)" : "it changes controlled files"
            findings.append(
                Finding(
                    Self.code(for: verdict.status), commit: id.hex,
                    message:
                        "commit \(id.short) (\(commit.subject)): \(verdict.reason); \(what)\(verdict.status == .unsigned ? " — sign it (git commit -S) and re-apply the change" : "")"
                ))
        }
        // An approval by a key revoked later still places its release, voided (§7.9); other records by it do not count.
        if revokedLater { revokedLaterCommits.insert(id) }
        guard verdict.isGood || revokedLater else { return }
        if let earlier = try implausibleClaim(commit), carriesRecord || trailers.contains(where: { $0.key == "Closes" }) {
            implausible.insert(id)
            findings.append(Words.implausibleTime(commit, earlier: earlier))
            return
        }
        try checkTrailerTargets(of: commit)
        if verdict.isGood { collectClosures(commit, verdict: verdict) }
        var meaning = "Approved"
        if let stated = trailers.last(where: { $0.key == "Signature-Meaning" })?.value {
            meaning = stated
        }
        for trailer in trailers where trailer.key == "Trained" && verdict.isGood {
            guard let person = verdict.person, let (document, revision) = Self.parseReference(trailer.value) else {
                findings.append(
                    Finding(
                        .danglingReference, commit: id.hex,
                        message:
                            "commit \(id.short) has the trailer 'Trained: \(trailer.value)', which does not name a document and revision; write it like 'Trained: SOP-QA-001 rev 2'"
                    ))
                continue
            }
            acknowledgements.append(
                Acknowledgement(person: person, document: document, revision: revision, at: commit.committer.time, commit: id))
        }
        for trailer in trailers where trailer.key == "Approves" {
            guard let (document, revision) = Self.parseReference(trailer.value) else {
                findings.append(
                    Finding(
                        .danglingReference, commit: id.hex,
                        message:
                            "commit \(id.short) has the trailer 'Approves: \(trailer.value)', which does not name a document and revision; write it like 'Approves: SOP-QA-001 rev 2'"
                    ))
                continue
            }
            guard meaning == "Approved" || meaning == "Reviewed" else {
                findings.append(
                    Finding(
                        .missingApproval, document: document, commit: id.hex,
                        message:
                            "commit \(id.short) gives the signature meaning '\(meaning)'; only Approved or Reviewed are recognised, so its approval does not count"
                    ))
                continue
            }
            approvalsByDocument[document, default: []].append(Candidate(commit: id, revision: revision, meaning: meaning))
        }
    }

    /// `Approves:`, `Reviewed:` and `Trained:` name content the signer saw: the document must be in the
    /// commit's own tree at that revision, or the trailer is a `dangling-reference` (PRODUCT.md §11).
    /// The document is looked for at the paths it has had on the release branch, then among the files the
    /// commit's tree changes against the release branch (a new document on its branch).
    private func checkTrailerTargets(of commit: CommitObject) throws {
        let named = commit.trailers.filter { ["Approves", "Reviewed", "Trained"].contains($0.key) }
        guard !named.isEmpty else { return }
        var changedHere: [Change]?
        for trailer in named {
            guard let (document, revision) = Self.parseReference(trailer.value), document != .config else { continue }
            var found: (path: RepositoryPath, revision: Int)?
            var unreadable = false
            for path in (pathsOfDocument[document] ?? []).sorted().compactMap(RepositoryPath.init) {
                guard let entry = try cachedEntry(at: path, inTree: commit.tree), entry.kind == .blob || entry.kind == .executable else {
                    continue
                }
                let (parsed, _) = peek(blob: entry.id, path: path)
                if parsed == nil { unreadable = true }
                if let parsed, parsed.id == document {
                    found = (path, parsed.frontMatter.revision.number)
                    break
                }
            }
            if found == nil {
                if changedHere == nil { changedHere = try documentChanges(from: releaseTree, to: commit.tree) }
                for change in changedHere ?? [] {
                    guard let entry = change.new, entry.kind == .blob || entry.kind == .executable else { continue }
                    let (parsed, refusals) = peek(blob: entry.id, path: change.path)
                    if parsed == nil && !refusals.isEmpty { unreadable = true }
                    if let parsed, parsed.id == document {
                        found = (change.path, parsed.frontMatter.revision.number)
                        break
                    }
                }
            }
            guard let found else {
                // Content that cannot be read is reported where it lands; the trailer is not the problem.
                if unreadable { continue }
                findings.append(
                    Finding(
                        .danglingReference, document: document, commit: commit.id.hex,
                        message:
                            "commit \(commit.id.short) (\(commit.subject)) has the trailer '\(trailer.key): \(trailer.value)', but \(document) is not in that commit's tree, so the signer cannot have seen it; the trailer counts for nothing — sign it on a commit that contains the document"
                    ))
                continue
            }
            if found.revision != revision {
                findings.append(
                    Finding(
                        .danglingReference, document: document, commit: commit.id.hex, file: found.path.rawValue,
                        message:
                            "commit \(commit.id.short) (\(commit.subject)) has the trailer '\(trailer.key): \(trailer.value)', but its tree holds revision \(found.revision) of \(document) at \(found.path); name the revision the commit contains ('\(trailer.key): \(document) rev \(found.revision)')"
                    ))
            }
        }
    }

    /// The verdict on a commit under the configuration in force now: keys removed, revoked or
    /// expired since the commit was first seen no longer count.
    func currentVerdict(_ id: ObjectID) throws -> SignatureVerdict? {
        guard let verdict = verdicts[id] else { return nil }
        if verdictRevision[id] == configuration.configuration.configRevision { return verdict }
        let commit = try commit(id)
        return CommitVerifier.verify(
            signatures: commit.signatures, payload: commit.signedPayload, committerTime: commit.committer.time, keyring: keyring)
    }

    static func code(for status: SignatureStatus) -> FindingCode {
        switch status {
        case .unsigned: return .unsignedCommit
        case .bad, .good: return .badSignature
        case .unknownSigner: return .unknownSigner
        case .keyNotValid, .revoked: return .keyNotValid
        }
    }

    /// `SOP-QA-001 rev 2` → (id, 2).
    static func parseReference(_ value: String) -> (DocumentID, Int)? {
        let parts = value.split(separator: " ")
        guard parts.count == 3, parts[1] == "rev", let id = parts[0] == "CONFIG" ? DocumentID.config : DocumentID(String(parts[0])),
            let revision = Int(parts[2]), revision >= 1
        else {
            return nil
        }
        return (id, revision)
    }

    private func approvalsNaming(_ document: DocumentID, in id: ObjectID) -> Bool {
        approvedDocuments(in: id).contains(document)
    }

    private func approvedDocuments(in id: ObjectID) -> [DocumentID] {
        guard verdicts[id]?.isGood == true || revokedLaterCommits.contains(id), !implausible.contains(id), let trailers = trailerCache[id]
        else { return [] }
        return trailers.filter { $0.key == "Approves" }.compactMap { Self.parseReference($0.value)?.0 }
    }

    /// People who made (signed, or unsigned authored) a commit changing `paths` since `sinceStep`,
    /// or any commit anywhere that produced `blob` — the content about to be released.
    func authors(of paths: Set<String>, since sinceStep: Int, producing blob: ObjectID? = nil) -> Set<PersonID> {
        var commitsFound: [ObjectID] = []
        for path in paths {
            let list = commitsChanging[path] ?? []
            // Lists are in the order commits became reachable, so the recent ones are a suffix.
            var low = 0
            var high = list.count
            while low < high {
                let mid = (low + high) / 2
                if (seenAt[list[mid]] ?? -1) > sinceStep { high = mid } else { low = mid + 1 }
            }
            commitsFound += list[low...]
        }
        if let blob { commitsFound += commitsProducing[blob] ?? [] }
        var people: Set<PersonID> = []
        for id in commitsFound {
            guard let commit = commits[id] else { continue }
            if let verdict = verdicts[id], verdict.isGood, let person = verdict.person {
                people.insert(person)
            } else if let person = configuration.people.values.first(where: { $0.email.rawValue == commit.author.email.lowercased() })?.id {
                people.insert(person)
            }
        }
        return people
    }

    // MARK: - Documents

    /// Why a blob cannot be released: a finding to report wherever it lands on the release branch.
    struct Refusal {
        var code: FindingCode
        var line: Int
        var message: String
    }

    /// Reads, decodes and checks a blob once: its front matter, and whether its text can be rendered
    /// (the Markdown pre-scan). Nothing that fails is ever released (PRODUCT.md §11).
    private func peek(blob: ObjectID, path: RepositoryPath) -> (Document?, [Refusal]) {
        if let cached = parsedDocuments[blob] { return cached }
        let result: (Document?, [Refusal])
        do {
            let bytes = try repository.blob(blob, maximumBytes: Document.maximumBytes)
            let text = try SourceText.decode(Data(bytes))
            let (parsed, problems) = DocumentReader.read(text: text, path: path)
            var document = parsed
            var refusals = problems.map {
                Refusal(code: $0.kind == .unknownField ? .unknownField : .invalidFrontMatter, line: $0.line, message: $0.message)
            }
            if let read = document {
                do {
                    try MarkdownLimits.check(read.body)
                } catch {
                    refusals.append(
                        Refusal(
                            code: .markdownLimit, line: error.line + read.bodyFirstLine - 1, message: "the document text \(error.message)"))
                    document = nil
                }
            }
            attachmentDestinations[blob] = document.map { Attachments.destinations(inBody: $0.body) } ?? []
            // The record needs the front matter only; the text is read again from the blob when rendered.
            document?.body = ""
            result = (document, refusals)
        } catch let error as GitError {
            result = (
                nil,
                [
                    Refusal(
                        code: .invalidFrontMatter, line: 1,
                        message:
                            "the file cannot be read (\(error.message)); documents are limited to \(Document.maximumBytes) bytes, split it")
                ]
            )
        } catch let error as YAMLProblem {
            result = (nil, [Refusal(code: .invalidFrontMatter, line: error.line, message: "the file \(error.message)")])
        } catch {
            result = (nil, [Refusal(code: .invalidFrontMatter, line: 1, message: "the file cannot be read: \(error)")])
        }
        parsedDocuments[blob] = result
        return result
    }

    /// The document a blob on the release branch holds, or nil with a finding for each reason it cannot be released.
    private func parse(blob: ObjectID, path: RepositoryPath, commit: ObjectID) throws -> Document? {
        let (document, refusals) = peek(blob: blob, path: path)
        if document == nil {
            for refusal in refusals {
                findings.append(
                    Finding(
                        refusal.code, commit: commit.hex, file: path.rawValue, line: refusal.line,
                        message: "\(refusal.message) (on the release branch at \(commit.short); this content cannot be released)"))
            }
        }
        return document
    }

    /// New content of a document lands on the release branch at `commit`.
    private func land(_ document: Document, blob: ObjectID, attachments: [AttachmentBlob] = [], at commit: ObjectID) throws {
        let front = document.frontMatter
        let id = document.id
        // Content that landed earlier and was never released is replaced unreleased.
        if let earlier = documents[id]?.pending, earlier.blob != blob || earlier.attachments != attachments, !earlier.hasRevisionError {
            findings.append(unapprovedFinding(earlier, replacedAt: commit))
            documents[id]?.pending = nil
        }
        let released = documents[id]?.latestRelease
        if let released, released.blob == blob {
            if released.attachments == attachments {
                // Attachments put back as approved: the attachment-only change is gone (its finding stays, §7.8).
                if let earlier = documents[id]?.pending, earlier.blob == blob, earlier.hasRevisionError { documents[id]?.pending = nil }
                return
            }
            // The text is the released revision's, its attachments are not: a change no approval covers (§4.1).
            let message = Words.attachmentChanged(released, now: attachments, at: commit)
            findings.append(
                Finding(.unapprovedChange, document: id, commit: commit.hex, file: document.path.rawValue, line: nil, message: message))
            var pending = PendingChange(
                document: id, revision: front.revision, blob: blob, path: document.path, commit: commit, frontMatter: front, approvals: [],
                missing: [], notes: [message], hasRevisionError: true)
            pending.attachments = attachments
            documents[id, default: DocumentRecord(id: id)].pending = pending
            return
        }
        // An attachment the portal cannot publish keeps the content from release (§4.1).
        if let refusal = try unpublishableAttachment(attachments, of: document, at: commit) {
            findings.append(refusal)
            var pending = PendingChange(
                document: id, revision: front.revision, blob: blob, path: document.path, commit: commit, frontMatter: front, approvals: [],
                missing: [], notes: [refusal.message], hasRevisionError: true)
            pending.attachments = attachments
            documents[id, default: DocumentRecord(id: id)].pending = pending
            return
        }
        let expected = (released?.revision.number ?? 0) + 1
        let revision = front.revision.number
        let file = document.path.rawValue
        let line = front.line(of: "revision")
        if revision != expected {
            let message: String
            let code: FindingCode
            if let released {
                code = revision < expected ? .revisionNotIncremented : .revisionSkipped
                message =
                    revision < expected
                    ? "\(id) changed at \(commit.short) but its revision is still \(revision) (revision \(released.revision) is released); bump it to \(expected) and give a reason for change"
                    : "\(id) jumps to revision \(revision) at \(commit.short), but revision \(released.revision) is the released one; set revision: \(expected)"
            } else {
                code = .revisionSkipped
                message = "\(id) is new (never released), so its first revision must be 1, not \(revision); set revision: 1"
            }
            findings.append(Finding(code, document: id, commit: commit.hex, file: file, line: line, message: message))
            documents[id, default: DocumentRecord(id: id)].pending = PendingChange(
                document: id, revision: front.revision, blob: blob, path: document.path, commit: commit, frontMatter: front, approvals: [],
                missing: [], notes: [message], hasRevisionError: true)
            documents[id]?.pending?.attachments = attachments
            return
        }
        if revision > 1 && (front.change ?? "").isEmpty {
            // Never released without a reason for change (§4, §7.3), whatever approvals it collects.
            let message = Words.missingChangeReason(id, revision: revision)
            findings.append(Finding(.missingChangeReason, document: id, commit: commit.hex, file: file, line: line, message: message))
            documents[id, default: DocumentRecord(id: id)].pending = PendingChange(
                document: id, revision: front.revision, blob: blob, path: document.path, commit: commit, frontMatter: front, approvals: [],
                missing: [], notes: [message], hasRevisionError: true)
            documents[id]?.pending?.attachments = attachments
            return
        }
        var pending = PendingChange(
            document: id, revision: front.revision, blob: blob, path: document.path, commit: commit, frontMatter: front, approvals: [],
            missing: [], notes: [])
        pending.attachments = attachments
        try evaluate(pendingChange: pending, at: commit)
    }

    /// Releases `change` at `commit` if every required approval of that exact content is reachable; otherwise keeps it pending.
    private func evaluate(pendingChange change: PendingChange, at commit: ObjectID) throws {
        let id = change.document
        let front = change.frontMatter
        var updated = change
        guard !change.hasRevisionError else { return }
        guard let type = configuration.configuration.types[front.type] else {
            updated.notes = ["type \(front.type) is not defined in the configuration in force, so no approval can release it"]
            updated.missing = []
            documents[id]?.pending = updated
            return
        }
        let documentPaths = (pathsOfDocument[id] ?? []).union([change.path.rawValue]).union(change.attachments.map(\.path.rawValue))
        let excluded =
            configuration.configuration.authorMayApprove
            ? [] : authors(of: documentPaths, since: lastReleaseStep[id] ?? -1, producing: change.blob)
        var notes: [String] = []
        var usable: [Approval] = []
        var selfApprovals: [Approval] = []
        var revokedKeys: [ObjectID: String] = [:]
        for candidate in approvalsByDocument[id] ?? [] where candidate.revision == front.revision.number {
            let (judged, revokedKey) = try verdictBeforeRevocation(candidate.commit)
            if let revokedKey { revokedKeys[candidate.commit] = revokedKey }
            guard let verdict = judged, verdict.isGood else {
                notes.append(
                    "the approval in commit \(candidate.commit.short) no longer counts: its signature is not valid under the configuration in force"
                )
                continue
            }
            guard let person = verdict.person.flatMap({ configuration.people[$0] }) else { continue }
            let approvalCommit = try self.commit(candidate.commit)
            let entry = try cachedEntry(at: change.path, inTree: approvalCommit.tree)
            let approval = Approval(
                commit: candidate.commit, person: person.id, name: person.name, meaning: candidate.meaning,
                signedAt: verdict.claimedAt, key: verdict.key ?? "", role: nil, userVerification: verdict.userVerification,
                userVerified: verdict.userVerified)
            guard entry?.id == change.blob else {
                notes.append(
                    "\(person.name)'s approval of revision \(front.revision) in commit \(candidate.commit.short) no longer counts: it approved different content of \(change.path) than what is on the branch (the document changed afterwards)"
                )
                continue
            }
            // The approval binds to the attachments in its own tree too (§4.1).
            guard try holds(change.attachments, inTree: approvalCommit.tree) else {
                notes.append(
                    "\(person.name)'s approval of revision \(front.revision) in commit \(candidate.commit.short) no longer counts: \(Words.otherAttachments) of \(change.path) (\(change.attachments.map(\.path.lastComponent).joined(separator: ", "))) than those on the branch; approve again (`stet approve \(id)`)"
                )
                continue
            }
            guard person.active else {
                notes.append(
                    "\(person.name)'s approval in commit \(candidate.commit.short) does not count: \(person.name) is no longer active")
                continue
            }
            if excluded.contains(person.id) {
                selfApprovals.append(approval)
                notes.append(
                    "\(person.name)'s approval in commit \(candidate.commit.short) does not count: \(person.name) authored a change to this document since its last release (author-may-approve is false)"
                )
                continue
            }
            usable.append(approval)
        }
        // Each approvals entry needs a distinct person holding that role. A revision that changes
        // the type or the owner also needs what the released one needed: its type's approvers and
        // its owner, so that a change can never lower its own bar.
        var entries = type.approvals
        var meanings = type.approvals.indices.map(type.meaning(ofEntry:))
        var previousOwner: PersonID?
        if let released = documents[id]?.latestRelease {
            if released.frontMatter.type != front.type, let oldType = configuration.configuration.types[released.frontMatter.type] {
                var remaining = entries
                for (index, role) in oldType.approvals.enumerated() where role != .owner {
                    if let found = remaining.firstIndex(of: role) {
                        remaining.remove(at: found)
                    } else {
                        entries.append(role)
                        meanings.append(oldType.meaning(ofEntry: index))
                    }
                }
            }
            if released.frontMatter.owner != front.owner {
                previousOwner = released.frontMatter.owner
                entries.append(Self.previousOwner)
                meanings.append("Approved")
            }
        }
        let (matched, missing) = Self.match(
            entries: entries, meanings: meanings, approvals: usable, owner: front.owner, previousOwner: previousOwner,
            people: configuration.people)
        updated.approvals =
            matched + usable.filter { approval in !matched.contains { $0.commit == approval.commit && $0.person == approval.person } }
        updated.missing = missing
        for approval in usable
        where !missing.isEmpty && approval.meaning == "Reviewed" && !matched.contains(where: { $0.person == approval.person }) {
            notes.append(
                "\(approval.name)'s signature in commit \(approval.commit.short) means Reviewed, which fills only an approvals entry that asks for that meaning; the entries still open need Approved (`stet approve \(id)`)"
            )
        }
        updated.notes = notes
        updated.authors = excluded
        for approval in selfApprovals where !missing.isEmpty {
            findings.append(
                Finding(
                    .selfApproval, document: id, commit: approval.commit.hex, file: change.path.rawValue,
                    message:
                        "\(approval.name) approved revision \(front.revision) of \(id) but also authored a change to it since its last release; an author cannot approve their own change — another \(missing.map(\.rawValue).joined(separator: ", ")) must approve"
                ))
        }
        guard missing.isEmpty else {
            documents[id]?.pending = updated
            return
        }
        usedApprovalCommits.formUnion(matched.map(\.commit))
        let lastApproval = matched.map(\.signedAt).max() ?? Int64(0)
        let effectiveDate = front.effective.map { Int64($0.daysSinceEpoch) * 86_400 } ?? Int64.min
        // Never before the release (§7.3): nobody could read it before the commit that released it.
        let releasedAt = try self.commit(commit).committer.time
        var release = Release(
            document: id, revision: front.revision, blob: change.blob, path: change.path, commit: commit, approvals: matched,
            effectiveAt: max(lastApproval, effectiveDate, releasedAt), frontMatter: front)
        release.attachments = change.attachments
        // A revoked key's approval keeps the release in its place but voids it, unless a ledger spares it (§7.9).
        release.voided =
            matched.compactMap { approval -> String? in
                guard let key = revokedKeys[approval.commit],
                    !isSpared(document: id, revision: front.revision.number, commit: commit, key: key)
                else { return nil }
                return Words.voidedBy(person: approval.name, key: key, revocation: revokedBy[key])
            }.first
        // Content that reached the release branch before its approvals stays a deviation (§7.8).
        if change.commit != commit, seenAt[change.commit].map({ $0 < step }) ?? false {
            findings.append(Words.releasedLate(change, releasedAt: commit))
        }
        documents[id, default: DocumentRecord(id: id)].releases.append(release)
        documents[id]?.pending = nil
        lastReleaseStep[id] = step
    }

    /// Assigns distinct people to approvals entries (augmenting paths); returns the matched approvals and the entries left open.
    /// The pseudo-role of the released revision's owner when a new revision changes the owner.
    static let previousOwner = RoleID("previous-owner")!

    /// An entry is filled only by a signature with the meaning it asks for (`meanings`, default Approved): a Reviewed
    /// signature never fills an entry that needs Approved (PRODUCT.md §7.1).
    static func match(
        entries: [RoleID], meanings: [String] = [], approvals: [Approval], owner: PersonID, previousOwner: PersonID? = nil,
        people: [PersonID: Person]
    )
        -> ([Approval], [RoleID])
    {
        func meaning(_ entry: Int) -> String { entry < meanings.count ? meanings[entry] : "Approved" }
        // One approval per person and meaning: the earliest counts.
        var byPerson: [PersonID: [String: Approval]] = [:]
        for approval in approvals.sorted(by: { ($0.signedAt, $0.commit) < ($1.signedAt, $1.commit) })
        where byPerson[approval.person]?[approval.meaning] == nil {
            byPerson[approval.person, default: [:]][approval.meaning] = approval
        }
        let candidates = byPerson.keys.sorted()
        func eligible(_ person: PersonID, for entry: Int) -> Bool {
            guard byPerson[person]?[meaning(entry)] != nil else { return false }
            let role = entries[entry]
            if role == .owner { return person == owner }
            if role == Self.previousOwner { return person == previousOwner }
            return people[person]?.holds(role) == true
        }
        var assignment: [PersonID: Int] = [:]
        func augment(_ entry: Int, _ visited: inout Set<PersonID>) -> Bool {
            for person in candidates where eligible(person, for: entry) && !visited.contains(person) {
                visited.insert(person)
                if let other = assignment[person] {
                    if augment(other, &visited) {
                        assignment[person] = entry
                        return true
                    }
                } else {
                    assignment[person] = entry
                    return true
                }
            }
            return false
        }
        for entry in entries.indices {
            var visited: Set<PersonID> = []
            _ = augment(entry, &visited)
        }
        var matched: [Approval] = []
        var covered: Set<Int> = []
        for (person, entry) in assignment.sorted(by: { $0.value < $1.value }) {
            var approval = byPerson[person]![meaning(entry)]!
            approval.role = entries[entry]
            matched.append(approval)
            covered.insert(entry)
        }
        let missing = entries.indices.filter { !covered.contains($0) }.map { entries[$0] }
        return (matched, missing)
    }

    private func recordReviews(in id: ObjectID) throws {
        guard let verdict = verdicts[id], verdict.isGood, !implausible.contains(id), let person = verdict.person else { return }
        let commit = try self.commit(id)
        for trailer in trailerCache[id] ?? [] where trailer.key == "Reviewed" {
            guard let (document, revision) = Self.parseReference(trailer.value), let release = documents[document]?.latestRelease,
                release.revision.number == revision
            else { continue }
            let roles = configuration.configuration.types[release.frontMatter.type]?.approvals ?? []
            let allowed =
                person == release.frontMatter.owner
                || roles.contains { $0 != .owner && configuration.people[person]?.holds($0) == true }
            guard allowed else {
                findings.append(
                    Finding(
                        .missingApproval, document: document, commit: id.hex,
                        message:
                            "the periodic review of \(document) in commit \(id.short) does not count: the signer is neither the owner nor holds an approval role for it"
                    ))
                continue
            }
            documents[document]?.reviews.append(
                ReviewRecord(commit: id, person: person, revision: release.revision, at: commit.committer.time))
        }
    }

    private func unapprovedFinding(_ pending: PendingChange, replacedAt: ObjectID? = nil) -> Finding {
        var missing = pending.missing.isEmpty ? "" : "; still needs \(pending.missing.map(\.rawValue).joined(separator: ", "))"
        if !missing.isEmpty, pending.notes.contains(where: { $0.contains(Words.otherAttachments) }) {
            missing += Words.approvedOtherAttachments(pending)
        }
        let tail = replacedAt.map { " and was replaced at \($0.short) without ever being released" } ?? ""
        return Finding(
            .unapprovedChange, document: pending.document, commit: pending.commit.hex, file: pending.path.rawValue,
            message:
                "revision \(pending.revision) of \(pending.document) reached the release branch at \(pending.commit.short) without its required approvals\(missing)\(tail); \(documents[pending.document]?.latestRelease.map { "revision \($0.revision) stays in force" } ?? "the document is not effective")"
        )
    }

    // MARK: - Configuration

    private func proposeConfiguration(at commit: CommitObject, identity: ConfigIdentity) throws {
        // The same unreleased configuration, still on the branch: judged again with the approvals now reachable.
        if let pending = pendingConfig, pending.identity == identity {
            try evaluateConfiguration(pending.records, identity: identity, landedAt: pending.commit, at: commit.id)
            return
        }
        if refusedConfig == identity { return }
        // Different content replaces an unreleased configuration: the earlier one stays config-unapproved (§7.8).
        if let earlier = pendingConfig {
            findings.append(Words.configReplaced(earlier.records, landedAt: earlier.commit, replacedAt: commit.id, admin: adminRoleNames))
            pendingConfig = nil
        }
        let records: RecordSet
        do {
            records = try SnapshotReader.readRecords(
                from: CommitTree(repository: repository, tree: commit.tree, label: "commit \(commit.id.short)"))
        } catch {
            pendingConfig = nil
            refusedConfig = identity
            findings.append(
                Finding(
                    .configUnapproved, document: .config, commit: commit.id.hex,
                    message:
                        "the configuration at \(commit.id.short) cannot be read, so it is not released: \(error.errors.map(\.description).joined(separator: "; "))"
                ))
            return
        }
        try evaluateConfiguration(records, identity: identity, landedAt: commit.id, at: commit.id)
    }

    private func evaluateConfiguration(_ records: RecordSet, identity: ConfigIdentity, landedAt: ObjectID, at commit: ObjectID) throws {
        let old = configuration.configuration.configRevision
        let new = records.configuration.configRevision
        guard new == old + 1 else {
            pendingConfig = nil
            refusedConfig = identity
            findings.append(
                Finding(
                    new <= old ? .revisionNotIncremented : .revisionSkipped, document: .config, commit: landedAt.hex,
                    file: Configuration.path,
                    message:
                        "the configuration changed at \(landedAt.short) with config-revision \(new); the released one is \(old), so it must be \(old + 1)"
                ))
            return
        }
        let excluded =
            configuration.configuration.authorMayApprove ? [] : authors(of: [DocumentID.config.rawValue], since: lastConfigStep)
        var approved = false
        var approvals: [Approval] = []
        // Reported only if no one else approves: a self-approval beside a valid one is harmless.
        var selfApprovals: [Finding] = []
        // A configuration needs the meaning Approved: a Reviewed signature does not release it.
        var voided: [String] = []
        for candidate in approvalsByDocument[.config] ?? [] where candidate.revision == new && candidate.meaning == "Approved" {
            let (judged, revokedKey) = try verdictBeforeRevocation(candidate.commit)
            guard let verdict = judged, verdict.isGood,
                let person = verdict.person.flatMap({ configuration.people[$0] }), person.active,
                configuration.configuration.adminRoles.contains(where: person.holds)
            else { continue }
            guard try self.identity(of: self.commit(candidate.commit).tree) == identity else { continue }
            if excluded.contains(person.id) {
                selfApprovals.append(
                    Finding(
                        .selfApproval, document: .config, commit: candidate.commit.hex,
                        message:
                            "\(person.name) approved configuration revision \(new) but also authored a change to it; another holder of \(configuration.configuration.adminRoles.map(\.rawValue).joined(separator: " or ")) must approve"
                    ))
                continue
            }
            approved = true
            usedApprovalCommits.insert(candidate.commit)
            if let revokedKey, !isSpared(document: .config, revision: new, commit: commit, key: revokedKey) {
                voided.append(Words.voidedBy(person: person.name, key: revokedKey, revocation: revokedBy[revokedKey]))
            } else {
                voided.append("")
            }
            approvals.append(
                Approval(
                    commit: candidate.commit, person: person.id, name: person.name, meaning: candidate.meaning, signedAt: verdict.claimedAt,
                    key: verdict.key ?? "", role: configuration.configuration.adminRoles.first(where: person.holds)))
        }
        guard approved else {
            findings += selfApprovals
            pendingConfig = (records, identity, landedAt)
            return
        }
        if landedAt != commit {
            findings.append(Words.configReleasedLate(revision: new, landedAt: landedAt, releasedAt: commit))
        }
        configuration = records
        configIdentity = identity
        releasedRevocations += records.revoked
        noteRevocations(records.revoked, revision: new, commit: commit)
        configurationHistory.append(
            ConfigurationRelease(
                revision: new, commit: commit, at: (try? self.commit(commit).committer.time) ?? 0, records: records, approvals: approvals,
                identity: identity.text, voided: voided.contains("") ? nil : voided.first))
        lastConfigStep = step
        pendingConfig = nil
        configReleases.append((new, commit))
    }

    func identity(of tree: ObjectID) throws -> ConfigIdentity {
        let entries = try cachedTree(tree)
        return ConfigIdentity(
            stetYAML: entries.first { $0.name == "stet.yaml" }?.id, roles: entries.first { $0.name == "roles" && $0.kind == .tree }?.id,
            templates: entries.first { $0.name == "site-templates" }?.id)
    }

    // MARK: - End of the walk

    private var adminRoleNames: String { configuration.configuration.adminRoles.map(\.rawValue).joined(separator: " or ") }

    private func finishFindings() {
        defer { applyClosures() }
        reportRevokedApprovals()
        if let pending = pendingConfig {
            findings.append(
                Finding(
                    .configUnapproved, document: .config, commit: pending.commit.hex, file: Configuration.path,
                    message:
                        "configuration revision \(pending.records.configuration.configRevision) reached the release branch at \(pending.commit.short) without an approval ('Approves: CONFIG rev \(pending.records.configuration.configRevision)') signed by a holder of \(configuration.configuration.adminRoles.map(\.rawValue).joined(separator: " or ")) under the previous configuration; the previous configuration stays in force"
                ))
        }
        for record in documents.values.sorted(by: { $0.id < $1.id }) {
            if let pending = record.pending, !pending.hasRevisionError { findings.append(unapprovedFinding(pending)) }
        }
    }

    // MARK: - Trees and commits

    func commit(_ id: ObjectID) throws -> CommitObject {
        if let cached = commits[id] { return cached }
        let parsed = try repository.commit(id)
        commits[id] = parsed
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

    private func cachedTree(_ id: ObjectID) throws -> [TreeEntry] {
        if let cached = trees[id] { return cached }
        let entries = try repository.tree(id)
        trees[id] = entries
        return entries
    }

    struct Change {
        var path: RepositoryPath
        var old: TreeEntry?
        var new: TreeEntry?
    }

    /// `.md` files under the documents folder that differ between two trees.
    private func documentChanges(from old: ObjectID?, to new: ObjectID) throws -> [Change] {
        try fileChanges(from: old, to: new).filter { Self.isMarkdown($0.path) }
    }

    /// Files under the documents folder that differ between two trees: documents and attachments.
    private func fileChanges(from old: ObjectID?, to new: ObjectID) throws -> [Change] {
        let folder = configuration.configuration.documentsDir
        let oldFolder = try old.flatMap { try subtree(folder, in: $0) }
        let newFolder = try subtree(folder, in: new)
        var changes: [Change] = []
        try diff(oldFolder, newFolder, prefix: folder, into: &changes)
        return changes
    }

    static func isMarkdown(_ path: RepositoryPath) -> Bool { path.lastComponent.lowercased().hasSuffix(".md") }

    // MARK: - Attachments (§4.1)

    /// `check --base`: a document whose text the branch leaves as released but whose attachments it changes lands
    /// with them (an attachment-only change, §4.1); one merely behind the base's attachments does not.
    private func reviewAttachments(of document: Document, blob: ObjectID, head: ObjectID?, forkTree: ObjectID?, touched: inout [DocumentID])
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

    /// Documents on the release branch whose attachments changed at this commit while their text did not: the new
    /// attachments land with the same text, a change no approval covers unless the revision is bumped.
    private func landAttachmentChanges(_ changes: [Change], at id: ObjectID, tree: ObjectID, touched: inout Set<DocumentID>) throws {
        guard !changes.isEmpty else { return }
        let changedPaths = Set(changes.map(\.path))
        for (path, documentID) in documentAtPath.sorted(by: { $0.key < $1.key })
        where !touched.contains(documentID) && pathOfDocument[documentID] == path {
            guard let entry = try cachedEntry(at: path, inTree: tree), entry.kind == .blob || entry.kind == .executable,
                !(attachmentDestinations[entry.id] ?? []).isEmpty, let document = peek(blob: entry.id, path: path).0
            else { continue }
            let attachments = try attachments(ofBlob: entry.id, at: path, inTree: tree)
            guard attachments.contains(where: { changedPaths.contains($0.path) }) else { continue }
            touched.insert(documentID)
            try land(document, blob: entry.id, attachments: attachments, at: id)
        }
    }

    private func subtree(_ path: RepositoryPath, in tree: ObjectID) throws -> ObjectID? {
        var current = tree
        for component in path.rawValue.split(separator: "/") {
            guard let entry = try cachedTree(current).first(where: { $0.name == component }), entry.kind == .tree else { return nil }
            current = entry.id
        }
        return current
    }

    private func diff(_ old: ObjectID?, _ new: ObjectID?, prefix: RepositoryPath, into changes: inout [Change]) throws {
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
