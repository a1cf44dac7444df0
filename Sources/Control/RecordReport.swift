import Foundation
import Records
import Repository
import Signatures

/// Human-readable renderings of the record.
public enum RecordReport {
    /// RFC 3339 in UTC without fractions (PRODUCT.md §10).
    public static func timestamp(_ seconds: Int64) -> String {
        Formatting.timestamp(seconds)
    }

    /// One line per commit reachable from the release branch — id, verdict, format, signer, claimed time,
    /// key — and a count per verdict.
    /// `all`: every commit's line; otherwise only the lines of commits whose signature is not good.
    public static func signaturesText(_ record: ReleaseRecord, people: RecordSet, all: Bool = true) -> String {
        var counts: [SignatureStatus: Int] = [:]
        var out = ""
        for entry in record.signatures {
            let verdict = entry.verdict
            counts[verdict.status, default: 0] += 1
            guard all || verdict.status != .good else { continue }
            let signer = verdict.person.map { people.people[$0]?.name ?? $0.rawValue } ?? "-"
            let status = verdict.status.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)
            out +=
                "\(entry.commit.short) \(status) \(verdict.format.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) \(timestamp(verdict.claimedAt)) \(signer)\(verdict.key.map { " \($0)" } ?? "")\(verdict.userVerification.map { " (\($0))" } ?? "")\n"
        }
        let summary = SignatureStatus.allCases.compactMap { status in counts[status].map { "\($0) \(status.rawValue)" } }
        let commits = record.signatures.count == 1 ? "1 commit" : "\(record.signatures.count) commits"
        out += "Signatures of \(commits) reachable from the release branch: \(summary.joined(separator: ", "))."
        out += all || counts[.good] == nil ? "\n" : " (--verbose lists the good ones too.)\n"
        return out
    }

    /// The releases voided by a revoked key (§7.9), each with the ledger that would have spared it.
    public static func voidedText(_ record: ReleaseRecord, ledgerGiven: Bool) -> String {
        var lines: [String] = []
        for document in record.sortedDocuments {
            for release in document.releases {
                guard let voided = release.voided else { continue }
                lines.append(
                    "voided: \(release.document) revision \(release.revision) released at \(release.commit.short), \(voided)\(release.reapprovals.isEmpty ? "" : "; re-approved by \(release.reapprovals.map(\.name).joined(separator: ", "))")"
                )
            }
        }
        for release in record.configurations {
            guard let voided = release.voided else { continue }
            lines.append(
                "voided: CONFIG revision \(release.revision) released at \(release.commit.short), \(voided)\(release.reapprovals.isEmpty ? "" : "; re-approved by \(release.reapprovals.map(\.name).joined(separator: ", "))")"
            )
        }
        guard !lines.isEmpty else { return "" }
        let hint =
            ledgerGiven
            ? "The ledger given spares none of these."
            : "A ledger published before the revoking configuration was released, listing these releases, would spare them: stet verify --ledger FILE."
        return lines.joined(separator: "\n") + "\n" + hint + "\n"
    }
}
