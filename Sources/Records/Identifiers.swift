import Foundation

/// A validated identifier: constructed only through `init?(_:)`, so no path or
/// URL is ever built from an unchecked string.
public protocol ValidatedIdentifier: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    var rawValue: String { get }
    init?(_ string: String)
}

extension ValidatedIdentifier {
    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: Decoder) throws {
        let string = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(string) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "invalid identifier \(string)"))
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Checks a string against a small pattern without regular expressions:
/// each character must be in `allowed`, the first in `first`.
private func matches(
    _ string: String, first: (UInt8) -> Bool, rest: (UInt8) -> Bool, maxLength: Int
) -> Bool {
    let bytes = Array(string.utf8)
    guard let head = bytes.first, bytes.count <= maxLength, first(head) else { return false }
    return bytes.dropFirst().allSatisfy(rest)
}

private func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
private func isLower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

/// A controlled document's id, e.g. `SOP-QA-001` (PRODUCT.md §4:
/// `^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$`). Safe to use as a file or folder name.
public struct DocumentID: ValidatedIdentifier {
    public let rawValue: String

    /// The pseudo-document under which `stet.yaml` and `roles/` are controlled (§7.5).
    public static let config = DocumentID(unchecked: "CONFIG")

    public init?(_ string: String) {
        let parts = string.split(separator: "-", omittingEmptySubsequences: false)
        guard string.utf8.count <= 64, parts.count >= 2,
            let first = parts.first.map(String.init),
            matches(first, first: isUpper, rest: { isUpper($0) || isDigit($0) }, maxLength: 64),
            parts.dropFirst().allSatisfy({
                matches(String($0), first: { isUpper($0) || isDigit($0) }, rest: { isUpper($0) || isDigit($0) }, maxLength: 64)
            })
        else { return nil }
        rawValue = string
    }

    private init(unchecked: String) { rawValue = unchecked }

    /// The first dash-separated part, which names the document's type by convention.
    public var prefix: String { String(rawValue.prefix { $0 != "-" }) }
}

/// A document type code, a key of `stet.yaml` `types` (e.g. `SOP`).
public struct TypeCode: ValidatedIdentifier {
    public let rawValue: String
    public init?(_ string: String) {
        guard matches(string, first: isUpper, rest: { isUpper($0) || isDigit($0) }, maxLength: 32) else { return nil }
        rawValue = string
    }
}

/// A person's id in `roles/people.yaml` (e.g. `jdoe`).
public struct PersonID: ValidatedIdentifier {
    public let rawValue: String
    public init?(_ string: String) {
        guard
            matches(
                string, first: { isLower($0) || isDigit($0) },
                rest: { isLower($0) || isDigit($0) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }, maxLength: 64),
            !string.hasSuffix("."), !string.contains("..")
        else { return nil }
        rawValue = string
    }
}

/// A role's id in `roles/roles.yaml` (e.g. `qa-approver`). `owner` is reserved:
/// in an approvals list it means the document's owner.
public struct RoleID: ValidatedIdentifier {
    public let rawValue: String
    public init?(_ string: String) {
        guard matches(string, first: isLower, rest: { isLower($0) || isDigit($0) || $0 == 0x2D }, maxLength: 64)
        else { return nil }
        rawValue = string
    }
    /// The reserved word in a type's `approvals` list meaning "the document's owner".
    public static let owner = RoleID("owner")!
}

/// A site name (e.g. `boston`).
public struct SiteID: ValidatedIdentifier {
    public let rawValue: String
    public init?(_ string: String) {
        guard
            matches(
                string, first: { isLower($0) || isDigit($0) }, rest: { isLower($0) || isDigit($0) || $0 == 0x2D || $0 == 0x5F },
                maxLength: 64)
        else { return nil }
        rawValue = string
    }
}

/// A document revision: an integer >= 1.
public struct Revision: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let number: Int
    public init?(_ number: Int) {
        guard number >= 1 else { return nil }
        self.number = number
    }
    public var description: String { String(number) }
    public var next: Revision { Revision(number + 1)! }
    public static func < (lhs: Revision, rhs: Revision) -> Bool { lhs.number < rhs.number }
    public init(from decoder: Decoder) throws {
        let number = try decoder.singleValueContainer().decode(Int.self)
        guard let value = Revision(number) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "revision < 1"))
        }
        self = value
    }
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(number)
    }
}

/// An e-mail address as used to bind keys to people; compared case-insensitively.
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible, Codable {
    public let rawValue: String
    public init?(_ string: String) {
        let parts = string.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix("."), string.utf8.count <= 254,
            string.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && !"<>()[],;:\\\"".unicodeScalars.contains($0) })
        else { return nil }
        rawValue = string.lowercased()
    }
    public var description: String { rawValue }
    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A relative path inside a repository, with `/` separators, no `.`/`..`
/// segments, no empty segments and no leading `/`.
public struct RepositoryPath: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let rawValue: String
    public init?(_ string: String) {
        let segments = string.utf8.split(separator: 0x2F, omittingEmptySubsequences: false)
        guard !string.isEmpty, string.utf8.count <= 1024,
            segments.allSatisfy({ !$0.isEmpty && !$0.elementsEqual(".".utf8) && !$0.elementsEqual("..".utf8) }),
            !string.utf8.contains(where: { $0 < 0x20 || $0 == 0x5C || $0 == 0x7F })
        else { return nil }
        rawValue = string
    }
    public var description: String { rawValue }
    public static func < (lhs: RepositoryPath, rhs: RepositoryPath) -> Bool { lhs.rawValue < rhs.rawValue }
    public func appending(_ component: String) -> RepositoryPath? { RepositoryPath(rawValue + "/" + component) }
    public var lastComponent: String { String(rawValue.split(separator: "/").last ?? "") }
    public var parent: String {
        guard let slash = rawValue.lastIndex(of: "/") else { return "" }
        return String(rawValue[..<slash])
    }
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public init(from decoder: Decoder) throws {
        let string = try decoder.singleValueContainer().decode(String.self)
        guard let path = RepositoryPath(string) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid path"))
        }
        self = path
    }
}
