import Foundation
import Markdown
import Records
import Repository
import Signatures

/// The trailers the replay acts on (`Approves`, `Reviewed`, `Trained`, `Signature-Meaning`, `Closes`).
extension RecordBuilder {
    /// `Approves:`, `Reviewed:` and `Trained:` name content the signer saw: the document must be in the
    /// commit's own tree at that revision, or the trailer is a `dangling-reference` (PRODUCT.md §11).
    /// The document is looked for at the paths it has had on the release branch, then among the files the
    /// commit's tree changes against the release branch (a new document on its branch).
    func checkTrailerTargets(of commit: CommitObject) throws {
        let named = commit.trailers.filter { ["Approves", "Reviewed", "Trained"].contains($0.key) }
        guard !named.isEmpty else { return }
        var changedHere: [Change]?
        for trailer in named {
            guard let (document, revision) = Self.parseReference(trailer.value), document != .config else { continue }
            var found: (path: RepositoryPath, revision: Int)?
            var unreadable = false
            for path in (paths.everPathsOf[document] ?? []).sorted().compactMap(RepositoryPath.init) {
                guard let entry = try cachedEntry(at: path, inTree: commit.tree), entry.kind == .blob || entry.kind == .executable else {
                    continue
                }
                let (parsed, _) = peek(blob: entry.id, path: path)
                if parsed == nil { unreadable = true }
                if let parsed, parsed.id == document {
                    found = (path, parsed.frontMatter.revision.number)
                    break
                }
            }
            if found == nil {
                if changedHere == nil { changedHere = try documentChanges(from: releaseTree, to: commit.tree) }
                for change in changedHere ?? [] {
                    guard let entry = change.new, entry.kind == .blob || entry.kind == .executable else { continue }
                    let (parsed, refusals) = peek(blob: entry.id, path: change.path)
                    if parsed == nil && !refusals.isEmpty { unreadable = true }
                    if let parsed, parsed.id == document {
                        found = (change.path, parsed.frontMatter.revision.number)
                        break
                    }
                }
            }
            guard let found else {
                // Content that cannot be read is reported where it lands; the trailer is not the problem.
                if unreadable { continue }
                findings.append(
                    Finding(
                        .danglingReference, document: document, commit: commit.id.hex,
                        message:
                            "commit \(commit.id.short) (\(commit.subject)) has the trailer '\(trailer.key): \(trailer.value)', but \(document) is not in that commit's tree, so the signer cannot have seen it; the trailer counts for nothing — sign it on a commit that contains the document"
                    ))
                continue
            }
            if found.revision != revision {
                findings.append(
                    Finding(
                        .danglingReference, document: document, commit: commit.id.hex, file: found.path.rawValue,
                        message:
                            "commit \(commit.id.short) (\(commit.subject)) has the trailer '\(trailer.key): \(trailer.value)', but its tree holds revision \(found.revision) of \(document) at \(found.path); name the revision the commit contains ('\(trailer.key): \(document) rev \(found.revision)')"
                    ))
            }
        }
    }

    /// `SOP-QA-001 rev 2` → (id, 2).
    static func parseReference(_ value: String) -> (DocumentID, Int)? {
        let parts = value.split(separator: " ")
        guard parts.count == 3, parts[1] == "rev", let id = parts[0] == "CONFIG" ? DocumentID.config : DocumentID(String(parts[0])),
            let revision = Int(parts[2]), revision >= 1
        else {
            return nil
        }
        return (id, revision)
    }

    func approvedDocuments(in id: ObjectID) -> [DocumentID] {
        guard reached.verdicts[id]?.isGood == true || reached.revokedLater.contains(id), !reached.implausible.contains(id),
            let trailers = reached.trailers[id]
        else { return [] }
        return trailers.filter { $0.key == "Approves" }.compactMap { Self.parseReference($0.value)?.0 }
    }
}
