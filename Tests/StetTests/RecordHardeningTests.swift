import Foundation
import Testing

@testable import Control
@testable import Records
@testable import Repository
@testable import Signatures

/// Regressions for attacks on the record found in an independent review.
@Suite("The record withstands attacks found in review")
struct RecordHardeningTests {
    @Test(.verifies("REQ-SIG-003")) func aParentLineAfterTheCommitterIsNotAParent() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.branch("rev2")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 2))
        let unsigned = try fixture.commit("Olga edits, unsigned", as: "olga", sign: false)
        // Append a bogus `parent` header after `committer`: git sees one parent, stet must too.
        let raw = try fixture.git(["cat-file", "commit", unsigned])
        let extra = try fixture.git(["rev-parse", "main"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let headerEnd = try #require(raw.range(of: "\n\n"))
        let forgedRaw = raw.replacingCharacters(in: headerEnd, with: "\nparent \(extra)\n\n")
        let forgedID = try fixture.git(["hash-object", "-t", "commit", "-w", "--stdin"], input: Data(forgedRaw.utf8)).trimmingCharacters(
            in: .whitespacesAndNewlines)
        _ = try fixture.git(["update-ref", "refs/heads/rev2", forgedID])
        try fixture.checkout("rev2")
        try fixture.approve("SOP-QA-001", revision: 2, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 2, as: "quinn")
        try fixture.merge("rev2")
        let record = try fixture.record()
        let commit = try GitRepository(at: fixture.repository).commit(ObjectID(forgedID)!)
        #expect(commit.parents.count == 1)
        #expect(record.findings.contains { $0.code == .unsignedCommit && $0.commit == forgedID })
        #expect(fixture.status("SOP-QA-001", in: record)?.inForce?.revision.number == 1)
    }

    @Test(.verifies("REQ-REL-007")) func contentAMergeAddsItselfIsAuthoredByTheMerge() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.branch("side")
        try fixture.commit("Side work", as: "alice", allowEmpty: true)
        try fixture.checkout("main")
        // Olga merges and, in the merge itself, writes revision 2 (unsigned): an "evil merge".
        _ = try fixture.git(["-c", "user.name=olga", "-c", "user.email=olga@example.test", "merge", "-q", "--no-ff", "--no-commit", "side"])
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 2, body: "Written inside the merge."))
        let merge = try fixture.commit("Merge side", as: "olga", sign: false)
        try fixture.branch("approvals")
        try fixture.approve("SOP-QA-001", revision: 2, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 2, as: "quinn")
        try fixture.merge("approvals")
        let record = try fixture.record()
        #expect(record.findings.contains { $0.code == .unsignedCommit && $0.commit == merge })
        #expect(fixture.status("SOP-QA-001", in: record)?.inForce?.revision.number == 1)
        #expect(fixture.status("SOP-QA-001", in: record)?.pending?.notes.contains { $0.contains("Olga Owner authored") } == true)
    }

    @Test(.verifies("REQ-APR-003")) func theAuthorOfReleasedContentCannotApproveItAfterAMove() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.branch("rev2")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 2, body: "Olga's text."))
        try fixture.commit("Olga writes", as: "olga")
        try FileManager.default.createDirectory(
            at: fixture.repository.appendingPathComponent("controlled-docs/qa"), withIntermediateDirectories: true)
        _ = try fixture.git(["mv", "controlled-docs/SOP-QA-001.md", "controlled-docs/qa/SOP-QA-001.md"])
        try fixture.commit("Alice moves it", as: "alice")
        try fixture.approve("SOP-QA-001", revision: 2, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 2, as: "quinn")
        try fixture.merge("rev2")
        let record = try fixture.record()
        #expect(fixture.status("SOP-QA-001", in: record)?.inForce?.revision.number == 1)
        #expect(record.findings.contains { $0.code == .selfApproval })
    }

    @Test(.verifies("REQ-SIG-006")) func anUnapprovedRevocationAtTheTipChangesNothing() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.write("roles/revoked_keys", fixture.publicKeys["quinn"]! + "\n")
        try fixture.commit("Mallory revokes Quinn without approval", as: "alice")
        let record = try fixture.record()
        #expect(fixture.status("SOP-QA-001", in: record)?.state == .effective)
        #expect(record.findings.contains { $0.document == .config && [.configUnapproved, .revisionNotIncremented].contains($0.code) })
    }

    @Test(.verifies("REQ-CFA-002")) func aRoleGrantedInTheSameMergeDoesNotJudgeThatMerge() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.branch("both")
        // Grant alice qa-approver (approved by an admin) and have her approve revision 2, in one merge.
        try fixture.writeConfiguration(revision: 2)
        let people = try String(contentsOf: fixture.repository.appendingPathComponent("roles/people.yaml"), encoding: .utf8)
        try fixture.write(
            "roles/people.yaml", people.replacingOccurrences(of: "roles: [lab-technician]", with: "roles: [lab-technician, qa-approver]"))
        try fixture.commit("Make Alice a QA approver", as: "adam")
        try fixture.approve("CONFIG", revision: 2, as: "ada")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 2))
        try fixture.commit("Revise", as: "rita")
        try fixture.approve("SOP-QA-001", revision: 2, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 2, as: "alice")
        try fixture.merge("both")
        let record = try fixture.record()
        #expect(record.configReleases.last?.revision == 2)
        // Judged by the configuration before the merge, Alice was no QA approver.
        #expect(fixture.status("SOP-QA-001", in: record)?.inForce?.revision.number == 1)
    }

    @Test(.verifies("REQ-CFA-002")) func changingTheTypeKeepsTheOldTypesApprovers() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        try fixture.branch("to-wi")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(type: "WI", revision: 2))
        try fixture.commit("Make it a WI", as: "alice")
        try fixture.approve("SOP-QA-001", revision: 2, as: "olga")
        try fixture.merge("to-wi")
        let record = try fixture.record()
        let status = try #require(fixture.status("SOP-QA-001", in: record))
        #expect(status.inForce?.revision.number == 1)
        #expect(status.pending?.missing.map(\.rawValue) == ["qa-approver"])
    }

    @Test(.verifies("REQ-SIG-003")) func aSHA256SignatureHeaderAloneIsNotASignature() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let raw = try fixture.git(["cat-file", "commit", "HEAD"])
        let forged = try fixture.forgeCommit(raw.replacingOccurrences(of: "gpgsig -----BEGIN", with: "gpgsig-sha256 -----BEGIN"))
        let record = try fixture.record()
        #expect(record.signatures.first { $0.commit.hex == forged }?.verdict.status == .unsigned)
    }

    @Test(.verifies("REQ-SIG-001")) func rsaKeysWithExponentOneAreRefused() throws {
        var blob: [UInt8] = []
        func field(_ bytes: [UInt8]) {
            let n = UInt32(bytes.count)
            blob += [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + bytes
        }
        field(Array("ssh-rsa".utf8))
        field([0x01])
        field([0x00] + [UInt8](repeating: 0xC5, count: 256))
        #expect(throws: SSHPublicKey.ParseError.weakKey) { try SSHPublicKey(blob: blob) }
    }

    @Test(.verifies("REQ-SIG-002")) func armourHeadersDoNotBreakOpenPGP() throws {
        let fixture = try GitFixture()
        try fixture.makeOpenPGPKey(for: "pat", name: "Pat Pgp")
        try "emit-version\ncomment Signed for a test\n".write(
            to: fixture.gnupg.appendingPathComponent("gpg.conf"), atomically: true, encoding: .utf8)
        try fixture.writeConfiguration(extraPeople: "pat:\n  name: Pat Pgp\n  email: pat@example.test\n  roles: [qa-approver]\n")
        let exported = try fixture.exportOpenPGPKey("pat")
        #expect(exported.contains("Comment: Signed for a test"))
        try fixture.write("roles/keys/pat.asc", exported)
        try fixture.commit("Configuration", as: "adam")
        let signed = try fixture.commitOpenPGP("Note", as: "pat", allowEmpty: true)
        #expect(try fixture.git(["cat-file", "commit", signed]).contains("Version: GnuPG"))
        let record = try fixture.record()
        #expect(record.signatures.first { $0.commit.hex == signed }?.verdict.status == .good)
    }
}
