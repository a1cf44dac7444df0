/// A document type of `stet.yaml` (PRODUCT.md §3).
public struct DocumentType: Hashable, Sendable {
    public var code: TypeCode
    public var name: String
    /// One distinct person per entry; `owner` means the document's owner.
    public var approvals: [RoleID]
    public var reviewMonths: Int
    public var trainingDueDays: Int
    /// Recurrent training: a completion lapses this many months later (PRODUCT.md §8.2).
    public var retrainMonths: Int? = nil
    public var line: Int
    /// The line of each approvals entry, for messages.
    public var approvalLines: [Int]
    /// The signature meaning each approvals entry asks for: `Approved` (the default) or `Reviewed` (PRODUCT.md §3, §7.1).
    public var approvalMeanings: [String] = []

    /// The meaning entry `index` asks for.
    public func meaning(ofEntry index: Int) -> String {
        index < approvalMeanings.count ? approvalMeanings[index] : "Approved"
    }
}

/// A site of `stet.yaml` (PRODUCT.md §3): where people work and documents apply.
public struct Site: Hashable, Sendable {
    public var id: SiteID
    public var name: String
    public var line: Int
}

/// The signature meanings an approval can carry (PRODUCT.md §7.1).
public let signatureMeanings = ["Approved", "Reviewed"]

/// The organisation's settings, `stet.yaml` (PRODUCT.md §3).
public struct Configuration: Hashable, Sendable {
    public static let path = "stet.yaml"
    public static let maximumBytes = 256 * 1024

    public var organization: String
    public var configRevision: Int
    public var releaseBranch: String
    public var documentsDir: RepositoryPath
    public var authorMayApprove: Bool
    public var requireSignedCommits: Bool
    public var adminRoles: [RoleID]
    public var adminRoleLines: [Int]
    public var types: [TypeCode: DocumentType]
    /// The sites people and documents name, with their display names (PRODUCT.md §3); empty when none are declared.
    public var sites: [SiteID: Site] = [:]
    /// Documents an approver should be trained on (PRODUCT.md §8.5).
    public var approverQualification: [DocumentID] = []
    public var approverQualificationLine: Int? = nil
    /// A completion dated more than this many days before it was recorded is `late-record` (PRODUCT.md §8.3).
    public var trainingRecordGraceDays: Int? = nil

    /// Sites in a stable order.
    public var sortedSites: [Site] { sites.values.sorted { $0.id < $1.id } }

    /// The display name of a site: its declared name, or the id capitalised.
    public func siteName(_ site: SiteID) -> String { sites[site]?.name ?? site.rawValue.capitalized }

    /// Types in a stable order.
    public var sortedTypes: [DocumentType] { types.values.sorted { $0.code < $1.code } }

    /// Decodes `stet.yaml`; every problem is returned, none is silently ignored.
    public static func decode(_ text: String) -> (Configuration?, [FieldProblem]) {
        let root: YAMLNode?
        do {
            root = try StrictYAML.parse(text, maximumBytes: maximumBytes)
        } catch {
            return (nil, [FieldProblem(kind: .invalid, line: error.line, message: "stet.yaml \(error.message)")])
        }
        guard let root else {
            return (
                nil,
                [
                    FieldProblem(
                        kind: .invalid, line: 1,
                        message: "stet.yaml is empty; it needs at least organization, config-revision, admin-roles and types")
                ]
            )
        }
        let log = ProblemLog()
        let map = MappingReader(root, context: "stet.yaml", log: log)
        let organization = map.displayText("organization", required: true)
        let configRevision = map.integer("config-revision", required: true, in: 1...1_000_000)
        let releaseBranch = map.string("release-branch") ?? "main"
        if map.has("release-branch"), !isSafeBranchName(releaseBranch) {
            log.invalid(map.line(of: "release-branch"), "'release-branch' must be a plain branch name like main, not '\(releaseBranch)'")
        }
        var documentsDir = RepositoryPath("controlled-docs")!
        if let dir = map.string("documents-dir") {
            let trimmed = dir.hasSuffix("/") ? String(dir.dropLast()) : dir
            if let path = RepositoryPath(trimmed), !path.rawValue.hasPrefix(".git"), path.rawValue != "roles" {
                documentsDir = path
            } else {
                log.invalid(
                    map.line(of: "documents-dir"),
                    "'documents-dir' must be a folder inside the repository like controlled-docs, not '\(dir)'")
            }
        }
        let authorMayApprove = map.boolean("author-may-approve") ?? false
        let requireSigned = map.boolean("require-signed-commits") ?? true
        let admin = map.identifiers("admin-roles", as: RoleID.self, what: "role id", required: true) ?? []
        if map.has("admin-roles"), admin.isEmpty, log.isEmpty {
            log.invalid(
                map.line(of: "admin-roles"),
                "'admin-roles' must name at least one role, or no one could approve a change to the configuration")
        }
        var types: [TypeCode: DocumentType] = [:]
        if let typesMap = map.mapping("types", required: true) {
            if typesMap.keys.isEmpty {
                log.invalid(typesMap.line, "'types' must define at least one document type, like SOP")
            }
            for key in typesMap.keys {
                let keyLine = typesMap.line(of: key)
                guard let code = TypeCode(key) else {
                    _ = typesMap.rawNode(key)
                    log.invalid(keyLine, "'\(key)' is not a valid type code; use capital letters and digits, like SOP")
                    continue
                }
                if key == "CONFIG" {
                    _ = typesMap.rawNode(key)
                    log.invalid(keyLine, "'CONFIG' is reserved for the configuration itself; choose another type code")
                    continue
                }
                guard let entry = typesMap.mapping(key, context: "type \(key)") else { continue }
                let name = entry.displayText("name", required: true)
                let (approvals, meanings) = approvalEntries(of: entry, type: key, log: log)
                let review = entry.integer("review-months", required: true, in: 1...600)
                let due = entry.integer("training-due-days", required: true, in: 0...3650)
                let retrain = entry.integer("retrain-months", in: 1...600)
                entry.finish()
                if let name, let review, let due, !approvals.isEmpty {
                    types[code] = DocumentType(
                        code: code, name: name, approvals: approvals.map(\.0), reviewMonths: review,
                        trainingDueDays: due, retrainMonths: retrain, line: keyLine, approvalLines: approvals.map(\.1),
                        approvalMeanings: meanings)
                }
            }
            typesMap.finish()
        }
        var sites: [SiteID: Site] = [:]
        if let sitesMap = map.mapping("sites") {
            for key in sitesMap.keys {
                let keyLine = sitesMap.line(of: key)
                guard let id = SiteID(key) else {
                    _ = sitesMap.rawNode(key)
                    log.invalid(keyLine, "'\(key)' is not a valid site id; use lower-case letters, digits and dashes, like galway")
                    continue
                }
                guard let entry = sitesMap.mapping(key, required: true, context: "site \(key)") else { continue }
                let name = entry.displayText("name", required: true)
                entry.finish()
                if let name { sites[id] = Site(id: id, name: name, line: keyLine) }
            }
            sitesMap.finish()
        }
        let qualification = map.identifiers("approver-qualification", as: DocumentID.self, what: "document id") ?? []
        let grace = map.integer("training-record-grace-days", in: 0...3650)
        map.finish()
        guard log.isEmpty, let organization, let configRevision else { return (nil, log.problems) }
        var configuration = Configuration(
            organization: organization, configRevision: configRevision, releaseBranch: releaseBranch,
            documentsDir: documentsDir, authorMayApprove: authorMayApprove, requireSignedCommits: requireSigned,
            adminRoles: admin.map(\.0), adminRoleLines: admin.map(\.1), types: types)
        configuration.sites = sites
        configuration.approverQualification = qualification.map(\.0)
        configuration.approverQualificationLine = qualification.first?.1
        configuration.trainingRecordGraceDays = grace
        return (configuration, [])
    }

    /// A type's `approvals`: role ids, or `{role: R, meaning: Reviewed}` for an entry that asks for another meaning.
    static func approvalEntries(of entry: MappingReader, type key: String, log: ProblemLog) -> ([(RoleID, Int)], [String]) {
        guard let node = entry.rawNode("approvals") else {
            log.invalid(entry.line, "type \(key) is missing the required field 'approvals'")
            return ([], [])
        }
        guard case .sequence(let items, _) = node else {
            log.invalid(node.line, "'approvals' in type \(key) must be a list like [owner, qa-approver], not \(node.kindDescription)")
            return ([], [])
        }
        if items.isEmpty { log.invalid(node.line, "'approvals' of type \(key) must list at least one approver role (or owner)") }
        var approvals: [(RoleID, Int)] = []
        var meanings: [String] = []
        for item in items {
            switch item {
            case .scalar(let scalar) where !scalar.isNull:
                guard let role = RoleID(scalar.string) else {
                    log.invalid(scalar.line, "'\(scalar.string)' in 'approvals' is not a valid role id")
                    continue
                }
                approvals.append((role, scalar.line))
                meanings.append("Approved")
            case .mapping:
                let reader = MappingReader(item, context: "an approvals entry of type \(key)", log: log)
                let role = reader.string("role", required: true)
                let meaning = reader.string("meaning") ?? "Approved"
                reader.finish()
                guard let role else { continue }
                guard let id = RoleID(role) else {
                    log.invalid(reader.line(of: "role"), "'\(role)' in 'approvals' is not a valid role id")
                    continue
                }
                guard signatureMeanings.contains(meaning) else {
                    log.invalid(
                        reader.line(of: "meaning"),
                        "'meaning' of an approvals entry of type \(key) is Approved or Reviewed, not '\(meaning)'")
                    continue
                }
                approvals.append((id, reader.line(of: "role")))
                meanings.append(meaning)
            default:
                log.invalid(
                    item.line,
                    "each entry of 'approvals' in type \(key) is a role id or {role: R, meaning: Reviewed}, not \(item.kindDescription)")
            }
        }
        return (approvals, meanings)
    }

    static func isSafeBranchName(_ name: String) -> Bool {
        guard let path = RepositoryPath(name), !name.hasPrefix("-"), !name.hasSuffix(".lock"), !name.contains("@{") else {
            return false
        }
        return path.rawValue.unicodeScalars.allSatisfy {
            $0.value > 0x20 && $0.value < 0x7F && !" ~^:?*[\\".unicodeScalars.contains($0)
        }
    }
}
