import Foundation
import Testing

@testable import Control
@testable import Records
@testable import Repository
@testable import Training

/// Training records as GxP evidence, with explicit dates (PRODUCT.md §8.3): a row counts only from a
/// validly signed commit, from the day it reached the release branch, and carries who recorded it.
@Suite("Training records stand as evidence")
struct TrainingEvidenceTests {
    /// SOP-QA-001 rev 1 trains lab technicians (alice), effective 2031-01-01, due 2031-01-11;
    /// `stetYAML` extra lines go into the first configuration.
    func fixture(configuration extra: String = "") throws -> GitFixture {
        let fixture = try GitFixture()
        try fixture.writeConfiguration()
        if !extra.isEmpty { try fixture.write("stet.yaml", GitFixture.stetYAML + extra) }
        try fixture.commit("Configuration", as: "adam")
        try fixture.branch("rev1")
        try fixture.write(
            "controlled-docs/SOP-QA-001.md",
            fixture.document(revision: 1, extra: "training:\n  roles: [lab-technician]\n  due-days: 10\neffective: 2031-01-01\n"))
        try fixture.commit("Revision 1", as: "rita")
        try fixture.approve("SOP-QA-001", revision: 1, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 1, as: "quinn")
        try fixture.merge("rev1")
        return fixture
    }

    func report(_ fixture: GitFixture, asOf: String) throws -> TrainingReport {
        try TrainingReport.make(record: try fixture.record(), repository: GitRepository(at: fixture.repository), asOf: CalendarDate(asOf)!)
    }

    func alice(_ report: TrainingReport) throws -> Obligation {
        try #require(report.obligations.first { $0.person.rawValue == "alice" })
    }

    static let row = "person,document,revision,completed,method,trainer\nalice,SOP-QA-001,1,2031-01-08,classroom,quinn\n"

    @Test(.verifies("REQ-TRN-003")) func aRowAddedByAnUnsignedCommitDoesNotCount() throws {
        let fixture = try fixture()
        fixture.advanceClock(to: "2031-01-20")
        try fixture.write("training/records/2031.csv", Self.row)
        let unsigned = try fixture.commit("Training records", as: "quinn", sign: false)
        let report = try self.report(fixture, asOf: "2031-02-01")
        #expect(try alice(report).status == .overdue)
        let finding = try #require(report.findings.first)
        #expect(finding.code == .invalidTrainingRecord)
        #expect(finding.severity == .error)
        #expect(finding.file == "training/records/2031.csv")
        #expect(finding.line == 2)
        #expect(finding.commit == unsigned)
        #expect(finding.message.contains("does not count"))

        let cli = try StetProcess.run(["training", "-C", fixture.repository.path, "--as-of", "2031-02-01"])
        #expect(cli.status == 1)
        #expect(cli.stderr.contains("training/records/2031.csv:2"))
        #expect(cli.stdout.contains("Alice Author (alice) — SOP-QA-001 revision 1: overdue since 2031-01-11"))
        #expect(
            cli.stdout == """
                Alice Author (alice) — SOP-QA-001 revision 1: overdue since 2031-01-11
                stet training: 1 obligation as of 2031-02-01: 1 overdue.

                """)
        #expect(
            cli.stderr == """
                training/records/2031.csv:2: error: this completion does not count: commit \(unsigned.prefix(12)), which added the row, is not validly signed by an active person (unsigned: the commit is not signed); remove the row and add it again in a commit signed by the person recording it [invalid-training-record] id invalid-training-record:\(unsigned.prefix(12)):SOP-QA-001
                training records: 1 error in 1 file.

                """)
    }

    @Test(.verifies("REQ-TRN-003")) func aRowSignedByAnUnknownKeyDoesNotCount() throws {
        let fixture = try fixture()
        try fixture.write("training/records/2031.csv", Self.row)
        try fixture.commit("Training records", as: "quinn", signer: "mallory")
        let report = try self.report(fixture, asOf: "2031-02-01")
        #expect(try alice(report).status == .overdue)
        #expect(report.findings.map(\.code) == [.invalidTrainingRecord])
    }

    @Test(.verifies("REQ-TRN-006")) func asOfCountsOnlyWhatWasRecordedByThen() throws {
        let fixture = try fixture()
        fixture.advanceClock(to: "2031-01-20")
        try fixture.write("training/records/2031.csv", Self.row)
        let recording = try fixture.commit("Training records", as: "quinn")
        // Before the row reached the release branch, the training is not on record: overdue.
        let before = try alice(try report(fixture, asOf: "2031-01-19"))
        #expect(before.status == .overdue)
        #expect(before.evidence == nil)
        // From that day on, it counts with the date it states, and its evidence.
        let after = try report(fixture, asOf: "2031-01-20")
        let done = try alice(after)
        #expect(done.status == .completed)
        #expect(done.completed?.description == "2031-01-08")
        #expect(done.late == false)
        let evidence = try #require(done.evidence)
        #expect(evidence.method == "classroom")
        #expect(evidence.trainer?.rawValue == "quinn")
        #expect(evidence.recorder?.rawValue == "quinn")
        #expect(evidence.source.description == "training/records/2031.csv:2")
        #expect(RecordReport.timestamp(evidence.recordedAt) == "2031-01-20T01:00:00Z")
        #expect(evidence.recordedIn?.hex == recording)

        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(after.json().utf8)) as? [String: Any])
        let exported = try #require((json["obligations"] as? [[String: Any]])?.first { $0["person"] as? String == "alice" })
        let fields = try #require(exported["evidence"] as? [String: Any])
        #expect(fields["kind"] as? String == "record")
        #expect(fields["completed"] as? String == "2031-01-08")
        #expect(fields["method"] as? String == "classroom")
        #expect(fields["trainer"] as? String == "quinn")
        #expect(fields["recorder"] as? String == "quinn")
        #expect(fields["source"] as? String == "training/records/2031.csv:2")
        #expect(fields["recordedAt"] as? String == "2031-01-20T01:00:00Z")
        #expect(fields["recordedIn"] as? String == recording)
        #expect(
            after.csv().contains(
                "\"stet-obligations/1\",\"alice\",\"SOP-QA-001\",\"1\",\"2031-01-01\",\"2031-01-11\",\"completed\",\"2031-01-08\",\"false\",\"classroom\",\"quinn\",\"quinn\",\"training/records/2031.csv:2\",\"2031-01-20T01:00:00Z\""
            ))
        // The grace period is not configured here: no late-record warning.
        #expect(after.findings.isEmpty)
    }

    @Test(.verifies("REQ-TRN-006")) func aRowMergedFromABranchIsRecordedWhenItReachesTheReleaseBranch() throws {
        let fixture = try fixture()
        try fixture.branch("records")
        fixture.advanceClock(to: "2031-01-09")
        try fixture.write("training/records/2031.csv", Self.row)
        let added = try fixture.commit("Training records", as: "rita")
        fixture.advanceClock(to: "2031-01-25")
        let merge = try fixture.merge("records")
        #expect(try alice(try report(fixture, asOf: "2031-01-24")).status == .overdue)
        let evidence = try #require(try alice(try report(fixture, asOf: "2031-01-25")).evidence)
        #expect(evidence.recorder?.rawValue == "rita")
        #expect(evidence.recordedIn?.hex == merge)
        #expect(RecordReport.timestamp(evidence.recordedAt) == "2031-01-25T01:00:00Z")
        #expect(added != merge)
    }

    @Test(.verifies("REQ-TRN-006")) func aCompletionRecordedAfterTheGracePeriodIsALateRecord() throws {
        let fixture = try fixture(configuration: "training-record-grace-days: 5\n")
        fixture.advanceClock(to: "2031-01-20")
        try fixture.write("training/records/2031.csv", Self.row)
        try fixture.commit("Training records", as: "quinn")
        let report = try self.report(fixture, asOf: "2031-02-01")
        #expect(try alice(report).status == .completed)
        let finding = try #require(report.findings.first)
        #expect(report.findings.count == 1)
        #expect(finding.code == .lateRecord)
        #expect(finding.severity == .warning)
        #expect(finding.file == "training/records/2031.csv")
        #expect(finding.line == 2)
        #expect(finding.message.contains("completed 2031-01-08 but recorded on the release branch on 2031-01-20, 12 days later"))
        // A warning alone: stet training exits 0.
        let cli = try StetProcess.run(["training", "-C", fixture.repository.path, "--as-of", "2031-02-01"])
        #expect(cli.status == 0)
        #expect(cli.stderr.contains("late-record"))
        #expect(
            cli.stdout == """
                Alice Author (alice) — SOP-QA-001 revision 1: completed on 2031-01-08 — classroom, trainer quinn; recorded by quinn on 2031-01-20 (training/records/2031.csv:2)
                stet training: 1 obligation as of 2031-02-01: 1 completed.

                """)
        #expect(
            cli.stderr == """
                training/records/2031.csv:2: warning: alice on SOP-QA-001 revision 1: completed 2031-01-08 but recorded on the release branch on 2031-01-20, 12 days later (training-record-grace-days: 5); it counts only as of 2031-01-20 (see stet training --as-of); explain the delay in a deviation record [late-record] id late-record:\(try fixture.short("HEAD")):SOP-QA-001
                training records: 0 errors, 1 warning in 1 file.

                """)

        // Within the grace period: no warning.
        let onTime = try self.fixture(configuration: "training-record-grace-days: 30\n")
        onTime.advanceClock(to: "2031-01-20")
        try onTime.write("training/records/2031.csv", Self.row)
        try onTime.commit("Training records", as: "quinn")
        #expect(try self.report(onTime, asOf: "2031-02-01").findings.isEmpty)
    }

    @Test(.verifies("REQ-TRN-003")) func aTrainerMustBeAPerson() throws {
        let fixture = try fixture()
        try fixture.write(
            "training/records/2031.csv",
            "person,document,revision,completed,method,trainer\nalice,SOP-QA-001,1,2031-01-08,classroom,Mr Smith\n")
        try fixture.commit("Training records", as: "quinn")
        let report = try self.report(fixture, asOf: "2031-02-01")
        #expect(report.findings.map(\.code) == [.invalidTrainingRecord])
        #expect(report.findings.first?.message.contains("trainer 'Mr Smith' is not a person id") == true)
        #expect(try alice(report).status == .overdue)
    }

    @Test(.verifies("REQ-TRN-003")) func aSignedAcknowledgementIsShownAsSuch() throws {
        let fixture = try fixture()
        try fixture.branch("read")
        fixture.advanceClock(to: "2031-01-05")
        let signed = try fixture.commit("Read and understood\n\nTrained: SOP-QA-001 rev 1", as: "alice", allowEmpty: true)
        fixture.advanceClock(to: "2031-01-07")
        try fixture.merge("read")
        #expect(try alice(try report(fixture, asOf: "2031-01-06")).status == .open)
        let report = try self.report(fixture, asOf: "2031-01-07")
        let done = try alice(report)
        #expect(done.status == .completed)
        #expect(done.completed?.description == "2031-01-05")
        let evidence = try #require(done.evidence)
        #expect(evidence.isAcknowledgement)
        #expect(evidence.recorder?.rawValue == "alice")
        #expect(evidence.source.description == "commit \(signed)")
        #expect(report.json().contains("\"kind\" : \"acknowledgement\""))
        #expect(TrainingReport.evidenceText(evidence).hasPrefix("signed acknowledgement (read and understood); recorded on 2031-01-07"))
    }
}
