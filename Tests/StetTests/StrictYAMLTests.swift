import Foundation
import Testing

@testable import Records

@Suite("Strict YAML: the hazards a controlled record must refuse")
struct StrictYAMLTests {
    func problem(_ yaml: String) -> YAMLProblem? {
        do {
            _ = try StrictYAML.parse(yaml, maximumBytes: 64 * 1024)
            return nil
        } catch {
            return error
        }
    }

    @Test(.verifies("REQ-DOC-001")) func anchorsAndAliasesAreRefused() {
        let anchor = problem("a: &x 1\nb: 2\n")
        #expect(anchor?.line == 1)
        #expect(anchor?.message.contains("anchor") == true)
        let alias = problem("a: &x [1]\nb: *x\n")
        #expect(alias?.message.contains("anchor (&) or alias (*)") == true)
    }

    @Test(.verifies("REQ-DOC-001")) func mergeKeysAreRefused() {
        let merge = problem("base: {a: 1}\nchild:\n  <<: {a: 2}\n  b: 3\n")
        #expect(merge?.line == 3)
        #expect(merge?.message.contains("merge key") == true)
    }

    @Test(.verifies("REQ-DOC-001")) func tagsAreRefused() {
        for yaml in ["a: !!str NO\n", "a: !custom x\n", "a: !!int \"5\"\n", "a: !!map {b: 1}\n", "a: !!seq [1]\n"] {
            let found = problem(yaml)
            #expect(found?.message.contains("tag") == true, "\(yaml)")
            #expect(found?.line == 1)
        }
    }

    @Test(.verifies("REQ-DOC-001")) func duplicateKeysAreRefused() {
        let duplicate = problem("a: 1\nb: 2\na: 3\n")
        #expect(duplicate?.message.contains("repeats the key 'a'") == true)
        #expect(duplicate?.line == 3)
        let quoted = problem("a: 1\n\"a\": 2\n")
        #expect(quoted?.message.contains("repeats the key") == true)
    }

    @Test(.verifies("REQ-DOC-001")) func aSecondDocumentIsRefused() {
        let second = problem("a: 1\n---\nb: 2\n")
        #expect(second?.message.contains("second YAML document") == true)
        #expect(second?.line == 2)
    }

    @Test(.verifies("REQ-DOC-001")) func sizeAndNestingAreCapped() throws {
        let big = "a: \"" + String(repeating: "x", count: 70_000) + "\"\n"
        #expect(problem(big)?.message.contains("limit") == true)
        let deepFlow = "a: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n"
        #expect(problem(deepFlow)?.message.contains("nested") == true)
        let deepBlock = "a: " + String(repeating: "- ", count: 5_000) + "x\n"
        #expect(problem(deepBlock)?.message.contains("nested") == true)
        // Moderate nesting is fine.
        #expect(problem("a: [[1, 2], {b: [3]}]\n") == nil)
    }

    @Test(.verifies("REQ-DOC-001")) func scalarsStayTextUntilTyped() throws {
        let log = ProblemLog()
        let root = try #require(try StrictYAML.parse("country: NO\nversion: 1.10\nflag: yes\nzero: 012\n", maximumBytes: 1024))
        let map = MappingReader(root, context: "test", log: log)
        #expect(map.string("country") == "NO")
        #expect(map.string("version") == "1.10")
        #expect(map.string("flag") == "yes")
        #expect(map.string("zero") == "012")
        // `yes` is not a boolean and `012` is not an integer in a controlled record.
        #expect(map.boolean("flag") == nil)
        #expect(map.integer("zero", in: 0...100) == nil)
        #expect(log.problems.count == 2)
    }

    @Test(.verifies("REQ-DOC-001")) func datesMustBeRealCalendarDates() throws {
        let log = ProblemLog()
        let root = try #require(try StrictYAML.parse("a: 2026-02-30\nb: 2024-02-29\nc: 2026-13-01\nd: 2026-1-1\n", maximumBytes: 1024))
        let map = MappingReader(root, context: "test", log: log)
        #expect(map.date("a") == nil)
        #expect(map.date("b") == CalendarDate(year: 2024, month: 2, day: 29))
        #expect(map.date("c") == nil)
        #expect(map.date("d") == nil)
        #expect(log.problems.map(\.line) == [1, 3, 4])
    }

    @Test(.verifies("REQ-DOC-002")) func unknownKeysAreReportedWithASuggestion() throws {
        let log = ProblemLog()
        let root = try #require(try StrictYAML.parse("titel: x\nid: y\n", maximumBytes: 1024))
        let map = MappingReader(root, context: "the front matter", log: log)
        _ = map.string("title")
        _ = map.string("id")
        map.finish()
        #expect(log.problems.count == 1)
        #expect(log.problems.first?.kind == .unknownField)
        #expect(log.problems.first?.message.contains("did you mean 'title'?") == true)
    }
}

@Suite("Source text: encodings that are not plain UTF-8")
struct SourceTextTests {
    @Test(.verifies("REQ-DOC-001")) func invalidUTF8IsRefusedWithItsLine() {
        #expect(throws: YAMLProblem.self) { try SourceText.decode(Data([0x61, 0x0A, 0x62, 0xFF, 0x0A])) }
        do {
            _ = try SourceText.decode(Data([0x61, 0x0A, 0x62, 0xC3, 0x28]))
        } catch {
            #expect(error.line == 2)
            #expect(error.message.contains("not valid UTF-8"))
        }
    }

    @Test(.verifies("REQ-DOC-001")) func aBOMOnlyFileIsRefusedAndALeadingBOMIsDropped() throws {
        #expect(throws: YAMLProblem.self) { try SourceText.decode(Data([0xEF, 0xBB, 0xBF])) }
        #expect(throws: YAMLProblem.self) { try SourceText.decode(Data([0xEF, 0xBB, 0xBF, 0x0A, 0x0A])) }
        #expect(try SourceText.decode(Data([0xEF, 0xBB, 0xBF, 0x61])) == "a")
    }

    @Test(.verifies("REQ-DOC-001")) func nulBytesAndCRLF() throws {
        #expect(throws: YAMLProblem.self) { try SourceText.decode(Data([0x61, 0x00])) }
        #expect(try SourceText.decode(Data("a\r\nb\r\n".utf8)) == "a\nb\n")
    }
}

@Suite("Identifiers are validated once")
struct IdentifierTests {
    @Test(.verifies("REQ-DOC-001")) func documentIDsFollowTheContractPattern() {
        for good in ["SOP-QA-001", "WI-1", "POL-QA-001-A", "X9-Y"] { #expect(DocumentID(good) != nil, "\(good)") }
        for bad in ["../../evil", "sop-qa-001", "SOP", "SOP-", "-SOP-1", "SOP--1", "SOP-QA-001/x", "SOP-QA 001", "SOP-Ä-1", ""] {
            #expect(DocumentID(bad) == nil, "\(bad)")
        }
    }

    @Test(.verifies("REQ-DOC-001")) func repositoryPathsCannotEscape() {
        #expect(RepositoryPath("controlled-docs/a.md") != nil)
        for bad in ["../a.md", "/etc/passwd", "a/../../b", "a//b", "./a", "a\\b", ""] { #expect(RepositoryPath(bad) == nil, "\(bad)") }
    }

    @Test func calendarArithmetic() {
        let date = CalendarDate("2026-01-31")!
        #expect(date.adding(months: 1).description == "2026-02-28")
        #expect(date.adding(days: 30).description == "2026-03-02")
        #expect(CalendarDate(daysSinceEpoch: 0).description == "1970-01-01")
        #expect(CalendarDate("2028-12-31")!.adding(days: 1).description == "2029-01-01")
        #expect(CalendarDate(utcSeconds: 1_780_000_000).description == "2026-05-28")
    }
}
