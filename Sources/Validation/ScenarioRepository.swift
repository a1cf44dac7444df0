import Control
import Foundation
import Records
import Repository
import Signatures
import Training

/// A person of a scenario: who they are and which kind of key stet generates for them.
struct ScenarioPerson {
    var id: String
    var name: String
    var email: String
    var roles: [String]
    var kind: SSHSigner.Kind = .ed25519
    /// False: a key is generated but not enrolled in allowed_signers.
    var enrolled = true
}

/// A signed repository generated on the spot in a scratch folder, with keys made for the run and commits written and
/// signed by stet's own code (libgit2 + OpenSSL). Nothing of the user's git or ssh set-up is used.
final class ScenarioRepository {
    let directory: URL
    let writer: CommitWriter
    private(set) var signers: [String: SSHSigner] = [:]
    private(set) var people: [String: ScenarioPerson] = [:]
    /// The branch whose history is the record.
    var releaseBranch = "main"
    /// Commit times advance an hour per commit from a fixed start, so that runs are alike.
    private(set) var clock: Int64

    static let start: Int64 = 1_767_225_600  // 2026-01-01T00:00:00Z

    init(in scratch: URL, name: String, people: [ScenarioPerson]) throws {
        directory = scratch.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        writer = try CommitWriter(initialisingAt: directory)
        clock = Self.start
        for person in people {
            self.people[person.id] = person
            signers[person.id] = SSHSigner(kind: person.kind)
        }
    }

    /// allowed_signers for the enrolled people.
    var allowedSigners: String {
        people.values.filter(\.enrolled).sorted { $0.id < $1.id }.map {
            "\($0.email) namespaces=\"git\" \(signers[$0.id]!.publicKey.openSSHString)"
        }.joined(separator: "\n") + "\n"
    }

    func write(_ path: String, _ text: String) throws {
        let url = directory.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Commits the working tree on `branch` as `person`: signed with their key (`signer` another person's key,
    /// `signed: false` unsigned, `tamper` signs other bytes than the commit's).
    @discardableResult
    func commit(
        _ message: String, by person: String, signer: String? = nil, signed: Bool = true, tamper: Bool = false, on branch: String? = nil,
        merging: String? = nil
    ) throws -> ObjectID {
        clock += 3600
        let author = people[person]!
        let key = signers[signer ?? person]!
        return try writer.commit(
            message: message, author: (author.name, author.email), at: clock, on: branch ?? releaseBranch,
            merging: merging.flatMap { writer.tip(of: $0) }
        ) { bytes in
            guard signed else { return nil }
            return key.sign(tamper ? bytes + Array(" ".utf8) : bytes)
        }
    }

    func branch(_ name: String) throws {
        try writer.setBranch(name, to: writer.tip(of: releaseBranch)!)
    }

    func approve(_ document: String, revision: Int, by person: String, on branch: String, signer: String? = nil) throws {
        try commit(
            "Approve \(document) rev \(revision)\n\nApproves: \(document) rev \(revision)\nSignature-Meaning: Approved", by: person,
            signer: signer, on: branch)
    }

    func merge(_ branch: String, by person: String) throws {
        try commit("Merge branch '\(branch)'", by: person, merging: branch)
    }

    /// The record of main, replayed by stet's own code.
    func record() throws -> ReleaseRecord {
        try RecordBuilder.build(repository: try GitRepository(at: directory), branch: releaseBranch)
    }

    func training(_ record: ReleaseRecord, asOf: CalendarDate) throws -> TrainingReport {
        try TrainingReport.make(record: record, repository: try GitRepository(at: directory), asOf: asOf)
    }

    /// A document's front matter and body.
    static func document(
        id: String, type: String, revision: Int, owner: String, trainingRoles: [String] = [], extra: String = "", body: String
    ) -> String {
        var front = "---\nid: \(id)\ntitle: Validation scenario document\ntype: \(type)\nrevision: \(revision)\nowner: \(owner)\n"
        if revision > 1 { front += "change: \"Scenario revision \(revision)\"\n" }
        if !trainingRoles.isEmpty { front += "training:\n  roles: [\(trainingRoles.joined(separator: ", "))]\n  required: true\n" }
        return front + extra + "---\n# Validation scenario\n\n\(body)\n"
    }
}
