/// The earlier revisions of the bundled example documents, as the edits that undo each later
/// revision's change: each matches the reason for change the later revision states, so the demo's
/// redlines show the change an inspector would expect (a step, a table cell, a definition).
enum DemoRevisions {
    /// How revision `revision` differed from the next one: its own reason for change (nil for
    /// revision 1) and the edits, each (text in the next revision, text in this one).
    struct Earlier {
        var revision: Int
        var change: String?
        var edits: [(String, String)]
    }

    /// Per document, newest first.
    static let earlier: [String: [Earlier]] = [
        "SOP-QA-001": [
            Earlier(
                revision: 2,
                change:
                    "CR-2025-052: periodic review interval set by document type (36 months for work instructions and forms) instead of 24 months for all.",
                edits: [
                    (
                        "| Signed approval | An electronically signed commit whose signature meaning is either *Reviewed* or *Approved*. |",
                        "| Signature sheet | The paper form on which each approver signs and dates the approved revision. |"
                    ),
                    (
                        "3. Each approver signs the final content by creating an electronically signed commit with the meaning *Approved* (or *Reviewed*, where only a review is required). The signature is bound to the exact content approved; any later edit invalidates earlier signatures.",
                        "3. Each approver signs and dates the signature sheet of the final draft, printed from the repository with its revision number. QA files the completed signature sheet in the QA office."
                    ),
                    (
                        "4. The author of a change may not approve their own change.\n5. Signing keys are personal, must not be shared, and are registered against the person's entry in the people list. Leavers are deactivated, not deleted, so that historic signatures remain attributable.",
                        "4. The author of a change may not approve their own change."
                    ),
                    (
                        "1. When every required approval is present and valid, the document system (stet) merges the change to the release branch automatically.",
                        "1. When the signature sheet is complete, QA merges the change to the release branch."
                    ),
                    (
                        "2. The system notifies the owner 60 days before the review is due. The owner either confirms the document as current (recorded as a signed *Reviewed* commit) or initiates a revision.",
                        "2. The owner either confirms the document as current (recorded on a signature sheet) or initiates a revision."
                    ),
                    (
                        "| Signed approval commits | Repository | As above |",
                        "| Signed approval sheets | QA office | Life of company plus 10 years |"
                    ),
                ]),
            Earlier(
                revision: 1, change: nil,
                edits: [
                    (
                        "1. Each document is reviewed by its owner at the interval set for its type (24 months for POL and SOP, 36 months for WI and FORM) unless a shorter interval is stated in the header.",
                        "1. Each document is reviewed by its owner every 24 months unless a shorter interval is stated in the header."
                    )
                ]),
        ],
        "SOP-QA-004": [
            Earlier(
                revision: 1, change: nil,
                edits: [
                    ("references: [SOP-QA-002, SOP-QA-005, FORM-QA-001]", "references: [SOP-QA-002, SOP-QA-005]"),
                    (
                        "3. Record the deviation in the electronic quality system within 1 working day. If the system is unavailable, use [FORM-QA-001 Deviation Report Form](../forms/FORM-QA-001.md) and transcribe it when the system is restored; attach the original form.",
                        "3. Record the deviation in the electronic quality system within 1 working day."
                    ),
                    (
                        "1. A QA approver reviews the record within 1 working day and classifies it",
                        "1. A QA approver reviews the record within 2 working days and classifies it"
                    ),
                    (
                        "2. QA places affected batches on hold in the inventory system. No affected batch may be dispositioned until the deviation is closed or QA has documented that the batch is not affected.",
                        "2. Affected batches are not released until the deviation is closed."
                    ),
                    ("| Completed FORM-QA-001 (paper fallback) | Attached to the electronic record; original kept 10 years |\n", ""),
                    ("- [FORM-QA-001 Deviation Report Form](../forms/FORM-QA-001.md)\n", ""),
                ])
        ],
        "SOP-SQ-001": [
            Earlier(
                revision: 1, change: nil,
                edits: [
                    (
                        "(cell culture media, chromatography resins, single-use bags and filters, contract release testing)",
                        "(cell culture media, chromatography resins, contract release testing)"
                    ),
                    ("| Extractables and leachables data | Required for single-use components | Not required | Not required |\n", ""),
                    ("Tier 1 every 2 years (including audit)", "Tier 1 every 3 years (including audit)"),
                ])
        ],
        "WI-PR-001": [
            Earlier(
                revision: 1, change: nil,
                edits: [
                    ("| Conductivity (mS/cm at 25 °C) |", "| Conductivity (at 25 °C) |"),
                    ("| 7.4 ± 0.1 | 14.0 – 16.0 |", "| 7.4 ± 0.1 | 14.0 – 16.0 mS/cm |"),
                    ("| 3.5 ± 0.1 | 0.8 – 1.2 |", "| 3.5 ± 0.1 | 800 – 1200 µS/cm |"),
                    ("| 8.0 ± 0.1 | 4.5 – 5.5 |", "| 8.0 ± 0.1 | 4.5 – 5.5 mS |"),
                    ("| 6.0 ± 0.1 | 1.0 – 1.6 |", "| 6.0 ± 0.1 | 1.0 – 1.6 mS/cm |"),
                ])
        ],
        // WI-QC-002 revision 2 only retires the instruction: revision 1 is the same text, in force.
    ]

    /// The text of `revision` of a document whose next revision reads `next`: the edits undone, or
    /// nil when one of them no longer matches the text (a changed example).
    static func text(of id: String, revision: Int, next: String) -> (text: String, change: String?)? {
        guard let earlier = earlier[id]?.first(where: { $0.revision == revision }) else { return nil }
        var text = next
        for (later, before) in earlier.edits {
            guard let range = text.range(of: later) else { return nil }
            text.replaceSubrange(range, with: before)
        }
        return (text, earlier.change)
    }
}
