import Foundation
import Records
import Repository
import Signatures

/// A `Closes: <finding id> <reference>` trailer on a validly signed commit by a holder of an admin role (PRODUCT.md §7.8).
struct ClosingTrailer {
    var commit: CommitObject
    var person: PersonID
    var id: String
    var reference: String
}

extension RecordBuilder {
    /// Collects the commit's `Closes:` trailers: an admin's count, anyone else's are reported as ignored.
    func collectClosures(_ commit: CommitObject, trailers: Trailers, verdict: SignatureVerdict) {
        guard let person = verdict.person else { return }
        let admin = configuration.configuration.adminRoles
        for trailer in trailers.with(.closes) {
            let parts = trailer.value.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[1].trimmingCharacters(in: .whitespaces).isEmpty else {
                findings.append(Words.closureUnmatched(commit, value: trailer.value))
                continue
            }
            let holder = configuration.people[person]
            guard let holder, holder.active, admin.contains(where: holder.holds) else {
                findings.append(
                    Words.closureIgnored(
                        commit, person: holder?.name ?? person.rawValue, id: parts[0],
                        admin: admin.map(\.rawValue).joined(separator: " or ")))
                continue
            }
            closures.append(
                ClosingTrailer(commit: commit, person: person, id: parts[0], reference: parts[1].trimmingCharacters(in: .whitespaces)))
        }
    }

    /// Marks the findings each closure names as closed (severity `info`); a closure that names none is reported.
    func applyClosures() {
        for closure in closures {
            var matched = false
            for index in findings.indices where findings[index].closed == nil && Self.names(closure.id, findings[index]) {
                findings[index].closed = Closure(
                    by: closure.person.rawValue, at: RecordReport.timestamp(closure.commit.committer.time), reference: closure.reference,
                    commit: closure.commit.id.hex)
                findings[index].severity = .info
                matched = true
            }
            if !matched { findings.append(Words.closureUnmatched(closure.commit, value: "\(closure.id) \(closure.reference)")) }
        }
    }

    /// Whether `id` names `finding`: its full id, or the same with the commit abbreviated to at least 7 digits.
    static func names(_ id: String, _ finding: Finding) -> Bool {
        if id == finding.id { return true }
        let parts = id.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || parts.count == 3, parts[0] == finding.code.rawValue, let commit = finding.commit,
            parts[1].count >= 7, commit.hasPrefix(parts[1].lowercased())
        else { return false }
        return (parts.count == 3 ? parts[2] : nil) == finding.document?.rawValue
    }
}

extension RecordBuilder {
    /// What a signed commit's claimed time is earlier than, if anything (PRODUCT.md §7.7): one of its parents, or the
    /// root of trust for a commit that is not part of the history up to it.
    func implausibleClaim(_ commit: CommitObject) throws -> (what: String, time: Int64)? {
        let claim = commit.committer.time
        for parent in commit.parents {
            let time = try self.commit(parent).committer.time
            if claim < time { return (Words.itsParent(parent), time) }
        }
        if step > rootStep, claim < rootTime { return (Words.theRootOfTrust, rootTime) }
        return nil
    }
}
