import Foundation
import Testing

@testable import Control
@testable import Records
@testable import Signatures

/// The real-world quirks on which stet used to disagree with `git verify-commit` (issue 11, item 8),
/// each reproduced with real gpg / ssh-keygen output and checked against git itself.
@Suite("Agreement with git verify-commit on real-world signatures")
struct SignatureAgreementTests {
    /// `pat` (OpenPGP) is a QA approver with roles/keys/pat.asc; SOP-QA-001 rev 1 waits on branch `add` for pat.
    func openPGPFixture(gpgOptions: [String] = [], keyFile: (String) -> String = { $0 }) throws -> GitFixture {
        let fixture = try GitFixture()
        try fixture.makeOpenPGPKey(for: "pat", name: "Pat Pgp", gpgOptions: gpgOptions)
        try fixture.writeConfiguration(extraPeople: "pat:\n  name: Pat Pgp\n  email: pat@example.test\n  roles: [qa-approver]\n")
        try fixture.write("roles/keys/pat.asc", keyFile(try fixture.exportOpenPGPKey("pat")))
        try fixture.commit("Configuration", as: "adam")
        try fixture.branch("add")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 1))
        try fixture.commit("Add", as: "alice")
        try fixture.approve("SOP-QA-001", revision: 1, as: "olga")
        return fixture
    }

    /// What `git verify-commit` says with exactly the keys of the repository: roles/keys/*.asc imported into a
    /// fresh keyring, roles/allowed_signers as the allowed signers file.
    func gitVerifies(_ commit: String, in fixture: GitFixture) throws -> (ok: Bool, output: String) {
        let keyring = fixture.root.appendingPathComponent("trusted-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: keyring, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { _ = try? fixture.run("/usr/bin/gpgconf", ["--kill", "gpg-agent"], environment: ["GNUPGHOME": keyring.path]) }
        let keys = fixture.repository.appendingPathComponent("roles/keys")
        for file in (try? FileManager.default.contentsOfDirectory(atPath: keys.path)) ?? [] {
            _ = try fixture.run(
                "/usr/bin/gpg", ["--batch", "--import", keys.appendingPathComponent(file).path], environment: ["GNUPGHOME": keyring.path])
        }
        let allowed = fixture.repository.appendingPathComponent("roles/allowed_signers").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-C", fixture.repository.path, "-c", "gpg.ssh.allowedSignersFile=\(allowed)", "verify-commit", "-v", commit]
        var environment = ProcessInfo.processInfo.environment
        environment.merge(["GNUPGHOME": keyring.path, "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"]) { $1 }
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus == 0, text)
    }

    func verdict(_ commit: String, in record: ReleaseRecord) -> SignatureVerdict? {
        record.signatures.first { $0.commit.hex == commit }?.verdict
    }

    // MARK: - OpenPGP packet surgery on real gpg signatures

    /// The body of the one signature packet of an armoured signature.
    static func signatureBody(_ armored: String) throws -> [UInt8] {
        try #require(try OpenPGP.packets(try OpenPGP.dearmor(armored, kind: "SIGNATURE")).first { $0.tag == 2 }).body
    }

    /// An armoured signature (new-format packet, with its CRC-24) around `body`.
    static func armor(signature body: [UInt8]) -> String {
        var packet: [UInt8] = [0xC2]
        if body.count < 192 {
            packet.append(UInt8(body.count))
        } else {
            let length = body.count - 192
            packet += [UInt8(length >> 8 + 192), UInt8(length & 0xFF)]
        }
        packet += body
        let crc = OpenPGP.crc24(packet)
        let checksum = Data([UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)]).base64EncodedString()
        let base64 = Data(packet).base64EncodedString()
        var lines = ["-----BEGIN PGP SIGNATURE-----", ""]
        var index = base64.startIndex
        while index < base64.endIndex {
            let end = base64.index(index, offsetBy: 64, limitedBy: base64.endIndex) ?? base64.endIndex
            lines.append(String(base64[index..<end]))
            index = end
        }
        lines += ["=" + checksum, "-----END PGP SIGNATURE-----"]
        return lines.joined(separator: "\n")
    }

    static func length(_ body: [UInt8], at offset: Int) -> Int { Int(body[offset]) << 8 | Int(body[offset + 1]) }

    /// Where the two "left 16 bits of the hash" bytes are.
    static func hashPrefixOffset(_ body: [UInt8]) -> Int {
        let hashedEnd = 6 + length(body, at: 4)
        return hashedEnd + 2 + length(body, at: hashedEnd)
    }

    /// The signature without its issuer-fingerprint subpacket, so that only the 8-byte key id names the issuer
    /// (as GitHub's web-flow signatures do). The subpacket is hashed: the result no longer verifies.
    static func withoutIssuerFingerprint(_ body: [UInt8]) -> [UInt8] {
        let hashedLength = length(body, at: 4)
        var hashed: [UInt8] = []
        var offset = 6
        while offset < 6 + hashedLength {
            let size = Int(body[offset])  // gpg's subpackets here are all shorter than 192 bytes
            let packet = Array(body[offset..<offset + 1 + size])
            if packet[1] & 0x7F != 33 { hashed += packet }
            offset += 1 + size
        }
        return Array(body[0..<4]) + [UInt8(hashed.count >> 8), UInt8(hashed.count & 0xFF)] + hashed + Array(body[(6 + hashedLength)...])
    }

    // MARK: - The quirks

    @Test func aWrongHashPrefixIsIgnoredAsGpgIgnoresIt() throws {
        let fixture = try openPGPFixture()
        try fixture.commitOpenPGP("Approve\n\nApproves: SOP-QA-001 rev 1", as: "pat", allowEmpty: true)
        let approval = try fixture.resign(branch: "add") { _, old in
            var body = try Self.signatureBody(try #require(old))
            let offset = Self.hashPrefixOffset(body)
            body[offset] ^= 0xA5
            body[offset + 1] ^= 0x5A
            return Self.armor(signature: body)
        }
        try fixture.merge("add")
        let record = try fixture.record()
        let found = try #require(verdict(approval, in: record))
        #expect(found.status == .good, "\(found.reason)")
        #expect(found.person?.rawValue == "pat")
        #expect(record.findings == [])
        #expect(fixture.status("SOP-QA-001", in: record)?.inForce?.approvals.contains { $0.person.rawValue == "pat" } == true)
        let git = try gitVerifies(approval, in: fixture)
        #expect(git.ok, "\(git.output)")
    }

    @Test func aTamperedSignatureNamingItsIssuerByKeyIDIsBadNotUnknown() throws {
        let fixture = try openPGPFixture()
        try fixture.commitOpenPGP("Approve\n\nApproves: SOP-QA-001 rev 1", as: "pat", allowEmpty: true)
        let approval = try fixture.resign(branch: "add") { _, old in
            let body = Self.withoutIssuerFingerprint(try Self.signatureBody(try #require(old)))
            let parsed = try OpenPGP.signature(body)
            #expect(parsed.issuerFingerprint == nil)
            #expect(parsed.issuerKeyID == fixture.openPGPFingerprints["pat"].map { String($0.suffix(16)) })
            return Self.armor(signature: body)
        }
        try fixture.merge("add")
        let record = try fixture.record()
        let found = try #require(verdict(approval, in: record))
        #expect(found.status == .bad, "\(found.reason)")
        #expect(found.key == fixture.openPGPFingerprints["pat"])
        #expect(found.reason.contains("does not match"))
        let finding = try #require(record.findings.first { $0.commit == approval })
        #expect(finding.code == .badSignature)
        #expect(finding.severity == .error)
        #expect(fixture.status("SOP-QA-001", in: record)?.state == .pending)
        let git = try gitVerifies(approval, in: fixture)
        #expect(!git.ok)
        #expect(git.output.contains("BAD signature"), "\(git.output)")
        let verify = try StetProcess.run(["verify", "-C", fixture.repository.path, "--format", "json"])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("\"bad-signature\""))
    }

    @Test func aKeyCertifiedWithSHA1CountsAsInGpgAndCheckWarns() throws {
        let fixture = try openPGPFixture(gpgOptions: ["--cert-digest-algo", "SHA1"])
        let certificate = try #require(
            try OpenPGPCertificate.read(armored: try fixture.exportOpenPGPKey("pat"), file: "roles/keys/pat.asc").first)
        #expect(certificate.emails == ["pat@example.test"])
        #expect(certificate.sha1Certifications == ["the user id 'Pat Pgp <pat@example.test>'"])
        let approval = try fixture.commitOpenPGP("Approve\n\nApproves: SOP-QA-001 rev 1", as: "pat", allowEmpty: true)
        try fixture.merge("add")
        let record = try fixture.record()
        let found = try #require(verdict(approval, in: record))
        #expect(found.status == .good, "\(found.reason)")
        #expect(fixture.status("SOP-QA-001", in: record)?.state == .effective)
        #expect(try gitVerifies(approval, in: fixture).ok)

        let check = try StetProcess.run(["check", "-C", fixture.repository.path, "--format", "json"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let findings = try #require(json["findings"] as? [[String: Any]])
        let warning = try #require(findings.first { $0["file"] as? String == "roles/keys/pat.asc" })
        #expect(warning["code"] as? String == "key-not-valid")
        #expect(warning["severity"] as? String == "warning")
        #expect((warning["message"] as? String)?.contains("SHA-1") == true)
        let text = try StetProcess.run(["check", "-C", fixture.repository.path])
        #expect(text.stdout.contains("roles/keys/pat.asc: warning:"), "\(text.stdout)")
    }

    @Test func aKeyFileWithCRCRLFLineEndingsReadsAsGpgReadsIt() throws {
        let fixture = try openPGPFixture(keyFile: { $0.replacingOccurrences(of: "\n", with: "\r\r\n") })
        let file = try String(contentsOf: fixture.repository.appendingPathComponent("roles/keys/pat.asc"), encoding: .utf8)
        #expect(file.unicodeScalars.filter { $0 == "\r" }.count > 10)
        let approval = try fixture.commitOpenPGP("Approve\n\nApproves: SOP-QA-001 rev 1", as: "pat", allowEmpty: true)
        try fixture.merge("add")
        let record = try fixture.record()
        #expect(verdict(approval, in: record)?.status == .good)
        #expect(record.findings == [])
        // gpg imports the same file (gitVerifies imports roles/keys as it is) and git agrees.
        #expect(try gitVerifies(approval, in: fixture).ok)
    }

    @Test func validBeforeIsInclusiveToTheSecondLikeSshKeygen() throws {
        let fixture = try GitFixture()
        let edge = (fixture.clock / 3600 + 10) * 3600
        let stamp = RecordReport.timestamp(edge).filter { $0.isNumber } + "Z"
        try fixture.writeConfiguration(options: ["quinn": "namespaces=\"git\",valid-before=\"\(stamp)\""])
        try fixture.commit("Configuration", as: "adam")
        try fixture.branch("add-sop")
        try fixture.write("controlled-docs/SOP-QA-001.md", fixture.document(revision: 1))
        try fixture.commit("Add SOP-QA-001", as: "alice")
        try fixture.approve("SOP-QA-001", revision: 1, as: "olga")
        fixture.setNextCommitTime(edge)
        let atTheSecond = try fixture.approve("SOP-QA-001", revision: 1, as: "quinn")
        fixture.setNextCommitTime(edge + 1)
        let oneSecondLater = try fixture.approve("SOP-QA-001", revision: 1, as: "quinn")
        try fixture.merge("add-sop")

        let record = try fixture.record()
        #expect(verdict(atTheSecond, in: record)?.status == .good)
        #expect(verdict(oneSecondLater, in: record)?.status == .keyNotValid)
        #expect(verdict(oneSecondLater, in: record)?.reason.contains("valid-before") == true)
        let finding = try #require(record.findings.first { $0.commit == oneSecondLater })
        #expect(finding.code == .keyNotValid)
        #expect(finding.severity == .error)
        #expect(fixture.status("SOP-QA-001", in: record)?.state == .effective)
        #expect(try StetProcess.run(["verify", "-C", fixture.repository.path]).status == 1)
        // git hands ssh-keygen the committer time (-Overify-time): it agrees on both.
        #expect(try gitVerifies(atTheSecond, in: fixture).ok)
        #expect(try !gitVerifies(oneSecondLater, in: fixture).ok)
    }

    /// OpenPGP signature expiry is judged at the commit's claimed time, never today's: a signature made in
    /// 2020 that expired a day later still verifies for a commit claiming that day, now and in any later replay.
    @Test func signatureExpiryIsJudgedAtTheClaimedTimeNotToday() throws {
        let fixture = try GitFixture()
        let frozenAtKeyCreation = ["--faked-system-time", "20200101T000000!"]
        let fingerprint = try fixture.makeOpenPGPKey(for: "pat", name: "Pat Pgp", gpgOptions: frozenAtKeyCreation)
        let payload =
            "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor pat <pat@example.test> 1577840400 +0000\n\nApproves: SOP-QA-001 rev 1\n"
        let file = fixture.root.appendingPathComponent("payload")
        try Data(payload.utf8).write(to: file)
        try fixture.gpg([
            "--faked-system-time", "20200101T010000!", "--default-sig-expire", "1d", "--armor", "--detach-sign", "-u", fingerprint,
            "-o", file.path + ".asc", file.path,
        ])
        let signature = try String(contentsOfFile: file.path + ".asc", encoding: .utf8)
        #expect(try OpenPGP.signature(try Self.signatureBody(signature)).expirationSeconds == 86_400)
        let person = Person(
            id: PersonID("pat")!, name: "Pat Pgp", email: EmailAddress("pat@example.test")!, roles: [], roleLines: [], site: nil,
            active: true, line: 1)
        let keyring = KeyRing(
            signers: [], revoked: [], people: [person],
            openPGP: try OpenPGPCertificate.read(armored: try fixture.exportOpenPGPKey("pat"), file: "roles/keys/pat.asc"))
        let signedAt: Int64 = 1_577_840_400  // 2020-01-01T01:00:00Z
        func judge(at time: Int64) -> SignatureVerdict {
            CommitVerifier.verify(signatures: [signature], payload: Array(payload.utf8), committerTime: time, keyring: keyring)
        }
        #expect(judge(at: signedAt).status == .good, "\(judge(at: signedAt).reason)")
        #expect(judge(at: signedAt + 86_399).status == .good)
        #expect(judge(at: signedAt + 86_400).status == .keyNotValid)
        #expect(judge(at: signedAt + 86_400).reason.contains("expired"))
    }
}
