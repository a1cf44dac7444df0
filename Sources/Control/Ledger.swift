import Foundation
import Records
import Repository
import Signatures

/// The published record of releases, hash-chained (PRODUCT.md §7.6): a later
/// ledger must extend an earlier one, so a rewritten release branch shows.
public struct Ledger: Codable, Hashable, Sendable {
    /// 2: configuration (`CONFIG`) releases are entries too (PRODUCT.md §7.6); a version-1 ledger is compared with
    /// the document entries only.
    public static let schemaVersion = 2

    public var version: Int
    public var organization: String
    public var rootOfTrust: String
    public var entries: [Entry]

    public struct Entry: Codable, Hashable, Sendable {
        public var sequence: Int
        /// A document id, or `CONFIG` for a configuration release.
        public var document: String
        public var revision: Int
        /// The document's blob; for `CONFIG`, `STETYAML/ROLES/TEMPLATES` (the object ids released, `-` when absent).
        public var blob: String
        public var releaseCommit: String
        public var approvals: [Approval]
        public var effectiveDate: String
        /// When a build first saw this release (carried over from the previous ledger).
        public var recordedAt: String
        public var previousHash: String
        public var hash: String

        public struct Approval: Codable, Hashable, Sendable {
            public var person: String
            public var commit: String
            public var signedAt: String
            public var key: String
            public var meaning: String
        }

        /// The facts the record decides, without the recording time and the chain.
        var facts: [String] {
            [
                String(sequence), document, String(revision), blob, releaseCommit,
                approvals.map { "\($0.person)|\($0.commit)|\($0.signedAt)|\($0.key)|\($0.meaning)" }.joined(separator: ","),
                effectiveDate,
            ]
        }

        /// What identifies the release whatever its place in the sequence (for carrying `recordedAt` over).
        var key: String { "\(document)|\(revision)|\(blob)|\(releaseCommit)" }

        /// SHA-256 over the facts, the recording time and the previous hash, one per line.
        func computedHash() -> String {
            let text = (facts + [recordedAt, previousHash]).joined(separator: "\n")
            return Formatting.hex(Digest.hash(Array(text.utf8), using: .sha256))
        }
    }

    /// The ledger of `record`: releases in the order the release branch made them. Entries
    /// that `previous` already recorded keep its recording time; new ones get `now`.
    public init(record: ReleaseRecord, previous: Ledger?, now: Int64) {
        version = Self.schemaVersion
        organization = record.configuration.configuration.organization
        rootOfTrust = record.rootOfTrust.hex
        let order = Dictionary(record.signatures.enumerated().map { ($1.commit, $0) }, uniquingKeysWith: { first, _ in first })
        // Documents released at a commit were judged under the configuration before it; a configuration released
        // at the same commit comes after them.
        struct Item {
            var order: Int
            var rank: Int
            var document: String
            var revision: Int
            var blob: String
            var commit: ObjectID
            var approvals: [Approval]
            var effectiveAt: Int64
        }
        var items = record.documents.values.flatMap(\.releases).map {
            Item(
                order: order[$0.commit] ?? 0, rank: 0, document: $0.document.rawValue, revision: $0.revision.number, blob: $0.blob.hex,
                commit: $0.commit, approvals: $0.approvals, effectiveAt: $0.effectiveAt)
        }
        items += record.configurations.map {
            Item(
                order: order[$0.commit] ?? 0, rank: 1, document: DocumentID.config.rawValue, revision: $0.revision, blob: $0.identity,
                commit: $0.commit, approvals: $0.approvals, effectiveAt: $0.at)
        }
        items.sort { ($0.order, $0.rank, $0.document) < ($1.order, $1.rank, $1.document) }
        let recorded = Dictionary((previous?.entries ?? []).map { ($0.key, $0.recordedAt) }, uniquingKeysWith: { first, _ in first })
        var entries: [Entry] = []
        var previousHash = String(repeating: "0", count: 64)
        for (index, release) in items.enumerated() {
            var entry = Entry(
                sequence: index + 1, document: release.document, revision: release.revision, blob: release.blob,
                releaseCommit: release.commit.hex,
                approvals: release.approvals.map {
                    .init(
                        person: $0.person.rawValue, commit: $0.commit.hex, signedAt: RecordReport.timestamp($0.signedAt), key: $0.key,
                        meaning: $0.meaning)
                },
                effectiveDate: RecordReport.timestamp(release.effectiveAt), recordedAt: RecordReport.timestamp(now),
                previousHash: previousHash, hash: "")
            if let old = recorded[entry.key] { entry.recordedAt = old }
            entry.hash = entry.computedHash()
            previousHash = entry.hash
            entries.append(entry)
        }
        self.entries = entries
    }

    /// Findings (`history-rewritten`) when `published` is not a prefix of `self`, or its chain is broken.
    /// When each release was first recorded, by `DOCUMENT rev N` (`CONFIG rev N` for configurations).
    public var recordedAt: [String: String] {
        Dictionary(entries.map { ("\($0.document) rev \($0.revision)", $0.recordedAt) }, uniquingKeysWith: { first, _ in first })
    }

    public func compare(published: Ledger, file: String) -> [Finding] {
        var findings: [Finding] = []
        var previousHash = String(repeating: "0", count: 64)
        for entry in published.entries {
            if entry.previousHash != previousHash || entry.computedHash() != entry.hash {
                findings.append(
                    Finding(
                        .historyRewritten, document: DocumentID(entry.document), commit: entry.releaseCommit, file: file,
                        message:
                            "the published ledger's hash chain is broken at entry \(entry.sequence) (\(entry.document) revision \(entry.revision)): the ledger file itself was altered"
                    ))
                return findings
            }
            previousHash = entry.hash
        }
        if published.rootOfTrust != rootOfTrust {
            findings.append(
                Finding(
                    .historyRewritten, file: file,
                    message:
                        "the published ledger starts from root of trust \(published.rootOfTrust), the release branch now from \(rootOfTrust): the history was replaced"
                ))
            return findings
        }
        // A version-1 ledger has no configuration entries: compare it with the document entries, renumbered.
        var entries = self.entries
        if published.version < 2 {
            entries = entries.filter { $0.document != DocumentID.config.rawValue }
            for index in entries.indices { entries[index].sequence = index + 1 }
        }
        for entry in published.entries {
            guard entry.sequence - 1 < entries.count else {
                findings.append(
                    Finding(
                        .historyRewritten, document: DocumentID(entry.document), commit: entry.releaseCommit, file: file,
                        message:
                            "the published ledger records release \(entry.sequence) (\(entry.document) revision \(entry.revision) at \(entry.releaseCommit.prefix(12))), which the release branch no longer has: the history was rewritten"
                    ))
                break
            }
            let now = entries[entry.sequence - 1]
            if now.facts != entry.facts {
                findings.append(
                    Finding(
                        .historyRewritten, document: DocumentID(entry.document), commit: entry.releaseCommit, file: file,
                        message:
                            "release \(entry.sequence) was published as \(entry.document) revision \(entry.revision) at \(entry.releaseCommit.prefix(12)); the release branch now says \(now.document) revision \(now.revision) at \(now.releaseCommit.prefix(12)): the history was rewritten"
                    ))
                break
            }
        }
        return findings
    }
}
