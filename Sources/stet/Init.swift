import ArgumentParser
import Authoring
import Foundation
import Repository

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scaffold a controlled-documents repository, with CI workflows for GitHub and GitLab.",
        discussion: """
            Writes stet.yaml (commented), roles/ (starter roles, one administrator, allowed_signers), \
            controlled-docs/, templates/document.md (what stet new fills in), training/records/, \
            .github/workflows/stet.yml, .gitlab-ci.yml and .gitignore into DIR (default: -C's folder), and \
            creates the git repository if DIR is not in one. It never overwrites: if any of these files \
            exists, nothing is written and the exit status is 2.
            """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The folder to scaffold (created if missing), relative to -C.")
    var directory: String?

    @Option(help: "The organisation's name, written to stet.yaml.")
    var organization: String = "Example Organisation"

    func run() throws {
        let root =
            directory.map { URL(fileURLWithPath: $0, isDirectory: true, relativeTo: repository.givenURL).standardizedFileURL }
            ?? repository.givenURL
        let files: [Scaffold.File]
        do {
            files = try Scaffold.files(organization: organization, stetVersion: Stet.version)
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try Scaffold.write(files, to: root)
        } catch let error as Scaffold.ScaffoldError {
            printError("stet init: \(error.description)")
            throw ExitCode(2)
        }
        var created = "Created a controlled-documents repository in \(root.path)"
        if !GitRepository.exists(around: root) {
            try GitRepository.initialise(at: root, branch: "main")
            created += " (a new git repository, branch main)"
        }
        let here = directory.map { "cd \($0) && " } ?? ""
        print(
            """
            \(created):
            \(files.map { "  \($0.path)" }.joined(separator: "\n"))
            Next:
              1. Put yourself in roles/people.yaml (replace \(Scaffold.starterAdministrator)), and your SSH public key in
                 roles/allowed_signers (or your OpenPGP key in roles/keys/you.asc). Add the people who will write,
                 own and approve documents, with their keys: nobody approves a change they wrote
                 (author-may-approve: false), so an SOP needs its author, its owner and a qa-approver — three people.
              2. Make the first commit, signed by you: it is the root of trust.
                 \(here)git add -A && git commit -S -m "Configuration: root of trust"
              3. The author writes the first document on a branch, owned by its process owner, and commits it signed:
                 git switch -c first-sop && stet new SOP "Document Control" --owner OWNER-ID --folder quality --area QA
              4. The owner and a qa-approver review it and approve it on that branch; then merge it (a merge commit):
                 stet diff SOP-QA-001 && stet approve SOP-QA-001
                 stet check --base main
            """)
    }
}
