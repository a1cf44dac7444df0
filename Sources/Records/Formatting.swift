/// Fixed-width number and hex formatting without Foundation's `String(format:)`, which goes through
/// a C variadic call and a locale per value and dominated the portal's profile (dates and hashes
/// are formatted for every signature, ledger entry and event).
public enum Formatting {
    private static let lowerDigits = Array("0123456789abcdef".utf8)
    private static let upperDigits = Array("0123456789ABCDEF".utf8)

    /// `bytes` as hex, two digits per byte.
    public static func hex<Bytes: Sequence<UInt8>>(_ bytes: Bytes, uppercase: Bool = false) -> String {
        let digits = uppercase ? upperDigits : lowerDigits
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A non-negative `value` in decimal, padded with zeros to `width` digits (a negative value keeps its sign).
    public static func padded(_ value: Int, width: Int) -> String {
        let digits = String(value.magnitude)
        let sign = value < 0 ? "-" : ""
        guard digits.utf8.count < width else { return sign + digits }
        return sign + String(repeating: "0", count: width - digits.utf8.count) + digits
    }

    /// `seconds` since the epoch as an ISO 8601 UTC timestamp, `2026-12-01T09:30:00Z`.
    public static func timestamp(_ seconds: Int64) -> String {
        let date = CalendarDate(utcSeconds: seconds)
        let secondsOfDay = Int(((seconds % 86_400) + 86_400) % 86_400)
        return date.description + "T" + padded(secondsOfDay / 3600, width: 2) + ":" + padded(secondsOfDay / 60 % 60, width: 2) + ":"
            + padded(secondsOfDay % 60, width: 2) + "Z"
    }
}
