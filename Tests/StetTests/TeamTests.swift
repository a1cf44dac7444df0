import Foundation
import Testing

@testable import Control
@testable import Records

/// Several people, each with their own clone of one bare origin: the daily loop of branches,
/// fetches, approvals and merges, judged as a team meets it.
final class Team {
    let fixture: GitFixture
    let origin: URL
    let author: URL
    let approver: URL
    /// Where main moves: the document controller's clone.
    let controller: URL

    init() throws {
        fixture = try GitFixture()
        try fixture.bootstrap()
        let (origin, clones) = try fixture.team(["author", "approver", "controller"])
        self.origin = origin
        author = clones["author"]!
        approver = clones["approver"]!
        controller = clones["controller"]!
    }

    /// Acts in `clone` from now on.
    func at(_ clone: URL) -> GitFixture {
        fixture.use(clone)
        return fixture
    }

    /// Releases revision 2 of SOP-QA-001 on origin's main, through the controller's clone: a branch,
    /// the two approvals, a merge commit, a push.
    func releaseRevision2OnMain(body: String = "Revision two text.") throws {
        let f = at(controller)
        _ = try f.git(["pull", "-q", "--no-rebase", "origin", "main"])
        try f.branch("sop-rev2")
        try f.write("controlled-docs/SOP-QA-001.md", f.document(revision: 2, body: body))
        try f.commit("SOP-QA-001 rev 2", as: "alice")
        try f.approve("SOP-QA-001", revision: 2, as: "olga")
        try f.approve("SOP-QA-001", revision: 2, as: "quinn")
        try f.merge("sop-rev2")
        _ = try f.git(["push", "-q", "origin", "main"])
    }

    /// Releases configuration revision 2 (a new person) on origin's main, through the controller.
    func releaseConfigRevision2OnMain() throws {
        let f = at(controller)
        _ = try f.git(["pull", "-q", "--no-rebase", "origin", "main"])
        try f.branch("cfg-rev2")
        try f.writeConfiguration(
            revision: 2, extraPeople: "nora:\n  name: Nora New\n  email: nora@example.test\n  roles: [lab-technician]\n")
        try f.commit("Add Nora", as: "adam")
        try f.approve("CONFIG", revision: 2, as: "ada")
        try f.merge("cfg-rev2")
        _ = try f.git(["push", "-q", "origin", "main"])
    }

    /// `stet ARGS` in `clone`, with git isolated from the machine's configuration and the fixture's clock.
    func stet(_ arguments: [String], in clone: URL, signingAs person: String? = nil) throws -> StetProcess {
        var environment = [
            "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "HOME": fixture.root.path,
            "GIT_AUTHOR_DATE": "\(fixture.clock + 3600) +0000", "GIT_COMMITTER_DATE": "\(fixture.clock + 3600) +0000",
        ]
        if let person {
            // The person's own git set-up, as `stet approve` uses it.
            environment["GIT_CONFIG_COUNT"] = "4"
            environment["GIT_CONFIG_KEY_0"] = "user.name"
            environment["GIT_CONFIG_VALUE_0"] = person
            environment["GIT_CONFIG_KEY_1"] = "user.email"
            environment["GIT_CONFIG_VALUE_1"] = fixture.email(person)
            environment["GIT_CONFIG_KEY_2"] = "gpg.format"
            environment["GIT_CONFIG_VALUE_2"] = "ssh"
            environment["GIT_CONFIG_KEY_3"] = "user.signingkey"
            environment["GIT_CONFIG_VALUE_3"] = fixture.keys.appendingPathComponent(person).path
        }
        return try StetProcess.run(arguments, in: clone, environment: environment)
    }
}

@Suite("Branches as teams use them: merge-base judging, stale refs, the release branch, self-checking approve")
struct BranchesTests {
    @Test(.verifies("REQ-CLI-003")) func aBranchThatIsOnlyBehindMainIsClean() throws {
        let team = try Team()
        // The author starts a branch with a new work instruction...
        var f = team.at(team.author)
        try f.branch("add-wi")
        try f.write("controlled-docs/WI-QA-001.md", f.document("WI-QA-001", type: "WI", revision: 1))
        try f.commit("Add WI-QA-001", as: "alice")
        try f.approve("WI-QA-001", revision: 1, as: "olga")
        _ = try f.git(["push", "-q", "origin", "add-wi"])
        // ...meanwhile main releases SOP-QA-001 revision 2 and a configuration change.
        try team.releaseRevision2OnMain()
        try team.releaseConfigRevision2OnMain()
        f = team.at(team.author)
        _ = try f.git(["fetch", "-q", "origin"])
        let check = try team.stet(["check", "--base", "origin/main"], in: team.author)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("stet check: no findings."))
        #expect(check.stdout.contains("ready: WI-QA-001 revision 1"))
        #expect(!check.stdout.contains("revision-not-incremented"))
        #expect(check.stdout.contains("with origin/main ("))
        #expect(check.stdout.contains("merge base"))
        // The whole report: what was compared with what, since which merge base, and the verdict.
        #expect(
            check.stdout == """
                compared the working tree and HEAD (branch add-wi, \(try f.short("HEAD"))) with origin/main (\(try f.short("origin/main"))); judged what HEAD adds since its merge base \(try f.short(f.git(["merge-base", "HEAD", "origin/main"]).trimmingCharacters(in: .whitespacesAndNewlines)))
                ready: WI-QA-001 revision 1 has every required approval (Olga Owner (owner)) and will be released when merged into origin/main
                stet check: no findings.

                """)
    }

    @Test(.verifies("REQ-CLI-003")) func aBranchThatConflictsWithNewerContentOnMainIsStaleBase() throws {
        let team = try Team()
        var f = team.at(team.author)
        try f.branch("edit-sop")
        try f.write("controlled-docs/SOP-QA-001.md", f.document(revision: 2, body: "The author's revision two."))
        try f.commit("SOP-QA-001 rev 2 (author)", as: "alice")
        try team.releaseRevision2OnMain(body: "The controller's revision two.")
        try team.releaseConfigRevision2OnMain()
        f = team.at(team.author)
        _ = try f.git(["fetch", "-q", "origin"])
        let check = try team.stet(["check", "--base", "origin/main"], in: team.author)
        #expect(check.status == 1)
        let line = try #require(check.stdout.split(separator: "\n").first { $0.contains("[stale-base]") })
        #expect(line.hasPrefix("controlled-docs/SOP-QA-001.md:5: error: SOP-QA-001 changed on origin/main since this branch left it"))
        #expect(line.contains("`git merge -S origin/main`"))
        #expect(line.contains("revision 2 released"))
        // No harmful revision advice, and the configuration the branch did not touch is not judged.
        #expect(!check.stdout.contains("revision-not-incremented"))
        #expect(!check.stdout.contains("stet.yaml"))
        #expect(
            check.stdout == """
                compared the working tree and HEAD (branch edit-sop, \(try f.short("HEAD"))) with origin/main (\(try f.short("origin/main"))); judged what HEAD adds since its merge base \(try f.short(f.git(["merge-base", "HEAD", "origin/main"]).trimmingCharacters(in: .whitespacesAndNewlines)))
                controlled-docs/SOP-QA-001.md:5: error: SOP-QA-001 changed on origin/main since this branch left it (at \(try f.short(f.git(["merge-base", "HEAD", "origin/main"]).trimmingCharacters(in: .whitespacesAndNewlines)))); origin/main now has revision 2 released, and this branch's revision 2 was written against the older text. To go on, update the branch from it — `git merge -S origin/main` (or rebase onto it and re-sign) —, resolve the conflict, set the revision to the next one after origin/main's, and get the approvals again [stale-base] id stale-base:\(try f.short("HEAD")):SOP-QA-001
                stet check: 1 error in 1 file.

                """)
        let json = try team.stet(["check", "--base", "origin/main", "--format", "json"], in: team.author)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["code"] as? String == "stale-base" && $0["severity"] as? String == "error" })
        let rows = try ReportedFindings(json: json.stdout).rows
        #expect(rows == ["stale-base error SOP-QA-001 controlled-docs/SOP-QA-001.md:5"])

        // Both sides changing the configuration is stale-base on stet.yaml.
        try f.checkout("edit-sop")
        try f.writeConfiguration(
            revision: 2, extraPeople: "otto:\n  name: Otto Other\n  email: otto@example.test\n  roles: [lab-technician]\n")
        try f.commit("Add Otto", as: "adam")
        let both = try team.stet(["check", "--base", "origin/main"], in: team.author)
        #expect(both.status == 1)
        #expect(both.stdout.contains("stet.yaml: error: the configuration changed on origin/main since this branch left it"))
        #expect(
            both.stdout == """
                compared the working tree and HEAD (branch edit-sop, \(try f.short("HEAD"))) with origin/main (\(try f.short("origin/main"))); judged what HEAD adds since its merge base \(try f.short(f.git(["merge-base", "HEAD", "origin/main"]).trimmingCharacters(in: .whitespacesAndNewlines)))
                controlled-docs/SOP-QA-001.md:5: error: SOP-QA-001 changed on origin/main since this branch left it (at \(try f.short(f.git(["merge-base", "HEAD", "origin/main"]).trimmingCharacters(in: .whitespacesAndNewlines)))); origin/main now has revision 2 released, and this branch's revision 2 was written against the older text. To go on, update the branch from it — `git merge -S origin/main` (or rebase onto it and re-sign) —, resolve the conflict, set the revision to the next one after origin/main's, and get the approvals again [stale-base] id stale-base:\(try f.short("HEAD")):SOP-QA-001
                stet.yaml: error: the configuration changed on origin/main since this branch left it (at \(try f.short(f.git(["merge-base", "HEAD", "origin/main"]).trimmingCharacters(in: .whitespacesAndNewlines)))), and this branch changes it too; origin/main has config-revision 2 in force. Update the branch from it — `git merge -S origin/main` (or rebase onto it and re-sign) —, resolve the conflict, set config-revision to the next one, and get the CONFIG approval again [stale-base] id stale-base:\(try f.short("HEAD")):CONFIG
                stet check: 2 errors in 2 files.

                """)
    }

    @Test(.verifies("REQ-CLI-003")) func aStaleLocalMainIsDetectedAndNamed() throws {
        let team = try Team()
        // Main moves on (revision 2 released) after the approver cloned.
        try team.releaseRevision2OnMain()
        // The author writes revision 3 on a branch from the new main and pushes it.
        var f = team.at(team.author)
        _ = try f.git(["pull", "-q", "--no-rebase", "origin", "main"])
        try f.branch("sop-rev3", from: "main")
        try f.write("controlled-docs/SOP-QA-001.md", f.document(revision: 3, body: "Revision three text."))
        try f.commit("SOP-QA-001 rev 3", as: "alice")
        _ = try f.git(["push", "-q", "origin", "sop-rev3"])
        // The approver follows the guide: fetch, switch to the branch. Their local main is behind.
        f = team.at(team.approver)
        _ = try f.git(["fetch", "-q", "origin"])
        _ = try f.git(["switch", "-q", "sop-rev3"])
        let diff = try team.stet(["diff", "SOP-QA-001"], in: team.approver)
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("SOP-QA-001: revision 2 (released) → revision 3 (working tree)"))
        #expect(diff.stdout.contains("Compared: origin/main ("))
        #expect(diff.stderr.contains("your local main is 4 commits behind origin/main, so stet compared with origin/main"))
        let check = try team.stet(["check", "--base", "main"], in: team.approver)
        #expect(check.stderr.contains("your local main is 4 commits behind origin/main"))
        #expect(check.stdout.contains("with origin/main ("))
        #expect(!check.stdout.contains("revision-not-incremented") && !check.stdout.contains("revision-skipped"))
        #expect(check.stdout.contains("revision 3 of SOP-QA-001 is not approved yet"))
        #expect(
            check.stdout == """
                compared the working tree and HEAD (branch sop-rev3, \(try f.short("HEAD"))) with origin/main (\(try f.short("origin/main")))
                controlled-docs/SOP-QA-001.md:5: error: revision 3 of SOP-QA-001 is not approved yet: it still needs the owner (Olga Owner) and a qa-approver (Quinn Quality, Rita Reviewer). Approvers run `stet approve SOP-QA-001` on this branch after reviewing `stet diff SOP-QA-001` [missing-approval] id missing-approval:\(try f.short("HEAD")):SOP-QA-001
                stet check: 1 error in 1 file.

                """)
        #expect(
            check.stderr
                == "stet check: note: your local main is 4 commits behind origin/main, so stet compared with origin/main; update it with `git fetch && git branch -f main origin/main` (or `git pull` on main)\n"
        )
        let status = try team.stet(["status", "SOP-QA-001"], in: team.approver)
        #expect(status.stdout.contains("SOP-QA-001 revision 3: pending — no approval yet; still needs the owner and a qa-approver"))
        // Revision 2 as origin/main released it (a merge of olga's and quinn's approvals), then the branch's revision 3.
        #expect(
            status.stdout == """
                Audited branch: main (the default branch, whose released configuration names it as release-branch; --branch NAME audits another)

                SOP-QA-001 — Cleaning
                  revision 2 is effective since \(try f.committerTime("origin/main")) (released at \(try f.short("origin/main"))): approved by Olga Owner (owner) on \(try f.committerTime("origin/main^2~1")), approved, key \(try f.fingerprint("olga")); Quinn Quality (qa-approver) on \(try f.committerTime("origin/main^2")), approved, key \(try f.fingerprint("quinn"))

                On branch sop-rev3 (\(try f.short("HEAD"))), as `stet check --base origin/main` judges it against origin/main (\(try f.short("origin/main"))):
                  SOP-QA-001 revision 3: pending — no approval yet; still needs the owner and a qa-approver

                """)
    }

    @Test func checkOnTheReleaseBranchReportsUnapprovedContent() throws {
        let team = try Team()
        let f = team.at(team.controller)
        // Committed straight onto main, signed but never approved.
        try f.write("controlled-docs/SOP-QA-001.md", f.document(revision: 2, body: "Pushed to main."))
        try f.commit("SOP-QA-001 rev 2 straight on main", as: "alice")
        let check = try team.stet(["check", "--base", "main"], in: team.controller)
        #expect(check.status == 1)
        #expect(
            check.stdout.contains("controlled-docs/SOP-QA-001.md:5: error: revision 2 of SOP-QA-001 is committed on main but not released"))
        #expect(check.stdout.contains("[unapproved-change]"))
        #expect(
            check.stdout == """
                compared the working tree and HEAD (branch main, \(try f.short("HEAD"))) with main (\(try f.short("HEAD")))
                controlled-docs/SOP-QA-001.md:5: error: revision 2 of SOP-QA-001 is committed on main but not released: it has not got its approvals (revision 1 stays in force). Approvals are given on a change branch, not on main: get them for this exact content on a branch and merge it, or revert the change [unapproved-change] id unapproved-change:\(try f.short("HEAD")):SOP-QA-001
                stet check: 1 error in 1 file.

                """)
        // An uncommitted edit on main: what it still needs, and where approvals are given.
        try f.write("controlled-docs/SOP-QA-001.md", f.document(revision: 2, body: "Edited on main, not committed."))
        let edited = try team.stet(["check", "--base", "main"], in: team.controller)
        #expect(edited.status == 1)
        #expect(edited.stdout.contains("This is main itself: commit the change on a branch (git switch -c NAME)"))
        #expect(
            edited.stdout == """
                compared the working tree and HEAD (branch main, \(try f.short("HEAD"))) with main (\(try f.short("HEAD")))
                controlled-docs/SOP-QA-001.md:5: error: revision 2 of SOP-QA-001 is not approved yet: it still needs the owner (Olga Owner) and a qa-approver (Quinn Quality, Rita Reviewer). This is main itself: commit the change on a branch (git switch -c NAME), where approvers run `stet approve SOP-QA-001` after reviewing `stet diff SOP-QA-001` [missing-approval] id missing-approval:\(try f.short("HEAD")):SOP-QA-001
                stet check: 1 error in 1 file.

                """)
    }

    @Test func approveRefusesWhatWouldNotCountAndConfirmsWhatDoes() throws {
        let team = try Team()
        let f = team.at(team.author)
        try f.branch("sop-rev2")
        try f.write("controlled-docs/SOP-QA-001.md", f.document(revision: 2, body: "Revision two."))
        try f.commit("SOP-QA-001 rev 2", as: "alice")
        func refused(_ person: String, _ ids: [String] = ["SOP-QA-001"], _ expected: String) throws {
            let head = try f.head()
            let result = try team.stet(["approve"] + ids, in: team.author, signingAs: person)
            #expect(result.status == 1, "\(person): \(result.stdout)")
            #expect(result.stderr.contains(expected), "\(person): \(result.stderr)")
            #expect(result.stderr.contains("nothing was committed"))
            #expect(try f.head() == head)
        }
        // A key that is not enrolled.
        try refused("mallory", ["SOP-QA-001"], "is not enrolled in roles/allowed_signers on the release branch")
        // The author of the change.
        try refused("alice", ["SOP-QA-001"], "Alice Author authored this change to SOP-QA-001")
        // Someone holding none of the roles still missing.
        try refused("adam", ["SOP-QA-001"], "Adam Admin cannot fill any approval revision 2 of SOP-QA-001 still needs")
        // Several ids: one refusal refuses the commit.
        try refused("quinn", ["SOP-QA-001", "CONFIG"], "this branch does not change the configuration")

        // A counting approval is confirmed by re-reading the commit, and status on the branch shows it.
        let quinn = try team.stet(["approve", "SOP-QA-001"], in: team.author, signingAs: "quinn")
        #expect(quinn.status == 0, "\(quinn.stderr)")
        #expect(quinn.stdout.contains("Recorded Quinn Quality's signed approval (Approved) in commit"))
        #expect(quinn.stdout.contains("SOP-QA-001 revision 2: counts; still needs the owner"))
        let status = try team.stet(["status"], in: team.author)
        #expect(
            status.stdout.contains("SOP-QA-001 revision 2: pending — approved by Quinn Quality (qa-approver); still needs the owner"),
            "\(status.stdout)")
        let json = try team.stet(["status", "--format", "json"], in: team.author)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let branch = try #require(object["branch"] as? [String: Any])
        #expect(branch["branch"] as? String == "sop-rev2")
        let pending = try #require((branch["pending"] as? [[String: Any]])?.first)
        #expect(pending["missing"] as? [String] == ["owner"])
        // Approving twice is refused.
        try refused("quinn", ["SOP-QA-001"], "Quinn Quality approved revision 2 of SOP-QA-001 already")
        let olga = try team.stet(["approve", "SOP-QA-001"], in: team.author, signingAs: "olga")
        #expect(olga.status == 0, "\(olga.stderr)")
        #expect(olga.stdout.contains("SOP-QA-001 revision 2: counts; every required approval is there"))

        // A released revision: nothing to approve.
        _ = try f.git(["switch", "-q", "-c", "nothing", "origin/main"])
        try refused("quinn", ["SOP-QA-001"], "revision 1 of SOP-QA-001 is released already on main")
        // On the release branch itself.
        _ = try f.git(["switch", "-q", "main"])
        try refused("quinn", ["SOP-QA-001"], "this is main, the release branch")
    }

    @Test func approveConfigNamesTheEligibleAdminsAndRefusesTheAuthor() throws {
        let team = try Team()
        let f = team.at(team.author)
        try f.branch("cfg")
        try f.writeConfiguration(
            revision: 2, extraPeople: "nora:\n  name: Nora New\n  email: nora@example.test\n  roles: [lab-technician]\n")
        try f.commit("Add Nora", as: "adam")
        let check = try team.stet(["check", "--base", "main"], in: team.author)
        #expect(check.status == 1)
        #expect(check.stdout.contains("who did not author it (Ada Admin)"), "\(check.stdout)")
        let adam = try team.stet(["approve", "CONFIG"], in: team.author, signingAs: "adam")
        #expect(adam.status == 1)
        #expect(adam.stderr.contains("Adam Admin authored this configuration change"), "\(adam.stderr)")
        let quinn = try team.stet(["approve", "CONFIG"], in: team.author, signingAs: "quinn")
        #expect(quinn.status == 1)
        #expect(quinn.stderr.contains("Quinn Quality holds none of qms-admin"))
        let ada = try team.stet(["approve", "CONFIG"], in: team.author, signingAs: "ada")
        #expect(ada.status == 0, "\(ada.stderr)")
        #expect(ada.stdout.contains("CONFIG revision 2: approved"))
        let after = try team.stet(["check", "--base", "main"], in: team.author)
        #expect(after.status == 0, "\(after.stdout)")
    }
}
