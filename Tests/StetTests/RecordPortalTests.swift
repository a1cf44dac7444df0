import Foundation
import Testing

@testable import Control
@testable import Portal
@testable import Records

/// A repository with a superseded, a pending, a retired, a future-dated and a never-released document.
func portalFixture() throws -> GitFixture {
    let fixture = try GitFixture()
    try fixture.bootstrap()  // SOP-QA-001 rev 1
    func release(_ id: String, _ revision: Int, type: String = "SOP", extra: String = "", body: String, branch: String) throws {
        try fixture.branch(branch)
        try fixture.write(
            "controlled-docs/\(id).md", fixture.document(id, type: type, revision: revision, extra: extra, body: body))
        try fixture.commit("\(id) rev \(revision)", as: "alice")
        try fixture.approve(id, revision: revision, as: "olga")
        if type == "SOP" { try fixture.approve(id, revision: revision, as: "quinn") }
        try fixture.merge(branch)
    }
    try release("SOP-QA-001", 2, body: "Wear gloves. Clean the bench with ethanol.", branch: "sop1-rev2")
    try release("WI-QA-001", 1, type: "WI", body: "Old work instruction.", branch: "wi-rev1")
    try release("WI-QA-001", 2, type: "WI", extra: "status: obsolete\n", body: "Old work instruction.", branch: "wi-retire")
    try release("SOP-QA-003", 1, extra: "effective: 2031-06-01\n", body: "Future procedure.", branch: "sop3")
    // Pending: revision 3 of SOP-QA-001 lacks QA; SOP-QA-002 was never approved.
    try fixture.branch("sop1-rev3")
    try fixture.write(
        "controlled-docs/SOP-QA-001.md", fixture.document(revision: 3, body: "UNAPPROVED REVISION THREE TEXT <script>alert(1)</script>"))
    try fixture.commit("SOP-QA-001 rev 3", as: "alice")
    try fixture.approve("SOP-QA-001", revision: 3, as: "olga")
    try fixture.merge("sop1-rev3")
    try fixture.branch("sop2")
    try fixture.write(
        "controlled-docs/SOP-QA-002.md", fixture.document("SOP-QA-002", revision: 1, body: "NEVER APPROVED TEXT [x](javascript:alert(1))"))
    try fixture.commit("SOP-QA-002", as: "alice")
    try fixture.merge("sop2")
    try fixture.commit("Periodic review\n\nReviewed: SOP-QA-001 rev 2", as: "quinn", allowEmpty: true)
    return fixture
}

@Suite("The portal of the released record")
struct RecordPortalTests {
    func build(_ fixture: GitFixture, out: URL, asOf: String = "2030-01-01", epoch: String = "1900000000") throws -> StetProcess {
        try StetProcess.run(
            ["build", "-C", fixture.repository.path, "--out", out.path, "--as-of", asOf, "--quiet"],
            environment: ["SOURCE_DATE_EPOCH": epoch])
    }

    func read(_ url: URL, _ path: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(path), encoding: .utf8)
    }

    @Test(.verifies("REQ-APR-004", "REQ-POR-001")) func eachPageShowsOnlyWhatTheRecordReleased() throws {
        let fixture = try portalFixture()
        let out = fixture.root.appendingPathComponent("site")
        let result = try build(fixture, out: out)
        #expect(result.status == 0, "\(result.stderr)")

        let register = try read(out, "index.html")
        #expect(!register.contains("DRAFT"))
        #expect(register.contains("Effective (revision 3 pending)"))
        #expect(register.contains("Not released (revision 1 pending)"))
        #expect(register.contains("Obsolete"))
        #expect(register.contains("Approved; effective 2031-06-01"))

        // The effective revision is 2, never the unapproved revision 3.
        let effective = try read(out, "documents/SOP-QA-001/index.html")
        #expect(effective.contains("Clean the bench with ethanol."))
        #expect(!effective.contains("UNAPPROVED REVISION THREE TEXT"))
        #expect(effective.contains("Revision 3 is pending and not effective"))
        #expect(effective.contains("Olga Owner"))
        #expect(effective.contains("Quinn Quality"))
        #expect(effective.contains("SHA256:"))
        #expect(effective.contains("Verified: good SSH signature"))
        #expect(effective.contains("<th scope=\"col\">Meaning</th>"))
        #expect(effective.contains("redline-2.html"))

        let superseded = try read(out, "documents/SOP-QA-001/rev-1.html")
        #expect(superseded.contains("SUPERSEDED by revision 2"))
        #expect(superseded.contains("is-superseded"))

        let redline = try read(out, "documents/SOP-QA-001/redline-2.html")
        #expect(redline.contains("<ins title=\"inserted\">"))
        #expect(redline.contains("<del title=\"deleted\">"))
        #expect(redline.contains("Reason for change:</strong> Revision 2"))

        // Never released: no text at all, only a notice.
        let never = try read(out, "documents/SOP-QA-002/index.html")
        #expect(!never.contains("NEVER APPROVED TEXT"))
        #expect(never.contains("This document has no effective revision"))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("documents/SOP-QA-002/rev-1.html").path))

        let obsolete = try read(out, "documents/WI-QA-001/index.html")
        #expect(obsolete.contains("OBSOLETE."))
        #expect(!obsolete.contains("Old work instruction."))
        #expect(try read(out, "documents/WI-QA-001/rev-1.html").contains("OBSOLETE."))

        let future = try read(out, "documents/SOP-QA-003/rev-1.html")
        #expect(future.contains("APPROVED, NOT YET EFFECTIVE."))

        // History: every commit with its verdict; findings of the document.
        let history = try read(out, "documents/SOP-QA-001/history.html")
        #expect(history.contains("good"))
        #expect(history.contains("Approves: SOP-QA-001 rev 2"))
        #expect(history.contains("[unapproved-change]"))

        let reviews = try read(out, "reviews.html")
        #expect(reviews.contains("Periodic review due as of 2030-01-01"))

        // Search covers effective text only.
        let index = try read(out, "assets/search-index.js")
        #expect(index.contains("ethanol"))
        #expect(!index.contains("UNAPPROVED"))
        #expect(!index.contains("NEVER APPROVED"))

        for page in [
            "index.html", "documents/SOP-QA-001/index.html", "documents/SOP-QA-002/index.html", "documents/SOP-QA-001/history.html",
        ] {
            let html = try read(out, page)
            #expect(!html.contains("<script>alert"), "\(page)")
            #expect(!html.contains("javascript:"), "\(page)")
            #expect(!html.contains("onerror="), "\(page)")
        }
    }

    @Test(.verifies("REQ-POR-004")) func exportsHaveStableSchemas() throws {
        let fixture = try portalFixture()
        let out = fixture.root.appendingPathComponent("site")
        #expect(try build(fixture, out: out).status == 0)
        let documents = try #require(try JSONSerialization.jsonObject(with: Data(read(out, "api/documents.json").utf8)) as? [String: Any])
        #expect(documents["schema"] as? String == "stet-documents/1")
        let list = try #require(documents["documents"] as? [[String: Any]])
        #expect(list.map { $0["id"] as? String } == ["SOP-QA-001", "SOP-QA-002", "SOP-QA-003", "WI-QA-001"])
        #expect(list.map { $0["status"] as? String } == ["effective", "pending", "approved", "obsolete"])
        let releases = try #require(try JSONSerialization.jsonObject(with: Data(read(out, "api/releases.json").utf8)) as? [String: Any])
        #expect(releases["schema"] as? String == "stet-releases/1")
        #expect((releases["releases"] as? [Any])?.count == 5)
        let csv = try read(out, "register.csv")
        #expect(csv.hasPrefix("\"schema\",\"id\",\"title\""))
        #expect(csv.contains("\"stet-register/1\",\"SOP-QA-001\""))
        let ledger = try JSONDecoder().decode(Ledger.self, from: Data(read(out, "ledger.json").utf8))
        // Version 2 (contract revision 2, §7.6): the configuration's releases are entries too.
        #expect(ledger.version == 2)
        #expect(ledger.entries.count == 6)
        #expect(ledger.entries.first?.document == "CONFIG")
        #expect(ledger.entries.first?.previousHash == String(repeating: "0", count: 64))
        #expect(ledger.entries.allSatisfy { $0.recordedAt == "2030-03-17T17:46:40Z" })
    }

    @Test(.verifies("REQ-POR-002")) func twoBuildsAreByteIdentical() throws {
        let fixture = try portalFixture()
        let one = fixture.root.appendingPathComponent("one")
        let two = fixture.root.appendingPathComponent("two")
        #expect(try build(fixture, out: one).status == 0)
        #expect(try build(fixture, out: two).status == 0)
        let files = try FileManager.default.subpathsOfDirectory(atPath: one.path).sorted()
        #expect(files == (try FileManager.default.subpathsOfDirectory(atPath: two.path).sorted()))
        #expect(files.count > 15)
        for file in files {
            let a = try? Data(contentsOf: one.appendingPathComponent(file))
            let b = try? Data(contentsOf: two.appendingPathComponent(file))
            #expect(a == b, "\(file)")
        }
    }

    @Test(.verifies("REQ-HIS-003")) func theLedgerDetectsARewrittenHistory() throws {
        let fixture = try portalFixture()
        let out = fixture.root.appendingPathComponent("site")
        #expect(try build(fixture, out: out).status == 0)
        let published = fixture.root.appendingPathComponent("published-ledger.json")
        try FileManager.default.copyItem(at: out.appendingPathComponent("ledger.json"), to: published)

        // The same history: the published ledger is a prefix, and a rebuild keeps the recording times.
        let clean = try StetProcess.run(["verify", "-C", fixture.repository.path, "--ledger", published.path, "--format", "json"])
        let cleanObject = try #require(try JSONSerialization.jsonObject(with: Data(clean.stdout.utf8)) as? [String: Any])
        #expect(!((cleanObject["findings"] as? [[String: Any]]) ?? []).contains { $0["code"] as? String == "history-rewritten" })
        #expect(try build(fixture, out: out, epoch: "2000000000").status == 0)
        #expect(
            try JSONDecoder().decode(Ledger.self, from: Data(read(out, "ledger.json").utf8)).entries.allSatisfy {
                $0.recordedAt == "2030-03-17T17:46:40Z"
            })

        // Rewrite an old release: amend the merge that released SOP-QA-001 revision 1.
        let firstMerge = try fixture.git(["rev-list", "--merges", "--reverse", "main"]).split(separator: "\n").first.map(String.init)!
        _ = try fixture.git(["checkout", "-q", "-b", "rewritten", firstMerge])
        _ = try fixture.git([
            "-c", "user.name=ada", "-c", "user.email=ada@example.test", "-c", "gpg.format=ssh", "-c",
            "user.signingkey=\(fixture.keys.appendingPathComponent("ada").path)", "commit", "-q", "--amend", "-S", "-m",
            "Merge add-sop (rewritten)",
        ])
        let later = try fixture.git(["rev-list", "--reverse", "--first-parent", "\(firstMerge)..main"]).split(separator: "\n").map(
            String.init)
        for commit in later {
            _ = try fixture.git([
                "-c", "user.name=ada", "-c", "user.email=ada@example.test", "cherry-pick", "--allow-empty", "-m", "1",
                "--keep-redundant-commits", commit,
            ])
        }
        _ = try fixture.git(["branch", "-f", "main", "rewritten"])
        _ = try fixture.git(["checkout", "-q", "main"])
        let rewritten = try StetProcess.run(["verify", "-C", fixture.repository.path, "--ledger", published.path])
        #expect(rewritten.status == 1)
        #expect(rewritten.stdout.contains("[history-rewritten]"))
        #expect(rewritten.stdout.contains("the history was rewritten"))

        // A doctored ledger file is caught by its own chain.
        var doctored = try JSONDecoder().decode(Ledger.self, from: Data(contentsOf: published))
        doctored.entries[0].revision = 9
        let doctoredFile = fixture.root.appendingPathComponent("doctored.json")
        try JSONEncoder().encode(doctored).write(to: doctoredFile)
        let broken = try StetProcess.run(["verify", "-C", fixture.repository.path, "--ledger", doctoredFile.path])
        #expect(broken.stdout.contains("hash chain is broken"))
    }

    @Test func diffShowsARedlineInTheTerminal() throws {
        let fixture = try portalFixture()
        let released = try StetProcess.run(["diff", "-C", fixture.repository.path, "SOP-QA-001", "2"], environment: ["NO_COLOR": "1"])
        #expect(released.status == 0, "\(released.stderr)")
        #expect(released.stdout.contains("SOP-QA-001: revision 1 (released) → revision 2 (released)"))
        #expect(released.stdout.contains("Reason for change: Revision 2"))
        #expect(released.stdout.contains("{+Wear gloves."))
        #expect(released.stdout.contains("[-Text.-]"))
        // Without revisions: the revision in force against the working tree.
        let working = try StetProcess.run(["diff", "-C", fixture.repository.path, "SOP-QA-001"], environment: ["NO_COLOR": "1"])
        #expect(working.stdout.contains("revision 2 (released) → revision 3 (working tree)"))
        #expect(working.stdout.contains("{+UNAPPROVED REVISION THREE TEXT"))
        let missing = try StetProcess.run(["diff", "-C", fixture.repository.path, "SOP-QA-002", "1"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("none is released"))
    }

    @Test(.verifies("REQ-POR-003")) func aFailedRecordBuildLeavesThePreviousPortalIntact() throws {
        let fixture = try portalFixture()
        let out = fixture.root.appendingPathComponent("site")
        #expect(try build(fixture, out: out).status == 0)
        let before = try read(out, "documents/SOP-QA-001/index.html")
        // A broken template, released with an approved configuration change (the record portal
        // uses the released configuration's templates, never the working tree's).
        try fixture.branch("restyle")
        try fixture.writeConfiguration(revision: 2)
        try fixture.write("site-templates/history.mustache", "{{#document}}never closed")
        try fixture.commit("Restyle the history page", as: "alice")
        try fixture.approve("CONFIG", revision: 2, as: "adam")
        try fixture.merge("restyle")
        let failed = try build(fixture, out: out)
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("site-templates/history.mustache"))
        #expect(failed.stderr.contains("previous portal is untouched"))
        #expect(try read(out, "documents/SOP-QA-001/index.html") == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.root.path).allSatisfy { !$0.contains("stet-new") })
    }
}
