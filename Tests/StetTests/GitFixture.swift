import Foundation
import Testing

@testable import Control
@testable import Records
@testable import Repository
@testable import Signatures

/// A real git repository with real signing keys, built per test. Git runs with
/// no global or system configuration, so nothing of the user's set-up leaks in.
final class GitFixture {
    let root: URL
    let keys: URL
    /// Commit times: from now on (OpenPGP keys are created with the real clock, and a
    /// signature made before its key was created is not valid), an hour per commit.
    private(set) var clock: Int64 = Int64(Date().timeIntervalSince1970) / 3600 * 3600
    private(set) var publicKeys: [String: String] = [:]

    /// Sets the time the next commit claims (minus the hour each commit adds): for backdated signatures.
    func setClock(_ seconds: Int64) { clock = seconds - 3600 }

    struct PersonSpec {
        var id: String
        var name: String
        var roles: [String]
        var keyType: String = "ed25519"
    }

    static let people = [
        PersonSpec(id: "alice", name: "Alice Author", roles: ["lab-technician"]),
        PersonSpec(id: "olga", name: "Olga Owner", roles: ["process-owner"]),
        PersonSpec(id: "quinn", name: "Quinn Quality", roles: ["qa-approver"], keyType: "ecdsa"),
        PersonSpec(id: "rita", name: "Rita Reviewer", roles: ["qa-approver"], keyType: "rsa"),
        PersonSpec(id: "adam", name: "Adam Admin", roles: ["qms-admin"]),
        PersonSpec(id: "ada", name: "Ada Admin", roles: ["qms-admin"]),
    ]

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("stet-git-\(UUID().uuidString)")
        keys = root.appendingPathComponent(".keys")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        let repo = root.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        _ = try git(["init", "-q", "-b", "main"])
        for person in Self.people {
            try makeKey(for: person.id, type: person.keyType)
        }
        try makeKey(for: "mallory", type: "ed25519")
    }

    deinit {
        if FileManager.default.fileExists(atPath: gnupg.path) {
            _ = try? run("/usr/bin/gpgconf", ["--kill", "gpg-agent"], environment: ["GNUPGHOME": gnupg.path])
        }
        try? FileManager.default.removeItem(at: root)
    }

    // MARK: - OpenPGP

    var gnupg: URL { root.appendingPathComponent("gnupg") }

    /// Makes an OpenPGP key for `id` (`ed25519` or `rsa2048`), optionally with a signing subkey; returns its fingerprint.
    @discardableResult
    func makeOpenPGPKey(
        for id: String, name: String, algorithm: String = "ed25519", signingSubkey: Bool = false, gpgOptions: [String] = []
    ) throws -> String {
        try FileManager.default.createDirectory(at: gnupg, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        _ = try gpg(gpgOptions + ["--quick-gen-key", "\(name) <\(email(id))>", algorithm, "sign", "never"])
        let listing = try gpg(["--with-colons", "--list-keys", email(id)])
        let fingerprint = try #require(
            listing.split(separator: "\n").first { $0.hasPrefix("fpr:") }?.split(separator: ":").last.map(String.init))
        if signingSubkey {
            _ = try gpg(gpgOptions + ["--quick-add-key", fingerprint, algorithm, "sign", "never"])
        }
        openPGPFingerprints[id] = fingerprint
        return fingerprint
    }

    private(set) var openPGPFingerprints: [String: String] = [:]

    func exportOpenPGPKey(_ id: String) throws -> String {
        try gpg(["--armor", "--export", openPGPFingerprints[id]!])
    }

    @discardableResult
    func gpg(_ arguments: [String]) throws -> String {
        try run(
            "/usr/bin/gpg", ["--batch", "--pinentry-mode", "loopback", "--passphrase", ""] + arguments,
            environment: ["GNUPGHOME": gnupg.path])
    }

    /// A commit signed with `person`'s OpenPGP key.
    @discardableResult
    func commitOpenPGP(_ message: String, as person: String, allowEmpty: Bool = false) throws -> String {
        _ = try git(["add", "-A"])
        clock += 3600
        var arguments = [
            "-c", "user.name=\(person)", "-c", "user.email=\(email(person))", "-c", "gpg.format=openpgp", "-c",
            "user.signingkey=\(openPGPFingerprints[person]!)", "commit", "-q", "-S",
        ]
        if allowEmpty { arguments.append("--allow-empty") }
        arguments += ["-m", message]
        _ = try git(arguments)
        return try head()
    }

    /// The working copy the fixture's git commands and files act on: the first repository, or a
    /// clone chosen with `use(_:)` (several people, each with their own clone of one origin).
    var repository: URL { current ?? root.appendingPathComponent("repo") }
    private var current: URL?

    /// Acts on `clone` (a folder under the fixture's root) from now on; nil: the first repository.
    func use(_ clone: URL?) { current = clone }

    /// Makes a bare `origin` from the first repository, and a clone of it per name; returns the clones.
    func team(_ names: [String]) throws -> (origin: URL, clones: [String: URL]) {
        let origin = root.appendingPathComponent("origin.git")
        _ = try run(
            "/usr/bin/git", ["clone", "-q", "--bare", root.appendingPathComponent("repo").path, origin.path],
            environment: ["GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "HOME": root.path])
        var clones: [String: URL] = [:]
        for name in names {
            let clone = root.appendingPathComponent("clone-\(name)")
            _ = try run(
                "/usr/bin/git", ["clone", "-q", origin.path, clone.path],
                environment: ["GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "HOME": root.path])
            clones[name] = clone
        }
        return (origin, clones)
    }

    func makeKey(for id: String, type: String) throws {
        let path = keys.appendingPathComponent(id).path
        let bits = type == "rsa" ? ["-b", "2048"] : type == "ecdsa" ? ["-b", "256"] : []
        _ = try run("/usr/bin/ssh-keygen", ["-q", "-t", type] + bits + ["-N", "", "-C", id, "-f", path])
        publicKeys[id] = try String(contentsOfFile: path + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func email(_ id: String) -> String { "\(id)@example.test" }

    /// Moves the commit clock forward to midnight UTC of `date` (YYYY-MM-DD), never back, so
    /// tests can say when something reached the release branch.
    func advanceClock(to date: String) {
        clock = max(clock, Int64(CalendarDate(date)!.daysSinceEpoch) * 86_400)
    }

    // MARK: - Files

    static let stetYAML = """
        organization: Fixture Biologics
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

    func writeConfiguration(revision: Int = 1, extraPeople: String = "", signers: [String]? = nil, options: [String: String] = [:]) throws {
        try write("stet.yaml", Self.stetYAML.replacingOccurrences(of: "config-revision: 1", with: "config-revision: \(revision)"))
        try write(
            "roles/roles.yaml",
            "lab-technician: { name: Laboratory Technician }\nprocess-owner: { name: Process Owner }\nqa-approver: { name: QA Approver }\nqms-admin: { name: QMS Administrator }\n"
        )
        var people = ""
        for person in Self.people {
            people +=
                "\(person.id):\n  name: \(person.name)\n  email: \(email(person.id))\n  roles: [\(person.roles.joined(separator: ", "))]\n"
        }
        try write("roles/people.yaml", people + extraPeople)
        var lines = ""
        for id in signers ?? Self.people.map(\.id) {
            let option = options[id].map { $0 + " " } ?? "namespaces=\"git\" "
            lines += "\(email(id)) \(option)\(publicKeys[id]!)\n"
        }
        try write("roles/allowed_signers", lines)
    }

    func document(
        _ id: String = "SOP-QA-001", type: String = "SOP", revision: Int, owner: String = "olga", extra: String = "", body: String = "Text."
    )
        -> String
    {
        let change = revision > 1 ? "change: \"Revision \(revision)\"\n" : ""
        return
            "---\nid: \(id)\ntitle: Cleaning\ntype: \(type)\nrevision: \(revision)\nowner: \(owner)\n\(change)\(extra)---\n# Cleaning\n\n\(body)\n"
    }

    func write(_ path: String, _ text: String) throws {
        let url = repository.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func remove(_ path: String) throws {
        _ = try git(["rm", "-q", path])
    }

    // MARK: - Commits

    /// Commits everything, signed by `signer` (nil: unsigned); returns the commit id.
    @discardableResult
    func commit(_ message: String, as person: String, signer: String? = nil, sign: Bool = true, allowEmpty: Bool = false) throws -> String {
        _ = try git(["add", "-A"])
        clock += 3600
        var arguments = ["-c", "user.name=\(person)", "-c", "user.email=\(email(person))"]
        let signingID = signer ?? person
        if sign {
            arguments += [
                "-c", "gpg.format=ssh", "-c", "user.signingkey=\(keys.appendingPathComponent(signingID).path)", "commit", "-q", "-S",
            ]
        } else {
            arguments += ["commit", "-q", "--no-gpg-sign"]
        }
        if allowEmpty { arguments.append("--allow-empty") }
        arguments += ["-m", message]
        _ = try git(arguments)
        return try head()
    }

    /// An empty commit approving `document` at `revision`, signed by `person`.
    @discardableResult
    func approve(_ document: String, revision: Int, as person: String, meaning: String = "Approved", signer: String? = nil) throws -> String
    {
        try commit(
            "Approve \(document) rev \(revision)\n\nApproves: \(document) rev \(revision)\nSignature-Meaning: \(meaning)", as: person,
            signer: signer, allowEmpty: true)
    }

    /// The configuration and one approved document on main.
    func bootstrap() throws {
        try writeConfiguration()
        try commit("Configuration", as: "adam")
        try branch("add-sop")
        try write("controlled-docs/SOP-QA-001.md", document(revision: 1))
        try commit("Add SOP-QA-001", as: "alice")
        try approve("SOP-QA-001", revision: 1, as: "olga")
        try approve("SOP-QA-001", revision: 1, as: "quinn")
        try merge("add-sop")
    }

    func branch(_ name: String, from: String = "main") throws {
        _ = try git(["checkout", "-q", "-b", name, from])
    }

    func checkout(_ name: String) throws {
        _ = try git(["checkout", "-q", name])
    }

    /// Merges `branch` into main with --no-ff, signed by `signer`.
    @discardableResult
    func merge(_ branch: String, as person: String = "ada") throws -> String {
        try checkout("main")
        clock += 3600
        _ = try git([
            "-c", "user.name=\(person)", "-c", "user.email=\(email(person))", "-c", "gpg.format=ssh", "-c",
            "user.signingkey=\(keys.appendingPathComponent(person).path)", "merge", "-q", "--no-ff", "-S", "-m", "Merge \(branch)", branch,
        ])
        return try head()
    }

    func head() throws -> String {
        try git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs git in the repository with an isolated configuration and the fixture's clock.
    @discardableResult
    func git(_ arguments: [String], input: Data? = nil, environmentOverride: [String: String] = [:]) throws -> String {
        let date = "\(clock) +0000"
        var environment = [
            "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "HOME": root.path, "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date, "GNUPGHOME": gnupg.path,
        ]
        environment.merge(environmentOverride) { $1 }
        return try run("/usr/bin/git", ["-C", repository.path] + arguments, environment: environment, input: input)
    }

    func run(_ tool: String, _ arguments: [String], environment: [String: String] = [:], input: Data? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let inPipe = Pipe()
        if input != nil { process.standardInput = inPipe }
        try process.run()
        if let input {
            inPipe.fileHandleForWriting.write(input)
            try inPipe.fileHandleForWriting.close()
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixtureError(message: "\(tool) \(arguments.joined(separator: " ")): \(String(decoding: errors, as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self)
    }

    struct FixtureError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Writes a commit object made from raw text and points `branch` at it.
    func forgeCommit(_ raw: String, branch: String = "main") throws -> String {
        let id = try git(["hash-object", "-t", "commit", "-w", "--stdin"], input: Data(raw.utf8)).trimmingCharacters(
            in: .whitespacesAndNewlines)
        _ = try git(["update-ref", "refs/heads/\(branch)", id])
        return id
    }

    /// The signed payload of `commit` (its text without the `gpgsig` header) and its signature, if any.
    func signedParts(of commit: String) throws -> (payload: String, signature: String?) {
        let raw = try git(["cat-file", "commit", commit])
        let headerEnd = raw.range(of: "\n\n")!.lowerBound
        var kept: [Substring] = []
        var signature: [Substring] = []
        var inSignature = false
        for line in raw[..<headerEnd].split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("gpgsig ") {
                inSignature = true
                signature.append(line.dropFirst(7))
            } else if inSignature && line.hasPrefix(" ") {
                signature.append(line.dropFirst())
            } else {
                inSignature = false
                kept.append(line)
            }
        }
        return (kept.joined(separator: "\n") + String(raw[headerEnd...]), signature.isEmpty ? nil : signature.joined(separator: "\n"))
    }

    /// Replaces the signature of the tip of `branch` with `sign(payload)` (a signature made outside git,
    /// as another implementation or a security key would) and points the branch at the new commit.
    @discardableResult
    func resign(branch: String, with sign: (_ payload: String, _ old: String?) throws -> String) throws -> String {
        let tip = try git(["rev-parse", "refs/heads/\(branch)"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let (payload, old) = try signedParts(of: tip)
        let signature = try sign(payload, old).trimmingCharacters(in: .newlines)
        let headerEnd = payload.range(of: "\n\n")!.lowerBound
        let header = "gpgsig " + signature.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n ")
        return try forgeCommit(String(payload[..<headerEnd]) + "\n" + header + String(payload[headerEnd...]), branch: branch)
    }

    /// Sets the time of the next commit made by `commit`/`approve` (each adds an hour to the clock first).
    func setNextCommitTime(_ seconds: Int64) { clock = seconds - 3600 }

    // MARK: - The record

    func record(trustRoot: String? = nil) throws -> ReleaseRecord {
        try RecordBuilder.build(repository: try GitRepository(at: repository), branch: "main", trustRoot: trustRoot)
    }

    func status(_ id: String, in record: ReleaseRecord, asOf: String = "2030-01-01") -> DocumentStatus? {
        record.documents[DocumentID(id)!].flatMap { DocumentStatus.status(of: $0, asOf: CalendarDate(asOf)!) }
    }
}
