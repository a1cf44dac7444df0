import Foundation
import Testing

@testable import Control
@testable import Markdown
@testable import Portal
@testable import Records

/// Text from the repository never drives the terminal, and a document's own folds hide nothing they should not.
@Suite("Control characters: refused in documents, escaped on the terminal")
struct ControlCharacterTests {
    /// `stet check --format json`: exit status and findings.
    static func check(_ fixture: GitFixture) throws -> (status: Int32, findings: [[String: Any]]) {
        let run = try StetProcess.run(["check", "-C", fixture.repository.path, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        return (run.status, object?["findings"] as? [[String: Any]] ?? [])
    }

    @Test(.verifies("REQ-DOC-001")) func escBelAndC1ControlsInADocumentAreInvalidAndATabIsNot() throws {
        for (control, name) in [("\u{1B}[2K", "U+001B (ESC)"), ("\u{07}", "U+0007 (BEL)"), ("\u{9B}2K", "U+009B")] {
            let fixture = try GitFixture()
            try fixture.bootstrap()
            try fixture.branch("rev2")
            try fixture.write(
                "controlled-docs/SOP-QA-001.md", fixture.document(revision: 2, body: "Dose 100 mL\tof buffer.\n\nDose \(control)10 mL."))
            let checked = try Self.check(fixture)
            #expect(checked.status == 1)
            let finding = try #require(checked.findings.first { $0["code"] as? String == "invalid-front-matter" })
            #expect(finding["severity"] as? String == "error")
            #expect(finding["file"] as? String == "controlled-docs/SOP-QA-001.md")
            #expect(finding["line"] as? Int == 13)
            #expect((finding["message"] as? String)?.contains(name) == true, "\(finding)")

            // `stet diff` says why it cannot show the working tree, without printing the character.
            let diff = try StetProcess.run(["diff", "-C", fixture.repository.path, "SOP-QA-001"])
            #expect(diff.status == 1)
            #expect(diff.stderr.contains(name))
            #expect(!diff.stderr.contains("\u{1B}") && !diff.stdout.contains("\u{1B}"))
        }
        // A tab is text.
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 1, body: "Column\tvalue."))
        #expect(!(try Self.check(fixture).findings.contains { $0["code"] as? String == "invalid-front-matter" }))
    }

    @Test(.verifies("REQ-HIS-004")) func aCommitSubjectWithTerminalEscapesIsPrintedEscaped() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 1, body: "Text changed."))
        let hostile = try fixture.commit(
            "typo\r\u{1B}[2K\u{1B}[1A\u{1B}[2K\rstet verify: no findings.\u{1B}[8m", as: "mallory", sign: false)

        let run = try VerifyRun(fixture)
        #expect(run.status == 1)
        let finding = try #require(run.finding("unsigned-commit:\(hostile)"), "\(run.findings)")
        #expect(finding["severity"] as? String == "error")

        let text = try StetProcess.run(["verify", "-C", fixture.repository.path])
        #expect(text.status == 1)
        let line = try #require(text.stdout.split(separator: "\n").first { $0.contains("[unsigned-commit]") })
        #expect(line.contains("typo\\u{D}\\u{1B}[2K\\u{1B}[1A"))
        #expect(!text.stdout.contains("\u{1B}") && !text.stdout.contains("\r"))
    }
}

@Suite("A document's own <details>: balanced on screen, printed in full")
struct DocumentFoldTests {
    @Test(.verifies("REQ-DOC-009")) func aStrayClosingTagIsDroppedAndAnUnclosedFoldEndsWithTheText() throws {
        let stray = try MarkdownDocument(
            "Start <details><summary>Notes</summary>\n\nInside.\n\n</details></details></details> After.\n")
        let html = stray.html()
        #expect(html.components(separatedBy: "<details>").count == 2)
        #expect(html.components(separatedBy: "</details>").count == 2)
        #expect(stray.droppedHTML.filter { $0.tag == "</details>" }.map(\.line) == [5, 5])
        #expect(stray.unclosedDetails.isEmpty)

        let unclosed = try MarkdownDocument("Para.\n\n<details>\n<summary>Notes</summary>\n\nUse 100 mL.\n\nLast.\n")
        #expect(unclosed.html().hasSuffix("</details>"))
        #expect(unclosed.unclosedDetails == [3])
        // The common balanced fold over several blocks is left as written.
        let balanced = try MarkdownDocument("<details>\n<summary>Notes</summary>\n\nText.\n\n</details>\n\nAfter.\n")
        #expect(balanced.unclosedDetails.isEmpty && balanced.droppedHTML.isEmpty)
        #expect(balanced.html().components(separatedBy: "</details>").count == 2)
    }

    @Test(.verifies("REQ-DOC-009")) func checkWarnsOfAnUnclosedFoldWithItsLine() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.branch("rev2")
        try fixture.write(
            "controlled-docs/SOP-QA-001.md",
            fixture.document(revision: 2, body: "Step 1.\n\n<details><summary>Notes</summary>\n\nUse 100 mL of buffer."))
        let run = try StetProcess.run(["check", "-C", fixture.repository.path, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let findings = object?["findings"] as? [[String: Any]] ?? []
        let warning = try #require(findings.first { $0["code"] as? String == "raw-html" }, "\(findings)")
        #expect(warning["severity"] as? String == "warning")
        #expect(warning["line"] as? Int == 13)
        #expect((warning["message"] as? String)?.contains("never closed") == true)
        // A warning alone does not fail `check`.
        #expect(!findings.contains { $0["severity"] as? String == "error" })
        #expect(run.status == 0)
    }

    @Test(.verifies("REQ-POR-001")) func paperPrintsEveryFoldInFull() throws {
        let css = try #require(DefaultTheme.files["stet.css"])
        let print = try #require(css.range(of: "@media print {\n  /* Paper hides nothing"))
        let rule = try #require(css.range(of: "details::details-content { content-visibility: visible; display: block; }"))
        #expect(rule.lowerBound > print.lowerBound)
        #expect(!css.contains(".redline .rl-fold::details-content"))
    }
}
