import Control
import Foundation
import Records
import Repository
import Signatures
import Training

/// One step of a scenario: what was done, what the requirement says must follow, what stet did.
public struct ScenarioStep: Codable, Sendable, Hashable {
    public var action: String
    public var expected: String
    public var actual: String
    public var passed: Bool
}

/// A scenario's outcome, traced to the requirements it shows.
public struct ScenarioResult: Codable, Sendable {
    /// OQ: the built-in suite; CQ: re-run under the repository's own configuration.
    public var id: String
    public var phase: String
    public var title: String
    public var requirements: [String]
    public var steps: [ScenarioStep]
    public var passed: Bool { !steps.isEmpty && steps.allSatisfy(\.passed) }

    enum CodingKeys: String, CodingKey { case id, phase, title, requirements, steps, passed }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(phase, forKey: .phase)
        try container.encode(title, forKey: .title)
        try container.encode(requirements, forKey: .requirements)
        try container.encode(steps, forKey: .steps)
        try container.encode(passed, forKey: .passed)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        phase = try container.decode(String.self, forKey: .phase)
        title = try container.decode(String.self, forKey: .title)
        requirements = try container.decode([String].self, forKey: .requirements)
        steps = try container.decode([ScenarioStep].self, forKey: .steps)
    }

    init(id: String, phase: String, title: String, requirements: [String], steps: [ScenarioStep]) {
        self.id = id
        self.phase = phase
        self.title = title
        self.requirements = requirements
        self.steps = steps
    }
}

/// Records the steps of a running scenario.
final class StepLog {
    private(set) var steps: [ScenarioStep] = []

    func check(_ action: String, expected: String, actual: String, _ passed: Bool) {
        steps.append(ScenarioStep(action: action, expected: expected, actual: actual, passed: passed))
    }

    /// Compares what stet said with what the requirement expects, both as text.
    func expect(_ action: String, _ expected: String, _ actual: String) {
        check(action, expected: expected, actual: actual, expected == actual)
    }
}

/// A scenario of the operational qualification: builds a repository, replays it, checks the outcome.
struct Scenario {
    var id: String
    var title: String
    var requirements: [String]
    var body: (URL, StepLog) throws -> Void

    func run(in scratch: URL, phase: String) -> ScenarioResult {
        let log = StepLog()
        do {
            try body(scratch, log)
        } catch {
            log.check("run the scenario", expected: "it runs to its end", actual: "stopped: \(error)", false)
        }
        return ScenarioResult(id: id, phase: phase, title: title, requirements: requirements, steps: log.steps)
    }
}

// MARK: - What stet decided, as text a reviewer compares

enum Outcome {
    static let asOf = CalendarDate(utcSeconds: ScenarioRepository.start).adding(days: 60)

    /// "effective rev 1", "pending rev 1 (missing qa-approver)", "obsolete" or "not in the record".
    static func status(_ id: String, in record: ReleaseRecord, asOf: CalendarDate = asOf) -> String {
        guard let document = DocumentID(id), let entry = record.documents[document],
            let status = DocumentStatus.status(of: entry, asOf: asOf)
        else { return "not in the record" }
        switch status.state {
        case .effective:
            return "effective rev \(status.inForce?.revision.number ?? 0)"
        case .pending:
            let missing = status.pending?.missing.map(\.rawValue) ?? []
            return "pending rev \(status.pending?.revision.number ?? 0)"
                + (missing.isEmpty ? "" : " (missing \(missing.joined(separator: ", ")))")
        case .approved:
            return "approved rev \(status.scheduled?.revision.number ?? 0)"
        case .obsolete:
            return "obsolete"
        }
    }

    /// The codes and severities of the record's findings, sorted: "self-approval (error)", or "none".
    static func findings(_ record: ReleaseRecord) -> String {
        let codes = Set(record.findings.map { "\($0.code.rawValue) (\($0.severity.rawValue))" }).sorted()
        return codes.isEmpty ? "none" : codes.joined(separator: ", ")
    }

    /// True when the record has a finding with `code`; the text lists them all.
    static func has(_ code: FindingCode, in record: ReleaseRecord) -> Bool {
        record.findings.contains { $0.code == code && $0.severity == .error }
    }
}
