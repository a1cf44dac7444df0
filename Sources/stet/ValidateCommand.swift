import ArgumentParser
import Control
import Foundation
import Records
import Validation

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Installation, operational and configuration qualification of this binary and this repository's configuration.",
        discussion: """
            Offline, in a scratch folder: records this binary's version, build id, SHA-256, platform and linked libraries \
            (IQ); generates signed repositories with stet's own signing code and checks each scenario's outcome (OQ); \
            checks stet.yaml against validation/expectations.yaml and re-runs the approval scenarios under this \
            repository's own configuration (CQ). Writes validation-report.html and validation-report.json to --out; exits 1 \
            when any requirement, scenario or rule fails.
            """)

    @OptionGroup var repository: RepositoryOptions

    @Option(help: ArgumentHelp("Where to write validation-report.html and validation-report.json.", valueName: "dir"))
    var out: String = "validation-report"

    @Option(help: "Output format: text or json (the JSON report on standard output).")
    var format: OutputFormat = .text

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard format == .text || format == .json else { throw ValidationError("--format for validate is text or json") }
    }

    func run() throws {
        let progress = Progress(steps: 2, output: output, silent: format == .json)
        progress.step("qualify the installation, the configuration and the scenarios")
        let report: ValidationReport
        do {
            report = try Validator.run(repository: repository.url, version: Stet.version, now: Date()) { progress.advance($0, of: $1) }
        } catch {
            throw fail(error)
        }
        progress.step("write the report")
        let folder = URL(fileURLWithPath: out, isDirectory: true).standardizedFileURL
        let json = try Validator.json(report)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(ReportPage.html(report).utf8).write(to: folder.appendingPathComponent("validation-report.html"), options: .atomic)
            try json.write(to: folder.appendingPathComponent("validation-report.json"), options: .atomic)
        } catch {
            printError("stet validate: cannot write the report to \(folder.path): \(error.localizedDescription)")
            throw ExitCode(2)
        }
        progress.finish()
        if format == .json {
            FileHandle.standardOutput.write(json)
        } else {
            let s = report.summary
            print(
                "stet validate: \(report.passed ? "PASSED" : "FAILED") — \(counted(s.requirements, "requirement")) (\(s.requirementsPassed) passed by scenarios, \(s.requirementsTested) tested, \(s.requirementsNotVerified) not verified, \(s.requirementsFailed) failed), \(counted(s.scenarios, "scenario")) (\(s.scenariosFailed) failed), \(counted(s.configurationChecks, "configuration rule")) (\(s.configurationChecksFailed) drifted), \(counted(s.testsTraced, "test")) traced"
            )
            for failure in report.failures { print("  failed: \(failure)") }
            print("Report: \(folder.appendingPathComponent("validation-report.html").path)")
            print("        \(folder.appendingPathComponent("validation-report.json").path)")
        }
        if !report.passed { throw ExitCode(1) }
    }
}
