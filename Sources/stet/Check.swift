import ArgumentParser
import Control
import Foundation
import Records
import Repository

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate the working tree, and with --base the change against a base branch.",
        discussion: """
            Without --base: the static checks of every document and the configuration. With --base REF: also \
            the change-level checks against REF's release history — revision discipline and which approvals \
            are still missing before the change can be released (approvals are the signed commits reachable \
            from HEAD). Exit status: 0 when clean, 1 on findings, 2 on usage or configuration errors.
            """)

    @OptionGroup var repository: RepositoryOptions

    @Option(help: ArgumentHelp("The branch or commit the change will be merged into (e.g. main, origin/main).", valueName: "ref"))
    var base: String?

    @Option(help: "Output format: text, json, github (workflow annotations), sarif or gitlab (Code Quality report).")
    var format: OutputFormat = .text

    @OptionGroup var output: OutputOptions

    func run() throws {
        let tree = WorkingTree(root: repository.url)
        let snapshot: Snapshot
        do {
            snapshot = try SnapshotReader.read(from: tree)
        } catch {
            throw fail(error)
        }
        var findings = StaticChecks.run(snapshot, source: tree)
        var summary: [String] = []
        if output.verbose {
            summary.append(
                "checked \(snapshot.documentPaths.count) documents, \(snapshot.records.people.count) people and \(snapshot.records.roles.count) roles in \(repository.url.path)"
            )
        }
        if let base {
            guard let git = try openRepository(repository, format: format) else { return }
            let review: RecordBuilder.ChangeReview
            let compared: ComparedRef
            do {
                compared = try ComparedRef.choose(base, in: git)
                let proposed = try snapshot.documents.map { document in
                    (document, git.blobID(of: try tree.read(document.path)))
                }
                review = try RecordBuilder.review(
                    repository: git, base: compared.spec, head: git.head(), proposed: proposed, baseName: compared.name)
            } catch let errors as ConfigurationErrors {
                throw fail(errors)
            } catch let error as GitError {
                printError(
                    "stet check: --base \(base): \(error.message); name a branch or commit of this repository (fetch it first in CI)")
                throw ExitCode(2)
            }
            if let note = compared.note { printError("stet check: note: \(note)") }
            summary.append(describeComparison(git, with: compared))
            // A finding the static checks already report (same code and place) is not repeated.
            let reported = Set(findings.map { "\($0.code.rawValue) \($0.file ?? "") \($0.document?.rawValue ?? "")" })
            let added = review.findings.filter {
                !reported.contains("\($0.code.rawValue) \($0.file ?? "") \($0.document?.rawValue ?? "")")
            }
            findings = Finding.ordered(findings + added)
            // Never "ready" while an error stands: the change must not be merged as it is.
            let blocked = findings.contains { $0.severity == .error }
            for release in review.ready {
                let names = release.approvals.map { "\($0.name)\($0.role.map { " (\($0.rawValue))" } ?? "")" }
                summary.append(
                    blocked
                        ? "not ready: \(release.document) revision \(release.revision) has every required approval (\(names.joined(separator: ", "))), but the errors below must be fixed before it is merged into \(compared.name)"
                        : "ready: \(release.document) revision \(release.revision) has every required approval (\(names.joined(separator: ", "))) and will be released when merged into \(compared.name)"
                )
            }
        }
        switch format {
        case .text:
            let report = findings.isEmpty && output.quiet ? "" : FindingReport.text(findings, subject: "stet check")
            print(Terminal.colourFindings((output.quiet ? "" : summary.map { $0 + "\n" }.joined()) + report), terminator: "")
        default: print(FindingReport.machine(findings, format: format, toolVersion: Stet.version) ?? "", terminator: "")
        }
        if findings.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    }
}

/// `compared HEAD (branch x, abc) with origin/main (def); merge base 123`: what a change was judged against.
func describeComparison(_ git: GitRepository, with compared: ComparedRef) -> String {
    guard let head = git.head() else { return "compared the working tree with \(compared.described)" }
    let branch = git.currentBranch().map { "branch \($0), " } ?? ""
    let fork = git.mergeBase(head, compared.tip)
    let since =
        fork == compared.tip
        ? "" : fork.map { "; judged what HEAD adds since its merge base \($0.short)" } ?? "; they share no history"
    return "compared the working tree and HEAD (\(branch)\(head.short)) with \(compared.described)\(since)"
}
