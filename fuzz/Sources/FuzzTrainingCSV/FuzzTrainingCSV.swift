import Foundation
import FuzzSupport
import Records
import Training

// The training-record reader (`training/records/*.csv`): decoding, the header, RFC 4180
// fields, ids, revisions, dates, duplicates.
// Invariants: each completion comes from a distinct data line of the file and names a known
// person and a released revision; every problem is a finding with a line inside the file.

/// One folder holding one CSV file: the fuzzer's input.
struct OneFile: FileSource {
    var data: Data
    var label: String { "fuzz" }
    func kind(of path: RepositoryPath) -> EntryKind? {
        switch path.rawValue {
        case "training/records": return .directory
        case "training/records/fuzz.csv": return .file(size: data.count)
        default: return nil
        }
    }
    func read(_ path: RepositoryPath) throws -> Data { data }
    func list(_ directory: RepositoryPath?) throws -> [(name: String, kind: EntryKind)] {
        directory?.rawValue == "training/records" ? [("fuzz.csv", .file(size: data.count))] : []
    }
}

let people: [PersonID: Person] = Directory.decodePeople(
    """
    ada:
      name: Ada Lovelace
      email: ada@example.test
      roles: [all-staff]
    bob:
      name: Bob
      email: bob@example.test
      roles: [all-staff]
      active: false
    """
).0
let released: [DocumentID: Set<Int>] = [DocumentID("SOP-QA-001")!: [1, 2], DocumentID("WI-LAB-002")!: [3]]

func fuzz(_ input: [UInt8]) {
    require(people.count == 2, "the fuzzer's people do not read")
    let data = Data(input)
    let (completions, findings) = TrainingRecords.read(from: OneFile(data: data), people: people, released: released)
    let lineCount = data.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    var lines: Set<Int> = []
    for completion in completions {
        guard case .record(let file, let line) = completion.source else {
            require(false, "a CSV completion with another source")
            return
        }
        require(file == "training/records/fuzz.csv" && line >= 2 && line <= lineCount, "completion at \(file):\(line)")
        require(lines.insert(line).inserted, "two completions from line \(line)")
        require(people[completion.person] != nil, "unknown person \(completion.person)")
        require(released[completion.document]?.contains(completion.revision) == true, "unreleased \(completion.document)")
    }
    for finding in findings {
        require(finding.line.map { $0 >= 1 && $0 <= lineCount } ?? true, "finding at line \(String(describing: finding.line))")
    }
}
