import Foundation

/// Turns a file's bytes into text, refusing what a controlled record must not
/// be: invalid UTF-8, NUL bytes, other control characters (ESC, BEL, C1 …: a
/// terminal or printer acts on them, so the text reads differently from its
/// bytes), an empty or BOM-only file.
public enum SourceText {
    /// Decodes `data`; a leading UTF-8 byte order mark is dropped, CRLF line
    /// endings become LF (line numbers are unchanged). `extraCarriageReturns`:
    /// any run of CRs before an LF ends the line (armoured key files written as
    /// CR CR LF, which gpg imports).
    public static func decode(_ data: Data, extraCarriageReturns: Bool = false) throws(YAMLProblem) -> String {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes.removeFirst(3)
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
                throw YAMLProblem(line: 1, message: "holds only a byte order mark and no content")
            }
        }
        if let nul = bytes.firstIndex(of: 0) {
            throw YAMLProblem(line: line(at: nul, in: bytes), message: "contains a NUL byte; it is not a text file")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let offset = firstInvalidUTF8(bytes)
            throw YAMLProblem(
                line: line(at: offset, in: bytes),
                message: "is not valid UTF-8 (byte \(offset)); save the file as UTF-8")
        }
        // Tab, LF and CR (line endings, below) are the only control characters a text may hold.
        if let control = bytes.firstIndex(where: { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F }) {
            throw YAMLProblem(line: line(at: control, in: bytes), message: controlMessage(UInt32(bytes[control])))
        }
        // C1 controls (U+0080…U+009F) are encoded as C2 80…C2 9F.
        if let lead = bytes.indices.dropLast().first(where: { bytes[$0] == 0xC2 && (0x80...0x9F).contains(bytes[$0 + 1]) }) {
            throw YAMLProblem(line: line(at: lead, in: bytes), message: controlMessage(UInt32(bytes[lead + 1])))
        }
        guard bytes.contains(0x0D) else { return text }
        let normalized =
            extraCarriageReturns
            ? text.replacingOccurrences(of: "\r+\n", with: "\n", options: .regularExpression)
            : text.replacingOccurrences(of: "\r\n", with: "\n")
        if let index = normalized.utf8.firstIndex(of: 0x0D) {
            let line = normalized.utf8[..<index].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            throw YAMLProblem(line: line, message: "contains a carriage return (CR) that does not end a line; use LF or CRLF line endings")
        }
        return normalized
    }

    private static func controlMessage(_ value: UInt32) -> String {
        let names: [UInt32: String] = [
            0x07: " (BEL)", 0x08: " (backspace)", 0x0B: " (vertical tab)", 0x0C: " (form feed)", 0x1B: " (ESC)", 0x7F: " (DEL)",
        ]
        let digits = String(value, radix: 16, uppercase: true)
        return
            "contains the control character U+\(String(repeating: "0", count: 4 - digits.count) + digits)\(names[value] ?? ""), which a terminal or printer acts on instead of showing, so the text can read differently from what was approved; remove it"
    }

    private static func line(at offset: Int, in bytes: [UInt8]) -> Int {
        bytes[..<offset].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }

    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var offset = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while case .scalarValue(let scalar) = decoder.decode(&iterator) {
            offset += UTF8.width(scalar)
        }
        return offset
    }
}
