import Foundation
import FuzzSupport
import Signatures

// The SSHSIG parser (`ssh-keygen -Y sign`, git's gpg.format=ssh) and the SSH public-key parser.
// The input is the binary blob; the armoured form and the key's text form are derived from it.
// Invariants: a parsed signature re-encodes to a blob that parses to the same value; its
// armour parses to the same value; a parsed key's text form parses back to the same key.

func fuzz(_ input: [UInt8]) {
    
    if let key = try? SSHPublicKey(blob: input) {
        let text = key.openSSHString.split(separator: " ").map(String.init)
        require(text.count == 2, "the key's text form is not 'TYPE BASE64'")
        let again = try? SSHPublicKey(type: text[0], base64: text[1])
        require(again == key, "the key's text form does not parse back to the same key")
        require(key.fingerprint.hasPrefix("SHA256:") && key.fingerprint.count == 50, "fingerprint \(key.fingerprint)")
    }

    let parsed = try? SSHSignature(blob: input)
    let armored =
        "\(SSHSignature.armorBegin)\n\(wrapped(Data(input).base64EncodedString(), width: 70))\n\(SSHSignature.armorEnd)\n"
    let fromArmor = try? SSHSignature(armored: armored)
    require(parsed == fromArmor, "the armoured and the binary forms parse differently")
    guard let signature = parsed else {
        // Also feed the input as text, for the armour parser itself.
        if let text = String(validating: input, as: UTF8.self) { _ = try? SSHSignature(armored: text) }
        return
    }
    // Re-encode (with an empty reserved field) and parse again.
    let hashName = signature.hashAlgorithm == .sha256 ? "sha256" : "sha512"
    var inner = sshField(Array(signature.signatureAlgorithm.utf8)) + sshField(signature.signatureBlob)
    if let securityKey = signature.securityKey {
        // A security key's signature also carries the authenticator's flags and counter.
        let counter = securityKey.counter
        inner += [securityKey.flags, UInt8(counter >> 24), UInt8(counter >> 16 & 0xFF), UInt8(counter >> 8 & 0xFF), UInt8(counter & 0xFF)]
    }
    let blob =
        Array("SSHSIG".utf8) + [0, 0, 0, 1] + sshField(signature.publicKey.blob) + sshField(Array(signature.namespace.utf8))
        + sshField([]) + sshField(Array(hashName.utf8)) + sshField(inner)
    let reparsed = try? SSHSignature(blob: blob)
    require(reparsed == signature, "the re-encoded signature does not parse back to the same value")
    // Verification must never crash, whatever the key and signature bytes.
    _ = signature.isValid(for: input)
}
