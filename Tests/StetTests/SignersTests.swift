import Foundation
import Testing

@testable import Records
@testable import Signatures

/// Runs a tool the tests use to make real fixtures.
func runTool(_ path: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = Pipe()
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
    return String(decoding: data, as: UTF8.self)
}

@Suite("allowed_signers and revoked_keys")
struct SignersTests {
    /// A real key from ssh-keygen, its public line and the fingerprint ssh-keygen prints.
    func makeKey(_ type: String, bits: [String] = []) throws -> (line: String, fingerprint: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stet-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = folder.appendingPathComponent("key").path
        _ = try runTool("/usr/bin/ssh-keygen", ["-q", "-t", type] + bits + ["-N", "", "-C", "test", "-f", key])
        let publicLine = try String(contentsOfFile: key + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let listing = try runTool("/usr/bin/ssh-keygen", ["-l", "-E", "sha256", "-f", key + ".pub"])
        let fingerprint = String(listing.split(separator: " ")[1])
        return (publicLine, fingerprint)
    }

    @Test(.verifies("REQ-SIG-001"), arguments: [("ed25519", [String]()), ("ecdsa", ["-b", "256"]), ("rsa", ["-b", "2048"])])
    func realKeysParseWithSSHKeygensFingerprint(type: String, bits: [String]) throws {
        let key = try makeKey(type, bits: bits)
        let fields = key.line.split(separator: " ")
        let text = """
            # comment line

            jane@example.test namespaces="git",valid-after="20260101Z",valid-before="20270101120000Z" \(fields[0]) \(fields[1]) laptop
            "a@example.test,b@example.test" \(fields[0]) \(fields[1])
            """
        let (signers, problems) = AllowedSigners.parse(text)
        #expect(problems == [])
        #expect(signers.count == 2)
        let first = try #require(signers.first)
        #expect(first.key.fingerprint == key.fingerprint)
        #expect(first.line == 3)
        #expect(first.principals == ["jane@example.test"])
        #expect(first.namespaces == ["git"])
        #expect(first.allowsGitNamespace)
        #expect(first.validAfter?.secondsSinceEpoch == 1_767_225_600)
        #expect(first.validBefore?.text == "20270101120000Z")
        #expect(signers[1].principals == ["a@example.test", "b@example.test"])
        #expect(signers[1].namespaces == nil)
    }

    @Test(.verifies("REQ-CFG-003")) func badLinesAreReportedWithTheirNumbers() throws {
        let key = try makeKey("ed25519")
        let fields = key.line.split(separator: " ")
        let text = """
            jane@example.test valid-after="20260101" \(fields[0]) \(fields[1])
            jane@example.test ssh-dss AAAAB3NzaC1kc3MAAACBAP
            jane@example.test frobnicate \(fields[0]) \(fields[1])
            jane@example.test ecdsa-sha2-nistp256 \(fields[1])
            jane@example.test cert-authority,namespaces="file" \(fields[0]) \(fields[1])
            """
        let (signers, problems) = AllowedSigners.parse(text)
        #expect(problems.map(\.line) == [1, 2, 3, 4])
        #expect(problems[0].message.contains("has no time zone"))
        #expect(problems[1].message.contains("not supported"))
        #expect(problems[2].message.contains("unknown or malformed option 'frobnicate'"))
        #expect(problems[3].message.contains("but its data is a 'ssh-ed25519' key"))
        #expect(signers.count == 1)
        #expect(signers[0].isCertificateAuthority)
        #expect(!signers[0].allowsGitNamespace)
    }

    @Test(.verifies("REQ-SIG-006")) func revokedKeys() throws {
        let key = try makeKey("ed25519")
        let text = "# compromised laptop\n\(key.line)\n5F2C 9A4E 0B1D 7C36 8E45  A1B2 C3D4 E5F6 0718 293A\nnot a key\n"
        let (keys, problems) = RevokedKeys.parse(text)
        #expect(keys.count == 2)
        if case .openPGP(let fingerprint, let line) = keys[1] {
            #expect(fingerprint == "5F2C9A4E0B1D7C368E45A1B2C3D4E5F60718293A")
            #expect(line == 3)
        } else {
            Issue.record("expected an OpenPGP fingerprint")
        }
        #expect(problems.map(\.line) == [4])
    }

    @Test(.verifies("REQ-CFG-001")) func malformedAllowedSignersIsAConfigurationError() throws {
        let fixture = try Fixture()
        try fixture.write("roles/allowed_signers", "alice@example.test ssh-ed25519 not-base64!\n")
        let error = try #require(fixture.configurationErrors().first)
        #expect(error.file == "roles/allowed_signers")
        #expect(error.line == 1)
    }
}
