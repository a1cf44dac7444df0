import CLibCrypto
import Foundation

/// A public key loaded into OpenSSL, owned here and freed in `deinit`.
final class OpenSSLPublicKey {
    let pointer: OpaquePointer

    private init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { EVP_PKEY_free(pointer) }

    /// An Ed25519 key from its 32 raw bytes.
    static func ed25519(_ raw: [UInt8]) -> OpenSSLPublicKey? {
        guard raw.count == 32, let key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, raw, raw.count) else { return nil }
        return OpenSSLPublicKey(key)
    }

    /// A NIST P-256 key from its uncompressed point (65 bytes, 0x04 || X || Y).
    static func p256(point: [UInt8]) -> OpenSSLPublicKey? {
        guard point.count == 65, point.first == 4 else { return nil }
        // The builder keeps pointers until `OSSL_PARAM_BLD_to_param`, which runs inside `fromData`:
        // the point's bytes must stay valid for the whole call.
        return point.withUnsafeBytes { bytes in
            fromData(type: "EC") { builder in
                OSSL_PARAM_BLD_push_utf8_string(builder, stet_param_group(), stet_curve_p256(), 0) == 1
                    && OSSL_PARAM_BLD_push_octet_string(builder, stet_param_pub(), bytes.baseAddress, bytes.count) == 1
            }
        }
    }

    /// An RSA key from its modulus and public exponent (big-endian, as in SSH mpints and OpenPGP MPIs).
    static func rsa(modulus: [UInt8], exponent: [UInt8]) -> OpenSSLPublicKey? {
        guard !modulus.isEmpty, !exponent.isEmpty, let n = BN_bin2bn(modulus, Int32(modulus.count), nil) else { return nil }
        defer { BN_free(n) }
        guard let e = BN_bin2bn(exponent, Int32(exponent.count), nil) else { return nil }
        defer { BN_free(e) }
        // Refuse keys too small to be trusted with a regulated record, and public exponents that
        // make forgery trivial (e = 1) or are even: e must be odd and at least 3.
        guard BN_num_bits(n) >= 2048, BN_num_bits(n) <= 16384, BN_is_odd(e) == 1, BN_num_bits(e) >= 2, BN_num_bits(e) <= 64 else {
            return nil
        }
        return fromData(type: "RSA") { builder in
            OSSL_PARAM_BLD_push_BN(builder, stet_param_rsa_n(), n) == 1 && OSSL_PARAM_BLD_push_BN(builder, stet_param_rsa_e(), e) == 1
        }
    }

    private static func fromData(type: String, _ fill: (OpaquePointer) -> Bool) -> OpenSSLPublicKey? {
        guard let builder = OSSL_PARAM_BLD_new() else { return nil }
        defer { OSSL_PARAM_BLD_free(builder) }
        guard fill(builder), let params = OSSL_PARAM_BLD_to_param(builder) else { return nil }
        defer { OSSL_PARAM_free(params) }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, type, nil) else { return nil }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_fromdata_init(context) == 1,
            EVP_PKEY_fromdata(context, &key, stet_evp_pkey_public_key_selection(), params) == 1, let key
        else { return nil }
        return OpenSSLPublicKey(key)
    }

    /// Verifies `signature` over `message`; `digest` nil for Ed25519 (which hashes internally).
    func verify(_ signature: [UInt8], over message: [UInt8], digest: Digest.Algorithm?) -> Bool {
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        ERR_clear_error()
        defer { ERR_clear_error() }
        guard EVP_DigestVerifyInit(context, nil, digest?.evp, nil, pointer) == 1 else { return false }
        return EVP_DigestVerify(context, signature, signature.count, message, message.count) == 1
    }
}

/// DER encoding of an ECDSA signature from its r and s integers.
func derECDSASignature(r: [UInt8], s: [UInt8]) -> [UInt8]? {
    guard let signature = ECDSA_SIG_new() else { return nil }
    defer { ECDSA_SIG_free(signature) }
    guard let bnR = BN_bin2bn(r, Int32(r.count), nil) else { return nil }
    guard let bnS = BN_bin2bn(s, Int32(s.count), nil) else {
        BN_free(bnR)
        return nil
    }
    guard ECDSA_SIG_set0(signature, bnR, bnS) == 1 else {
        BN_free(bnR)
        BN_free(bnS)
        return nil
    }
    let length = i2d_ECDSA_SIG(signature, nil)
    guard length > 0 else { return nil }
    var der = [UInt8](repeating: 0, count: Int(length))
    let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
        var cursor = buffer.baseAddress
        return i2d_ECDSA_SIG(signature, &cursor)
    }
    return written == length ? der : nil
}
