import ArgumentParser
import Control
import Foundation
import Records
import Repository
import Signatures

struct Approve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record your signed approval of documents' current revisions (an empty signed commit).",
        discussion: """
            Creates one commit on the current branch with a trailer `Approves: ID rev N` for each id and \
            `Signature-Meaning: M`, signed with your own git signing set-up (git commit -S: gpg.format, \
            user.signingkey). The approval binds to the exact committed content of the document: it is \
            refused while the document has uncommitted changes. Use CONFIG as the id to approve a \
            configuration change. Before committing, stet checks the approval would count, as \
            `stet check --base` judges the branch against the release branch, and refuses with the reason \
            when it would not: your SSH signing key is not enrolled, you authored the change, you hold none \
            of the roles still missing, the revision is released already or cannot be released as it \
            stands, or this is the release branch. After committing, it re-reads the commit and confirms \
            that the approval counts.
            """)

    @OptionGroup var repository: RepositoryOptions

    @OptionGroup var branch: BranchOption

    @Argument(help: "The document ids, or CONFIG.")
    var ids: [String]

    @Option(help: "What the signature means: Approved or Reviewed.")
    var meaning: String = "Approved"

    func validate() throws {
        guard !ids.isEmpty else { throw ValidationError("name the documents to approve, like: stet approve SOP-QA-001") }
        for id in ids where id != "CONFIG" && DocumentID(id) == nil {
            throw ValidationError("'\(id)' is not a document id (like SOP-QA-001) or CONFIG")
        }
        guard ["Approved", "Reviewed"].contains(meaning) else {
            throw ValidationError("--meaning is Approved or Reviewed, not '\(meaning)'")
        }
    }

    /// A refusal: the reason and the fix, exit 1, nothing committed.
    private func refuse(_ text: String) -> ExitCode {
        printError("stet approve: \(text)")
        printError("stet approve: nothing was committed.")
        return ExitCode(1)
    }

    func run() throws {
        guard let git = try openRepository(repository) else { return }
        let root = repository.url
        guard let head = git.head(), let headCommit = try? git.commit(head) else {
            throw refuse("this branch has no commits yet; commit the document first")
        }
        // Who will sign, and what is released, under the record of the release branch.
        let (record, compared) = try buildComparedRecord(git, branch: branch, command: "approve")
        let releaseName =
            compared.name.hasPrefix("refs/") ? compared.name : compared.name.split(separator: "/").last.map(String.init) ?? compared.name
        if git.currentBranch() == releaseName {
            throw refuse(
                "this is \(compared.name), the release branch: an approval is given on the change's own branch, before it is merged. Switch to that branch (git switch BRANCH) and approve there"
            )
        }

        // What HEAD holds, committed: approvals bind to committed content.
        let tree = WorkingTree(root: root)
        let committed = CommitTree(repository: git, tree: headCommit.tree, label: "HEAD")
        let snapshot: Snapshot
        do {
            snapshot = try SnapshotReader.read(from: committed)
        } catch {
            throw fail(error)
        }
        var trailers: [(id: String, revision: Int)] = []
        var paths: [String] = []
        for id in ids {
            if id == "CONFIG" {
                trailers.append((id, snapshot.records.configuration.configRevision))
                paths += ["stet.yaml", "roles", "site-templates"]
                continue
            }
            guard let document = snapshot.documents.first(where: { $0.id.rawValue == id }) else {
                throw refuse("\(id) is not a committed document on this branch; commit it first (or check the id with `stet status`)")
            }
            trailers.append((id, document.frontMatter.revision.number))
            paths.append(document.path.rawValue)
            let committedBlob = try git.entry(at: document.path, inTree: headCommit.tree)?.id
            let workingBlob = tree.kind(of: document.path) == nil ? nil : git.blobID(of: try tree.read(document.path))
            if workingBlob != committedBlob {
                throw refuse(
                    "\(document.path) has uncommitted changes; an approval binds to committed content — commit (or discard) the changes first, then approve"
                )
            }
        }
        let dirty = try runGit(["status", "--porcelain", "--"] + paths, in: root)
        guard dirty.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw refuse(
                "uncommitted changes to \(paths.joined(separator: ", ")):\n\(dirty.output)commit or discard them first, then approve")
        }

        let people = record.configuration
        let signer = try signingPerson(people: people, root: root)

        // Would the approval count? The same judgement as `stet check --base`.
        let proposed = try snapshot.documents.map { document in
            (document, try git.entry(at: document.path, inTree: headCommit.tree)!.id)
        }
        let before = try RecordBuilder.review(
            repository: git, base: compared.spec, head: head, proposed: proposed, baseName: compared.name)
        if let person = signer {
            for (id, revision) in trailers {
                if let problem = obstacle(
                    id: id, revision: revision, person: person, review: before, record: record, snapshot: snapshot, base: compared.name)
                {
                    throw refuse(problem)
                }
            }
        }

        let list = trailers.map { "\($0.id) rev \($0.revision)" }
        let subject = "\(meaning == "Approved" ? "Approve" : "Review") \(list.joined(separator: ", "))"
        let body = (list.map { "Approves: \($0)" } + ["Signature-Meaning: \(meaning)"]).joined(separator: "\n")
        let result = try runGit(["commit", "--allow-empty", "-S", "-q", "-m", subject, "-m", body], in: root)
        guard result.status == 0 else {
            printError("stet approve: git could not make the signed commit:\n\(result.error)")
            printError(
                "Set up commit signing once, for example with SSH: git config --global gpg.format ssh && git config --global user.signingkey ~/.ssh/id_ed25519.pub — and make sure your key is in roles/allowed_signers."
            )
            throw ExitCode(1)
        }

        // Re-read the commit: does the approval count now?
        guard let approval = GitRepository.reopen(git, at: root), let newHead = approval.head() else {
            printError("stet approve: the commit was made but could not be read back; run `stet status` to confirm the approval")
            throw ExitCode(1)
        }
        let after = try RecordBuilder.review(
            repository: approval, base: compared.spec, head: newHead, proposed: proposed, baseName: compared.name)
        var counted: [String] = []
        var failed: [String] = []
        for (id, revision) in trailers {
            if let line = confirmation(id: id, revision: revision, commit: newHead, review: after) {
                counted.append(line)
            } else {
                failed.append("\(id) revision \(revision)")
            }
        }
        guard failed.isEmpty else {
            let why = after.findings.filter { $0.commit == newHead.hex || failed.contains(where: $0.message.contains) }
                .map { "  \($0.message) [\($0.code.rawValue)]" }
            printError(
                "stet approve: commit \(newHead.short) was made, but the approval of \(failed.joined(separator: ", ")) does not count\(why.isEmpty ? "" : ":\n" + why.joined(separator: "\n"))"
            )
            printError("Remove the commit with `git reset --keep HEAD~1`, fix the cause, and approve again.")
            throw ExitCode(1)
        }
        print("Recorded \(signer.map { "\($0.name)'s" } ?? "your") signed approval (\(meaning)) in commit \(newHead.short):")
        for line in counted { print("  \(line)") }
        print("Push the branch; `stet status` on it shows what is still missing.")
    }

    /// The person the configured SSH signing key belongs to under `people`; nil when git signs with
    /// OpenPGP (stet then confirms after committing). Refuses when the SSH key is not enrolled.
    private func signingPerson(people: RecordSet, root: URL) throws -> Person? {
        let format = try runGit(["config", "--get", "gpg.format"], in: root).output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard format == "ssh" else { return nil }
        let setting = try runGit(["config", "--get", "user.signingkey"], in: root).output.trimmingCharacters(
            in: .whitespacesAndNewlines)
        guard !setting.isEmpty else {
            throw refuse(
                "git signs with SSH but user.signingkey is not set; set it: git config --global user.signingkey ~/.ssh/id_ed25519.pub")
        }
        var text = setting
        if setting.hasPrefix("key::") {
            text = String(setting.dropFirst(5))
        } else {
            let path = setting.hasPrefix("~/") ? NSHomeDirectory() + setting.dropFirst(1) : setting
            let url = URL(fileURLWithPath: path, relativeTo: root)
            let candidates = path.hasSuffix(".pub") ? [url] : [URL(fileURLWithPath: url.path + ".pub"), url]
            guard
                let found = candidates.lazy.compactMap({ try? String(contentsOf: $0, encoding: .utf8) }).first(where: {
                    $0.hasPrefix("ssh-") || $0.hasPrefix("ecdsa-") || $0.hasPrefix("sk-")
                })
            else {
                throw refuse(
                    "cannot read the public key of user.signingkey (\(setting)); point it at your public key file (…/id_ed25519.pub)")
            }
            text = found
        }
        let fields = text.split(whereSeparator: \.isWhitespace)
        guard fields.count >= 2, let key = try? SSHPublicKey(type: String(fields[0]), base64: String(fields[1])) else {
            throw refuse("user.signingkey (\(setting)) is not an SSH public key")
        }
        let holders = people.signers.filter { $0.key == key && $0.allowsGitNamespace }.flatMap(\.principals)
        let owners = people.sortedPeople.filter { person in holders.contains { $0.lowercased() == person.email.rawValue.lowercased() } }
        guard owners.count == 1, let person = owners.first else {
            throw refuse(
                "your signing key \(key.fingerprint) is not enrolled in roles/allowed_signers on the release branch\(owners.count > 1 ? " for one person (it is listed for several)" : ""), so an approval signed with it would not count. Ask an administrator to enrol it (a CONFIG change approved and merged), or sign with your enrolled key (git config user.signingkey)"
            )
        }
        guard person.active else {
            throw refuse(
                "your signing key belongs to \(person.name), who is not active in roles/people.yaml; an inactive person's approval does not count"
            )
        }
        return person
    }

    /// Why `person`'s approval of `id` at `revision` would not count, or nil when it would.
    private func obstacle(
        id: String, revision: Int, person: Person, review: RecordBuilder.ChangeReview, record: ReleaseRecord, snapshot: Snapshot,
        base: String
    ) -> String? {
        let fix = "run `stet check --base \(base)` for what the branch needs"
        if id == "CONFIG" {
            let admins = record.configuration.configuration.adminRoles
            guard let finding = review.findings.first(where: { $0.document == .config }) else {
                return
                    "this branch does not change the configuration (or configuration revision \(revision) is released already): there is no CONFIG change to approve"
            }
            if finding.code != .missingApproval { return "the configuration change cannot be released as it stands: \(finding.message)" }
            guard admins.contains(where: person.holds) else {
                return
                    "\(person.name) holds none of \(admins.map(\.rawValue).joined(separator: ", ")), the roles that approve configuration changes; \(finding.message)"
            }
            if review.configAuthors.contains(person.id) {
                return "\(person.name) authored this configuration change, so cannot approve it; \(finding.message)"
            }
            return nil
        }
        let documentID = DocumentID(id)!
        if let stale = review.findings.first(where: { $0.document == documentID && $0.code == .staleBase }) {
            return stale.message
        }
        if let released = record.documents[documentID]?.releases.first(where: { $0.revision.number == revision }) {
            return
                "revision \(revision) of \(id) is released already on \(base) (at commit \(released.commit.short)); there is nothing to approve — a change needs the next revision"
        }
        if review.ready.contains(where: { $0.document == documentID }) {
            return "revision \(revision) of \(id) already has every required approval; it is released when the branch is merged"
        }
        guard let change = review.pending.first(where: { $0.document == documentID }) else {
            return "this branch does not change \(id) against \(base); there is nothing to approve"
        }
        if change.hasRevisionError {
            let why = review.findings.first { $0.document == documentID && $0.severity == .error && $0.code != .missingApproval }
            return
                "revision \(revision) of \(id) cannot be released as it stands\(why.map { ": \($0.message)" } ?? ""); fix that first (\(fix))"
        }
        if let mine = change.approvals.first(where: { $0.person == person.id && $0.role != nil }) {
            return "\(person.name) approved revision \(revision) of \(id) already (commit \(mine.commit.short), as \(mine.role!.rawValue))"
        }
        if change.authors.contains(person.id) {
            return "\(person.name) authored this change to \(id), and author-may-approve is false: another person must approve it (\(fix))"
        }
        let owner = change.frontMatter.owner
        let fits = change.missing.contains { $0 == .owner ? owner == person.id : person.holds($0) }
        guard fits else {
            let missing = change.missing.map { $0 == .owner ? "the owner (\(owner.rawValue))" : "a \($0.rawValue)" }
            return
                "\(person.name) cannot fill any approval revision \(revision) of \(id) still needs (\(missing.joined(separator: " and "))): \(person.name)'s roles are \(person.roles.map(\.rawValue).joined(separator: ", "))"
        }
        return nil
    }

    /// A line confirming that the approval in `commit` counts, or nil when it does not.
    private func confirmation(id: String, revision: Int, commit: ObjectID, review: RecordBuilder.ChangeReview) -> String? {
        if id == "CONFIG" {
            let open = review.findings.contains { $0.document == .config && $0.severity == .error }
            return open ? nil : "CONFIG revision \(revision): approved; released when the branch is merged"
        }
        let documentID = DocumentID(id)!
        if let ready = review.ready.first(where: { $0.document == documentID }),
            ready.approvals.contains(where: { $0.commit == commit })
        {
            return "\(id) revision \(revision): counts; every required approval is there, so it is released when the branch is merged"
        }
        if let change = review.pending.first(where: { $0.document == documentID }),
            change.approvals.contains(where: { $0.commit == commit && $0.role != nil })
        {
            let missing = change.missing.map { $0 == .owner ? "the owner" : "a \($0.rawValue)" }
            return "\(id) revision \(revision): counts; still needs \(missing.joined(separator: " and "))"
        }
        return nil
    }
}

extension GitRepository {
    /// A fresh handle on the repository (after git has written to it), or nil.
    static func reopen(_ git: GitRepository, at root: URL) -> GitRepository? {
        try? GitRepository(at: git.workingDirectory ?? root)
    }
}

/// Runs the user's own git (only `stet approve` does this: it must use their signing set-up).
func runGit(_ arguments: [String], in directory: URL) throws -> (status: Int32, output: String, error: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git"] + arguments
    process.currentDirectoryURL = directory
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let error = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output, error)
}
