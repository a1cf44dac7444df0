import Control
import Foundation
import Records
import Signatures

/// A requirement's outcome in this run.
public struct RequirementResult: Codable, Sendable {
    public var id: String
    public var text: String
    public var clauses: [String]
    public var status: String
    /// `passed` or `failed` (by the scenarios run here), `tested` (by the test suite when this version was built; no
    /// scenario re-runs it), or `not verified` (planned: this version does not do it).
    public var result: String
    public var scenarios: [String]
    public var tests: [String]
}

/// A file the run read, and its SHA-256, so that a reviewer knows exactly what was validated.
public struct ValidationInput: Codable, Sendable, Hashable {
    public var path: String
    public var sha256: String
}

/// The report of one `stet validate` run.
public struct ValidationReport: Codable, Sendable {
    public struct Summary: Codable, Sendable {
        public var requirements: Int
        public var requirementsPassed: Int
        public var requirementsFailed: Int
        public var requirementsTested: Int
        public var requirementsNotVerified: Int
        public var scenarios: Int
        public var scenariosFailed: Int
        public var testsTraced: Int
        public var configurationChecks: Int
        public var configurationChecksFailed: Int
        public var installationChecksFailed: Int
    }

    /// The time of the run (RFC 3339, UTC): the only field that differs between runs on the same inputs.
    public var generatedAt: String
    public var organization: String
    public var passed: Bool
    /// What failed, one line each, naming the requirement, scenario or rule.
    public var failures: [String]
    public var inputs: [ValidationInput]
    public var installation: Installation
    public var expectations: String
    public var configuration: [ConfigurationCheck]
    public var scenarios: [ScenarioResult]
    public var requirements: [RequirementResult]
    public var summary: Summary
}

/// Runs the installation, operational and configuration qualification of this binary on a repository.
public enum Validator {
    /// Validates the repository at `root`; `progress` is told (done, total) as the scenarios run.
    public static func run(
        repository root: URL, version: String, now: Date, executable: URL? = nil, progress: (Int, Int) -> Void = { _, _ in }
    ) throws(ConfigurationErrors) -> ValidationReport {
        let installation = Installation.read(version: version, executable: executable)

        let source = WorkingTree(root: root)
        let snapshot = try SnapshotReader.read(from: source)
        let inputs = Self.inputs(root: root)

        var failures: [String] = []
        for check in installation.checks where !check.passed {
            failures.append("IQ \(check.item): expected \(check.expected), found \(check.actual)")
        }

        var expectationsState = "read"
        var configuration: [ConfigurationCheck] = []
        let expectationsURL = root.appendingPathComponent(Expectations.path)
        if let data = try? Data(contentsOf: expectationsURL) {
            do {
                let expectations = try Expectations.decode(String(decoding: data, as: UTF8.self))
                configuration = ConfigurationQualification.checks(expectations, snapshot: snapshot)
            } catch {
                expectationsState = error.description
                failures.append("CQ \(error.description)")
            }
        } else {
            expectationsState = "missing"
            failures.append(
                "CQ \(Expectations.path) is missing: write what you intend (approvals per type, author-may-approve, admin-roles, training roles) so the configuration can be checked against it"
            )
        }
        for check in configuration where !check.passed {
            failures.append(
                "CQ rule \(check.rule)\(check.type.map { " of type \($0)" } ?? ""): expected \(check.expected), stet.yaml has \(check.actual)"
            )
        }

        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("stet-validate-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let text = { (path: String) in (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)) ?? "" }
        let cqSource = ConfigurationQualification.Source(
            stetYAML: text(Configuration.path), rolesYAML: text(Directory.rolesPath), peopleYAML: text(Directory.peoplePath),
            records: snapshot.records)
        let suite =
            OperationalScenarios.all.map { ($0, "OQ") } + ConfigurationQualification.scenarios(source: cqSource).map { ($0, "CQ") }
        var scenarios: [ScenarioResult] = []
        for (index, (scenario, phase)) in suite.enumerated() {
            progress(index, suite.count)
            scenarios.append(scenario.run(in: scratch, phase: phase))
        }
        progress(suite.count, suite.count)
        for scenario in scenarios where !scenario.passed {
            for step in scenario.steps where !step.passed {
                failures.append(
                    "\(scenario.phase) \(scenario.id) (\(scenario.requirements.joined(separator: ", "))): \(step.action): expected \(step.expected), stet gave \(step.actual)"
                )
            }
        }

        let requirements = Requirements.all.map { requirement -> RequirementResult in
            let mine = scenarios.filter { $0.requirements.contains(requirement.id) }
            let result: String
            switch requirement.status {
            case .planned, .withdrawn: result = "not verified"
            case .verified: result = mine.isEmpty ? "tested" : mine.allSatisfy(\.passed) ? "passed" : "failed"
            }
            return RequirementResult(
                id: requirement.id, text: requirement.text, clauses: requirement.clauses, status: requirement.status.rawValue,
                result: result,
                scenarios: mine.map(\.id), tests: Requirements.tests[requirement.id] ?? [])
        }
        let summary = ValidationReport.Summary(
            requirements: requirements.count, requirementsPassed: requirements.filter { $0.result == "passed" }.count,
            requirementsFailed: requirements.filter { $0.result == "failed" }.count,
            requirementsTested: requirements.filter { $0.result == "tested" }.count,
            requirementsNotVerified: requirements.filter { $0.result == "not verified" }.count, scenarios: scenarios.count,
            scenariosFailed: scenarios.filter { !$0.passed }.count, testsTraced: Set(Requirements.tests.values.joined()).count,
            configurationChecks: configuration.count, configurationChecksFailed: configuration.filter { !$0.passed }.count,
            installationChecksFailed: installation.checks.filter { !$0.passed }.count)
        return ValidationReport(
            generatedAt: rfc3339(now), organization: snapshot.records.configuration.organization, passed: failures.isEmpty,
            failures: failures,
            inputs: inputs, installation: installation, expectations: expectationsState, configuration: configuration, scenarios: scenarios,
            requirements: requirements, summary: summary)
    }

    /// stet.yaml, everything under roles/, the expectations file and the requirements built into the binary.
    static func inputs(root: URL) -> [ValidationInput] {
        var paths = [Configuration.path, Expectations.path]
        let roles = root.appendingPathComponent("roles")
        if let enumerator = FileManager.default.enumerator(at: roles, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                paths.append("roles/" + url.path.dropFirst(roles.path.count + 1))
            }
        }
        var inputs = paths.sorted().compactMap { path -> ValidationInput? in
            guard let data = try? Data(contentsOf: root.appendingPathComponent(path)) else { return nil }
            return ValidationInput(path: path, sha256: Formatting.hex(Digest.hash(data, using: .sha256)))
        }
        inputs.append(
            ValidationInput(
                path: "requirements (built into stet)",
                sha256: Formatting.hex(Digest.hash(Data(EmbeddedRequirements.yaml.utf8), using: .sha256))))
        return inputs
    }

    static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// The JSON report: keys sorted, so that two runs on the same inputs differ only in `generatedAt`.
    public static func json(_ report: ValidationReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(report)
        data.append(0x0A)
        return data
    }
}
