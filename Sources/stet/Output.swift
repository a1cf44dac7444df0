import ArgumentParser
import Foundation

/// `--quiet` and `--verbose`, for commands that report progress.
struct OutputOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print only results, findings and errors: no progress.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Also print each step's duration and details.")
    var verbose = false

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be used together") }
    }
}

/// What the process is talking to. Progress bars and colour are for a person at a terminal: not
/// when the stream is a pipe or file, not in CI (`CI` set to anything but `false` or `0`), not on
/// `TERM=dumb`; colour also not when `NO_COLOR` is set and non-empty (no-color.org).
enum Terminal {
    static let environment = ProcessInfo.processInfo.environment

    static var inCI: Bool {
        guard let value = environment["CI"]?.lowercased(), !value.isEmpty else { return false }
        return value != "false" && value != "0"
    }

    static func isInteractive(_ descriptor: Int32) -> Bool {
        isatty(descriptor) == 1 && !inCI && environment["TERM"] != "dumb"
    }

    static func usesColour(_ descriptor: Int32) -> Bool {
        isInteractive(descriptor) && (environment["NO_COLOR"] ?? "").isEmpty
    }

    /// Text from the repository (a commit subject, a document's words) as a terminal may print it: every control
    /// character but newline and tab (ESC, BEL, CR, DEL, C1) written as `\u{1B}`, so that it cannot move the cursor,
    /// rewrite a line, hide text or set a hyperlink.
    static func printable(_ text: String) -> String {
        func isControl(_ scalar: Unicode.Scalar) -> Bool {
            (scalar.value < 0x20 && scalar.value != 0x0A && scalar.value != 0x09) || (0x7F...0x9F).contains(scalar.value)
        }
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Finding lines (`path:line: error: …`) made printable, with the severity words coloured. The words stay, so
    /// colour is never the only signal.
    static func colourFindings(_ text: String, descriptor: Int32 = STDOUT_FILENO) -> String {
        let text = printable(text)
        guard usesColour(descriptor) else { return text }
        return
            text
            .replacingOccurrences(of: ": error: ", with: ": \u{1B}[1;31merror\u{1B}[0m: ")
            .replacingOccurrences(of: ": warning: ", with: ": \u{1B}[1;33mwarning\u{1B}[0m: ")
    }
}

/// A command's steps on standard error (standard output stays clean for data): `[i/n] step` lines;
/// on a terminal, one line redrawn in place with a bar for long steps; with `--verbose`, each
/// step's duration and details.
final class Progress {
    /// The progress being shown, whose open line an error message must end first.
    nonisolated(unsafe) static weak var active: Progress?

    private let total: Int
    private let quiet: Bool
    private let verbose: Bool
    private let interactive: Bool
    private let colour: Bool
    private var current = 0
    private var name = ""
    private var started = Date()
    private var lastDrawn = -1
    private var lineOpen = false

    init(steps: Int, output: OutputOptions, silent: Bool = false) {
        total = steps
        quiet = output.quiet || silent
        verbose = output.verbose && !silent
        interactive = Terminal.isInteractive(STDERR_FILENO)
        colour = Terminal.usesColour(STDERR_FILENO)
        Self.active = self
    }

    /// Ends the line being redrawn, so that an error message starts on its own line.
    func interrupt() { closeLine() }

    deinit { closeLine() }

    /// Starts the next step.
    func step(_ name: String) {
        finishStep()
        current += 1
        self.name = name
        started = Date()
        lastDrawn = -1
        guard !quiet else { return }
        if interactive {
            write("\r\u{1B}[K" + label)
            lineOpen = true
        } else {
            write(label + "\n")
        }
    }

    /// Reports `done` of `count` units of the current step: a bar on a terminal, nothing otherwise.
    func advance(_ done: Int, of count: Int) {
        guard !quiet, interactive, count > 0 else { return }
        let percent = min(100, done * 100 / count)
        guard percent != lastDrawn else { return }
        lastDrawn = percent
        let width = 24
        let filled = percent * width / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        write("\r\u{1B}[K\(label) [\(bar)] \(percent)% (\(done)/\(count))")
        lineOpen = true
    }

    /// A detail line, with `--verbose` only.
    func detail(_ text: String) {
        guard verbose else { return }
        closeLine()
        write("      \(text)\n")
    }

    /// Ends the last step.
    func finish() {
        finishStep()
        closeLine()
    }

    private var label: String {
        let counter = "[\(current)/\(total)]"
        return (colour ? "\u{1B}[1m\(counter)\u{1B}[0m" : counter) + " " + name
    }

    private func finishStep() {
        guard current > 0, !quiet else { return }
        closeLine()
        if verbose {
            write("      \(name): \(String(format: "%.2f", Date().timeIntervalSince(started))) s\n")
        }
    }

    private func closeLine() {
        guard lineOpen else { return }
        write("\r\u{1B}[K" + label + "\n")
        lineOpen = false
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// "1 finding", "2 findings".
func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
