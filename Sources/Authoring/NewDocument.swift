import Control
import Foundation
import Records

/// `stet new TYPE "Title"`: the next free id for a type in a folder, and the document's first
/// revision from the repository's template.
public struct NewDocument {
    /// What `stet new` was asked for.
    public struct Request {
        public var type: String
        public var title: String
        /// A person id; nil: the person whose e-mail is `email`.
        public var owner: String?
        /// The git `user.email` of whoever runs the command, used when `owner` is nil.
        public var email: String?
        /// A folder under the documents folder (or a path starting with it); nil: the documents folder.
        public var folder: String?
        /// The id's middle part (`QA` in `SOP-QA-007`); nil: inferred from the folder's documents.
        public var area: String?

        public init(type: String, title: String, owner: String?, email: String?, folder: String?, area: String?) {
            self.type = type
            self.title = title
            self.owner = owner
            self.email = email
            self.folder = folder
            self.area = area
        }
    }

    public struct NewDocumentError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The document's id, its path in the repository and its text.
    public var id: DocumentID
    public var path: RepositoryPath
    public var text: String
    /// Something the author should know about the id chosen (no area could be inferred).
    public var note: String? = nil

    /// The template used when the repository has none (`templates/document.md` is a copy).
    public static let defaultTemplate = """
        ---
        id: {{id}}
        title: {{title}}
        type: {{type}}
        revision: 1
        owner: {{owner}}
        training:
          roles: [all-staff]
          required: true
        ---

        # {{title}}

        ## 1 Purpose

        What this document is for, in one or two sentences.

        ## 2 Scope

        Where and to whom it applies, and what it does not cover.

        ## 3 Responsibilities

        | Role | Responsibility |
        |---|---|
        | | |

        ## 4 Procedure

        1. 

        ## 5 Records

        The records this procedure produces and where they are kept.

        """

    /// Plans the new document in `snapshot` (the repository as it stands), from the template text
    /// the repository provides (`templates/TYPE.md`, else `templates/document.md`), or the default.
    public static func plan(_ request: Request, in snapshot: Snapshot, template: String?) throws(NewDocumentError) -> NewDocument {
        let configuration = snapshot.records.configuration
        guard let type = TypeCode(request.type), configuration.types[type] != nil else {
            throw NewDocumentError(
                description:
                    "'\(request.type)' is not a document type of stet.yaml; use one of \(configuration.sortedTypes.map(\.code.rawValue).joined(separator: ", "))"
            )
        }
        if let problem = TextSafety.problem(inDisplayText: request.title) {
            throw NewDocumentError(description: "the title \(problem)")
        }
        let owner = try resolveOwner(request, records: snapshot.records)
        let folder = try resolveFolder(request.folder, documentsDir: configuration.documentsDir)

        // Every id in use: valid documents' ids and the names of every Markdown file, valid or not.
        var used: [(id: String, folder: String)] = snapshot.documents.map { ($0.id.rawValue, parent(of: $0.path.rawValue)) }
        for path in snapshot.documentPaths {
            let name = (path.rawValue as NSString).lastPathComponent
            used.append((String(name.dropLast(3)), parent(of: path.rawValue)))
        }
        let area: String?
        if let requested = request.area {
            guard DocumentID("\(type)-\(requested)-1") != nil, !requested.contains("-") else {
                throw NewDocumentError(description: "--area \(requested): use capital letters and digits, like QA")
            }
            area = requested
        } else {
            area = inferArea(type: type.rawValue, folder: folder.rawValue, used: used)
        }
        guard let id = nextID(type: type, area: area, used: used.map(\.id)),
            let path = RepositoryPath("\(folder.rawValue)/\(id.rawValue).md")
        else {
            throw NewDocumentError(description: "could not make a valid id from \(type)-\(area.map { "\($0)-" } ?? "")")
        }
        let text = render(template ?? defaultTemplate, id: id, title: request.title, type: type, owner: owner)
        let (document, problems) = DocumentReader.read(text: text, path: path)
        guard document != nil, problems.isEmpty else {
            let first = problems.first.map { "line \($0.line): \($0.message)" } ?? "no front matter"
            throw NewDocumentError(
                description:
                    "the template does not make a valid document (\(first)); fix templates/\(type).md or templates/document.md (placeholders: {{id}}, {{title}}, {{type}}, {{owner}})"
            )
        }
        var note: String?
        if area == nil, used.contains(where: { $0.id.split(separator: "-").count > 2 }) {
            note =
                "\(folder) has no documents to take an area code from and --area was not given, so the id has none (\(id)); if your ids have one, delete \(path) and run again with --area CODE (like --area QA for \(type)-QA-001)"
        }
        return NewDocument(id: id, path: path, text: text, note: note)
    }

    /// Fills a template. In the front matter, the title becomes a quoted YAML string.
    static func render(_ template: String, id: DocumentID, title: String, type: TypeCode, owner: PersonID) -> String {
        let quoted = quotedYAML(title)
        var lines = template.components(separatedBy: "\n")
        var inFrontMatter = false
        for index in lines.indices {
            if lines[index] == "---" {
                inFrontMatter = index == 0
                continue
            }
            lines[index] = lines[index]
                .replacingOccurrences(of: "{{id}}", with: id.rawValue)
                .replacingOccurrences(of: "{{type}}", with: type.rawValue)
                .replacingOccurrences(of: "{{owner}}", with: owner.rawValue)
                .replacingOccurrences(of: "{{title}}", with: inFrontMatter ? quoted : title)
        }
        return lines.joined(separator: "\n")
    }
}

extension NewDocument {
    /// The next free id for `type` (and `area`, when given) among the ids in `used`: one more than
    /// the highest number in use, at least three digits (SOP-QA-007 after SOP-QA-006; SOP-001 without an area).
    public static func nextID(type: TypeCode, area: String?, used: some Sequence<String>) -> DocumentID? {
        let prefix = area.map { "\(type)-\($0)-" } ?? "\(type)-"
        var highest = 0
        var width = 3
        for id in used where id.hasPrefix(prefix) {
            let digits = id.dropFirst(prefix.count)
            guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), let number = Int(digits) else { continue }
            highest = max(highest, number)
            width = max(width, digits.count)
        }
        let number = String(highest + 1)
        return DocumentID(prefix + String(repeating: "0", count: max(0, width - number.count)) + number)
    }

    /// The area the documents already in `folder` use (see `plan`), for callers outside this type.
    public static func area(forType type: TypeCode, inFolder folder: String, used: [(id: String, folder: String)]) -> String? {
        inferArea(type: type.rawValue, folder: folder, used: used)
    }
}

// MARK: - Helpers

/// `text` as a YAML double-quoted scalar (the caller has refused control characters).
func quotedYAML(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}

private extension NewDocument {
    static func parent(of path: String) -> String { (path as NSString).deletingLastPathComponent }

    static func resolveOwner(_ request: Request, records: RecordSet) throws(NewDocumentError) -> PersonID {
        let active = records.sortedPeople.filter(\.active)
        if let name = request.owner {
            guard let id = PersonID(name), let person = records.people[id] else {
                throw NewDocumentError(
                    description:
                        "--owner \(name) is not in roles/people.yaml; use one of \(active.map(\.id.rawValue).joined(separator: ", "))")
            }
            guard person.active else {
                throw NewDocumentError(description: "--owner \(name): \(person.name) is no longer active; choose an active owner")
            }
            return id
        }
        let email = request.email?.lowercased()
        if let email, let person = active.first(where: { $0.email.rawValue.lowercased() == email }) {
            return person.id
        }
        throw NewDocumentError(
            description:
                "who owns it? Pass --owner with a person id from roles/people.yaml (\(active.prefix(8).map(\.id.rawValue).joined(separator: ", "))\(active.count > 8 ? ", …" : ""))"
                + (email.map { "; your git user.email \($0) is nobody's there" } ?? "")
        )
    }

    static func resolveFolder(_ folder: String?, documentsDir: RepositoryPath) throws(NewDocumentError) -> RepositoryPath {
        guard var folder, !folder.isEmpty, folder != "." else { return documentsDir }
        while folder.hasSuffix("/") { folder.removeLast() }
        if folder == documentsDir.rawValue { return documentsDir }
        if folder.hasPrefix(documentsDir.rawValue + "/") { folder.removeFirst(documentsDir.rawValue.count + 1) }
        guard let path = RepositoryPath("\(documentsDir.rawValue)/\(folder)") else {
            throw NewDocumentError(description: "--folder \(folder): name a folder inside \(documentsDir), like quality or quality/lab")
        }
        return path
    }

    /// The area of the documents already in the folder: of this type first, else of any type; the
    /// most common, then the first alphabetically.
    static func inferArea(type: String, folder: String, used: [(id: String, folder: String)]) -> String? {
        func areas(_ entries: [(id: String, folder: String)]) -> String? {
            var counts: [String: Int] = [:]
            for entry in entries {
                let parts = entry.id.split(separator: "-")
                guard parts.count == 3, parts[2].allSatisfy(\.isNumber) else { continue }
                counts[String(parts[1]), default: 0] += 1
            }
            return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.first?.key
        }
        let here = used.filter { $0.folder == folder }
        return areas(here.filter { $0.id.hasPrefix(type + "-") }) ?? areas(here)
    }
}
