import Foundation
import Records

/// A moment given in `valid-after` / `valid-before` (`YYYYMMDD[HHMM[SS]]Z`).
public struct SignerTime: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var secondsSinceEpoch: Int64
    public var text: String

    /// Parses the ssh-keygen form; a time without a trailing `Z` is local time
    /// in ssh-keygen and so ambiguous in a shared record: refused.
    public init(_ text: String) throws(AllowedSigners.LineError) {
        guard text.hasSuffix("Z") || text.hasSuffix("z") else {
            throw .init("time '\(text)' has no time zone; write it in UTC with a trailing Z, like \(text)Z")
        }
        let digits = Array(text.dropLast().utf8)
        guard [8, 12, 14].contains(digits.count), digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw .init("time '\(text)' must be YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS followed by Z")
        }
        func number(_ from: Int, _ count: Int) -> Int {
            digits[from..<from + count].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        let hour = digits.count >= 12 ? number(8, 2) : 0
        let minute = digits.count >= 12 ? number(10, 2) : 0
        let second = digits.count == 14 ? number(12, 2) : 0
        guard let date = CalendarDate(year: number(0, 4), month: number(4, 2), day: number(6, 2)), hour < 24, minute < 60,
            second < 60
        else { throw .init("time '\(text)' is not a real date and time") }
        secondsSinceEpoch = Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        self.text = text
    }

    public var description: String { text }
    public static func < (lhs: SignerTime, rhs: SignerTime) -> Bool { lhs.secondsSinceEpoch < rhs.secondsSinceEpoch }
}

/// One line of `roles/allowed_signers`.
public struct AllowedSigner: Hashable, Sendable {
    public var principals: [String]
    public var key: SSHPublicKey
    /// `namespaces="…"`; nil means any namespace.
    public var namespaces: [String]?
    public var validAfter: SignerTime?
    public var validBefore: SignerTime?
    public var isCertificateAuthority: Bool
    public var line: Int
    /// `no-touch-required`: a security-key signature counts without user presence (no touch).
    public var noTouchRequired = false
    /// `verify-required`: a security-key signature counts only if the key verified the user (PIN or biometric).
    public var verifyRequired = false

    /// Whether the key may sign git commits (the namespace `git`).
    public var allowsGitNamespace: Bool { namespaces.map { $0.contains("git") } ?? true }
}

/// `roles/allowed_signers`, the file `ssh-keygen -Y verify` and git's
/// `gpg.ssh.allowedSignersFile` read (PRODUCT.md §5).
public enum AllowedSigners {
    public static let path = "roles/allowed_signers"

    public struct LineError: Error, Hashable, Sendable {
        public var message: String
        init(_ message: String) { self.message = message }
    }

    /// Parses the file; each bad line is reported with its number.
    public static func parse(_ text: String) -> ([AllowedSigner], [FieldProblem]) {
        var signers: [AllowedSigner] = []
        var problems: [FieldProblem] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            do {
                signers.append(try parse(line: line, number: index + 1))
            } catch {
                problems.append(FieldProblem(kind: .invalid, line: index + 1, message: "\(path) line \(index + 1): \(error.message)"))
            }
        }
        return (signers, problems)
    }

    static func parse(line: String, number: Int) throws(LineError) -> AllowedSigner {
        var tokenizer = Tokenizer(line)
        guard let principalField = tokenizer.next(), !principalField.isEmpty else { throw .init("missing principals") }
        let principals = unquote(principalField).split(separator: ",").map(String.init)
        guard !principals.isEmpty, principals.allSatisfy({ !$0.isEmpty }) else {
            throw .init("the principals field must list e-mail addresses separated by commas")
        }
        guard var field = tokenizer.next() else { throw .init("missing the key after the principals") }
        var namespaces: [String]?
        var validAfter: SignerTime?
        var validBefore: SignerTime?
        var certificateAuthority = false
        var noTouchRequired = false
        var verifyRequired = false
        if SSHPublicKey.Algorithm(rawValue: field) == nil && !looksLikeKeyType(field) {
            for option in splitOptions(field) {
                let parts = option.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                guard let first = parts.first, !first.isEmpty else {
                    throw .init("an empty option in '\(field)'; options are separated by single commas")
                }
                let name = first.lowercased()
                let value = parts.count == 2 ? unquote(parts[1]) : nil
                switch (name, value) {
                case ("cert-authority", nil): certificateAuthority = true
                case ("no-touch-required", nil): noTouchRequired = true
                case ("verify-required", nil): verifyRequired = true
                case ("namespaces", let value?):
                    namespaces = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    if namespaces?.isEmpty == true { throw .init("namespaces=\"\" allows no namespace; write namespaces=\"git\"") }
                case ("valid-after", let value?): validAfter = try SignerTime(value)
                case ("valid-before", let value?): validBefore = try SignerTime(value)
                default:
                    throw .init(
                        "unknown or malformed option '\(option)'; allowed are namespaces=\"git\", valid-after=\"…Z\", valid-before=\"…Z\", cert-authority, and for security keys no-touch-required and verify-required"
                    )
                }
            }
            guard let next = tokenizer.next() else { throw .init("missing the key after the options") }
            field = next
        }
        guard let base64 = tokenizer.next() else { throw .init("missing the base64 key data after '\(field)'") }
        let key: SSHPublicKey
        do {
            key = try SSHPublicKey(type: field, base64: base64)
        } catch {
            throw .init(error.description)
        }
        if let after = validAfter, let before = validBefore, before <= after {
            throw .init("valid-before \(before) is not after valid-after \(after)")
        }
        if (noTouchRequired || verifyRequired) && !key.algorithm.isSecurityKey {
            throw .init(
                "\(verifyRequired ? "verify-required" : "no-touch-required") applies only to security keys (sk-ssh-ed25519@openssh.com, sk-ecdsa-sha2-nistp256@openssh.com); a \(key.algorithm.rawValue) key cannot prove a touch or a PIN, so remove the option"
            )
        }
        return AllowedSigner(
            principals: principals, key: key, namespaces: namespaces, validAfter: validAfter, validBefore: validBefore,
            isCertificateAuthority: certificateAuthority, line: number, noTouchRequired: noTouchRequired, verifyRequired: verifyRequired)
    }

    private static func looksLikeKeyType(_ field: String) -> Bool {
        field.hasPrefix("ssh-") || field.hasPrefix("ecdsa-") || field.hasPrefix("sk-") || field.hasSuffix("@openssh.com")
    }

    private static func unquote(_ text: String) -> String {
        text.count >= 2 && text.hasPrefix("\"") && text.hasSuffix("\"") ? String(text.dropFirst().dropLast()) : text
    }

    /// Splits `a,b="x,y",c` at commas outside quotes.
    private static func splitOptions(_ field: String) -> [String] {
        var options: [String] = []
        var current = ""
        var quoted = false
        for character in field {
            if character == "\"" { quoted.toggle() }
            if character == "," && !quoted {
                options.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        options.append(current)
        return options
    }

    /// Splits a line at whitespace outside double quotes.
    struct Tokenizer {
        private var characters: [Character]
        private var index = 0
        init(_ line: String) { characters = Array(line) }
        mutating func next() -> String? {
            while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 }
            guard index < characters.count else { return nil }
            var token = ""
            var quoted = false
            while index < characters.count {
                let c = characters[index]
                if c == "\"" { quoted.toggle() }
                if !quoted && (c == " " || c == "\t") { break }
                token.append(c)
                index += 1
            }
            return token
        }
    }
}

/// One entry of `roles/revoked_keys`: an SSH public key or an OpenPGP fingerprint.
public enum RevokedKey: Hashable, Sendable {
    case ssh(SSHPublicKey, line: Int)
    /// A v4 OpenPGP fingerprint, 40 upper-case hex digits.
    case openPGP(String, line: Int)
}

/// `roles/revoked_keys` (PRODUCT.md §5): one public key a line (git's
/// `gpg.ssh.revocationFile` format) or an OpenPGP fingerprint.
public enum RevokedKeys {
    public static let path = "roles/revoked_keys"

    public static func parse(_ text: String) -> ([RevokedKey], [FieldProblem]) {
        var keys: [RevokedKey] = []
        var problems: [FieldProblem] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            let compact = fields.joined().uppercased()
            if compact.count == 40, compact.allSatisfy({ $0.isHexDigit }) {
                keys.append(.openPGP(compact, line: index + 1))
                continue
            }
            do {
                guard fields.count >= 2 else { throw SSHPublicKey.ParseError.malformed }
                keys.append(.ssh(try SSHPublicKey(type: fields[0], base64: fields[1]), line: index + 1))
            } catch {
                problems.append(
                    FieldProblem(
                        kind: .invalid, line: index + 1,
                        message:
                            "\(path) line \(index + 1) is neither an SSH public key ('ssh-ed25519 AAAA…') nor a 40-digit OpenPGP fingerprint: \(error)"
                    ))
            }
        }
        return (keys, problems)
    }
}
