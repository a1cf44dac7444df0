import Foundation

/// The findings of a `--format json` report, decoded without stet's own types, for comparing whole lists: a test
/// states every finding the command reports, in order, so a finding that appears, disappears or moves fails it.
struct ReportedFindings {
    /// `code severity document file:line`, with `-` for what the finding does not have.
    var rows: [String]
    /// The messages, in the same order.
    var messages: [String]
    /// The commits the findings name (`-` for none), in the same order.
    var commits: [String]
    var ok: Bool?

    init(json: String) throws {
        guard let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let findings = object["findings"] as? [[String: Any]]
        else { throw CocoaError(.coderReadCorrupt) }
        ok = object["ok"] as? Bool
        func text(_ value: Any?) -> String { (value as? String) ?? (value as? Int).map(String.init) ?? "-" }
        rows = findings.map {
            "\(text($0["code"])) \(text($0["severity"])) \(text($0["document"])) \(text($0["file"])):\(text($0["line"]))"
        }
        messages = findings.map { text($0["message"]) }
        commits = findings.map { text($0["commit"]) }
    }
}

extension GitFixture {
    /// The committer time of `revision` as stet prints times (`2026-12-02T12:00:00Z`), read with git.
    func committerTime(_ revision: String) throws -> String {
        let seconds = try git(["log", "-1", "--format=%ct", revision]).trimmingCharacters(in: .whitespacesAndNewlines)
        return ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(Int(seconds) ?? 0)))
    }

    /// The first 12 digits of `revision`'s commit id, as stet prints commits.
    func short(_ revision: String) throws -> String {
        String(try git(["rev-parse", revision]).prefix(12))
    }

    /// ssh-keygen's SHA256 fingerprint of `person`'s signing key.
    func fingerprint(_ person: String) throws -> String {
        let listing = try run("/usr/bin/ssh-keygen", ["-l", "-f", keys.appendingPathComponent(person).path + ".pub"])
        return String(listing.split(separator: " ")[1])
    }
}
