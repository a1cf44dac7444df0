import Foundation
import Records

/// The files `stet init` writes: a controlled-documents repository (PRODUCT.md §2) that passes
/// `stet check` as it stands, with commented settings, starter roles, a document template and CI
/// workflows for GitHub Actions and GitLab.
public enum Scaffold {
    /// A scaffold file: its path in the repository and its text.
    public struct File: Sendable {
        public var path: String
        public var text: String
    }

    public struct ScaffoldError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The person `people.yaml` starts with: the administrator who signs the root of trust.
    public static let starterAdministrator = "qmanager"

    /// The Swift toolchain stet is built, tested and validated with; the CI templates use its image, by exact version.
    public static let swiftImage = "swift:6.3.1-bookworm"

    /// The Debian packages stet is built with, pinned to the versions it was validated with (docs/validation.md);
    /// `.ci/run` pins the same, and a test keeps the two in step.
    public static let pinnedPackages = [
        "libgit2-dev=1.5.1+ds-1+deb12u2", "libcmark-gfm-dev=0.29.0.gfm.6-6", "libcmark-gfm-extensions-dev=0.29.0.gfm.6-6",
        "libssl-dev=3.0.22-1~deb12u2", "git=1:2.39.5-0+deb12u3",
    ]

    /// The CI templates' package installation: the pinned packages, and pkg-config (build plumbing, not pinned).
    static var aptInstall: String {
        "apt-get update && apt-get install -y --no-install-recommends --allow-downgrades "
            + pinnedPackages.joined(separator: " ") + " pkg-config"
    }

    /// The files for an organisation called `organization`; the CI templates build stet at
    /// `stetVersion` (a release tag of stet, as `stet --version` prints it).
    public static func files(organization: String, stetVersion: String) throws -> [File] {
        guard !organization.isEmpty, TextSafety.problem(inDisplayText: organization) == nil,
            !organization.contains(where: \.isNewline)
        else {
            throw ScaffoldError(description: "--organization must be one line of printable text")
        }
        return [
            File(path: "stet.yaml", text: stetYAML(organization: organization)),
            File(path: "roles/roles.yaml", text: rolesYAML),
            File(path: "roles/people.yaml", text: peopleYAML),
            File(path: "roles/allowed_signers", text: allowedSigners),
            File(path: "controlled-docs/.gitkeep", text: ""),
            File(path: "training/records/.gitkeep", text: ""),
            File(path: "templates/document.md", text: NewDocument.defaultTemplate),
            File(path: ".github/workflows/stet.yml", text: githubWorkflow(stetVersion: stetVersion)),
            File(path: ".gitlab-ci.yml", text: gitlabCI(stetVersion: stetVersion)),
            File(path: ".gitignore", text: "# The portal stet build writes, and the stet checkout CI builds.\n/portal/\n/.stet-tool/\n"),
        ]
    }

    /// Writes the files under `root`, refusing (before writing anything) if any of them exists.
    public static func write(_ files: [File], to root: URL) throws {
        let fileManager = FileManager.default
        let existing = files.filter { fileManager.fileExists(atPath: root.appendingPathComponent($0.path).path) }
        guard existing.isEmpty else {
            throw ScaffoldError(
                description:
                    "\(root.path) already has \(existing.map(\.path).joined(separator: ", ")); stet init writes only into a folder without them, so nothing was changed"
            )
        }
        for file in files {
            let url = root.appendingPathComponent(file.path)
            try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.text.utf8).write(to: url, options: .withoutOverwriting)
        }
    }
}

// MARK: - The files

private extension Scaffold {
    static func stetYAML(organization: String) -> String {
        let quoted = quotedYAML(organization)
        return """
            # Document control settings, read by stet (every field is described in stet's docs/reference.md).
            # This file and everything under roles/ are controlled together as the pseudo-document CONFIG:
            # after the first (root-of-trust) commit, a change to them is released only when
            # config-revision is bumped by one and a holder of one of admin-roles signs a commit
            # with the trailer "Approves: CONFIG rev N".
            organization: \(quoted)

            # Bump by one with every change to this file or to roles/.
            config-revision: 1

            # The branch whose first-parent history is the record of releases.
            release-branch: main

            # Where the controlled Markdown documents live; any sub-folders.
            documents-dir: controlled-docs

            # false: whoever signed (or authored) a change cannot approve it.
            author-may-approve: false

            # true: every non-merge commit that changes controlled files must be validly signed.
            require-signed-commits: true

            # The roles whose holders approve changes to this file and to roles/.
            admin-roles: [qms-admin]

            # Document types. approvals: one distinct person per entry ("owner" is the document's
            # owner); review-months: the periodic review interval; training-due-days: how long
            # people have to complete training once a revision is effective.
            types:
              POL:  { name: Policy, approvals: [owner, qa-approver, qms-admin], review-months: 24, training-due-days: 30 }
              SOP:  { name: Standard Operating Procedure, approvals: [owner, qa-approver], review-months: 24, training-due-days: 30 }
              WI:   { name: Work Instruction, approvals: [owner], review-months: 36, training-due-days: 14 }
              FORM: { name: Form, approvals: [qa-approver], review-months: 36, training-due-days: 0 }

            """
    }

    static let rolesYAML = """
        # Roles: who approves (stet.yaml's approvals and admin-roles) and who is trained (a document's
        # training.roles). A role id is lower-case letters, digits and hyphens.
        qms-admin:
          name: QMS Administrator
          description: Approves changes to stet.yaml and roles/; final approver of policies.
        qa-approver:
          name: QA Approver
          description: Quality Assurance reviewer who approves controlled documents.
        process-owner:
          name: Process Owner
          description: Accountable for a process and for keeping its documents current.
        all-staff:
          name: All Staff
          description: Everyone; for documents the whole organisation must read.

        """

    static let peopleYAML = """
        # People who author, approve or are trained on controlled documents.
        # name: the printed name shown with every signature (21 CFR 11.50).
        # email: binds signing keys: the principal in roles/allowed_signers, or a user id of an
        #        OpenPGP key in roles/keys/.
        # Never delete a person who has signed: set "active: false" when they leave.
        # Replace this administrator with yourself before the first commit.
        \(starterAdministrator):
          name: Quality Manager
          email: quality.manager@example.com
          roles: [qms-admin, qa-approver, process-owner, all-staff]

        """

    static let allowedSigners = """
        # SSH signing keys, in the format of ssh-keygen's ALLOWED SIGNERS (and git's
        # gpg.ssh.allowedSignersFile). One line per key: the person's e-mail from people.yaml,
        # namespaces="git", then the public key, for example
        #
        # quality.manager@example.com namespaces="git" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA…
        #
        # Options are comma-separated: valid-after="20260101Z" and valid-before="20290101Z" (UTC) limit
        # when a key may sign, e.g.  namespaces="git",valid-before="20290101Z"  — use them to rotate
        # keys without breaking the history they signed. OpenPGP keys go in roles/keys/*.asc.

        """

    static func githubWorkflow(stetVersion: String) -> String {
        """
        # Document control with stet.
        # Pull requests: stet check --base reports what a change still needs (revision bump, reason,
        # approvals) as annotations on the diff. The release branch: stet verify audits the whole
        # history, stet build renders the portal, which is kept as an artefact.
        name: stet

        on:
          pull_request:
          push:
            branches: [main]

        permissions:
          contents: read

        env:
          # The stet source to build: its repository (owner/name) and the release tag to build, as
          # `stet --version` prints it (a tag or a full commit id keeps the validated tool fixed).
          STET_REPOSITORY: your-org/stet
          STET_REF: "\(stetVersion)"
          # The root of trust: the id of the first commit holding stet.yaml. Once it exists, set it here
          # (stet verify --format json | grep rootOfTrust), under review in this file. stet verify then
          # fails with untrusted-root on a history that does not start there; left empty, the root is
          # not pinned and every run says so in a warning.
          STET_TRUST_ROOT: ""

        jobs:
          stet:
            runs-on: ubuntu-latest
            container: \(swiftImage)
            steps:
              - name: Install the libraries stet uses
                run: \(aptInstall)

              - name: Check out the documents with their whole history
                uses: actions/checkout@v7
                with:
                  # A shallow clone cannot be verified (finding shallow-clone).
                  fetch-depth: 0

              - name: Check out stet
                uses: actions/checkout@v7
                with:
                  repository: ${{ env.STET_REPOSITORY }}
                  ref: ${{ env.STET_REF }}
                  path: .stet-tool

              - name: Build stet
                run: |
                  swift build -c release --package-path .stet-tool
                  echo "$PWD/.stet-tool/.build/release" >> "$GITHUB_PATH"

              - name: Check the change
                if: github.event_name == 'pull_request'
                run: stet check --base "origin/${{ github.base_ref }}" --format github

              - name: Verify the record
                if: github.event_name == 'push'
                run: |
                  set --
                  if [ -n "$STET_TRUST_ROOT" ]; then
                    set -- --trust-root "$STET_TRUST_ROOT"
                  else
                    echo "::warning title=stet::the root of trust is not pinned: set STET_TRUST_ROOT in this workflow to the first commit holding stet.yaml"
                  fi
                  stet verify --branch main "$@" --format github

              - name: Build the portal
                if: github.event_name == 'push'
                run: stet build --branch main --out portal

              - name: Keep the portal
                if: github.event_name == 'push'
                uses: actions/upload-artifact@v7
                with:
                  name: portal
                  path: portal

        """
    }

    static func gitlabCI(stetVersion: String) -> String {
        """
        # Document control with stet.
        # Merge requests: stet check --base reports what a change still needs (revision bump, reason,
        # approvals). The release branch: stet verify audits the whole history, stet build renders
        # the portal, which is kept as an artefact.
        variables:
          # A shallow clone cannot be verified (finding shallow-clone).
          GIT_DEPTH: "0"
          # The stet source to build, and the release tag to build, as `stet --version` prints it
          # (a tag or a full commit id keeps the validated tool fixed).
          STET_REPOSITORY: https://github.com/your-org/stet.git
          STET_REF: "\(stetVersion)"
          # The root of trust: the id of the first commit holding stet.yaml. Once it exists, set it here
          # (stet verify --format json | grep rootOfTrust), under review in this file; a project CI/CD
          # variable of the same name would override it unseen. stet verify then fails with
          # untrusted-root on a history that does not start there; left empty, the root is not pinned
          # and every run says so.
          STET_TRUST_ROOT: ""

        default:
          image: \(swiftImage)
          before_script:
            - \(aptInstall)
            - git clone --quiet "$STET_REPOSITORY" /opt/stet && git -C /opt/stet checkout --quiet "$STET_REF"
            - swift build -c release --package-path /opt/stet
            - export PATH="/opt/stet/.build/release:$PATH"

        stages:
          - check
          - publish

        stet-check:
          stage: check
          rules:
            - if: $CI_PIPELINE_SOURCE == "merge_request_event"
          script:
            - git fetch --quiet origin "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"
            # The findings as a Code Quality report (shown on the merge request), then in the log;
            # the second run sets the job's status.
            - stet check --base "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" --format gitlab > gl-code-quality-report.json || true
            - stet check --base "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"
          artifacts:
            when: always
            reports:
              codequality: gl-code-quality-report.json

        stet-publish:
          stage: publish
          rules:
            - if: $CI_COMMIT_BRANCH == "main"
          script:
            - |
              set --
              if [ -n "$STET_TRUST_ROOT" ]; then
                set -- --trust-root "$STET_TRUST_ROOT"
              else
                echo "stet: warning: the root of trust is not pinned: set STET_TRUST_ROOT in .gitlab-ci.yml to the first commit holding stet.yaml" >&2
              fi
              stet verify --branch main "$@" --format gitlab > gl-code-quality-report.json || true
              stet verify --branch main "$@"
            - stet build --branch main --out portal
          artifacts:
            when: always
            name: portal
            paths:
              - portal
            reports:
              codequality: gl-code-quality-report.json

        """
    }
}
