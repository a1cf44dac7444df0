import Foundation
import Markdown
import Records
import Repository
import Signatures

/// The words of the replay's findings and notes, in one place: the rules decide, these functions say it (where, why,
/// and how to fix). Grouped by the file whose rule reports them; the first group is time, deviations and closures
/// (PRODUCT.md §7.3, §7.7, §7.8).
enum Words {
    /// What an implausible claim predates: the commit's parent, or the root of trust.
    static func itsParent(_ parent: ObjectID) -> String { "its parent \(parent.short)" }
    static let theRootOfTrust = "the root of trust"

    static func implausibleTime(_ commit: CommitObject, earlier: (what: String, time: Int64)) -> Finding {
        Finding(
            .implausibleTime, commit: commit.id.hex,
            message:
                "commit \(commit.id.short) (\(commit.subject)) claims to have been signed at \(RecordReport.timestamp(commit.committer.time)), before \(earlier.what) (\(RecordReport.timestamp(earlier.time))); a signature cannot predate what it signs, so its approval and record trailers do not count — sign them again in a new commit with the correct time"
        )
    }

    static func missingChangeReason(_ id: DocumentID, revision: Int) -> String {
        "revision \(revision) of \(id) has no reason for change, so it can never be released, whatever approvals it collects; add `change: \"…\"` to the front matter (the approvals must then be given again)"
    }

    static func releasedLate(_ change: PendingChange, releasedAt: ObjectID) -> Finding {
        Finding(
            .unapprovedChange, severity: .warning, document: change.document, commit: change.commit.hex, file: change.path.rawValue,
            message:
                "revision \(change.revision) of \(change.document) reached the release branch at \(change.commit.short) before its required approvals; it was released later, at \(releasedAt.short), when they were merged — the content was on the release branch unapproved in between (a deviation: record it and close it with `Closes: unapproved-change:\(change.commit.short):\(change.document) DEV-…`)"
        )
    }

    static func configReplaced(_ records: RecordSet, landedAt: ObjectID, replacedAt: ObjectID, admin: String) -> Finding {
        let revision = records.configuration.configRevision
        return Finding(
            .configUnapproved, document: .config, commit: landedAt.hex, file: Configuration.path,
            message:
                "configuration revision \(revision) reached the release branch at \(landedAt.short) without an approval ('Approves: CONFIG rev \(revision)') signed by a holder of \(admin) under the previous configuration, and was replaced at \(replacedAt.short) without ever being released; it never took effect, but it was on the release branch unapproved"
        )
    }

    static func configReleasedLate(revision: Int, landedAt: ObjectID, releasedAt: ObjectID) -> Finding {
        Finding(
            .configUnapproved, severity: .warning, document: .config, commit: landedAt.hex, file: Configuration.path,
            message:
                "configuration revision \(revision) reached the release branch at \(landedAt.short) before its approval; it was released later, at \(releasedAt.short) — until then the previous configuration stayed in force, but the change was on the release branch unapproved"
        )
    }

    static func closureIgnored(_ commit: CommitObject, person: String, id: String, admin: String) -> Finding {
        Finding(
            .missingApproval, severity: .warning, commit: commit.id.hex,
            message:
                "commit \(commit.id.short) by \(person) says 'Closes: \(id)', which is ignored: only a holder of \(admin) can close a finding, so it stays open; ask one to sign the closure"
        )
    }

    static func closureUnmatched(_ commit: CommitObject, value: String) -> Finding {
        Finding(
            .danglingReference, severity: .warning, commit: commit.id.hex,
            message:
                "commit \(commit.id.short) says 'Closes: \(value)', which names no finding of this history; write 'Closes: <finding id> <reference>' with an id from `stet verify` (like unsigned-commit:1a2b3c4d5e6f DEV-2026-014)"
        )
    }
}

extension Words {
    static func voidedBy(person: String, key: String, revocation: (revision: Int, commit: ObjectID)?) -> String {
        "approved by \(person) with the key \(key), revoked by configuration revision \(revocation.map { "\($0.revision) (commit \($0.commit.short))" } ?? "released later")"
    }

    static func revokedApproval(_ release: Release, ledgerGiven: Bool) -> Finding {
        Finding(
            .revokedApproval, document: release.document, commit: release.commit.hex, file: release.path.rawValue,
            message:
                "revision \(release.revision) of \(release.document), in force, was \(release.voided ?? "approved with a revoked key"); that approval is void, so re-approval is required: an eligible person approves the same content again with a valid key (`stet approve \(release.document)` on a branch, merged). \(spareHint(ledgerGiven))"
        )
    }

    static func revokedConfiguration(_ release: ConfigurationRelease, ledgerGiven: Bool) -> Finding {
        Finding(
            .revokedApproval, document: .config, commit: release.commit.hex, file: Configuration.path,
            message:
                "configuration revision \(release.revision), in force, was \(release.voided ?? "approved with a revoked key"); that approval is void, so re-approval is required: another admin approves the same configuration again with a valid key (`stet approve CONFIG` on a branch, merged). \(spareHint(ledgerGiven))"
        )
    }

    static func spareHint(_ ledgerGiven: Bool) -> String {
        ledgerGiven
            ? "The ledger given does not spare it: it does not list this release, already lists the revoking configuration release, or its hash chain is broken."
            : "A ledger published before the revoking configuration was released that lists this release would spare it (`stet verify --ledger FILE`; `stet build` uses the ledger of the portal it replaces)."
    }
}

/// The walk (Walk.swift): files on the release branch.
extension Words {
    static func unsafePath(change: RecordBuilder.Change, entry: TreeEntry, id: ObjectID) -> Finding {
        Finding(
            .unsafePath, commit: id.hex, file: change.path.rawValue,
            message:
                "\(change.path) is a \(entry.kind == .symlink ? "symbolic link" : "submodule") on the release branch; stet never follows it, replace it with a regular file"
        )
    }

    static func duplicateID(document: Document, otherPath: RepositoryPath, change: RecordBuilder.Change, id: ObjectID) -> Finding {
        Finding(
            .duplicateID, document: document.id, commit: id.hex, file: change.path.rawValue,
            line: document.frontMatter.line(of: "id"),
            message: "id \(document.id) is already used by \(otherPath) on the release branch; this copy cannot be released")
    }

    static func documentDeleted(removed: DocumentID, release: Release, id: ObjectID, path: RepositoryPath) -> Finding {
        Finding(
            .documentRemoved, document: removed, commit: id.hex, file: path.rawValue,
            message:
                "\(removed) (revision \(release.revision) in force) was deleted from the release branch; to withdraw a document, approve a revision with `status: obsolete` instead"
        )
    }
}

/// Newly reachable commits (Registration.swift): signatures and record trailers.
extension Words {
    /// A commit whose signature does not verify, where it needs one: it carries record trailers, or changes controlled
    /// files (`onlyTrainingRecords`: none but the training records) while signed commits are required.
    static func badSignature(id: ObjectID, commit: CommitObject, verdict: SignatureVerdict, carriesRecord: Bool, onlyTrainingRecords: Bool)
        -> Finding
    {
        let what =
            carriesRecord
            ? "its approval or record trailers do not count"
            : onlyTrainingRecords ? "it changes training records (training/records/)" : "it changes controlled files"
        return Finding(
            RecordBuilder.code(for: verdict.status), commit: id.hex,
            message:
                "commit \(id.short) (\(commit.subject)): \(verdict.reason); \(what)\(verdict.status == .unsigned ? " — sign it (git commit -S) and re-apply the change" : "")"
        )
    }

    static func unnamedRevision(id: ObjectID, trailer: Trailer) -> Finding {
        Finding(
            .danglingReference, commit: id.hex,
            message:
                "commit \(id.short) has the trailer '\(trailer.key.rawValue): \(trailer.value)', which does not name a document and revision; write it like '\(trailer.key.rawValue): SOP-QA-001 rev 2'"
        )
    }

    static func unknownMeaning(document: DocumentID, id: ObjectID, meaning: String) -> Finding {
        Finding(
            .missingApproval, document: document, commit: id.hex,
            message:
                "commit \(id.short) gives the signature meaning '\(meaning)'; only Approved or Reviewed are recognised, so its approval does not count"
        )
    }
}

/// Record trailers checked against the commit's own tree (Trailers.swift).
extension Words {
    static func trailerTargetMissing(commit: CommitObject, trailer: Trailer, document: DocumentID) -> Finding {
        Finding(
            .danglingReference, document: document, commit: commit.id.hex,
            message:
                "commit \(commit.id.short) (\(commit.subject)) has the trailer '\(trailer.text)', but \(document) is not in that commit's tree, so the signer cannot have seen it; the trailer counts for nothing — sign it on a commit that contains the document"
        )
    }

    static func trailerWrongRevision(
        commit: CommitObject, trailer: Trailer, document: DocumentID, found: (path: RepositoryPath, revision: Int)
    ) -> Finding {
        Finding(
            .danglingReference, document: document, commit: commit.id.hex, file: found.path.rawValue,
            message:
                "commit \(commit.id.short) (\(commit.subject)) has the trailer '\(trailer.text)', but its tree holds revision \(found.revision) of \(document) at \(found.path); name the revision the commit contains ('\(trailer.key.rawValue): \(document) rev \(found.revision)')"
        )
    }
}

/// Periodic reviews (PeriodicReview.swift).
extension Words {
    static func reviewNotAllowed(document: DocumentID, id: ObjectID) -> Finding {
        Finding(
            .missingApproval, document: document, commit: id.hex,
            message:
                "the periodic review of \(document) in commit \(id.short) does not count: the signer is neither the owner nor holds an approval role for it"
        )
    }
}

/// The root of trust and the end of the walk (RecordBuilder.swift).
extension Words {
    static func noRootOfTrust(name: String) -> String {
        "no commit on \(name) holds stet.yaml, so there is no root of trust"
    }

    static func untrustedRoot(root: ObjectID, trustRoot: String) -> Finding {
        Finding(
            .untrustedRoot, commit: root.hex,
            message:
                "the root of trust (the first commit holding stet.yaml) is \(root.hex), not the pinned \(trustRoot); the history was replaced or the pin is wrong"
        )
    }

    static func configNeverApproved(
        pending: (records: RecordSet, identity: RecordBuilder.ConfigIdentity, commit: ObjectID), configuration: RecordSet
    ) -> Finding {
        Finding(
            .configUnapproved, document: .config, commit: pending.commit.hex, file: Configuration.path,
            message:
                "configuration revision \(pending.records.configuration.configRevision) reached the release branch at \(pending.commit.short) without an approval ('Approves: CONFIG rev \(pending.records.configuration.configRevision)') signed by a holder of \(configuration.configuration.adminRoles.map(\.rawValue).joined(separator: " or ")) under the previous configuration; the previous configuration stays in force"
        )
    }
}

/// Configuration releases (ConfigurationRelease.swift).
extension Words {
    static func configUnreadable(commit: CommitObject, error: ConfigurationErrors) -> Finding {
        Finding(
            .configUnapproved, document: .config, commit: commit.id.hex,
            message:
                "the configuration at \(commit.id.short) cannot be read, so it is not released: \(error.errors.map(\.description).joined(separator: "; "))"
        )
    }

    static func configRevisionWrong(new: Int, old: Int, landedAt: ObjectID) -> Finding {
        Finding(
            new <= old ? .revisionNotIncremented : .revisionSkipped, document: .config, commit: landedAt.hex,
            file: Configuration.path,
            message:
                "the configuration changed at \(landedAt.short) with config-revision \(new); the released one is \(old), so it must be \(old + 1)"
        )
    }

    static func configSelfApproval(person: Person, new: Int, candidate: RecordBuilder.Candidate, configuration: RecordSet) -> Finding {
        Finding(
            .selfApproval, document: .config, commit: candidate.commit.hex,
            message:
                "\(person.name) approved configuration revision \(new) but also authored a change to it; another holder of \(configuration.configuration.adminRoles.map(\.rawValue).joined(separator: " or ")) must approve"
        )
    }
}

/// Document releases (DocumentRelease.swift): refusals, revision discipline, approvals that do not count.
extension Words {
    static func markdownRefusal(_ error: MarkdownLimitError) -> String {
        "the document text \(error.message)"
    }

    static func blobUnreadable(_ error: GitError) -> String {
        "the file cannot be read (\(error.message)); documents are limited to \(Document.maximumBytes) bytes, split it"
    }

    static func yamlRefusal(_ error: YAMLProblem) -> String {
        "the file \(error.message)"
    }

    static func fileUnreadable(_ error: any Error) -> String {
        "the file cannot be read: \(error)"
    }

    static func refusedOnReleaseBranch(_ refusal: RecordBuilder.Refusal, commit: ObjectID) -> String {
        "\(refusal.message) (on the release branch at \(commit.short); this content cannot be released)"
    }

    static func revisionNotIncremented(id: DocumentID, commit: ObjectID, revision: Int, released: Release, expected: Int) -> String {
        "\(id) changed at \(commit.short) but its revision is still \(revision) (revision \(released.revision) is released); bump it to \(expected) and give a reason for change"
    }

    static func revisionSkipped(id: DocumentID, commit: ObjectID, revision: Int, released: Release, expected: Int) -> String {
        "\(id) jumps to revision \(revision) at \(commit.short), but revision \(released.revision) is the released one; set revision: \(expected)"
    }

    static func firstRevisionNotOne(id: DocumentID, revision: Int) -> String {
        "\(id) is new (never released), so its first revision must be 1, not \(revision); set revision: 1"
    }

    static func approvalSignatureInvalid(candidate: RecordBuilder.Candidate) -> String {
        "the approval in commit \(candidate.commit.short) no longer counts: its signature is not valid under the configuration in force"
    }

    static func approvalOfOtherContent(person: Person, front: FrontMatter, candidate: RecordBuilder.Candidate, change: PendingChange)
        -> String
    {
        "\(person.name)'s approval of revision \(front.revision) in commit \(candidate.commit.short) no longer counts: it approved different content of \(change.path) than what is on the branch (the document changed afterwards)"
    }

    static func approvalOfOtherAttachments(
        person: Person, front: FrontMatter, candidate: RecordBuilder.Candidate, change: PendingChange, id: DocumentID
    ) -> String {
        "\(person.name)'s approval of revision \(front.revision) in commit \(candidate.commit.short) no longer counts: \(otherAttachments) of \(change.path) (\(change.attachments.map(\.path.lastComponent).joined(separator: ", "))) than those on the branch; approve again (`stet approve \(id)`)"
    }

    static func approverInactive(person: Person, candidate: RecordBuilder.Candidate) -> String {
        "\(person.name)'s approval in commit \(candidate.commit.short) does not count: \(person.name) is no longer active"
    }

    static func approverIsAuthor(person: Person, candidate: RecordBuilder.Candidate) -> String {
        "\(person.name)'s approval in commit \(candidate.commit.short) does not count: \(person.name) authored a change to this document since its last release (author-may-approve is false)"
    }

    static func reviewedFillsNoApprovedEntry(approval: Approval, id: DocumentID) -> String {
        "\(approval.name)'s signature in commit \(approval.commit.short) means Reviewed, which fills only an approvals entry that asks for that meaning; the entries still open need Approved (`stet approve \(id)`)"
    }

    static func selfApproval(approval: Approval, front: FrontMatter, id: DocumentID, change: PendingChange, missing: [RoleID]) -> Finding {
        Finding(
            .selfApproval, document: id, commit: approval.commit.hex, file: change.path.rawValue,
            message:
                "\(approval.name) approved revision \(front.revision) of \(id) but also authored a change to it since its last release; an author cannot approve their own change — another \(missing.map(\.rawValue).joined(separator: ", ")) must approve"
        )
    }

    static func typeUndefined(front: FrontMatter) -> String {
        "type \(front.type) is not defined in the configuration in force, so no approval can release it"
    }

    static func unapproved(_ pending: PendingChange, replacedAt: ObjectID?, inForce: Release?) -> Finding {
        var missing = pending.missing.isEmpty ? "" : "; still needs \(pending.missing.map(\.rawValue).joined(separator: ", "))"
        if !missing.isEmpty, pending.notes.contains(where: { $0.contains(otherAttachments) }) {
            missing += approvedOtherAttachments(pending)
        }
        let tail = replacedAt.map { " and was replaced at \($0.short) without ever being released" } ?? ""
        return Finding(
            .unapprovedChange, document: pending.document, commit: pending.commit.hex, file: pending.path.rawValue,
            message:
                "revision \(pending.revision) of \(pending.document) reached the release branch at \(pending.commit.short) without its required approvals\(missing)\(tail); \(inForce.map { "revision \($0.revision) stays in force" } ?? "the document is not effective")"
        )
    }
}

/// `stet check --base` (ChangeReview.swift): what a change still needs.
extension Words {
    static func updateFromBase(baseName: String) -> String {
        "update the branch from it — `git merge -S \(baseName)` (or rebase onto it and re-sign) —, resolve the conflict"
    }

    static func configStaleBase(head: ObjectID, baseName: String, forkPoint: ObjectID?, configuration: RecordSet, update: String) -> Finding
    {
        Finding(
            .staleBase, document: .config, commit: head.hex, file: Configuration.path,
            message:
                "the configuration changed on \(baseName) since this branch left it (at \(forkPoint!.short)), and this branch changes it too; \(baseName) has config-revision \(configuration.configuration.configRevision) in force. \(update.prefix(1).uppercased() + update.dropFirst()), set config-revision to the next one, and get the CONFIG approval again"
        )
    }

    static func configNeedsApproval(
        head: ObjectID, pending: (records: RecordSet, identity: RecordBuilder.ConfigIdentity, commit: ObjectID), configuration: RecordSet,
        admins: [Person], eligible: [Person]
    ) -> Finding {
        let who =
            eligible.isEmpty
            ? admins.isEmpty
                ? "no active person holds one of them"
                : "every holder authored this change (\(admins.map(\.name).joined(separator: ", "))); the change must be authored by someone else"
            : eligible.map(\.name).joined(separator: ", ")
        return Finding(
            .missingApproval, document: .config, commit: head.hex, file: Configuration.path,
            message:
                "configuration revision \(pending.records.configuration.configRevision) needs an approval by a holder of \(configuration.configuration.adminRoles.map(\.rawValue).joined(separator: " or ")) under the configuration in force, who did not author it (\(who)): they run `stet approve CONFIG` on this branch"
        )
    }

    static func committedUnreleased(document: Document, baseTip: ObjectID, baseName: String, released: Release?) -> Finding {
        let inForce = released.map { "revision \($0.revision) stays in force" } ?? "the document is not effective"
        return Finding(
            .unapprovedChange, document: document.id, commit: baseTip.hex, file: document.path.rawValue,
            line: document.frontMatter.line(of: "revision"),
            message:
                "revision \(document.frontMatter.revision) of \(document.id) is committed on \(baseName) but not released: it has not got its approvals (\(inForce)). Approvals are given on a change branch, not on \(baseName): get them for this exact content on a branch and merge it, or revert the change"
        )
    }

    static func documentStaleBase(
        document: Document, commit: ObjectID, baseName: String, forkPoint: ObjectID?, released: Release?, update: String
    ) -> Finding {
        let now = released.map { "revision \($0.revision) released" } ?? "a version not released yet"
        return Finding(
            .staleBase, document: document.id, commit: commit.hex, file: document.path.rawValue,
            line: document.frontMatter.line(of: "revision"),
            message:
                "\(document.id) changed on \(baseName) since this branch left it (at \(forkPoint!.short)); \(baseName) now has \(now), and this branch's revision \(document.frontMatter.revision) was written against the older text. To go on, \(update), set the revision to the next one after \(baseName)'s, and get the approvals again"
        )
    }

    static func changeDeletes(id: DocumentID, release: Release, at: ObjectID, path: RepositoryPath) -> Finding {
        Finding(
            .documentRemoved, document: id, commit: at.hex, file: path.rawValue,
            message:
                "this change deletes \(id) (revision \(release.revision) in force); to withdraw it, approve a revision with `status: obsolete` instead"
        )
    }

    /// Who must still approve, for the owner's entry: `authored` when the owner authored the change.
    static func ownerNeeded(name: String, authored: Bool) -> String {
        authored
            ? "the owner (\(name) — who authored this change and so cannot approve it while author-may-approve is false; the change must be authored by someone else)"
            : "the owner (\(name))"
    }

    /// Who must still approve, for a role's entry: its active `holders`, and those `eligible` to give it.
    static func roleNeeded(_ role: RoleID, holders: [Person], eligible: [Person]) -> String {
        let who =
            holders.isEmpty
            ? "no active person holds this role"
            : eligible.isEmpty
                ? "every holder has approved for another role or authored the change: \(holders.map(\.name).joined(separator: ", "))"
                : eligible.map(\.name).joined(separator: ", ")
        return "a \(role.rawValue) (\(who))"
    }

    /// A changed document's revision that still lacks approvals (`people`: who must still give them); `onBase` when
    /// the change is on the base branch itself.
    static func notApprovedYet(_ change: PendingChange, id: DocumentID, people: [String], onBase: Bool, baseName: String, at: ObjectID)
        -> Finding
    {
        var message =
            people.isEmpty
            ? "revision \(change.revision) of \(id) cannot be released as it stands"
            : "revision \(change.revision) of \(id) is not approved yet: it still needs \(people.joined(separator: " and "))"
        if !change.approvals.isEmpty {
            message +=
                "; approved so far by \(change.approvals.map { "\($0.name)\($0.role.map { " (\($0.rawValue))" } ?? "")" }.joined(separator: ", "))"
        }
        message +=
            onBase
            ? ". This is \(baseName) itself: commit the change on a branch (git switch -c NAME), where approvers run `stet approve \(id)` after reviewing `stet diff \(id)`"
            : ". Approvers run `stet approve \(id)` on this branch after reviewing `stet diff \(id)`"
        if !change.notes.isEmpty { message += ". Note: " + change.notes.joined(separator: "; ") }
        return Finding(
            .missingApproval, document: id, commit: at.hex, file: change.path.rawValue, line: change.frontMatter.line(of: "revision"),
            message: message)
    }
}

/// Attachments (RecordBuilder+Attachments.swift, §4.1).
extension Words {
    /// How an approval that bound to other attachment bytes is described; found again in a pending change's notes.
    static let otherAttachments = "it approved different attachments"

    /// Why the approvals given do not count: they were given while the attachments held other bytes.
    static func approvedOtherAttachments(_ pending: PendingChange) -> String {
        let names = pending.attachments.map(\.path.rawValue).joined(separator: ", ")
        return
            " (approvals were given, but for other bytes of its attachments \(names): an attachment changed after they were signed; approve again with `stet approve \(pending.document)`)"
    }

    /// A revision links an attachment the portal cannot publish (over the size limit, or active content).
    static func unpublishableAttachment(_ document: Document, _ path: RepositoryPath, why: String, at commit: ObjectID) -> String {
        "\(document.id) revision \(document.frontMatter.revision) links \(path), which \(why) (on the release branch at \(commit.short); this content cannot be released)"
    }

    /// An attachment of a released revision changed while the text did not (§4.1).
    static func attachmentChanged(_ released: Release, now attachments: [AttachmentBlob], at commit: ObjectID) -> String {
        let before = Dictionary(released.attachments.map { ($0.path, $0.blob) }, uniquingKeysWith: { first, _ in first })
        let changed = attachments.filter { before[$0.path] != .some($0.blob) }.map(\.path.rawValue)
        let what = changed.isEmpty ? "its attachments" : changed.joined(separator: ", ")
        return
            "\(what), an attachment of \(released.document), changed at \(commit.short) with no approval: revision \(released.revision)'s approvals bind to the attachment as it was, so revision \(released.revision) stays in force with its approved attachment. To change it, bump the revision to \(released.revision.number + 1), give a reason for change, and get the approvals (`stet approve \(released.document)`); otherwise revert the file"
    }
}
