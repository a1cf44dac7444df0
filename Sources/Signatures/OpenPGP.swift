import Foundation
import Records

/// OpenPGP (RFC 4880, v4) as git uses it: armoured detached signatures over
/// commit payloads, and armoured public keys in `roles/keys/*.asc`.
public enum OpenPGP {
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        public var message: String
        init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    /// Public-key algorithms accepted for signing.
    public enum KeyAlgorithm: Hashable, Sendable {
        case rsa(modulus: [UInt8], exponent: [UInt8])
        /// EdDSA with Ed25519: legacy algorithm 22 or RFC 9580 algorithm 27; the raw 32-byte key.
        case ed25519([UInt8])
        /// Anything else (encryption keys, other curves): parsed so the file reads, never used to verify.
        case unsupported(Int)
    }

    // MARK: - Armour and packets

    /// Decodes ASCII armour of the given kind ("SIGNATURE", "PUBLIC KEY BLOCK"), checking the CRC-24 when present.
    public static func dearmor(_ text: String, kind: String) throws(ParseError) -> [UInt8] {
        // Lines end at LF; any carriage returns before it (CRLF, or the CR CR LF some Windows tools write) are
        // trailing whitespace, as gpg reads them. Split on scalars: Swift treats CR LF as one Character.
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String(String.UnicodeScalarView($0)).trimmingCharacters(in: .whitespacesAndNewlines) }
        guard let begin = lines.firstIndex(of: "-----BEGIN PGP \(kind)-----"), let end = lines.firstIndex(of: "-----END PGP \(kind)-----"),
            begin < end
        else { throw ParseError("not an armoured OpenPGP \(kind.lowercased())") }
        var index = begin + 1
        // Armour headers ("Version: …", "Comment: …") end at the first empty line (RFC 4880 §6.2).
        if let blank = lines[index..<end].firstIndex(where: { $0.isEmpty }),
            lines[index..<blank].allSatisfy({ $0.contains(": ") })
        {
            index = blank + 1
        }
        var body = ""
        var checksum: String?
        for line in lines[index..<end] where !line.isEmpty {
            if line.hasPrefix("=") && line.count == 5 { checksum = String(line.dropFirst()) } else { body += line }
        }
        guard let data = Data(base64Encoded: body) else { throw ParseError("the OpenPGP armour is not valid base64") }
        let bytes = [UInt8](data)
        if let checksum, let expected = Data(base64Encoded: checksum), expected.count == 3 {
            let crc = crc24(bytes)
            guard [UInt8((crc >> 16) & 0xFF), UInt8((crc >> 8) & 0xFF), UInt8(crc & 0xFF)] == [UInt8](expected) else {
                throw ParseError("the OpenPGP armour checksum does not match (the text was altered)")
            }
        }
        return bytes
    }

    static func crc24(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xB7_04CE
        for byte in bytes {
            crc ^= UInt32(byte) << 16
            for _ in 0..<8 {
                crc <<= 1
                if crc & 0x100_0000 != 0 { crc ^= 0x186_4CFB }
            }
        }
        return crc & 0xFF_FFFF
    }

    struct Packet {
        var tag: Int
        var body: [UInt8]
    }

    /// Splits a binary OpenPGP stream into packets (old and new formats; no partial lengths).
    static func packets(_ bytes: [UInt8]) throws(ParseError) -> [Packet] {
        var packets: [Packet] = []
        var offset = 0
        while offset < bytes.count {
            let header = bytes[offset]
            guard header & 0x80 != 0 else { throw ParseError("malformed OpenPGP packet header") }
            offset += 1
            let tag: Int
            var length: Int
            if header & 0x40 != 0 {
                tag = Int(header & 0x3F)
                guard offset < bytes.count else { throw ParseError("truncated OpenPGP packet") }
                let first = Int(bytes[offset])
                offset += 1
                switch first {
                case 0..<192: length = first
                case 192..<224:
                    guard offset < bytes.count else { throw ParseError("truncated OpenPGP packet") }
                    length = ((first - 192) << 8) + Int(bytes[offset]) + 192
                    offset += 1
                case 255:
                    guard offset + 4 <= bytes.count else { throw ParseError("truncated OpenPGP packet") }
                    length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
                    offset += 4
                default: throw ParseError("partial-length OpenPGP packets are not accepted")
                }
            } else {
                tag = Int((header >> 2) & 0x0F)
                let sizes = [1, 2, 4]
                let type = Int(header & 0x03)
                guard type < 3, offset + sizes[type] <= bytes.count else {
                    throw ParseError("indeterminate-length OpenPGP packets are not accepted")
                }
                length = bytes[offset..<offset + sizes[type]].reduce(0) { $0 << 8 | Int($1) }
                offset += sizes[type]
            }
            guard length >= 0, offset + length <= bytes.count else { throw ParseError("truncated OpenPGP packet") }
            packets.append(Packet(tag: tag, body: Array(bytes[offset..<offset + length])))
            offset += length
        }
        return packets
    }

    /// Reads a multiprecision integer: a 2-byte bit count and the bytes (leading zeros stripped).
    static func mpi(_ bytes: [UInt8], _ offset: inout Int) throws(ParseError) -> [UInt8] {
        guard offset + 2 <= bytes.count else { throw ParseError("truncated MPI") }
        let bits = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
        let length = (bits + 7) / 8
        offset += 2
        guard offset + length <= bytes.count else { throw ParseError("truncated MPI") }
        defer { offset += length }
        return Array(bytes[offset..<offset + length])
    }

    // MARK: - Signatures

    public struct SignaturePacket: Hashable, Sendable {
        public var type: UInt8
        public var publicKeyAlgorithm: Int
        public var hashAlgorithm: Digest.Algorithm
        /// Version through the end of the hashed subpackets: part of what is hashed.
        public var hashedPortion: [UInt8]
        /// The "left 16 bits" of the hash. Informational only: gpg ignores it, and so does stet (GitHub's
        /// web-flow key wrote wrong values for years); the signature itself decides.
        public var hashPrefix: [UInt8]
        /// Ed25519: r || s, each padded to 32 bytes. RSA: the signature value.
        public var signature: [UInt8]
        public var creationTime: Int64?
        public var expirationSeconds: Int64?
        public var keyExpirationSeconds: Int64?
        /// The issuer fingerprint (subpacket 33), for messages only: the key that verifies decides.
        public var issuerFingerprint: String?
        /// The issuer key id (subpacket 16): the last 16 hex digits of the issuer's fingerprint, a hint for
        /// signatures that name no fingerprint.
        public var issuerKeyID: String?
        public var keyFlags: UInt8?
        /// An embedded signature (subpacket 32): the primary-key binding of a signing subkey.
        public var embedded: [UInt8]?
        /// Whether a critical subpacket stet does not understand is present (such a signature is rejected).
        public var hasUnknownCriticalSubpacket: Bool
    }

    static func signature(_ body: [UInt8]) throws(ParseError) -> SignaturePacket {
        guard body.count > 6 else { throw ParseError("truncated OpenPGP signature") }
        guard body[0] == 4 else { throw ParseError("OpenPGP signature version \(body[0]) is not accepted (only version 4)") }
        let type = body[1]
        let algorithm = Int(body[2])
        let hash: Digest.Algorithm
        switch body[3] {
        case 8: hash = .sha256
        case 10: hash = .sha512
        // Read so that SHA-1 key certifications count as gpg counts them (and are warned about);
        // a commit signature made with SHA-1 is refused by the verifier.
        case 2: hash = .sha1
        default: throw ParseError("OpenPGP hash algorithm \(body[3]) is not accepted (SHA-256 or SHA-512)")
        }
        var offset = 4
        let hashedLength = Int(body[offset]) << 8 | Int(body[offset + 1])
        offset += 2
        guard offset + hashedLength + 2 <= body.count else { throw ParseError("truncated OpenPGP signature") }
        let hashed = Array(body[offset..<offset + hashedLength])
        offset += hashedLength
        let hashedPortion = Array(body[0..<offset])
        let unhashedLength = Int(body[offset]) << 8 | Int(body[offset + 1])
        offset += 2
        guard offset + unhashedLength + 2 <= body.count else { throw ParseError("truncated OpenPGP signature") }
        let unhashed = Array(body[offset..<offset + unhashedLength])
        offset += unhashedLength
        let prefix = Array(body[offset..<offset + 2])
        offset += 2
        var packet = SignaturePacket(
            type: type, publicKeyAlgorithm: algorithm, hashAlgorithm: hash, hashedPortion: hashedPortion, hashPrefix: prefix,
            signature: [], creationTime: nil, expirationSeconds: nil, keyExpirationSeconds: nil, issuerFingerprint: nil, issuerKeyID: nil,
            keyFlags: nil, embedded: nil, hasUnknownCriticalSubpacket: false)
        try readSubpackets(hashed, into: &packet, hashed: true)
        try readSubpackets(unhashed, into: &packet, hashed: false)
        switch algorithm {
        case 1, 3:
            packet.signature = try mpi(body, &offset)
        case 22:
            let r = try mpi(body, &offset)
            let s = try mpi(body, &offset)
            guard r.count <= 32, s.count <= 32 else { throw ParseError("malformed EdDSA signature") }
            // OpenPGP strips leading zeros from r and s: pad them back.
            packet.signature = [UInt8](repeating: 0, count: 32 - r.count) + r + [UInt8](repeating: 0, count: 32 - s.count) + s
        case 27:
            guard offset + 64 <= body.count else { throw ParseError("malformed Ed25519 signature") }
            packet.signature = Array(body[offset..<offset + 64])
        default:
            throw ParseError("OpenPGP public-key algorithm \(algorithm) is not accepted (RSA or EdDSA Ed25519)")
        }
        return packet
    }

    private static func readSubpackets(_ bytes: [UInt8], into packet: inout SignaturePacket, hashed: Bool) throws(ParseError) {
        var offset = 0
        while offset < bytes.count {
            let first = Int(bytes[offset])
            var length: Int
            offset += 1
            switch first {
            case 0..<192: length = first
            case 192..<255:
                guard offset < bytes.count else { throw ParseError("truncated subpacket") }
                length = ((first - 192) << 8) + Int(bytes[offset]) + 192
                offset += 1
            default:
                guard offset + 4 <= bytes.count else { throw ParseError("truncated subpacket") }
                length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
                offset += 4
            }
            guard length >= 1, offset + length <= bytes.count else { throw ParseError("truncated subpacket") }
            let type = Int(bytes[offset] & 0x7F)
            let critical = bytes[offset] & 0x80 != 0
            let data = Array(bytes[offset + 1..<offset + length])
            offset += length
            func uint32() -> Int64? { data.count == 4 ? Int64(data.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }) : nil }
            // Only hashed subpackets are trusted; the unhashed issuer is at most a hint.
            switch (type, hashed) {
            case (2, true): packet.creationTime = uint32()
            case (3, true): packet.expirationSeconds = uint32()
            case (9, true): packet.keyExpirationSeconds = uint32()
            case (27, true): packet.keyFlags = data.first
            case (33, _): if data.count == 21 { packet.issuerFingerprint = Formatting.hex(data.dropFirst(), uppercase: true) }
            case (32, _): packet.embedded = data
            case (16, _): if data.count == 8 { packet.issuerKeyID = Formatting.hex(data, uppercase: true) }
            case (4, _), (5, _), (7, _), (11, _), (20, _), (21, _), (22, _), (23, _), (25, _), (30, _), (31, _), (34, _):
                break
            default:
                if critical && hashed { packet.hasUnknownCriticalSubpacket = true }
            }
        }
    }

    /// The bytes the signature's hash covers after `data`: the hashed portion and the v4 trailer.
    static func hashInput(_ data: [UInt8], _ signature: SignaturePacket) -> [UInt8] {
        let length = UInt32(signature.hashedPortion.count)
        return data + signature.hashedPortion + [
            0x04, 0xFF, UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF),
        ]
    }

    /// Whether `signature` by `key` is valid over `data`.
    static func verify(_ signature: SignaturePacket, over data: [UInt8], with key: KeyAlgorithm) -> Bool {
        guard !signature.hasUnknownCriticalSubpacket else { return false }
        let message = hashInput(data, signature)
        let digest = Digest.hash(message, using: signature.hashAlgorithm)
        switch (key, signature.publicKeyAlgorithm) {
        case (.rsa(let modulus, let exponent), 1), (.rsa(let modulus, let exponent), 3):
            guard let publicKey = OpenSSLPublicKey.rsa(modulus: modulus, exponent: exponent) else { return false }
            let size = modulus.drop { $0 == 0 }.count
            guard signature.signature.count <= size else { return false }
            let padded = [UInt8](repeating: 0, count: size - signature.signature.count) + signature.signature
            return publicKey.verify(padded, over: message, digest: signature.hashAlgorithm)
        case (.ed25519(let raw), 22), (.ed25519(let raw), 27):
            // EdDSA in OpenPGP signs the hash value, not the message.
            guard let publicKey = OpenSSLPublicKey.ed25519(raw) else { return false }
            return publicKey.verify(signature.signature, over: digest, digest: nil)
        default:
            return false
        }
    }
}
