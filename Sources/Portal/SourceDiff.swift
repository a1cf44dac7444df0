/// The changed lines of a Markdown source with a few lines of context around them, as hunks
/// (`stet diff`): a 4-line change in a 200-line document prints about ten lines, not 200.
public enum SourceDiff {
    /// Lines around each change that are shown unchanged.
    public static let defaultContext = 3

    /// A stretch of both texts: its first line and line count on each side (1-based; a count of
    /// 0 starts after the line named, as in a unified diff), and its words marked.
    public struct Hunk: Hashable, Sendable {
        public var oldStart: Int
        public var oldCount: Int
        public var newStart: Int
        public var newCount: Int
        public var pieces: [WordDiff.Piece]

        /// `@@ -oldStart,oldCount +newStart,newCount @@`, shifted by where the texts start in their files.
        public func header(oldOffset: Int = 0, newOffset: Int = 0) -> String {
            "@@ -\(oldStart + oldOffset),\(oldCount) +\(newStart + newOffset),\(newCount) @@"
        }
    }

    /// The hunks turning `old` into `new`; `context` nil gives one hunk of the whole text.
    public static func hunks(_ old: String, _ new: String, context: Int? = defaultContext) -> [Hunk] {
        let oldLines = WordDiff.lines(old)
        let newLines = WordDiff.lines(new)
        let operations = WordDiff.sequenceDiff(oldLines, newLines)
        let changes = operations.indices.filter { operations[$0].isChange }
        guard !changes.isEmpty || (context == nil && !operations.isEmpty) else { return [] }
        // Ranges of operations, each change widened by the context, overlapping ones joined.
        var ranges: [Range<Int>] = []
        if let context {
            for index in changes {
                let range = max(0, index - context)..<min(operations.count, index + context + 1)
                if let last = ranges.last, range.lowerBound <= last.upperBound {
                    ranges[ranges.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
                } else {
                    ranges.append(range)
                }
            }
        } else {
            ranges = [0..<operations.count]
        }
        // Where each operation stands in both texts.
        var oldLine = [Int](repeating: 0, count: operations.count + 1)
        var newLine = [Int](repeating: 0, count: operations.count + 1)
        for (index, operation) in operations.enumerated() {
            oldLine[index + 1] = oldLine[index] + (operation.isInserted ? 0 : 1)
            newLine[index + 1] = newLine[index] + (operation.isDeleted ? 0 : 1)
        }
        return ranges.map { range in
            var oldText = ""
            var newText = ""
            for operation in operations[range] {
                switch operation {
                case .same(let line):
                    oldText += line
                    newText += line
                case .deleted(let line): oldText += line
                case .inserted(let line): newText += line
                }
            }
            let oldCount = oldLine[range.upperBound] - oldLine[range.lowerBound]
            let newCount = newLine[range.upperBound] - newLine[range.lowerBound]
            return Hunk(
                oldStart: oldLine[range.lowerBound] + (oldCount > 0 ? 1 : 0), oldCount: oldCount,
                newStart: newLine[range.lowerBound] + (newCount > 0 ? 1 : 0), newCount: newCount,
                pieces: WordDiff.diff(oldText, newText))
        }
    }
}

extension WordDiff.Piece {
    var isInserted: Bool {
        if case .inserted = self { return true }
        return false
    }

    var isDeleted: Bool {
        if case .deleted = self { return true }
        return false
    }

    /// `same`, `deleted` or `inserted`, and the text: for JSON.
    public var kindAndText: (kind: String, text: String) {
        switch self {
        case .same(let text): return ("same", text)
        case .deleted(let text): return ("deleted", text)
        case .inserted(let text): return ("inserted", text)
        }
    }
}
