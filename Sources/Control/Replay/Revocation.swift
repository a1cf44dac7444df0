import Foundation
import Records
import Repository
import Signatures

/// Revocation (PRODUCT.md §5, §7.9): a revoked key voids every signature it made, except on releases recorded in a
/// ledger published before the revoking configuration was released. A voided release keeps its place; the one in
/// force needs re-approval (`revoked-approval`) until an eligible person approves the same content again.
extension RecordBuilder {
    /// The verdict on an approval commit, and the revoked key when the only fault is a revocation released later
    /// than the signature: such a signature counts for the release's place but voids it.
    func verdictBeforeRevocation(_ id: ObjectID) throws -> (SignatureVerdict?, String?) {
        guard let current = try currentVerdict(id) else { return (nil, nil) }
        guard current.status == .revoked, !revocation.revokedAtTip.isEmpty else { return (current, nil) }
        let commit = try self.commit(id)
        let plain = CommitVerifier.verify(
            signatures: commit.signatures, payload: commit.signedPayload, committerTime: commit.committer.time,
            keyring: configuration.keyring())
        guard plain.isGood else { return (current, nil) }
        return (plain, plain.key ?? current.key ?? "")
    }

    /// Remembers which configuration release first revoked each key (by fingerprint, as reached.verdicts name keys).
    func noteRevocations(_ keys: [RevokedKey], revision: Int, commit: ObjectID) {
        for key in keys {
            let name: String
            switch key {
            case .ssh(let key, _): name = key.fingerprint
            case .openPGP(let fingerprint, _): name = fingerprint
            }
            if revocation.revokedBy[name] == nil { revocation.revokedBy[name] = (revision, commit) }
        }
    }

    /// Whether the published ledger spares a release approved with `key`: an intact version-2 ledger of this root of
    /// trust that lists the release but not yet the configuration release that revoked the key.
    func isSpared(document: DocumentID, revision: Int, commit: ObjectID, key: String) -> Bool {
        guard let ledger = revocation.ledger, ledger.version >= 2, ledger.isIntact, let revoking = revocation.revokedBy[key] else {
            return false
        }
        let listsRelease = ledger.entries.contains {
            $0.document == document.rawValue && $0.revision == revision && $0.releaseCommit == commit.hex
        }
        let listsRevocation = ledger.entries.contains {
            $0.document == DocumentID.config.rawValue && $0.revision == revoking.revision && $0.releaseCommit == revoking.commit.hex
        }
        return listsRelease && !listsRevocation
    }

    /// `revoked-approval` for each voided release in force (documents and `CONFIG`) that no one has re-approved.
    func reportRevokedApprovals() {
        for id in documents.keys.sorted() {
            guard let record = documents[id], let release = record.latestRelease, release.voided != nil else { continue }
            let reapprovals = (try? reapprovals(of: release)) ?? []
            if reapprovals.isEmpty {
                findings.append(Words.revokedApproval(release, ledgerGiven: revocation.ledger != nil))
            } else {
                documents[id]?.releases[record.releases.count - 1].reapprovals = reapprovals
            }
        }
        if let last = configurationHistory.last, last.voided != nil {
            let reapprovals = (try? configurationReapprovals(of: last)) ?? []
            if reapprovals.isEmpty {
                findings.append(Words.revokedConfiguration(last, ledgerGiven: revocation.ledger != nil))
            } else {
                configurationHistory[configurationHistory.count - 1].reapprovals = reapprovals
            }
        }
    }

    /// Approvals of the release's exact content given with a valid key, that with its still-valid approvals fill
    /// every entry of its type; empty when they do not.
    func reapprovals(of release: Release) throws -> [Approval] {
        guard let type = configuration.configuration.types[release.frontMatter.type] else { return [] }
        let authors =
            configuration.configuration.authorMayApprove ? [] : authors(of: [], since: Int.max, producing: release.blob)
        var valid = try release.approvals.filter { try currentVerdict($0.commit)?.isGood == true }
        var found: [Approval] = []
        let used = Set(release.approvals.map(\.commit))
        for candidate in approvalsByDocument[release.document] ?? []
        where candidate.revision == release.revision.number && !used.contains(candidate.commit) {
            guard let verdict = try currentVerdict(candidate.commit), verdict.isGood,
                let person = verdict.person.flatMap({ configuration.people[$0] }), person.active, !authors.contains(person.id),
                try cachedEntry(at: release.path, inTree: commit(candidate.commit).tree)?.id == release.blob
            else { continue }
            found.append(
                Approval(
                    commit: candidate.commit, person: person.id, name: person.name, meaning: candidate.meaning,
                    signedAt: verdict.claimedAt, key: verdict.key ?? "", role: nil))
        }
        valid += found
        let (matched, missing) = Self.match(
            entries: type.approvals, meanings: type.approvals.indices.map(type.meaning(ofEntry:)), approvals: valid,
            owner: release.frontMatter.owner, people: configuration.people)
        guard missing.isEmpty else { return [] }
        return matched.filter { approval in found.contains { $0.commit == approval.commit } }
    }

    /// Admins' approvals of the same configuration, with a valid key, given again.
    func configurationReapprovals(of release: ConfigurationRelease) throws -> [Approval] {
        let used = Set(release.approvals.map(\.commit))
        var found: [Approval] = []
        for candidate in approvalsByDocument[.config] ?? []
        where candidate.revision == release.revision && candidate.meaning == "Approved" && !used.contains(candidate.commit) {
            guard let verdict = try currentVerdict(candidate.commit), verdict.isGood,
                let person = verdict.person.flatMap({ configuration.people[$0] }), person.active,
                configuration.configuration.adminRoles.contains(where: person.holds),
                try identity(of: commit(candidate.commit).tree).text == release.identity
            else { continue }
            found.append(
                Approval(
                    commit: candidate.commit, person: person.id, name: person.name, meaning: candidate.meaning,
                    signedAt: verdict.claimedAt, key: verdict.key ?? "",
                    role: configuration.configuration.adminRoles.first(where: person.holds)))
        }
        return found
    }
}

extension Ledger {
    /// Whether the hash chain is unbroken (an edited ledger spares nothing).
    var isIntact: Bool {
        var previous = String(repeating: "0", count: 64)
        for entry in entries {
            guard entry.previousHash == previous, entry.computedHash() == entry.hash else { return false }
            previous = entry.hash
        }
        return true
    }
}
