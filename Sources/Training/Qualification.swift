import Control
import Foundation
import Records
import Repository

/// An approval by someone who, when signing, had not completed training on the revision in force of
/// each document of `approver-qualification` (PRODUCT.md §8.5). It still counts.
public struct UnqualifiedApproval: Hashable, Sendable {
    public var commit: ObjectID
    public var person: PersonID
    /// The revision the approval released.
    public var document: DocumentID
    public var revision: Revision
    public var signedAt: Int64
    /// "SOP-QA-001 rev 2" for each qualification document the approver was not trained on.
    public var missing: [String]

    /// The words shown beside the signature.
    public var note: String { "Not trained on \(missing.joined(separator: ", ")) when signing (approver-qualification)" }
}

/// Approver qualification (PRODUCT.md §8.5), judged against the completions on record.
public enum Qualification {
    public static func unqualifiedApprovals(record: ReleaseRecord, completions: [Completion]) -> [UnqualifiedApproval] {
        let byPerson = Dictionary(grouping: completions) { "\($0.person.rawValue) \($0.document.rawValue)" }
        let configurations = record.configurations.sorted { $0.at < $1.at }
        var result: [UnqualifiedApproval] = []
        for document in record.sortedDocuments {
            for release in document.releases {
                for approval in release.approvals {
                    // The configuration in force when the approval was signed decides what qualifies.
                    let configuration = (configurations.last { $0.at <= approval.signedAt } ?? configurations.first)?.records.configuration
                    let required = configuration?.approverQualification ?? record.configuration.configuration.approverQualification
                    let signed = CalendarDate(utcSeconds: approval.signedAt)
                    var missing: [String] = []
                    for qualification in required {
                        let releases = record.documents[qualification]?.releases ?? []
                        guard let inForce = releases.last(where: { $0.effectiveAt <= approval.signedAt }), !inForce.isObsolete else {
                            continue
                        }
                        let trained = (byPerson["\(approval.person.rawValue) \(qualification.rawValue)"] ?? []).contains {
                            $0.completed <= signed && TrainingEngine.counts($0.revision, for: inForce.revision.number, in: releases)
                        }
                        if !trained { missing.append("\(qualification) rev \(inForce.revision)") }
                    }
                    guard !missing.isEmpty else { continue }
                    result.append(
                        UnqualifiedApproval(
                            commit: approval.commit, person: approval.person, document: release.document, revision: release.revision,
                            signedAt: approval.signedAt, missing: missing))
                }
            }
        }
        return result
    }

    /// `unqualified-approver` warnings, one per approval.
    public static func findings(_ approvals: [UnqualifiedApproval], people: [PersonID: Person]) -> [Finding] {
        approvals.map { approval in
            let name = people[approval.person]?.name ?? approval.person.rawValue
            return Finding(
                .unqualifiedApprover, severity: .warning, document: approval.document, commit: approval.commit.hex,
                message:
                    "\(name) (\(approval.person)) approved \(approval.document) rev \(approval.revision) at \(RecordReport.timestamp(approval.signedAt)) without having completed training on \(approval.missing.joined(separator: ", ")) (approver-qualification); the approval counts and is marked in the signature manifestation — train the approver, and record the gap in a deviation record"
            )
        }
    }
}
