import Control
import Foundation
import Records
import Repository
import Signatures

/// One rule of the expectations file compared with the committed configuration.
public struct ConfigurationCheck: Codable, Sendable, Hashable {
    /// The rule's name as the expectations file spells it, e.g. `approvals`.
    public var rule: String
    /// The document type it is about, or nil for an organisation-wide rule.
    public var type: String?
    public var expected: String
    public var actual: String
    public var passed: Bool
}

/// Configuration qualification: the repository's configuration against its expectations file, and the approval
/// scenarios re-run under the repository's own stet.yaml, roles and people.
enum ConfigurationQualification {
    static func checks(_ expectations: Expectations, snapshot: Snapshot) -> [ConfigurationCheck] {
        let configuration = snapshot.records.configuration
        var checks: [ConfigurationCheck] = []
        func compare(_ rule: String, type: String? = nil, _ expected: String, _ actual: String) {
            checks.append(ConfigurationCheck(rule: rule, type: type, expected: expected, actual: actual, passed: expected == actual))
        }
        if let expected = expectations.authorMayApprove {
            compare("author-may-approve", "\(expected)", "\(configuration.authorMayApprove)")
        }
        if let expected = expectations.requireSignedCommits {
            compare("require-signed-commits", "\(expected)", "\(configuration.requireSignedCommits)")
        }
        if let expected = expectations.adminRoles {
            compare("admin-roles", list(expected.sorted()), list(configuration.adminRoles.map(\.rawValue).sorted()))
        }
        let expectedTypes = Set(expectations.types.map(\.code))
        for type in configuration.sortedTypes where !expectedTypes.contains(type.code.rawValue) {
            compare("types", type: type.code.rawValue, "not defined (the expectations do not name it)", "defined in stet.yaml")
        }
        for (code, expectation) in expectations.types.sorted(by: { $0.code < $1.code }) {
            guard let typeCode = TypeCode(code), let type = configuration.types[typeCode] else {
                compare("types", type: code, "defined in stet.yaml", "not defined")
                continue
            }
            if let approvals = expectation.approvals {
                compare(
                    "approvals", type: code, list(approvals.sorted().map(\.description)),
                    list(
                        type.approvals.indices.map {
                            Expectations.Entry(role: type.approvals[$0].rawValue, meaning: type.meaning(ofEntry: $0))
                        }
                        .sorted().map(\.description)))
            }
            if let months = expectation.reviewMonths { compare("review-months", type: code, "\(months)", "\(type.reviewMonths)") }
            if let days = expectation.trainingDueDays { compare("training-due-days", type: code, "\(days)", "\(type.trainingDueDays)") }
            if let roles = expectation.trainingRoles {
                let documents = snapshot.documents.filter { $0.frontMatter.type == typeCode }.sorted { $0.id < $1.id }
                let lacking = documents.compactMap { document -> String? in
                    let trained = Set((document.frontMatter.training?.roles ?? []).map(\.rawValue))
                    let missing = roles.filter { !trained.contains($0) }
                    return missing.isEmpty ? nil : "\(document.id) lacks \(missing.joined(separator: ", "))"
                }
                compare(
                    "training-roles", type: code, "every \(code) document trains \(list(roles))",
                    lacking.isEmpty ? "every \(code) document trains \(list(roles))" : lacking.joined(separator: "; "))
            }
        }
        return checks
    }

    static func list(_ items: [String]) -> String { items.isEmpty ? "[]" : "[" + items.joined(separator: ", ") + "]" }

    // MARK: - The scenarios under the repository's own configuration

    /// The files of the configuration, copied verbatim into each scenario repository.
    struct Source {
        var stetYAML: String
        var rolesYAML: String
        var peopleYAML: String
        var records: RecordSet
    }

    /// Who plays which part for one type: the owner, an author, and a distinct person for each approval entry.
    struct Cast {
        var owner: Person
        var author: Person
        var approvers: [(entry: RoleID, person: Person)]
    }

    static func cast(for type: DocumentType, people: [Person]) -> Cast? {
        for owner in people {
            for author in people where author.id != owner.id {
                var chosen: [(RoleID, Person)] = []
                var used: Set<PersonID> = [author.id]
                var complete = true
                for entry in type.approvals {
                    if entry == .owner {
                        guard !used.contains(owner.id) else { complete = false; break }
                        chosen.append((entry, owner))
                        used.insert(owner.id)
                    } else if let person = people.first(where: { $0.holds(entry) && !used.contains($0.id) && $0.id != owner.id }) {
                        chosen.append((entry, person))
                        used.insert(person.id)
                    } else {
                        complete = false
                        break
                    }
                }
                if complete { return Cast(owner: owner, author: author, approvers: chosen) }
            }
        }
        return nil
    }

    static func scenarios(source: Source) -> [Scenario] {
        let configuration = source.records.configuration
        let people = source.records.sortedPeople.filter(\.active)
        let traced = ["REQ-APR-002", "REQ-APR-003", "REQ-REL-001"]
        return configuration.sortedTypes.map { type in
            let code = type.code.rawValue
            let entries = type.approvals.map(\.rawValue)
            return Scenario(
                id: "CQ-\(code)",
                title:
                    "Under this repository's stet.yaml, a \(code) needs \(entries.isEmpty ? "no approval" : entries.joined(separator: " and "))"
                    + (configuration.authorMayApprove ? "" : ", and its author cannot approve it"),
                requirements: traced
            ) { scratch, log in
                guard let cast = cast(for: type, people: people) else {
                    log.check(
                        "choose distinct active people for the approvals of \(code)",
                        expected: "one person per entry, none of them the author",
                        actual: "roles/people.yaml has no such set of active people", false)
                    return
                }
                let id = "\(code)-VAL-001"
                func run(_ name: String, author: Person, approvals: [(entry: RoleID, person: Person)]) throws -> ReleaseRecord {
                    let repo = try ScenarioRepository(
                        in: scratch, name: name,
                        people: people.map { ScenarioPerson(id: $0.id.rawValue, name: $0.name, email: $0.email.rawValue, roles: []) })
                    repo.releaseBranch = configuration.releaseBranch
                    try repo.write("stet.yaml", source.stetYAML)
                    try repo.write("roles/roles.yaml", source.rolesYAML)
                    try repo.write("roles/people.yaml", source.peopleYAML)
                    try repo.write("roles/allowed_signers", repo.allowedSigners)
                    guard let admin = people.first(where: { person in configuration.adminRoles.contains(where: person.holds) }) else {
                        throw RequirementsError(description: "no active person holds an admin role, so no one can sign the configuration")
                    }
                    try repo.commit("Configuration", by: admin.id.rawValue)
                    try repo.branch("change")
                    try repo.write(
                        "\(configuration.documentsDir.rawValue)/\(id).md",
                        ScenarioRepository.document(id: id, type: code, revision: 1, owner: cast.owner.id.rawValue, body: "Scenario text."))
                    try repo.commit("\(id): revision 1", by: author.id.rawValue, on: "change")
                    for (_, person) in approvals { try repo.approve(id, revision: 1, by: person.id.rawValue, on: "change") }
                    try repo.merge("change", by: admin.id.rawValue)
                    return try repo.record()
                }
                let names = cast.approvers.map { "\($0.person.id) as \($0.entry)" }.joined(separator: ", ")
                var record = try run("cq-\(code.lowercased())-release", author: cast.author, approvals: cast.approvers)
                log.expect(
                    "\(cast.author.id) writes \(id) rev 1; approvals: \(names.isEmpty ? "none" : names)", "effective rev 1",
                    Outcome.status(id, in: record))
                log.expect("the record's findings", "none", Outcome.findings(record))
                guard let last = cast.approvers.last, let first = cast.approvers.first else { return }
                record = try run("cq-\(code.lowercased())-missing", author: cast.author, approvals: Array(cast.approvers.dropLast()))
                log.expect(
                    "the same without \(last.person.id)'s approval as \(last.entry)", "pending rev 1 (missing \(last.entry))",
                    Outcome.status(id, in: record))
                record = try run("cq-\(code.lowercased())-self", author: first.person, approvals: cast.approvers)
                if configuration.authorMayApprove {
                    log.expect(
                        "\(first.person.id) writes it and approves as \(first.entry) (author-may-approve: true)", "effective rev 1",
                        Outcome.status(id, in: record))
                } else {
                    log.expect(
                        "\(first.person.id) writes it and approves as \(first.entry)", "pending rev 1 (missing \(first.entry))",
                        Outcome.status(id, in: record))
                    log.check(
                        "the record's findings", expected: "includes self-approval (error)", actual: Outcome.findings(record),
                        Outcome.has(.selfApproval, in: record))
                }
            }
        }
    }
}
