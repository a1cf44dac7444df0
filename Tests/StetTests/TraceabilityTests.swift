import Foundation
import Records
import Testing

@testable import Validation

/// The requirements of docs/requirements.yaml that a test verifies. The traceability check reads this trait from the
/// test sources: write the ids as string literals in the `@Test` line itself, before `func`, e.g.
/// `@Test(.verifies("REQ-REL-001"))`.
struct Verifies: TestTrait {
    let ids: [String]
}

extension Trait where Self == Verifies {
    static func verifies(_ ids: String...) -> Self { Verifies(ids: ids) }
}

@Suite("Traceability: every requirement has a test, every test names known requirements")
struct TraceabilityTests {
    /// PRODUCT.md §10's codes that this version does not produce yet; each belongs to a planned requirement.
    static let plannedCodes: Set<String> = []

    static func requirementsText() throws -> String {
        try String(contentsOf: packageRoot.appendingPathComponent("docs/requirements.yaml"), encoding: .utf8)
    }

    /// `Suite.function` → the ids its `.verifies` trait names, read from the test sources.
    static func tracedTests() throws -> [String: [String]] {
        let folder = packageRoot.appendingPathComponent("Tests/StetTests")
        let idPattern = try Regex(Requirements.idPattern)
        var traced: [String: [String]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".swift") {
            let source = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            var suite = "?"
            var pending: [String]?
            for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
                // `struct X`, `final class X`, and with the attribute on the same line, `@Suite struct X`.
                if let match = line.firstMatch(of: /^(?:@\w+(?:\([^)]*\))? )*(?:final )?(?:struct|class) (\w+)/) { suite = String(match.1) }
                let trimmed = line.drop { $0 == " " }
                if trimmed.hasPrefix("@Test"), trimmed.contains(".verifies(") {
                    pending = (pending ?? []) + line.matches(of: idPattern).map { String(line[$0.range]) }
                }
                if let ids = pending, let match = line.firstMatch(of: /func (\w+)/) {
                    traced["\(suite).\(match.1)", default: []] += ids
                    pending = nil
                }
            }
        }
        return traced
    }

    /// requirement id → sorted tests.
    static func trace(_ traced: [String: [String]]) -> [String: [String]] {
        var byRequirement: [String: [String]] = [:]
        for (test, ids) in traced { for id in Set(ids) { byRequirement[id, default: []].append(test) } }
        return byRequirement.mapValues { $0.sorted() }
    }

    @Test(.verifies("REQ-VAL-002")) func everyRequirementIsTracedAndEveryTraceIsKnown() throws {
        let requirements = try Requirements.decode(try Self.requirementsText())
        let known = Dictionary(uniqueKeysWithValues: requirements.map { ($0.id, $0) })
        let traced = try Self.tracedTests()
        let byRequirement = Self.trace(traced)
        for (test, ids) in traced.sorted(by: { $0.key < $1.key }) {
            #expect(!ids.isEmpty, "\(test) has a .verifies trait without a requirement id")
            for id in ids where known[id] == nil {
                Issue.record("\(test) names \(id), which is not in docs/requirements.yaml")
            }
        }
        for requirement in requirements {
            let tests = byRequirement[requirement.id] ?? []
            switch requirement.status {
            case .verified:
                #expect(
                    !tests.isEmpty, "\(requirement.id) is verified but no test names it: add .verifies(\"\(requirement.id)\") to its tests")
            case .planned, .withdrawn:
                #expect(
                    tests.isEmpty,
                    "\(requirement.id) is \(requirement.status.rawValue) but \(tests.joined(separator: ", ")) verify it: mark it verified")
            }
        }
    }

    @Test(.verifies("REQ-VAL-002", "REQ-CLI-002")) func everyFindingCodeBelongsToATestedRequirement() throws {
        let requirements = try Requirements.decode(try Self.requirementsText())
        let byRequirement = Self.trace(try Self.tracedTests())
        let implemented = Set(FindingCode.allCases.map(\.rawValue))
        for requirement in requirements {
            for code in requirement.codes where !implemented.contains(code) && !Self.plannedCodes.contains(code) {
                Issue.record("\(requirement.id) names the finding code \(code), which does not exist")
            }
        }
        for code in implemented.union(Self.plannedCodes).sorted() {
            let owners = requirements.filter { $0.codes.contains(code) }
            #expect(!owners.isEmpty, "the finding code \(code) belongs to no requirement in docs/requirements.yaml")
            if implemented.contains(code) {
                #expect(
                    owners.contains { $0.status == .verified && !(byRequirement[$0.id] ?? []).isEmpty },
                    "the finding code \(code) exists but no verified, tested requirement produces it")
            } else {
                #expect(owners.allSatisfy { $0.status == .planned }, "\(code) is not produced yet: its requirement must be planned")
            }
        }
    }

    @Test(.verifies("REQ-VAL-002")) func theComplianceGuideCitesEveryRequirement() throws {
        let requirements = try Requirements.decode(try Self.requirementsText())
        let guide = try String(contentsOf: packageRoot.appendingPathComponent("docs/compliance.md"), encoding: .utf8)
        for requirement in requirements where !guide.contains(requirement.id) {
            Issue.record("docs/compliance.md does not cite \(requirement.id): add it to the table of requirements by clause")
        }
    }

    /// Fails when the binary's copy of the requirements and their tests is stale;
    /// `RECORD_TRACE=1 swift test --filter Traceability` regenerates it.
    @Test(.verifies("REQ-VAL-002")) func theBinaryCarriesTheCurrentRequirementsAndTrace() throws {
        let text = try Self.requirementsText()
        let trace = Self.trace(try Self.tracedTests())
        if ProcessInfo.processInfo.environment["RECORD_TRACE"] == "1" {
            let indented = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "    " + $0 }
            var source =
                "// Generated from docs/requirements.yaml and the tests' .verifies traits by\n"
                + "// `RECORD_TRACE=1 swift test --filter Traceability`; do not edit. A test fails when they disagree.\n\n"
                + "enum EmbeddedRequirements {\n    static let yaml = ####\"\"\"\n" + indented.joined(separator: "\n")
                + "\n    \"\"\"####\n\n    static let tests: [String: [String]] = [\n"
            for (id, tests) in trace.sorted(by: { $0.key < $1.key }) {
                source += "        \"\(id)\": [\n" + tests.map { "            \"\($0)\",\n" }.joined() + "        ],\n"
            }
            source += "    ]\n}\n"
            try source.write(
                to: packageRoot.appendingPathComponent("Sources/Validation/EmbeddedRequirements.swift"), atomically: true, encoding: .utf8)
        }
        #expect(
            EmbeddedRequirements.yaml == text,
            "docs/requirements.yaml changed: run RECORD_TRACE=1 swift test --filter Traceability")
        #expect(EmbeddedRequirements.tests == trace, "the tests' requirements changed: run RECORD_TRACE=1 swift test --filter Traceability")
    }
}
