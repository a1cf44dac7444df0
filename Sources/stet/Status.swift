import ArgumentParser
import Control
import Foundation
import Records
import Repository
import Training

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show each document's effective and pending revision, and which approvals are present and missing.")

    @OptionGroup var repository: RepositoryOptions

    @OptionGroup var branch: BranchOption

    @Argument(help: "A document id (all documents when omitted).")
    var id: String?

    @Option(help: ArgumentHelp("The date to judge effectiveness on (YYYY-MM-DD); default today.", valueName: "date"))
    var asOf: String?

    @Option(help: "Output format: text or json.")
    var format: PlainFormat = .text

    func validate() throws {
        if let id, DocumentID(id) == nil { throw ValidationError("'\(id)' is not a document id (like SOP-QA-001)") }
        if let asOf, CalendarDate(asOf) == nil { throw ValidationError("--as-of '\(asOf)' is not a real date written YYYY-MM-DD") }
    }

    func run() throws {
        guard let git = try openRepository(repository, format: format.findings) else { return }
        let record = try buildRecord(git, branch: branch)
        let date = asOf.flatMap(CalendarDate.init) ?? CalendarDate.today()
        var statuses = DocumentStatus.all(in: record, asOf: date)
        if let id {
            statuses = statuses.filter { $0.id.rawValue == id }
            guard !statuses.isEmpty else {
                printError(
                    "stet status: \(id) is not a document on the release branch (no revision of it has reached \(record.configuration.configuration.releaseBranch))"
                )
                throw ExitCode(1)
            }
        }
        switch format {
        case .json:
            print(FindingReport.encodeJSON(StatusReport(statuses, people: record.configuration)), terminator: "")
        default:
            let training = try? TrainingReport.make(record: record, repository: git, asOf: date)
            print(
                statuses.map { status in
                    var text = StatusText.describe(status, records: record.configuration)
                    if let release = status.inForce, let impact = training?.impact(of: release, people: record.configuration.people) {
                        text += "  training: \(impact)\n"
                    }
                    return text
                }.joined(separator: "\n"), terminator: "")
        }
    }
}
