import Foundation

/// Rules for text that people read as part of the record (titles, names,
/// reasons for change): no control characters and no bidirectional overrides,
/// which can make a title or a printed name read differently from its bytes.
public enum TextSafety {
    /// Unicode bidirectional formatting characters (Trojan Source, CVE-2021-42574).
    public static let bidiControls: Set<UInt32> = [
        0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
    ]

    /// Why `text` is not acceptable as a one-line display string, or nil if it is.
    public static func problem(inDisplayText text: String) -> String? {
        for scalar in text.unicodeScalars {
            if bidiControls.contains(scalar.value) {
                return
                    "contains the bidirectional control character U+\(hex(scalar.value)), which can make it display differently from what was approved; remove it"
            }
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                return "contains the control character U+\(hex(scalar.value)); remove it"
            }
            if scalar.value == 0x2028 || scalar.value == 0x2029 {
                return "contains a Unicode line separator U+\(hex(scalar.value)); remove it"
            }
        }
        if text.trimmingCharacters(in: .whitespaces).isEmpty { return "is empty" }
        return nil
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
