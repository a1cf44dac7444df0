import Control
import Foundation
import Records
import Training

/// The training pages of the portal (PRODUCT.md §9): an overview by role and person, a matrix per
/// role (grouped by site, in pages of at most `columnsPerPage` documents, so no page holds a
/// million cells), a page per person and the overdue list; plus the LMS exports.
struct TrainingPages {
    let report: TrainingReport
    let record: ReleaseRecord
    let statuses: [DocumentStatus]
    /// Threads the role and person pages are rendered on (the pages are the same whatever the number).
    var threads = 1
    static let columnsPerPage = 40
    /// Rows per page of the overdue list.
    var overduePerPage = 1000

    var people: [PersonID: Person] { record.configuration.people }

    static func mark(_ obligation: Obligation?) -> (mark: String, symbol: String) {
        guard let obligation else { return ("none", "—") }
        switch obligation.status {
        case .completed: return obligation.late ? ("late", "✓!") : ("completed", "✓")
        case .open: return ("open", "○")
        case .overdue: return ("overdue", "!")
        case .superseded, .cancelled: return ("none", "—")
        }
    }

    /// A completion's evidence for the person page (PRODUCT.md §8.3).
    /// A key without a value is left out: swift-mustache opens a section for an empty string, which
    /// printed "trainer ;" for every completion recorded without a trainer.
    static func evidence(_ completion: Completion) -> [String: Any] {
        var evidence: [String: Any] = [
            "acknowledged": completion.isAcknowledgement, "method": completion.method ?? "",
            "recorder": completion.recorder?.rawValue ?? "",
            "source": completion.source.description, "recordedAt": RecordReport.timestamp(completion.recordedAt),
        ]
        if let trainer = completion.trainer { evidence["trainer"] = trainer.rawValue }
        return evidence
    }

    /// Files keyed by path; `page` renders a template with the portal's base context.
    func render(_ page: (String, [String: Any]) -> String) -> [String: Data] {
        var files: [String: Data] = [:]
        let root = "../"
        // The latest obligation of each person on each document.
        var latest: [String: Obligation] = [:]
        for obligation in report.obligations {
            let key = "\(obligation.person.rawValue) \(obligation.document.rawValue)"
            if let existing = latest[key], existing.revision > obligation.revision { continue }
            latest[key] = obligation
        }
        let effective = statuses.filter { $0.inForce != nil && $0.state != .obsolete }
        var roles: [RoleID: [DocumentStatus]] = [:]
        for status in effective {
            for role in status.inForce?.frontMatter.training?.roles ?? [] { roles[role, default: []].append(status) }
        }
        let active = record.configuration.sortedPeople.filter(\.active)
        func siteName(_ site: SiteID?) -> String { site.map { $0.rawValue.capitalized } ?? "No site" }

        let byPerson = Dictionary(grouping: report.obligations, by: \.person)
        // Role pages.
        // Each role's pages and its row on the index, rendered in parallel, kept in role order.
        let sortedRoles = roles.keys.sorted()
        let rolePages = Parallel.map(sortedRoles.count, threads: threads) { roleIndex -> ([(String, Data)], [String: Any]) in
            let role = sortedRoles[roleIndex]
            var files: [(String, Data)] = []
            let documents = roles[role]!.sorted { $0.id < $1.id }
            let holders = active.filter { $0.holds(role) }
            let chunks = stride(from: 0, to: max(documents.count, 1), by: Self.columnsPerPage).map {
                Array(documents[$0..<min($0 + Self.columnsPerPage, documents.count)])
            }
            for (index, chunk) in chunks.enumerated() {
                var sites: [[String: Any]] = []
                for (site, members) in Dictionary(grouping: holders, by: { $0.site?.rawValue ?? "" }).sorted(by: { $0.key < $1.key }) {
                    let rows = members.map { person -> [String: Any] in
                        [
                            "name": person.name, "href": "person-\(person.id.rawValue).html",
                            "cells": chunk.map { document -> [String: Any] in
                                let obligation = latest["\(person.id.rawValue) \(document.id.rawValue)"]
                                let (mark, symbol) = Self.mark(obligation)
                                return [
                                    "mark": mark, "symbol": symbol,
                                    "title": "\(person.name), \(document.id): \(obligation?.status.rawValue ?? "not required")",
                                ]
                            },
                        ]
                    }
                    let caption =
                        "\(record.configuration.roles[role]?.name ?? role.rawValue), \(siteName(members.first?.site))"
                        + (chunks.count > 1
                            ? " — documents \(index * Self.columnsPerPage + 1)–\(index * Self.columnsPerPage + chunk.count) of \(documents.count)"
                            : "")
                    sites.append([
                        "id": site.isEmpty ? "none" : site, "name": siteName(members.first?.site),
                        "pages": [
                            [
                                "caption": caption, "rows": rows,
                                "columns": chunk.map {
                                    [
                                        "id": $0.id.rawValue, "title": $0.title, "revision": $0.inForce!.revision.number,
                                        "href": root + RecordSite.documentPath($0.id),
                                    ] as [String: Any]
                                },
                            ]
                        ],
                    ])
                }
                let file = index == 0 ? "training/role-\(role.rawValue).html" : "training/role-\(role.rawValue)-\(index + 1).html"
                var title = "Training matrix: \(record.configuration.roles[role]?.name ?? role.rawValue)"
                if chunks.count > 1 { title += " (page \(index + 1) of \(chunks.count))" }
                let pageLinks = chunks.indices.map { number -> [String: Any] in
                    [
                        "label": "documents \(number * Self.columnsPerPage + 1)–\(number * Self.columnsPerPage + chunks[number].count)",
                        "href": number == 0 ? "role-\(role.rawValue).html" : "role-\(role.rawValue)-\(number + 1).html",
                        "current": number == index,
                    ]
                }
                files.append(
                    (
                        file,
                        Data(
                            page(
                                root,
                                ["pageTitle": title, "isRole": true, "sites": sites, "pageLinks": pageLinks, "hasPages": chunks.count > 1]
                            ).utf8)
                    ))
            }
            let roleObligations = holders.flatMap { byPerson[$0.id] ?? [] }
            let row: [String: Any] = [
                "name": record.configuration.roles[role]?.name ?? role.rawValue, "href": "role-\(role.rawValue).html",
                "people": holders.count,
                "documents": documents.count, "open": roleObligations.filter { $0.status == .open }.count,
                "overdue": roleObligations.filter { $0.status == .overdue }.count,
                "completed": roleObligations.filter { $0.status == .completed }.count,
            ]
            return (files, row)
        }
        var roleRows: [[String: Any]] = []
        for (pages, row) in rolePages {
            for (path, data) in pages { files[path] = data }
            roleRows.append(row)
        }

        // Person pages.
        let titles = Dictionary(statuses.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        let listed = record.configuration.sortedPeople.filter { $0.active || !(byPerson[$0.id] ?? []).isEmpty }
        // Each person's page and row, rendered in parallel, kept in the people's order.
        let personPages = Parallel.map(listed.count, threads: threads) { personIndex -> (String, Data, [String: Any]) in
            let person = listed[personIndex]
            let obligations = byPerson[person.id] ?? []
            let rows = obligations.map { obligation -> [String: Any] in
                let (mark, symbol) = Self.mark(obligation)
                var row: [String: Any] = [
                    "document": obligation.document.rawValue, "title": titles[obligation.document] ?? "",
                    "href": root + RecordSite.documentPath(obligation.document),
                    "revisionHref": root + RecordSite.revisionPath(obligation.document, Revision(obligation.revision)!),
                    "revision": obligation.revision, "assigned": obligation.assigned.description, "due": obligation.due.description,
                    "status": obligation.status.rawValue + (obligation.late ? " (late)" : ""), "mark": mark, "symbol": symbol,
                    "completed": obligation.completed?.description ?? "",
                    "evidence": obligation.status == .completed ? obligation.evidence.map { [Self.evidence($0)] } ?? [] : [],
                ]
                // Absent unless there is one: a section shows for an empty string too.
                if obligation.status == .superseded || obligation.status == .cancelled, !obligation.reason.isEmpty {
                    row["reason"] = obligation.reason
                }
                return row
            }
            var personPage: [String: Any] = [
                "pageTitle": "Training of \(person.name)", "isPerson": true, "personName": person.name,
                "roles": person.roles.map { record.configuration.roles[$0]?.name ?? $0.rawValue }.joined(separator: ", "),
                "obligations": rows,
            ]
            if let site = person.site { personPage["site"] = siteName(site) }
            let overdue = obligations.filter { $0.status == .overdue }.count
            var personRow: [String: Any] = ["name": person.name, "href": "person-\(person.id.rawValue).html"]
            // Absent, not empty: Mustache shows a section for any string, even "".
            if let site = person.site { personRow["site"] = siteName(site) }
            if overdue > 0 { personRow["overdue"] = String(overdue) }
            return ("training/person-\(person.id.rawValue).html", Data(page(root, personPage).utf8), personRow)
        }
        var personRows: [[String: Any]] = []
        for (path, data, row) in personPages {
            files[path] = data
            personRows.append(row)
        }

        // Overdue, by site, in pages of at most `overduePerPage` rows, so the list stays readable at any scale.
        let overdue = report.obligations.filter { $0.status == .overdue }
        let bySite = Dictionary(grouping: overdue, by: { people[$0.person]?.site?.rawValue ?? "" }).sorted(by: { $0.key < $1.key })
        let ordered = bySite.flatMap { site, list in list.map { (site: site, obligation: $0) } }
        let pageCount = max(1, (ordered.count + overduePerPage - 1) / overduePerPage)
        func overdueFile(_ number: Int) -> String { number == 0 ? "overdue.html" : "overdue-\(number + 1).html" }
        for number in 0..<pageCount {
            let slice = ordered.dropFirst(number * overduePerPage).prefix(overduePerPage)
            var overdueSites: [[String: Any]] = []
            var index = slice.startIndex
            while index < slice.endIndex {
                let site = slice[index].site
                var rows: [[String: Any]] = []
                while index < slice.endIndex, slice[index].site == site {
                    let obligation = slice[index].obligation
                    rows.append([
                        "name": people[obligation.person]?.name ?? obligation.person.rawValue,
                        "personHref": "person-\(obligation.person.rawValue).html",
                        "document": obligation.document.rawValue, "href": root + RecordSite.documentPath(obligation.document),
                        "revision": obligation.revision, "due": obligation.due.description,
                        "days": report.asOf.daysSinceEpoch - obligation.due.daysSinceEpoch,
                    ])
                    index += 1
                }
                overdueSites.append(["id": site.isEmpty ? "none" : site, "name": site.isEmpty ? "No site" : site.capitalized, "rows": rows])
            }
            let pageLinks = (0..<pageCount).map { other -> [String: Any] in
                let first = other * overduePerPage + 1
                return [
                    "label": "\(first)–\(min(first + overduePerPage - 1, ordered.count))", "href": overdueFile(other),
                    "current": other == number,
                ]
            }
            var title = "Overdue training"
            if pageCount > 1 { title += " (page \(number + 1) of \(pageCount), \(ordered.count) in all)" }
            files["training/\(overdueFile(number))"] = Data(
                page(
                    root,
                    ["pageTitle": title, "isOverdue": true, "sites": overdueSites, "pageLinks": pageLinks, "hasPages": pageCount > 1]
                ).utf8)
        }
        files["training/index.html"] = Data(
            page(
                root,
                ["pageTitle": "Training", "isIndex": true, "roles": roleRows, "people": personRows, "overdueCount": overdue.count]
            ).utf8)
        files["api/obligations.json"] = Data(report.json().utf8)
        files["obligations.csv"] = Data(report.csv().utf8)
        return files
    }
}
