import Foundation
import Mustache
import Testing

@testable import Portal
@testable import Records
@testable import Training

/// A person page states each completion's evidence without empty fragments.
@Suite("Training evidence on the person page")
struct EvidenceRenderingTests {
    func rendered(trainer: PersonID?) throws -> String {
        let completion = Completion(
            person: PersonID("mei")!, document: DocumentID("SOP-QA-001")!, revision: 1, completed: CalendarDate("2026-07-06")!,
            method: "read and understood", trainer: trainer, source: .record(file: "training/records/a.csv", line: 2),
            recorder: PersonID("aokafor")!, recordedAt: 1_783_584_000)
        let template = try MustacheTemplate(
            string: "{{#evidence}}{{{method}}}{{#trainer}}, trainer {{{trainer}}}{{/trainer}}; recorded by {{{recorder}}}{{/evidence}}")
        return template.render(["evidence": TrainingPages.evidence(completion)])
    }

    @Test(.verifies("REQ-TRN-003")) func aCompletionWithoutATrainerNamesNone() throws {
        #expect(try rendered(trainer: nil) == "read and understood; recorded by aokafor")
        #expect(try rendered(trainer: PersonID("tbecker")!) == "read and understood, trainer tbecker; recorded by aokafor")
    }
}
