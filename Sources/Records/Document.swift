/// Who must be trained on a revision (PRODUCT.md §4 `training`).
public struct TrainingRequirement: Hashable, Sendable {
    public var roles: [RoleID]
    public var roleLines: [Int]
    /// False: an editorial revision; earlier training carries over.
    public var required: Bool
    public var dueDays: Int?
}

/// `implements: SOP-QA-002 rev 3`: a local procedure implementing a global document, aligned to that revision.
public struct Implementation: Hashable, Sendable {
    public var document: DocumentID
    public var revision: Int
    public var line: Int
}

/// What a migrated document was in the system it came from (PRODUCT.md §4 `legacy`).
public struct LegacyMetadata: Hashable, Sendable {
    /// Its id there, as written.
    public var id: String?
    /// Its last revision there, as written ("7", "B", "2.1").
    public var revision: String?
    /// When that revision took effect there.
    public var effective: CalendarDate?
    /// Its last periodic review there: restarts the review clock of stet's first revision.
    public var lastReview: CalendarDate?

    public init(id: String? = nil, revision: String? = nil, effective: CalendarDate? = nil, lastReview: CalendarDate? = nil) {
        self.id = id
        self.revision = revision
        self.effective = effective
        self.lastReview = lastReview
    }
}

/// A field whose name starts with `x-`: kept, shown and exported, never interpreted.
public struct ExtensionField: Hashable, Sendable {
    public var name: String
    /// The value as written; a list's entries joined with ", ".
    public var value: String
    public var line: Int
}

/// A document's front matter, decoded strictly (PRODUCT.md §4).
public struct FrontMatter: Hashable, Sendable {
    public var id: DocumentID
    public var title: String
    public var type: TypeCode
    public var revision: Revision
    public var owner: PersonID
    public var change: String?
    public var training: TrainingRequirement?
    public var effective: CalendarDate?
    public var reviewMonths: Int?
    public var references: [DocumentID]
    public var referenceLines: [Int]
    /// True when `status: obsolete`: an approved revision with it retires the document.
    public var isObsolete: Bool
    public var legacy: LegacyMetadata?
    /// `x-` fields, in file order.
    public var extensions: [ExtensionField] = []
    /// The file line of each key, for messages.
    public var lines: [String: Int]
    /// The sites it applies to; empty: all sites (PRODUCT.md §4).
    public var sites: [SiteID] = []
    public var siteLines: [Int] = []
    /// The global document this local procedure implements, and the revision it is aligned to (PRODUCT.md §8.6).
    public var implements: Implementation? = nil
    /// Recurrent training: overrides the type's `retrain-months` (PRODUCT.md §8.2).
    public var retrainMonths: Int? = nil

    public static let fields = [
        "id", "title", "type", "revision", "owner", "change", "training", "effective", "review-months", "references",
        "status", "sites", "implements", "retrain-months", "legacy",
    ]

    /// Whether it applies at `site`; a person with no site is obliged only by documents that name no sites.
    public func applies(at site: SiteID?) -> Bool {
        sites.isEmpty || site.map(sites.contains) == true
    }

    public func line(of field: String) -> Int? { lines[field] }
}

/// A controlled document as read from a file: its front matter and Markdown body.
public struct Document: Hashable, Sendable {
    public var path: RepositoryPath
    public var frontMatter: FrontMatter
    public var body: String
    /// The file line where the body starts.
    public var bodyFirstLine: Int

    public var id: DocumentID { frontMatter.id }

    public static let maximumBytes = 1024 * 1024
    public static let maximumFrontMatterBytes = 64 * 1024
}

/// Splits a file into front matter and body and decodes the front matter.
public enum DocumentReader {
    /// Reads a document. Problems are returned with their file lines; a
    /// document is returned only when its front matter is fully valid.
    /// `people`, when given, lets a name written as the owner suggest that person's id.
    public static func read(text: String, path: RepositoryPath, people: [Person] = []) -> (Document?, [FieldProblem]) {
        let log = ProblemLog()
        let lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
        // A delimiter line may carry trailing spaces or tabs, as editors leave them.
        func isDelimiter(_ line: Substring.UTF8View, _ marker: String) -> Bool {
            let trimmed = line.reversed().drop { $0 == 0x20 || $0 == 0x09 }
            return trimmed.reversed().elementsEqual(marker.utf8)
        }
        guard let opening = lines.first, isDelimiter(opening, "---") else {
            if let firstText = lines.firstIndex(where: { !$0.allSatisfy { $0 == 0x20 || $0 == 0x09 } }), firstText > 0,
                isDelimiter(lines[firstText], "---")
            {
                log.invalid(
                    1,
                    "starts with \(firstText == 1 ? "a blank line" : "\(firstText) blank lines") before the front matter's opening '---' (line \(firstText + 1)); delete \(firstText == 1 ? "it" : "them") so that '---' is the first line of the file"
                )
            } else {
                log.invalid(
                    1,
                    "has no front matter: a controlled document must start with a '---' line, the YAML fields (id, title, type, revision, owner), and a closing '---' line"
                )
            }
            return (nil, log.problems)
        }
        guard let closing = lines.dropFirst().firstIndex(where: { isDelimiter($0, "---") || isDelimiter($0, "...") }) else {
            log.invalid(1, "has no closing '---' line after its front matter; add one before the document text")
            return (nil, log.problems)
        }
        // Slices of the UTF-8 view start and end at line boundaries, so they are valid text.
        let yaml = closing > 1 ? String(Substring(text.utf8[lines[1].startIndex..<lines[closing - 1].endIndex])) : ""
        let body = closing + 1 < lines.count ? String(Substring(text.utf8[lines[closing + 1].startIndex...])) : ""
        let root: YAMLNode?
        do {
            root = try StrictYAML.parse(yaml, firstLine: 2, maximumBytes: Document.maximumFrontMatterBytes)
        } catch {
            log.invalid(error.line, "front matter \(error.message)")
            return (nil, log.problems)
        }
        guard let root else {
            log.invalid(1, "has empty front matter; add id, title, type, revision and owner")
            return (nil, log.problems)
        }
        let map = MappingReader(root, context: "the front matter", log: log)
        var lineOf: [String: Int] = [:]
        for key in map.keys { lineOf[key] = map.line(of: key) }

        var id: DocumentID?
        if let raw = map.string("id", required: true) {
            id = DocumentID(raw)
            if id == nil {
                log.invalid(
                    map.line(of: "id"),
                    "id '\(raw)' is not a valid document id; use capital letters and digits in dash-separated parts, like SOP-QA-001")
            } else if id == .config {
                log.invalid(map.line(of: "id"), "id CONFIG is reserved for the configuration; choose another id")
                id = nil
            }
        }
        let title = map.displayText("title", required: true)
        var type: TypeCode?
        if let raw = map.string("type", required: true) {
            type = TypeCode(raw)
            if type == nil {
                log.invalid(map.line(of: "type"), "type '\(raw)' is not a valid type code; use one of the types in stet.yaml, like SOP")
            }
        }
        let revision = map.integer("revision", required: true, in: 1...1_000_000).flatMap(Revision.init)
        var owner: PersonID?
        if let raw = map.string("owner", required: true) {
            owner = PersonID(raw)
            if owner == nil {
                func normalized(_ text: String) -> String { text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ") }
                let match = people.first { normalized($0.name) == normalized(raw) || $0.email.rawValue == raw.lowercased() }
                let hint = match.map { " (did you mean '\($0.id)', \($0.name)?)" } ?? ""
                log.invalid(
                    map.line(of: "owner"),
                    "owner '\(raw)' is not a person id\(hint); write the person's id from roles/people.yaml, not their name or e-mail")
            }
        }
        let change = map.displayText("change")
        var training: TrainingRequirement?
        if let block = map.mapping("training", context: "'training'") {
            let roles = block.identifiers("roles", as: RoleID.self, what: "role id", required: true) ?? []
            let required = block.boolean("required") ?? true
            let dueDays = block.integer("due-days", in: 0...3650)
            block.finish()
            training = TrainingRequirement(roles: roles.map(\.0), roleLines: roles.map(\.1), required: required, dueDays: dueDays)
        }
        let effective = map.date("effective")
        let reviewMonths = map.integer("review-months", in: 1...600)
        let references = map.identifiers("references", as: DocumentID.self, what: "document id") ?? []
        var isObsolete = false
        if let status = map.string("status") {
            if status == "obsolete" {
                isObsolete = true
            } else {
                log.invalid(
                    map.line(of: "status"),
                    "status '\(status)' is not allowed; the only status a document sets itself is 'obsolete' (to retire it), the others follow from approvals"
                )
            }
        }
        let sites = map.identifiers("sites", as: SiteID.self, what: "site id") ?? []
        var implements: Implementation?
        if let raw = map.string("implements") {
            let parts = raw.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count == 3, parts[1] == "rev", let global = DocumentID(String(parts[0])), let number = Int(parts[2]), number >= 1 {
                implements = Implementation(document: global, revision: number, line: map.line(of: "implements"))
            } else {
                log.invalid(
                    map.line(of: "implements"),
                    "implements '\(raw)' must name a global document and the revision this one is aligned to, like 'SOP-QA-002 rev 3'")
            }
        }
        let retrainMonths = map.integer("retrain-months", in: 1...600)
        var legacy: LegacyMetadata?
        if let block = map.mapping("legacy", context: "'legacy'") {
            legacy = LegacyMetadata(
                id: block.displayText("id"), revision: block.displayText("revision"), effective: block.date("effective"),
                lastReview: block.date("last-review"))
            block.finish()
        }
        var extensions: [ExtensionField] = []
        for key in map.keys where key.hasPrefix("x-") && key.count > 2 {
            guard let values = Self.texts(of: map.extensionNode(key)) else {
                log.invalid(
                    map.line(of: key),
                    "'\(key)' must be a single value or a list of values; stet keeps x- fields as text and does not read nested mappings")
                continue
            }
            let value = values.joined(separator: ", ")
            if let problem = TextSafety.problem(inDisplayText: value) {
                log.invalid(map.line(of: key), "'\(key)' \(problem)")
                continue
            }
            extensions.append(ExtensionField(name: key, value: value, line: map.line(of: key)))
        }
        map.finish { key in
            "if it is information from another system, keep it as 'x-\(key)' (x- fields are shown and exported, never interpreted) or remove it"
        }

        guard let id, let title, let type, let revision, let owner, !log.problems.contains(where: { $0.kind == .invalid })
        else { return (nil, log.problems) }
        let frontMatter = FrontMatter(
            id: id, title: title, type: type, revision: revision, owner: owner, change: change, training: training,
            effective: effective, reviewMonths: reviewMonths, references: references.map(\.0),
            referenceLines: references.map(\.1), isObsolete: isObsolete, legacy: legacy, extensions: extensions, lines: lineOf,
            sites: sites.map(\.0), siteLines: sites.map(\.1), implements: implements, retrainMonths: retrainMonths)
        return (Document(path: path, frontMatter: frontMatter, body: body, bodyFirstLine: closing + 2), log.problems)
    }

    /// A scalar's text, or a list of scalars' texts; nil for anything else.
    private static func texts(of node: YAMLNode?) -> [String]? {
        switch node {
        case .scalar(let scalar)?: return scalar.isNull ? [] : [scalar.string]
        case .sequence(let items, _)?:
            var result: [String] = []
            for item in items {
                guard case .scalar(let scalar) = item else { return nil }
                result.append(scalar.string)
            }
            return result
        default: return nil
        }
    }
}
