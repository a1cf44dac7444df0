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
            do {
                let proposed = try snapshot.documents.map { document in
                    (document, git.blobID(of: try tree.read(document.path)))
                }
                review = try RecordBuilder.review(repository: git, base: base, head: git.head(), proposed: proposed)
            } catch let errors as ConfigurationErrors {
                throw fail(errors)
            } catch let error as GitError {
                printError(
                    "stet check: --base \(base): \(error.message); name a branch or commit of this repository (fetch it first in CI)")
                throw ExitCode(2)
            }
            findings = Finding.ordered(findings + review.findings)
            // Never "ready" while an error stands: the change must not be merged as it is.
            let blocked = findings.contains { $0.severity == .error }
            for release in review.ready {
                let names = release.approvals.map { "\($0.name)\($0.role.map { " (\($0.rawValue))" } ?? "")" }
                summary.append(
                    blocked
                        ? "not ready: \(release.document) revision \(release.revision) has every required approval (\(names.joined(separator: ", "))), but the errors below must be fixed before it is merged into \(base)"
                        : "ready: \(release.document) revision \(release.revision) has every required approval (\(names.joined(separator: ", "))) and will be released when merged into \(base)"
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
