import Foundation
import Testing

@testable import Control
@testable import Records

@Suite("stet diff lists the attachments that changed (PRODUCT.md §4.1)")
struct DiffAttachmentTests {
    @Test(.verifies("REQ-DOC-010")) func anImageOnlyRevisionIsNotUnchanged() throws {
        let fixture = try GitFixture()
        try fixture.bootstrapWithImage()
        let before = try fixture.blobID("controlled-docs/images/flow.png")
        try fixture.branch("rev2")
        try fixture.writeBytes("controlled-docs/images/flow.png", GitFixture.png(2) + [0, 0, 0])
        try fixture.write(
            "controlled-docs/SOP-QA-001.md",
            fixture.document(revision: 2, body: "![Process flow](images/flow.png)\n\nRecord it on [the form](forms/FORM-QA-001.docx)."))
        try fixture.commit("Revision 2: new flow chart", as: "alice")
        let after = try fixture.blobID("controlled-docs/images/flow.png")

        // The approver's review of the branch, text and JSON.
        let text = try StetProcess.run(["diff", "-C", fixture.repository.path, "SOP-QA-001"], environment: ["NO_COLOR": "1"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(
            text.stdout.contains(
                "Attachments:\n  controlled-docs/images/flow.png: blob \(before.prefix(12)) → \(after.prefix(12)) (15 bytes)"))
        #expect(!text.stdout.contains("Attachments: unchanged"))
        let json = try StetProcess.run(["diff", "-C", fixture.repository.path, "SOP-QA-001", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let attachments = try #require(object["attachments"] as? [[String: Any]])
        #expect(attachments.count == 1)
        #expect(attachments.first?["path"] as? String == "controlled-docs/images/flow.png")
        #expect(attachments.first?["from"] as? String == before)
        #expect(attachments.first?["to"] as? String == after)
        #expect(attachments.first?["size"] as? Int == 15)

        // Released: `stet diff ID 2` says the same; revision 1 against itself has none.
        try fixture.approve("SOP-QA-001", revision: 2, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 2, as: "quinn")
        try fixture.merge("rev2")
        let released = try StetProcess.run(["diff", "-C", fixture.repository.path, "SOP-QA-001", "2"], environment: ["NO_COLOR": "1"])
        #expect(released.stdout.contains("controlled-docs/images/flow.png: blob \(before.prefix(12)) → \(after.prefix(12)) (15 bytes)"))
        // The portal's redline page lists it too.
        let out = fixture.root.appendingPathComponent("site")
        let build = try StetProcess.run(["build", "-C", fixture.repository.path, "--out", out.path, "--quiet"])
        #expect(build.status == 0, "\(build.stderr)")
        let redline = try String(contentsOf: out.appendingPathComponent("documents/SOP-QA-001/redline-2.html"), encoding: .utf8)
        #expect(
            redline.contains(
                "<th scope=\"row\"><code>controlled-docs/images/flow.png</code></th><td><del title=\"deleted\"><code>\(before.prefix(12))</code></del></td><td><ins title=\"inserted\"><code>\(after.prefix(12))</code></ins></td><td>15 bytes</td>"
            ))
        let unchanged = try StetProcess.run(["diff", "-C", fixture.repository.path, "SOP-QA-001"], environment: ["NO_COLOR": "1"])
        #expect(unchanged.stdout.contains("Attachments: unchanged"))
    }
}
