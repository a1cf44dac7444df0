import Foundation
import Markdown
import Records
import Repository
import Signatures

/// `Reviewed:` trailers: periodic reviews of the revision in force (PRODUCT.md §7.4).
extension RecordBuilder {
    func recordReviews(in id: ObjectID) throws {
        guard let verdict = reached.verdicts[id], verdict.isGood, !reached.implausible.contains(id), let person = verdict.person else {
            return
        }
        let commit = try self.commit(id)
        for trailer in reached.trailers[id]?.with(.reviewed) ?? [] {
            guard let reference = trailer.reference, case let (document, revision) = (reference.document, reference.revision),
                let release = documents[document]?.latestRelease,
                release.revision.number == revision
            else { continue }
            let roles = configuration.configuration.types[release.frontMatter.type]?.approvals ?? []
            let allowed =
                person == release.frontMatter.owner
                || roles.contains { $0 != .owner && configuration.people[person]?.holds($0) == true }
            guard allowed else {
                findings.append(
                    Words.reviewNotAllowed(document: document, id: id))
                continue
            }
            documents[document]?.reviews.append(
                ReviewRecord(commit: id, person: person, revision: release.revision, at: commit.committer.time))
        }
    }
}
