import Foundation
import Markdown
import Records

/// A redline of two revisions as a reader sees them (PRODUCT.md §9): the rendered blocks of both
/// compared in order (LCS on whole blocks), the words marked inside blocks that changed, the front
/// matter compared field by field, and long unchanged stretches folded.
public struct Redline: Sendable {
    /// One block of the comparison.
    public enum Entry: Hashable, Sendable {
        case same(MarkdownBlock)
        case deleted(MarkdownBlock)
        case inserted(MarkdownBlock)
        /// The same block edited: the words of its text (or of each cell of a table row) marked.
        case changed(old: MarkdownBlock, new: MarkdownBlock, words: [[WordDiff.Piece]])

        public var isSame: Bool {
            if case .same = self { return true }
            return false
        }

        /// The block shown (the new one, when there is one).
        public var block: MarkdownBlock {
            switch self {
            case .same(let block), .deleted(let block), .inserted(let block): return block
            case .changed(_, let new, _): return new
            }
        }
    }

    /// A front-matter field whose value differs; nil where the field is absent.
    public struct FieldChange: Hashable, Sendable, Codable {
        /// The field's path, nested fields joined by dots: `training.required`.
        public var field: String
        public var before: String?
        public var after: String?

        /// An absent value is written as `null`, never left out.
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(field, forKey: .field)
            try container.encode(before, forKey: .before)
            try container.encode(after, forKey: .after)
        }
    }

    public var entries: [Entry]
    public var fields: [FieldChange]

    /// Blocks kept visible next to each change.
    public static let context = 2
    /// The fewest unchanged blocks folded away (fewer are shown).
    public static let minimumFold = 3
    /// Two blocks of the same kind are shown as one edited block when at least this share of their words is common.
    static let similarity = 0.4

    /// Compares two revisions: Markdown bodies and front-matter texts (the lines between the `---`).
    /// A body beyond the Markdown limits cannot be rendered: nil.
    public static func compare(oldBody: String, newBody: String, oldFrontMatter: String, newFrontMatter: String) -> Redline? {
        guard let old = try? MarkdownDocument(oldBody), let new = try? MarkdownDocument(newBody) else { return nil }
        return Redline(
            entries: compare(old.blocks, new.blocks),
            fields: fieldChanges(oldFrontMatter, newFrontMatter))
    }

    /// Aligns two block sequences: whole blocks by LCS; within each run of changes between two
    /// unchanged blocks, a deleted and an inserted block of the same kind with enough words in
    /// common are paired as one edited block. A moved block stays deleted at its old place and
    /// inserted at its new one.
    public static func compare(_ old: [MarkdownBlock], _ new: [MarkdownBlock]) -> [Entry] {
        let pieces = WordDiff.sequenceDiff(old.map(\.key), new.map(\.key))
        var entries: [Entry] = []
        var oldIndex = 0
        var newIndex = 0
        var deleted: [MarkdownBlock] = []
        var inserted: [MarkdownBlock] = []
        func flush() {
            entries += paired(deleted, inserted)
            deleted = []
            inserted = []
        }
        for piece in pieces {
            switch piece {
            case .same:
                flush()
                entries.append(.same(new[newIndex]))
                oldIndex += 1
                newIndex += 1
            case .deleted:
                deleted.append(old[oldIndex])
                oldIndex += 1
            case .inserted:
                inserted.append(new[newIndex])
                newIndex += 1
            }
        }
        flush()
        return entries
    }

    /// Pairs deleted and inserted blocks in order (each pair keeps both sequences' order), then
    /// interleaves what is left where it stands.
    static func paired(_ deleted: [MarkdownBlock], _ inserted: [MarkdownBlock]) -> [Entry] {
        var partner: [Int: Int] = [:]
        var next = 0
        let insertedWords = inserted.map(Self.wordCounts)
        for (d, old) in deleted.enumerated() {
            // A bounded look-ahead keeps a rewritten document linear in its size.
            let window = inserted.indices.dropFirst(next).prefix(50)
            let oldWords = Self.wordCounts(old)
            if let match = window.first(where: {
                Self.sameKind(old, inserted[$0]) && Self.overlap(oldWords, insertedWords[$0]) >= similarity
            }) {
                partner[d] = match
                next = match + 1
            }
        }
        var entries: [Entry] = []
        var d = 0
        var i = 0
        while d < deleted.count || i < inserted.count {
            if d < deleted.count, partner[d] == nil {
                entries.append(.deleted(deleted[d]))
                d += 1
            } else if i < inserted.count, d >= deleted.count || partner[d] != i {
                entries.append(.inserted(inserted[i]))
                i += 1
            } else {
                entries.append(edited(deleted[d], inserted[i]))
                d += 1
                i += 1
            }
        }
        return entries
    }

    private static func edited(_ old: MarkdownBlock, _ new: MarkdownBlock) -> Entry {
        if !old.cells.isEmpty || !new.cells.isEmpty {
            guard old.cells.count == new.cells.count else {
                return .changed(old: old, new: new, words: [WordDiff.diff(old.words, new.words)])
            }
            return .changed(old: old, new: new, words: zip(old.cells, new.cells).map { WordDiff.diff($0, $1) })
        }
        return .changed(old: old, new: new, words: [WordDiff.diff(old.text, new.text)])
    }

    private static func sameKind(_ a: MarkdownBlock, _ b: MarkdownBlock) -> Bool {
        switch (a.kind, b.kind) {
        case (.heading, .heading), (.paragraph, .paragraph), (.listItem, .listItem), (.code, .code), (.html, .html):
            return true
        case (.tableRow(let x), .tableRow(let y)): return x == y && a.cells.count == b.cells.count
        default: return false
        }
    }

    /// A block's words with their counts, and how many there are.
    static func wordCounts(_ block: MarkdownBlock) -> (counts: [Substring: Int], total: Int) {
        var counts: [Substring: Int] = [:]
        var total = 0
        for word in block.words.split(whereSeparator: \.isWhitespace) {
            counts[word, default: 0] += 1
            total += 1
        }
        return (counts, total)
    }

    /// The share of words two blocks have in common (Dice's coefficient on word counts).
    static func overlap(_ a: (counts: [Substring: Int], total: Int), _ b: (counts: [Substring: Int], total: Int)) -> Double {
        guard a.total + b.total > 0 else { return 1 }
        var common = 0
        for (word, count) in a.counts { common += min(count, b.counts[word] ?? 0) }
        return 2 * Double(common) / Double(a.total + b.total)
    }

    // MARK: - Front matter

    /// The lines between a document's opening `---` and the next `---` (trailing white space and
    /// carriage returns allowed), with the file line of the first.
    public static func frontMatter(of document: String) -> String {
        let lines = document.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        func isFence(_ line: Substring) -> Bool { line.trimmingCharacters(in: .whitespaces) == "---" }
        guard let first = lines.first, isFence(first), let end = lines.dropFirst().firstIndex(where: isFence) else { return "" }
        return lines[1..<end].joined(separator: "\n") + "\n"
    }

    /// Every field whose value differs, nested fields as `training.required`, in the order of the
    /// new front matter (removed fields where they stood in the old one).
    public static func fieldChanges(_ old: String, _ new: String) -> [FieldChange] {
        let before = flatten(old)
        let after = flatten(new)
        let afterValues = Dictionary(after, uniquingKeysWith: { first, _ in first })
        let beforeValues = Dictionary(before, uniquingKeysWith: { first, _ in first })
        var order: [String] = after.map(\.0)
        for (index, (field, _)) in before.enumerated() where afterValues[field] == nil {
            // After the field that preceded it in the old front matter.
            let previous = before[..<index].last(where: { afterValues[$0.0] != nil })?.0
            let position = previous.flatMap { order.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
            order.insert(field, at: position)
        }
        return order.compactMap { field in
            let x = beforeValues[field]
            let y = afterValues[field]
            return x == y ? nil : FieldChange(field: field, before: x, after: y)
        }
    }

    /// The front matter's leaves as (path, value): scalars as written; a list of single values as `[a, b]`.
    static func flatten(_ text: String) -> [(String, String)] {
        guard !text.isEmpty, let node = try? StrictYAML.parse(text, maximumBytes: Document.maximumBytes) else {
            return text.isEmpty ? [] : [("(front matter)", text.trimmingCharacters(in: .whitespacesAndNewlines))]
        }
        var result: [(String, String)] = []
        func visit(_ node: YAMLNode, _ path: String) {
            switch node {
            case .scalar(let scalar):
                result.append((path, scalar.string))
            case .sequence(let items, _):
                let scalars = items.compactMap { item -> String? in
                    if case .scalar(let scalar) = item { return scalar.string }
                    return nil
                }
                if scalars.count == items.count {
                    result.append((path, "[" + scalars.joined(separator: ", ") + "]"))
                } else {
                    for (index, item) in items.enumerated() { visit(item, "\(path)[\(index + 1)]") }
                }
            case .mapping(let entries, _):
                if entries.isEmpty { result.append((path, "{}")) }
                for entry in entries { visit(entry.value, path.isEmpty ? entry.key.string : "\(path).\(entry.key.string)") }
            }
        }
        visit(node, "")
        return result
    }
}

// MARK: - HTML

extension Redline {
    /// Counts for the page's summary line.
    public var counts: (changed: Int, inserted: Int, deleted: Int, same: Int) {
        var counts = (changed: 0, inserted: 0, deleted: 0, same: 0)
        for entry in entries {
            switch entry {
            case .same: counts.same += 1
            case .changed: counts.changed += 1
            case .inserted: counts.inserted += 1
            case .deleted: counts.deleted += 1
            }
        }
        return counts
    }

    /// The entries cut into shown and folded stretches: `context` unchanged blocks stay next to each
    /// change, and `minimumFold` or more further unchanged blocks are folded.
    public var sections: [(folded: Bool, entries: ArraySlice<Entry>)] {
        var sections: [(folded: Bool, entries: ArraySlice<Entry>)] = []
        var index = 0
        while index < entries.count {
            var end = index
            while end < entries.count, entries[end].isSame == entries[index].isSame { end += 1 }
            if entries[index].isSame {
                let lead = index == 0 ? 0 : Self.context
                let trail = end == entries.count ? 0 : Self.context
                if end - index - lead - trail >= Self.minimumFold {
                    if lead > 0 { sections.append((false, entries[index..<(index + lead)])) }
                    sections.append((true, entries[(index + lead)..<(end - trail)]))
                    if trail > 0 { sections.append((false, entries[(end - trail)..<end])) }
                } else {
                    sections.append((false, entries[index..<end]))
                }
            } else {
                sections.append((false, entries[index..<end]))
            }
            index = end
        }
        return sections
    }

    /// The body's redline as HTML: blocks as headings, paragraphs, list items, tables and code;
    /// deletions in `<del>`, insertions in `<ins>` (the stylesheet adds [− −] and [+ +] marks that
    /// print, so colour is never the only signal); folded stretches in `<details>`, which open
    /// without scripts.
    public var html: String {
        // The table header of each table, repeated where a shown part of the table starts below it.
        var headers: [Int: MarkdownBlock] = [:]
        for entry in entries {
            if case .tableRow(header: true) = entry.block.kind, let table = entry.block.table, headers[table] == nil {
                headers[table] = entry.block
            }
        }
        // Shown stretches next to each other are one run, so that a table is not cut where a change starts.
        var runs: [(folded: Bool, entries: ArraySlice<Entry>)] = []
        for section in sections {
            if let last = runs.last, !last.folded, !section.folded {
                runs[runs.count - 1].entries = entries[last.entries.startIndex..<section.entries.endIndex]
            } else {
                runs.append(section)
            }
        }
        var output: [String] = []
        for section in runs {
            let blocks = Self.html(section.entries, headers: headers)
            guard section.folded else {
                output.append(blocks)
                continue
            }
            let headings = section.entries.compactMap { entry -> String? in
                if case .heading = entry.block.kind { return entry.block.text }
                return nil
            }
            var summary = "\(section.entries.count) unchanged block\(section.entries.count == 1 ? "" : "s")"
            if !headings.isEmpty {
                summary += " (" + headings.prefix(3).joined(separator: "; ") + (headings.count > 3 ? "; …" : "") + ")"
            }
            output.append(
                "<details class=\"rl-fold\"><summary>\(HTMLText.escape(summary)) — show</summary>\n\(blocks)\n</details>")
        }
        return output.joined(separator: "\n")
    }

    private static func html(_ entries: ArraySlice<Entry>, headers: [Int: MarkdownBlock]) -> String {
        var output: [String] = []
        var rows: [String] = []
        var table: Int?
        func closeTable() {
            guard !rows.isEmpty else { return }
            output.append("<div class=\"rl-scroll\"><table class=\"rl-table\">\n" + rows.joined(separator: "\n") + "\n</table></div>")
            rows = []
            table = nil
        }
        for entry in entries {
            let block = entry.block
            if case .tableRow(let header) = block.kind {
                if table != block.table { closeTable() }
                if rows.isEmpty, !header, let index = block.table, let heading = headers[index] {
                    rows.append(row(.same(heading), header: true).replacingOccurrences(of: "rl-same", with: "rl-same rl-repeated"))
                }
                table = block.table
                rows.append(row(entry, header: header))
                continue
            }
            closeTable()
            output.append(element(entry))
        }
        closeTable()
        return output.joined(separator: "\n")
    }

    /// `state` names the change for the stylesheet; `inner` is the block's marked text.
    private static func state(_ entry: Entry) -> String {
        switch entry {
        case .same: return "rl-same"
        case .deleted: return "rl-deleted"
        case .inserted: return "rl-inserted"
        case .changed: return "rl-changed"
        }
    }

    private static func marked(_ entry: Entry, cell: Int? = nil) -> String {
        func text(_ block: MarkdownBlock) -> String {
            guard let cell else { return block.text }
            return cell < block.cells.count ? block.cells[cell] : ""
        }
        switch entry {
        case .same(let block): return HTMLText.escape(text(block))
        case .deleted(let block):
            let value = text(block)
            return value.isEmpty ? "" : "<del title=\"deleted\">\(HTMLText.escape(value))</del>"
        case .inserted(let block):
            let value = text(block)
            return value.isEmpty ? "" : "<ins title=\"inserted\">\(HTMLText.escape(value))</ins>"
        case .changed(_, _, let words):
            if let cell { return cell < words.count ? WordDiff.html(words[cell]) : "" }
            return WordDiff.html(words[0])
        }
    }

    private static func element(_ entry: Entry) -> String {
        let block = entry.block
        let classes = state(entry) + (block.depth > 0 ? " rl-depth-\(min(block.depth, 6))" : "") + (block.quoted ? " rl-quote" : "")
        let text = marked(entry)
        switch block.kind {
        case .heading(let level):
            let shown = min(level + 1, 6)
            return "<h\(shown) class=\"\(classes)\">\(text)</h\(shown)>"
        case .paragraph:
            return "<p class=\"\(classes)\">\(text)</p>"
        case .listItem:
            return "<p class=\"rl-item \(classes)\"><span class=\"rl-marker\">\(HTMLText.escape(block.marker))</span> \(text)</p>"
        case .code:
            return "<pre class=\"\(classes)\"><code>\(text)</code></pre>"
        case .html:
            return "<pre class=\"rl-html \(classes)\" title=\"raw HTML\">\(text)</pre>"
        case .rule:
            return "<hr class=\"\(classes)\">"
        case .tableRow:
            return ""
        }
    }

    private static func row(_ entry: Entry, header: Bool) -> String {
        let block = entry.block
        let cell = header ? "th" : "td"
        if case .changed(let old, let new, _) = entry, old.cells.count != new.cells.count {
            // Columns added or removed: the row's words, marked, across the table.
            return "<tr class=\"rl-changed\"><\(cell) colspan=\"\(max(new.cells.count, 1))\">\(marked(entry))</\(cell)></tr>"
        }
        var cells: [String] = []
        for index in block.cells.indices {
            let edited: Bool
            if case .changed(let old, let new, _) = entry { edited = old.cells[index] != new.cells[index] } else { edited = false }
            cells.append(
                "<\(cell)\(edited ? " class=\"rl-changed-cell\"" : "")>\(marked(entry, cell: index))</\(cell)>")
        }
        return "<tr class=\"\(state(entry))\">" + cells.joined() + "</tr>"
    }
}
