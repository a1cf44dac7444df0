/// A stable finding code (PRODUCT.md §10). Codes are part of the contract:
/// they may be added, never renamed.
public enum FindingCode: String, CaseIterable, Codable, Sendable, Comparable {
    case invalidFrontMatter = "invalid-front-matter"
    case unknownField = "unknown-field"
    case duplicateID = "duplicate-id"
    case unknownType = "unknown-type"
    case unknownPerson = "unknown-person"
    case unknownRole = "unknown-role"
    case danglingReference = "dangling-reference"
    case brokenLink = "broken-link"
    case missingChangeReason = "missing-change-reason"
    case revisionNotIncremented = "revision-not-incremented"
    case revisionSkipped = "revision-skipped"
    case missingApproval = "missing-approval"
    case selfApproval = "self-approval"
    case unapprovedChange = "unapproved-change"
    case unsignedCommit = "unsigned-commit"
    case badSignature = "bad-signature"
    case unknownSigner = "unknown-signer"
    case keyNotValid = "key-not-valid"
    case configUnapproved = "config-unapproved"
    case documentRemoved = "document-removed"
    case historyRewritten = "history-rewritten"
    case shallowClone = "shallow-clone"
    case untrustedRoot = "untrusted-root"
    /// A symlink, submodule or other non-regular file where a controlled
    /// document or record must be (PRODUCT.md §11: never followed). Added to
    /// the §10 list; see docs/reference.md.
    case unsafePath = "unsafe-path"
    /// A row of `training/records/*.csv` that cannot be used (bad date, duplicate, malformed).
    /// Added to the §10 list; see docs/reference.md.
    case invalidTrainingRecord = "invalid-training-record"
    /// A completion dated more than `training-record-grace-days` before it reached the release branch (a warning).
    case lateRecord = "late-record"
    /// An approval by someone not trained on the documents of `approver-qualification` (a warning).
    case unqualifiedApprover = "unqualified-approver"
    /// A local procedure aligned to an older revision of the global document it implements (a warning).
    case localReviewDue = "local-review-due"

    public static func < (lhs: FindingCode, rhs: FindingCode) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// How serious a finding is. Errors make `check` and `verify` exit 1.
public enum Severity: String, Codable, Sendable, Comparable {
    case error, warning

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }
}

/// One problem with the controlled record, located as precisely as possible
/// and phrased so that the reader knows what to do about it.
public struct Finding: Hashable, Sendable, Codable {
    public var code: FindingCode
    public var severity: Severity
    public var document: DocumentID?
    public var commit: String?
    public var file: String?
    public var line: Int?
    public var message: String

    public init(
        _ code: FindingCode, severity: Severity = .error, document: DocumentID? = nil, commit: String? = nil,
        file: String? = nil, line: Int? = nil, message: String
    ) {
        self.code = code
        self.severity = severity
        self.document = document
        self.commit = commit
        self.file = file
        self.line = line
        self.message = message
    }

    enum CodingKeys: String, CodingKey { case code, severity, document, commit, file, line, message }

    /// Every field is written, `null` when unknown, so consumers can rely on the shape.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(severity, forKey: .severity)
        try container.encode(document, forKey: .document)
        try container.encode(commit, forKey: .commit)
        try container.encode(file, forKey: .file)
        try container.encode(line, forKey: .line)
        try container.encode(message, forKey: .message)
    }

    /// A stable order: by file, line, code, then message.
    public static func ordered(_ findings: [Finding]) -> [Finding] {
        findings.sorted {
            ($0.file ?? "\u{10FFFF}", $0.line ?? 0, $0.code.rawValue, $0.message)
                < ($1.file ?? "\u{10FFFF}", $1.line ?? 0, $1.code.rawValue, $1.message)
        }
    }
}

/// A problem with the configuration that stops a command before it can judge
/// anything (exit 2): `stet.yaml` or `roles/` cannot be read as specified.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(message)"
    }
}

/// One or more configuration errors, reported together.
public struct ConfigurationErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ConfigurationError]
    public init(_ errors: [ConfigurationError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
