import Foundation
import Testing

@testable import Markdown

/// poppler-utils' `pdftotext`, when installed (`.ci/run` installs it).
let pdftotext = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].first { FileManager.default.isExecutableFile(atPath: $0) }

/// The portal printed by a real browser: Chromium prints pages of the demo's signed record to PDF, and poppler's
/// text layer (with each word's position) shows what is on paper and where.
@Suite(
    "Printed portal pages: every heading on paper, no text under the page footer",
    .enabled(if: chromium != nil && pdftotext != nil, "needs chromium and poppler-utils (apt-get install chromium poppler-utils)"))
struct PrintLayoutTests {
    struct Word {
        var text: String
        var xMin, yMin, xMax, yMax: Double
    }

    struct Page {
        var height: Double
        var words: [Word]
    }

    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func printToPDF(_ page: URL, into folder: URL) throws -> URL {
        let pdf = folder.appendingPathComponent(UUID().uuidString + ".pdf")
        _ = try run(
            chromium!,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer",
                "--user-data-dir=\(folder.appendingPathComponent("chromium-\(UUID().uuidString)").path)",
                "--print-to-pdf=\(pdf.path)", page.absoluteString,
            ])
        return pdf
    }

    /// The words of each page with their boxes, from `pdftotext -bbox` (points, origin top left).
    static func pages(of pdf: URL) throws -> [Page] {
        let xml = try run(pdftotext!, ["-bbox", pdf.path, "-"])
        var pages: [Page] = []
        func number(_ name: String, in line: Substring) -> Double {
            guard let range = line.range(of: "\(name)=\"") else { return 0 }
            return Double(line[range.upperBound...].prefix { $0 != "\"" }) ?? 0
        }
        for line in xml.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("<page ") {
                pages.append(Page(height: number("height", in: line), words: []))
            } else if trimmed.hasPrefix("<word "), let start = line.firstIndex(of: ">"), let end = line.range(of: "</word>") {
                let text = String(line[line.index(after: start)..<end.lowerBound])
                pages[pages.count - 1].words.append(
                    Word(
                        text: text, xMin: number("xMin", in: line), yMin: number("yMin", in: line), xMax: number("xMax", in: line),
                        yMax: number("yMax", in: line)))
            }
        }
        return pages
    }

    /// The text of the headings of an HTML page, tags removed and entities decoded.
    static func headings(in html: String) -> [String] {
        var found: [String] = []
        var rest = html[...]
        while let open = rest.range(of: "<h[1-6][^>]*>", options: .regularExpression) {
            guard let close = rest[open.upperBound...].range(of: "</h[1-6]>", options: .regularExpression) else { break }
            let inner = String(rest[open.upperBound..<close.lowerBound]).replacingOccurrences(
                of: "<[^>]+>", with: "", options: .regularExpression)
            found.append(
                inner.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<")
                    .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
                    .replacingOccurrences(of: "&#39;", with: "'"))
            rest = rest[close.upperBound...]
        }
        return found
    }

    static func normalized(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }

    /// Words in the footer band of each page other than the footer's own: below the top of the repeated
    /// "Uncontrolled when printed" notice when the page has one, else in the bottom page margin (20 mm),
    /// where only the page number stands.
    static func intruders(in pages: [Page]) -> [String] {
        var found: [String] = []
        for (number, page) in pages.enumerated() {
            let pageNumber = page.words.filter { $0.yMin > page.height - 56.7 && $0.xMin > 400 }
            let notice = page.words.first { $0.text == "Uncontrolled" }
            let noticeLine = notice.map { top in page.words.filter { abs($0.yMin - top.yMin) < 2 } } ?? []
            let bandTop = notice?.yMin ?? (page.height - 56.7)
            for word in page.words where word.yMax > bandTop + 0.5 {
                if noticeLine.contains(where: { $0.xMin == word.xMin && $0.yMin == word.yMin }) { continue }
                if pageNumber.contains(where: { $0.xMin == word.xMin && $0.yMin == word.yMin }) { continue }
                found.append("page \(number + 1): '\(word.text)' at y \(Int(word.yMin))–\(Int(word.yMax)), band from \(Int(bandTop))")
            }
        }
        return found
    }

    @Test(.verifies("REQ-POR-001")) func printedPagesKeepEveryHeadingAndNoTextUnderTheFooter() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stet-print-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let demo = try StetProcess.run(["demo", "-C", packageRoot.path, folder.appendingPathComponent("demo").path])
        #expect(demo.status == 0, "\(demo.stderr)")
        let portal = folder.appendingPathComponent("demo/portal")

        // A long document page (several printed pages) and a superseded revision: the notice, id and revision
        // stand at the foot of every page, in their own space.
        for (name, path, superseded) in [
            ("effective", "documents/SOP-QA-001/index.html", false), ("superseded", "documents/SOP-QA-001/rev-1.html", true),
        ] {
            let page = portal.appendingPathComponent(path)
            let pdf = try Self.printToPDF(page, into: folder)
            let pages = try Self.pages(of: pdf)
            #expect(pages.count >= 3, "\(name): a long document prints on several pages")
            #expect(pages.allSatisfy { $0.words.contains { $0.text == "Uncontrolled" } }, "\(name): the notice is on every page")
            #expect(Self.intruders(in: pages) == [], "\(name)")
            let text = Self.normalized(try Self.run(pdftotext!, ["-layout", pdf.path, "-"]))
            let headings = Self.headings(in: try String(contentsOf: page, encoding: .utf8))
            #expect(headings.count >= 5)
            for heading in headings {
                #expect(text.contains(Self.normalized(heading)), "\(name): the heading '\(heading)' is not on paper")
            }
            #expect(text.contains("SOP-QA-001 revision \(superseded ? 1 : 3)."))
            if superseded {
                #expect(text.contains("SUPERSEDED by revision"))
                #expect(text.contains("SUPERSEDED — NOT THE EFFECTIVE REVISION"))
            }
        }

        // The other page types: nothing but the page number in the bottom margin.
        for path in ["index.html", "documents/SOP-QA-001/history.html", "documents/SOP-QA-001/redline-2.html", "training/index.html"] {
            let page = portal.appendingPathComponent(path)
            let pdf = try Self.printToPDF(page, into: folder)
            let pages = try Self.pages(of: pdf)
            #expect(!pages.isEmpty, "\(path)")
            #expect(Self.intruders(in: pages) == [], "\(path)")
            let text = Self.normalized(try Self.run(pdftotext!, ["-layout", pdf.path, "-"]))
            for heading in Self.headings(in: try String(contentsOf: page, encoding: .utf8)) {
                #expect(text.contains(Self.normalized(heading)), "\(path): the heading '\(heading)' is not on paper")
            }
        }
    }

    /// On screen a wide table scrolls in its own box: document tables and the portal's own tables are wrapped.
    @Test func tablesAreWrappedToScrollOnScreen() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stet-print-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let fixture = try Fixture()
        let header = "|" + (1...12).map { " Column \($0) |" }.joined()
        let table =
            header + "\n|" + String(repeating: "---|", count: 12) + "\n|" + String(repeating: " value 2026-01-02 |", count: 12) + "\n"
        try fixture.write(
            "controlled-docs/SOP-QA-001.md", Fixture.document(body: "# Wide\n\n" + table + "\n> **Note:** read this first.\n"))
        let out = folder.appendingPathComponent("site")
        #expect(try StetProcess.run(["build", "--draft", "-C", fixture.root.path, "--out", out.path, "--quiet"]).status == 0)
        let html = try String(contentsOf: out.appendingPathComponent("documents/SOP-QA-001/index.html"), encoding: .utf8)
        #expect(html.contains("<div class=\"table-scroll\"><table>"))
        #expect(html.contains("</table></div>"))
        #expect(html.contains("<blockquote>"))
        // Dates and UTC times in the text never break inside; attributes and longer tokens are left alone.
        #expect(html.contains("value <span class=\"ts\">2026-01-02</span>"))
        let dated = try MarkdownDocument(
            "On 2026-01-02T10:30:00Z and 2026-02-03, not 2026-01-02x or 12026-01-02; [link](http://x.test/2026-01-02).\n"
        ).html()
        #expect(dated.contains("On <span class=\"ts\">2026-01-02T10:30:00Z</span> and <span class=\"ts\">2026-02-03</span>,"))
        #expect(dated.contains("not 2026-01-02x or 12026-01-02;"))
        #expect(dated.contains("href=\"http://x.test/2026-01-02\""))
        let register = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(register.contains("<div class=\"table-scroll\"><table class=\"register-table\" id=\"register\">"))
    }
}
