/// A problem found while decoding a record into typed fields.
public struct FieldProblem: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// A field has the wrong type or value, or a required one is missing.
        case invalid
        /// A key the format does not define.
        case unknownField
    }
    public var kind: Kind
    public var line: Int
    public var message: String

    public init(kind: Kind, line: Int, message: String) {
        self.kind = kind
        self.line = line
        self.message = message
    }
}

/// Collects the problems of one record, in the order they are found.
public final class ProblemLog {
    public private(set) var problems: [FieldProblem] = []
    public init() {}
    public func invalid(_ line: Int, _ message: String) { problems.append(FieldProblem(kind: .invalid, line: line, message: message)) }
    public func unknown(_ line: Int, _ message: String) { problems.append(FieldProblem(kind: .unknownField, line: line, message: message)) }
    public var isEmpty: Bool { problems.isEmpty }
}

/// Decodes a YAML mapping into typed fields, strictly: each field has one
/// type, no implicit conversions, and keys nobody asked for are reported by
/// `finish()` as unknown fields.
public final class MappingReader {
    public let line: Int
    /// How the mapping is named in messages ("front matter", "type SOP").
    public let context: String
    let entries: [String: YAMLEntry]
    let order: [String]
    let log: ProblemLog
    private var known: [String] = []
    private var knownSet: Set<String> = []

    public init(_ node: YAMLNode, context: String, log: ProblemLog) {
        self.context = context
        self.log = log
        self.line = node.line
        if case .mapping(let list, _) = node {
            entries = Dictionary(list.map { ($0.key.string, $0) }, uniquingKeysWith: { first, _ in first })
            order = list.map(\.key.string)
        } else {
            entries = [:]
            order = []
            log.invalid(node.line, "\(context) must be a mapping of 'key: value' lines, not \(node.kindDescription)")
        }
    }

    /// The keys present, in file order.
    public var keys: [String] { order }

    /// The line of a key, or of the mapping when the key is absent.
    public func line(of key: String) -> Int { entries[key]?.key.line ?? line }

    public func has(_ key: String) -> Bool { entries[key] != nil }

    func node(_ key: String, required: Bool) -> YAMLNode? {
        known.append(key)
        knownSet.insert(key)
        guard let entry = entries[key] else {
            if required { log.invalid(line, "\(context) is missing the required field '\(key)'") }
            return nil
        }
        if case .scalar(let scalar) = entry.value, scalar.isNull {
            if required { log.invalid(entry.key.line, "'\(key)' in \(context) is empty; give it a value") }
            return nil
        }
        return entry.value
    }

    private func scalar(_ key: String, required: Bool, expecting: String) -> YAMLScalar? {
        guard let node = node(key, required: required) else { return nil }
        guard case .scalar(let scalar) = node else {
            log.invalid(node.line, "'\(key)' in \(context) must be \(expecting), not \(node.kindDescription)")
            return nil
        }
        return scalar
    }

    /// Any text, exactly as written (`NO` stays "NO", `1.10` stays "1.10").
    public func string(_ key: String, required: Bool = false) -> String? {
        scalar(key, required: required, expecting: "text")?.string
    }

    /// One line of human-readable text: no control or bidirectional characters.
    public func displayText(_ key: String, required: Bool = false) -> String? {
        guard let scalar = scalar(key, required: required, expecting: "text") else { return nil }
        if let problem = TextSafety.problem(inDisplayText: scalar.string) {
            log.invalid(scalar.line, "'\(key)' in \(context) \(problem)")
            return nil
        }
        return scalar.string
    }

    /// An unquoted decimal integer within `range`.
    public func integer(_ key: String, required: Bool = false, in range: ClosedRange<Int>) -> Int? {
        guard let scalar = scalar(key, required: required, expecting: "a whole number") else { return nil }
        return Self.integer(scalar, name: "'\(key)' in \(context)", in: range, log: log)
    }

    static func integer(_ scalar: YAMLScalar, name: String, in range: ClosedRange<Int>, log: ProblemLog) -> Int? {
        let text = scalar.string
        guard scalar.isPlain, !text.isEmpty, text.utf8.count <= 9, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            !(text.hasPrefix("0") && text.count > 1), let value = Int(text)
        else {
            let digits = !text.isEmpty && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
            if digits && !scalar.isPlain {
                log.invalid(scalar.line, "\(name) must be a whole number written without quotes (like \(text)), not '\(text)' in quotes")
            } else if digits && text.hasPrefix("0") && text.count > 1, let value = Int(text), value > 0 {
                log.invalid(scalar.line, "\(name) must be a whole number without leading zeros: write \(value), not \(text)")
            } else {
                log.invalid(scalar.line, "\(name) must be a whole number written without quotes (like 3), not '\(text)'")
            }
            return nil
        }
        guard range.contains(value) else {
            log.invalid(scalar.line, "\(name) must be between \(range.lowerBound) and \(range.upperBound), not \(value)")
            return nil
        }
        return value
    }

    /// `true` or `false`, unquoted (YAML 1.2: `yes`, `no`, `on` are not booleans).
    public func boolean(_ key: String, required: Bool = false) -> Bool? {
        guard let scalar = scalar(key, required: required, expecting: "true or false") else { return nil }
        switch (scalar.isPlain, scalar.string) {
        case (true, "true"): return true
        case (true, "false"): return false
        default:
            log.invalid(scalar.line, "'\(key)' in \(context) must be true or false, not '\(scalar.string)'")
            return nil
        }
    }

    /// A real calendar date written `YYYY-MM-DD`.
    public func date(_ key: String, required: Bool = false) -> CalendarDate? {
        guard let scalar = scalar(key, required: required, expecting: "a date (YYYY-MM-DD)") else { return nil }
        guard let date = CalendarDate(scalar.string) else {
            log.invalid(scalar.line, "'\(key)' in \(context) must be a real date written YYYY-MM-DD, not '\(scalar.string)'")
            return nil
        }
        return date
    }

    /// A list of single values, written `[a, b]` or as `- a` lines.
    public func list(_ key: String, required: Bool = false) -> [YAMLScalar]? {
        guard let node = node(key, required: required) else { return nil }
        guard case .sequence(let items, _) = node else {
            log.invalid(node.line, "'\(key)' in \(context) must be a list like [a, b], not \(node.kindDescription)")
            return nil
        }
        var scalars: [YAMLScalar] = []
        for item in items {
            guard case .scalar(let scalar) = item, !scalar.isNull else {
                log.invalid(item.line, "each entry of '\(key)' in \(context) must be a single value")
                continue
            }
            scalars.append(scalar)
        }
        return scalars
    }

    /// A list of validated identifiers; invalid entries are reported.
    public func identifiers<ID: ValidatedIdentifier>(_ key: String, as type: ID.Type, what: String, required: Bool = false) -> [(ID, Int)]?
    {
        guard let scalars = list(key, required: required) else { return nil }
        var result: [(ID, Int)] = []
        for scalar in scalars {
            if let id = ID(scalar.string) {
                result.append((id, scalar.line))
            } else {
                log.invalid(scalar.line, "'\(scalar.string)' in '\(key)' is not a valid \(what)")
            }
        }
        return result
    }

    /// A nested mapping.
    public func mapping(_ key: String, required: Bool = false, context nested: String? = nil) -> MappingReader? {
        guard let node = node(key, required: required) else { return nil }
        guard case .mapping = node else {
            log.invalid(node.line, "'\(key)' in \(context) must be a mapping of 'key: value' lines, not \(node.kindDescription)")
            return nil
        }
        return MappingReader(node, context: nested ?? "'\(key)' in \(context)", log: log)
    }

    /// The value of `key` as a raw node (for mappings keyed by ids).
    public func rawNode(_ key: String) -> YAMLNode? {
        known.append(key)
        knownSet.insert(key)
        return entries[key]?.value
    }

    /// The value of a key the caller keeps without a fixed type (`x-` fields):
    /// not reported as unknown, not listed among the allowed fields.
    public func extensionNode(_ key: String) -> YAMLNode? {
        knownSet.insert(key)
        return entries[key]?.value
    }

    /// Reports every key that no accessor asked for as an unknown field.
    /// The list of allowed fields is given once, with the first unknown field;
    /// the others point back to it. `foreignHint`, when given, is added to a
    /// field that is not a likely typo (a way to keep another system's fields).
    public func finish(foreignHint: ((String) -> String)? = nil) {
        var firstLine: Int?
        for key in order where !knownSet.contains(key) {
            let line = entries[key]!.key.line
            let typo = closest(to: key, among: known)
            let suggestion = typo.map { " (did you mean '\($0)'?)" } ?? (foreignHint.map { "; \($0(key))" } ?? "")
            if let firstLine {
                log.unknown(line, "'\(key)' is not a field of \(context)\(suggestion); see line \(firstLine) for the allowed fields")
            } else {
                firstLine = line
                log.unknown(
                    line, "'\(key)' is not a field of \(context)\(suggestion); allowed fields are: \(known.joined(separator: ", "))")
            }
        }
    }
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
public func closest(to word: String, among candidates: [String]) -> String? {
    let scored = candidates.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }
    guard let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }) else { return nil }
    return best.1 <= max(2, word.count / 3) ? best.0 : nil
}

/// Edits between two words, a swap of two neighbouring letters counting as one ("titel" is one from "title").
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var beforePrevious = Array(repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                current[j] = min(current[j], beforePrevious[j - 2] + 1)
            }
        }
        beforePrevious = previous
        previous = current
    }
    return previous[b.count]
}
