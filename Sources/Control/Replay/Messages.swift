import Foundation
import Records
import Repository

/// The words of the findings about time, deviations and their closure (PRODUCT.md §7.3, §7.7, §7.8), in one place.
enum Words {
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
