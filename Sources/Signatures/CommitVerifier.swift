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

    public init(signers: [AllowedSigner], revoked: [RevokedKey], people: [Person]) {
        self.signers = signers
        self.revoked = revoked
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
            return verdict(.bad, .openpgp, "OpenPGP signatures are not verified yet by this version of stet")
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
}
