import Testing

@testable import Portal

@Suite("Word-level redlines")
struct WordDiffTests {
    func reconstruct(_ pieces: [WordDiff.Piece]) -> (old: String, new: String) {
        var old = ""
        var new = ""
        for piece in pieces {
            switch piece {
            case .same(let text):
                old += text
                new += text
            case .deleted(let text): old += text
            case .inserted(let text): new += text
            }
        }
        return (old, new)
    }

    @Test(arguments: [
        ("Wear gloves. Clean the bench.", "Wear gloves and a coat. Clean the bench twice."),
        ("a b c", "x y z"),
        ("", "new text"),
        ("old text", ""),
        ("same", "same"),
        ("line one\nline two\n", "line one\nline 2\nline three\n"),
        ("café – naïve", "café — naïve"),
    ])
    func aDiffReproducesBothTexts(old: String, new: String) {
        let pieces = WordDiff.diff(old, new)
        let rebuilt = reconstruct(pieces)
        #expect(rebuilt.old == old)
        #expect(rebuilt.new == new)
    }

    @Test func changesReadAsPhrases() {
        let pieces = WordDiff.diff("Keep this. Clean the bench with ethanol. Done.", "Keep this. Wipe every surface. Done.")
        #expect(WordDiff.terminal(pieces, colour: false) == "Keep this. [-Clean the bench with ethanol.-]{+Wipe every surface.+} Done.")
        #expect(
            WordDiff.html(pieces).contains(
                "<del title=\"deleted\">Clean the bench with ethanol.</del><ins title=\"inserted\">Wipe every surface.</ins>"))
    }

    @Test func htmlIsEscaped() {
        let html = WordDiff.html(WordDiff.diff("a", "<script>x</script>"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;"))
    }
}
