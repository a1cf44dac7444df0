import Control
import Foundation
import Records
import Repository
import Signatures
import Training

/// The integration feed for LMS and ERP systems (`api/events.json`): release, configuration,
/// obligation-assigned and completion-recorded events in walk order, each with a stable id (the SHA-256 of its
/// content), a sequence number and, for releases, the document blob's SHA-256. A build carries forward the
/// feed of the portal it replaces and only appends, so a consumer can poll, deduplicate by id and resume
/// after the last sequence number it saw.
public struct EventFeed: Codable, Sendable {
    public static let schema = "stet-events/1"

    public struct Event: Codable, Hashable, Sendable {
        public var sequence: Int
        public var id: String
        /// `release`, `configuration`, `obligation-assigned` or `completion-recorded`.
        public var type: String
        /// RFC 3339: the release's effective time, the configuration's release time, the assignment date, or
        /// the time the completion was recorded.
        public var at: String
        public var commit: String?
        public var document: String?
        public var revision: Int?
        public var person: String?
        /// The git blob id of the released document.
        public var blob: String?
        /// SHA-256 of the released document's bytes.
        public var blobSHA256: String?
        public var due: String?
        public var completed: String?
        public var method: String?
        public var trainer: String?
        public var recorder: String?
        public var source: String?

        enum CodingKeys: String, CodingKey {
            case sequence, id, type, at, commit, document, revision, person, blob, blobSHA256, due, completed, method, trainer, recorder,
                source
        }

        /// Every key is written (`null` when it does not apply), so the shape never varies.
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(sequence, forKey: .sequence)
            try container.encode(id, forKey: .id)
            try container.encode(type, forKey: .type)
            try container.encode(at, forKey: .at)
            try container.encode(commit, forKey: .commit)
            try container.encode(document, forKey: .document)
            try container.encode(revision, forKey: .revision)
            try container.encode(person, forKey: .person)
            try container.encode(blob, forKey: .blob)
            try container.encode(blobSHA256, forKey: .blobSHA256)
            try container.encode(due, forKey: .due)
            try container.encode(completed, forKey: .completed)
            try container.encode(method, forKey: .method)
            try container.encode(trainer, forKey: .trainer)
            try container.encode(recorder, forKey: .recorder)
            try container.encode(source, forKey: .source)
        }

        /// The content the id is the hash of: everything but the sequence number and the id itself.
        var content: String {
            [
                type, at, commit ?? "", document ?? "", revision.map(String.init) ?? "", person ?? "", blob ?? "", blobSHA256 ?? "",
                due ?? "", completed ?? "", method ?? "", trainer ?? "", recorder ?? "", source ?? "",
            ].joined(separator: "\u{1F}")
        }
    }

    public var schema: String
    public var events: [Event]

    /// The feed of `record` and `training`, appended to `previous` (the feed of the portal being replaced):
    /// events already published keep their place and sequence; new ones follow in walk order.
    public static func make(record: ReleaseRecord, training: TrainingReport, repository: GitRepository, previous: EventFeed?) throws
        -> EventFeed
    {
        let position = Dictionary(record.signatures.enumerated().map { ($1.commit, $0) }, uniquingKeysWith: min)
        var pending: [(order: [Int], key: String, event: Event)] = []
        func add(_ event: Event, at commit: ObjectID?, rank: Int, time: Int64) {
            var event = event
            event.id = "sha256:" + Formatting.hex(Digest.hash(Array(event.content.utf8), using: .sha256))
            pending.append(([commit.flatMap { position[$0] } ?? Int.max, Int(clamping: time), rank], event.id, event))
        }
        func blank(_ type: String, _ at: Int64) -> Event {
            Event(sequence: 0, id: "", type: type, at: RecordReport.timestamp(at))
        }
        for configuration in record.configurations {
            var event = blank("configuration", configuration.at)
            event.commit = configuration.commit.hex
            event.revision = configuration.revision
            add(event, at: configuration.commit, rank: 0, time: configuration.at)
        }
        for document in record.sortedDocuments {
            for release in document.releases {
                var event = blank("release", release.effectiveAt)
                event.commit = release.commit.hex
                event.document = release.document.rawValue
                event.revision = release.revision.number
                event.blob = release.blob.hex
                event.blobSHA256 = Formatting.hex(
                    Digest.hash(try repository.blob(release.blob, maximumBytes: Document.maximumBytes), using: .sha256))
                add(event, at: release.commit, rank: 1, time: release.effectiveAt)
            }
        }
        for obligation in training.obligations {
            let at = Int64(obligation.assigned.daysSinceEpoch) * 86_400
            var event = blank("obligation-assigned", at)
            event.commit = obligation.origin?.hex
            event.document = obligation.document.rawValue
            event.revision = obligation.revision
            event.person = obligation.person.rawValue
            event.due = obligation.due.description
            add(event, at: obligation.origin, rank: 2, time: at)
            if let evidence = obligation.evidence, obligation.status == .completed {
                var done = blank("completion-recorded", evidence.recordedAt)
                done.commit = evidence.recordedIn?.hex
                done.document = obligation.document.rawValue
                done.revision = evidence.revision
                done.person = obligation.person.rawValue
                done.completed = evidence.completed.description
                done.method = evidence.method
                done.trainer = evidence.trainer?.rawValue
                done.recorder = evidence.recorder?.rawValue
                done.source = evidence.source.description
                add(done, at: evidence.recordedIn, rank: 3, time: evidence.recordedAt)
            }
        }
        pending.sort { ($0.order.lexicographicallyPrecedes($1.order)) || ($0.order == $1.order && $0.key < $1.key) }
        var events = previous?.schema == schema ? previous?.events ?? [] : []
        var seen = Set(events.map(\.id))
        for (_, _, event) in pending where seen.insert(event.id).inserted {
            var event = event
            event.sequence = events.count + 1
            events.append(event)
        }
        return EventFeed(schema: schema, events: events)
    }
}
