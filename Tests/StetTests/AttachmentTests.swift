import Foundation
import Testing

@testable import Control
@testable import Records
@testable import Repository

/// Real repositories with images and forms: what a document links or embeds is controlled with it (PRODUCT.md §4.1).
extension GitFixture {
    /// Writes raw bytes (an image, a form) into the working tree.
    func writeBytes(_ path: String, _ bytes: [UInt8]) throws {
        let url = repository.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    /// A PNG-like file whose bytes differ by `variant` (not UTF-8, so it is never taken for text).
    static func png(_ variant: UInt8) -> [UInt8] { [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0xFF, variant, 0x00, variant] }

    /// The blob id git gives a file of the working tree.
    func blobID(_ path: String) throws -> String {
        try git(["hash-object", path]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The configuration, then SOP-QA-001 revision 1 embedding `controlled-docs/images/flow.png` (bytes `png(1)`) and
    /// linking a form, approved by its owner and QA on a branch and merged.
    func bootstrapWithImage(body: String? = nil) throws {
        try writeConfiguration()
        try commit("Configuration", as: "adam")
        try branch("add-sop")
        try writeBytes("controlled-docs/images/flow.png", Self.png(1))
        try writeBytes("controlled-docs/forms/FORM-QA-001.docx", [0x50, 0x4B, 0x03, 0x04, 0x01, 0xFE])
        try write(
            "controlled-docs/SOP-QA-001.md",
            document(revision: 1, body: body ?? "![Process flow](images/flow.png)\n\nRecord it on [the form](forms/FORM-QA-001.docx)."))
        try commit("Add SOP-QA-001 with its flow chart and form", as: "alice")
        try approve("SOP-QA-001", revision: 1, as: "olga")
        try approve("SOP-QA-001", revision: 1, as: "quinn")
        try merge("add-sop")
    }
}

@Suite("Attachments: an approval binds to the images and forms a document links (PRODUCT.md §4.1, §7.1)")
struct AttachmentBindingTests {
    @Test(.verifies("REQ-DOC-010")) func aReleaseRecordsItsAttachmentsWithTheirBlobs() throws {
        let fixture = try GitFixture()
        try fixture.bootstrapWithImage()
        let record = try fixture.record()
        #expect(record.findings.isEmpty, "\(record.findings.map(\.message))")
        let release = try #require(fixture.status("SOP-QA-001", in: record)?.inForce)
        #expect(release.revision.number == 1)
        #expect(
            release.attachments.map { "\($0.path) \($0.blob?.hex ?? "-")" } == [
                "controlled-docs/forms/FORM-QA-001.docx \(try fixture.blobID("controlled-docs/forms/FORM-QA-001.docx"))",
                "controlled-docs/images/flow.png \(try fixture.blobID("controlled-docs/images/flow.png"))",
            ])
    }

    @Test(.verifies("REQ-DOC-010")) func anUnsignedCommitSwappingAnEmbeddedImageIsAnUnapprovedChange() throws {
        let fixture = try GitFixture()
        try fixture.bootstrapWithImage()
        let approvedBlob = try fixture.blobID("controlled-docs/images/flow.png")
        try fixture.writeBytes("controlled-docs/images/flow.png", GitFixture.png(2))
        let swap = try fixture.commit("Update the flow chart", as: "mallory", sign: false)

        let record = try fixture.record()
        let finding = try #require(record.findings.first { $0.code == .unapprovedChange })
        #expect(finding.id == "unapproved-change:\(swap):SOP-QA-001")
        #expect(finding.severity == .error)
        #expect(finding.file == "controlled-docs/SOP-QA-001.md")
        #expect(finding.message.contains("controlled-docs/images/flow.png"))
        #expect(finding.message.contains("bump the revision to 2"))
        // The commit itself changes controlled files without a signature.
        #expect(record.findings.contains { $0.code == .unsignedCommit && $0.commit == swap })
        // Revision 1 stays in force with the image it was approved with.
        let status = try #require(fixture.status("SOP-QA-001", in: record))
        #expect(status.inForce?.revision.number == 1)
        #expect(status.inForce?.attachments.first { $0.path.rawValue.hasSuffix("flow.png") }?.blob?.hex == approvedBlob)

        #expect(status.pending?.revision.number == 1)

        let run = try VerifyRun(fixture)
        #expect(run.status == 1)
        let reported = try #require(run.finding("unapproved-change:\(swap):SOP-QA-001"))
        #expect(reported["code"] as? String == "unapproved-change")
        #expect(reported["severity"] as? String == "error")
        #expect(reported["document"] as? String == "SOP-QA-001")

        // Putting the approved image back ends the pending change; the deviation stays in the record (§7.8).
        try fixture.writeBytes("controlled-docs/images/flow.png", GitFixture.png(1))
        try fixture.commit("Restore the approved flow chart", as: "alice")
        let restored = try fixture.record()
        #expect(fixture.status("SOP-QA-001", in: restored)?.pending == nil)
        #expect(fixture.status("SOP-QA-001", in: restored)?.inForce?.revision.number == 1)
        #expect(restored.findings.contains { $0.id == "unapproved-change:\(swap):SOP-QA-001" && $0.severity == .error })
    }

    @Test(.verifies("REQ-DOC-010")) func aSignedSwapOfALinkedFormIsAChangeToTheDocumentToo() throws {
        let fixture = try GitFixture()
        try fixture.bootstrapWithImage()
        try fixture.writeBytes("controlled-docs/forms/FORM-QA-001.docx", [0x50, 0x4B, 0x03, 0x04, 0x02])
        let swap = try fixture.commit("New form layout", as: "alice")
        let record = try fixture.record()
        let finding = try #require(record.findings.first { $0.id == "unapproved-change:\(swap):SOP-QA-001" })
        #expect(finding.severity == .error)
        #expect(!record.findings.contains { $0.code == .unsignedCommit })
        #expect(fixture.status("SOP-QA-001", in: record)?.inForce?.revision.number == 1)
    }

    @Test(.verifies("REQ-DOC-010")) func checkBaseSaysAnAttachmentChangeNeedsANewRevision() throws {
        let fixture = try GitFixture()
        try fixture.bootstrapWithImage()
        try fixture.branch("new-image")
        try fixture.writeBytes("controlled-docs/images/flow.png", GitFixture.png(2))
        let swap = try fixture.commit("New flow chart", as: "alice")
        func check() throws -> (status: Int32, findings: [[String: Any]]) {
            let run = try StetProcess.run(["check", "-C", fixture.repository.path, "--base", "main", "--format", "json"])
            let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            return (run.status, object?["findings"] as? [[String: Any]] ?? [])
        }
        var result = try check()
        #expect(result.status == 1)
        let finding = try #require(result.findings.first { $0["code"] as? String == "unapproved-change" })
        #expect(finding["severity"] as? String == "error")
        #expect(finding["document"] as? String == "SOP-QA-001")
        #expect(finding["commit"] as? String == swap)
        #expect((finding["message"] as? String)?.contains("bump the revision to 2") == true)

        // With the revision bumped it is an ordinary change waiting for its approvals.
        try fixture.write(
            "controlled-docs/SOP-QA-001.md",
            fixture.document(revision: 2, body: "![Process flow](images/flow.png)\n\nRecord it on [the form](forms/FORM-QA-001.docx)."))
        try fixture.commit("Revision 2: new flow chart", as: "alice")
        result = try check()
        #expect(result.status == 1)
        #expect(!result.findings.contains { $0["code"] as? String == "unapproved-change" })
        #expect(result.findings.contains { $0["code"] as? String == "missing-approval" && $0["document"] as? String == "SOP-QA-001" })
    }

    @Test(.verifies("REQ-DOC-010")) func aBranchIsNotBlamedForAnAttachmentChangeItInherited() throws {
        let fixture = try GitFixture()
        try fixture.bootstrapWithImage()
        // Main already carries an unapproved image swap (reported by verify); a branch made after it inherits it.
        try fixture.writeBytes("controlled-docs/images/flow.png", GitFixture.png(2))
        try fixture.commit("Update the flow chart", as: "alice")
        try fixture.branch("other-work")
        try fixture.write("controlled-docs/WI-LAB-001.md", fixture.document("WI-LAB-001", type: "WI", revision: 1, owner: "olga"))
        try fixture.commit("Add WI-LAB-001", as: "alice")
        let run = try StetProcess.run(["check", "-C", fixture.repository.path, "--base", "main", "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let findings = object?["findings"] as? [[String: Any]] ?? []
        #expect(!findings.contains { $0["document"] as? String == "SOP-QA-001" }, "\(findings)")
        #expect(findings.contains { $0["document"] as? String == "WI-LAB-001" && $0["code"] as? String == "missing-approval" })
    }

    @Test(.verifies("REQ-DOC-010")) func anApprovalBindsToTheAttachmentsInItsOwnTree() throws {
        let fixture = try GitFixture()
        try fixture.bootstrapWithImage()
        // Revision 2 changes the image; both approve; then the image is changed again on the branch.
        try fixture.branch("rev2")
        try fixture.writeBytes("controlled-docs/images/flow.png", GitFixture.png(2))
        try fixture.write(
            "controlled-docs/SOP-QA-001.md",
            fixture.document(revision: 2, body: "![Process flow](images/flow.png)\n\nRecord it on [the form](forms/FORM-QA-001.docx)."))
        try fixture.commit("Revise the flow chart", as: "alice")
        try fixture.approve("SOP-QA-001", revision: 2, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 2, as: "quinn")
        try fixture.writeBytes("controlled-docs/images/flow.png", GitFixture.png(3))
        let late = try fixture.commit("Fix the flow chart", as: "alice")
        try fixture.merge("rev2")

        var record = try fixture.record()
        var status = try #require(fixture.status("SOP-QA-001", in: record))
        #expect(status.inForce?.revision.number == 1)
        #expect(status.pending?.revision.number == 2)
        #expect(status.pending?.missing.map(\.rawValue).sorted() == ["owner", "qa-approver"])
        #expect(status.pending?.notes.contains { $0.contains("approved different attachments") } == true)
        #expect(record.findings.contains { $0.code == .unapprovedChange && $0.document?.rawValue == "SOP-QA-001" })
        #expect(try VerifyRun(fixture).status == 1)

        // Approving again, on the content as it now is, releases revision 2 with the last image.
        try fixture.branch("reapprove")
        try fixture.approve("SOP-QA-001", revision: 2, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 2, as: "quinn")
        try fixture.merge("reapprove")
        record = try fixture.record()
        status = try #require(fixture.status("SOP-QA-001", in: record))
        #expect(status.inForce?.revision.number == 2)
        #expect(
            status.inForce?.attachments.first { $0.path.rawValue.hasSuffix("flow.png") }?.blob?.hex
                == (try fixture.blobID("controlled-docs/images/flow.png")))
        _ = late
    }

    @Test(.verifies("REQ-DOC-010")) func anImageInRawHTMLIsAnAttachmentAndAMissingOneIsABrokenLink() throws {
        let fixture = try GitFixture()
        try fixture.bootstrapWithImage(body: "<img src=\"images/flow.png\" alt=\"Flow\">\n\nAnd <img src=\"images/none.png\">.")
        let release = try #require(fixture.status("SOP-QA-001", in: try fixture.record())?.inForce)
        #expect(release.attachments.map(\.path.rawValue) == ["controlled-docs/images/flow.png", "controlled-docs/images/none.png"])
        #expect(release.attachments.last?.blob == nil)

        let check = try StetProcess.run(["check", "-C", fixture.repository.path, "--format", "json"])
        #expect(check.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any]
        let findings = object?["findings"] as? [[String: Any]] ?? []
        let broken = try #require(findings.first { $0["code"] as? String == "broken-link" })
        #expect(broken["severity"] as? String == "error")
        #expect(broken["line"] as? Int == 12)
        #expect((broken["message"] as? String)?.contains("images/none.png") == true)
        #expect(findings.count == 1)
    }

    @Test(.verifies("REQ-DOC-010")) func aFileOutsideTheDocumentsFolderIsNoAttachment() throws {
        let fixture = try GitFixture()
        try fixture.bootstrapWithImage(body: "See [the notes](../NOTES.txt).")
        let release = try #require(fixture.status("SOP-QA-001", in: try fixture.record())?.inForce)
        #expect(release.attachments.isEmpty)
    }
}

@Suite("Attachments in the portal: each revision publishes its own, addressed by content (PRODUCT.md §4.1, §9)")
struct AttachmentPortalTests {
    /// `stet build` into a new folder, at a fixed time, so two builds can be compared byte for byte.
    static func build(_ fixture: GitFixture, draft: Bool = false) throws -> URL {
        let out = fixture.root.appendingPathComponent("site-\(UUID().uuidString)")
        let result = try StetProcess.run(
            ["build", "-C", fixture.repository.path, "--out", out.path, "--quiet", "--as-of", "2030-01-01"] + (draft ? ["--draft"] : []),
            environment: ["SOURCE_DATE_EPOCH": "1893456000"])
        #expect(result.status == 0 || !draft, "\(result.stdout)\(result.stderr)")
        return out
    }

    static func page(_ out: URL, _ path: String) throws -> String {
        try String(contentsOf: out.appendingPathComponent(path), encoding: .utf8)
    }

    @Test(.verifies("REQ-DOC-010")) func thePortalKeepsServingTheApprovedImageAfterAnUnsignedSwap() throws {
        let fixture = try GitFixture()
        try fixture.bootstrapWithImage()
        let approved = try fixture.blobID("controlled-docs/images/flow.png")
        let form = try fixture.blobID("controlled-docs/forms/FORM-QA-001.docx")
        try fixture.writeBytes("controlled-docs/images/flow.png", GitFixture.png(2))
        try fixture.commit("Update the flow chart", as: "mallory", sign: false)
        let swapped = try fixture.blobID("controlled-docs/images/flow.png")

        let out = try Self.build(fixture)
        let effective = try Self.page(out, "documents/SOP-QA-001/index.html")
        #expect(effective.contains("<img src=\"../../attachments/\(approved)/flow.png\" alt=\"Process flow\""))
        #expect(!effective.contains(swapped))
        #expect(effective.contains("An unapproved change to the attachments of revision 1 reached the release branch"))
        #expect(try Data(contentsOf: out.appendingPathComponent("attachments/\(approved)/flow.png")) == Data(GitFixture.png(1)))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("attachments/\(swapped)").path))
        // The form is a download of the approved bytes.
        #expect(effective.contains("<a href=\"../../attachments/\(form)/FORM-QA-001.docx\">the form</a>"))
        #expect(
            try Data(contentsOf: out.appendingPathComponent("attachments/\(form)/FORM-QA-001.docx"))
                == Data([0x50, 0x4B, 0x03, 0x04, 0x01, 0xFE]))
        // The attachments list: name, size, sha; the content security policy still allows images from the site only.
        let revision = try Self.page(out, "documents/SOP-QA-001/rev-1.html")
        #expect(
            revision.contains(
                "<a href=\"../../attachments/\(form)/FORM-QA-001.docx\" download=\"FORM-QA-001.docx\">FORM-QA-001.docx</a></td><td>6 bytes</td><td><code>\(form)</code>"
            ))
        #expect(revision.contains(">flow.png</a></td><td>12 bytes</td><td><code>\(approved)</code>"))
        #expect(revision.contains("img-src 'self'"))
        // The releases export names the attachments released with each revision.
        let export = try JSONSerialization.jsonObject(with: Data(try Self.page(out, "api/releases.json").utf8)) as? [String: Any]
        let release = try #require((export?["releases"] as? [[String: Any]])?.first)
        #expect(
            (release["attachments"] as? [[String: String]])?.map { "\($0["path"] ?? "") \($0["blob"] ?? "")" } == [
                "controlled-docs/forms/FORM-QA-001.docx \(form)", "controlled-docs/images/flow.png \(approved)",
            ])
    }

    @Test(.verifies("REQ-DOC-010")) func aSupersededRevisionKeepsItsOwnImage() throws {
        let fixture = try GitFixture()
        try fixture.bootstrapWithImage()
        let first = try fixture.blobID("controlled-docs/images/flow.png")
        try fixture.branch("rev2")
        try fixture.writeBytes("controlled-docs/images/flow.png", GitFixture.png(2))
        try fixture.write(
            "controlled-docs/SOP-QA-001.md",
            fixture.document(revision: 2, body: "![Process flow](images/flow.png)\n\nRecord it on [the form](forms/FORM-QA-001.docx)."))
        try fixture.commit("Revise the flow chart", as: "alice")
        try fixture.approve("SOP-QA-001", revision: 2, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 2, as: "quinn")
        try fixture.merge("rev2")
        let second = try fixture.blobID("controlled-docs/images/flow.png")
        #expect(try VerifyRun(fixture).status == 0)

        let out = try Self.build(fixture)
        #expect(try Self.page(out, "documents/SOP-QA-001/rev-1.html").contains("src=\"../../attachments/\(first)/flow.png\""))
        #expect(try Self.page(out, "documents/SOP-QA-001/rev-2.html").contains("src=\"../../attachments/\(second)/flow.png\""))
        #expect(try Self.page(out, "documents/SOP-QA-001/index.html").contains("src=\"../../attachments/\(second)/flow.png\""))
        #expect(try Data(contentsOf: out.appendingPathComponent("attachments/\(first)/flow.png")) == Data(GitFixture.png(1)))
        #expect(try Data(contentsOf: out.appendingPathComponent("attachments/\(second)/flow.png")) == Data(GitFixture.png(2)))

        // The same inputs give the same bytes.
        let again = try Self.build(fixture)
        for path in ["attachments/\(first)/flow.png", "documents/SOP-QA-001/rev-1.html", "documents/SOP-QA-001/rev-2.html"] {
            #expect(
                try Data(contentsOf: out.appendingPathComponent(path)) == Data(contentsOf: again.appendingPathComponent(path)), "\(path)")
        }
    }

    @Test(.verifies("REQ-DOC-010")) func theDraftPortalPublishesTheWorkingTreesAttachments() throws {
        let fixture = try GitFixture()
        try fixture.bootstrapWithImage(body: "<img src=\"images/flow.png\" alt=\"Flow\">\n\n[Form](forms/FORM-QA-001.docx#page=2)")
        try fixture.writeBytes("controlled-docs/images/flow.png", GitFixture.png(7))
        let working = try fixture.blobID("controlled-docs/images/flow.png")
        let form = try fixture.blobID("controlled-docs/forms/FORM-QA-001.docx")

        let out = try Self.build(fixture, draft: true)
        let page = try Self.page(out, "documents/SOP-QA-001/index.html")
        #expect(page.contains("<img src=\"../../attachments/\(working)/flow.png\" alt=\"Flow\">"))
        #expect(page.contains("href=\"../../attachments/\(form)/FORM-QA-001.docx#page=2\""))
        #expect(page.contains("<code>\(working)</code>"))
        #expect(try Data(contentsOf: out.appendingPathComponent("attachments/\(working)/flow.png")) == Data(GitFixture.png(7)))
    }
}
