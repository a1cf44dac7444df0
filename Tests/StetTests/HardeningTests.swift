import Foundation
import Testing

@testable import Control
@testable import Markdown
@testable import Portal
@testable import Records
@testable import Signatures

/// Regressions for problems found in an independent security review.
@Suite("Hardening: hostile inputs found in review")
struct HardeningTests {
    @Test(.verifies("REQ-DOC-008")) func combiningCharactersCannotSmuggleMarkupPastEscaping() throws {
        let fixture = try Fixture()
        // U+0600 (a prepended concatenation mark) and U+0301 (a combining accent) join with
        // the next or previous character into one grapheme, which character-level escaping misses.
        let title = "X \u{0600}<img src=x onerror=alert(1)\u{0600}> <\u{0301}script>"
        try fixture.write(
            "controlled-docs/SOP-QA-001.md",
            "---\nid: SOP-QA-001\ntitle: \"\(title)\"\ntype: SOP\nrevision: 1\nowner: bob\n---\n# T\n")
        try fixture.write(
            "stet.yaml",
            Fixture.stetYAML.replacingOccurrences(
                of: "name: Standard Operating Procedure", with: "name: \"SOP\u{0600}\\\" onmouseover=\u{0600}\\\"alert(1)\""))
        try fixture.write("roles/people.yaml", Fixture.peopleYAML.replacingOccurrences(of: "Bob Owner", with: "\"Bob \u{0600}<b>Owner\""))
        let out = fixture.root.appendingPathComponent("site")
        let result = try StetProcess.run(["build", "--draft", "-C", fixture.root.path, "--out", out.path, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        for page in ["index.html", "documents/SOP-QA-001/index.html"] {
            let html = try String(contentsOf: out.appendingPathComponent(page), encoding: .utf8)
            #expect(!String(html.unicodeScalars.filter { $0.value != 0x0600 && $0.value != 0x0301 }).contains("<img"), "\(page)")
            #expect(!String(html.unicodeScalars.filter { $0.value != 0x0600 }).contains("\" onmouseover"), "\(page)")
            #expect(!String(html.unicodeScalars.filter { $0.value != 0x0600 }).contains("<b>Owner"), "\(page)")
            #expect(!String(html.unicodeScalars.filter { $0.value != 0x0301 }).contains("<script"), "\(page)")
        }
        #expect(HTMLText.escape("\u{0600}<a\"'&>") == "\u{0600}&lt;a&quot;&#39;&amp;&gt;")
    }

    @Test(.verifies("REQ-CFG-003")) func emptyAllowedSignersOptionsDoNotCrash() throws {
        let fixture = try Fixture()
        let key = "AAAAC3NzaC1lZDI1NTE5AAAAIHmC4m2Wm8mX3hU8V4a6oWJ9lX9rj2T0tU4aXcQeQk2B"
        for options in [",,,", "=,=", "namespaces=\"\""] {
            try fixture.write("roles/allowed_signers", "alice@example.test \(options) ssh-ed25519 \(key)\n")
            let error = try #require(fixture.configurationErrors().first, "\(options)")
            #expect(error.line == 1)
        }
    }

    @Test(.verifies("REQ-DOC-001")) func lineBreaksOtherThanLFAreRefused() throws {
        let fixture = try Fixture()
        try fixture.write("controlled-docs/SOP-QA-001.md", "---\nid: SOP-QA-001\rtitle: T\rtype: SOP\rrevision: !!str 1\rowner: bob\n---\n")
        let cr = try #require(try fixture.check().with(.invalidFrontMatter).first)
        #expect(cr.line == 2)
        #expect(cr.message.contains("carriage return"))
        try fixture.write("controlled-docs/SOP-QA-001.md", "---\nid: SOP-QA-001\ntitle: T\u{2028}type: SOP\nrevision: 1\nowner: bob\n---\n")
        let separator = try #require(try fixture.check().with(.invalidFrontMatter).first)
        #expect(separator.line == 3)
        #expect(separator.message.contains("U+2028"))
    }

    @Test(.verifies("REQ-DOC-001")) func directivesAreRefused() throws {
        let fixture = try Fixture()
        try fixture.write("stet.yaml", "%TAG ! tag:evil.example,2026:\n--- \n" + Fixture.stetYAML)
        #expect(fixture.configurationErrors().first?.message.contains("YAML directive") == true)
    }

    @Test(.verifies("REQ-DOC-001")) func resolvedTagsOfPlainScalarsAreNotMistakenForExplicitTags() throws {
        let fixture = try Fixture()
        try fixture.write(
            "roles/people.yaml", Fixture.peopleYAML + "1001:\n  name: Numbered Person\n  email: n@example.test\n  roles: [lab-technician]\n"
        )
        #expect(fixture.configurationErrors() == [])
        try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document(extra: "~: x\n"))
        let finding = try #require(try fixture.check().first)
        #expect(finding.code == .unknownField)
    }

    @Test(.verifies("REQ-POR-003")) func publishRefusesSymlinksAndFakeMarkers() throws {
        let fixture = try Fixture()
        let real = fixture.root.appendingPathComponent("real-portal")
        let result = try StetProcess.run(["build", "--draft", "-C", fixture.root.path, "--out", real.path, "--quiet"])
        #expect(result.status == 0)
        let link = fixture.root.appendingPathComponent("portal-link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        let viaLink = try StetProcess.run(["build", "--draft", "-C", fixture.root.path, "--out", link.path, "--quiet"])
        #expect(viaLink.status == 2)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == real.path)

        let fake = fixture.root.appendingPathComponent("fake")
        try FileManager.default.createDirectory(at: fake.appendingPathComponent(Publisher.marker), withIntermediateDirectories: true)
        try fixture.write("fake/data.txt", "keep")
        let faked = try StetProcess.run(["build", "--draft", "-C", fixture.root.path, "--out", fake.path, "--quiet"])
        #expect(faked.status == 2)
        #expect(FileManager.default.fileExists(atPath: fake.appendingPathComponent("data.txt").path))
    }

    @Test(.verifies("REQ-DOC-007")) func symlinkedParentFoldersAreNotFollowed() throws {
        let fixture = try Fixture()
        let elsewhere = fixture.root.appendingPathComponent("elsewhere")
        try FileManager.default.moveItem(at: fixture.root.appendingPathComponent("roles"), to: elsewhere)
        try FileManager.default.createSymbolicLink(at: fixture.root.appendingPathComponent("roles"), withDestinationURL: elsewhere)
        #expect(fixture.configurationErrors().contains { $0.message.contains("must be a regular file") })

        let other = try Fixture()
        try FileManager.default.createDirectory(
            at: other.root.appendingPathComponent("site-templates-real"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: other.root.appendingPathComponent("site-templates"),
            withDestinationURL: other.root.appendingPathComponent("site-templates-real"))
        let result = try StetProcess.run([
            "build", "--draft", "-C", other.root.path, "--out", other.root.appendingPathComponent("site").path, "--quiet",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("site-templates: must be a real folder"))
    }

    @Test(.verifies("REQ-DOC-005")) func linksToMissingFilesOfAnyKindAreBroken() throws {
        let fixture = try Fixture()
        let body = """
            # T

            [a](lab/WI-LAB-001.md/) [b](lab/WI-LAB-001.md%20) [c](NOPE.md.) [d](missing.pdf) ![e](figure.png)
            [fine](lab/WI-LAB-001.md) [scheme-like](..:/x.md) [mail](mailto:qa@example.test)

            """
        try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document(body: body))
        let findings = try fixture.check().with(.brokenLink)
        let destinations = findings.map { $0.message }
        for broken in ["lab/WI-LAB-001.md/", "lab/WI-LAB-001.md%20", "NOPE.md.", "missing.pdf", "figure.png", "..:/x.md"] {
            #expect(destinations.contains { $0.contains("'\(broken)'") }, "\(broken)")
        }
        #expect(findings.count == 6)
        #expect(findings.allSatisfy { $0.line == 10 || $0.line == 11 })
    }

    @Test(.verifies("REQ-DOC-008")) func orderedListNestingIsCapped() throws {
        #expect(throws: MarkdownLimitError.self) { try MarkdownLimits.check(String(repeating: "1. ", count: 100) + "x\n") }
        #expect(throws: Never.self) { try MarkdownLimits.check("1. one\n2. two\n   1. nested\n") }
    }

    @Test(.verifies("REQ-CFG-001")) func manyPeopleDecodeInLinearTime() throws {
        func yaml(_ count: Int) -> String {
            var yaml = ""
            for index in 0..<count {
                yaml += "p\(index):\n  name: Person \(index)\n  email: p\(index)@example.test\n  roles: [lab-technician]\n"
            }
            return yaml
        }
        let large = yaml(20_000)
        let (people, problems) = Directory.decodePeople(large)
        #expect(problems == [])
        #expect(people.count == 20_000)
        // Four times the people must cost about four times the time, not sixteen (quadratic decoding took over 10 s
        // for 20,000). CPU time of this thread, best of three interleaved runs of each, measured here: the machine's
        // load cancels out of the ratio.
        let quarter = yaml(5_000)
        let cost = ThreadCost.ratio(runs: 3, small: { _ = Directory.decodePeople(quarter) }, large: { _ = Directory.decodePeople(large) })
        #expect(cost.ratio < 8, "20,000 people took \(cost.ratio)× the CPU time of 5,000 (\(cost.large) s against \(cost.small) s)")
    }
}
