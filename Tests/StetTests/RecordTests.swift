import Foundation
import Testing

@testable import Control
@testable import Records
@testable import Repository
@testable import Signatures

@Suite("The record: signed history decides what is released (PRODUCT.md §7)")
struct RecordTests {
    func codes(_ record: ReleaseRecord) -> [FindingCode] { record.findings.map(\.code) }

    @Test(.verifies("REQ-SIG-001", "REQ-APR-004", "REQ-REL-001")) func aGoodApprovalOfEachSSHKeyKindReleases() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()  // owner olga (ed25519), qa quinn (ecdsa)
        try fixture.branch("rev2")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 2))
        try fixture.commit("Revise", as: "alice")
        try fixture.approve("SOP-QA-001", revision: 2, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 2, as: "rita")  // rsa
        let merge = try fixture.merge("rev2")
        let record = try fixture.record()
        #expect(record.findings == [])
        let status = try #require(fixture.status("SOP-QA-001", in: record))
        #expect(status.state == .effective)
        let release = try #require(status.inForce)
        #expect(release.revision.number == 2)
        #expect(release.commit.hex == merge)
        #expect(Set(release.approvals.map(\.person.rawValue)) == ["olga", "rita"])
        #expect(release.approvals.first { $0.person.rawValue == "rita" }?.role?.rawValue == "qa-approver")
        #expect(release.approvals.allSatisfy { $0.key.hasPrefix("SHA256:") && $0.meaning == "Approved" })
        #expect(record.documents[DocumentID("SOP-QA-001")!]?.releases.first?.approvals.contains { $0.person.rawValue == "quinn" } == true)
        #expect(record.signatures.allSatisfy { $0.verdict.status == .good })
    }

    @Test(.verifies("REQ-REL-003")) func effectiveDateIsTheLaterOfLastApprovalAndTheEffectiveField() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let record = try fixture.record()
        let release = try #require(fixture.status("SOP-QA-001", in: record)?.inForce)
        // Contract revision 2 (§7.3): never before the release — the merge, an hour after the last approval.
        #expect(release.effectiveAt == release.approvals.map(\.signedAt).max()! + 3600)

        try fixture.branch("rev2")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 2, extra: "effective: 2027-03-01\n"))
        try fixture.commit("Revise", as: "alice")
        try fixture.approve("SOP-QA-001", revision: 2, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 2, as: "quinn")
        try fixture.merge("rev2")
        let later = try fixture.record()
        let before = try #require(fixture.status("SOP-QA-001", in: later, asOf: "2027-02-28"))
        #expect(before.state == .approved)
        #expect(before.inForce?.revision.number == 1)
        #expect(before.scheduled.map { RecordReport.timestamp($0.effectiveAt) } == "2027-03-01T00:00:00Z")
        #expect(fixture.status("SOP-QA-001", in: later, asOf: "2027-03-01")?.state == .effective)
    }

    @Test(.verifies("REQ-APR-001", "REQ-REL-001")) func aChangeWithoutApprovalsIsNotReleased() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 2, body: "Unapproved text."))
        let landed = try fixture.commit("Direct push", as: "alice")
        try fixture.approve("SOP-QA-001", revision: 2, as: "olga")
        let record = try fixture.record()
        let status = try #require(fixture.status("SOP-QA-001", in: record))
        #expect(status.state == .effective)
        #expect(status.inForce?.revision.number == 1)
        #expect(status.pending?.missing.map(\.rawValue) == ["qa-approver"])
        let finding = try #require(record.findings.first { $0.code == .unapprovedChange })
        #expect(finding.commit == landed)
        #expect(finding.document == DocumentID("SOP-QA-001"))
        #expect(finding.message.contains("still needs qa-approver"))
    }

    @Test(.verifies("REQ-REL-001")) func anApprovalMergedAfterTheChangeReleasesAtTheLaterMerge() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 2))
        let landed = try fixture.commit("Revise on main", as: "alice")
        try fixture.branch("approvals")
        try fixture.approve("SOP-QA-001", revision: 2, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 2, as: "quinn")
        let merge = try fixture.merge("approvals")
        let record = try fixture.record()
        let release = try #require(fixture.status("SOP-QA-001", in: record)?.inForce)
        #expect(release.revision.number == 2)
        #expect(release.commit.hex == merge)
        // Contract revision 2 (§7.8): the content was on the release branch unapproved until the merge; that stays a warning.
        let deviation = try #require(record.findings.first { $0.code == .unapprovedChange })
        #expect(deviation.severity == .warning)
        #expect(deviation.id == "unapproved-change:\(landed):SOP-QA-001")
        #expect(deviation.message.contains("released later, at \(merge.prefix(12))"))
    }

    @Test(.verifies("REQ-APR-001")) func aLaterChangeVoidsEarlierApprovals() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.branch("rev2")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 2))
        try fixture.commit("Revise", as: "alice")
        let voided = try fixture.approve("SOP-QA-001", revision: 2, as: "quinn")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 2, body: "Changed after approval."))
        try fixture.commit("Tweak", as: "alice")
        try fixture.approve("SOP-QA-001", revision: 2, as: "olga")
        try fixture.merge("rev2")
        let record = try fixture.record()
        let status = try #require(fixture.status("SOP-QA-001", in: record))
        #expect(status.inForce?.revision.number == 1)
        let pending = try #require(status.pending)
        #expect(pending.missing.map(\.rawValue) == ["qa-approver"])
        #expect(
            pending.notes.contains {
                $0.contains("Quinn Quality's approval") && $0.contains(String(voided.prefix(12))) && $0.contains("no longer counts")
            })
        let text = StatusText.describe(status, records: record.configuration)
        #expect(text.contains("revision 2 is pending"))
        #expect(text.contains("approved by Olga Owner (owner)"))
        #expect(text.contains("still needs a qa-approver"))
    }

    @Test(.verifies("REQ-APR-003")) func anAuthorCannotApproveTheirOwnChange() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.branch("rev2")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 2))
        try fixture.commit("Revise", as: "quinn")
        let own = try fixture.approve("SOP-QA-001", revision: 2, as: "quinn")
        try fixture.approve("SOP-QA-001", revision: 2, as: "olga")
        try fixture.merge("rev2")
        let record = try fixture.record()
        #expect(fixture.status("SOP-QA-001", in: record)?.inForce?.revision.number == 1)
        let finding = try #require(record.findings.first { $0.code == .selfApproval })
        #expect(finding.commit == own)
        #expect(finding.message.contains("Quinn Quality approved revision 2"))
    }

    @Test(.verifies("REQ-APR-002")) func eachEntryNeedsADistinctPersonWithTheRole() throws {
        let fixture = try GitFixture()
        try fixture.writeConfiguration()
        try fixture.commit("Configuration", as: "adam")
        try fixture.branch("add")
        // The owner also holds no qa-approver role; an approval by a lab technician fills nothing.
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 1))
        try fixture.commit("Add", as: "rita")
        try fixture.approve("SOP-QA-001", revision: 1, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 1, as: "alice")
        try fixture.merge("add")
        let record = try fixture.record()
        let status = try #require(fixture.status("SOP-QA-001", in: record))
        #expect(status.state == .pending)
        #expect(status.pending?.missing.map(\.rawValue) == ["qa-approver"])
    }

    @Test(.verifies("REQ-REL-002")) func revisionsMustStepByOne() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.branch("skip")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 3))
        try fixture.commit("Skip", as: "alice")
        let skipped = try fixture.merge("skip")
        try fixture.branch("same")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 1, body: "Changed without a bump."))
        try fixture.commit("Same revision", as: "alice")
        let same = try fixture.merge("same")
        let record = try fixture.record()
        #expect(record.findings.contains { $0.code == .revisionSkipped && $0.commit == skipped && $0.message.contains("set revision: 2") })
        #expect(record.findings.contains { $0.code == .revisionNotIncremented && $0.commit == same && $0.message.contains("bump it to 2") })
        #expect(fixture.status("SOP-QA-001", in: record)?.inForce?.revision.number == 1)
    }

    @Test(.verifies("REQ-REL-004")) func unsignedCommitsOnTheReleaseBranch() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.write("controlled-docs/WI-QA-001.md", fixture.document("WI-QA-001", type: "WI", revision: 1))
        let unsigned = try fixture.commit("Unsigned", as: "alice", sign: false)
        let record = try fixture.record()
        let finding = try #require(record.findings.first { $0.code == .unsignedCommit })
        #expect(finding.commit == unsigned)
        #expect(record.signatures.first { $0.commit.hex == unsigned }?.verdict.status == .unsigned)
    }

    @Test(.verifies("REQ-SIG-004", "REQ-SIG-005", "REQ-SIG-006")) func unknownKeysOutOfWindowKeysRevokedKeysAndWrongNamespaces() throws {
        let fixture = try GitFixture()
        try fixture.writeConfiguration(options: ["rita": "namespaces=\"git\",valid-before=\"20250101Z\""])
        try fixture.write("roles/revoked_keys", fixture.publicKeys["quinn"]! + "\n")
        try fixture.commit("Configuration", as: "adam")
        try fixture.branch("add")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 1))
        try fixture.commit("Add", as: "alice")
        try fixture.approve("SOP-QA-001", revision: 1, as: "olga")
        let unknown = try fixture.approve("SOP-QA-001", revision: 1, as: "olga", signer: "mallory")
        let expired = try fixture.approve("SOP-QA-001", revision: 1, as: "rita")
        let revoked = try fixture.approve("SOP-QA-001", revision: 1, as: "quinn")
        try fixture.merge("add")
        let record = try fixture.record()
        func status(_ commit: String) -> SignatureStatus? { record.signatures.first { $0.commit.hex == commit }?.verdict.status }
        #expect(status(unknown) == .unknownSigner)
        #expect(status(expired) == .keyNotValid)
        #expect(status(revoked) == .revoked)
        #expect(record.findings.contains { $0.code == .unknownSigner && $0.commit == unknown })
        #expect(
            record.findings.contains {
                $0.code == .keyNotValid && $0.commit == expired && $0.message.contains("not valid at the commit's time")
            })
        #expect(record.findings.contains { $0.code == .keyNotValid && $0.commit == revoked && $0.message.contains("revoked_keys") })
        #expect(fixture.status("SOP-QA-001", in: record)?.state == .pending)
    }

    @Test(.verifies("REQ-SIG-006")) func aRevokedKeyVoidsSignaturesMadeBeforeTheRevocation() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()  // quinn approved revision 1
        #expect(try fixture.record().findings == [])
        // The configuration now revokes quinn's key: the old approval is void.
        try fixture.branch("revoke")
        try fixture.writeConfiguration(revision: 2)
        try fixture.write("roles/revoked_keys", fixture.publicKeys["quinn"]! + "\n")
        try fixture.commit("Revoke Quinn's key", as: "adam")
        try fixture.approve("CONFIG", revision: 2, as: "ada")
        try fixture.merge("revoke")
        let record = try fixture.record()
        // Contract revision 2 (§7.9): the voided release keeps its place and asks for re-approval.
        let release = try #require(fixture.status("SOP-QA-001", in: record)?.inForce)
        #expect(release.revision.number == 1)
        #expect(release.needsReapproval)
        #expect(record.findings.map(\.code) == [.revokedApproval])
    }

    @Test(.verifies("REQ-SIG-003")) func signatureInTheMessageBodyIsNotASignature() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let signed = try fixture.git(["cat-file", "commit", "HEAD"])
        // Move the gpgsig header into the message body.
        var header: [String] = []
        var signature: [String] = []
        var inSignature = false
        let parts = signed.components(separatedBy: "\n\n")
        for line in parts[0].split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("gpgsig ") {
                inSignature = true
                signature.append(String(line.dropFirst(7)))
            } else if inSignature && line.hasPrefix(" ") {
                signature.append(String(line.dropFirst()))
            } else {
                inSignature = false
                header.append(String(line))
            }
        }
        let raw =
            header.joined(separator: "\n") + "\n\n" + parts.dropFirst().joined(separator: "\n\n") + "\n" + signature.joined(separator: "\n")
            + "\n"
        let forged = try fixture.forgeCommit(raw)
        let record = try fixture.record()
        #expect(record.signatures.first { $0.commit.hex == forged }?.verdict.status == .unsigned)
    }

    @Test(.verifies("REQ-SIG-003")) func tamperedPayloadAndTwoSignaturesAreBad() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let original = try fixture.git(["cat-file", "commit", "HEAD"])
        let tampered = try fixture.forgeCommit(original.replacingOccurrences(of: "Merge add-sop", with: "Merge add-sap"))
        let record = try fixture.record()
        let verdict = try #require(record.signatures.first { $0.commit.hex == tampered }?.verdict)
        #expect(verdict.status == .bad)
        #expect(verdict.reason.contains("does not match the commit's content"))

        let headerEnd = original.range(of: "\n\n")!.lowerBound
        let header = String(original[..<headerEnd])
        let signatureStart = header.range(of: "gpgsig ")!.lowerBound
        let signatureBlock = String(header[signatureStart...])
        let doubled = String(header[..<signatureStart]) + signatureBlock + "\n" + signatureBlock + String(original[headerEnd...])
        let twice = try fixture.forgeCommit(doubled)
        let second = try fixture.record()
        let twiceVerdict = try #require(second.signatures.first { $0.commit.hex == twice }?.verdict)
        #expect(twiceVerdict.status == .bad)
        #expect(twiceVerdict.reason.contains("two signatures"))
    }

    @Test(.verifies("REQ-SIG-003")) func aWrongNamespaceIsBad() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let raw = try fixture.git(["cat-file", "commit", "HEAD"])
        let payload = raw.replacingOccurrences(of: #"gpgsig [^\n]*(\n [^\n]*)*\n"#, with: "", options: .regularExpression)
        let file = fixture.root.appendingPathComponent("payload")
        try Data(payload.utf8).write(to: file)
        _ = try fixture.run(
            "/usr/bin/ssh-keygen", ["-q", "-Y", "sign", "-f", fixture.keys.appendingPathComponent("ada").path, "-n", "file", file.path])
        let signature = try String(contentsOfFile: file.path + ".sig", encoding: .utf8).trimmingCharacters(in: .newlines)
        let header = payload.components(separatedBy: "\n\n")[0]
        let body = payload.dropFirst(header.count)
        let resigned = header + "\ngpgsig " + signature.replacingOccurrences(of: "\n", with: "\n ") + body
        let forged = try fixture.forgeCommit(resigned)
        let verdict = try #require(try fixture.record().signatures.first { $0.commit.hex == forged }?.verdict)
        #expect(verdict.status == .bad)
        #expect(verdict.reason.contains("namespace 'file'"))
    }

    @Test(.verifies("REQ-CFA-001")) func aConfigurationChangeApprovedByAnAdminIsReleased() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.branch("config")
        try fixture.writeConfiguration(
            revision: 2, extraPeople: "nina:\n  name: Nina New\n  email: nina@example.test\n  roles: [qa-approver]\n")
        try fixture.commit("Add Nina", as: "adam")
        try fixture.approve("CONFIG", revision: 2, as: "ada")
        let merge = try fixture.merge("config")
        let record = try fixture.record()
        #expect(record.findings == [])
        #expect(record.configReleases.last?.revision == 2)
        #expect(record.configReleases.last?.commit.hex == merge)
        #expect(record.configuration.people[PersonID("nina")!] != nil)
    }

    @Test(.verifies("REQ-CFA-002")) func aSelfGrantedRoleInTheSameChangeIsNotReleased() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.branch("grant")
        // Alice makes herself a QMS admin and approves her own configuration change.
        try fixture.writeConfiguration(revision: 2)
        let people = try String(contentsOf: fixture.repository.appendingPathComponent("roles/people.yaml"), encoding: .utf8)
        try fixture.write(
            "roles/people.yaml", people.replacingOccurrences(of: "roles: [lab-technician]", with: "roles: [lab-technician, qms-admin]"))
        try fixture.commit("Grant myself admin", as: "alice")
        try fixture.approve("CONFIG", revision: 2, as: "alice")
        let merge = try fixture.merge("grant")
        let record = try fixture.record()
        let finding = try #require(record.findings.first { $0.code == .configUnapproved })
        #expect(finding.commit == merge)
        #expect(record.configReleases.count == 1)
        #expect(record.configuration.people[PersonID("alice")!]?.holds(RoleID("qms-admin")!) == false)
    }

    @Test(.verifies("REQ-REL-005")) func retirementMakesADocumentObsolete() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.branch("retire")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 2, extra: "status: obsolete\n"))
        try fixture.commit("Retire", as: "alice")
        try fixture.approve("SOP-QA-001", revision: 2, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 2, as: "quinn")
        try fixture.merge("retire")
        let record = try fixture.record()
        #expect(record.findings == [])
        #expect(fixture.status("SOP-QA-001", in: record)?.state == .obsolete)
    }

    @Test(.verifies("REQ-REL-005")) func deletingAReleasedDocumentIsAFinding() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.remove("controlled-docs/SOP-QA-001.md")
        let removed = try fixture.commit("Delete", as: "alice")
        let finding = try #require(try fixture.record().findings.first { $0.code == .documentRemoved })
        #expect(finding.commit == removed)
        #expect(finding.message.contains("status: obsolete"))
    }

    @Test(.verifies("REQ-REL-006")) func aPeriodicReviewRestartsTheClock() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let review = try fixture.commit("Periodic review\n\nReviewed: SOP-QA-001 rev 1", as: "quinn", allowEmpty: true)
        try fixture.commit("Not allowed to review\n\nReviewed: SOP-QA-001 rev 1", as: "alice", allowEmpty: true)
        let record = try fixture.record()
        let reviews = record.documents[DocumentID("SOP-QA-001")!]?.reviews ?? []
        #expect(reviews.map(\.commit.hex) == [review])
        #expect(record.findings.contains { $0.code == .missingApproval && $0.message.contains("periodic review") })
    }

    @Test(.verifies("REQ-HIS-001")) func theRootOfTrustCanBePinned() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let root = try fixture.git(["rev-list", "--max-parents=0", "main"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try fixture.record(trustRoot: root).findings == [])
        let wrong = try fixture.record(trustRoot: String(repeating: "a", count: 40))
        #expect(wrong.findings.first?.code == .untrustedRoot)
    }

    @Test(.verifies("REQ-HIS-002")) func aShallowCloneIsRefused() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let clone = fixture.root.appendingPathComponent("shallow")
        _ = try fixture.run("/usr/bin/git", ["clone", "-q", "--depth", "1", "file://\(fixture.repository.path)", clone.path])
        let result = try StetProcess.run(["verify", "-C", clone.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("[shallow-clone]"))
    }

    @Test(.verifies("REQ-SIG-001", "REQ-SIG-009", "REQ-HIS-004")) func verifyAgreesWithGitVerifyCommit() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.approve("SOP-QA-001", revision: 1, as: "olga", signer: "mallory")
        try fixture.commit("Unsigned\n\nnote", as: "alice", sign: false, allowEmpty: true)
        try fixture.commit("Rita", as: "rita", allowEmpty: true)
        let record = try fixture.record()
        let allowed = fixture.repository.appendingPathComponent("roles/allowed_signers").path
        var compared = 0
        for entry in record.signatures {
            let gitSays: Bool
            do {
                _ = try fixture.git(["-c", "gpg.ssh.allowedSignersFile=\(allowed)", "verify-commit", entry.commit.hex])
                gitSays = true
            } catch {
                gitSays = false
            }
            #expect(entry.verdict.isGood == gitSays, "\(entry.commit.hex): stet \(entry.verdict.status), git \(gitSays)")
            compared += 1
        }
        #expect(compared == record.signatures.count)
        #expect(compared >= 8)
    }

    @Test(.verifies("REQ-HIS-004", "REQ-CLI-001")) func verifyCommandExitCodesAndJSON() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let clean = try StetProcess.run(["verify", "-C", fixture.repository.path, "--format", "json"])
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(clean.stdout.utf8)) as? [String: Any])
        #expect(object["ok"] as? Bool == true)
        let signatures = try #require(object["signatures"] as? [[String: Any]])
        #expect(signatures.count == 5)
        let first = try #require(signatures.first)
        #expect(Set(first.keys).isSuperset(of: ["commit", "format", "status", "person", "key", "claimedAt"]))
        #expect(first["format"] as? String == "ssh")
        #expect((first["claimedAt"] as? String)?.hasSuffix("Z") == true)

        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 2))
        try fixture.commit("Unsigned change", as: "alice", sign: false)
        let dirty = try StetProcess.run(["verify", "-C", fixture.repository.path])
        #expect(dirty.status == 1)
        // The whole report: the audited branch, the signature that is not good, the count, every finding, the total.
        let unsigned = try fixture.short("main")
        #expect(
            dirty.stdout == """
                Audited branch: main (the default branch, whose released configuration names it as release-branch; --branch NAME audits another)
                \(unsigned) unsigned       none    \(try fixture.committerTime("main")) -
                Signatures of 6 commits reachable from the release branch: 5 good, 1 unsigned. (--verbose lists the good ones too.)
                controlled-docs/SOP-QA-001.md: error: revision 2 of SOP-QA-001 reached the release branch at \(unsigned) without its required approvals; still needs owner, qa-approver; revision 1 stays in force [unapproved-change] id unapproved-change:\(unsigned):SOP-QA-001
                commit \(unsigned): error: commit \(unsigned) (Unsigned change): the commit is not signed; it changes controlled files — sign it (git commit -S) and re-apply the change [unsigned-commit] id unsigned-commit:\(unsigned)
                stet verify: 2 errors in 1 file.

                """)
        let dirtyJSON = try StetProcess.run(["verify", "-C", fixture.repository.path, "--format", "json"])
        #expect(dirtyJSON.status == 1)
        let findings = try ReportedFindings(json: dirtyJSON.stdout)
        #expect(findings.ok == false)
        #expect(findings.rows == ["unapproved-change error SOP-QA-001 controlled-docs/SOP-QA-001.md:-", "unsigned-commit error - -:-"])
        #expect(
            findings.messages == [
                "revision 2 of SOP-QA-001 reached the release branch at \(unsigned) without its required approvals; still needs owner, qa-approver; revision 1 stays in force",
                "commit \(unsigned) (Unsigned change): the commit is not signed; it changes controlled files — sign it (git commit -S) and re-apply the change",
            ])
        let full = try fixture.head()
        #expect(findings.commits == [full, full])

        let statusText = try StetProcess.run(["status", "-C", fixture.repository.path, "SOP-QA-001"])
        // Released at the merge (main~1), approved on the branch it merged: olga, then quinn.
        #expect(
            statusText.stdout == """
                Audited branch: main (the default branch, whose released configuration names it as release-branch; --branch NAME audits another)

                SOP-QA-001 — Cleaning
                  revision 1 is effective since \(try fixture.committerTime("main~1")) (released at \(try fixture.short("main~1"))): approved by Olga Owner (owner) on \(try fixture.committerTime("main~1^2~1")), approved, key \(try fixture.fingerprint("olga")); Quinn Quality (qa-approver) on \(try fixture.committerTime("main~1^2")), approved, key \(try fixture.fingerprint("quinn"))
                  revision 2 is pending (landed at \(unsigned)); still needs the owner and a qa-approver

                """)
        let status = try StetProcess.run(["status", "-C", fixture.repository.path, "SOP-QA-001", "--format", "json"])
        let statusObject = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let document = try #require((statusObject["documents"] as? [[String: Any]])?.first)
        #expect(document["status"] as? String == "effective")
        #expect((document["effective"] as? [String: Any])?["revision"] as? Int == 1)
        #expect((document["pending"] as? [String: Any])?["missing"] as? [String] == ["owner", "qa-approver"])
    }

    @Test(.verifies("REQ-REL-005")) func movingADocumentIsNotRemovingIt() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.branch("move")
        try FileManager.default.createDirectory(
            at: fixture.repository.appendingPathComponent("controlled-docs/quality"), withIntermediateDirectories: true)
        _ = try fixture.git(["mv", "controlled-docs/SOP-QA-001.md", "controlled-docs/quality/SOP-QA-001.md"])
        try fixture.commit("Move into quality/", as: "alice")
        try fixture.merge("move")
        let record = try fixture.record()
        #expect(record.findings == [])
        #expect(fixture.status("SOP-QA-001", in: record)?.inForce?.revision.number == 1)
        #expect(record.documents[DocumentID("SOP-QA-001")!]?.path?.rawValue == "controlled-docs/quality/SOP-QA-001.md")
    }

    @Test(.verifies("REQ-DOC-003")) func aSecondDocumentWithTheSameIDOnTheReleaseBranch() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.write("controlled-docs/copy/SOP-QA-001.md", fixture.document(revision: 2))
        let copy = try fixture.commit("Copy", as: "alice")
        let record = try fixture.record()
        let finding = try #require(record.findings.first { $0.code == .duplicateID })
        #expect(finding.commit == copy)
        #expect(finding.file == "controlled-docs/copy/SOP-QA-001.md")
        #expect(fixture.status("SOP-QA-001", in: record)?.inForce?.revision.number == 1)
    }

    @Test(.verifies("REQ-SIG-009")) func replaceRefsAreNotFollowed() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let merge = try fixture.head()
        // A replacement that would make the history look unsigned and different.
        let raw = try fixture.git(["cat-file", "commit", merge])
        let unsignedCopy = raw.replacingOccurrences(of: #"gpgsig [^\n]*(\n [^\n]*)*\n"#, with: "", options: .regularExpression)
        let replacement = try fixture.git(["hash-object", "-t", "commit", "-w", "--stdin"], input: Data(unsignedCopy.utf8))
            .trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try fixture.git(["replace", merge, replacement])
        #expect(try fixture.git(["cat-file", "-p", merge]).contains("gpgsig") == false)  // git itself follows it
        let record = try fixture.record()
        #expect(record.signatures.first { $0.commit.hex == merge }?.verdict.status == .good)
        #expect(record.findings == [])
    }
}
