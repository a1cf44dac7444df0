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

/// Why a body is refused before rendering.
public struct MarkdownLimitError: Error, Hashable, Sendable {
    public var line: Int
    public var message: String
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
        walk { node, type, blockLine in
            guard type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE else { return }
            let destination = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
            result.append(
                MarkdownLink(
                    destination: destination, line: self.line(of: destination, from: blockLine),
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

    /// The first line at or after the block's start that contains `destination`
    /// (cmark-gfm gives inline nodes no positions of their own).
    private func line(of destination: String, from blockLine: Int) -> Int {
        guard !destination.isEmpty, blockLine >= 1, blockLine <= lineStarts.count else { return max(blockLine, 1) }
        let needle = Array(destination.utf8)
        for index in (blockLine - 1)..<lineStarts.count {
            let start = lineStarts[index]
            let end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
            let line = bytes[start..<end]
            if Self.contains(line, needle) { return index + 1 }
            if index > blockLine - 1 && line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { break }
        }
        return blockLine
    }

    private static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count, let first = needle.first else { return false }
        var start = haystack.startIndex
        while start <= haystack.endIndex - needle.count {
            if haystack[start] == first && haystack[start..<start + needle.count].elementsEqual(needle) { return true }
            start += 1
        }
        return false
    }
}

/// Caps that keep rendering time bounded: cmark-gfm 0.29.0.gfm.6 predates the
/// 2023 fixes for quadratic-time inputs, so such inputs are refused with a
/// clear message rather than rendered slowly.
public enum MarkdownLimits {
    public static let maximumBytes = 1024 * 1024
    public static let maximumLineLength = 20_000
    public static let maximumDelimiterRun = 500
    public static let maximumNesting = 64
    public static let maximumTableCells = 256
    public static let maximumBrackets = 20_000

    public static func check(_ text: String) throws(MarkdownLimitError) {
        guard text.utf8.count <= maximumBytes else {
            throw MarkdownLimitError(
                line: 1,
                message: "is \(text.utf8.count) bytes; documents are limited to \(maximumBytes) bytes, split it into several documents")
        }
        var brackets = 0
        for (index, line) in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let bytes = Array(line)
            guard bytes.count <= maximumLineLength else {
                throw MarkdownLimitError(
                    line: number, message: "has a line of \(bytes.count) characters; lines are limited to \(maximumLineLength)")
            }
            var run = 1
            var pipes = 0
            for (i, b) in bytes.enumerated() {
                if b == 0x7C { pipes += 1 }
                if b == 0x5B || b == 0x3C || b == 0x28 { brackets += 1 }
                if i > 0 && b == bytes[i - 1] && isDelimiter(b) {
                    run += 1
                    if run > maximumDelimiterRun {
                        throw MarkdownLimitError(
                            line: number,
                            message:
                                "has a run of more than \(maximumDelimiterRun) '\(Character(Unicode.Scalar(b)))' characters; shorten it")
                    }
                } else {
                    run = 1
                }
            }
            if pipes > maximumTableCells {
                throw MarkdownLimitError(
                    line: number, message: "has a table row with more than \(maximumTableCells) cells; split the table")
            }
            var depth = 0
            var index = 0
            // Container markers at the start of a line: > - * + and ordered-list numbers (1. or 1)).
            while index < bytes.count {
                let b = bytes[index]
                if b == 0x3E || b == 0x2D || b == 0x2A || b == 0x2B {
                    depth += 1
                } else if b >= 0x30 && b <= 0x39 {
                    var end = index
                    while end < bytes.count, bytes[end] >= 0x30 && bytes[end] <= 0x39 { end += 1 }
                    guard end < bytes.count, bytes[end] == 0x2E || bytes[end] == 0x29 else { break }
                    depth += 1
                    index = end
                } else if b != 0x20 && b != 0x09 {
                    break
                }
                index += 1
            }
            if depth > maximumNesting {
                throw MarkdownLimitError(line: number, message: "nests quotes or lists more than \(maximumNesting) levels deep")
            }
        }
        if brackets > maximumBrackets {
            throw MarkdownLimitError(
                line: 1, message: "has more than \(maximumBrackets) brackets ('[', '(', '<'); split it into several documents")
        }
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        // * _ ~ ` [ ] ( ) < > ! | \ and the emphasis-like characters cmark scans.
        [0x2A, 0x5F, 0x7E, 0x60, 0x5B, 0x5D, 0x28, 0x29, 0x3C, 0x3E, 0x21, 0x7C, 0x5C].contains(byte)
    }
}
