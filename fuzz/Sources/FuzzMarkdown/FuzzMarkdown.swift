import Foundation
import FuzzSupport
import Markdown
import Records

// The Markdown path of every document page: the limits check, cmark-gfm with the GFM
// extensions, link inspection and rewriting, HTML rendering. The input is decoded as every
// controlled file is (SourceText: UTF-8, no NUL, CRLF to LF, no lone CR), since documents reach
// the renderer only that way.
// Invariants: raw HTML never reaches the output (no script, style or iframe element, no
// event-handler attribute); every link's line is inside the text; rewriting links to a
// fixed destination leaves no other destination.

func fuzz(_ input: [UInt8]) {
    guard let text = try? SourceText.decode(Data(input)) else { return }
    guard let document = try? MarkdownDocument(text) else { return }
    let lineCount = text.utf8.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    let links = document.links
    for link in links { require(link.line >= 1 && link.line <= lineCount, "link '\(link.destination)' at line \(link.line)") }

    let html = document.html().lowercased()
    for element in ["<script", "<style", "<iframe", "<object", "<embed", "<form", "<svg", "<math"] {
        require(!html.contains(element), "raw HTML '\(element)' reached the output")
    }
    require(!html.contains("javascript:"), "a javascript: URL reached the output")
    // An attribute starts after a space inside a tag; cmark-gfm writes only its own.
    var insideTag = false
    var previous: Character = " "
    var attribute = ""
    for character in html {
        if character == "<" { insideTag = true } else if character == ">" { insideTag = false }
        if insideTag && previous == " " { attribute = "" }
        if insideTag && character != " " { attribute.append(character) }
        if insideTag && attribute.hasPrefix("on") && character == "=" {
            require(false, "an event-handler attribute '\(attribute)' reached the output")
        }
        previous = character
    }

    document.rewriteLinks { _ in "https://example.test/" }
    require(document.links.allSatisfy { $0.destination == "https://example.test/" }, "a link escaped rewriting")
}
