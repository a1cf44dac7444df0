import ArgumentParser
import Control
import Foundation
import Records
import Repository

struct Approve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record your signed approval of a document's current revision (an empty signed commit).",
        discussion: """
            Creates a commit on the current branch with the trailers `Approves: ID rev N` and \
            `Signature-Meaning: M`, signed with your own git signing set-up (git commit -S: gpg.format, \
            user.signingkey). The approval binds to the exact committed content of the document: it is \
            refused while the document has uncommitted changes. Use CONFIG as the id to approve a \
            configuration change.
            """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The document id, or CONFIG.")
    var id: String

    @Option(help: "What the signature means: Approved or Reviewed.")
    var meaning: String = "Approved"

    func validate() throws {
        guard id == "CONFIG" || DocumentID(id) != nil else {
            throw ValidationError("'\(id)' is not a document id (like SOP-QA-001) or CONFIG")
        }
        guard ["Approved", "Reviewed"].contains(meaning) else {
            throw ValidationError("--meaning is Approved or Reviewed, not '\(meaning)'")
        }
    }

    func run() throws {
        guard let git = try openRepository(repository) else { return }
        guard let head = git.head(), let headCommit = try? git.commit(head) else {
            printError("stet approve: this branch has no commits yet; commit the document first")
            throw ExitCode(1)
        }
        let tree = WorkingTree(root: repository.url)
        let committed = CommitTree(repository: git, tree: headCommit.tree, label: "HEAD")
        let revision: Int
        let paths: [String]
        if id == "CONFIG" {
            let records: RecordSet
            do {
                records = try SnapshotReader.readRecords(from: committed)
            } catch {
                throw fail(error)
            }
            revision = records.configuration.configRevision
            paths = ["stet.yaml", "roles", "site-templates"]
        } else {
            let snapshot: Snapshot
            do {
                snapshot = try SnapshotReader.read(from: committed)
            } catch {
                throw fail(error)
            }
            guard let document = snapshot.documents.first(where: { $0.id.rawValue == id }) else {
                printError(
                    "stet approve: \(id) is not a committed document on this branch; commit it first (or check the id with `stet status`)")
                throw ExitCode(1)
            }
            revision = document.frontMatter.revision.number
            paths = [document.path.rawValue]
            let committedBlob = try git.entry(at: document.path, inTree: headCommit.tree)?.id
            let workingBlob = tree.kind(of: document.path) == nil ? nil : git.blobID(of: try tree.read(document.path))
            if workingBlob != committedBlob {
                printError(
                    "stet approve: \(document.path) has uncommitted changes; an approval binds to committed content — commit (or discard) the changes first, then approve"
                )
                throw ExitCode(1)
            }
        }
        let dirty = try runGit(["status", "--porcelain", "--"] + paths, in: repository.url)
        guard dirty.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            printError(
                "stet approve: uncommitted changes to \(paths.joined(separator: ", ")):\n\(dirty.output)commit or discard them first, then approve"
            )
            throw ExitCode(1)
        }
        let subject = "\(meaning == "Approved" ? "Approve" : "Review") \(id) rev \(revision)"
        let trailers = "Approves: \(id) rev \(revision)\nSignature-Meaning: \(meaning)"
        let result = try runGit(["commit", "--allow-empty", "-S", "-q", "-m", subject, "-m", trailers], in: repository.url)
        guard result.status == 0 else {
            printError("stet approve: git could not make the signed commit:\n\(result.error)")
            printError(
                "Set up commit signing once, for example with SSH: git config --global gpg.format ssh && git config --global user.signingkey ~/.ssh/id_ed25519.pub — and make sure your key is in roles/allowed_signers."
            )
            throw ExitCode(1)
        }
        let commit = git.head().map(\.short) ?? "?"
        print(
            "Recorded your signed approval of \(id) revision \(revision) (\(meaning)) in commit \(commit). Push the branch; `stet check --base main` shows what is still missing."
        )
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
