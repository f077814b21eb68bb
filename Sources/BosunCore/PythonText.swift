/// The few str operations of Python that supervisor's texts depend on, shared by every target
/// that reads or writes them.

extension String {
    /// Python's `str.strip()`.
    package func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }

    /// Python's `str.strip(chars)`.
    package func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
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

/// Python's `repr()` of a str, for messages that quote values the way supervisor does.
package func pythonRepr(_ text: String) -> String {
    let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
    var out = String(quote)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if Character(scalar) == quote {
                out += "\\\(quote)"
            } else if scalar.value < 0x20 || scalar.value == 0x7F {
                let hex = String(scalar.value, radix: 16)
                out += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    out.append(quote)
    return out
}
