import Foundation
import FuzzSupport
import Repository

// The raw commit parser (what `git cat-file commit` prints): header order, continuation
// lines, the signature headers, the signed payload, persons, trailers.
// Invariants: a commit without signature headers signs its own bytes; adding a `gpgsig`
// header at the end of the header leaves the signed payload unchanged and yields exactly
// that signature.

let id = ObjectID("0123456789abcdef0123456789abcdef01234567")!

func fuzz(_ input: [UInt8]) {
    let raw = input
    guard let commit = try? CommitObject(id: id, raw: raw) else { return }
    _ = commit.trailers
    _ = commit.subject
    require(commit.parents.count <= raw.count / 48, "more parents than parent lines could hold")

    // Where the header ends: the first empty line.
    var headerEnd = raw.count
    var index = 0
    while index < raw.count {
        let lineEnd = raw[index...].firstIndex(of: 0x0A) ?? raw.count
        if lineEnd == index {
            headerEnd = index
            break
        }
        index = lineEnd + 1
    }
    let header = String(decoding: raw[..<headerEnd], as: UTF8.self)
    let hasSignatureHeader = header.hasPrefix("gpgsig") || header.contains("\ngpgsig")
    if !hasSignatureHeader {
        require(commit.signatures.isEmpty, "signatures found in a header without gpgsig")
        require(commit.signedPayload == raw, "an unsigned commit's payload is not its bytes")
    }
    guard headerEnd < raw.count else { return }
    let signature = "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----"
    let header2 = "gpgsig " + signature.replacingOccurrences(of: "\n", with: "\n ") + "\n"
    let signed = Array(raw[..<headerEnd]) + Array(header2.utf8) + Array(raw[headerEnd...])
    guard let again = try? CommitObject(id: id, raw: signed) else {
        require(false, "adding a signature header made the commit unreadable")
        return
    }
    require(again.signedPayload == commit.signedPayload, "the signature header changed the signed payload")
    require(again.signatures == commit.signatures + [signature], "the signature header was not read back")
    require(again.tree == commit.tree && again.parents == commit.parents, "the signature header changed the tree or parents")
}
