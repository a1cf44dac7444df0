import Foundation
import Records
import Repository

/// Attachments in the replay (PRODUCT.md §4.1): a document's content is its blob and the blobs of the files it links
/// or embeds under `documents-dir`, in the same tree; an approval counts only when its own tree holds both.
extension RecordBuilder {
    /// The attachments of the document blob `blob` (read by the walk) at `path`, with their blobs in `tree`.
    func attachments(ofBlob blob: ObjectID, at path: RepositoryPath, inTree tree: ObjectID) throws -> [AttachmentBlob] {
        try attachments(destinations: objects.attachmentDestinations[blob] ?? [], at: path, inTree: tree)
    }

    /// The attachments named by these link destinations of the document at `path`, with their blobs in `tree`.
    func attachments(destinations: [String], at path: RepositoryPath, inTree tree: ObjectID) throws -> [AttachmentBlob] {
        guard !destinations.isEmpty else { return [] }
        return try Attachments.paths(destinations: destinations, from: path, documentsDir: configuration.configuration.documentsDir)
            .map { AttachmentBlob(path: $0, blob: try fileBlob(at: $0, inTree: tree)) }
    }

    /// Whether `tree` holds exactly these attachment blobs (a missing one missing there too).
    func holds(_ attachments: [AttachmentBlob], inTree tree: ObjectID) throws -> Bool {
        for attachment in attachments where try fileBlob(at: attachment.path, inTree: tree) != attachment.blob { return false }
        return true
    }

    /// Documents on the release branch whose attachments changed at this commit while their text did not: the new
    /// attachments land with the same text, a change no approval covers unless the revision is bumped.
    func landAttachmentChanges(_ changes: [Change], at id: ObjectID, tree: ObjectID, touched: inout Set<DocumentID>) throws {
        guard !changes.isEmpty else { return }
        let changedPaths = Set(changes.map(\.path))
        for (path, documentID) in paths.documentAt.sorted(by: { $0.key < $1.key })
        where !touched.contains(documentID) && paths.pathOf[documentID] == path {
            guard let entry = try cachedEntry(at: path, inTree: tree), entry.kind == .blob || entry.kind == .executable,
                !(objects.attachmentDestinations[entry.id] ?? []).isEmpty, let document = peek(blob: entry.id, path: path).0
            else { continue }
            let attachments = try attachments(ofBlob: entry.id, at: path, inTree: tree)
            guard attachments.contains(where: { changedPaths.contains($0.path) }) else { continue }
            touched.insert(documentID)
            try land(document, blob: entry.id, attachments: attachments, at: id)
        }
    }

    /// A `broken-link` finding at `commit` for the first attachment the portal cannot publish (over the size limit,
    /// read from the object header without loading the blob, or active content): such content is never released.
    func unpublishableAttachment(_ attachments: [AttachmentBlob], of document: Document, at commit: ObjectID) throws -> Finding? {
        for attachment in attachments {
            guard let blob = attachment.blob else { continue }
            if let why = Attachments.unpublishable(attachment.path, size: try repository.objectSize(blob)) {
                return Finding(
                    .brokenLink, document: document.id, commit: commit.hex, file: document.path.rawValue, line: nil,
                    message: Words.unpublishableAttachment(document, attachment.path, why: why, at: commit))
            }
        }
        return nil
    }

    /// The blob of the regular file at `path` in `tree`; nil when there is none (a folder or a link is no attachment).
    private func fileBlob(at path: RepositoryPath, inTree tree: ObjectID) throws -> ObjectID? {
        guard let entry = try cachedEntry(at: path, inTree: tree), entry.kind == .blob || entry.kind == .executable else { return nil }
        return entry.id
    }
}
