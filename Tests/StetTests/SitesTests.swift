import Foundation
import Testing

@testable import Control
@testable import Portal
@testable import Records
@testable import Repository
@testable import Training

/// One QMS, many sites, with explicit dates (PRODUCT.md §3, §4, §8.1, §8.2, §8.5, §8.6).
@Suite("Sites, global and local documents, recurrence and qualification")
struct SitesTests {
    static let sites = "sites:\n  cambridge: { name: \"Cambridge, MA\" }\n  galway: { name: \"Galway, Ireland\" }\n"

    func configuration(_ fixture: GitFixture, revision: Int = 1, aliceAt site: String = "galway", extra: String = "") throws {
        try fixture.writeConfiguration(revision: revision)
        try fixture.write(
            "stet.yaml",
            GitFixture.stetYAML.replacingOccurrences(of: "config-revision: 1", with: "config-revision: \(revision)") + Self.sites + extra)
        var people = ""
        for person in GitFixture.people {
            people +=
                "\(person.id):\n  name: \(person.name)\n  email: \(fixture.email(person.id))\n  roles: [\(person.roles.joined(separator: ", "))]\n  site: \(person.id == "alice" ? site : "cambridge")\n"
        }
        people += "bob:\n  name: Bob Bench\n  email: bob@example.test\n  roles: [lab-technician]\n  site: cambridge\n"
        try fixture.write("roles/people.yaml", people)
    }

    /// The configuration (Alice at Galway, Bob at Cambridge, both lab technicians) from 2031-01-01.
    func fixture(extra: String = "") throws -> GitFixture {
        let fixture = try GitFixture()
        fixture.advanceClock(to: "2031-01-01")
        try configuration(fixture, extra: extra)
        try fixture.commit("Configuration", as: "adam")
        return fixture
    }

    /// Releases a document on its own branch: written by rita, approved by its owner olga and by quinn.
    @discardableResult
    func release(
        _ fixture: GitFixture, _ id: String, type: String = "SOP", revision: Int, extra: String, approvers: [String] = ["olga", "quinn"]
    ) throws -> String {
        try fixture.branch("\(id)-rev\(revision)")
        try fixture.write("controlled-docs/\(id).md", fixture.document(id, type: type, revision: revision, extra: extra))
        try fixture.commit("\(id) revision \(revision)", as: "rita")
        for approver in type == "WI" ? ["olga"] : approvers { try fixture.approve(id, revision: revision, as: approver) }
        return try fixture.merge("\(id)-rev\(revision)")
    }

    func report(_ fixture: GitFixture, asOf: String) throws -> TrainingReport {
        try TrainingReport.make(record: try fixture.record(), repository: GitRepository(at: fixture.repository), asOf: CalendarDate(asOf)!)
    }

    func obligations(_ report: TrainingReport, _ person: String, _ document: String) -> [Obligation] {
        report.obligations.filter { $0.person.rawValue == person && $0.document.rawValue == document }
    }

    static let technicians = "training:\n  roles: [lab-technician]\n  due-days: 10\n"

    @Test(.verifies("REQ-SIT-001")) func obligationsOnlyForPeopleAtTheDocumentsSites() throws {
        let fixture = try fixture()
        try release(fixture, "WI-GW-001", type: "WI", revision: 1, extra: Self.technicians + "sites: [galway]\n")
        try release(fixture, "SOP-QA-001", revision: 1, extra: Self.technicians)
        let report = try report(fixture, asOf: "2031-01-02")
        #expect(obligations(report, "alice", "WI-GW-001").count == 1)
        #expect(obligations(report, "bob", "WI-GW-001").isEmpty)
        // A document naming no sites applies at every site.
        #expect(obligations(report, "alice", "SOP-QA-001").count == 1)
        #expect(obligations(report, "bob", "SOP-QA-001").count == 1)
    }

    @Test(.verifies("REQ-SIT-001")) func movingSiteThroughAReleasedConfigurationGainsAndLosesObligations() throws {
        let fixture = try fixture()
        try release(fixture, "WI-GW-001", type: "WI", revision: 1, extra: Self.technicians + "sites: [galway]\n")
        try release(fixture, "WI-CB-001", type: "WI", revision: 1, extra: Self.technicians + "sites: [cambridge]\n")
        // Configuration revision 2, released on 2031-02-01: Alice moves from Galway to Cambridge.
        try fixture.branch("alice-moves")
        fixture.advanceClock(to: "2031-02-01")
        try configuration(fixture, revision: 2, aliceAt: "cambridge")
        try fixture.commit("Alice moves to Cambridge", as: "adam")
        try fixture.approve("CONFIG", revision: 2, as: "ada")
        try fixture.merge("alice-moves")

        let before = try report(fixture, asOf: "2031-01-31")
        #expect(obligations(before, "alice", "WI-GW-001").map(\.status) == [.overdue])
        #expect(obligations(before, "alice", "WI-CB-001").isEmpty)

        let after = try report(fixture, asOf: "2031-02-05")
        let galway = try #require(obligations(after, "alice", "WI-GW-001").first)
        #expect(galway.status == .cancelled)
        #expect(galway.ended?.description == "2031-02-01")
        #expect(galway.reason.contains("moved to Cambridge, MA, where WI-GW-001 does not apply"))
        let cambridge = try #require(obligations(after, "alice", "WI-CB-001").first)
        #expect(cambridge.status == .open)
        #expect(cambridge.assigned.description == "2031-02-01")
        #expect(cambridge.due.description == "2031-02-11")
        #expect(cambridge.reason.contains("moved to Cambridge, MA, where WI-CB-001 applies"))
        // Bob, who stayed, is unaffected.
        #expect(obligations(after, "bob", "WI-CB-001").first?.assigned.description == "2031-01-01")
    }

    @Test(.verifies("REQ-SIT-001")) func unknownSitesAreDanglingReferences() throws {
        let fixture = try fixture()
        try fixture.write(
            "controlled-docs/WI-GW-001.md", fixture.document("WI-GW-001", type: "WI", revision: 1, extra: "sites: [galwey]\n"))
        let check = try StetProcess.run(["check", "-C", fixture.repository.path, "--format", "json"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("\"code\" : \"dangling-reference\""))
        #expect(check.stdout.contains("sites names 'galwey', which is not a site of stet.yaml (did you mean galway?)"))
        #expect(check.stdout.contains("\"line\" : 7"))
        let findings = try ReportedFindings(json: check.stdout)
        #expect(findings.rows == ["dangling-reference error WI-GW-001 controlled-docs/WI-GW-001.md:7"])
        #expect(
            findings.messages == [
                "sites names 'galwey', which is not a site of stet.yaml (did you mean galway?) (the sites are cambridge, galway); declare it under sites: or correct it"
            ])
    }

    @Test(.verifies("REQ-TRN-008")) func recurrentTrainingLapsesAndIsAssignedAgain() throws {
        let fixture = try fixture()
        try release(fixture, "SOP-QA-001", revision: 1, extra: Self.technicians + "retrain-months: 12\neffective: 2031-01-01\n")
        fixture.advanceClock(to: "2031-01-06")
        try fixture.write(
            "training/records/gmp.csv",
            "person,document,revision,completed,method,trainer\nalice,SOP-QA-001,1,2031-01-05,classroom,quinn\n")
        try fixture.commit("GMP training, January 2031", as: "quinn")
        let first = try report(fixture, asOf: "2031-12-31")
        #expect(obligations(first, "alice", "SOP-QA-001").map(\.status) == [.completed])

        // Twelve months after the completion, it lapses: a new obligation, due 10 days later.
        let lapsed = try report(fixture, asOf: "2032-01-20")
        let list = obligations(lapsed, "alice", "SOP-QA-001")
        #expect(list.map(\.status) == [.completed, .overdue])
        #expect(list.last?.assigned.description == "2032-01-05")
        #expect(list.last?.due.description == "2032-01-15")
        #expect(list.last?.revision == 1)
        #expect(list.last?.reason.contains("the completion of 2031-01-05 lapsed after 12 months") == true)

        // A new completion fulfils it, and the next one lapses a year after that.
        fixture.advanceClock(to: "2032-01-21")
        try fixture.write(
            "training/records/gmp.csv",
            "person,document,revision,completed,method,trainer\nalice,SOP-QA-001,1,2031-01-05,classroom,quinn\nalice,SOP-QA-001,1,2032-01-20,e-learning,\n"
        )
        try fixture.commit("GMP training, January 2032", as: "quinn")
        let again = obligations(try report(fixture, asOf: "2032-06-01"), "alice", "SOP-QA-001")
        #expect(again.map(\.status) == [.completed, .completed])
        #expect(again.last?.completed?.description == "2032-01-20")
        #expect(again.last?.late == true)
        #expect(
            obligations(try report(fixture, asOf: "2033-01-21"), "alice", "SOP-QA-001").map(\.status) == [
                .completed, .completed, .open,
            ])
    }

    @Test(.verifies("REQ-TRN-007")) func anApprovalByAnUntrainedApproverIsMarked() throws {
        let fixture = try fixture(extra: "approver-qualification: [SOP-QA-001]\n")
        // The Document Control SOP trains QA approvers; Quinn completes it, Rita does not.
        try release(fixture, "SOP-QA-001", revision: 1, extra: "training:\n  roles: [qa-approver]\n")
        try fixture.write(
            "training/records/qa.csv", "person,document,revision,completed,method,trainer\nquinn,SOP-QA-001,1,2031-01-01,reading,\n")
        try fixture.commit("Quinn's training", as: "quinn")
        try release(fixture, "SOP-QA-002", revision: 1, extra: "", approvers: ["olga", "quinn"])
        let record = try fixture.record()
        let report = try TrainingReport.make(
            record: record, repository: GitRepository(at: fixture.repository), asOf: CalendarDate("2031-03-01")!)
        // Olga (owner) was not trained on SOP-QA-001 rev 1 when she approved SOP-QA-002; Quinn was.
        let gaps = report.unqualified.filter { $0.document.rawValue == "SOP-QA-002" }
        #expect(gaps.map(\.person.rawValue) == ["olga"])
        #expect(gaps.first?.missing == ["SOP-QA-001 rev 1"])
        let finding = try #require(Qualification.findings(gaps, people: record.configuration.people).first)
        #expect(finding.code == .unqualifiedApprover)
        #expect(finding.severity == .warning)
        #expect(finding.document?.rawValue == "SOP-QA-002")
        #expect(finding.message.contains("Olga Owner (olga) approved SOP-QA-002 rev 1"))
        // The approval still counts.
        #expect(record.documents[DocumentID("SOP-QA-002")!]?.latestRelease != nil)

        let verify = try StetProcess.run(["verify", "-C", fixture.repository.path, "--format", "json"])
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("\"code\" : \"unqualified-approver\""))
        #expect(verify.stdout.contains("\"severity\" : \"warning\""))
        let verified = try ReportedFindings(json: verify.stdout)
        #expect(verified.rows == ["unqualified-approver warning SOP-QA-002 -:-", "unqualified-approver warning SOP-QA-002 -:-"])
        #expect(
            verified.messages == [
                "Olga Owner (olga) approved SOP-QA-002 rev 1 at 2031-01-01T08:00:00Z without having completed training on SOP-QA-001 rev 1 (approver-qualification); the approval counts and is marked in the signature manifestation — train the approver, and record the gap in a deviation record",
                "Quinn Quality (quinn) approved SOP-QA-002 rev 1 at 2031-01-01T09:00:00Z without having completed training on SOP-QA-001 rev 1 (approver-qualification); the approval counts and is marked in the signature manifestation — train the approver, and record the gap in a deviation record",
            ])

        // The signature manifestation says so.
        let portal = fixture.root.appendingPathComponent("portal")
        let build = try StetProcess.run(["build", "-C", fixture.repository.path, "--out", portal.path, "--quiet", "--as-of", "2031-03-01"])
        #expect(build.status == 0, "\(build.stderr)")
        let page = try String(contentsOf: portal.appendingPathComponent("documents/SOP-QA-002/index.html"), encoding: .utf8)
        #expect(page.contains("Not trained on SOP-QA-001 rev 1 when signing (approver-qualification)"))
    }

    @Test(.verifies("REQ-SIT-001")) func aLocalProcedureBehindItsGlobalStandardIsDueForReview() throws {
        let fixture = try fixture()
        try release(fixture, "SOP-QA-002", revision: 1, extra: Self.technicians)
        try release(fixture, "SOP-GW-002", revision: 1, extra: "sites: [galway]\nimplements: SOP-QA-002 rev 1\n")
        #expect(GlobalLocal.findings(in: try fixture.record()).isEmpty)
        #expect(GlobalLocal.implementations(in: try fixture.record()).first?.isAligned == true)

        // An editorial global revision does not call for a local review.
        try release(fixture, "SOP-QA-002", revision: 2, extra: "training:\n  roles: [lab-technician]\n  required: false\n")
        #expect(GlobalLocal.findings(in: try fixture.record()).isEmpty)

        // A global revision that requires training does, until the local procedure aligns to it.
        let global = try release(fixture, "SOP-QA-002", revision: 3, extra: Self.technicians)
        let finding = try #require(GlobalLocal.findings(in: try fixture.record()).first)
        #expect(finding.code == .localReviewDue)
        #expect(finding.severity == .warning)
        #expect(finding.document?.rawValue == "SOP-GW-002")
        #expect(finding.commit == global)
        #expect(finding.file == "controlled-docs/SOP-GW-002.md")
        #expect(finding.line == 8)
        #expect(finding.message.contains("implements SOP-QA-002 rev 1, but SOP-QA-002 rev 3 was released and requires training"))
        let verify = try StetProcess.run(["verify", "-C", fixture.repository.path])
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("local-review-due") || verify.stderr.contains("local-review-due"))

        try release(fixture, "SOP-GW-002", revision: 2, extra: "sites: [galway]\nimplements: SOP-QA-002 rev 3\n")
        #expect(GlobalLocal.findings(in: try fixture.record()).isEmpty)
    }

    @Test(.verifies("REQ-POR-001")) func supersededRevisionPagesTellTrainingInThePastTense() throws {
        let fixture = try fixture()
        try release(fixture, "SOP-QA-001", revision: 1, extra: Self.technicians + "effective: 2031-01-01\n")
        try release(fixture, "SOP-QA-001", revision: 2, extra: Self.technicians + "effective: 2031-02-01\n")
        let portal = fixture.root.appendingPathComponent("portal")
        let build = try StetProcess.run(["build", "-C", fixture.repository.path, "--out", portal.path, "--quiet", "--as-of", "2031-03-01"])
        #expect(build.status == 0, "\(build.stderr)")
        let old = try String(contentsOf: portal.appendingPathComponent("documents/SOP-QA-001/rev-1.html"), encoding: .utf8)
        #expect(old.contains("2 people in 1 role were required to train on SOP-QA-001 rev 1, due by 2031-01-11; 0 completed it"))
        #expect(!old.contains("must train on SOP-QA-001 rev 1"))
        let current = try String(contentsOf: portal.appendingPathComponent("documents/SOP-QA-001/index.html"), encoding: .utf8)
        #expect(current.contains("2 people in 1 role must train on SOP-QA-001 rev 2 by 2031-02-11 (0 completed)"))
    }
}
