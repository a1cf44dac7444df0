import CCmarkGFM
import Foundation

/// One block of rendered text, as a reader sees it: a heading, a paragraph, a list item, a table
/// row (its cells), a code block, a raw-HTML block or a rule. Redlines compare documents block by
/// block, then word by word inside the blocks that changed.
public struct MarkdownBlock: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case heading(level: Int)
        case paragraph
        /// The first paragraph of a list item; `ordered` lists show their number.
        case listItem(ordered: Bool)
        case code
        case tableRow(header: Bool)
        case html
        case rule
    }

    public var kind: Kind
    /// The text as read (inline formatting removed, white space collapsed); a code block keeps its lines.
    public var text: String
    /// A table row's cells, in order.
    public var cells: [String]
    /// Nesting in lists: 0 outside any list.
    public var depth: Int
    /// Inside a block quote.
    public var quoted: Bool
    /// The table a row belongs to (its position among the document's tables).
    public var table: Int?
    /// "•", "3." or "☐"/"☑" for a list item; empty otherwise. Not compared: renumbering is no change.
    public var marker: String
    /// The 1-based line of the body where the block starts.
    public var line: Int

    /// What two blocks must share to be the same block: the kind, the place and the text.
    public var key: String {
        "\(kind)|\(depth)|\(quoted)|" + (cells.isEmpty ? text : cells.joined(separator: "\u{1F}"))
    }

    /// The words a reader reads: the text, or the cells joined.
    public var words: String { cells.isEmpty ? text : cells.joined(separator: " ") }
}

extension MarkdownDocument {
    /// The document's blocks in reading order (headings, paragraphs, list items, table rows, code).
    public var blocks: [MarkdownBlock] {
        var result: [MarkdownBlock] = []
        var tables = 0
        collect(children: root, depth: 0, quoted: false, into: &result, tables: &tables)
        return result
    }

    private func collect(children parent: OpaquePointer, depth: Int, quoted: Bool, into result: inout [MarkdownBlock], tables: inout Int) {
        var child = cmark_node_first_child(parent)
        while let node = child {
            collect(node: node, depth: depth, quoted: quoted, marker: nil, into: &result, tables: &tables)
            child = cmark_node_next(node)
        }
    }

    private func collect(
        node: OpaquePointer, depth: Int, quoted: Bool, marker: String?, into result: inout [MarkdownBlock], tables: inout Int
    ) {
        let line = Int(cmark_node_get_start_line(node))
        func block(_ kind: MarkdownBlock.Kind, _ text: String, cells: [String] = [], table: Int? = nil) -> MarkdownBlock {
            MarkdownBlock(
                kind: kind, text: text, cells: cells, depth: depth, quoted: quoted, table: table, marker: marker ?? "", line: line)
        }
        let typeName = cmark_node_get_type_string(node).map { String(cString: $0) } ?? ""
        switch cmark_node_get_type(node) {
        case CMARK_NODE_HEADING:
            result.append(block(.heading(level: Int(cmark_node_get_heading_level(node))), Self.inlineText(of: node)))
        case CMARK_NODE_PARAGRAPH:
            result.append(block(marker == nil ? .paragraph : .listItem(ordered: marker!.hasSuffix(".")), Self.inlineText(of: node)))
        case CMARK_NODE_CODE_BLOCK:
            var literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
            if literal.hasSuffix("\n") { literal.removeLast() }
            result.append(block(.code, literal))
        case CMARK_NODE_HTML_BLOCK:
            let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
            result.append(block(.html, literal.trimmingCharacters(in: .whitespacesAndNewlines)))
        case CMARK_NODE_THEMATIC_BREAK:
            result.append(block(.rule, ""))
        case CMARK_NODE_BLOCK_QUOTE:
            collect(children: node, depth: depth, quoted: true, into: &result, tables: &tables)
        case CMARK_NODE_LIST:
            let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
            var number = Int(cmark_node_get_list_start(node))
            var item = cmark_node_first_child(node)
            while let current = item {
                var itemMarker = ordered ? "\(number)." : "•"
                if typeNameOf(current) == "tasklist" {
                    itemMarker = cmark_gfm_extensions_get_tasklist_item_checked(current) ? "☑" : "☐"
                }
                collectItem(current, marker: itemMarker, depth: depth + 1, quoted: quoted, into: &result, tables: &tables)
                number += 1
                item = cmark_node_next(current)
            }
        case CMARK_NODE_FOOTNOTE_DEFINITION:
            let label = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
            let first = result.count
            collect(children: node, depth: depth, quoted: quoted, into: &result, tables: &tables)
            // The note's own label opens its first block, as the rendered page numbers it.
            if first < result.count, result[first].cells.isEmpty {
                result[first].text = "[\(label)] " + result[first].text
            }
        default:
            if typeName == "table" {
                let table = tables
                tables += 1
                var row = cmark_node_first_child(node)
                while let current = row {
                    var cells: [String] = []
                    var cell = cmark_node_first_child(current)
                    while let cellNode = cell {
                        cells.append(Self.inlineText(of: cellNode))
                        cell = cmark_node_next(cellNode)
                    }
                    let header = cmark_gfm_extensions_get_table_row_is_header(current) != 0
                    let rowLine = Int(cmark_node_get_start_line(current))
                    var rowBlock = block(.tableRow(header: header), "", cells: cells, table: table)
                    rowBlock.line = rowLine > 0 ? rowLine : line
                    result.append(rowBlock)
                    row = cmark_node_next(current)
                }
            } else if cmark_node_first_child(node) != nil {
                collect(children: node, depth: depth, quoted: quoted, into: &result, tables: &tables)
            }
        }
    }

    /// A list item: its first paragraph carries the marker; what follows is indented under it.
    private func collectItem(
        _ item: OpaquePointer, marker: String, depth: Int, quoted: Bool, into result: inout [MarkdownBlock], tables: inout Int
    ) {
        var child = cmark_node_first_child(item)
        var first = true
        if child == nil {
            result.append(
                MarkdownBlock(
                    kind: .listItem(ordered: marker.hasSuffix(".")), text: "", cells: [], depth: depth, quoted: quoted, table: nil,
                    marker: marker, line: Int(cmark_node_get_start_line(item))))
        }
        while let node = child {
            let isParagraph = cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH
            collect(node: node, depth: depth, quoted: quoted, marker: first && isParagraph ? marker : nil, into: &result, tables: &tables)
            first = false
            child = cmark_node_next(node)
        }
    }

    private func typeNameOf(_ node: OpaquePointer) -> String {
        cmark_node_get_type_string(node).map { String(cString: $0) } ?? ""
    }

    /// The words of a block's inline content: text and code as written, link text, images as
    /// "[image: alt]", footnote references as "[label]", line breaks (and `<br>`) as spaces.
    static func inlineText(of node: OpaquePointer) -> String {
        guard let iterator = cmark_iter_new(node) else { return "" }
        defer { cmark_iter_free(iterator) }
        var text = ""
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let child = cmark_iter_get_node(iterator), child != node else { continue }
            let type = cmark_node_get_type(child)
            if event == CMARK_EVENT_EXIT {
                if type == CMARK_NODE_IMAGE { text += "]" }
                continue
            }
            switch type {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                text += cmark_node_get_literal(child).map { String(cString: $0) } ?? ""
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text += " "
            case CMARK_NODE_HTML_INLINE:
                let literal = (cmark_node_get_literal(child).map { String(cString: $0) } ?? "").lowercased()
                if literal.hasPrefix("<br") { text += " " }
            case CMARK_NODE_IMAGE:
                text += "[image: "
            case CMARK_NODE_FOOTNOTE_REFERENCE:
                text += "[\(cmark_node_get_literal(child).map { String(cString: $0) } ?? "")]"
            default:
                break
            }
        }
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
