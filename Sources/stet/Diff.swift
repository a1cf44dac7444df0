import ArgumentParser
import Control
import Foundation
import Portal
import Records
import Repository
import Signatures

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a word-level redline of a document between revisions.",
        discussion: """
            stet diff ID            the released revision in force → the working tree (what an approver reviews)
            stet diff ID REV        revision REV-1 → REV (released revisions)
            stet diff ID REV1 REV2  revision REV1 → REV2
            First the front-matter fields that changed, then the changed lines of the text with 3 lines of context (--full: the whole text), each stretch under a header @@ -line,count +line,count @@ (lines of the files).
            Deletions are shown as [-text-] and insertions as {+text+}, in colour on a terminal (NO_COLOR honoured).
            """)

    @OptionGroup var repository: RepositoryOptions

    @OptionGroup var branch: BranchOption

    @Argument(help: "The document id.")
    var id: String

    @Argument(help: "Revisions.")
    var revisions: [Int] = []

    @Flag(help: "Show the whole text, not only the changed lines and 3 lines around them.")
    var full = false

    @Option(help: "Output format: text or json.")
    var format: PlainFormat = .text

    func validate() throws {
        guard DocumentID(id) != nil else { throw ValidationError("'\(id)' is not a document id (like SOP-QA-001)") }
        guard revisions.count <= 2, revisions.allSatisfy({ $0 >= 1 }) else {
            throw ValidationError("give at most two revisions, each 1 or more")
        }
    }

    func run() throws {
        guard let git = try openRepository(repository, format: format.findings) else { return }
        let (record, compared) = try buildComparedRecord(git, branch: branch, command: "diff")
        let documentID = DocumentID(id)!
        let releases = record.documents[documentID]?.releases ?? []
        typealias Side = (label: String, revision: Int?, body: String, change: String?, front: String, bodyLine: Int)
        func released(_ number: Int) throws -> Side {
            guard let release = releases.first(where: { $0.revision.number == number }) else {
                let known = releases.map { String($0.revision.number) }.joined(separator: ", ")
                printError(
                    "stet diff: \(id) has no released revision \(number)\(known.isEmpty ? " (none is released)" : " (released: \(known))")")
                throw ExitCode(1)
            }
            let (front, body, bodyLine) = try parts(git, release.blob, release.path)
            return ("revision \(number) (released)", number, body, release.frontMatter.change, front, bodyLine)
        }
        let from: Side
        let to: Side
        var workingAttachments: [AttachmentBlob] = []
        switch revisions.count {
        case 2:
            from = try released(revisions[0])
            to = try released(revisions[1])
        case 1:
            to = try released(revisions[0])
            from = revisions[0] > 1 ? try released(revisions[0] - 1) : ("nothing", nil, "", nil, "", 1)
        default:
            let tree = WorkingTree(root: repository.url)
            let snapshot: Snapshot
            do {
                snapshot = try SnapshotReader.read(from: tree)
            } catch {
                throw fail(error)
            }
            guard let working = snapshot.documents.first(where: { $0.id == documentID }) else {
                // Its file may be there but unreadable (a control character, invalid UTF-8): say so.
                let unreadable = snapshot.findings.first { finding in
                    finding.code == .invalidFrontMatter && releases.contains { $0.path.rawValue == finding.file }
                }
                printError(
                    Terminal.printable(
                        "stet diff: \(id) is not in the working tree"
                            + (unreadable.map { ": \($0.file ?? ""):\($0.line ?? 1): \($0.message) [\($0.code.rawValue)]" } ?? "")))
                throw ExitCode(1)
            }
            if let current = releases.last {
                from = try released(current.revision.number)
            } else {
                from = ("nothing (never released on \(compared.name))", nil, "", nil, "", 1)
            }
            // The approver sees now what the record would refuse later.
            if let refusal = StaticChecks.renderingRefusal(of: working) {
                printError("stet diff: note: \(refusal.file ?? ""):\(refusal.line ?? 1): \(refusal.message) [\(refusal.code.rawValue)]")
            }
            let text = try SourceText.decode(try tree.read(working.path))
            workingAttachments = Self.attachments(of: working, in: tree, documentsDir: snapshot.records.configuration.documentsDir)
            to = (
                "revision \(working.frontMatter.revision) (working tree)", working.frontMatter.revision.number, working.body,
                working.frontMatter.change, Redline.frontMatter(of: text), working.bodyFirstLine
            )
        }
        let fields = Redline.fieldChanges(from.front, to.front)
        // An attachment is part of the content an approver signs (§4.1): each one that changed, with its blob ids.
        func releasedAttachments(_ revision: Int?) -> [AttachmentBlob] {
            revision.flatMap { number in releases.first { $0.revision.number == number }?.attachments } ?? []
        }
        let fromAttachments = releasedAttachments(from.revision)
        let toAttachments = revisions.isEmpty ? workingAttachments : releasedAttachments(to.revision)
        let attachments = Self.changes(
            fromAttachments, toAttachments, git: git, tree: revisions.isEmpty ? WorkingTree(root: repository.url) : nil)
        // A document that links no attachment on either side has no attachments section.
        let hasAttachments = !fromAttachments.isEmpty || !toAttachments.isEmpty
        let hunks = SourceDiff.hunks(from.body, to.body, context: full ? nil : SourceDiff.defaultContext)
        let comparedLine =
            "\(compared.described)\(revisions.isEmpty ? " → the working tree\(git.currentBranch().map { " of branch \($0)" } ?? "")" : "")"
        if format == .json {
            print(
                FindingReport.encodeJSON(
                    DiffReport(
                        document: id, from: .init(label: from.label, revision: from.revision),
                        to: .init(label: to.label, revision: to.revision), compared: comparedLine, change: to.change,
                        frontMatter: fields, attachments: attachments,
                        hunks: hunks.map { hunk in
                            .init(
                                oldStart: hunk.oldStart + from.bodyLine - 1, oldLines: hunk.oldCount,
                                newStart: hunk.newStart + to.bodyLine - 1, newLines: hunk.newCount,
                                text: WordDiff.terminal(hunk.pieces, colour: false),
                                pieces: hunk.pieces.map { .init(kind: $0.kindAndText.kind, text: $0.kindAndText.text) })
                        })), terminator: "")
            return
        }
        let colour = Terminal.usesColour(STDOUT_FILENO)
        // The document's words are the author's: no control character reaches the terminal as it is.
        func printable(_ pieces: [WordDiff.Piece]) -> [WordDiff.Piece] {
            pieces.map { piece in
                switch piece {
                case .same(let text): return .same(Terminal.printable(text))
                case .deleted(let text): return .deleted(Terminal.printable(text))
                case .inserted(let text): return .inserted(Terminal.printable(text))
                }
            }
        }
        print(Terminal.printable("\(id): \(from.label) → \(to.label)"))
        print(Terminal.printable("Compared: \(comparedLine)"))
        print(Terminal.printable("Reason for change: \(to.change ?? "none given")"))
        print("Legend: [-deleted-] {+inserted+}")
        // The front matter first: an approver signs the training, effective date and status as well as the text.
        print(String(repeating: "─", count: 60))
        if fields.isEmpty {
            print("Front matter: unchanged")
        } else {
            print("Front matter:")
            for field in fields {
                print(
                    "  \(field.field): "
                        + WordDiff.terminal(printable(WordDiff.diff(field.before ?? "", field.after ?? "")), colour: colour))
            }
        }
        print(String(repeating: "─", count: 60))
        if attachments.isEmpty {
            if hasAttachments { print("Attachments: unchanged") }
        } else {
            print("Attachments:")
            for change in attachments { print(Terminal.printable("  " + change.line)) }
            print(String(repeating: "─", count: 60))
        }
        if hunks.isEmpty { print("Text: unchanged") }
        for hunk in hunks {
            if !full { print(hunk.header(oldOffset: from.bodyLine - 1, newOffset: to.bodyLine - 1)) }
            let redline = WordDiff.terminal(printable(hunk.pieces), colour: colour)
            print(redline, terminator: redline.hasSuffix("\n") ? "" : "\n")
        }
    }

    /// The working tree's attachments of a document, with the blob id git gives each file's bytes (nil: no such file).
    static func attachments(of document: Document, in tree: WorkingTree, documentsDir: RepositoryPath) -> [AttachmentBlob] {
        Attachments.paths(destinations: Attachments.destinations(inBody: document.body), from: document.path, documentsDir: documentsDir)
            .map { path in
                guard case .file(let size)? = tree.kind(of: path), size <= Attachments.maximumBytes, let data = try? tree.read(path) else {
                    return AttachmentBlob(path: path, blob: nil)
                }
                let digest = Digest.hash(Data("blob \(data.count)\u{0}".utf8) + data, using: .sha1)
                return AttachmentBlob(path: path, blob: ObjectID(Formatting.hex(digest)))
            }
    }

    /// The attachments whose bytes differ between two sides, by path, with the size of the new bytes (the old when removed).
    static func changes(_ before: [AttachmentBlob], _ after: [AttachmentBlob], git: GitRepository, tree: WorkingTree?) -> [DiffReport
        .Attachment]
    {
        let old = Dictionary(before.map { ($0.path, $0.blob) }, uniquingKeysWith: { first, _ in first })
        let new = Dictionary(after.map { ($0.path, $0.blob) }, uniquingKeysWith: { first, _ in first })
        return Set(old.keys).union(new.keys).sorted().compactMap { path in
            let from = old[path] ?? nil
            let to = new[path] ?? nil
            guard from != to else { return nil }
            var size: Int?
            if let to {
                if let known = try? git.objectSize(to) {
                    size = known
                } else if let tree, case .file(let bytes)? = tree.kind(of: path) {
                    size = bytes
                }
            } else if let from {
                size = try? git.objectSize(from)
            }
            return DiffReport.Attachment(path: path.rawValue, from: from?.hex, to: to?.hex, size: size)
        }
    }

    /// A released revision's front matter text, Markdown body, and the file line where the body starts.
    private func parts(_ git: GitRepository, _ blob: ObjectID, _ path: RepositoryPath) throws -> (String, String, Int) {
        let text = try SourceText.decode(Data(try git.blob(blob, maximumBytes: Document.maximumBytes)))
        let document = DocumentReader.read(text: text, path: path).0
        return (Redline.frontMatter(of: text), document?.body ?? "", document?.bodyFirstLine ?? 1)
    }
}

/// `stet diff --format json`.
struct DiffReport: Encodable {
    struct Side: Encodable {
        var label: String
        var revision: Int?

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(label, forKey: .label)
            try container.encode(revision, forKey: .revision)
        }

        enum CodingKeys: String, CodingKey { case label, revision }
    }
    struct Hunk: Encodable {
        struct Piece: Encodable {
            var kind: String
            var text: String
        }
        var oldStart: Int
        var oldLines: Int
        var newStart: Int
        var newLines: Int
        /// The hunk with `[-deleted-]` and `{+inserted+}` marks.
        var text: String
        var pieces: [Piece]
    }
    var document: String
    var from: Side
    var to: Side
    var compared: String
    var change: String?
    /// An attachment whose bytes changed: its blob ids (`null`: absent on that side) and the size of its bytes.
    struct Attachment: Encodable {
        var path: String
        var from: String?
        var to: String?
        var size: Int?

        /// How the text output shows it.
        var line: String {
            let sizeText = size.map { " (\($0) bytes)" } ?? ""
            switch (from, to) {
            case (nil, let to?): return "\(path): added, blob \(to.prefix(12))\(sizeText)"
            case (let from?, nil): return "\(path): removed (was blob \(from.prefix(12))), or the file is missing"
            default: return "\(path): blob \((from ?? "").prefix(12)) → \((to ?? "").prefix(12))\(sizeText)"
            }
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(path, forKey: .path)
            try container.encode(from, forKey: .from)
            try container.encode(to, forKey: .to)
            try container.encode(size, forKey: .size)
        }

        enum CodingKeys: String, CodingKey { case path, from, to, size }
    }
    var frontMatter: [Redline.FieldChange]
    var attachments: [Attachment]
    var hunks: [Hunk]

    /// `change` and `revision` are `null` when absent, never left out.
    enum CodingKeys: String, CodingKey { case document, from, to, compared, change, frontMatter, attachments, hunks }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(document, forKey: .document)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(compared, forKey: .compared)
        try container.encode(change, forKey: .change)
        try container.encode(frontMatter, forKey: .frontMatter)
        try container.encode(attachments, forKey: .attachments)
        try container.encode(hunks, forKey: .hunks)
    }
}
