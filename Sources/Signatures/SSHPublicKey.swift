import Foundation

/// An OpenSSH public key: its algorithm name and wire-format blob.
public struct SSHPublicKey: Hashable, Sendable {
    public enum Algorithm: String, Sendable, CaseIterable {
        case ed25519 = "ssh-ed25519"
        case ecdsaP256 = "ecdsa-sha2-nistp256"
        case rsa = "ssh-rsa"
        /// FIDO security keys (OpenSSH's PROTOCOL.u2f): the key carries an application string and each
        /// signature carries the authenticator's flags (user present, user verified) and counter.
        case skEd25519 = "sk-ssh-ed25519@openssh.com"
        case skEcdsaP256 = "sk-ecdsa-sha2-nistp256@openssh.com"

        /// Whether this is a FIDO security-key type.
        public var isSecurityKey: Bool { self == .skEd25519 || self == .skEcdsaP256 }
    }

    public var algorithm: Algorithm
    /// The key in SSH wire format (what the base64 field decodes to).
    public var blob: [UInt8]

    /// The fingerprint as `ssh-keygen -l` prints it: `SHA256:` and unpadded base64.
    public var fingerprint: String {
        let base64 = Data(Digest.hash(blob, using: .sha256)).base64EncodedString()
        return "SHA256:" + base64.replacingOccurrences(of: "=", with: "")
    }

    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case unsupportedAlgorithm(String)
        case invalidBase64
        case mismatchedAlgorithm(declared: String, embedded: String)
        case malformed
        case weakKey

        public var description: String {
            switch self {
            case .unsupportedAlgorithm(let name):
                return
                    "key type '\(name)' is not supported; use ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa, sk-ssh-ed25519@openssh.com or sk-ecdsa-sha2-nistp256@openssh.com"
            case .invalidBase64: return "the key is not valid base64"
            case .mismatchedAlgorithm(let declared, let embedded):
                return "the key says '\(declared)' but its data is a '\(embedded)' key"
            case .malformed: return "the key data is malformed"
            case .weakKey: return "the RSA key's public exponent is 1 or even, which makes signatures forgeable; generate a new key"
            }
        }
    }

    /// Parses the `TYPE BASE64` fields of an authorized-keys style line.
    public init(type: String, base64: String) throws(ParseError) {
        guard let algorithm = Algorithm(rawValue: type) else { throw .unsupportedAlgorithm(type) }
        guard let data = Data(base64Encoded: base64) else { throw .invalidBase64 }
        try self.init(blob: [UInt8](data))
        guard self.algorithm == algorithm else {
            throw .mismatchedAlgorithm(declared: type, embedded: self.algorithm.rawValue)
        }
    }

    /// Parses a wire-format key blob and checks its structure.
    public init(blob: [UInt8]) throws(ParseError) {
        var reader = WireReader(blob)
        guard let name = reader.string() else { throw .malformed }
        guard let algorithm = Algorithm(rawValue: name) else { throw .unsupportedAlgorithm(name) }
        switch algorithm {
        case .ed25519, .skEd25519:
            guard let key = reader.field(), key.count == 32 else { throw .malformed }
        case .ecdsaP256, .skEcdsaP256:
            guard reader.string() == "nistp256", let point = reader.field(), point.count == 65, point.first == 4 else {
                throw .malformed
            }
        case .rsa:
            guard let exponent = reader.field(), !exponent.isEmpty, let modulus = reader.field(), modulus.count >= 128 else {
                throw .malformed
            }
            // e = 1 (or any even e) makes signatures forgeable: such a key is refused outright.
            let e = exponent.drop { $0 == 0 }
            guard let last = e.last, last & 1 == 1, e.count > 1 || last >= 3 else { throw .weakKey }
        }
        if algorithm.isSecurityKey {
            guard reader.string() != nil else { throw .malformed }
        }
        guard reader.isAtEnd else { throw .malformed }
        self.algorithm = algorithm
        self.blob = blob
    }

    /// A security key's application string (`ssh:` by default), which its signatures bind.
    public var application: String? {
        guard algorithm.isSecurityKey else { return nil }
        var reader = WireReader(blob)
        _ = reader.string()
        if algorithm == .skEcdsaP256 { _ = reader.string() }
        _ = reader.field()
        return reader.string()
    }

    /// The `TYPE BASE64` text form.
    public var openSSHString: String { algorithm.rawValue + " " + Data(blob).base64EncodedString() }
}

/// Reads SSH wire-format fields (RFC 4251 §5): uint32 lengths, strings, mpints.
public struct WireReader {
    private let data: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) { self.data = bytes }

    public var isAtEnd: Bool { offset == data.count }
    public var remaining: [UInt8] { Array(data[offset...]) }

    public mutating func uint32() -> UInt32? {
        guard data.count - offset >= 4 else { return nil }
        let value = data[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        offset += 4
        return value
    }

    public mutating func field() -> [UInt8]? {
        guard let length = uint32().map(Int.init), data.count - offset >= length else { return nil }
        defer { offset += length }
        return Array(data[offset..<offset + length])
    }

    public mutating func string() -> String? {
        field().flatMap { String(validating: $0, as: UTF8.self) }
    }

    public mutating func raw(_ count: Int) -> [UInt8]? {
        guard data.count - offset >= count else { return nil }
        defer { offset += count }
        return Array(data[offset..<offset + count])
    }
}
