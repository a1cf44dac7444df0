import Foundation
import FuzzSupport
import Records

// Strict YAML and the files built on it: a document's front matter, stet.yaml, roles/*.yaml.
// Invariants: what StrictYAML accepts, written back out in flow style with every scalar
// double-quoted, reads back to the same tree of strings; a document's body is the end of its
// text and starts at the line it claims.

/// The node in flow style, every scalar double-quoted and escaped.
func emit(_ node: YAMLNode) -> String {
    switch node {
    case .scalar(let scalar): return quoted(scalar.string)
    case .sequence(let items, _): return "[" + items.map(emit).joined(separator: ", ") + "]"
    case .mapping(let entries, _): return "{" + entries.map { quoted($0.key.string) + ": " + emit($0.value) }.joined(separator: ", ") + "}"
    }
}

func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case _ where scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value <= 0x9F) || scalar.value == 0x2028
            || scalar.value == 0x2029 || scalar.value == 0xFEFF:
            result += "\\u" + String(format: "%04X", scalar.value)
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result + "\""
}

/// The tree without lines and quoting styles.
indirect enum Shape: Equatable {
    case scalar(String)
    case sequence([Shape])
    case mapping([String], [Shape])

    init(_ node: YAMLNode) {
        switch node {
        case .scalar(let scalar): self = .scalar(scalar.string)
        case .sequence(let items, _): self = .sequence(items.map(Shape.init))
        case .mapping(let entries, _): self = .mapping(entries.map(\.key.string), entries.map { Shape($0.value) })
        }
    }
}

func fuzz(_ input: [UInt8]) {
        guard let text = try? SourceText.decode(Data(input)) else { return }

    if let node = try? StrictYAML.parse(text, maximumBytes: 64 * 1024) {
        let written = emit(node)
        do {
            let again = try StrictYAML.parse(written, maximumBytes: 16 * 1024 * 1024)
            require(again.map(Shape.init) == Shape(node), "'\(written)' reads back differently")
        } catch {
            require(false, "'\(written)' does not read back: line \(error.line): \(error.message)")
        }
    }

    let path = RepositoryPath("controlled-docs/fuzz.md")!
    let (document, problems) = DocumentReader.read(text: text, path: path)
    if let document {
        require(text.hasSuffix(document.body), "the body is not the end of the text")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        require(document.bodyFirstLine >= 3 && document.bodyFirstLine <= lines.count + 1, "body line \(document.bodyFirstLine)")
        if document.bodyFirstLine <= lines.count {
            require(document.body.hasPrefix(lines[document.bodyFirstLine - 1]), "the body does not start at line \(document.bodyFirstLine)")
        }
        require(problems.allSatisfy { $0.kind == .unknownField }, "a document came with an invalid field")
    } else {
        require(!problems.isEmpty, "a document was refused without a problem")
    }
    for problem in problems { require(problem.line >= 1, "problem at line \(problem.line): \(problem.message)") }

    _ = Configuration.decode(text)
    _ = Directory.decodeRoles(text)
    _ = Directory.decodePeople(text)
}
