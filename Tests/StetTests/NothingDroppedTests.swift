import Foundation
import Testing

@testable import Control
@testable import Records
@testable import Repository

@Suite("Hostile history: nothing on the release branch is dropped silently")
struct NothingDroppedTests {
    @Test(.verifies("REQ-DOC-001")) func anOversizedDocumentSignedOnMainIsAFindingAndNeverEffective() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let big = fixture.document("SOP-QA-002", revision: 1, body: String(repeating: "An unapproved line of text.\n", count: 80_000))
        try fixture.write("controlled-docs/SOP-QA-002.md", big)
        let commit = try fixture.commit("Add a large procedure", as: "alice")
        let record = try fixture.record()
        let finding = try #require(record.findings.first { $0.file == "controlled-docs/SOP-QA-002.md" })
        #expect(finding.code == .invalidFrontMatter)
        #expect(finding.severity == .error)
        #expect(finding.commit == commit)
        #expect(finding.message.contains("documents are limited to 1048576 bytes"))
        #expect(record.documents[DocumentID("SOP-QA-002")!] == nil)

        let verify = try StetProcess.run(["verify", "-C", fixture.repository.path, "--format", "json"])
        #expect(verify.status == 1)
        #expect(
            verify.stdout.contains("\"code\" : \"invalid-front-matter\"") || verify.stdout.contains("\"code\":\"invalid-front-matter\""))
        let status = try StetProcess.run(["status", "-C", fixture.repository.path, "--format", "json"])
        #expect(!status.stdout.contains("SOP-QA-002"))
    }

    @Test(.verifies("REQ-DOC-008")) func anApprovedDocumentOverAMarkdownLimitIsNotReleased() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.branch("table")
        let table =
            "|" + String(repeating: "a|", count: 255) + "\n|" + String(repeating: "-|", count: 255) + "\n"
            + String(repeating: "x\n", count: 20_000)
        try fixture.write("controlled-docs/SOP-QA-002.md", fixture.document("SOP-QA-002", revision: 1, body: table))
        let commit = try fixture.commit("Add a log table", as: "alice")
        try fixture.approve("SOP-QA-002", revision: 1, as: "olga")
        try fixture.approve("SOP-QA-002", revision: 1, as: "quinn")
        try fixture.merge("table")

        let record = try fixture.record()
        let finding = try #require(record.findings.first { $0.code == .markdownLimit })
        #expect(finding.severity == .error)
        #expect(finding.file == "controlled-docs/SOP-QA-002.md")
        #expect(finding.commit != nil && finding.commit != commit)  // reported where it lands on main: the merge
        #expect(finding.line == 10)
        #expect(finding.message.contains("tables of more than 100000 cells"))
        #expect(record.documents[DocumentID("SOP-QA-002")!] == nil)
        #expect(fixture.status("SOP-QA-001", in: record)?.state == .effective)

        let verify = try StetProcess.run(["verify", "-C", fixture.repository.path])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("[markdown-limit]"))
        let status = try StetProcess.run(["status", "-C", fixture.repository.path, "--format", "json"])
        #expect(!status.stdout.contains("SOP-QA-002"))
        let out = fixture.root.appendingPathComponent("site")
        _ = try StetProcess.run(["build", "-C", fixture.repository.path, "--out", out.path])
        let register = (try? String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)) ?? ""
        #expect(!register.contains("SOP-QA-002"))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("documents/SOP-QA-002").path))
    }

    @Test(.verifies("REQ-REL-008")) func aTrailerNamingADocumentTheCommitDoesNotHoldIsADanglingReference() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let absent = try fixture.approve("SOP-QA-009", revision: 1, as: "quinn")
        let wrongRevision = try fixture.approve("SOP-QA-001", revision: 2, as: "rita")
        let trained = try fixture.commit("Read it\n\nTrained: SOP-QA-404 rev 1", as: "alice", allowEmpty: true)
        let reviewed = try fixture.commit("Review\n\nReviewed: SOP-QA-001 rev 3", as: "olga", allowEmpty: true)
        let record = try fixture.record()
        let dangling = record.findings.with(.danglingReference)
        #expect(dangling.allSatisfy { $0.severity == .error })
        let absentFinding = try #require(dangling.first { $0.commit == absent })
        #expect(absentFinding.message.contains("SOP-QA-009 is not in that commit's tree"))
        let wrongFinding = try #require(dangling.first { $0.commit == wrongRevision })
        #expect(wrongFinding.message.contains("its tree holds revision 1 of SOP-QA-001"))
        #expect(wrongFinding.file == "controlled-docs/SOP-QA-001.md")
        #expect(dangling.contains { $0.commit == trained && $0.message.contains("SOP-QA-404 is not in that commit's tree") })
        #expect(dangling.contains { $0.commit == reviewed && $0.message.contains("holds revision 1") })
        // The bootstrap's own approvals name what their commits hold: no finding.
        #expect(dangling.count == 4)
        #expect(try StetProcess.run(["verify", "-C", fixture.repository.path]).status == 1)
    }
}
