import Control
import Foundation
import Records
import Repository

/// The deviations page (PRODUCT.md §7.8) and the authority history (§7.5, §9): what went wrong in the history and who
/// held which authority when.
extension RecordSite {
    public static let deviationsPath = "deviations.html"
    public static let authorityPath = "authority.html"

    /// Every finding of the record, open ones first, with links to the document history (where the commit is listed)
    /// or to the authority history for `CONFIG`.
    func deviationsContext() -> [String: Any] {
        let findings = record.findings.sorted { ($0.severity, $0.id) < ($1.severity, $1.id) }
        let rows = findings.map { finding -> [String: Any] in
            var row: [String: Any] = [
                "id": finding.id, "code": finding.code.rawValue, "severity": finding.severity.rawValue,
                // The id may break after each ':' (never inside the code or the commit id), so the column stays narrow.
                "idHTML": HTMLText.escape(finding.id).replacingOccurrences(of: ":", with: ":<wbr>"),
                "state": finding.closed == nil ? "Open (\(finding.severity.rawValue))" : "Closed",
                "stateClass": finding.closed == nil ? finding.severity.rawValue : "closed", "message": finding.message,
                "commit": finding.commit.map { String($0.prefix(12)) } ?? "", "file": finding.file ?? "",
            ]
            if let document = finding.document {
                row["document"] = document.rawValue
                if document == .config {
                    row["documentHref"] = Self.authorityPath
                } else if record.documents[document] != nil {
                    row["documentHref"] = Self.historyPath(document)
                    if let commit = finding.commit { row["commitHref"] = Self.historyPath(document) + "#c-" + commit.prefix(12) }
                }
            }
            if let closed = finding.closed {
                row["closed"] = [
                    "by": people[PersonID(closed.by) ?? PersonID("unknown")!]?.name ?? closed.by, "at": closed.at,
                    "reference": closed.reference, "commit": String(closed.commit.prefix(12)),
                ]
            }
            return row
        }
        let open = findings.filter { $0.closed == nil }
        return [
            "deviations": rows, "hasDeviations": !rows.isEmpty, "openErrors": open.filter { $0.severity == .error }.count,
            "openWarnings": open.filter { $0.severity == .warning }.count, "closedCount": findings.count - open.count,
        ]
    }

    /// Every configuration release, newest first: what it changed, who approved it, when, and who held each role.
    func authorityContext() -> [String: Any] {
        let recorded = ledger.recordedAt
        let steps = AuthorityHistory.steps(of: record).reversed().map { step -> [String: Any] in
            let release = step.release
            return [
                "revision": release.revision, "commit": release.commit.short, "anchor": "c-" + release.commit.hex.prefix(12),
                "claimedAt": RecordReport.timestamp(release.at), "recordedAt": recorded["CONFIG rev \(release.revision)"] ?? "",
                "isRoot": release.approvals.isEmpty && release.commit == record.rootOfTrust,
                "approvals": release.approvals.map { approval in
                    [
                        "name": approval.name, "role": approval.role?.rawValue ?? "", "signedAt": RecordReport.timestamp(approval.signedAt),
                        "meaning": approval.meaning, "key": approval.key, "commit": approval.commit.short,
                    ] as [String: Any]
                },
                "hasApprovals": !release.approvals.isEmpty, "changes": step.changes, "hasChanges": !step.changes.isEmpty,
                "holders": step.holders.map {
                    ["role": $0.role, "people": $0.people.isEmpty ? "nobody" : $0.people.joined(separator: ", ")]
                },
            ]
        }
        return ["releases": Array(steps), "releaseCount": steps.count]
    }
}
