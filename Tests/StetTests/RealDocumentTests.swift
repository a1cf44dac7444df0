import Foundation
import Testing

@testable import Control
@testable import Portal
@testable import Records

/// Files as people really write them (issue 12): the messages name the real
/// problem and the fix, and another system's fields are kept, not refused.
@Suite("Real documents: messages on real files")
struct RealDocumentMessageTests {
    static let fields = "id: SOP-QA-001\ntitle: A controlled procedure\ntype: SOP\nrevision: 1\nowner: bob\n"

    func findings(for text: String) throws -> [Finding] {
        let fixture = try Fixture()
        try fixture.write("controlled-docs/SOP-QA-001.md", text)
        return try fixture.check().filter { $0.file == "controlled-docs/SOP-QA-001.md" }
    }

    @Test func delimitersWithTrailingSpacesAreFrontMatter() throws {
        #expect(try findings(for: "--- \n\(Self.fields)---\t\n# Title\n\nText.\n") == [])
    }

    @Test func aBlankFirstLineIsNamed() throws {
        let finding = try #require(try findings(for: "\n---\n\(Self.fields)---\nText.\n").first)
        #expect(finding.code == .invalidFrontMatter)
        #expect(finding.severity == .error)
        #expect(finding.line == 1)
        #expect(
            finding.message
                == "starts with a blank line before the front matter's opening '---' (line 2); delete it so that '---' is the first line of the file"
        )
    }

    @Test func aRevisionWithALeadingZeroSaysSo() throws {
        let text = "---\n" + Self.fields.replacingOccurrences(of: "revision: 1", with: "revision: 05") + "---\n"
        let finding = try #require(try findings(for: text).first)
        #expect(finding.code == .invalidFrontMatter)
        #expect(finding.line == 5)
        #expect(finding.message == "'revision' in the front matter must be a whole number without leading zeros: write 5, not 05")
    }

    @Test func anUnquotedTitleWithAColonSaysToQuoteIt() throws {
        let text = "---\n" + Self.fields.replacingOccurrences(of: "A controlled procedure", with: "Deviations: handling") + "---\n"
        let finding = try #require(try findings(for: text).first)
        #expect(finding.code == .invalidFrontMatter)
        #expect(finding.line == 3)
        #expect(
            finding.message
                == "front matter has a value containing ': ' at line 3; put the whole value in double quotes: title: \"Deviations: handling\""
        )
    }

    @Test func aTabIndentIsNamed() throws {
        let text = "---\n\(Self.fields)training:\n\troles: [lab-technician]\n---\n"
        let finding = try #require(try findings(for: text).first)
        #expect(finding.code == .invalidFrontMatter)
        #expect(finding.line == 8)
        #expect(
            finding.message == "front matter is indented with a tab at line 8; YAML indents with spaces only: replace the tab with spaces")
    }

    @Test func anOwnerWrittenAsANameSuggestsTheID() throws {
        let text = "---\n" + Self.fields.replacingOccurrences(of: "owner: bob", with: "owner: Bob  owner") + "---\n"
        let finding = try #require(try findings(for: text).first)
        #expect(finding.code == .invalidFrontMatter)
        #expect(finding.line == 6)
        #expect(
            finding.message
                == "owner 'Bob  owner' is not a person id (did you mean 'bob', Bob Owner?); write the person's id from roles/people.yaml, not their name or e-mail"
        )
    }

    @Test func foreignFrontMatterListsTheAllowedFieldsOnce() throws {
        let text = "---\n\(Self.fields)author: Tom Becker\ndepartment: QA\ntitel: typo\n---\n"
        let found = try findings(for: text)
        #expect(found.map(\.code) == [.unknownField, .unknownField, .unknownField])
        #expect(found.allSatisfy { $0.severity == .error })
        #expect(found.map(\.line) == [7, 8, 9])
        #expect(found.filter { $0.message.contains("allowed fields are") }.count == 1)
        #expect(
            found[0].message
                == "'author' is not a field of the front matter; if it is information from another system, keep it as 'x-author' (x- fields are shown and exported, never interpreted) or remove it; allowed fields are: id, title, type, revision, owner, change, training, effective, review-months, references, status, sites, implements, retrain-months, legacy"
        )
        #expect(found[1].message.hasSuffix("or remove it; see line 7 for the allowed fields"))
        #expect(found[2].message == "'titel' is not a field of the front matter (did you mean 'title'?); see line 7 for the allowed fields")
        let fixture = try Fixture()
        try fixture.write("controlled-docs/SOP-QA-001.md", text)
        #expect(try StetProcess.run(["check", "-C", fixture.root.path]).status == 1)
    }

    @Test func legacyAndExtensionFieldsAreKept() throws {
        let text =
            "---\n\(Self.fields)legacy:\n  id: QP-0003\n  revision: 7\n  effective: 2019-04-01\n  last-review: 2025-02-01\nx-iso-clause: \"4.2.4\"\nx-keywords: [cleaning, ethanol]\n---\nText.\n"
        #expect(try findings(for: text) == [])
        let (document, problems) = DocumentReader.read(text: text, path: RepositoryPath("controlled-docs/SOP-QA-001.md")!)
        #expect(problems.isEmpty)
        let front = try #require(document?.frontMatter)
        #expect(
            front.legacy
                == LegacyMetadata(
                    id: "QP-0003", revision: "7", effective: CalendarDate("2019-04-01"), lastReview: CalendarDate("2025-02-01")))
        #expect(front.extensions.map(\.name) == ["x-iso-clause", "x-keywords"])
        #expect(front.extensions.map(\.value) == ["4.2.4", "cleaning, ethanol"])
        let nested = try findings(for: "---\n\(Self.fields)x-owner:\n  name: Tom\n---\n")
        #expect(nested.map(\.code) == [.invalidFrontMatter])
        #expect(nested.first?.line == 7)
    }
}

@Suite("Real documents: training index and history pages")
struct RealDocumentPortalFixTests {
    @Test func theTrainingIndexMarksOnlyPeopleWhoAreOverdue() throws {
        let fixture = try TrainingTests().fixture()
        func index(asOf: String) throws -> String {
            let out = fixture.root.appendingPathComponent("site-\(asOf)")
            let result = try StetProcess.run(["build", "-C", fixture.repository.path, "--out", out.path, "--as-of", asOf, "--quiet"])
            #expect(result.status == 0, "\(result.stderr)")
            return try String(contentsOf: out.appendingPathComponent("training/index.html"), encoding: .utf8)
        }
        let onTime = try index(asOf: "2031-01-05")
        #expect(!onTime.contains("— <span class=\"mark mark-overdue\">"))
        #expect(onTime.contains("person-alice.html\">Alice Author</a></li>"))
        let late = try index(asOf: "2031-01-20")
        #expect(late.contains("person-alice.html\">Alice Author</a> — <span class=\"mark mark-overdue\">! 1 overdue</span>"))
        #expect(!late.contains("person-olga.html\">Olga Owner</a> —"))
    }

    @Test func aHistoryPageShowsOnlyTheTrailersAboutItsDocument() throws {
        let fixture = try GitFixture()
        try fixture.writeConfiguration()
        try fixture.commit("Configuration", as: "adam")
        try fixture.branch("two")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 1))
        try fixture.write("controlled-docs/SOP-QA-002.md", fixture.document("SOP-QA-002", revision: 1))
        try fixture.commit("Add two", as: "alice")
        for person in ["olga", "quinn"] {
            try fixture.commit(
                "Approve both\n\nApproves: SOP-QA-001 rev 1\nApproves: SOP-QA-002 rev 1\nSignature-Meaning: Approved", as: person,
                allowEmpty: true)
        }
        try fixture.merge("two")
        let out = fixture.root.appendingPathComponent("site")
        let result = try StetProcess.run(["build", "-C", fixture.repository.path, "--out", out.path, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let history = try String(contentsOf: out.appendingPathComponent("documents/SOP-QA-001/history.html"), encoding: .utf8)
        #expect(history.contains("<code>Approves: SOP-QA-001 rev 1</code>"))
        #expect(history.contains("<code>Signature-Meaning: Approved</code>"))
        #expect(!history.contains("SOP-QA-002 rev 1"))
        let css = try String(contentsOf: out.appendingPathComponent("assets/stet.css"), encoding: .utf8)
        #expect(css.contains(".audit code { white-space: nowrap; }"))
    }
}
