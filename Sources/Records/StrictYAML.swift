import Foundation
import Yams

/// A YAML problem at a line of the file it was read from.
public struct YAMLProblem: Error, Hashable, Sendable {
    public var line: Int
    public var message: String
}

/// A scalar as written: its text, whether it was plain (unquoted) and where it stands.
public struct YAMLScalar: Hashable, Sendable {
    public var string: String
    public var isPlain: Bool
    public var line: Int

    /// A plain `~`, `null`, `Null`, `NULL` or empty scalar (YAML 1.2 core schema).
    public var isNull: Bool { isPlain && ["", "~", "null", "Null", "NULL"].contains(string) }
}

/// A node of a document read by `StrictYAML`: only scalars, sequences and
/// mappings with scalar keys; every node knows its line.
public indirect enum YAMLNode: Hashable, Sendable {
    case scalar(YAMLScalar)
    case sequence([YAMLNode], line: Int)
    case mapping([YAMLEntry], line: Int)

    public var line: Int {
        switch self {
        case .scalar(let s): return s.line
        case .sequence(_, let line), .mapping(_, let line): return line
        }
    }

    /// A short name of the node's kind for messages ("a list", "a mapping", "a value").
    public var kindDescription: String {
        switch self {
        case .scalar: return "a single value"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

public struct YAMLEntry: Hashable, Sendable {
    public var key: YAMLScalar
    public var value: YAMLNode
}

/// Reads YAML the way a controlled record must be read: one document, no
/// anchors, aliases, merge keys or tags, no duplicate keys, bounded size and
/// nesting, and no implicit typing (scalars stay text until a typed reader
/// decides what they are: `NO` stays "NO", `1.10` stays "1.10").
public enum StrictYAML {
    public static let maximumDepth = 24

    /// Parses `text`; `firstLine` is the file line of `text`'s first line (for
    /// front matter, which starts after the opening `---`). Returns nil for an
    /// empty document.
    public static func parse(_ text: String, firstLine: Int = 1, maximumBytes: Int) throws(YAMLProblem) -> YAMLNode? {
        let offset = firstLine - 1
        guard text.utf8.count <= maximumBytes else {
            throw YAMLProblem(line: firstLine, message: "is \(text.utf8.count) bytes, more than the limit of \(maximumBytes) bytes")
        }
        if let scalarIndex = text.unicodeScalars.firstIndex(where: { $0.value == 0 }) {
            let line = text.unicodeScalars[..<scalarIndex].filter { $0 == "\n" }.count + 1
            throw YAMLProblem(line: line + offset, message: "contains a NUL character; save it as plain UTF-8 text")
        }
        // YAML also breaks lines at NEL, LS and PS; line numbers and the checks
        // on the source text assume LF only, so these are refused.
        var lineNumber = 1
        for scalar in text.unicodeScalars {
            if scalar == "\n" { lineNumber += 1 }
            if scalar == "\r" || scalar.value == 0x85 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                throw YAMLProblem(
                    line: lineNumber + offset,
                    message:
                        "contains the line-break character U+\(String(scalar.value, radix: 16, uppercase: true)); use plain LF line endings"
                )
            }
        }
        if let directive = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex(where: { $0.hasPrefix("%") }) {
            throw YAMLProblem(line: directive + 1 + offset, message: "uses a YAML directive (%); remove it")
        }
        if let (line, depth) = excessiveNesting(in: text) {
            throw YAMLProblem(line: line + offset, message: "is nested \(depth) levels deep, more than the limit of \(maximumDepth)")
        }
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        do {
            let parser = try Parser(yaml: text)
            guard let root = try parser.singleRoot() else { return nil }
            // The parser keeps anchors alive; convert while it exists.
            return try withExtendedLifetime(parser) {
                try convert(root, lines: lines, offset: offset, depth: 0)
            }
        } catch let problem as YAMLProblem {
            throw problem
        } catch let error as YamlError {
            throw problem(from: error, offset: offset, lines: lines)
        } catch {
            throw YAMLProblem(line: firstLine, message: "could not be read as YAML: \(error)")
        }
    }

    // MARK: - Conversion

    private static func convert(_ node: Node, lines: [[Unicode.Scalar]], offset: Int, depth: Int) throws -> YAMLNode {
        let markLine = node.mark?.line ?? 1
        let markColumn = node.mark?.column ?? 1
        let line = markLine + offset
        guard depth <= maximumDepth else {
            throw YAMLProblem(line: line, message: "is nested more than \(maximumDepth) levels deep")
        }
        if node.anchor != nil {
            throw YAMLProblem(line: line, message: "uses a YAML anchor (&) or alias (*); write the value out in full instead")
        }
        switch indicator(line: markLine, column: markColumn, in: lines) {
        case "&", "*":
            throw YAMLProblem(line: line, message: "uses a YAML anchor (&) or alias (*); write the value out in full instead")
        case "!":
            throw YAMLProblem(line: line, message: "uses a YAML tag (!); remove it, the field's type is fixed")
        default:
            break
        }
        switch node {
        case .scalar(let scalar):
            if scalar.tag.description == "tag:yaml.org,2002:merge" || (scalar.string == "<<" && scalar.style == .plain) {
                throw YAMLProblem(line: line, message: "uses a YAML merge key (<<); write the fields out in full instead")
            }
            // Plain scalars' tags are resolved by the parser (hashing keys for the
            // duplicate check fills them in); explicit tags on them are caught by
            // the `!` check above. Quoted scalars carry `str` unless tagged.
            if scalar.style != .plain && !["", "tag:yaml.org,2002:str"].contains(scalar.tag.description) {
                throw YAMLProblem(line: line, message: "uses a YAML tag (\(scalar.tag.description)); remove it, the field's type is fixed")
            }
            return .scalar(YAMLScalar(string: scalar.string, isPlain: scalar.style == .plain, line: line))
        case .sequence(let sequence):
            if !["", "tag:yaml.org,2002:seq"].contains(sequence.tag.description) {
                throw YAMLProblem(line: line, message: "uses a YAML tag (\(sequence.tag.description)); remove it")
            }
            return .sequence(try sequence.map { try convert($0, lines: lines, offset: offset, depth: depth + 1) }, line: line)
        case .mapping(let mapping):
            if !["", "tag:yaml.org,2002:map"].contains(mapping.tag.description) {
                throw YAMLProblem(line: line, message: "uses a YAML tag (\(mapping.tag.description)); remove it")
            }
            var entries: [YAMLEntry] = []
            var seen: [String: Int] = [:]
            for (keyNode, valueNode) in mapping {
                guard case .scalar = keyNode else {
                    throw YAMLProblem(
                        line: (keyNode.mark?.line ?? 1) + offset, message: "has a key that is not a plain name; keys must be simple words")
                }
                guard case .scalar(let key) = try convert(keyNode, lines: lines, offset: offset, depth: depth + 1) else {
                    preconditionFailure("a scalar converts to a scalar")
                }
                if key.string == "<<" && key.isPlain {
                    throw YAMLProblem(line: key.line, message: "uses a YAML merge key (<<); write the fields out in full instead")
                }
                if let first = seen[key.string] {
                    throw YAMLProblem(line: key.line, message: "repeats the key '\(key.string)' (first at line \(first)); keep one")
                }
                seen[key.string] = key.line
                entries.append(YAMLEntry(key: key, value: try convert(valueNode, lines: lines, offset: offset, depth: depth + 1)))
            }
            return .mapping(entries, line: line)
        case .alias:
            throw YAMLProblem(line: line, message: "uses a YAML alias (*); write the value out in full instead")
        }
    }

    /// The character at a node's start: `&`, `*` or `!` when the node carries a
    /// property. Checked on the source text because the parser resolves aliases
    /// and reports `!!str` like a quoted scalar.
    private static func indicator(line: Int, column: Int, in lines: [[Unicode.Scalar]]) -> Character? {
        let lineIndex = line - 1
        let columnIndex = column - 1
        guard lines.indices.contains(lineIndex), lines[lineIndex].indices.contains(columnIndex) else { return nil }
        return Character(lines[lineIndex][columnIndex])
    }

    private static func problem(from error: YamlError, offset: Int, lines: [[Unicode.Scalar]]) -> YAMLProblem {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let text = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            let line = mark.line + offset
            if problem.contains("another document") {
                return YAMLProblem(line: line, message: "holds a second YAML document (a '---' line); keep a single document")
            }
            // A tab in the indentation: libyaml reports it as a token it cannot start, often on a later line.
            if let tabbed = lines.indices.prefix(mark.line).first(where: { lines[$0].prefix { $0 == " " || $0 == "\t" }.contains("\t") }) {
                return YAMLProblem(
                    line: tabbed + 1 + offset,
                    message:
                        "is indented with a tab at line \(tabbed + 1 + offset); YAML indents with spaces only: replace the tab with spaces")
            }
            // `title: Deviations: handling` — an unquoted value holding ': '.
            if problem.contains("mapping values are not allowed"), lines.indices.contains(mark.line - 1) {
                let source = String(String.UnicodeScalarView(lines[mark.line - 1]))
                let key = source.split(separator: ":", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                let value =
                    source.split(separator: ":", maxSplits: 1).dropFirst().first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                let quoted = "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
                return YAMLProblem(
                    line: line,
                    message:
                        "has a value containing ': ' at line \(line); put the whole value in double quotes: \(key.isEmpty ? "" : key + ": ")\(quoted)"
                )
            }
            return YAMLProblem(line: line, message: "is not valid YAML: \(text)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // The parser points at the first occurrence; name the repetition.
            let first = context.mark.line
            let key = duplicates.first ?? ""
            let indent = lines.indices.contains(first - 1) ? lines[first - 1].prefix { $0 == " " }.count : 0
            let repeated = lines.indices.dropFirst(first).first { index in
                let text = String(String.UnicodeScalarView(lines[index]))
                let body = text.dropFirst(indent)
                return text.prefix(indent).allSatisfy { $0 == " " } && !body.hasPrefix(" ")
                    && (body.hasPrefix(key + ":") || body.hasPrefix("\"" + key + "\":") || body.hasPrefix("'" + key + "':"))
            }
            return YAMLProblem(
                line: (repeated.map { $0 + 1 } ?? first) + offset,
                message: "repeats the key '\(duplicates.joined(separator: "', '"))' (first at line \(first + offset)); keep one")
        case .reader(let problem, _, _, _):
            return YAMLProblem(line: 1 + offset, message: "could not be read: \(problem)")
        default:
            return YAMLProblem(line: 1 + offset, message: "could not be read as YAML: \(error)")
        }
    }

    // MARK: - Nesting guard

    /// A cheap upper bound of the nesting depth, checked before the parser
    /// (which recurses) sees the text. Returns the first line where the bound
    /// exceeds the limit.
    static func excessiveNesting(in text: String) -> (line: Int, depth: Int)? {
        var flowDepth = 0
        var lineNumber = 0
        for rawLine in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let scalars = Array(rawLine)
            var index = 0
            var indent = 0
            while index < scalars.count, scalars[index] == " " { indent += 1; index += 1 }
            var indicators = 0
            var previous: Unicode.Scalar? = nil
            var quote: Unicode.Scalar? = nil
            while index < scalars.count {
                let c = scalars[index]
                if let open = quote {
                    if c == open {
                        if open == "'" && index + 1 < scalars.count && scalars[index + 1] == "'" {
                            index += 1
                        } else {
                            quote = nil
                        }
                    } else if c == "\\" && open == "\"" {
                        index += 1
                    }
                } else {
                    switch c {
                    case "\"", "'":
                        if previous == nil || previous.map({ "[{,:-?".unicodeScalars.contains($0) }) == true {
                            quote = c
                        }
                    case "[", "{": flowDepth += 1
                    case "]", "}": flowDepth = max(0, flowDepth - 1)
                    case "-", "?", ":":
                        if index + 1 == scalars.count || scalars[index + 1] == " " { indicators += 1 }
                    case "#":
                        if index == 0 || scalars[index - 1] == " " { index = scalars.count; continue }
                    default: break
                    }
                    if c != " " { previous = c }
                }
                let depth = flowDepth + indent + indicators
                if depth > maximumDepth * 4 || flowDepth > maximumDepth {
                    return (lineNumber, flowDepth > maximumDepth ? flowDepth : depth)
                }
                index += 1
            }
        }
        return nil
    }
}
