import ArgumentParser
import Control
import Foundation
import Records

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate the working tree's controlled documents and configuration.",
        discussion: """
            Exit status: 0 when clean, 1 when there are findings, 2 on usage or configuration errors.
            """)

    @OptionGroup var repository: RepositoryOptions

    @Option(help: "Output format: text, json, github (workflow annotations) or sarif.")
    var format: OutputFormat = .text

    func run() throws {
        let tree = WorkingTree(root: repository.url)
        let snapshot: Snapshot
        do {
            snapshot = try SnapshotReader.read(from: tree)
        } catch {
            throw fail(error)
        }
        let findings = StaticChecks.run(snapshot, source: tree)
        switch format {
        case .text: print(FindingReport.text(findings, subject: "stet check"), terminator: "")
        case .json: print(FindingReport.json(findings), terminator: "")
        case .github: print(FindingReport.github(findings), terminator: "")
        case .sarif: print(FindingReport.sarif(findings, toolVersion: Stet.version), terminator: "")
        }
        if findings.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    }
}
