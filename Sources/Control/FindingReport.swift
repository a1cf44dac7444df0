import Foundation
import Records

/// How findings are printed: for people, for programs, for CI.
public enum OutputFormat: String, CaseIterable, Sendable {
    case text, json, github, sarif
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
            out += "\(location): \(finding.severity.rawValue): \(finding.message) [\(finding.code.rawValue)]\n"
        }
        let errors = findings.filter { $0.severity == .error }.count
        let warnings = findings.count - errors
        if findings.isEmpty {
            out += "\(subject): no findings.\n"
        } else {
            let files = Set(findings.compactMap(\.file)).count
            out +=
                "\(subject): \(plural(errors, "error"))\(warnings > 0 ? ", \(plural(warnings, "warning"))" : "") in \(plural(files, "file")).\n"
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
            let command = finding.severity == .error ? "error" : "warning"
            return "::\(command) \(properties.joined(separator: ","))::\(escapeData(finding.message))\n"
        }.joined()
    }

    /// SARIF 2.1.0, for code-scanning dashboards.
    public static func sarif(_ findings: [Finding], toolVersion: String) -> String {
        let rules = FindingCode.allCases.map { code -> [String: Any] in
            ["id": code.rawValue, "name": code.rawValue, "helpUri": "docs/reference.md#finding-codes"]
        }
        let results = findings.map { finding -> [String: Any] in
            var result: [String: Any] = [
                "ruleId": finding.code.rawValue,
                "level": finding.severity == .error ? "error" : "warning",
                "message": ["text": finding.message],
            ]
            if let file = finding.file {
                var region: [String: Any] = [:]
                if let line = finding.line { region["startLine"] = line }
                var physical: [String: Any] = ["artifactLocation": ["uri": file]]
                if !region.isEmpty { physical["region"] = region }
                result["locations"] = [["physicalLocation": physical]]
            }
            var properties: [String: Any] = [:]
            if let document = finding.document { properties["document"] = document.rawValue }
            if let commit = finding.commit { properties["commit"] = commit }
            if !properties.isEmpty { result["properties"] = properties }
            return result
        }
        let log: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [["tool": ["driver": ["name": "stet", "version": toolVersion, "rules": rules]], "results": results]],
        ]
        let data = try! JSONSerialization.data(withJSONObject: log, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
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
