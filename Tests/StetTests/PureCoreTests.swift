import Foundation
import Testing

@testable import Control
@testable import Records
@testable import Repository
@testable import Signatures
@testable import Training

/// Records built as values in code: a configuration read from the same YAML a repository holds, releases and
/// completions written out by hand. No repository, no git, no signatures: what the pure core decides from them.
enum CoreValues {
    /// Object ids that say which commit they stand for in their first digits: 000007000000… is commit 7.
    static func oid(_ number: Int) -> ObjectID { ObjectID(String(format: "%06x", number) + String(repeating: "0", count: 34))! }

    /// Midnight UTC of `date` (YYYY-MM-DD), in seconds since the epoch.
    static func at(_ date: String) -> Int64 { Int64(CalendarDate(date)!.daysSinceEpoch) * 86_400 }

    static let people = """
        alice:
          name: Alice Quality
          email: alice@example.test
          roles: [qa-approver, qms-admin]
        bob:
          name: Bob Owner
          email: bob@example.test
          roles: [lab-technician]
        carol:
          name: Carol Bench
          email: carol@example.test
          roles: [lab-technician, qa-approver]

        """

    static func records(people text: String = people) -> RecordSet {
        let configuration = Configuration.decode(Fixture.stetYAML)
        let roles = Directory.decodeRoles(Fixture.rolesYAML)
        let people = Directory.decodePeople(text)
        precondition(configuration.1.isEmpty && roles.1.isEmpty && people.1.isEmpty, "the test's configuration reads")
        return RecordSet(configuration: configuration.0!, roles: roles.0, people: people.0, signers: [], revoked: [])
    }

    static func frontMatter(_ id: String, type: String, revision: Int, extra: String = "") -> FrontMatter {
        let text = Fixture.document(id: id, type: type, revision: String(revision), extra: extra)
        let (document, problems) = DocumentReader.read(text: text, path: RepositoryPath("controlled-docs/\(id).md")!)
        precondition(problems.isEmpty, "\(problems)")
        return document!.frontMatter
    }

    /// A release of `id` revision `revision` at walk position `commit`, effective at `at`.
    static func release(_ id: String, _ revision: Int, type: String = "WI", extra: String = "", at: Int64, commit: Int) -> Release {
        Release(
            document: DocumentID(id)!, revision: Revision(revision)!, blob: oid(1_000 + commit),
            path: RepositoryPath("controlled-docs/\(id).md")!, commit: oid(commit), approvals: [], effectiveAt: at,
            frontMatter: frontMatter(id, type: type, revision: revision, extra: extra))
    }

    static func configuration(_ revision: Int, at: Int64, commit: Int, people: String = people) -> ConfigurationRelease {
        ConfigurationRelease(
            revision: revision, commit: oid(commit), at: at, records: records(people: people), identity: "config-\(revision)")
    }

    /// The record of these releases, walked in the order of their commit numbers.
    static func record(configurations: [ConfigurationRelease], releases: [Release], pending: [PendingChange] = []) -> ReleaseRecord {
        var documents: [DocumentID: DocumentRecord] = [:]
        for release in releases {
            documents[release.document, default: DocumentRecord(id: release.document)].releases.append(release)
        }
        for change in pending { documents[change.document, default: DocumentRecord(id: change.document)].pending = change }
        let commits = Set(configurations.map(\.commit) + releases.map(\.commit)).sorted()
        let good = commits.map {
            CommitVerdict(
                commit: $0,
                verdict: SignatureVerdict(status: .good, format: .ssh, person: nil, key: nil, claimedAt: 0, reason: "good signature"))
        }
        return ReleaseRecord(
            tip: commits.last!, rootOfTrust: commits.first!, documents: documents,
            configReleases: configurations.map { ($0.revision, $0.commit) }, configuration: configurations.last!.records, findings: [],
            signatures: good, configurations: configurations)
    }

    static func completion(_ person: String, _ revision: Int, on date: String, recorded: String? = nil, line: Int) -> Completion {
        Completion(
            person: PersonID(person)!, document: DocumentID("WI-LAB-001")!, revision: revision, completed: CalendarDate(date)!,
            source: .record(file: "training/records/2026.csv", line: line), recordedAt: at(recorded ?? date))
    }
}

@Suite("Pure core: obligations, document status, the ledger and approval matching decided from values, without git")
struct PureCoreTests {
    typealias V = CoreValues

    static let trained = "training:\n  roles: [lab-technician]\n  required: true\n"
    static let editorial = "change: Typo\ntraining:\n  roles: [lab-technician]\n  required: false\n"

    /// One history for the training engine: WI-LAB-001 rev 1 (training) on 10 January, rev 2 (editorial) on 1 February,
    /// rev 3 (training) on 10 March; on 15 March configuration revision 2 removes carol and gives dave the role.
    static func history() -> ReleaseRecord {
        let withoutCarol =
            V.people.replacingOccurrences(
                of: "carol:\n  name: Carol Bench\n  email: carol@example.test\n  roles: [lab-technician, qa-approver]\n", with: "")
            + "dave:\n  name: Dave New\n  email: dave@example.test\n  roles: [lab-technician]\n"
        return V.record(
            configurations: [
                V.configuration(1, at: V.at("2026-01-01"), commit: 1),
                V.configuration(2, at: V.at("2026-03-15"), commit: 5, people: withoutCarol),
            ],
            releases: [
                V.release("WI-LAB-001", 1, extra: trained, at: V.at("2026-01-10"), commit: 2),
                V.release("WI-LAB-001", 2, extra: editorial, at: V.at("2026-02-01"), commit: 3),
                V.release("WI-LAB-001", 3, extra: "change: New step\n" + trained, at: V.at("2026-03-10"), commit: 4),
            ])
    }

    static let completions = [
        V.completion("bob", 1, on: "2026-01-20", line: 2),
        V.completion("bob", 3, on: "2026-04-01", line: 3),
        // Done before the date but recorded after it: it does not count yet.
        V.completion("dave", 3, on: "2026-03-20", recorded: "2026-05-01", line: 4),
    ]

    /// person, revision, assigned, due, status, completed, late, reason, ended
    static func rows(_ obligations: [Obligation]) -> [String] {
        obligations.map {
            [
                $0.person.rawValue, $0.document.rawValue, "rev \($0.revision)", "assigned \($0.assigned)", "due \($0.due)",
                $0.status.rawValue, "completed \($0.completed.map(\.description) ?? "-")", $0.late ? "late" : "on time",
                "ended \($0.ended.map(\.description) ?? "-")", $0.reason,
            ].joined(separator: " | ")
        }
    }

    @Test(.verifies("REQ-TRN-001", "REQ-TRN-002", "REQ-TRN-005")) func obligationsOfAHistoryAreExactlyThese() {
        let obligations = TrainingEngine.obligations(
            record: Self.history(), completions: Self.completions, asOf: CalendarDate("2026-04-15")!)
        #expect(
            Self.rows(obligations) == [
                "bob | WI-LAB-001 | rev 1 | assigned 2026-01-10 | due 2026-01-24 | completed | completed 2026-01-20 | on time | ended 2026-03-10 | superseded by revision 3 of WI-LAB-001",
                "bob | WI-LAB-001 | rev 3 | assigned 2026-03-10 | due 2026-03-24 | completed | completed 2026-04-01 | late | ended - | revision 3 released",
                "carol | WI-LAB-001 | rev 1 | assigned 2026-01-10 | due 2026-01-24 | superseded | completed - | on time | ended 2026-03-10 | superseded by revision 3 of WI-LAB-001",
                "carol | WI-LAB-001 | rev 3 | assigned 2026-03-10 | due 2026-03-24 | cancelled | completed - | on time | ended 2026-03-15 | carol left (active: false or removed) on 2026-03-15",
                "dave | WI-LAB-001 | rev 3 | assigned 2026-03-15 | due 2026-03-29 | overdue | completed - | on time | ended - | gained a role trained on WI-LAB-001 (configuration revision 2)",
            ])
        // Each obligation names the commit that assigned it, and a completion carries its evidence.
        #expect(obligations.map(\.origin) == [V.oid(2), V.oid(4), V.oid(2), V.oid(4), V.oid(5)])
        #expect(obligations[1].evidence?.source == .record(file: "training/records/2026.csv", line: 3))
        #expect(obligations.map(\.roles) == Array(repeating: [RoleID("lab-technician")!], count: 5))
    }

    @Test(.verifies("REQ-TRN-005", "REQ-TRN-006")) func theSameInputsGiveTheSameObligationsAsOfEachDate() {
        let record = Self.history()
        let asOf = CalendarDate("2026-04-15")!
        let once = TrainingEngine.obligations(record: record, completions: Self.completions, asOf: asOf)
        #expect(TrainingEngine.obligations(record: record, completions: Self.completions.reversed(), asOf: asOf) == once)
        // On 15 January only revision 1 exists: two open obligations, nothing completed yet.
        #expect(
            Self.rows(TrainingEngine.obligations(record: record, completions: Self.completions, asOf: CalendarDate("2026-01-15")!)) == [
                "bob | WI-LAB-001 | rev 1 | assigned 2026-01-10 | due 2026-01-24 | open | completed - | on time | ended - | revision 1 released",
                "carol | WI-LAB-001 | rev 1 | assigned 2026-01-10 | due 2026-01-24 | open | completed - | on time | ended - | revision 1 released",
            ])
        // Once dave's record reaches the release branch (1 May), his completion counts, late.
        let may = TrainingEngine.obligations(record: record, completions: Self.completions, asOf: CalendarDate("2026-05-02")!)
        let dave = may.filter { $0.person.rawValue == "dave" }
        #expect(dave.map(\.status) == [.completed])
        #expect(dave.map(\.completed) == [CalendarDate("2026-03-20")!])
        #expect(dave.map(\.late) == [false])
    }

    @Test(.verifies("REQ-TRN-002")) func aCompletionOfAnEditorialRevisionCountsForTheRevisionItCarriesOver() {
        let record = Self.history()
        // Training on rev 2 (editorial) counts for rev 1; it does not count for rev 3, which asks for new training.
        let obligations = TrainingEngine.obligations(
            record: record, completions: [V.completion("carol", 2, on: "2026-02-05", line: 9)], asOf: CalendarDate("2026-04-15")!)
        let carol = obligations.filter { $0.person.rawValue == "carol" }
        #expect(carol.map(\.revision) == [1, 3])
        #expect(carol.map(\.status) == [.completed, .cancelled])
        #expect(carol.map(\.late) == [true, false])
    }

    @Test(.verifies("REQ-REL-003", "REQ-REL-005")) func documentStatusAsOfADate() {
        let id = DocumentID("SOP-QA-001")!
        var document = DocumentRecord(id: id)
        document.releases = [
            V.release("SOP-QA-001", 1, type: "SOP", at: V.at("2026-01-10"), commit: 2),
            V.release("SOP-QA-001", 2, type: "SOP", extra: "change: Scheduled\n", at: V.at("2026-06-01") + 3_600, commit: 3),
        ]
        func state(_ date: String) -> [String] {
            guard let status = DocumentStatus.status(of: document, asOf: CalendarDate(date)!) else { return ["none"] }
            return [
                status.state.rawValue, "in force \(status.inForce.map { String($0.revision.number) } ?? "-")",
                "scheduled \(status.scheduled.map { String($0.revision.number) } ?? "-")",
            ]
        }
        #expect(state("2026-01-09") == ["approved", "in force -", "scheduled 2"])
        #expect(state("2026-01-10") == ["approved", "in force 1", "scheduled 2"])
        #expect(state("2026-05-31") == ["approved", "in force 1", "scheduled 2"])
        // Effective during its day: the date counts to its end.
        #expect(state("2026-06-01") == ["effective", "in force 2", "scheduled -"])
        document.releases.append(
            V.release("SOP-QA-001", 3, type: "SOP", extra: "change: Retired\nstatus: obsolete\n", at: V.at("2026-09-01"), commit: 4))
        #expect(state("2026-09-01") == ["obsolete", "in force 3", "scheduled -"])

        // Never released: pending on its pending change; with neither, no status at all.
        var draft = DocumentRecord(id: DocumentID("WI-LAB-001")!)
        #expect(DocumentStatus.status(of: draft, asOf: CalendarDate("2026-01-01")!) == nil)
        draft.pending = PendingChange(
            document: draft.id, revision: Revision(1)!, blob: V.oid(77), path: RepositoryPath("controlled-docs/WI-LAB-001.md")!,
            commit: V.oid(7), frontMatter: V.frontMatter("WI-LAB-001", type: "WI", revision: 1), approvals: [], missing: [.owner],
            notes: [])
        #expect(DocumentStatus.status(of: draft, asOf: CalendarDate("2026-01-01")!)?.state == .pending)
        #expect(DocumentStatus.status(of: draft, asOf: CalendarDate("2026-01-01")!)?.title == "A controlled procedure")
    }

    static func approval(_ person: String, commit: Int, at: String, hour: Int64 = 0, meaning: String = "Approved") -> Approval {
        Approval(
            commit: V.oid(commit), person: PersonID(person)!, name: person.capitalized, meaning: meaning, signedAt: V.at(at) + hour * 3_600,
            key: "SHA256:key-of-\(person)")
    }

    /// The ledger of a record with configuration revision 1 and WI-LAB-001 revisions 1 and 2, recorded on 2 February.
    static func firstLedger() -> (record: ReleaseRecord, ledger: Ledger) {
        var first = V.release("WI-LAB-001", 1, extra: trained, at: V.at("2026-01-10"), commit: 2)
        first.approvals = [approval("bob", commit: 2, at: "2026-01-10", meaning: "Approved")]
        let record = V.record(
            configurations: [V.configuration(1, at: V.at("2026-01-01"), commit: 1)],
            releases: [first, V.release("WI-LAB-001", 2, extra: editorial, at: V.at("2026-02-01"), commit: 3)])
        return (record, Ledger(record: record, previous: nil, now: V.at("2026-02-02") + 3_600))
    }

    @Test(.verifies("REQ-HIS-003", "REQ-HIS-005")) func theLedgerChainsReleasesInWalkOrderAndKeepsWhenEachWasFirstRecorded() throws {
        let (record, ledger) = Self.firstLedger()
        func rows(_ ledger: Ledger) -> [String] {
            ledger.entries.map {
                "\($0.sequence) \($0.document) rev \($0.revision) blob \($0.blob.prefix(6)) at \($0.releaseCommit.prefix(6)) effective \($0.effectiveDate) recorded \($0.recordedAt)"
            }
        }
        #expect(ledger.version == 2)
        #expect(ledger.organization == "Test Biologics")
        #expect(ledger.rootOfTrust == V.oid(1).hex)
        #expect(
            rows(ledger) == [
                "1 CONFIG rev 1 blob config at 000001 effective 2026-01-01T00:00:00Z recorded 2026-02-02T01:00:00Z",
                "2 WI-LAB-001 rev 1 blob 0003ea at 000002 effective 2026-01-10T00:00:00Z recorded 2026-02-02T01:00:00Z",
                "3 WI-LAB-001 rev 2 blob 0003eb at 000003 effective 2026-02-01T00:00:00Z recorded 2026-02-02T01:00:00Z",
            ])
        #expect(
            ledger.entries[1].approvals == [
                .init(person: "bob", commit: V.oid(2).hex, signedAt: "2026-01-10T00:00:00Z", key: "SHA256:key-of-bob", meaning: "Approved")
            ])
        // The chain: each entry names the hash of the one before; the first hash is SHA-256 over the entry's facts,
        // its recording time and 64 zeros, one per line (a published ledger is checked against exactly this).
        #expect(ledger.entries.map(\.previousHash) == [String(repeating: "0", count: 64)] + ledger.entries.dropLast().map(\.hash))
        #expect(ledger.entries[0].hash == "dd3b74ef0f32c0d06f79783dabeb0fd190293b7f8585f4114f8c14062d2b7fbf")
        #expect(ledger.entries.allSatisfy { $0.hash == $0.computedHash() })

        // A later build on a longer history: the entries recorded before keep their time and so their hashes,
        // the new ones get the new time, and the published ledger is a prefix of the new one.
        var later = record
        later.documents[DocumentID("WI-LAB-001")!]!.releases.append(
            V.release("WI-LAB-001", 3, extra: "change: New step\n" + Self.trained, at: V.at("2026-03-10"), commit: 4))
        later.signatures.append(CommitVerdict(commit: V.oid(4), verdict: record.signatures[0].verdict))
        let next = Ledger(record: later, previous: ledger, now: V.at("2026-04-01"))
        #expect(Array(next.entries.prefix(3)) == ledger.entries)
        #expect(next.entries.map(\.recordedAt).last == "2026-04-01T00:00:00Z")
        #expect(next.entries.last?.previousHash == ledger.entries.last?.hash)
        #expect(next.compare(published: ledger, file: "ledger.json") == [])
        #expect(next.recordedAt["WI-LAB-001 rev 1"] == "2026-02-02T01:00:00Z")
        #expect(next.recordedAt["WI-LAB-001 rev 3"] == "2026-04-01T00:00:00Z")
    }

    @Test(.verifies("REQ-HIS-003")) func aLedgerThatIsNotAPrefixOfTodaysRecordIsReportedExactly() throws {
        let (record, published) = Self.firstLedger()
        // The file edited: the chain breaks at the entry whose recording time was changed.
        var edited = published
        edited.entries[1].recordedAt = "2026-01-10T00:00:00Z"
        let today = Ledger(record: record, previous: published, now: V.at("2026-05-01"))
        let broken = today.compare(published: edited, file: "site/ledger.json")
        #expect(
            broken.map { [$0.code.rawValue, $0.severity.rawValue, $0.document?.rawValue ?? "-", $0.file ?? "-"] } == [
                ["history-rewritten", "error", "WI-LAB-001", "site/ledger.json"]
            ])
        #expect(
            broken.map(\.message) == [
                "the published ledger's hash chain is broken at entry 2 (WI-LAB-001 revision 1): the ledger file itself was altered"
            ])
        // The history rewritten: revision 2 now has other content.
        var rewritten = record
        rewritten.documents[DocumentID("WI-LAB-001")!]!.releases[1].blob = V.oid(99)
        let changed = Ledger(record: rewritten, previous: published, now: V.at("2026-05-01")).compare(
            published: published, file: "site/ledger.json")
        #expect(
            changed.map(\.message) == [
                "release 3 was published as WI-LAB-001 revision 2 at 000003000000; the release branch now says WI-LAB-001 revision 2 at 000003000000: the history was rewritten"
            ])
    }

    @Test(.verifies("REQ-APR-002", "REQ-APR-005")) func approvalsEntriesAreFilledByDistinctPeopleWithTheMeaningTheyAsk() {
        let people = V.records().people
        let qa = RoleID("qa-approver")!
        let admin = RoleID("qms-admin")!
        let bob = PersonID("bob")!
        func match(_ entries: [RoleID], _ approvals: [Approval], meanings: [String] = []) -> [String] {
            let (matched, missing) = RecordBuilder.match(
                entries: entries, meanings: meanings, approvals: approvals, owner: bob, people: people)
            return matched.map { "\($0.role!) \($0.person) \($0.commit.short.prefix(6)) \($0.meaning)" } + missing.map { "missing \($0)" }
        }
        // The owner entry takes the document's owner; a role entry a holder of the role.
        #expect(
            match(
                [.owner, qa], [Self.approval("alice", commit: 11, at: "2026-01-02"), Self.approval("bob", commit: 12, at: "2026-01-02")])
                == [
                    "owner bob 00000c Approved", "qa-approver alice 00000b Approved",
                ])
        // One person fills one entry, even holding both roles.
        #expect(
            match([qa, admin], [Self.approval("alice", commit: 11, at: "2026-01-02")]) == [
                "qa-approver alice 00000b Approved", "missing qms-admin",
            ])
        // Distinct people are found when one exists: carol takes qa-approver so alice can fill qms-admin.
        #expect(
            match(
                [qa, admin], [Self.approval("alice", commit: 11, at: "2026-01-02"), Self.approval("carol", commit: 12, at: "2026-01-03")])
                == [
                    "qa-approver carol 00000c Approved", "qms-admin alice 00000b Approved",
                ])
        // A person's earliest approval counts, whatever the commit order.
        #expect(
            match([qa], [Self.approval("alice", commit: 11, at: "2026-01-05"), Self.approval("alice", commit: 12, at: "2026-01-02")]) == [
                "qa-approver alice 00000c Approved"
            ])
        // A Reviewed signature fills only an entry that asks for Reviewed.
        let reviewed = [Self.approval("alice", commit: 11, at: "2026-01-02", meaning: "Reviewed")]
        #expect(match([qa], reviewed) == ["missing qa-approver"])
        #expect(match([qa], reviewed, meanings: ["Reviewed"]) == ["qa-approver alice 00000b Reviewed"])
        // Someone without the role fills nothing, and the owner entry is not any approver's.
        #expect(match([.owner, qa], [Self.approval("dave", commit: 11, at: "2026-01-02")]) == ["missing owner", "missing qa-approver"])
    }
}
