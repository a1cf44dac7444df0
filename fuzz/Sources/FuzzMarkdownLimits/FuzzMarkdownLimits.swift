import Foundation
import FuzzSupport
import Markdown
import Records

// The Markdown pre-scan alone (MarkdownLimits.check, one linear pass that refuses what would make
// cmark-gfm or stet super-linear), without cmark-gfm, so the fuzzer runs it many times faster
// than FuzzMarkdown. The input is decoded as every controlled file is (SourceText).
// Invariants: a refusal names a line of the text and says something; a second check gives the
// same verdict. libFuzzer's -timeout (10 s in run.sh) catches a pre-scan that is not linear.

func verdict(_ text: String) -> MarkdownLimitError? {
    do {
        try MarkdownLimits.check(text)
        return nil
    } catch {
        return error
    }
}

func fuzz(_ input: [UInt8]) {
    guard let text = try? SourceText.decode(Data(input)) else { return }
    let lines = text.utf8.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    let first = verdict(text)
    if let first {
        require(first.line >= 1 && first.line <= lines, "refused at line \(first.line) of \(lines): \(first.message)")
        require(!first.message.isEmpty, "a refusal without a message")
    }
    require(verdict(text) == first, "two checks of the same text disagree")
}
