import Foundation
import Testing

@testable import Control
@testable import Markdown
@testable import Records

@Suite("stet check: every static finding, with file, line and a fix")
struct CheckTests {
    @Test func theFixtureIsClean() throws {
        let fixture = try Fixture()
        #expect(try fixture.check() == [])
    }

    @Test func bundledExampleIsClean() throws {
        let findings = StaticChecks.run(try SnapshotReader.read(from: WorkingTree(root: packageRoot)))
        #expect(findings == [])
    }

    @Test(.verifies("REQ-DOC-001")) func invalidFrontMatter() throws {
        let fixture = try Fixture()
        try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document(revision: "\"2\"", extra: "change: x\n"))
        let finding = try #require(try fixture.check().with(.invalidFrontMatter).first)
        #expect(finding.file == "controlled-docs/SOP-QA-001.md")
        #expect(finding.line == 5)
        #expect(finding.message.contains("must be a whole number written without quotes"))
    }

    @Test(.verifies("REQ-DOC-001")) func missingFrontMatterAndMissingFields() throws {
        let fixture = try Fixture()
        try fixture.write("controlled-docs/notes.md", "# Just notes\n")
        try fixture.write("controlled-docs/empty.md", "---\nid: SOP-QA-009\n---\nbody\n")
        let findings = try fixture.check().with(.invalidFrontMatter)
        #expect(findings.contains { $0.file == "controlled-docs/notes.md" && $0.line == 1 && $0.message.contains("has no front matter") })
        let missing = findings.filter { $0.file == "controlled-docs/empty.md" }.map(\.message)
        for field in ["title", "type", "revision", "owner"] {
            #expect(missing.contains { $0.contains("missing the required field '\(field)'") }, "\(field)")
        }
    }

    @Test(.verifies("REQ-DOC-001")) func pathEscapeInID() throws {
        let fixture = try Fixture()
        try fixture.write("controlled-docs/evil.md", Fixture.document(id: "../../evil"))
        let finding = try #require(try fixture.check().with(.invalidFrontMatter).first)
        #expect(finding.file == "controlled-docs/evil.md")
        #expect(finding.line == 2)
        #expect(finding.message.contains("'../../evil' is not a valid document id"))
    }

    @Test(.verifies("REQ-DOC-001")) func yamlHazardsInFrontMatter() throws {
        let cases: [(String, Int, String)] = [
            ("change: &o x\n", 7, "anchor"),
            ("labels:\n  <<: {a: 1}\n", 8, "merge key"),
            ("effective: !!str 2026-01-01\n", 7, "tag"),
            ("owner: carol\n", 7, "repeats the key 'owner'"),
        ]
        for (extra, line, text) in cases {
            let fixture = try Fixture()
            try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document(extra: extra))
            let finding = try #require(try fixture.check().with(.invalidFrontMatter).first, "\(extra)")
            #expect(finding.line == line, "\(extra)")
            #expect(finding.message.contains(text), "\(extra): \(finding.message)")
        }
    }

    @Test(.verifies("REQ-DOC-001")) func badEncodingsAndBidiControls() throws {
        let fixture = try Fixture()
        var bytes = Data(Fixture.document().utf8)
        bytes.append(contentsOf: [0xFF, 0xFE])
        try fixture.write("controlled-docs/SOP-QA-001.md", bytes)
        try fixture.write("controlled-docs/bom.md", Data([0xEF, 0xBB, 0xBF]))
        try fixture.write(
            "controlled-docs/bidi.md",
            "---\nid: SOP-QA-007\ntitle: \"Cleaning \u{202E}gnisaeler\"\ntype: SOP\nrevision: 1\nowner: bob\n---\n")
        let findings = try fixture.check().with(.invalidFrontMatter)
        #expect(findings.contains { $0.file == "controlled-docs/SOP-QA-001.md" && $0.message.contains("not valid UTF-8") && $0.line == 11 })
        #expect(findings.contains { $0.file == "controlled-docs/bom.md" && $0.message.contains("byte order mark") })
        #expect(findings.contains { $0.file == "controlled-docs/bidi.md" && $0.line == 3 && $0.message.contains("U+202E") })
    }

    @Test(.verifies("REQ-DOC-002")) func unknownField() throws {
        let fixture = try Fixture()
        try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document(extra: "reveiw-months: 12\n"))
        let finding = try #require(try fixture.check().with(.unknownField).first)
        #expect(finding.line == 7)
        #expect(finding.document == DocumentID("SOP-QA-001"))
        #expect(finding.message.contains("'reveiw-months' is not a field"))
        #expect(finding.message.contains("did you mean 'review-months'?"))
    }

    @Test(.verifies("REQ-DOC-002")) func unknownFieldInTrainingBlock() throws {
        let fixture = try Fixture()
        try fixture.write(
            "controlled-docs/SOP-QA-001.md", Fixture.document(extra: "training:\n  roles: [lab-technician]\n  requred: false\n"))
        let finding = try #require(try fixture.check().with(.unknownField).first)
        #expect(finding.line == 9)
        #expect(finding.message.contains("did you mean 'required'?"))
    }

    @Test(.verifies("REQ-DOC-003")) func duplicateID() throws {
        let fixture = try Fixture()
        try fixture.write("controlled-docs/z/copy.md", Fixture.document())
        let finding = try #require(try fixture.check().with(.duplicateID).first)
        #expect(finding.file == "controlled-docs/z/copy.md")
        #expect(finding.line == 2)
        #expect(finding.message.contains("already used by controlled-docs/SOP-QA-001.md (line 2)"))
    }

    @Test(.verifies("REQ-DOC-004")) func unknownType() throws {
        let fixture = try Fixture()
        try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document(type: "SOPP"))
        let finding = try #require(try fixture.check().with(.unknownType).first)
        #expect(finding.line == 4)
        #expect(finding.message.contains("type SOPP is not defined in stet.yaml; did you mean SOP?"))
    }

    @Test(.verifies("REQ-DOC-004")) func unknownPerson() throws {
        let fixture = try Fixture()
        try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document(owner: "bobb"))
        let finding = try #require(try fixture.check().with(.unknownPerson).first)
        #expect(finding.line == 6)
        #expect(finding.message.contains("owner 'bobb' is not a person in roles/people.yaml (did you mean 'bob'?)"))
    }

    @Test(.verifies("REQ-CFG-003")) func unknownPersonForASigningKey() throws {
        let fixture = try Fixture()
        let key = "AAAAC3NzaC1lZDI1NTE5AAAAIHmC4m2Wm8mX3hU8V4a6oWJ9lX9rj2T0tU4aXcQeQk2B"
        try fixture.write(
            "roles/allowed_signers",
            "alice@example.test ssh-ed25519 \(key)\nmallory@evil.test ssh-ed25519 \(key)\n*@example.test ssh-ed25519 \(key)\n")
        let findings = try fixture.check().with(.unknownPerson)
        #expect(findings.allSatisfy { $0.file == "roles/allowed_signers" })
        #expect(findings.contains { $0.line == 2 && $0.message.contains("'mallory@evil.test', which is not the e-mail of anyone") })
        #expect(findings.contains { $0.line == 3 && $0.message.contains("patterns are not accepted") })
        // The same key for a second person is refused too.
        #expect(findings.contains { $0.line == 2 && $0.message.contains("also listed for alice@example.test (line 1)") })
        #expect(!findings.contains { $0.line == 1 })
    }

    @Test(.verifies("REQ-CFG-003")) func aKeyMustBelongToExactlyOnePerson() throws {
        let fixture = try Fixture()
        let key = "AAAAC3NzaC1lZDI1NTE5AAAAIHmC4m2Wm8mX3hU8V4a6oWJ9lX9rj2T0tU4aXcQeQk2B"
        try fixture.write(
            "roles/allowed_signers",
            "alice@example.test,bob@example.test ssh-ed25519 \(key)\nalice@example.test cert-authority ssh-ed25519 \(key)\n")
        let findings = try fixture.check()
        #expect(findings.with(.unknownPerson).contains { $0.line == 1 && $0.message.contains("names 2 principals") })
        #expect(findings.with(.keyNotValid).contains { $0.line == 2 && $0.message.contains("cert-authority keys are not accepted") })
    }

    @Test(.verifies("REQ-CFG-002")) func unknownRole() throws {
        let fixture = try Fixture()
        try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document(extra: "training:\n  roles: [lab-technican]\n"))
        try fixture.write(
            "roles/people.yaml", Fixture.peopleYAML.replacingOccurrences(of: "roles: [lab-technician]", with: "roles: [lab-tech]"))
        let findings = try fixture.check().with(.unknownRole)
        let inDocument = try #require(findings.first { $0.file == "controlled-docs/SOP-QA-001.md" })
        #expect(inDocument.line == 8)
        #expect(inDocument.message.contains("did you mean 'lab-technician'?"))
        let inPeople = try #require(findings.first { $0.file == "roles/people.yaml" })
        #expect(inPeople.line == 9)
        #expect(inPeople.message.contains("person bob names the role 'lab-tech'"))
    }

    @Test(.verifies("REQ-CFG-002")) func unknownRoleInApprovalsOfAType() throws {
        let fixture = try Fixture()
        try fixture.write(
            "stet.yaml",
            Fixture.stetYAML.replacingOccurrences(of: "approvals: [owner, qa-approver]", with: "approvals: [owner, qa-aprover]"))
        let finding = try #require(try fixture.check().with(.unknownRole).first)
        #expect(finding.file == "stet.yaml")
        #expect(finding.line == 9)
        #expect(finding.message.contains("the approvals of type SOP names the role 'qa-aprover'"))
    }

    @Test(.verifies("REQ-DOC-005")) func danglingReference() throws {
        let fixture = try Fixture()
        try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document(extra: "references:\n  - WI-LAB-001\n  - WI-LAB-002\n"))
        let finding = try #require(try fixture.check().with(.danglingReference).first)
        #expect(finding.line == 9)
        #expect(finding.message.contains("references names WI-LAB-002, which is not the id of any document"))
        #expect(finding.message.contains("did you mean WI-LAB-001?"))
    }

    @Test(.verifies("REQ-DOC-005")) func brokenLink() throws {
        let fixture = try Fixture()
        try fixture.write(
            "controlled-docs/SOP-QA-001.md",
            Fixture.document(
                body:
                    "# Title\n\nIntro.\n\nSee [the WI](WI-LAB-001.md) and\n[outside](../../etc/passwd.md) and [ok](lab/WI-LAB-001.md).\n\n```\n[not a link](missing.md)\n```\n"
            ))
        let findings = try fixture.check().with(.brokenLink)
        #expect(findings.count == 2)
        #expect(findings[0].line == 12)
        #expect(findings[0].message.contains("controlled-docs/WI-LAB-001.md, which does not exist"))
        #expect(findings[0].message.contains("would be 'lab/WI-LAB-001.md'"))
        #expect(findings[1].line == 13)
        #expect(findings[1].message.contains("outside the repository"))
    }

    @Test(.verifies("REQ-DOC-005")) func linkToAnUncontrolledFileIsBroken() throws {
        let fixture = try Fixture()
        try fixture.write("README.md", "# readme\n")
        try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document(body: "[readme](../README.md)\n"))
        let finding = try #require(try fixture.check().with(.brokenLink).first)
        #expect(finding.message.contains("outside the controlled documents"))
    }

    @Test(.verifies("REQ-DOC-006")) func missingChangeReason() throws {
        let fixture = try Fixture()
        try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document(revision: "2"))
        let finding = try #require(try fixture.check().with(.missingChangeReason).first)
        #expect(finding.line == 5)
        #expect(finding.message.contains("revision 2 needs a reason for change"))
        #expect(finding.message.contains("change:"))
    }

    @Test(.verifies("REQ-DOC-007")) func symlinkedDocumentIsNotFollowed() throws {
        let fixture = try Fixture()
        try FileManager.default.createSymbolicLink(
            atPath: fixture.root.appendingPathComponent("controlled-docs/linked.md").path, withDestinationPath: "/etc/passwd")
        let finding = try #require(try fixture.check().with(.unsafePath).first)
        #expect(finding.file == "controlled-docs/linked.md")
        #expect(finding.message.contains("symbolic link"))
    }

    @Test(.verifies("REQ-DOC-011")) func everyProblemIsReportedNotJustTheFirst() throws {
        let fixture = try Fixture()
        try fixture.write("controlled-docs/a.md", Fixture.document(id: "SOP-QA-101", type: "XX", owner: "nobody", extra: "colour: red\n"))
        let codes = Set(try fixture.check().map(\.code))
        #expect(codes == [.unknownType, .unknownPerson, .unknownField])
    }

    @Test(.verifies("REQ-DOC-008")) func pathologicalMarkdownIsRefusedQuickly() throws {
        let fixture = try Fixture()
        let nasty = String(repeating: "*a", count: 30_000) + "\n"
        try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document(body: nasty))
        // Time and memory are bounded by the pre-scan; MarkdownLimits' tests measure them as ratios.
        let findings = try fixture.check()
        #expect(findings.with(.markdownLimit).contains { $0.message.contains("the document text has a line of 60000 characters") })
        try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document(body: String(repeating: "[", count: 600) + "\n"))
        let run = try #require(try fixture.check().with(.markdownLimit).first)
        #expect(run.severity == .error)
        #expect(run.line == 8)
        #expect(run.message.contains("has a run of more than 500 '[' characters"))
    }

    @Test(.verifies("REQ-DOC-008")) func deeplyNestedButSmallMarkdownRendersInBoundedTime() throws {
        // Inputs cmark-gfm handles in linear time stay accepted and fast.
        let text =
            String(repeating: "> ", count: 60) + "quote\n" + String(repeating: "| a ", count: 200) + "|\n"
            + String(repeating: "|---", count: 200) + "|\n"
        let plain = String(repeating: "word ", count: text.utf8.count / 5) + "\n"
        #expect(try MarkdownDocument(text).html().contains("<blockquote>"))
        // Against plain text of the same size measured here (CPU time of this thread, best of three interleaved runs):
        // linear inputs stay within a small factor.
        let cost = try ThreadCost.ratio(
            runs: 3, small: { _ = try MarkdownDocument(plain).html() }, large: { _ = try MarkdownDocument(text).html() })
        #expect(cost.ratio < 200, "nested: \(cost.large) s against \(cost.small) s for plain text")
    }
}

@Suite("Configuration errors stop the command with exit 2")
struct ConfigurationErrorTests {
    @Test(.verifies("REQ-CFG-001")) func unknownKeyInStetYAMLNamesKeyAndLine() throws {
        let fixture = try Fixture()
        try fixture.write(
            "stet.yaml", Fixture.stetYAML.replacingOccurrences(of: "author-may-approve: false", with: "author-may-aprove: true"))
        let error = try #require(fixture.configurationErrors().first)
        #expect(error.file == "stet.yaml")
        #expect(error.line == 5)
        #expect(error.message.contains("'author-may-aprove' is not a field of stet.yaml (did you mean 'author-may-approve'?)"))
    }

    @Test(.verifies("REQ-CFG-001")) func brokenYAMLAndWrongTypes() throws {
        let fixture = try Fixture()
        try fixture.write("stet.yaml", Fixture.stetYAML.replacingOccurrences(of: "config-revision: 1", with: "config-revision: one"))
        let error = try #require(fixture.configurationErrors().first)
        #expect(error.line == 2)
        #expect(error.message.contains("'config-revision' in stet.yaml must be a whole number"))

        try fixture.write("stet.yaml", "organization: [unclosed\n")
        #expect(fixture.configurationErrors().first?.message.contains("not valid YAML") == true)
    }

    @Test(.verifies("REQ-CFG-001")) func aSecondDocumentInStetYAML() throws {
        let fixture = try Fixture()
        try fixture.write("stet.yaml", Fixture.stetYAML + "---\norganization: Shadow\n")
        let error = try #require(fixture.configurationErrors().first)
        #expect(error.message.contains("second YAML document"))
    }

    @Test(.verifies("REQ-CFG-001")) func booleansAreYAML12() throws {
        let fixture = try Fixture()
        try fixture.write(
            "stet.yaml", Fixture.stetYAML.replacingOccurrences(of: "require-signed-commits: true", with: "require-signed-commits: NO"))
        let error = try #require(fixture.configurationErrors().first)
        #expect(error.line == 6)
        #expect(error.message.contains("must be true or false, not 'NO'"))
    }

    @Test(.verifies("REQ-CFG-001")) func missingStetYAML() throws {
        let fixture = try Fixture()
        try fixture.remove("stet.yaml")
        #expect(fixture.configurationErrors().first?.message.contains("not a controlled-documents repository") == true)
    }

    @Test(.verifies("REQ-CFG-001")) func peopleAndRolesAreStrictToo() throws {
        let fixture = try Fixture()
        try fixture.write(
            "roles/people.yaml", Fixture.peopleYAML + "carol:\n  name: Carol\n  email: ALICE@example.test\n  roles: []\n  active: yes\n")
        let messages = fixture.configurationErrors().map(\.message)
        #expect(messages.contains { $0.contains("same e-mail as alice") })
        #expect(messages.contains { $0.contains("'active' in person carol must be true or false, not 'yes'") })
        try fixture.write("roles/roles.yaml", Fixture.rolesYAML + "owner: { name: Owner }\n")
        #expect(fixture.configurationErrors().contains { $0.message.contains("'owner' is reserved") })
    }

    @Test(.verifies("REQ-DOC-007")) func symlinkedConfigurationIsRefused() throws {
        let fixture = try Fixture()
        try fixture.remove("roles/people.yaml")
        try FileManager.default.createSymbolicLink(
            atPath: fixture.root.appendingPathComponent("roles/people.yaml").path, withDestinationPath: "/etc/passwd")
        #expect(fixture.configurationErrors().first?.message.contains("must be a regular file") == true)
    }
}
