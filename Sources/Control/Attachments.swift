import Foundation
import Markdown
import Records
import Repository

/// One attachment of a document's content (PRODUCT.md §4.1): a file under `documents-dir` that is not Markdown and
/// that the text links or embeds, with the blob it has in the tree the content was judged in (nil: it does not exist
/// there, a `broken-link`).
public struct AttachmentBlob: Hashable, Comparable, Sendable {
    public var path: RepositoryPath
    public var blob: ObjectID?

    public init(path: RepositoryPath, blob: ObjectID?) {
        self.path = path
        self.blob = blob
    }

    public static func < (lhs: AttachmentBlob, rhs: AttachmentBlob) -> Bool { lhs.path < rhs.path }
}

/// Finding a document's attachments: images and links in its Markdown (and the `src` of an allowlisted raw-HTML
/// `<img>`) with a relative target that resolves under `documents-dir` and is not a `.md` file.
public enum Attachments {
    /// The link destinations of a body that can name an attachment, in document order (duplicates kept).
    /// A body without any link syntax is not parsed.
    public static func destinations(inBody body: String) -> [String] {
        guard body.contains("](") || body.contains("]:") || body.range(of: "<img", options: .caseInsensitive) != nil else {
            return []
        }
        guard let markdown = try? MarkdownDocument(body) else { return [] }
        return markdown.linkDestinations + markdown.htmlImageSources.map(\.destination)
    }

    /// The attachment a destination written in the document at `source` names, if it names one.
    public static func path(of destination: String, from source: RepositoryPath, documentsDir: RepositoryPath) -> RepositoryPath? {
        guard case .file(let target)? = LinkTarget.resolve(destination, from: source),
            target.rawValue.hasPrefix(documentsDir.rawValue + "/")
        else { return nil }
        return target
    }

    /// The distinct attachment paths of the document at `source` with these destinations, sorted.
    public static func paths(destinations: [String], from source: RepositoryPath, documentsDir: RepositoryPath) -> [RepositoryPath] {
        Array(Set(destinations.compactMap { path(of: $0, from: source, documentsDir: documentsDir) })).sorted()
    }

    /// The largest attachment the portal publishes (64 MiB): a larger one is never released (`broken-link`).
    public static let maximumBytes = 64 * 1024 * 1024

    /// File types a browser runs as a page or script when opened from the portal (HTML, SVG, XML, JavaScript): on the
    /// portal's own origin such a file could act as any reader. They are never attachments (`broken-link`).
    public static let activeExtensions: Set<String> = ["html", "htm", "xhtml", "shtml", "svg", "svgz", "xml", "xsl", "xslt", "js", "mjs"]

    /// Why the portal cannot publish the attachment at `path` of `size` bytes (nil: it can), for a `broken-link`
    /// message that says how to fix it.
    public static func unpublishable(_ path: RepositoryPath, size: Int?) -> String? {
        let name = path.lastComponent
        if let dot = name.lastIndex(of: "."), activeExtensions.contains(name[name.index(after: dot)...].lowercased()) {
            return
                "is a file type a browser runs as a page or script (.\(name[name.index(after: dot)...].lowercased())) and the portal never publishes one: export it as PNG or PDF, or put it in a .zip archive"
        }
        if let size, size > maximumBytes {
            return
                "is \(size) bytes, over the portal's limit of \(maximumBytes / 1024 / 1024) MiB for an attachment: compress or split it, or keep it outside the controlled documents"
        }
        return nil
    }

    /// The name an attachment is published under: its file name with anything but letters, digits, `.`, `-` and `_`
    /// replaced by `_`, so that it is one safe path segment and needs no escaping in a URL.
    public static func publishedName(_ path: RepositoryPath) -> String {
        var name = String(
            String.UnicodeScalarView(
                path.lastComponent.unicodeScalars.map { scalar in
                    scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar)) ? scalar : "_"
                }))
        if name.hasPrefix(".") { name = "_" + name }
        return String(name.prefix(120))
    }

    /// Where the portal publishes the attachment with this blob, from the site root: addressed by content, so that
    /// each revision keeps its own bytes (`attachments/<blob id>/<name>`).
    public static func publishedPath(blob: ObjectID, path: RepositoryPath) -> String {
        "attachments/\(blob.hex)/\(publishedName(path))"
    }
}
