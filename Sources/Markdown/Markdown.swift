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
    private let root: OpaquePointer
    private let text: String

    /// The GFM extensions every document is parsed with.
    public static let extensions = ["table", "strikethrough", "autolink", "tasklist", "tagfilter"]

    private static let options = CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_GITHUB_PRE_LANG

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

    /// The document as HTML, with raw HTML and unsafe URLs (`javascript:` …) removed.
    public func html() -> String {
        guard let output = cmark_render_html(root, Self.options, cmark_parser_get_syntax_extensions(parser)) else {
            fatalError("cmark_render_html: out of memory")
        }
        defer { free(output) }
        return String(cString: output)
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
