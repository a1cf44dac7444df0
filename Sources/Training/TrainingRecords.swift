import Control
import Foundation
import Records
import Repository

/// A training completion and its evidence: a row of `training/records/*.csv` or a signed
/// acknowledgement (PRODUCT.md §8.3).
public struct Completion: Hashable, Sendable {
    public enum Source: Hashable, Sendable {
        case record(file: String, line: Int)
        case acknowledgement(commit: String)

        /// `training/records/2026.csv:4` or `commit 0123…`.
        public var description: String {
            switch self {
            case .record(let file, let line): return "\(file):\(line)"
            case .acknowledgement(let commit): return "commit \(commit)"
            }
        }
    }
    public var person: PersonID
    public var document: DocumentID
    public var revision: Int
    /// The date the training took place, as the record states it.
    public var completed: CalendarDate
    public var method: String?
    /// The person who gave the training.
    public var trainer: PersonID?
    public var source: Source
    /// Who recorded it: the signer of the commit that added the row (the trainee for an acknowledgement).
    public var recorder: PersonID?
    /// The committer time of the first-parent commit at which it reached the release branch.
    public var recordedAt: Int64
    /// That first-parent commit.
    public var recordedIn: ObjectID?
    /// The row's identity in the history (file and fields), for records.
    var rowKey: String?

    public init(
        person: PersonID, document: DocumentID, revision: Int, completed: CalendarDate, method: String? = nil,
        trainer: PersonID? = nil, source: Source, recorder: PersonID? = nil, recordedAt: Int64, recordedIn: ObjectID? = nil
    ) {
        self.person = person
        self.document = document
        self.revision = revision
        self.completed = completed
        self.method = method
        self.trainer = trainer
        self.source = source
        self.recorder = recorder
        self.recordedAt = recordedAt
        self.recordedIn = recordedIn
    }

    /// The date it was recorded on the release branch.
    public var recorded: CalendarDate { CalendarDate(utcSeconds: recordedAt) }

    public var isAcknowledgement: Bool {
        if case .acknowledgement = source { return true }
        return false
    }
}

/// `training/records/*.csv` (PRODUCT.md §8.3): `person,document,revision,completed[,method,trainer]`,
/// read strictly; every bad row is a finding with its file and line.
public enum TrainingRecords {
    public static let folder = "training/records"
    public static let columns = ["person", "document", "revision", "completed", "method", "trainer"]

    /// Reads every `.csv` in the folder. `released` gives the released revisions of each document.
    public static func read(from source: FileSource, people: [PersonID: Person], released: [DocumentID: Set<Int>])
        -> ([Completion], [Finding])
    {
        guard let folder = RepositoryPath(folder), source.kind(of: folder) == .directory, let entries = try? source.list(folder) else {
            return ([], [])
        }
        var completions: [Completion] = []
        var findings: [Finding] = []
        var seen: [String: (String, Int)] = [:]
        for entry in entries where entry.name.lowercased().hasSuffix(".csv") {
            let file = "\(Self.folder)/\(entry.name)"
            guard case .file(let size) = entry.kind, size <= 16 * 1024 * 1024, let path = folder.appending(entry.name) else {
                findings.append(Finding(.invalidTrainingRecord, file: file, message: "\(file) must be a regular file of at most 16 MiB"))
                continue
            }
            let text: String
            do {
                text = try SourceText.decode(try source.read(path))
            } catch let problem as YAMLProblem {
                findings.append(Finding(.invalidTrainingRecord, file: file, line: problem.line, message: "the file \(problem.message)"))
                continue
            } catch {
                findings.append(
                    Finding(.invalidTrainingRecord, file: file, message: "the file cannot be read: \(error.localizedDescription)"))
                continue
            }
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            guard let header = lines.first.map(fields), header.count >= 4, Array(header.prefix(4)) == Array(columns.prefix(4)),
                header.count <= 6, header == Array(columns.prefix(header.count))
            else {
                findings.append(
                    Finding(
                        .invalidTrainingRecord, file: file, line: 1,
                        message:
                            "the first line must be the header 'person,document,revision,completed' (optionally ',method' and ',trainer')"))
                continue
            }
            for (index, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                let number = index + 1
                func finding(_ code: FindingCode, _ message: String) {
                    findings.append(Finding(code, file: file, line: number, message: message))
                }
                let values = fields(line)
                guard values.count == header.count else {
                    finding(.invalidTrainingRecord, "the row has \(values.count) fields, the header \(header.count)")
                    continue
                }
                guard let person = PersonID(values[0]), people[person] != nil else {
                    finding(.unknownPerson, "'\(values[0])' is not a person in roles/people.yaml")
                    continue
                }
                guard let document = DocumentID(values[1]), let revisions = released[document] else {
                    finding(.danglingReference, "'\(values[1])' is not a released document")
                    continue
                }
                guard let revision = Int(values[2]), revisions.contains(revision) else {
                    finding(
                        .danglingReference,
                        "\(document) has no released revision '\(values[2])' (released: \(revisions.sorted().map(String.init).joined(separator: ", ")))"
                    )
                    continue
                }
                guard let completed = CalendarDate(values[3]) else {
                    finding(.invalidTrainingRecord, "'\(values[3])' is not a real date written YYYY-MM-DD")
                    continue
                }
                // The same revision may be completed again (recurrent training), but not twice on one day.
                let key = "\(person) \(document) \(revision) \(completed)"
                if let (otherFile, otherLine) = seen[key] {
                    finding(
                        .invalidTrainingRecord,
                        "\(person) on \(document) revision \(revision) on \(completed) is already recorded at \(otherFile):\(otherLine); keep one row"
                    )
                    continue
                }
                seen[key] = (file, number)
                var unsafe = false
                for value in values where TextSafety.problem(inDisplayText: value) != nil && !value.isEmpty {
                    finding(.invalidTrainingRecord, "a field \(TextSafety.problem(inDisplayText: value)!)")
                    unsafe = true
                }
                guard !unsafe else { continue }
                var trainer: PersonID? = nil
                if values.count > 5 && !values[5].isEmpty {
                    guard let id = PersonID(values[5]), people[id] != nil else {
                        finding(
                            .invalidTrainingRecord,
                            "trainer '\(values[5])' is not a person id in roles/people.yaml; write the trainer's id (like jdoe), or leave the field empty"
                        )
                        continue
                    }
                    trainer = id
                }
                var completion = Completion(
                    person: person, document: document, revision: revision, completed: completed,
                    method: values.count > 4 && !values[4].isEmpty ? values[4] : nil, trainer: trainer,
                    source: .record(file: file, line: number), recordedAt: 0)
                completion.rowKey = RecordHistory.key(file: file, fields: values)
                completions.append(completion)
            }
        }
        return (completions, findings)
    }

    /// Splits one CSV line (RFC 4180: quotes, doubled quotes inside them).
    static func fields(_ line: String) -> [String] {
        var result: [String] = []
        var current = ""
        var quoted = false
        var characters = Array(line.hasSuffix("\r") ? String(line.dropLast()) : line)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if quoted {
                if character == "\"" {
                    if index + 1 < characters.count && characters[index + 1] == "\"" {
                        current.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                result.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
            index += 1
        }
        characters = []
        result.append(current.trimmingCharacters(in: .whitespaces))
        return result
    }
}
