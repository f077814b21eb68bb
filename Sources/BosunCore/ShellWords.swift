/// Python's `shlex.split(command)` (POSIX mode, no comments), as supervisor splits `command=`.
///
/// Works on Unicode scalars, as shlex works on code points: a quote or a backslash followed by
/// a combining mark is still a quote or a backslash, though Swift makes the pair one Character.
package enum ShellWords {
    package struct Failure: Error, Sendable, Hashable {
        /// shlex's message: `No closing quotation` or `No escaped character`.
        package var message: String
    }

    package static func split(_ text: String) throws(Failure) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        var inWord = false
        var quote: Unicode.Scalar? = nil
        var escaping = false
        var escapedInQuote = false
        for scalar in text.unicodeScalars {
            if escaping {
                escaping = false
                if escapedInQuote && scalar != "\"" && scalar != "\\" {
                    current.append("\\")
                }
                current.append(scalar)
                inWord = true
                continue
            }
            if let open = quote {
                if scalar == open {
                    quote = nil
                } else if scalar == "\\" && open == "\"" {
                    escaping = true
                    escapedInQuote = true
                } else {
                    current.append(scalar)
                }
                continue
            }
            switch scalar {
            case " ", "\t", "\n", "\r":
                if inWord {
                    words.append(String(current))
                    current = String.UnicodeScalarView()
                    inWord = false
                }
            case "'", "\"":
                quote = scalar
                inWord = true
            case "\\":
                escaping = true
                escapedInQuote = false
                inWord = true
            default:
                current.append(scalar)
                inWord = true
            }
        }
        if quote != nil { throw Failure(message: "No closing quotation") }
        if escaping { throw Failure(message: "No escaped character") }
        if inWord { words.append(String(current)) }
        return words
    }
}
