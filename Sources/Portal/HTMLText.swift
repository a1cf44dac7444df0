/// HTML escaping at the level of Unicode scalars.
public enum HTMLText {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references,
    /// whatever characters they are combined with.
    public static func escape(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        output.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output.append(contentsOf: "&amp;".unicodeScalars)
            case "<": output.append(contentsOf: "&lt;".unicodeScalars)
            case ">": output.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": output.append(contentsOf: "&quot;".unicodeScalars)
            case "'": output.append(contentsOf: "&#39;".unicodeScalars)
            default: output.append(scalar)
            }
        }
        return String(output)
    }

    /// A template context with every string escaped, except under keys ending in `HTML`.
    static func escapeValues(_ value: Any, key: String = "") -> Any {
        switch value {
        case let string as String:
            return key.hasSuffix("HTML") ? string : escape(string)
        case let dictionary as [String: Any]:
            return Dictionary(uniqueKeysWithValues: dictionary.map { ($0.key, escapeValues($0.value, key: $0.key)) })
        case let array as [Any]:
            return array.map { escapeValues($0, key: key) }
        default:
            return value
        }
    }
}
