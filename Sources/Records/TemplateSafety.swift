/// Rules that keep a repository's portal templates (`site-templates/*.mustache`) safe to render:
/// a template that includes itself (directly or through other templates) would recurse until the
/// renderer's stack overflows, a delimiter change hides tags from this scan, and deeply nested
/// sections exhaust the parser's stack. Checked when the configuration is read, so `verify` refuses
/// such a configuration at the commit that brought it, and again when the theme is loaded.
public enum TemplateSafety {
    /// The templates the portal renders (`NAME.mustache`); other files in `site-templates/` are not used.
    public static let templateNames = [
        "head", "banner", "footer", "register", "document", "redline", "history", "reviews", "search", "training", "deviations",
        "authority", "sites",
    ]
    /// The partials each built-in template includes (a test keeps this equal to the built-in theme).
    public static let builtInPartials: [String: Set<String>] = {
        var partials: [String: Set<String>] = [:]
        for name in templateNames {
            partials[name] = ["head", "banner", "footer"].contains(name) ? [] : ["head", "banner", "footer"]
        }
        return partials
    }()
    /// The deepest nesting of sections (`{{#…}}`, `{{^…}}`, `{{$…}}`, `{{<…}}`) a template may have.
    public static let maximumNesting = 32
    /// The largest template, in bytes.
    public static let maximumBytes = 1024 * 1024

    /// What one template includes, or the problem that makes it unusable.
    public struct Scan: Sendable, Equatable {
        /// Names of the partials the template includes (`{{>name}}`, `{{<name}}`).
        public var partials: Set<String> = []
        /// The first problem, with its 1-based line.
        public var problem: (line: Int, message: String)?

        public static func == (lhs: Scan, rhs: Scan) -> Bool {
            lhs.partials == rhs.partials && lhs.problem?.line == rhs.problem?.line && lhs.problem?.message == rhs.problem?.message
        }
    }

    /// Scans one template for the tags this renderer must not meet.
    public static func scan(_ text: String) -> Scan {
        var scan = Scan()
        let bytes = Array(text.utf8)
        guard bytes.count <= maximumBytes else {
            scan.problem = (1, "is \(bytes.count) bytes, more than the limit of \(maximumBytes)")
            return scan
        }
        let open = UInt8(ascii: "{")
        let close = UInt8(ascii: "}")
        let newline = UInt8(ascii: "\n")
        var line = 1
        var depth = 0
        var index = 0
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        while index < bytes.count {
            if bytes[index] == newline { line += 1 }
            guard bytes[index] == open, index + 1 < bytes.count, bytes[index + 1] == open else {
                index += 1
                continue
            }
            let tagLine = line
            var cursor = index + 2
            while cursor < bytes.count, isSpace(bytes[cursor]) {
                if bytes[cursor] == newline { line += 1 }
                cursor += 1
            }
            guard cursor < bytes.count else { break }
            let sigil = bytes[cursor]
            // The tag's content, up to the closing `}}`.
            var end = cursor
            while end + 1 < bytes.count, !(bytes[end] == close && bytes[end + 1] == close) {
                if bytes[end] == newline { line += 1 }
                end += 1
            }
            let content = String(decoding: bytes[(cursor + 1)..<max(end, cursor + 1)], as: UTF8.self)
            var name = Substring(content)
            while let first = name.first, first.isWhitespace { name = name.dropFirst() }
            while let last = name.last, last.isWhitespace || last == "}" { name = name.dropLast() }
            switch sigil {
            case UInt8(ascii: "="):
                scan.problem = (
                    tagLine,
                    "changes the tag delimiters ({{=…=}}), which stet refuses so that it can check every tag; keep the standard {{ }} delimiters"
                )
                return scan
            case UInt8(ascii: "%"):
                scan.problem = (tagLine, "uses a pragma ({{%…}}), which stet refuses; remove it")
                return scan
            case UInt8(ascii: ">"), UInt8(ascii: "<"):
                if name.hasPrefix("*") {
                    scan.problem = (
                        tagLine,
                        "includes a partial chosen by a value ({{>*\(name.dropFirst())}}), which stet refuses because it cannot check where it leads; name the partial"
                    )
                    return scan
                }
                scan.partials.insert(String(name))
                if sigil == UInt8(ascii: "<") { depth += 1 }
            case UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "$"):
                depth += 1
            case UInt8(ascii: "/"):
                depth -= 1
            default:
                break
            }
            if depth > maximumNesting {
                scan.problem = (tagLine, "nests sections more than \(maximumNesting) deep; flatten it")
                return scan
            }
            index = end + 2
        }
        return scan
    }

    /// A cycle of partials among `partials` (template name → names it includes), as the names along
    /// it (first and last equal), or nil. Names that are not templates are leaves (they render empty).
    public static func cycle(in partials: [String: Set<String>]) -> [String]? {
        var state: [String: Int] = [:]  // 1: on the current path, 2: done
        var path: [String] = []
        func visit(_ name: String) -> [String]? {
            if state[name] == 2 { return nil }
            if state[name] == 1 {
                let start = path.firstIndex(of: name) ?? 0
                return Array(path[start...]) + [name]
            }
            guard let next = partials[name] else { return nil }
            state[name] = 1
            path.append(name)
            for child in next.sorted() {
                if let found = visit(child) { return found }
            }
            path.removeLast()
            state[name] = 2
            return nil
        }
        for name in partials.keys.sorted() {
            if let found = visit(name) { return found }
        }
        return nil
    }

    /// The problems of a set of overriding templates (`name` → text, names without `.mustache`),
    /// the others being built in, as (template name, line, message).
    public static func problems(overrides: [String: String]) -> [(name: String, line: Int?, message: String)] {
        var problems: [(name: String, line: Int?, message: String)] = []
        var partials = builtInPartials
        for (name, text) in overrides.sorted(by: { $0.key < $1.key }) {
            let scan = scan(text)
            if let problem = scan.problem {
                problems.append((name, problem.line, problem.message))
            }
            partials[name] = scan.partials
        }
        if problems.isEmpty, let cycle = cycle(in: partials) {
            let first = cycle.first { overrides[$0] != nil } ?? cycle[0]
            problems.append(
                (
                    first, nil,
                    "includes itself through its partials (\(cycle.joined(separator: " → "))), so it would never finish rendering; remove the {{>…}} tag that closes the loop"
                )
            )
        }
        return problems
    }
}
