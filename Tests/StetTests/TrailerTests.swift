import Foundation
import Testing

@testable import Control
@testable import Records

@Suite("Trailers that name no document and revision")
struct TrailerTests {
    @Test(.verifies("REQ-REL-008")) func anApprovesTrailerThatNamesNoRevisionIsADanglingReference() throws {
        let fixture = try GitFixture()
        try fixture.bootstrap()
        let approval = try fixture.commit("Approve\n\nApproves: SOP-QA-001 revision two", as: "quinn", allowEmpty: true)
        let record = try fixture.record()
        let finding = try #require(record.findings.first { $0.code == .danglingReference })
        #expect(finding.severity == .error)
        #expect(finding.commit == approval)
        #expect(finding.message.contains("write it like 'Approves: SOP-QA-001 rev 2'"))
        let result = try StetProcess.run(["verify", "-C", fixture.repository.path])
        #expect(result.status == 1)
    }
}
