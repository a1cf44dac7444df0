import Foundation
import Testing

@testable import Control
@testable import Markdown
@testable import Records
@testable import Repository

#if canImport(Glibc)
    import Glibc
#endif

/// The CPU time and peak memory of one `stet` child process, read from its own rusage
/// (wait4), so other tests running at the same time do not disturb the figures.
struct ChildCost {
    var status: Int32
    var cpuSeconds: Double
    var peakKilobytes: Int

    static func measure(_ arguments: [String]) throws -> ChildCost {
        let path = StetProcess.executable.path
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid = pid_t()
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) == -1 && errno == EINTR {}
        let cpu =
            Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        return ChildCost(status: (status >> 8) & 0xFF, cpuSeconds: cpu, peakKilobytes: usage.ru_maxrss)
    }
}

@Suite("Hostile Markdown: every document renders in bounded time and memory, or is refused")
struct BoundedMarkdownTests {
    /// Prose of about `bytes` bytes, in lines and paragraphs like a procedure's.
    static func plain(_ bytes: Int) -> String {
        var text = ""
        var index = 0
        while text.utf8.count < bytes {
            text += "Step \(index): the operator records the result in the logbook and signs it.\n"
            index += 1
            if index % 8 == 0 { text += "\n" }
        }
        return text
    }

    /// `lines` lines, each opening 60 lists inside the last item of the line before.
    static func deepLists(lines: Int) -> String {
        (0..<lines).map { String(repeating: " ", count: 120 * $0) + String(repeating: "- ", count: 60) + "x\n" }.joined()
    }

    /// `stet check` on a repository whose one document has `body`, measured as a child process.
    static func checkCost(body: String) throws -> ChildCost {
        let fixture = try Fixture()
        try fixture.remove("controlled-docs/lab/WI-LAB-001.md")
        try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document(body: body))
        return try ChildCost.measure(["check", "-C", fixture.root.path])
    }

    /// The amplification defects of issue 16: `stet check` on the hostile document costs about what it
    /// costs on a plain document of the same size (before the guard: 7.8 s and 1.2 GB for the table,
    /// 27–44 s for the openers), and refuses it with `markdown-limit`, exit 1.
    @Test(arguments: [
        (
            "table",
            "|" + String(repeating: "a|", count: 255) + "\n|" + String(repeating: "-|", count: 255) + "\n"
                + String(repeating: "x\n", count: 20_000)
        ),
        (
            "openers",
            "Intro\n" + String(repeating: "x <?\n", count: 19_500)
                + String(repeating: String(repeating: "word ", count: 2_000) + "\n", count: 60)
        ),
        (
            // Lists nested 1,800 deep by indentation, 60 levels per line (the per-line cap is 64), then lines
            // cmark-gfm walks every open container for: blank ones (before the guard: minutes).
            "nested-blank", Self.deepLists(lines: 30) + String(repeating: "\n", count: 300_000)
        ),
        (
            // The same, then lazy continuation lines of the innermost paragraph.
            "nested-lazy", Self.deepLists(lines: 30) + String(repeating: "y\n", count: 150_000)
        ),
        (
            // 523,000 one-character lines (1 MiB): a million cmark-gfm nodes, 218 MB before the element cap.
            "short-lines", String(repeating: "a\n", count: 523_000)
        ),
    ])
    func amplificationCostsNoMoreThanAPlainDocument(name: String, hostile: String) throws {
        let plain = try Self.checkCost(body: Self.plain(hostile.utf8.count))
        let attack = try Self.checkCost(body: hostile)
        #expect(plain.status == 0)
        #expect(attack.status == 1, "\(name): refused with a finding")
        // Ratios, not wall-clock limits: generous enough for a loaded machine, far below the defect (×30 and more).
        #expect(attack.cpuSeconds <= 3 * plain.cpuSeconds + 0.5, "\(name): \(attack.cpuSeconds) s against \(plain.cpuSeconds) s")
        #expect(
            Double(attack.peakKilobytes) <= 2 * Double(plain.peakKilobytes),
            "\(name): \(attack.peakKilobytes) KB against \(plain.peakKilobytes) KB")
    }

    /// Memory grows with the number of Markdown elements (cmark-gfm keeps a node for each): too many are refused
    /// with `markdown-limit` at the line that went over, and a document just under the cap (the worst shape:
    /// one-character lines) stays within a small multiple of a plain document of the same size.
    @Test(.verifies("REQ-DOC-008")) func tooManyMarkdownElementsAreRefusedAndTheCapBoundsMemory() throws {
        let fixture = try Fixture()
        try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document(body: String(repeating: "a\n", count: 523_000)))
        let finding = try #require(try fixture.check().with(.markdownLimit).first)
        #expect(finding.severity == .error)
        #expect(finding.message.contains("more than 600000 Markdown elements"), "\(finding.message)")
        #expect(finding.message.contains("split it into several documents"))
        // Refused at the line that went over (two elements a line; the front matter takes 7 lines).
        #expect(finding.line == 7 + MarkdownLimits.maximumElements / 2 + 1)
        let run = try StetProcess.run(["check", "-C", fixture.root.path])
        #expect(run.status == 1)
        #expect(run.stdout.contains("[markdown-limit]"))

        let underCap = String(repeating: "a\n", count: MarkdownLimits.maximumElements / 2 - 2_000)
        let plain = try Self.checkCost(body: Self.plain(underCap.utf8.count))
        let dense = try Self.checkCost(body: underCap)
        #expect(dense.status == 0, "a document under the cap is accepted")
        #expect(
            Double(dense.peakKilobytes) <= 5 * Double(plain.peakKilobytes),
            "\(dense.peakKilobytes) KB against \(plain.peakKilobytes) KB for plain text of the same size")
    }

    @Test(.verifies("REQ-DOC-008")) func theTableAndOpenerRefusalsNameTheConstructAndItsLine() throws {
        let fixture = try Fixture()
        let table =
            "# Log\n\n|" + String(repeating: "a|", count: 255) + "\n|" + String(repeating: "-|", count: 255) + "\n"
            + String(repeating: "x\n", count: 20_000)
        try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document(body: table))
        let finding = try #require(try fixture.check().with(.markdownLimit).first)
        #expect(finding.severity == .error)
        #expect(finding.file == "controlled-docs/SOP-QA-001.md")
        #expect(finding.line == 10)  // the table's header: body line 3, after 7 lines of front matter
        #expect(finding.message.contains("tables of more than 100000 cells"))
        #expect(finding.message.contains("255 columns"))

        let openers = "Intro\n" + String(repeating: "x <![CDATA[\n", count: 19_500) + String(repeating: "word ", count: 2_000) + "\n"
        try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document(body: openers))
        let opener = try #require(try fixture.check().with(.markdownLimit).first)
        #expect(opener.line == 9)
        #expect(opener.message.contains("19500 '<![CDATA[' HTML openers that are never closed"))
    }

    /// Nesting built up over lines is bounded by the lines it is kept open over; the refusal names the line
    /// that went deepest. Real nesting (eight levels, 36,000 lines with blank lines between) passes.
    @Test func nestingKeptOpenOverManyLinesIsRefusedAtItsDeepestLine() throws {
        let attack = "# Deep\n\n" + Self.deepLists(lines: 30) + String(repeating: "\n", count: 300_000)
        #expect(throws: MarkdownLimitError.self) { try MarkdownLimits.check(attack) }
        do {
            try MarkdownLimits.check(attack)
        } catch {
            #expect(error.line == 32)
            #expect(error.message.contains("levels deep here"))
        }
        var real = "# Steps\n\n"
        for step in 0..<4_000 {
            real += (0..<8).map { String(repeating: "  ", count: $0) + "- step \(step) level \($0)\n" }.joined() + "\n"
        }
        #expect(real.utf8.count < MarkdownLimits.maximumBytes)
        #expect(throws: Never.self) { try MarkdownLimits.check(real) }

        let fixture = try Fixture()
        try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document(body: attack))
        let finding = try #require(try fixture.check().with(.markdownLimit).first)
        #expect(finding.severity == .error)
        #expect(finding.line == 39)  // body line 32, after 7 lines of front matter
    }

    /// Real procedures stay well inside every limit: long tables, many links and addresses, comments, emphasis.
    @Test(.verifies("REQ-DOC-008")) func realProceduresPass() throws {
        var body = "# Cleaning\n\n<!-- reviewed yearly -->\n\n| Step | Action | Owner | Record |\n|---|:---:|---|---|\n"
        for row in 1...400 {
            body +=
                "| \(row) | Wipe **surface** \(row) with _70 % IPA_ | qa\(row)@example.test | [F-\(row)](https://qms.example.test/forms/\(row)) |\n"
        }
        body += "\n"
        for line in 1...2_000 { body += "See [SOP \(line)][ref-\(line % 50)] and <https://example.test/\(line)>; keep it <2 °C.\n" }
        body += "\n" + (0..<50).map { "[ref-\($0)]: https://qms.example.test/sops/\($0) \"SOP \($0)\"" }.joined(separator: "\n") + "\n"
        #expect(body.utf8.count > 150_000)
        #expect(throws: Never.self) { try MarkdownLimits.check(body) }
        #expect(try MarkdownDocument(body).html().contains("<table>"))
    }

    /// cmark-gfm parses each table cell on its own, so a long table with emphasis in every row passes; a line
    /// that only looks like a table (header and delimiter cells disagree), or a block started inside the table,
    /// keeps the lines one paragraph, and nested emphasis there is still refused.
    @Test func tableRowsCountAsTheirOwnParagraphsOnlyWhenSurelyATable() throws {
        let table =
            "| Step | Action |\n|---|---|\n" + (1...6_000).map { "| \($0) | **Record** the reading |" }.joined(separator: "\n") + "\n"
        #expect(throws: Never.self) { try MarkdownLimits.check(table) }
        let nested = String(repeating: "x ***a\n", count: 6_000) + String(repeating: "x a***\n", count: 6_000)
        #expect(throws: Never.self) { try MarkdownLimits.check("| a | b |\n|---|---|\n" + nested) }
        for disguise in ["a \\| b | c\n-|-|-\n", "a | b | c\n-|-\n", "| a | b |\n|---|---|\n- item\n"] {
            do {
                try MarkdownLimits.check(disguise + nested)
                Issue.record("not refused behind \(disguise.debugDescription)")
            } catch {
                #expect(error.message.contains("emphasis delimiters"), "\(error.message)")
            }
        }
    }

    /// One reproducer per pattern class of the 2023 cmark-gfm advisories (fixed after Debian 12's 0.29.0.gfm.6):
    /// each is refused by the pre-scan, with the construct named; without the guard each is super-linear in cmark-gfm.
    @Test(arguments: [
        // CVE-2023-22483: repeated unterminated `<?`, `<!X` and `<![CDATA[` openers rescanned to the paragraph's end.
        (
            "CVE-2023-22483", "a\n" + String(repeating: "x <!DOC\n", count: 5_000) + String(repeating: "word ", count: 2_000) + "\n",
            "'<!' HTML openers", 2
        ),
        // CVE-2023-22484: repeated unterminated `<!--` comment openers.
        (
            "CVE-2023-22484", "a\n" + String(repeating: "x <!--\n", count: 5_000) + String(repeating: "word ", count: 2_000) + "\n",
            "'<!--' HTML openers", 2
        ),
        // CVE-2023-22485: the autolink extension (e-mail autolinks copy the rest of their text for each match).
        ("CVE-2023-22485", String(repeating: String(repeating: "x@y.z ", count: 3_300) + "\n", count: 2), "e-mail addresses", 1),
        // CVE-2023-22486: `![[]()` repeated: bracket processing rescans the image openers.
        ("CVE-2023-22486", String(repeating: "![[]()\n", count: 7_000), "brackets", 1),
        // CVE-2023-24824: deeply nested strong emphasis (`***a` … `a***`).
        (
            "CVE-2023-24824", String(repeating: "***a\n", count: 6_000) + String(repeating: " a***\n", count: 6_000), "emphasis delimiters",
            1
        ),
        // CVE-2023-26485: a great many `_` delimiters in one paragraph.
        ("CVE-2023-26485", String(repeating: String(repeating: "a_ _b\n", count: 1_000) + "\n", count: 30), "emphasis delimiters", 25_026),
        // CVE-2023-28626: a wide table header over many short rows (every row padded to the header's width).
        (
            "CVE-2023-28626",
            "|" + String(repeating: "a|", count: 200) + "\n|" + String(repeating: "-|", count: 200) + "\n"
                + String(repeating: "x\n", count: 1_000), "tables of more than", 1
        ),
        // CVE-2023-37463: link reference definitions expanded at every use.
        (
            "CVE-2023-37463",
            "[a]: /" + String(repeating: "u", count: 15_000) + "\n\n"
                + String(repeating: String(repeating: "[a] ", count: 100) + "\n", count: 10), "link reference definitions", 3
        ),
    ])
    func cvePatternIsRefused(cve: String, reproducer: String, construct: String, line: Int) {
        do {
            try MarkdownLimits.check(reproducer)
            Issue.record("\(cve): not refused")
        } catch {
            #expect(error.message.contains(construct), "\(cve): \(error.message)")
            #expect(error.line == line, "\(cve): line \(error.line)")
        }
        #expect(throws: MarkdownLimitError.self) { try MarkdownDocument(reproducer) }
    }

    /// stet's own pass that places links on lines resumes where the last link was found, and its work is bounded.
    @Test(.verifies("REQ-DOC-008")) func placingManyLinksOnTheirLinesIsLinear() throws {
        func document(_ links: Int) throws -> MarkdownDocument {
            try MarkdownDocument((0..<links).map { "[l\($0)](https://example.test/&#x41;\($0)) text" }.joined(separator: "\n") + "\n")
        }
        let small = try document(1_000)
        let large = try document(8_000)
        #expect(small.links.count == 1_000)
        #expect(large.links.count == 8_000)
        // Linear: 8× the links costs about 8× (quadratic would be 64×). CPU time of this thread, best of three
        // interleaved runs of each (the links are found anew on each read).
        let cost = ThreadCost.ratio(runs: 3, small: { _ = small.links }, large: { _ = large.links })
        #expect(cost.ratio <= 24, "\(cost.large) s against \(cost.small) s")
    }
}
