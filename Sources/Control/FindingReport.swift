import Foundation
import Records
import Signatures

/// How findings are printed: for people, for programs, for CI.
public enum OutputFormat: String, CaseIterable, Sendable {
    case text, json, github, sarif, gitlab
}

/// CSV for spreadsheets and LMS imports.
public enum CSV {
    /// One quoted field (RFC 4180); a leading `=`, `+`, `-` or `@` is neutralised against formula injection.
    public static func field(_ text: String) -> String {
        let safe = ["=", "+", "-", "@"].contains(where: text.hasPrefix) ? "'" + text : text
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Renders findings in each output format.
public enum FindingReport {
    /// `path:line: severity: message [code]` lines and a closing summary.
    public static func text(_ findings: [Finding], subject: String) -> String {
        var out = ""
        for finding in findings {
            var location = finding.file ?? finding.commit.map { "commit \($0.prefix(12))" } ?? "stet"
            if let line = finding.line, finding.file != nil { location += ":\(line)" }
            out += "\(location): \(finding.severity.rawValue): \(finding.message) [\(finding.code.rawValue)]"
            // History findings carry the id a `Closes:` trailer names (the JSON output has it in full).
            if finding.commit != nil { out += " id \(finding.shortID)" }
            if let closed = finding.closed {
                out += " — closed by \(closed.by) at \(closed.at) with \(closed.reference) (commit \(closed.commit.prefix(12)))"
            }
            out += "\n"
        }
        let errors = findings.filter { $0.severity == .error }.count
        let closed = findings.filter { $0.severity == .info }.count
        let warnings = findings.count - errors - closed
        if findings.isEmpty {
            out += "\(subject): no findings.\n"
        } else {
            let files = Set(findings.compactMap(\.file)).count
            out +=
                "\(subject): \(plural(errors, "error"))\(warnings > 0 ? ", \(plural(warnings, "warning"))" : "")\(closed > 0 ? ", \(closed) closed" : "") in \(plural(files, "file")).\n"
        }
        return out
    }

    /// `{"ok": …, "findings": […]}` (PRODUCT.md §10).
    public static func json(_ findings: [Finding]) -> String {
        struct Report: Encodable {
            var ok: Bool
            var findings: [Finding]
        }
        return encodeJSON(Report(ok: !findings.contains { $0.severity == .error }, findings: findings))
    }

    /// GitHub Actions workflow commands: one `::error file=…,line=…,title=…::…` a finding.
    public static func github(_ findings: [Finding]) -> String {
        findings.map { finding in
            var properties: [String] = []
            if let file = finding.file { properties.append("file=\(escapeProperty(file))") }
            if let line = finding.line { properties.append("line=\(line)") }
            properties.append("title=\(escapeProperty("stet " + finding.code.rawValue))")
            let command = finding.severity == .error ? "error" : finding.severity == .warning ? "warning" : "notice"
            return "::\(command) \(properties.joined(separator: ","))::\(escapeData(finding.message))\n"
        }.joined()
    }

    /// The stable identity of a finding, for dashboards that track findings across runs:
    /// `code:commit[:document]` for a finding about history, else `code:file:line[:document]`
    /// and the message's digest (static findings have no commit).
    public static func stableKey(_ finding: Finding) -> String {
        let document = finding.document.map { ":" + $0.rawValue } ?? ""
        if finding.commit != nil { return finding.id }
        let digest = sha256Hex(finding.message).prefix(16)
        return "\(finding.code.rawValue):\(finding.file ?? Configuration.path):\(finding.line ?? 0)\(document):\(digest)"
    }

    /// The file a finding is shown on: its own, else `stet.yaml` (a finding about a commit, or
    /// about the repository as a whole, concerns the configuration that judges it).
    static func shownFile(_ finding: Finding) -> String { finding.file ?? Configuration.path }

    /// The message, with the commit named when the finding is not about a file of its own.
    static func locatedMessage(_ finding: Finding) -> String {
        guard finding.file == nil, let commit = finding.commit, !finding.message.contains(String(commit.prefix(7))) else {
            return finding.message
        }
        return "\(finding.message) (commit \(commit))"
    }

    /// SARIF 2.1.0 (OASIS), for code-scanning dashboards such as GitHub's: every result has a
    /// location (a finding without a file of its own is shown on `stet.yaml`, with its commit in
    /// the message and properties), every rule a short and a full description, and every result
    /// a partial fingerprint from the finding's stable key.
    public static func sarif(_ findings: [Finding], toolVersion: String) -> String {
        let codes = FindingCode.allCases
        let rules = codes.map { code -> [String: Any] in
            let text = FindingDescription.of(code)
            return [
                "id": code.rawValue,
                "name": code.rawValue.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(),
                "shortDescription": ["text": text.short],
                "fullDescription": ["text": text.full],
                "help": ["text": "\(text.full) How to fix: \(text.fix)"],
            ]
        }
        let results = findings.map { finding -> [String: Any] in
            var region: [String: Any] = [:]
            if let line = finding.line, line >= 1 { region["startLine"] = line }
            var physical: [String: Any] = ["artifactLocation": ["uri": uriReference(shownFile(finding))]]
            if !region.isEmpty { physical["region"] = region }
            var properties: [String: Any] = ["stableKey": stableKey(finding)]
            if let document = finding.document { properties["document"] = document.rawValue }
            if let commit = finding.commit { properties["commit"] = commit }
            properties["id"] = finding.id
            return [
                "ruleId": finding.code.rawValue,
                "ruleIndex": codes.firstIndex(of: finding.code) ?? 0,
                "level": level(finding.severity),
                "message": ["text": locatedMessage(finding)],
                "locations": [["physicalLocation": physical]],
                "partialFingerprints": ["stetFindingKey/v1": sha256Hex(stableKey(finding))],
                "properties": properties,
            ]
        }
        let log: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [
                [
                    "tool": [
                        "driver": [
                            "name": "stet", "version": toolVersion, "semanticVersion": toolVersion, "rules": rules,
                        ]
                    ],
                    "results": results,
                ]
            ],
        ]
        let data = try! JSONSerialization.data(withJSONObject: log, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// A GitLab Code Quality report (`gl-code-quality-report.json`): an array of issues, each with
    /// `description`, `check_name`, `fingerprint`, `severity` and `location` (`path`, `lines.begin`).
    public static func gitlab(_ findings: [Finding]) -> String {
        guard !findings.isEmpty else { return "[]\n" }
        let issues = findings.map { finding -> [String: Any] in
            [
                "type": "issue",
                "description": locatedMessage(finding),
                "check_name": finding.code.rawValue,
                "categories": ["Compliance"],
                "fingerprint": sha256Hex(stableKey(finding)),
                "severity": finding.severity == .error ? "major" : finding.severity == .warning ? "minor" : "info",
                "location": ["path": shownFile(finding), "lines": ["begin": max(finding.line ?? 1, 1)]],
            ]
        }
        let data = try! JSONSerialization.data(withJSONObject: issues, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Findings in a machine format (`json`, `github`, `sarif`, `gitlab`); nil for `text`.
    public static func machine(_ findings: [Finding], format: OutputFormat, toolVersion: String) -> String? {
        switch format {
        case .text: nil
        case .json: json(findings)
        case .github: github(findings)
        case .sarif: sarif(findings, toolVersion: toolVersion)
        case .gitlab: gitlab(findings)
        }
    }

    private static func sha256Hex(_ text: String) -> String {
        Formatting.hex(Digest.hash(Data(text.utf8), using: .sha256))
    }

    private static func level(_ severity: Severity) -> String {
        switch severity.rawValue {
        case "error": "error"
        case "warning": "warning"
        default: "note"
        }
    }

    /// A repository path as a relative URI reference (spaces and other characters escaped).
    private static func uriReference(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ":;")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }

    /// Any value as pretty JSON with sorted keys, so output is stable.
    public static func encodeJSON<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(value), as: UTF8.self) + "\n"
    }

    private static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    private static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
}
