import ArgumentParser
import Control
import Foundation
import Records

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
            TrainingCommand.self,
        ]
    )
}

/// Options every command takes.
struct RepositoryOptions: ParsableArguments {
    @Option(name: .customShort("C"), help: ArgumentHelp("The controlled-documents repository.", valueName: "dir"))
    var directory: String = "."

    var url: URL { URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL }

    func validate() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("-C \(directory): not a folder")
        }
    }
}

extension OutputFormat: ExpressibleByArgument {}

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
