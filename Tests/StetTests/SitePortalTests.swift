import Foundation
import Testing

@testable import Control
@testable import Portal
@testable import Records
@testable import Repository
@testable import Training

/// The site pages, the harmonisation matrix, the indicators and the events feed, on a small repository whose
/// figures are worked out by hand (PRODUCT.md §9).
@Suite("Site pages, indicators and the events feed")
struct SitePortalTests {
    let sites = SitesTests()

    /// Alice (Galway) and Bob (Cambridge) are lab technicians; everyone else works at Cambridge.
    /// - SOP-QA-001 (all sites): written 2031-01-01T02:00, released 05:00 (cycle 3 h), due 2031-01-11.
    /// - WI-GW-001 (Galway only, review-months 1): written 2031-01-01T06:00, released 2031-01-05T02:00
    ///   (cycle 3 d 20 h), due 2031-01-15; its review falls due 2031-02-05.
    /// - SOP-GW-002 (Galway) implements SOP-QA-001 rev 1.
    /// - Alice completed SOP-QA-001 on 2031-01-08 (recorded 2031-01-09).
    func fixture() throws -> GitFixture {
        let fixture = try sites.fixture()
        try fixture.branch("sop")
        try fixture.write(
            "controlled-docs/SOP-QA-001.md", fixture.document(revision: 1, extra: SitesTests.technicians + "effective: 2031-01-01\n"))
        try fixture.commit("SOP-QA-001 revision 1", as: "rita")
        try fixture.approve("SOP-QA-001", revision: 1, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 1, as: "quinn")
        try fixture.merge("sop")
        try fixture.branch("wi")
        try fixture.write(
            "controlled-docs/WI-GW-001.md",
            fixture.document("WI-GW-001", type: "WI", revision: 1, extra: SitesTests.technicians + "sites: [galway]\nreview-months: 1\n"))
        try fixture.commit("WI-GW-001 revision 1", as: "rita")
        fixture.advanceClock(to: "2031-01-05")
        try fixture.approve("WI-GW-001", revision: 1, as: "olga")
        try fixture.merge("wi")
        fixture.advanceClock(to: "2031-01-09")
        try fixture.write(
            "training/records/2031.csv",
            "person,document,revision,completed,method,trainer\nalice,SOP-QA-001,1,2031-01-08,classroom,quinn\n")
        try fixture.commit("Training records", as: "quinn")
        return fixture
    }

    func build(_ fixture: GitFixture, asOf: String = "2031-03-01") throws -> URL {
        let out = fixture.root.appendingPathComponent("portal")
        let result = try StetProcess.run(["build", "-C", fixture.repository.path, "--out", out.path, "--as-of", asOf, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        return out
    }

    @Test func theIndicatorsMatchTheFiguresWorkedOutByHand() throws {
        let fixture = try fixture()
        let out = try build(fixture)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("api/kpis.json"))) as? [String: Any])
        #expect(json["schema"] as? String == "stet-kpis/1")
        let all = try #require(json["sites"] as? [[String: Any]])
        #expect(all.map { $0["site"] as? String } == ["cambridge", "galway"])
        let cambridge = all[0]
        let galway = all[1]
        // Galway: Alice completed SOP-QA-001 and is overdue on WI-GW-001: 1 of 2, 50 %.
        #expect(galway["obligations"] as? Int == 2)
        #expect(galway["completed"] as? Int == 1)
        #expect(galway["overdue"] as? Int == 1)
        #expect(galway["trainingCompliancePercent"] as? Int == 50)
        #expect(galway["documentsInForce"] as? Int == 2)
        #expect(galway["reviewsOverdue"] as? Int == 1)
        #expect(galway["reviewsDue"] as? Int == 0)
        // Median of 3 h (0.125 d) and 3 d 20 h (3.833 d) = 1.979 d.
        #expect(galway["medianChangeCycleDays"] as? Double == 2.0)
        #expect(galway["releases"] as? Int == 2)
        // Cambridge: Bob is overdue on SOP-QA-001: 0 of 1; one release, 3 h.
        #expect(cambridge["obligations"] as? Int == 1)
        #expect(cambridge["trainingCompliancePercent"] as? Int == 0)
        #expect(cambridge["overdue"] as? Int == 1)
        #expect(cambridge["documentsInForce"] as? Int == 1)
        #expect(cambridge["reviewsOverdue"] as? Int == 0)
        #expect(cambridge["medianChangeCycleDays"] as? Double == 0.1)
        #expect(cambridge["people"] as? Int == 6)
        let months = try #require(galway["releasesPerMonth"] as? [[String: Any]])
        #expect(months.count == 12)
        #expect(months.first?["month"] as? String == "2030-04")
        #expect(months.last?["month"] as? String == "2031-03")
        #expect(months.first { $0["month"] as? String == "2031-01" }?["releases"] as? Int == 2)

        let csv = try String(contentsOf: out.appendingPathComponent("kpis.csv"), encoding: .utf8)
        #expect(
            csv.contains(
                "\"stet-kpis/1\",\"galway\",\"Galway, Ireland\",\"1\",\"2\",\"2\",\"1\",\"0\",\"1\",\"50\",\"0\",\"1\",\"2\",\"2.0\""))

        // The charts are inline SVG with a text equivalent, and the same figures stand in a table.
        let page = try String(contentsOf: out.appendingPathComponent("sites/indicators.html"), encoding: .utf8)
        #expect(page.contains("<svg class=\"chart\" role=\"img\""))
        #expect(page.contains("<desc id=\"compliance-desc\">Cambridge, MA: 0 %; Galway, Ireland: 50 %</desc>"))
        #expect(page.contains("<td class=\"num\">50 %</td>"))
        #expect(!page.contains("<script"))
    }

    @Test func aSitePageAndTheHarmonisationMatrix() throws {
        let fixture = try fixture()
        try fixture.branch("local")
        try fixture.write(
            "controlled-docs/SOP-GW-002.md",
            fixture.document("SOP-GW-002", revision: 1, extra: "sites: [galway]\nimplements: SOP-QA-001 rev 1\n"))
        try fixture.commit("SOP-GW-002 revision 1", as: "rita")
        try fixture.approve("SOP-GW-002", revision: 1, as: "olga")
        try fixture.approve("SOP-GW-002", revision: 1, as: "quinn")
        try fixture.merge("local")
        let out = try build(fixture)
        let galway = try String(contentsOf: out.appendingPathComponent("sites/galway.html"), encoding: .utf8)
        #expect(galway.contains("Site: Galway, Ireland"))
        #expect(galway.contains("SOP-GW-002"))
        #expect(galway.contains("Local: Galway, Ireland; implements SOP-QA-001 rev 1"))
        #expect(galway.contains("All sites"))
        #expect(galway.contains("Alice Author"))
        let cambridge = try String(contentsOf: out.appendingPathComponent("sites/cambridge.html"), encoding: .utf8)
        #expect(!cambridge.contains("WI-GW-001"))
        let matrix = try String(contentsOf: out.appendingPathComponent("sites/harmonisation.html"), encoding: .utf8)
        #expect(matrix.contains("✓ aligned to rev 1"))
        #expect(matrix.contains("— global applies"))
        // Both documents' pages link each other.
        let global = try String(contentsOf: out.appendingPathComponent("documents/SOP-QA-001/index.html"), encoding: .utf8)
        #expect(global.contains("Local implementations"))
        #expect(global.contains("href=\"../SOP-GW-002/index.html\""))
        let local = try String(contentsOf: out.appendingPathComponent("documents/SOP-GW-002/index.html"), encoding: .utf8)
        #expect(local.contains("Implements <a href=\"../SOP-QA-001/index.html\">SOP-QA-001</a> rev 1 — aligned"))
    }

    @Test func theEventsFeedIsStableAndOnlyGrows() throws {
        let fixture = try fixture()
        let out = try build(fixture)
        let first = try Data(contentsOf: out.appendingPathComponent("api/events.json"))
        _ = try build(fixture)
        #expect(try Data(contentsOf: out.appendingPathComponent("api/events.json")) == first)
        let feed = try JSONDecoder().decode(EventFeed.self, from: first)
        #expect(feed.schema == "stet-events/1")
        #expect(feed.events.map(\.sequence) == Array(1...feed.events.count))
        #expect(Set(feed.events.map(\.id)).count == feed.events.count)
        #expect(feed.events.map(\.type).first == "configuration")
        let release = try #require(feed.events.first { $0.type == "release" && $0.document == "SOP-QA-001" })
        let blob = try fixture.git(["cat-file", "blob", try #require(release.blob)])
        let expected = try fixture.run("/usr/bin/sha256sum", [], input: Data(blob.utf8)).prefix(64)
        #expect(release.blobSHA256 == String(expected))
        #expect(feed.events.contains { $0.type == "obligation-assigned" && $0.person == "bob" && $0.due == "2031-01-11" })
        #expect(
            feed.events.contains {
                $0.type == "completion-recorded" && $0.person == "alice" && $0.recorder == "quinn"
                    && $0.source == "training/records/2031.csv:2"
            })

        // A new release extends the sequence; nothing published is rewritten.
        fixture.advanceClock(to: "2031-02-01")
        try fixture.branch("rev2")
        try fixture.write(
            "controlled-docs/SOP-QA-001.md", fixture.document(revision: 2, extra: SitesTests.technicians + "effective: 2031-02-01\n"))
        try fixture.commit("SOP-QA-001 revision 2", as: "rita")
        try fixture.approve("SOP-QA-001", revision: 2, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 2, as: "quinn")
        try fixture.merge("rev2")
        _ = try build(fixture)
        let grown = try JSONDecoder().decode(EventFeed.self, from: Data(contentsOf: out.appendingPathComponent("api/events.json")))
        #expect(Array(grown.events.prefix(feed.events.count)) == feed.events)
        #expect(grown.events.count > feed.events.count)
        #expect(grown.events.map(\.sequence) == Array(1...grown.events.count))
        #expect(grown.events.dropFirst(feed.events.count).contains { $0.type == "release" && $0.revision == 2 })
    }
}
