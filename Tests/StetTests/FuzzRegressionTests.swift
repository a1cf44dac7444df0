import Foundation
import Testing

@testable import Repository
@testable import Signatures

/// Inputs found by the fuzz targets in fuzz/ (run with fuzz/run.sh): each one is kept here with
/// the behaviour it broke, so the bug stays fixed.
@Suite("Inputs found by the fuzzers")
struct FuzzRegressionTests {
    static let id = ObjectID("0123456789abcdef0123456789abcdef01234567")!
    static let header = """
        tree be3b08fda3c021b8c720d0671194ea00269b2f20
        parent a7a6531fe7598326274fab2637d6add50c83fc04
        author Ada Lovelace <ada@example.test> 1796190618 +0000
        committer Ada Lovelace <ada@example.st
        """

    /// FuzzCommitObject: a commit whose last header line has no line feed (no message) was given
    /// a signed payload with a line feed added, so it was not the object's bytes that git signs.
    @Test func aCommitWithoutAFinalLineFeedSignsItsExactBytes() throws {
        let raw = Array(Self.header.utf8)
        #expect(raw.last != 0x0A)
        let commit = try CommitObject(id: Self.id, raw: raw)
        #expect(commit.signedPayload == raw)
        #expect(commit.message == "")
        // With the line feed, the payload keeps it.
        #expect(try CommitObject(id: Self.id, raw: raw + [0x0A]).signedPayload == raw + [0x0A])
    }

    /// The same commit signed with ssh-keygen: the signature over its exact bytes verifies, and a
    /// signature over the bytes with a line feed added (another object) does not carry over.
    @Test func aSignatureOverTheBytesWithALineFeedAddedDoesNotVerify() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stet-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = folder.appendingPathComponent("key").path
        _ = try runTool("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "ada", "-f", key])
        func sign(_ bytes: [UInt8]) throws -> String {
            let file = folder.appendingPathComponent("payload-\(bytes.count)")
            try Data(bytes).write(to: file)
            _ = try runTool("/usr/bin/ssh-keygen", ["-q", "-Y", "sign", "-f", key, "-n", "git", file.path])
            return try String(contentsOfFile: file.path + ".sig", encoding: .utf8)
        }
        // The object with the signature header after the author line, as its last line has none.
        func object(signedWith armored: String) -> [UInt8] {
            let lines = Self.header.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let signature = "gpgsig " + armored.trimmingCharacters(in: .newlines).replacingOccurrences(of: "\n", with: "\n ")
            return Array((lines[0..<3] + [signature, lines[3]]).joined(separator: "\n").utf8)
        }
        let exact = Array(Self.header.utf8)
        let good = try CommitObject(id: Self.id, raw: object(signedWith: try sign(exact)))
        let publicKey = try String(contentsOfFile: key + ".pub", encoding: .utf8).split(separator: " ")
        let signature = try SSHSignature(armored: good.signatures[0])
        #expect(signature.publicKey == (try SSHPublicKey(type: String(publicKey[0]), base64: String(publicKey[1]))))
        #expect(signature.isValid(for: good.signedPayload))

        let other = try CommitObject(id: Self.id, raw: object(signedWith: try sign(exact + [0x0A])))
        #expect(!(try SSHSignature(armored: other.signatures[0])).isValid(for: other.signedPayload))
    }
}
