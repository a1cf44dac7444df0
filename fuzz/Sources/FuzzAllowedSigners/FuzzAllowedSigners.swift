import Foundation
import FuzzSupport
import Signatures

// `roles/allowed_signers` and `roles/revoked_keys`: the input is read as both files.
// Invariants: every line that is neither empty nor a comment gives exactly one signer or one
// problem (nothing is dropped silently); a signer written back out as a line (principals,
// options, key) parses to the same signer; each revoked SSH key's text form parses back to it.

func fuzz(_ input: [UInt8]) {
    guard let text = String(validating: input, as: UTF8.self) else { return }
    let meaningful = text.split(separator: "\n", omittingEmptySubsequences: false)
        .map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty && !$0.hasPrefix("#") }.count

    let (signers, problems) = AllowedSigners.parse(text)
    require(signers.count + problems.count == meaningful, "\(meaningful) lines gave \(signers.count) signers and \(problems.count) problems")
    for signer in signers {
        var options: [String] = []
        if signer.isCertificateAuthority { options.append("cert-authority") }
        if signer.noTouchRequired { options.append("no-touch-required") }
        if signer.verifyRequired { options.append("verify-required") }
        if let namespaces = signer.namespaces { options.append("namespaces=\"\(namespaces.joined(separator: ","))\"") }
        if let after = signer.validAfter { options.append("valid-after=\"\(after.text)\"") }
        if let before = signer.validBefore { options.append("valid-before=\"\(before.text)\"") }
        let principals = signer.principals.joined(separator: ",")
        let line = ([principals] + (options.isEmpty ? [] : [options.joined(separator: ",")]) + [signer.key.openSSHString])
            .joined(separator: " ")
        // Only lines whose fields survive the tokenizer unchanged are expected to round-trip.
        guard !principals.contains(where: { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "#" }),
            signer.namespaces?.allSatisfy({ !$0.contains { $0 == "\"" || $0 == " " || $0 == "\t" || $0 == "," } || $0.isEmpty }) ?? true,
            !(signer.namespaces?.contains("") ?? false)
        else { continue }
        let (again, againProblems) = AllowedSigners.parse(line)
        require(againProblems.isEmpty && again.count == 1, "'\(line)' does not parse back: \(againProblems.map(\.message))")
        var expected = signer
        expected.line = 1
        require(again.first == expected, "'\(line)' parses to \(String(describing: again.first)), not \(expected)")
    }

    let (revoked, revokedProblems) = RevokedKeys.parse(text)
    require(revoked.count + revokedProblems.count == meaningful, "revoked_keys dropped a line")
    for entry in revoked {
        switch entry {
        case .ssh(let key, _):
            let fields = key.openSSHString.split(separator: " ").map(String.init)
            require((try? SSHPublicKey(type: fields[0], base64: fields[1])) == key, "a revoked key does not round-trip")
        case .openPGP(let fingerprint, _):
            require(fingerprint.count == 40 && fingerprint.allSatisfy { $0.isHexDigit && !$0.isLowercase }, "fingerprint \(fingerprint)")
        }
    }
}
