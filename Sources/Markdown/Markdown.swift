import CCmarkGFM
import Foundation

/// A link found in a Markdown body.
public struct MarkdownLink: Hashable, Sendable {
    /// The destination as written (after Markdown unescaping).
    public var destination: String
    /// The 1-based line within the body where the link stands.
    public var line: Int
    /// True for an image (`![…](…)`).
    public var isImage: Bool
}

/// A parsed GitHub-flavoured Markdown document (cmark-gfm): safe HTML
/// rendering with the GFM extensions, and link inspection and rewriting.
/// Raw HTML is never passed through (no `CMARK_OPT_UNSAFE`), and the
/// `tagfilter` extension is attached as a second line of defence.
public final class MarkdownDocument {
    private let parser: OpaquePointer
    let root: OpaquePointer
    private let text: String

    /// The GFM extensions every document is parsed with.
    public static let extensions = ["table", "strikethrough", "autolink", "tasklist", "tagfilter"]

    private static let options = CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_GITHUB_PRE_LANG | CMARK_OPT_FOOTNOTES

    /// Registers the core extensions; not thread-safe, so done once.
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// Parses `text`, refusing input beyond `MarkdownLimits`.
    public init(_ text: String) throws(MarkdownLimitError) {
        try MarkdownLimits.check(text)
        precondition(Self.registered)
        guard let parser = cmark_parser_new(Self.options) else { fatalError("cmark_parser_new: out of memory") }
        for name in Self.extensions {
            guard let extensionPointer = cmark_find_syntax_extension(name) else {
                fatalError("cmark-gfm lacks the '\(name)' extension")
            }
            cmark_parser_attach_syntax_extension(parser, extensionPointer)
        }
        var utf8 = Array(text.utf8)
        utf8.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buffer.count, 1)) {
                cmark_parser_feed(parser, $0, buffer.count)
            }
        }
        guard let root = cmark_parser_finish(parser) else { fatalError("cmark_parser_finish: out of memory") }
        self.parser = parser
        self.root = root
        self.text = text
    }

    deinit {
        cmark_node_free(root)
        cmark_parser_free(parser)
    }

    /// Every link and image, in document order.
    public var links: [MarkdownLink] {
        var result: [MarkdownLink] = []
        var search = LineSearch(budget: 8 * bytes.count + 1_000_000)
        walk { node, type, blockLine in
            guard type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE else { return }
            let destination = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
            result.append(
                MarkdownLink(
                    destination: destination, line: self.line(of: destination, from: blockLine, search: &search),
                    isImage: type == CMARK_NODE_IMAGE))
        }
        return result
    }

    /// The destinations of every link and image, in document order, without their lines (finding a
    /// destination's line searches the text, which the release replay does not need).
    public var linkDestinations: [String] {
        var result: [String] = []
        walk { node, type, _ in
            guard type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE else { return }
            result.append(cmark_node_get_url(node).map { String(cString: $0) } ?? "")
        }
        return result
    }

    /// The lines (1-based, first through last, fences included) of every code block, fenced or indented: text there
    /// is shown as written, never read as links.
    public var codeBlockLines: [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        walk { node, type, _ in
            guard type == CMARK_NODE_CODE_BLOCK else { return }
            let start = Int(cmark_node_get_start_line(node))
            let end = Int(cmark_node_get_end_line(node))
            if start > 0 && end >= start { result.append(start...end) }
        }
        return result
    }

    /// The literal text of every raw-HTML node (blocks and inline tags), in document order.
    public var rawHTML: [String] {
        var result: [String] = []
        walk { node, type, _ in
            guard type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE else { return }
            result.append(cmark_node_get_literal(node).map { String(cString: $0) } ?? "")
        }
        return result
    }

    /// Replaces link destinations: `transform` returns the new destination, or nil to keep it.
    public func rewriteLinks(_ transform: (String) -> String?) {
        walk { node, type, _ in
            guard type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE else { return }
            let destination = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
            if let replacement = transform(destination) {
                cmark_node_set_url(node, replacement)
            }
        }
    }

    /// Raw HTML the portal drops (everything outside `RawHTML.allowed`, and
    /// images whose `src` is not local), with its line in the body.
    public var droppedHTML: [DroppedHTML] { rawHTMLReport.dropped }

    /// The line of each `<details>` the text never closes: the portal closes it at the end of the text.
    public var unclosedDetails: [Int] { rawHTMLReport.unclosed }

    /// Raw HTML dropped (a `</details>` closing nothing included) and `<details>` left open, with their lines.
    private var rawHTMLReport: (dropped: [DroppedHTML], unclosed: [Int]) {
        var result: [DroppedHTML] = []
        var fragments: [String] = []
        var starts: [Int] = []
        var search = LineSearch(budget: 8 * bytes.count + 1_000_000)
        walk { node, type, blockLine in
            guard type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE else { return }
            let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
            let start =
                type == CMARK_NODE_HTML_BLOCK
                ? max(Int(cmark_node_get_start_line(node)), 1) : self.line(of: literal, from: blockLine, search: &search)
            let sanitized = RawHTML.sanitize(literal, imageSource: { $0 })
            for item in sanitized.dropped {
                result.append(DroppedHTML(line: start + item.lineOffset, tag: item.tag))
            }
            fragments.append(sanitized.html)
            starts.append(start)
        }
        let (strays, unclosed) = RawHTML.balanceDetails(&fragments)
        for stray in strays { result.append(DroppedHTML(line: starts[stray.fragment] + stray.lineOffset, tag: "</details>")) }
        return (result, unclosed.map { starts[$0.fragment] + $0.lineOffset })
    }

    /// The local `src` of every allowlisted raw-HTML `<img>`, with its line in the body (attachments, PRODUCT.md §4.1).
    public var htmlImageSources: [MarkdownLink] {
        var result: [MarkdownLink] = []
        var search = LineSearch(budget: 8 * bytes.count + 1_000_000)
        walk { node, type, blockLine in
            guard type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE else { return }
            let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
            var sources: [String] = []
            _ = RawHTML.sanitize(literal) { source in
                sources.append(source)
                return source
            }
            guard !sources.isEmpty else { return }
            let start =
                type == CMARK_NODE_HTML_BLOCK
                ? max(Int(cmark_node_get_start_line(node)), 1) : self.line(of: literal, from: blockLine, search: &search)
            for source in sources { result.append(MarkdownLink(destination: source, line: start, isImage: true)) }
        }
        return result
    }

    /// The document as HTML: raw HTML reduced to the allowlist (`RawHTML`),
    /// unsafe URLs (`javascript:` …) removed, headings given stable ids, and
    /// a first-level heading that only repeats `title` left out (the page
    /// header shows it). `imageSource` maps a local `src` of an HTML `<img>`.
    public func html(omittingTitle title: String? = nil, imageSource: (String) -> String? = { $0 }) -> String {
        if let title { removeLeadingTitle(title) }
        // Each raw-HTML node renders as this comment (no CMARK_OPT_UNSAFE), in document order.
        var fragments: [String] = []
        var headingIDs: [String] = []
        var used: [String: Int] = [:]
        walk { node, type, _ in
            if type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE {
                let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
                fragments.append(RawHTML.sanitize(literal, imageSource: imageSource).html)
            } else if type == CMARK_NODE_HEADING {
                headingIDs.append(Self.uniqueSlug(Self.plainText(of: node), used: &used))
            }
        }
        guard let output = cmark_render_html(root, Self.options, cmark_parser_get_syntax_extensions(parser)) else {
            fatalError("cmark_render_html: out of memory")
        }
        defer { free(output) }
        let rendered = String(cString: output)
        // The author's folds stay inside the text: a stray `</details>` is dropped, an unclosed one ends with it.
        let unclosed = RawHTML.balanceDetails(&fragments).unclosed.count
        return Self.substitute(in: rendered, fragments: fragments, headingIDs: headingIDs)
            + String(repeating: "</details>", count: unclosed)
    }

    /// Puts ids on `<h1>`…`<h6>` and the sanitized fragments in place of the
    /// raw-HTML comments, both in document order, wraps each table in a
    /// `<div class="table-scroll">` (a wide table scrolls in its own box on
    /// screen, not the page), and each date or UTC time of the text
    /// (`2026-01-02`, `2026-01-02T10:00:00Z`) in a `<span class="ts">` (never
    /// broken inside). None of the tag patterns can come from the text (cmark
    /// escapes `<` in text and code).
    static func substitute(in html: String, fragments: [String], headingIDs: [String]) -> String {
        let marker = Array("<!-- raw HTML omitted -->".utf8)
        let tableOpen = Array("<table>".utf8)
        let tableClose = Array("</table>".utf8)
        let bytes = Array(html.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var fragment = 0
        var heading = 0
        var index = 0
        var inTag = false
        while index < bytes.count {
            if !inTag, index == 0 || !isAlphanumeric(bytes[index - 1]), let length = dateLength(bytes, at: index) {
                result += Array("<span class=\"ts\">".utf8) + bytes[index..<(index + length)] + Array("</span>".utf8)
                index += length
                continue
            }
            if bytes[index] == 0x3E { inTag = false }
            if bytes[index] == 0x3C {
                if fragment < fragments.count, bytes[index...].starts(with: marker) {
                    result += Array(fragments[fragment].utf8)
                    fragment += 1
                    index += marker.count
                    continue
                }
                if heading < headingIDs.count, index + 3 < bytes.count, bytes[index + 1] == 0x68, bytes[index + 2] >= 0x31,
                    bytes[index + 2] <= 0x36, bytes[index + 3] == 0x3E
                {
                    result += Array("<h".utf8) + [bytes[index + 2]] + Array(" id=\"\(headingIDs[heading])\">".utf8)
                    heading += 1
                    index += 4
                    continue
                }
                if bytes[index...].starts(with: tableOpen) {
                    result += Array("<div class=\"table-scroll\"><table>".utf8)
                    index += tableOpen.count
                    continue
                }
                if bytes[index...].starts(with: tableClose) {
                    result += Array("</table></div>".utf8)
                    index += tableClose.count
                    continue
                }
                inTag = true
            }
            result.append(bytes[index])
            index += 1
        }
        return String(decoding: result, as: UTF8.self)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
    }

    /// The length of a date `YYYY-MM-DD`, optionally with a time `THH:MM[:SS][Z]`, at `index` and not followed
    /// by a letter or digit; nil when there is none.
    static func dateLength(_ bytes: [UInt8], at index: Int) -> Int? {
        func digits(_ start: Int, _ count: Int) -> Bool {
            guard start + count <= bytes.count else { return false }
            return bytes[start..<(start + count)].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        }
        func byte(_ at: Int, _ value: UInt8) -> Bool { at < bytes.count && bytes[at] == value }
        guard digits(index, 4), byte(index + 4, 0x2D), digits(index + 5, 2), byte(index + 7, 0x2D), digits(index + 8, 2) else {
            return nil
        }
        var end = index + 10
        if byte(end, 0x54), digits(end + 1, 2), byte(end + 3, 0x3A), digits(end + 4, 2) {
            end += 6
            if byte(end, 0x3A), digits(end + 1, 2) { end += 3 }
            if byte(end, 0x5A) { end += 1 }
        }
        if end < bytes.count, isAlphanumeric(bytes[end]) { return nil }
        return end - index
    }

    /// Drops the first block when it is a level-1 heading reading the title (or "ID title").
    private func removeLeadingTitle(_ title: String) {
        guard let first = cmark_node_first_child(root), cmark_node_get_type(first) == CMARK_NODE_HEADING,
            cmark_node_get_heading_level(first) == 1
        else { return }
        func normalized(_ text: String) -> String { text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let heading = normalized(Self.plainText(of: first))
        let wanted = normalized(title)
        guard heading == wanted || (heading.hasSuffix(" " + wanted) && !heading.dropLast(wanted.count + 1).contains(" ")) else { return }
        cmark_node_unlink(first)
        cmark_node_free(first)
    }

    /// The text of a node's inline content (text and code spans).
    static func plainText(of node: OpaquePointer) -> String {
        guard let iterator = cmark_iter_new(node) else { return "" }
        defer { cmark_iter_free(iterator) }
        var text = ""
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(child)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE, let literal = cmark_node_get_literal(child) {
                text += String(cString: literal)
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                text += " "
            }
        }
        return text
    }

    /// A GitHub-style anchor: lower case, letters, digits, `-` and `_` kept, spaces to `-`; repeats get `-1`, `-2`.
    static func uniqueSlug(_ text: String, used: inout [String: Int]) -> String {
        var slug = ""
        for character in text.lowercased() {
            if character == " " || character == "-" {
                slug.append("-")
            } else if character == "_" || character.isLetter || character.isNumber {
                slug.append(character)
            }
        }
        if slug.isEmpty { slug = "section" }
        // Only letters, digits, '-' and '_' are kept: nothing to escape in an attribute.
        let base = slug
        var count = used[base] ?? 0
        while used[slug] != nil {
            count += 1
            slug = "\(base)-\(count)"
        }
        used[base] = count
        used[slug] = used[slug] ?? 0
        return slug
    }

    /// Visits every node with its type and the start line of the nearest block.
    private func walk(_ visit: (OpaquePointer, cmark_node_type, Int) -> Void) {
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        var blockLine = 1
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let start = Int(cmark_node_get_start_line(node))
            if start > 0 && Int(type.rawValue) & Int(CMARK_NODE_TYPE_MASK) == Int(CMARK_NODE_TYPE_BLOCK) { blockLine = start }
            visit(node, type, blockLine)
        }
    }

    /// Byte offsets where each line of the text starts, computed on first use.
    private lazy var lineStarts: [Int] = {
        var starts = [0]
        for (offset, byte) in text.utf8.enumerated() where byte == 0x0A { starts.append(offset + 1) }
        return starts
    }()

    private lazy var bytes: [UInt8] = Array(text.utf8)

    /// Where the previous link of a block was found, and the byte comparisons left: links come in
    /// document order, so each search resumes where the last one ended, and the budget keeps the
    /// whole pass linear even when destinations differ from their source text (escapes, entities).
    private struct LineSearch {
        var budget: Int
        var block = 0
        var line = 0
        var offset = 0
    }

    /// The first line at or after the previous link of the block (or the block's start) that contains
    /// `destination` (cmark-gfm gives inline nodes no positions of their own); the block's line when not found.
    private func line(of destination: String, from blockLine: Int, search: inout LineSearch) -> Int {
        guard !destination.isEmpty, blockLine >= 1, blockLine <= lineStarts.count, search.budget > 0 else { return max(blockLine, 1) }
        if search.block != blockLine {
            search.block = blockLine
            search.line = blockLine
            search.offset = lineStarts[blockLine - 1]
        }
        let needle = Array(destination.utf8)
        var index = search.line - 1
        var from = search.offset
        while index < lineStarts.count {
            let end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
            search.budget -= end - lineStarts[index]
            if index > search.line - 1 && bytes[lineStarts[index]..<end].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { break }
            var start = from
            while start + needle.count <= end && search.budget > 0 {
                var matched = 0
                while matched < needle.count && bytes[start + matched] == needle[matched] { matched += 1 }
                search.budget -= matched + 1
                if matched == needle.count {
                    search.line = index + 1
                    search.offset = start + needle.count
                    return index + 1
                }
                start += 1
            }
            if search.budget <= 0 { break }
            index += 1
            if index < lineStarts.count { from = lineStarts[index] }
        }
        return blockLine
    }
}
