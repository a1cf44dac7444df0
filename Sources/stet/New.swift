import ArgumentParser
import Authoring
import Control
import Foundation
import Records
import Repository

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a document with the next free id for its type, and print its path.",
        discussion: """
            The id is TYPE-AREA-NNN, one more than the highest in use (SOP-QA-007 after SOP-QA-006); the area \
            comes from --area, else from the documents already in the folder. The text comes from \
            templates/TYPE.md, else templates/document.md, else stet's own template (placeholders: {{id}}, \
            {{title}}, {{type}}, {{owner}}). The owner is --owner, else the person whose e-mail is your git \
            user.email. Revision 1 still needs its approvals: commit it on a branch and run stet check --base main.
            """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The document type, a key of stet.yaml's types (e.g. SOP).")
    var type: String

    @Argument(help: "The document's title.")
    var title: String

    @Option(help: ArgumentHelp("The owner, a person id from roles/people.yaml.", valueName: "person"))
    var owner: String?

    @Option(help: ArgumentHelp("A folder inside the documents folder (e.g. quality).", valueName: "path"))
    var folder: String?

    @Option(help: ArgumentHelp("The id's middle part (QA in SOP-QA-007).", valueName: "code"))
    var area: String?

    func run() throws {
        let tree = WorkingTree(root: repository.url)
        let snapshot: Snapshot
        do {
            snapshot = try SnapshotReader.read(from: tree)
        } catch {
            throw fail(error)
        }
        let type = self.type
        var template: String?
        for name in ["templates/\(type).md", "templates/document.md"] {
            guard TypeCode(type) != nil, let path = RepositoryPath(name), case .file = tree.kind(of: path) else { continue }
            template = String(decoding: try tree.read(path), as: UTF8.self)
            break
        }
        let request = NewDocument.Request(
            type: type, title: title, owner: owner, email: owner == nil ? GitRepository.userEmail(in: repository.url) : nil, folder: folder,
            area: area)
        let document: NewDocument
        do {
            document = try NewDocument.plan(request, in: snapshot, template: template)
        } catch {
            printError("stet new: \(error.description)")
            throw ExitCode(2)
        }
        let url = repository.url.appendingPathComponent(document.path.rawValue)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(document.text.utf8).write(to: url, options: .withoutOverwriting)
        } catch {
            printError("stet new: could not write \(document.path): \(error.localizedDescription)")
            throw ExitCode(2)
        }
        // The path as the user can open it: relative to where they are when that is the repository's top.
        print(
            repository.givenURL != repository.url
                ? url.path : repository.directory == "." ? document.path.rawValue : "\(repository.directory)/\(document.path.rawValue)")
        if let note = document.note { printError("stet new: note: \(note)") }
        printError(
            "Created \(document.id) revision 1. Edit it, commit it on a branch, then: stet check --base \(snapshot.records.configuration.releaseBranch)"
        )
    }
}
