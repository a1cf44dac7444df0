import Control
import Foundation
import Records
import Repository
import Training

/// The multi-site pages of the portal (PRODUCT.md §9): a page per site (what is in force there, global and
/// local, its people and training), the harmonisation matrix (global documents × sites), and indicators per
/// site drawn as inline SVG charts with the same figures as tables; plus `api/kpis.json` and `kpis.csv`.
struct SitePages {
    let record: ReleaseRecord
    let statuses: [DocumentStatus]
    let training: TrainingReport?
    let asOf: CalendarDate
    /// The next periodic review of each document in force.
    let nextReview: (DocumentStatus) -> CalendarDate?

    var configuration: Configuration { record.configuration.configuration }

    /// The sites: those of `stet.yaml`, else the sites people name.
    var sites: [(id: SiteID, name: String)] {
        if !configuration.sites.isEmpty { return configuration.sortedSites.map { ($0.id, $0.name) } }
        let named = Set(record.configuration.people.values.compactMap(\.site))
        return named.sorted().map { ($0, configuration.siteName($0)) }
    }

    static func sitePath(_ site: SiteID) -> String { "sites/\(site.rawValue).html" }

    /// Indicators of one site (PRODUCT.md §9), as of the portal's date.
    struct Indicators: Encodable {
        var site: String
        var name: String
        var people: Int
        var documentsInForce: Int
        var obligations: Int
        var completed: Int
        var open: Int
        var overdue: Int
        /// Completed ÷ (completed + open + overdue), in whole percent (rounded half up); null without obligations.
        var trainingCompliancePercent: Int?
        var reviewsDue: Int
        var reviewsOverdue: Int
        var releases: Int
        /// Median days from a change branch's first commit to the release, one decimal; null without releases.
        var medianChangeCycleDays: Double?
        var releasesPerMonth: [Month]

        struct Month: Encodable {
            var month: String
            var releases: Int
        }
    }

    func indicators() -> [Indicators] {
        let people = record.configuration.people
        let endOfDay = Int64(asOf.adding(days: 1).daysSinceEpoch) * 86_400
        let months = (0..<12).reversed().map { back -> String in
            let date = CalendarDate(year: asOf.year, month: asOf.month, day: 1)!.adding(months: -back)
            return Formatting.padded(date.year, width: 4) + "-" + Formatting.padded(date.month, width: 2)
        }
        var result: [Indicators] = []
        for site in sites {
            let current = (training?.obligations ?? []).filter {
                people[$0.person]?.site == site.id && [.open, .overdue, .completed].contains($0.status)
                    && $0.assigned <= asOf
            }
            // The latest obligation per person and document: recurrent training replaces the lapsed one.
            var latest: [String: Obligation] = [:]
            for obligation in current {
                let key = "\(obligation.person.rawValue) \(obligation.document.rawValue)"
                if let existing = latest[key], (existing.revision, existing.assigned) > (obligation.revision, obligation.assigned) {
                    continue
                }
                latest[key] = obligation
            }
            let list = Array(latest.values)
            let completed = list.filter { $0.status == .completed }.count
            let open = list.filter { $0.status == .open }.count
            let overdue = list.filter { $0.status == .overdue }.count
            let total = completed + open + overdue
            let inForce = statuses.filter {
                ($0.state == .effective || $0.state == .approved) && $0.inForce?.frontMatter.applies(at: site.id) == true
            }
            var due = 0
            var late = 0
            for status in inForce {
                guard let next = nextReview(status) else { continue }
                if next < asOf {
                    late += 1
                } else if next <= asOf.adding(days: 30) {
                    due += 1
                }
            }
            let releases = record.documents.values.flatMap(\.releases).filter {
                $0.frontMatter.applies(at: site.id) && (training?.releasedAt[$0.commit] ?? $0.effectiveAt) < endOfDay
            }
            var cycles: [Int64] = []
            var perMonth: [String: Int] = [:]
            for release in releases {
                let released = training?.releasedAt[release.commit] ?? release.effectiveAt
                let date = CalendarDate(utcSeconds: released)
                perMonth[Formatting.padded(date.year, width: 4) + "-" + Formatting.padded(date.month, width: 2), default: 0] += 1
                if let started = training?.changeStarted[release.commit] { cycles.append(max(0, released - started)) }
            }
            cycles.sort()
            var median: Double? = nil
            if !cycles.isEmpty {
                let middle = cycles.count / 2
                let seconds = cycles.count % 2 == 1 ? Double(cycles[middle]) : Double(cycles[middle - 1] + cycles[middle]) / 2
                median = (seconds / 86_400 * 10).rounded() / 10
            }
            result.append(
                Indicators(
                    site: site.id.rawValue, name: site.name,
                    people: people.values.filter { $0.active && $0.site == site.id }.count, documentsInForce: inForce.count,
                    obligations: total, completed: completed, open: open, overdue: overdue,
                    trainingCompliancePercent: total == 0 ? nil : (completed * 200 + total) / (2 * total), reviewsDue: due,
                    reviewsOverdue: late, releases: releases.count, medianChangeCycleDays: median,
                    releasesPerMonth: months.map { Indicators.Month(month: $0, releases: perMonth[$0] ?? 0) }))
        }
        return result
    }

    // MARK: - Charts

    /// A horizontal bar chart as inline SVG: readable without script, with a title and description for
    /// assistive technology; the same figures stand in a table beside it.
    static func barChart(id: String, title: String, bars: [(label: String, value: Double, text: String)], maximum: Double) -> String {
        let rowHeight = 22
        let labelWidth = 170
        let barWidth = 300
        let height = bars.count * rowHeight + 10
        var svg =
            "<svg class=\"chart\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" viewBox=\"0 0 \(labelWidth + barWidth + 90) \(height)\" width=\"\(labelWidth + barWidth + 90)\" height=\"\(height)\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title id=\"\(id)-title\">\(HTMLText.escape(title))</title>"
        svg +=
            "<desc id=\"\(id)-desc\">\(HTMLText.escape(bars.map { "\($0.label): \($0.text)" }.joined(separator: "; ")))</desc>"
        for (index, bar) in bars.enumerated() {
            let y = 5 + index * rowHeight
            let width = maximum > 0 ? Int((bar.value / maximum * Double(barWidth)).rounded()) : 0
            svg += "<text x=\"0\" y=\"\(y + 15)\" font-size=\"12\">\(HTMLText.escape(bar.label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(width)\" height=\"14\" fill=\"#0b4f8a\"></rect>"
            svg += "<text x=\"\(labelWidth + width + 6)\" y=\"\(y + 15)\" font-size=\"12\">\(HTMLText.escape(bar.text))</text>"
        }
        return svg + "</svg>"
    }

    /// A column chart of releases per month.
    static func monthChart(id: String, title: String, months: [Indicators.Month]) -> String {
        let columnWidth = 34
        let chartHeight = 100
        let maximum = max(1, months.map(\.releases).max() ?? 1)
        let width = months.count * columnWidth + 10
        var svg =
            "<svg class=\"chart\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" viewBox=\"0 0 \(width) \(chartHeight + 40)\" width=\"\(width)\" height=\"\(chartHeight + 40)\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title id=\"\(id)-title\">\(HTMLText.escape(title))</title>"
        svg += "<desc id=\"\(id)-desc\">\(HTMLText.escape(months.map { "\($0.month): \($0.releases)" }.joined(separator: "; ")))</desc>"
        for (index, month) in months.enumerated() {
            let x = 5 + index * columnWidth
            let height = month.releases * chartHeight / maximum
            svg +=
                "<rect x=\"\(x + 4)\" y=\"\(chartHeight - height + 15)\" width=\"\(columnWidth - 8)\" height=\"\(height)\" fill=\"#0b4f8a\"></rect>"
            svg +=
                "<text x=\"\(x + columnWidth / 2)\" y=\"\(chartHeight - height + 11)\" font-size=\"11\" text-anchor=\"middle\">\(month.releases)</text>"
            svg +=
                "<text x=\"\(x + columnWidth / 2)\" y=\"\(chartHeight + 30)\" font-size=\"10\" text-anchor=\"middle\">\(HTMLText.escape(String(month.month.suffix(5))))</text>"
        }
        return svg + "</svg>"
    }

    // MARK: - Pages

    func render(_ page: (String, [String: Any]) -> String) -> [String: Data] {
        var files: [String: Data] = [:]
        let root = "../"
        let all = indicators()
        let implementations = GlobalLocal.implementations(in: record)
        let inForce = statuses.filter { ($0.state == .effective || $0.state == .approved) && $0.inForce != nil }
        let titles = Dictionary(statuses.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        let byPerson = Dictionary(grouping: training?.obligations ?? [], by: \.person)

        func number(_ value: Int?) -> String { value.map(String.init) ?? "—" }
        func days(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "—" }
        func indicatorRows(_ item: Indicators) -> [[String: Any]] {
            [
                [
                    "label": "Training compliance", "value": item.trainingCompliancePercent.map { "\($0) %" } ?? "—",
                    "note": "\(item.completed) of \(item.obligations) current obligations completed",
                ],
                ["label": "Overdue obligations", "value": String(item.overdue), "note": "\(item.open) open, not yet due"],
                ["label": "Periodic reviews due (30 days)", "value": String(item.reviewsDue), "note": ""],
                ["label": "Periodic reviews overdue", "value": String(item.reviewsOverdue), "note": ""],
                [
                    "label": "Median change cycle time", "value": item.medianChangeCycleDays.map { "\(days($0)) days" } ?? "—",
                    "note": "from a change branch's first commit to its release, over \(item.releases) releases",
                ],
                [
                    "label": "Releases in the last 12 months", "value": String(item.releasesPerMonth.reduce(0) { $0 + $1.releases }),
                    "note": "",
                ],
            ]
        }
        func monthRows(_ item: Indicators) -> [[String: Any]] {
            item.releasesPerMonth.map { ["month": $0.month, "releases": $0.releases] }
        }

        // A page per site.
        for (site, item) in zip(sites, all) {
            let documents = inForce.filter { $0.inForce!.frontMatter.applies(at: site.id) }.map { status -> [String: Any] in
                let front = status.inForce!.frontMatter
                var scope =
                    front.sites.isEmpty ? "All sites" : "Local: \(front.sites.map { configuration.siteName($0) }.joined(separator: ", "))"
                if let implements = front.implements {
                    let aligned = implementations.first { $0.local == status.id }?.isAligned ?? true
                    scope += "; implements \(implements.document) rev \(implements.revision)\(aligned ? "" : " (not aligned)")"
                }
                return [
                    "id": status.id.rawValue, "title": status.title, "href": root + RecordSite.documentPath(status.id),
                    "revision": status.inForce!.revision.number, "scope": scope, "isLocal": !front.sites.isEmpty,
                ]
            }
            let members = record.configuration.sortedPeople.filter { $0.active && $0.site == site.id }.map { person -> [String: Any] in
                let list = byPerson[person.id] ?? []
                return [
                    "name": person.name, "href": root + "training/person-\(person.id.rawValue).html",
                    "roles": person.roles.map { record.configuration.roles[$0]?.name ?? $0.rawValue }.joined(separator: ", "),
                    "open": list.filter { $0.status == .open }.count, "overdue": list.filter { $0.status == .overdue }.count,
                ]
            }
            files[Self.sitePath(site.id)] = Data(
                page(
                    root,
                    [
                        "pageTitle": "Site: \(site.name)", "isSite": true, "documents": documents, "people": members,
                        "indicators": indicatorRows(item), "months": monthRows(item),
                        "monthChartHTML": Self.monthChart(
                            id: "releases-\(site.id.rawValue)", title: "Releases per month at \(site.name)", months: item.releasesPerMonth),
                    ]
                ).utf8)
        }

        // The harmonisation matrix: each global document × site.
        let globals = Set(implementations.map(\.global)).sorted()
        let matrix = globals.map { global -> [String: Any] in
            let status = statuses.first { $0.id == global }
            let cells = sites.map { site -> [String: Any] in
                let locals = implementations.filter { $0.global == global && ($0.sites.isEmpty || $0.sites.contains(site.id)) }
                return [
                    "site": site.name,
                    "locals": locals.map { local -> [String: Any] in
                        [
                            "id": local.local.rawValue, "href": root + RecordSite.documentPath(local.local),
                            "revision": local.localRevision.number, "alignedTo": local.alignedTo, "aligned": local.isAligned,
                            "behind": local.behind.map(String.init) ?? "",
                        ]
                    },
                    "none": locals.isEmpty,
                ]
            }
            return [
                "id": global.rawValue, "title": titles[global] ?? "", "href": root + RecordSite.documentPath(global),
                "revision": status?.inForce?.revision.number ?? 0, "cells": cells,
            ]
        }
        files["sites/harmonisation.html"] = Data(
            page(
                root,
                [
                    "pageTitle": "Harmonisation matrix", "isMatrix": true, "siteNames": sites.map { ["name": $0.name] },
                    "globals": matrix, "hasGlobals": !matrix.isEmpty,
                ]
            ).utf8)

        // Indicators, compared across sites.
        let compliance = Self.barChart(
            id: "compliance", title: "Training compliance by site (percent of current obligations completed)",
            bars: all.map {
                ($0.name, Double($0.trainingCompliancePercent ?? 0), $0.trainingCompliancePercent.map { "\($0) %" } ?? "no obligations")
            },
            maximum: 100)
        let overdue = Self.barChart(
            id: "overdue", title: "Overdue training obligations by site",
            bars: all.map { ($0.name, Double($0.overdue), String($0.overdue)) }, maximum: Double(all.map(\.overdue).max() ?? 0))
        let reviews = Self.barChart(
            id: "reviews", title: "Periodic reviews overdue by site",
            bars: all.map { ($0.name, Double($0.reviewsOverdue), "\($0.reviewsOverdue) overdue, \($0.reviewsDue) due") },
            maximum: Double(all.map(\.reviewsOverdue).max() ?? 0))
        let cycle = Self.barChart(
            id: "cycle", title: "Median change cycle time by site (days)",
            bars: all.map {
                ($0.name, $0.medianChangeCycleDays ?? 0, $0.medianChangeCycleDays.map { "\(days($0)) days" } ?? "no releases")
            },
            maximum: all.compactMap(\.medianChangeCycleDays).max() ?? 0)
        let table = all.map { item -> [String: Any] in
            [
                "name": item.name, "href": item.site + ".html", "compliance": item.trainingCompliancePercent.map { "\($0) %" } ?? "—",
                "completed": item.completed, "obligations": item.obligations, "overdue": item.overdue, "reviewsDue": item.reviewsDue,
                "reviewsOverdue": item.reviewsOverdue, "cycle": days(item.medianChangeCycleDays), "releases": item.releases,
                "monthChartHTML": Self.monthChart(
                    id: "months-\(item.site)", title: "Releases per month at \(item.name)", months: item.releasesPerMonth),
                "months": monthRows(item),
            ]
        }
        files["sites/indicators.html"] = Data(
            page(
                root,
                [
                    "pageTitle": "Indicators by site", "isIndicators": true, "sites": table, "complianceChartHTML": compliance,
                    "overdueChartHTML": overdue, "reviewsChartHTML": reviews, "cycleChartHTML": cycle,
                ]
            ).utf8)
        files["sites/index.html"] = Data(
            page(
                root,
                [
                    "pageTitle": "Sites", "isIndex": true, "hasSites": !sites.isEmpty,
                    "sites": zip(sites, all).map { site, item -> [String: Any] in
                        ["name": site.name, "href": "\(site.id.rawValue).html", "people": item.people, "documents": item.documentsInForce]
                    },
                ]
            ).utf8)
        files["api/kpis.json"] = Data(FindingReport.encodeJSON(KPIExport(asOf: asOf.description, sites: all)).utf8)
        files["kpis.csv"] = Data(Self.csv(all).utf8)
        return files
    }

    struct KPIExport: Encodable {
        var schema = "stet-kpis/1"
        var asOf: String
        var sites: [Indicators]
    }

    static func csv(_ all: [Indicators]) -> String {
        let field = CSV.field
        var lines = [
            [
                "schema", "site", "name", "people", "documentsInForce", "obligations", "completed", "open", "overdue",
                "trainingCompliancePercent", "reviewsDue", "reviewsOverdue", "releases", "medianChangeCycleDays",
            ].map(field).joined(separator: ",")
        ]
        for item in all {
            let compliance: String = item.trainingCompliancePercent.map { String($0) } ?? ""
            let cycle: String = item.medianChangeCycleDays.map { String(format: "%.1f", $0) } ?? ""
            let counts: [Int] = [
                item.people, item.documentsInForce, item.obligations, item.completed, item.open, item.overdue,
            ]
            var values: [String] = ["stet-kpis/1", item.site, item.name]
            values += counts.map { String($0) }
            values += [compliance, String(item.reviewsDue), String(item.reviewsOverdue), String(item.releases), cycle]
            lines.append(values.map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
