import Control
import Foundation
import Records
import Repository

/// Someone's duty to be trained on a revision (PRODUCT.md §8).
public struct Obligation: Hashable, Sendable {
    public enum Status: String, Sendable, Codable {
        case open, overdue, completed, superseded, cancelled
    }

    public var person: PersonID
    public var document: DocumentID
    public var revision: Int
    public var assigned: CalendarDate
    public var due: CalendarDate
    public var status: Status
    public var completed: CalendarDate?
    /// Completed after the due date.
    public var late: Bool
    /// Why the obligation arose, or why it ended (superseded, cancelled).
    public var reason: String
    /// The roles that oblige the person (of the revision's `training.roles`).
    public var roles: [RoleID]
    /// When a superseded or cancelled obligation ended.
    public var ended: CalendarDate?
    /// The completion that fulfils it, with its evidence (method, trainer, recorder, source, recorded time).
    public var evidence: Completion? = nil
    /// The release or configuration commit that assigned it (nil for recurrent training, assigned by the calendar).
    public var origin: ObjectID? = nil
}

/// Obligations as a pure function of the record (releases and configuration history), the
/// completions and a date (PRODUCT.md §8.1–§8.4). Same inputs, same obligations, same order.
public enum TrainingEngine {
    public static func obligations(record: ReleaseRecord, completions: [Completion], asOf: CalendarDate) -> [Obligation] {
        let endOfDay = Int64(asOf.adding(days: 1).daysSinceEpoch) * 86_400

        enum Event {
            case configuration(ConfigurationRelease)
            case release(Release)
        }
        // Events up to the date, in time order; a configuration released at the same moment comes first.
        var events: [(at: Int64, order: Int, key: String, event: Event)] = []
        for configuration in record.configurations where configuration.at < endOfDay {
            events.append((configuration.at, 0, String(configuration.revision), .configuration(configuration)))
        }
        // A release's time is its effective date, which rests on the signers' claimed times; so
        // that a backdated approval cannot reorder history, a revision never takes effect before
        // the revision it follows.
        for document in record.documents.values {
            var previous = Int64.min
            for release in document.releases {
                let at = max(release.effectiveAt, previous)
                previous = at
                guard at < endOfDay else { break }
                events.append((at, 1, "\(release.document.rawValue) \(release.revision.number)", .release(release)))
            }
        }
        events.sort { ($0.at, $0.order, $0.key) < ($1.at, $1.order, $1.key) }

        // The configuration a release is judged under: the one in force at its release commit in
        // the history (not by date: claimed times may precede the configuration's own commit).
        let position = Dictionary(record.signatures.enumerated().map { ($1.commit, $0) }, uniquingKeysWith: min)
        let configurationsInOrder = record.configurations.sorted {
            (position[$0.commit] ?? Int.max) < (position[$1.commit] ?? Int.max)
        }
        // Each configuration's position in the history, for a binary search by a release's position.
        let configurationPositions = configurationsInOrder.map { position[$0.commit] ?? Int.max }
        func configurationInForce(at commit: ObjectID) -> (RecordSet, [Person])? {
            func pair(_ release: ConfigurationRelease?) -> (RecordSet, [Person])? {
                release.map { ($0.records, activePeople[$0.commit] ?? $0.records.sortedPeople.filter(\.active)) }
            }
            guard let index = position[commit] else { return pair(configurationsInOrder.last) }
            // The last configuration at or before `index` (positions are sorted ascending).
            var low = 0
            var high = configurationPositions.count
            while low < high {
                let middle = (low + high) / 2
                if configurationPositions[middle] <= index { low = middle + 1 } else { high = middle }
            }
            return pair(low > 0 ? configurationsInOrder[low - 1] : configurationsInOrder.first)
        }

        // The active people of each configuration, in id order, sorted once rather than at every release.
        var activePeople: [ObjectID: [Person]] = [:]
        for release in record.configurations where activePeople[release.commit] == nil {
            activePeople[release.commit] = release.records.sortedPeople.filter(\.active)
        }
        var configuration: RecordSet? = nil
        var effective: [DocumentID: Release] = [:]
        var open: [DocumentID: [PersonID: Obligation]] = [:]
        var closed: [Obligation] = []
        let releases = record.documents.mapValues(\.releases)

        func dueDays(_ release: Release, _ config: RecordSet) -> Int {
            release.frontMatter.training?.dueDays ?? config.configuration.types[release.frontMatter.type]?.trainingDueDays ?? 30
        }
        // The roles that oblige a person on a revision: none when they work at a site it does not apply to.
        func obligingRoles(_ person: Person, _ release: Release) -> [RoleID] {
            guard release.frontMatter.applies(at: person.site) else { return [] }
            return (release.frontMatter.training?.roles ?? []).filter { person.holds($0) }
        }
        func oblige(_ person: Person, _ release: Release, at time: Int64, reason: String, config: RecordSet, origin: ObjectID) {
            let assigned = CalendarDate(utcSeconds: time)
            open[release.document, default: [:]][person.id] = Obligation(
                person: person.id, document: release.document, revision: release.revision.number, assigned: assigned,
                due: assigned.adding(days: dueDays(release, config)), status: .open, completed: nil, late: false, reason: reason,
                roles: obligingRoles(person, release), ended: nil, origin: origin)
        }
        func close(_ document: DocumentID, _ person: PersonID, _ status: Obligation.Status, _ reason: String, at time: Int64) {
            guard var obligation = open[document]?.removeValue(forKey: person) else { return }
            obligation.status = status
            obligation.reason = reason
            obligation.ended = CalendarDate(utcSeconds: time)
            closed.append(obligation)
        }

        for (at, _, _, event) in events {
            switch event {
            case .configuration(let release):
                let previous = configuration
                configuration = release.records
                guard let previous else { continue }
                let when = CalendarDate(utcSeconds: at)
                // Leaving or losing the role cancels open obligations.
                for documentID in open.keys.sorted() {
                    for (personID, obligation) in (open[documentID] ?? [:]).sorted(by: { $0.key < $1.key }) {
                        guard let person = release.records.people[personID], person.active else {
                            close(
                                documentID, personID, .cancelled, "\(obligation.person) left (active: false or removed) on \(when)", at: at)
                            continue
                        }
                        if let current = effective[documentID], obligingRoles(person, current).isEmpty {
                            let why =
                                current.frontMatter.applies(at: person.site)
                                ? "no longer holds a role trained on \(documentID)"
                                : "moved to \(person.site.map { release.records.configuration.siteName($0) } ?? "no site"), where \(documentID) does not apply"
                            close(
                                documentID, personID, .cancelled,
                                "\(person.name) \(why) (configuration revision \(release.revision), \(when))", at: at)
                        }
                    }
                }
                // Gaining a role obliges on the currently effective revision, assigned at this release.
                for person in release.records.sortedPeople where person.active {
                    for (documentID, current) in effective.sorted(by: { $0.key < $1.key }) where !current.isObsolete {
                        guard !obligingRoles(person, current).isEmpty, open[documentID]?[person.id] == nil else { continue }
                        let before = previous.people[person.id]
                        let hadRole = before.map { $0.active && !obligingRoles($0, current).isEmpty } ?? false
                        guard !hadRole, requiresTraining(current, in: releases[documentID] ?? []) else { continue }
                        let moved = before.map { $0.site != person.site && !current.frontMatter.applies(at: $0.site) } ?? false
                        let how =
                            moved
                            ? "moved to \(person.site.map { release.records.configuration.siteName($0) } ?? "no site"), where \(documentID) applies"
                            : "gained a role trained on \(documentID)"
                        oblige(
                            person, current, at: at, reason: "\(how) (configuration revision \(release.revision))", config: release.records,
                            origin: release.commit)
                    }
                }
            case .release(let release):
                guard let (config, people) = configurationInForce(at: release.commit) else { continue }
                let id = release.document
                effective[id] = release
                let holders = (open[id] ?? [:]).keys.sorted()
                if release.isObsolete {
                    for person in holders { close(id, person, .cancelled, "\(id) was retired by revision \(release.revision)", at: at) }
                    continue
                }
                guard let training = release.frontMatter.training, training.required else {
                    // An editorial revision: earlier completions and open obligations carry over.
                    continue
                }
                for person in holders { close(id, person, .superseded, "superseded by revision \(release.revision) of \(id)", at: at) }
                for person in people where !obligingRoles(person, release).isEmpty {
                    oblige(
                        person, release, at: release.effectiveAt, reason: "revision \(release.revision) released", config: config,
                        origin: release.commit)
                }
            }
        }

        // Completions: a completion counts for its revision and for later revisions reached only
        // through `required: false` ones; a completion before assignment counts; only what was
        // recorded on the release branch by the date counts, so history cannot be backfilled.
        var byPerson: [String: [Completion]] = [:]
        for completion in completions {
            byPerson["\(completion.person.rawValue) \(completion.document.rawValue)", default: []].append(completion)
        }
        var all = closed + open.values.flatMap(\.values)
        for index in all.indices {
            let obligation = all[index]
            let candidates = (byPerson["\(obligation.person.rawValue) \(obligation.document.rawValue)"] ?? []).filter {
                $0.completed <= asOf && $0.recorded <= asOf
                    && counts($0.revision, for: obligation.revision, in: releases[obligation.document] ?? [])
            }
            guard let first = candidates.min(by: { ($0.completed, $0.revision) < ($1.completed, $1.revision) }) else {
                if all[index].status == .open && obligation.due < asOf { all[index].status = .overdue }
                continue
            }
            // A superseded or cancelled obligation still shows as completed if training came before it ended.
            if obligation.status == .open || first.completed <= (obligation.ended ?? asOf) {
                all[index].status = .completed
                all[index].completed = first.completed
                all[index].evidence = first
                all[index].late = first.completed > obligation.due
            }
        }
        // Recurrent training (`retrain-months`): a completion of the obligation in force lapses that many
        // months later, and a new obligation on the same revision is assigned then; it is fulfilled by a
        // completion dated after the one that lapsed.
        for index in all.indices where all[index].status == .completed && all[index].ended == nil {
            guard let release = effective[all[index].document], !release.isObsolete, let configuration,
                let months = release.frontMatter.retrainMonths
                    ?? configuration.configuration.types[release.frontMatter.type]?.retrainMonths
            else { continue }
            let done = (byPerson["\(all[index].person.rawValue) \(all[index].document.rawValue)"] ?? []).filter {
                $0.completed <= asOf && $0.recorded <= asOf
                    && counts($0.revision, for: all[index].revision, in: releases[all[index].document] ?? [])
            }
            var previous = index
            while let last = all[previous].completed, last.adding(months: months) <= asOf {
                let lapse = last.adding(months: months)
                all[previous].ended = lapse
                var next = all[previous]
                next.assigned = lapse
                next.due = lapse.adding(days: dueDays(release, configuration))
                next.status = .open
                next.completed = nil
                next.late = false
                next.evidence = nil
                next.ended = nil
                next.origin = nil
                next.reason = "recurrent training: the completion of \(last) lapsed after \(months) months (retrain-months)"
                if let first = done.filter({ $0.completed > last }).min(by: { ($0.completed, $0.revision) < ($1.completed, $1.revision) }) {
                    next.status = .completed
                    next.completed = first.completed
                    next.evidence = first
                    next.late = first.completed > next.due
                } else if next.due < asOf {
                    next.status = .overdue
                }
                all.append(next)
                previous = all.count - 1
            }
        }
        // Sort positions, not the obligations themselves: an obligation is large, and moving it
        // (with its strings and evidence) was most of the time `stet verify` spent in training.
        let order = all.indices.sorted {
            let (a, b) = (all[$0], all[$1])
            if a.person != b.person { return a.person.rawValue < b.person.rawValue }
            if a.document != b.document { return a.document.rawValue < b.document.rawValue }
            return (a.revision, a.assigned) < (b.revision, b.assigned)
        }
        return order.map { all[$0] }
    }

    /// Whether the latest revision that required training, up to and including `release`, exists.
    static func requiresTraining(_ release: Release, in releases: [Release]) -> Bool {
        releases.contains { $0.revision <= release.revision && $0.frontMatter.training?.required == true }
    }

    /// A completion of revision `done` counts for `wanted` if they are equal, or if every revision
    /// after `wanted` up to `done` is editorial (and the other way round: training on an editorial
    /// revision covers the revision it carries over from).
    static func counts(_ done: Int, for wanted: Int, in releases: [Release]) -> Bool {
        if done == wanted { return true }
        let low = min(done, wanted)
        let high = max(done, wanted)
        let between = releases.filter { $0.revision.number > low && $0.revision.number <= high }
        return between.count == high - low && between.allSatisfy { $0.frontMatter.training?.required == false }
    }
}
