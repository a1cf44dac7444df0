import Foundation
import Testing

@testable import Control
@testable import Records

/// A controlled-documents repository built on disk for one test, removed afterwards.
final class Fixture {
    let root: URL

    static let stetYAML = """
        organization: Test Biologics
        config-revision: 1
        release-branch: main
        documents-dir: controlled-docs
        author-may-approve: false
        require-signed-commits: true
        admin-roles: [qms-admin]
        types:
          SOP: { name: Standard Operating Procedure, approvals: [owner, qa-approver], review-months: 24, training-due-days: 30 }
          WI: { name: Work Instruction, approvals: [owner], review-months: 36, training-due-days: 14 }

        """

    static let rolesYAML = """
        qms-admin: { name: QMS Administrator }
        qa-approver: { name: QA Approver, description: Approves quality documents }
        lab-technician: { name: Laboratory Technician }

        """

    static let peopleYAML = """
        alice:
          name: Alice Quality
          email: alice@example.test
          roles: [qa-approver, qms-admin]
          site: boston
        bob:
          name: Bob Owner
          email: bob@example.test
          roles: [lab-technician]
          active: true

        """

    static func document(
        id: String = "SOP-QA-001", type: String = "SOP", revision: String = "1", owner: String = "bob",
        extra: String = "", body: String = "# Title\n\nText.\n"
    ) -> String {
        "---\nid: \(id)\ntitle: A controlled procedure\ntype: \(type)\nrevision: \(revision)\nowner: \(owner)\n\(extra)---\n\(body)"
    }

    /// A clean repository with two documents that link to each other.
    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("stet-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try write("stet.yaml", Self.stetYAML)
        try write("roles/roles.yaml", Self.rolesYAML)
        try write("roles/people.yaml", Self.peopleYAML)
        try write(
            "controlled-docs/SOP-QA-001.md",
            Self.document(extra: "references: [WI-LAB-001]\n", body: "# Title\n\nSee [the WI](lab/WI-LAB-001.md).\n"))
        try write(
            "controlled-docs/lab/WI-LAB-001.md",
            Self.document(
                id: "WI-LAB-001", type: "WI", revision: "2",
                extra: "change: \"Clarified step 3\"\ntraining:\n  roles: [lab-technician]\n  required: true\n",
                body: "# Work\n\nFollow [SOP-QA-001](../SOP-QA-001.md#purpose).\n"))
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func write(_ path: String, _ text: String) throws {
        try write(path, Data(text.utf8))
    }

    func write(_ path: String, _ data: Data) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(path))
    }

    /// Reads the tree and runs the static checks.
    func check() throws -> [Finding] {
        StaticChecks.run(try SnapshotReader.read(from: WorkingTree(root: root)), source: WorkingTree(root: root))
    }

    /// The configuration errors reading the tree raises (empty when it reads).
    func configurationErrors() -> [ConfigurationError] {
        do {
            _ = try SnapshotReader.read(from: WorkingTree(root: root))
            return []
        } catch {
            return error.errors
        }
    }
}

/// Runs the built `stet` executable.
struct StetProcess {
    var status: Int32
    var stdout: String
    var stderr: String

    static var executable: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("stet")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return packageRoot.appendingPathComponent(".build/debug/stet")
    }

    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> StetProcess {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
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
}

/// The package's own folder, for the bundled example and theme.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

extension Array where Element == Finding {
    func with(_ code: FindingCode) -> [Finding] { filter { $0.code == code } }
}
