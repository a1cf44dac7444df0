import Foundation
import Testing

@testable import Records

@Suite("stet import: existing Markdown documents brought under control on a branch, ready for approval")
struct ImportTests {
    /// A git configuration for `person` with their SSH signing key, as a user would have it.
    func environment(_ fixture: GitFixture, as person: String) throws -> [String: String] {
        let config = fixture.root.appendingPathComponent("gitconfig-\(person)")
        try """
        [user]
            name = \(person)
            email = \(fixture.email(person))
            signingkey = \(fixture.keys.appendingPathComponent(person).path)
        [gpg]
            format = ssh
        """.write(to: config, atomically: true, encoding: .utf8)
        return [
            "GIT_CONFIG_GLOBAL": config.path, "GIT_CONFIG_NOSYSTEM": "1", "HOME": fixture.root.path,
            "GIT_COMMITTER_DATE": "\(fixture.clock + 1800) +0000", "GIT_AUTHOR_DATE": "\(fixture.clock + 1800) +0000",
        ]
    }

    func write(_ root: URL, _ path: String, _ data: Data) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
    static let docx = Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0, 6, 0, 8, 0]) + Data("[Content_Types].xml".utf8)

    /// A folder shaped like real legacy SOPs: another tool's front matter (with a trailing space after
    /// `---`, a legacy revision and dates, a nested mapping), raw HTML, an image with a space in its
    /// name, a .docx form, relative links between the files, and a file with no heading.
    func legacyFolder(_ fixture: GitFixture) throws -> URL {
        let legacy = fixture.root.appendingPathComponent("legacy")
        try write(
            legacy, "quality/QP-0003 Document Control.md",
            Data(
                """
                --- \r
                title: Document Control\r
                Document Number: QP-0003\r
                Rev: 7\r
                Effective Date: 2019-04-01\r
                Last Reviewed: 2025-02-01\r
                owner: Olga Owner\r
                doc_type: SOP\r
                department: Quality\r
                approvals:\r
                  qa: J. Smith\r
                ---\r
                # Document Control\r
                \r
                Cleaning follows [the cleaning instruction](../WI-12%20Cleaning.md#steps); training is
                recorded on the [training form](<../forms/Training Form.docx>).

                | Step | Who |
                |---|---|
                | Draft<br>Review | Author<br>QA |

                <img src="img/flow chart.png" alt="Flow">

                ![Flow](img/flow%20chart.png "The flow")

                """.utf8))
        try write(
            legacy, "WI-12 Cleaning.md",
            Data(
                """
                # Cleaning the Line

                ## Steps

                Back to [document control](quality/QP-0003%20Document%20Control.md). The same
                [form][form] again, and [the web](https://example.com/a.md).

                [form]: forms/Training%20Form.docx

                """.utf8))
        try write(legacy, "notes.md", Data("Notes kept beside the procedures, with no heading.\n".utf8))
        try write(legacy, "quality/img/flow chart.png", Self.png)
        try write(legacy, "forms/Training Form.docx", Self.docx)
        return legacy
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test(.verifies("REQ-CLI-006")) func aLegacyFolderIsImportedLinkedApprovedAndVerifiedAndASecondRunChangesNothing() throws {
        let fixture = try GitFixture()
        try fixture.writeConfiguration()
        try fixture.write("controlled-docs/.gitkeep", "")
        try fixture.commit("Configuration", as: "adam")
        let legacy = try legacyFolder(fixture)
        let repository = fixture.repository.path
        let alice = try environment(fixture, as: "alice")

        // Without a mapping file, notes.md has no type and no owner: nothing is written, no branch made.
        let undecided = try StetProcess.run(["import", legacy.path, "-C", repository, "--branch", "import/legacy"], environment: alice)
        #expect(undecided.status == 1, "\(undecided.stdout)\(undecided.stderr)")
        #expect(undecided.stdout.contains("nothing was written"))
        #expect(undecided.stdout.contains("legacy/notes.md: no type: give it in the mapping file's type column"))
        #expect(undecided.stdout.contains("legacy/notes.md: no owner"))
        #expect(!(try fixture.git(["branch", "--list"])).contains("import/legacy"))

        // A mapping file settles it; a name that is almost a person's gets a suggestion.
        let map = fixture.root.appendingPathComponent("map.csv")
        try "source,type,owner,title,training-roles\nnotes.md,WI,O. Owner,,\n".write(to: map, atomically: true, encoding: .utf8)
        let suggested = try StetProcess.run(
            ["import", legacy.path, "--map", map.path, "-C", repository, "--branch", "import/legacy"], environment: alice)
        #expect(suggested.status == 1)
        #expect(suggested.stdout.contains("the owner 'O. Owner' (map line 2) is nobody in roles/people.yaml"))
        #expect(suggested.stdout.contains("(did you mean olga, Olga Owner?)"))

        try "source,type,owner,title,training-roles\nnotes.md,WI,olga,,\n\"WI-12 Cleaning.md\",,olga,,lab-technician\n".write(
            to: map, atomically: true, encoding: .utf8)
        let imported = try StetProcess.run(
            ["import", legacy.path, "--map", map.path, "-C", repository, "--branch", "import/legacy", "--format", "json"],
            environment: alice)
        #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
        let report = try json(imported.stdout)
        #expect(report["ok"] as? Bool == true)
        #expect(report["branch"] as? String == "import/legacy")
        #expect(report["changed"] as? Bool == true)
        let documents = try #require(report["documents"] as? [[String: Any]])
        #expect(
            documents.map { $0["source"] as? String } == [
                "legacy/WI-12 Cleaning.md", "legacy/notes.md", "legacy/quality/QP-0003 Document Control.md",
            ])
        #expect(documents.map { $0["id"] as? String } == ["WI-001", "WI-002", "SOP-001"])
        #expect(
            documents.map { $0["path"] as? String } == [
                "controlled-docs/wi/WI-001.md", "controlled-docs/wi/WI-002.md", "controlled-docs/sop/SOP-001.md",
            ])
        #expect(documents.map { $0["title"] as? String } == ["Cleaning the Line", "notes", "Document Control"])
        let sopInferred = try #require(documents[2]["inferred"] as? [[String: String]])
        #expect(
            sopInferred.contains {
                $0["field"] == "owner" && $0["value"] == "olga" && $0["from"]!.contains("the person named 'Olga Owner'")
            })
        #expect(sopInferred.contains { $0["field"] == "type" && $0["value"] == "SOP" })
        let wiInferred = try #require(documents[0]["inferred"] as? [[String: String]])
        #expect(wiInferred.contains { $0["field"] == "type" && $0["value"] == "WI" && $0["from"] == "legacy id WI-12" })
        let notesInferred = try #require(documents[1]["inferred"] as? [[String: String]])
        #expect(notesInferred.contains { $0["field"] == "title" && $0["from"]!.contains("it has no heading") })
        let attachments = try #require(report["attachments"] as? [[String: Any]])
        #expect(
            attachments.map { $0["path"] as? String } == [
                "controlled-docs/wi/WI-001/Training-Form.docx", "controlled-docs/sop/SOP-001/flow-chart.png",
            ])
        #expect((attachments[0]["documents"] as? [String]) == ["WI-001", "SOP-001"])
        #expect(try fixture.git(["rev-parse", "--abbrev-ref", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines) == "import/legacy")
        let importCommit = try fixture.head()
        #expect(report["commit"] as? String == importCommit)
        #expect(try fixture.git(["cat-file", "commit", "HEAD"]).contains("gpgsig -----BEGIN SSH SIGNATURE-----"))

        // The documents: stet's front matter, legacy metadata, foreign fields kept, links rewritten, HTML kept.
        let sop = try String(contentsOf: fixture.repository.appendingPathComponent("controlled-docs/sop/SOP-001.md"), encoding: .utf8)
        #expect(
            sop.hasPrefix(
                """
                ---
                id: SOP-001
                title: "Document Control"
                type: SOP
                revision: 1
                owner: olga
                legacy:
                  id: "QP-0003"
                  revision: "7"
                  effective: 2019-04-01
                  last-review: 2025-02-01
                x-imported-from: "../legacy/quality/QP-0003 Document Control.md"
                x-department: "Quality"
                x-approvals-qa: "J. Smith"
                ---

                # Document Control

                """))
        #expect(!sop.contains("\r"))
        #expect(sop.contains("[the cleaning instruction](../wi/WI-001.md#steps)"))
        #expect(sop.contains("[training form](<../wi/WI-001/Training-Form.docx>)"))
        #expect(sop.contains("| Draft<br>Review | Author<br>QA |"))
        #expect(sop.contains("<img src=\"SOP-001/flow-chart.png\" alt=\"Flow\">"))
        #expect(sop.contains("![Flow](SOP-001/flow-chart.png \"The flow\")"))
        let wi = try String(contentsOf: fixture.repository.appendingPathComponent("controlled-docs/wi/WI-001.md"), encoding: .utf8)
        #expect(wi.contains("training:\n  roles: [lab-technician]\n  required: false\n"))
        #expect(wi.contains("legacy:\n  id: \"WI-12\"\n"))
        #expect(wi.contains("Back to [document control](../sop/SOP-001.md)."))
        #expect(wi.contains("[form]: WI-001/Training-Form.docx"))
        #expect(wi.contains("[the web](https://example.com/a.md)"))
        #expect(
            FileManager.default.contents(
                atPath: fixture.repository.appendingPathComponent("controlled-docs/sop/SOP-001/flow-chart.png").path)
                == Self.png)
        #expect(
            FileManager.default.contents(
                atPath: fixture.repository.appendingPathComponent("controlled-docs/wi/WI-001/Training-Form.docx").path)
                == Self.docx)
        // The sources are read, never changed.
        #expect(FileManager.default.fileExists(atPath: legacy.appendingPathComponent("notes.md").path))

        // A second run with the same inputs changes nothing and says so.
        let again = try StetProcess.run(
            ["import", legacy.path, "--map", map.path, "-C", repository, "--branch", "import/legacy"], environment: alice)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(again.stdout.contains("nothing changed: every source is imported already (no new commit)"))
        #expect(try fixture.head() == importCommit)
        #expect(try fixture.git(["status", "--porcelain"]).isEmpty)

        // The draft portal previews the migrated documents with their legacy metadata before anyone approves.
        let draft = try StetProcess.run([
            "build", "--draft", "-C", repository, "--out", fixture.root.appendingPathComponent("draft").path, "--quiet",
        ])
        #expect(draft.status == 0, "\(draft.stdout)\(draft.stderr)")
        let draftPage = try String(
            contentsOf: fixture.root.appendingPathComponent("draft/documents/SOP-001/index.html"), encoding: .utf8)
        #expect(draftPage.contains("<dt>Revision</dt><dd>1 (legacy 7)</dd>"))
        #expect(draftPage.contains("<tr><th scope=\"row\">x-department</th><td>Quality</td></tr>"))

        // What remains is approval; one commit approves all three.
        let check = try StetProcess.run(["check", "--base", "main", "-C", repository])
        #expect(check.status == 1)
        #expect(check.stdout.components(separatedBy: "[missing-approval]").count - 1 == 3, "\(check.stdout)")
        #expect(!check.stdout.contains("[broken-link]"))
        let byOwner = try StetProcess.run(
            ["approve", "WI-001", "WI-002", "SOP-001", "-C", repository], environment: environment(fixture, as: "olga"))
        #expect(byOwner.status == 0, "\(byOwner.stdout)\(byOwner.stderr)")
        #expect(
            try fixture.git(["log", "-1", "--format=%B"]).contains(
                "Approves: WI-001 rev 1\nApproves: WI-002 rev 1\nApproves: SOP-001 rev 1"))
        let byQA = try StetProcess.run(["approve", "SOP-001", "-C", repository], environment: environment(fixture, as: "quinn"))
        #expect(byQA.status == 0, "\(byQA.stdout)\(byQA.stderr)")
        let clean = try StetProcess.run(["check", "--base", "main", "-C", repository])
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")

        // Merged, the record verifies clean.
        try fixture.merge("import/legacy")
        let verify = try StetProcess.run(["verify", "-C", repository])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")

        // Revision 1 of a migrated document with training.required: false obliges no one (Alice holds lab-technician).
        let training = try StetProcess.run(["training", "-C", repository, "--format", "json"])
        #expect(training.status == 0, "\(training.stderr)")
        let obligations = try #require(try json(training.stdout)["obligations"] as? [[String: Any]])
        #expect(!obligations.contains { ($0["document"] as? String).map { ["WI-001", "WI-002", "SOP-001"].contains($0) } == true })

        // The portal shows and exports the legacy metadata; the last review in the previous system restarts the review clock.
        let portal = fixture.root.appendingPathComponent("portal")
        let build = try StetProcess.run(["build", "-C", repository, "--out", portal.path, "--quiet"])
        #expect(build.status == 0, "\(build.stdout)\(build.stderr)")
        let page = try String(contentsOf: portal.appendingPathComponent("documents/SOP-001/index.html"), encoding: .utf8)
        #expect(page.contains("<dt>Revision</dt><dd>1 (legacy 7)</dd>"))
        #expect(page.contains("<dt>Previous system</dt><dd>QP-0003, revision 7, effective 2019-04-01, last reviewed 2025-02-01</dd>"))
        #expect(page.contains("<tr><th scope=\"row\">x-department</th><td>Quality</td></tr>"))
        #expect(page.contains("<tr><th scope=\"row\">x-approvals-qa</th><td>J. Smith</td></tr>"))
        let wiPage = try String(contentsOf: portal.appendingPathComponent("documents/WI-002/index.html"), encoding: .utf8)
        #expect(wiPage.contains("<dt>Revision</dt><dd>1</dd>"))
        #expect(!wiPage.contains("Previous system"))
        let export = try json(String(contentsOf: portal.appendingPathComponent("api/documents.json"), encoding: .utf8))
        let exported = try #require((export["documents"] as? [[String: Any]])?.first { $0["id"] as? String == "SOP-001" })
        #expect(
            exported["legacy"] as? [String: String] == [
                "id": "QP-0003", "revision": "7", "effective": "2019-04-01", "lastReview": "2025-02-01",
            ])
        #expect((exported["fields"] as? [String: String])?["x-department"] == "Quality")
        #expect((exported["effective"] as? [String: Any])?["revision"] as? Int == 1)
        let register = try String(contentsOf: portal.appendingPathComponent("register.csv"), encoding: .utf8)
        #expect(
            register.hasPrefix(
                "\"schema\",\"id\",\"title\",\"type\",\"status\",\"revision\",\"effective\",\"owner\",\"next_review\",\"pending_revision\",\"legacy_id\",\"legacy_revision\"\r\n"
            ))
        // SOP reviews every 24 months: from the legacy last review (2025-02-01), not from the import's release.
        #expect(register.contains("\"SOP-001\",\"Document Control\",\"SOP\",\"effective\",\"1\","))
        #expect(register.contains("\"olga\",\"2027-02-01\",\"\",\"QP-0003\",\"7\"\r\n"))
        // WI-002 has no legacy review: 36 months from its release.
        let released = try #require(
            (try json(String(contentsOf: portal.appendingPathComponent("api/documents.json"), encoding: .utf8))["documents"]
                as? [[String: Any]])?.first { $0["id"] as? String == "WI-002" })
        let effectiveDate = try #require(((released["effective"] as? [String: Any])?["effectiveDate"] as? String)?.prefix(10))
        let due = try #require(CalendarDate(String(effectiveDate))).adding(months: 36)
        #expect(register.contains("\"WI-002\",\"notes\",\"WI\",\"effective\",\"1\","))
        #expect(register.contains("\"olga\",\"\(due)\",\"\",\"\",\"\"\r\n"))
    }

    @Test(.verifies("REQ-CLI-006")) func importRefusesADirtyTreeAnExistingBranchAndSourcesInsideTheDocumentsFolder() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let legacy = try legacyFolder(fixture)
        let repository = fixture.repository.path
        let alice = try environment(fixture, as: "alice")

        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 1, body: "Edited."))
        let dirty = try StetProcess.run(["import", legacy.path, "--owner", "olga", "--type", "SOP", "-C", repository], environment: alice)
        #expect(dirty.status == 2)
        #expect(dirty.stderr.contains("the working tree has uncommitted changes"))
        #expect(dirty.stderr.contains("controlled-docs/SOP-QA-001.md"))
        _ = try fixture.git(["checkout", "--", "controlled-docs/SOP-QA-001.md"])

        try fixture.branch("import/old")
        try fixture.checkout("main")
        let existing = try StetProcess.run(
            ["import", legacy.path, "--owner", "olga", "--type", "SOP", "--branch", "import/old", "-C", repository], environment: alice)
        #expect(existing.status == 2)
        #expect(
            existing.stderr.contains("the branch import/old exists already. To continue that import, switch to it (git switch import/old)"))

        let release = try StetProcess.run(
            ["import", legacy.path, "--owner", "olga", "--type", "SOP", "--branch", "main", "-C", repository], environment: alice)
        #expect(release.status == 2)
        #expect(release.stderr.contains("main is the release branch"))

        try fixture.write("controlled-docs/legacy/old.md", "# Old\n")
        let inside = try StetProcess.run(
            [
                "import", fixture.repository.appendingPathComponent("controlled-docs/legacy").path, "--owner", "olga", "--type", "SOP",
                "-C", repository,
            ],
            environment: alice)
        #expect(inside.status == 2)
        #expect(inside.stderr.contains("is inside controlled-docs, where every Markdown file must already be a controlled document"))
        #expect(try fixture.git(["branch", "--list"]).split(separator: "\n").count == 3)  // main, add-sop, import/old
    }

    @Test(.verifies("REQ-CLI-006")) func aYAMLMappingRowThatMatchesTwoFilesIsAmbiguousAndNextIdsFollowTheExistingOnes() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let legacy = fixture.root.appendingPathComponent("legacy")
        try write(legacy, "a/Cleaning.md", Data("# Cleaning A\n".utf8))
        try write(legacy, "b/Cleaning.md", Data("# Cleaning B\n".utf8))
        let map = fixture.root.appendingPathComponent("map.yaml")
        try "- source: Cleaning.md\n  type: SOP\n".write(to: map, atomically: true, encoding: .utf8)
        let alice = try environment(fixture, as: "alice")
        let ambiguous = try StetProcess.run(
            ["import", legacy.path, "--map", map.path, "--owner", "olga", "-C", fixture.repository.path], environment: alice)
        #expect(ambiguous.status == 1)
        #expect(
            ambiguous.stdout.contains(
                "map.yaml:1: the mapping row for 'Cleaning.md' matches 2 files (legacy/a/Cleaning.md, legacy/b/Cleaning.md)"))

        // Paths under the folder say which; the area and folder of the existing SOPs give the ids.
        try "- source: a/Cleaning.md\n  type: SOP\n  folder: controlled-docs\n- source: legacy/b/Cleaning.md\n  type: SOP\n  area: QA\n"
            .write(to: map, atomically: true, encoding: .utf8)
        let imported = try StetProcess.run(
            ["import", legacy.path, "--map", map.path, "--owner", "olga", "-C", fixture.repository.path, "--format", "json"],
            environment: alice)
        #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
        let documents = try #require(try json(imported.stdout)["documents"] as? [[String: Any]])
        #expect(documents.map { $0["id"] as? String } == ["SOP-QA-002", "SOP-QA-003"])
        #expect(documents.map { $0["path"] as? String } == ["controlled-docs/SOP-QA-002.md", "controlled-docs/sop/SOP-QA-003.md"])
        let branch = try fixture.git(["rev-parse", "--abbrev-ref", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(branch.hasPrefix("import/20"))
    }

    @Test(.verifies("REQ-CLI-006")) func messyFilesGetMessagesThatSayWhereAndHowToFix() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let legacy = fixture.root.appendingPathComponent("legacy")
        // A title with ': ' unquoted: the YAML cannot be read; the message gives the line and the fix.
        try write(legacy, "broken.md", Data("---\ntitle: Cleaning: Line 2\nowner: olga\n---\n# Cleaning\n".utf8))
        let alice = try environment(fixture, as: "alice")
        let broken = try StetProcess.run(["import", legacy.path, "--type", "SOP", "-C", fixture.repository.path], environment: alice)
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("legacy/broken.md:2: its front matter cannot be read"))
        #expect(broken.stdout.contains("quote values that contain ': '"))
        #expect(broken.stdout.contains("nothing was written"))

        // An owner id mistyped gets the nearest id; a Setext title is a title; a date stet cannot read is kept and reported.
        try write(legacy, "broken.md", Data("---\nowner: olgaa\n---\nCleaning the Line\n=================\n".utf8))
        let typo = try StetProcess.run(["import", legacy.path, "--type", "SOP", "-C", fixture.repository.path], environment: alice)
        #expect(typo.status == 1)
        #expect(typo.stdout.contains("the owner 'olgaa' (front matter (line 2)) is nobody in roles/people.yaml"))
        #expect(typo.stdout.contains("(did you mean olga, Olga Owner?)"))

        // A link that climbs out of the folders being imported (a hostile template) copies nothing.
        try Data("secret".utf8).write(to: fixture.root.appendingPathComponent("secret.txt"))
        try write(
            legacy, "broken.md",
            Data("---\nowner: olga\nEffective Date: 1 April 2019\n---\nCleaning the Line\n=================\n\n![x](../secret.txt)\n".utf8))
        let dated = try StetProcess.run(
            ["import", legacy.path, "--type", "SOP", "-C", fixture.repository.path, "--format", "json"], environment: alice)
        #expect(dated.status == 1, "\(dated.stdout)\(dated.stderr)")
        let report = try json(dated.stdout)
        #expect(report["changed"] as? Bool == true)
        #expect((report["documents"] as? [[String: Any]])?.first?["title"] as? String == "Cleaning the Line")
        let decisions = try #require(report["decisions"] as? [[String: Any]])
        #expect(decisions.count == 2)
        #expect(decisions.allSatisfy { $0["blocking"] as? Bool == false })
        #expect(decisions.first?["line"] as? Int == 3)
        #expect((decisions.first?["message"] as? String)?.contains("'1 April 2019'") == true)
        #expect(decisions.last?["line"] as? Int == 8)
        #expect(
            (decisions.last?["message"] as? String)?.contains("links to ../secret.txt, which is outside the folders being imported") == true
        )
        #expect((report["attachments"] as? [Any])?.isEmpty == true)
        let text = try String(contentsOf: fixture.repository.appendingPathComponent("controlled-docs/sop/SOP-001.md"), encoding: .utf8)
        #expect(text.contains("x-legacy-effective: \"1 April 2019\"\n"))
        let check = try StetProcess.run(["check", "--base", "main", "-C", fixture.repository.path])
        #expect(check.stdout.contains("[missing-approval]"))
        #expect(!check.stdout.contains("[invalid-front-matter]"))
    }

    @Test(.verifies("REQ-CLI-006")) func linksToHiddenFilesAndIntoGitFoldersCopyNothing() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        // A template downloaded into a home folder: its links reach the private key and a repository's configuration.
        let home = fixture.root.appendingPathComponent("home")
        try write(home, ".ssh/id_ed25519", Data("-----BEGIN OPENSSH PRIVATE KEY----- fake\n".utf8))
        try write(home, "old/.git/config", Data("url = https://alice:SECRET_TOKEN@git.example.test/qms.git\n".utf8))
        try write(home, "form.pdf", Data("%PDF-1.4\n".utf8))
        try write(
            home, "template.md",
            Data("# Cleaning\n\nSee the [form](.ssh/id_ed25519), ![x](%2essh/id_ed25519), [c](old/.git/config) and [f](form.pdf).\n".utf8))
        let alice = try environment(fixture, as: "alice")
        let result = try StetProcess.run(
            ["import", home.appendingPathComponent("template.md").path, "--type", "SOP", "--owner", "olga", "-C", fixture.repository.path],
            environment: alice)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(
            result.stdout.contains(
                "template.md:3: links to .ssh/id_ed25519, a hidden file or folder ('.ssh': its name starts with '.'), so it was not copied")
        )
        #expect(result.stdout.contains("template.md:3: links to old/.git/config, which is inside a .git folder"))
        #expect(result.stdout.contains("form.pdf -> controlled-docs/sop/SOP-001/form.pdf"))
        let files = try fixture.git(["ls-tree", "-r", "--name-only", "HEAD", "controlled-docs"])
        #expect(files.contains("controlled-docs/sop/SOP-001/form.pdf"))
        #expect(!files.contains("id_ed25519"))
        #expect(!files.contains("config"))
    }

    @Test(.verifies("REQ-CLI-006")) func destinationsThroughSymbolicLinksOrHiddenFoldersAreRefusedBeforeAnythingIsWritten() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let legacy = fixture.root.appendingPathComponent("legacy")
        try write(legacy, "clean.md", Data("# Cleaning procedure\n\n![flow](flow.png)\n".utf8))
        try write(legacy, "flow.png", Self.png)
        let alice = try environment(fixture, as: "alice")
        let repository = fixture.repository.path
        func branches() throws -> [Substring] { try fixture.git(["branch", "--list"]).split(separator: "\n") }
        let before = try branches()

        // A hostile repository: the type folder is a committed symbolic link to a folder outside it.
        let outside = fixture.root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: fixture.repository.appendingPathComponent("controlled-docs/sop"), withDestinationURL: outside)
        _ = try fixture.commit("A folder that is a link", as: "adam")
        let linked = try StetProcess.run(["import", legacy.path, "--type", "SOP", "--owner", "olga", "-C", repository], environment: alice)
        #expect(linked.status == 2, "\(linked.stdout)\(linked.stderr)")
        #expect(
            linked.stderr.contains(
                "stet import: controlled-docs/sop is a symbolic link, so writing controlled-docs/sop/SOP-001.md could land outside the repository; nothing was written"
            ))
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
        #expect(try branches() == before)

        // --folder and mapping folders never name .git or a hidden folder.
        let git = try StetProcess.run(
            ["import", legacy.path, "--type", "SOP", "--owner", "olga", "--folder", ".git/hooks", "-C", repository], environment: alice)
        #expect(git.status == 2)
        #expect(git.stderr.contains("stet import: --folder .git/hooks: '.git' is a hidden name (it starts with '.')"))
        let map = fixture.root.appendingPathComponent("map.csv")
        try "source,folder\nclean.md,sop/../.secret\n".write(to: map, atomically: true, encoding: .utf8)
        let mapped = try StetProcess.run(
            ["import", legacy.path, "--type", "SOP", "--owner", "olga", "--map", map.path, "-C", repository], environment: alice)
        #expect(mapped.status == 2)
        #expect(mapped.stderr.contains("map.csv:2: the folder 'sop/../.secret' has a hidden name ('..': it starts with '.')"))
        #expect(try branches() == before)
        #expect(try fixture.git(["status", "--porcelain"]).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: fixture.repository.appendingPathComponent(".git/hooks/SOP-001.md").path))
    }

    @Test(.verifies("REQ-CLI-006")) func aCommitThatFailsLeavesNoBranchAndNoFilesAndSaysWhy() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let legacy = fixture.root.appendingPathComponent("legacy")
        try write(legacy, "clean.md", Data("# Cleaning procedure\n\n![flow](flow.png)\n".utf8))
        try write(legacy, "flow.png", Self.png)
        // stet.yaml requires signed commits, and this user's signing key is not there.
        var alice = try environment(fixture, as: "alice")
        let config = fixture.root.appendingPathComponent("gitconfig-nokey")
        try "[user]\n    name = alice\n    email = alice@example.test\n    signingkey = /nonexistent/key\n[gpg]\n    format = ssh\n"
            .write(to: config, atomically: true, encoding: .utf8)
        alice["GIT_CONFIG_GLOBAL"] = config.path
        let before = try fixture.git(["branch", "--list"])
        let head = try fixture.git(["rev-parse", "HEAD"])
        let result = try StetProcess.run(
            ["import", legacy.path, "--type", "SOP", "--owner", "olga", "--branch", "import/one", "-C", fixture.repository.path],
            environment: alice)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("stet import: git could not commit the import:\n"))
        #expect(result.stderr.contains("/nonexistent/key"))
        #expect(result.stderr.contains("Nothing was kept (the files written were removed and the branch import/one deleted)"))
        #expect(try fixture.git(["branch", "--list"]) == before)
        #expect(try fixture.git(["rev-parse", "HEAD"]) == head)
        #expect(try fixture.git(["status", "--porcelain", "--untracked-files=all"]).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: fixture.repository.appendingPathComponent("controlled-docs/sop").path))
    }

    @Test(.verifies("REQ-CLI-006")) func sourcesAreKnownByTheirFileNotTheirFolderName() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let siteA = fixture.root.appendingPathComponent("site-a/legacy")
        let siteB = fixture.root.appendingPathComponent("site-b/legacy")
        try write(siteA, "x.md", Data("# Site A cleaning\n\nA\n".utf8))
        try write(siteB, "x.md", Data("# Site B sterilisation\n\nB\n".utf8))
        let alice = try environment(fixture, as: "alice")
        let repository = fixture.repository.path
        let first = try StetProcess.run(
            ["import", siteA.path, "--type", "SOP", "--owner", "olga", "--branch", "import/sites", "-C", repository], environment: alice)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")

        // Another folder called legacy, later, on the same branch: its x.md is another document.
        let second = try StetProcess.run(
            ["import", siteB.path, "--type", "SOP", "--owner", "olga", "--branch", "import/sites", "-C", repository], environment: alice)
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(second.stdout.contains("stet import: 1 document imported on branch import/sites"))
        #expect(second.stdout.contains("legacy/x.md -> controlled-docs/sop/SOP-002.md  [SOP-002]"))
        let b = try fixture.git(["show", "HEAD:controlled-docs/sop/SOP-002.md"])
        #expect(b.contains("x-imported-from: \"../site-b/legacy/x.md\"\n"))
        #expect(b.contains("Site B sterilisation"))

        // The same file named on its own is the one its folder brought in.
        let again = try StetProcess.run(
            [
                "import", siteA.appendingPathComponent("x.md").path, "--type", "SOP", "--owner", "olga", "--branch", "import/sites", "-C",
                repository,
            ],
            environment: alice)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(again.stdout.contains("nothing changed: every source is imported already (no new commit)"))
        #expect(again.stdout.contains("x.md -> controlled-docs/sop/SOP-001.md  [SOP-001, imported already, left as it is]"))
    }

    @Test(.verifies("REQ-CLI-006")) func fileNamesWithControlCharactersAreRefusedAndNeverPrintedRaw() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let legacy = fixture.root.appendingPathComponent("legacy")
        try write(legacy, "a\"b\nid: SOP-QA-999\nowner: mallory #.md", Data("# Doc A\n".utf8))
        try write(legacy, "b\u{1B}[31m.md", Data("# Doc B\n".utf8))
        try write(legacy, "c.md", Data("# Doc C\n".utf8))
        let alice = try environment(fixture, as: "alice")
        let result = try StetProcess.run(
            ["import", legacy.path, "--type", "SOP", "--owner", "olga", "-C", fixture.repository.path], environment: alice)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("stet import: nothing was written: 2 things must be decided first (below)."))
        #expect(
            result.stdout.contains(
                "    legacy/a\"b\\nid: SOP-QA-999\\nowner: mallory #.md: its file name (or a folder above it) contains the control character U+000A; rename it with only printable characters and run again"
            ))
        #expect(
            result.stdout.contains("    legacy/b\\u{1B}[31m.md: its file name (or a folder above it) contains the control character U+001B")
        )
        #expect(result.stdout.contains("legacy/c.md -> controlled-docs/sop/SOP-001.md  [would be SOP-001]"))
        #expect(!result.stdout.contains("\u{1B}"))
        #expect(!result.stdout.contains("\nid: SOP-QA-999"))
        #expect(try fixture.git(["branch", "--list"]).split(separator: "\n").count == 2)  // main, add-sop
    }

    @Test(.verifies("REQ-CLI-006")) func linkSyntaxInCodeAndProseIsNeitherRewrittenNorCopied() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let legacy = fixture.root.appendingPathComponent("legacy")
        try write(legacy, "private-notes.txt", Data("secret\n".utf8))
        try write(legacy, "x.png", Self.png)
        let code = """
            Example of Markdown syntax:

            ```
            ![logo](x.png)
            ```

                [indented](private-notes.txt)

            In code: `[notes](private-notes.txt)` and ``a `<img src="private-notes.txt">` b``. Set src="private-notes.txt" in the config.

            """
        try write(legacy, "a.md", Data(("# Doc\n\n" + code + "The real one: ![logo](x.png) and <img src=\"x.png\" alt=\"x\">\n").utf8))
        let alice = try environment(fixture, as: "alice")
        let result = try StetProcess.run(
            ["import", legacy.path, "--type", "SOP", "--owner", "olga", "-C", fixture.repository.path], environment: alice)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("Attachments copied:\n    legacy/x.png -> controlled-docs/sop/SOP-001/x.png  (SOP-001)\n"))
        let document = try fixture.git(["show", "HEAD:controlled-docs/sop/SOP-001.md"])
        #expect(document.contains(code))
        #expect(document.contains("The real one: ![logo](SOP-001/x.png) and <img src=\"SOP-001/x.png\" alt=\"x\">\n"))
        let files = try fixture.git(["ls-tree", "-r", "--name-only", "HEAD", "controlled-docs/sop"])
        #expect(files == "controlled-docs/sop/SOP-001.md\ncontrolled-docs/sop/SOP-001/x.png\n")
    }
}
