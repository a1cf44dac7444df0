import Foundation
import Testing

@testable import Markdown
@testable import Portal

/// Two revisions of a procedure: revision 3 changes a table cell, moves the records paragraph up to
/// the purpose, and no longer requires training.
enum RedlineSample {
    static let revision2 = """
        # Cleaning

        ## 1 Purpose

        This procedure describes how the laboratory bench is cleaned.

        ## 2 Scope

        - Benches in the QC laboratory.
        - Benches in the microbiology laboratory.
        - Fume hoods.
        - Balances and their tables.
        - Sample reception counters.

        ## 3 Definitions

        | Term | Meaning |
        | --- | --- |
        | Ethanol | 70 % ethanol in purified water |
        | Log | the cleaning log, form FORM-QA-001 |

        ## 4 Procedure

        1. Wear gloves.
        2. Clean the bench.
        3. Record the cleaning in the log.

        ## 5 Records

        Keep the log for five years after the last entry.

        ## 6 References

        None.

        """

    static let revision3 = """
        # Cleaning

        ## 1 Purpose

        This procedure describes how the laboratory bench is cleaned.

        Keep the log for five years after the last entry.

        ## 2 Scope

        - Benches in the QC laboratory.
        - Benches in the microbiology laboratory.
        - Fume hoods.
        - Balances and their tables.
        - Sample reception counters.

        ## 3 Definitions

        | Term | Meaning |
        | --- | --- |
        | Ethanol | 80 % ethanol in purified water |
        | Log | the cleaning log, form FORM-QA-001 |

        ## 4 Procedure

        1. Wear gloves.
        2. Clean the bench.
        3. Record the cleaning in the log.

        ## 5 Records

        ## 6 References

        None.

        """
}

@Suite("Rendered redlines")
struct RedlineTests {
    @Test func blocksAreTheRenderedText() throws {
        let blocks = try MarkdownDocument(
            "# T\n\nSome *emphasis* and [a link](x.md).\n\n1. First\n2. Second\n\n| A | B |\n|---|---|\n| x<br>y | ![Logo](l.png) |\n"
        ).blocks
        #expect(blocks.map(\.words) == ["T", "Some emphasis and a link.", "First", "Second", "A B", "x y [image: Logo]"])
        #expect(blocks[2].marker == "1." && blocks[3].marker == "2.")
        #expect(blocks[4].kind == .tableRow(header: true) && blocks[5].cells == ["x y", "[image: Logo]"])
    }

    @Test(.verifies("REQ-POR-006")) func aChangedCellAMovedParagraphAndAFrontMatterChange() throws {
        let redline = try #require(
            Redline.compare(
                oldBody: RedlineSample.revision2, newBody: RedlineSample.revision3,
                oldFrontMatter: "id: SOP-QA-001\nrevision: 2\ntraining:\n  roles: [lab-technician]\n  required: true\n",
                newFrontMatter:
                    "id: SOP-QA-001\nrevision: 3\nchange: \"Stronger ethanol\"\ntraining:\n  roles: [lab-technician]\n  required: false\n"))
        // The front matter: only what differs, nested fields by their path.
        #expect(
            redline.fields == [
                .init(field: "revision", before: "2", after: "3"), .init(field: "change", before: nil, after: "Stronger ethanol"),
                .init(field: "training.required", before: "true", after: "false"),
            ])

        // Exactly three blocks differ: the moved paragraph (inserted at its new place, deleted at its
        // old one) and the table row, where only the changed cell's word is marked.
        let changes = redline.entries.filter { !$0.isSame }
        let keep = "Keep the log for five years after the last entry."
        #expect(changes.count == 3)
        guard changes.count == 3 else { return }
        #expect(changes[0] == .inserted(changes[0].block) && changes[0].block.text == keep)
        guard case .changed(let old, let new, let words) = changes[1] else {
            Issue.record("the table row is not an edited block: \(changes[1])")
            return
        }
        #expect(old.cells == ["Ethanol", "70 % ethanol in purified water"])
        #expect(new.cells == ["Ethanol", "80 % ethanol in purified water"])
        #expect(words == [[.same("Ethanol")], [.deleted("70"), .inserted("80"), .same(" % ethanol in purified water")]])
        #expect(changes[2] == .deleted(changes[2].block) && changes[2].block.text == keep)
        #expect(redline.counts == (changed: 1, inserted: 1, deleted: 1, same: 19))

        // The HTML marks exactly those words; everything else is plain.
        let html = redline.html
        #expect(html.components(separatedBy: "<ins").count - 1 == 2)
        #expect(html.components(separatedBy: "<del").count - 1 == 2)
        #expect(html.contains("<p class=\"rl-inserted\"><ins title=\"inserted\">\(keep)</ins></p>"))
        #expect(html.contains("<p class=\"rl-deleted\"><del title=\"deleted\">\(keep)</del></p>"))
        #expect(
            html.contains(
                "<tr class=\"rl-changed\"><td>Ethanol</td><td class=\"rl-changed-cell\"><del title=\"deleted\">70</del><ins title=\"inserted\">80</ins> % ethanol in purified water</td></tr>"
            ))
        #expect(html.contains("<tr class=\"rl-same\"><td>Log</td><td>the cleaning log, form FORM-QA-001</td></tr>"))
        #expect(html.contains("<p class=\"rl-item rl-same rl-depth-1\"><span class=\"rl-marker\">1.</span> Wear gloves.</p>"))
        // The moved paragraph is inserted after the purpose and deleted under "5 Records".
        let inserted = try #require(html.range(of: "rl-inserted"))
        let deleted = try #require(html.range(of: "rl-deleted"))
        #expect(html.range(of: "This procedure describes")!.lowerBound < inserted.lowerBound)
        #expect(inserted.lowerBound < html.range(of: "2 Scope")!.lowerBound)
        #expect(html.range(of: "5 Records")!.lowerBound < deleted.lowerBound)
        #expect(deleted.lowerBound < html.range(of: "6 References")!.lowerBound)

        // Between the inserted paragraph and the table, two blocks of context stay on each side and
        // the four in the middle are folded (no script needed to unfold them).
        let folds = html.components(separatedBy: "<details class=\"rl-fold\">").dropFirst()
        #expect(folds.count == 1)
        let fold = try #require(folds.first?.components(separatedBy: "</details>").first)
        #expect(fold.contains("<summary>4 unchanged blocks — show</summary>"))
        for item in ["microbiology", "Fume hoods.", "Balances", "Sample reception"] { #expect(fold.contains(item)) }
        for shown in ["2 Scope", "QC laboratory", "3 Definitions", "Term"] { #expect(!fold.contains(shown)) }
    }

    @Test func aRewrittenBlockIsNotPairedWithAnUnrelatedOne() {
        let old = [MarkdownBlock.paragraph("Clean the bench with ethanol.")]
        let new = [MarkdownBlock.paragraph("Suppliers are audited every two years.")]
        let entries = Redline.compare(old, new)
        #expect(entries == [.deleted(old[0]), .inserted(new[0])])
        let edited = Redline.compare(old, [MarkdownBlock.paragraph("Clean the bench with water.")])
        #expect(edited.count == 1)
        if case .changed = edited.first {} else { Issue.record("an edit of one word is an edited block: \(edited)") }
    }

    @Test func aFrontMatterOnlyChangeFoldsTheWholeText() throws {
        let body = (1...12).map { "Paragraph \($0)." }.joined(separator: "\n\n")
        let redline = try #require(
            Redline.compare(oldBody: body, newBody: body, oldFrontMatter: "revision: 1\n", newFrontMatter: "revision: 2\n"))
        #expect(redline.fields == [.init(field: "revision", before: "1", after: "2")])
        #expect(redline.sections.count == 1 && redline.sections[0].folded)
        #expect(redline.html.hasPrefix("<details class=\"rl-fold\"><summary>12 unchanged blocks — show</summary>"))
    }
}

extension MarkdownBlock {
    static func paragraph(_ text: String) -> MarkdownBlock {
        MarkdownBlock(kind: .paragraph, text: text, cells: [], depth: 0, quoted: false, table: nil, marker: "", line: 1)
    }
}

@Suite("The redline page of the portal")
struct RedlinePageTests {
    @Test(.verifies("REQ-POR-006")) func thePortalsRedlineShowsTheRenderedTextAndTheFrontMatterTable() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        func release(_ revision: Int, training: String, body: String) throws {
            try fixture.branch("rev\(revision)")
            try fixture.write(
                "controlled-docs/SOP-QA-001.md",
                fixture.document(revision: revision, extra: "training:\n  roles: [lab-technician]\n  required: \(training)\n", body: body))
            try fixture.commit("SOP-QA-001 rev \(revision)", as: "alice")
            try fixture.approve("SOP-QA-001", revision: revision, as: "olga")
            try fixture.approve("SOP-QA-001", revision: revision, as: "quinn")
            try fixture.merge("rev\(revision)")
        }
        // The fixture writes "# Cleaning" itself; the samples' own first line is left out.
        func body(_ sample: String) -> String { sample.components(separatedBy: "\n").dropFirst(2).joined(separator: "\n") }
        try release(2, training: "true", body: body(RedlineSample.revision2))
        try release(3, training: "false", body: body(RedlineSample.revision3))
        let out = fixture.root.appendingPathComponent("site")
        let build = try StetProcess.run(
            ["build", "-C", fixture.repository.path, "--out", out.path, "--as-of", "2030-01-01", "--quiet"],
            environment: ["SOURCE_DATE_EPOCH": "1900000000"])
        #expect(build.status == 0, "\(build.stdout)\(build.stderr)")
        let page = try String(contentsOf: out.appendingPathComponent("documents/SOP-QA-001/redline-3.html"), encoding: .utf8)
        #expect(
            page.contains(
                "<tr><th scope=\"row\"><code>training.required</code></th><td><del title=\"deleted\">true</del></td><td><ins title=\"inserted\">false</ins></td></tr>"
            ))
        #expect(page.contains("<code>revision</code></th><td><del title=\"deleted\">2</del></td><td><ins title=\"inserted\">3</ins></td>"))
        #expect(!page.contains("<code>title</code>"))
        #expect(page.contains("1 block edited, 1 inserted, 1 deleted; 19 unchanged."))
        #expect(page.contains("<td class=\"rl-changed-cell\"><del title=\"deleted\">70</del><ins title=\"inserted\">80</ins>"))
        #expect(page.contains("<details class=\"rl-fold\"><summary>4 unchanged blocks — show</summary>"))
        // Rendered, not the Markdown source: no table pipes, no heading hashes.
        #expect(!page.contains("| Ethanol |") && !page.contains("## 2 Scope"))
    }
}

@Suite("stet diff in the terminal")
struct DiffCommandTests {
    @Test(.verifies("REQ-POR-006")) func aFourLineChangeInA200LineDocumentPrintsOnlyItsHunk() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let steps = (1...200).map { "\($0). Step \($0) of the cleaning procedure." }
        try fixture.branch("rev2")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 2, body: steps.joined(separator: "\n")))
        try fixture.commit("SOP-QA-001 rev 2", as: "alice")
        try fixture.approve("SOP-QA-001", revision: 2, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 2, as: "quinn")
        try fixture.merge("rev2")
        // Revision 3 in the working tree: steps 100 to 103 rewritten, training no longer required.
        var edited = steps
        for index in 99...102 { edited[index] = "\(index + 1). Step \(index + 1) of the cleaning procedure, signed by a second person." }
        try fixture.write(
            "controlled-docs/SOP-QA-001.md",
            fixture.document(
                revision: 3, extra: "training:\n  roles: [lab-technician]\n  required: false\n", body: edited.joined(separator: "\n")))

        let short = try StetProcess.run(["diff", "-C", fixture.repository.path, "SOP-QA-001"], environment: ["NO_COLOR": "1"])
        #expect(short.status == 0, "\(short.stderr)\(short.stdout)")
        let lines = short.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        // Header (4), front matter (rule, title, 4 fields), rule, hunk header, 3 + 4 + 3 lines.
        #expect(lines.count < 25, "\(short.stdout)")
        #expect(
            short.stdout.contains(
                "Front matter:\n  revision: [-2-]{+3+}\n  change: Revision [-2-]{+3+}\n  training.roles: {+[lab-technician]+}\n  training.required: {+false+}\n"
            ))
        // Steps 100–103 stand on lines 110–113 of revision 2's file (8 lines of front matter, the title, a
        // blank line), and three lines further down in revision 3's (its training block).
        #expect(short.stdout.contains("@@ -107,10 +110,10 @@\n97. Step 97 of the cleaning procedure.\n"))
        #expect(short.stdout.contains("100. Step 100 of the cleaning [-procedure.-]{+procedure, signed by a second person.+}\n"))
        #expect(
            short.stdout.contains("103. Step 103 of the cleaning [-procedure.-]{+procedure, signed by a second person.+}\n104. Step 104"))
        #expect(!short.stdout.contains("Step 96 ") && !short.stdout.contains("Step 107 "))

        let full = try StetProcess.run(["diff", "-C", fixture.repository.path, "SOP-QA-001", "--full"], environment: ["NO_COLOR": "1"])
        #expect(full.status == 0, "\(full.stderr)")
        #expect(full.stdout.split(separator: "\n").count > 200)
        #expect(full.stdout.contains("1. Step 1 of the cleaning procedure.\n") && full.stdout.contains("200. Step 200"))
        #expect(full.stdout.contains("100. Step 100 of the cleaning [-procedure.-]{+procedure, signed by a second person.+}\n"))

        let json = try StetProcess.run(["diff", "-C", fixture.repository.path, "SOP-QA-001", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let hunks = try #require(object["hunks"] as? [[String: Any]])
        #expect(hunks.count == 1)
        #expect(hunks.first?["oldStart"] as? Int == 107 && hunks.first?["newLines"] as? Int == 10)
        let fields = try #require(object["frontMatter"] as? [[String: Any]])
        #expect(fields.map { $0["field"] as? String } == ["revision", "change", "training.roles", "training.required"])
        #expect(fields.last?["before"] is NSNull)
        #expect((object["to"] as? [String: Any])?["revision"] as? Int == 3)
    }
}
