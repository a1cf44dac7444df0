import CLibCrypto
import Foundation

/// A signing key made with OpenSSL, for repositories stet creates itself (`stet demo`, `stet validate`).
/// Signs SSHSIG exactly as `ssh-keygen -Y sign -n git` does, so git and stet both verify it.
public final class SSHSigner {
    /// The SSH key kinds stet verifies (PRODUCT.md §6).
    public enum Kind: String, CaseIterable, Sendable {
        case ed25519 = "ssh-ed25519"
        case ecdsaP256 = "ecdsa-sha2-nistp256"
        case rsa = "ssh-rsa"
    }

    private let key: OpaquePointer
    public let kind: Kind
    public let publicKey: SSHPublicKey

    public init(kind: Kind = .ed25519) {
        self.kind = kind
        var key: OpaquePointer?
        let context: OpaquePointer?
        switch kind {
        case .ed25519: context = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nil)
        case .ecdsaP256: context = EVP_PKEY_CTX_new_from_name(nil, "EC", nil)
        case .rsa: context = EVP_PKEY_CTX_new_from_name(nil, "RSA", nil)
        }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1 else { fatalError("OpenSSL could not start making a \(kind.rawValue) key") }
        switch kind {
        case .ed25519: break
        case .ecdsaP256:
            guard EVP_PKEY_CTX_set_group_name(context, "P-256") == 1 else { fatalError("OpenSSL has no P-256 curve") }
        case .rsa:
            guard EVP_PKEY_CTX_set_rsa_keygen_bits(context, 3072) == 1 else { fatalError("OpenSSL refused a 3072-bit RSA key") }
        }
        guard EVP_PKEY_keygen(context, &key) == 1, let key else { fatalError("OpenSSL could not generate a \(kind.rawValue) key") }
        self.key = key
        var blob: [UInt8] = []
        SSHSigner.appendString(&blob, Array(kind.rawValue.utf8))
        switch kind {
        case .ed25519:
            var raw = [UInt8](repeating: 0, count: 32)
            var length = 32
            guard EVP_PKEY_get_raw_public_key(key, &raw, &length) == 1 else { fatalError("OpenSSL could not export the key") }
            SSHSigner.appendString(&blob, raw)
        case .ecdsaP256:
            var point = [UInt8](repeating: 0, count: 65)
            var length = 0
            guard EVP_PKEY_get_octet_string_param(key, "pub", &point, 65, &length) == 1, length == 65 else {
                fatalError("OpenSSL could not export the P-256 point")
            }
            SSHSigner.appendString(&blob, Array("nistp256".utf8))
            SSHSigner.appendString(&blob, point)
        case .rsa:
            SSHSigner.appendString(&blob, SSHSigner.mpint(SSHSigner.bignum(key, "e")))
            SSHSigner.appendString(&blob, SSHSigner.mpint(SSHSigner.bignum(key, "n")))
        }
        publicKey = try! SSHPublicKey(blob: blob)
    }

    deinit { EVP_PKEY_free(key) }

    /// The armoured SSH signature of `message` in the `git` namespace (SHA-512).
    public func sign(_ message: [UInt8]) -> String {
        var signed = Array("SSHSIG".utf8)
        Self.appendString(&signed, Array("git".utf8))
        Self.appendString(&signed, [])
        Self.appendString(&signed, Array("sha512".utf8))
        Self.appendString(&signed, Digest.hash(message, using: .sha512))
        var inner: [UInt8] = []
        switch kind {
        case .ed25519:
            Self.appendString(&inner, Array("ssh-ed25519".utf8))
            Self.appendString(&inner, rawSignature(signed, digest: nil))
        case .ecdsaP256:
            let der = rawSignature(signed, digest: EVP_sha256())
            let parsed = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
                var cursor = buffer.baseAddress
                return d2i_ECDSA_SIG(nil, &cursor, buffer.count)
            }
            guard let parsed else { fatalError("OpenSSL returned an ECDSA signature it cannot read") }
            defer { ECDSA_SIG_free(parsed) }
            var numbers: [UInt8] = []
            Self.appendString(&numbers, Self.mpint(Self.bytes(of: ECDSA_SIG_get0_r(parsed))))
            Self.appendString(&numbers, Self.mpint(Self.bytes(of: ECDSA_SIG_get0_s(parsed))))
            Self.appendString(&inner, Array("ecdsa-sha2-nistp256".utf8))
            Self.appendString(&inner, numbers)
        case .rsa:
            Self.appendString(&inner, Array("rsa-sha2-512".utf8))
            Self.appendString(&inner, rawSignature(signed, digest: EVP_sha512()))
        }
        var blob = Array("SSHSIG".utf8) + [0, 0, 0, 1]
        Self.appendString(&blob, publicKey.blob)
        Self.appendString(&blob, Array("git".utf8))
        Self.appendString(&blob, [])
        Self.appendString(&blob, Array("sha512".utf8))
        Self.appendString(&blob, inner)
        let base64 = Data(blob).base64EncodedString()
        var lines: [String] = [SSHSignature.armorBegin]
        var index = base64.startIndex
        while index < base64.endIndex {
            let end = base64.index(index, offsetBy: 70, limitedBy: base64.endIndex) ?? base64.endIndex
            lines.append(String(base64[index..<end]))
            index = end
        }
        lines.append(SSHSignature.armorEnd)
        return lines.joined(separator: "\n")
    }

    /// OpenSSL's signature of `data` with this key: raw for Ed25519 (which hashes internally), DER for ECDSA,
    /// PKCS #1 v1.5 for RSA.
    private func rawSignature(_ data: [UInt8], digest: OpaquePointer?) -> [UInt8] {
        let context = EVP_MD_CTX_new()
        defer { EVP_MD_CTX_free(context) }
        var length = 0
        guard EVP_DigestSignInit(context, nil, digest, nil, key) == 1, EVP_DigestSign(context, nil, &length, data, data.count) == 1
        else { fatalError("OpenSSL could not sign") }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(context, &signature, &length, data, data.count) == 1 else { fatalError("OpenSSL could not sign") }
        return Array(signature.prefix(length))
    }

    private static func bignum(_ key: OpaquePointer, _ name: String) -> [UInt8] {
        var number: OpaquePointer?
        guard EVP_PKEY_get_bn_param(key, name, &number) == 1, let number else { fatalError("OpenSSL could not export \(name)") }
        defer { BN_free(number) }
        return bytes(of: number)
    }

    private static func bytes(of number: OpaquePointer?) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: (Int(BN_num_bits(number)) + 7) / 8)
        _ = BN_bn2bin(number, &bytes)
        return bytes
    }

    /// An SSH mpint: big-endian, no leading zeros, a zero byte in front when the top bit is set.
    private static func mpint(_ bytes: [UInt8]) -> [UInt8] {
        let trimmed = Array(bytes.drop { $0 == 0 })
        return (trimmed.first ?? 0) & 0x80 != 0 ? [0] + trimmed : trimmed
    }

    static func appendString(_ buffer: inout [UInt8], _ bytes: [UInt8]) {
        let n = UInt32(bytes.count)
        buffer += [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + bytes
    }
}
