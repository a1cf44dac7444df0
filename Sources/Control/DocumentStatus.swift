import Foundation
import Records
import Repository

/// A document's standing as of a date (PRODUCT.md §10 `status`).
public struct DocumentStatus: Sendable {
    public enum State: String, Sendable { case effective, pending, approved, obsolete }

    public var id: DocumentID
    public var title: String
    public var type: TypeCode
    public var state: State
    /// The release in force on the date, if any.
    public var inForce: Release?
    /// A release with a future effective date, if any.
    public var scheduled: Release?
    public var pending: PendingChange?
    public var lastReview: ReviewRecord?

    /// The status of every document of the record, in id order.
    public static func all(in record: ReleaseRecord, asOf: CalendarDate) -> [DocumentStatus] {
        record.sortedDocuments.compactMap { status(of: $0, asOf: asOf) }
    }

    public static func status(of document: DocumentRecord, asOf: CalendarDate) -> DocumentStatus? {
        let endOfDay = Int64(asOf.adding(days: 1).daysSinceEpoch) * 86_400
        let inForce = document.releases.last { $0.effectiveAt < endOfDay }
        let scheduled = document.releases.last.flatMap { $0.effectiveAt >= endOfDay ? $0 : nil }
        guard let front = (document.releases.last?.frontMatter ?? document.pending?.frontMatter) else { return nil }
        let state: State
        if let inForce, inForce.isObsolete {
            state = .obsolete
        } else if scheduled != nil {
            state = .approved
        } else if inForce != nil {
            state = .effective
        } else {
            state = .pending
        }
        return DocumentStatus(
            id: document.id, title: (inForce ?? scheduled)?.frontMatter.title ?? front.title, type: front.type, state: state,
            inForce: inForce, scheduled: scheduled, pending: document.pending, lastReview: document.reviews.last)
    }
}
