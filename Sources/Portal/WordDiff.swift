/// A word-level difference between two texts (for redlines and `stet diff`).
public enum WordDiff {
    public enum Piece: Hashable, Sendable {
        case same(String)
        case deleted(String)
        case inserted(String)

        var isChange: Bool {
            if case .same = self { return false }
            return true
        }
    }

    /// The largest middle section (after common prefix and suffix) compared by LCS.
    static let maximumCells = 1_000_000

    /// The largest changed section diffed word by word; beyond it the section is shown as replaced whole.
    static let maximumHunkCells = 250_000

    /// Pieces turning `old` into `new`. Lines are compared first; within each changed block of
    /// lines, words and the white space between them are the units. The cost stays bounded
    /// even when a whole document is rewritten.
    public static func diff(_ old: String, _ new: String) -> [Piece] {
        let oldLines = lines(old)
        let newLines = lines(new)
        var pieces: [Piece] = []
        var deleted: [String] = []
        var inserted: [String] = []
        func flush() {
            guard !deleted.isEmpty || !inserted.isEmpty else { return }
            let a = tokens(deleted.joined())
            let b = tokens(inserted.joined())
            if !a.isEmpty && !b.isEmpty && a.count * b.count <= maximumHunkCells {
                pieces += wordDiff(a, b)
            } else {
                if !a.isEmpty { pieces.append(.deleted(deleted.joined())) }
                if !b.isEmpty { pieces.append(.inserted(inserted.joined())) }
            }
            deleted = []
            inserted = []
        }
        for piece in sequenceDiff(oldLines, newLines) {
            switch piece {
            case .same(let line):
                flush()
                pieces.append(.same(line))
            case .deleted(let line): deleted.append(line)
            case .inserted(let line): inserted.append(line)
            }
        }
        flush()
        return merged(coalesced(pieces))
    }

    /// Lines with their line breaks.
    static func lines(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == "\n" {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    private static func wordDiff(_ a: [String], _ b: [String]) -> [Piece] {
        sequenceDiff(a, b)
    }

    /// An LCS diff of two sequences after trimming their common prefix and suffix; a middle too
    /// large to compare is shown replaced whole.
    static func sequenceDiff(_ a: [String], _ b: [String]) -> [Piece] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let middleA = Array(a[prefix..<(a.count - suffix)])
        let middleB = Array(b[prefix..<(b.count - suffix)])
        var pieces: [Piece] = a[..<prefix].map { .same($0) }
        if middleA.count * middleB.count <= maximumCells {
            pieces += lcs(middleA, middleB)
        } else {
            pieces += middleA.map { .deleted($0) } + middleB.map { .inserted($0) }
        }
        pieces += a[(a.count - suffix)...].map { .same($0) }
        return pieces
    }

    /// Joins changes separated only by white space into one deletion and one insertion, so a
    /// rewritten sentence reads as [-old sentence-]{+new sentence+} rather than word by word.
    static func coalesced(_ pieces: [Piece]) -> [Piece] {
        var result: [Piece] = []
        var index = 0
        while index < pieces.count {
            guard pieces[index].isChange else {
                result.append(pieces[index])
                index += 1
                continue
            }
            var end = index
            var cursor = index
            while cursor < pieces.count {
                if pieces[cursor].isChange {
                    end = cursor
                } else if case .same(let text) = pieces[cursor], !text.allSatisfy(\.isWhitespace) {
                    break
                }
                cursor += 1
            }
            var deleted = ""
            var inserted = ""
            for piece in pieces[index...end] {
                switch piece {
                case .same(let text):
                    deleted += text
                    inserted += text
                case .deleted(let text): deleted += text
                case .inserted(let text): inserted += text
                }
            }
            if !deleted.isEmpty { result.append(.deleted(deleted)) }
            if !inserted.isEmpty { result.append(.inserted(inserted)) }
            index = end + 1
        }
        return result
    }

    /// Splits text into alternating runs of white space and other characters.
    static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var currentIsSpace: Bool?
        for character in text {
            let isSpace = character.isWhitespace
            if currentIsSpace != nil && currentIsSpace != isSpace {
                result.append(current)
                current = ""
            }
            current.append(character)
            currentIsSpace = isSpace
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    private static func lcs(_ a: [String], _ b: [String]) -> [Piece] {
        let n = a.count
        let m = b.count
        if n == 0 { return b.map { .inserted($0) } }
        if m == 0 { return a.map { .deleted($0) } }
        // lengths[i][j]: LCS of a[i...] and b[j...], stored flat.
        var lengths = [Int32](repeating: 0, count: (n + 1) * (m + 1))
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lengths[i * (m + 1) + j] =
                    a[i] == b[j]
                    ? lengths[(i + 1) * (m + 1) + j + 1] + 1 : max(lengths[(i + 1) * (m + 1) + j], lengths[i * (m + 1) + j + 1])
            }
        }
        var pieces: [Piece] = []
        var i = 0
        var j = 0
        while i < n && j < m {
            if a[i] == b[j] {
                pieces.append(.same(a[i]))
                i += 1
                j += 1
            } else if lengths[(i + 1) * (m + 1) + j] >= lengths[i * (m + 1) + j + 1] {
                pieces.append(.deleted(a[i]))
                i += 1
            } else {
                pieces.append(.inserted(b[j]))
                j += 1
            }
        }
        pieces += a[i...].map { .deleted($0) }
        pieces += b[j...].map { .inserted($0) }
        return pieces
    }

    /// Joins neighbouring pieces of the same kind; a lone white-space "same" between two changes joins them.
    private static func merged(_ pieces: [Piece]) -> [Piece] {
        var result: [Piece] = []
        for piece in pieces {
            switch (result.last, piece) {
            case (.same(let x)?, .same(let y)): result[result.count - 1] = .same(x + y)
            case (.deleted(let x)?, .deleted(let y)): result[result.count - 1] = .deleted(x + y)
            case (.inserted(let x)?, .inserted(let y)): result[result.count - 1] = .inserted(x + y)
            default: result.append(piece)
            }
        }
        return result
    }

    /// The diff as HTML: deletions in `<del>`, insertions in `<ins>`, with text markers that survive
    /// printing and do not rely on colour.
    public static func html(_ pieces: [Piece]) -> String {
        pieces.map { piece in
            switch piece {
            case .same(let text): return HTMLText.escape(text)
            case .deleted(let text): return "<del title=\"deleted\">\(HTMLText.escape(text))</del>"
            case .inserted(let text): return "<ins title=\"inserted\">\(HTMLText.escape(text))</ins>"
            }
        }.joined()
    }

    /// The diff for a terminal: `[-deleted-]` and `{+inserted+}` (git's word-diff markers), in colour when asked.
    public static func terminal(_ pieces: [Piece], colour: Bool) -> String {
        pieces.map { piece in
            switch piece {
            case .same(let text): return text
            case .deleted(let text): return colour ? "\u{1B}[31m[-\(text)-]\u{1B}[0m" : "[-\(text)-]"
            case .inserted(let text): return colour ? "\u{1B}[32m{+\(text)+}\u{1B}[0m" : "{+\(text)+}"
            }
        }.joined()
    }
}
