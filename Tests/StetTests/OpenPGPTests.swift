import Foundation
import Testing

@testable import Control
@testable import Records
@testable import Signatures

@Suite("OpenPGP signatures, verified natively against real gpg output")
struct OpenPGPTests {
    /// A repository whose configuration lists `pat` (OpenPGP) as a QA approver, with `pat.asc` in roles/keys.
    func fixture(algorithm: String = "ed25519", signingSubkey: Bool = false, revoke: Bool = false) throws -> GitFixture {
        let fixture = try GitFixture()
        try fixture.makeOpenPGPKey(for: "pat", name: "Pat Pgp", algorithm: algorithm, signingSubkey: signingSubkey)
        try fixture.makeOpenPGPKey(for: "eve", name: "Eve Outsider")
        try fixture.writeConfiguration(extraPeople: "pat:\n  name: Pat Pgp\n  email: pat@example.test\n  roles: [qa-approver]\n")
        try fixture.write("roles/keys/pat.asc", try fixture.exportOpenPGPKey("pat"))
        if revoke { try fixture.write("roles/revoked_keys", fixture.openPGPFingerprints["pat"]! + "\n") }
        try fixture.commit("Configuration", as: "adam")
        try fixture.branch("add")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 1))
        try fixture.commit("Add", as: "alice")
        try fixture.approve("SOP-QA-001", revision: 1, as: "olga")
        return fixture
    }

    @Test(.verifies("REQ-SIG-002"), arguments: [("ed25519", false), ("ed25519", true), ("rsa2048", false)])
    func aGoodOpenPGPApprovalReleases(algorithm: String, signingSubkey: Bool) throws {
        let fixture = try fixture(algorithm: algorithm, signingSubkey: signingSubkey)
        let approval = try fixture.commitOpenPGP("Approve\n\nApproves: SOP-QA-001 rev 1", as: "pat", allowEmpty: true)
        try fixture.merge("add")
        let record = try fixture.record()
        let verdict = try #require(record.signatures.first { $0.commit.hex == approval }?.verdict)
        #expect(verdict.status == .good, "\(verdict.reason)")
        #expect(verdict.format == .openpgp)
        #expect(verdict.person?.rawValue == "pat")
        #expect(record.findings == [])
        let release = try #require(fixture.status("SOP-QA-001", in: record)?.inForce)
        #expect(release.approvals.contains { $0.person.rawValue == "pat" && $0.role?.rawValue == "qa-approver" })
        if signingSubkey {
            // The subkey signed, and the binding made it count.
            #expect(verdict.key != fixture.openPGPFingerprints["pat"])
        }
    }

    @Test(.verifies("REQ-SIG-002", "REQ-SIG-004", "REQ-SIG-006")) func unknownTamperedAndRevokedOpenPGPSignatures() throws {
        let fixture = try fixture(revoke: true)
        let revoked = try fixture.commitOpenPGP("Approve\n\nApproves: SOP-QA-001 rev 1", as: "pat", allowEmpty: true)
        let unknown = try fixture.commitOpenPGP("Approve\n\nApproves: SOP-QA-001 rev 1", as: "eve", allowEmpty: true)
        try fixture.merge("add")
        let record = try fixture.record()
        func verdict(_ commit: String, in record: ReleaseRecord) -> SignatureVerdict? {
            record.signatures.first { $0.commit.hex == commit }?.verdict
        }
        #expect(verdict(revoked, in: record)?.status == .revoked)
        #expect(verdict(unknown, in: record)?.status == .unknownSigner)
        #expect(fixture.status("SOP-QA-001", in: record)?.state == .pending)
        #expect(record.findings.contains { $0.code == .keyNotValid && $0.commit == revoked })
        #expect(record.findings.contains { $0.code == .unknownSigner && $0.commit == unknown })

        let raw = try fixture.git(["cat-file", "commit", revoked])
        let tampered = try fixture.forgeCommit(
            raw.replacingOccurrences(of: "Approves: SOP-QA-001 rev 1", with: "Approves: SOP-QA-001 rev 2"))
        let forged = try fixture.record()
        #expect(verdict(tampered, in: forged)?.status == .bad)
        #expect(verdict(tampered, in: forged)?.reason.contains("does not match") == true)
    }

    @Test(.verifies("REQ-SIG-002")) func openPGPVerdictsAgreeWithGitVerifyCommit() throws {
        let fixture = try fixture(signingSubkey: true)
        try fixture.commitOpenPGP("Approve\n\nApproves: SOP-QA-001 rev 1", as: "pat", allowEmpty: true)
        try fixture.commitOpenPGP("Outsider", as: "eve", allowEmpty: true)
        try fixture.merge("add")
        let record = try fixture.record()
        // git is given exactly the keys stet trusts: pat's, in a fresh keyring.
        let keyring = fixture.root.appendingPathComponent("trusted")
        try FileManager.default.createDirectory(at: keyring, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { _ = try? fixture.run("/usr/bin/gpgconf", ["--kill", "gpg-agent"], environment: ["GNUPGHOME": keyring.path]) }
        let asc = fixture.root.appendingPathComponent("pat.asc")
        try fixture.exportOpenPGPKey("pat").write(to: asc, atomically: true, encoding: .utf8)
        _ = try fixture.run("/usr/bin/gpg", ["--batch", "--import", asc.path], environment: ["GNUPGHOME": keyring.path])
        let allowed = fixture.repository.appendingPathComponent("roles/allowed_signers").path
        for entry in record.signatures {
            let gitSays: Bool
            do {
                _ = try fixture.run(
                    "/usr/bin/git",
                    ["-C", fixture.repository.path, "-c", "gpg.ssh.allowedSignersFile=\(allowed)", "verify-commit", entry.commit.hex],
                    environment: ["GNUPGHOME": keyring.path, "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"])
                gitSays = true
            } catch {
                gitSays = false
            }
            #expect(
                entry.verdict.isGood == gitSays,
                "\(entry.commit.hex): stet \(entry.verdict.status) (\(entry.verdict.reason)), git \(gitSays)")
        }
    }
}
