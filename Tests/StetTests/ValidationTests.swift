import Foundation
import Testing

@testable import Authoring
@testable import Control
@testable import Records
@testable import Signatures
@testable import Validation

@Suite("stet validate: a validation pack the customer re-runs")
struct ValidationTests {
    /// A copy of the bundled example (stet.yaml, roles/, controlled-docs/, validation/) in a temporary folder.
    static func copyOfTheExample() throws -> URL {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("stet-validate-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        for item in ["stet.yaml", "roles", "controlled-docs", "validation"] {
            try FileManager.default.copyItem(at: packageRoot.appendingPathComponent(item), to: target.appendingPathComponent(item))
        }
        return target
    }

    static func report(_ folder: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("validation-report.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test(.verifies("REQ-VAL-001", "REQ-SIG-001", "REQ-APR-002", "REQ-APR-003"))
    func theBundledExamplePassesAndTwoRunsGiveTheSameReport() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("stet-validate-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let first = try StetProcess.run(["validate", "-C", packageRoot.path, "--out", out.appendingPathComponent("1").path, "--quiet"])
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.hasPrefix("stet validate: PASSED"))
        let report = try Self.report(out.appendingPathComponent("1"))
        #expect(report["passed"] as? Bool == true)
        let scenarios = try #require(report["scenarios"] as? [[String: Any]])
        #expect(scenarios.count == OperationalScenarios.all.count + 4)
        #expect(scenarios.allSatisfy { $0["passed"] as? Bool == true })
        #expect(Set(scenarios.compactMap { $0["id"] as? String }).isSuperset(of: ["CQ-SOP", "CQ-POL", "CQ-WI", "CQ-FORM"]))
        let requirements = try #require(report["requirements"] as? [[String: Any]])
        #expect(requirements.count == Requirements.all.count)
        // A planned requirement is never shown as passed.
        for requirement in requirements where requirement["status"] as? String == "planned" {
            #expect(requirement["result"] as? String == "not verified")
        }
        let installation = try #require(report["installation"] as? [String: Any])
        #expect((installation["binarySHA256"] as? String)?.count == 64)
        let html = try String(contentsOf: out.appendingPathComponent("1/validation-report.html"), encoding: .utf8)
        #expect(html.contains("PASSED"))
        #expect(html.contains("Approved by (QA)"))
        #expect(html.contains("REQ-APR-003"))

        // Same inputs, same report, apart from the run's time.
        let second = try StetProcess.run(["validate", "-C", packageRoot.path, "--out", out.appendingPathComponent("2").path, "--quiet"])
        #expect(second.status == 0)
        func withoutTime(_ folder: String) throws -> String {
            try String(contentsOf: out.appendingPathComponent("\(folder)/validation-report.json"), encoding: .utf8)
                .split(separator: "\n").filter { !$0.contains("\"generatedAt\"") }.joined(separator: "\n")
        }
        #expect(try withoutTime("1") == withoutTime("2"))
    }

    @Test(.verifies("REQ-VAL-001", "REQ-APR-002"))
    func removingQAFromTheSOPTypeFailsNamingTheRuleAndType() throws {
        let example = try Self.copyOfTheExample()
        defer { try? FileManager.default.removeItem(at: example) }
        let stetYAML = example.appendingPathComponent("stet.yaml")
        let original = try String(contentsOf: stetYAML, encoding: .utf8)
        let broken = original.replacingOccurrences(
            of: "SOP:  { name: Standard Operating Procedure, approvals: [owner, qa-approver]",
            with: "SOP:  { name: Standard Operating Procedure, approvals: [owner]")
        #expect(broken != original)
        try broken.write(to: stetYAML, atomically: true, encoding: .utf8)
        let out = example.appendingPathComponent("report")
        let result = try StetProcess.run(["validate", "-C", example.path, "--out", out.path, "--quiet"])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("stet validate: FAILED"))
        #expect(
            result.stdout.contains(
                "failed: CQ rule approvals of type SOP: expected [owner, qa-approver], stet.yaml has [owner]"))
        let report = try Self.report(out)
        #expect(report["passed"] as? Bool == false)
        let html = try String(contentsOf: out.appendingPathComponent("validation-report.html"), encoding: .utf8)
        #expect(html.contains("FAILED"))
    }

    @Test(.verifies("REQ-VAL-001", "REQ-APR-002"))
    func aScenarioThatCannotGetItsExpectedResultFailsNamingItsRequirements() throws {
        let example = try Self.copyOfTheExample()
        defer { try? FileManager.default.removeItem(at: example) }
        // Six distinct QA approvers for a form, where fewer of the example's people hold that role.
        let stetYAML = example.appendingPathComponent("stet.yaml")
        let original = try String(contentsOf: stetYAML, encoding: .utf8)
        try original.replacingOccurrences(
            of: "approvals: [qa-approver]",
            with: "approvals: [qa-approver, qa-approver, qa-approver, qa-approver, qa-approver, qa-approver]"
        )
        .write(to: stetYAML, atomically: true, encoding: .utf8)
        let snapshot = try SnapshotReader.read(from: WorkingTree(root: example))
        let source = ConfigurationQualification.Source(
            stetYAML: try String(contentsOf: stetYAML, encoding: .utf8),
            rolesYAML: try String(contentsOf: example.appendingPathComponent("roles/roles.yaml"), encoding: .utf8),
            peopleYAML: try String(contentsOf: example.appendingPathComponent("roles/people.yaml"), encoding: .utf8),
            records: snapshot.records)
        let form = try #require(ConfigurationQualification.scenarios(source: source).first { $0.id == "CQ-FORM" })
        let result = form.run(in: example.appendingPathComponent("scratch"), phase: "CQ")
        #expect(!result.passed)
        #expect(result.requirements == ["REQ-APR-002", "REQ-APR-003", "REQ-REL-001"])
        #expect(result.steps.first?.actual == "roles/people.yaml has no such set of active people")
    }

    @Test(.verifies("REQ-VAL-001"))
    func expectationsAreStrictAndNameTheLine() throws {
        #expect(throws: Expectations.ParseError.self) { try Expectations.decode("author-may-aprove: false\n") }
        do {
            _ = try Expectations.decode("types:\n  SOP:\n    approvals: [owner]\n    trainig-roles: [x]\n")
            Issue.record("an unknown key was accepted")
        } catch {
            #expect(error.line == 4)
            #expect(error.description.contains("unknown key 'trainig-roles' in type SOP"))
        }
        let parsed = try Expectations.decode("types:\n  POL: { approvals: [owner, {role: qa-approver, meaning: Reviewed}] }\n")
        #expect(parsed.types.first?.expectation.approvals?.map(\.description) == ["owner", "qa-approver (Reviewed)"])
    }

    @Test(.verifies("REQ-VAL-001"))
    func withoutAnExpectationsFileTheValidationFailsAndSaysWhatToWrite() throws {
        let example = try Self.copyOfTheExample()
        defer { try? FileManager.default.removeItem(at: example) }
        try FileManager.default.removeItem(at: example.appendingPathComponent("validation"))
        let snapshot = try SnapshotReader.read(from: WorkingTree(root: example))
        #expect(!snapshot.records.people.isEmpty)
        let report = try Validator.run(repository: example, version: "test", now: Date(timeIntervalSince1970: 0))
        #expect(!report.passed)
        #expect(report.failures.first?.hasPrefix("CQ validation/expectations.yaml is missing") == true)
        #expect(report.generatedAt == "1970-01-01T00:00:00Z")
    }

    @Test(.verifies("REQ-SIG-001"), arguments: SSHSigner.Kind.allCases)
    func stetsOwnSignaturesVerifyWithSSHKeygen(kind: SSHSigner.Kind) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stet-signer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let signer = SSHSigner(kind: kind)
        let message = Array("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\nApproves: SOP-QA-001 rev 2\n".utf8)
        try Data(message).write(to: folder.appendingPathComponent("message"))
        try Data(signer.sign(message).utf8).write(to: folder.appendingPathComponent("message.sig"))
        try Data("jane@example.test \(signer.publicKey.openSSHString)\n".utf8).write(to: folder.appendingPathComponent("allowed"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        process.arguments = [
            "-Y", "verify", "-f", folder.appendingPathComponent("allowed").path, "-I", "jane@example.test", "-n", "git", "-s",
            folder.appendingPathComponent("message.sig").path,
        ]
        process.standardInput = try FileHandle(forReadingFrom: folder.appendingPathComponent("message"))
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "ssh-keygen refused stet's \(kind.rawValue) signature")
        // And stet's own verifier agrees.
        let signature = try SSHSignature(armored: signer.sign(message))
        #expect(signature.publicKey == signer.publicKey)
    }

    @Test(.verifies("REQ-VAL-003")) func theCIAndTheInitWorkflowsPinTheSameToolchain() throws {
        let run = try String(contentsOf: packageRoot.appendingPathComponent(".ci/run"), encoding: .utf8)
        let pinned = run.split(separator: "\n").compactMap { line -> String? in
            let text = line.trimmingCharacters(in: .whitespaces)
            guard text.hasPrefix("\""), text.hasSuffix("\""), text.contains("=") else { return nil }
            return String(text.dropFirst().dropLast())
        }
        #expect(Set(Scaffold.pinnedPackages).isSubset(of: Set(pinned)))
        #expect(run.contains("swift_version=\"\(Scaffold.swiftImage.dropFirst("swift:".count).dropLast("-bookworm".count))\""))
        let files = try Scaffold.files(organization: "Pinned Biologics", stetVersion: "0.1.0")
        for path in [".github/workflows/stet.yml", ".gitlab-ci.yml"] {
            let text = try #require(files.first { $0.path == path }?.text)
            #expect(text.contains(Scaffold.swiftImage), "\(path) does not use the pinned image")
            for package in Scaffold.pinnedPackages { #expect(text.contains(package), "\(path) does not pin \(package)") }
        }
    }
}
