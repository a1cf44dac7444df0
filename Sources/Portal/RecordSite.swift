import Control
import Foundation
import Markdown
import Records
import Repository
import Signatures
import Training

/// The portal rendered from the record (PRODUCT.md §9): only released content
/// is ever shown as effective; every released revision keeps a stable URL.
public struct RecordSite {
    public let record: ReleaseRecord
    let repository: GitRepository
    let theme: Theme
    let asOf: CalendarDate
    /// The time new releases are recorded at in the ledger.
    let now: Int64
    let previousLedger: Ledger?
    let stetVersion: String
    /// Training obligations, when the build computes them.
    let training: TrainingReport?
    /// "N people in M roles must train on …", per "ID rev N".
    let impacts: [String: String]
    /// The same as a record, for superseded and retired revisions: "… were required to train on …".
    let pastImpacts: [String: String]
    /// Approvals whose signer was not trained on the `approver-qualification` documents, by commit and person.
    let unqualified: [String: UnqualifiedApproval]
    /// Every commit's verdict, looked up for each approval shown.
    let verdicts: [ObjectID: SignatureVerdict]
    /// The ledger this build publishes; its `recordedAt` is shown beside every claimed signature time (§7.7).
    let ledger: Ledger
    /// The ledger's recorded time of each release, looked up for every signature shown.
    let recordedAt: [String: String]
    /// Local procedures and the global documents they implement, looked up for every revision page.
    let implementations: [LocalImplementation]
    /// The events feed of the portal this build replaces: published events keep their place and sequence.
    public var previousEvents: EventFeed? = nil

    public init(
        record: ReleaseRecord, repository: GitRepository, theme: Theme, asOf: CalendarDate, now: Int64, previousLedger: Ledger?,
        stetVersion: String, training: TrainingReport? = nil
    ) {
        self.training = training
        self.impacts = training?.impacts(of: record.documents.values.flatMap(\.releases)) ?? [:]
        self.pastImpacts = training?.impacts(of: record.documents.values.flatMap(\.releases), past: true) ?? [:]
        self.unqualified = Dictionary(
            (training?.unqualified ?? []).map { ("\($0.commit.hex) \($0.person.rawValue) \($0.document.rawValue)", $0) },
            uniquingKeysWith: { first, _ in first })
        self.record = record
        self.repository = repository
        self.theme = theme
        self.asOf = asOf
        self.now = now
        self.previousLedger = previousLedger
        self.stetVersion = stetVersion
        self.verdicts = Dictionary(record.signatures.map { ($0.commit, $0.verdict) }, uniquingKeysWith: { first, _ in first })
        self.ledger = Ledger(record: record, previous: previousLedger, now: now)
        self.recordedAt = ledger.recordedAt
        self.implementations = GlobalLocal.implementations(in: record)
    }

    // MARK: - Paths

    public static func documentPath(_ id: DocumentID) -> String { "documents/\(id.rawValue)/index.html" }
    public static func revisionPath(_ id: DocumentID, _ revision: Revision) -> String {
        "documents/\(id.rawValue)/rev-\(revision.number).html"
    }
    public static func redlinePath(_ id: DocumentID, _ revision: Revision) -> String {
        "documents/\(id.rawValue)/redline-\(revision.number).html"
    }
    public static func historyPath(_ id: DocumentID) -> String { "documents/\(id.rawValue)/history.html" }

    var configuration: Configuration { record.configuration.configuration }
    var people: [PersonID: Person] { record.configuration.people }

    // MARK: - Rendering

    /// Every file of the site, keyed by path.
    /// `progress` is told (done, total) as documents are rendered.
    public func render(threads: Int = Parallel.defaultThreads, progress: ((Int, Int) -> Void)? = nil) throws -> [String: Data] {
        var files: [String: Data] = [:]
        try render(threads: threads, progress: progress) { path, data in files[path] = data }
        return files
    }

    /// The pages common context: the organisation, the source commit, and `root` (the way back to the portal's top).
    private func page(_ root: String, _ extra: [String: Any]) -> [String: Any] {
        var context: [String: Any] = [
            "organization": configuration.organization, "draft": false, "stetVersion": stetVersion, "asOf": asOf.description,
            "sourceCommit": record.tip.short, "branch": configuration.releaseBranch, "root": root,
        ]
        for (key, value) in extra { context[key] = value }
        return context
    }

    /// Renders every file of the site and hands each to `sink` as it is made (a path may be handed twice: the
    /// last one counts), so a large portal is never held in memory whole. Documents are rendered on up to
    /// `threads` threads, in chunks; the files are the same bytes whatever the number of threads.
    public func render(
        threads: Int = Parallel.defaultThreads, progress: ((Int, Int) -> Void)? = nil, into sink: (String, Data) throws -> Void
    ) throws {
        var files: [String: Data] = [:]
        let statuses = DocumentStatus.all(in: record, asOf: asOf)

        // The register.
        let rows = statuses.map { registerRow($0) }
        files["index.html"] = Data(
            theme.render(
                "register",
                page(
                    "",
                    [
                        "documents": rows, "documentCount": statuses.count,
                        "effectiveCount": statuses.filter { $0.state == .effective || $0.state == .approved }.count,
                        "pendingCount": statuses.filter { $0.state == .pending }.count,
                        "obsoleteCount": statuses.filter { $0.state == .obsolete }.count,
                    ])
            ).utf8)

        // Each released revision's attachments, addressed by content (§4.1).
        let attachmentSizes = try AttachmentPublisher.publish(
            statuses.flatMap { record.documents[$0.id]?.releases ?? [] }, repository: repository, into: &files)
        for (path, data) in files.sorted(by: { $0.key < $1.key }) { try sink(path, data) }
        files = [:]

        // Documents: the effective page, every revision, redlines, history. The sources are read on this
        // thread (a libgit2 handle serves one thread), a chunk at a time; the pages are rendered in parallel.
        var searchIndex: [[String: Any]] = []
        let chunkSize = 32 * max(1, threads)
        for chunkStart in stride(from: 0, to: statuses.count, by: chunkSize) {
            progress?(chunkStart, statuses.count)
            let chunk = Array(statuses[chunkStart..<min(chunkStart + chunkSize, statuses.count)])
            let sources = try chunk.map { status in
                try (record.documents[status.id]?.releases ?? []).map { try sourceText(of: $0) }
            }
            let rendered = try Parallel.map(chunk.count, threads: threads) { index in
                try documentPages(chunk[index], sources: sources[index], attachmentSizes: attachmentSizes)
            }
            for pages in rendered {
                for (path, data) in pages.files { try sink(path, data) }
                if let entry = pages.search { searchIndex.append(entry) }
            }
        }
        progress?(statuses.count, statuses.count)

        files["reviews.html"] = Data(theme.render("reviews", page("", reviewsContext(statuses))).utf8)
        files[Self.deviationsPath] = Data(theme.render("deviations", page("", deviationsContext())).utf8)
        files[Self.authorityPath] = Data(theme.render("authority", page("", authorityContext())).utf8)
        if let training {
            var pages = TrainingPages(report: training, record: record, statuses: statuses)
            pages.threads = threads
            for (path, data) in pages.render({ root, context in theme.render("training", page(root, context)) }) { files[path] = data }
        }
        let sitePages = SitePages(record: record, statuses: statuses, training: training, asOf: asOf, nextReview: nextReview)
        for (path, data) in sitePages.render({ root, context in theme.render("sites", page(root, context)) }) { files[path] = data }
        if let training {
            let feed = try EventFeed.make(record: record, training: training, repository: repository, previous: previousEvents)
            files["api/events.json"] = Data(FindingReport.encodeJSON(feed).utf8)
        }
        files["search.html"] = Data(theme.render("search", page("", [:])).utf8)
        let indexJSON = Self.json(searchIndex)
        files["assets/search-index.js"] = Data(("window.STET_SEARCH_INDEX = " + indexJSON + ";\n").utf8)
        files["api/search.json"] = Data(indexJSON.utf8)
        files["api/documents.json"] = Data(
            FindingReport.encodeJSON(DocumentsExport(statuses: statuses, records: record.configuration)).utf8)
        files["api/releases.json"] = Data(FindingReport.encodeJSON(ReleasesExport(record: record)).utf8)
        files["register.csv"] = Data(registerCSV(statuses).utf8)
        files["ledger.json"] = Data(FindingReport.encodeJSON(ledger).utf8)
        for (name, data) in theme.assetFiles { files["assets/\(name)"] = data }
        for (path, data) in files.sorted(by: { $0.key < $1.key }) { try sink(path, data) }
    }

    /// A document's pages (its effective page, every revision, the redlines, its history) and its entry in the search index.
    struct DocumentPages {
        var files: [(String, Data)] = []
        var search: [String: Any]?
    }

    /// Renders one document's pages from the source text of each of its releases, in release order. Reads
    /// nothing from the repository, so documents render on several threads at once.
    private func documentPages(_ status: DocumentStatus, sources: [String], attachmentSizes: [ObjectID: Int]) throws -> DocumentPages {
        var pages = DocumentPages()
        let id = status.id
        let document = record.documents[id]!
        let root = "../../"
        var bodies: [Revision: String] = [:]
        var texts: [Revision: String] = [:]
        for (release, source) in zip(document.releases, sources) {
            texts[release.revision] = source
            bodies[release.revision] = DocumentReader.read(text: source, path: release.path).0?.body ?? ""
        }

        // Revision pages.
        for (index, release) in document.releases.enumerated() {
            let next = index + 1 < document.releases.count ? document.releases[index + 1] : nil
            let banner = revisionBanner(release, next: next, status: status)
            let context = try documentContext(
                release: release, status: status, banner: banner, body: bodies[release.revision]!, root: root, page: .revision,
                attachmentSizes: attachmentSizes)
            pages.files.append(
                (Self.revisionPath(id, release.revision), Data(theme.render("document", page(root, ["document": context])).utf8)))
            if index > 0 {
                let previous = document.releases[index - 1]
                let redline = try redlineContext(
                    from: previous, to: release, oldSource: texts[previous.revision]!, newSource: texts[release.revision]!,
                    oldBody: bodies[previous.revision]!, newBody: bodies[release.revision]!)
                pages.files.append(
                    (Self.redlinePath(id, release.revision), Data(theme.render("redline", page(root, ["document": redline])).utf8)))
            }
        }

        // The effective page: the revision in force, or a notice.
        let shown = status.inForce
        let banner = shown.map { revisionBanner($0, next: nil, status: status) }
        var context = try documentContext(
            release: shown, status: status, banner: banner ?? nil, body: shown.flatMap { bodies[$0.revision] } ?? "", root: root,
            page: .effective, attachmentSizes: attachmentSizes)
        if shown == nil, let pending = status.pending {
            context["title"] = pending.frontMatter.title
            context["owner"] = pending.frontMatter.owner.rawValue
            context["ownerName"] = people[pending.frontMatter.owner]?.name ?? pending.frontMatter.owner.rawValue
            context["type"] = pending.frontMatter.type.rawValue
            context["typeName"] = configuration.types[pending.frontMatter.type]?.name ?? pending.frontMatter.type.rawValue
        }
        pages.files.append((Self.documentPath(id), Data(theme.render("document", page(root, ["document": context])).utf8)))
        pages.files.append(
            (Self.historyPath(id), Data(theme.render("history", page(root, ["document": historyContext(document, status: status)])).utf8)))

        if let shown, !shown.isObsolete {
            pages.search = [
                "id": id.rawValue, "title": shown.frontMatter.title, "revision": shown.revision.number,
                "href": Self.documentPath(id), "text": Self.plainText(bodies[shown.revision]!),
            ]
        }
        return pages
    }

    enum PageKind { case effective, revision }

    /// The source text of a released revision, read from its blob.
    func sourceText(of release: Release) throws -> String {
        try SourceText.decode(Data(try repository.blob(release.blob, maximumBytes: Document.maximumBytes)))
    }

    private func registerRow(_ status: DocumentStatus) -> [String: Any] {
        let front = (status.inForce ?? status.scheduled)?.frontMatter ?? status.pending?.frontMatter
        var row: [String: Any] = [
            "id": status.id.rawValue, "title": status.title, "type": status.type.rawValue,
            "typeName": configuration.types[status.type]?.name ?? status.type.rawValue, "href": Self.documentPath(status.id),
            "statusClass": status.state.rawValue, "statusLabel": label(status),
        ]
        if let owner = front?.owner { row["ownerName"] = people[owner]?.name ?? owner.rawValue }
        if let release = status.inForce {
            row["revision"] = release.revision.number
            row["effectiveDate"] = CalendarDate(utcSeconds: release.effectiveAt).description
            if !release.isObsolete, let due = nextReview(status) { row["nextReview"] = due.description }
        }
        return row
    }

    private func label(_ status: DocumentStatus) -> String {
        switch status.state {
        case .effective: return status.pending == nil ? "Effective" : "Effective (revision \(status.pending!.revision) pending)"
        case .pending: return "Not released (revision \(status.pending?.revision.number ?? 1) pending)"
        case .approved: return "Approved; effective \(CalendarDate(utcSeconds: status.scheduled!.effectiveAt))"
        case .obsolete: return "Obsolete"
        }
    }

    /// A migrated document's page: what it was in the previous system ("1 (legacy 7)" beside revision 1 only),
    /// and its `x-` fields.
    static func migrationContext(_ front: FrontMatter) -> [String: Any] {
        var context: [String: Any] = [:]
        if let legacy = front.legacy {
            if front.revision.number == 1, let revision = legacy.revision { context["legacyRevision"] = revision }
            var parts: [String] = []
            if let id = legacy.id { parts.append(id) }
            if let revision = legacy.revision { parts.append("revision \(revision)") }
            if let effective = legacy.effective { parts.append("effective \(effective)") }
            if let lastReview = legacy.lastReview { parts.append("last reviewed \(lastReview)") }
            if !parts.isEmpty { context["legacy"] = parts.joined(separator: ", ") }
        }
        if !front.extensions.isEmpty {
            context["hasExtensions"] = true
            context["extensions"] = front.extensions.map { ["name": $0.name, "value": $0.value] }
        }
        return context
    }

    /// The next periodic review: the later of the last release in force and the last review, plus the review interval;
    /// for revision 1 of a migrated document, counted from its `legacy.last-review` instead of its release.
    func nextReview(_ status: DocumentStatus) -> CalendarDate? {
        guard let release = status.inForce else { return nil }
        let months = release.frontMatter.reviewMonths ?? configuration.types[release.frontMatter.type]?.reviewMonths ?? 24
        var since = CalendarDate(utcSeconds: release.effectiveAt)
        // A migrated document's first revision: its last review in the previous system restarts the clock.
        if release.revision.number == 1, let lastReview = release.frontMatter.legacy?.lastReview { since = lastReview }
        if let review = status.lastReview, review.revision == release.revision {
            since = max(since, CalendarDate(utcSeconds: review.at))
        }
        return since.adding(months: months)
    }

    private func revisionBanner(_ release: Release, next: Release?, status: DocumentStatus) -> [String: Any]? {
        let endOfDay = Int64(asOf.adding(days: 1).daysSinceEpoch) * 86_400
        if status.state == .obsolete {
            return [
                "kind": "obsolete", "headline": "OBSOLETE.",
                "text":
                    "\(status.id) was retired by revision \(status.inForce!.revision) (effective \(RecordReport.timestamp(status.inForce!.effectiveAt))). Do not use it.",
            ]
        }
        if let next, next.effectiveAt < endOfDay {
            return [
                "kind": "superseded",
                "headline": "SUPERSEDED by revision \(next.revision) on \(CalendarDate(utcSeconds: next.effectiveAt)).",
                "text": "This is not the effective revision.",
            ]
        }
        if release.effectiveAt >= endOfDay {
            return [
                "kind": "approved", "headline": "APPROVED, NOT YET EFFECTIVE.",
                "text": "Revision \(release.revision) takes effect on \(RecordReport.timestamp(release.effectiveAt)).",
            ]
        }
        return nil
    }

    private func documentContext(
        release: Release?, status: DocumentStatus, banner: [String: Any]?, body: String, root: String, page: PageKind,
        attachmentSizes: [ObjectID: Int] = [:]
    ) throws
        -> [String: Any]
    {
        let id = status.id
        var context: [String: Any] = [
            "id": id.rawValue, "title": status.title, "type": status.type.rawValue,
            "typeName": configuration.types[status.type]?.name ?? status.type.rawValue, "statusClass": status.state.rawValue,
            "statusLabel": label(status), "hasLinks": true, "historyHref": "history.html",
        ]
        if let banner { context["stateBanner"] = banner }
        let releases = record.documents[id]?.releases ?? []
        context["hasRevisions"] = !releases.isEmpty
        context["revisions"] = releases.enumerated().map { index, item in
            ["revision": item.revision.number, "href": "rev-\(item.revision.number).html", "last": index == releases.count - 1]
                as [String: Any]
        }
        if let pending = status.pending, page == .effective {
            let missing =
                pending.missing.isEmpty
                ? ""
                : "; it still needs approval by \(pending.missing.map { $0 == .owner ? "the owner" : $0.rawValue }.joined(separator: " and "))"
            context["pendingNotice"] =
                "Revision \(pending.revision) is pending and not effective\(missing). \(release == nil ? "This document has no effective revision." : "The revision shown here stays in force until it is released.")"
        }
        if let pending = status.pending, let release, page == .effective, pending.blob == release.blob,
            pending.attachments != release.attachments
        {
            context["pendingNotice"] =
                "An unapproved change to the attachments of revision \(release.revision) reached the release branch (commit \(pending.commit.short)); it is not released, and this page shows revision \(release.revision) with the attachments it was approved with."
        }
        if let release, release.needsReapproval, page == .effective {
            context["pendingNotice"] =
                "Re-approval required: revision \(release.revision) was \(release.voided ?? "approved with a revoked key"); that approval is void until an eligible person approves the same content again."
        }
        if let scheduled = status.scheduled, page == .effective, release?.revision != scheduled.revision {
            context["pendingNotice"] =
                "Revision \(scheduled.revision) is approved and takes effect on \(RecordReport.timestamp(scheduled.effectiveAt)); until then the revision shown here is in force."
        }
        guard let release else { return context }
        let front = release.frontMatter
        context["title"] = front.title
        context["revision"] = release.revision.number
        context["effectiveDate"] = RecordReport.timestamp(release.effectiveAt)
        context["owner"] = front.owner.rawValue
        context["ownerName"] = people[front.owner]?.name ?? front.owner.rawValue
        context["superseded"] = banner?["kind"] as? String == "superseded"
        context["obsolete"] = status.state == .obsolete
        // A revision page states that revision's own standing, not the document's.
        switch banner?["kind"] as? String {
        case "superseded":
            context["statusClass"] = "obsolete"
            context["statusLabel"] = "Superseded"
        case "approved":
            context["statusClass"] = "approved"
            context["statusLabel"] = "Approved, not yet effective"
        case "obsolete":
            context["statusClass"] = "obsolete"
            context["statusLabel"] = "Obsolete"
        default:
            if page == .revision {
                context["statusClass"] = "effective"
                context["statusLabel"] = "Effective"
            }
        }
        if let change = front.change { context["change"] = change }
        context.merge(Self.migrationContext(front)) { $1 }
        // A superseded or retired revision's training is a record of the past.
        let isPast = status.state == .obsolete || (status.inForce.map { release.revision < $0.revision } ?? false)
        if let impact = (isPast ? pastImpacts : impacts)["\(release.document.rawValue) rev \(release.revision.number)"] {
            context["trainingImpact"] = impact
        }
        if release.revision.number > 1, releases.contains(where: { $0.revision.number == release.revision.number - 1 }) {
            context["redlineHref"] = "redline-\(release.revision.number).html"
            context["previousRevision"] = release.revision.number - 1
        }
        if let training = front.training, !training.roles.isEmpty {
            context["hasTrainingRoles"] = true
            context["trainingRequired"] = training.required
            context["trainingRoles"] = training.roles.enumerated().map { index, role in
                ["name": record.configuration.roles[role]?.name ?? role.rawValue, "last": index == training.roles.count - 1]
                    as [String: Any]
            }
        }
        // Global and local (PRODUCT.md §8.6): the local page names its global standard and its alignment, the
        // global page lists its local implementations.
        if let implements = front.implements {
            let current = implementations.first { $0.local == release.document && $0.localRevision == release.revision }
            context["implements"] =
                [
                    "id": implements.document.rawValue, "revision": implements.revision,
                    "href": record.documents[implements.document] != nil ? "../\(implements.document.rawValue)/index.html" : "#",
                    "alignment": current.map {
                        $0.isAligned
                            ? "aligned"
                            : "not aligned: \(implements.document) rev \($0.behind!) requires training; a local review is due"
                    } ?? "",
                ] as [String: Any]
        }
        if front.implements == nil {
            let locals = implementations.filter { $0.global == release.document }
            if !locals.isEmpty {
                context["hasImplementedBy"] = true
                context["implementedBy"] = locals.map { local -> [String: Any] in
                    [
                        "id": local.local.rawValue, "href": "../\(local.local.rawValue)/index.html", "revision": local.localRevision.number,
                        "sites": local.sites.isEmpty ? "all sites" : local.sites.map { configuration.siteName($0) }.joined(separator: ", "),
                        "alignment": local.isAligned
                            ? "aligned to rev \(local.alignedTo)"
                            : "aligned to rev \(local.alignedTo); review due against rev \(local.behind!)",
                        "aligned": local.isAligned,
                    ]
                }
            }
        }
        if !front.sites.isEmpty {
            context["sites"] = front.sites.map { configuration.siteName($0) }.joined(separator: ", ")
        }
        if !front.references.isEmpty {
            context["hasReferences"] = true
            context["references"] = front.references.enumerated().map { index, reference in
                [
                    "id": reference.rawValue, "href": record.documents[reference] != nil ? "../\(reference.rawValue)/index.html" : "#",
                    "last": index == front.references.count - 1,
                ] as [String: Any]
            }
        }
        context["hasApprovals"] = !release.approvals.isEmpty
        let recordedAt = recordedAt["\(release.document.rawValue) rev \(release.revision.number)"] ?? ""
        context["approvals"] = release.approvals.map { approval in
            var entry: [String: Any] = [
                "name": approval.name,
                "role": approval.role.map { $0 == .owner ? "Owner" : record.configuration.roles[$0]?.name ?? $0.rawValue } ?? "",
                "signedAt": RecordReport.timestamp(approval.signedAt), "recordedAt": recordedAt, "meaning": approval.meaning,
                "key": approval.key,
                "verification": verdicts[approval.commit].map { $0.isGood ? "Verified: \($0.reason)" : "NOT VERIFIED: \($0.reason)" } ?? "",
                "commit": approval.commit.short,
            ]
            // Only when there is something to say: an empty string still opens a Mustache section.
            if let how = approval.userVerification { entry["userVerification"] = how }
            if let note = unqualified["\(approval.commit.hex) \(approval.person.rawValue) \(release.document.rawValue)"]?.note {
                entry["qualification"] = note
            }
            return entry
        }
        context["hasBody"] = !(status.state == .obsolete && page == .effective)
        context["bodyHTML"] = try renderMarkdown(
            body, path: release.path, title: front.title, root: root,
            attachments: AttachmentPublisher.published(release.attachments, sizes: attachmentSizes))
        if !release.attachments.isEmpty {
            context["hasAttachments"] = true
            context["attachments"] = AttachmentPublisher.list(release.attachments, sizes: attachmentSizes, root: root)
        }
        return context
    }

    private func renderMarkdown(_ body: String, path: RepositoryPath, title: String, root: String, attachments: [AttachmentBlob]) throws
        -> String
    {
        let markdown: MarkdownDocument
        do {
            markdown = try MarkdownDocument(body)
        } catch {
            // The record never releases such text (`markdown-limit`); publishing a page in its place would show it as in force.
            throw ThemeError(file: path.rawValue, message: "the released text \(error.message); it cannot be published")
        }
        // An attachment leads to the copy published with this revision (§4.1).
        func attachment(_ destination: String) -> String? {
            AttachmentPublisher.href(
                for: destination, from: path, attachments: attachments, documentsDir: configuration.documentsDir, root: root)
        }
        markdown.rewriteLinks { destination in
            guard case .document(let target, let fragment)? = LinkTarget.resolve(destination, from: path),
                let linked = record.documentAtPath[target]
            else { return attachment(destination) }
            return root + Self.documentPath(linked) + (fragment.map { "#" + $0 } ?? "")
        }
        return markdown.html(omittingTitle: title, imageSource: { attachment($0) ?? $0 })
    }

    private func historyContext(_ document: DocumentRecord, status: DocumentStatus) -> [String: Any] {
        let entries = (record.auditTrail[document.id] ?? []).map { entry in
            [
                "commit": entry.commit.short, "kinds": entry.kinds.map(\.rawValue).joined(separator: ", "),
                "author": "\(entry.author) <\(entry.authorEmail)>",
                "signer": entry.verdict.person.map { people[$0]?.name ?? $0.rawValue } ?? "—",
                "status": entry.verdict.status.rawValue, "format": entry.verdict.format.rawValue, "reason": entry.verdict.reason,
                "claimedAt": RecordReport.timestamp(entry.claimedAt), "subject": entry.subject, "trailers": entry.trailers,
                "anchor": "c-" + entry.commit.hex.prefix(12),
            ] as [String: Any]
        }
        let findings = record.findings.filter { $0.document == document.id }.map { finding in
            ["code": finding.code.rawValue, "message": finding.message, "commit": finding.commit.map { String($0.prefix(12)) } ?? ""]
                as [String: Any]
        }
        return [
            "id": document.id.rawValue, "title": status.title, "hasReleases": !document.releases.isEmpty,
            "releases": document.releases.map { release in
                [
                    "revision": release.revision.number, "href": "rev-\(release.revision.number).html", "commit": release.commit.short,
                    "effectiveDate": RecordReport.timestamp(release.effectiveAt), "change": release.frontMatter.change ?? "",
                    "recordedAt": recordedAt["\(release.document.rawValue) rev \(release.revision.number)"] ?? "",
                    "voided": release.voided.map {
                        "VOID: \($0)\(release.reapprovals.isEmpty ? "" : "; re-approved by \(release.reapprovals.map(\.name).joined(separator: ", "))")"
                    } ?? "",
                ] as [String: Any]
            },
            "entries": entries, "findings": findings, "hasFindings": !findings.isEmpty,
        ]
    }

    private func reviewsContext(_ statuses: [DocumentStatus]) -> [String: Any] {
        let soon = asOf.adding(days: 30)
        var rows: [[String: Any]] = []
        for status in statuses where status.state == .effective || status.state == .approved {
            guard let release = status.inForce, let due = nextReview(status), due <= soon else { continue }
            var since = CalendarDate(utcSeconds: release.effectiveAt)
            if let review = status.lastReview, review.revision == release.revision {
                since = max(since, CalendarDate(utcSeconds: review.at))
            }
            let overdue = due < asOf
            rows.append([
                "id": status.id.rawValue, "title": status.title, "href": Self.documentPath(status.id),
                "ownerName": people[release.frontMatter.owner]?.name ?? release.frontMatter.owner.rawValue, "since": since.description,
                "due": due.description, "state": overdue ? "Overdue" : "Due", "stateClass": overdue ? "overdue" : "due",
                "sortKey": due.description,
            ])
        }
        rows.sort { ($0["sortKey"] as! String, $0["id"] as! String) < ($1["sortKey"] as! String, $1["id"] as! String) }
        return ["reviews": rows, "hasReviews": !rows.isEmpty]
    }

    private func registerCSV(_ statuses: [DocumentStatus]) -> String {
        let field = CSV.field
        var lines = [
            "\"schema\",\"id\",\"title\",\"type\",\"status\",\"revision\",\"effective\",\"owner\",\"next_review\",\"pending_revision\",\"legacy_id\",\"legacy_revision\""
        ]
        for status in statuses {
            let release = status.inForce
            let owner = (release ?? status.scheduled)?.frontMatter.owner ?? status.pending?.frontMatter.owner
            let legacy = ((release ?? status.scheduled)?.frontMatter ?? status.pending?.frontMatter)?.legacy
            lines.append(
                [
                    "stet-register/1", status.id.rawValue, status.title, status.type.rawValue, status.state.rawValue,
                    release.map { String($0.revision.number) } ?? "", release.map { RecordReport.timestamp($0.effectiveAt) } ?? "",
                    owner?.rawValue ?? "", nextReview(status)?.description ?? "", status.pending.map { String($0.revision.number) } ?? "",
                    legacy?.id ?? "", legacy?.revision ?? "",
                ].map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The text of a Markdown body without markup, for the search index.
    static func plainText(_ markdown: String) -> String {
        var text = ""
        for scalar in markdown.unicodeScalars {
            if "#*_`|[]()>".unicodeScalars.contains(scalar) { text.unicodeScalars.append(" ") } else { text.unicodeScalars.append(scalar) }
        }
        return text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func json(_ value: Any) -> String {
        let data = try! JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])
        // Safe inside a <script src> file: no "</script" can close anything, but escape "<" anyway.
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
    }
}

/// `api/documents.json`: the `stet status` shape with a schema version.
struct DocumentsExport: Encodable {
    var schema = "stet-documents/1"
    var documents: [StatusReport.Entry]

    init(statuses: [DocumentStatus], records: RecordSet) {
        documents = StatusReport(statuses, people: records).documents
    }
}

/// `api/releases.json`: every release in order.
struct ReleasesExport: Encodable {
    var schema = "stet-releases/1"
    var releases: [Entry]

    struct Entry: Encodable {
        var document: String
        var revision: Int
        var blob: String
        var commit: String
        var effectiveDate: String
        var approvals: [StatusReport.ApprovalEntry]
        /// The attachments released with it (§4.1), by path; `blob` is absent for a linked file that did not exist.
        var attachments: [Attachment] = []
    }

    struct Attachment: Encodable {
        var path: String
        var blob: String?
    }

    init(record: ReleaseRecord) {
        let order = Dictionary(record.signatures.enumerated().map { ($1.commit, $0) }, uniquingKeysWith: { first, _ in first })
        releases = record.documents.values.flatMap(\.releases)
            .sorted { (order[$0.commit] ?? 0, $0.document.rawValue) < (order[$1.commit] ?? 0, $1.document.rawValue) }
            .map {
                Entry(
                    document: $0.document.rawValue, revision: $0.revision.number, blob: $0.blob.hex, commit: $0.commit.hex,
                    effectiveDate: RecordReport.timestamp($0.effectiveAt), approvals: $0.approvals.map(StatusReport.ApprovalEntry.init),
                    attachments: $0.attachments.map { Attachment(path: $0.path.rawValue, blob: $0.blob?.hex) })
            }
    }
}
