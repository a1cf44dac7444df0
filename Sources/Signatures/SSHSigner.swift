import CLibCrypto
import Foundation

/// An Ed25519 signing key made with OpenSSL, for repositories stet creates itself (`stet demo`).
/// Signs SSHSIG exactly as `ssh-keygen -Y sign -n git` does, so git and stet both verify it.
public final class SSHSigner {
    private let key: OpaquePointer
    public let publicKey: SSHPublicKey

    public init() {
        var key: OpaquePointer?
        let context = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nil)
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_keygen(context, &key) == 1, let key else {
            fatalError("OpenSSL could not generate an Ed25519 key")
        }
        self.key = key
        var raw = [UInt8](repeating: 0, count: 32)
        var length = 32
        guard EVP_PKEY_get_raw_public_key(key, &raw, &length) == 1 else { fatalError("OpenSSL could not export the key") }
        var blob: [UInt8] = []
        SSHSigner.appendString(&blob, Array("ssh-ed25519".utf8))
        SSHSigner.appendString(&blob, raw)
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
        var signature = [UInt8](repeating: 0, count: 64)
        var length = 64
        let context = EVP_MD_CTX_new()
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, nil, nil, key) == 1, EVP_DigestSign(context, &signature, &length, signed, signed.count) == 1
        else {
            fatalError("OpenSSL could not sign")
        }
        var inner: [UInt8] = []
        Self.appendString(&inner, Array("ssh-ed25519".utf8))
        Self.appendString(&inner, Array(signature.prefix(length)))
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

    static func appendString(_ buffer: inout [UInt8], _ bytes: [UInt8]) {
        let n = UInt32(bytes.count)
        buffer += [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + bytes
    }
}
