import Foundation
import Testing

@testable import Signatures

@Suite("SSH signatures, verified natively against real ssh-keygen output")
struct SSHSignatureTests {
    /// Signs `message` with a fresh key of `type` in `namespace`; returns the armoured signature and the public line.
    func sign(_ message: String, type: String, bits: [String] = [], namespace: String = "git") throws -> (
        signature: String, publicKey: String
    ) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stet-sshsig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = folder.appendingPathComponent("key").path
        _ = try runTool("/usr/bin/ssh-keygen", ["-q", "-t", type] + bits + ["-N", "", "-C", "test", "-f", key])
        let file = folder.appendingPathComponent("payload")
        try Data(message.utf8).write(to: file)
        _ = try runTool("/usr/bin/ssh-keygen", ["-q", "-Y", "sign", "-f", key, "-n", namespace, file.path])
        return (
            try String(contentsOfFile: file.path + ".sig", encoding: .utf8),
            try String(contentsOfFile: key + ".pub", encoding: .utf8)
        )
    }

    @Test(.verifies("REQ-SIG-001"), arguments: [("ed25519", [String]()), ("ecdsa", ["-b", "256"]), ("rsa", ["-b", "2048"])])
    func goodSignaturesVerifyAndTamperedOnesDoNot(type: String, bits: [String]) throws {
        let message =
            "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@example.test> 1767225600 +0000\n\nApproves: SOP-QA-001 rev 2\n"
        let (armored, publicLine) = try sign(message, type: type, bits: bits)
        let signature = try SSHSignature(armored: armored)
        #expect(signature.namespace == "git")
        let fields = publicLine.split(separator: " ")
        #expect(signature.publicKey == (try SSHPublicKey(type: String(fields[0]), base64: String(fields[1]))))
        if type == "rsa" { #expect(signature.signatureAlgorithm == "rsa-sha2-512") }
        #expect(signature.isValid(for: Array(message.utf8)))
        #expect(!signature.isValid(for: Array(message.replacingOccurrences(of: "rev 2", with: "rev 3").utf8)))
        #expect(!signature.isValid(for: Array((message + " ").utf8)))
    }

    @Test(.verifies("REQ-SIG-001")) func theNamespaceIsPartOfTheSignature() throws {
        let (armored, _) = try sign("payload", type: "ed25519", namespace: "file")
        var signature = try SSHSignature(armored: armored)
        #expect(signature.namespace == "file")
        #expect(signature.isValid(for: Array("payload".utf8)))
        // Claiming another namespace breaks the signature.
        signature.namespace = "git"
        #expect(!signature.isValid(for: Array("payload".utf8)))
    }

    @Test(.verifies("REQ-SIG-001")) func malformedSignaturesAreRefusedWithAReason() throws {
        let (armored, _) = try sign("payload", type: "ed25519")
        let body = armored.split(separator: "\n").dropFirst().dropLast().joined()
        var blob = [UInt8](Data(base64Encoded: body)!)

        #expect(throws: SSHSignature.ParseError.self) { try SSHSignature(armored: "not a signature") }
        #expect(throws: SSHSignature.ParseError.self) { try SSHSignature(armored: "junk\n" + armored) }
        blob[9] = 2  // version 2
        #expect { try SSHSignature(blob: blob) } throws: { ($0 as? SSHSignature.ParseError)?.message.contains("version 2") == true }
        blob[9] = 1
        #expect(throws: SSHSignature.ParseError.self) { try SSHSignature(blob: Array(blob.dropLast())) }
        #expect(throws: SSHSignature.ParseError.self) { try SSHSignature(blob: blob + [0]) }
        #expect(try SSHSignature(blob: blob).isValid(for: Array("payload".utf8)))
    }
}
