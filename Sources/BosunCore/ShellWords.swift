/// Python's `shlex.split(command)` (POSIX mode, no comments), as supervisor splits `command=`.
public enum ShellWords {
    public struct Failure: Error, Sendable, Hashable {
        /// shlex's message: `No closing quotation` or `No escaped character`.
        public var message: String
    }

    public static func split(_ text: String) throws(Failure) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character? = nil
        var escaping = false
        var escapedInQuote = false
        for character in text {
            if escaping {
                escaping = false
                if escapedInQuote && character != "\"" && character != "\\" {
                    current.append("\\")
                }
                current.append(character)
                inWord = true
                continue
            }
            if let open = quote {
                if character == open {
                    quote = nil
                } else if character == "\\" && open == "\"" {
                    escaping = true
                    escapedInQuote = true
                } else {
                    current.append(character)
                }
                continue
            }
            switch character {
            case " ", "\t", "\n", "\r":
                if inWord {
                    words.append(current)
                    current = ""
                    inWord = false
                }
            case "'", "\"":
                quote = character
                inWord = true
            case "\\":
                escaping = true
                escapedInQuote = false
                inWord = true
            default:
                current.append(character)
                inWord = true
            }
        }
        if quote != nil { throw Failure(message: "No closing quotation") }
        if escaping { throw Failure(message: "No escaped character") }
        if inWord { words.append(current) }
        return words
    }
}
