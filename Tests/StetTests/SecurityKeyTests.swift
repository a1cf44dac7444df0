import Foundation
import Testing

@testable import Control
@testable import Records
@testable import Signatures

/// FIDO security keys (`sk-ssh-ed25519@openssh.com`, `sk-ecdsa-sha2-nistp256@openssh.com`): verified natively,
/// with the authenticator's user-presence and user-verified flags (PRODUCT.md §6, §11.200's two components).
@Suite("Security-key signatures and their user-presence and PIN flags")
struct SecurityKeyTests {
    static let touch = SoftwareSecurityKey.userPresent
    static let pin = SoftwareSecurityKey.userVerified

    /// What `ssh-keygen -Y verify` says about `signature` of `message` for `email`, given one allowed_signers line.
    func sshKeygenVerifies(_ signature: String, of message: String, email: String, line: String) throws -> (ok: Bool, output: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stet-sk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data((line + "\n").utf8).write(to: folder.appendingPathComponent("allowed_signers"))
        try Data(signature.utf8).write(to: folder.appendingPathComponent("sig"))
        try Data(message.utf8).write(to: folder.appendingPathComponent("message"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        process.arguments = [
            "-Y", "verify", "-f", folder.appendingPathComponent("allowed_signers").path, "-I", email, "-n", "git", "-s",
            folder.appendingPathComponent("sig").path,
        ]
        process.standardInput = try FileHandle(forReadingFrom: folder.appendingPathComponent("message"))
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus == 0, text)
    }

    @Test(arguments: [SSHPublicKey.Algorithm.skEd25519, .skEcdsaP256])
    func signaturesVerifyWithTheirFlagsAndAgreeWithSshKeygen(algorithm: SSHPublicKey.Algorithm) throws {
        let key = SoftwareSecurityKey(algorithm)
        #expect(key.publicKey.algorithm == algorithm)
        #expect(key.publicKey.application == "ssh:")
        let message =
            "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\ncommitter sam <sam@example.test> 1767225600 +0000\n\nApproves: SOP-QA-001 rev 1\n"
        let sam = Person(
            id: PersonID("sam")!, name: "Sam Secure", email: EmailAddress("sam@example.test")!, roles: [], roleLines: [], site: nil,
            active: true, line: 1)
        func line(_ options: String) -> String {
            "sam@example.test \(options.isEmpty ? "" : options + " ")\(key.publicKey.openSSHString)"
        }
        func judge(_ signature: String, options: String = "namespaces=\"git\"", message: String = message) throws -> SignatureVerdict {
            let (signers, problems) = AllowedSigners.parse(line(options))
            #expect(problems == [])
            return CommitVerifier.verify(
                signatures: [signature], payload: Array(message.utf8), committerTime: 1_767_225_600,
                keyring: KeyRing(signers: signers, revoked: [], people: [sam]))
        }

        for flags in [Self.touch, Self.touch | Self.pin, 0, Self.pin] {
            let signature = key.sign(Array(message.utf8), flags: flags)
            let parsed = try SSHSignature(armored: signature)
            #expect(parsed.securityKey?.flags == flags)
            let touched = flags & Self.touch != 0
            let verified = flags & Self.pin != 0

            // ssh-keygen accepts the signature whatever its flags: it does not check them.
            let sshKeygen = try sshKeygenVerifies(signature, of: message, email: "sam@example.test", line: line("namespaces=\"git\""))
            #expect(sshKeygen.ok, "\(sshKeygen.output)")
            let plain = try judge(signature)
            #expect(plain.userPresent == touched)
            #expect(plain.userVerified == verified)
            if touched {
                #expect(plain.status == .good, "\(plain.reason)")
            } else {
                // Deliberately stricter than ssh-keygen, as sshd: a touch is required unless the line says otherwise.
                #expect(plain.status == .keyNotValid)
                #expect(plain.reason.contains("no-touch-required"))
            }
            #expect(
                plain.userVerification
                    == (verified
                        ? "security key, verified with PIN/biometric"
                        : touched ? "security key, touched (no PIN/biometric)" : "security key, not touched (no user presence)"))
            #expect(try judge(signature, options: "namespaces=\"git\",no-touch-required").status == .good)
            let required = try judge(signature, options: "namespaces=\"git\",verify-required")
            #expect(required.status == (touched && verified ? .good : .keyNotValid), "\(required.reason)")
            #expect(try judge(signature, options: "no-touch-required,verify-required").status == (verified ? .good : .keyNotValid))

            // A changed message fails for both.
            let altered = message.replacingOccurrences(of: "rev 1", with: "rev 2")
            #expect(try judge(signature, message: altered).status == .bad)
            #expect(try !sshKeygenVerifies(signature, of: altered, email: "sam@example.test", line: line("")).ok)
        }
        // ssh-keygen (OpenSSH 9.2 to current) does not know these options and refuses such a line.
        let refused = try sshKeygenVerifies(
            key.sign(Array(message.utf8), flags: Self.touch | Self.pin), of: message, email: "sam@example.test",
            line: line("verify-required"))
        #expect(!refused.ok)
        #expect(refused.output.contains("unknown key option"), "\(refused.output)")
    }

    @Test func theOptionsApplyOnlyToSecurityKeys() throws {
        let fixture = try GitFixture()
        let (_, problems) = AllowedSigners.parse("alice@example.test verify-required \(fixture.publicKeys["alice"]!)")
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("applies only to security keys") == true)
    }

    @Test func aPINVerifiedApprovalIsShownAsSuchAndVerifyRequiredIsEnforced() throws {
        let fixture = try GitFixture()
        let key = SoftwareSecurityKey(.skEd25519)
        try fixture.writeConfiguration(extraPeople: "sam:\n  name: Sam Secure\n  email: sam@example.test\n  roles: [qa-approver]\n")
        let allowed = fixture.repository.appendingPathComponent("roles/allowed_signers")
        let lines = try String(contentsOf: allowed, encoding: .utf8)
        try fixture.write(
            "roles/allowed_signers",
            lines + "sam@example.test namespaces=\"git\",verify-required \(key.publicKey.openSSHString) sam's key\n")
        try fixture.commit("Configuration", as: "adam")
        try fixture.branch("add")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 1))
        try fixture.commit("Add", as: "alice")
        try fixture.approve("SOP-QA-001", revision: 1, as: "olga")
        try fixture.approve("SOP-QA-001", revision: 1, as: "sam", signer: "mallory")
        let withPIN = try fixture.resign(branch: "add") { payload, _ in key.sign(Array(payload.utf8), flags: Self.touch | Self.pin) }
        try fixture.merge("add")

        let record = try fixture.record()
        let verdict = try #require(record.signatures.first { $0.commit.hex == withPIN }?.verdict)
        #expect(verdict.status == .good, "\(verdict.reason)")
        #expect(verdict.userVerified == true)
        #expect(record.findings == [])
        let approval = try #require(fixture.status("SOP-QA-001", in: record)?.inForce?.approvals.first { $0.person.rawValue == "sam" })
        #expect(approval.userVerified == true)

        let status = try StetProcess.run(["status", "-C", fixture.repository.path, "SOP-QA-001", "--format", "json"])
        #expect(status.stdout.contains("\"userVerified\" : true"), "\(status.stdout)")
        let text = try StetProcess.run(["status", "-C", fixture.repository.path, "SOP-QA-001"])
        #expect(text.stdout.contains("(security key, verified with PIN/biometric)"), "\(text.stdout)")
        let out = fixture.root.appendingPathComponent("site")
        let build = try StetProcess.run(
            ["build", "-C", fixture.repository.path, "--out", out.path, "--as-of", "2030-01-01", "--quiet"],
            environment: ["SOURCE_DATE_EPOCH": "1900000000"])
        #expect(build.status == 0, "\(build.stderr)")
        let page = try String(contentsOf: out.appendingPathComponent("documents/SOP-QA-001/index.html"), encoding: .utf8)
        #expect(page.contains("<span class=\"user-verification\">(security key, verified with PIN/biometric)</span>"))
        // Olga's ordinary key says nothing about a PIN, and nobody here is unqualified: no empty notes.
        #expect(page.components(separatedBy: "class=\"user-verification\"").count == 2)
        #expect(!page.contains("class=\"unqualified\""))

        // A touch without the PIN does not count where the line says verify-required.
        try fixture.branch("again")
        try fixture.approve("SOP-QA-001", revision: 1, as: "sam", signer: "mallory")
        let touchOnly = try fixture.resign(branch: "again") { payload, _ in key.sign(Array(payload.utf8), flags: Self.touch) }
        try fixture.merge("again")
        let later = try fixture.record()
        let refused = try #require(later.signatures.first { $0.commit.hex == touchOnly }?.verdict)
        #expect(refused.status == .keyNotValid)
        #expect(refused.userVerified == false)
        #expect(refused.reason.contains("verify-required"))
        let finding = try #require(later.findings.first { $0.commit == touchOnly })
        #expect(finding.code == .keyNotValid)
        #expect(finding.severity == .error)
        let verify = try StetProcess.run(["verify", "-C", fixture.repository.path, "--format", "json"])
        #expect(verify.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any])
        let signatures = try #require(json["signatures"] as? [[String: Any]])
        let good = try #require(signatures.first { $0["commit"] as? String == withPIN })
        #expect(good["userVerified"] as? Bool == true)
        #expect(good["userPresent"] as? Bool == true)
        let bad = try #require(signatures.first { $0["commit"] as? String == touchOnly })
        #expect(bad["status"] as? String == "key-not-valid")
        #expect(bad["userVerified"] as? Bool == false)
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["code"] as? String == "key-not-valid" && $0["severity"] as? String == "error" })
    }
}
