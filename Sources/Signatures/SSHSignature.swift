import Foundation

/// An SSH signature (OpenSSH's PROTOCOL.sshsig), as `ssh-keygen -Y sign` and
/// git (`gpg.format=ssh`) write it.
public struct SSHSignature: Hashable, Sendable {
    public var publicKey: SSHPublicKey
    public var namespace: String
    public var hashAlgorithm: Digest.Algorithm
    /// `ssh-ed25519`, `ecdsa-sha2-nistp256`, `rsa-sha2-256` or `rsa-sha2-512`.
    public var signatureAlgorithm: String
    public var signatureBlob: [UInt8]
    /// For a security key: the authenticator's flags and counter, which the signature covers.
    public var securityKey: SecurityKeyDetails?

    /// What a FIDO authenticator attests in each signature (PROTOCOL.u2f).
    public struct SecurityKeyDetails: Hashable, Sendable {
        public var flags: UInt8
        public var counter: UInt32
        /// The user touched the key (flag 0x01).
        public var userPresent: Bool { flags & 0x01 != 0 }
        /// The user was verified by the key, by PIN or biometric (flag 0x04).
        public var userVerified: Bool { flags & 0x04 != 0 }
    }

    public static let armorBegin = "-----BEGIN SSH SIGNATURE-----"
    public static let armorEnd = "-----END SSH SIGNATURE-----"

    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        public var message: String
        init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    /// Parses the armoured form.
    public init(armored text: String) throws(ParseError) {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let begin = lines.firstIndex(of: Self.armorBegin), let end = lines.firstIndex(of: Self.armorEnd), begin < end else {
            throw ParseError("not an SSH signature (no BEGIN/END SSH SIGNATURE lines)")
        }
        guard lines[..<begin].allSatisfy(\.isEmpty), lines[(end + 1)...].allSatisfy(\.isEmpty) else {
            throw ParseError("text before or after the SSH signature armour")
        }
        guard let data = Data(base64Encoded: lines[(begin + 1)..<end].joined()) else {
            throw ParseError("the SSH signature is not valid base64")
        }
        try self.init(blob: [UInt8](data))
    }

    /// Parses the binary blob: magic, version 1, key, namespace, reserved, hash, signature.
    public init(blob: [UInt8]) throws(ParseError) {
        var reader = WireReader(blob)
        guard reader.raw(6) == Array("SSHSIG".utf8) else { throw ParseError("the signature lacks the SSHSIG magic") }
        guard let version = reader.uint32() else { throw ParseError("the signature is truncated") }
        guard version == 1 else { throw ParseError("SSH signature version \(version) is not supported (only 1)") }
        guard let keyBlob = reader.field(), let namespace = reader.string(), reader.field() != nil,
            let hashName = reader.string(), let signature = reader.field(), reader.isAtEnd
        else { throw ParseError("the SSH signature is truncated or has trailing data") }
        do {
            publicKey = try SSHPublicKey(blob: keyBlob)
        } catch {
            throw ParseError("the signing key: \(error)")
        }
        switch hashName {
        case "sha256": hashAlgorithm = .sha256
        case "sha512": hashAlgorithm = .sha512
        default: throw ParseError("hash algorithm '\(hashName)' is not accepted (sha256 or sha512)")
        }
        var inner = WireReader(signature)
        guard let algorithm = inner.string(), let innerBlob = inner.field() else { throw ParseError("the signature field is malformed") }
        if publicKey.algorithm.isSecurityKey {
            guard let flags = inner.raw(1)?.first, let counter = inner.uint32() else {
                throw ParseError("the security-key signature lacks its flags and counter")
            }
            securityKey = SecurityKeyDetails(flags: flags, counter: counter)
        }
        guard inner.isAtEnd else { throw ParseError("the signature field is malformed (trailing data)") }
        let allowed: [SSHPublicKey.Algorithm: [String]] = [
            .ed25519: ["ssh-ed25519"], .ecdsaP256: ["ecdsa-sha2-nistp256"], .rsa: ["rsa-sha2-256", "rsa-sha2-512"],
            .skEd25519: ["sk-ssh-ed25519@openssh.com"], .skEcdsaP256: ["sk-ecdsa-sha2-nistp256@openssh.com"],
        ]
        guard allowed[publicKey.algorithm]?.contains(algorithm) == true else {
            let hint = algorithm == "ssh-rsa" ? " (SHA-1 RSA signatures are refused)" : ""
            throw ParseError("signature algorithm '\(algorithm)' is not accepted for a \(publicKey.algorithm.rawValue) key\(hint)")
        }
        self.namespace = namespace
        signatureAlgorithm = algorithm
        signatureBlob = innerBlob
    }

    /// The bytes the signer signed for `message` (PROTOCOL.sshsig §"Signed Data").
    func signedData(for message: [UInt8]) -> [UInt8] {
        var data = Array("SSHSIG".utf8)
        func append(_ field: [UInt8]) {
            let length = UInt32(field.count)
            data += [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
            data += field
        }
        append(Array(namespace.utf8))
        append([])
        append(Array((hashAlgorithm == .sha256 ? "sha256" : "sha512").utf8))
        append(Digest.hash(message, using: hashAlgorithm))
        return data
    }

    /// Whether the signature is a valid signature of `message` by `publicKey`
    /// (cryptography only: namespace and key trust are the caller's policy).
    public func isValid(for message: [UInt8]) -> Bool {
        var data = signedData(for: message)
        if let securityKey {
            // The authenticator signs SHA-256(application) || flags || counter || SHA-256(data) (PROTOCOL.u2f).
            guard let application = publicKey.application else { return false }
            let counter = securityKey.counter
            data =
                Digest.hash(Array(application.utf8), using: .sha256) + [securityKey.flags]
                + [UInt8(counter >> 24), UInt8(counter >> 16 & 0xFF), UInt8(counter >> 8 & 0xFF), UInt8(counter & 0xFF)]
                + Digest.hash(data, using: .sha256)
        }
        var keyReader = WireReader(publicKey.blob)
        _ = keyReader.string()
        switch publicKey.algorithm {
        case .ed25519, .skEd25519:
            guard let raw = keyReader.field(), signatureBlob.count == 64, let key = OpenSSLPublicKey.ed25519(raw) else { return false }
            return key.verify(signatureBlob, over: data, digest: nil)
        case .ecdsaP256, .skEcdsaP256:
            _ = keyReader.string()
            var sig = WireReader(signatureBlob)
            guard let point = keyReader.field(), let key = OpenSSLPublicKey.p256(point: point), let r = sig.field(), let s = sig.field(),
                sig.isAtEnd, let der = derECDSASignature(r: r, s: s)
            else { return false }
            return key.verify(der, over: data, digest: .sha256)
        case .rsa:
            guard let exponent = keyReader.field(), let modulus = keyReader.field(),
                let key = OpenSSLPublicKey.rsa(modulus: modulus, exponent: exponent)
            else { return false }
            return key.verify(signatureBlob, over: data, digest: signatureAlgorithm == "rsa-sha2-512" ? .sha512 : .sha256)
        }
    }
}
