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

    @Test func bundledPortalLoadsWithoutConsoleErrors() throws {
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

    @Test func hostileDocumentRaisesNoScriptInTheBrowser() throws {
        let fixture = try Fixture()
        try fixture.write(
            "controlled-docs/SOP-QA-001.md",
            Fixture.document(body: "# T\n\n<script>console.error('pwned')</script>\n\n<img src=x onerror=\"console.error('pwned')\">\n"))
        let out = fixture.root.appendingPathComponent("site")
        let result = try StetProcess.run(["build", "--draft", "-C", fixture.root.path, "--out", out.path, "--quiet"])
        #expect(result.status == 0)
        let page = try load(out.appendingPathComponent("documents/SOP-QA-001/index.html"))
        #expect(!page.console.contains { $0.contains("pwned") })
        #expect(page.console == [])
    }
}
