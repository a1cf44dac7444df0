import Control
import Foundation
import Records
import Repository

/// Everything `stet training` and the portal need: obligations, and findings about the records.
public struct TrainingReport: Sendable {
    public var asOf: CalendarDate
    public var obligations: [Obligation]
    public var findings: [Finding]
    /// Approvals by people not trained on the `approver-qualification` documents when they signed (PRODUCT.md §8.5).
    public var unqualified: [UnqualifiedApproval] = []
    /// The committer time of each first-parent commit of the release branch: when what it brings was released.
    public var releasedAt: [ObjectID: Int64] = [:]
    /// For each first-parent commit, the earliest committer time of the commits it brought in (a merged
    /// branch's first commit): where a change's cycle time starts.
    public var changeStarted: [ObjectID: Int64] = [:]

    /// Reads completions from `training/records/` of the release branch's tip and from signed
    /// acknowledgements, attaches their evidence (recorder, recorded time), and computes the
    /// obligations as of `asOf`. A row counts only if the commit that added it is validly signed
    /// (PRODUCT.md §8.3).
    public static func make(record: ReleaseRecord, repository: GitRepository, asOf: CalendarDate) throws -> TrainingReport {
        let evidence = try RecordedCompletions.read(record: record, repository: repository)
        let obligations = TrainingEngine.obligations(record: record, completions: evidence.completions, asOf: asOf)
        var report = TrainingReport(asOf: asOf, obligations: obligations, findings: evidence.findings)
        report.releasedAt = evidence.history.time
        report.changeStarted = evidence.history.started
        report.unqualified = Qualification.unqualifiedApprovals(
            record: record, completions: evidence.completions.filter { $0.recorded <= asOf })
        return report
    }

    /// Approvals by signers not trained on the `approver-qualification` documents as of `asOf`, without
    /// computing anyone's obligations (what `stet verify` needs). None when no configuration on the
    /// record names qualification documents, and then nothing is read.
    public static func unqualifiedApprovals(record: ReleaseRecord, repository: GitRepository, asOf: CalendarDate) throws
        -> [UnqualifiedApproval]
    {
        let asked =
            record.configurations.contains { !$0.records.configuration.approverQualification.isEmpty }
            || !record.configuration.configuration.approverQualification.isEmpty
        guard asked else { return [] }
        let evidence = try RecordedCompletions.read(record: record, repository: repository)
        return Qualification.unqualifiedApprovals(record: record, completions: evidence.completions.filter { $0.recorded <= asOf })
    }

    /// The completions on record with their evidence, and the findings about the rows that do not count.
    struct RecordedCompletions {
        var completions: [Completion]
        var findings: [Finding]
        var history: RecordHistory

        static func read(record: ReleaseRecord, repository: GitRepository) throws -> RecordedCompletions {
            let tip = CommitTree(repository: repository, tree: try repository.commit(record.tip).tree, label: "the release branch")
            let released = record.documents.mapValues { Set($0.releases.map(\.revision.number)) }
            let (rows, readFindings) = TrainingRecords.read(from: tip, people: record.configuration.people, released: released)
            var findings = readFindings
            let history = try RecordHistory(repository: repository, tip: record.tip)
            let verdicts = Dictionary(record.signatures.map { ($0.commit, $0.verdict) }, uniquingKeysWith: { first, _ in first })
            let grace = record.configuration.configuration.trainingRecordGraceDays
            var completions: [Completion] = []
            for var row in rows {
                guard case .record(let file, let line) = row.source, let key = row.rowKey, let origin = history.rows[key] else { continue }
                let verdict = verdicts[origin.recorder]
                guard let verdict, verdict.isGood, let recorder = verdict.person else {
                    let why = verdict.map { "\($0.status.rawValue): \($0.reason)" } ?? "not on the release branch"
                    findings.append(
                        Finding(
                            .invalidTrainingRecord, document: row.document, commit: origin.recorder.hex, file: file, line: line,
                            message:
                                "this completion does not count: commit \(origin.recorder.short), which added the row, is not validly signed by an active person (\(why)); remove the row and add it again in a commit signed by the person recording it"
                        ))
                    continue
                }
                row.recorder = recorder
                row.recordedAt = history.time[origin.arrived] ?? 0
                row.recordedIn = origin.arrived
                completions.append(row)
            }
            for acknowledgement in record.acknowledgements {
                let arrived = history.arrival[acknowledgement.commit]
                completions.append(
                    Completion(
                        person: acknowledgement.person, document: acknowledgement.document, revision: acknowledgement.revision,
                        completed: CalendarDate(utcSeconds: acknowledgement.at), method: "signed acknowledgement (read and understood)",
                        source: .acknowledgement(commit: acknowledgement.commit.hex), recorder: acknowledgement.person,
                        recordedAt: arrived.flatMap { history.time[$0] } ?? acknowledgement.at, recordedIn: arrived))
            }
            if let grace {
                for completion in completions where completion.completed.adding(days: grace) < completion.recorded {
                    let days = completion.recorded.daysSinceEpoch - completion.completed.daysSinceEpoch
                    var file: String? = nil
                    var line: Int? = nil
                    var commit = completion.recordedIn?.hex
                    switch completion.source {
                    case .record(let path, let number): (file, line) = (path, number)
                    case .acknowledgement(let hex): commit = hex
                    }
                    findings.append(
                        Finding(
                            .lateRecord, severity: .warning, document: completion.document, commit: commit, file: file, line: line,
                            message:
                                "\(completion.person) on \(completion.document) revision \(completion.revision): completed \(completion.completed) but recorded on the release branch on \(completion.recorded), \(days) days later (training-record-grace-days: \(grace)); it counts only as of \(completion.recorded) (see stet training --as-of); explain the delay in a deviation record"
                        ))
                }
            }
            return RecordedCompletions(completions: completions, findings: Finding.ordered(findings), history: history)
        }
    }

    /// The JSON shape of PRODUCT.md §10: `{"asOf", "obligations": [{person, document, revision, assigned, due, status,
    /// completed, late}]}`, each completed obligation with its `evidence` (PRODUCT.md §8.3).
    public func json() -> String {
        struct Shape: Encodable {
            var schema = "stet-obligations/1"
            var asOf: String
            var obligations: [Entry]
            var findings: [Finding]
        }
        struct Entry: Encodable {
            var person: String
            var document: String
            var revision: Int
            var assigned: String
            var due: String
            var status: String
            var completed: String?
            var late: Bool
            var reason: String
            var evidence: Evidence?

            enum CodingKeys: String, CodingKey { case person, document, revision, assigned, due, status, completed, late, reason, evidence }

            func encode(to encoder: Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(person, forKey: .person)
                try container.encode(document, forKey: .document)
                try container.encode(revision, forKey: .revision)
                try container.encode(assigned, forKey: .assigned)
                try container.encode(due, forKey: .due)
                try container.encode(status, forKey: .status)
                try container.encode(completed, forKey: .completed)
                try container.encode(late, forKey: .late)
                try container.encode(reason, forKey: .reason)
                try container.encode(evidence, forKey: .evidence)
            }
        }
        let entries = obligations.map {
            Entry(
                person: $0.person.rawValue, document: $0.document.rawValue, revision: $0.revision, assigned: $0.assigned.description,
                due: $0.due.description, status: $0.status.rawValue, completed: $0.completed?.description, late: $0.late, reason: $0.reason,
                evidence: $0.status == .completed ? $0.evidence.map(Evidence.init) : nil)
        }
        return FindingReport.encodeJSON(Shape(asOf: asOf.description, obligations: entries, findings: findings))
    }

    /// A completion's evidence as exported (PRODUCT.md §8.3).
    struct Evidence: Encodable {
        /// `record` (a row of training/records/) or `acknowledgement` (a signed `Trained:` commit).
        var kind: String
        var completed: String
        var revision: Int
        var method: String?
        var trainer: String?
        var recorder: String?
        var source: String
        var recordedAt: String
        var recordedIn: String?

        init(_ completion: Completion) {
            kind = completion.isAcknowledgement ? "acknowledgement" : "record"
            completed = completion.completed.description
            revision = completion.revision
            method = completion.method
            trainer = completion.trainer?.rawValue
            recorder = completion.recorder?.rawValue
            source = completion.source.description
            recordedAt = RecordReport.timestamp(completion.recordedAt)
            recordedIn = completion.recordedIn?.hex
        }

        enum CodingKeys: String, CodingKey { case kind, completed, revision, method, trainer, recorder, source, recordedAt, recordedIn }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(kind, forKey: .kind)
            try container.encode(completed, forKey: .completed)
            try container.encode(revision, forKey: .revision)
            try container.encode(method, forKey: .method)
            try container.encode(trainer, forKey: .trainer)
            try container.encode(recorder, forKey: .recorder)
            try container.encode(source, forKey: .source)
            try container.encode(recordedAt, forKey: .recordedAt)
            try container.encode(recordedIn, forKey: .recordedIn)
        }
    }

    /// CSV for an LMS: one row per obligation, first column the schema; completed ones with their evidence.
    public func csv() -> String {
        let field = CSV.field
        var lines = [
            "\"schema\",\"person\",\"document\",\"revision\",\"assigned\",\"due\",\"status\",\"completed\",\"late\",\"method\",\"trainer\",\"recorder\",\"source\",\"recordedAt\""
        ]
        for obligation in obligations {
            let evidence = obligation.status == .completed ? obligation.evidence : nil
            lines.append(
                [
                    "stet-obligations/1", obligation.person.rawValue, obligation.document.rawValue, String(obligation.revision),
                    obligation.assigned.description, obligation.due.description, obligation.status.rawValue,
                    obligation.completed?.description ?? "", obligation.late ? "true" : "false", evidence?.method ?? "",
                    evidence?.trainer?.rawValue ?? "", evidence?.recorder?.rawValue ?? "", evidence?.source.description ?? "",
                    evidence.map { RecordReport.timestamp($0.recordedAt) } ?? "",
                ].map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

extension TrainingReport {
    /// "classroom, trainer quinn; recorded by quinn on 2031-01-20 (training/records/2031.csv:2)", or for an
    /// acknowledgement "signed acknowledgement (read and understood); recorded on 2031-01-20 (commit …)".
    public static func evidenceText(_ evidence: Completion) -> String {
        var parts: [String] = []
        if let method = evidence.method { parts.append(method) }
        if let trainer = evidence.trainer { parts.append("trainer \(trainer)") }
        let head = parts.isEmpty ? "no method stated" : parts.joined(separator: ", ")
        let by = evidence.isAcknowledgement ? "" : evidence.recorder.map { " by \($0)" } ?? ""
        return "\(head); recorded\(by) on \(evidence.recorded) (\(evidence.source.description))"
    }

    /// "3 people in 2 roles must train on SOP-QA-001 rev 4 by 2026-12-31" for a release, or nil when it obliges no one.
    public func impact(of release: Release, people: [PersonID: Person]) -> String? {
        impact(of: release, obliged: obligations.filter { $0.document == release.document && $0.revision == release.revision.number })
    }

    /// Impact sentences for every release at once, keyed by "ID rev N"; `past`: as a record of what was
    /// required (for superseded and retired revisions).
    public func impacts(of releases: [Release], past: Bool = false) -> [String: String] {
        let grouped = Dictionary(grouping: obligations) { "\($0.document.rawValue) rev \($0.revision)" }
        var result: [String: String] = [:]
        for release in releases {
            let key = "\(release.document.rawValue) rev \(release.revision.number)"
            if let sentence = impact(of: release, obliged: grouped[key] ?? [], past: past) { result[key] = sentence }
        }
        return result
    }

    func impact(of release: Release, obliged: [Obligation], past: Bool = false) -> String? {
        guard !obliged.isEmpty, let due = obliged.map(\.due).max() else { return nil }
        let roles = Set(obliged.flatMap(\.roles))
        let persons = Set(obliged.map(\.person))
        let done = Set(obliged.filter { $0.status == .completed }.map(\.person)).count
        let people = "\(persons.count) \(persons.count == 1 ? "person" : "people") in \(roles.count) \(roles.count == 1 ? "role" : "roles")"
        if past {
            return
                "\(people) \(persons.count == 1 ? "was" : "were") required to train on \(release.document) rev \(release.revision), due by \(due); \(done) completed it"
        }
        return "\(people) must train on \(release.document) rev \(release.revision) by \(due) (\(done) completed)"
    }
}
