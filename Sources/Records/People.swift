/// A role of `roles/roles.yaml` (PRODUCT.md §5).
public struct Role: Hashable, Sendable {
    public var id: RoleID
    public var name: String
    public var description: String?
    public var line: Int
}

/// A person of `roles/people.yaml` (PRODUCT.md §5).
public struct Person: Hashable, Sendable {
    public var id: PersonID
    /// The printed name shown with every signature (Part 11 §11.50).
    public var name: String
    public var email: EmailAddress
    public var roles: [RoleID]
    public var roleLines: [Int]
    public var site: SiteID?
    /// False: left the organisation; keeps history, gets no new obligations, cannot sign.
    public var active: Bool
    public var line: Int

    public func holds(_ role: RoleID) -> Bool { roles.contains(role) }
}

/// Roles and people, decoded from `roles/`.
public enum Directory {
    public static let rolesPath = "roles/roles.yaml"
    public static let peoplePath = "roles/people.yaml"
    public static let maximumBytes = 4 * 1024 * 1024

    /// Decodes `roles/roles.yaml`: a mapping of role id to `{name, description}`.
    public static func decodeRoles(_ text: String) -> ([RoleID: Role], [FieldProblem]) {
        let log = ProblemLog()
        guard let root = parse(text, file: "roles/roles.yaml", log: log) else { return ([:], log.problems) }
        let map = MappingReader(root, context: "roles/roles.yaml", log: log)
        var roles: [RoleID: Role] = [:]
        for key in map.keys {
            let line = map.line(of: key)
            guard let id = RoleID(key), id != .owner else {
                _ = map.rawNode(key)
                let why = key == "owner" ? "'owner' is reserved (it means a document's owner)" : "'\(key)' is not a valid role id"
                log.invalid(line, "\(why); use lower-case letters, digits and dashes, like qa-approver")
                continue
            }
            guard let entry = map.mapping(key, required: true, context: "role \(key)") else { continue }
            let name = entry.displayText("name", required: true)
            let description = entry.displayText("description")
            entry.finish()
            if let name { roles[id] = Role(id: id, name: name, description: description, line: line) }
        }
        map.finish()
        return (roles, log.problems)
    }

    /// Decodes `roles/people.yaml`: a mapping of person id to `{name, email, roles, site, active}`.
    public static func decodePeople(_ text: String) -> ([PersonID: Person], [FieldProblem]) {
        let log = ProblemLog()
        guard let root = parse(text, file: "roles/people.yaml", log: log) else { return ([:], log.problems) }
        let map = MappingReader(root, context: "roles/people.yaml", log: log)
        var people: [PersonID: Person] = [:]
        var emails: [EmailAddress: (PersonID, Int)] = [:]
        for key in map.keys {
            let line = map.line(of: key)
            guard let id = PersonID(key) else {
                _ = map.rawNode(key)
                log.invalid(
                    line, "'\(key)' is not a valid person id; use lower-case letters, digits, dots, dashes and underscores, like jdoe")
                continue
            }
            guard let entry = map.mapping(key, required: true, context: "person \(key)") else { continue }
            let name = entry.displayText("name", required: true)
            var email: EmailAddress?
            if let raw = entry.string("email", required: true) {
                email = EmailAddress(raw)
                if email == nil {
                    log.invalid(entry.line(of: "email"), "'\(raw)' is not a valid e-mail address for person \(key)")
                }
            }
            let roles = entry.identifiers("roles", as: RoleID.self, what: "role id", required: true) ?? []
            var site: SiteID?
            if let raw = entry.string("site") {
                site = SiteID(raw)
                if site == nil {
                    log.invalid(entry.line(of: "site"), "'\(raw)' is not a valid site name; use lower-case letters, digits and dashes")
                }
            }
            let active = entry.boolean("active") ?? true
            entry.finish()
            if let email {
                if let (other, otherLine) = emails[email] {
                    log.invalid(
                        entry.line(of: "email"),
                        "person \(key) has the same e-mail as \(other) (line \(otherLine)); each person needs their own, since it binds their signing keys"
                    )
                } else {
                    emails[email] = (id, entry.line(of: "email"))
                }
            }
            if let name, let email {
                people[id] = Person(
                    id: id, name: name, email: email, roles: roles.map(\.0), roleLines: roles.map(\.1), site: site,
                    active: active, line: line)
            }
        }
        map.finish()
        return (people, log.problems)
    }

    private static func parse(_ text: String, file: String, log: ProblemLog) -> YAMLNode? {
        do {
            guard let root = try StrictYAML.parse(text, maximumBytes: maximumBytes) else {
                log.invalid(1, "\(file) is empty")
                return nil
            }
            return root
        } catch {
            log.invalid(error.line, "\(file) \(error.message)")
            return nil
        }
    }
}
