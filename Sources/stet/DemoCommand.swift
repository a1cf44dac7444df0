import ArgumentParser
import Control
import Demo
import Foundation
import Portal
import Records
import Repository
import Training

struct DemoCommand: ParsableCommand {
    /// How the person who ran this can run stet again: `stet` when it was found on the PATH,
    /// `swift run stet` when it was built in the current folder's package, else its path.
    static var invocation: String {
        let executable = CommandLine.arguments[0]
        guard executable.contains("/") else { return executable }
        let absolute = URL(fileURLWithPath: executable).standardizedFileURL.path
        let current = FileManager.default.currentDirectoryPath
        guard absolute.hasPrefix(current + "/") else { return absolute }
        let relative = String(absolute.dropFirst(current.count + 1))
        return relative.hasPrefix(".build") ? "swift run stet" : relative
    }

    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Make a signed example repository from the bundled QMS and build its portal.",
        discussion: """
            Reads the example (stet.yaml, roles/, controlled-docs/) from -C (default: the current folder, the stet \
            checkout), creates DIR (default: stet-demo) with fourteen months of signed history — keys generated for this \
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
        let portal = target.appendingPathComponent("portal")
        let build = PortalBuild(
            record: result.record, repository: git, theme: try Theme.load(overridesFrom: nil), asOf: asOf, now: now,
            previousLedger: nil, stetVersion: Stet.version)
        let training = try build.run(
            into: portal, step: { if $0 == .render { progress.step("build the portal") } }, progress: { progress.advance($0, of: $1) }
        ).training
        progress.finish()
        let statuses = DocumentStatus.all(in: result.record, asOf: asOf)
        let effective = statuses.filter { $0.state == .effective }.count
        let retired = statuses.filter { $0.state == .obsolete }.count
        let overdue = training.obligations.filter { $0.status == .overdue }.count
        let waiting = result.pendingBranch.map { ", a change awaiting QA approval on branch \($0)" } ?? ""
        print(
            "Repository: \(target.path) — fourteen months of signed history: \(effective) effective documents, \(retired) retired\(waiting), \(overdue) training obligations overdue."
        )
        print("Portal:     \(portal.appendingPathComponent("index.html").path)")
        let stet = Self.invocation
        print("Try:        \(stet) status -C \(directory)  ·  \(stet) verify -C \(directory)  ·  open the portal in a browser")
    }
}
