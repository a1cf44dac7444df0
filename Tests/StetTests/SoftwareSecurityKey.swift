import CLibCrypto
import Foundation

@testable import Signatures

/// A FIDO security key in software, for tests: it signs exactly as an authenticator does through
/// OpenSSH (PROTOCOL.u2f, PROTOCOL.sshsig), with the user-presence and user-verified flags the test
/// chooses. No hardware is needed, and `ssh-keygen -Y verify` accepts what it signs.
final class SoftwareSecurityKey {
    static let userPresent: UInt8 = 0x01
    static let userVerified: UInt8 = 0x04

    let algorithm: SSHPublicKey.Algorithm
    let application = "ssh:"
    let publicKey: SSHPublicKey
    private let key: OpaquePointer
    private var counter: UInt32 = 0

    /// `.skEd25519` or `.skEcdsaP256`.
    init(_ algorithm: SSHPublicKey.Algorithm) {
        self.algorithm = algorithm
        var generated: OpaquePointer?
        var blob: [UInt8] = []
        Self.append(&blob, Array(algorithm.rawValue.utf8))
        if algorithm == .skEd25519 {
            let context = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nil)
            defer { EVP_PKEY_CTX_free(context) }
            precondition(EVP_PKEY_keygen_init(context) == 1 && EVP_PKEY_keygen(context, &generated) == 1)
            var raw = [UInt8](repeating: 0, count: 32)
            var length = 32
            precondition(EVP_PKEY_get_raw_public_key(generated, &raw, &length) == 1)
            Self.append(&blob, raw)
        } else {
            let context = EVP_PKEY_CTX_new_from_name(nil, "EC", nil)
            defer { EVP_PKEY_CTX_free(context) }
            precondition(
                EVP_PKEY_keygen_init(context) == 1 && EVP_PKEY_CTX_set_group_name(context, "P-256") == 1
                    && EVP_PKEY_keygen(context, &generated) == 1)
            var point = [UInt8](repeating: 0, count: 65)
            var length = 0
            precondition(EVP_PKEY_get_octet_string_param(generated, "pub", &point, 65, &length) == 1 && length == 65)
            Self.append(&blob, Array("nistp256".utf8))
            Self.append(&blob, point)
        }
        Self.append(&blob, Array(application.utf8))
        key = generated!
        publicKey = try! SSHPublicKey(blob: blob)
    }

    deinit { EVP_PKEY_free(key) }

    /// The armoured SSHSIG of `message` in `namespace`, with the authenticator flags `flags`.
    func sign(_ message: [UInt8], flags: UInt8, namespace: String = "git") -> String {
        counter += 1
        var toSign = Array("SSHSIG".utf8)
        Self.append(&toSign, Array(namespace.utf8))
        Self.append(&toSign, [])
        Self.append(&toSign, Array("sha512".utf8))
        Self.append(&toSign, Digest.hash(message, using: .sha512))
        let signed =
            Digest.hash(Array(application.utf8), using: .sha256) + [flags]
            + [UInt8(counter >> 24), UInt8(counter >> 16 & 0xFF), UInt8(counter >> 8 & 0xFF), UInt8(counter & 0xFF)]
            + Digest.hash(toSign, using: .sha256)
        var inner: [UInt8] = []
        Self.append(&inner, Array(algorithm.rawValue.utf8))
        Self.append(&inner, signature(over: signed))
        inner += [flags, UInt8(counter >> 24), UInt8(counter >> 16 & 0xFF), UInt8(counter >> 8 & 0xFF), UInt8(counter & 0xFF)]
        var blob = Array("SSHSIG".utf8) + [0, 0, 0, 1]
        Self.append(&blob, publicKey.blob)
        Self.append(&blob, Array(namespace.utf8))
        Self.append(&blob, [])
        Self.append(&blob, Array("sha512".utf8))
        Self.append(&blob, inner)
        let base64 = Data(blob).base64EncodedString()
        var lines = [SSHSignature.armorBegin]
        var index = base64.startIndex
        while index < base64.endIndex {
            let end = base64.index(index, offsetBy: 70, limitedBy: base64.endIndex) ?? base64.endIndex
            lines.append(String(base64[index..<end]))
            index = end
        }
        lines.append(SSHSignature.armorEnd)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Ed25519: the raw 64 bytes. ECDSA: `mpint r, mpint s` of an ECDSA-SHA256 signature.
    private func signature(over data: [UInt8]) -> [UInt8] {
        let context = EVP_MD_CTX_new()
        defer { EVP_MD_CTX_free(context) }
        var output = [UInt8](repeating: 0, count: 128)
        var length = 128
        precondition(
            EVP_DigestSignInit(context, nil, algorithm == .skEd25519 ? nil : EVP_sha256(), nil, key) == 1
                && EVP_DigestSign(context, &output, &length, data, data.count) == 1)
        let der = Array(output.prefix(length))
        guard algorithm == .skEcdsaP256 else { return der }
        var cursor: UnsafePointer<UInt8>? = der.withUnsafeBufferPointer { $0.baseAddress }
        let parsed = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            cursor = buffer.baseAddress
            return d2i_ECDSA_SIG(nil, &cursor, der.count)
        }
        defer { ECDSA_SIG_free(parsed) }
        func mpint(_ number: OpaquePointer?) -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: Int((BN_num_bits(number) + 7) / 8))
            _ = BN_bn2bin(number, &bytes)
            return (bytes.first ?? 0) & 0x80 != 0 ? [0] + bytes : bytes
        }
        var out: [UInt8] = []
        Self.append(&out, mpint(ECDSA_SIG_get0_r(parsed)))
        Self.append(&out, mpint(ECDSA_SIG_get0_s(parsed)))
        return out
    }

    static func append(_ buffer: inout [UInt8], _ bytes: [UInt8]) {
        let n = UInt32(bytes.count)
        buffer += [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + bytes
    }
}
