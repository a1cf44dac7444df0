import Foundation
import Markdown
import Records

/// The checks `stet check` makes on a tree without looking at history
/// (PRODUCT.md §4, §10): types, people, roles, ids, references, links and
/// reasons for change.
public enum StaticChecks {
    /// All findings of a snapshot, including those made while reading it, in a stable order.
    /// `source`, when given, is the tree the snapshot was read from: links to
    /// files other than documents are checked against it.
    public static func run(_ snapshot: Snapshot, source: FileSource? = nil) -> [Finding] {
        var findings = snapshot.findings
        let records = snapshot.records
        let configuration = records.configuration
        let typeCodes = configuration.sortedTypes.map(\.code.rawValue)
        let roleIDs = records.roles.keys.map(\.rawValue)
        let personIDs = records.people.keys.map(\.rawValue)

        var firstByID: [DocumentID: Document] = [:]
        for document in snapshot.documents {
            let front = document.frontMatter
            let file = document.path.rawValue
            func finding(_ code: FindingCode, _ field: String?, _ message: String, line: Int? = nil) {
                findings.append(
                    Finding(code, document: front.id, file: file, line: line ?? field.flatMap(front.line(of:)) ?? 1, message: message))
            }

            if let first = firstByID[front.id] {
                finding(
                    .duplicateID, "id",
                    "id \(front.id) is already used by \(first.path) (line \(first.frontMatter.line(of: "id") ?? 1)); give this document its own id (`stet new` picks the next free one)"
                )
            } else {
                firstByID[front.id] = document
            }
            if configuration.types[front.type] == nil {
                let hint = closest(to: front.type.rawValue, among: typeCodes).map { "did you mean \($0)? " } ?? ""
                finding(
                    .unknownType, "type",
                    "type \(front.type) is not defined in stet.yaml; \(hint)use one of: \(typeCodes.joined(separator: ", "))")
            }
            if records.people[front.owner] == nil {
                let hint = closest(to: front.owner.rawValue, among: personIDs).map { " (did you mean '\($0)'?)" } ?? ""
                finding(
                    .unknownPerson, "owner",
                    "owner '\(front.owner)' is not a person in roles/people.yaml\(hint); use a person id from that file")
            }
            if let training = front.training {
                for (role, line) in zip(training.roles, training.roleLines) where records.roles[role] == nil {
                    let hint = closest(to: role.rawValue, among: roleIDs).map { " (did you mean '\($0)'?)" } ?? ""
                    finding(
                        .unknownRole, nil,
                        "training role '\(role)' is not defined in roles/roles.yaml\(hint); define it there or correct the name", line: line
                    )
                }
            }
            if front.revision.number > 1 && (front.change ?? "").isEmpty {
                finding(
                    .missingChangeReason, "revision",
                    "revision \(front.revision) needs a reason for change: add a line like `change: \"What changed and why\"` to the front matter"
                )
            }
            findings += linkFindings(in: document, snapshot: snapshot, source: source)
        }

        let ids = Set(snapshot.documents.map(\.id))
        for document in snapshot.documents {
            let front = document.frontMatter
            for (reference, line) in zip(front.references, front.referenceLines) where !ids.contains(reference) {
                let hint = closest(to: reference.rawValue, among: ids.map(\.rawValue)).map { " (did you mean \($0)?)" } ?? ""
                findings.append(
                    Finding(
                        .danglingReference, document: front.id, file: document.path.rawValue, line: line,
                        message:
                            "references names \(reference), which is not the id of any document in \(configuration.documentsDir)\(hint); correct it or remove it"
                    ))
            }
        }
        findings += siteFindings(snapshot, ids: ids)
        return Finding.ordered(findings)
    }

    /// Sites named by documents must be declared in `stet.yaml`; `implements` must name another document; the
    /// documents of `approver-qualification` must exist (PRODUCT.md §3, §4).
    static func siteFindings(_ snapshot: Snapshot, ids: Set<DocumentID>) -> [Finding] {
        let configuration = snapshot.records.configuration
        let declared = configuration.sortedSites.map(\.id.rawValue)
        var findings: [Finding] = []
        for document in snapshot.documents {
            let front = document.frontMatter
            let file = document.path.rawValue
            for (site, line) in zip(front.sites, front.siteLines) where configuration.sites[site] == nil {
                let hint = closest(to: site.rawValue, among: declared).map { " (did you mean \($0)?)" } ?? ""
                let known = declared.isEmpty ? "stet.yaml declares no sites" : "the sites are \(declared.joined(separator: ", "))"
                findings.append(
                    Finding(
                        .danglingReference, document: front.id, file: file, line: line,
                        message:
                            "sites names '\(site)', which is not a site of stet.yaml\(hint) (\(known)); declare it under sites: or correct it"
                    ))
            }
            if let implements = front.implements {
                if implements.document == front.id || !ids.contains(implements.document) {
                    let why = implements.document == front.id ? "is this document itself" : "is not the id of any document"
                    findings.append(
                        Finding(
                            .danglingReference, document: front.id, file: file, line: implements.line,
                            message: "implements names \(implements.document), which \(why); name the global document this one implements"))
                } else if let global = snapshot.documents.first(where: { $0.id == implements.document }),
                    implements.revision > global.frontMatter.revision.number
                {
                    findings.append(
                        Finding(
                            .danglingReference, document: front.id, file: file, line: implements.line,
                            message:
                                "implements names \(implements.document) rev \(implements.revision), but \(implements.document) is at revision \(global.frontMatter.revision); align to an existing revision"
                        ))
                }
            }
        }
        for document in configuration.approverQualification where !ids.contains(document) {
            findings.append(
                Finding(
                    .danglingReference, file: Configuration.path, line: configuration.approverQualificationLine,
                    message:
                        "approver-qualification names \(document), which is not the id of any document in \(configuration.documentsDir); correct it or remove it"
                ))
        }
        return findings
    }

    /// The `markdown-limit` finding for a document whose text is refused before rendering, if it is.
    public static func renderingRefusal(of document: Document) -> Finding? {
        do {
            try MarkdownLimits.check(document.body)
            return nil
        } catch {
            return Finding(
                .markdownLimit, document: document.id, file: document.path.rawValue, line: error.line + document.bodyFirstLine - 1,
                message: "the document text \(error.message); stet refuses to render or release it as it stands")
        }
    }

    /// A destination as quoted in a message: long ones are cut, so that a document cannot make the report huge.
    static func shown(_ destination: String) -> String {
        destination.count <= 200 ? destination : String(destination.prefix(200)) + "…"
    }

    /// `broken-link` findings for relative links to `.md` files, and refusals of bodies too large or pathological to render.
    static func linkFindings(in document: Document, snapshot: Snapshot, source: FileSource?) -> [Finding] {
        let file = document.path.rawValue
        let markdown: MarkdownDocument
        do {
            markdown = try MarkdownDocument(document.body)
        } catch {
            return [
                Finding(
                    .markdownLimit, document: document.id, file: file, line: error.line + document.bodyFirstLine - 1,
                    message: "the document text \(error.message); stet refuses to render or release it as it stands")
            ]
        }
        var findings: [Finding] = []
        // Raw HTML the portal drops: one warning per line, naming every tag dropped there.
        var droppedByLine: [Int: [String]] = [:]
        for dropped in markdown.droppedHTML where droppedByLine[dropped.line]?.contains(dropped.tag) != true {
            droppedByLine[dropped.line, default: []].append(dropped.tag)
        }
        for (line, tags) in droppedByLine.sorted(by: { $0.key < $1.key }) {
            findings.append(
                Finding(
                    .rawHTML, severity: .warning, document: document.id, file: file, line: line + document.bodyFirstLine - 1,
                    message:
                        "raw HTML \(tags.joined(separator: ", ")) is dropped from the portal; only <br>, <sup>, <sub>, <kbd>, <img> with a local src, and <details>/<summary> are shown: write it in Markdown instead (a table, a list, **bold**, ![image](file.png))"
                ))
        }
        for line in markdown.unclosedDetails {
            findings.append(
                Finding(
                    .rawHTML, severity: .warning, document: document.id, file: file, line: line + document.bodyFirstLine - 1,
                    message:
                        "<details> is never closed: the portal closes it at the end of the text, so everything after it is folded away on screen (paper prints it); add </details> where the fold should end"
                ))
        }
        // Links, images, and the `src` of an allowlisted raw-HTML <img> (an attachment too, §4.1).
        for link in markdown.links + markdown.htmlImageSources {
            let resolved = LinkTarget.resolve(link.destination, from: document.path)
            if case .file(let target)? = resolved, let source, source.kind(of: target) == nil {
                findings.append(
                    Finding(
                        .brokenLink, document: document.id, file: file, line: link.line + document.bodyFirstLine - 1,
                        message:
                            "the link to '\(Self.shown(link.destination))' points to \(target), which does not exist; fix the path or remove the link"
                    ))
                continue
            }
            // An attachment the portal cannot publish is never released (§4.1): too large, or active content.
            if case .file(let target)? = resolved, let source,
                target.rawValue.hasPrefix(snapshot.records.configuration.documentsDir.rawValue + "/")
            {
                let size: Int?
                if case .file(let bytes)? = source.kind(of: target) { size = bytes } else { size = nil }
                if let why = Attachments.unpublishable(target, size: size) {
                    findings.append(
                        Finding(
                            .brokenLink, document: document.id, file: file, line: link.line + document.bodyFirstLine - 1,
                            message: "the link to '\(Self.shown(link.destination))' names \(target), which \(why)"))
                    continue
                }
            }
            guard case .document(let target, _)? = resolved else {
                if case .invalid(let why)? = resolved {
                    findings.append(
                        Finding(
                            .brokenLink, document: document.id, file: file, line: link.line + document.bodyFirstLine - 1,
                            message: "the link to '\(Self.shown(link.destination))' \(why)"))
                }
                continue
            }
            if !snapshot.documentPaths.contains(target) {
                let line = link.line + document.bodyFirstLine - 1
                let reason: String
                if !target.rawValue.hasPrefix(snapshot.records.configuration.documentsDir.rawValue + "/") {
                    reason =
                        "points to \(target), which is outside the controlled documents (\(snapshot.records.configuration.documentsDir)); link only to controlled documents"
                } else {
                    let byName = snapshot.documents.first { $0.path.lastComponent == target.lastComponent }
                    let hint =
                        byName.map {
                            " (there is \($0.path); the link from here would be '\(LinkTarget.relativePath(from: document.path, to: $0.path))')"
                        } ?? ""
                    reason = "points to \(target), which does not exist\(hint); fix the path or remove the link"
                }
                findings.append(
                    Finding(
                        .brokenLink, document: document.id, file: file, line: line,
                        message: "the link to '\(Self.shown(link.destination))' \(reason)"))
            }
        }
        return findings
    }
}

/// Where a link in a document leads.
public enum LinkTarget: Equatable {
    /// A `.md` file in the repository, with the fragment (without `#`) if any.
    case document(RepositoryPath, fragment: String?)
    /// Any other file in the repository (an image, a PDF).
    case file(RepositoryPath)
    /// A relative `.md` link that cannot be resolved; the reason, for a message.
    case invalid(String)

    /// Resolves a link written in the document at `from`. Returns nil for links
    /// stet leaves alone: other schemes, fragments, non-Markdown files.
    public static func resolve(_ destination: String, from source: RepositoryPath) -> LinkTarget? {
        var pathPart = destination
        var fragment: String?
        if let hash = pathPart.firstIndex(of: "#") {
            fragment = String(pathPart[pathPart.index(after: hash)...])
            pathPart = String(pathPart[..<hash])
        }
        if let query = pathPart.firstIndex(of: "?") { pathPart = String(pathPart[..<query]) }
        guard !pathPart.isEmpty, !hasScheme(pathPart) else { return nil }
        let decoded = pathPart.utf8.contains(0x25) ? (pathPart.removingPercentEncoding ?? pathPart) : pathPart
        if decoded.hasPrefix("/") || decoded.hasPrefix("\\") {
            return .invalid("is absolute; write it relative to this document (like ../quality/SOP-QA-001.md) so it works in the portal")
        }
        var segments = source.rawValue.utf8.split(separator: 0x2F).dropLast().map { Substring($0) }
        for segment in decoded.utf8.split(separator: 0x2F, omittingEmptySubsequences: true) {
            if segment.elementsEqual(".".utf8) { continue }
            if segment.elementsEqual("..".utf8) {
                guard !segments.isEmpty else { return .invalid("points outside the repository; link only to controlled documents") }
                segments.removeLast()
            } else {
                segments.append(Substring(segment))
            }
        }
        guard let path = RepositoryPath(segments.joined(separator: "/")) else {
            return .invalid("is not a usable path; link only to controlled documents")
        }
        let isMarkdown =
            path.lastComponent.utf8.count >= 3 && path.lastComponent.utf8.suffix(3).map({ $0 | 0x20 }).elementsEqual(".md".utf8)
        guard isMarkdown else { return .file(path) }
        if decoded.hasSuffix("/") {
            return .invalid("ends with '/'; remove it so that it names the document's file")
        }
        return .document(path, fragment: fragment)
    }

    /// Whether a link starts with a URL scheme (`https:`, `mailto:`, `javascript:`): `^[A-Za-z][A-Za-z0-9+.-]*:`.
    static func hasScheme(_ link: String) -> Bool {
        let bytes = Array(link.utf8)
        guard let first = bytes.first, (first | 0x20) >= 0x61 && (first | 0x20) <= 0x7A else { return false }
        for byte in bytes.dropFirst() {
            if byte == 0x3A { return true }
            let letter = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
            let digit = byte >= 0x30 && byte <= 0x39
            guard letter || digit || byte == 0x2B || byte == 0x2E || byte == 0x2D else { return false }
        }
        return false
    }

    /// The relative path from one repository file to another (`../forms/FORM-QA-001.md`).
    public static func relativePath(from source: RepositoryPath, to target: RepositoryPath) -> String {
        let from = source.rawValue.split(separator: "/").dropLast()
        let to = target.rawValue.split(separator: "/")
        var common = 0
        while common < from.count, common < to.count - 1, from[from.startIndex + common] == to[common] { common += 1 }
        let ups = Array(repeating: "..", count: from.count - common)
        return (ups + to[common...].map(String.init)).joined(separator: "/")
    }
}
