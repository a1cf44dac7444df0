import ArgumentParser
import Control
import Foundation
import Portal
import Records
import Repository
import Signatures
import Training

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render the document portal as a static site.",
        discussion: """
            Until release history is read, the portal renders the working tree and marks every page \
            "DRAFT — not released". The output folder is replaced whole, and only when the build \
            succeeds; a folder that stet did not make is never replaced.
            Exit status: 0 when built, 1 when findings block the build (nothing is written), 2 on usage or configuration errors.
            """)

    @OptionGroup var repository: RepositoryOptions

    @OptionGroup var branch: BranchOption

    @Option(help: ArgumentHelp("Where to write the portal (relative to the current folder).", valueName: "dir"))
    var out: String?

    @Option(
        help: ArgumentHelp(
            "A published ledger.json (default: the one in --out): its releases keep their recorded times and are spared by later revocations.",
            valueName: "file"))
    var ledger: String?

    @Option(help: ArgumentHelp("The date the portal is built for (YYYY-MM-DD); default: today, or SOURCE_DATE_EPOCH.", valueName: "date"))
    var asOf: String?

    @Option(help: "Output format: text or json.")
    var format: PlainFormat = .text

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let asOf, CalendarDate(asOf) == nil {
            throw ValidationError("--as-of '\(asOf)' is not a real date written YYYY-MM-DD")
        }
    }

    @Flag(help: "Render the working tree instead of the released record, every page marked DRAFT (a preview for authors).")
    var draft = false

    func run() throws {
        let outputURL = out.map { URL(fileURLWithPath: $0).standardizedFileURL } ?? repository.url.appendingPathComponent("portal")
        if draft {
            try runDraft(outputURL)
        } else {
            try runRecord(outputURL)
        }
    }

    /// The portal of the released record (PRODUCT.md §9).
    private func runRecord(_ outputURL: URL) throws {
        let progress = Progress(steps: 5, output: output, silent: format == .json)
        progress.step("open repository")
        let git: GitRepository
        do {
            git = try GitRepository(at: repository.url)
        } catch {
            printError(
                "stet build: \(repository.directory) is not a git repository (\(error.message)); the portal is rendered from the signed history — use --draft to preview the working tree"
            )
            throw ExitCode(2)
        }
        if git.isShallow {
            printError(
                "stet build: this is a shallow clone; the record needs the full history (git fetch --unshallow, or fetch-depth: 0 in CI) [shallow-clone]"
            )
            throw ExitCode(1)
        }
        progress.step("replay release history and verify signatures")
        // The ledger of the portal this build replaces (or --ledger) spares the releases it lists from later
        // revocations (§7.9), and keeps their first-recorded times.
        var previousLedger = (try? Data(contentsOf: outputURL.appendingPathComponent("ledger.json")))
            .flatMap { try? JSONDecoder().decode(Ledger.self, from: $0) }
        if let ledger {
            do {
                previousLedger = try JSONDecoder().decode(Ledger.self, from: try Data(contentsOf: URL(fileURLWithPath: ledger)))
            } catch {
                printError("stet build: --ledger \(ledger) cannot be read as a stet ledger: \(error.localizedDescription)")
                throw ExitCode(2)
            }
        }
        let record = try buildRecord(git, branch: branch, ledger: previousLedger) { progress.advance($0, of: $1) }
        progress.detail(
            "\(counted(record.signatures.count, "commit")), \(counted(record.documents.values.reduce(0) { $0 + $1.releases.count }, "release")) of \(counted(record.documents.count, "document")), \(counted(record.findings.count, "finding"))"
        )
        let environment = ProcessInfo.processInfo.environment
        let asOfDate = asOf.flatMap(CalendarDate.init) ?? CalendarDate.today()
        let now: Int64 =
            environment["SOURCE_DATE_EPOCH"].flatMap(Int64.init)
            ?? asOf.flatMap(CalendarDate.init).map { Int64($0.daysSinceEpoch) * 86_400 }
            ?? Int64(Date().timeIntervalSince1970)
        let build: PortalBuild
        do {
            // The templates decide how signatures are shown, so they come from the released
            // configuration's commit, never from the working tree (an untracked or unapproved
            // template must not reach the record portal).
            let configCommit = record.configurations.last?.commit ?? record.rootOfTrust
            let theme = try Theme.load(
                overridesFrom: CommitTree(repository: git, tree: try git.commit(configCommit).tree, label: "commit \(configCommit.short)"))
            // Like the ledger, the events feed only grows: the published one is carried forward.
            let previousEvents = (try? Data(contentsOf: outputURL.appendingPathComponent("api/events.json")))
                .flatMap { try? JSONDecoder().decode(EventFeed.self, from: $0) }
            build = PortalBuild(
                record: record, repository: git, theme: theme, asOf: asOfDate, now: now, previousLedger: previousLedger,
                previousEvents: previousEvents, stetVersion: Stet.version)
        } catch {
            progress.finish()
            throw renderFailed(error)
        }
        let pages: Int
        do {
            pages = try build.run(
                into: outputURL,
                step: { step in progress.step(step == .publish ? "publish \(outputURL.path)" : step.rawValue) },
                progress: { progress.advance($0, of: $1) },
                trained: { progress.detail("\(counted($0.obligations.count, "obligation")) as of \(asOfDate)") }
            ).pages
        } catch let error as PortalBuild.StepError where error.step == .publish {
            progress.finish()
            printError("stet build: publish: \(error.underlying)")
            throw ExitCode(2)
        } catch let error as PortalBuild.StepError {
            progress.finish()
            printError("stet build: \(error)")
            printError("stet build: nothing was written; the previous portal is untouched.")
            throw ExitCode(1)
        }
        progress.finish()
        if format == .json {
            printSummary(out: outputURL, pages: pages, findings: record.findings)
        } else if !output.quiet {
            print(
                "Portal written to \(outputURL.path) (\(pages) pages, \(record.documents.count) documents). Open \(outputURL.appendingPathComponent("index.html").path)"
            )
            if !record.findings.isEmpty {
                print(
                    "The record has \(record.findings.count) finding\(record.findings.count == 1 ? "" : "s"); the portal shows them on each document's history page. `stet verify` lists them."
                )
            }
        }
    }

    /// The working tree, marked DRAFT.
    private func runDraft(_ outputURL: URL) throws {
        let progress = Progress(steps: 4, output: output, silent: format == .json)

        progress.step("read working tree")
        let tree = WorkingTree(root: repository.url)
        let snapshot: Snapshot
        do {
            snapshot = try SnapshotReader.read(from: tree)
        } catch {
            throw fail(error)
        }
        let commit = (try? GitRepository(at: repository.url))?.headCommitID()

        progress.step("check documents")
        let findings = StaticChecks.run(snapshot, source: tree)
        let blocking = findings.filter { $0.severity == .error }
        progress.detail("\(counted(snapshot.documents.count, "document")), \(counted(findings.count, "finding"))")
        if !blocking.isEmpty {
            progress.finish()
            if format == .json {
                print(FindingReport.json(findings), terminator: "")
            } else {
                printError(Terminal.colourFindings(FindingReport.text(findings, subject: "stet build"), descriptor: STDERR_FILENO))
                printError("stet build: nothing was written; fix the findings above (`stet check` lists them) and build again.")
            }
            throw ExitCode(1)
        }

        progress.step("render pages")
        let files: [String: Data]
        do {
            let theme = try Theme.load(overridesFrom: tree)
            let asOfDate = asOf.flatMap(CalendarDate.init)
            files = try DraftSite.render(
                SiteInput(snapshot: snapshot, sourceCommit: commit, asOf: asOfDate, stetVersion: Stet.version, source: tree), theme: theme)
        } catch {
            throw renderFailed(error)
        }

        progress.step("publish \(outputURL.path)")
        try publish(files, to: outputURL)
        progress.finish()
        let pages = files.keys.filter { $0.hasSuffix(".html") }.count
        if format == .json {
            printSummary(out: outputURL, pages: pages, findings: findings)
        } else if !output.quiet {
            print("Draft portal written to \(outputURL.path) (\(pages) pages). Open \(outputURL.appendingPathComponent("index.html").path)")
        }
    }
}

extension Build {
    func publish(_ files: [String: Data], to outputURL: URL) throws {
        do {
            try Publisher.publish(files, to: outputURL)
        } catch {
            printError("stet build: publish: \(error)")
            throw ExitCode(2)
        }
    }

    func renderFailed(_ error: Error) -> ExitCode {
        printError("stet build: render pages: \(error)")
        printError("stet build: nothing was written; the previous portal is untouched.")
        return ExitCode(1)
    }

    /// The `--format json` summary of a build.
    func printSummary(out: URL, pages: Int, findings: [Finding]) {
        struct Summary: Encodable {
            var ok: Bool
            var out: String
            var pages: Int
            var findings: [Finding]
        }
        print(FindingReport.encodeJSON(Summary(ok: true, out: out.path, pages: pages, findings: findings)), terminator: "")
    }
}
