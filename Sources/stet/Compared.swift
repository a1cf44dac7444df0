import ArgumentParser
import Control
import Foundation
import Records
import Repository

/// The release branch ref a command compares with, as it was chosen: the local branch, or its
/// remote-tracking ref when the local one is behind it (a `git fetch` without a pull leaves the
/// local branch stale, and comparing with it would call released revisions new).
struct ComparedRef {
    /// How to name it to libgit2 (`refs/remotes/origin/main`, `main`, a commit id).
    var spec: String
    /// How to name it to the user (`origin/main`).
    var name: String
    var tip: ObjectID
    /// Why this ref and not the one asked for, or how they differ; nil when there is nothing to say.
    var note: String?

    /// `name (tip)` for the line that says what was compared.
    var described: String { "\(name) (\(tip.short))" }

    /// Chooses the ref for `asked`: a local branch that has a remote-tracking ref strictly ahead of
    /// it is replaced by that ref; otherwise `asked` itself.
    static func choose(_ asked: String, in git: GitRepository) throws(GitError) -> ComparedRef {
        let local = git.reference("refs/heads/\(asked)")
        guard let local else {
            return ComparedRef(spec: asked, name: asked, tip: try git.resolve(asked), note: nil)
        }
        guard let remote = git.remoteTrackingReference(ofBranch: asked), let remoteTip = git.reference(remote), remoteTip != local,
            let (ahead, behind) = git.aheadBehind(local, remoteTip)
        else {
            return ComparedRef(spec: "refs/heads/\(asked)", name: asked, tip: local, note: nil)
        }
        let remoteName = remote.hasPrefix("refs/remotes/") ? String(remote.dropFirst("refs/remotes/".count)) : remote
        if ahead == 0 {
            return ComparedRef(
                spec: remote, name: remoteName, tip: remoteTip,
                note:
                    "your local \(asked) is \(counted(behind, "commit")) behind \(remoteName), so stet compared with \(remoteName); update it with `git fetch && git branch -f \(asked) \(remoteName)` (or `git pull` on \(asked))"
            )
        }
        let how =
            behind == 0
            ? "is \(counted(ahead, "commit")) ahead of \(remoteName) (not pushed)"
            : "and \(remoteName) have diverged (\(ahead) and \(behind) commits of their own)"
        return ComparedRef(
            spec: "refs/heads/\(asked)", name: asked, tip: local, note: "your local \(asked) \(how); stet compared with your local \(asked)"
        )
    }
}

/// The record of the release branch as `status`, `diff` and `approve` show it: the audited branch
/// (`--branch`, else the one the default branch's released configuration names), read from its
/// remote-tracking ref when the local branch is behind it (said on standard error). Configuration
/// errors exit 2.
func buildComparedRecord(_ git: GitRepository, branch: BranchOption, command: String) throws -> (ReleaseRecord, ComparedRef) {
    let (record, compared, _) = try buildComparedChoice(git, branch: branch, command: command)
    return (record, compared)
}

/// `buildComparedRecord`, with how the audited branch was chosen.
func buildComparedChoice(_ git: GitRepository, branch: BranchOption, command: String) throws -> (
    ReleaseRecord, ComparedRef, AuditedBranch.Choice
) {
    do {
        let choice = try AuditedBranch.record(repository: git, branch: branch.branch, trustRoot: nil)
        let compared = try ComparedRef.choose(choice.name, in: git)
        if let note = compared.note { printError("stet \(command): note: \(note)") }
        if compared.tip == choice.record.tip { return (choice.record, compared, choice) }
        return (try AuditedBranch.record(repository: git, branch: compared.spec, trustRoot: nil).record, compared, choice)
    } catch let errors as ConfigurationErrors {
        throw fail(errors)
    } catch let error as AuditedBranch.MissingBranch {
        printError("stet: \(error)")
        throw ExitCode(2)
    } catch let error as GitError {
        let name = branch.branch.map { "--branch \($0)" } ?? "the release branch"
        printError("stet: \(error.message); is \(name) in this repository? (fetch it, or name it with --branch)")
        throw ExitCode(2)
    }
}
