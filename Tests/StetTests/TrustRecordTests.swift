import Foundation
import Testing

@testable import Control
@testable import Records
@testable import Repository

/// `stet verify --format json`, parsed: the exit status and the findings.
struct VerifyRun {
    var status: Int32
    var findings: [[String: Any]]
    var text: String

    init(_ fixture: GitFixture, _ extra: [String] = []) throws {
        let result = try StetProcess.run(["verify", "-C", fixture.repository.path, "--format", "json"] + extra)
        status = result.status
        text = result.stdout + result.stderr
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        findings = object?["findings"] as? [[String: Any]] ?? []
    }

    func finding(_ id: String) -> [String: Any]? { findings.first { $0["id"] as? String == id } }
}

@Suite("Time: a signature's claim is checked, and nothing takes effect before its release (PRODUCT.md §7.3, §7.7)")
struct TimeTests {
    @Test(.verifies("REQ-HIS-005")) func aBackdatedApprovalIsImplausibleAndDoesNotCount() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let rootTime = try #require(try fixture.record().configurations.first?.at)
        try fixture.branch("rev2")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 2))
        try fixture.commit("Revise", as: "alice")
        try fixture.approve("SOP-QA-001", revision: 2, as: "olga")
        let now = fixture.clock
        // Claims a time months before the content it approves existed (but after the root of trust).
        fixture.setClock(rootTime + 60)
        let backdated = try fixture.approve("SOP-QA-001", revision: 2, as: "quinn")
        fixture.setClock(now + 3600)
        try fixture.merge("rev2")

        let record = try fixture.record()
        let finding = try #require(record.findings.first { $0.code == .implausibleTime })
        #expect(finding.id == "implausible-time:\(backdated)")
        #expect(finding.severity == .error)
        #expect(finding.message.contains("before its parent"))
        let status = try #require(fixture.status("SOP-QA-001", in: record))
        #expect(status.inForce?.revision.number == 1)
        #expect(status.pending?.missing.map(\.rawValue) == ["qa-approver"])

        let run = try VerifyRun(fixture)
        #expect(run.status == 1)
        #expect(run.finding("implausible-time:\(backdated)")?["severity"] as? String == "error")
    }

    @Test(.verifies("REQ-HIS-005")) func aClaimEarlierThanTheRootOfTrustDoesNotCount() throws {
        let fixture = try GitFixture()
        try fixture.write("README.md", "Before stet.\n")
        let early = try fixture.commit("Initial", as: "adam")
        let earlyTime = fixture.clock
        fixture.setClock(earlyTime + 30 * 86_400)
        try fixture.writeConfiguration()
        try fixture.commit("Configuration", as: "adam")
        try fixture.branch("add-sop")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 1))
        try fixture.commit("Add SOP-QA-001", as: "alice")
        try fixture.approve("SOP-QA-001", revision: 1, as: "olga")
        let now = fixture.clock
        // A branch from before the root of trust: the approval is later than its parent but earlier than the root.
        try fixture.branch("old", from: early)
        fixture.setClock(earlyTime + 3600)
        let backdated = try fixture.approve("SOP-QA-001", revision: 1, as: "quinn")
        fixture.setClock(now + 3600)
        try fixture.checkout("add-sop")
        _ = try fixture.git([
            "-c", "user.name=ada", "-c", "user.email=\(fixture.email("ada"))", "-c", "gpg.format=ssh", "-c",
            "user.signingkey=\(fixture.keys.appendingPathComponent("ada").path)", "merge", "-q", "--no-ff", "-S",
            "--allow-unrelated-histories", "-m", "Take the old approval", "old",
        ])
        try fixture.merge("add-sop")

        let record = try fixture.record()
        let finding = try #require(record.findings.first { $0.code == .implausibleTime })
        #expect(finding.id == "implausible-time:\(backdated)")
        #expect(finding.severity == .error)
        #expect(finding.message.contains("before the root of trust"))
        #expect(fixture.status("SOP-QA-001", in: record)?.state == .pending)
    }

    @Test(.verifies("REQ-REL-003")) func theEffectiveDateIsNeverBeforeTheMergeThatReleasesIt() throws {
        let fixture = try GitFixture()
        try fixture.writeConfiguration()
        try fixture.commit("Configuration", as: "adam")
        try fixture.branch("add-sop")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 1))
        try fixture.commit("Add SOP-QA-001", as: "alice")
        try fixture.approve("SOP-QA-001", revision: 1, as: "olga")
        let approved = try fixture.approve("SOP-QA-001", revision: 1, as: "quinn")
        // The branch waits three days before it is merged.
        fixture.setClock(fixture.clock + 3 * 86_400)
        let merge = try fixture.merge("add-sop")
        let mergeTime = fixture.clock

        let record = try fixture.record()
        let release = try #require(fixture.status("SOP-QA-001", in: record)?.inForce)
        #expect(release.commit.hex == merge)
        #expect(release.approvals.first { $0.commit.hex == approved }!.signedAt < mergeTime - 2 * 86_400)
        #expect(release.effectiveAt == mergeTime)
        let status = try StetProcess.run(["status", "-C", fixture.repository.path, "--format", "json"])
        #expect(status.stdout.contains("\"effectiveDate\" : \"\(RecordReport.timestamp(mergeTime))\""))
    }
}

@Suite("Meaning and reason for change (PRODUCT.md §3, §4, §7.1)")
struct MeaningTests {
    @Test(.verifies("REQ-APR-005")) func reviewedSignaturesDoNotReleaseARevision() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.branch("rev2")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 2))
        try fixture.commit("Revise", as: "alice")
        try fixture.approve("SOP-QA-001", revision: 2, as: "olga", meaning: "Reviewed")
        try fixture.approve("SOP-QA-001", revision: 2, as: "quinn", meaning: "Reviewed")
        let merge = try fixture.merge("rev2")

        let record = try fixture.record()
        let status = try #require(fixture.status("SOP-QA-001", in: record))
        #expect(status.inForce?.revision.number == 1)
        #expect(status.pending?.missing.map(\.rawValue) == ["owner", "qa-approver"])
        #expect(status.pending?.notes.contains { $0.contains("means Reviewed, which fills only an approvals entry that asks for") } == true)
        let run = try VerifyRun(fixture)
        #expect(run.status == 1)
        let finding = try #require(run.finding("unapproved-change:\(merge):SOP-QA-001"))
        #expect(finding["severity"] as? String == "error")
        #expect(finding["code"] as? String == "unapproved-change")
    }

    @Test(.verifies("REQ-APR-005")) func anEntryThatAsksForReviewedIsFilledOnlyByAReviewedSignature() throws {
        let fixture = try GitFixture()
        try fixture.writeConfiguration()
        try fixture.write(
            "stet.yaml",
            GitFixture.stetYAML.replacingOccurrences(
                of: "approvals: [owner, qa-approver]", with: "approvals: [owner, {role: qa-approver, meaning: Reviewed}]"))
        try fixture.commit("Configuration", as: "adam")
        try fixture.branch("add-sop")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 1))
        try fixture.commit("Add SOP-QA-001", as: "alice")
        try fixture.approve("SOP-QA-001", revision: 1, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 1, as: "quinn")  // Approved: not what the entry asks for
        try fixture.merge("add-sop")
        #expect(fixture.status("SOP-QA-001", in: try fixture.record())?.pending?.missing.map(\.rawValue) == ["qa-approver"])

        try fixture.branch("review", from: "add-sop")
        let reviewed = try fixture.approve("SOP-QA-001", revision: 1, as: "rita", meaning: "Reviewed")
        try fixture.merge("review")
        let record = try fixture.record()
        let release = try #require(fixture.status("SOP-QA-001", in: record)?.inForce)
        let rita = try #require(release.approvals.first { $0.person.rawValue == "rita" })
        #expect(rita.commit.hex == reviewed)
        #expect(rita.meaning == "Reviewed")
        #expect(rita.role?.rawValue == "qa-approver")
    }

    @Test(.verifies("REQ-APR-005")) func anApprovalsEntryWithAnUnknownMeaningIsAConfigurationError() throws {
        let (configuration, problems) = Configuration.decode(
            GitFixture.stetYAML.replacingOccurrences(
                of: "approvals: [owner, qa-approver]", with: "approvals: [owner, {role: qa-approver, meaning: Approve}]"))
        #expect(configuration == nil)
        #expect(problems.map(\.message) == ["'meaning' of an approvals entry of type SOP is Approved or Reviewed, not 'Approve'"])
    }

    @Test(.verifies("REQ-DOC-006")) func aRevisionWithoutAReasonForChangeIsNeverReleased() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.branch("rev2")
        try fixture.write(
            "controlled-docs/SOP-QA-001.md",
            fixture.document(revision: 2).replacingOccurrences(of: "change: \"Revision 2\"\n", with: ""))
        try fixture.commit("Revise", as: "alice")
        try fixture.approve("SOP-QA-001", revision: 2, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 2, as: "quinn")

        let check = try StetProcess.run(["check", "-C", fixture.repository.path, "--base", "main"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("[missing-change-reason]"))
        #expect(!check.stdout.contains("ready:"))

        let merge = try fixture.merge("rev2")
        let record = try fixture.record()
        #expect(fixture.status("SOP-QA-001", in: record)?.inForce?.revision.number == 1)
        let run = try VerifyRun(fixture)
        #expect(run.status == 1)
        let finding = try #require(run.finding("missing-change-reason:\(merge):SOP-QA-001"))
        #expect(finding["severity"] as? String == "error")
        #expect(finding["line"] as? Int == 5)
    }

    @Test(.verifies("REQ-CLI-001")) func checkBaseNeverSaysReadyWhileAnErrorStands() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.branch("rev2")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 2))
        try fixture.commit("Revise", as: "alice")
        try fixture.approve("SOP-QA-001", revision: 2, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 2, as: "quinn")
        let clean = try StetProcess.run(["check", "-C", fixture.repository.path, "--base", "main"])
        #expect(clean.status == 0)
        #expect(clean.stdout.contains("ready: SOP-QA-001 revision 2 has every required approval"))

        try fixture.write("controlled-docs/WI-QA-009.md", fixture.document("WI-QA-009", type: "WI", revision: 1, owner: "nobody"))
        let blocked = try StetProcess.run(["check", "-C", fixture.repository.path, "--base", "main"])
        #expect(blocked.status == 1)
        #expect(blocked.stdout.contains("[unknown-person]"))
        #expect(blocked.stdout.contains("not ready: SOP-QA-001 revision 2 has every required approval"))
        #expect(!blocked.stdout.split(separator: "\n").contains { $0.hasPrefix("ready:") })
        #expect(
            blocked.stdout == """
                compared the working tree and HEAD (branch rev2, \(try fixture.short("HEAD"))) with main (\(try fixture.short("main")))
                not ready: SOP-QA-001 revision 2 has every required approval (Olga Owner (owner), Quinn Quality (qa-approver)), but the errors below must be fixed before it is merged into main
                controlled-docs/WI-QA-009.md:5: error: revision 1 of WI-QA-009 is not approved yet: it still needs the owner (nobody). Approvers run `stet approve WI-QA-009` on this branch after reviewing `stet diff WI-QA-009` [missing-approval] id missing-approval:\(try fixture.short("HEAD")):WI-QA-009
                controlled-docs/WI-QA-009.md:6: error: owner 'nobody' is not a person in roles/people.yaml; use a person id from that file [unknown-person]
                stet check: 2 errors in 1 file.

                """)
    }
}

@Suite("Deviations never vanish, and are closed by a signed record (PRODUCT.md §7.8)")
struct DeviationTests {
    @Test(.verifies("REQ-HIS-006")) func aNonAdminsSelfGrantStaysConfigUnapprovedAfterAnAdminsRevisionTwo() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.branch("grant")
        try fixture.writeConfiguration(revision: 2)
        let people = try String(contentsOf: fixture.repository.appendingPathComponent("roles/people.yaml"), encoding: .utf8)
        try fixture.write(
            "roles/people.yaml", people.replacingOccurrences(of: "roles: [lab-technician]", with: "roles: [lab-technician, qa-approver]"))
        try fixture.commit("Give myself QA approval", as: "alice")
        try fixture.approve("CONFIG", revision: 2, as: "alice")
        let grant = try fixture.merge("grant")

        try fixture.branch("admin-rev2")
        try fixture.writeConfiguration(
            revision: 2, extraPeople: "zoe:\n  name: Zoe New\n  email: zoe@example.test\n  roles: [lab-technician]\n")
        try fixture.commit("Add Zoe", as: "adam")
        try fixture.approve("CONFIG", revision: 2, as: "ada")
        try fixture.merge("admin-rev2")

        let record = try fixture.record()
        #expect(record.configuration.configuration.configRevision == 2)
        #expect(record.configuration.people[PersonID("alice")!]?.roles.map(\.rawValue) == ["lab-technician"])
        let finding = try #require(record.findings.first { $0.code == .configUnapproved })
        #expect(finding.id == "config-unapproved:\(grant):CONFIG")
        #expect(finding.severity == .error)
        #expect(finding.message.contains("replaced"))
        let run = try VerifyRun(fixture)
        #expect(run.status == 1)
        #expect(run.finding("config-unapproved:\(grant):CONFIG")?["severity"] as? String == "error")
    }

    @Test(.verifies("REQ-HIS-006")) func anAdminsClosesClosesAFindingAndANonAdminsIsIgnored() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 2, body: "Pushed without review."))
        let pushed = try fixture.commit("Direct push", as: "alice", sign: false)

        var run = try VerifyRun(fixture)
        #expect(run.status == 1)
        #expect(run.finding("unsigned-commit:\(pushed)")?["severity"] as? String == "error")
        #expect(run.finding("unapproved-change:\(pushed):SOP-QA-001")?["severity"] as? String == "error")

        // A non-admin cannot close it: ignored, and said so.
        let ignored = try fixture.commit(
            "Close it myself\n\nCloses: unsigned-commit:\(pushed) DEV-2026-001", as: "quinn", allowEmpty: true)
        run = try VerifyRun(fixture)
        #expect(run.status == 1)
        let said = try #require(run.finding("missing-approval:\(ignored)"))
        #expect(said["severity"] as? String == "warning")
        #expect((said["message"] as? String)?.contains("is ignored: only a holder of qms-admin can close a finding") == true)
        #expect(run.finding("unsigned-commit:\(pushed)")?["severity"] as? String == "error")

        // An admin closes both, one by its abbreviated id.
        let closing = try fixture.commit(
            "Close deviations\n\nCloses: unsigned-commit:\(pushed.prefix(12)) DEV-2026-014\nCloses: unapproved-change:\(pushed):SOP-QA-001 DEV-2026-014",
            as: "ada", allowEmpty: true)
        run = try VerifyRun(fixture)
        #expect(run.status == 0, "\(run.text)")
        let closed = try #require(run.finding("unsigned-commit:\(pushed)"))
        #expect(closed["severity"] as? String == "info")
        let closure = try #require(closed["closed"] as? [String: Any])
        #expect(closure["by"] as? String == "ada")
        #expect(closure["reference"] as? String == "DEV-2026-014")
        #expect(closure["commit"] as? String == closing)
        #expect(run.finding("unapproved-change:\(pushed):SOP-QA-001")?["severity"] as? String == "info")

        let text = try StetProcess.run(["verify", "-C", fixture.repository.path])
        #expect(text.status == 0)
        #expect(text.stdout.contains("closed by ada at"))
        #expect(text.stdout.contains("2 closed"))
        #expect(
            text.stdout == """
                Audited branch: main (the default branch, whose released configuration names it as release-branch; --branch NAME audits another)
                \(pushed.prefix(12)) unsigned       none    \(try fixture.committerTime(pushed)) -
                Signatures of 8 commits reachable from the release branch: 7 good, 1 unsigned. (--verbose lists the good ones too.)
                controlled-docs/SOP-QA-001.md: info: revision 2 of SOP-QA-001 reached the release branch at \(pushed.prefix(12)) without its required approvals; still needs owner, qa-approver; revision 1 stays in force [unapproved-change] id unapproved-change:\(pushed.prefix(12)):SOP-QA-001 — closed by ada at \(try fixture.committerTime(closing)) with DEV-2026-014 (commit \(closing.prefix(12)))
                commit \(ignored.prefix(12)): warning: commit \(ignored.prefix(12)) by Quinn Quality says 'Closes: unsigned-commit:\(pushed)', which is ignored: only a holder of qms-admin can close a finding, so it stays open; ask one to sign the closure [missing-approval] id missing-approval:\(ignored.prefix(12))
                commit \(pushed.prefix(12)): info: commit \(pushed.prefix(12)) (Direct push): the commit is not signed; it changes controlled files — sign it (git commit -S) and re-apply the change [unsigned-commit] id unsigned-commit:\(pushed.prefix(12)) — closed by ada at \(try fixture.committerTime(closing)) with DEV-2026-014 (commit \(closing.prefix(12)))
                stet verify: 0 errors, 1 warning, 2 closed in 1 file.

                """)
    }
}

/// Builds the record portal of `fixture` into a fresh folder; returns the folder.
func buildPortal(_ fixture: GitFixture, out: URL? = nil, epoch: Int64? = nil) throws -> URL {
    let folder = out ?? fixture.root.appendingPathComponent("portal-\(UUID().uuidString)")
    var environment: [String: String] = [:]
    if let epoch { environment["SOURCE_DATE_EPOCH"] = String(epoch) }
    let result = try StetProcess.run(
        ["build", "-C", fixture.repository.path, "--out", folder.path, "--as-of", "2030-01-01"], environment: environment)
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    return folder
}

func page(_ folder: URL, _ path: String) throws -> String {
    try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
}

@Suite("Everything the portal shows is controlled: templates are CONFIG (PRODUCT.md §7.5)")
struct TemplateControlTests {
    static let forged = "{{#document}}<h1>{{{id}}}</h1><p>Approved by: Dr. Nobody</p>{{/document}}"

    @Test func aTemplateOverrideWithoutAConfigApprovalIsAFindingAndIsNotUsed() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.write("site-templates/document.mustache", Self.forged)
        try fixture.write("stet.yaml", GitFixture.stetYAML.replacingOccurrences(of: "config-revision: 1", with: "config-revision: 2"))
        let pushed = try fixture.commit("Simpler document page", as: "alice", sign: false)

        let run = try VerifyRun(fixture)
        #expect(run.status == 1)
        let finding = try #require(run.finding("config-unapproved:\(pushed):CONFIG"))
        #expect(finding["severity"] as? String == "error")
        #expect(run.finding("unsigned-commit:\(pushed)")?["severity"] as? String == "error")
        let portal = try buildPortal(fixture)
        let document = try page(portal, "documents/SOP-QA-001/index.html")
        #expect(!document.contains("Dr. Nobody"))
        #expect(document.contains("Electronic signatures"))

        // Without a config-revision bump the change cannot even be approved.
        let other = try GitFixture()
        try other.bootstrap()
        try other.write("site-templates/document.mustache", Self.forged)
        let same = try other.commit("Template only", as: "alice")
        let unbumped = try VerifyRun(other)
        #expect(unbumped.status == 1)
        #expect(unbumped.finding("revision-not-incremented:\(same):CONFIG")?["severity"] as? String == "error")
    }

    @Test func anApprovedTemplateChangeIsReleasedAndUsed() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.branch("theme")
        try fixture.write("site-templates/footer.mustache", "<footer>Controlled footer of {{{organization}}}</footer>\n")
        try fixture.write("stet.yaml", GitFixture.stetYAML.replacingOccurrences(of: "config-revision: 1", with: "config-revision: 2"))
        try fixture.commit("Our footer", as: "adam")
        try fixture.approve("CONFIG", revision: 2, as: "ada")
        let merge = try fixture.merge("theme")
        let record = try fixture.record()
        #expect(record.findings.isEmpty)
        #expect(record.configurations.last?.commit.hex == merge)
        let portal = try buildPortal(fixture)
        #expect(try page(portal, "index.html").contains("Controlled footer of Fixture Biologics"))
    }
}

@Suite("The portal shows the record's time, deviations and authority (PRODUCT.md §7.6–§7.8, §9)")
struct TrustPagesTests {
    @Test func theRecordedTimeIsCarriedForwardAndShownBesideTheClaimedTime() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let portal = fixture.root.appendingPathComponent("portal")
        _ = try buildPortal(fixture, out: portal, epoch: 1_900_000_000)
        let first = RecordReport.timestamp(1_900_000_000)
        try fixture.branch("rev2")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 2))
        try fixture.commit("Revise", as: "alice")
        try fixture.approve("SOP-QA-001", revision: 2, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 2, as: "quinn")
        try fixture.merge("rev2")
        _ = try buildPortal(fixture, out: portal, epoch: 1_900_086_400)
        let second = RecordReport.timestamp(1_900_086_400)

        let ledger = try JSONDecoder().decode(Ledger.self, from: Data(contentsOf: portal.appendingPathComponent("ledger.json")))
        #expect(ledger.version == 2)
        #expect(
            ledger.entries.map { "\($0.document) \($0.revision) \($0.recordedAt)" } == [
                "CONFIG 1 \(first)", "SOP-QA-001 1 \(first)", "SOP-QA-001 2 \(second)",
            ])
        let revision1 = try page(portal, "documents/SOP-QA-001/rev-1.html")
        // Times sit in a <span class="ts"> so that they never wrap inside.
        #expect(revision1.contains("first recorded <span class=\"ts\">\(first)</span>"))
        #expect(revision1.contains("(claimed by the signer)"))
        #expect(try page(portal, "documents/SOP-QA-001/index.html").contains("first recorded <span class=\"ts\">\(second)</span>"))
        let history = try page(portal, "documents/SOP-QA-001/history.html")
        #expect(history.contains("<td><span class=\"ts\">\(first)</span></td>"))
        #expect(history.contains("<td><span class=\"ts\">\(second)</span></td>"))
    }

    @Test func theDeviationsPageListsOpenAndClosedFindings() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 2, body: "Pushed without review."))
        let pushed = try fixture.commit("Direct push", as: "alice", sign: false)
        try fixture.commit("Close it\n\nCloses: unsigned-commit:\(pushed.prefix(12)) DEV-2026-014", as: "ada", allowEmpty: true)
        let portal = try buildPortal(fixture)
        let deviations = try page(portal, "deviations.html")
        #expect(deviations.contains("Open: 1 errors, 0 warnings. Closed: 1."))
        // The id in full; it may break after each ':' (<wbr>), never inside the commit id.
        #expect(deviations.contains("<code>unapproved-change:<wbr>\(pushed):<wbr>SOP-QA-001</code>"))
        #expect(deviations.contains("Closed by Ada Admin at"))
        #expect(deviations.contains("with DEV-2026-014"))
        #expect(deviations.contains("href=\"documents/SOP-QA-001/history.html#c-\(pushed.prefix(12))\""))
        #expect(try page(portal, "documents/SOP-QA-001/history.html").contains("id=\"c-\(pushed.prefix(12))\""))
    }

    @Test func theAuthorityPageListsEveryConfigurationRelease() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.branch("people")
        try fixture.writeConfiguration(
            revision: 2, extraPeople: "zoe:\n  name: Zoe New\n  email: zoe@example.test\n  roles: [qa-approver]\n")
        let people = try String(contentsOf: fixture.repository.appendingPathComponent("roles/people.yaml"), encoding: .utf8)
        try fixture.write(
            "roles/people.yaml", people.replacingOccurrences(of: "roles: [lab-technician]", with: "roles: [lab-technician, process-owner]"))
        try fixture.commit("Zoe joins QA; Alice owns processes", as: "adam")
        let approval = try fixture.approve("CONFIG", revision: 2, as: "ada")
        let merge = try fixture.merge("people")
        let portal = try buildPortal(fixture)
        let authority = try page(portal, "authority.html")
        #expect(authority.contains("Configuration revision 2"))
        #expect(authority.contains("Configuration revision 1"))
        #expect(authority.contains("<code>\(merge.prefix(12))</code>"))
        #expect(authority.contains("Zoe New (zoe) added, zoe@example.test, roles qa-approver"))
        #expect(authority.contains("Alice Author (alice) gained the role process-owner"))
        #expect(authority.contains("<td>Ada Admin</td><td>qms-admin</td>"))
        #expect(authority.contains("<code>\(approval.prefix(12))</code>"))
        #expect(authority.contains("enrolled for Olga Owner (olga)"))
        #expect(authority.contains("<strong>qa-approver</strong>: Quinn Quality (quinn), Rita Reviewer (rita), Zoe New (zoe)"))
        #expect(authority.range(of: "Configuration revision 2")!.lowerBound < authority.range(of: "Configuration revision 1")!.lowerBound)
    }
}

@Suite("Revocation spares ledgered releases and asks for re-approval (PRODUCT.md §5, §7.9)")
struct RevocationTests {
    /// Revokes `person`'s key in configuration revision `revision`, approved by `admin`; returns the merge.
    @discardableResult
    func revoke(_ person: String, in fixture: GitFixture, revision: Int = 2, by admin: String = "ada") throws -> String {
        try fixture.branch("revoke-\(person)")
        try fixture.writeConfiguration(revision: revision)
        try fixture.write("roles/revoked_keys", try #require(fixture.publicKeys[person]) + "\n")
        try fixture.commit("Revoke \(person)'s key (laptop lost)", as: "adam")
        try fixture.approve("CONFIG", revision: revision, as: admin)
        return try fixture.merge("revoke-\(person)", as: "adam")
    }

    @Test(.verifies("REQ-SIG-007")) func aRevokedKeyWithoutALedgerAsksForReapproval() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()  // quinn's approval released revision 1
        let released = try #require(fixture.status("SOP-QA-001", in: try fixture.record())?.inForce?.commit.hex)
        let revocation = try revoke("quinn", in: fixture)

        let record = try fixture.record()
        let release = try #require(fixture.status("SOP-QA-001", in: record)?.inForce)
        #expect(release.revision.number == 1)
        #expect(release.needsReapproval)
        let run = try VerifyRun(fixture)
        #expect(run.status == 1)
        let finding = try #require(run.finding("revoked-approval:\(released):SOP-QA-001"))
        #expect(finding["severity"] as? String == "error")
        #expect((finding["message"] as? String)?.contains("would spare it") == true)
        let text = try StetProcess.run(["verify", "-C", fixture.repository.path])
        #expect(text.stdout.contains("voided: SOP-QA-001 revision 1 released at \(released.prefix(12)), approved by Quinn Quality"))
        #expect(text.stdout.contains("would spare them"))
        // The whole report: quinn's approval (on the branch the release merged) is listed as revoked, the release voided.
        let key = try fixture.fingerprint("quinn")
        #expect(
            text.stdout == """
                Audited branch: main (the default branch, whose released configuration names it as release-branch; --branch NAME audits another)
                \(try fixture.short("\(released)^2")) revoked        ssh     \(try fixture.committerTime("\(released)^2")) Quinn Quality \(key)
                Signatures of 8 commits reachable from the release branch: 7 good, 1 revoked. (--verbose lists the good ones too.)
                voided: SOP-QA-001 revision 1 released at \(released.prefix(12)), approved by Quinn Quality with the key \(key), revoked by configuration revision 2 (commit \(revocation.prefix(12)))
                A ledger published before the revoking configuration was released, listing these releases, would spare them: stet verify --ledger FILE.
                controlled-docs/SOP-QA-001.md: error: revision 1 of SOP-QA-001, in force, was approved by Quinn Quality with the key \(key), revoked by configuration revision 2 (commit \(revocation.prefix(12))); that approval is void, so re-approval is required: an eligible person approves the same content again with a valid key (`stet approve SOP-QA-001` on a branch, merged). A ledger published before the revoking configuration was released that lists this release would spare it (`stet verify --ledger FILE`; `stet build` uses the ledger of the portal it replaces). [revoked-approval] id revoked-approval:\(released.prefix(12)):SOP-QA-001
                stet verify: 1 error in 1 file.

                """)
        #expect(try page(try buildPortal(fixture), "documents/SOP-QA-001/index.html").contains("Re-approval required"))

        // The voided release keeps its place: revision 2 follows it, approved by valid keys.
        try fixture.branch("rev2")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 2))
        try fixture.commit("Revise", as: "alice")
        try fixture.approve("SOP-QA-001", revision: 2, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 2, as: "rita")
        try fixture.merge("rev2")
        let later = try fixture.record()
        #expect(fixture.status("SOP-QA-001", in: later)?.inForce?.revision.number == 2)
        #expect(later.findings.isEmpty)
        #expect(later.documents[DocumentID("SOP-QA-001")!]?.releases.first?.voided != nil)
    }

    @Test(.verifies("REQ-SIG-007")) func aReapprovalOfTheSameContentClearsRevokedApproval() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try revoke("quinn", in: fixture)
        #expect(try VerifyRun(fixture).status == 1)
        try fixture.branch("reapprove")
        let again = try fixture.approve("SOP-QA-001", revision: 1, as: "rita")
        try fixture.merge("reapprove")
        let run = try VerifyRun(fixture)
        #expect(run.status == 0, "\(run.text)")
        let release = try #require(fixture.status("SOP-QA-001", in: try fixture.record())?.inForce)
        #expect(release.revision.number == 1)
        #expect(!release.needsReapproval)
        #expect(release.reapprovals.map(\.commit.hex) == [again])
    }

    @Test(.verifies("REQ-SIG-007")) func aLedgerPublishedBeforeTheRevocationSparesTheRelease() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let portal = fixture.root.appendingPathComponent("portal")
        _ = try buildPortal(fixture, out: portal, epoch: 1_900_000_000)
        let published = fixture.root.appendingPathComponent("published-ledger.json")
        try FileManager.default.copyItem(at: portal.appendingPathComponent("ledger.json"), to: published)
        try revoke("quinn", in: fixture)

        let spared = try VerifyRun(fixture, ["--ledger", published.path])
        #expect(spared.status == 0, "\(spared.text)")
        #expect(spared.findings.isEmpty)
        // The build over the portal it replaces uses that portal's ledger.
        _ = try buildPortal(fixture, out: portal, epoch: 1_900_086_400)
        #expect(try !page(portal, "documents/SOP-QA-001/index.html").contains("Re-approval required"))

        // A ledger that already lists the revoking configuration release spares nothing.
        let late = fixture.root.appendingPathComponent("late-ledger.json")
        try FileManager.default.copyItem(at: portal.appendingPathComponent("ledger.json"), to: late)
        let notSpared = try VerifyRun(fixture, ["--ledger", late.path])
        #expect(notSpared.status == 1)
        #expect(notSpared.findings.contains { $0["code"] as? String == "revoked-approval" })
    }

    @Test(.verifies("REQ-SIG-007")) func revokingAnAdminsKeyKeepsLaterConfigurationReleases() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.branch("zoe")
        try fixture.writeConfiguration(
            revision: 2, extraPeople: "zoe:\n  name: Zoe New\n  email: zoe@example.test\n  roles: [lab-technician]\n")
        try fixture.commit("Zoe joins", as: "adam")
        try fixture.approve("CONFIG", revision: 2, as: "ada")
        try fixture.merge("zoe", as: "adam")
        // Ada's key is revoked in revision 3, approved by Adam; revision 2 (approved by Ada) keeps its place.
        try fixture.branch("revoke-ada")
        try fixture.writeConfiguration(
            revision: 3, extraPeople: "zoe:\n  name: Zoe New\n  email: zoe@example.test\n  roles: [lab-technician]\n")
        try fixture.write("roles/revoked_keys", try #require(fixture.publicKeys["ada"]) + "\n")
        try fixture.commit("Revoke Ada's key", as: "quinn")
        try fixture.approve("CONFIG", revision: 3, as: "adam")
        try fixture.merge("revoke-ada", as: "adam")

        let record = try fixture.record()
        #expect(record.configuration.configuration.configRevision == 3)
        #expect(record.configurations.map(\.revision) == [1, 2, 3])
        #expect(record.configurations[1].voided?.contains("Ada Admin") == true)
        #expect(record.configurations[2].voided == nil)
        #expect(record.findings.isEmpty, "\(record.findings)")
        #expect(fixture.status("SOP-QA-001", in: record)?.state == .effective)
        #expect(try VerifyRun(fixture).status == 0)
    }
}
