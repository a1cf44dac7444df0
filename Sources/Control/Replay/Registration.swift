import Foundation
import Markdown
import Records
import Repository
import Signatures

/// Each newly reachable commit, once: its signature verdict, the controlled paths it changes, its trailers.
extension RecordBuilder {
    var keyring: KeyRing {
        if let cachedKeyring { return cachedKeyring }
        let keyring = configuration.keyring(extraRevoked: revocation.revokedAtTip)
        cachedKeyring = keyring
        return keyring
    }

    func register(_ id: ObjectID) throws {
        let commit = try commit(id)
        let verdict = CommitVerifier.verify(
            signatures: commit.signatures, payload: commit.signedPayload, committerTime: commit.committer.time, keyring: keyring)
        reached.verdicts[id] = verdict
        reached.verdictRevision[id] = configuration.configuration.configRevision
        reached.order.append(id)
        // What the commit itself contributes: for a merge, only content that is in none of its
        // parents (an "evil merge" authors that content like any other commit).
        var contributed: [Change]? = nil
        var configChanged = true
        for parent in commit.parents.isEmpty ? [nil] : commit.parents.map(Optional.some) {
            let parentTree = try parent.map { try self.commit($0).tree }
            let changes = try fileChanges(from: parentTree, to: commit.tree)
            if let sofar = contributed {
                let keep = Set(changes.map { "\($0.path)\u{0}\($0.new?.id.hex ?? "")" })
                contributed = sofar.filter { keep.contains("\($0.path)\u{0}\($0.new?.id.hex ?? "")") }
            } else {
                contributed = changes
            }
            let parentIdentity = try parentTree.map { try identity(of: $0) } ?? ConfigIdentity(stetYAML: nil, roles: nil)
            if try identity(of: commit.tree) == parentIdentity { configChanged = false }
        }
        var paths = Set((contributed ?? []).filter { Self.isMarkdown($0.path) }.map(\.path.rawValue))
        if configChanged { paths.insert(DocumentID.config.rawValue) }
        for path in paths { reached.changing[path, default: []].append(id) }
        // Files under documents-dir that are not Markdown are attachments (§4.1): changing one is authoring a
        // change to each document that links it, and is a change to controlled files.
        let attachmentPaths = Set((contributed ?? []).filter { !Self.isMarkdown($0.path) }.map(\.path.rawValue))
        for path in attachmentPaths { reached.changing[path, default: []].append(id) }
        for change in contributed ?? [] {
            if let blob = change.new?.id { reached.producing[blob, default: []].append(id) }
        }
        let trailers = Trailers(commit)
        reached.trailers[id] = trailers

        let carriesRecord = trailers.carriesRecord
        // Training records are evidence too: a non-merge commit that changes them needs a signature.
        var changesTrainingRecords = false
        if !verdict.isGood, commit.parents.count <= 1 {
            let records = RepositoryPath("training/records")!
            let before = try commit.parents.first.flatMap { try repository.entry(at: records, inTree: try self.commit($0).tree)?.id }
            changesTrainingRecords = try repository.entry(at: records, inTree: commit.tree)?.id != before
        }
        let changesControlledFiles = !paths.isEmpty || !attachmentPaths.isEmpty || changesTrainingRecords
        // A signature valid when made, by a key revoked later, is judged where it is used: the releases it approved
        // are voided (revoked-approval for the one in force), not each commit reported (§7.9).
        let revokedLater =
            verdict.status == .revoked && !revocation.revokedAtTip.isEmpty
            && CommitVerifier.verify(
                signatures: commit.signatures, payload: commit.signedPayload, committerTime: commit.committer.time,
                keyring: configuration.keyring()
            ).isGood
        if !verdict.isGood && !revokedLater
            && (carriesRecord || (changesControlledFiles && configuration.configuration.requireSignedCommits))
        {
            findings.append(
                Words.badSignature(
                    id: id, commit: commit, verdict: verdict, carriesRecord: carriesRecord,
                    onlyTrainingRecords: paths.isEmpty && attachmentPaths.isEmpty))
        }
        // An approval by a key revoked later still places its release, voided (§7.9); other records by it do not count.
        if revokedLater { reached.revokedLater.insert(id) }
        guard verdict.isGood || revokedLater else { return }
        if let earlier = try implausibleClaim(commit), carriesRecord || !trailers.with(.closes).isEmpty {
            reached.implausible.insert(id)
            findings.append(Words.implausibleTime(commit, earlier: earlier))
            return
        }
        try checkTrailerTargets(of: commit, trailers: trailers)
        if verdict.isGood { collectClosures(commit, trailers: trailers, verdict: verdict) }
        let meaning = trailers.meaning
        for trailer in trailers.with(.trained) where verdict.isGood {
            guard let person = verdict.person, let reference = trailer.reference,
                case let (document, revision) = (reference.document, reference.revision)
            else {
                findings.append(
                    Words.unnamedRevision(id: id, trailer: trailer))
                continue
            }
            acknowledgements.append(
                Acknowledgement(person: person, document: document, revision: revision, at: commit.committer.time, commit: id))
        }
        for trailer in trailers.with(.approves) {
            guard let reference = trailer.reference, case let (document, revision) = (reference.document, reference.revision) else {
                findings.append(
                    Words.unnamedRevision(id: id, trailer: trailer))
                continue
            }
            guard meaning == "Approved" || meaning == "Reviewed" else {
                findings.append(
                    Words.unknownMeaning(document: document, id: id, meaning: meaning))
                continue
            }
            approvalsByDocument[document, default: []].append(Candidate(commit: id, revision: revision, meaning: meaning))
        }
    }

    /// The verdict on a commit under the configuration in force now: keys removed, revoked or
    /// expired since the commit was first seen no longer count.
    func currentVerdict(_ id: ObjectID) throws -> SignatureVerdict? {
        guard let verdict = reached.verdicts[id] else { return nil }
        if reached.verdictRevision[id] == configuration.configuration.configRevision { return verdict }
        let commit = try commit(id)
        return CommitVerifier.verify(
            signatures: commit.signatures, payload: commit.signedPayload, committerTime: commit.committer.time, keyring: keyring)
    }

    static func code(for status: SignatureStatus) -> FindingCode {
        switch status {
        case .unsigned: return .unsignedCommit
        case .bad, .good: return .badSignature
        case .unknownSigner: return .unknownSigner
        case .keyNotValid, .revoked: return .keyNotValid
        }
    }
}
