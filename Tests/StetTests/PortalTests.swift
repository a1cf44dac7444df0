import Foundation
import Testing

@testable import Control
@testable import Portal
@testable import Records

@Suite("The draft portal")
struct PortalTests {
    func build(_ fixture: Fixture, out: URL, expectStatus: Int32 = 0) throws -> StetProcess {
        let result = try StetProcess.run(["build", "--draft", "-C", fixture.root.path, "--out", out.path, "--as-of", "2026-11-22"])
        #expect(result.status == expectStatus, "\(result.stderr)")
        return result
    }

    func read(_ url: URL, _ path: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(path), encoding: .utf8)
    }

    @Test(.verifies("REQ-POR-001")) func registerAndDocumentPages() throws {
        let fixture = try Fixture()
        let out = fixture.root.appendingPathComponent("site")
        _ = try build(fixture, out: out)
        let register = try read(out, "index.html")
        #expect(register.contains("DRAFT — not released"))
        #expect(register.contains("href=\"documents/SOP-QA-001/index.html\""))
        #expect(register.contains("Content-Security-Policy"))
        #expect(register.contains("href=\"assets/stet.css\""))
        let page = try read(out, "documents/WI-LAB-001/index.html")
        #expect(page.contains("DRAFT — not released"))
        #expect(page.contains("Bob Owner (bob)"))
        #expect(page.contains("Clarified step 3"))
        #expect(page.contains("Laboratory Technician"))
        // The link to the other document's .md file points at its page, fragment kept.
        #expect(page.contains("href=\"../../documents/SOP-QA-001/index.html#purpose\""))
        #expect(!page.contains(".md\""))
        #expect(page.contains("Uncontrolled when printed"))
        // Nothing refers outside the site.
        for html in [register, page] {
            #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("src=\"//"))
        }
    }

    @Test(.verifies("REQ-DOC-008")) func documentSuppliedScriptNeverRuns() throws {
        let fixture = try Fixture()
        let body = """
            # Title

            <script>alert(1)</script>

            <img src=x onerror="alert(2)">

            [click](javascript:alert(3)) and [data](data:text/html;base64,PHNjcmlwdD4=)

            <a href="javascript:alert(4)" onclick="alert(5)">raw</a>

            """
        try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document(body: body))
        // The <img> names an attachment, which must exist (else broken-link, and the draft is not built).
        try fixture.write("controlled-docs/x", Data("not an image".utf8))
        let out = fixture.root.appendingPathComponent("site")
        _ = try build(fixture, out: out)
        let page = try read(out, "documents/SOP-QA-001/index.html")
        #expect(!page.contains("<script"))
        #expect(!page.contains("onerror"))
        #expect(!page.contains("onclick"))
        #expect(!page.contains("javascript:"))
        #expect(!page.contains("data:text/html"))
    }

    @Test(.verifies("REQ-POR-002")) func twoBuildsAreByteIdentical() throws {
        let fixture = try Fixture()
        let first = fixture.root.appendingPathComponent("one")
        let second = fixture.root.appendingPathComponent("two")
        _ = try build(fixture, out: first)
        _ = try build(fixture, out: second)
        let files = try FileManager.default.subpathsOfDirectory(atPath: first.path).sorted()
        #expect(files == (try FileManager.default.subpathsOfDirectory(atPath: second.path).sorted()))
        #expect(files.contains("documents/SOP-QA-001/index.html"))
        for file in files {
            let a = try? Data(contentsOf: first.appendingPathComponent(file))
            let b = try? Data(contentsOf: second.appendingPathComponent(file))
            #expect(a == b, "\(file)")
        }
    }

    @Test(.verifies("REQ-POR-003")) func aFailedBuildLeavesThePreviousPortalIntact() throws {
        let fixture = try Fixture()
        let out = fixture.root.appendingPathComponent("site")
        _ = try build(fixture, out: out)
        let before = try read(out, "documents/SOP-QA-001/index.html")

        // A broken template override: rendering fails, nothing is replaced.
        try fixture.write("site-templates/document.mustache", "{{#document}}unclosed section")
        try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document(body: "# Changed text\n"))
        let failed = try build(fixture, out: out, expectStatus: 1)
        #expect(failed.stderr.contains("site-templates/document.mustache"))
        #expect(failed.stderr.contains("previous portal is untouched"))
        #expect(try read(out, "documents/SOP-QA-001/index.html") == before)

        // Findings block the build too.
        try fixture.remove("site-templates/document.mustache")
        try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document(type: "NOPE"))
        let blocked = try build(fixture, out: out, expectStatus: 1)
        #expect(blocked.stderr.contains("[unknown-type]"))
        #expect(try read(out, "documents/SOP-QA-001/index.html") == before)

        // No staging folders are left behind.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.root.path).filter {
            $0.contains("stet-new") || $0.contains("stet-old")
        }
        #expect(leftovers == [])
    }

    @Test func aRepositoryOverridesTheThemeFileByFile() throws {
        let fixture = try Fixture()
        try fixture.write("site-templates/footer.mustache", "<footer>Custom footer for {{organization}}</footer>\n")
        let out = fixture.root.appendingPathComponent("site")
        _ = try build(fixture, out: out)
        let register = try read(out, "index.html")
        #expect(register.contains("Custom footer for Test Biologics"))
        // Files not overridden come from the built-in theme.
        #expect(register.contains("Document register"))
    }

    @Test(.verifies("REQ-POR-003")) func neverReplacesAFolderStetDidNotMake() throws {
        let fixture = try Fixture()
        let precious = fixture.root.appendingPathComponent("precious")
        try fixture.write("precious/thesis.txt", "years of work")
        let result = try build(fixture, out: precious, expectStatus: 2)
        #expect(result.stderr.contains("was not made by stet"))
        #expect(try read(precious, "thesis.txt") == "years of work")
    }

    @Test(.verifies("REQ-POR-003")) func rebuildingReplacesTheWholeFolder() throws {
        let fixture = try Fixture()
        let out = fixture.root.appendingPathComponent("site")
        _ = try build(fixture, out: out)
        try fixture.remove("controlled-docs/lab/WI-LAB-001.md")
        try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document())
        _ = try build(fixture, out: out)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("documents/WI-LAB-001/index.html").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(Publisher.marker).path))
    }

    @Test(.verifies("REQ-POR-001")) func bundledExampleRendersEveryDocument() throws {
        let snapshot = try SnapshotReader.read(from: WorkingTree(root: packageRoot))
        let files = try DraftSite.render(
            SiteInput(snapshot: snapshot, sourceCommit: nil, asOf: nil, stetVersion: "test"), theme: Theme.load(overridesFrom: nil))
        #expect(snapshot.documents.count >= 10)
        for document in snapshot.documents {
            let page = try #require(files[DraftSite.pagePath(of: document.id)])
            let html = String(decoding: page, as: UTF8.self)
            #expect(html.contains(document.frontMatter.title.replacingOccurrences(of: "&", with: "&amp;")))
            #expect(!html.contains(".md\""), "\(document.id) has an unrewritten link")
        }
    }
}

@Suite("The built-in theme is site-templates/")
struct ThemeTests {
    /// Fails when Sources/Portal/DefaultTheme.swift and site-templates/ disagree;
    /// `RECORD_THEME=1 swift test --filter ThemeTests` regenerates it.
    @Test func embeddedThemeMatchesSiteTemplates() throws {
        let folder = packageRoot.appendingPathComponent("site-templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        var files: [String: String] = [:]
        for name in names { files[name] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) }
        if ProcessInfo.processInfo.environment["RECORD_THEME"] == "1" {
            var source =
                "// Generated from site-templates/ by `RECORD_THEME=1 swift test --filter ThemeTests`; do not edit.\n// A test fails when this file and site-templates/ disagree.\n\nenum DefaultTheme {\n    static let files: [String: String] = [\n"
            for name in names { source += "        \"\(name)\": ####\"\"\"\n\(files[name]!)\n\"\"\"####,\n" }
            source += "    ]\n}\n"
            try source.write(to: packageRoot.appendingPathComponent("Sources/Portal/DefaultTheme.swift"), atomically: true, encoding: .utf8)
        }
        #expect(Theme.builtIn == files, "site-templates/ changed: run RECORD_THEME=1 swift test --filter ThemeTests")
        #expect(Set(Theme.templates.map { "\($0).mustache" } + Theme.assets).isSubset(of: Set(names)))
    }
}
