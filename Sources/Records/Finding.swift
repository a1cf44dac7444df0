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
    /// A signed commit whose claimed time is earlier than a parent's or the root of trust's (PRODUCT.md §7.7).
    case implausibleTime = "implausible-time"
    /// A document text refused before rendering: over a Markdown limit that keeps rendering
    /// bounded in time and memory (PRODUCT.md §11: "refused with a clear error"). Proposed
    /// addition to the §10 list; see docs/reference.md and docs/security.md.
    case markdownLimit = "markdown-limit"
    /// `check --base`: the branch changes a document or the configuration that the base has also
    /// changed since the branch left it (revision 2).
    case staleBase = "stale-base"
    /// Raw HTML outside the allowlist, dropped from the portal (PRODUCT.md §4.1; a warning).
    case rawHTML = "raw-html"
    /// The revision in force was approved with a key revoked since, and no ledger spares it (PRODUCT.md §7.9).
    case revokedApproval = "revoked-approval"

    public static func < (lhs: FindingCode, rhs: FindingCode) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// How serious a finding is. Errors make `check` and `verify` exit 1; `info` is a closed finding (PRODUCT.md §7.8).
public enum Severity: String, Codable, Sendable, Comparable {
    case error, warning, info

    private var rank: Int {
        switch self {
        case .error: return 0
        case .warning: return 1
        case .info: return 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// How a finding was closed: a signed `Closes: <id> <reference>` by a holder of an admin role (PRODUCT.md §7.8).
public struct Closure: Hashable, Sendable, Codable {
    /// The person id of the admin who closed it.
    public var by: String
    /// When the closing commit claims to have been signed (RFC 3339, UTC).
    public var at: String
    /// The deviation or CAPA record, e.g. `DEV-2026-014`.
    public var reference: String
    /// The closing commit.
    public var commit: String

    public init(by: String, at: String, reference: String, commit: String) {
        self.by = by
        self.at = at
        self.reference = reference
        self.commit = commit
    }
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
    /// Set once a signed `Closes:` trailer closes the finding; its severity is then `info`.
    public var closed: Closure?

    /// The stable id, `code:commit[:document]` (PRODUCT.md §7.8); `-` stands for no commit (the working tree).
    public var id: String {
        "\(code.rawValue):\(commit ?? "-")" + (document.map { ":\($0.rawValue)" } ?? "")
    }

    /// The id with the commit abbreviated to 12 digits, for people.
    public var shortID: String {
        "\(code.rawValue):\(commit.map { String($0.prefix(12)) } ?? "-")" + (document.map { ":\($0.rawValue)" } ?? "")
    }

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

    enum CodingKeys: String, CodingKey { case id, code, severity, document, commit, file, line, message, closed }

    /// Every field is written, `null` when unknown, so consumers can rely on the shape.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(code, forKey: .code)
        try container.encode(severity, forKey: .severity)
        try container.encode(document, forKey: .document)
        try container.encode(commit, forKey: .commit)
        try container.encode(file, forKey: .file)
        try container.encode(line, forKey: .line)
        try container.encode(message, forKey: .message)
        try container.encode(closed, forKey: .closed)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decode(FindingCode.self, forKey: .code)
        severity = try container.decode(Severity.self, forKey: .severity)
        document = try container.decodeIfPresent(DocumentID.self, forKey: .document)
        commit = try container.decodeIfPresent(String.self, forKey: .commit)
        file = try container.decodeIfPresent(String.self, forKey: .file)
        line = try container.decodeIfPresent(Int.self, forKey: .line)
        message = try container.decode(String.self, forKey: .message)
        closed = try container.decodeIfPresent(Closure.self, forKey: .closed)
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
