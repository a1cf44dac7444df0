import Foundation
import FuzzSupport
import Signatures

// The OpenPGP certificate reader (`roles/keys/*.asc`): packets, public-key packets, user ids,
// self-certifications, subkey bindings with their cross-certifications, revocations.
// The input is the binary packet stream, armoured here.
// Invariants: armour round-trips; fingerprints are 40 upper-case hex digits.

func fuzz(_ input: [UInt8]) {
        let armored = openPGPArmor(input, kind: "PUBLIC KEY BLOCK")
    require((try? OpenPGP.dearmor(armored, kind: "PUBLIC KEY BLOCK")) == input, "armour does not round-trip")
    if let certificates = try? OpenPGPCertificate.read(armored: armored, file: "roles/keys/fuzz.asc") {
        for certificate in certificates {
            for key in [certificate.primary] + certificate.signingKeys {
                require(
                    key.fingerprint.count == 40 && key.fingerprint.allSatisfy { $0.isHexDigit && !$0.isLowercase },
                    "fingerprint '\(key.fingerprint)'")
            }
            require(certificate.signingKeys.allSatisfy { $0.creationTime >= 0 }, "a negative creation time")
            _ = certificate.emails
        }
    }
    if let text = String(validating: input, as: UTF8.self) {
        _ = try? OpenPGPCertificate.read(armored: text, file: "roles/keys/fuzz.asc")
    }
}
