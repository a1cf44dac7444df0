import Foundation
import Testing

@testable import Control
@testable import Portal
@testable import Records

/// Headless Chromium, when installed (`.ci/run` installs Debian's `chromium`).
let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

@Suite("The portal in a real browser", .enabled(if: chromium != nil, "Chromium is not installed; apt-get install chromium"))
struct BrowserTests {
    /// Loads a page from file:// and returns the rendered DOM and the console lines
    /// (script errors and Content-Security-Policy violations land there).
    func load(_ url: URL) throws -> (dom: String, console: [String]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium!)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--enable-logging=stderr", "--v=0",
            "--user-data-dir=\(FileManager.default.temporaryDirectory.appendingPathComponent("stet-chromium-\(UUID().uuidString)").path)",
            "--dump-dom", url.absoluteString,
        ]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let dom = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (dom, log.split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE") })
    }

    @Test(.verifies("REQ-POR-005")) func bundledPortalLoadsWithoutConsoleErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stet-browser-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let snapshot = try SnapshotReader.read(from: WorkingTree(root: packageRoot))
        let files = try DraftSite.render(
            SiteInput(snapshot: snapshot, sourceCommit: nil, asOf: nil, stetVersion: "test"), theme: Theme.load(overridesFrom: nil))
        try Publisher.publish(files, to: folder)

        let register = try load(folder.appendingPathComponent("index.html"))
        #expect(register.console == [])
        #expect(register.dom.contains("Document register"))
        let document = try load(folder.appendingPathComponent("documents/SOP-QA-001/index.html"))
        #expect(document.console == [])
        #expect(document.dom.contains("DRAFT — not released"))
    }

    @Test(.verifies("REQ-POR-005")) func hostileDocumentRaisesNoScriptInTheBrowser() throws {
        let fixture = try Fixture()
        try fixture.write(
            "controlled-docs/SOP-QA-001.md",
            Fixture.document(body: "# T\n\n<script>console.error('pwned')</script>\n\n<img src=x onerror=\"console.error('pwned')\">\n"))
        // The <img> names an attachment, which must exist (else broken-link): bytes no browser decodes, so that an
        // onerror handler left in place would fire.
        try fixture.write("controlled-docs/x", Data("not an image".utf8))
        let out = fixture.root.appendingPathComponent("site")
        let result = try StetProcess.run(["build", "--draft", "-C", fixture.root.path, "--out", out.path, "--quiet"])
        #expect(result.status == 0)
        let page = try load(out.appendingPathComponent("documents/SOP-QA-001/index.html"))
        #expect(!page.console.contains { $0.contains("pwned") })
        #expect(page.console == [])
    }

    @Test(.verifies("REQ-POR-005")) func recordPortalPagesLoadWithoutConsoleErrors() throws {
        let fixture = try portalFixture()
        let out = fixture.root.appendingPathComponent("site")
        let result = try StetProcess.run(["build", "-C", fixture.repository.path, "--out", out.path, "--as-of", "2030-01-01", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        for page in [
            "index.html", "documents/SOP-QA-001/index.html", "documents/SOP-QA-001/rev-1.html", "documents/SOP-QA-001/redline-2.html",
            "documents/SOP-QA-001/history.html", "reviews.html", "search.html", "documents/SOP-QA-002/index.html",
        ] {
            let loaded = try load(out.appendingPathComponent(page))
            #expect(loaded.console == [], "\(page): \(loaded.console)")
            #expect(loaded.dom.contains("Controlled Documents"), "\(page)")
        }
        // The scripts ran: the search page counted its index, the register shows its filter.
        #expect(try load(out.appendingPathComponent("search.html")).dom.contains("1 effective document indexed"))
        #expect(!(try load(out.appendingPathComponent("index.html")).dom.contains("class=\"filter-row\" hidden")))
    }

    @Test func sitePagesMatrixAndIndicatorsLoadWithoutConsoleErrors() throws {
        let portal = SitePortalTests()
        let fixture = try portal.fixture()
        let out = try portal.build(fixture)
        for page in ["sites/index.html", "sites/galway.html", "sites/harmonisation.html", "sites/indicators.html"] {
            let loaded = try load(out.appendingPathComponent(page))
            #expect(loaded.console == [], "\(page): \(loaded.console)")
            #expect(loaded.dom.contains("Controlled Documents"), "\(page)")
        }
        // The charts are in the DOM as SVG with their text equivalents.
        let indicators = try load(out.appendingPathComponent("sites/indicators.html")).dom
        #expect(indicators.contains("<svg class=\"chart\""))
        #expect(indicators.contains("<title id=\"compliance-title\">Training compliance by site"))
        #expect(indicators.contains("Galway, Ireland: 50 %"))
    }
}
