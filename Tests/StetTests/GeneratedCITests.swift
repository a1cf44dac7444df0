import Foundation
import Testing
import Yams

/// The CI files `stet init` writes pin the root of trust when `STET_TRUST_ROOT` is set: their verify
/// steps are run here with a POSIX shell, as the runners run them, against a real signed repository.
@Suite("The generated CI jobs pin the root of trust")
struct GeneratedCITests {
    /// Runs `script` with `sh -e` in `directory`, with stet on the PATH.
    func shell(_ script: String, in directory: URL, environment: [String: String]) throws -> StetProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-e", "-c", script]
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = StetProcess.executable.deletingLastPathComponent().path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return StetProcess(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    @Test(.verifies("REQ-HIS-001")) func theVerifyStepsPinTheRootWhenSetAndWarnWhenNot() throws {
        let scaffold = FileManager.default.temporaryDirectory.appendingPathComponent("stet-ci-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scaffold) }
        #expect(try StetProcess.run(["init", scaffold.path]).status == 0)
        let github = try #require(
            try Yams.load(yaml: String(contentsOf: scaffold.appendingPathComponent(".github/workflows/stet.yml"), encoding: .utf8))
                as? [String: Any])
        #expect((github["env"] as? [String: Any])?["STET_TRUST_ROOT"] as? String == "")
        let steps = try #require(((github["jobs"] as? [String: Any])?["stet"] as? [String: Any])?["steps"] as? [[String: Any]])
        let githubVerify = try #require(steps.first { $0["name"] as? String == "Verify the record" }?["run"] as? String)
        let gitlab = try #require(
            try Yams.load(yaml: String(contentsOf: scaffold.appendingPathComponent(".gitlab-ci.yml"), encoding: .utf8)) as? [String: Any])
        #expect((gitlab["variables"] as? [String: Any])?["STET_TRUST_ROOT"] as? String == "")
        let gitlabVerify = try #require(
            ((gitlab["stet-publish"] as? [String: Any])?["script"] as? [String])?.first { $0.contains("stet verify") })

        let fixture = try GitFixture()
        try fixture.bootstrap()
        let root = try fixture.git(["rev-list", "--max-parents=0", "main"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let other = try fixture.head()
        for script in [githubVerify, gitlabVerify] {
            let unpinned = try shell(script, in: fixture.repository, environment: ["STET_TRUST_ROOT": ""])
            #expect(unpinned.status == 0, "\(unpinned.stdout)\(unpinned.stderr)")
            #expect((unpinned.stdout + unpinned.stderr).contains("the root of trust is not pinned"))
            let pinned = try shell(script, in: fixture.repository, environment: ["STET_TRUST_ROOT": root])
            #expect(pinned.status == 0, "\(pinned.stdout)\(pinned.stderr)")
            #expect(!(pinned.stdout + pinned.stderr).contains("not pinned"))
            // A history that does not start at the pinned root fails the job.
            let wrong = try shell(script, in: fixture.repository, environment: ["STET_TRUST_ROOT": other])
            #expect(wrong.status == 1, "\(wrong.stdout)\(wrong.stderr)")
            #expect(wrong.stdout.contains("untrusted-root"))
        }
        // GitLab's reporting run writes the Code Quality report with the finding.
        let report = try String(contentsOf: fixture.repository.appendingPathComponent("gl-code-quality-report.json"), encoding: .utf8)
        #expect(report.contains("untrusted-root"))
    }
}
