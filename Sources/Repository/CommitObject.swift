import Foundation

/// A git object id as 40 lower-case hex digits.
public struct ObjectID: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let hex: String

    public init?(_ hex: String) {
        guard hex.utf8.count == 40, hex.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else {
            return nil
        }
        self.hex = hex
    }

    public var description: String { hex }
    public var short: String { String(hex.prefix(12)) }
    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { lhs.hex < rhs.hex }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = ObjectID(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an object id"))
        }
        self = id
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}

/// A person line of a commit (`author` / `committer`): name, e-mail and the claimed time.
public struct Signature: Hashable, Sendable {
    public var name: String
    public var email: String
    /// Seconds since the epoch, as claimed by whoever made the commit.
    public var time: Int64
    /// The time-zone offset as written (`+0100`).
    public var offset: String
}

/// A commit as stored: parsed from the raw object bytes, not through libgit2's
/// commit parser, so that parents are exactly what the object says (no
/// grafts, no replace refs) and the signature header is found only where git
/// puts it.
public struct CommitObject: Hashable, Sendable {
    public var id: ObjectID
    public var tree: ObjectID
    public var parents: [ObjectID]
    public var author: Signature
    public var committer: Signature
    public var message: String
    /// The signature headers found (`gpgsig`, `gpgsig-sha256`), with continuation lines joined.
    public var signatures: [String]
    /// The object without its signature headers: the bytes that were signed.
    public var signedPayload: [UInt8]

    public var isMerge: Bool { parents.count > 1 }

    public struct ParseError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Parses a raw commit object (the bytes after git's `commit <size>\0` header).
    public init(id: ObjectID, raw: [UInt8]) throws(ParseError) {
        self.id = id
        // Split the header (up to the first empty line) from the message.
        var headerEnd = raw.count
        var index = 0
        while index < raw.count {
            let lineEnd = raw[index...].firstIndex(of: 0x0A) ?? raw.count
            if lineEnd == index {
                headerEnd = index
                break
            }
            index = lineEnd + 1
        }
        let header = raw[..<headerEnd]
        let messageStart = min(headerEnd + 1, raw.count)
        message = String(decoding: raw[messageStart...], as: UTF8.self)

        var tree: ObjectID?
        var parents: [ObjectID] = []
        var author: Signature?
        var committer: Signature?
        var signatures: [String] = []
        var payload: [UInt8] = []
        var inSignature = false
        var inIgnoredSignature = false
        var lines = header.split(separator: 0x0A, omittingEmptySubsequences: false)
        if header.last == 0x0A { lines.removeLast() }
        // The payload keeps the object's bytes exactly, as git's does: a last header line
        // without a line feed (an object with no message) gets none added.
        func ending(_ index: Int) -> [UInt8] { index < lines.count - 1 || header.last == 0x0A ? [0x0A] : [] }
        // Git's order: tree, the parents, author, committer, then other headers. A `parent`,
        // `author` or `committer` line anywhere else is an unknown header to git, and so here.
        var stage = 0
        for (index, line) in lines.enumerated() {
            if line.first == 0x20 {
                // A continuation line belongs to the header before it.
                if inIgnoredSignature { continue }
                if inSignature {
                    signatures[signatures.count - 1] += "\n" + String(decoding: line.dropFirst(), as: UTF8.self)
                } else {
                    payload += line + ending(index)
                }
                continue
            }
            inSignature = false
            inIgnoredSignature = false
            let text = String(decoding: line, as: UTF8.self)
            if text.hasPrefix("gpgsig ") {
                signatures.append(String(text.dropFirst(7)))
                inSignature = true
                continue
            }
            if text.hasPrefix("gpgsig-sha256 ") {
                // The signature of a SHA-256 repository: like git, left out of the payload and not
                // used in this (SHA-1) one. Its continuation lines go with it.
                inIgnoredSignature = true
                continue
            }
            switch (stage, text) {
            case (0, _) where index == 0 && text.hasPrefix("tree "):
                guard let id = ObjectID(String(text.dropFirst(5))) else {
                    throw ParseError(message: "commit \(id) has a malformed tree line")
                }
                tree = id
                stage = 1
            case (1, _) where text.hasPrefix("parent "):
                guard let parent = ObjectID(String(text.dropFirst(7))) else {
                    throw ParseError(message: "commit \(id) has a malformed parent line")
                }
                parents.append(parent)
            case (1, _) where text.hasPrefix("author "):
                author = Self.person(String(text.dropFirst(7)))
                stage = 2
            case (2, _) where text.hasPrefix("committer "):
                committer = Self.person(String(text.dropFirst(10)))
                stage = 3
            default:
                break
            }
            payload += line + ending(index)
        }
        guard let tree, let author, let committer else {
            throw ParseError(message: "commit \(id) lacks a tree, author or committer line")
        }
        payload += raw[headerEnd...]
        self.tree = tree
        self.parents = parents
        self.author = author
        self.committer = committer
        self.signatures = signatures
        self.signedPayload = payload
    }

    /// Parses `Name <email> 1767225600 +0000`; a malformed date reads as time 0, as git shows it.
    static func person(_ value: String) -> Signature? {
        guard let open = value.lastIndex(of: "<"), let close = value.lastIndex(of: ">"), open < close else {
            return Signature(name: value, email: "", time: 0, offset: "")
        }
        let name = value[..<open].trimmingCharacters(in: .whitespaces)
        let email = String(value[value.index(after: open)..<close])
        let rest = value[value.index(after: close)...].split(separator: " ")
        return Signature(
            name: name, email: email, time: rest.first.flatMap { Int64($0) } ?? 0, offset: rest.count > 1 ? String(rest[1]) : "")
    }

    /// The trailers of the message's last paragraph (`Key: value` lines), in order.
    public var trailers: [(key: String, value: String)] {
        let paragraphs = message.replacingOccurrences(of: "\r\n", with: "\n")
            .components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .newlines) }
            .filter { !$0.isEmpty }
        guard paragraphs.count >= 2, let last = paragraphs.last else { return [] }
        var result: [(String, String)] = []
        for line in last.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon]
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }), key.first!.isLetter else { continue }
            result.append((String(key), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return result
    }

    /// The first line of the message.
    public var subject: String { String(message.prefix { $0 != "\n" }) }
}
