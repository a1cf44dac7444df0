/// Why a body is refused before rendering: the construct, and the body line where it stands.
public struct MarkdownLimitError: Error, Hashable, Sendable {
    /// The 1-based line within the body.
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
}

/// Caps that keep rendering bounded in time and memory. cmark-gfm 0.29.0.gfm.6 (Debian 12)
/// predates the 2023 fixes for super-linear inputs (CVE-2023-22483, -22484, -22486, -24824,
/// -26485, -28626, -37463), so `check` scans the text once, in linear time, and refuses what
/// would make cmark-gfm — or stet's own passes over its result — slow or large. Each limit is
/// set far above what a real procedure uses; docs/security.md lists them with the reasons.
public enum MarkdownLimits {
    /// Bytes of a document body (the whole file is capped at the same size).
    public static let maximumBytes = 1024 * 1024
    /// Characters of one line.
    public static let maximumLineLength = 20_000
    /// Identical delimiter characters in a row (`*`, `_`, `` ` ``, `[`, `|` …).
    public static let maximumDelimiterRun = 500
    /// Quote and list markers opening one line.
    public static let maximumNesting = 64
    /// Lines read inside open quotes and lists: the sum, over every line, of how many containers may be open
    /// around it. cmark-gfm walks every open container on every line, and a blank or lazy continuation line costs
    /// that walk in one or two bytes: 60 lines each opening 60 lists one level deeper, then 600,000 blank lines
    /// took minutes.
    public static let maximumContainerWork = 5_000_000
    /// Cells (`|`) in one line.
    public static let maximumTableColumns = 256
    /// Table cells (columns × rows) in all the document's tables together: cmark-gfm makes
    /// every row as wide as the header, so a wide header over many short rows multiplies.
    public static let maximumTableCells = 100_000
    /// `[`, `(` and `<` in the document (link and image brackets).
    public static let maximumBrackets = 20_000
    /// Emphasis delimiter runs (`*`, `_`, `~`): matching them costs up to the square of their number in a
    /// paragraph, so the sum of those squares over the document's paragraphs (runs of non-blank lines) is capped —
    /// 10,000 delimiters in one paragraph, or 1,000 in each of 100.
    public static let maximumEmphasisWork = 100_000_000
    /// Bytes cmark-gfm rescans after HTML openers that are never closed in their paragraph
    /// (`<?`, `<!X`, `<!--`, `<![CDATA[`): the sum, over each such opener, of the rest of its paragraph.
    public static let maximumOpenerScan = 20_000_000
    /// Bytes the autolink extension copies after e-mail-like `@`: the sum, over each, of the rest of its line.
    public static let maximumAddressScan = 16_000_000
    /// Bytes of link reference definitions repeated by their uses: the sum, over each use, of its definition's size.
    public static let maximumReferenceExpansion = 10_000_000
    /// Markdown elements, as counted before rendering: two for each non-blank line and for each quote or list
    /// marker opening one, one for each inline markup character (`*`, `_`, `~`, `` ` ``, `[`, `]`, `(`, `)`, `<`,
    /// `>`, `!`, `|`, `\`, `&`). cmark-gfm keeps a node of about 170 bytes for each element: a 1 MiB document
    /// of 523,000 one-character lines made a million of them and took 218 MB.
    public static let maximumElements = 600_000

    /// Refuses `text` when it is over a limit, naming the construct and its line.
    public static func check(_ text: String) throws(MarkdownLimitError) {
        var scanner = Scanner(Array(text.utf8))
        try scanner.run()
    }

    /// One linear pass over the body's bytes.
    struct Scanner {
        let bytes: [UInt8]
        var line = 0
        var brackets = 0
        var tableCells = 0
        var openerScan = 0
        var addressScan = 0
        /// Markdown elements so far (see `maximumElements`).
        var elements = 0
        /// How many quotes and lists may be open around the current line (an upper bound: two columns of
        /// indentation per level, plus the markers on the line), the line that opened that many, and the sum so far.
        var containers = 0
        var containersLine = 0
        var containerWork = 0
        /// Quote and list markers opening the current line.
        var markers = 0

        // The current paragraph: a run of non-blank lines.
        var inBlock = false
        var emphasisRuns = 0
        var emphasisLine = 0
        var emphasisWork = 0
        /// Per opener kind (`<?`, `<!X`, `<!--`, `<![CDATA[`): openers not closed yet, the sum of their offsets, the line of the first.
        var openers: [(count: Int, offsets: Int, line: Int)] = Array(repeating: (0, 0, 0), count: 4)
        /// The table being read: its columns, the line it started on, its rows so far, and whether each line is
        /// surely a row of its own (header and delimiter cells agree, and no line has started another block since):
        /// then each row is its own paragraph for emphasis matching, as cmark-gfm parses each cell on its own.
        var table: (columns: Int, line: Int, rows: Int, exact: Bool)?
        /// The previous line of this paragraph had a `|` (a table header candidate): its cells counting every `|`,
        /// counting only unescaped ones, and whether it sat in a container or could open another block.
        var previousCells: (all: Int, unescaped: Int, nested: Bool)?

        // Link reference definitions and uses, by normalised label.
        var definitionSize: [[UInt8]: Int] = [:]
        var openDefinition: (label: [UInt8], start: Int)?
        var uses: [[UInt8]: (count: Int, line: Int)] = [:]

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        mutating func run() throws(MarkdownLimitError) {
            guard bytes.count <= maximumBytes else {
                throw MarkdownLimitError(
                    line: 1,
                    message: "is \(bytes.count) bytes; documents are limited to \(maximumBytes) bytes, split it into several documents")
            }
            var start = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                line += 1
                try scanLine(start, end)
                start = end + 1
            }
            try endBlock(at: bytes.count)
            if brackets > maximumBrackets {
                throw MarkdownLimitError(
                    line: 1, message: "has more than \(maximumBrackets) brackets ('[', '(', '<'); split it into several documents")
            }
            var expansion = 0
            for (label, use) in uses.sorted(by: { $0.value.line < $1.value.line }) {
                guard let size = definitionSize[label] else { continue }
                expansion += use.count * size
                if expansion > maximumReferenceExpansion {
                    throw MarkdownLimitError(
                        line: use.line,
                        message:
                            "uses link reference definitions so often that they would be repeated into more than \(maximumReferenceExpansion) bytes (here a \(size)-byte definition is used \(use.count) times); write the links inline or shorten the definitions"
                    )
                }
            }
        }

        private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
        private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
        private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        private static func isAddressCharacter(_ byte: UInt8) -> Bool {
            isLetter(byte) || isDigit(byte) || byte == 0x2E || byte == 0x2D || byte == 0x5F || byte == 0x2B
        }
        private static func isDelimiter(_ byte: UInt8) -> Bool {
            // * _ ~ ` [ ] ( ) < > ! | \ and the emphasis-like characters cmark scans.
            switch byte {
            case 0x2A, 0x5F, 0x7E, 0x60, 0x5B, 0x5D, 0x28, 0x29, 0x3C, 0x3E, 0x21, 0x7C, 0x5C: return true
            default: return false
            }
        }

        private func starts(with literal: StaticString, at index: Int, before end: Int) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard index + count <= end else { return false }
            return literal.withUTF8Buffer { pattern in
                for offset in 0..<count where bytes[index + offset] != pattern[offset] { return false }
                return true
            }
        }

        private mutating func scanLine(_ start: Int, _ end: Int) throws(MarkdownLimitError) {
            guard end - start <= maximumLineLength else {
                throw MarkdownLimitError(
                    line: line, message: "has a line of \(end - start) characters; lines are limited to \(maximumLineLength)")
            }
            guard (start..<end).contains(where: { !Self.isSpace(bytes[$0]) }) else {
                // A blank line continues every open list: cmark-gfm walks them all.
                try countContainers()
                try endBlock(at: start)
                return
            }
            let continuing = inBlock
            if !inBlock {
                inBlock = true
                emphasisRuns = 0
                emphasisLine = line
            }
            if let current = table, current.exact {
                emphasisWork += emphasisRuns * emphasisRuns
                emphasisRuns = 0
                emphasisLine = line
            }
            let content = try containerPrefix(start, end)
            elements += 2 + 2 * markers
            // After a blank line, a line less indented closes the containers it does not continue; within a
            // paragraph a lazy continuation line keeps them all open.
            let own = indentationColumns(start, end) / 2 + markers
            if !continuing || own > containers {
                if own > containers { containersLine = line }
                containers = own
            }
            try countContainers()
            // A definition's own label is not a use of it.
            let definition = referenceDefinition(content, end) ? content : -1

            var run = 1
            var pipes = 0
            var index = start
            while index < end {
                let byte = bytes[index]
                if index > start && byte == bytes[index - 1] && Self.isDelimiter(byte) {
                    run += 1
                    if run > maximumDelimiterRun {
                        throw MarkdownLimitError(
                            line: line,
                            message:
                                "has a run of more than \(maximumDelimiterRun) '\(Character(Unicode.Scalar(byte)))' characters; shorten it")
                    }
                } else {
                    run = 1
                    if byte == 0x2A || byte == 0x5F || byte == 0x7E {
                        emphasisRuns += 1
                        if emphasisWork + emphasisRuns * emphasisRuns > maximumEmphasisWork { throw emphasisError() }
                    }
                }
                if byte == 0x26 || Self.isDelimiter(byte) { elements += 1 }
                switch byte {
                case 0x7C: pipes += 1
                case 0x28: brackets += 1
                case 0x5B:
                    brackets += 1
                    if index != definition { referenceUse(at: index, end) }
                case 0x3C:
                    brackets += 1
                    opener(at: index, end)
                case 0x3E:
                    // `>` closes `<!X`; `?>`, `-->` and `]]>` close the others.
                    openers[1] = (0, 0, 0)
                    if index >= start + 1 && bytes[index - 1] == 0x3F { openers[0] = (0, 0, 0) }
                    if index >= start + 2 && bytes[index - 1] == 0x2D && bytes[index - 2] == 0x2D { openers[2] = (0, 0, 0) }
                    if index >= start + 2 && bytes[index - 1] == 0x5D && bytes[index - 2] == 0x5D { openers[3] = (0, 0, 0) }
                case 0x40:
                    if index > start && Self.isAddressCharacter(bytes[index - 1]) {
                        addressScan += end - index
                        if addressScan > maximumAddressScan {
                            throw MarkdownLimitError(
                                line: line,
                                message:
                                    "has so many e-mail addresses on long lines that linking them would copy more than \(maximumAddressScan) bytes; put the addresses on separate, shorter lines"
                            )
                        }
                    }
                default: break
                }
                index += 1
            }
            if pipes > maximumTableColumns {
                throw MarkdownLimitError(
                    line: line, message: "has a table row with more than \(maximumTableColumns) cells; split the table")
            }
            try tableRow(start, end, pipes: pipes)
            if elements > maximumElements {
                throw MarkdownLimitError(
                    line: line,
                    message:
                        "has more than \(maximumElements) Markdown elements by this line (two for each line and each list or quote marker, one for each markup character such as '*', '`', '[', '|', '\\' or '&'), which would take too much memory to render; split it into several documents"
                )
            }
        }

        /// Skips the quote and list markers opening a line, refusing deep nesting; returns where the content starts.
        private mutating func containerPrefix(_ start: Int, _ end: Int) throws(MarkdownLimitError) -> Int {
            var depth = 0
            var index = start
            while index < end {
                let byte = bytes[index]
                if byte == 0x3E || byte == 0x2D || byte == 0x2A || byte == 0x2B {
                    depth += 1
                } else if Self.isDigit(byte) {
                    var after = index
                    while after < end, Self.isDigit(bytes[after]) { after += 1 }
                    guard after < end, bytes[after] == 0x2E || bytes[after] == 0x29 else { break }
                    depth += 1
                    index = after
                } else if !Self.isSpace(byte) {
                    break
                }
                index += 1
            }
            if depth > maximumNesting {
                throw MarkdownLimitError(line: line, message: "nests quotes or lists more than \(maximumNesting) levels deep")
            }
            markers = depth
            return index
        }

        /// Columns of the line's leading white space, a tab reaching the next multiple of 4.
        private func indentationColumns(_ start: Int, _ end: Int) -> Int {
            var columns = 0
            var index = start
            while index < end, bytes[index] == 0x20 || bytes[index] == 0x09 {
                columns = bytes[index] == 0x09 ? (columns / 4 + 1) * 4 : columns + 1
                index += 1
            }
            return columns
        }

        private mutating func countContainers() throws(MarkdownLimitError) {
            containerWork += containers
            guard containerWork > maximumContainerWork else { return }
            throw MarkdownLimitError(
                line: containersLine,
                message:
                    "nests lists or quotes about \(containers) levels deep here (by indentation and markers) and keeps them open over so many lines that rendering would walk more than \(maximumContainerWork) open containers; indent less, or end the lists before the long part"
            )
        }

        /// `<?`, `<!X`, `<!--`, `<![CDATA[`: cmark-gfm scans to the end of the paragraph for each one left open.
        private mutating func opener(at index: Int, _ end: Int) {
            let kind: Int
            if starts(with: "<?", at: index, before: end) {
                kind = 0
            } else if starts(with: "<!--", at: index, before: end) {
                kind = 2
            } else if starts(with: "<![CDATA[", at: index, before: end) {
                kind = 3
            } else if index + 2 < end && bytes[index + 1] == 0x21 && Self.isLetter(bytes[index + 2]) {
                kind = 1
            } else {
                return
            }
            if openers[kind].count == 0 { openers[kind].line = line }
            openers[kind].count += 1
            openers[kind].offsets += index
        }

        /// A link label `[…]` on one line: counted as a possible use of a reference definition.
        /// The label's scan stops at the next `[`, so each byte is read by at most one label scan.
        private mutating func referenceUse(at open: Int, _ end: Int) {
            var index = open + 1
            var label: [UInt8] = []
            while index < end {
                let byte = bytes[index]
                if byte == 0x5B { return }
                if byte == 0x5D { break }
                if byte == 0x5C && index + 1 < end {
                    label.append(Self.folded(bytes[index + 1]))
                    index += 2
                    continue
                }
                if !Self.isSpace(byte) { label.append(Self.folded(byte)) }
                index += 1
            }
            guard index < end, label.count <= 999 else { return }
            uses[label, default: (0, line)].count += 1
        }

        /// Labels compare case-insensitively and ignoring white space; every non-ASCII byte is folded to one
        /// value so that labels cmark-gfm would match by Unicode case folding are never told apart (over-counting is safe).
        private static func folded(_ byte: UInt8) -> UInt8 {
            if byte >= 0x80 { return 0x80 }
            return byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
        }

        /// `[label]: destination "title"` at the start of a paragraph line: its size runs to the next definition or the paragraph's end.
        private mutating func referenceDefinition(_ content: Int, _ end: Int) -> Bool {
            guard content < end, bytes[content] == 0x5B else { return false }
            var index = content + 1
            var label: [UInt8] = []
            while index < end && bytes[index] != 0x5D {
                if bytes[index] == 0x5C && index + 1 < end {
                    label.append(Self.folded(bytes[index + 1]))
                    index += 2
                    continue
                }
                if !Self.isSpace(bytes[index]) { label.append(Self.folded(bytes[index])) }
                index += 1
            }
            guard index + 1 < end, bytes[index + 1] == 0x3A else { return false }
            closeDefinition(at: content)
            openDefinition = (label, index + 2)
            return true
        }

        private mutating func closeDefinition(at position: Int) {
            guard let open = openDefinition else { return }
            definitionSize[open.label] = max(definitionSize[open.label] ?? 0, position - open.start)
            openDefinition = nil
        }

        /// Counts table cells: a delimiter row (`|---|:--:|`) under a line with `|` starts a table, whose rows run to the blank line.
        private mutating func tableRow(_ start: Int, _ end: Int, pipes: Int) throws(MarkdownLimitError) {
            // A delimiter row's own dashes look like list markers: read it after quote markers only.
            var first = start
            while first < end && (Self.isSpace(bytes[first]) || bytes[first] == 0x3E) { first += 1 }
            if var current = table {
                current.rows += 1
                if current.exact && startsAnotherBlock(start, end) { current.exact = false }
                table = current
                try countCells(current.columns, table: (current.columns, current.line, current.rows))
                return
            }
            let isDelimiterRow =
                first < end && (first..<end).contains { bytes[$0] == 0x2D }
                && (first..<end).allSatisfy {
                    let byte = bytes[$0]
                    return byte == 0x7C || byte == 0x2D || byte == 0x3A || Self.isSpace(byte)
                }
            if isDelimiterRow, let header = previousCells, pipes > 0 || header.all > 1 {
                let delimiter = cells(first, end, pipes: pipes)
                let columns = max(header.all, delimiter)
                let exact = header.unescaped == delimiter && !header.nested
                table = (columns, line - 1, 0, exact)
                try countCells(2 * columns, table: (columns, line - 1, 0))
                return
            }
            previousCells =
                pipes > 0
                ? (
                    cells(first, end, pipes: pipes), cells(first, end, pipes: unescapedPipes(first, end)),
                    first != start || startsAnotherBlock(start, end)
                )
                : nil
        }

        /// `|` not escaped by a backslash: only these separate cells in GFM.
        private func unescapedPipes(_ start: Int, _ end: Int) -> Int {
            var count = 0
            for index in start..<end where bytes[index] == 0x7C && (index == start || bytes[index - 1] != 0x5C) { count += 1 }
            return count
        }

        /// A line that may open a block of its own (list, quote, heading, fence, HTML, thematic break, indented code):
        /// after one, the following lines may be a paragraph again, not table rows.
        private func startsAnotherBlock(_ start: Int, _ end: Int) -> Bool {
            var index = start
            while index < end && Self.isSpace(bytes[index]) { index += 1 }
            guard index < end else { return false }
            if index - start >= 4 { return true }
            switch bytes[index] {
            case 0x2D, 0x2A, 0x2B, 0x3E, 0x23, 0x60, 0x7E, 0x3C, 0x3D, 0x5F: return true
            default: return Self.isDigit(bytes[index])
            }
        }

        /// Cells of a row: `|` separates them, and a leading or trailing `|` opens or closes none.
        private func cells(_ start: Int, _ end: Int, pipes: Int) -> Int {
            var last = end
            while last > start && Self.isSpace(bytes[last - 1]) { last -= 1 }
            guard start < last else { return 1 }
            return max(1, pipes + 1 - (bytes[start] == 0x7C ? 1 : 0) - (last - start > 1 && bytes[last - 1] == 0x7C ? 1 : 0))
        }

        private mutating func countCells(_ cells: Int, table: (columns: Int, line: Int, rows: Int)) throws(MarkdownLimitError) {
            tableCells += cells
            if tableCells > maximumTableCells {
                throw MarkdownLimitError(
                    line: table.line,
                    message:
                        "has tables of more than \(maximumTableCells) cells in all (columns × rows); the table here has \(table.columns) columns and \(table.rows) rows so far — split it, or narrow its header"
                )
            }
        }

        private func emphasisError() -> MarkdownLimitError {
            MarkdownLimitError(
                line: emphasisLine,
                message:
                    "has too many emphasis delimiters ('*', '_', '~') in paragraphs not separated by blank lines (\(emphasisRuns) in the paragraph starting here): matching them would take more than \(maximumEmphasisWork) steps; separate the paragraphs with blank lines or remove stray delimiters"
            )
        }

        /// A blank line (or the end) closes the paragraph: open HTML openers cost the rest of it.
        private mutating func endBlock(at position: Int) throws(MarkdownLimitError) {
            closeDefinition(at: position)
            table = nil
            previousCells = nil
            guard inBlock else { return }
            inBlock = false
            emphasisWork += emphasisRuns * emphasisRuns
            let names = ["<?", "<!", "<!--", "<![CDATA["]
            for kind in 0..<4 where openers[kind].count > 0 {
                let (count, offsets, openerLine) = openers[kind]
                openerScan += count * position - offsets
                openers[kind] = (0, 0, 0)
                if openerScan > maximumOpenerScan {
                    throw MarkdownLimitError(
                        line: openerLine,
                        message:
                            "has \(count) '\(names[kind])' HTML openers that are never closed in their paragraph, before \(position - offsets / count) bytes of text on average: rendering would rescan more than \(maximumOpenerScan) bytes; close them or write them as `&lt;`"
                    )
                }
            }
        }
    }
}
