// Generated from docs/requirements.yaml and the tests' .verifies traits by
// `RECORD_TRACE=1 swift test --filter Traceability`; do not edit. A test fails when they disagree.

enum EmbeddedRequirements {
    static let yaml = ####"""
        # stet's requirements: what the product must do, one testable statement each, with a stable id.
        #
        # Ids never change meaning and are never reused; a withdrawn requirement keeps its id with `status: withdrawn`.
        # `status: verified` means the requirement is implemented and at least one test of the test suite names it
        # (`@Test(.verifies("REQ-…"))`); `stet validate` re-runs the operational scenarios that name it.
        # `status: planned` means the product contract asks for it but this version does not do it yet: the
        # validation report lists it as "not verified", never as passed.
        # `codes` are the finding codes the requirement produces; every finding code belongs to at least one requirement.
        # `clauses` are the 21 CFR Part 11 (§11.x) and EU GMP Annex 11 (Annex 11 §x) clauses the requirement serves.
        # The traceability check (`swift test --filter Traceability`, run by CI) fails when a verified requirement has no
        # test, a planned one has tests, or a test names an id that is not here.
        requirements:
          # Configuration: stet.yaml and roles/ are read strictly.
          - id: REQ-CFG-001
            text: stet.yaml, roles/roles.yaml and roles/people.yaml are decoded strictly; an unknown key, a wrong type, broken YAML or a second YAML document stops the command with exit 2, naming the file and line.
            clauses: [Part 11 §11.10(a), Annex 11 §5]
            status: verified
          - id: REQ-CFG-002
            text: A role named in a type's approvals, admin-roles, a person's roles or a document's training roles must be defined in roles/roles.yaml.
            clauses: [Part 11 §11.10(g), Annex 11 §12]
            codes: [unknown-role]
            status: verified
          - id: REQ-CFG-003
            text: Every allowed_signers principal is exactly one known person's e-mail, and one key belongs to one person; certificates (cert-authority) are refused.
            clauses: [Part 11 §11.100(a), Part 11 §11.300(a)]
            codes: [unknown-person, key-not-valid]
            status: verified

          # Documents: front matter and Markdown.
          - id: REQ-DOC-001
            text: Front matter is decoded strictly into typed fields; missing required fields, wrong types, invalid ids, anchors, aliases, merge keys, tags, duplicate keys, bad encodings and oversize documents are reported with file and line.
            clauses: [Part 11 §11.10(a), Annex 11 §5, Annex 11 §6]
            codes: [invalid-front-matter]
            status: verified
          - id: REQ-DOC-002
            text: A key the front-matter format does not define is reported, with a suggestion for near-misses.
            clauses: [Part 11 §11.10(a), Annex 11 §6]
            codes: [unknown-field]
            status: verified
          - id: REQ-DOC-003
            text: Two documents with the same id are reported, in the working tree and on the release branch.
            clauses: [Part 11 §11.10(a), Annex 11 §6]
            codes: [duplicate-id]
            status: verified
          - id: REQ-DOC-004
            text: A document's type must be a type of stet.yaml, and its owner a person of roles/people.yaml.
            clauses: [Part 11 §11.10(a), Annex 11 §6]
            codes: [unknown-type, unknown-person]
            status: verified
          - id: REQ-DOC-005
            text: References must name existing documents and relative links must reach existing controlled files.
            clauses: [Part 11 §11.10(a), Annex 11 §6]
            codes: [dangling-reference, broken-link]
            status: verified
          - id: REQ-DOC-006
            text: A revision above 1 must state its reason for change.
            clauses: [Part 11 §11.10(e), Annex 11 §10]
            codes: [missing-change-reason]
            status: verified
          - id: REQ-DOC-007
            text: Symbolic links, submodules and special files are never followed where a document, configuration or record could be.
            clauses: [Part 11 §11.10(c), Annex 11 §7]
            codes: [unsafe-path]
            status: verified
          - id: REQ-DOC-008
            text: Pathological Markdown is refused with a finding (naming the construct and its line) or rendered in bounded time, and a document over a limit is never released; the portal never runs document-supplied script.
            clauses: [Part 11 §11.10(a), Annex 11 §12]
            codes: [markdown-limit]
            status: verified
          - id: REQ-DOC-009
            text: Raw HTML outside a small allowlist is dropped from the portal and reported with its line.
            clauses: [Part 11 §11.10(b), Annex 11 §8]
            codes: [raw-html]
            status: verified
          - id: REQ-DOC-010
            text: An approval binds to the blobs of the document's attachments too, and the portal keeps each revision's own attachments.
            clauses: [Part 11 §11.70, Annex 11 §10]
            status: verified
          - id: REQ-DOC-011
            text: Every problem is reported, not only the first (collect, then fail).
            clauses: [Part 11 §11.10(a)]
            status: verified

          # Signatures.
          - id: REQ-SIG-001
            text: SSH signatures (SSHSIG, namespace git, sha256/sha512) with ed25519, ecdsa-sha2-nistp256 and rsa-sha2-256/512 keys are verified natively, in agreement with ssh-keygen and git verify-commit.
            clauses: [Part 11 §11.70, Part 11 §11.200(a), Annex 11 §14]
            status: verified
          - id: REQ-SIG-002
            text: OpenPGP v4 signatures (EdDSA ed25519 and RSA, SHA-256/512) are verified natively, honouring self-certifications, subkey bindings, expiry and revocation, in agreement with git verify-commit.
            clauses: [Part 11 §11.70, Part 11 §11.200(a), Annex 11 §14]
            status: verified
          - id: REQ-SIG-003
            text: The signature is read only from the commit's gpgsig header; a signature pasted in the message body is not a signature, and a commit with two signatures, a tampered payload, another namespace or algorithm is bad.
            clauses: [Part 11 §11.70, Part 11 §11.10(a)]
            codes: [bad-signature]
            status: verified
          - id: REQ-SIG-004
            text: A signature by a key that is not enrolled, or belongs to no known person, does not count.
            clauses: [Part 11 §11.100(a), Part 11 §11.300(a), Annex 11 §14]
            codes: [unknown-signer]
            status: verified
          - id: REQ-SIG-005
            text: A signature made outside the key's valid-after/valid-before window, with an expired key or by an inactive person does not count.
            clauses: [Part 11 §11.300(b), Annex 11 §12]
            codes: [key-not-valid]
            status: verified
          - id: REQ-SIG-006
            text: A key listed in roles/revoked_keys (or an OpenPGP revocation) voids its signatures.
            clauses: [Part 11 §11.300(c), Annex 11 §12]
            codes: [key-not-valid]
            status: verified
          - id: REQ-SIG-007
            text: A revoked key's signatures stay valid on releases recorded in a ledger published before the revocation; a voided release in force shows "re-approval required" until approved again.
            clauses: [Part 11 §11.300(c), Part 11 §11.10(c), Annex 11 §12]
            codes: [revoked-approval]
            status: verified
          - id: REQ-SIG-008
            text: Security-key signatures (sk-ssh-ed25519, sk-ecdsa-sha2-nistp256) honour no-touch-required and verify-required, and show "verified with PIN/biometric".
            clauses: [Part 11 §11.200(a)]
            status: planned
          - id: REQ-SIG-009
            text: stet never spawns git, gpg or ssh-keygen to verify, never reads the repository's git configuration for verification, and never follows refs/replace or grafts.
            clauses: [Part 11 §11.10(a), Annex 11 §12]
            status: verified

          # Approval.
          - id: REQ-APR-001
            text: "A commit approves revision N of document D with the trailer `Approves: D rev N` and a valid signature; the approval counts only for the exact blob of D in the approving commit's tree, so any later change voids it."
            clauses: [Part 11 §11.70, Part 11 §11.10(a), Annex 11 §14]
            codes: [unapproved-change]
            status: verified
          - id: REQ-APR-002
            text: Each approval entry of the document's type is satisfied by a distinct person holding that role (owner is the document's owner); missing entries are listed.
            clauses: [Part 11 §11.10(g), Part 11 §11.10(f), Annex 11 §14]
            codes: [missing-approval]
            status: verified
          - id: REQ-APR-003
            text: With author-may-approve false, a person who signed (or, unsigned, authored) a change to the document since its last release cannot satisfy an approval entry.
            clauses: [Part 11 §11.10(f), Part 11 §11.10(g)]
            codes: [self-approval]
            status: verified
          - id: REQ-APR-004
            text: The signature meaning (Approved by default, or Reviewed) is recorded and shown with the printed name, UTC time and key.
            clauses: [Part 11 §11.50, Annex 11 §14]
            status: verified
          - id: REQ-APR-005
            text: An approval entry may ask for the meaning Reviewed; a Reviewed signature satisfies only such an entry.
            clauses: [Part 11 §11.50]
            status: verified
          - id: REQ-APR-006
            text: "`stet approve` makes the signed approval commit with git's own signing set-up, and refuses without one."
            clauses: [Part 11 §11.200(a)]
            status: verified

          # Release and the record.
          - id: REQ-REL-001
            text: Replaying the release branch's first-parent history, revision R+1 is released at the first commit where its exact blob has every required approval reachable; otherwise it is a finding and the previous revision stays effective.
            clauses: [Part 11 §11.10(a), Part 11 §11.10(f), Annex 11 §10]
            codes: [unapproved-change]
            status: verified
          - id: REQ-REL-002
            text: A changed document must be the next revision of the released one; skipped or repeated revisions are reported.
            clauses: [Part 11 §11.10(f), Annex 11 §10]
            codes: [revision-not-incremented, revision-skipped]
            status: verified
          - id: REQ-REL-003
            text: The effective date is the latest of the releasing commit's time, the last required approval's time and the front-matter effective date, never before the release.
            clauses: [Part 11 §11.10(e), Annex 11 §10]
            status: verified
          - id: REQ-REL-004
            text: With require-signed-commits, a non-merge commit that changes controlled files or training records without a signature is reported.
            clauses: [Part 11 §11.10(e), Annex 11 §9]
            codes: [unsigned-commit]
            status: verified
          - id: REQ-REL-005
            text: An approved revision with status obsolete retires the document; deleting a released document instead is reported; moving it is not removing it.
            clauses: [Part 11 §11.10(c), Annex 11 §7]
            codes: [document-removed]
            status: verified
          - id: REQ-REL-006
            text: "A signed `Reviewed: D rev N` by the owner or an approver records a periodic review and restarts the review clock."
            clauses: [Annex 11 §11]
            codes: [missing-approval]
            status: verified
          - id: REQ-REL-007
            text: A merge commit adds no authorship except for content in none of its parents, which the merge authors.
            clauses: [Part 11 §11.10(a), Part 11 §11.10(f)]
            status: verified
          - id: REQ-REL-008
            text: An Approves trailer that names no document and revision is reported.
            clauses: [Part 11 §11.10(a)]
            codes: [dangling-reference]
            status: verified

          # CONFIG: authority cannot approve itself.
          - id: REQ-CFA-001
            text: "A change to stet.yaml or roles/ needs `Approves: CONFIG rev N` (N the new config-revision) by a holder of an admin role under the previous configuration, who did not author it."
            clauses: [Part 11 §11.10(d), Part 11 §11.10(g), Annex 11 §10, Annex 11 §12]
            codes: [config-unapproved, revision-not-incremented]
            status: verified
          - id: REQ-CFA-002
            text: People, roles and keys used to judge a change are those of the configuration released before it; a role or key granted in the same change does not count for it.
            clauses: [Part 11 §11.10(d), Part 11 §11.10(g), Annex 11 §12]
            codes: [config-unapproved]
            status: verified
          - id: REQ-CFA-003
            text: site-templates/ are controlled as part of CONFIG.
            clauses: [Part 11 §11.50, Annex 11 §10]
            status: planned

          # History integrity.
          - id: REQ-HIS-001
            text: The root of trust (the first commit holding stet.yaml) can be pinned; another root is reported.
            clauses: [Part 11 §11.10(a), Part 11 §11.10(e)]
            codes: [untrusted-root]
            status: verified
          - id: REQ-HIS-002
            text: A shallow clone is refused, since its history cannot be judged.
            clauses: [Part 11 §11.10(e), Annex 11 §9]
            codes: [shallow-clone]
            status: verified
          - id: REQ-HIS-003
            text: stet build writes a hash-chained ledger of releases; stet verify --ledger reports a published ledger that is not a prefix of today's record.
            clauses: [Part 11 §11.10(c), Part 11 §11.10(e), Annex 11 §7, Annex 11 §9]
            codes: [history-rewritten]
            status: verified
          - id: REQ-HIS-004
            text: stet verify lists every commit reachable from the release branch with its signature verdict, and its verdicts agree with git verify-commit.
            clauses: [Part 11 §11.10(e), Annex 11 §9]
            status: verified
          - id: REQ-HIS-005
            text: A signed commit's time earlier than a parent's committer time or the root of trust is implausible, and its approvals and records do not count; the ledger keeps the time each release was first recorded.
            clauses: [Part 11 §11.10(e), Annex 11 §9]
            codes: [implausible-time]
            status: verified
          - id: REQ-HIS-006
            text: "A finding about history never disappears; an admin's signed `Closes: <finding id> <reference>` closes it, kept as info with who, when and the reference."
            clauses: [Part 11 §11.10(e), Annex 11 §9, Annex 11 §13]
            status: verified

          # Training.
          - id: REQ-TRN-001
            text: A released revision that requires training obliges every active holder of its training roles, as of that release's configuration, assigned at the effective date and due after due-days.
            clauses: [Part 11 §11.10(i), Annex 11 §2]
            status: verified
          - id: REQ-TRN-002
            text: A newer training revision supersedes open obligations; an editorial revision carries completions over; losing the role, leaving or retirement cancels open obligations.
            clauses: [Part 11 §11.10(i)]
            status: verified
          - id: REQ-TRN-003
            text: "A completion is a row of training/records/*.csv added by a validly signed commit, or a commit signed by the trainee with `Trained: D rev N`; it counts for exactly that revision."
            clauses: [Part 11 §11.10(i), Part 11 §11.10(e)]
            codes: [unsigned-commit]
            status: verified
          - id: REQ-TRN-004
            text: A training record row that cannot be used (bad date, unknown person or document, duplicate, malformed) is reported with file and line.
            clauses: [Part 11 §11.10(a), Annex 11 §6]
            codes: [invalid-training-record]
            status: verified
          - id: REQ-TRN-005
            text: The same inputs always give the same obligations, in the same order, with status open, overdue, completed (late), superseded or cancelled as of a date.
            clauses: [Part 11 §11.10(a), Part 11 §11.10(i)]
            status: verified
          - id: REQ-TRN-006
            text: A completion recorded later than training-record-grace-days after its date is reported; --as-of counts only completions recorded by that date.
            clauses: [Part 11 §11.10(e)]
            codes: [late-record]
            status: verified
          - id: REQ-TRN-007
            text: An approver not trained on the documents of approver-qualification is reported and marked in the signature manifestation.
            clauses: [Part 11 §11.10(i)]
            codes: [unqualified-approver]
            status: verified
          - id: REQ-TRN-008
            text: With retrain-months, a completion lapses and a new obligation is assigned.
            clauses: [Part 11 §11.10(i)]
            status: verified

          # Sites, global and local.
          - id: REQ-SIT-001
            text: Documents apply to their sites and people are obliged only at those sites; a local document aligned to an older revision of the global one it implements is reported.
            clauses: [Part 11 §11.10(i)]
            codes: [local-review-due]
            status: verified

          # The portal.
          - id: REQ-POR-001
            text: The portal shows only released revisions as effective, each with its signature manifestation, and marks earlier revisions superseded.
            clauses: [Part 11 §11.50, Part 11 §11.10(b), Annex 11 §8]
            status: verified
          - id: REQ-POR-002
            text: The same inputs give a byte-identical portal.
            clauses: [Part 11 §11.10(b), Annex 11 §4]
            status: verified
          - id: REQ-POR-003
            text: A build replaces the output folder atomically; a failed build leaves the previous portal intact, and stet never replaces a folder it did not make.
            clauses: [Part 11 §11.10(c), Annex 11 §7]
            status: verified
          - id: REQ-POR-004
            text: The exports (documents, releases, obligations, ledger) have stable schemas.
            clauses: [Part 11 §11.10(b), Annex 11 §8]
            status: verified
          - id: REQ-POR-005
            text: The portal works offline in a browser without console errors, and document-supplied script never runs.
            clauses: [Part 11 §11.10(b), Annex 11 §12]
            status: verified
          - id: REQ-POR-006
            text: A redline between consecutive revisions shows the rendered text with deletions and insertions marked in words as well as colour, the front-matter changes as a table and long unchanged stretches folded; stet diff shows the changed front-matter fields, then the changed lines with three lines of context.
            clauses: [Part 11 §11.10(b), Annex 11 §10]
            status: verified

          # The command line.
          - id: REQ-CLI-001
            text: Exit 0 when clean, 1 on an open error finding, 2 on usage or configuration errors.
            clauses: [Part 11 §11.10(a)]
            status: verified
          - id: REQ-CLI-002
            text: Findings have the contract's shape (code, severity, document, commit, file, line, message) in JSON, GitHub annotations and SARIF, with the contract's exact codes.
            clauses: [Part 11 §11.10(b)]
            status: verified
          - id: REQ-CLI-003
            text: "`check --base` judges what a branch adds since its merge base; a branch merely behind its base is not at fault, a conflict with newer content is reported."
            clauses: [Annex 11 §10]
            codes: [stale-base]
            status: verified
          - id: REQ-CLI-004
            text: stet init scaffolds a repository that passes stet check, and stet new creates a valid document with the next free id.
            clauses: [Annex 11 §10]
            status: verified
          - id: REQ-CLI-005
            text: stet demo makes a signed example repository, written and signed natively, that git verify-commit agrees with.
            clauses: [Part 11 §11.10(a)]
            status: verified
          - id: REQ-CLI-006
            text: stet import brings existing documents under control with legacy metadata, on a branch ready for approval.
            clauses: [Annex 11 §4, Annex 11 §5]
            status: verified

          # Validation of stet itself.
          - id: REQ-VAL-001
            text: stet validate reports the installation (version, build id, linked library versions, binary SHA-256, platform), runs the operational scenarios with stet's own signing code and checks the configuration against the repository's expectations file; it writes an HTML and a JSON report and exits 1 on any failure.
            clauses: [Part 11 §11.10(a), Annex 11 §4]
            status: verified
          - id: REQ-VAL-002
            text: Every requirement is traced to tests; a requirement without a test, or a test naming an unknown requirement, fails the build.
            clauses: [Annex 11 §4]
            status: verified
          - id: REQ-VAL-003
            text: stet's own CI and the CI workflows stet init writes pin the Swift image and the Debian package versions stet is validated with, and the two agree.
            clauses: [Annex 11 §4, Annex 11 §10]
            status: verified

        """####

    static let tests: [String: [String]] = [
        "REQ-APR-001": [
            "RecordTests.aChangeWithoutApprovalsIsNotReleased",
            "RecordTests.aLaterChangeVoidsEarlierApprovals",
        ],
        "REQ-APR-002": [
            "ChangeReviewTests.anAuthorsBranchFromEditToRelease",
            "PureCoreTests.approvalsEntriesAreFilledByDistinctPeopleWithTheMeaningTheyAsk",
            "RecordTests.eachEntryNeedsADistinctPersonWithTheRole",
            "ValidationTests.aScenarioThatCannotGetItsExpectedResultFailsNamingItsRequirements",
            "ValidationTests.removingQAFromTheSOPTypeFailsNamingTheRuleAndType",
            "ValidationTests.theBundledExamplePassesAndTwoRunsGiveTheSameReport",
        ],
        "REQ-APR-003": [
            "RecordHardeningTests.theAuthorOfReleasedContentCannotApproveItAfterAMove",
            "RecordTests.anAuthorCannotApproveTheirOwnChange",
            "ValidationTests.theBundledExamplePassesAndTwoRunsGiveTheSameReport",
        ],
        "REQ-APR-004": [
            "RecordPortalTests.eachPageShowsOnlyWhatTheRecordReleased",
            "RecordTests.aGoodApprovalOfEachSSHKeyKindReleases",
        ],
        "REQ-APR-005": [
            "MeaningTests.anApprovalsEntryWithAnUnknownMeaningIsAConfigurationError",
            "MeaningTests.anEntryThatAsksForReviewedIsFilledOnlyByAReviewedSignature",
            "MeaningTests.reviewedSignaturesDoNotReleaseARevision",
            "PureCoreTests.approvalsEntriesAreFilledByDistinctPeopleWithTheMeaningTheyAsk",
        ],
        "REQ-APR-006": [
            "ChangeReviewTests.anAuthorsBranchFromEditToRelease",
            "ChangeReviewTests.approveRefusesWithoutASigningSetUp",
        ],
        "REQ-CFA-001": [
            "ChangeReviewTests.aConfigurationChangeNeedsAnAdmin",
            "RecordTests.aConfigurationChangeApprovedByAnAdminIsReleased",
        ],
        "REQ-CFA-002": [
            "RecordHardeningTests.aRoleGrantedInTheSameMergeDoesNotJudgeThatMerge",
            "RecordHardeningTests.changingTheTypeKeepsTheOldTypesApprovers",
            "RecordTests.aSelfGrantedRoleInTheSameChangeIsNotReleased",
        ],
        "REQ-CFG-001": [
            "CommandLineTests.checkExitsTwoOnConfigurationErrors",
            "ConfigurationErrorTests.aSecondDocumentInStetYAML",
            "ConfigurationErrorTests.booleansAreYAML12",
            "ConfigurationErrorTests.brokenYAMLAndWrongTypes",
            "ConfigurationErrorTests.missingStetYAML",
            "ConfigurationErrorTests.peopleAndRolesAreStrictToo",
            "ConfigurationErrorTests.unknownKeyInStetYAMLNamesKeyAndLine",
            "HardeningTests.manyPeopleDecodeInLinearTime",
            "SignersTests.malformedAllowedSignersIsAConfigurationError",
        ],
        "REQ-CFG-002": [
            "CheckTests.unknownRole",
            "CheckTests.unknownRoleInApprovalsOfAType",
        ],
        "REQ-CFG-003": [
            "CheckTests.aKeyMustBelongToExactlyOnePerson",
            "CheckTests.unknownPersonForASigningKey",
            "HardeningTests.emptyAllowedSignersOptionsDoNotCrash",
            "SignersTests.badLinesAreReportedWithTheirNumbers",
        ],
        "REQ-CLI-001": [
            "CommandLineTests.checkExitsOneOnFindingsAndListsThemAll",
            "CommandLineTests.checkExitsTwoOnConfigurationErrors",
            "CommandLineTests.checkExitsZeroOnTheBundledExample",
            "CommandLineTests.usageErrorsExitTwo",
            "MeaningTests.checkBaseNeverSaysReadyWhileAnErrorStands",
            "RecordTests.verifyCommandExitCodesAndJSON",
        ],
        "REQ-CLI-002": [
            "CommandLineTests.githubAnnotations",
            "CommandLineTests.jsonFindingsHaveTheContractShape",
            "CommandLineTests.sarifIsValidJSONWithRules",
            "FindingCodeTests.everyContractCodeExistsWithItsExactName",
            "FindingCodeTests.findingsEncodeTheirCodeAsTheContractString",
            "TraceabilityTests.everyFindingCodeBelongsToATestedRequirement",
        ],
        "REQ-CLI-003": [
            "BranchesTests.aBranchThatConflictsWithNewerContentOnMainIsStaleBase",
            "BranchesTests.aBranchThatIsOnlyBehindMainIsClean",
            "BranchesTests.aStaleLocalMainIsDetectedAndNamed",
        ],
        "REQ-CLI-004": [
            "InitAndNewTests.fromInitToAReleasedFirstDocument",
            "InitAndNewTests.initScaffoldsARepositoryThatPassesCheckWithValidWorkflows",
            "InitAndNewTests.newFillsTheFrontMatterSoTheDocumentReadsBack",
            "InitAndNewTests.newRefusesWhatWouldNotBeAValidDocument",
            "InitAndNewTests.newTakesTheNextFreeIdOfTheTypeInTheFolder",
            "InitAndNewTests.newUsesTheRepositorysTemplateAndNeverOverwrites",
        ],
        "REQ-CLI-005": [
            "DemoTests.theDemoIsASignedRecordThatGitAgreesWith",
            "DemoTests.theDemoRefusesANonEmptyFolder",
        ],
        "REQ-CLI-006": [
            "ImportTests.aCommitThatFailsLeavesNoBranchAndNoFilesAndSaysWhy",
            "ImportTests.aLegacyFolderIsImportedLinkedApprovedAndVerifiedAndASecondRunChangesNothing",
            "ImportTests.aYAMLMappingRowThatMatchesTwoFilesIsAmbiguousAndNextIdsFollowTheExistingOnes",
            "ImportTests.destinationsThroughSymbolicLinksOrHiddenFoldersAreRefusedBeforeAnythingIsWritten",
            "ImportTests.fileNamesWithControlCharactersAreRefusedAndNeverPrintedRaw",
            "ImportTests.importRefusesADirtyTreeAnExistingBranchAndSourcesInsideTheDocumentsFolder",
            "ImportTests.linkSyntaxInCodeAndProseIsNeitherRewrittenNorCopied",
            "ImportTests.linksToHiddenFilesAndIntoGitFoldersCopyNothing",
            "ImportTests.messyFilesGetMessagesThatSayWhereAndHowToFix",
            "ImportTests.sourcesAreKnownByTheirFileNotTheirFolderName",
        ],
        "REQ-DOC-001": [
            "CheckTests.badEncodingsAndBidiControls",
            "CheckTests.invalidFrontMatter",
            "CheckTests.missingFrontMatterAndMissingFields",
            "CheckTests.pathEscapeInID",
            "CheckTests.yamlHazardsInFrontMatter",
            "ControlCharacterTests.escBelAndC1ControlsInADocumentAreInvalidAndATabIsNot",
            "HardeningTests.directivesAreRefused",
            "HardeningTests.lineBreaksOtherThanLFAreRefused",
            "HardeningTests.resolvedTagsOfPlainScalarsAreNotMistakenForExplicitTags",
            "IdentifierTests.documentIDsFollowTheContractPattern",
            "IdentifierTests.repositoryPathsCannotEscape",
            "NothingDroppedTests.anOversizedDocumentSignedOnMainIsAFindingAndNeverEffective",
            "SourceTextTests.aBOMOnlyFileIsRefusedAndALeadingBOMIsDropped",
            "SourceTextTests.invalidUTF8IsRefusedWithItsLine",
            "SourceTextTests.nulBytesAndCRLF",
            "StrictYAMLTests.aSecondDocumentIsRefused",
            "StrictYAMLTests.anchorsAndAliasesAreRefused",
            "StrictYAMLTests.datesMustBeRealCalendarDates",
            "StrictYAMLTests.duplicateKeysAreRefused",
            "StrictYAMLTests.mergeKeysAreRefused",
            "StrictYAMLTests.scalarsStayTextUntilTyped",
            "StrictYAMLTests.sizeAndNestingAreCapped",
            "StrictYAMLTests.tagsAreRefused",
        ],
        "REQ-DOC-002": [
            "CheckTests.unknownField",
            "CheckTests.unknownFieldInTrainingBlock",
            "StrictYAMLTests.unknownKeysAreReportedWithASuggestion",
        ],
        "REQ-DOC-003": [
            "CheckTests.duplicateID",
            "RecordTests.aSecondDocumentWithTheSameIDOnTheReleaseBranch",
        ],
        "REQ-DOC-004": [
            "CheckTests.unknownPerson",
            "CheckTests.unknownType",
        ],
        "REQ-DOC-005": [
            "CheckTests.brokenLink",
            "CheckTests.danglingReference",
            "CheckTests.linkToAnUncontrolledFileIsBroken",
            "HardeningTests.linksToMissingFilesOfAnyKindAreBroken",
        ],
        "REQ-DOC-006": [
            "CheckTests.missingChangeReason",
            "MeaningTests.aRevisionWithoutAReasonForChangeIsNeverReleased",
        ],
        "REQ-DOC-007": [
            "CheckTests.symlinkedDocumentIsNotFollowed",
            "ConfigurationErrorTests.symlinkedConfigurationIsRefused",
            "HardeningTests.symlinkedParentFoldersAreNotFollowed",
        ],
        "REQ-DOC-008": [
            "BoundedMarkdownTests.placingManyLinksOnTheirLinesIsLinear",
            "BoundedMarkdownTests.realProceduresPass",
            "BoundedMarkdownTests.theTableAndOpenerRefusalsNameTheConstructAndItsLine",
            "BoundedMarkdownTests.tooManyMarkdownElementsAreRefusedAndTheCapBoundsMemory",
            "CheckTests.deeplyNestedButSmallMarkdownRendersInBoundedTime",
            "CheckTests.pathologicalMarkdownIsRefusedQuickly",
            "HardeningTests.combiningCharactersCannotSmuggleMarkupPastEscaping",
            "HardeningTests.orderedListNestingIsCapped",
            "NothingDroppedTests.anApprovedDocumentOverAMarkdownLimitIsNotReleased",
            "PortalTests.documentSuppliedScriptNeverRuns",
        ],
        "REQ-DOC-009": [
            "DocumentFoldTests.aStrayClosingTagIsDroppedAndAnUnclosedFoldEndsWithTheText",
            "DocumentFoldTests.checkWarnsOfAnUnclosedFoldWithItsLine",
            "RawHTMLTests.checkWarnsWithTheLineOfEachDroppedTag",
            "RawHTMLTests.theAllowlistRendersAndTheRestIsDropped",
        ],
        "REQ-DOC-010": [
            "AttachmentApprovalMessageTests.approvalsOfOtherAttachmentBytesAreNamedInTheFinding",
            "AttachmentBindingTests.aBranchIsNotBlamedForAnAttachmentChangeItInherited",
            "AttachmentBindingTests.aFileOutsideTheDocumentsFolderIsNoAttachment",
            "AttachmentBindingTests.aReleaseRecordsItsAttachmentsWithTheirBlobs",
            "AttachmentBindingTests.aSignedSwapOfALinkedFormIsAChangeToTheDocumentToo",
            "AttachmentBindingTests.anApprovalBindsToTheAttachmentsInItsOwnTree",
            "AttachmentBindingTests.anImageInRawHTMLIsAnAttachmentAndAMissingOneIsABrokenLink",
            "AttachmentBindingTests.anUnsignedCommitSwappingAnEmbeddedImageIsAnUnapprovedChange",
            "AttachmentBindingTests.checkBaseSaysAnAttachmentChangeNeedsANewRevision",
            "AttachmentPortalTests.aSupersededRevisionKeepsItsOwnImage",
            "AttachmentPortalTests.theDraftPortalPublishesTheWorkingTreesAttachments",
            "AttachmentPortalTests.thePortalKeepsServingTheApprovedImageAfterAnUnsignedSwap",
            "AttachmentSafetyTests.aBlobThatCannotBePublishedLeavesTheRestOfThePortal",
            "AttachmentSafetyTests.anAttachmentOverTheLimitIsABrokenLinkAndNeverReleased",
            "AttachmentSafetyTests.htmlAndSVGAttachmentsAreRefusedAndNeverPublished",
            "DiffAttachmentTests.anImageOnlyRevisionIsNotUnchanged",
        ],
        "REQ-DOC-011": [
            "CheckTests.everyProblemIsReportedNotJustTheFirst",
            "CommandLineTests.checkExitsOneOnFindingsAndListsThemAll",
        ],
        "REQ-HIS-001": [
            "GeneratedCITests.theVerifyStepsPinTheRootWhenSetAndWarnWhenNot",
            "RecordTests.theRootOfTrustCanBePinned",
        ],
        "REQ-HIS-002": [
            "RecordTests.aShallowCloneIsRefused"
        ],
        "REQ-HIS-003": [
            "PureCoreTests.aLedgerThatIsNotAPrefixOfTodaysRecordIsReportedExactly",
            "PureCoreTests.theLedgerChainsReleasesInWalkOrderAndKeepsWhenEachWasFirstRecorded",
            "RecordPortalTests.theLedgerDetectsARewrittenHistory",
        ],
        "REQ-HIS-004": [
            "ControlCharacterTests.aCommitSubjectWithTerminalEscapesIsPrintedEscaped",
            "RecordTests.verifyAgreesWithGitVerifyCommit",
            "RecordTests.verifyCommandExitCodesAndJSON",
        ],
        "REQ-HIS-005": [
            "PureCoreTests.theLedgerChainsReleasesInWalkOrderAndKeepsWhenEachWasFirstRecorded",
            "TimeTests.aBackdatedApprovalIsImplausibleAndDoesNotCount",
            "TimeTests.aClaimEarlierThanTheRootOfTrustDoesNotCount",
            "TrainingTests.approvalsClaimingATimeBeforeTheirParentsNeitherReleaseNorOblige",
        ],
        "REQ-HIS-006": [
            "DeviationTests.aNonAdminsSelfGrantStaysConfigUnapprovedAfterAnAdminsRevisionTwo",
            "DeviationTests.anAdminsClosesClosesAFindingAndANonAdminsIsIgnored",
        ],
        "REQ-POR-001": [
            "DocumentFoldTests.paperPrintsEveryFoldInFull",
            "PortalTests.bundledExampleRendersEveryDocument",
            "PortalTests.registerAndDocumentPages",
            "PrintLayoutTests.printedPagesKeepEveryHeadingAndNoTextUnderTheFooter",
            "RecordPortalTests.eachPageShowsOnlyWhatTheRecordReleased",
            "SitesTests.supersededRevisionPagesTellTrainingInThePastTense",
            "TrainingTests.thePortalHasTrainingPagesAndStatusTellsTheImpact",
        ],
        "REQ-POR-002": [
            "PortalTests.twoBuildsAreByteIdentical",
            "RecordPortalTests.twoBuildsAreByteIdentical",
        ],
        "REQ-POR-003": [
            "HardeningTests.publishRefusesSymlinksAndFakeMarkers",
            "ParallelBuildTests.oneThreadAndSeveralGiveTheSamePortalByteForByte",
            "PortalTests.aFailedBuildLeavesThePreviousPortalIntact",
            "PortalTests.neverReplacesAFolderStetDidNotMake",
            "PortalTests.rebuildingReplacesTheWholeFolder",
            "RecordPortalTests.aFailedRecordBuildLeavesThePreviousPortalIntact",
        ],
        "REQ-POR-004": [
            "RecordPortalTests.exportsHaveStableSchemas"
        ],
        "REQ-POR-005": [
            "BrowserTests.bundledPortalLoadsWithoutConsoleErrors",
            "BrowserTests.hostileDocumentRaisesNoScriptInTheBrowser",
            "BrowserTests.recordPortalPagesLoadWithoutConsoleErrors",
        ],
        "REQ-POR-006": [
            "DiffCommandTests.aFourLineChangeInA200LineDocumentPrintsOnlyItsHunk",
            "RedlinePageTests.thePortalsRedlineShowsTheRenderedTextAndTheFrontMatterTable",
            "RedlineTests.aChangedCellAMovedParagraphAndAFrontMatterChange",
        ],
        "REQ-REL-001": [
            "RecordTests.aChangeWithoutApprovalsIsNotReleased",
            "RecordTests.aGoodApprovalOfEachSSHKeyKindReleases",
            "RecordTests.anApprovalMergedAfterTheChangeReleasesAtTheLaterMerge",
        ],
        "REQ-REL-002": [
            "RecordTests.revisionsMustStepByOne"
        ],
        "REQ-REL-003": [
            "PureCoreTests.documentStatusAsOfADate",
            "RecordTests.effectiveDateIsTheLaterOfLastApprovalAndTheEffectiveField",
            "TimeTests.theEffectiveDateIsNeverBeforeTheMergeThatReleasesIt",
        ],
        "REQ-REL-004": [
            "RecordTests.unsignedCommitsOnTheReleaseBranch",
            "TrainingTests.trainingRecordsAddedByAnUnsignedCommitAreAFinding",
        ],
        "REQ-REL-005": [
            "PureCoreTests.documentStatusAsOfADate",
            "RecordTests.deletingAReleasedDocumentIsAFinding",
            "RecordTests.movingADocumentIsNotRemovingIt",
            "RecordTests.retirementMakesADocumentObsolete",
        ],
        "REQ-REL-006": [
            "RecordTests.aPeriodicReviewRestartsTheClock"
        ],
        "REQ-REL-007": [
            "RecordHardeningTests.contentAMergeAddsItselfIsAuthoredByTheMerge"
        ],
        "REQ-REL-008": [
            "NothingDroppedTests.aTrailerNamingADocumentTheCommitDoesNotHoldIsADanglingReference",
            "TrailerTests.anApprovesTrailerThatNamesNoRevisionIsADanglingReference",
        ],
        "REQ-SIG-001": [
            "RecordHardeningTests.rsaKeysWithExponentOneAreRefused",
            "RecordTests.aGoodApprovalOfEachSSHKeyKindReleases",
            "RecordTests.verifyAgreesWithGitVerifyCommit",
            "SSHSignatureTests.goodSignaturesVerifyAndTamperedOnesDoNot",
            "SSHSignatureTests.malformedSignaturesAreRefusedWithAReason",
            "SSHSignatureTests.theNamespaceIsPartOfTheSignature",
            "SignersTests.realKeysParseWithSSHKeygensFingerprint",
            "ValidationTests.stetsOwnSignaturesVerifyWithSSHKeygen",
            "ValidationTests.theBundledExamplePassesAndTwoRunsGiveTheSameReport",
        ],
        "REQ-SIG-002": [
            "OpenPGPTests.aGoodOpenPGPApprovalReleases",
            "OpenPGPTests.openPGPVerdictsAgreeWithGitVerifyCommit",
            "OpenPGPTests.unknownTamperedAndRevokedOpenPGPSignatures",
            "RecordHardeningTests.armourHeadersDoNotBreakOpenPGP",
        ],
        "REQ-SIG-003": [
            "RecordHardeningTests.aParentLineAfterTheCommitterIsNotAParent",
            "RecordHardeningTests.aSHA256SignatureHeaderAloneIsNotASignature",
            "RecordTests.aWrongNamespaceIsBad",
            "RecordTests.signatureInTheMessageBodyIsNotASignature",
            "RecordTests.tamperedPayloadAndTwoSignaturesAreBad",
        ],
        "REQ-SIG-004": [
            "OpenPGPTests.unknownTamperedAndRevokedOpenPGPSignatures",
            "RecordTests.unknownKeysOutOfWindowKeysRevokedKeysAndWrongNamespaces",
        ],
        "REQ-SIG-005": [
            "RecordTests.unknownKeysOutOfWindowKeysRevokedKeysAndWrongNamespaces",
            "TrainingTests.losingTheRoleCancelsAndAnExpiredKeysAcknowledgementDoesNotCount",
        ],
        "REQ-SIG-006": [
            "OpenPGPTests.unknownTamperedAndRevokedOpenPGPSignatures",
            "RecordHardeningTests.anUnapprovedRevocationAtTheTipChangesNothing",
            "RecordTests.aRevokedKeyVoidsSignaturesMadeBeforeTheRevocation",
            "RecordTests.unknownKeysOutOfWindowKeysRevokedKeysAndWrongNamespaces",
            "SignersTests.revokedKeys",
        ],
        "REQ-SIG-007": [
            "RevocationTests.aLedgerPublishedBeforeTheRevocationSparesTheRelease",
            "RevocationTests.aReapprovalOfTheSameContentClearsRevokedApproval",
            "RevocationTests.aRevokedKeyWithoutALedgerAsksForReapproval",
            "RevocationTests.revokingAnAdminsKeyKeepsLaterConfigurationReleases",
        ],
        "REQ-SIG-009": [
            "RecordTests.replaceRefsAreNotFollowed",
            "RecordTests.verifyAgreesWithGitVerifyCommit",
        ],
        "REQ-SIT-001": [
            "SitesTests.aLocalProcedureBehindItsGlobalStandardIsDueForReview",
            "SitesTests.movingSiteThroughAReleasedConfigurationGainsAndLosesObligations",
            "SitesTests.obligationsOnlyForPeopleAtTheDocumentsSites",
            "SitesTests.unknownSitesAreDanglingReferences",
        ],
        "REQ-TRN-001": [
            "PureCoreTests.obligationsOfAHistoryAreExactlyThese",
            "TrainingTests.aReleaseObligesTheRoleHoldersWithADueDate",
            "TrainingTests.theOverdueListIsPaged",
        ],
        "REQ-TRN-002": [
            "PureCoreTests.aCompletionOfAnEditorialRevisionCountsForTheRevisionItCarriesOver",
            "PureCoreTests.obligationsOfAHistoryAreExactlyThese",
            "TrainingTests.aTrainingRevisionSupersedesAnOpenObligation",
            "TrainingTests.anEditorialRevisionCarriesOverAndATrainingRevisionSupersedes",
            "TrainingTests.gainingLosingARoleAndLeaving",
            "TrainingTests.losingTheRoleCancelsOpenObligations",
            "TrainingTests.retirementCancelsOpenObligations",
        ],
        "REQ-TRN-003": [
            "EvidenceRenderingTests.aCompletionWithoutATrainerNamesNone",
            "TrainingEvidenceTests.aRowAddedByAnUnsignedCommitDoesNotCount",
            "TrainingEvidenceTests.aRowSignedByAnUnknownKeyDoesNotCount",
            "TrainingEvidenceTests.aSignedAcknowledgementIsShownAsSuch",
            "TrainingEvidenceTests.aTrainerMustBeAPerson",
            "TrainingTests.completionsFromRecordsOnTimeLateAndBeforeAssignment",
            "TrainingTests.losingTheRoleCancelsAndAnExpiredKeysAcknowledgementDoesNotCount",
            "TrainingTests.signedAcknowledgementsCountOnlyForTheSigner",
            "TrainingTests.trainingRecordsAddedByAnUnsignedCommitAreAFinding",
        ],
        "REQ-TRN-004": [
            "TrainingTests.badTrainingRecordsAreFindingsWithFileAndLine"
        ],
        "REQ-TRN-005": [
            "PureCoreTests.obligationsOfAHistoryAreExactlyThese",
            "PureCoreTests.theSameInputsGiveTheSameObligationsAsOfEachDate",
            "TrainingTests.sameInputsSameObligationsSameOrder",
            "TrainingTests.theCommandFiltersAndPrintsTheContractShape",
        ],
        "REQ-TRN-006": [
            "PureCoreTests.theSameInputsGiveTheSameObligationsAsOfEachDate",
            "TrainingEvidenceTests.aCompletionRecordedAfterTheGracePeriodIsALateRecord",
            "TrainingEvidenceTests.aRowMergedFromABranchIsRecordedWhenItReachesTheReleaseBranch",
            "TrainingEvidenceTests.asOfCountsOnlyWhatWasRecordedByThen",
        ],
        "REQ-TRN-007": [
            "SitesTests.anApprovalByAnUntrainedApproverIsMarked"
        ],
        "REQ-TRN-008": [
            "SitesTests.recurrentTrainingLapsesAndIsAssignedAgain"
        ],
        "REQ-VAL-001": [
            "ValidationTests.aScenarioThatCannotGetItsExpectedResultFailsNamingItsRequirements",
            "ValidationTests.expectationsAreStrictAndNameTheLine",
            "ValidationTests.removingQAFromTheSOPTypeFailsNamingTheRuleAndType",
            "ValidationTests.theBundledExamplePassesAndTwoRunsGiveTheSameReport",
            "ValidationTests.withoutAnExpectationsFileTheValidationFailsAndSaysWhatToWrite",
        ],
        "REQ-VAL-002": [
            "TraceabilityTests.everyFindingCodeBelongsToATestedRequirement",
            "TraceabilityTests.everyRequirementIsTracedAndEveryTraceIsKnown",
            "TraceabilityTests.theBinaryCarriesTheCurrentRequirementsAndTrace",
            "TraceabilityTests.theComplianceGuideCitesEveryRequirement",
        ],
        "REQ-VAL-003": [
            "ValidationTests.theCIAndTheInitWorkflowsPinTheSameToolchain"
        ],
    ]
}
