import ArgumentParser
import Control
import Foundation
import Records
import Repository
import Training

struct TrainingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "training",
        abstract: "Training obligations and their status as of a date.",
        discussion: """
            Obligations follow the released record: each released revision that requires training obliges the \
            active holders of its training roles; completions come from training/records/*.csv rows added by validly signed commits \
            and from `Trained: ID rev N` trailers on commits signed by the trainee; each counts from the day it reached \
            the release branch, so --as-of shows what was on record that day. \
            Status: open, overdue, completed (late when after the due date), superseded, cancelled. \
            Exit status: 0, or 1 when the training records have findings, 2 on usage or configuration errors.
            """)

    @OptionGroup var repository: RepositoryOptions

    @OptionGroup var branch: BranchOption

    @Option(help: ArgumentHelp("Only this person's obligations.", valueName: "person"))
    var person: String?

    @Option(help: ArgumentHelp("Only obligations of people holding this role.", valueName: "role"))
    var role: String?

    @Option(help: ArgumentHelp("Only obligations on this document.", valueName: "id"))
    var document: String?

    @Option(help: ArgumentHelp("The date to judge status on (YYYY-MM-DD); default today.", valueName: "date"))
    var asOf: String?

    @Option(help: "Output format: text, json or csv.")
    var format: String = "text"

    func validate() throws {
        if let person, PersonID(person) == nil { throw ValidationError("'\(person)' is not a person id") }
        if let role, RoleID(role) == nil { throw ValidationError("'\(role)' is not a role id") }
        if let document, DocumentID(document) == nil { throw ValidationError("'\(document)' is not a document id") }
        if let asOf, CalendarDate(asOf) == nil { throw ValidationError("--as-of '\(asOf)' is not a real date written YYYY-MM-DD") }
        guard ["text", "json", "csv"].contains(format) else { throw ValidationError("--format for training is text, json or csv") }
    }

    func run() throws {
        guard let git = try openRepository(repository) else { return }
        let record = try buildRecord(git, branch: branch)
        let date = asOf.flatMap(CalendarDate.init) ?? CalendarDate.today()
        var report = try TrainingReport.make(record: record, repository: git, asOf: date)
        let people = record.configuration.people
        if let person, people[PersonID(person)!] == nil {
            printError("stet training: \(person) is not a person in roles/people.yaml on the release branch")
            throw ExitCode(1)
        }
        if let role, record.configuration.roles[RoleID(role)!] == nil {
            printError("stet training: \(role) is not a role in roles/roles.yaml on the release branch")
            throw ExitCode(1)
        }
        if let person { report.obligations = report.obligations.filter { $0.person.rawValue == person } }
        if let document { report.obligations = report.obligations.filter { $0.document.rawValue == document } }
        if let role, let roleID = RoleID(role) {
            report.obligations = report.obligations.filter { people[$0.person]?.holds(roleID) == true }
        }
        switch format {
        case "json": print(report.json(), terminator: "")
        case "csv": print(report.csv(), terminator: "")
        default:
            for obligation in report.obligations {
                let name = people[obligation.person]?.name ?? obligation.person.rawValue
                var line =
                    "\(name) (\(obligation.person)) — \(obligation.document) revision \(obligation.revision): \(obligation.status.rawValue)"
                switch obligation.status {
                case .completed:
                    line += " on \(obligation.completed!)\(obligation.late ? " (late; due \(obligation.due))" : "")"
                    if let evidence = obligation.evidence { line += " — " + TrainingReport.evidenceText(evidence) }
                case .open: line += ", due \(obligation.due)"
                case .overdue: line += " since \(obligation.due)"
                case .superseded, .cancelled: line += " — \(obligation.reason)"
                }
                print(line)
            }
            let counts = Dictionary(grouping: report.obligations, by: \.status).mapValues(\.count)
            let summary = [Obligation.Status.overdue, .open, .completed, .superseded, .cancelled].compactMap { status in
                counts[status].map { "\($0) \(status.rawValue)" }
            }
            print(
                "stet training: \(counted(report.obligations.count, "obligation")) as of \(date)\(summary.isEmpty ? "" : ": " + summary.joined(separator: ", "))."
            )
            if !report.findings.isEmpty { printError(FindingReport.text(report.findings, subject: "training records")) }
        }
        if report.findings.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    }
}
