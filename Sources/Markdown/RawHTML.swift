import Foundation

/// A piece of raw HTML that the portal does not show (PRODUCT.md §4.1).
public struct DroppedHTML: Hashable, Sendable {
    /// The 1-based line within the Markdown body.
    public var line: Int
    /// How it reads in a message: `<div>`, `</span>`, `<img src="http://…">`, `<!DOCTYPE>`.
    public var tag: String
}

/// Raw HTML in a document, reduced to a small allowlist (PRODUCT.md §4.1):
/// `br`, `sup`, `sub`, `kbd`, `details`/`summary` without attributes (but
/// `open`), and `img` with a local `src` and only `alt`, `title`, `width`,
/// `height`. Every other tag is dropped, its text kept as text; the content
/// of `script`, `style` and similar elements is dropped too. The output is
/// rebuilt from the parts read, never copied, so no attribute or markup
/// outside the allowlist can pass.
public enum RawHTML {
    public static let allowed: Set<String> = ["br", "sup", "sub", "kbd", "img", "details", "summary"]
    /// Elements whose content is not text for a reader.
    static let opaque: Set<String> = ["script", "style", "textarea", "title", "iframe", "object", "template", "noscript", "svg", "math"]
    /// Elements that separate words: dropping them leaves a space.
    static let separating: Set<String> = [
        "p", "div", "ul", "ol", "li", "table", "thead", "tbody", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
        "blockquote", "section", "article", "dl", "dt", "dd", "center", "figure", "figcaption",
    ]

    /// The safe HTML for `fragment`, and what was dropped with its line offset
    /// within the fragment (0 for its first line). `imageSource` maps a local
    /// `src` to the URL to print, or nil when it cannot be published.
    public static func sanitize(_ fragment: String, imageSource: (String) -> String?) -> (
        html: String, dropped: [(tag: String, lineOffset: Int)]
    ) {
        let bytes = Array(fragment.utf8)
        var output: [UInt8] = []
        var dropped: [(tag: String, lineOffset: Int)] = []
        var index = 0
        var line = 0
        var skipUntilClosing: String?
        func newlines(_ range: Range<Int>) -> Int { bytes[range].reduce(0) { $1 == 0x0A ? $0 + 1 : $0 } }

        while index < bytes.count {
            let byte = bytes[index]
            guard byte == 0x3C, let tag = Tag.read(bytes, at: index) else {
                if skipUntilClosing == nil { appendText(byte, bytes, index, to: &output) }
                if byte == 0x0A { line += 1 }
                index += 1
                continue
            }
            let tagLine = line
            line += newlines(index..<tag.end)
            index = tag.end
            if let closing = skipUntilClosing {
                if tag.kind == .close && tag.name == closing { skipUntilClosing = nil }
                continue
            }
            switch tag.kind {
            case .comment:
                continue
            case .declaration:
                dropped.append(("<!\(tag.name.isEmpty ? "…" : tag.name)>", tagLine))
                continue
            case .open, .close:
                break
            }
            let name = tag.name
            if allowed.contains(name), let html = rebuild(tag, imageSource: imageSource) {
                output += Array(html.utf8)
                continue
            }
            if name == "img" {
                let source = tag.attributes.first { $0.name == "src" }?.value ?? ""
                dropped.append(("<img src=\"\(source)\">", tagLine))
                if let alt = tag.attributes.first(where: { $0.name == "alt" })?.value, !alt.isEmpty {
                    output += Array(HTMLEscaping.escape(alt).utf8)
                }
                continue
            }
            dropped.append((tag.kind == .close ? "</\(name)>" : "<\(name)>", tagLine))
            if tag.kind == .open && opaque.contains(name) && !tag.selfClosing { skipUntilClosing = name }
            if separating.contains(name) { output.append(0x20) }
        }
        return (String(decoding: output, as: UTF8.self), dropped)
    }

    /// Balances the `<details>` elements of a document's sanitized fragments, in document order, so that the author's
    /// own folds can neither close one of the page's nor stay open past the text: a `</details>` with none open is
    /// removed (`strays`), and each `<details>` never closed is returned (`unclosed`), both as the fragment's index and
    /// the line offset within it; the caller closes the unclosed ones at the end of the text.
    public static func balanceDetails(_ fragments: inout [String]) -> (
        strays: [(fragment: Int, lineOffset: Int)], unclosed: [(fragment: Int, lineOffset: Int)]
    ) {
        let open = Array("<details".utf8)
        let close = Array("</details>".utf8)
        var strays: [(fragment: Int, lineOffset: Int)] = []
        var opened: [(fragment: Int, lineOffset: Int)] = []
        for number in fragments.indices where fragments[number].contains("details") {
            let bytes = Array(fragments[number].utf8)
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            var index = 0
            var line = 0
            while index < bytes.count {
                if bytes[index] == 0x0A { line += 1 }
                if bytes[index] == 0x3C {
                    if bytes[index...].starts(with: close) {
                        if opened.isEmpty {
                            strays.append((number, line))
                        } else {
                            opened.removeLast()
                            output += close
                        }
                        index += close.count
                        continue
                    }
                    if bytes[index...].starts(with: open), index + open.count < bytes.count,
                        bytes[index + open.count] == 0x3E || bytes[index + open.count] == 0x20
                    {
                        opened.append((number, line))
                    }
                }
                output.append(bytes[index])
                index += 1
            }
            fragments[number] = String(decoding: output, as: UTF8.self)
        }
        return (strays, opened)
    }

    /// Appends a text byte escaped; an entity reference already written (`&amp;`, `&#160;`) is kept.
    private static func appendText(_ byte: UInt8, _ bytes: [UInt8], _ index: Int, to output: inout [UInt8]) {
        switch byte {
        case 0x3C: output += Array("&lt;".utf8)
        case 0x3E: output += Array("&gt;".utf8)
        case 0x22: output += Array("&quot;".utf8)
        case 0x26:
            if isEntity(bytes, at: index) { output.append(byte) } else { output += Array("&amp;".utf8) }
        default: output.append(byte)
        }
    }

    private static func isEntity(_ bytes: [UInt8], at index: Int) -> Bool {
        var end = index + 1
        let start = end
        if end < bytes.count && bytes[end] == 0x23 {
            end += 1
            if end < bytes.count && (bytes[end] == 0x78 || bytes[end] == 0x58) { end += 1 }
        }
        while end < bytes.count && end - start < 32, isAlphanumeric(bytes[end]) { end += 1 }
        return end > start && end < bytes.count && bytes[end] == 0x3B
    }

    /// An allowed tag written out again with only the attributes it needs; nil when it cannot be kept.
    private static func rebuild(_ tag: Tag, imageSource: (String) -> String?) -> String? {
        if tag.kind == .close { return tag.name == "br" || tag.name == "img" ? "" : "</\(tag.name)>" }
        switch tag.name {
        case "br": return "<br>"
        case "details": return tag.attributes.contains { $0.name == "open" } ? "<details open>" : "<details>"
        case "img":
            guard let source = tag.attributes.first(where: { $0.name == "src" })?.value, isLocal(source),
                let published = imageSource(source)
            else { return nil }
            var html = "<img src=\"\(HTMLEscaping.escape(published))\""
            for name in ["alt", "title"] {
                if let value = tag.attributes.first(where: { $0.name == name })?.value {
                    html += " \(name)=\"\(HTMLEscaping.escape(value))\""
                }
            }
            for name in ["width", "height"] {
                if let value = tag.attributes.first(where: { $0.name == name })?.value, !value.isEmpty, value.count <= 5,
                    value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
                {
                    html += " \(name)=\"\(value)\""
                }
            }
            return html + ">"
        default: return "<\(tag.name)>"
        }
    }

    /// A relative path within the repository: no scheme, no host, not absolute, no backslashes.
    public static func isLocal(_ source: String) -> Bool {
        guard !source.isEmpty, !source.hasPrefix("/"), !source.contains("\\") else { return false }
        let beforeSlash = source.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return !beforeSlash.contains(":")
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}

/// Escaping for text and attribute values.
enum HTMLEscaping {
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

/// One tag read from raw HTML.
struct Tag {
    enum Kind { case open, close, comment, declaration }
    var kind: Kind
    /// Lower-cased element name ("" for a comment).
    var name: String
    var attributes: [(name: String, value: String)]
    var selfClosing: Bool
    /// The index just after the tag.
    var end: Int

    /// Reads a tag starting at `start` (a `<`); nil when the `<` starts no tag (it is then text).
    static func read(_ bytes: [UInt8], at start: Int) -> Tag? {
        var index = start + 1
        guard index < bytes.count else { return nil }
        if bytes[index...].starts(with: Array("!--".utf8)) {
            var end = index + 3
            while end + 2 < bytes.count && !(bytes[end] == 0x2D && bytes[end + 1] == 0x2D && bytes[end + 2] == 0x3E) { end += 1 }
            return Tag(kind: .comment, name: "", attributes: [], selfClosing: false, end: min(end + 3, bytes.count))
        }
        if bytes[index] == 0x21 || bytes[index] == 0x3F {
            let nameStart = index + 1
            var end = nameStart
            while end < bytes.count && bytes[end] != 0x3E { end += 1 }
            let name = String(decoding: bytes[nameStart..<end].prefix { RawHTML.isAlphanumeric($0) }, as: UTF8.self)
            return Tag(kind: .declaration, name: name.uppercased(), attributes: [], selfClosing: false, end: min(end + 1, bytes.count))
        }
        var kind = Kind.open
        if bytes[index] == 0x2F {
            kind = .close
            index += 1
        }
        let nameStart = index
        guard index < bytes.count, (bytes[index] | 0x20) >= 0x61 && (bytes[index] | 0x20) <= 0x7A else { return nil }
        while index < bytes.count && (RawHTML.isAlphanumeric(bytes[index]) || bytes[index] == 0x2D) { index += 1 }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
        var attributes: [(name: String, value: String)] = []
        var selfClosing = false
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C }
        while index < bytes.count {
            while index < bytes.count && isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count else { return nil }
            if bytes[index] == 0x3E { return Tag(kind: kind, name: name, attributes: attributes, selfClosing: selfClosing, end: index + 1) }
            if bytes[index] == 0x2F {
                selfClosing = true
                index += 1
                continue
            }
            let attributeStart = index
            while index < bytes.count && !isSpace(bytes[index]) && ![0x3D, 0x3E, 0x2F].contains(bytes[index]) { index += 1 }
            let attribute = String(decoding: bytes[attributeStart..<index], as: UTF8.self).lowercased()
            while index < bytes.count && isSpace(bytes[index]) { index += 1 }
            var value = ""
            if index < bytes.count && bytes[index] == 0x3D {
                index += 1
                while index < bytes.count && isSpace(bytes[index]) { index += 1 }
                guard index < bytes.count else { return nil }
                if bytes[index] == 0x22 || bytes[index] == 0x27 {
                    let quote = bytes[index]
                    let valueStart = index + 1
                    guard let close = bytes[valueStart...].firstIndex(of: quote) else { return nil }
                    value = String(decoding: bytes[valueStart..<close], as: UTF8.self)
                    index = close + 1
                } else {
                    let valueStart = index
                    while index < bytes.count && !isSpace(bytes[index]) && bytes[index] != 0x3E { index += 1 }
                    value = String(decoding: bytes[valueStart..<index], as: UTF8.self)
                }
            }
            if attributeStart == index { index += 1 }
            if !attribute.isEmpty { attributes.append((attribute, decodeEntities(value))) }
        }
        return nil
    }

    /// The few entities an attribute value commonly holds.
    static func decodeEntities(_ value: String) -> String {
        guard value.contains("&") else { return value }
        return value.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
