import Foundation
import Testing

@testable import Control
@testable import Demo
@testable import Records
@testable import Repository
@testable import Signatures
@testable import Training

@Suite("stet demo")
struct DemoTests {
    @Test(.verifies("REQ-CLI-005")) func theDemoIsASignedRecordThatGitAgreesWith() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stet-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try StetProcess.run(["demo", "-C", packageRoot.path, folder.path], environment: ["HOME": "/nonexistent"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Portal:"))
        #expect(result.stdout.split(separator: "\n").count == 3)

        let record = try RecordBuilder.build(repository: GitRepository(at: folder), branch: "main")
        #expect(record.signatures.count > 30)
        #expect(record.signatures.allSatisfy { $0.verdict.status == .good })
        // Native signatures that git itself verifies, with the repository's own allowed signers.
        let allowed = folder.appendingPathComponent("roles/allowed_signers").path
        for entry in record.signatures.prefix(5) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
            process.arguments = ["-C", folder.path, "-c", "gpg.ssh.allowedSignersFile=\(allowed)", "verify-commit", entry.commit.hex]
            process.environment = ["GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin"]
            process.standardError = Pipe()
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(entry.commit.hex)")
        }
        // The portal shows a released document, a superseded revision and someone overdue.
        func read(_ path: String) throws -> String {
            try String(contentsOf: folder.appendingPathComponent("portal/\(path)"), encoding: .utf8)
        }
        #expect(try read("index.html").contains("Effective"))
        #expect(try read("documents/SOP-QA-001/rev-1.html").contains("SUPERSEDED by revision 2"))
        #expect(!(try read("training/overdue.html").contains("No training is overdue")))
        #expect(try read("documents/SOP-QA-001/history.html").contains("Approves: SOP-QA-001 rev 3"))

        // The rest of a believable year: a retired document, an editorial revision, acknowledgements
        // signed by trainees, and every change made on its own branch and merged.
        #expect(record.findings.isEmpty, "\(record.findings)")
        #expect(try read("documents/WI-QC-002/index.html").contains("retired by revision 2"))
        #expect(try read("documents/WI-PR-001/index.html").contains("Editorial revision; earlier training carries over"))
        #expect(!record.acknowledgements.isEmpty)
        let git = try GitRepository(at: folder)
        #expect(try git.commit(record.tip).parents.count == 1)
        #expect(try git.commit(try git.resolve("change/SOP-QA-001-rev-3")).message.contains("Approves: SOP-QA-001 rev 3"))

        // A change on its branch still waits for QA; main is checked out, clean, and does not show it.
        #expect(result.stdout.contains("a change awaiting QA approval on branch change/SOP-QA-006-rev-2"))
        #expect(record.documents[DocumentID("SOP-QA-006")!]?.latestRelease?.revision.number == 1)
        func gitOutput(_ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
            process.arguments = ["-C", folder.path] + arguments
            process.environment = ["GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin"]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        #expect(try gitOutput(["status", "--porcelain"]).isEmpty)
        _ = try gitOutput(["switch", "-q", "change/SOP-QA-006-rev-2"])
        let check = try StetProcess.run(["check", "-C", folder.path, "--base", "main"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("it still needs a qa-approver (Adaeze Okafor, Siobhán Brennan); approved so far by Mei Chen (owner)"))
    }

    @Test func theDemoShowsSitesEvidenceRecurrenceAndQualification() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stet-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try StetProcess.run(["demo", "-C", packageRoot.path, folder.path], environment: ["HOME": "/nonexistent"])
        #expect(result.status == 0, "\(result.stderr)")
        let git = try GitRepository(at: folder)
        let record = try RecordBuilder.build(repository: git, branch: "main")
        #expect(record.findings.isEmpty, "\(record.findings)")
        // Someone moved site through a released configuration change.
        #expect(record.configReleases.last?.revision == 2)
        let report = try TrainingReport.make(record: record, repository: git, asOf: CalendarDate.today())
        #expect(report.obligations.contains { $0.reason.contains("moved to") })
        // The annual GMP training lapsed and was assigned again.
        #expect(report.obligations.contains { $0.document.rawValue == "POL-QA-002" && $0.reason.contains("recurrent training") })
        // Training was recorded as it happened, but for one completion recorded months late.
        #expect(report.findings.map(\.code) == [.lateRecord])
        #expect(report.obligations.contains { $0.evidence?.isAcknowledgement == true })
        // An approval by someone not trained on Document Control.
        #expect(!report.unqualified.isEmpty)
        // The Cambridge procedure is behind the global Deviation Handling standard; Galway's is aligned.
        #expect(GlobalLocal.findings(in: record).map { $0.document?.rawValue } == ["SOP-CB-001"])

        func read(_ path: String) throws -> String {
            try String(contentsOf: folder.appendingPathComponent("portal/\(path)"), encoding: .utf8)
        }
        let matrix = try read("sites/harmonisation.html")
        #expect(matrix.contains("SOP-GW-001"))
        #expect(matrix.contains("review against rev 2"))
        #expect(try read("sites/indicators.html").contains("<svg class=\"chart\""))
        #expect(try read("sites/galway.html").contains("WI-QC-001"))
        #expect(!(try read("sites/cambridge.html").contains("WI-QC-001")))
        #expect(try read("documents/SOP-QA-001/rev-1.html").contains("were required to train on SOP-QA-001 rev 1"))
        #expect(try read("documents/SOP-QA-004/index.html").contains("Local implementations"))

        // The redlines show real changes that match each revision's reason, never a synthetic note.
        for redline in [
            "SOP-QA-001/redline-2", "SOP-QA-001/redline-3", "SOP-QA-004/redline-2", "SOP-SQ-001/redline-2", "WI-PR-001/redline-2",
            "WI-QC-002/redline-2",
        ] {
            #expect(!(try read("documents/\(redline).html").contains("Note (revision")), "\(redline)")
        }
        // "Reduced initial QA triage time to 1 working day": the step, word by word.
        #expect(
            try read("documents/SOP-QA-004/redline-2.html").contains(
                "within <del title=\"deleted\">2</del><ins title=\"inserted\">1</ins> working <del title=\"deleted\">days</del><ins title=\"inserted\">day</ins> and classifies"
            ))
        // "Conductivity units written as mS/cm throughout": a table cell.
        #expect(
            try read("documents/WI-PR-001/redline-2.html").contains(
                "<td class=\"rl-changed-cell\"><del title=\"deleted\">800</del><ins title=\"inserted\">0.8</ins> – <del title=\"deleted\">1200 µS/cm</del><ins title=\"inserted\">1.2</ins></td>"
            ))
        // "Replaced paper signature sheets": a definition and a records row; the retirement changes the front matter only.
        let documentControl = try read("documents/SOP-QA-001/redline-3.html")
        #expect(documentControl.contains("<del title=\"deleted\">Signature sheet</del>"))
        #expect(documentControl.contains("<ins title=\"inserted\">Signed approval</ins>"))
        let retired = try read("documents/WI-QC-002/redline-2.html")
        #expect(
            retired.contains(
                "<code>status</code></th><td><span class=\"rl-absent\">not set</span></td><td><ins title=\"inserted\">obsolete</ins></td>"))
        #expect(retired.contains("The text is unchanged."))
    }

    @Test(.verifies("REQ-CLI-005")) func theDemoRefusesANonEmptyFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stet-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let result = try StetProcess.run(["demo", "-C", packageRoot.path, folder.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("not empty"))
    }
}
