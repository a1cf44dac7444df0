import Foundation
import Markdown
import Records
import Repository
import Signatures

/// A trailer the replay acts on, parsed once per commit: its key, its value as written, and for `Approves`,
/// `Reviewed` and `Trained` the document revision it names (PRODUCT.md §7.1, §7.4, §7.8, §9).
struct Trailer {
    enum Key: String {
        case approves = "Approves"
        case reviewed = "Reviewed"
        case trained = "Trained"
        case signatureMeaning = "Signature-Meaning"
        case closes = "Closes"

        /// `Approves`, `Reviewed` and `Trained` record something about a document revision.
        var namesRevision: Bool { self == .approves || self == .reviewed || self == .trained }
    }

    /// The document and revision a record trailer names (`SOP-QA-001 rev 2`, `CONFIG rev 3`).
    struct Reference {
        var document: DocumentID
        var revision: Int
    }

    var key: Key
    var value: String
    /// For `Approves`, `Reviewed` and `Trained`: what the value names; nil when it names no document and revision.
    var reference: Reference?

    /// A trailer of the commit message, or nil when the replay does not act on its key (keys match exactly).
    init?(key: String, value: String) {
        guard let key = Key(rawValue: key) else { return nil }
        self.key = key
        self.value = value
        self.reference = key.namesRevision ? Trailer.reference(value) : nil
    }

    /// As written in the commit message, for the audit trail.
    var text: String { "\(key.rawValue): \(value)" }

    /// `SOP-QA-001 rev 2` → (SOP-QA-001, 2).
    static func reference(_ value: String) -> Reference? {
        let parts = value.split(separator: " ")
        guard parts.count == 3, parts[1] == "rev", let id = parts[0] == "CONFIG" ? DocumentID.config : DocumentID(String(parts[0])),
            let revision = Int(parts[2]), revision >= 1
        else {
            return nil
        }
        return Reference(document: id, revision: revision)
    }
}

/// The trailers of one commit that the replay acts on, in the order of the message.
struct Trailers {
    var all: [Trailer]

    init(_ commit: CommitObject) { all = commit.trailers.compactMap { Trailer(key: $0.key, value: $0.value) } }

    func with(_ key: Trailer.Key) -> [Trailer] { all.filter { $0.key == key } }

    /// Whether the commit records an approval, a periodic review or a training acknowledgement.
    var carriesRecord: Bool { all.contains { $0.key.namesRevision } }

    /// The meaning the last `Signature-Meaning:` trailer states; Approved when none does.
    var meaning: String { all.last { $0.key == .signatureMeaning }?.value ?? "Approved" }
}

/// Where record trailers are checked against the commit's own tree, and which documents a commit approves.
extension RecordBuilder {
    /// `Approves:`, `Reviewed:` and `Trained:` name content the signer saw: the document must be in the
    /// commit's own tree at that revision, or the trailer is a `dangling-reference` (PRODUCT.md §11).
    /// The document is looked for at the paths it has had on the release branch, then among the files the
    /// commit's tree changes against the release branch (a new document on its branch).
    func checkTrailerTargets(of commit: CommitObject, trailers: Trailers) throws {
        let named = trailers.all.filter { $0.key.namesRevision }
        guard !named.isEmpty else { return }
        var changedHere: [Change]?
        for trailer in named {
            guard let reference = trailer.reference, case let (document, revision) = (reference.document, reference.revision),
                document != .config
            else { continue }
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
                    Words.trailerTargetMissing(commit: commit, trailer: trailer, document: document))
                continue
            }
            if found.revision != revision {
                findings.append(
                    Words.trailerWrongRevision(commit: commit, trailer: trailer, document: document, found: found))
            }
        }
    }

    func approvedDocuments(in id: ObjectID) -> [DocumentID] {
        guard reached.verdicts[id]?.isGood == true || reached.revokedLater.contains(id), !reached.implausible.contains(id),
            let trailers = reached.trailers[id]
        else { return [] }
        return trailers.with(.approves).compactMap { $0.reference?.document }
    }
}
