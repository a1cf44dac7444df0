import Control
import Foundation
import Markdown
import Records

/// `stet import SRC… [--map FILE]`: plans bringing existing Markdown documents under control. It
/// reads the sources, infers or takes from the mapping file each document's id, type, owner and
/// title, keeps foreign front matter as `legacy:` and `x-` fields, places the documents and the
/// files they link under the documents folder and rewrites the links that moved. Writing the
/// files and committing them is the command's job; the plan is only data.
public struct ImportPlan: Sendable {
    /// A Markdown file to import, as found under a source argument.
    public struct Source: Sendable {
        /// How it is named in reports, mapping files and `x-imported-from`: the source folder's name and
        /// the path under it (`legacy/quality/QP-0003 Document Control.md`), or a file's own name.
        public var name: String
        public var url: URL
        public var text: String
        /// What identifies it across runs, written as `x-imported-from`: its file (symbolic links resolved) relative
        /// to the repository's root (`legacy/a.md`, `../site-b/legacy/a.md`). Two folders of the same name are two
        /// sources; a file named on its own and found in its folder is one. The name until `identify(relativeTo:)`.
        public var origin: String

        public init(name: String, url: URL, text: String) {
            self.name = name
            self.url = url
            self.text = text
            origin = name
        }
    }

    /// Something stet worked out for a document, and from what.
    public struct Inference: Codable, Hashable, Sendable {
        public var field: String
        public var value: String
        public var from: String
    }

    /// Something a person must decide (`blocking`: nothing is written until it is) or look at.
    public struct Issue: Codable, Hashable, Sendable {
        public var source: String
        public var line: Int?
        public var field: String?
        public var message: String
        public var suggestion: String?
        public var blocking: Bool
    }

    /// A document of the plan.
    public struct Item: Sendable {
        public enum Status: String, Codable, Sendable {
            /// Written by this run.
            case imported
            /// Imported by an earlier run (its `x-imported-from` names this source): left as it is.
            case unchanged
            /// Not written: something must be decided first.
            case undecided
        }
        public var source: String
        public var status: Status
        public var id: DocumentID?
        public var path: RepositoryPath?
        public var title: String?
        public var type: TypeCode?
        public var owner: PersonID?
        public var inferred: [Inference]
        /// The complete file, front matter and body.
        public var text: String?
    }

    /// A non-Markdown file that imported documents link or embed, copied beside the first of them.
    public struct Attachment: Sendable {
        public var source: String
        public var url: URL
        public var path: RepositoryPath
        public var documents: [DocumentID]
    }

    public var items: [Item]
    public var attachments: [Attachment]
    public var issues: [Issue]

    /// Whether something must be decided before anything is written.
    public var isBlocked: Bool { issues.contains(where: \.blocking) }
    /// What this run writes.
    public var newItems: [Item] { items.filter { $0.status == .imported } }
}

public struct ImportError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A row of the mapping file: the source it names and its columns.
public struct ImportMapRow: Sendable {
    public var line: Int
    public var source: String
    public var fields: [String: String]
    /// The mapping file, as named on the command line.
    public var file = ""

    public static let columns = [
        "source", "id", "type", "owner", "title", "area", "folder", "training-roles", "legacy-id", "legacy-revision",
        "legacy-effective", "legacy-last-review",
    ]

    /// Reads a mapping file: CSV with a header row (`.csv`), else YAML: a list of mappings with the same
    /// keys as the CSV columns.
    public static func parse(_ text: String, fileName: String) throws(ImportError) -> [ImportMapRow] {
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        if fileName.lowercased().hasSuffix(".csv") { return try parseCSV(text, fileName: fileName) }
        let root: YAMLNode?
        do {
            root = try StrictYAML.parse(text, maximumBytes: 4 * 1024 * 1024)
        } catch {
            throw ImportError("\(fileName):\(error.line): the mapping file \(error.message)")
        }
        guard let root else { return [] }
        guard case .sequence(let entries, _) = root else {
            throw ImportError(
                "\(fileName):\(root.line): the mapping file must be a list, one entry per document, like:\n- source: \"QP-0003 Document Control.md\"\n  type: SOP\n  owner: tbecker"
            )
        }
        var rows: [ImportMapRow] = []
        for entry in entries {
            guard case .mapping(let pairs, let line) = entry else {
                throw ImportError("\(fileName):\(entry.line): each entry must be a mapping with a source and the columns to set")
            }
            var fields: [String: String] = [:]
            for pair in pairs {
                let key = pair.key.string
                guard columns.contains(key) else {
                    throw ImportError(
                        "\(fileName):\(pair.key.line): unknown key '\(key)'; the keys are \(columns.joined(separator: ", "))")
                }
                switch pair.value {
                case .scalar(let scalar): if !scalar.isNull { fields[key] = scalar.string }
                case .sequence(let items, _):
                    fields[key] = items.compactMap { if case .scalar(let s) = $0 { return s.string } else { return nil } }.joined(
                        separator: " ")
                case .mapping:
                    throw ImportError("\(fileName):\(pair.key.line): '\(key)' must be a single value")
                }
            }
            guard let source = fields.removeValue(forKey: "source"), !source.isEmpty else {
                throw ImportError(
                    "\(fileName):\(line): this entry has no source; name the file it is about (its name, or its path under the folder)")
            }
            rows.append(ImportMapRow(line: line, source: source, fields: fields, file: fileName))
        }
        return rows
    }

    static func parseCSV(_ text: String, fileName: String) throws(ImportError) -> [ImportMapRow] {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        guard let headerIndex = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return [] }
        let header = csvFields(lines[headerIndex]).map { $0.lowercased() }
        for name in header where !columns.contains(name) {
            throw ImportError(
                "\(fileName):\(headerIndex + 1): unknown column '\(name)'; the columns are \(columns.joined(separator: ", ")) (a header row is required)"
            )
        }
        guard header.contains("source") else {
            throw ImportError("\(fileName):\(headerIndex + 1): the header has no 'source' column; it names the file each row is about")
        }
        var rows: [ImportMapRow] = []
        for index in lines.indices where index > headerIndex && !lines[index].trimmingCharacters(in: .whitespaces).isEmpty {
            let values = csvFields(lines[index])
            guard values.count <= header.count else {
                throw ImportError(
                    "\(fileName):\(index + 1): \(values.count) values for \(header.count) columns; quote values that contain commas")
            }
            var fields: [String: String] = [:]
            for (name, value) in zip(header, values) where !value.isEmpty { fields[name] = value }
            guard let source = fields.removeValue(forKey: "source") else {
                throw ImportError("\(fileName):\(index + 1): this row has no source; name the file it is about")
            }
            rows.append(ImportMapRow(line: index + 1, source: source, fields: fields, file: fileName))
        }
        return rows
    }

    /// One CSV line's fields (RFC 4180 quotes), trimmed.
    static func csvFields(_ line: String) -> [String] {
        var result: [String] = []
        var current = ""
        var quoted = false
        var iterator = Array(line).makeIterator()
        var pending: Character? = nil
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    let next = iterator.next()
                    if next == "\"" { current.append("\"") } else { quoted = false; pending = next }
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                result.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        result.append(current.trimmingCharacters(in: .whitespaces))
        return result
    }
}

/// What the user chose for every document without its own value.
public struct ImportDefaults: Sendable {
    public var type: String?
    public var owner: String?
    public var area: String?
    public var folder: String?
    public var trainingRoles: [String]

    public init(type: String? = nil, owner: String? = nil, area: String? = nil, folder: String? = nil, trainingRoles: [String] = []) {
        self.type = type
        self.owner = owner
        self.area = area
        self.folder = folder
        self.trainingRoles = trainingRoles
    }
}

public enum Importer {
    public static let markdownExtensions: Set<String> = ["md", "markdown"]

    /// The Markdown files under each argument (a file, or a folder searched recursively, hidden
    /// folders skipped), in name order.
    public static func collect(_ arguments: [URL]) throws(ImportError) -> [ImportPlan.Source] {
        var sources: [ImportPlan.Source] = []
        var seen: Set<String> = []
        for argument in arguments {
            let url = argument.standardizedFileURL.resolvingSymlinksInPath()
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw ImportError("\(argument.path): no such file or folder")
            }
            var found: [(name: String, url: URL)] = []
            if isDirectory.boolValue {
                let base = url.lastPathComponent
                guard
                    let walker = FileManager.default.enumerator(
                        at: url, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
                else { throw ImportError("\(argument.path): cannot read this folder") }
                for case let file as URL in walker {
                    guard markdownExtensions.contains(file.pathExtension.lowercased()),
                        (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
                    else { continue }
                    let resolved = file.standardizedFileURL.resolvingSymlinksInPath()
                    let relative = String(resolved.path.dropFirst(url.path.count + 1))
                    found.append((base + "/" + relative, resolved))
                }
                if found.isEmpty { throw ImportError("\(argument.path): no Markdown files (.md, .markdown) in this folder") }
            } else {
                guard markdownExtensions.contains(url.pathExtension.lowercased()) else {
                    throw ImportError(
                        "\(argument.path): not a Markdown file (.md or .markdown); name Markdown files or folders holding them")
                }
                found.append((url.lastPathComponent, url))
            }
            for file in found.sorted(by: { $0.name < $1.name }) where seen.insert(file.url.path).inserted {
                guard let data = FileManager.default.contents(atPath: file.url.path) else {
                    throw ImportError("\(file.url.path): cannot be read")
                }
                guard data.count <= Document.maximumBytes else {
                    throw ImportError("\(file.url.path): \(data.count) bytes, more than a document may have (\(Document.maximumBytes))")
                }
                guard let text = String(data: data, encoding: .utf8) else {
                    throw ImportError("\(file.url.path): is not UTF-8 text; save it as UTF-8 and run again")
                }
                sources.append(ImportPlan.Source(name: file.name, url: file.url, text: text))
            }
        }
        return sources
    }

    /// The documents already imported: `x-imported-from` of each Markdown file under the documents folder.
    public static func imported(in snapshot: Snapshot, read: (RepositoryPath) -> String?) -> [String: (
        id: DocumentID, path: RepositoryPath
    )] {
        var result: [String: (id: DocumentID, path: RepositoryPath)] = [:]
        for document in snapshot.documents {
            if let field = document.frontMatter.extensions.first(where: { $0.name == importedFromField }) {
                result[field.value] = (document.id, document.path)
            }
        }
        // Documents whose front matter is not valid (yet) keep their claim too.
        let valid = Set(snapshot.documents.map(\.path))
        for path in snapshot.documentPaths where !valid.contains(path) {
            guard let text = read(path) else { continue }
            var id: DocumentID?
            var source: String?
            for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(200) {
                if line.hasPrefix("id:") { id = DocumentID(line.dropFirst(3).trimmingCharacters(in: .whitespaces)) }
                if line.hasPrefix(importedFromField + ":"),
                    case .mapping(let pairs, _)? = try? StrictYAML.parse(String(line), maximumBytes: 4096),
                    case .scalar(let scalar)? = pairs.first?.value
                {
                    source = scalar.string
                }
            }
            if let source {
                result[source] = (id ?? DocumentID(String(path.lastComponent.dropLast(3))) ?? DocumentID("UNKNOWN-0")!, path)
            }
        }
        return result
    }

    public static let importedFromField = "x-imported-from"

    /// Sets each source's `origin`: its resolved file relative to the repository root `root`.
    public static func identify(_ sources: [ImportPlan.Source], relativeTo root: URL) -> [ImportPlan.Source] {
        let base = root.standardizedFileURL.resolvingSymlinksInPath().path
        return sources.map { source in
            var source = source
            let file = source.url.standardizedFileURL.resolvingSymlinksInPath().path
            source.origin = Planner.relativePath(from: base, to: file)
            return source
        }
    }

    /// The folders whose files may be copied as attachments: each folder argument, and the folder of each file argument.
    public static func roots(_ arguments: [URL]) -> [String] {
        arguments.map { argument in
            let url = argument.standardizedFileURL.resolvingSymlinksInPath()
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            return isDirectory.boolValue ? url.path : url.deletingLastPathComponent().path
        }
    }

    /// Plans the import of `sources` into the repository `snapshot` describes.
    public static func plan(
        _ sources: [ImportPlan.Source], map: [ImportMapRow], defaults: ImportDefaults, snapshot: Snapshot,
        alreadyImported: [String: (id: DocumentID, path: RepositoryPath)], roots: [String]
    ) -> ImportPlan {
        var planner = Planner(snapshot: snapshot, defaults: defaults, alreadyImported: alreadyImported)
        planner.roots = roots
        return planner.plan(sources, map: map)
    }
}

// MARK: - Planning

struct Planner {
    let snapshot: Snapshot
    let defaults: ImportDefaults
    let alreadyImported: [String: (id: DocumentID, path: RepositoryPath)]
    var issues: [ImportPlan.Issue] = []
    /// Only files under these folders are copied as attachments.
    var roots: [String] = []
    var used: [(id: String, folder: String)]

    var configuration: Configuration { snapshot.records.configuration }

    init(snapshot: Snapshot, defaults: ImportDefaults, alreadyImported: [String: (id: DocumentID, path: RepositoryPath)]) {
        self.snapshot = snapshot
        self.defaults = defaults
        self.alreadyImported = alreadyImported
        used = snapshot.documents.map { ($0.id.rawValue, $0.path.parent) }
        for path in snapshot.documentPaths { used.append((String(path.lastComponent.dropLast(3)), path.parent)) }
    }

    mutating func block(_ source: String, _ line: Int?, _ field: String?, _ message: String, suggestion: String? = nil) {
        issues.append(.init(source: source, line: line, field: field, message: message, suggestion: suggestion, blocking: true))
    }

    mutating func review(_ source: String, _ line: Int?, _ field: String?, _ message: String) {
        issues.append(.init(source: source, line: line, field: field, message: message, suggestion: nil, blocking: false))
    }

    /// A source's parts: foreign front matter (key, value, line), the body and the body's first file line.
    struct Parsed {
        var fields: [(key: String, node: YAMLNode, line: Int)] = []
        var body: String
        var bodyFirstLine: Int
    }

    mutating func plan(_ sources: [ImportPlan.Source], map: [ImportMapRow]) -> ImportPlan {
        // Which map row belongs to which source: its full name, else its file name when only one source has it.
        var rowOf: [String: ImportMapRow] = [:]
        for row in map {
            let matches = sources.filter { $0.name == row.source || $0.name.hasSuffix("/" + row.source) }
            let exact = matches.filter { $0.name == row.source }
            let chosen = exact.count == 1 ? exact : matches
            if chosen.isEmpty {
                block(
                    row.file, row.line, "source",
                    "the mapping row for '\(row.source)' matches no source file; use the file's name or its path under the folder, as this report names it"
                )
            } else if chosen.count > 1 {
                block(
                    row.file, row.line, "source",
                    "the mapping row for '\(row.source)' matches \(chosen.count) files (\(chosen.map(\.name).joined(separator: ", "))); write the path under the folder to say which"
                )
            } else if let earlier = rowOf[chosen[0].name] {
                block(
                    row.file, row.line, "source",
                    "'\(chosen[0].name)' has two mapping rows (lines \(earlier.line) and \(row.line)); keep one")
            } else {
                rowOf[chosen[0].name] = row
            }
        }

        // First pass: identity of every document, so links between them can be rewritten.
        var items: [ImportPlan.Item] = []
        var parsedOf: [Int: Parsed] = [:]
        for (index, source) in sources.enumerated() {
            let row = rowOf[source.name]
            // A name with control characters (a newline, a tab, ESC) cannot be named in a mapping file, shown
            // safely, or written as x-imported-from: the file is renamed first.
            if let problem = TextSafety.problem(inDisplayText: source.name) ?? TextSafety.problem(inDisplayText: source.origin) {
                block(
                    source.name, nil, "source",
                    "its file name (or a folder above it) \(problem.replacingOccurrences(of: "; remove it", with: "")); rename it with only printable characters and run again"
                )
                items.append(
                    .init(
                        source: source.name, status: .undecided, id: nil, path: nil, title: nil, type: nil, owner: nil, inferred: [],
                        text: nil))
                continue
            }
            if let earlier = alreadyImported[source.origin] {
                items.append(
                    .init(
                        source: source.name, status: .unchanged, id: earlier.id, path: earlier.path, title: nil, type: nil, owner: nil,
                        inferred: [], text: nil))
                continue
            }
            guard let parsed = parse(source) else {
                items.append(
                    .init(
                        source: source.name, status: .undecided, id: nil, path: nil, title: nil, type: nil, owner: nil, inferred: [],
                        text: nil))
                continue
            }
            parsedOf[index] = parsed
            items.append(identify(source, parsed: parsed, row: row))
        }

        // Where every imported source now lives, by its file on disk.
        var newPathOf: [String: RepositoryPath] = [:]
        for (index, source) in sources.enumerated() {
            if let path = items[index].path { newPathOf[source.url.path] = path }
        }
        let sourceURLs = Set(sources.map(\.url.path))

        // Second pass: links, attachments, the text.
        var attachments: [ImportPlan.Attachment] = []
        var attachmentIndex: [String: Int] = [:]
        for (index, source) in sources.enumerated() {
            guard items[index].status == .imported, let path = items[index].path, let id = items[index].id, let parsed = parsedOf[index]
            else { continue }
            let body = rewriteLinks(
                parsed.body, firstLine: parsed.bodyFirstLine, source: source, documentPath: path, document: id, newPathOf: newPathOf,
                sourceURLs: sourceURLs, attachments: &attachments, attachmentIndex: &attachmentIndex)
            items[index].text = items[index].text.map { $0 + body }
            if let text = items[index].text {
                let (document, problems) = DocumentReader.read(text: text, path: path, people: snapshot.records.sortedPeople)
                if document == nil || !problems.isEmpty {
                    let problem = problems.first.map { "line \($0.line): \($0.message)" } ?? "it could not be read back"
                    block(
                        source.name, nil, nil, "the document stet would write is not valid (\(problem)); fix the mapping row or the source")
                    items[index].status = .undecided
                }
            }
        }
        return ImportPlan(items: items, attachments: attachments, issues: issues)
    }

    // MARK: Front matter

    mutating func parse(_ source: ImportPlan.Source) -> Parsed? {
        var text = source.text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        text = text.replacingOccurrences(of: "\r\n", with: "\n")
        let lines = text.components(separatedBy: "\n")
        func isDelimiter(_ line: String, _ marker: String) -> Bool {
            line.trimmingCharacters(in: .whitespaces) == marker
        }
        guard let first = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }), isDelimiter(lines[first], "---"),
            let closing = lines[(first + 1)...].firstIndex(where: { isDelimiter($0, "---") || isDelimiter($0, "...") })
        else {
            return Parsed(body: text, bodyFirstLine: 1)
        }
        let yaml = lines[(first + 1)..<closing].joined(separator: "\n").replacingOccurrences(of: "\t", with: "  ")
        let body = lines[(closing + 1)...].joined(separator: "\n")
        var parsed = Parsed(body: body, bodyFirstLine: closing + 2)
        let root: YAMLNode?
        do {
            root = try StrictYAML.parse(yaml, firstLine: first + 2, maximumBytes: Document.maximumFrontMatterBytes)
        } catch {
            block(
                source.name, error.line, nil,
                "its front matter cannot be read (\(error.message)); correct it in the source (quote values that contain ': ') and run again"
            )
            return nil
        }
        guard let root else { return parsed }
        guard case .mapping(let pairs, _) = root else {
            block(
                source.name, root.line, nil,
                "its front matter is \(root.kindDescription), not fields; correct it in the source and run again")
            return nil
        }
        parsed.fields = pairs.map { ($0.key.string, $0.value, $0.key.line) }
        return parsed
    }

    /// Lower case, words joined by '-'.
    static func normalizedKey(_ key: String) -> String {
        var result = ""
        for character in key.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                result.append(character)
            } else if !result.isEmpty && !result.hasSuffix("-") {
                result.append("-")
            }
        }
        while result.hasSuffix("-") { result.removeLast() }
        return result
    }

    static let titleKeys: Set<String> = ["title", "name", "document-title"]
    static let legacyIDKeys: Set<String> = ["id", "doc-id", "document-id", "document-number", "doc-no", "doc-number", "number", "code"]
    static let legacyRevisionKeys: Set<String> = ["revision", "rev", "version", "issue"]
    static let legacyEffectiveKeys: Set<String> = ["effective", "effective-date", "date-effective", "issued", "issue-date", "release-date"]
    static let legacyReviewKeys: Set<String> = ["last-review", "last-reviewed", "reviewed", "review-date", "last-review-date"]
    static let ownerKeys: Set<String> = ["owner", "document-owner", "author", "process-owner"]
    static let typeKeys: Set<String> = ["type", "doc-type", "document-type", "category", "kind"]

    static func scalarText(_ node: YAMLNode) -> String? {
        if case .scalar(let scalar) = node, !scalar.isNull { return scalar.string.trimmingCharacters(in: .whitespaces) }
        return nil
    }

    /// Every scalar under a node as (dash-joined key path, text).
    static func flatten(_ key: String, _ node: YAMLNode) -> [(String, String)] {
        switch node {
        case .scalar(let scalar): return scalar.isNull ? [] : [(key, scalar.string)]
        case .sequence(let items, _):
            let texts = items.compactMap { item -> String? in if case .scalar(let s) = item { return s.string } else { return nil } }
            if texts.count == items.count { return texts.isEmpty ? [] : [(key, texts.joined(separator: ", "))] }
            return items.enumerated().flatMap { flatten("\(key)-\($0.offset + 1)", $0.element) }
        case .mapping(let pairs, _):
            return pairs.flatMap { flatten(key + "-" + normalizedKey($0.key.string), $0.value) }
        }
    }

    // MARK: Identity

    mutating func identify(_ source: ImportPlan.Source, parsed: Parsed, row: ImportMapRow?) -> ImportPlan.Item {
        let name = source.name
        var inferred: [ImportPlan.Inference] = []
        var blocked = false
        let fields = row?.fields ?? [:]
        let rowLine = row.map { "map line \($0.line)" } ?? ""

        // Foreign front matter, sorted into what stet reads and what it keeps.
        var foreign: [String: (value: String, line: Int)] = [:]
        var extensions: [(name: String, value: String)] = []
        for field in parsed.fields {
            let key = Self.normalizedKey(field.key)
            let known = [
                Self.titleKeys, Self.legacyIDKeys, Self.legacyRevisionKeys, Self.legacyEffectiveKeys, Self.legacyReviewKeys, Self.ownerKeys,
                Self.typeKeys,
            ]
            .first { $0.contains(key) }
            if let known, let value = Self.scalarText(field.node), !value.isEmpty {
                let canonical =
                    known.sorted().first { ["title", "id", "revision", "effective", "last-review", "owner", "type"].contains($0) } ?? key
                if foreign[canonical] == nil {
                    foreign[canonical] = (value, field.line)
                    continue
                }
            }
            for (flatKey, value) in Self.flatten(key.hasPrefix("x-") ? key : "x-" + key, field.node) {
                guard flatKey != Importer.importedFromField else { continue }
                if let problem = TextSafety.problem(inDisplayText: value) {
                    review(name, field.line, field.key, "'\(field.key)' \(problem); it was left out")
                    continue
                }
                extensions.append((flatKey, value))
                inferred.append(.init(field: flatKey, value: value, from: "front matter '\(field.key)' (line \(field.line))"))
            }
        }

        // The file name: "QP-0003 Document Control.md" gives a legacy id and a title.
        let fileName = (source.url.lastPathComponent as NSString).deletingPathExtension
        var nameID: String?
        var nameTitle = fileName
        if let match = fileName.range(of: #"^[A-Za-z]{1,8}[-_ ]?[0-9]{1,6}([-_.][0-9]+)*"#, options: .regularExpression) {
            nameID = String(fileName[match])
            let rest = fileName[match.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: " _-–"))
            nameTitle = rest.isEmpty ? fileName : rest.replacingOccurrences(of: "_", with: " ")
        }

        // Title.
        var title: String
        if let value = fields["title"] {
            title = value
            inferred.append(.init(field: "title", value: value, from: rowLine))
        } else if let value = foreign["title"] {
            title = value.value
            inferred.append(.init(field: "title", value: value.value, from: "front matter (line \(value.line))"))
        } else if let heading = Self.firstHeading(parsed.body, firstLine: parsed.bodyFirstLine) {
            title = heading.text
            inferred.append(.init(field: "title", value: heading.text, from: "first heading (line \(heading.line))"))
        } else {
            title = nameTitle
            inferred.append(.init(field: "title", value: nameTitle, from: "file name (it has no heading: check the title)"))
        }
        title = title.trimmingCharacters(in: .whitespaces)
        if let problem = TextSafety.problem(inDisplayText: title) {
            block(name, nil, "title", "the title \(problem); set one in the mapping file's title column")
            blocked = true
        }

        // Legacy metadata.
        var legacyID = fields["legacy-id"] ?? foreign["id"]?.value ?? nameID
        if let value = legacyID {
            let from =
                fields["legacy-id"] != nil ? rowLine : foreign["id"] != nil ? "front matter (line \(foreign["id"]!.line))" : "file name"
            inferred.append(.init(field: "legacy.id", value: value, from: from))
        }
        let legacyRevision = fields["legacy-revision"] ?? foreign["revision"]?.value
        if let value = legacyRevision {
            inferred.append(
                .init(
                    field: "legacy.revision", value: value,
                    from: fields["legacy-revision"] != nil ? rowLine : "front matter (line \(foreign["revision"]!.line))"))
        }
        var legacyDates: [(key: String, date: CalendarDate)] = []
        for (key, column) in [("effective", "legacy-effective"), ("last-review", "legacy-last-review")] {
            guard let raw = fields[column] ?? foreign[key]?.value else { continue }
            let from = fields[column] != nil ? rowLine : "front matter (line \(foreign[key]!.line))"
            if let date = Self.date(raw) {
                legacyDates.append((key, date))
                inferred.append(.init(field: "legacy.\(key)", value: date.description, from: from))
            } else {
                review(
                    name, foreign[key]?.line ?? row?.line, key,
                    "the \(key) date '\(raw)' (\(from)) is not a date stet can read (YYYY-MM-DD); it is kept as x-legacy-\(key) — write it as legacy \(key) in the mapping file to use it"
                )
                extensions.append(("x-legacy-\(key)", raw))
            }
        }
        if let value = legacyID, TextSafety.problem(inDisplayText: value) != nil { legacyID = nil }

        // Type.
        var type: TypeCode?
        func typeCode(_ text: String) -> TypeCode? {
            let lowered = text.lowercased()
            return configuration.sortedTypes.first { $0.code.rawValue.lowercased() == lowered || $0.name.lowercased() == lowered }?.code
        }
        let typeNames = configuration.sortedTypes.map(\.code.rawValue).joined(separator: ", ")
        if let value = fields["type"] {
            type = typeCode(value)
            if type == nil {
                block(name, row?.line, "type", "the mapping file's type '\(value)' is not a type of stet.yaml; use one of \(typeNames)")
                blocked = true
            } else {
                inferred.append(.init(field: "type", value: type!.rawValue, from: rowLine))
            }
        } else if let value = foreign["type"], let code = typeCode(value.value) {
            type = code
            inferred.append(.init(field: "type", value: code.rawValue, from: "front matter '\(value.value)' (line \(value.line))"))
        } else if let prefix = legacyID?.prefix(while: \.isLetter), !prefix.isEmpty, let code = typeCode(String(prefix)) {
            type = code
            inferred.append(.init(field: "type", value: code.rawValue, from: "legacy id \(legacyID!)"))
        } else if let value = defaults.type {
            type = typeCode(value)
            if type == nil {
                block(name, nil, "type", "--type \(value) is not a type of stet.yaml; use one of \(typeNames)")
                blocked = true
            } else {
                inferred.append(.init(field: "type", value: type!.rawValue, from: "--type"))
            }
        } else {
            let hint = foreign["type"].map { " (its front matter says '\($0.value)', which is no type of stet.yaml)" } ?? ""
            block(
                name, foreign["type"]?.line, "type",
                "no type\(hint): give it in the mapping file's type column, or pass --type for every document without one; the types are \(typeNames)"
            )
            blocked = true
        }

        // Owner.
        let people = snapshot.records.sortedPeople
        var owner: PersonID?
        let ownerRaw = fields["owner"] ?? foreign["owner"]?.value ?? defaults.owner
        let ownerFrom =
            fields["owner"] != nil ? rowLine : foreign["owner"] != nil ? "front matter (line \(foreign["owner"]!.line))" : "--owner"
        if let raw = ownerRaw {
            switch Self.resolve(person: raw, among: people) {
            case .found(let person, let how):
                if !person.active {
                    block(
                        name, nil, "owner",
                        "the owner \(person.id) (\(person.name), from \(ownerFrom)) is no longer active; choose an active owner in the mapping file's owner column"
                    )
                    blocked = true
                } else {
                    owner = person.id
                    inferred.append(.init(field: "owner", value: person.id.rawValue, from: how.map { "\(ownerFrom): \($0)" } ?? ownerFrom))
                }
            case .unknown(let suggestion):
                block(
                    name, foreign["owner"]?.line ?? row?.line, "owner",
                    "the owner '\(raw)' (\(ownerFrom)) is nobody in roles/people.yaml; write a person id in the mapping file's owner column"
                        + (suggestion.map { " (did you mean \($0.id), \($0.name)?)" } ?? ""),
                    suggestion: suggestion?.id.rawValue)
                blocked = true
            }
        } else {
            block(
                name, nil, "owner",
                "no owner: give a person id in the mapping file's owner column, or pass --owner for every document without one")
            blocked = true
        }

        // Training: migrated content, people were trained on it in the previous system.
        let roleText =
            fields["training-roles"].map { $0.split(whereSeparator: { " ,;".contains($0) }).map(String.init) } ?? defaults.trainingRoles
        var roles: [RoleID] = []
        for text in roleText {
            if let role = RoleID(text), snapshot.records.roles[role] != nil {
                roles.append(role)
            } else {
                block(
                    name, row?.line, "training-roles",
                    "training role '\(text)' is not in roles/roles.yaml; use one of \(snapshot.records.roles.keys.map(\.rawValue).sorted().joined(separator: ", "))"
                )
                blocked = true
            }
        }

        if !roles.isEmpty {
            inferred.append(
                .init(
                    field: "training.roles", value: roles.map(\.rawValue).joined(separator: ", "),
                    from: (fields["training-roles"] != nil ? rowLine : "--training-roles")
                        + "; required: false (trained in the previous system)"))
        }

        // Where it goes and its id.
        var folder: RepositoryPath?
        if let type {
            let requested = fields["folder"] ?? defaults.folder
            folder = Self.folder(requested, type: type, documentsDir: configuration.documentsDir)
            if folder == nil {
                block(
                    name, row?.line, "folder", "the folder '\(requested ?? "")' is not a folder name; use one like quality or quality/lab")
                blocked = true
            }
        }
        var id: DocumentID?
        if let type, let folder {
            if let value = fields["id"] {
                if let requested = DocumentID(value), requested.rawValue.hasPrefix(type.rawValue + "-"),
                    !used.contains(where: { $0.id == requested.rawValue })
                {
                    id = requested
                    inferred.append(.init(field: "id", value: value, from: rowLine))
                } else {
                    block(
                        name, row?.line, "id",
                        DocumentID(value) == nil || !value.hasPrefix(type.rawValue + "-")
                            ? "the id '\(value)' is not a \(type) id like \(type)-QA-001; correct it or leave the column empty for the next free id"
                            : "the id \(value) is in use already; leave the column empty for the next free id")
                    blocked = true
                }
            } else {
                var area = fields["area"] ?? defaults.area
                if let given = area, DocumentID("\(type)-\(given)-1") == nil || given.contains("-") {
                    block(name, row?.line, "area", "the area '\(given)' must be capital letters and digits, like QA")
                    blocked = true
                    area = nil
                }
                if area == nil { area = NewDocument.area(forType: type, inFolder: folder.rawValue, used: used) }
                id = NewDocument.nextID(type: type, area: area, used: used.map(\.id))
                if let id { inferred.append(.init(field: "id", value: id.rawValue, from: "next free \(type) id")) }
            }
        }
        // What stet reads first, the kept x- fields after.
        inferred = inferred.filter { !$0.field.hasPrefix("x-") } + inferred.filter { $0.field.hasPrefix("x-") }
        guard !blocked, let id, let type, let owner, let folder, let path = folder.appending("\(id.rawValue).md") else {
            return .init(
                source: name, status: .undecided, id: nil, path: nil, title: title, type: type, owner: owner, inferred: inferred, text: nil)
        }
        used.append((id.rawValue, folder.rawValue))

        // The front matter stet writes.
        var lines = ["---", "id: \(id)", "title: \(quotedYAML(title))", "type: \(type)", "revision: 1", "owner: \(owner)"]
        if !roles.isEmpty {
            lines += ["training:", "  roles: [\(roles.map(\.rawValue).joined(separator: ", "))]", "  required: false"]
        }
        if legacyID != nil || legacyRevision != nil || !legacyDates.isEmpty {
            lines.append("legacy:")
            if let legacyID { lines.append("  id: \(quotedYAML(legacyID))") }
            if let legacyRevision { lines.append("  revision: \(quotedYAML(legacyRevision))") }
            for entry in legacyDates { lines.append("  \(entry.key): \(entry.date)") }
        }
        lines.append("\(Importer.importedFromField): \(quotedYAML(source.origin))")
        var written: Set<String> = [Importer.importedFromField]
        for entry in extensions where written.insert(entry.name).inserted {
            lines.append("\(entry.name): \(quotedYAML(entry.value))")
        }
        lines.append("---")
        let header = lines.joined(separator: "\n") + "\n"
        return .init(
            source: name, status: .imported, id: id, path: path, title: title, type: type, owner: owner, inferred: inferred, text: header)
    }

    static func date(_ raw: String) -> CalendarDate? {
        if let date = CalendarDate(raw) { return date }
        if raw.count > 10, let date = CalendarDate(String(raw.prefix(10))), "T ".contains(raw[raw.index(raw.startIndex, offsetBy: 10)]) {
            return date
        }
        return nil
    }

    static func folder(_ requested: String?, type: TypeCode, documentsDir: RepositoryPath) -> RepositoryPath? {
        guard var folder = requested, !folder.isEmpty else { return documentsDir.appending(type.rawValue.lowercased()) }
        while folder.hasSuffix("/") { folder.removeLast() }
        if folder == "." || folder == documentsDir.rawValue { return documentsDir }
        if folder.hasPrefix(documentsDir.rawValue + "/") { folder.removeFirst(documentsDir.rawValue.count + 1) }
        return documentsDir.appending(folder)
    }

    /// The first level-1 heading outside code fences: `# Title`, or `Title` underlined with `===`.
    static func firstHeading(_ body: String, firstLine: Int) -> (text: String, line: Int)? {
        var fence: String?
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, line) in lines.enumerated() {
            let next = offset + 1 < lines.count ? lines[offset + 1].trimmingCharacters(in: .whitespaces) : ""
            if fence == nil, !next.isEmpty, next.allSatisfy({ $0 == "=" }), !line.trimmingCharacters(in: .whitespaces).isEmpty,
                !line.hasPrefix("    "), !line.hasPrefix("\t")
            {
                return (line.trimmingCharacters(in: .whitespaces), firstLine + offset)
            }
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                let marker = String(trimmed.prefix(3))
                fence = fence == nil ? marker : (fence == marker ? nil : fence)
                continue
            }
            guard fence == nil, line.count - trimmed.count <= 3, trimmed.hasPrefix("# ") || trimmed == "#" else { continue }
            var text = trimmed.dropFirst(1).trimmingCharacters(in: .whitespaces)
            while text.hasSuffix("#") { text.removeLast() }
            text = text.trimmingCharacters(in: .whitespaces)
            if !text.isEmpty { return (text, firstLine + offset) }
        }
        return nil
    }

    enum PersonMatch {
        case found(Person, how: String?)
        case unknown(suggestion: Person?)
    }

    /// A person by id, name or e-mail; else a suggestion: the same family name, or an id made of the initial and family name.
    static func resolve(person raw: String, among people: [Person]) -> PersonMatch {
        func normalized(_ text: String) -> String { text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let text = raw.trimmingCharacters(in: .whitespaces)
        if let id = PersonID(text), let person = people.first(where: { $0.id == id }) { return .found(person, how: nil) }
        if let person = people.first(where: { normalized($0.name) == normalized(text) }) {
            return .found(person, how: "the person named '\(text)'")
        }
        if let person = people.first(where: { $0.email.rawValue.lowercased() == text.lowercased() }) {
            return .found(person, how: "the person with e-mail \(text)")
        }
        let words = normalized(text).split(separator: " ")
        guard let family = words.last else { return .unknown(suggestion: nil) }
        let initialID = words.count > 1 ? "\(words[0].prefix(1))\(family)" : String(family)
        let suggestion =
            people.first { $0.active && $0.id.rawValue == initialID }
            ?? people.first { $0.active && normalized($0.name).split(separator: " ").last == family }
            ?? people.first { $0.active && distance($0.id.rawValue, text.lowercased()) <= 2 }
        return .unknown(suggestion: suggestion)
    }

    /// Edit distance (insertions, deletions, substitutions) between two short texts.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty, !b.isEmpty, a.count < 64, b.count < 64 else { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    // MARK: Links and attachments

    static let linkPatterns: [NSRegularExpression] = [
        // [text](target "title") and ![alt](target)
        try! NSRegularExpression(pattern: #"\]\(\s*(<[^>\n]*>|[^)\s]+)"#),
        // [label]: target
        try! NSRegularExpression(pattern: #"(?m)^ {0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)"#),
        // src="…" / href='…' in a raw-HTML <img> or <a> tag (not the words src="…" in prose)
        try! NSRegularExpression(pattern: #"(?i)<(?:img|a)\b[^<>]*?\s(?:src|href)\s*=\s*(?:"([^"\n]*)"|'([^'\n]*)')"#),
    ]
    static let htmlAttribute = linkPatterns[2]

    /// The parts of `body` that are code (code blocks from the parser, and `code spans`): shown as written, so
    /// nothing there is a link, and nothing there is rewritten. UTF-16 ranges, as NSString counts.
    static func codeRanges(_ body: String, codeBlockLines: [ClosedRange<Int>]) -> [NSRange] {
        let units = Array(body.utf16)
        var lineStarts = [0]
        for (index, unit) in units.enumerated() where unit == 0x0A { lineStarts.append(index + 1) }
        func end(ofLine line: Int) -> Int { line < lineStarts.count ? lineStarts[line] : units.count }
        var ranges: [NSRange] = []
        var inBlock = Array(repeating: false, count: lineStarts.count + 1)
        for block in codeBlockLines {
            let first = max(1, block.lowerBound)
            let last = min(lineStarts.count, block.upperBound)
            guard first <= last else { continue }
            for line in first...last { inBlock[line] = true }
            ranges.append(NSRange(location: lineStarts[first - 1], length: end(ofLine: last) - lineStarts[first - 1]))
        }
        // Code spans: a run of n backticks up to the next run of exactly n, within a paragraph (no blank line).
        var line = 1
        while line <= lineStarts.count {
            guard !inBlock[line] else {
                line += 1
                continue
            }
            var last = line
            while last + 1 <= lineStarts.count, !inBlock[last + 1],
                !units[lineStarts[last]..<end(ofLine: last + 1)].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A })
            {
                last += 1
            }
            let stop = end(ofLine: last)
            var index = lineStarts[line - 1]
            while index < stop {
                if units[index] == 0x5C {
                    index += 2
                    continue
                }
                guard units[index] == 0x60 else {
                    index += 1
                    continue
                }
                let open = index
                while index < stop && units[index] == 0x60 { index += 1 }
                let length = index - open
                var search = index
                while search < stop {
                    guard units[search] == 0x60 else {
                        search += 1
                        continue
                    }
                    let run = search
                    while search < stop && units[search] == 0x60 { search += 1 }
                    if search - run == length {
                        ranges.append(NSRange(location: open, length: search - open))
                        index = search
                        break
                    }
                }
            }
            line = last + 1
        }
        return ranges
    }

    mutating func rewriteLinks(
        _ body: String, firstLine: Int, source: ImportPlan.Source, documentPath: RepositoryPath, document: DocumentID,
        newPathOf: [String: RepositoryPath], sourceURLs: Set<String>, attachments: inout [ImportPlan.Attachment],
        attachmentIndex: inout [String: Int]
    ) -> String {
        let text = body as NSString
        var replacements: [(NSRange, String)] = []
        let directory = source.url.deletingLastPathComponent()
        // What the Markdown parser reads as links, images and raw-HTML tags; code is never rewritten.
        let markdown = try? MarkdownDocument(body)
        var known = Set(markdown?.linkDestinations ?? [])
        for html in markdown?.rawHTML ?? [] {
            let literal = html as NSString
            for match in Self.htmlAttribute.matches(in: html, range: NSRange(location: 0, length: literal.length)) {
                for group in 1..<match.numberOfRanges where match.range(at: group).location != NSNotFound {
                    known.insert(literal.substring(with: match.range(at: group)))
                }
            }
        }
        let code = markdown.map { Self.codeRanges(body, codeBlockLines: $0.codeBlockLines) } ?? []
        for pattern in Self.linkPatterns {
            for match in pattern.matches(in: body, range: NSRange(location: 0, length: text.length)) {
                guard !code.contains(where: { NSIntersectionRange($0, match.range).length > 0 }) else { continue }
                var range = NSRange(location: NSNotFound, length: 0)
                for group in 1..<match.numberOfRanges where match.range(at: group).location != NSNotFound {
                    range = match.range(at: group)
                    break
                }
                guard range.location != NSNotFound, !replacements.contains(where: { NSIntersectionRange($0.0, range).length > 0 }) else {
                    continue
                }
                var target = text.substring(with: range)
                var angle = false
                if target.hasPrefix("<") && target.hasSuffix(">") {
                    target = String(target.dropFirst().dropLast())
                    angle = true
                }
                let unescaped = target.replacingOccurrences(of: #"\\([!-/:-@\[-`{-~])"#, with: "$1", options: .regularExpression)
                guard known.contains(target) || known.contains(unescaped) else { continue }
                guard !target.isEmpty, !target.hasPrefix("#"), !target.hasPrefix("/"),
                    target.range(of: #"^[A-Za-z][A-Za-z0-9+.-]*:"#, options: .regularExpression) == nil
                else { continue }
                let cut = target.firstIndex(where: { $0 == "#" || $0 == "?" }) ?? target.endIndex
                let suffix = String(target[cut...])
                let rawPath = String(target[..<cut])
                let decoded = rawPath.removingPercentEncoding ?? rawPath
                let line = firstLine + text.substring(to: range.location).filter { $0 == "\n" }.count
                let resolved = directory.appendingPathComponent(decoded).standardizedFileURL.resolvingSymlinksInPath()
                var isDirectory: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: resolved.path, isDirectory: &isDirectory)
                let isMarkdown = Importer.markdownExtensions.contains(resolved.pathExtension.lowercased())
                var newTarget: RepositoryPath?
                if let moved = newPathOf[resolved.path] {
                    newTarget = moved
                } else if let hidden = Self.hiddenComponent(link: decoded, resolved: resolved, roots: roots) {
                    // Private keys, .git/config with its tokens, editor backups: never copied, never committed.
                    review(
                        source.name, line, "link",
                        hidden == ".git"
                            ? "links to \(decoded), which is inside a .git folder (a repository's own configuration and history), so it was not copied; remove the link"
                            : "links to \(decoded), a hidden file or folder ('\(hidden)': its name starts with '.'), so it was not copied; if it belongs to the document, give it a name without a leading '.' and run again, else remove the link"
                    )
                    continue
                } else if isMarkdown {
                    review(
                        source.name, line, "link",
                        sourceURLs.contains(resolved.path)
                            ? "links to \(decoded), which is not imported in this run (it must be decided first); run again once it is, or correct the link"
                            : "links to \(decoded), \(exists ? "a Markdown file that is not being imported; import it too (name it on the command line) or remove the link" : "which does not exist; correct or remove the link")"
                    )
                    continue
                } else if !exists || isDirectory.boolValue {
                    review(
                        source.name, line, "link",
                        "links to \(decoded), which does not exist\(isDirectory.boolValue ? " as a file" : ""); correct or remove the link")
                    continue
                } else if !roots.contains(where: { resolved.path.hasPrefix($0 == "/" ? "/" : $0 + "/") }) {
                    review(
                        source.name, line, "link",
                        "links to \(decoded), which is outside the folders being imported, so it was not copied; if it belongs to the document, copy it into the source folder and run again, else remove the link"
                    )
                    continue
                } else if let existing = attachmentIndex[resolved.path] {
                    if !attachments[existing].documents.contains(document) { attachments[existing].documents.append(document) }
                    newTarget = attachments[existing].path
                } else {
                    let folder = "\(documentPath.parent)/\(document.rawValue)"
                    let name = Self.safeFileName(resolved.lastPathComponent)
                    var candidate = RepositoryPath("\(folder)/\(name)")
                    var counter = 2
                    while let path = candidate, attachments.contains(where: { $0.path == path }) {
                        let base = (name as NSString).deletingPathExtension
                        let ext = (name as NSString).pathExtension
                        candidate = RepositoryPath("\(folder)/\(base)-\(counter)\(ext.isEmpty ? "" : "." + ext)")
                        counter += 1
                    }
                    guard let path = candidate else { continue }
                    let relativeSource = Self.relativeName(of: resolved, from: source)
                    attachments.append(.init(source: relativeSource, url: resolved, path: path, documents: [document]))
                    attachmentIndex[resolved.path] = attachments.count - 1
                    newTarget = path
                }
                guard let newTarget else { continue }
                let relative = Self.relativePath(from: documentPath.parent, to: newTarget.rawValue) + suffix
                if relative != target { replacements.append((range, angle ? "<\(relative)>" : relative)) }
            }
        }
        let result = NSMutableString(string: body)
        for (range, value) in replacements.sorted(by: { $0.0.location > $1.0.location }) {
            result.replaceCharacters(in: range, with: value)
        }
        var string = result as String
        while string.hasPrefix("\n") { string.removeFirst() }
        if !string.hasSuffix("\n") { string.append("\n") }
        return "\n" + string
    }

    /// The first hidden name (starting with '.') on the way to a linked file: in the link as written, or in the
    /// resolved path under the folder being imported; `.git` anywhere in the resolved path. `nil` when there is none.
    static func hiddenComponent(link: String, resolved: URL, roots: [String]) -> String? {
        let written = link.split(separator: "/").map(String.init).filter { $0 != "." && $0 != ".." }
        let all = resolved.path.split(separator: "/").map(String.init)
        if all.contains(".git") || written.contains(".git") { return ".git" }
        if let hidden = written.first(where: { $0.hasPrefix(".") }) { return hidden }
        let root = roots.filter { resolved.path.hasPrefix($0 == "/" ? "/" : $0 + "/") }.max(by: { $0.count < $1.count })
        let under = root.map { String(resolved.path.dropFirst($0 == "/" ? 1 : $0.count + 1)) } ?? resolved.path
        return under.split(separator: "/").map(String.init).first { $0.hasPrefix(".") }
    }

    /// The attachment's name in reports: its path beside the source's name.
    static func relativeName(of file: URL, from source: ImportPlan.Source) -> String {
        // The folder the source's name starts from: `legacy/quality/a.md` at /x/legacy/quality/a.md starts at /x.
        var root = source.url.deletingLastPathComponent()
        for _ in 0..<max(0, source.name.split(separator: "/").count - 1) { root = root.deletingLastPathComponent() }
        let rootPath = root.standardizedFileURL.path
        if file.path.hasPrefix(rootPath + "/") { return String(file.path.dropFirst(rootPath.count + 1)) }
        return file.path
    }

    /// A file name that is safe in a repository and in a link: letters, digits, '.', '_' and '-'.
    static func safeFileName(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isASCII && (character.isLetter || character.isNumber || "._-".contains(character)) {
                result.append(character)
            } else if !result.hasSuffix("-") {
                result.append("-")
            }
        }
        while result.hasPrefix(".") || result.hasPrefix("-") { result.removeFirst() }
        return result.isEmpty ? "attachment" : result
    }

    /// `to` relative to the folder `from` (both repository paths).
    static func relativePath(from folder: String, to path: String) -> String {
        let base = folder.split(separator: "/")
        let target = path.split(separator: "/")
        var common = 0
        while common < base.count, common < target.count - 1, base[common] == target[common] { common += 1 }
        let ups = Array(repeating: "..", count: base.count - common)
        return (ups + target[common...].map(String.init)).joined(separator: "/")
    }
}
