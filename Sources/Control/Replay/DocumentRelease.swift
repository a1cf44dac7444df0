import Foundation
import Markdown
import Records
import Repository
import Signatures

/// A document's new content lands, is checked for revision discipline, and is released once its approvals of that
/// exact content are reachable (PRODUCT.md §7.1–§7.3).
extension RecordBuilder {
    // MARK: - Documents

    /// Why a blob cannot be released: a finding to report wherever it lands on the release branch.
    struct Refusal {
        var code: FindingCode
        var line: Int
        var message: String
    }

    /// Reads, decodes and checks a blob once: its front matter, and whether its text can be rendered
    /// (the Markdown pre-scan). Nothing that fails is ever released (PRODUCT.md §11).
    func peek(blob: ObjectID, path: RepositoryPath) -> (Document?, [Refusal]) {
        if let cached = objects.documents[blob] { return cached }
        let result: (Document?, [Refusal])
        do {
            let bytes = try repository.blob(blob, maximumBytes: Document.maximumBytes)
            let text = try SourceText.decode(Data(bytes))
            let (parsed, problems) = DocumentReader.read(text: text, path: path)
            var document = parsed
            var refusals = problems.map {
                Refusal(code: $0.kind == .unknownField ? .unknownField : .invalidFrontMatter, line: $0.line, message: $0.message)
            }
            if let read = document {
                do {
                    try MarkdownLimits.check(read.body)
                } catch {
                    refusals.append(
                        Refusal(
                            code: .markdownLimit, line: error.line + read.bodyFirstLine - 1, message: Words.markdownRefusal(error)))
                    document = nil
                }
            }
            objects.attachmentDestinations[blob] = document.map { Attachments.destinations(inBody: $0.body) } ?? []
            // The record needs the front matter only; the text is read again from the blob when rendered.
            document?.body = ""
            result = (document, refusals)
        } catch let error as GitError {
            result = (
                nil,
                [
                    Refusal(
                        code: .invalidFrontMatter, line: 1,
                        message:
                            Words.blobUnreadable(error))
                ]
            )
        } catch let error as YAMLProblem {
            result = (nil, [Refusal(code: .invalidFrontMatter, line: error.line, message: Words.yamlRefusal(error))])
        } catch {
            result = (nil, [Refusal(code: .invalidFrontMatter, line: 1, message: Words.fileUnreadable(error))])
        }
        objects.documents[blob] = result
        return result
    }

    /// The document a blob on the release branch holds, or nil with a finding for each reason it cannot be released.
    func parse(blob: ObjectID, path: RepositoryPath, commit: ObjectID) throws -> Document? {
        let (document, refusals) = peek(blob: blob, path: path)
        if document == nil {
            for refusal in refusals {
                findings.append(
                    Finding(
                        refusal.code, commit: commit.hex, file: path.rawValue, line: refusal.line,
                        message: Words.refusedOnReleaseBranch(refusal, commit: commit)))
            }
        }
        return document
    }

    /// New content of a document lands on the release branch at `commit`.
    func land(_ document: Document, blob: ObjectID, attachments: [AttachmentBlob] = [], at commit: ObjectID) throws {
        let front = document.frontMatter
        let id = document.id
        // Content that landed earlier and was never released is replaced unreleased.
        if let earlier = documents[id]?.pending, earlier.blob != blob || earlier.attachments != attachments, !earlier.hasRevisionError {
            findings.append(unapprovedFinding(earlier, replacedAt: commit))
            documents[id]?.pending = nil
        }
        let released = documents[id]?.latestRelease
        if let released, released.blob == blob {
            if released.attachments == attachments {
                // Attachments put back as approved: the attachment-only change is gone (its finding stays, §7.8).
                if let earlier = documents[id]?.pending, earlier.blob == blob, earlier.hasRevisionError { documents[id]?.pending = nil }
                return
            }
            // The text is the released revision's, its attachments are not: a change no approval covers (§4.1).
            let message = Words.attachmentChanged(released, now: attachments, at: commit)
            findings.append(
                Finding(.unapprovedChange, document: id, commit: commit.hex, file: document.path.rawValue, line: nil, message: message))
            var pending = PendingChange(
                document: id, revision: front.revision, blob: blob, path: document.path, commit: commit, frontMatter: front, approvals: [],
                missing: [], notes: [message], hasRevisionError: true)
            pending.attachments = attachments
            documents[id, default: DocumentRecord(id: id)].pending = pending
            return
        }
        // An attachment the portal cannot publish keeps the content from release (§4.1).
        if let refusal = try unpublishableAttachment(attachments, of: document, at: commit) {
            findings.append(refusal)
            var pending = PendingChange(
                document: id, revision: front.revision, blob: blob, path: document.path, commit: commit, frontMatter: front, approvals: [],
                missing: [], notes: [refusal.message], hasRevisionError: true)
            pending.attachments = attachments
            documents[id, default: DocumentRecord(id: id)].pending = pending
            return
        }
        let expected = (released?.revision.number ?? 0) + 1
        let revision = front.revision.number
        let file = document.path.rawValue
        let line = front.line(of: "revision")
        if revision != expected {
            let message: String
            let code: FindingCode
            if let released {
                code = revision < expected ? .revisionNotIncremented : .revisionSkipped
                message =
                    revision < expected
                    ? Words.revisionNotIncremented(id: id, commit: commit, revision: revision, released: released, expected: expected)
                    : Words.revisionSkipped(id: id, commit: commit, revision: revision, released: released, expected: expected)
            } else {
                code = .revisionSkipped
                message = Words.firstRevisionNotOne(id: id, revision: revision)
            }
            findings.append(Finding(code, document: id, commit: commit.hex, file: file, line: line, message: message))
            documents[id, default: DocumentRecord(id: id)].pending = PendingChange(
                document: id, revision: front.revision, blob: blob, path: document.path, commit: commit, frontMatter: front, approvals: [],
                missing: [], notes: [message], hasRevisionError: true)
            documents[id]?.pending?.attachments = attachments
            return
        }
        if revision > 1 && (front.change ?? "").isEmpty {
            // Never released without a reason for change (§4, §7.3), whatever approvals it collects.
            let message = Words.missingChangeReason(id, revision: revision)
            findings.append(Finding(.missingChangeReason, document: id, commit: commit.hex, file: file, line: line, message: message))
            documents[id, default: DocumentRecord(id: id)].pending = PendingChange(
                document: id, revision: front.revision, blob: blob, path: document.path, commit: commit, frontMatter: front, approvals: [],
                missing: [], notes: [message], hasRevisionError: true)
            documents[id]?.pending?.attachments = attachments
            return
        }
        var pending = PendingChange(
            document: id, revision: front.revision, blob: blob, path: document.path, commit: commit, frontMatter: front, approvals: [],
            missing: [], notes: [])
        pending.attachments = attachments
        try evaluate(pendingChange: pending, at: commit)
    }

    /// Releases `change` at `commit` if every required approval of that exact content is reachable; otherwise keeps it pending.
    func evaluate(pendingChange change: PendingChange, at commit: ObjectID) throws {
        let id = change.document
        let front = change.frontMatter
        var updated = change
        guard !change.hasRevisionError else { return }
        guard let type = configuration.configuration.types[front.type] else {
            updated.notes = [Words.typeUndefined(front: front)]
            updated.missing = []
            documents[id]?.pending = updated
            return
        }
        let documentPaths = (paths.everPathsOf[id] ?? []).union([change.path.rawValue]).union(change.attachments.map(\.path.rawValue))
        let excluded =
            configuration.configuration.authorMayApprove
            ? [] : authors(of: documentPaths, since: lastReleaseStep[id] ?? -1, producing: change.blob)
        var notes: [String] = []
        var usable: [Approval] = []
        var selfApprovals: [Approval] = []
        var revokedKeys: [ObjectID: String] = [:]
        for candidate in approvalsByDocument[id] ?? [] where candidate.revision == front.revision.number {
            let (judged, revokedKey) = try verdictBeforeRevocation(candidate.commit)
            if let revokedKey { revokedKeys[candidate.commit] = revokedKey }
            guard let verdict = judged, verdict.isGood else {
                notes.append(
                    Words.approvalSignatureInvalid(candidate: candidate)
                )
                continue
            }
            guard let person = verdict.person.flatMap({ configuration.people[$0] }) else { continue }
            let approvalCommit = try self.commit(candidate.commit)
            let entry = try cachedEntry(at: change.path, inTree: approvalCommit.tree)
            let approval = Approval(
                commit: candidate.commit, person: person.id, name: person.name, meaning: candidate.meaning,
                signedAt: verdict.claimedAt, key: verdict.key ?? "", role: nil, userVerification: verdict.userVerification,
                userVerified: verdict.userVerified)
            guard entry?.id == change.blob else {
                notes.append(
                    Words.approvalOfOtherContent(person: person, front: front, candidate: candidate, change: change)
                )
                continue
            }
            // The approval binds to the attachments in its own tree too (§4.1).
            guard try holds(change.attachments, inTree: approvalCommit.tree) else {
                notes.append(
                    Words.approvalOfOtherAttachments(person: person, front: front, candidate: candidate, change: change, id: id)
                )
                continue
            }
            guard person.active else {
                notes.append(
                    Words.approverInactive(person: person, candidate: candidate))
                continue
            }
            if excluded.contains(person.id) {
                selfApprovals.append(approval)
                notes.append(
                    Words.approverIsAuthor(person: person, candidate: candidate)
                )
                continue
            }
            usable.append(approval)
        }
        // Each approvals entry needs a distinct person holding that role. A revision that changes
        // the type or the owner also needs what the released one needed: its type's approvers and
        // its owner, so that a change can never lower its own bar.
        var entries = type.approvals
        var meanings = type.approvals.indices.map(type.meaning(ofEntry:))
        var previousOwner: PersonID?
        if let released = documents[id]?.latestRelease {
            if released.frontMatter.type != front.type, let oldType = configuration.configuration.types[released.frontMatter.type] {
                var remaining = entries
                for (index, role) in oldType.approvals.enumerated() where role != .owner {
                    if let found = remaining.firstIndex(of: role) {
                        remaining.remove(at: found)
                    } else {
                        entries.append(role)
                        meanings.append(oldType.meaning(ofEntry: index))
                    }
                }
            }
            if released.frontMatter.owner != front.owner {
                previousOwner = released.frontMatter.owner
                entries.append(Self.previousOwner)
                meanings.append("Approved")
            }
        }
        let (matched, missing) = Self.match(
            entries: entries, meanings: meanings, approvals: usable, owner: front.owner, previousOwner: previousOwner,
            people: configuration.people)
        updated.approvals =
            matched + usable.filter { approval in !matched.contains { $0.commit == approval.commit && $0.person == approval.person } }
        updated.missing = missing
        for approval in usable
        where !missing.isEmpty && approval.meaning == "Reviewed" && !matched.contains(where: { $0.person == approval.person }) {
            notes.append(
                Words.reviewedFillsNoApprovedEntry(approval: approval, id: id)
            )
        }
        updated.notes = notes
        updated.authors = excluded
        for approval in selfApprovals where !missing.isEmpty {
            findings.append(
                Words.selfApproval(approval: approval, front: front, id: id, change: change, missing: missing))
        }
        guard missing.isEmpty else {
            documents[id]?.pending = updated
            return
        }
        let lastApproval = matched.map(\.signedAt).max() ?? Int64(0)
        let effectiveDate = front.effective.map { Int64($0.daysSinceEpoch) * 86_400 } ?? Int64.min
        // Never before the release (§7.3): nobody could read it before the commit that released it.
        let releasedAt = try self.commit(commit).committer.time
        var release = Release(
            document: id, revision: front.revision, blob: change.blob, path: change.path, commit: commit, approvals: matched,
            effectiveAt: max(lastApproval, effectiveDate, releasedAt), frontMatter: front)
        release.attachments = change.attachments
        // A revoked key's approval keeps the release in its place but voids it, unless a ledger spares it (§7.9).
        release.voided =
            matched.compactMap { approval -> String? in
                guard let key = revokedKeys[approval.commit],
                    !isSpared(document: id, revision: front.revision.number, commit: commit, key: key)
                else { return nil }
                return Words.voidedBy(person: approval.name, key: key, revocation: revocation.revokedBy[key])
            }.first
        // Content that reached the release branch before its approvals stays a deviation (§7.8).
        if change.commit != commit, reached.seenAt[change.commit].map({ $0 < step }) ?? false {
            findings.append(Words.releasedLate(change, releasedAt: commit))
        }
        documents[id, default: DocumentRecord(id: id)].releases.append(release)
        documents[id]?.pending = nil
        lastReleaseStep[id] = step
    }

    /// Content that reached the release branch without its approvals (and, with `replacedAt`, was replaced unreleased).
    func unapprovedFinding(_ pending: PendingChange, replacedAt: ObjectID? = nil) -> Finding {
        Words.unapproved(pending, replacedAt: replacedAt, inForce: documents[pending.document]?.latestRelease)
    }
}
