import ArgumentParser
import Control
import Foundation
import Records
import Repository

/// The `stet` command line: thin commands over the library targets.
struct Stet: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "stet",
        abstract: "Document control and training management, kept as code.",
        discussion: "Controlled documents are Markdown with YAML front matter in a git repository; approvals are signed commits.",
        version: version,
        subcommands: [
            DemoCommand.self, Init.self, New.self, Check.self, Status.self, Diff.self, Approve.self, Verify.self, Build.self,
            TrainingCommand.self, ValidateCommand.self, Import.self,
        ]
    )
}

/// Options every command takes.
struct RepositoryOptions: ParsableArguments {
    @Option(name: .customShort("C"), help: ArgumentHelp("The controlled-documents repository.", valueName: "dir"))
    var directory: String = "."

    /// The folder given (`-C`, else the current one).
    var givenURL: URL { URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL }

    /// The top of the repository's working tree that the given folder is in, found upwards as git
    /// does; the given folder itself when it is in none (commands then say it is not a repository).
    var url: URL { GitRepository.workingTreeRoot(around: givenURL) ?? givenURL }

    func validate() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: givenURL.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("-C \(directory): not a folder")
        }
    }
}

extension OutputFormat: ExpressibleByArgument {}

/// `--format` of commands that print a report rather than findings: text or json only, so that
/// `--help` lists only what the command accepts.
enum PlainFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json

    /// The same format for findings printed before the report (a shallow clone).
    var findings: OutputFormat { self == .json ? .json : .text }
}

/// Writes to standard error.
func printError(_ text: String) {
    Progress.active?.interrupt()
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

/// Reports configuration errors and exits 2.
func fail(_ errors: ConfigurationErrors) -> ExitCode {
    for error in errors.errors {
        printError("\(error.file)\(error.line.map { ":\($0)" } ?? ""): error: \(error.message)")
    }
    printError(
        "stet: the configuration could not be read (\(errors.errors.count) error\(errors.errors.count == 1 ? "" : "s")); fix it and run again."
    )
    return ExitCode(2)
}
