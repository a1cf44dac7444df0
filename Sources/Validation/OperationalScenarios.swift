import Control
import Foundation
import Records
import Repository
import Signatures
import Training

/// The operational qualification's built-in scenarios: each builds a signed repository on the spot under a small
/// built-in configuration and checks what stet decides against what a requirement says.
enum OperationalScenarios {
    static let people: [ScenarioPerson] = [
        ScenarioPerson(id: "alice", name: "Alice Author", email: "alice@example.test", roles: ["lab-technician"]),
        ScenarioPerson(id: "olga", name: "Olga Owner", email: "olga@example.test", roles: ["process-owner"]),
        ScenarioPerson(id: "quinn", name: "Quinn Quality", email: "quinn@example.test", roles: ["qa-approver"], kind: .ecdsaP256),
        ScenarioPerson(id: "rita", name: "Rita Reviewer", email: "rita@example.test", roles: ["qa-approver"], kind: .rsa),
        ScenarioPerson(id: "adam", name: "Adam Admin", email: "adam@example.test", roles: ["qms-admin"]),
        ScenarioPerson(id: "ada", name: "Ada Admin", email: "ada@example.test", roles: ["qms-admin"]),
        ScenarioPerson(id: "mallory", name: "Mallory Outsider", email: "mallory@example.test", roles: [], enrolled: false),
    ]

    static let stetYAML = """
        organization: Validation Scenarios
        config-revision: 1
        release-branch: main
        documents-dir: controlled-docs
        author-may-approve: false
        require-signed-commits: true
        admin-roles: [qms-admin]
        types:
          SOP: { name: Standard Operating Procedure, approvals: [owner, qa-approver], review-months: 24, training-due-days: 30 }

        """

    static let rolesYAML = """
        qms-admin: { name: QMS Administrator }
        qa-approver: { name: QA Approver }
        process-owner: { name: Process Owner }
        lab-technician: { name: Laboratory Technician }

        """

    static func peopleYAML(extraRoles: [String: [String]] = [:]) -> String {
        people.filter(\.enrolled).map { person in
            "\(person.id):\n  name: \(person.name)\n  email: \(person.email)\n  roles: [\((person.roles + (extraRoles[person.id] ?? [])).joined(separator: ", "))]\n"
        }.joined()
    }

    static let document = "SOP-VAL-001"
    static let path = "controlled-docs/SOP-VAL-001.md"

    /// A repository with the configuration committed by an admin (the root of trust).
    static func repository(_ scratch: URL, _ name: String) throws -> ScenarioRepository {
        let repo = try ScenarioRepository(in: scratch, name: name, people: people)
        try repo.write("stet.yaml", stetYAML)
        try repo.write("roles/roles.yaml", rolesYAML)
        try repo.write("roles/people.yaml", peopleYAML())
        try repo.write("roles/allowed_signers", repo.allowedSigners)
        try repo.commit("Configuration", by: "adam")
        return repo
    }

    /// A change to SOP-VAL-001 on its own branch: written by `author`, approved by `approvers` (person, key), merged.
    static func change(
        _ repo: ScenarioRepository, revision: Int, author: String = "alice", approvers: [(String, String?)], extra: String = "",
        trainingRoles: [String] = [], afterApprovals: ((String) throws -> Void)? = nil
    ) throws {
        let branch = "change/rev-\(revision)-\(repo.clock)"
        try repo.branch(branch)
        try repo.write(
            path,
            ScenarioRepository.document(
                id: document, type: "SOP", revision: revision, owner: "olga", trainingRoles: trainingRoles, extra: extra,
                body: "Text of revision \(revision)."))
        try repo.commit("\(document): revision \(revision)", by: author, on: branch)
        for (person, key) in approvers { try repo.approve(document, revision: revision, by: person, on: branch, signer: key) }
        try afterApprovals?(branch)
        try repo.merge(branch, by: "ada")
    }

    static var all: [Scenario] {
        [
            Scenario(
                id: "OQ-01", title: "Approvals signed with ed25519, ECDSA P-256 and RSA keys release a revision",
                requirements: ["REQ-SIG-001", "REQ-REL-001", "REQ-APR-002", "REQ-APR-004"]
            ) { scratch, log in
                let repo = try repository(scratch, "oq-01")
                try change(repo, revision: 1, approvers: [("olga", nil), ("quinn", nil)])
                var record = try repo.record()
                log.expect(
                    "owner (ssh-ed25519) and QA (ecdsa-sha2-nistp256) approve revision 1; merged", "effective rev 1",
                    Outcome.status(document, in: record))
                log.expect("the record's findings", "none", Outcome.findings(record))
                let approvals = record.documents[DocumentID(document)!]?.latestRelease?.approvals ?? []
                log.expect(
                    "the signature manifestation of revision 1",
                    "Olga Owner as owner, Approved; Quinn Quality as qa-approver, Approved",
                    approvals.map { "\($0.name) as \($0.role?.rawValue ?? "?"), \($0.meaning)" }.sorted().joined(separator: "; "))
                try change(repo, revision: 2, approvers: [("olga", nil), ("rita", nil)])
                record = try repo.record()
                log.expect(
                    "owner and QA (ssh-rsa, rsa-sha2-512) approve revision 2; merged", "effective rev 2",
                    Outcome.status(document, in: record))
                log.expect("the record's findings", "none", Outcome.findings(record))
            },
            Scenario(
                id: "OQ-02", title: "A revision missing a required approval is not released", requirements: ["REQ-APR-002", "REQ-REL-001"]
            ) {
                scratch, log in
                let repo = try repository(scratch, "oq-02")
                try change(repo, revision: 1, approvers: [("olga", nil), ("quinn", nil)])
                try change(repo, revision: 2, approvers: [("olga", nil)])
                let record = try repo.record()
                log.expect(
                    "revision 2 approved by the owner only, merged", "effective rev 1, pending rev 2 (missing qa-approver)",
                    "\(Outcome.status(document, in: record)), pending rev \(record.documents[DocumentID(document)!]?.pending?.revision.number ?? 0) (missing \(record.documents[DocumentID(document)!]?.pending?.missing.map(\.rawValue).joined(separator: ", ") ?? ""))"
                )
                log.check(
                    "the record's findings", expected: "includes unapproved-change (error)", actual: Outcome.findings(record),
                    Outcome.has(.unapprovedChange, in: record))
            },
            Scenario(id: "OQ-03", title: "An author cannot approve their own change", requirements: ["REQ-APR-003"]) { scratch, log in
                let repo = try repository(scratch, "oq-03")
                try change(repo, revision: 1, author: "quinn", approvers: [("olga", nil), ("quinn", nil)])
                let record = try repo.record()
                log.expect(
                    "Quinn writes revision 1 and approves it as qa-approver; merged", "pending rev 1 (missing qa-approver)",
                    Outcome.status(document, in: record))
                log.check(
                    "the record's findings", expected: "includes self-approval (error)", actual: Outcome.findings(record),
                    Outcome.has(.selfApproval, in: record))
            },
            Scenario(
                id: "OQ-04", title: "A change after the approvals voids them: an approval binds to the exact content",
                requirements: ["REQ-APR-001"]
            ) {
                scratch, log in
                let repo = try repository(scratch, "oq-04")
                try change(repo, revision: 1, approvers: [("olga", nil), ("quinn", nil)]) { branch in
                    try repo.write(
                        path,
                        ScenarioRepository.document(
                            id: document, type: "SOP", revision: 1, owner: "olga", body: "Text changed after approval."))
                    try repo.commit("\(document): a last edit", by: "alice", on: branch)
                }
                let record = try repo.record()
                log.expect(
                    "revision 1 edited after both approvals; merged", "pending rev 1 (missing owner, qa-approver)",
                    Outcome.status(document, in: record))
                log.check(
                    "the record's findings", expected: "includes unapproved-change (error)", actual: Outcome.findings(record),
                    Outcome.has(.unapprovedChange, in: record))
            },
            Scenario(id: "OQ-05", title: "A signature by a key that is not enrolled does not count", requirements: ["REQ-SIG-004"]) {
                scratch, log in
                let repo = try repository(scratch, "oq-05")
                try change(repo, revision: 1, approvers: [("olga", nil), ("quinn", "mallory")])
                let record = try repo.record()
                log.expect(
                    "QA's approval is signed with an unenrolled key; merged", "pending rev 1 (missing qa-approver)",
                    Outcome.status(document, in: record))
                log.check(
                    "the record's findings", expected: "includes unknown-signer (error)", actual: Outcome.findings(record),
                    Outcome.has(.unknownSigner, in: record))
            },
            Scenario(id: "OQ-06", title: "A revoked key's signatures do not count", requirements: ["REQ-SIG-006", "REQ-CFA-001"]) {
                scratch, log in
                let repo = try repository(scratch, "oq-06")
                let quinnKey = repo.signers["quinn"]!.publicKey.openSSHString
                try repo.branch("revoke")
                try repo.write("stet.yaml", stetYAML.replacingOccurrences(of: "config-revision: 1", with: "config-revision: 2"))
                try repo.write("roles/revoked_keys", quinnKey + "\n")
                try repo.commit("Revoke Quinn's key", by: "adam", on: "revoke")
                try repo.approve("CONFIG", revision: 2, by: "ada", on: "revoke")
                try repo.merge("revoke", by: "ada")
                try change(repo, revision: 1, approvers: [("olga", nil), ("quinn", nil)])
                let record = try repo.record()
                log.expect(
                    "Quinn's key is revoked by an approved configuration change", "CONFIG rev 2",
                    "CONFIG rev \(record.configReleases.last?.revision ?? 0)")
                log.expect(
                    "Quinn approves revision 1 with the revoked key; merged", "pending rev 1 (missing qa-approver)",
                    Outcome.status(document, in: record))
                log.check(
                    "the record's findings", expected: "includes key-not-valid (error)", actual: Outcome.findings(record),
                    Outcome.has(.keyNotValid, in: record))
            },
            Scenario(id: "OQ-07", title: "A commit altered after signing is detected", requirements: ["REQ-SIG-003"]) { scratch, log in
                let repo = try repository(scratch, "oq-07")
                try repo.branch("change")
                try repo.write(path, ScenarioRepository.document(id: document, type: "SOP", revision: 1, owner: "olga", body: "Text."))
                try repo.commit("\(document): revision 1", by: "alice", on: "change")
                try repo.approve(document, revision: 1, by: "olga", on: "change")
                try repo.commit("Approve\n\nApproves: \(document) rev 1", by: "quinn", tamper: true, on: "change")
                try repo.merge("change", by: "ada")
                let record = try repo.record()
                log.expect(
                    "QA's approval commit does not match its signature; merged", "pending rev 1 (missing qa-approver)",
                    Outcome.status(document, in: record))
                log.check(
                    "the record's findings", expected: "includes bad-signature (error)", actual: Outcome.findings(record),
                    Outcome.has(.badSignature, in: record))
            },
            Scenario(
                id: "OQ-08", title: "An unsigned change on the release branch is reported and not released",
                requirements: ["REQ-REL-004", "REQ-REL-001"]
            ) {
                scratch, log in
                let repo = try repository(scratch, "oq-08")
                try repo.write(path, ScenarioRepository.document(id: document, type: "SOP", revision: 1, owner: "olga", body: "Text."))
                try repo.commit("\(document): pushed unsigned", by: "alice", signed: false)
                let record = try repo.record()
                log.expect(
                    "an unsigned commit adds a document on main", "pending rev 1 (missing owner, qa-approver)",
                    Outcome.status(document, in: record))
                log.check(
                    "the record's findings", expected: "includes unsigned-commit (error)", actual: Outcome.findings(record),
                    Outcome.has(.unsignedCommit, in: record))
            },
            Scenario(
                id: "OQ-09", title: "Authority cannot approve itself: a self-granted role is refused, an admin's approval releases CONFIG",
                requirements: ["REQ-CFA-001", "REQ-CFA-002"]
            ) { scratch, log in
                let repo = try repository(scratch, "oq-09")
                try repo.branch("grant")
                try repo.write("stet.yaml", stetYAML.replacingOccurrences(of: "config-revision: 1", with: "config-revision: 2"))
                try repo.write("roles/people.yaml", peopleYAML(extraRoles: ["alice": ["qms-admin"]]))
                try repo.commit("Make me an admin", by: "alice", on: "grant")
                try repo.approve("CONFIG", revision: 2, by: "alice", on: "grant")
                try repo.merge("grant", by: "ada")
                var record = try repo.record()
                log.expect(
                    "Alice grants herself qms-admin and approves it herself", "CONFIG rev 1",
                    "CONFIG rev \(record.configReleases.last?.revision ?? 0)")
                log.check(
                    "the record's findings", expected: "includes config-unapproved (error)", actual: Outcome.findings(record),
                    Outcome.has(.configUnapproved, in: record))

                let second = try repository(scratch, "oq-09-admin")
                try second.branch("grant")
                try second.write("stet.yaml", stetYAML.replacingOccurrences(of: "config-revision: 1", with: "config-revision: 2"))
                try second.write("roles/people.yaml", peopleYAML(extraRoles: ["alice": ["qa-approver"]]))
                try second.commit("Alice becomes a QA approver", by: "adam", on: "grant")
                try second.approve("CONFIG", revision: 2, by: "ada", on: "grant")
                try second.merge("grant", by: "ada")
                record = try second.record()
                log.expect(
                    "Adam grants Alice qa-approver; Ada (qms-admin) approves", "CONFIG rev 2",
                    "CONFIG rev \(record.configReleases.last?.revision ?? 0)")
                log.expect("the record's findings", "none", Outcome.findings(record))
            },
            Scenario(
                id: "OQ-10", title: "A release obliges the trained roles; a signed acknowledgement completes",
                requirements: ["REQ-TRN-001", "REQ-TRN-003"]
            ) {
                scratch, log in
                let repo = try repository(scratch, "oq-10")
                try change(
                    repo, revision: 1, author: "rita", approvers: [("olga", nil), ("quinn", nil)], trainingRoles: ["lab-technician"])
                var record = try repo.record()
                let obligations = try repo.training(record, asOf: Outcome.asOf).obligations
                log.expect(
                    "revision 1 trains lab-technician; obligations as of \(Outcome.asOf)", "alice rev 1: overdue",
                    obligations.map { "\($0.person) rev \($0.revision): \($0.status.rawValue)" }.joined(separator: "; "))
                let effective = record.documents[DocumentID(document)!]?.latestRelease.map { CalendarDate(utcSeconds: $0.effectiveAt) }
                log.expect(
                    "the obligation's due date", effective.map { "\($0.adding(days: 30))" } ?? "a date",
                    obligations.first.map { "\($0.due)" } ?? "none")
                try repo.commit("Read and understood\n\nTrained: \(document) rev 1", by: "alice")
                record = try repo.record()
                let after = try repo.training(record, asOf: Outcome.asOf).obligations
                log.expect(
                    "Alice signs 'Trained: \(document) rev 1'", "alice rev 1: completed",
                    after.map { "\($0.person) rev \($0.revision): \($0.status.rawValue)" }.joined(separator: "; "))
            },
            Scenario(id: "OQ-11", title: "Revisions step by one", requirements: ["REQ-REL-002"]) { scratch, log in
                let repo = try repository(scratch, "oq-11")
                try change(repo, revision: 1, approvers: [("olga", nil), ("quinn", nil)])
                try change(repo, revision: 3, approvers: [("olga", nil), ("quinn", nil)])
                let record = try repo.record()
                log.expect("revision 3 follows revision 1, approved and merged", "effective rev 1", Outcome.status(document, in: record))
                log.check(
                    "the record's findings", expected: "includes revision-skipped (error)", actual: Outcome.findings(record),
                    Outcome.has(.revisionSkipped, in: record))
            },
            Scenario(id: "OQ-12", title: "An approved revision with status obsolete retires the document", requirements: ["REQ-REL-005"]) {
                scratch, log in
                let repo = try repository(scratch, "oq-12")
                try change(repo, revision: 1, approvers: [("olga", nil), ("quinn", nil)])
                try change(repo, revision: 2, approvers: [("olga", nil), ("quinn", nil)], extra: "status: obsolete\n")
                let record = try repo.record()
                log.expect("revision 2 with status: obsolete, approved and merged", "obsolete", Outcome.status(document, in: record))
                log.expect("the record's findings", "none", Outcome.findings(record))
            },
        ]
    }
}
