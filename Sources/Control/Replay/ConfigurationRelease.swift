import Foundation
import Markdown
import Records
import Repository
import Signatures

/// `CONFIG`: a configuration change is released by an admin's approval and takes effect from the next step (PRODUCT.md §7.5).
extension RecordBuilder {
    // MARK: - Configuration

    func proposeConfiguration(at commit: CommitObject, identity: ConfigIdentity) throws {
        // The same unreleased configuration, still on the branch: judged again with the approvals now reachable.
        if let pending = pendingConfig, pending.identity == identity {
            try evaluateConfiguration(pending.records, identity: identity, landedAt: pending.commit, at: commit.id)
            return
        }
        if refusedConfig == identity { return }
        // Different content replaces an unreleased configuration: the earlier one stays config-unapproved (§7.8).
        if let earlier = pendingConfig {
            findings.append(Words.configReplaced(earlier.records, landedAt: earlier.commit, replacedAt: commit.id, admin: adminRoleNames))
            pendingConfig = nil
        }
        let records: RecordSet
        do {
            records = try SnapshotReader.readRecords(
                from: CommitTree(repository: repository, tree: commit.tree, label: "commit \(commit.id.short)"))
        } catch {
            pendingConfig = nil
            refusedConfig = identity
            findings.append(
                Words.configUnreadable(commit: commit, error: error))
            return
        }
        try evaluateConfiguration(records, identity: identity, landedAt: commit.id, at: commit.id)
    }

    func evaluateConfiguration(_ records: RecordSet, identity: ConfigIdentity, landedAt: ObjectID, at commit: ObjectID) throws {
        let old = configuration.configuration.configRevision
        let new = records.configuration.configRevision
        guard new == old + 1 else {
            pendingConfig = nil
            refusedConfig = identity
            findings.append(
                Words.configRevisionWrong(new: new, old: old, landedAt: landedAt))
            return
        }
        let excluded =
            configuration.configuration.authorMayApprove ? [] : authors(of: [DocumentID.config.rawValue], since: lastConfigStep)
        var approved = false
        var approvals: [Approval] = []
        // Reported only if no one else approves: a self-approval beside a valid one is harmless.
        var selfApprovals: [Finding] = []
        // A configuration needs the meaning Approved: a Reviewed signature does not release it.
        var voided: [String] = []
        for candidate in approvalsByDocument[.config] ?? [] where candidate.revision == new && candidate.meaning == "Approved" {
            let (judged, revokedKey) = try verdictBeforeRevocation(candidate.commit)
            guard let verdict = judged, verdict.isGood,
                let person = verdict.person.flatMap({ configuration.people[$0] }), person.active,
                configuration.configuration.adminRoles.contains(where: person.holds)
            else { continue }
            guard try self.identity(of: self.commit(candidate.commit).tree) == identity else { continue }
            if excluded.contains(person.id) {
                selfApprovals.append(
                    Words.configSelfApproval(person: person, new: new, candidate: candidate, configuration: configuration))
                continue
            }
            approved = true
            if let revokedKey, !isSpared(document: .config, revision: new, commit: commit, key: revokedKey) {
                voided.append(Words.voidedBy(person: person.name, key: revokedKey, revocation: revocation.revokedBy[revokedKey]))
            } else {
                voided.append("")
            }
            approvals.append(
                Approval(
                    commit: candidate.commit, person: person.id, name: person.name, meaning: candidate.meaning, signedAt: verdict.claimedAt,
                    key: verdict.key ?? "", role: configuration.configuration.adminRoles.first(where: person.holds)))
        }
        guard approved else {
            findings += selfApprovals
            pendingConfig = (records, identity, landedAt)
            return
        }
        if landedAt != commit {
            findings.append(Words.configReleasedLate(revision: new, landedAt: landedAt, releasedAt: commit))
        }
        configuration = records
        configIdentity = identity
        releasedRevocations += records.revoked
        noteRevocations(records.revoked, revision: new, commit: commit)
        configurationHistory.append(
            ConfigurationRelease(
                revision: new, commit: commit, at: (try? self.commit(commit).committer.time) ?? 0, records: records, approvals: approvals,
                identity: identity.text, voided: voided.contains("") ? nil : voided.first))
        lastConfigStep = step
        pendingConfig = nil
        configReleases.append((new, commit))
    }

    func identity(of tree: ObjectID) throws -> ConfigIdentity {
        let entries = try cachedTree(tree)
        return ConfigIdentity(
            stetYAML: entries.first { $0.name == "stet.yaml" }?.id, roles: entries.first { $0.name == "roles" && $0.kind == .tree }?.id,
            templates: entries.first { $0.name == "site-templates" }?.id)
    }
}
