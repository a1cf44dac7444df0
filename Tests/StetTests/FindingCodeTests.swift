import Foundation
import Testing

@testable import Records

@Suite("Finding codes are the contract's exact words")
struct FindingCodeTests {
    /// PRODUCT.md §10, verbatim, with the test that provokes each code.
    static let contract: [(code: String, provokedBy: String)] = [
        ("invalid-front-matter", "CheckTests.invalidFrontMatter, yamlHazardsInFrontMatter, badEncodingsAndBidiControls"),
        ("unknown-field", "CheckTests.unknownField"),
        ("duplicate-id", "CheckTests.duplicateID, RecordTests.aSecondDocumentWithTheSameIDOnTheReleaseBranch"),
        ("unknown-type", "CheckTests.unknownType"),
        ("unknown-person", "CheckTests.unknownPerson, unknownPersonForASigningKey"),
        ("unknown-role", "CheckTests.unknownRole, unknownRoleInApprovalsOfAType"),
        ("dangling-reference", "CheckTests.danglingReference"),
        ("broken-link", "CheckTests.brokenLink, HardeningTests.linksToMissingFilesOfAnyKindAreBroken"),
        ("missing-change-reason", "CheckTests.missingChangeReason"),
        ("revision-not-incremented", "RecordTests.revisionsMustStepByOne, ChangeReviewTests.anAuthorsBranchFromEditToRelease"),
        ("revision-skipped", "RecordTests.revisionsMustStepByOne"),
        ("missing-approval", "ChangeReviewTests.anAuthorsBranchFromEditToRelease, RecordTests.aPeriodicReviewRestartsTheClock"),
        ("self-approval", "RecordTests.anAuthorCannotApproveTheirOwnChange"),
        ("unapproved-change", "RecordTests.aChangeWithoutApprovalsIsNotReleased"),
        ("unsigned-commit", "RecordTests.unsignedCommitsOnTheReleaseBranch"),
        ("bad-signature", "RecordTests.tamperedPayloadAndTwoSignaturesAreBad, aWrongNamespaceIsBad"),
        ("unknown-signer", "RecordTests.unknownKeysOutOfWindowKeysRevokedKeysAndWrongNamespaces, OpenPGPTests"),
        ("key-not-valid", "RecordTests.unknownKeysOutOfWindowKeysRevokedKeysAndWrongNamespaces"),
        ("config-unapproved", "RecordTests.aSelfGrantedRoleInTheSameChangeIsNotReleased"),
        ("document-removed", "RecordTests.deletingAReleasedDocumentIsAFinding"),
        ("history-rewritten", "not yet: arrives with the ledger (stet verify --ledger)"),
        ("shallow-clone", "RecordTests.aShallowCloneIsRefused"),
        ("untrusted-root", "RecordTests.theRootOfTrustCanBePinned"),
        // Revision 2.
        ("late-record", "TrainingEvidenceTests.aCompletionRecordedAfterTheGracePeriodIsALateRecord"),
        ("unqualified-approver", "SitesTests.anApprovalByAnUntrainedApproverIsMarked"),
        ("local-review-due", "SitesTests.aLocalProcedureBehindItsGlobalStandardIsDueForReview"),
        ("revoked-approval", "RevocationTests.aRevokedKeyWithoutALedgerAsksForReapproval"),
        ("implausible-time", "TimeTests.aBackdatedApprovalIsImplausibleAndDoesNotCount, aClaimEarlierThanTheRootOfTrustDoesNotCount"),
        ("stale-base", "BranchesTests.aBranchThatConflictsWithNewerContentOnMainIsStaleBase"),
        ("raw-html", "RawHTMLTests.checkWarnsWithTheLineOfEachDroppedTag"),
    ]

    @Test(.verifies("REQ-CLI-002")) func everyContractCodeExistsWithItsExactName() {
        for (code, _) in Self.contract {
            #expect(FindingCode(rawValue: code) != nil, "\(code) is in PRODUCT.md §10 but not in FindingCode")
        }
    }

    @Test func codesBeyondTheContractAreDocumentedAdditions() {
        let contract = Set(Self.contract.map(\.code))
        let additions = FindingCode.allCases.map(\.rawValue).filter { !contract.contains($0) }
        #expect(additions == ["unsafe-path", "invalid-training-record", "markdown-limit"])
    }

    @Test(.verifies("REQ-CLI-002")) func findingsEncodeTheirCodeAsTheContractString() throws {
        let finding = Finding(.selfApproval, message: "m")
        let json = String(decoding: try JSONEncoder().encode(finding), as: UTF8.self)
        #expect(json.contains("\"code\":\"self-approval\""))
        #expect(json.contains("\"line\":null"))
    }
}
