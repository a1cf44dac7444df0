import Foundation
import FuzzSupport
import Records
import Signatures

// The OpenPGP signature path of commit verification: armour, packets, the v4 signature
// packet and its subpackets, then verification against a real Ed25519 certificate.
// The input is the binary packet stream (armoured here, so the fuzzer works on packets)
// followed, after a NUL, by the signed payload.
// Invariants: armour round-trips; the verdict is an OpenPGP one.

/// A certificate made with `gpg --quick-gen-key 'Fuzz <fuzz@example.test>' ed25519 sign never`.
let certificateText = """
    -----BEGIN PGP PUBLIC KEY BLOCK-----

    mDMEaw+rhhYJKwYBBAHaRw8BAQdAj5KSyImx8b6vtB/jxgKvMljRzshxY8iWu5s+
    MUJBfmC0GEZ1enogPGZ1enpAZXhhbXBsZS50ZXN0PoiQBBMWCAA4FiEEaM+mMnFQ
    +AVfMMELJnwGwIJV8f8FAmsPq4YCGwMFCwkIBwIGFQoJCAsCBBYCAwECHgECF4AA
    CgkQJnwGwIJV8f87IAEAkjHG+aBa9ChLDiN3T5N87X8dqKAqw3EFvYybb6FYBtEB
    AImln5qnoVoY5CjzeGqzhdb1PvucL65uSbdhPIRyKzYD
    =uuCj
    -----END PGP PUBLIC KEY BLOCK-----
    """

let keyring: KeyRing = {
    let certificates = (try? OpenPGPCertificate.read(armored: certificateText, file: "roles/keys/fuzz.asc")) ?? []
    let (people, _) = Directory.decodePeople("fuzz:\n  name: Fuzz\n  email: fuzz@example.test\n  roles: [all-staff]\n")
    return KeyRing(signers: [], revoked: [], people: Array(people.values), openPGP: certificates)
}()

func fuzz(_ input: [UInt8]) {
    require(keyring.openPGP.count == 1 && keyring.peopleByEmail.count == 1, "the fuzzer's own certificate does not read")
    let (packets, payload) = split(input)
    let armored = openPGPArmor(packets, kind: "SIGNATURE")
    require((try? OpenPGP.dearmor(armored, kind: "SIGNATURE")) == packets, "armour does not round-trip")
    let verdict = CommitVerifier.verify(signatures: [armored], payload: payload, committerTime: 1_767_225_600, keyring: keyring)
    require(verdict.format == .openpgp, "an OpenPGP signature was judged as \(verdict.format)")
    // The input as armoured text too, for the armour parser (headers, checksum lines).
    if let text = String(validating: packets, as: UTF8.self) {
        _ = CommitVerifier.verify(signatures: [text], payload: payload, committerTime: 0, keyring: keyring)
    }
}
