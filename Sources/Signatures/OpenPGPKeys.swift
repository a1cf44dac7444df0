import Foundation
import Records

/// A public key (primary or subkey) of an OpenPGP certificate.
public struct OpenPGPKey: Hashable, Sendable {
    public var algorithm: OpenPGP.KeyAlgorithm
    public var creationTime: Int64
    /// The v4 fingerprint: 40 upper-case hex digits.
    public var fingerprint: String
    /// The 8-byte key id: the last 16 hex digits of the fingerprint.
    public var keyID: String { String(fingerprint.suffix(16)) }
    /// The packet body, as hashed in certifications and bindings.
    var body: [UInt8]
    /// Absolute expiry (seconds since the epoch), if the binding or self-signature sets one.
    public var expires: Int64?
    public var isRevoked = false

    /// `0x99`, the body length and the body: how a key enters a signature's hash.
    var hashPrefix: [UInt8] { [0x99, UInt8(body.count >> 8 & 0xFF), UInt8(body.count & 0xFF)] + body }

    static func parse(_ body: [UInt8]) throws(OpenPGP.ParseError) -> OpenPGPKey {
        guard body.count > 6, body[0] == 4 else { throw OpenPGP.ParseError("only version 4 OpenPGP keys are accepted") }
        let created = Int64(body[1..<5].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        let algorithmID = Int(body[5])
        var offset = 6
        let algorithm: OpenPGP.KeyAlgorithm
        switch algorithmID {
        case 1, 2, 3:
            let n = try OpenPGP.mpi(body, &offset)
            let e = try OpenPGP.mpi(body, &offset)
            algorithm = .rsa(modulus: n, exponent: e)
        case 22:
            guard offset < body.count else { throw OpenPGP.ParseError("truncated EdDSA key") }
            let oidLength = Int(body[offset])
            guard offset + 1 + oidLength <= body.count else { throw OpenPGP.ParseError("truncated EdDSA key") }
            let oid = Array(body[offset + 1..<offset + 1 + oidLength])
            offset += 1 + oidLength
            let point = try OpenPGP.mpi(body, &offset)
            let ed25519OID: [UInt8] = [0x2B, 0x06, 0x01, 0x04, 0x01, 0xDA, 0x47, 0x0F, 0x01]
            if oid == ed25519OID, point.count == 33, point[0] == 0x40 {
                algorithm = .ed25519(Array(point.dropFirst()))
            } else {
                algorithm = .unsupported(22)
            }
        case 27:
            guard offset + 32 <= body.count else { throw OpenPGP.ParseError("truncated Ed25519 key") }
            algorithm = .ed25519(Array(body[offset..<offset + 32]))
        default:
            algorithm = .unsupported(algorithmID)
        }
        let prefix: [UInt8] = [0x99, UInt8(body.count >> 8 & 0xFF), UInt8(body.count & 0xFF)]
        let fingerprint = Formatting.hex(Digest.hash(prefix + body, using: .sha1), uppercase: true)
        return OpenPGPKey(algorithm: algorithm, creationTime: created, fingerprint: fingerprint, body: body, expires: nil)
    }

    /// Whether the key may be used at `time`.
    func isValid(at time: Int64) -> Bool {
        !isRevoked && time >= creationTime && (expires.map { time < $0 } ?? true)
    }
}

/// An OpenPGP certificate from `roles/keys/*.asc`: the primary key, its
/// certified user ids and its bound signing subkeys. Everything is checked
/// (self-certifications, subkey bindings and their cross-certifications,
/// revocations); what does not verify is dropped.
public struct OpenPGPCertificate: Hashable, Sendable {
    public var primary: OpenPGPKey
    /// User ids with a valid self-certification.
    public var userIDs: [String]
    /// Keys that may sign: the primary (unless its flags say otherwise) and cross-certified signing subkeys.
    public var signingKeys: [OpenPGPKey]
    public var file: String
    /// What the certificate's validity rests on that is certified only with SHA-1 (a user id's
    /// self-certification, a subkey binding): read as gpg reads it, but worth a warning.
    public var sha1Certifications: [String] = []

    /// The e-mail addresses of the certified user ids (`Name <email>`), lower-cased.
    public var emails: [String] {
        userIDs.compactMap { id in
            if let open = id.lastIndex(of: "<"), let close = id.lastIndex(of: ">"), open < close {
                return String(id[id.index(after: open)..<close]).lowercased()
            }
            return id.contains("@") ? id.lowercased() : nil
        }
    }

    /// Reads every certificate of an armoured public key block.
    public static func read(armored text: String, file: String) throws(OpenPGP.ParseError) -> [OpenPGPCertificate] {
        let packets = try OpenPGP.packets(try OpenPGP.dearmor(text, kind: "PUBLIC KEY BLOCK"))
        var certificates: [OpenPGPCertificate] = []
        var index = 0
        while index < packets.count {
            guard packets[index].tag == 6 else {
                index += 1
                continue
            }
            var primary = try OpenPGPKey.parse(packets[index].body)
            index += 1
            var userIDs: [String] = []
            var primaryFlags: UInt8?
            var subkeys: [OpenPGPKey] = []
            var current: (tag: Int, body: [UInt8])? = nil
            var latestSelfSignature: Int64 = -1
            var bound: Set<String> = []
            // Certified with SHA-256/512 vs only with SHA-1: for the warning, not for validity.
            var strong: Set<String> = []
            var weak: [String] = []
            while index < packets.count && packets[index].tag != 6 {
                let packet = packets[index]
                index += 1
                switch packet.tag {
                case 13, 17:
                    current = (packet.tag, packet.body)
                case 14:
                    subkeys.append(try OpenPGPKey.parse(packet.body))
                    current = (14, packet.body)
                case 2:
                    guard let signature = try? OpenPGP.signature(packet.body) else { continue }
                    switch (signature.type, current?.tag) {
                    case (0x20, nil):
                        if OpenPGP.verify(signature, over: primary.hashPrefix, with: primary.algorithm) { primary.isRevoked = true }
                    case (0x10...0x13, 13?):
                        let uid = current!.body
                        let data =
                            primary.hashPrefix + [
                                0xB4, UInt8(uid.count >> 24 & 0xFF), UInt8(uid.count >> 16 & 0xFF), UInt8(uid.count >> 8 & 0xFF),
                                UInt8(uid.count & 0xFF),
                            ] + uid
                        guard OpenPGP.verify(signature, over: data, with: primary.algorithm) else { continue }
                        if let text = String(validating: uid, as: UTF8.self) {
                            if !userIDs.contains(text) { userIDs.append(text) }
                            let what = "the user id '\(text)'"
                            if signature.hashAlgorithm == .sha1 { weak.append(what) } else { strong.insert(what) }
                        }
                        let created = signature.creationTime ?? 0
                        if created > latestSelfSignature {
                            latestSelfSignature = created
                            primary.expires = signature.keyExpirationSeconds.map { primary.creationTime + $0 }
                            primaryFlags = signature.keyFlags
                        }
                    case (0x18, 14?):
                        guard var subkey = subkeys.last else { continue }
                        let data = primary.hashPrefix + subkey.hashPrefix
                        guard OpenPGP.verify(signature, over: data, with: primary.algorithm) else { continue }
                        // A signing subkey must cross-certify its primary (an embedded 0x19 signature by the subkey).
                        guard (signature.keyFlags ?? 0) & 0x02 != 0, let embedded = signature.embedded,
                            let back = try? OpenPGP.signature(embedded), back.type == 0x19,
                            OpenPGP.verify(back, over: data, with: subkey.algorithm)
                        else { continue }
                        subkey.expires = signature.keyExpirationSeconds.map { subkey.creationTime + $0 }
                        subkeys[subkeys.count - 1] = subkey
                        bound.insert(subkey.fingerprint)
                        let what = "the binding of the signing subkey \(subkey.fingerprint)"
                        if signature.hashAlgorithm == .sha1 || back.hashAlgorithm == .sha1 {
                            weak.append(what)
                        } else {
                            strong.insert(what)
                        }
                    case (0x28, 14?):
                        guard let subkey = subkeys.last else { continue }
                        if OpenPGP.verify(signature, over: primary.hashPrefix + subkey.hashPrefix, with: primary.algorithm) {
                            subkeys[subkeys.count - 1].isRevoked = true
                        }
                    default:
                        continue
                    }
                default:
                    continue
                }
            }
            var signing: [OpenPGPKey] = []
            if primaryFlags.map({ $0 & 0x02 != 0 }) ?? true { signing.append(primary) }
            for subkey in subkeys where bound.contains(subkey.fingerprint) {
                var key = subkey
                if primary.isRevoked { key.isRevoked = true }
                if let primaryExpiry = primary.expires { key.expires = min(key.expires ?? primaryExpiry, primaryExpiry) }
                signing.append(key)
            }
            var sha1: [String] = []
            for what in weak where !strong.contains(what) && !sha1.contains(what) { sha1.append(what) }
            certificates.append(
                OpenPGPCertificate(primary: primary, userIDs: userIDs, signingKeys: signing, file: file, sha1Certifications: sha1))
        }
        guard !certificates.isEmpty else { throw OpenPGP.ParseError("no public key in the block") }
        return certificates
    }
}
