import Foundation
import Records
import Repository

/// A local procedure and the global document it implements (PRODUCT.md §8.6).
public struct LocalImplementation: Hashable, Sendable {
    /// The local document.
    public var local: DocumentID
    /// Its revision in force (the one naming the global revision).
    public var localRevision: Revision
    /// The sites the local document applies to (empty: all).
    public var sites: [SiteID]
    public var global: DocumentID
    /// The global revision the local one is aligned to.
    public var alignedTo: Int
    /// The latest released global revision that requires training, when it is newer than `alignedTo`.
    public var behind: Int?
    public var path: RepositoryPath
    public var line: Int

    public var isAligned: Bool { behind == nil }
}

/// Global standards and the local procedures that implement them, from the released record.
public enum GlobalLocal {
    /// Every local document whose latest release (not retired) names a global one in `implements`, in id order.
    public static func implementations(in record: ReleaseRecord) -> [LocalImplementation] {
        var result: [LocalImplementation] = []
        for document in record.sortedDocuments {
            guard let release = document.latestRelease, !release.isObsolete, let implements = release.frontMatter.implements else {
                continue
            }
            let global = record.documents[implements.document]?.releases ?? []
            let newer = global.last {
                $0.revision.number > implements.revision && $0.frontMatter.training?.required == true && !$0.isObsolete
            }
            result.append(
                LocalImplementation(
                    local: document.id, localRevision: release.revision, sites: release.frontMatter.sites, global: implements.document,
                    alignedTo: implements.revision, behind: newer?.revision.number, path: release.path, line: implements.line))
        }
        return result
    }

    /// `local-review-due` (a warning) for each local document aligned to an older revision of its global
    /// document when a newer one requires training, until a released revision names the new one.
    public static func findings(in record: ReleaseRecord) -> [Finding] {
        implementations(in: record).compactMap { implementation in
            guard let behind = implementation.behind,
                let globalRelease = record.documents[implementation.global]?.releases.first(where: { $0.revision.number == behind })
            else { return nil }
            return Finding(
                .localReviewDue, severity: .warning, document: implementation.local, commit: globalRelease.commit.hex,
                file: implementation.path.rawValue, line: implementation.line,
                message:
                    "\(implementation.local) implements \(implementation.global) rev \(implementation.alignedTo), but \(implementation.global) rev \(behind) was released and requires training; review \(implementation.local) against it and release a revision with 'implements: \(implementation.global) rev \(behind)'"
            )
        }
    }
}
