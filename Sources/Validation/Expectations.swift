import Foundation
import Yams

/// What an organisation intends its configuration to do, in plain terms (validation/expectations.yaml).
/// `stet validate` checks the repository's stet.yaml and documents against it; a difference fails, naming the rule.
public struct Expectations: Sendable {
    public static let path = "validation/expectations.yaml"

    /// One approval entry: a role (or `owner`) and the meaning its signature must carry.
    public struct Entry: Sendable, Hashable, Comparable {
        public var role: String
        public var meaning: String
        public var description: String { meaning == "Approved" ? role : "\(role) (\(meaning))" }
        public static func < (lhs: Entry, rhs: Entry) -> Bool { lhs.description < rhs.description }
    }

    public struct TypeExpectation: Sendable {
        public var approvals: [Entry]?
        /// Roles every document of the type must train (at least).
        public var trainingRoles: [String]?
        public var reviewMonths: Int?
        public var trainingDueDays: Int?
        public var line: Int
    }

    public var authorMayApprove: Bool?
    public var requireSignedCommits: Bool?
    public var adminRoles: [String]?
    public var types: [(code: String, expectation: TypeExpectation)]

    public struct ParseError: Error, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "\(Expectations.path):\(line): \(message)" }
    }

    /// Decodes the file; an unknown key is an error, so that a typo never silently drops a check.
    public static func decode(_ text: String) throws(ParseError) -> Expectations {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw ParseError(line: 1, message: "is not valid YAML: \(error)")
        }
        guard let root, let map = root.mapping else {
            throw ParseError(line: 1, message: "must be a mapping with author-may-approve, admin-roles and types")
        }
        var result = Expectations(types: [])
        for (key, value) in map {
            let line = key.mark?.line ?? 1
            switch key.string {
            case "author-may-approve": result.authorMayApprove = try boolean(value, key: "author-may-approve")
            case "require-signed-commits": result.requireSignedCommits = try boolean(value, key: "require-signed-commits")
            case "admin-roles": result.adminRoles = try strings(value, key: "admin-roles")
            case "types":
                guard let types = value.mapping else {
                    throw ParseError(line: line, message: "'types' must map type codes to expectations")
                }
                for (code, body) in types {
                    result.types.append(
                        (code.string ?? "", try typeExpectation(body, code: code.string ?? "", line: code.mark?.line ?? 1)))
                }
            default:
                throw ParseError(
                    line: line,
                    message:
                        "unknown key '\(key.string ?? "")'; the keys are author-may-approve, require-signed-commits, admin-roles and types")
            }
        }
        return result
    }

    private static func typeExpectation(_ node: Node, code: String, line: Int) throws(ParseError) -> TypeExpectation {
        guard let map = node.mapping else { throw ParseError(line: line, message: "type \(code) must be a mapping") }
        var result = TypeExpectation(line: line)
        for (key, value) in map {
            let keyLine = key.mark?.line ?? 1
            switch key.string {
            case "approvals":
                guard let sequence = value.sequence else {
                    throw ParseError(line: keyLine, message: "approvals of type \(code) must be a list like [owner, qa-approver]")
                }
                var entries: [Entry] = []
                for item in sequence {
                    if let role = item.scalar?.string {
                        entries.append(Entry(role: role, meaning: "Approved"))
                    } else if let entry = item.mapping, let role = entry["role"]?.string,
                        Set(entry.keys.compactMap(\.string)).isSubset(of: ["role", "meaning"])
                    {
                        let meaning = entry["meaning"]?.string ?? "Approved"
                        guard meaning == "Approved" || meaning == "Reviewed" else {
                            throw ParseError(line: keyLine, message: "a meaning is Approved or Reviewed, not '\(meaning)'")
                        }
                        entries.append(Entry(role: role, meaning: meaning))
                    } else {
                        throw ParseError(line: keyLine, message: "an approval entry is a role, or {role: R, meaning: Approved|Reviewed}")
                    }
                }
                result.approvals = entries
            case "training-roles": result.trainingRoles = try strings(value, key: "training-roles of type \(code)")
            case "review-months": result.reviewMonths = try integer(value, key: "review-months of type \(code)")
            case "training-due-days": result.trainingDueDays = try integer(value, key: "training-due-days of type \(code)")
            default:
                throw ParseError(
                    line: keyLine,
                    message:
                        "unknown key '\(key.string ?? "")' in type \(code); the keys are approvals, training-roles, review-months and training-due-days"
                )
            }
        }
        return result
    }

    private static func boolean(_ node: Node, key: String) throws(ParseError) -> Bool {
        switch node.scalar?.string {
        case "true": return true
        case "false": return false
        default: throw ParseError(line: node.mark?.line ?? 1, message: "'\(key)' must be true or false")
        }
    }

    private static func integer(_ node: Node, key: String) throws(ParseError) -> Int {
        guard let text = node.scalar?.string, let value = Int(text), value >= 0 else {
            throw ParseError(line: node.mark?.line ?? 1, message: "'\(key)' must be a whole number")
        }
        return value
    }

    private static func strings(_ node: Node, key: String) throws(ParseError) -> [String] {
        guard let sequence = node.sequence else {
            throw ParseError(line: node.mark?.line ?? 1, message: "'\(key)' must be a list like [qms-admin]")
        }
        return try sequence.map { item throws(ParseError) in
            guard let text = item.scalar?.string else {
                throw ParseError(line: item.mark?.line ?? 1, message: "'\(key)' must list role ids")
            }
            return text
        }
    }
}
