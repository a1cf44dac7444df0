import Foundation
import Testing

@testable import Records

@Suite("The stet command line: exit codes and formats")
struct CommandLineTests {
    @Test(.verifies("REQ-CLI-001")) func checkExitsZeroOnTheBundledExample() throws {
        let result = try StetProcess.run(["check", "-C", packageRoot.path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("no findings"))
    }

    @Test(.verifies("REQ-DOC-011", "REQ-CLI-001")) func checkExitsOneOnFindingsAndListsThemAll() throws {
        let fixture = try Fixture()
        try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document(type: "XX", owner: "nobody"))
        let result = try StetProcess.run(["check", "-C", fixture.root.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("controlled-docs/SOP-QA-001.md:4: error: type XX is not defined in stet.yaml"))
        #expect(result.stdout.contains("[unknown-type]"))
        #expect(result.stdout.contains("controlled-docs/SOP-QA-001.md:6: error: owner 'nobody'"))
        #expect(result.stdout.contains("2 errors in 1 file"))
    }

    @Test(.verifies("REQ-CFG-001", "REQ-CLI-001")) func checkExitsTwoOnConfigurationErrors() throws {
        let fixture = try Fixture()
        try fixture.write("stet.yaml", Fixture.stetYAML.replacingOccurrences(of: "admin-roles", with: "admin-role"))
        let result = try StetProcess.run(["check", "-C", fixture.root.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("stet.yaml:7: error: 'admin-role' is not a field of stet.yaml (did you mean 'admin-roles'?)"))
    }

    @Test(.verifies("REQ-CLI-001")) func usageErrorsExitTwo() throws {
        let fixture = try Fixture()
        #expect(try StetProcess.run(["check", "-C", fixture.root.path, "--format", "yaml"]).status == 2)
        #expect(try StetProcess.run(["check", "-C", "/no/such/folder"]).status == 2)
        #expect(try StetProcess.run(["frobnicate"]).status == 2)
        #expect(try StetProcess.run(["build", "-C", fixture.root.path, "--as-of", "2026-02-30"]).status == 2)
    }

    @Test(.verifies("REQ-CLI-002")) func jsonFindingsHaveTheContractShape() throws {
        let fixture = try Fixture()
        try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document(revision: "2"))
        let result = try StetProcess.run(["check", "-C", fixture.root.path, "--format", "json"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["ok"] as? Bool == false)
        let finding = try #require((object["findings"] as? [[String: Any]])?.first)
        // Contract revision 2 (§7.8, §10) adds `id` and `closed`.
        #expect(Set(finding.keys) == ["id", "code", "severity", "document", "commit", "file", "line", "message", "closed"])
        #expect(finding["id"] as? String == "missing-change-reason:-:SOP-QA-001")
        #expect(finding["closed"] is NSNull)
        #expect(finding["code"] as? String == "missing-change-reason")
        #expect(finding["severity"] as? String == "error")
        #expect(finding["document"] as? String == "SOP-QA-001")
        #expect(finding["commit"] is NSNull)
        #expect(finding["file"] as? String == "controlled-docs/SOP-QA-001.md")
        #expect(finding["line"] as? Int == 5)

        let clean = try StetProcess.run(["check", "-C", packageRoot.path, "--format", "json"])
        let cleanObject = try #require(try JSONSerialization.jsonObject(with: Data(clean.stdout.utf8)) as? [String: Any])
        #expect(cleanObject["ok"] as? Bool == true)
        #expect((cleanObject["findings"] as? [Any])?.isEmpty == true)
    }

    @Test(.verifies("REQ-CLI-002")) func githubAnnotations() throws {
        let fixture = try Fixture()
        try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document(owner: "nobody"))
        let result = try StetProcess.run(["check", "-C", fixture.root.path, "--format", "github"])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("::error file=controlled-docs/SOP-QA-001.md,line=6,title=stet unknown-person::owner 'nobody'"))
    }

    @Test(.verifies("REQ-CLI-002")) func sarifIsValidJSONWithRules() throws {
        let fixture = try Fixture()
        try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document(owner: "nobody"))
        let result = try StetProcess.run(["check", "-C", fixture.root.path, "--format", "sarif"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["version"] as? String == "2.1.0")
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.first?["ruleId"] as? String == "unknown-person")
    }

    @Test func dashCSelectsTheRepository() throws {
        let fixture = try Fixture()
        let elsewhere = try StetProcess.run(["check"], in: fixture.root)
        let withC = try StetProcess.run(["check", "-C", fixture.root.path], in: URL(fileURLWithPath: "/"))
        #expect(elsewhere.status == 0)
        #expect(withC.status == 0)
    }
}
