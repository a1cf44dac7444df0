import ArgumentParser
import Control
import Foundation
import Portal
import Records
import Repository

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a word-level redline of a document between revisions.",
        discussion: """
            stet diff ID            the released revision in force → the working tree (what an approver reviews)
            stet diff ID REV        revision REV-1 → REV (released revisions)
            stet diff ID REV1 REV2  revision REV1 → REV2
            Deletions are shown as [-text-] and insertions as {+text+}, in colour on a terminal (NO_COLOR honoured).
            """)

    @OptionGroup var repository: RepositoryOptions

    @OptionGroup var branch: BranchOption

    @Argument(help: "The document id.")
    var id: String

    @Argument(help: "Revisions.")
    var revisions: [Int] = []

    func validate() throws {
        guard DocumentID(id) != nil else { throw ValidationError("'\(id)' is not a document id (like SOP-QA-001)") }
        guard revisions.count <= 2, revisions.allSatisfy({ $0 >= 1 }) else {
            throw ValidationError("give at most two revisions, each 1 or more")
        }
    }

    func run() throws {
        guard let git = try openRepository(repository) else { return }
        let (record, compared) = try buildComparedRecord(git, branch: branch, command: "diff")
        let documentID = DocumentID(id)!
        let releases = record.documents[documentID]?.releases ?? []
        typealias Side = (label: String, body: String, change: String?, front: String)
        func released(_ number: Int) throws -> Side {
            guard let release = releases.first(where: { $0.revision.number == number }) else {
                let known = releases.map { String($0.revision.number) }.joined(separator: ", ")
                printError(
                    "stet diff: \(id) has no released revision \(number)\(known.isEmpty ? " (none is released)" : " (released: \(known))")")
                throw ExitCode(1)
            }
            let (front, body) = try parts(git, release.blob, release.path)
            return ("revision \(number) (released)", body, release.frontMatter.change, front)
        }
        let from: Side
        let to: Side
        switch revisions.count {
        case 2:
            from = try released(revisions[0])
            to = try released(revisions[1])
        case 1:
            to = try released(revisions[0])
            from = revisions[0] > 1 ? try released(revisions[0] - 1) : ("nothing", "", nil, "")
        default:
            let tree = WorkingTree(root: repository.url)
            let snapshot: Snapshot
            do {
                snapshot = try SnapshotReader.read(from: tree)
            } catch {
                throw fail(error)
            }
            guard let working = snapshot.documents.first(where: { $0.id == documentID }) else {
                printError("stet diff: \(id) is not in the working tree")
                throw ExitCode(1)
            }
            if let current = releases.last {
                from = try released(current.revision.number)
            } else {
                from = ("nothing (never released on \(compared.name))", "", nil, "")
            }
            // The approver sees now what the record would refuse later.
            if let refusal = StaticChecks.renderingRefusal(of: working) {
                printError("stet diff: note: \(refusal.file ?? ""):\(refusal.line ?? 1): \(refusal.message) [\(refusal.code.rawValue)]")
            }
            let text = try SourceText.decode(try tree.read(working.path))
            to = (
                "revision \(working.frontMatter.revision) (working tree)", working.body, working.frontMatter.change,
                Self.frontMatter(of: text)
            )
        }
        let colour = Terminal.usesColour(STDOUT_FILENO)
        print("\(id): \(from.label) → \(to.label)")
        print(
            "Compared: \(compared.described)\(revisions.isEmpty ? " → the working tree\(git.currentBranch().map { " of branch \($0)" } ?? "")" : "")"
        )
        print("Reason for change: \(to.change ?? "none given")")
        print("Legend: [-deleted-] {+inserted+}")
        // The front matter too: an approver signs the training, effective date and status as well as the text.
        if from.front != to.front {
            print(String(repeating: "─", count: 60))
            print("Front matter:")
            let redline = WordDiff.terminal(WordDiff.diff(from.front, to.front), colour: colour)
            print(redline, terminator: redline.hasSuffix("\n") ? "" : "\n")
        }
        print(String(repeating: "─", count: 60))
        let redline = WordDiff.terminal(WordDiff.diff(from.body, to.body), colour: colour)
        print(redline, terminator: redline.hasSuffix("\n") ? "" : "\n")
    }

    /// A released revision's front matter text and Markdown body.
    private func parts(_ git: GitRepository, _ blob: ObjectID, _ path: RepositoryPath) throws -> (String, String) {
        let text = try SourceText.decode(Data(try git.blob(blob, maximumBytes: Document.maximumBytes)))
        return (Self.frontMatter(of: text), DocumentReader.read(text: text, path: path).0?.body ?? "")
    }

    /// The lines between the opening and closing `---` of a document.
    static func frontMatter(of text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        guard lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") else { return "" }
        return lines[1..<end].joined(separator: "\n") + "\n"
    }
}
