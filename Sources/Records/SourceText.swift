import Foundation

/// Turns a file's bytes into text, refusing what a controlled record must not
/// be: invalid UTF-8, NUL bytes, an empty or BOM-only file.
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
