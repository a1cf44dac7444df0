import Foundation
import Records
import Repository

/// `stet status --format json` (PRODUCT.md §10); fields may be added, never renamed.
public struct StatusReport: Encodable {
    public var documents: [Entry]

    public init(_ statuses: [DocumentStatus], people: RecordSet) {
        documents = statuses.map { Entry($0, records: people) }
    }

    public struct Entry: Encodable {
        var id: String
        var title: String
        var type: String
        var status: String
        var effective: ReleaseEntry?
        var approved: ReleaseEntry?
        var pending: PendingEntry?
        var lastReview: String?
        /// A migrated document's metadata from the previous system, and its `x-` fields (of the revision in force, else the latest).
        var legacy: LegacyEntry?
        var fields: [String: String]?

        init(_ status: DocumentStatus, records: RecordSet) {
            id = status.id.rawValue
            title = status.title
            type = status.type.rawValue
            self.status = status.state.rawValue
            effective = status.inForce.map(ReleaseEntry.init)
            approved = status.scheduled.map(ReleaseEntry.init)
            pending = status.pending.map { PendingEntry($0) }
            lastReview = status.lastReview.map { RecordReport.timestamp($0.at) }
            let front = (status.inForce ?? status.scheduled)?.frontMatter ?? status.pending?.frontMatter
            legacy = front?.legacy.map(LegacyEntry.init)
            if let extensions = front?.extensions, !extensions.isEmpty {
                fields = Dictionary(extensions.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
            }
        }

        enum CodingKeys: String, CodingKey { case id, title, type, status, effective, approved, pending, lastReview, legacy, fields }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(title, forKey: .title)
            try container.encode(type, forKey: .type)
            try container.encode(status, forKey: .status)
            try container.encode(effective, forKey: .effective)
            try container.encodeIfPresent(approved, forKey: .approved)
            try container.encode(pending, forKey: .pending)
            try container.encodeIfPresent(lastReview, forKey: .lastReview)
            try container.encodeIfPresent(legacy, forKey: .legacy)
            try container.encodeIfPresent(fields, forKey: .fields)
        }
    }

    /// `legacy:` of a migrated document: text as written there, dates `YYYY-MM-DD`.
    public struct LegacyEntry: Encodable {
        var id: String?
        var revision: String?
        var effective: String?
        var lastReview: String?

        init(_ legacy: LegacyMetadata) {
            id = legacy.id
            revision = legacy.revision
            effective = legacy.effective?.description
            lastReview = legacy.lastReview?.description
        }
    }

    public struct ReleaseEntry: Encodable {
        var revision: Int
        var effectiveDate: String
        var commit: String
        var approvals: [ApprovalEntry]

        init(_ release: Release) {
            revision = release.revision.number
            effectiveDate = RecordReport.timestamp(release.effectiveAt)
            commit = release.commit.hex
            approvals = release.approvals.map(ApprovalEntry.init)
        }
    }

    public struct ApprovalEntry: Encodable {
        var person: String
        var name: String
        var role: String?
        var meaning: String
        var signedAt: String
        var key: String
        var commit: String
        /// Security keys only: whether the key verified the signer by PIN or biometric.
        var userVerified: Bool?

        public init(_ approval: Approval) {
            person = approval.person.rawValue
            name = approval.name
            role = approval.role?.rawValue
            meaning = approval.meaning
            signedAt = RecordReport.timestamp(approval.signedAt)
            key = approval.key
            commit = approval.commit.hex
            userVerified = approval.userVerified
        }
    }

    public struct PendingEntry: Encodable {
        var revision: Int
        var commit: String
        var missing: [String]
        var approvals: [ApprovalEntry]
        var notes: [String]

        init(_ pending: PendingChange) {
            revision = pending.revision.number
            commit = pending.commit.hex
            missing = pending.missing.map(\.rawValue)
            approvals = pending.approvals.map(ApprovalEntry.init)
            notes = pending.notes
        }
    }
}

/// `stet status` for people: plain sentences an approver can act on.
public enum StatusText {
    public static func describe(_ status: DocumentStatus, records: RecordSet) -> String {
        var lines = ["\(status.id) — \(status.title)"]
        func roleName(_ role: RoleID) -> String {
            role == .owner ? "the owner" : "a \(role.rawValue)"
        }
        func approvals(_ list: [Approval]) -> String {
            list.map { approval in
                "\(approval.name)\(approval.role.map { " (\($0.rawValue))" } ?? "") on \(RecordReport.timestamp(approval.signedAt)), \(approval.meaning.lowercased()), key \(approval.key)\(approval.userVerification.map { " (\($0))" } ?? "")"
            }.joined(separator: "; ")
        }
        switch status.state {
        case .effective:
            if let release = status.inForce {
                lines.append(
                    "  revision \(release.revision) is effective since \(RecordReport.timestamp(release.effectiveAt)) (released at \(release.commit.short)): approved by \(approvals(release.approvals))"
                )
            }
        case .approved:
            if let release = status.scheduled {
                lines.append(
                    "  revision \(release.revision) is approved and takes effect on \(RecordReport.timestamp(release.effectiveAt)): approved by \(approvals(release.approvals))"
                )
            }
            if let release = status.inForce { lines.append("  until then revision \(release.revision) stays in force") }
        case .obsolete:
            if let release = status.inForce {
                lines.append("  retired: revision \(release.revision) (status: obsolete) was approved at \(release.commit.short)")
            }
        case .pending:
            lines.append("  never released")
        }
        if let pending = status.pending {
            var sentence = "  revision \(pending.revision) is pending (landed at \(pending.commit.short))"
            if !pending.approvals.isEmpty { sentence += ": approved by \(approvals(pending.approvals))" }
            if !pending.missing.isEmpty {
                sentence += "; still needs \(pending.missing.map(roleName).joined(separator: " and "))"
            }
            lines.append(sentence)
            for note in pending.notes { lines.append("  \(note)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
