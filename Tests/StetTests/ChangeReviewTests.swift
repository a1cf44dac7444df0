import Foundation
import Testing

@testable import Control
@testable import Records

@Suite("The daily loop: stet check --base and stet approve on a real branch")
struct ChangeReviewTests {
    /// Environment in which `git` (run by `stet approve`) signs as `person` with the fixture's key.
    func environment(_ fixture: GitFixture, as person: String) throws -> [String: String] {
        let config = fixture.root.appendingPathComponent("gitconfig-\(person)")
        try """
        [user]
            name = \(person)
            email = \(fixture.email(person))
            signingkey = \(fixture.keys.appendingPathComponent(person).path)
        [gpg]
            format = ssh
        """.write(to: config, atomically: true, encoding: .utf8)
        return [
            "GIT_CONFIG_GLOBAL": config.path, "GIT_CONFIG_NOSYSTEM": "1", "HOME": fixture.root.path,
            // Half an hour after the fixture's last commit: a signature never predates its parent (§7.7).
            "GIT_COMMITTER_DATE": "\(fixture.clock + 1800) +0000", "GIT_AUTHOR_DATE": "\(fixture.clock + 1800) +0000",
        ]
    }

    func check(_ fixture: GitFixture) throws -> StetProcess {
        try StetProcess.run(["check", "-C", fixture.repository.path, "--base", "main"])
    }

    @Test(.verifies("REQ-APR-002", "REQ-APR-006")) func anAuthorsBranchFromEditToRelease() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.branch("revise")

        // Edit without bumping the revision.
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 1, body: "New step 4."))
        try fixture.commit("Edit", as: "alice")
        var result = try check(fixture)
        #expect(result.status == 1)
        #expect(result.stdout.contains("[revision-not-incremented]"))
        #expect(result.stdout.contains("bump it to 2"))
        // The whole report, every time: what was compared, each finding with its line and fix, the total.
        #expect(
            result.stdout == """
                compared the working tree and HEAD (branch revise, \(try fixture.short("HEAD"))) with main (\(try fixture.short("main")))
                controlled-docs/SOP-QA-001.md:5: error: SOP-QA-001 changed at \(try fixture.short("HEAD")) but its revision is still 1 (revision 1 is released); bump it to 2 and give a reason for change [revision-not-incremented] id revision-not-incremented:\(try fixture.short("HEAD")):SOP-QA-001
                stet check: 1 error in 1 file.

                """)

        // Bump without a reason for change.
        let training = "training:\n  roles: [lab-technician]\n  required: true\n"
        try fixture.write(
            "controlled-docs/SOP-QA-001.md",
            "---\nid: SOP-QA-001\ntitle: Cleaning\ntype: SOP\nrevision: 2\nowner: olga\n\(training)---\n# Cleaning\n\nNew step 4.\n")
        try fixture.commit("Bump revision", as: "alice")
        result = try check(fixture)
        #expect(result.status == 1)
        #expect(
            result.stdout.contains(
                "controlled-docs/SOP-QA-001.md:5: error: revision 2 needs a reason for change: add a line like `change: \"What changed and why\"` to the front matter [missing-change-reason]"
            ))
        #expect(
            result.stdout == """
                compared the working tree and HEAD (branch revise, \(try fixture.short("HEAD"))) with main (\(try fixture.short("main")))
                controlled-docs/SOP-QA-001.md:5: error: revision 2 needs a reason for change: add a line like `change: "What changed and why"` to the front matter [missing-change-reason]
                stet check: 1 error in 1 file.

                """)

        // Give the reason; now approvals are what is missing.
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 2, extra: training, body: "New step 4."))
        try fixture.commit("Reason for change", as: "alice")
        result = try check(fixture)
        #expect(result.status == 1)
        #expect(result.stdout.contains("[missing-approval]"))
        #expect(result.stdout.contains("still needs the owner (Olga Owner) and a qa-approver (Quinn Quality, Rita Reviewer)"))
        #expect(result.stdout.contains("stet approve SOP-QA-001"))
        #expect(
            result.stdout == """
                compared the working tree and HEAD (branch revise, \(try fixture.short("HEAD"))) with main (\(try fixture.short("main")))
                controlled-docs/SOP-QA-001.md:5: error: revision 2 of SOP-QA-001 is not approved yet: it still needs the owner (Olga Owner) and a qa-approver (Quinn Quality, Rita Reviewer). Approvers run `stet approve SOP-QA-001` on this branch after reviewing `stet diff SOP-QA-001` [missing-approval] id missing-approval:\(try fixture.short("HEAD")):SOP-QA-001
                stet check: 1 error in 1 file.

                """)

        // The approvers review the redline: the text and the front matter (training, reason).
        let diff = try StetProcess.run(["diff", "SOP-QA-001", "-C", fixture.repository.path])
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("SOP-QA-001: revision 1 (released) → revision 2 (working tree)"))
        #expect(diff.stdout.contains("Reason for change: Revision 2"))
        #expect(diff.stdout.contains("revision: [-1-]{+2+}"))
        #expect(diff.stdout.contains("  training.roles: {+[lab-technician]+}\n  training.required: {+true+}\n"))
        #expect(diff.stdout.contains("[-Text.-]{+New step 4.+}"))
        #expect(
            diff.stdout == """
                SOP-QA-001: revision 1 (released) → revision 2 (working tree)
                Compared: main (\(try fixture.short("main"))) → the working tree of branch revise
                Reason for change: Revision 2
                Legend: [-deleted-] {+inserted+}
                ────────────────────────────────────────────────────────────
                Front matter:
                  revision: [-1-]{+2+}
                  change: {+Revision 2+}
                  training.roles: {+[lab-technician]+}
                  training.required: {+true+}
                ────────────────────────────────────────────────────────────
                @@ -8,3 +12,3 @@
                # Cleaning

                [-Text.-]{+New step 4.+}

                """)

        // The owner approves with stet approve, using her own git signing set-up.
        let approved = try StetProcess.run(
            ["approve", "SOP-QA-001", "-C", fixture.repository.path], environment: environment(fixture, as: "olga"))
        #expect(approved.status == 0, "\(approved.stderr)")
        #expect(approved.stdout.contains("SOP-QA-001 revision 2"))
        let message = try fixture.git(["log", "-1", "--format=%B"])
        #expect(message.contains("Approves: SOP-QA-001 rev 2"))
        #expect(message.contains("Signature-Meaning: Approved"))
        #expect(try fixture.git(["cat-file", "commit", "HEAD"]).contains("gpgsig -----BEGIN SSH SIGNATURE-----"))
        result = try check(fixture)
        #expect(result.status == 1)
        #expect(result.stdout.contains("still needs a qa-approver"))
        #expect(result.stdout.contains("approved so far by Olga Owner (owner)"))
        #expect(
            result.stdout == """
                compared the working tree and HEAD (branch revise, \(try fixture.short("HEAD"))) with main (\(try fixture.short("main")))
                controlled-docs/SOP-QA-001.md:5: error: revision 2 of SOP-QA-001 is not approved yet: it still needs a qa-approver (Quinn Quality, Rita Reviewer); approved so far by Olga Owner (owner). Approvers run `stet approve SOP-QA-001` on this branch after reviewing `stet diff SOP-QA-001` [missing-approval] id missing-approval:\(try fixture.short("HEAD")):SOP-QA-001
                stet check: 1 error in 1 file.

                """)

        // An uncommitted edit makes approval impossible.
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 2, extra: training, body: "Sneaky edit."))
        let refused = try StetProcess.run(
            ["approve", "SOP-QA-001", "-C", fixture.repository.path], environment: environment(fixture, as: "quinn"))
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("uncommitted changes"))
        _ = try fixture.git(["checkout", "--", "controlled-docs/SOP-QA-001.md"])

        // QA approves: the change is ready.
        let qa = try StetProcess.run(
            ["approve", "SOP-QA-001", "-C", fixture.repository.path], environment: environment(fixture, as: "quinn"))
        #expect(qa.status == 0, "\(qa.stderr)")
        result = try check(fixture)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("ready: SOP-QA-001 revision 2 has every required approval"))
        #expect(
            result.stdout == """
                compared the working tree and HEAD (branch revise, \(try fixture.short("HEAD"))) with main (\(try fixture.short("main")))
                ready: SOP-QA-001 revision 2 has every required approval (Olga Owner (owner), Quinn Quality (qa-approver)) and will be released when merged into main
                stet check: no findings.

                """)

        // Merged, it is effective.
        try fixture.merge("revise")
        let verify = try StetProcess.run(["verify", "-C", fixture.repository.path])
        #expect(verify.status == 0, "\(verify.stdout)")
        // (As of a later date: the fixture's clock runs ahead of today.)
        let status = try StetProcess.run(["status", "-C", fixture.repository.path, "SOP-QA-001", "--as-of", "2099-01-01"])
        #expect(status.stdout.contains("revision 2 is effective"))
        #expect(status.stdout.contains("Olga Owner (owner)"))
        #expect(status.stdout.contains("Quinn Quality (qa-approver)"))
        // …and who must now train on it.
        #expect(status.stdout.contains("training: 1 person in 1 role must train on SOP-QA-001 rev 2 by"))
        let obligations = try StetProcess.run([
            "training", "-C", fixture.repository.path, "--document", "SOP-QA-001", "--format", "json", "--as-of", "2099-01-01",
        ])
        #expect(
            obligations.stdout.contains("\"person\" : \"alice\"") || obligations.stdout.contains("\"person\":\"alice\""),
            "\(obligations.stdout)\(obligations.stderr)")
    }

    @Test(.verifies("REQ-APR-006")) func approveRefusesWithoutASigningSetUp() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        // On a change branch (revision 2 of the contract: approve refuses on the release branch itself).
        try fixture.branch("rev2")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 2))
        try fixture.commit("SOP-QA-001 rev 2", as: "alice")
        let head = try fixture.head()
        let config = fixture.root.appendingPathComponent("empty-gitconfig")
        try "[user]\n    name = x\n    email = x@example.test\n[gpg]\n    format = ssh\n".write(
            to: config, atomically: true, encoding: .utf8)
        let result = try StetProcess.run(
            ["approve", "SOP-QA-001", "-C", fixture.repository.path],
            environment: ["GIT_CONFIG_GLOBAL": config.path, "GIT_CONFIG_NOSYSTEM": "1", "HOME": fixture.root.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("user.signingkey is not set; set it: git config --global user.signingkey"))
        #expect(try fixture.head() == head)
    }

    @Test(.verifies("REQ-CFA-001")) func aConfigurationChangeNeedsAnAdmin() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.branch("config")
        try fixture.writeConfiguration(
            revision: 2, extraPeople: "nina:\n  name: Nina New\n  email: nina@example.test\n  roles: [qa-approver]\n")
        try fixture.commit("Add Nina", as: "adam")
        var result = try check(fixture)
        #expect(result.status == 1)
        #expect(result.stdout.contains("configuration revision 2 needs an approval by a holder of qms-admin"))
        // The author's own approval does not count…
        try fixture.approve("CONFIG", revision: 2, as: "adam")
        result = try check(fixture)
        #expect(result.status == 1)
        #expect(result.stdout.contains("[self-approval]"))
        // …another admin's does, and then the author's own attempt is no longer a finding.
        let approved = try StetProcess.run(
            ["approve", "CONFIG", "-C", fixture.repository.path], environment: environment(fixture, as: "ada"))
        #expect(approved.status == 0, "\(approved.stderr)")
        result = try check(fixture)
        #expect(result.status == 0, "\(result.stdout)")
        try fixture.merge("config")
        let verify = try StetProcess.run(["verify", "-C", fixture.repository.path])
        #expect(verify.status == 0, "\(verify.stdout)")
    }
}
