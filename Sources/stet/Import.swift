import ArgumentParser
import Authoring
import Control
import Foundation
import Records
import Repository

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bring existing Markdown documents under control, on a new branch, ready for approval.",
        discussion: """
            Reads Markdown files and folders (searched recursively). Each document gets the next free id of \
            its type, revision 1, and a place under the documents folder (TYPE in lower case, like \
            controlled-docs/sop/SOP-001.md, unless the mapping file or --folder names another). Its title, \
            type, owner and legacy metadata come from the mapping file, else from its own front matter, \
            else from its first heading and its file name (QP-0003 Document Control.md: legacy id QP-0003). \
            Other front-matter fields are kept as x- fields. Images, PDFs and forms it links are copied \
            beside it, and links that moved are rewritten. The sources are read, never changed. \
            Everything is committed on a new branch (with your git identity, signed with your git signing \
            set-up when stet.yaml requires signed commits; the commit approves nothing), import/DATE \
            unless --branch names one. When something must be decided (no type, an unknown owner, an \
            ambiguous mapping row) nothing is written: the report says what, and the command exits 1. \
            Run it again on the import branch with the same sources: documents imported already are left \
            as they are, so a second run changes nothing. Mapping file: CSV with a header row, or YAML (a \
            list); columns source, id, type, owner, title, area, folder, training-roles, legacy-id, \
            legacy-revision, legacy-effective, legacy-last-review.
            """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: ArgumentHelp("Markdown files or folders to import.", valueName: "src"))
    var sources: [String] = []

    @Option(help: ArgumentHelp("A mapping file: CSV with a header row, or YAML.", valueName: "file"))
    var map: String?

    @Option(help: ArgumentHelp("The branch to import on (default: import/YYYY-MM-DD, today in UTC).", valueName: "name"))
    var branch: String?

    @Option(help: ArgumentHelp("The type of documents that have none of their own (a key of stet.yaml's types).", valueName: "type"))
    var type: String?

    @Option(help: ArgumentHelp("The owner of documents that have none of their own (a person id).", valueName: "person"))
    var owner: String?

    @Option(help: ArgumentHelp("The id's middle part for documents without one in the mapping file (QA in SOP-QA-001).", valueName: "code"))
    var area: String?

    @Option(help: ArgumentHelp("A folder inside the documents folder (default: the type in lower case).", valueName: "path"))
    var folder: String?

    @Option(
        name: .customLong("training-roles"),
        help: ArgumentHelp(
            "Roles trained on the documents in the previous system (comma-separated); written with required: false.", valueName: "roles"))
    var trainingRoles: String?

    @Option(help: "Output format: text or json.")
    var format: PlainFormat = .text

    func validate() throws {
        guard !sources.isEmpty else {
            throw ValidationError("name the Markdown files or folders to import, like: stet import legacy-sops/")
        }
    }

    private func usage(_ message: String) -> ExitCode {
        printError("stet import: \(message)")
        return ExitCode(2)
    }

    func run() throws {
        guard let git = try openRepository(repository) else { return }
        let root = repository.url
        let tree = WorkingTree(root: root)
        let snapshot: Snapshot
        do {
            snapshot = try SnapshotReader.read(from: tree)
        } catch {
            throw fail(error)
        }
        let configuration = snapshot.records.configuration

        // The branch: continue on it, or create it from here; never the release branch, never someone else's.
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        let branchName = branch ?? "import/\(formatter.string(from: Date()))"
        guard try runGit(["check-ref-format", "--branch", branchName], in: root).status == 0 else {
            throw usage("--branch \(branchName) is not a valid branch name")
        }
        if branchName == configuration.releaseBranch {
            throw usage("\(branchName) is the release branch; import on a branch of its own (--branch import/…) and merge it once approved")
        }
        let current = git.currentBranch()
        let onImportBranch = current == branchName
        if !onImportBranch, git.reference("refs/heads/\(branchName)") != nil {
            throw usage(
                "the branch \(branchName) exists already. To continue that import, switch to it (git switch \(branchName)) and run the same command again; to start another, pass --branch NAME"
            )
        }
        let status = try runGit(["status", "--porcelain", "--untracked-files=no"], in: root)
        guard status.status == 0 else { throw usage("git status failed: \(status.error)") }
        if !status.output.isEmpty {
            throw usage(
                "the working tree has uncommitted changes:\n\(status.output)commit or stash them first (git stash), so that the import commit holds only the import"
            )
        }

        // The sources: read, never changed; none from inside the documents folder (they would be read as documents).
        let urls = sources.map { URL(fileURLWithPath: $0, relativeTo: repository.givenURL).standardizedFileURL }
        let documentsURL = root.appendingPathComponent(configuration.documentsDir.rawValue).standardizedFileURL.resolvingSymlinksInPath()
        for (argument, url) in zip(sources, urls) {
            let resolved = url.resolvingSymlinksInPath().path
            if resolved == documentsURL.path || resolved.hasPrefix(documentsURL.path + "/") {
                throw usage(
                    "\(argument) is inside \(configuration.documentsDir), where every Markdown file must already be a controlled document; move the files out of it (for example to legacy/) and import them from there"
                )
            }
        }
        let files: [ImportPlan.Source]
        var rows: [ImportMapRow] = []
        do {
            files = Importer.identify(try Importer.collect(urls), relativeTo: root)
            if let map {
                let url = URL(fileURLWithPath: map, relativeTo: repository.givenURL)
                guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
                    throw ImportError("--map \(map): cannot be read as UTF-8 text")
                }
                rows = try ImportMapRow.parse(text, fileName: map)
            }
        } catch let error as ImportError {
            throw usage(error.description)
        }
        // A folder is a place for controlled documents: never .git, never a hidden name.
        if let folder, let hidden = Self.hiddenComponent(ofFolder: folder) {
            throw usage(
                "--folder \(folder): '\(hidden)' is a hidden name (it starts with '.'); documents go in ordinary folders inside \(configuration.documentsDir), like --folder sop/cleaning"
            )
        }
        for row in rows {
            if let value = row.fields["folder"], let hidden = Self.hiddenComponent(ofFolder: value) {
                throw usage(
                    "\(row.file):\(row.line): the folder '\(value)' has a hidden name ('\(hidden)': it starts with '.'); name an ordinary folder inside \(configuration.documentsDir), like sop/cleaning"
                )
            }
        }
        let defaults = ImportDefaults(
            type: type, owner: owner, area: area, folder: folder,
            trainingRoles: trainingRoles.map { $0.split(whereSeparator: { " ,;".contains($0) }).map(String.init) } ?? [])
        let imported = Importer.imported(in: snapshot) { path in (try? tree.read(path)).map { String(decoding: $0, as: UTF8.self) } }
        let plan = Importer.plan(
            files, map: rows, defaults: defaults, snapshot: snapshot, alreadyImported: imported, roots: Importer.roots(urls))

        var commit: String?
        let writes = plan.isBlocked ? [] : plan.newItems
        if !writes.isEmpty {
            let written = Set(writes.compactMap(\.id))
            let documents = writes.compactMap { item in item.path.flatMap { path in item.text.map { (path, $0) } } }
            let attachments = plan.attachments.filter { $0.documents.contains(where: written.contains) }

            // Before anything is written: every destination stays inside the repository, through real folders only.
            for (path, _) in documents {
                if let problem = Self.destinationProblem(path.rawValue, in: root, mayExist: false) { throw usage(problem) }
            }
            for attachment in attachments {
                if let problem = Self.destinationProblem(attachment.path.rawValue, in: root, mayExist: true) { throw usage(problem) }
            }

            let head = try runGit(["rev-parse", "HEAD"], in: root).output.trimmingCharacters(in: .whitespacesAndNewlines)
            if !onImportBranch {
                let created = try runGit(["switch", "-q", "-c", branchName], in: root)
                guard created.status == 0 else { throw usage("could not create the branch \(branchName): \(created.error)") }
            }
            var paths: [String] = []
            var createdFolders: [URL] = []
            var staged = false
            // Puts everything back as it was: what was staged unstaged, what was written removed, the new branch deleted.
            func rollBack() -> String {
                if staged { _ = try? runGit(["reset", "-q", "--"] + paths, in: root) }
                for path in paths.reversed() { try? FileManager.default.removeItem(at: root.appendingPathComponent(path)) }
                for folder in createdFolders.reversed() { try? FileManager.default.removeItem(at: folder) }
                guard !onImportBranch else { return "the files written were removed" }
                let back = try? runGit(["switch", "-q"] + (current.map { [$0] } ?? ["--detach", head]), in: root)
                let deleted = back?.status == 0 ? try? runGit(["branch", "-q", "-D", branchName], in: root) : nil
                return deleted?.status == 0
                    ? "the files written were removed and the branch \(branchName) deleted"
                    : "the files written were removed; the branch \(branchName) is left (delete it with git branch -D \(branchName))"
            }
            func prepare(_ url: URL) throws {
                var missing: URL?
                var folder = url.deletingLastPathComponent()
                while !FileManager.default.fileExists(atPath: folder.path), folder.path.count > root.path.count {
                    missing = folder
                    folder = folder.deletingLastPathComponent()
                }
                if let missing { createdFolders.append(missing) }
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            }
            do {
                for (path, text) in documents {
                    let url = root.appendingPathComponent(path.rawValue)
                    try prepare(url)
                    try Data(text.utf8).write(to: url, options: .withoutOverwriting)
                    paths.append(path.rawValue)
                }
                for attachment in attachments {
                    let url = root.appendingPathComponent(attachment.path.rawValue)
                    if FileManager.default.fileExists(atPath: url.path) { continue }
                    try prepare(url)
                    try FileManager.default.copyItem(at: attachment.url, to: url)
                    paths.append(attachment.path.rawValue)
                }
            } catch {
                let undone = rollBack()
                throw usage("could not write the imported files: \(error.localizedDescription); nothing was kept (\(undone))")
            }
            let added = try runGit(["add", "--"] + paths, in: root)
            staged = true
            guard added.status == 0 else {
                let undone = rollBack()
                throw usage("git add failed: \(added.error)nothing was kept (\(undone))")
            }
            let subject = "Import \(counted(writes.count, "document")) under control (stet import)"
            let body =
                writes.compactMap { item in item.id.map { "\($0) from \(item.source)" } }.joined(separator: "\n")
                + "\n\nRevision 1 of each, for approval: stet approve \(writes.compactMap(\.id).map(\.rawValue).joined(separator: " "))"
            // Signed when the repository requires signed commits (an unsigned one would be an unsigned-commit finding).
            let sign = configuration.requireSignedCommits
            let committed = try runGit(["commit", "-q"] + (sign ? ["-S"] : []) + ["-m", subject, "-m", body], in: root)
            guard committed.status == 0 else {
                let undone = rollBack()
                throw usage(
                    "git could not commit the import:\n\(committed.error)Nothing was kept (\(undone)). Fix the cause (git config user.name and user.email\(sign ? "; stet.yaml requires signed commits: git config gpg.format ssh and git config user.signingkey ~/.ssh/id_ed25519.pub" : "")) and run the same command again"
                )
            }
            commit = try runGit(["rev-parse", "HEAD"], in: root).output.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        let report = ImportReport(plan: plan, branch: branchName, commit: commit, releaseBranch: configuration.releaseBranch)
        switch format {
        case .json: print(report.json())
        case .text: print(report.text(), terminator: "")
        }
        if !plan.issues.isEmpty { throw ExitCode(1) }
    }
}

extension Import {
    /// The first name of a `--folder` or mapping `folder` that starts with '.' (`.git`, `..`, `.hidden`); `nil` when
    /// there is none (`.` alone means the documents folder itself).
    static func hiddenComponent(ofFolder folder: String) -> String? {
        let trimmed = folder.trimmingCharacters(in: .whitespaces)
        if trimmed == "." || trimmed == "./" { return nil }
        return trimmed.split(separator: "/").map(String.init).first { $0.hasPrefix(".") }
    }

    /// Why `path` (repository-relative) cannot be written safely: a folder on the way that is a symbolic link (it could
    /// lead outside the repository) or not a folder, or the file itself already there (a link, or a document when
    /// `mayExist` is false). `nil` when it can.
    static func destinationProblem(_ path: String, in root: URL, mayExist: Bool) -> String? {
        let components = path.split(separator: "/").map(String.init)
        var url = root
        for (index, component) in components.enumerated() {
            url = url.appendingPathComponent(component)
            let shown = components[...index].joined(separator: "/")
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path) else { return nil }
            let type = attributes[.type] as? FileAttributeType
            let last = index == components.count - 1
            if type == .typeSymbolicLink {
                return
                    "\(shown) is a symbolic link, so writing \(path) could land outside the repository; nothing was written. Replace the link with a real folder (git rm \(shown)) and run again"
            }
            if !last && type != .typeDirectory {
                return "\(shown) is a file, not a folder, so \(path) cannot be written; nothing was written. Move it away and run again"
            }
            if last && !mayExist {
                return "\(path) exists already (not committed); nothing was written. Move it away and run again"
            }
        }
        return nil
    }
}

/// What `stet import` did, inferred, and left for a person to decide.
struct ImportReport {
    var plan: ImportPlan
    var branch: String
    var commit: String?
    var releaseBranch: String

    var written: [ImportPlan.Item] { plan.isBlocked ? [] : plan.newItems }

    func text() -> String {
        var out = ""
        if plan.isBlocked {
            out +=
                "stet import: nothing was written: \(counted(plan.issues.filter(\.blocking).count, "thing")) must be decided first (below).\n"
        } else if let commit {
            out += "stet import: \(counted(written.count, "document")) imported on branch \(branch), commit \(commit.prefix(12)).\n"
        } else {
            out += "stet import: nothing changed: every source is imported already (no new commit).\n"
        }
        for item in plan.items {
            let target = item.path.map { "\($0)" } ?? "(not imported)"
            let state: String
            switch item.status {
            case .imported: state = plan.isBlocked ? "would be \(item.id.map(\.rawValue) ?? "")" : "\(item.id.map(\.rawValue) ?? "")"
            case .unchanged: state = "\(item.id.map(\.rawValue) ?? ""), imported already, left as it is"
            case .undecided: state = "to decide"
            }
            out += "\n\(Self.shown(item.source)) -> \(target)  [\(state)]\n"
            for inference in item.inferred {
                out += "    \(Self.shown(inference.field)): \(Self.shown(inference.value))  (from \(Self.shown(inference.from)))\n"
            }
        }
        let attachments = plan.attachments.filter { attachment in
            plan.isBlocked || attachment.documents.contains { id in written.contains { $0.id == id } }
        }
        if !attachments.isEmpty {
            out += plan.isBlocked ? "\nAttachments (to be copied):\n" : "\nAttachments copied:\n"
            for attachment in attachments {
                out +=
                    "    \(Self.shown(attachment.source)) -> \(attachment.path)  (\(attachment.documents.map(\.rawValue).joined(separator: ", ")))\n"
            }
        }
        let blocking = plan.issues.filter(\.blocking)
        let reviews = plan.issues.filter { !$0.blocking }
        if !blocking.isEmpty {
            out += "\nTo decide (nothing is written until these are settled; put the answers in the mapping file):\n"
            for issue in blocking { out += "    \(location(issue)): \(Self.shown(issue.message))\n" }
        }
        if !reviews.isEmpty {
            out += "\nTo look at (imported as they are):\n"
            for issue in reviews { out += "    \(location(issue)): \(Self.shown(issue.message))\n" }
        }
        if commit != nil {
            let ids = written.compactMap(\.id).map(\.rawValue).joined(separator: " ")
            out += "\nNext: stet check --base \(releaseBranch) (what remains), then each approver on this branch: stet approve \(ids)\n"
        }
        return out
    }

    private func location(_ issue: ImportPlan.Issue) -> String {
        Self.shown(issue.source) + (issue.line.map { ":\($0)" } ?? "")
    }

    /// Text from the sources (file names, field values) as the terminal may print it: control characters, line and
    /// bidirectional controls written as `\n`, `\t`, `\u{1B}`, so a file name can neither move the cursor nor fake a line.
    static func shown(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x09: out += "\\t"
            case 0x0D: out += "\\r"
            case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029:
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            case let value where TextSafety.bidiControls.contains(value):
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    func json() -> String {
        struct Document: Encodable {
            var source: String
            var status: String
            var id: String?
            var path: String?
            var title: String?
            var type: String?
            var owner: String?
            var inferred: [ImportPlan.Inference]
        }
        struct Attachment: Encodable {
            var source: String
            var path: String
            var documents: [String]
        }
        struct Output: Encodable {
            var ok: Bool
            var branch: String
            var commit: String?
            var changed: Bool
            var documents: [Document]
            var attachments: [Attachment]
            var decisions: [ImportPlan.Issue]
        }
        let output = Output(
            ok: plan.issues.isEmpty, branch: branch, commit: commit, changed: commit != nil,
            documents: plan.items.map {
                Document(
                    source: $0.source, status: plan.isBlocked && $0.status == .imported ? "undecided" : $0.status.rawValue,
                    id: $0.id?.rawValue, path: $0.path?.rawValue, title: $0.title, type: $0.type?.rawValue, owner: $0.owner?.rawValue,
                    inferred: $0.inferred)
            },
            attachments: plan.attachments.map {
                Attachment(source: $0.source, path: $0.path.rawValue, documents: $0.documents.map(\.rawValue))
            },
            decisions: plan.issues)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(output)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
