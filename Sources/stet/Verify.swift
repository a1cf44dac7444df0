import ArgumentParser
import Control
import Foundation
import Records
import Repository
import Signatures
import Training

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Audit the release branch's whole signed history.",
        discussion: """
            Walks the release branch's first-parent history from the root of trust (the first commit holding \
            stet.yaml), verifies every commit's signature natively, and reports every finding. \
            Exit status: 0 when clean, 1 on findings, 2 on usage or configuration errors.
            """)

    @OptionGroup var repository: RepositoryOptions

    @OptionGroup var branch: BranchOption

    @Option(help: ArgumentHelp("The commit id the root of trust must be (pins the history).", valueName: "hash"))
    var trustRoot: String?

    @Option(
        help: ArgumentHelp(
            "A previously published ledger.json; reports history-rewritten unless it is a prefix of today's.", valueName: "file"))
    var ledger: String?

    @Option(help: "Output format: text, json, github (workflow annotations), sarif or gitlab (Code Quality report).")
    var format: OutputFormat = .text

    @OptionGroup var output: OutputOptions

    func run() throws {
        let progress = Progress(steps: 2, output: output, silent: format != .text)
        progress.step("open repository")
        let opened = try openRepository(repository, format: format)
        guard let git = opened else { return }
        progress.step("replay release history and verify signatures")
        // A published ledger also spares the releases it lists from later revocations (§7.9).
        var published: Ledger?
        if let ledger {
            do {
                published = try JSONDecoder().decode(Ledger.self, from: try Data(contentsOf: URL(fileURLWithPath: ledger)))
            } catch {
                printError("stet verify: --ledger \(ledger) cannot be read as a stet ledger: \(error.localizedDescription)")
                throw ExitCode(2)
            }
        }
        let choice = try auditedBranch(git, branch: branch, trustRoot: trustRoot, ledger: published) { progress.advance($0, of: $1) }
        var record = choice.record
        progress.finish()
        // Warnings about the record as it stands: local procedures behind their global document (§8.6) and
        // approvals by signers not trained on the approver-qualification documents (§8.5).
        let unqualified = try TrainingReport.unqualifiedApprovals(record: record, repository: git, asOf: CalendarDate.today())
        record.findings = Finding.ordered(
            record.findings + GlobalLocal.findings(in: record)
                + Qualification.findings(unqualified, people: record.configuration.people))
        var findings = record.findings
        if let ledger, let published {
            let today = Ledger(record: record, previous: published, now: 0)
            findings = Finding.ordered(findings + today.compare(published: published, file: ledger))
            record.findings = findings
        }
        switch format {
        case .json:
            print(FindingReport.encodeJSON(VerifyReport(record: record, audited: choice)), terminator: "")
        case .text:
            if !output.quiet {
                print(Terminal.printable(choice.line))
                print(
                    Terminal.printable(RecordReport.signaturesText(record, people: record.configuration, all: output.verbose)),
                    terminator: "")
                print(Terminal.printable(RecordReport.voidedText(record, ledgerGiven: ledger != nil)), terminator: "")
            }
            print(Terminal.colourFindings(FindingReport.text(findings, subject: "stet verify")), terminator: "")
        default: print(FindingReport.machine(findings, format: format, toolVersion: Stet.version) ?? "", terminator: "")
        }
        if findings.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    }
}

/// Opens the repository, or reports a shallow clone as a finding (exit 1) and returns nil.
func openRepository(_ options: RepositoryOptions, format: OutputFormat = .text) throws -> GitRepository? {
    let git: GitRepository
    do {
        git = try GitRepository(at: options.url)
    } catch {
        printError(
            "stet: \(options.givenURL.path) is not in a git repository (nor is any folder above it); run stet inside your documents repository, or point at it with -C DIR"
        )
        throw ExitCode(2)
    }
    if git.isShallow {
        let finding = Finding(
            .shallowClone,
            message:
                "this is a shallow clone: the history is incomplete, so nothing can be verified; fetch the full history (git fetch --unshallow, or fetch-depth: 0 in CI)"
        )
        print(
            FindingReport.machine([finding], format: format, toolVersion: Stet.version) ?? FindingReport.text([finding], subject: "stet"),
            terminator: "")
        throw ExitCode(1)
    }
    return git
}

/// `--branch NAME`: the branch the record commands audit.
struct BranchOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The release branch to audit; default: the release-branch of the configuration released on the default branch (never the working tree).",
            valueName: "name"))
    var branch: String?
}

/// The record of the audited branch (chosen by `AuditedBranch`, never from the
/// working tree); configuration errors exit 2.
func buildRecord(
    _ git: GitRepository, branch: BranchOption, trustRoot: String? = nil, ledger: Ledger? = nil,
    progress: ((Int, Int) -> Void)? = nil
) throws -> ReleaseRecord {
    try auditedBranch(git, branch: branch, trustRoot: trustRoot, ledger: ledger, progress: progress).record
}

/// The audited branch, why it was chosen, and its record; configuration errors exit 2.
func auditedBranch(
    _ git: GitRepository, branch: BranchOption, trustRoot: String? = nil, ledger: Ledger? = nil,
    progress: ((Int, Int) -> Void)? = nil
) throws -> AuditedBranch.Choice {
    do {
        return try AuditedBranch.record(
            repository: git, branch: branch.branch, trustRoot: trustRoot, ledger: ledger, progress: progress)
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

/// `stet verify --format json`: findings plus every commit's signature verdict.
struct VerifyReport: Encodable {
    var ok: Bool
    var rootOfTrust: String
    var tip: String
    /// Which branch was audited and why.
    var auditedBranch: AuditedBranchEntry?
    var findings: [Finding]
    var signatures: [SignatureEntry]

    init(record: ReleaseRecord, audited: AuditedBranch.Choice? = nil) {
        ok = !record.findings.contains { $0.severity == .error }
        rootOfTrust = record.rootOfTrust.hex
        tip = record.tip.hex
        auditedBranch = audited.map(AuditedBranchEntry.init)
        findings = record.findings
        signatures = record.signatures.map(SignatureEntry.init)
    }
}

/// `auditedBranch` in `verify` and `status` JSON: the branch audited, and why that one
/// (`--branch`, `the default branch`, or `the configuration released on NAME`).
struct AuditedBranchEntry: Encodable {
    var name: String
    var chosenBy: String

    init(_ choice: AuditedBranch.Choice) {
        name = choice.name
        chosenBy = choice.chosenBy
    }
}

struct SignatureEntry: Encodable {
    var commit: String
    var format: String
    var status: String
    var person: String?
    var key: String?
    var claimedAt: String
    var reason: String
    var userPresent: Bool?
    var userVerified: Bool?

    init(_ entry: CommitVerdict) {
        commit = entry.commit.hex
        format = entry.verdict.format.rawValue
        status = entry.verdict.status.rawValue
        person = entry.verdict.person?.rawValue
        key = entry.verdict.key
        claimedAt = RecordReport.timestamp(entry.verdict.claimedAt)
        reason = entry.verdict.reason
        userPresent = entry.verdict.userPresent
        userVerified = entry.verdict.userVerified
    }

    enum CodingKeys: String, CodingKey { case commit, format, status, person, key, claimedAt, reason, userPresent, userVerified }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(commit, forKey: .commit)
        try container.encode(format, forKey: .format)
        try container.encode(status, forKey: .status)
        try container.encode(person, forKey: .person)
        try container.encode(key, forKey: .key)
        try container.encode(claimedAt, forKey: .claimedAt)
        try container.encode(reason, forKey: .reason)
        // Security-key signatures only: the authenticator's user-presence and user-verification flags.
        try container.encodeIfPresent(userPresent, forKey: .userPresent)
        try container.encodeIfPresent(userVerified, forKey: .userVerified)
    }
}
