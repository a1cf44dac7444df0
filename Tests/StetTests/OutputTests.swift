import Foundation
import Testing

@Suite("Progress and output: bars and colour for a person at a terminal, plain lines for CI and pipes")
struct OutputTests {
    /// Runs stet on a pseudo-terminal (util-linux `script`), as a person at a terminal would;
    /// returns everything the terminal showed.
    func onTerminal(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, screen: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        let command = ([StetProcess.executable.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        process.arguments = ["-qec", command, "/dev/null"]
        var env = ProcessInfo.processInfo.environment
        env["CI"] = nil
        env["NO_COLOR"] = nil
        env["TERM"] = "xterm"
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func signedRepository() throws -> GitFixture {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        return fixture
    }

    @Test func aBuildOnATerminalDrawsStepsWithABarAndBoldCounters() throws {
        let fixture = try signedRepository()
        let out = fixture.root.appendingPathComponent("portal").path
        let result = try onTerminal(["build", "-C", fixture.repository.path, "--out", out])
        #expect(result.status == 0, "\(result.screen)")
        #expect(result.screen.contains("\r\u{1B}[K\u{1B}[1m[2/5]\u{1B}[0m replay release history and verify signatures ["))
        #expect(result.screen.contains("] 100% ("))
        #expect(result.screen.contains("Portal written to"))

        // NO_COLOR: the same steps and bar, without colour.
        let plain = try onTerminal(["build", "-C", fixture.repository.path, "--out", out], environment: ["NO_COLOR": "1"])
        #expect(plain.status == 0)
        #expect(!plain.screen.contains("\u{1B}[1m"))
        #expect(plain.screen.contains("[2/5] replay release history and verify signatures ["))
    }

    @Test func inCIOrThroughAPipeStepsArePlainLines() throws {
        let fixture = try signedRepository()
        let out = fixture.root.appendingPathComponent("portal").path
        let ci = try onTerminal(["build", "-C", fixture.repository.path, "--out", out], environment: ["CI": "true"])
        #expect(ci.status == 0)
        #expect(!ci.screen.contains("\u{1B}"))
        #expect(ci.screen.contains("[1/5] open repository\r\n[2/5] replay release history and verify signatures\r\n[3/5] compute training"))

        let piped = try StetProcess.run(["build", "-C", fixture.repository.path, "--out", out], environment: ["CI": ""])
        #expect(piped.status == 0)
        #expect(
            piped.stderr
                == "[1/5] open repository\n[2/5] replay release history and verify signatures\n[3/5] compute training\n[4/5] render pages\n[5/5] publish \(out)\n"
        )
    }

    @Test func quietPrintsNothingOnSuccessAndVerboseTimesEachStep() throws {
        let fixture = try signedRepository()
        let out = fixture.root.appendingPathComponent("portal").path
        let quiet = try StetProcess.run(["build", "-C", fixture.repository.path, "--out", out, "--quiet"])
        #expect(quiet.status == 0)
        #expect(quiet.stdout.isEmpty && quiet.stderr.isEmpty)

        let verbose = try StetProcess.run(["build", "-C", fixture.repository.path, "--out", out, "--verbose"])
        #expect(verbose.status == 0)
        #expect(verbose.stderr.contains("      5 commits, 1 release of 1 document, 0 findings\n"))
        #expect(verbose.stderr.contains("      render pages: "))
        #expect(try StetProcess.run(["build", "-C", fixture.repository.path, "-q", "-v"]).status == 2)

        // verify lists every signature only when asked; --quiet leaves the findings alone.
        let verify = try StetProcess.run(["verify", "-C", fixture.repository.path])
        #expect(!verify.stdout.contains("good           ssh"))
        #expect(verify.stdout.contains("(--verbose lists the good ones too.)"))
        let all = try StetProcess.run(["verify", "-C", fixture.repository.path, "--verbose"])
        #expect(all.stdout.contains("good           ssh"))
        #expect(try StetProcess.run(["verify", "-C", fixture.repository.path, "--quiet"]).stdout == "stet verify: no findings.\n")
    }

    @Test func findingsAreColouredOnlyOnATerminalAndKeepTheirWords() throws {
        let fixture = try Fixture()
        try fixture.write("controlled-docs/SOP-QA-001.md", Fixture.document(revision: "2"))
        let coloured = try onTerminal(["check", "-C", fixture.root.path])
        #expect(coloured.status == 1)
        #expect(coloured.screen.contains(": \u{1B}[1;31merror\u{1B}[0m: "))
        let noColour = try onTerminal(["check", "-C", fixture.root.path], environment: ["NO_COLOR": "1"])
        #expect(!noColour.screen.contains("\u{1B}"))
        #expect(noColour.screen.contains(": error: "))
        let piped = try StetProcess.run(["check", "-C", fixture.root.path])
        #expect(!piped.stdout.contains("\u{1B}"))
        #expect(piped.stdout.contains(": error: "))
    }
}
