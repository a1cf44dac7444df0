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

    /// Commits, trees and parsed blobs, each read once and cached by object id.
    var objects = ObjectCache()
    /// The tree of the release branch's last applied commit (trailers of newly reachable commits are checked against it).
    var releaseTree: ObjectID?

    // Walk state.
    var step = 0
    /// Told (done, total) after each commit of the walk.
    var progress: ((Int, Int) -> Void)?
    /// What is known of every commit reachable so far.
    var reached = Reached()
    /// Where documents are on the release branch, now and ever.
    var paths = PathIndex()
    var approvalsByDocument: [DocumentID: [Candidate]] = [:]

    var configuration: RecordSet { didSet { cachedKeyring = nil } }
    /// The keyring of `configuration`, built once per configuration (it indexes every key).
    var cachedKeyring: KeyRing?
    var configIdentity: ConfigIdentity
    var lastConfigStep = 0
    var configReleases: [(revision: Int, commit: ObjectID)] = []
    var pendingConfig: (records: RecordSet, identity: ConfigIdentity, commit: ObjectID)?
    /// A configuration that was refused for its revision number or could not be read, so it is reported once.
    var refusedConfig: ConfigIdentity?

    var documents: [DocumentID: DocumentRecord] = [:]
    var lastReleaseStep: [DocumentID: Int] = [:]
    var findings: [Finding] = []
    /// What this pass knows of revocations released anywhere on the branch (§5, §7.9).
    var revocation: RevocationPass
    /// Keys revoked by the configurations released during this walk.
    var releasedRevocations: [RevokedKey] = []
    var configurationHistory: [ConfigurationRelease] = []
    var acknowledgements: [Acknowledgement] = []
    /// The walk step and committer time of the root of trust: a later-seen claim earlier than it is implausible (§7.7).
    var rootStep = Int.max
    var rootTime = Int64.min
    /// `Closes:` trailers by holders of an admin role, applied when the walk ends (§7.8).
    var closures: [ClosingTrailer] = []

    /// Commits, trees and parsed blobs, each read once.
    struct ObjectCache {
        var commits: [ObjectID: CommitObject] = [:]
        var trees: [ObjectID: [TreeEntry]] = [:]
        /// Each blob read once: the document (front matter only), or why it cannot be released.
        var documents: [ObjectID: (Document?, [Refusal])] = [:]
        /// The link destinations of each document blob that can name an attachment (§4.1), read with it.
        var attachmentDestinations: [ObjectID: [String]] = [:]
    }

    /// Every commit reachable so far: when it became reachable, its verdict, what it changes and its trailers.
    struct Reached {
        /// The walk step at which each commit became reachable.
        var seenAt: [ObjectID: Int] = [:]
        /// The commits in the order they became reachable.
        var order: [ObjectID] = []
        var verdicts: [ObjectID: SignatureVerdict] = [:]
        /// The configuration revision each verdict was reached under.
        var verdictRevision: [ObjectID: Int] = [:]
        /// Commits by the controlled paths they change (merges only for content in none of their
        /// parents), in the order they became reachable: for the author-may-approve rule.
        var changing: [String: [ObjectID]] = [:]
        /// Commits by the document blobs they produced, wherever they are in the history.
        var producing: [ObjectID: [ObjectID]] = [:]
        /// Parsed trailers, per commit.
        var trailers: [ObjectID: Trailers] = [:]
        /// Signed commits whose claimed time is implausible: their approvals and records do not count.
        var implausible: Set<ObjectID> = []
        /// Commits signed by a key that was valid then and revoked by a later configuration release.
        var revokedLater: Set<ObjectID> = []
    }

    /// Where documents are on the release branch: four views kept together by `place`, `vacate` and `displace`.
    struct PathIndex {
        /// Which document each path holds on the release branch now.
        var documentAt: [RepositoryPath: DocumentID] = [:]
        /// Where each document stands on the release branch now (the inverse of `documentAt`).
        var pathOf: [DocumentID: RepositoryPath] = [:]
        /// The last document each path ever held on the release branch (the record's `documentAtPath`).
        var everAt: [RepositoryPath: DocumentID] = [:]
        /// Every path each document has ever had on the release branch.
        var everPathsOf: [DocumentID: Set<String>] = [:]

        /// `document` now stands at `path` (moved there if it stood elsewhere).
        mutating func place(_ document: DocumentID, at path: RepositoryPath) {
            if let old = pathOf[document], old != path { documentAt[old] = nil }
            documentAt[path] = document
            pathOf[document] = path
            everAt[path] = document
            everPathsOf[document, default: []].insert(path.rawValue)
        }

        /// The file at `path` was deleted: the document it held, if any.
        mutating func vacate(_ path: RepositoryPath) -> DocumentID? {
            guard let previous = documentAt.removeValue(forKey: path) else { return nil }
            if pathOf[previous] == path { pathOf[previous] = nil }
            return previous
        }

        /// The file at `path` now holds `document`: the other document it held, if any, no longer stands there.
        mutating func displace(at path: RepositoryPath, by document: DocumentID) -> DocumentID? {
            guard let previous = documentAt[path], previous != document else { return nil }
            if pathOf[previous] == path { pathOf[previous] = nil }
            return previous
        }
    }

    /// What one pass of the walk knows of revocations: on the second pass, the keys every released configuration
    /// revoked, applied to the whole history, and the published ledger that spares releases recorded before them.
    struct RevocationPass {
        /// Keys revoked by any released configuration, applied to the whole history (second pass; empty on the first).
        var revokedAtTip: [RevokedKey] = []
        /// A published ledger whose releases a revocation spares (§7.9).
        var ledger: Ledger? = nil
        /// Which configuration release first revoked each key (by fingerprint).
        var revokedBy: [String: (revision: Int, commit: ObjectID)] = [:]
    }

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
        let walked = try replay(
            repository: repository, branch: branch ?? "main", trustRoot: trustRoot, revokedKeys: revokedKeys, ledger: ledger,
            progress: progress)
        return walked.builder.finish(tip: walked.tip, root: walked.root)
    }

    /// A walked release branch: the builder that walked it, the branch's tip and its root of trust.
    struct Walked {
        var builder: RecordBuilder
        var tip: ObjectID
        var root: ObjectID
    }

    /// Walks `branch` from its root of trust. A key revoked by a released configuration voids every signature it made,
    /// earlier ones too (§5): when the walk released any revocation, the branch is walked a second time with all of them
    /// in force, and with the published `ledger`, which spares the releases it recorded before a revocation (§7.9).
    /// `revokedKeys`, when given, are in force from the start, and the walk is done once.
    static func replay(
        repository: GitRepository, branch: String, trustRoot: String?, revokedKeys: [RevokedKey]?, ledger: Ledger?,
        progress: ((Int, Int) -> Void)?
    ) throws -> Walked {
        let first = try walkOnce(
            repository: repository, branch: branch, trustRoot: trustRoot,
            revocation: RevocationPass(revokedAtTip: revokedKeys ?? []), progress: progress)
        let revoked = first.builder.releasedRevocations
        guard revokedKeys == nil, !revoked.isEmpty else { return first }
        return try walkOnce(
            repository: repository, branch: branch, trustRoot: trustRoot,
            revocation: RevocationPass(revokedAtTip: revoked, ledger: ledger, revokedBy: first.builder.revocation.revokedBy),
            progress: progress)
    }

    /// One pass of the walk over `branch` under `revocation`.
    static func walkOnce(
        repository: GitRepository, branch name: String, trustRoot: String?, revocation: RevocationPass, progress: ((Int, Int) -> Void)?
    ) throws -> Walked {
        let tip = try repository.resolve(name)
        let chain = try firstParentChain(repository: repository, tip: tip)
        guard
            let rootIndex = try chain.firstIndex(where: {
                try repository.entry(at: RepositoryPath("stet.yaml")!, inTree: try repository.commit($0).tree) != nil
            })
        else {
            throw ConfigurationErrors([
                ConfigurationError(
                    file: Configuration.path, line: nil, message: Words.noRootOfTrust(name: name))
            ])
        }
        let root = chain[rootIndex]
        let rootRecords = try SnapshotReader.readRecords(
            from: CommitTree(repository: repository, tree: try repository.commit(root).tree, label: "commit \(root.short)"))
        let builder = RecordBuilder(repository: repository, trustRoot: trustRoot, configuration: rootRecords, revocation: revocation)
        builder.progress = progress
        try builder.walk(chain: chain, rootIndex: rootIndex)
        return Walked(builder: builder, tip: tip, root: root)
    }

    init(repository: GitRepository, trustRoot: String?, configuration: RecordSet, revocation: RevocationPass) {
        self.repository = repository
        self.trustRoot = trustRoot
        self.configuration = configuration
        self.configIdentity = ConfigIdentity(stetYAML: nil, roles: nil)
        self.revocation = revocation
    }

    func walk(chain: [ObjectID], rootIndex: Int) throws {
        let root = chain[rootIndex]
        if let trustRoot, !root.hex.hasPrefix(trustRoot.lowercased()) || trustRoot.count < 7 {
            findings.append(
                Words.untrustedRoot(root: root, trustRoot: trustRoot))
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
            signatures: reached.order.map { CommitVerdict(commit: $0, verdict: reached.verdicts[$0]!) })
        record.auditTrail = auditTrail()
        record.documentAtPath = paths.everAt
        record.configurations = configurationHistory
        record.acknowledgements = acknowledgements
        return record
    }

    // MARK: - End of the walk

    var adminRoleNames: String { configuration.configuration.adminRoles.map(\.rawValue).joined(separator: " or ") }

    func finishFindings() {
        defer { applyClosures() }
        reportRevokedApprovals()
        if let pending = pendingConfig {
            findings.append(
                Words.configNeverApproved(pending: pending, configuration: configuration))
        }
        for record in documents.values.sorted(by: { $0.id < $1.id }) {
            if let pending = record.pending, !pending.hasRevisionError { findings.append(unapprovedFinding(pending)) }
        }
    }
}
