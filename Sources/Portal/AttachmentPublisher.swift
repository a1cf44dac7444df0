import Control
import Foundation
import Records
import Repository
import Signatures

/// Publishes each revision's attachments (PRODUCT.md §4.1) addressed by content: `attachments/<blob id>/<name>`, so
/// that a superseded revision keeps its own image when a later one changes it, and the same bytes are published once.
enum AttachmentPublisher {
    /// The largest attachment published; a larger one fails the build with a message naming it.
    static let maximumBytes = 64 * 1024 * 1024

    /// Adds the bytes of every attachment of `releases` to `files`; returns the size of each blob published.
    static func publish(_ releases: [Release], repository: GitRepository, into files: inout [String: Data]) throws -> [ObjectID: Int] {
        var sizes: [ObjectID: Int] = [:]
        for release in releases {
            for attachment in release.attachments {
                guard let blob = attachment.blob else { continue }
                let path = Attachments.publishedPath(blob: blob, path: attachment.path)
                if files[path] != nil { continue }
                let bytes: [UInt8]
                do {
                    bytes = try repository.blob(blob, maximumBytes: maximumBytes)
                } catch {
                    throw ThemeError(
                        file: attachment.path.rawValue,
                        message:
                            "(an attachment of \(release.document) revision \(release.revision)) cannot be published: \(error.message); attachments are limited to \(maximumBytes / 1024 / 1024) MiB"
                    )
                }
                files[path] = Data(bytes)
                sizes[blob] = bytes.count
            }
        }
        return sizes
    }

    /// The working tree's attachments of a draft document: read, added to `files`, and returned with their git blob ids.
    static func publishDraft(
        _ document: Document, source: FileSource, documentsDir: RepositoryPath, into files: inout [String: Data],
        sizes: inout [ObjectID: Int]
    ) throws -> [AttachmentBlob] {
        let paths = Attachments.paths(
            destinations: Attachments.destinations(inBody: document.body), from: document.path, documentsDir: documentsDir)
        return try paths.map { path in
            guard case .file(let size)? = source.kind(of: path) else { return AttachmentBlob(path: path, blob: nil) }
            guard size <= maximumBytes else {
                throw ThemeError(
                    file: path.rawValue,
                    message:
                        "(an attachment of \(document.id)) cannot be published: it is \(size) bytes; attachments are limited to \(maximumBytes / 1024 / 1024) MiB"
                )
            }
            let data = try source.read(path)
            let blob = blobID(of: data)
            files[Attachments.publishedPath(blob: blob, path: path)] = data
            sizes[blob] = data.count
            return AttachmentBlob(path: path, blob: blob)
        }
    }

    /// The id git gives these bytes as a blob: SHA-1 of `blob <size>\0` and the bytes.
    static func blobID(of data: Data) -> ObjectID {
        let digest = Digest.hash(Data("blob \(data.count)\u{0}".utf8) + data, using: .sha1)
        return ObjectID(digest.map { String(format: "%02x", $0) }.joined())!
    }

    /// Where a link or image of the document at `path` leads in the portal when it names one of its attachments:
    /// the published copy (with the link's `#fragment`, for a page of a PDF); nil for anything else.
    static func href(
        for destination: String, from path: RepositoryPath, attachments: [AttachmentBlob], documentsDir: RepositoryPath, root: String
    ) -> String? {
        guard !attachments.isEmpty, let target = Attachments.path(of: destination, from: path, documentsDir: documentsDir),
            let blob = attachments.first(where: { $0.path == target })?.blob
        else { return nil }
        let fragment = destination.firstIndex(of: "#").map { String(destination[$0...]) } ?? ""
        return root + Attachments.publishedPath(blob: blob, path: target) + fragment
    }

    /// The attachments list of a revision page: name, size, blob id and the published copy.
    static func list(_ attachments: [AttachmentBlob], sizes: [ObjectID: Int], root: String) -> [[String: Any]] {
        attachments.map { attachment in
            guard let blob = attachment.blob else {
                return ["name": attachment.path.lastComponent, "path": attachment.path.rawValue, "size": "missing", "sha": ""]
            }
            return [
                "name": attachment.path.lastComponent, "path": attachment.path.rawValue, "size": sizes[blob].map(size) ?? "",
                "sha": blob.hex, "href": root + Attachments.publishedPath(blob: blob, path: attachment.path),
                "downloadName": Attachments.publishedName(attachment.path),
            ]
        }
    }

    /// A size as people read it: bytes below 1 KiB, then KB and MB with one decimal (1 KB = 1024 bytes).
    static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return bytes == 1 ? "1 byte" : "\(bytes) bytes" }
        let (value, unit) = bytes < 1024 * 1024 ? (Double(bytes) / 1024, "KB") : (Double(bytes) / 1024 / 1024, "MB")
        return String(format: "%.1f", value) + " " + unit
    }
}
