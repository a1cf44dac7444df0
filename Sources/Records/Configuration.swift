/// A document type of `stet.yaml` (PRODUCT.md §3).
public struct DocumentType: Hashable, Sendable {
    public var code: TypeCode
    public var name: String
    /// One distinct person per entry; `owner` means the document's owner.
    public var approvals: [RoleID]
    public var reviewMonths: Int
    public var trainingDueDays: Int
    public var line: Int
    /// The line of each approvals entry, for messages.
    public var approvalLines: [Int]
}

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
                let approvals = entry.identifiers("approvals", as: RoleID.self, what: "role id", required: true) ?? []
                if entry.has("approvals"), approvals.isEmpty, entry.list("approvals")?.isEmpty == true {
                    log.invalid(entry.line(of: "approvals"), "'approvals' of type \(key) must list at least one approver role (or owner)")
                }
                let review = entry.integer("review-months", required: true, in: 1...600)
                let due = entry.integer("training-due-days", required: true, in: 0...3650)
                entry.finish()
                if let name, let review, let due, !approvals.isEmpty {
                    types[code] = DocumentType(
                        code: code, name: name, approvals: approvals.map(\.0), reviewMonths: review,
                        trainingDueDays: due, line: keyLine, approvalLines: approvals.map(\.1))
                }
            }
            typesMap.finish()
        }
        map.finish()
        guard log.isEmpty, let organization, let configRevision else { return (nil, log.problems) }
        return (
            Configuration(
                organization: organization, configRevision: configRevision, releaseBranch: releaseBranch,
                documentsDir: documentsDir, authorMayApprove: authorMayApprove, requireSignedCommits: requireSigned,
                adminRoles: admin.map(\.0), adminRoleLines: admin.map(\.1), types: types),
            []
        )
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
