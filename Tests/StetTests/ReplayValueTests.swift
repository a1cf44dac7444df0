import Foundation
import Testing

@testable import Control
@testable import Records
@testable import Repository

/// The replay's pieces that need no repository: a commit's trailers parsed once into typed values, and the index of
/// where documents stand on the release branch.
@Suite("The replay's typed trailers and path index, as values")
struct ReplayValueTests {
    func commit(_ message: String) throws -> CommitObject {
        let raw = """
            tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904
            author Quinn <quinn@example.com> 1700000000 +0000
            committer Quinn <quinn@example.com> 1700000000 +0000

            \(message)

            """
        return try CommitObject(id: try #require(ObjectID(String(repeating: "ab", count: 20))), raw: Array(raw.utf8))
    }

    @Test func aCommitsTrailersAreParsedOnceIntoTypedValues() throws {
        let trailers = Trailers(
            try commit(
                """
                Approve SOP-QA-001

                Approves: SOP-QA-001 rev 2
                Signed-off-by: Quinn <quinn@example.com>
                Signature-Meaning: Reviewed
                Approves: CONFIG rev 3
                approves: SOP-QA-002 rev 1
                Trained: SOP-QA-001 revision two
                Reviewed: SOP-QA-003 rev 0
                Closes: unsigned-commit:1a2b3c4d5e6f DEV-2026-014
                """))
        // Keys match exactly, in the message's order; trailers the replay does not act on are left out.
        #expect(trailers.all.map(\.key) == [.approves, .signatureMeaning, .approves, .trained, .reviewed, .closes])
        #expect(trailers.all.map(\.text).first == "Approves: SOP-QA-001 rev 2")
        let approves = trailers.with(.approves).map { $0.reference.map { "\($0.document.rawValue) \($0.revision)" } }
        #expect(approves == ["SOP-QA-001 2", "CONFIG 3"])
        // A value that names no revision (or revision 0) has no reference: the rules report it as a dangling reference.
        #expect(trailers.with(.trained).first?.reference == nil)
        #expect(trailers.with(.reviewed).first?.reference == nil)
        #expect(trailers.with(.closes).first?.value == "unsigned-commit:1a2b3c4d5e6f DEV-2026-014")
        #expect(trailers.with(.closes).first?.reference == nil)
        #expect(trailers.carriesRecord)
        #expect(trailers.meaning == "Reviewed")
    }

    @Test func withoutASignatureMeaningAnApprovalMeansApproved() throws {
        let trailers = Trailers(try commit("Only a change\n\nSigned-off-by: Quinn <quinn@example.com>"))
        #expect(trailers.all.isEmpty)
        #expect(!trailers.carriesRecord)
        #expect(trailers.meaning == "Approved")
    }

    @Test func thePathIndexKeepsItsFourViewsTogether() throws {
        let first = try #require(RepositoryPath("controlled-docs/sop/a.md"))
        let moved = try #require(RepositoryPath("controlled-docs/sop/b.md"))
        let sop = try #require(DocumentID("SOP-QA-001"))
        let other = try #require(DocumentID("SOP-QA-002"))
        var index = RecordBuilder.PathIndex()
        index.place(sop, at: first)
        index.place(sop, at: moved)
        // Moved: it stands only at the new path now, and both paths stay in its history.
        #expect(index.documentAt == [moved: sop])
        #expect(index.pathOf == [sop: moved])
        #expect(index.everPathsOf[sop] == [first.rawValue, moved.rawValue])
        #expect(index.everAt == [first: sop, moved: sop])
        // Another document written over its file displaces it; deleting the file vacates the path.
        #expect(index.displace(at: moved, by: sop) == nil)
        #expect(index.displace(at: moved, by: other) == sop)
        #expect(index.pathOf[sop] == nil)
        index.place(other, at: moved)
        #expect(index.vacate(moved) == other)
        #expect(index.documentAt.isEmpty && index.pathOf.isEmpty)
        #expect(index.vacate(moved) == nil)
        #expect(index.everAt == [first: sop, moved: other])
    }
}
