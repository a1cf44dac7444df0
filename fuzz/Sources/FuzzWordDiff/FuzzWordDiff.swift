import Foundation
import FuzzSupport
import Portal

// The word diff behind redlines and `stet diff`. The input is two texts separated by a NUL.
// Invariants: the unchanged and deleted pieces spell the old text, the unchanged and inserted
// pieces spell the new one; a text diffed with itself has no change; no piece is empty.

func fuzz(_ input: [UInt8]) {
    let (a, b) = split(input)
    let old = String(decoding: a, as: UTF8.self)
    let new = String(decoding: b, as: UTF8.self)
    let pieces = WordDiff.diff(old, new)
    var oldText = ""
    var newText = ""
    for piece in pieces {
        switch piece {
        case .same(let text):
            require(!text.isEmpty, "an empty piece")
            oldText += text
            newText += text
        case .deleted(let text):
            require(!text.isEmpty, "an empty deletion")
            oldText += text
        case .inserted(let text):
            require(!text.isEmpty, "an empty insertion")
            newText += text
        }
    }
    require(oldText == old, "the pieces do not spell the old text")
    require(newText == new, "the pieces do not spell the new text")
    let same = WordDiff.diff(old, old)
    require(same.allSatisfy { if case .same = $0 { return true } else { return false } }, "a text differs from itself")
    require(same.count <= 1, "a text diffed with itself gives \(same.count) pieces")
    _ = WordDiff.html(pieces)
    _ = WordDiff.terminal(pieces, colour: true)
}
