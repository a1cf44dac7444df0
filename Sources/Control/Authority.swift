import Foundation
import Records
import Repository
import Signatures

/// Who held which authority when: what each configuration release changed (PRODUCT.md §7.5, §9 "authority history").
public enum AuthorityHistory {
    /// One configuration release and what it gained or lost against the one before.
    public struct Step: Sendable {
        public var release: ConfigurationRelease
        /// Lines like "Alice Author (alice) gained the role qa-approver"; for the root of trust, everything it grants.
        public var changes: [String]
        /// Each role with the active people holding it from this release on, sorted.
        public var holders: [(role: String, people: [String])]
    }

    /// Every configuration release of `record`, oldest first.
    public static func steps(of record: ReleaseRecord) -> [Step] {
        var previous: RecordSet?
        var steps: [Step] = []
        for release in record.configurations {
            steps.append(
                Step(release: release, changes: changes(from: previous, to: release.records), holders: holders(in: release.records)))
            previous = release.records
        }
        return steps
    }

    /// What `new` grants or withdraws compared with `old` (everything it grants when `old` is nil).
    public static func changes(from old: RecordSet?, to new: RecordSet) -> [String] {
        var lines: [String] = []
        let oldPeople = old?.people ?? [:]
        func label(_ person: Person) -> String { "\(person.name) (\(person.id))" }
        for person in new.sortedPeople {
            guard let before = oldPeople[person.id] else {
                let roles = person.roles.map(\.rawValue).joined(separator: ", ")
                lines.append(
                    "\(label(person)) added, \(person.email.rawValue)\(roles.isEmpty ? ", no roles" : ", roles \(roles)")\(person.site.map { ", site \($0.rawValue)" } ?? "")\(person.active ? "" : ", inactive")"
                )
                continue
            }
            for role in person.roles where !before.roles.contains(role) { lines.append("\(label(person)) gained the role \(role)") }
            for role in before.roles where !person.roles.contains(role) { lines.append("\(label(person)) lost the role \(role)") }
            if before.active != person.active {
                lines.append(
                    "\(label(person)) \(person.active ? "is active again" : "is no longer active (left): keeps history, signs nothing new")"
                )
            }
            if before.email != person.email { lines.append("\(label(person)) e-mail \(before.email.rawValue) → \(person.email.rawValue)") }
            if before.name != person.name { lines.append("\(person.id) printed name \(before.name) → \(person.name)") }
            if before.site != person.site {
                lines.append("\(label(person)) site \(before.site?.rawValue ?? "none") → \(person.site?.rawValue ?? "none")")
            }
        }
        for person in oldPeople.values.sorted(by: { $0.id < $1.id }) where new.people[person.id] == nil {
            lines.append("\(label(person)) removed from roles/people.yaml")
        }
        // Keys, by the person whose e-mail they are enrolled for.
        let oldKeys = keys(of: old)
        let newKeys = keys(of: new)
        func owner(_ email: String, in records: RecordSet?) -> String {
            records?.people.values.first { $0.email.rawValue == email }.map(label) ?? email
        }
        for (key, email) in newKeys.sorted(by: { ($0.value, $0.key) < ($1.value, $1.key) }) where oldKeys[key] != email {
            lines.append("key \(key) enrolled for \(owner(email, in: new))")
        }
        for (key, email) in oldKeys.sorted(by: { ($0.value, $0.key) < ($1.value, $1.key) }) where newKeys[key] != email {
            lines.append("key \(key) withdrawn from \(owner(email, in: old))")
        }
        let oldRevoked = Set((old?.revoked ?? []).map(revokedName))
        for name in Set(new.revoked.map(revokedName)).subtracting(oldRevoked).sorted() {
            lines.append("key \(name) revoked (roles/revoked_keys)")
        }
        // Roles, admin roles and document types.
        let oldRoles = Set((old?.roles ?? [:]).keys)
        for role in Set(new.roles.keys).subtracting(oldRoles).sorted() { lines.append("role \(role) defined") }
        for role in oldRoles.subtracting(new.roles.keys).sorted() { lines.append("role \(role) removed") }
        let oldAdmin = old?.configuration.adminRoles ?? []
        if oldAdmin != new.configuration.adminRoles {
            lines.append("admin-roles: \(new.configuration.adminRoles.map(\.rawValue).joined(separator: ", "))")
        }
        let oldTypes = old?.configuration.types ?? [:]
        for type in new.configuration.sortedTypes {
            let approvals = zip(type.approvals.indices, type.approvals).map { index, role in
                type.meaning(ofEntry: index) == "Approved" ? role.rawValue : "\(role) (\(type.meaning(ofEntry: index)))"
            }.joined(separator: ", ")
            if let before = oldTypes[type.code] {
                if before.approvals != type.approvals || before.approvalMeanings != type.approvalMeanings {
                    lines.append("type \(type.code) now needs approvals by \(approvals)")
                }
            } else {
                lines.append("type \(type.code) (\(type.name)) defined, approvals by \(approvals)")
            }
        }
        for code in Set(oldTypes.keys).subtracting(new.configuration.types.keys).sorted() { lines.append("type \(code) removed") }
        if let old, old.configuration.authorMayApprove != new.configuration.authorMayApprove {
            lines.append("author-may-approve: \(new.configuration.authorMayApprove)")
        }
        if let old, old.configuration.requireSignedCommits != new.configuration.requireSignedCommits {
            lines.append("require-signed-commits: \(new.configuration.requireSignedCommits)")
        }
        return lines
    }

    /// Each defined role (and the admin roles) with its active holders' printed names.
    static func holders(in records: RecordSet) -> [(role: String, people: [String])] {
        records.roles.keys.sorted().map { role in
            (role.rawValue, records.sortedPeople.filter { $0.active && $0.holds(role) }.map { "\($0.name) (\($0.id))" })
        }
    }

    /// Enrolled keys by fingerprint: SSH keys of `allowed_signers` and OpenPGP certificates of `roles/keys/`.
    static func keys(of records: RecordSet?) -> [String: String] {
        var keys: [String: String] = [:]
        for signer in records?.signers ?? [] {
            for principal in signer.principals { keys[signer.key.fingerprint] = principal.lowercased() }
        }
        for certificate in records?.openPGP ?? [] {
            if let email = certificate.emails.first { keys["OpenPGP " + certificate.primary.fingerprint] = email.lowercased() }
        }
        return keys
    }

    static func revokedName(_ key: RevokedKey) -> String {
        switch key {
        case .ssh(let key, _): return key.fingerprint
        case .openPGP(let fingerprint, _): return "OpenPGP " + fingerprint
        }
    }
}
