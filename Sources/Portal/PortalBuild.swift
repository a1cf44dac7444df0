import Control
import Foundation
import Records
import Repository
import Training

/// The record portal's build after the replay, as named steps (compute training, render pages, publish), shared
/// by `stet build` and `stet demo`: each step is announced before it runs, and an error says which step failed.
public struct PortalBuild {
    public enum Step: String, Sendable {
        case training = "compute training"
        case render = "render pages"
        case publish = "publish"
    }

    /// A step that failed, with its cause. A publishing failure is a `PublishError` (the output folder could not be
    /// replaced); any other failure leaves the previous portal untouched.
    public struct StepError: Error, CustomStringConvertible {
        public var step: Step
        public var underlying: Error
        public var description: String { "\(step.rawValue): \(underlying)" }
    }

    /// What was published.
    public struct Summary {
        public var pages: Int
        public var training: TrainingReport
    }

    public var record: ReleaseRecord
    public var repository: GitRepository
    public var theme: Theme
    public var asOf: CalendarDate
    /// The time new releases are recorded at in the ledger.
    public var now: Int64
    public var previousLedger: Ledger?
    public var previousEvents: EventFeed?
    public var stetVersion: String
    public var threads = Parallel.defaultThreads

    public init(
        record: ReleaseRecord, repository: GitRepository, theme: Theme, asOf: CalendarDate, now: Int64, previousLedger: Ledger?,
        previousEvents: EventFeed? = nil, stetVersion: String
    ) {
        self.record = record
        self.repository = repository
        self.theme = theme
        self.asOf = asOf
        self.now = now
        self.previousLedger = previousLedger
        self.previousEvents = previousEvents
        self.stetVersion = stetVersion
    }

    /// Runs the steps into `output`. `step` is told each step as it starts, `progress` (done, total) as documents render.
    public func run(
        into output: URL, step: (Step) -> Void = { _ in }, progress: ((Int, Int) -> Void)? = nil,
        trained: (TrainingReport) -> Void = { _ in }
    ) throws -> Summary {
        step(.training)
        let training: TrainingReport
        do {
            training = try TrainingReport.make(record: record, repository: repository, asOf: asOf)
        } catch {
            throw StepError(step: .training, underlying: error)
        }
        trained(training)
        step(.render)
        var site = RecordSite(
            record: record, repository: repository, theme: theme, asOf: asOf, now: now, previousLedger: previousLedger,
            stetVersion: stetVersion, training: training)
        site.previousEvents = previousEvents
        var pages = 0
        do {
            // Pages are written beside the output folder as they are rendered; the folder is swapped in at the end.
            try Publisher.publish(to: output) { write in
                do {
                    try site.render(threads: threads, progress: progress) { path, data in
                        if path.hasSuffix(".html") { pages += 1 }
                        try write(path, data)
                    }
                } catch let error as PublishError {
                    throw error
                } catch {
                    throw StepError(step: .render, underlying: error)
                }
                step(.publish)
            }
        } catch let error as StepError {
            throw error
        } catch {
            throw StepError(step: .publish, underlying: error)
        }
        return Summary(pages: pages, training: training)
    }
}
