import Records

/// What each finding code means and how it is fixed, in words for dashboards (SARIF rules) and
/// anything else that lists the codes. Keyed by the code's name, so a code added later without an
/// entry still gets a plain description rather than failing.
public struct FindingDescription: Sendable, Hashable {
    public var short: String
    public var full: String
    public var fix: String

    public static func of(_ code: FindingCode) -> FindingDescription {
        table[code.rawValue]
            ?? FindingDescription(
                short: code.rawValue.replacingOccurrences(of: "-", with: " "),
                full: "stet finding \(code.rawValue); the message says what is wrong and where.",
                fix: "follow the message")
    }

    static let table: [String: FindingDescription] = [
        "invalid-front-matter": .init(
            short: "Front matter cannot be read",
            full:
                "A document has no front matter, YAML that cannot be read strictly, a wrong type, a missing required field, an invalid id, bad encoding or a size over the limit.",
            fix: "correct the field and line the message names."),
        "unknown-field": .init(
            short: "Unknown front-matter field",
            full: "A key that the front-matter format does not define.", fix: "remove it or correct its spelling."),
        "duplicate-id": .init(
            short: "Document id used twice", full: "A second document uses an id that another document already has.",
            fix: "give the document its own id."),
        "unknown-type": .init(
            short: "Unknown document type", full: "The document's type is not defined in stet.yaml.",
            fix: "use a defined type or add it to stet.yaml."),
        "unknown-person": .init(
            short: "Unknown person", full: "A person id or signer principal that is not a person in roles/people.yaml.",
            fix: "use a person id, or add the person."),
        "unknown-role": .init(
            short: "Unknown role", full: "A role that is not defined in roles/roles.yaml.",
            fix: "define the role or correct the name."),
        "dangling-reference": .init(
            short: "Reference to no document",
            full:
                "A reference names a document that does not exist, or an Approves/Reviewed/Trained trailer names a document or revision that its own commit does not contain.",
            fix: "correct or remove the reference; sign trailers on a commit that contains the revision they name."),
        "broken-link": .init(
            short: "Broken link", full: "A relative link or image points at a file that does not exist or that cannot be published.",
            fix: "fix the path; the message suggests one when the file exists elsewhere."),
        "missing-change-reason": .init(
            short: "Revision without a reason for change", full: "A revision above 1 has no change: field.",
            fix: "add change: \"…\" saying why the document changed."),
        "revision-not-incremented": .init(
            short: "Revision not incremented", full: "The content changed but the revision is not the released revision plus one.",
            fix: "set the revision the message names."),
        "revision-skipped": .init(
            short: "Revision skipped", full: "The revision jumps past the next one, or a new document starts above revision 1.",
            fix: "set the revision the message names."),
        "missing-approval": .init(
            short: "Approval missing", full: "A change still lacks approvals it needs before it can be released.",
            fix: "the people named review it with stet diff and run stet approve."),
        "self-approval": .init(
            short: "Author approved their own change",
            full: "An approval by someone who authored the change, while author-may-approve is false.",
            fix: "another holder of the role approves."),
        "unapproved-change": .init(
            short: "Unapproved change on the release branch", full: "Content reached the release branch without its required approvals.",
            fix: "approve it, or revert it; a deviation may be closed with a Closes: trailer."),
        "unsigned-commit": .init(
            short: "Unsigned commit", full: "A commit that changes controlled files or carries a record is not signed.",
            fix: "sign commits (git commit -S) and re-apply the change."),
        "bad-signature": .init(
            short: "Bad signature", full: "A signature does not verify, cannot be parsed, or uses another algorithm or namespace.",
            fix: "re-sign the change, and investigate possible tampering."),
        "unknown-signer": .init(
            short: "Signer not enrolled", full: "A commit is signed with a key that is not enrolled for exactly one person.",
            fix: "enrol the key in roles/allowed_signers (an approved configuration change)."),
        "key-not-valid": .init(
            short: "Key not valid", full: "A key was outside its validity, expired, revoked, or its person inactive when it signed.",
            fix: "sign with a valid key."),
        "config-unapproved": .init(
            short: "Configuration change not approved",
            full: "stet.yaml, roles/ or site-templates/ changed without an approval of the configuration revision by an admin.",
            fix: "an admin who did not author it runs stet approve CONFIG."),
        "document-removed": .init(
            short: "Document removed", full: "A released document was deleted instead of retired.",
            fix: "restore it, and approve a revision with status: obsolete to retire it."),
        "history-rewritten": .init(
            short: "History rewritten", full: "A previously published ledger is not a prefix of the release branch's record.",
            fix: "investigate the rewrite; restore the published history."),
        "shallow-clone": .init(
            short: "Shallow clone", full: "The repository's history is incomplete, so nothing can be verified.",
            fix: "fetch the full history (git fetch --unshallow, or fetch-depth: 0 in CI)."),
        "untrusted-root": .init(
            short: "Untrusted root", full: "The root of trust is not the commit pinned with --trust-root.",
            fix: "investigate; verify against the pinned history."),
        "raw-html": .init(
            short: "Raw HTML dropped from the portal",
            full:
                "Raw HTML in a document other than br, sup, sub, kbd, details/summary and img with a local src; the portal drops it (a warning).",
            fix: "write it in Markdown (a table, a list, emphasis, an image)."),
        "unsafe-path": .init(
            short: "Unsafe path", full: "A symbolic link, submodule or special file where a document or record could be.",
            fix: "replace it with a regular file."),
        "invalid-training-record": .init(
            short: "Invalid training record", full: "A row of training/records that cannot be used.",
            fix: "correct the row the message names."),
        "markdown-limit": .init(
            short: "Markdown over a rendering limit",
            full:
                "The document text is over a limit that keeps rendering bounded in time and memory (line length, table cells, nesting, unclosed HTML openers, reference expansion and others); it is not rendered or released.",
            fix: "split the table, paragraph or document, or remove the construct the message names."),
        "implausible-time": .init(
            short: "Implausible signature time", full: "A signed commit claims a time earlier than its parent or the root of trust.",
            fix: "re-sign the change with a correct clock."),
        "revoked-approval": .init(
            short: "Approval by a revoked key", full: "The revision in force was approved with a key revoked since.",
            fix: "an eligible person approves the same content again with a valid key."),
        "stale-base": .init(
            short: "Branch conflicts with newer content on the base",
            full: "The branch changes a document or the configuration that the base branch has also changed since the branch started.",
            fix: "update the branch from the base (the message gives the command), resolve the conflict, and approve again."),
        "late-record": .init(
            short: "Training recorded late", full: "Training was recorded after its due date.",
            fix: "none; the lateness is kept in the record."),
        "unqualified-approver": .init(
            short: "Approver not trained", full: "An approver was not trained on a document their role requires.",
            fix: "complete the training."),
        "local-review-due": .init(
            short: "Periodic review due", full: "A document's periodic review is due.", fix: "the owner records a review."),
    ]
}
