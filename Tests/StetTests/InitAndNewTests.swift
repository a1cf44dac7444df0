import Foundation
import Testing
import Yams

@testable import Authoring
@testable import Control
@testable import Records

@Suite("stet init and stet new: a repository and a document a newcomer can start from")
struct InitAndNewTests {
    @Test(.verifies("REQ-CLI-004")) func initScaffoldsARepositoryThatPassesCheckWithValidWorkflows() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("stet-init-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try StetProcess.run(["init", root.path, "--organization", "Acme \"Bio\": Cambridge"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("(a new git repository, branch main)"))
        #expect(result.stdout.contains("git commit -S"))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(".git/HEAD").path))
        #expect(try String(contentsOf: root.appendingPathComponent(".git/HEAD"), encoding: .utf8) == "ref: refs/heads/main\n")

        let check = try StetProcess.run(["check", "-C", root.path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("no findings"))
        let snapshot = try SnapshotReader.read(from: WorkingTree(root: root))
        #expect(snapshot.records.configuration.organization == "Acme \"Bio\": Cambridge")

        // GitHub Actions: full history, check --base on pull requests, verify and build on main, portal kept.
        let github = try #require(
            try Yams.load(yaml: String(contentsOf: root.appendingPathComponent(".github/workflows/stet.yml"), encoding: .utf8))
                as? [String: Any])
        let steps = try #require(((github["jobs"] as? [String: Any])?["stet"] as? [String: Any])?["steps"] as? [[String: Any]])
        let documentsCheckout = try #require(steps.first { ($0["uses"] as? String)?.hasPrefix("actions/checkout") == true })
        #expect((documentsCheckout["with"] as? [String: Any])?["fetch-depth"] as? Int == 0)
        let runs = steps.compactMap { step in (step["run"] as? String).map { (step["if"] as? String ?? "", $0) } }
        #expect(runs.contains { $0.0.contains("pull_request") && $0.1.contains("stet check --base") && $0.1.contains("--format github") })
        #expect(runs.contains { $0.0.contains("push") && $0.1.contains("stet verify") })
        #expect(runs.contains { $0.0.contains("push") && $0.1.contains("stet build --branch main --out portal") })
        #expect(steps.contains { ($0["uses"] as? String)?.hasPrefix("actions/upload-artifact") == true })

        // GitLab: the same, with GIT_DEPTH 0.
        let gitlab = try #require(
            try Yams.load(yaml: String(contentsOf: root.appendingPathComponent(".gitlab-ci.yml"), encoding: .utf8)) as? [String: Any])
        #expect((gitlab["variables"] as? [String: Any])?["GIT_DEPTH"] as? String == "0")
        let checkJob = try #require(gitlab["stet-check"] as? [String: Any])
        #expect((checkJob["script"] as? [String])?.contains { $0.hasPrefix("stet check --base") } == true)
        let publish = try #require(gitlab["stet-publish"] as? [String: Any])
        // Verify (pinned to STET_TRUST_ROOT when it is set: GeneratedCITests runs it), then build.
        let publishScript = try #require(publish["script"] as? [String])
        #expect(publishScript.count == 2)
        #expect(
            publishScript.first?.contains("stet verify --branch main \"$@\" --format gitlab > gl-code-quality-report.json || true") == true)
        #expect(publishScript.last == "stet build --branch main --out portal")
        #expect(((publish["artifacts"] as? [String: Any])?["paths"] as? [String]) == ["portal"])
        // Merge requests and the release branch publish their findings as a Code Quality report.
        for job in [checkJob, publish] {
            let reports = (job["artifacts"] as? [String: Any])?["reports"] as? [String: Any]
            #expect(reports?["codequality"] as? String == "gl-code-quality-report.json")
        }
        #expect((checkJob["script"] as? [String])?.contains { $0.contains("--format gitlab > gl-code-quality-report.json") } == true)
        // Current actions (not on the deprecated node20), the toolchain stet is tested with, and stet
        // pinned to the release that wrote the templates (what `stet --version` prints).
        let version = try StetProcess.run(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!version.isEmpty)
        let uses = steps.compactMap { $0["uses"] as? String }
        #expect(uses.filter { $0.hasPrefix("actions/") }.allSatisfy { $0.hasSuffix("@v7") }, "\(uses)")
        #expect((github["env"] as? [String: Any])?["STET_REF"] as? String == version)
        #expect((gitlab["variables"] as? [String: Any])?["STET_REF"] as? String == version)
        let job = try #require((github["jobs"] as? [String: Any])?["stet"] as? [String: Any])
        #expect(job["container"] as? String == "swift:6.3.1-bookworm")
        #expect((gitlab["default"] as? [String: Any])?["image"] as? String == "swift:6.3.1-bookworm")

        // Run again, it refuses and changes nothing.
        let people = root.appendingPathComponent("roles/people.yaml")
        try "# mine\n".write(to: people, atomically: true, encoding: .utf8)
        let again = try StetProcess.run(["init", root.path])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already has stet.yaml"))
        #expect(again.stderr.contains("nothing was changed"))
        #expect(try String(contentsOf: people, encoding: .utf8) == "# mine\n")
    }

    @Test(.verifies("REQ-CLI-004")) func fromInitToAReleasedFirstDocument() throws {
        let fixture = try GitFixture()
        let init_ = try StetProcess.run(["init", "-C", fixture.repository.path, "--organization", "Fixture Biologics"])
        #expect(init_.status == 0, "\(init_.stderr)")
        #expect(!init_.stdout.contains("a new git repository"))

        // The administrator puts the team and their keys in, and signs the root of trust.
        var people = ""
        for (id, name, roles) in [
            ("adam", "Adam Admin", "qms-admin"), ("olga", "Olga Owner", "process-owner, all-staff"),
            ("quinn", "Quinn Quality", "qa-approver, all-staff"), ("alice", "Alice Author", "all-staff"),
        ] {
            people += "\(id):\n  name: \(name)\n  email: \(fixture.email(id))\n  roles: [\(roles)]\n"
        }
        try fixture.write("roles/people.yaml", people)
        try fixture.write(
            "roles/allowed_signers",
            ["adam", "olga", "quinn", "alice"].map { "\(fixture.email($0)) namespaces=\"git\" \(fixture.publicKeys[$0]!)\n" }.joined())
        try fixture.commit("Configuration: root of trust", as: "adam")
        let verified = try StetProcess.run(["verify", "-C", fixture.repository.path])
        #expect(verified.status == 0, "\(verified.stdout)")

        // An author starts the first SOP on a branch.
        try fixture.branch("first-sop")
        let created = try StetProcess.run(
            ["new", "SOP", "Document Control", "--owner", "olga", "--folder", "quality", "--area", "QA"], in: fixture.repository)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout == "controlled-docs/quality/SOP-QA-001.md\n")
        try fixture.commit("Add SOP-QA-001", as: "alice")
        let check = try StetProcess.run(["check", "-C", fixture.repository.path, "--base", "main"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("still needs the owner (Olga Owner) and a qa-approver (Quinn Quality)"))

        try fixture.approve("SOP-QA-001", revision: 1, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 1, as: "quinn")
        try fixture.merge("first-sop", as: "adam")
        let status = try StetProcess.run(["status", "-C", fixture.repository.path, "SOP-QA-001"])
        #expect(status.status == 0)
        #expect(status.stdout.contains("revision 1 is effective"))
        let training = try StetProcess.run(["training", "-C", fixture.repository.path, "--document", "SOP-QA-001", "--format", "csv"])
        #expect(training.stdout.contains("\"olga\",\"SOP-QA-001\",\"1\","))
        #expect(training.stdout.contains("\"alice\",\"SOP-QA-001\",\"1\","))
        #expect(!training.stdout.contains("\"adam\""))
    }

    // MARK: - stet new

    func plan(
        _ type: String, _ title: String = "A Title", owner: String? = "mchen", email: String? = nil, folder: String? = nil,
        area: String? = nil, template: String? = nil
    ) throws -> NewDocument {
        let snapshot = try SnapshotReader.read(from: WorkingTree(root: packageRoot))
        return try NewDocument.plan(
            .init(type: type, title: title, owner: owner, email: email, folder: folder, area: area), in: snapshot, template: template)
    }

    @Test(.verifies("REQ-CLI-004")) func newTakesTheNextFreeIdOfTheTypeInTheFolder() throws {
        #expect(try plan("SOP", folder: "quality").path.rawValue == "controlled-docs/quality/SOP-QA-007.md")
        #expect(try plan("SOP", folder: "controlled-docs/quality/").id.rawValue == "SOP-QA-007")
        #expect(try plan("WI", folder: "production").id.rawValue == "WI-PR-002")
        // The bundled example holds POL-QA-001 and the GMP refresher POL-QA-002.
        #expect(try plan("POL", folder: "quality").id.rawValue == "POL-QA-003")
        // A type new to the folder takes the folder's area; an explicit area starts its own series.
        #expect(try plan("WI", folder: "supply").id.rawValue == "WI-SQ-001")
        #expect(try plan("SOP", folder: "quality", area: "QC").id.rawValue == "SOP-QC-001")
        #expect(try plan("SOP", folder: "quality", area: "QA").id.rawValue == "SOP-QA-007")
        // A new folder without an area: TYPE-NNN.
        #expect(try plan("FORM", folder: "new-area").path.rawValue == "controlled-docs/new-area/FORM-001.md")
    }

    @Test(.verifies("REQ-CLI-004")) func newFillsTheFrontMatterSoTheDocumentReadsBack() throws {
        let title = "Cleaning: \"Grade A\" rooms # and more"
        let new = try plan("SOP", title, folder: "quality")
        let (document, problems) = DocumentReader.read(text: new.text, path: new.path)
        #expect(problems.isEmpty)
        #expect(document?.frontMatter.title == title)
        #expect(document?.frontMatter.revision.number == 1)
        #expect(document?.frontMatter.owner.rawValue == "mchen")
        #expect(new.text.contains("\n# \(title)\n"))
        // The owner from the runner's git e-mail.
        #expect(try plan("SOP", owner: nil, email: "Mei.Chen@northwind-bio.example").text.contains("owner: mchen"))
    }

    @Test(.verifies("REQ-CLI-004")) func newRefusesWhatWouldNotBeAValidDocument() {
        func message(_ body: () throws -> NewDocument) -> String {
            do {
                _ = try body()
                return "no error"
            } catch { return "\(error)" }
        }
        #expect(message { try plan("MEMO") }.contains("'MEMO' is not a document type of stet.yaml; use one of FORM, POL, SOP, WI"))
        #expect(message { try plan("SOP", "Evil\u{202E}txt") }.contains("bidirectional"))
        #expect(message { try plan("SOP", owner: "nobody") }.contains("--owner nobody is not in roles/people.yaml"))
        #expect(message { try plan("SOP", owner: nil, email: "stranger@example.com") }.contains("Pass --owner"))
        #expect(message { try plan("SOP", folder: "../outside") }.contains("name a folder inside controlled-docs"))
        #expect(message { try plan("SOP", area: "qa") }.contains("--area qa"))
        #expect(
            message { try plan("SOP", template: "---\nid: {{id}}\ntitle: {{title}}\n---\n") }.contains(
                "the template does not make a valid document"))
    }

    @Test(.verifies("REQ-CLI-004")) func newUsesTheRepositorysTemplateAndNeverOverwrites() throws {
        let fixture = try Fixture()
        try fixture.write(
            "templates/SOP.md",
            "---\nid: {{id}}\ntitle: {{title}}\ntype: {{type}}\nrevision: 1\nowner: {{owner}}\n---\n# {{title}}\n\nOur SOP layout.\n")
        let first = try StetProcess.run(["new", "-C", fixture.root.path, "SOP", "Gowning", "--owner", "bob"])
        #expect(first.status == 0, "\(first.stderr)")
        let path = first.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("Our SOP layout."))
        let second = try StetProcess.run(["new", "-C", fixture.root.path, "SOP", "Gowning again", "--owner", "bob"])
        #expect(second.stdout.trimmingCharacters(in: .whitespacesAndNewlines) != path)
        #expect(try StetProcess.run(["check", "-C", fixture.root.path]).status == 0)
    }
}
