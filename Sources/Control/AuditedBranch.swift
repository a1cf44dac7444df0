import Foundation
import Records
import Repository

/// Which branch the record commands audit, chosen only from refs and signed,
/// released history — never from the working tree (PRODUCT.md §11).
///
/// `--branch NAME` names it. Otherwise the default branch (the one
/// `origin/HEAD` names, else `main`, else `master`, else the checked-out
/// branch) is replayed, and the `release-branch` of the configuration
/// *released* there decides: an uncommitted edit, or an unsigned or
/// unapproved commit changing `release-branch`, cannot redirect the audit.
/// Whichever branch is audited, the configuration released on it must name
/// it, or the record carries an `untrusted-root` error.
public enum AuditedBranch {
    /// The record of the audited branch, and how that branch was chosen.
    public struct Choice {
        public var name: String
        /// "--branch", "the default branch", or "the configuration released on NAME" (NAME: the default branch).
        public var chosenBy: String
        public var record: ReleaseRecord

        /// One line for people: which branch was audited, and why that one.
        public var line: String {
            switch chosenBy {
            case "--branch": return "Audited branch: \(name) (named with --branch)"
            case "the default branch":
                return
                    "Audited branch: \(name) (the default branch, whose released configuration names it as release-branch; --branch NAME audits another)"
            default: return "Audited branch: \(name) (the release-branch of \(chosenBy); --branch NAME audits another)"
            }
        }
    }

    /// A branch that cannot be audited because the repository does not have it.
    public struct MissingBranch: Error, CustomStringConvertible {
        public enum Reason: Sendable {
            /// `--branch NAME` names it.
            case option
            /// The configuration released on the default branch names it (the text says where).
            case configuration(String)
            /// No default branch: no `origin/HEAD`, `main`, `master` or checked-out branch.
            case noDefaultBranch
        }
        public var name: String
        public var reason: Reason
        public var description: String {
            switch reason {
            case .option:
                return
                    "--branch \(name): this repository has no branch \(name) (refs/heads/\(name) or refs/remotes/origin/\(name)); a tag, a commit or another reference is never the release branch; fetch it (git fetch origin \(name)) or name an existing branch"
            case .configuration(let namedBy):
                return
                    "\(namedBy) names the release branch \(name), which this repository does not have; fetch it (git fetch origin \(name)) or audit another branch with --branch NAME"
            case .noDefaultBranch:
                return
                    "no release branch to audit: this repository has no origin/HEAD, no branch main or master, and no branch checked out; pass --branch NAME (the release branch), or fetch it (git fetch origin NAME)"
            }
        }
    }

    /// Replays the audited branch and returns its record.
    public static func record(
        repository: GitRepository, branch explicit: String?, trustRoot: String?, ledger: Ledger? = nil,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> Choice {
        if let explicit {
            guard let reference = branchReference(explicit, in: repository) else {
                throw MissingBranch(name: explicit, reason: .option)
            }
            let record = try RecordBuilder.build(
                repository: repository, branch: reference, trustRoot: trustRoot, ledger: ledger, progress: progress)
            return Choice(name: explicit, chosenBy: "--branch", record: checked(record, audited: explicit))
        }
        guard let fallback = defaultBranch(of: repository), let fallbackReference = branchReference(fallback, in: repository) else {
            throw MissingBranch(name: "main", reason: .noDefaultBranch)
        }
        let first = try RecordBuilder.build(
            repository: repository, branch: fallbackReference, trustRoot: trustRoot, ledger: ledger, progress: progress)
        let named = first.configuration.configuration.releaseBranch
        if sameBranch(named, fallback) {
            return Choice(name: fallback, chosenBy: "the default branch", record: checked(first, audited: fallback))
        }
        guard let namedReference = branchReference(named, in: repository) else {
            throw MissingBranch(name: named, reason: .configuration("the configuration released on \(fallback)"))
        }
        let record = try RecordBuilder.build(
            repository: repository, branch: namedReference, trustRoot: trustRoot, ledger: ledger, progress: progress)
        return Choice(
            name: named, chosenBy: "the configuration released on \(fallback)", record: checked(record, audited: named))
    }

    /// The branch whose released configuration is read first: `origin/HEAD`'s
    /// target, else `main`, else `master`, else the checked-out branch.
    public static func defaultBranch(of repository: GitRepository) -> String? {
        if let target = repository.symbolicTarget(of: "refs/remotes/origin/HEAD"), target.hasPrefix("refs/remotes/origin/") {
            return String(target.dropFirst("refs/remotes/origin/".count))
        }
        for name in ["main", "master"] where branchReference(name, in: repository) != nil {
            return name
        }
        if let head = repository.symbolicTarget(of: "HEAD"), head.hasPrefix("refs/heads/") {
            return String(head.dropFirst("refs/heads/".count))
        }
        return nil
    }

    /// The full reference a branch name stands for: `refs/heads/NAME`, else
    /// `refs/remotes/origin/NAME` (`origin/NAME`: only the remote-tracking branch;
    /// a full `refs/heads/…` or `refs/remotes/…` name: only itself). Only
    /// branches: a tag `main` (pushed by anyone who may push tags), a commit id, or a
    /// branch someone pushed as `origin/main` (fetched as `refs/remotes/origin/origin/main`)
    /// is never taken for the release branch.
    public static func branchReference(_ name: String, in repository: GitRepository) -> String? {
        let candidates: [String]
        if name.hasPrefix("refs/heads/") || name.hasPrefix("refs/remotes/") {
            candidates = [name]
        } else if name.hasPrefix("origin/") {
            candidates = ["refs/remotes/\(name)"]
        } else {
            candidates = ["refs/heads/\(name)", "refs/remotes/origin/\(name)"]
        }
        return candidates.first { repository.reference($0) != nil }
    }

    /// True when two spellings name the same branch (`main`, `origin/main`, `refs/heads/main`).
    static func sameBranch(_ a: String, _ b: String) -> Bool { short(a) == short(b) }

    private static func short(_ name: String) -> String {
        for prefix in ["refs/heads/", "refs/remotes/origin/", "origin/"] where name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count))
        }
        return name
    }

    /// Adds `untrusted-root` when the configuration released on the audited
    /// branch names another release branch: the record is not the one that
    /// configuration governs.
    static func checked(_ record: ReleaseRecord, audited: String) -> ReleaseRecord {
        let named = record.configuration.configuration.releaseBranch
        guard !sameBranch(named, audited) else { return record }
        var record = record
        record.findings = Finding.ordered(
            record.findings + [
                Finding(
                    .untrustedRoot, commit: record.tip.hex, file: Configuration.path,
                    message:
                        "the audited branch is \(audited), but the configuration released on it names release-branch: \(named); audit \(named) (--branch \(named)), or release a CONFIG change on \(audited) that names it"
                )
            ])
        return record
    }
}
