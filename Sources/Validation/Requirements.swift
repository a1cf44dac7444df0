import Foundation
import Yams

/// One testable statement of what stet does (docs/requirements.yaml), with its stable id.
public struct Requirement: Codable, Hashable, Sendable {
    /// Implemented and traced to tests, or asked for by the contract and not done yet.
    public enum Status: String, Codable, Sendable {
        case verified, planned, withdrawn
    }

    public var id: String
    public var text: String
    /// The 21 CFR Part 11 and EU GMP Annex 11 clauses it serves.
    public var clauses: [String]
    /// The finding codes it produces.
    public var codes: [String]
    public var status: Status

    enum CodingKeys: String, CodingKey { case id, text, clauses, codes, status }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        text = try container.decode(String.self, forKey: .text)
        clauses = try container.decode([String].self, forKey: .clauses)
        codes = try container.decodeIfPresent([String].self, forKey: .codes) ?? []
        status = try container.decode(Status.self, forKey: .status)
    }
}

/// The requirements stet was built and tested against, and the tests that verify each one.
public enum Requirements {
    private struct File: Decodable { var requirements: [Requirement] }

    /// The pattern every id follows, e.g. REQ-REL-003.
    public static let idPattern = #"REQ-[A-Z]{3}-[0-9]{3}"#

    /// Decodes a requirements file; an id that does not follow the pattern or appears twice is an error.
    public static func decode(_ text: String) throws -> [Requirement] {
        let file = try YAMLDecoder().decode(File.self, from: text)
        var seen: Set<String> = []
        for requirement in file.requirements {
            guard requirement.id.wholeMatch(of: try Regex(idPattern)) != nil else {
                throw RequirementsError(description: "\(requirement.id) does not follow the pattern REQ-ABC-123")
            }
            guard seen.insert(requirement.id).inserted else {
                throw RequirementsError(description: "\(requirement.id) appears twice")
            }
        }
        return file.requirements
    }

    /// The requirements built into this binary (docs/requirements.yaml when it was built).
    public static let all: [Requirement] = {
        do { return try decode(EmbeddedRequirements.yaml) } catch { fatalError("the embedded requirements do not decode: \(error)") }
    }()

    /// Requirement id → the tests (`Suite.function`) of stet's test suite that verify it, when this binary was built.
    public static var tests: [String: [String]] { EmbeddedRequirements.tests }
}

public struct RequirementsError: Error, CustomStringConvertible {
    public var description: String
}
