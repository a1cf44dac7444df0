import Foundation
import Records
import Repository
import Signatures

/// Human-readable renderings of the record.
public enum RecordReport {
    /// RFC 3339 in UTC without fractions (PRODUCT.md §10).
    public static func timestamp(_ seconds: Int64) -> String {
        let date = CalendarDate(utcSeconds: seconds)
        let secondsOfDay = Int(((seconds % 86_400) + 86_400) % 86_400)
        return String(format: "%@T%02d:%02d:%02dZ", date.description, secondsOfDay / 3600, secondsOfDay / 60 % 60, secondsOfDay % 60)
    }

    /// One line per commit: short id, status, signer, subject-free (ids and verdicts only).
    public static func signaturesText(_ record: ReleaseRecord) -> String {
        var counts: [SignatureStatus: Int] = [:]
        for entry in record.signatures { counts[entry.verdict.status, default: 0] += 1 }
        let summary = SignatureStatus.allCases.compactMap { status in counts[status].map { "\($0) \(status.rawValue)" } }
        return "Signatures of \(record.signatures.count) commits reachable from the release branch: \(summary.joined(separator: ", ")).\n"
    }
}
