/// The few str operations of Python that supervisor's texts depend on, shared by every target
/// that reads or writes them.

extension String {
    /// Python's `str.strip()`: `isspace` code points off both ends.
    package func trimmingWhitespace() -> String {
        var slice = unicodeScalars[...]
        while let first = slice.first, first.isPythonSpace { slice.removeFirst() }
        while let last = slice.last, last.isPythonSpace { slice.removeLast() }
        return String(String.UnicodeScalarView(slice))
    }

    /// Python's `str.strip(chars)`, on code points as Python's is.
    package func trimmingCharacters(in set: String) -> String {
        let strip = Set(set.unicodeScalars)
        var slice = unicodeScalars[...]
        while let first = slice.first, strip.contains(first) { slice.removeFirst() }
        while let last = slice.last, strip.contains(last) { slice.removeLast() }
        return String(String.UnicodeScalarView(slice))
    }

    /// Python's `str.replace(old, new)`.
    package func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }

    /// Python's int() accepts `1_000`; Swift's Int() does not.
    package func removingUnderscoresBetweenDigits() -> String {
        guard contains("_") else { return self }
        let characters = Array(self)
        var out = ""
        for (index, character) in characters.enumerated() {
            if character == "_", index > 0, index + 1 < characters.count,
                characters[index - 1].isNumber, characters[index + 1].isNumber
            {
                continue
            }
            out.append(character)
        }
        return out
    }
}

/// Python's `int(str)`: surrounding whitespace, an optional sign, decimal digits with single
/// underscores between them.
package func pythonInt(_ text: some StringProtocol) -> Int? {
    Int(String(text).trimmingWhitespace().removingUnderscoresBetweenDigits())
}

/// Python's `repr()` of a str, for messages that quote values the way supervisor does:
/// quotes chosen as Python chooses them, and every code point `str.isprintable()` refuses
/// escaped as `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
package func pythonRepr(_ text: String) -> String {
    let scalars = text.unicodeScalars
    let quote: Unicode.Scalar = scalars.contains("'") && !scalars.contains("\"") ? "\"" : "'"
    var out = String.UnicodeScalarView([quote])
    for scalar in scalars {
        switch scalar {
        case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
        case "\n": out.append(contentsOf: "\\n".unicodeScalars)
        case "\r": out.append(contentsOf: "\\r".unicodeScalars)
        case "\t": out.append(contentsOf: "\\t".unicodeScalars)
        case quote: out.append(contentsOf: ["\\", quote])
        default:
            if scalar.isPythonPrintable {
                out.append(scalar)
            } else {
                out.append(contentsOf: scalar.pythonEscaped.unicodeScalars)
            }
        }
    }
    out.append(quote)
    return String(out)
}

extension Unicode.Scalar {
    /// The escape Python's `repr()` and `ascii()` write for this code point: `\xNN`,
    /// `\uNNNN` or `\UNNNNNNNN`.
    package var pythonEscaped: String {
        let hex = String(value, radix: 16)
        let (marker, width) = value < 0x100 ? ("x", 2) : (value < 0x10000 ? ("u", 4) : ("U", 8))
        return "\\" + marker + String(repeating: "0", count: width - hex.count) + hex
    }

    /// Python's `str.isspace()` for one code point: ASCII whitespace with the four
    /// information separators (0x1C-0x1F), and the code points of bidirectional type WS, B
    /// or S or category Zs.
    package var isPythonSpace: Bool {
        switch value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// Python's `str.isprintable()` for one code point: not a control, format, surrogate,
    /// private-use or unassigned code point, and not a separator other than the space.
    package var isPythonPrintable: Bool {
        if self == " " { return true }
        switch properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        default:
            return true
        }
    }
}
