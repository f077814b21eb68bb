/// Text made safe to place in HTML, as element content or as a quoted attribute value.
///
/// Invariant: the result holds no `<`, `>`, `"`, `'`, no `&` but its own character references,
/// and no CR or LF (those become `&#13;` and `&#10;`, which a browser shows as the line
/// breaks they were), so a rendered row is one line, as a server-sent event's data line must be.
package enum HTMLText {
    package static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: needsEscape) else { return text }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "\n": escaped += "&#10;"
            case "\r": escaped += "&#13;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"), 10, 13: true
        default: false
        }
    }
}
