import Foundation
import Records

/// What a commit's signature proves (PRODUCT.md §10 `signatures[].status`).
public enum SignatureStatus: String, Codable, Sendable, CaseIterable {
    case good, bad, unsigned
    case unknownSigner = "unknown-signer"
    case keyNotValid = "key-not-valid"
    case revoked
}

/// How a commit was signed.
public enum SignatureFormat: String, Codable, Sendable {
    case ssh, openpgp, none
}

/// The verdict on one commit's signature, with the reason in words.
public struct SignatureVerdict: Hashable, Sendable {
    public var status: SignatureStatus
    public var format: SignatureFormat
    /// The person the verifying key belongs to, when known.
    public var person: PersonID?
    /// The key's fingerprint (`SHA256:…` for SSH, hex for OpenPGP).
    public var key: String?
    /// The committer time: the signer's claim, not a trusted timestamp.
    public var claimedAt: Int64
    public var reason: String

    public var isGood: Bool { status == .good }
}

/// The trust material of one configuration: who holds which key.
public struct KeyRing: Sendable {
    public var signers: [AllowedSigner]
    public var revoked: [RevokedKey]
    public var peopleByEmail: [String: Person]
    public var openPGP: [OpenPGPCertificate]

    public init(signers: [AllowedSigner], revoked: [RevokedKey], people: [Person], openPGP: [OpenPGPCertificate] = []) {
        self.signers = signers
        self.revoked = revoked
        self.openPGP = openPGP
        peopleByEmail = Dictionary(people.map { ($0.email.rawValue, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func isRevoked(_ key: SSHPublicKey) -> Bool {
        revoked.contains { if case .ssh(let revokedKey, _) = $0 { return revokedKey == key } else { return false } }
    }
}

/// Verifies commit signatures natively (PRODUCT.md §6): the signature is the
/// `gpgsig` header and nothing else; exactly one; checked with OpenSSL.
public enum CommitVerifier {
    public static func verify(signatures: [String], payload: [UInt8], committerTime: Int64, keyring: KeyRing) -> SignatureVerdict {
        func verdict(_ status: SignatureStatus, _ format: SignatureFormat, _ reason: String, person: PersonID? = nil, key: String? = nil)
            -> SignatureVerdict
        {
            SignatureVerdict(status: status, format: format, person: person, key: key, claimedAt: committerTime, reason: reason)
        }
        guard let armored = signatures.first else { return verdict(.unsigned, .none, "the commit is not signed") }
        guard signatures.count == 1 else {
            return verdict(
                .bad, .none, "the commit carries \(signatures.count) signature headers; a commit with two signatures is rejected")
        }
        if armored.contains(SSHSignature.armorBegin) {
            return verifySSH(armored, payload: payload, committerTime: committerTime, keyring: keyring, verdict: verdict)
        }
        if armored.contains("-----BEGIN PGP SIGNATURE-----") {
            return verifyOpenPGP(armored, payload: payload, committerTime: committerTime, keyring: keyring, verdict: verdict)
        }
        return verdict(.bad, .none, "the signature header holds neither an SSH nor an OpenPGP signature")
    }

    private static func verifySSH(
        _ armored: String, payload: [UInt8], committerTime: Int64, keyring: KeyRing,
        verdict: (SignatureStatus, SignatureFormat, String, PersonID?, String?) -> SignatureVerdict
    ) -> SignatureVerdict {
        let signature: SSHSignature
        do {
            signature = try SSHSignature(armored: armored)
        } catch {
            return verdict(.bad, .ssh, "the SSH signature cannot be read: \(error)", nil, nil)
        }
        let fingerprint = signature.publicKey.fingerprint
        guard signature.namespace == "git" else {
            return verdict(.bad, .ssh, "the SSH signature is for the namespace '\(signature.namespace)', not 'git'", nil, fingerprint)
        }
        guard signature.isValid(for: payload) else {
            return verdict(
                .bad, .ssh, "the SSH signature does not match the commit's content (altered after signing, or forged)", nil, fingerprint)
        }
        let lines = keyring.signers.filter { $0.key == signature.publicKey && !$0.isCertificateAuthority }
        guard !lines.isEmpty else {
            return verdict(.unknownSigner, .ssh, "the key \(fingerprint) is not in roles/allowed_signers", nil, fingerprint)
        }
        let owners = Set(lines.flatMap(\.principals).map { $0.lowercased() })
        guard owners.count == 1, let email = owners.first, let person = keyring.peopleByEmail[email] else {
            return verdict(
                .unknownSigner, .ssh,
                owners.count == 1
                    ? "the key \(fingerprint) is listed for \(owners.first!), who is not in roles/people.yaml"
                    : "the key \(fingerprint) is listed for several people; a key must belong to exactly one",
                nil, fingerprint)
        }
        if keyring.isRevoked(signature.publicKey) {
            return verdict(
                .revoked, .ssh, "the key \(fingerprint) of \(person.name) is listed in roles/revoked_keys", person.id, fingerprint)
        }
        guard lines.contains(where: { $0.allowsGitNamespace }) else {
            return verdict(
                .keyNotValid, .ssh, "the key \(fingerprint) of \(person.name) is not allowed to sign in the 'git' namespace", person.id,
                fingerprint)
        }
        let valid = lines.contains { line in
            line.allowsGitNamespace && (line.validAfter.map { committerTime >= $0.secondsSinceEpoch } ?? true)
                && (line.validBefore.map { committerTime < $0.secondsSinceEpoch } ?? true)
        }
        guard valid else {
            return verdict(
                .keyNotValid, .ssh,
                "the key \(fingerprint) of \(person.name) was not valid at the commit's time (see valid-after/valid-before)",
                person.id, fingerprint)
        }
        guard person.active else {
            return verdict(.keyNotValid, .ssh, "\(person.name) is not an active person (active: false)", person.id, fingerprint)
        }
        return verdict(.good, .ssh, "good SSH signature by \(person.name)", person.id, fingerprint)
    }

    private static func verifyOpenPGP(
        _ armored: String, payload: [UInt8], committerTime: Int64, keyring: KeyRing,
        verdict: (SignatureStatus, SignatureFormat, String, PersonID?, String?) -> SignatureVerdict
    ) -> SignatureVerdict {
        let signature: OpenPGP.SignaturePacket
        do {
            let packets = try OpenPGP.packets(try OpenPGP.dearmor(armored, kind: "SIGNATURE")).filter { $0.tag == 2 }
            guard packets.count == 1 else {
                return verdict(.bad, .openpgp, "the OpenPGP block holds \(packets.count) signatures; exactly one is accepted", nil, nil)
            }
            signature = try OpenPGP.signature(packets[0].body)
        } catch {
            return verdict(.bad, .openpgp, "the OpenPGP signature cannot be read: \(error)", nil, nil)
        }
        guard signature.type == 0x00 else {
            return verdict(
                .bad, .openpgp, "the OpenPGP signature has type 0x\(String(signature.type, radix: 16)), not 0x00 (a binary document)", nil,
                nil)
        }
        // The key that verifies decides; the issuer subpacket is only a hint for the message.
        var found: (OpenPGPCertificate, OpenPGPKey)?
        search: for certificate in keyring.openPGP {
            for key in certificate.signingKeys where OpenPGP.verify(signature, over: payload, with: key.algorithm) {
                found = (certificate, key)
                break search
            }
        }
        guard let (certificate, key) = found else {
            let issuer = signature.issuerFingerprint
            let known = keyring.openPGP.contains {
                $0.primary.fingerprint == issuer || $0.signingKeys.contains { $0.fingerprint == issuer }
            }
            return known
                ? verdict(
                    .bad, .openpgp, "the OpenPGP signature does not match the commit's content (altered after signing, or forged)", nil,
                    issuer)
                : verdict(
                    .unknownSigner, .openpgp,
                    "no key in roles/keys verifies this OpenPGP signature\(issuer.map { " (it names the issuer \($0))" } ?? "")", nil,
                    issuer)
        }
        let owners = Set(certificate.emails.compactMap { keyring.peopleByEmail[$0]?.id })
        guard owners.count == 1, let person = owners.first.flatMap({ id in keyring.peopleByEmail.values.first { $0.id == id } }) else {
            return verdict(
                .unknownSigner, .openpgp,
                owners.isEmpty
                    ? "the OpenPGP key \(key.fingerprint) (\(certificate.file)) has no user id with the e-mail of a person in roles/people.yaml"
                    : "the OpenPGP key \(key.fingerprint) has user ids of several people; a key must belong to exactly one",
                nil, key.fingerprint)
        }
        let revokedFingerprints = Set(
            keyring.revoked.compactMap { if case .openPGP(let fingerprint, _) = $0 { return fingerprint } else { return nil } })
        if key.isRevoked || certificate.primary.isRevoked || revokedFingerprints.contains(key.fingerprint)
            || revokedFingerprints.contains(certificate.primary.fingerprint)
        {
            return verdict(
                .revoked, .openpgp, "the OpenPGP key \(key.fingerprint) of \(person.name) is revoked", person.id, key.fingerprint)
        }
        let signedAt = signature.creationTime ?? committerTime
        if let lifetime = signature.expirationSeconds, lifetime > 0 {
            // As gpg (and so git verify-commit) judges it: an expired signature is not good.
            let now = Int64(Date().timeIntervalSince1970)
            if signedAt + lifetime <= now {
                return verdict(
                    .keyNotValid, .openpgp, "the OpenPGP signature expired on \(CalendarDate(utcSeconds: signedAt + lifetime))", person.id,
                    key.fingerprint)
            }
        }
        guard key.isValid(at: signedAt), key.isValid(at: committerTime) else {
            return verdict(
                .keyNotValid, .openpgp,
                "the OpenPGP key \(key.fingerprint) of \(person.name) was not valid when the commit was signed (expired or not yet created)",
                person.id, key.fingerprint)
        }
        guard person.active else {
            return verdict(.keyNotValid, .openpgp, "\(person.name) is not an active person (active: false)", person.id, key.fingerprint)
        }
        return verdict(.good, .openpgp, "good OpenPGP signature by \(person.name)", person.id, key.fingerprint)
    }
}
