import Foundation
import Markdown
import Records
import Repository
import Signatures

/// Every commit touching each document, for the audit trail pages.
extension RecordBuilder {
    /// Every commit touching each document, in walk order.
    func auditTrail() -> [DocumentID: [AuditEntry]] {
        var pathsOf: [DocumentID: Set<String>] = [:]
        for (path, id) in paths.everAt { pathsOf[id, default: []].insert(path.rawValue) }
        var releasedAt: [DocumentID: Set<ObjectID>] = [:]
        for record in documents.values { releasedAt[record.id] = Set(record.releases.map(\.commit)) }
        var trails: [DocumentID: [AuditEntry]] = [:]
        let order = Dictionary(reached.order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        for id in documents.keys {
            var kinds: [ObjectID: [AuditEntry.Kind]] = [:]
            for path in pathsOf[id] ?? [] {
                for commit in reached.changing[path] ?? [] { kinds[commit, default: []].append(.change) }
            }
            for candidate in approvalsByDocument[id] ?? [] { kinds[candidate.commit, default: []].append(.approval) }
            for review in documents[id]?.reviews ?? [] { kinds[review.commit, default: []].append(.review) }
            for commit in releasedAt[id] ?? [] { kinds[commit, default: []].append(.release) }
            trails[id] = kinds.keys.sorted { (order[$0] ?? 0) < (order[$1] ?? 0) }.compactMap { commitID in
                guard let commit = objects.commits[commitID], let verdict = reached.verdicts[commitID] else { return nil }
                // A bulk approval names many documents: show only the trailers about this one (and the meaning).
                let trailers = (reached.trailers[commitID]?.all ?? []).filter { trailer in
                    switch trailer.key {
                    case .signatureMeaning: return true
                    case .approves, .reviewed, .trained: return trailer.reference?.document == id
                    case .closes: return false
                    }
                }
                return AuditEntry(
                    commit: commitID, kinds: Array(Set(kinds[commitID]!)).sorted { $0.rawValue < $1.rawValue }, author: commit.author.name,
                    authorEmail: commit.author.email, claimedAt: commit.committer.time, subject: commit.subject,
                    trailers: trailers.map(\.text), verdict: verdict)
            }
        }
        return trails
    }
}
