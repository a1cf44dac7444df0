import Control
import Foundation
import Records
import Repository

/// Everything `stet training` and the portal need: obligations, and findings about the records.
public struct TrainingReport: Sendable {
    public var asOf: CalendarDate
    public var obligations: [Obligation]
    public var findings: [Finding]

    /// Reads completions from `training/records/` of the release branch's tip and from signed
    /// acknowledgements, and computes the obligations as of `asOf`.
    public static func make(record: ReleaseRecord, repository: GitRepository, asOf: CalendarDate) throws -> TrainingReport {
        let tip = CommitTree(repository: repository, tree: try repository.commit(record.tip).tree, label: "the release branch")
        let released = record.documents.mapValues { Set($0.releases.map(\.revision.number)) }
        var (completions, findings) = TrainingRecords.read(from: tip, people: record.configuration.people, released: released)
        for acknowledgement in record.acknowledgements {
            completions.append(
                Completion(
                    person: acknowledgement.person, document: acknowledgement.document, revision: acknowledgement.revision,
                    completed: CalendarDate(utcSeconds: acknowledgement.at), method: "signed acknowledgement (read and understood)",
                    trainer: nil,
                    source: .acknowledgement(commit: acknowledgement.commit.hex)))
        }
        let obligations = TrainingEngine.obligations(record: record, completions: completions, asOf: asOf)
        return TrainingReport(asOf: asOf, obligations: obligations, findings: Finding.ordered(findings))
    }

    /// The JSON shape of PRODUCT.md §10: `{"asOf", "obligations": [{person, document, revision, assigned, due, status, completed, late}]}`.
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

            enum CodingKeys: String, CodingKey { case person, document, revision, assigned, due, status, completed, late, reason }

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
            }
        }
        let entries = obligations.map {
            Entry(
                person: $0.person.rawValue, document: $0.document.rawValue, revision: $0.revision, assigned: $0.assigned.description,
                due: $0.due.description, status: $0.status.rawValue, completed: $0.completed?.description, late: $0.late, reason: $0.reason)
        }
        return FindingReport.encodeJSON(Shape(asOf: asOf.description, obligations: entries, findings: findings))
    }

    /// CSV for an LMS: one row per obligation, first column the schema.
    public func csv() -> String {
        let field = CSV.field
        var lines = ["\"schema\",\"person\",\"document\",\"revision\",\"assigned\",\"due\",\"status\",\"completed\",\"late\""]
        for obligation in obligations {
            lines.append(
                [
                    "stet-obligations/1", obligation.person.rawValue, obligation.document.rawValue, String(obligation.revision),
                    obligation.assigned.description, obligation.due.description, obligation.status.rawValue,
                    obligation.completed?.description ?? "", obligation.late ? "true" : "false",
                ].map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

extension TrainingReport {
    /// "3 people in 2 roles must train on SOP-QA-001 rev 4 by 2026-12-31" for a release, or nil when it obliges no one.
    public func impact(of release: Release, people: [PersonID: Person]) -> String? {
        impact(of: release, obliged: obligations.filter { $0.document == release.document && $0.revision == release.revision.number })
    }

    /// Impact sentences for every release at once, keyed by "ID rev N".
    public func impacts(of releases: [Release]) -> [String: String] {
        let grouped = Dictionary(grouping: obligations) { "\($0.document.rawValue) rev \($0.revision)" }
        var result: [String: String] = [:]
        for release in releases {
            let key = "\(release.document.rawValue) rev \(release.revision.number)"
            if let sentence = impact(of: release, obliged: grouped[key] ?? []) { result[key] = sentence }
        }
        return result
    }

    func impact(of release: Release, obliged: [Obligation]) -> String? {
        guard !obliged.isEmpty, let due = obliged.map(\.due).max() else { return nil }
        let roles = Set(obliged.flatMap(\.roles))
        let persons = Set(obliged.map(\.person))
        let done = obliged.filter { $0.status == .completed }.count
        return
            "\(persons.count) \(persons.count == 1 ? "person" : "people") in \(roles.count) \(roles.count == 1 ? "role" : "roles") must train on \(release.document) rev \(release.revision) by \(due) (\(done) completed)"
    }
}
