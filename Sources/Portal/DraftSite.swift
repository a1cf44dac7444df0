import Control
import Foundation
import Markdown
import Records
import Repository

/// Everything a portal build needs besides the theme.
public struct SiteInput {
    public var snapshot: Snapshot
    /// The commit the working tree is based on, if known.
    public var sourceCommit: String?
    public var asOf: CalendarDate?
    public var stetVersion: String
    /// Where the working tree's attachments are read from (§4.1); without it, none is published.
    public var source: FileSource?

    public init(snapshot: Snapshot, sourceCommit: String?, asOf: CalendarDate?, stetVersion: String, source: FileSource? = nil) {
        self.snapshot = snapshot
        self.source = source
        self.sourceCommit = sourceCommit
        self.asOf = asOf
        self.stetVersion = stetVersion
    }
}

/// The portal rendered from the working tree, before release history exists:
/// every page is marked "DRAFT — not released" and no revision is shown as
/// effective.
public enum DraftSite {
    /// The output path of a document's page, from the site root.
    public static func pagePath(of id: DocumentID) -> String { "documents/\(id.rawValue)/index.html" }

    /// Renders every page; returns file contents keyed by path in the site.
    public static func render(_ input: SiteInput, theme: Theme) throws -> [String: Data] {
        let snapshot = input.snapshot
        let records = snapshot.records
        let configuration = records.configuration
        let byPath = Dictionary(snapshot.documents.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let byID = Dictionary(snapshot.documents.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let documents = snapshot.documents.sorted { $0.id < $1.id }

        var base: [String: Any] = [
            "organization": configuration.organization,
            "draft": true,
            "stetVersion": input.stetVersion,
        ]
        if let commit = input.sourceCommit { base["sourceCommit"] = String(commit.prefix(12)) }
        if let asOf = input.asOf { base["asOf"] = asOf.description }

        func summary(_ document: Document, root: String) -> [String: Any] {
            let front = document.frontMatter
            let type = configuration.types[front.type]
            return [
                "id": front.id.rawValue,
                "title": front.title,
                "type": front.type.rawValue,
                "typeName": type?.name ?? front.type.rawValue,
                "revision": front.revision.number,
                "owner": front.owner.rawValue,
                "ownerName": records.people[front.owner]?.name ?? front.owner.rawValue,
                "href": root + pagePath(of: front.id),
                "statusClass": "draft",
                "statusLabel": "Draft — not released",
            ]
        }

        var files: [String: Data] = [:]
        var register = base
        register["root"] = ""
        register["documents"] = documents.map { summary($0, root: "") }
        register["documentCount"] = documents.count
        files["index.html"] = Data(theme.render("register", register).utf8)

        var attachmentSizes: [ObjectID: Int] = [:]
        for document in documents {
            let front = document.frontMatter
            let root = "../../"
            // The working tree's attachments, published by content like a release's (§4.1).
            let attachments =
                try input.source.map {
                    try AttachmentPublisher.publishDraft(
                        document, source: $0, documentsDir: configuration.documentsDir, into: &files, sizes: &attachmentSizes)
                } ?? []
            func attachment(_ destination: String) -> String? {
                AttachmentPublisher.href(
                    for: destination, from: document.path, attachments: attachments, documentsDir: configuration.documentsDir, root: root)
            }
            let markdown: MarkdownDocument
            do {
                markdown = try MarkdownDocument(document.body)
            } catch {
                throw ThemeError(
                    file: document.path.rawValue,
                    message: "line \(error.line + document.bodyFirstLine - 1): the document text \(error.message)")
            }
            markdown.rewriteLinks { destination in
                guard case .document(let target, let fragment)? = LinkTarget.resolve(destination, from: document.path),
                    let linked = byPath[target]
                else { return attachment(destination) }
                return root + pagePath(of: linked.id) + (fragment.map { "#" + $0 } ?? "")
            }
            var page = summary(document, root: root)
            if let change = front.change { page["change"] = change }
            page.merge(RecordSite.migrationContext(front)) { $1 }
            if let training = front.training, !training.roles.isEmpty {
                page["hasTrainingRoles"] = true
                page["trainingRequired"] = training.required
                page["trainingRoles"] = training.roles.enumerated().map { index, role in
                    ["name": records.roles[role]?.name ?? role.rawValue, "last": index == training.roles.count - 1] as [String: Any]
                }
            }
            if !front.references.isEmpty {
                page["hasReferences"] = true
                page["references"] = front.references.enumerated().map { index, id in
                    [
                        "id": id.rawValue, "href": byID[id] != nil ? root + pagePath(of: id) : "#",
                        "last": index == front.references.count - 1,
                    ] as [String: Any]
                }
            }
            page["bodyHTML"] = markdown.html(omittingTitle: front.title, imageSource: { attachment($0) ?? $0 })
            page["hasBody"] = true
            if !attachments.isEmpty {
                page["hasAttachments"] = true
                page["attachments"] = AttachmentPublisher.list(attachments, sizes: attachmentSizes, root: root)
            }
            var context = base
            context["root"] = root
            context["document"] = page
            files[pagePath(of: front.id)] = Data(theme.render("document", context).utf8)
        }
        for (name, data) in theme.assetFiles { files["assets/\(name)"] = data }
        return files
    }
}
