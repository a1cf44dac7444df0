import Foundation
import Testing

@testable import Records

@Suite("The stet command line: exit codes and formats")
struct CommandLineTests {
    @Test(.verifies("REQ-CLI-001")) func checkExitsZeroOnTheBundledExample() throws {
        let result = try StetProcess.run(["check", "-C", packageRoot.path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout == "stet check: no findings.\n")
        #expect(result.stderr == "")
    }

    @Test(.verifies("REQ-DOC-011", "REQ-CLI-001")) func checkExitsOneOnFindingsAndListsThemAll() throws {
        let fixture = try Fixture()
        try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document(type: "XX", owner: "nobody"))
        let result = try StetProcess.run(["check", "-C", fixture.root.path])
        #expect(result.status == 1)
        // The whole report: every finding with its file, line, severity, message and code, then the count.
        #expect(
            result.stdout == """
                controlled-docs/SOP-QA-001.md:4: error: type XX is not defined in stet.yaml; did you mean WI? use one of: SOP, WI [unknown-type]
                controlled-docs/SOP-QA-001.md:6: error: owner 'nobody' is not a person in roles/people.yaml; use a person id from that file [unknown-person]
                stet check: 2 errors in 1 file.

                """)
        #expect(result.stderr == "")
    }

    @Test(.verifies("REQ-CFG-001", "REQ-CLI-001")) func checkExitsTwoOnConfigurationErrors() throws {
        let fixture = try Fixture()
        try fixture.write("stet.yaml", Fixture.stetYAML.replacingOccurrences(of: "admin-roles", with: "admin-role"))
        let result = try StetProcess.run(["check", "-C", fixture.root.path])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        // Both errors the renamed field causes, each with its line and fix, then the exit reason.
        #expect(
            result.stderr == """
                stet.yaml:1: error: stet.yaml is missing the required field 'admin-roles'
                stet.yaml:7: error: 'admin-role' is not a field of stet.yaml (did you mean 'admin-roles'?); allowed fields are: organization, config-revision, release-branch, documents-dir, author-may-approve, require-signed-commits, admin-roles, types, sites, approver-qualification, training-record-grace-days
                stet: the configuration could not be read (2 errors); fix it and run again.

                """)
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
        // And the whole list: this one finding, with its message.
        let findings = try ReportedFindings(json: result.stdout)
        #expect(findings.rows == ["missing-change-reason error SOP-QA-001 controlled-docs/SOP-QA-001.md:5"])
        #expect(
            findings.messages == [
                "revision 2 needs a reason for change: add a line like `change: \"What changed and why\"` to the front matter"
            ])

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
        #expect(
            result.stdout
                == "::error file=controlled-docs/SOP-QA-001.md,line=6,title=stet unknown-person::owner 'nobody' is not a person in roles/people.yaml; use a person id from that file\n"
        )
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
        #expect(results.map { $0["ruleId"] as? String } == ["unknown-person"])
        #expect(
            results.map { ($0["message"] as? [String: Any])?["text"] as? String } == [
                "owner 'nobody' is not a person in roles/people.yaml; use a person id from that file"
            ])
    }

    @Test func dashCSelectsTheRepository() throws {
        let fixture = try Fixture()
        let elsewhere = try StetProcess.run(["check"], in: fixture.root)
        let withC = try StetProcess.run(["check", "-C", fixture.root.path], in: URL(fileURLWithPath: "/"))
        #expect(elsewhere.status == 0)
        #expect(withC.status == 0)
    }
}
