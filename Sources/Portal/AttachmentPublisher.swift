import Control
import Foundation
import Records
import Repository
import Signatures

/// Publishes each revision's attachments (PRODUCT.md §4.1) addressed by content: `attachments/<blob id>/<name>`, so
/// that a superseded revision keeps its own image when a later one changes it, and the same bytes are published once.
enum AttachmentPublisher {
    /// Adds the bytes of every attachment of `releases` to `files`; returns the size of each blob published. An
    /// attachment the portal cannot publish (over `Attachments.maximumBytes`, read from the object header, or active
    /// content; the record never releases such content, but an older record may have) is left out, not fatal: the
    /// rest of the portal is built and the page marks that file as not published.
    static func publish(_ releases: [Release], repository: GitRepository, into files: inout [String: Data]) throws -> [ObjectID: Int] {
        var sizes: [ObjectID: Int] = [:]
        var refused: Set<ObjectID> = []
        for release in releases {
            for attachment in release.attachments {
                guard let blob = attachment.blob, !refused.contains(blob) else { continue }
                let path = Attachments.publishedPath(blob: blob, path: attachment.path)
                if files[path] != nil { continue }
                let size = try? repository.objectSize(blob)
                guard let size, Attachments.unpublishable(attachment.path, size: size) == nil,
                    let bytes = try? repository.blob(blob, maximumBytes: Attachments.maximumBytes)
                else {
                    refused.insert(blob)
                    continue
                }
                files[path] = Data(bytes)
                sizes[blob] = bytes.count
            }
        }
        return sizes
    }

    /// The attachments as the pages link them: one the build did not publish (absent from `sizes`) leads nowhere.
    static func published(_ attachments: [AttachmentBlob], sizes: [ObjectID: Int]) -> [AttachmentBlob] {
        attachments.map { attachment in
            guard let blob = attachment.blob, sizes[blob] != nil else { return AttachmentBlob(path: attachment.path, blob: nil) }
            return attachment
        }
    }

    /// The working tree's attachments of a draft document: read, added to `files`, and returned with their git blob ids.
    /// One the portal cannot publish (`stet check` reports it) is returned without a blob and not read.
    static func publishDraft(
        _ document: Document, source: FileSource, documentsDir: RepositoryPath, into files: inout [String: Data],
        sizes: inout [ObjectID: Int]
    ) throws -> [AttachmentBlob] {
        let paths = Attachments.paths(
            destinations: Attachments.destinations(inBody: document.body), from: document.path, documentsDir: documentsDir)
        return try paths.map { path in
            guard case .file(let size)? = source.kind(of: path), Attachments.unpublishable(path, size: size) == nil else {
                return AttachmentBlob(path: path, blob: nil)
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
            guard let bytes = sizes[blob] else {
                let why = Attachments.unpublishable(attachment.path, size: nil) != nil ? "active content" : "too large or unreadable"
                return [
                    "name": attachment.path.lastComponent, "path": attachment.path.rawValue, "size": "not published (\(why))",
                    "sha": blob.hex,
                ]
            }
            return [
                "name": attachment.path.lastComponent, "path": attachment.path.rawValue, "size": size(bytes),
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
