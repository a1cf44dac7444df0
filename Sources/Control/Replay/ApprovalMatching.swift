import Foundation
import Markdown
import Records
import Repository
import Signatures

/// Which approvals fill which approvals entries (PRODUCT.md §7.1).
extension RecordBuilder {
    /// Assigns distinct people to approvals entries (augmenting paths); returns the matched approvals and the entries left open.
    /// The pseudo-role of the released revision's owner when a new revision changes the owner.
    static let previousOwner = RoleID("previous-owner")!

    /// An entry is filled only by a signature with the meaning it asks for (`meanings`, default Approved): a Reviewed
    /// signature never fills an entry that needs Approved (PRODUCT.md §7.1).
    static func match(
        entries: [RoleID], meanings: [String] = [], approvals: [Approval], owner: PersonID, previousOwner: PersonID? = nil,
        people: [PersonID: Person]
    )
        -> ([Approval], [RoleID])
    {
        func meaning(_ entry: Int) -> String { entry < meanings.count ? meanings[entry] : "Approved" }
        // One approval per person and meaning: the earliest counts.
        var byPerson: [PersonID: [String: Approval]] = [:]
        for approval in approvals.sorted(by: { ($0.signedAt, $0.commit) < ($1.signedAt, $1.commit) })
        where byPerson[approval.person]?[approval.meaning] == nil {
            byPerson[approval.person, default: [:]][approval.meaning] = approval
        }
        let candidates = byPerson.keys.sorted()
        func eligible(_ person: PersonID, for entry: Int) -> Bool {
            guard byPerson[person]?[meaning(entry)] != nil else { return false }
            let role = entries[entry]
            if role == .owner { return person == owner }
            if role == Self.previousOwner { return person == previousOwner }
            return people[person]?.holds(role) == true
        }
        var assignment: [PersonID: Int] = [:]
        func augment(_ entry: Int, _ visited: inout Set<PersonID>) -> Bool {
            for person in candidates where eligible(person, for: entry) && !visited.contains(person) {
                visited.insert(person)
                if let other = assignment[person] {
                    if augment(other, &visited) {
                        assignment[person] = entry
                        return true
                    }
                } else {
                    assignment[person] = entry
                    return true
                }
            }
            return false
        }
        for entry in entries.indices {
            var visited: Set<PersonID> = []
            _ = augment(entry, &visited)
        }
        var matched: [Approval] = []
        var covered: Set<Int> = []
        for (person, entry) in assignment.sorted(by: { $0.value < $1.value }) {
            var approval = byPerson[person]![meaning(entry)]!
            approval.role = entries[entry]
            matched.append(approval)
            covered.insert(entry)
        }
        let missing = entries.indices.filter { !covered.contains($0) }.map { entries[$0] }
        return (matched, missing)
    }
}
