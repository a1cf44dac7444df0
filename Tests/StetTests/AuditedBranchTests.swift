import Foundation
import Testing

@testable import Control
@testable import Records
@testable import Repository

/// The working tree never chooses what the record commands audit or publish
/// (hostile-input review, holes 1 and 2).
@Suite("The audited branch and the templates come from signed history, never the working tree")
struct AuditedBranchTests {
    /// Main with one released document, and an orphan branch `forged` carrying its own
    /// configuration (naming itself the release branch) and a forged revision of the document.
    func repositoryWithAForgedOrphan(naming releaseBranch: String = "forged") throws -> GitFixture {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        _ = try fixture.git(["checkout", "-q", "--orphan", "forged"])
        _ = try fixture.git(["rm", "-rq", "--cached", "."])
        try fixture.writeConfiguration()
        try fixture.write(
            "stet.yaml", GitFixture.stetYAML.replacingOccurrences(of: "release-branch: main", with: "release-branch: \(releaseBranch)"))
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 1, body: "FORGED TEXT."))
        try fixture.commit("Forged root", as: "adam")
        try fixture.approve("SOP-QA-001", revision: 1, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 1, as: "quinn")
        try fixture.checkout("main")
        return fixture
    }

    func verifyJSON(_ fixture: GitFixture, _ extra: [String] = []) throws -> (StetProcess, [String: Any]) {
        let run = try StetProcess.run(["verify", "-C", fixture.repository.path, "--format", "json"] + extra)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
        return (run, json)
    }

    /// The error a command ended with: the last line of its standard error, after the progress lines (`[1/2] …`) of the
    /// steps it ran, which must be all the other lines.
    static func error(_ stderr: String) -> String {
        let lines = stderr.split(separator: "\n").map(String.init)
        guard lines.dropLast().allSatisfy({ $0.hasPrefix("[") }) else { return "unexpected lines before the error: \(stderr)" }
        return lines.last ?? ""
    }

    func mainRoot(_ fixture: GitFixture) throws -> String {
        try fixture.git(["rev-list", "--max-parents=0", "main"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func anUncommittedReleaseBranchEditDoesNotRedirectTheAudit() throws {
        let fixture = try repositoryWithAForgedOrphan()
        // The attacker's uncommitted edit (or a pull request's checkout) points at the orphan.
        try fixture.write(
            "stet.yaml", GitFixture.stetYAML.replacingOccurrences(of: "release-branch: main", with: "release-branch: forged"))
        let (run, json) = try verifyJSON(fixture)
        #expect(run.status == 0)
        #expect(json["rootOfTrust"] as? String == (try mainRoot(fixture)))
        let tip = try fixture.git(["rev-parse", "main"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(json["tip"] as? String == tip)

        let out = fixture.root.appendingPathComponent("portal")
        let build = try StetProcess.run(["build", "-C", fixture.repository.path, "--out", out.path, "--quiet"])
        #expect(build.status == 0, "\(build.stderr)")
        let page = try String(contentsOf: out.appendingPathComponent("documents/SOP-QA-001/index.html"), encoding: .utf8)
        #expect(page.contains("Text."))
        #expect(!page.contains("FORGED TEXT."))
    }

    @Test func anUnsignedCommitRedirectingTheReleaseBranchIsAFindingNotARedirect() throws {
        let fixture = try repositoryWithAForgedOrphan()
        try fixture.write(
            "stet.yaml",
            GitFixture.stetYAML.replacingOccurrences(of: "release-branch: main", with: "release-branch: forged")
                .replacingOccurrences(of: "config-revision: 1", with: "config-revision: 2"))
        let redirect = try fixture.commit("Point the record elsewhere", as: "alice", sign: false)
        let (run, json) = try verifyJSON(fixture)
        #expect(run.status == 1)
        #expect(json["rootOfTrust"] as? String == (try mainRoot(fixture)))
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["code"] as? String == "unsigned-commit" && $0["commit"] as? String == redirect })
        #expect(findings.contains { $0["code"] as? String == "config-unapproved" })
        let reported = try ReportedFindings(json: run.stdout)
        #expect(reported.rows == ["config-unapproved error CONFIG stet.yaml:-", "unsigned-commit error - -:-"])
        #expect(
            reported.messages == [
                "configuration revision 2 reached the release branch at \(redirect.prefix(12)) without an approval ('Approves: CONFIG rev 2') signed by a holder of qms-admin under the previous configuration; the previous configuration stays in force",
                "commit \(redirect.prefix(12)) (Point the record elsewhere): the commit is not signed; it changes controlled files — sign it (git commit -S) and re-apply the change",
            ])

        let status = try StetProcess.run(["status", "-C", fixture.repository.path, "SOP-QA-001", "--format", "json"])
        #expect(status.status == 0)
        #expect(status.stdout.contains("\"revision\" : 1"))
    }

    @Test func theBranchOptionAuditsTheNamedBranchAndItsOwnConfigurationMustNameIt() throws {
        let fixture = try repositoryWithAForgedOrphan()
        // --branch forged: audited on its own terms (its root differs from main's: --trust-root pins).
        let (forged, forgedJSON) = try verifyJSON(fixture, ["--branch", "forged"])
        #expect(forged.status == 0)
        #expect(forgedJSON["rootOfTrust"] as? String != (try mainRoot(fixture)))
        let (pinned, pinnedJSON) = try verifyJSON(fixture, ["--branch", "forged", "--trust-root", try mainRoot(fixture)])
        #expect(pinned.status == 1)
        #expect((pinnedJSON["findings"] as? [[String: Any]])?.contains { $0["code"] as? String == "untrusted-root" } == true)
        let pinnedFindings = try ReportedFindings(json: pinned.stdout)
        // The orphan's own history: its root carries the document, approved two commits later.
        let forgedRoot = try fixture.git(["rev-parse", "forged~2"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(
            pinnedFindings.rows == ["unapproved-change warning SOP-QA-001 controlled-docs/SOP-QA-001.md:-", "untrusted-root error - -:-"])
        #expect(
            pinnedFindings.messages == [
                "revision 1 of SOP-QA-001 reached the release branch at \(forgedRoot.prefix(12)) before its required approvals; it was released later, at \(try fixture.short("forged")), when they were merged — the content was on the release branch unapproved in between (a deviation: record it and close it with `Closes: unapproved-change:\(forgedRoot.prefix(12)):SOP-QA-001 DEV-…`)",
                "the root of trust (the first commit holding stet.yaml) is \(forgedRoot), not the pinned \(try mainRoot(fixture)); the history was replaced or the pin is wrong",
            ])

        // A branch whose released configuration names another release branch is not a record.
        try fixture.branch("side")
        try fixture.commit("Side work", as: "alice", allowEmpty: true)
        try fixture.checkout("main")
        let (side, sideJSON) = try verifyJSON(fixture, ["--branch", "side"])
        #expect(side.status == 1)
        let finding = try #require(
            (sideJSON["findings"] as? [[String: Any]])?.first { $0["code"] as? String == "untrusted-root" })
        #expect(finding["severity"] as? String == "error")
        #expect((finding["message"] as? String)?.contains("names release-branch: main") == true)
        let sideFindings = try ReportedFindings(json: side.stdout)
        #expect(sideFindings.rows == ["untrusted-root error - stet.yaml:-"])
        #expect(
            sideFindings.messages == [
                "the audited branch is side, but the configuration released on it names release-branch: main; audit main (--branch main), or release a CONFIG change on side that names it"
            ])
    }

    @Test func aMissingBranchIsAClearUsageError() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let run = try StetProcess.run(["verify", "-C", fixture.repository.path, "--branch", "nowhere"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--branch nowhere"))
        #expect(run.stdout == "")
        #expect(
            Self.error(run.stderr)
                == "stet: --branch nowhere: this repository has no branch nowhere (refs/heads/nowhere or refs/remotes/origin/nowhere); a tag, a commit or another reference is never the release branch; fetch it (git fetch origin nowhere) or name an existing branch"
        )
    }

    @Test func untrackedAndUnreleasedTemplatesAreNotPublished() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        // A template committed after the configuration's release, without a CONFIG approval.
        try fixture.write("site-templates/footer.mustache", "<footer>Approved by: Dr. Nobody</footer>\n")
        try fixture.commit("Restyle the footer", as: "alice", sign: false)
        // An untracked template in the working tree.
        try fixture.write("site-templates/head.mustache", "<script>alert(1)</script>\n")
        let out = fixture.root.appendingPathComponent("portal")
        let build = try StetProcess.run(["build", "-C", fixture.repository.path, "--out", out.path, "--quiet"])
        #expect(build.status == 0, "\(build.stderr)")
        let page = try String(contentsOf: out.appendingPathComponent("documents/SOP-QA-001/index.html"), encoding: .utf8)
        #expect(!page.contains("alert(1)"))
        #expect(!page.contains("Dr. Nobody"))
        #expect(page.contains("Content-Security-Policy"))
    }

    @Test func templatesReleasedWithTheConfigurationArePublished() throws {
        let fixture = try GitFixture()
        try fixture.writeConfiguration()
        try fixture.write("site-templates/footer.mustache", "<footer>Northwind portal footer</footer>\n")
        try fixture.commit("Configuration with a footer", as: "adam")
        let out = fixture.root.appendingPathComponent("portal")
        let build = try StetProcess.run(["build", "-C", fixture.repository.path, "--out", out.path, "--quiet"])
        #expect(build.status == 0, "\(build.stderr)")
        let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("Northwind portal footer"))
    }

    @Test func aTagNamedLikeTheReleaseBranchIsNeverAudited() throws {
        // The orphan's configuration names `main`, and anyone who may push tags pushes it as the tag `main`.
        let fixture = try repositoryWithAForgedOrphan(naming: "main")
        _ = try fixture.git(["tag", "main", "forged"])
        // The clone has not fetched the branch itself: only the tag is there.
        _ = try fixture.git(["checkout", "-q", "--detach", "main"])
        _ = try fixture.git(["branch", "-q", "-D", "main"])
        let explicit = try StetProcess.run(["verify", "-C", fixture.repository.path, "--branch", "main"])
        #expect(explicit.status == 2)
        #expect(explicit.stderr.contains("--branch main: this repository has no branch main"), "\(explicit.stderr)")
        let implicit = try StetProcess.run(["verify", "-C", fixture.repository.path, "--format", "json"])
        #expect(implicit.status == 2, "\(implicit.stdout)")
        #expect(!implicit.stdout.contains("\"ok\" : true"))
        #expect(
            Self.error(explicit.stderr)
                == "stet: --branch main: this repository has no branch main (refs/heads/main or refs/remotes/origin/main); a tag, a commit or another reference is never the release branch; fetch it (git fetch origin main) or name an existing branch"
        )
        #expect(
            implicit.stderr
                == "stet: no release branch to audit: this repository has no origin/HEAD, no branch main or master, and no branch checked out; pass --branch NAME (the release branch), or fetch it (git fetch origin NAME)\n"
        )
    }

    @Test func aBranchPushedAsOriginSlashMainIsNotTheReleaseBranch() throws {
        let fixture = try repositoryWithAForgedOrphan(naming: "main")
        // As fetched in CI: origin/main is the real branch, and the attacker's branch `origin/main` on the
        // server arrives as refs/remotes/origin/origin/main; there is no local main.
        let real = try fixture.git(["rev-parse", "main"]).trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try fixture.git(["update-ref", "refs/remotes/origin/main", real])
        _ = try fixture.git(["update-ref", "refs/remotes/origin/origin/main", "forged"])
        _ = try fixture.git(["checkout", "-q", "--detach", "main"])
        _ = try fixture.git(["branch", "-q", "-D", "main"])
        let (run, json) = try verifyJSON(fixture, ["--branch", "origin/main"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(json["tip"] as? String == real)
        // And with no remote-tracking main at all, `origin/main` is not looked for among local branches.
        _ = try fixture.git(["update-ref", "-d", "refs/remotes/origin/main"])
        _ = try fixture.git(["branch", "-q", "origin/main", "forged"])
        let missing = try StetProcess.run(["verify", "-C", fixture.repository.path, "--branch", "origin/main"])
        #expect(missing.status == 2, "\(missing.stdout)")
    }

    @Test func theDefaultBranchIsOriginHeadThenMain() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let git = try GitRepository(at: fixture.repository)
        #expect(AuditedBranch.defaultBranch(of: git) == "main")
        _ = try fixture.git(["branch", "-q", "trunk", "main"])
        _ = try fixture.git(["update-ref", "refs/remotes/origin/trunk", "main"])
        _ = try fixture.git(["symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/trunk"])
        #expect(AuditedBranch.defaultBranch(of: try GitRepository(at: fixture.repository)) == "trunk")
    }

    @Test func withoutADefaultBranchTheErrorSaysToPassTheBranch() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        _ = try fixture.git(["branch", "-q", "-m", "main", "release"])
        _ = try fixture.git(["checkout", "-q", "--detach", "release"])
        let run = try StetProcess.run(["verify", "-C", fixture.repository.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("no release branch to audit"), "\(run.stderr)")
        #expect(run.stderr.contains("pass --branch NAME"))
        #expect(!run.stderr.contains("names the release branch main"))
        #expect(
            Self.error(run.stderr)
                == "stet: no release branch to audit: this repository has no origin/HEAD, no branch main or master, and no branch checked out; pass --branch NAME (the release branch), or fetch it (git fetch origin NAME)"
        )
    }

    @Test func verifyAndStatusSayWhichBranchTheyAuditedAndWhy() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let text = try StetProcess.run(["verify", "-C", fixture.repository.path])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("Audited branch: main (the default branch, whose released configuration names it"), "\(text.stdout)")
        let (_, json) = try verifyJSON(fixture, ["--branch", "main"])
        let audited = try #require(json["auditedBranch"] as? [String: Any])
        #expect(audited["name"] as? String == "main")
        #expect(audited["chosenBy"] as? String == "--branch")
        #expect(json["findings"] != nil && json["tip"] != nil && json["rootOfTrust"] != nil)
        #expect(
            text.stdout == """
                Audited branch: main (the default branch, whose released configuration names it as release-branch; --branch NAME audits another)
                Signatures of 5 commits reachable from the release branch: 5 good. (--verbose lists the good ones too.)
                stet verify: no findings.

                """)

        let status = try StetProcess.run(["status", "-C", fixture.repository.path])
        #expect(status.stdout.hasPrefix("Audited branch: main (the default branch"), "\(status.stdout)")
        #expect(
            status.stdout == """
                Audited branch: main (the default branch, whose released configuration names it as release-branch; --branch NAME audits another)

                SOP-QA-001 — Cleaning
                  revision 1 is effective since \(try fixture.committerTime("main")) (released at \(try fixture.short("main"))): approved by Olga Owner (owner) on \(try fixture.committerTime("main^2~1")), approved, key \(try fixture.fingerprint("olga")); Quinn Quality (qa-approver) on \(try fixture.committerTime("main^2")), approved, key \(try fixture.fingerprint("quinn"))

                """)
        let statusJSON = try StetProcess.run(["status", "-C", fixture.repository.path, "--branch", "main", "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(statusJSON.stdout.utf8)) as? [String: Any])
        #expect((report["auditedBranch"] as? [String: Any])?["chosenBy"] as? String == "--branch")
        #expect(report["documents"] != nil)
    }
}
