import CLibCrypto
import Foundation

/// Message digests through OpenSSL's EVP API.
public enum Digest {
    public enum Algorithm: Sendable {
        case sha256, sha512
        /// For OpenPGP v4 fingerprints, and to read SHA-1 key certifications as gpg does (with a warning);
        /// never accepted for a commit signature.
        case sha1
        var evp: OpaquePointer? {
            switch self {
            case .sha1: return EVP_sha1()
            case .sha256: return EVP_sha256()
            case .sha512: return EVP_sha512()
            }
        }
    }

    /// The digest of `data`.
    public static func hash(_ data: some DataProtocol, using algorithm: Algorithm) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let bytes = [UInt8](data)
        let ok = bytes.withUnsafeBytes { buffer in
            EVP_Digest(buffer.baseAddress, buffer.count, &output, &length, algorithm.evp, nil)
        }
        precondition(ok == 1, "EVP_Digest failed")
        return Array(output.prefix(Int(length)))
    }
}
