import Foundation
import Records
import Repository
import Signatures

/// A signed approval that counts toward a release (PRODUCT.md §7.1).
public struct Approval: Hashable, Sendable {
    public var commit: ObjectID
    public var person: PersonID
    /// The printed name (Part 11 §11.50), as configured when the approval was judged.
    public var name: String
    /// `Approved` or `Reviewed`.
    public var meaning: String
    /// The committer time of the approval commit: the signer's claim.
    public var signedAt: Int64
    /// The key's fingerprint.
    public var key: String
    /// The approvals entry it satisfied (`owner`, `qa-approver`, …), once matched.
    public var role: RoleID?
    /// For a security-key signature, how the signer was verified ("security key, verified with PIN/biometric").
    public var userVerification: String? = nil
    /// For a security-key signature, whether the key verified the signer by PIN or biometric.
    public var userVerified: Bool? = nil
}

/// A released revision: the record says it took effect (PRODUCT.md §7.3).
public struct Release: Hashable, Sendable {
    public var document: DocumentID
    public var revision: Revision
    public var blob: ObjectID
    public var path: RepositoryPath
    /// The first-parent commit of the release branch at which it was released.
    public var commit: ObjectID
    public var approvals: [Approval]
    /// Seconds since the epoch: the later of the last approval's signature time and the `effective` date.
    public var effectiveAt: Int64
    public var frontMatter: FrontMatter
    public var isObsolete: Bool { frontMatter.isObsolete }
    /// Why the release is void (an approval by a key revoked since, not spared by a ledger), if it is; it keeps its
    /// place in the revision sequence (§7.9).
    public var voided: String? = nil
    /// Approvals of the same content given again after the revocation, which clear `voided`'s consequences.
    public var reapprovals: [Approval] = []
    /// True while the release is void and not re-approved: "re-approval required".
    public var needsReapproval: Bool { voided != nil && reapprovals.isEmpty }
    /// The attachments released with this revision, by path, with their blobs (PRODUCT.md §4.1).
    public var attachments: [AttachmentBlob] = []
}

/// Content on the release branch (or a proposed branch) that is not released.
public struct PendingChange: Hashable, Sendable {
    public var document: DocumentID
    public var revision: Revision
    public var blob: ObjectID
    public var path: RepositoryPath
    /// Where the content landed.
    public var commit: ObjectID
    public var frontMatter: FrontMatter
    /// Approvals of this exact content, matched to entries where possible.
    public var approvals: [Approval]
    /// The approvals entries no one satisfies yet.
    public var missing: [RoleID]
    /// Why particular approvals do not count (voided, self-approval, …), in words.
    public var notes: [String]
    /// True when the revision number itself is wrong, so no approval can release it (reported as such).
    public var hasRevisionError = false
    /// People who cannot approve this change because they authored it (author-may-approve: false).
    public var authors: Set<PersonID> = []
    /// The attachments of this content, by path, with their blobs: an approval binds to them too (PRODUCT.md §4.1).
    public var attachments: [AttachmentBlob] = []
}

/// A periodic review without change (PRODUCT.md §7.4).
public struct ReviewRecord: Hashable, Sendable {
    public var commit: ObjectID
    public var person: PersonID
    public var revision: Revision
    public var at: Int64
}

/// One document's history in the record.
public struct DocumentRecord: Sendable {
    public var id: DocumentID
    public var releases: [Release] = []
    public var pending: PendingChange?
    public var reviews: [ReviewRecord] = []
    /// The path on the release branch's tip, if the document is still there.
    public var path: RepositoryPath?

    public var latestRelease: Release? { releases.last }
}

/// A configuration in force from `at` (the release commit's committer time).
public struct ConfigurationRelease: Sendable {
    public var revision: Int
    public var commit: ObjectID
    public var at: Int64
    public var records: RecordSet
    /// The admins' approvals that released it (none for the root of trust).
    public var approvals: [Approval] = []
    /// `STETYAML/ROLES/TEMPLATES`: the object ids of what was released.
    public var identity: String = ""
    /// Why it is void (an admin's key revoked since, not spared by a ledger), if it is (§7.9).
    public var voided: String? = nil
    /// Admins' approvals of the same configuration given again after the revocation.
    public var reapprovals: [Approval] = []
}

/// A signed "read and understood" (PRODUCT.md §8.3).
public struct Acknowledgement: Hashable, Sendable {
    public var person: PersonID
    public var document: DocumentID
    public var revision: Int
    public var at: Int64
    public var commit: ObjectID
}

/// One commit in a document's audit trail (Part 11 §11.10(e)).
public struct AuditEntry: Hashable, Sendable {
    public enum Kind: String, Sendable { case change, approval, review, release }
    public var commit: ObjectID
    public var kinds: [Kind]
    public var author: String
    public var authorEmail: String
    public var claimedAt: Int64
    public var subject: String
    /// The `Approves:`, `Reviewed:` and `Signature-Meaning:` trailers the commit carries.
    public var trailers: [String]
    public var verdict: SignatureVerdict
}

/// A commit reachable from the release branch, with its signature verdict.
public struct CommitVerdict: Sendable {
    public var commit: ObjectID
    public var verdict: SignatureVerdict
}

/// The record: what is released, pending and wrong, decided from the signed
/// history of the release branch (PRODUCT.md §7).
public struct ReleaseRecord: Sendable {
    public var tip: ObjectID
    public var rootOfTrust: ObjectID
    public var documents: [DocumentID: DocumentRecord]
    /// Configuration releases: (config-revision, commit).
    public var configReleases: [(revision: Int, commit: ObjectID)]
    public var configuration: RecordSet
    public var findings: [Finding]
    /// Every commit reachable from the release branch, in walk order.
    public var signatures: [CommitVerdict]
    /// Per document, every commit that touched it (changed its file, approved or reviewed it), in walk order.
    public var auditTrail: [DocumentID: [AuditEntry]] = [:]
    /// Every path a document has had on the release branch (for resolving links in old revisions).
    public var documentAtPath: [RepositoryPath: DocumentID] = [:]
    /// Every released configuration, with the committer time of the commit that released it.
    public var configurations: [ConfigurationRelease] = []
    /// `Trained: D rev N` trailers on validly signed commits: the signer read and understood it.
    public var acknowledgements: [Acknowledgement] = []

    public var sortedDocuments: [DocumentRecord] { documents.values.sorted { $0.id < $1.id } }
}
