import ArgumentParser
import Control
import Foundation
import Records
import Repository
import Training

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show each document's effective and pending revision, and which approvals are present and missing.")

    @OptionGroup var repository: RepositoryOptions

    @OptionGroup var branch: BranchOption

    @Argument(help: "A document id (all documents when omitted).")
    var id: String?

    @Option(help: ArgumentHelp("The date to judge effectiveness on (YYYY-MM-DD); default today.", valueName: "date"))
    var asOf: String?

    @Option(help: "Output format: text or json.")
    var format: PlainFormat = .text

    func validate() throws {
        if let id, DocumentID(id) == nil { throw ValidationError("'\(id)' is not a document id (like SOP-QA-001)") }
        if let asOf, CalendarDate(asOf) == nil { throw ValidationError("--as-of '\(asOf)' is not a real date written YYYY-MM-DD") }
    }

    func run() throws {
        guard let git = try openRepository(repository, format: format.findings) else { return }
        let (record, compared, choice) = try buildComparedChoice(git, branch: branch, command: "status")
        let date = asOf.flatMap(CalendarDate.init) ?? CalendarDate.today()
        var statuses = DocumentStatus.all(in: record, asOf: date)
        let branch = try BranchStatus.make(git, root: repository.url, compared: compared, id: id)
        if let id {
            statuses = statuses.filter { $0.id.rawValue == id }
            guard !statuses.isEmpty || branch?.mentions(id) == true else {
                printError(
                    "stet status: \(id) is not a document on the release branch (no revision of it has reached \(compared.described))"
                )
                throw ExitCode(1)
            }
        }
        switch format {
        case .json:
            struct Report: Encodable {
                var documents: [StatusReport.Entry]
                var branch: BranchStatus?
                var auditedBranch: AuditedBranchEntry
            }
            let report = Report(
                documents: StatusReport(statuses, people: record.configuration).documents, branch: branch,
                auditedBranch: AuditedBranchEntry(choice))
            print(FindingReport.encodeJSON(report), terminator: "")
        default:
            let training = try? TrainingReport.make(record: record, repository: git, asOf: date)
            print(Terminal.printable(choice.line + "\n"))
            print(
                Terminal.printable(
                    statuses.map { status in
                        var text = StatusText.describe(status, records: record.configuration)
                        if let release = status.inForce, let impact = training?.impact(of: release, people: record.configuration.people) {
                            text += "  training: \(impact)\n"
                        }
                        return text
                    }.joined(separator: "\n")), terminator: "")
            if let branch { print(Terminal.printable((statuses.isEmpty ? "" : "\n") + branch.text), terminator: "") }
        }
    }
}

/// On a change branch: the branch's pending revisions with the approvals present on it and still
/// missing, as `stet check --base` judges them (the working tree against the release branch).
struct BranchStatus: Encodable {
    var branch: String?
    var head: String
    var base: String
    var baseCommit: String
    var pending: [Pending]
    var ready: [Ready]
    /// Errors `check --base` reports besides missing approvals (stale-base, revision errors, …).
    var otherErrors: Int

    struct Pending: Encodable {
        var document: String
        var revision: Int
        var approvals: [Given]
        var missing: [String]
    }

    struct Ready: Encodable {
        var document: String
        var revision: Int
        var approvals: [Given]
    }

    struct Given: Encodable {
        var person: String
        var name: String
        var role: String?
        var meaning: String
        var commit: String
    }

    func mentions(_ id: String) -> Bool { pending.contains { $0.document == id } || ready.contains { $0.document == id } }

    /// Nil on the release branch itself, or when HEAD has no commits of its own.
    static func make(_ git: GitRepository, root: URL, compared: ComparedRef, id: String?) throws -> BranchStatus? {
        guard let head = git.head(), head != compared.tip, git.mergeBase(head, compared.tip) != head else { return nil }
        let tree = WorkingTree(root: root)
        let review: RecordBuilder.ChangeReview
        do {
            let snapshot = try SnapshotReader.read(from: tree)
            let proposed = try snapshot.documents.map { ($0, git.blobID(of: try tree.read($0.path))) }
            review = try RecordBuilder.review(repository: git, base: compared.spec, head: head, proposed: proposed, baseName: compared.name)
        } catch let errors as ConfigurationErrors {
            throw fail(errors)
        }
        func given(_ approval: Approval) -> Given {
            Given(
                person: approval.person.rawValue, name: approval.name, role: approval.role?.rawValue, meaning: approval.meaning,
                commit: approval.commit.hex)
        }
        let wanted = { (document: String) in id == nil || id == document }
        let pending = review.pending.filter { wanted($0.document.rawValue) }.map {
            Pending(
                document: $0.document.rawValue, revision: $0.revision.number, approvals: $0.approvals.map(given),
                missing: $0.missing.map(\.rawValue))
        }
        let ready = review.ready.filter { wanted($0.document.rawValue) }.map {
            Ready(document: $0.document.rawValue, revision: $0.revision.number, approvals: $0.approvals.map(given))
        }
        let others = review.findings.filter { $0.severity == .error && $0.code != .missingApproval }.count
        return BranchStatus(
            branch: git.currentBranch(), head: head.hex, base: compared.name, baseCommit: compared.tip.hex, pending: pending,
            ready: ready, otherErrors: others)
    }

    var text: String {
        var out =
            "On \(branch.map { "branch \($0)" } ?? "this detached HEAD") (\(head.prefix(12))), as `stet check --base \(base)` judges it against \(base) (\(baseCommit.prefix(12))):\n"
        func names(_ approvals: [Given]) -> String {
            approvals.map { "\($0.name)\($0.role.map { " (\($0))" } ?? "")" }.joined(separator: ", ")
        }
        for change in pending {
            let so = change.approvals.isEmpty ? "no approval yet" : "approved by \(names(change.approvals))"
            let missing =
                change.missing.isEmpty
                ? "" : "; still needs \(change.missing.map { $0 == "owner" ? "the owner" : "a \($0)" }.joined(separator: " and "))"
            out += "  \(change.document) revision \(change.revision): pending — \(so)\(missing)\n"
        }
        for release in ready {
            out +=
                "  \(release.document) revision \(release.revision): ready — approved by \(names(release.approvals)); released when merged\n"
        }
        if pending.isEmpty && ready.isEmpty { out += "  no document revision of its own\n" }
        if otherErrors > 0 {
            out += "  and \(counted(otherErrors, "other error")): run `stet check --base \(base)` for them\n"
        }
        return out
    }
}
