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
    /// For a security-key signature (`sk-…`): whether the user touched the key. Nil for other keys.
    public var userPresent: Bool?
    /// For a security-key signature: whether the key verified the user by PIN or biometric (the second
    /// component of §11.200). Nil for other keys.
    public var userVerified: Bool?

    public var isGood: Bool { status == .good }

    /// How the signer was verified, for the signature manifestation: "verified with PIN/biometric" for a
    /// security key that verified the user; nil when nothing beyond the key itself is known.
    public var userVerification: String? {
        switch (userPresent, userVerified) {
        case (_, true?): return "security key, verified with PIN/biometric"
        case (true?, _): return "security key, touched (no PIN/biometric)"
        case (false?, _): return "security key, not touched (no user presence)"
        default: return nil
        }
    }
}

/// The trust material of one configuration: who holds which key, indexed so that a signature finds
/// its key by the issuer it names (the key inside an SSH signature, an OpenPGP issuer fingerprint or
/// key id) instead of trying every key: checking stays as fast with 200 enrolled keys as with 2.
public struct KeyRing: Sendable {
    public private(set) var signers: [AllowedSigner]
    public private(set) var revoked: [RevokedKey]
    public private(set) var peopleByEmail: [String: Person]
    public private(set) var openPGP: [OpenPGPCertificate]

    private var signersByKey: [SSHPublicKey: [AllowedSigner]] = [:]
    private var revokedSSH: Set<SSHPublicKey> = []
    private var revokedFingerprints: Set<String> = []
    /// Signing keys by fingerprint and by key id: (index into `openPGP`, the key).
    private var signingByFingerprint: [String: [(Int, OpenPGPKey)]] = [:]
    private var signingByKeyID: [String: [(Int, OpenPGPKey)]] = [:]
    /// Primary keys by fingerprint and key id, signing or not.
    private var primaryByIssuer: [String: Int] = [:]

    public init(signers: [AllowedSigner], revoked: [RevokedKey], people: [Person], openPGP: [OpenPGPCertificate] = []) {
        self.signers = signers
        self.revoked = revoked
        self.openPGP = openPGP
        peopleByEmail = Dictionary(people.map { ($0.email.rawValue, $0) }, uniquingKeysWith: { first, _ in first })
        for signer in signers where !signer.isCertificateAuthority { signersByKey[signer.key, default: []].append(signer) }
        for entry in revoked {
            switch entry {
            case .ssh(let key, _): revokedSSH.insert(key)
            case .openPGP(let fingerprint, _): revokedFingerprints.insert(fingerprint)
            }
        }
        for (index, certificate) in openPGP.enumerated() {
            primaryByIssuer[certificate.primary.fingerprint] = primaryByIssuer[certificate.primary.fingerprint] ?? index
            primaryByIssuer[certificate.primary.keyID] = primaryByIssuer[certificate.primary.keyID] ?? index
            for key in certificate.signingKeys {
                signingByFingerprint[key.fingerprint, default: []].append((index, key))
                signingByKeyID[key.keyID, default: []].append((index, key))
            }
        }
    }

    func isRevoked(_ key: SSHPublicKey) -> Bool { revokedSSH.contains(key) }

    func isRevoked(openPGP fingerprint: String) -> Bool { revokedFingerprints.contains(fingerprint) }

    /// The allowed_signers lines (not cert-authority) that list `key`.
    func lines(for key: SSHPublicKey) -> [AllowedSigner] { signersByKey[key] ?? [] }

    /// The signing keys an OpenPGP signature's issuer names: by fingerprint when it gives one, else by key id.
    func signingKeys(for signature: OpenPGP.SignaturePacket) -> [(OpenPGPCertificate, OpenPGPKey)] {
        let found =
            signature.issuerFingerprint.map { signingByFingerprint[$0] ?? [] } ?? signature.issuerKeyID.map { signingByKeyID[$0] ?? [] }
            ?? []
        return found.map { (openPGP[$0.0], $0.1) }
    }

    /// The certificate whose primary key the issuer names, signing or not.
    func certificate(primary issuer: String) -> OpenPGPCertificate? { primaryByIssuer[issuer].map { openPGP[$0] } }
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
        verdict make: (SignatureStatus, SignatureFormat, String, PersonID?, String?) -> SignatureVerdict
    ) -> SignatureVerdict {
        let signature: SSHSignature
        do {
            signature = try SSHSignature(armored: armored)
        } catch {
            return make(.bad, .ssh, "the SSH signature cannot be read: \(error)", nil, nil)
        }
        let details = signature.securityKey
        func verdict(_ status: SignatureStatus, _ format: SignatureFormat, _ reason: String, _ person: PersonID?, _ key: String?)
            -> SignatureVerdict
        {
            var result = make(status, format, reason, person, key)
            result.userPresent = details?.userPresent
            result.userVerified = details?.userVerified
            return result
        }
        let fingerprint = signature.publicKey.fingerprint
        guard signature.namespace == "git" else {
            return verdict(.bad, .ssh, "the SSH signature is for the namespace '\(signature.namespace)', not 'git'", nil, fingerprint)
        }
        guard signature.isValid(for: payload) else {
            return verdict(
                .bad, .ssh, "the SSH signature does not match the commit's content (altered after signing, or forged)", nil, fingerprint)
        }
        let lines = keyring.lines(for: signature.publicKey)
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
        let inWindow = lines.filter { line in
            line.allowsGitNamespace && (line.validAfter.map { committerTime >= $0.secondsSinceEpoch } ?? true)
                && (line.validBefore.map { committerTime <= $0.secondsSinceEpoch } ?? true)
        }
        guard !inWindow.isEmpty else {
            return verdict(
                .keyNotValid, .ssh,
                "the key \(fingerprint) of \(person.name) was not valid at the commit's time, \(utcTimestamp(committerTime)) as claimed (roles/allowed_signers line \(lines[0].line): valid-after/valid-before, both inclusive)",
                person.id, fingerprint)
        }
        if let details {
            // As sshd reads these options for security keys: a touch is required unless the line says
            // no-touch-required; verify-required demands the user-verified (PIN/biometric) flag.
            guard inWindow.contains(where: { $0.noTouchRequired || details.userPresent }) else {
                return verdict(
                    .keyNotValid, .ssh,
                    "the security key \(fingerprint) of \(person.name) signed without user presence (nobody touched it), and roles/allowed_signers line \(inWindow[0].line) does not say no-touch-required",
                    person.id, fingerprint)
            }
            guard inWindow.contains(where: { ($0.noTouchRequired || details.userPresent) && (!$0.verifyRequired || details.userVerified) })
            else {
                return verdict(
                    .keyNotValid, .ssh,
                    "the security key \(fingerprint) of \(person.name) signed without verifying the user (no PIN or biometric), and roles/allowed_signers line \(inWindow[0].line) says verify-required; sign again with a key made with ssh-keygen -O verify-required",
                    person.id, fingerprint)
            }
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
        guard signature.hashAlgorithm != .sha1 else {
            return verdict(
                .bad, .openpgp,
                "the OpenPGP signature uses SHA-1, which is refused for commit signatures; sign with SHA-256 or SHA-512 (gpg --digest-algo SHA512)",
                nil, signature.issuerFingerprint ?? signature.issuerKeyID)
        }
        // The issuer (fingerprint, else key id) names the key, as gpg finds it; the signature must then verify with it.
        guard let issuer = signature.issuerFingerprint ?? signature.issuerKeyID else {
            return verdict(
                .unknownSigner, .openpgp, "the OpenPGP signature names no issuer (no issuer fingerprint or key id), so no key can check it",
                nil, nil)
        }
        let candidates = keyring.signingKeys(for: signature)
        guard !candidates.isEmpty else {
            if let certificate = keyring.certificate(primary: issuer) {
                return verdict(
                    .keyNotValid, .openpgp,
                    "the OpenPGP key \(certificate.primary.fingerprint) (\(certificate.file)) is not certified for signing (its key flags exclude signing)",
                    nil, certificate.primary.fingerprint)
            }
            return verdict(
                .unknownSigner, .openpgp, "no key in roles/keys is the issuer \(issuer) this OpenPGP signature names", nil, issuer)
        }
        guard let (certificate, key) = candidates.first(where: { OpenPGP.verify(signature, over: payload, with: $0.1.algorithm) }) else {
            let (certificate, key) = candidates[0]
            return verdict(
                .bad, .openpgp,
                "the OpenPGP signature by \(key.fingerprint) (\(certificate.file)) does not match the commit's content (altered after signing, or forged)",
                nil, key.fingerprint)
        }
        let owners = Set(certificate.emails.compactMap { keyring.peopleByEmail[$0]?.id })
        guard owners.count == 1, let person = certificate.emails.lazy.compactMap({ keyring.peopleByEmail[$0] }).first else {
            return verdict(
                .unknownSigner, .openpgp,
                owners.isEmpty
                    ? "the OpenPGP key \(key.fingerprint) (\(certificate.file)) has no user id with the e-mail of a person in roles/people.yaml"
                    : "the OpenPGP key \(key.fingerprint) has user ids of several people; a key must belong to exactly one",
                nil, key.fingerprint)
        }
        if key.isRevoked || certificate.primary.isRevoked || keyring.isRevoked(openPGP: key.fingerprint)
            || keyring.isRevoked(openPGP: certificate.primary.fingerprint)
        {
            return verdict(
                .revoked, .openpgp, "the OpenPGP key \(key.fingerprint) of \(person.name) is revoked", person.id, key.fingerprint)
        }
        let signedAt = signature.creationTime ?? committerTime
        if let lifetime = signature.expirationSeconds, lifetime > 0, signedAt + lifetime <= committerTime {
            // Judged at the commit's claimed time, never today's: a replayed record does not change by itself.
            return verdict(
                .keyNotValid, .openpgp,
                "the OpenPGP signature had expired (\(utcTimestamp(signedAt + lifetime))) by the commit's claimed time \(utcTimestamp(committerTime))",
                person.id, key.fingerprint)
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

/// RFC 3339 in UTC without fractions, for messages.
func utcTimestamp(_ seconds: Int64) -> String {
    Formatting.timestamp(seconds)
}
