import Foundation
import Testing

@testable import Control
@testable import Markdown
@testable import Records

/// Raw HTML, heading ids, the repeated title and footnotes (PRODUCT.md §4.1).
@Suite("Raw HTML: the allowlist renders, the rest is dropped with a warning")
struct RawHTMLTests {
    static let body = """
        # A controlled procedure

        | Step | Who |
        | --- | --- |
        | Onboarding | New employee<br>HR Manager<br/>Team Lead |

        H<sub>2</sub>O and x<sup>2</sup>, press <kbd>Ctrl</kbd>.

        <div class="note" onclick="alert(1)">Inside a div</div>

        <script>alert("x")</script>

        ![Flow](figure.png) and <img src="flow.png" alt="Flow chart" onerror="alert(1)"> and <img src="https://evil.test/x.png">

        <details>
        <summary>More</summary>

        Hidden text.

        </details>

        ## Purpose

        See [the purpose](#purpose) and a note.[^1]

        ## Purpose

        [^1]: The footnote text.

        """

    @Test(.verifies("REQ-DOC-009")) func theAllowlistRendersAndTheRestIsDropped() throws {
        let html = try MarkdownDocument(Self.body).html(omittingTitle: "A controlled procedure")
        #expect(!html.contains("<h1"), "the H1 repeating the title is left out")
        #expect(html.contains("New employee<br>HR Manager<br>Team Lead"))
        #expect(html.contains("H<sub>2</sub>O and x<sup>2</sup>, press <kbd>Ctrl</kbd>."))
        #expect(html.contains("Inside a div"))
        #expect(html.contains("<img src=\"flow.png\" alt=\"Flow chart\">"))
        #expect(html.contains("<details>\n<summary>More</summary>"))
        #expect(html.contains("</details>"))
        // stet's own wrapper around each table (it scrolls on screen) is the only <div>.
        let raw = html.replacingOccurrences(of: "<div class=\"table-scroll\">", with: "")
        for unsafe in ["<div", "onclick", "onerror", "<script", "alert(", "evil.test", "raw HTML omitted"] {
            #expect(!raw.contains(unsafe), "\(unsafe)")
        }
        #expect(html.contains("<h2 id=\"purpose\">Purpose</h2>"))
        #expect(html.contains("<h2 id=\"purpose-1\">Purpose</h2>"))
        #expect(html.contains("<a href=\"#purpose\">the purpose</a>"))
        #expect(html.contains("class=\"footnotes\""))
        #expect(html.contains("The footnote text."))
        #expect(html.contains("href=\"#fn-1\""))
        #expect(!html.contains("[^1]"))
    }

    @Test func aTitleHeadingIsKeptWhenItSaysSomethingElse() throws {
        #expect(try MarkdownDocument("# Scope\n\nText.\n").html(omittingTitle: "Cleaning").contains("<h1 id=\"scope\">Scope</h1>"))
        #expect(!(try MarkdownDocument("# SOP-QA-001 Cleaning\n\nText.\n").html(omittingTitle: "Cleaning").contains("<h1")))
    }

    @Test func attributesAndEntitiesCannotEscape() throws {
        let html = try MarkdownDocument(
            "a <img src=\"x.png\" alt='\"><script>alert(1)</script>'> b <sup title=\"x\" style=\"color:red\">1</sup> &amp; <kbd>&lt;</kbd>\n"
        ).html()
        #expect(html.contains("<img src=\"x.png\" alt=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">"))
        #expect(html.contains("<sup>1</sup>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("style="))
    }

    @Test(.verifies("REQ-DOC-009")) func checkWarnsWithTheLineOfEachDroppedTag() throws {
        let fixture = try Fixture()
        let text = Fixture.document(body: Self.body)
        try fixture.write("controlled-docs/SOP-QA-001.md", text)
        try fixture.write("controlled-docs/figure.png", Data([0x89, 0x50, 0x4E, 0x47]))
        // The allowlisted <img> is an attachment: its file must exist too, or it is a broken-link (an error).
        try fixture.write("controlled-docs/flow.png", Data([0x89, 0x50, 0x4E, 0x47, 0x01]))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func line(of needle: String) -> Int { lines.firstIndex { $0.contains(needle) }! + 1 }
        let warnings = try fixture.check().with(.rawHTML)
        #expect(
            warnings.allSatisfy {
                $0.severity == .warning && $0.file == "controlled-docs/SOP-QA-001.md" && $0.document?.rawValue == "SOP-QA-001"
            })
        #expect(warnings.map(\.line) == [line(of: "<div"), line(of: "<script"), line(of: "evil.test")])
        #expect(
            warnings.first?.message
                == "raw HTML <div>, </div> is dropped from the portal; only <br>, <sup>, <sub>, <kbd>, <img> with a local src, and <details>/<summary> are shown: write it in Markdown instead (a table, a list, **bold**, ![image](file.png))"
        )
        #expect(warnings[1].message.hasPrefix("raw HTML <script> is dropped"))
        #expect(warnings[2].message.hasPrefix("raw HTML <img src=\"https://evil.test/x.png\"> is dropped"))
        // Warnings alone: exit 0, and the text output names them.
        let result = try StetProcess.run(["check", "-C", fixture.root.path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("raw-html"))
    }
}
