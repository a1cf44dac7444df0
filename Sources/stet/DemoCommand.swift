import ArgumentParser
import Control
import Demo
import Foundation
import Portal
import Records
import Repository
import Training

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Make a signed example repository from the bundled QMS and build its portal.",
        discussion: """
            Reads the example (stet.yaml, roles/, controlled-docs/) from -C (default: the current folder, the stet \
            checkout), creates DIR (default: stet-demo) with a year of signed history — keys generated for this \
            run only, nothing of your own git or ssh set-up is used — and builds DIR/portal.
            """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "Where to create the example repository.")
    var directory: String = "stet-demo"

    @OptionGroup var output: OutputOptions

    func run() throws {
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        let now = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(Int64.init) ?? Int64(Date().timeIntervalSince1970)
        let progress = Progress(steps: 3, output: output)
        progress.step("create the signed history in \(target.path)")
        let result: Demo.Result
        do {
            result = try Demo.make(from: repository.url, into: target, now: now)
        } catch let error as Demo.DemoError {
            printError("stet demo: \(error.description)")
            throw ExitCode(2)
        }
        progress.step("replay the record and compute training")
        let git = try GitRepository(at: target)
        let asOf = CalendarDate(utcSeconds: now)
        let training = try TrainingReport.make(record: result.record, repository: git, asOf: asOf)
        progress.step("build the portal")
        let portal = target.appendingPathComponent("portal")
        let theme = try Theme.load(overridesFrom: nil)
        let files = try RecordSite(
            record: result.record, repository: git, theme: theme, asOf: asOf, now: now, previousLedger: nil, stetVersion: Stet.version,
            training: training
        ).render { progress.advance($0, of: $1) }
        try Publisher.publish(files, to: portal)
        progress.finish()
        let statuses = DocumentStatus.all(in: result.record, asOf: asOf)
        let effective = statuses.filter { $0.state == .effective }.count
        let overdue = training.obligations.filter { $0.status == .overdue }.count
        print(
            "Repository: \(target.path) — \(result.record.signatures.count) signed commits, \(effective) effective documents, \(statuses.filter { $0.pending != nil }.count) pending, \(overdue) training obligations overdue."
        )
        print("Portal:     \(portal.appendingPathComponent("index.html").path)")
        print("Try:        stet status -C \(directory) · stet verify -C \(directory) · stet training -C \(directory) --format text")
    }
}
