import Foundation
import Testing

@testable import Control
@testable import Records

@Suite("CI reports: SARIF that code scanning accepts, GitLab Code Quality, and a repository found from any sub-folder")
struct CIReportTests {
    /// A released SOP, then an unsigned commit on main that changes it: commit-level findings.
    func repositoryWithCommitFindings() throws -> GitFixture {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 2, body: "Changed."))
        try fixture.commit("Unsigned edit", as: "alice", sign: false)
        return fixture
    }

    @Test func sarifGivesEveryResultALocationAFingerprintAndEveryRuleItsDescriptions() throws {
        let fixture = try repositoryWithCommitFindings()
        let result = try StetProcess.run(["verify", "-C", fixture.repository.path, "--format", "sarif"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.count == FindingCode.allCases.count)
        for rule in rules {
            // No relative helpUri (the schema requires an absolute URI); descriptions of their own.
            #expect(rule["helpUri"] == nil)
            let short = (rule["shortDescription"] as? [String: Any])?["text"] as? String ?? ""
            let full = (rule["fullDescription"] as? [String: Any])?["text"] as? String ?? ""
            #expect(!short.isEmpty && !full.isEmpty && short != full, "\(rule["id"] ?? "")")
        }
        let results = try #require(run["results"] as? [[String: Any]])
        let unsigned = try #require(results.first { $0["ruleId"] as? String == "unsigned-commit" })
        // GitHub rejects a whole upload when a result has no location: a commit-level finding is shown
        // on stet.yaml, with its commit in the message and the properties.
        let commit = try fixture.head()
        let location = try #require((unsigned["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == "stet.yaml")
        #expect((unsigned["properties"] as? [String: Any])?["commit"] as? String == commit)
        #expect(((unsigned["message"] as? [String: Any])?["text"] as? String)?.contains(String(commit.prefix(12))) == true)
        for result in results {
            #expect((result["locations"] as? [Any])?.count == 1)
            let fingerprint = (result["partialFingerprints"] as? [String: String])?["stetFindingKey/v1"]
            #expect(fingerprint?.count == 64)
        }
        // The same findings give the same fingerprints run after run.
        let again = try StetProcess.run(["verify", "-C", fixture.repository.path, "--format", "sarif"])
        #expect(again.stdout == result.stdout)
    }

    @Test func gitlabCodeQualityReportHasTheDocumentedRequiredFields() throws {
        // GitLab's Code Quality report: an array of issues, each with description, check_name,
        // fingerprint, severity (info, minor, major, critical, blocker) and location.path with
        // location.lines.begin (docs.gitlab.com, "Code Quality report format").
        let fixture = try repositoryWithCommitFindings()
        let result = try StetProcess.run(["verify", "-C", fixture.repository.path, "--format", "gitlab"])
        #expect(result.status == 1)
        let issues = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(!issues.isEmpty)
        var fingerprints: Set<String> = []
        for issue in issues {
            #expect(!(issue["description"] as? String ?? "").isEmpty)
            #expect(FindingCode(rawValue: issue["check_name"] as? String ?? "") != nil)
            #expect(["info", "minor", "major", "critical", "blocker"].contains(issue["severity"] as? String ?? ""))
            let location = try #require(issue["location"] as? [String: Any])
            #expect(!(location["path"] as? String ?? "").isEmpty)
            #expect(((location["lines"] as? [String: Any])?["begin"] as? Int ?? 0) >= 1)
            fingerprints.insert(issue["fingerprint"] as? String ?? "")
        }
        #expect(fingerprints.count == issues.count)
        #expect(issues.contains { $0["check_name"] as? String == "unsigned-commit" && $0["severity"] as? String == "major" })

        // check writes the same format, an empty array when clean.
        let clean = try GitFixture()
        try clean.bootstrap()
        let check = try StetProcess.run(["check", "-C", clean.repository.path, "--base", "main", "--format", "gitlab"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [Any] != nil)
        #expect((try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [Any])?.isEmpty == true)
    }

    @Test func everyCommandFindsTheRepositoryFromASubFolder() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let sub = fixture.repository.appendingPathComponent("controlled-docs")
        let status = try StetProcess.run(["status", "SOP-QA-001"], in: sub)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("SOP-QA-001"))
        let check = try StetProcess.run(["check", "--base", "main"], in: sub)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("no findings"))
        let verify = try StetProcess.run(["verify", "-q"], in: sub)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let viaC = try StetProcess.run(["check", "-C", sub.path], in: URL(fileURLWithPath: "/"))
        #expect(viaC.status == 0, "\(viaC.stdout)\(viaC.stderr)")
        let diff = try StetProcess.run(["diff", "SOP-QA-001", "1"], in: sub)
        #expect(diff.status == 0, "\(diff.stderr)")

        // Outside any repository: the folder is named, and how to point at one.
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("stet-nowhere-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outside) }
        let nowhere = try StetProcess.run(["verify"], in: outside, environment: ["GIT_CEILING_DIRECTORIES": outside.path])
        #expect(nowhere.status == 2)
        #expect(nowhere.stderr.contains("is not in a git repository"))
        #expect(nowhere.stderr.contains("-C DIR"))
    }

    @Test func reportCommandsOfferOnlyTheFormatsTheyAccept() throws {
        for command in ["status", "build"] {
            let help = try StetProcess.run([command, "--help"])
            #expect(help.stdout.contains("text"))
            #expect(!help.stdout.contains("sarif") && !help.stdout.contains("github"), "\(command): \(help.stdout)")
            let refused = try StetProcess.run([command, "--format", "sarif"])
            #expect(refused.status == 2)
        }
    }
}
