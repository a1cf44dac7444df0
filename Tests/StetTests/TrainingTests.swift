import Foundation
import Testing

@testable import Control
@testable import Portal
@testable import Records
@testable import Repository
@testable import Training

/// Training lifecycles on real repositories, with explicit dates (PRODUCT.md §8).
@Suite("Training obligations follow the record")
struct TrainingTests {
    /// SOP-QA-001 rev 1 trains lab technicians (alice), due in 10 days, effective 2031-01-01.
    func fixture() throws -> GitFixture {
        let fixture = try GitFixture()
        try fixture.writeConfiguration()
        try fixture.commit("Configuration", as: "adam")
        try release(fixture, revision: 1, training: "training:\n  roles: [lab-technician]\n  due-days: 10\n", effective: "2031-01-01")
        return fixture
    }

    func release(_ fixture: GitFixture, revision: Int, training: String, effective: String, extra: String = "") throws {
        try fixture.branch("rev\(revision)")
        try fixture.write(
            "controlled-docs/SOP-QA-001.md",
            fixture.document(
                revision: revision, extra: training + "effective: \(effective)\n" + extra, body: "Text of revision \(revision)."))
        try fixture.commit("Revision \(revision)", as: "rita")
        try fixture.approve("SOP-QA-001", revision: revision, as: "olga")
        try fixture.approve("SOP-QA-001", revision: revision, as: "quinn")
        try fixture.merge("rev\(revision)")
    }

    /// SOP-QA-001 rev 1 training lab technicians, effective at its approval time (no `effective:`), i.e. now.
    func releasedNow() throws -> GitFixture {
        let fixture = try GitFixture()
        try fixture.writeConfiguration()
        try fixture.commit("Configuration", as: "adam")
        try fixture.branch("rev1")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 1, extra: "training:\n  roles: [lab-technician]\n"))
        try fixture.commit("Revision 1", as: "rita")
        try fixture.approve("SOP-QA-001", revision: 1, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 1, as: "quinn")
        try fixture.merge("rev1")
        return fixture
    }

    func obligations(_ fixture: GitFixture, asOf: String) throws -> TrainingReport {
        let record = try fixture.record()
        return try TrainingReport.make(record: record, repository: GitRepository(at: fixture.repository), asOf: CalendarDate(asOf)!)
    }

    func alice(_ report: TrainingReport) -> [Obligation] { report.obligations.filter { $0.person.rawValue == "alice" } }

    @Test(.verifies("REQ-TRN-001")) func aReleaseObligesTheRoleHoldersWithADueDate() throws {
        let fixture = try fixture()
        let before = try obligations(fixture, asOf: "2030-12-31")
        #expect(before.obligations.isEmpty)
        let open = try #require(alice(try obligations(fixture, asOf: "2031-01-05")).first)
        #expect(open.revision == 1)
        #expect(open.assigned.description == "2031-01-01")
        #expect(open.due.description == "2031-01-11")
        #expect(open.status == .open)
        #expect(alice(try obligations(fixture, asOf: "2031-01-20")).first?.status == .overdue)
        // Only lab technicians are obliged.
        #expect(Set(try obligations(fixture, asOf: "2031-01-05").obligations.map(\.person.rawValue)) == ["alice"])
    }

    @Test(.verifies("REQ-REL-004", "REQ-TRN-003")) func trainingRecordsAddedByAnUnsignedCommitAreAFinding() throws {
        let fixture = try fixture()
        try fixture.write("training/records/2031.csv", "person,document,revision,completed\nalice,SOP-QA-001,1,2031-01-08\n")
        let unsigned = try fixture.commit("Training records", as: "quinn", sign: false)
        let finding = try #require(try fixture.record().findings.first { $0.commit == unsigned })
        #expect(finding.code == .unsignedCommit)
        #expect(finding.message.contains("it changes training records (training/records/)"))
        // Signed, the same rows are fine.
        try fixture.write("training/records/2031.csv", "person,document,revision,completed\nalice,SOP-QA-001,1,2031-01-09\n")
        let signed = try fixture.commit("Training records, corrected", as: "quinn")
        #expect(try fixture.record().findings.allSatisfy { $0.commit != signed })
    }

    /// Approvals claimed before the content they approve (a signer's clock, or a backdated signature) do not
    /// count since contract revision 2 (§7.7: implausible-time), so they neither release nor oblige. (Before, they
    /// released and obliged from the claimed date.)
    @Test(.verifies("REQ-HIS-005")) func approvalsClaimingATimeBeforeTheirParentsNeitherReleaseNorOblige() throws {
        let fixture = try GitFixture()
        try fixture.writeConfiguration()
        try fixture.commit("Configuration", as: "adam")
        try fixture.branch("rev1")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 1, extra: "training:\n  roles: [lab-technician]\n"))
        try fixture.commit("Revision 1", as: "rita")
        for person in ["olga", "quinn"] {
            _ = try fixture.git(
                [
                    "-c", "user.name=\(person)", "-c", "user.email=\(fixture.email(person))", "-c", "gpg.format=ssh", "-c",
                    "user.signingkey=\(fixture.keys.appendingPathComponent(person).path)", "commit", "-q", "-S", "--allow-empty",
                    "--date", "2020-01-01T00:00:00Z", "-m", "Approve\n\nApproves: SOP-QA-001 rev 1",
                ], environmentOverride: ["GIT_COMMITTER_DATE": "2020-01-01T00:00:00Z"])
        }
        try fixture.merge("rev1")
        let record = try fixture.record()
        #expect(record.documents[DocumentID("SOP-QA-001")!]?.latestRelease == nil)
        #expect(record.findings.filter { $0.code == .implausibleTime }.count == 2)
        #expect(alice(try obligations(fixture, asOf: "2099-01-01")).isEmpty)
    }

    @Test(.verifies("REQ-TRN-003")) func completionsFromRecordsOnTimeLateAndBeforeAssignment() throws {
        for (date, late) in [("2031-01-08", false), ("2031-01-15", true), ("2030-12-20", false)] {
            let fixture = try fixture()
            try fixture.write(
                "training/records/2031.csv",
                "person,document,revision,completed,method,trainer\nalice,SOP-QA-001,1,\(date),classroom,quinn\n")
            try fixture.commit("Training records", as: "quinn")
            let obligation = try #require(alice(try obligations(fixture, asOf: "2031-02-01")).first)
            #expect(obligation.status == .completed, "\(date)")
            #expect(obligation.completed?.description == date)
            #expect(obligation.late == late, "\(date)")
        }
    }

    @Test(.verifies("REQ-TRN-002")) func anEditorialRevisionCarriesOverAndATrainingRevisionSupersedes() throws {
        let fixture = try fixture()
        try release(fixture, revision: 2, training: "training:\n  roles: [lab-technician]\n  required: false\n", effective: "2031-02-01")
        var list = alice(try obligations(fixture, asOf: "2031-02-15"))
        #expect(list.count == 1)
        #expect(list.first?.revision == 1)
        #expect(list.first?.status == .overdue)

        // Training on the editorial revision 2 covers revision 1 (and the reverse).
        try fixture.write("training/records/r.csv", "person,document,revision,completed\nalice,SOP-QA-001,2,2031-02-10\n")
        try fixture.commit("Record", as: "quinn")
        list = alice(try obligations(fixture, asOf: "2031-02-15"))
        #expect(list.first?.status == .completed)
        #expect(list.first?.late == true)

        try release(fixture, revision: 3, training: "training:\n  roles: [lab-technician]\n  due-days: 5\n", effective: "2031-03-01")
        list = alice(try obligations(fixture, asOf: "2031-03-02"))
        #expect(list.map(\.revision) == [1, 3])
        #expect(list.last?.status == .open)
        #expect(list.last?.due.description == "2031-03-06")
    }

    @Test(.verifies("REQ-TRN-002")) func aTrainingRevisionSupersedesAnOpenObligation() throws {
        let fixture = try fixture()
        try release(fixture, revision: 2, training: "training:\n  roles: [lab-technician]\n", effective: "2031-01-05")
        let list = alice(try obligations(fixture, asOf: "2031-01-06"))
        #expect(list.map(\.status) == [.superseded, .open])
        #expect(list.first?.reason.contains("superseded by revision 2") == true)
        // The type's training-due-days (30) applies when the document sets none.
        #expect(list.last?.due.description == "2031-02-04")
    }

    @Test(.verifies("REQ-TRN-002")) func retirementCancelsOpenObligations() throws {
        let fixture = try fixture()
        try release(
            fixture, revision: 2, training: "training:\n  roles: [lab-technician]\n", effective: "2031-01-05", extra: "status: obsolete\n")
        let list = alice(try obligations(fixture, asOf: "2031-02-01"))
        #expect(list.map(\.status) == [.cancelled])
        #expect(list.first?.reason.contains("retired") == true)
    }

    @Test(.verifies("REQ-TRN-002")) func gainingLosingARoleAndLeaving() throws {
        let fixture = try releasedNow()
        // Configuration revision 2: Rita becomes a lab technician, Alice leaves.
        try fixture.branch("people")
        try fixture.writeConfiguration(revision: 2)
        var people = try String(contentsOf: fixture.repository.appendingPathComponent("roles/people.yaml"), encoding: .utf8)
        people = people.replacingOccurrences(
            of: "  roles: [qa-approver]\n", with: "  roles: [qa-approver, lab-technician]\n", options: [],
            range: people.range(of: "rita:")!.lowerBound..<people.endIndex)
        people = people.replacingOccurrences(of: "  roles: [lab-technician]\n", with: "  roles: [lab-technician]\n  active: false\n")
        try fixture.write("roles/people.yaml", people)
        try fixture.commit("Rita trains as a technician; Alice leaves", as: "adam")
        try fixture.approve("CONFIG", revision: 2, as: "ada")
        let configMerge = try fixture.merge("people")
        let record = try fixture.record()
        #expect(record.configReleases.last?.revision == 2)
        let released = try GitRepository(at: fixture.repository).commit(ObjectID(configMerge)!).committer.time
        let report = try TrainingReport.make(
            record: record, repository: GitRepository(at: fixture.repository), asOf: CalendarDate(utcSeconds: released).adding(days: 1))
        let rita = try #require(report.obligations.first { $0.person.rawValue == "rita" })
        #expect(rita.revision == 1)
        #expect(rita.assigned == CalendarDate(utcSeconds: released))
        #expect(rita.due == CalendarDate(utcSeconds: released).adding(days: 30))
        #expect(rita.reason.contains("gained a role"))
        let alice = try #require(report.obligations.first { $0.person.rawValue == "alice" })
        #expect(alice.status == .cancelled)
        #expect(alice.reason.contains("left"))
    }

    @Test(.verifies("REQ-TRN-003")) func signedAcknowledgementsCountOnlyForTheSigner() throws {
        let fixture = try fixture()
        // Quinn signs an acknowledgement authored as Alice: it counts for Quinn (who holds no such role), never for Alice.
        try fixture.commit("Read it\n\nTrained: SOP-QA-001 rev 1", as: "alice", signer: "quinn", allowEmpty: true)
        #expect(alice(try obligations(fixture, asOf: "2031-01-05")).first?.status == .open)
        // Alice's own signed acknowledgement (made before the effective date) completes it.
        try fixture.commit("Read and understood\n\nTrained: SOP-QA-001 rev 1", as: "alice", allowEmpty: true)
        let done = try #require(alice(try obligations(fixture, asOf: "2031-01-05")).first)
        #expect(done.status == .completed)
        // An unsigned one does not count, and says why.
        try fixture.commit("Unsigned\n\nTrained: SOP-QA-001 rev 1", as: "olga", sign: false, allowEmpty: true)
        let record = try fixture.record()
        #expect(record.findings.contains { $0.code == .unsignedCommit && $0.message.contains("record trailers do not count") })
    }

    @Test(.verifies("REQ-TRN-004")) func badTrainingRecordsAreFindingsWithFileAndLine() throws {
        let fixture = try fixture()
        try fixture.write(
            "training/records/bad.csv",
            """
            person,document,revision,completed
            alice,SOP-QA-001,1,2031-01-02
            nobody,SOP-QA-001,1,2031-01-02
            alice,SOP-QA-999,1,2031-01-02
            alice,SOP-QA-001,7,2031-01-02
            alice,SOP-QA-001,1,2031-02-30
            alice,SOP-QA-001,1,2031-01-02
            alice,SOP-QA-001,1,2031-01-03

            """)
        try fixture.commit("Records", as: "quinn")
        let report = try obligations(fixture, asOf: "2031-01-05")
        let findings = report.findings
        // Revision 2 of the contract adds recurrent training: the same revision completed on another day
        // (line 8) is a second completion, not a duplicate; the same day twice (line 7) still is.
        #expect(findings.map(\.line) == [3, 4, 5, 6, 7])
        #expect(
            findings.map(\.code) == [
                .unknownPerson, .danglingReference, .danglingReference, .invalidTrainingRecord, .invalidTrainingRecord,
            ])
        #expect(findings.allSatisfy { $0.file == "training/records/bad.csv" })
        #expect(findings.last?.message.contains("already recorded at training/records/bad.csv:2") == true)
        #expect(alice(report).first?.completed?.description == "2031-01-02")
    }

    @Test(.verifies("REQ-TRN-005")) func sameInputsSameObligationsSameOrder() throws {
        let fixture = try fixture()
        try release(fixture, revision: 2, training: "training:\n  roles: [lab-technician, qa-approver]\n", effective: "2031-02-01")
        let one = try obligations(fixture, asOf: "2031-03-01")
        let two = try obligations(fixture, asOf: "2031-03-01")
        #expect(one.obligations == two.obligations)
        #expect(one.json() == two.json())
        #expect(one.obligations.map(\.person.rawValue) == one.obligations.map(\.person.rawValue).sorted())
    }

    @Test(.verifies("REQ-TRN-005")) func theCommandFiltersAndPrintsTheContractShape() throws {
        let fixture = try fixture()
        let result = try StetProcess.run([
            "training", "-C", fixture.repository.path, "--person", "alice", "--as-of", "2031-01-20", "--format", "json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["asOf"] as? String == "2031-01-20")
        let first = try #require((object["obligations"] as? [[String: Any]])?.first)
        #expect(Set(first.keys).isSuperset(of: ["person", "document", "revision", "assigned", "due", "status", "completed", "late"]))
        #expect(first["status"] as? String == "overdue")
        #expect(first["completed"] is NSNull)
        let text = try StetProcess.run(["training", "-C", fixture.repository.path, "--role", "lab-technician", "--as-of", "2031-01-05"])
        #expect(text.status == 0)
        #expect(
            text.stdout
                == "Alice Author (alice) — SOP-QA-001 revision 1: open, due 2031-01-11\nstet training: 1 obligation as of 2031-01-05: 1 open.\n"
        )
        let csv = try StetProcess.run(["training", "-C", fixture.repository.path, "--as-of", "2031-01-05", "--format", "csv"])
        #expect(csv.status == 0)
        // RFC 4180: every line ends with CRLF.
        #expect(
            csv.stdout.split(separator: "\r\n", omittingEmptySubsequences: false) == [
                #""schema","person","document","revision","assigned","due","status","completed","late","method","trainer","recorder","source","recordedAt""#,
                #""stet-obligations/1","alice","SOP-QA-001","1","2031-01-01","2031-01-11","open","","false","","","","","""#,
                "",
            ])
    }

    @Test(.verifies("REQ-POR-001")) func thePortalHasTrainingPagesAndStatusTellsTheImpact() throws {
        let fixture = try fixture()
        try fixture.write("training/records/r.csv", "person,document,revision,completed\nalice,SOP-QA-001,1,2031-01-03\n")
        try fixture.commit("Records", as: "quinn")
        let out = fixture.root.appendingPathComponent("site")
        let result = try StetProcess.run(["build", "-C", fixture.repository.path, "--out", out.path, "--as-of", "2031-01-20", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        func read(_ path: String) throws -> String { try String(contentsOf: out.appendingPathComponent(path), encoding: .utf8) }
        let index = try read("training/index.html")
        #expect(index.contains("Laboratory Technician"))
        #expect(index.contains("person-alice.html"))
        let matrix = try read("training/role-lab-technician.html")
        #expect(matrix.contains("✓"))
        #expect(matrix.contains("Alice Author, SOP-QA-001: completed"))
        let person = try read("training/person-alice.html")
        #expect(person.contains("documents/SOP-QA-001/rev-1.html"))
        #expect(person.contains("2031-01-11"))
        #expect(try read("training/overdue.html").contains("No training is overdue"))
        let api = try #require(try JSONSerialization.jsonObject(with: Data(read("api/obligations.json").utf8)) as? [String: Any])
        #expect((api["obligations"] as? [[String: Any]])?.first?["status"] as? String == "completed")
        #expect(try read("obligations.csv").contains("\"alice\",\"SOP-QA-001\""))
        #expect(
            try read("documents/SOP-QA-001/index.html").contains(
                "1 person in 1 role must train on SOP-QA-001 rev 1 by 2031-01-11 (1 completed)"))
        let status = try StetProcess.run(["status", "-C", fixture.repository.path, "SOP-QA-001", "--as-of", "2031-01-20"])
        #expect(status.stdout.contains("training: 1 person in 1 role must train on SOP-QA-001 rev 1 by 2031-01-11"))
        // The whole status: released at the merge (main~1) on the approvals of olga and quinn, then the training impact.
        #expect(
            status.stdout == """
                Audited branch: main (the default branch, whose released configuration names it as release-branch; --branch NAME audits another)

                SOP-QA-001 — Cleaning
                  revision 1 is effective since 2031-01-01T00:00:00Z (released at \(try fixture.short("main~1"))): approved by Olga Owner (owner) on \(try fixture.committerTime("main~1^2~1")), approved, key \(try fixture.fingerprint("olga")); Quinn Quality (qa-approver) on \(try fixture.committerTime("main~1^2")), approved, key \(try fixture.fingerprint("quinn"))
                  training: 1 person in 1 role must train on SOP-QA-001 rev 1 by 2031-01-11 (1 completed)

                """)
    }

    @Test(.verifies("REQ-SIG-005", "REQ-TRN-003")) func losingTheRoleCancelsAndAnExpiredKeysAcknowledgementDoesNotCount() throws {
        let fixture = try GitFixture()
        // Alice's key is valid only until 2026-01-01: her later acknowledgement is not good.
        try fixture.writeConfiguration(options: ["alice": "namespaces=\"git\",valid-before=\"20260101Z\""])
        try fixture.commit("Configuration", as: "adam")
        try release(fixture, revision: 1, training: "training:\n  roles: [lab-technician]\n  due-days: 10\n", effective: "2031-01-01")
        try fixture.commit("Read it\n\nTrained: SOP-QA-001 rev 1", as: "alice", allowEmpty: true)
        var report = try obligations(fixture, asOf: "2031-01-05")
        #expect(alice(report).first?.status == .open)
        #expect(try fixture.record().findings.contains { $0.code == .keyNotValid && $0.message.contains("record trailers do not count") })

    }

    @Test(.verifies("REQ-TRN-002")) func losingTheRoleCancelsOpenObligations() throws {
        let fixture = try releasedNow()
        // Configuration revision 2 takes the role away: the open obligation is cancelled.
        try fixture.branch("role")
        try fixture.writeConfiguration(revision: 2)
        let people = try String(contentsOf: fixture.repository.appendingPathComponent("roles/people.yaml"), encoding: .utf8)
        try fixture.write("roles/people.yaml", people.replacingOccurrences(of: "roles: [lab-technician]", with: "roles: []"))
        try fixture.commit("Alice moves to the office", as: "adam")
        try fixture.approve("CONFIG", revision: 2, as: "ada")
        let merge = try fixture.merge("role")
        let at = try GitRepository(at: fixture.repository).commit(ObjectID(merge)!).committer.time
        let record = try fixture.record()
        let report = try TrainingReport.make(
            record: record, repository: GitRepository(at: fixture.repository), asOf: CalendarDate(utcSeconds: at).adding(days: 1))
        let cancelled = try #require(alice(report).first)
        #expect(cancelled.status == .cancelled)
        #expect(cancelled.reason.contains("no longer holds a role"))
        #expect(cancelled.ended == CalendarDate(utcSeconds: at))
    }

    /// The overdue list comes in pages, each linking the others, so it stays readable with thousands of rows.
    @Test(.verifies("REQ-TRN-001")) func theOverdueListIsPaged() throws {
        let fixture = try fixture()
        let record = try fixture.record()
        var report = try TrainingReport.make(
            record: record, repository: GitRepository(at: fixture.repository), asOf: CalendarDate("2031-03-01")!)
        let overdue = try #require(report.obligations.first { $0.status == .overdue })
        report.obligations = (1...5).map { number in
            var copy = overdue
            copy.person = PersonID("person\(number)")!
            return copy
        }
        let statuses = DocumentStatus.all(in: record, asOf: report.asOf)
        var pages = TrainingPages(report: report, record: record, statuses: statuses)
        pages.overduePerPage = 2
        let theme = try Theme.load(overridesFrom: nil)
        let files = pages.render { root, context in
            var context = context
            context["root"] = root
            return theme.render("training", context)
        }
        let paged = files.keys.filter { $0.hasPrefix("training/overdue") }.sorted()
        #expect(paged == ["training/overdue-2.html", "training/overdue-3.html", "training/overdue.html"])
        func text(_ path: String) -> String { String(decoding: files[path]!, as: UTF8.self) }
        #expect(text("training/overdue.html").contains("person-person1.html"))
        #expect(text("training/overdue.html").contains("person-person2.html"))
        #expect(!text("training/overdue.html").contains("person-person3.html"))
        #expect(text("training/overdue-3.html").contains("person-person5.html"))
        #expect(text("training/overdue.html").contains("(page 1 of 3, 5 in all)"))
        #expect(text("training/overdue-2.html").contains("<a href=\"overdue.html\">1–2</a>"))
        #expect(text("training/overdue-2.html").contains("<strong>3–4</strong>"))
        #expect(text("training/overdue-2.html").contains("<a href=\"overdue-3.html\">5–5</a>"))
    }
}
