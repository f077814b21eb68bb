/// Python's `shlex.shlex(text)` in its non-POSIX default mode with `/.+-():` added to the word
/// characters, as supervisor's `dict_of_key_value_pairs` uses it, read by `list(lexer)`.
///
/// Written by hand because no Swift library reproduces shlex's non-POSIX quirks, and
/// supervisord accepts or refuses `environment=` by them. It works on Unicode scalars, as
/// shlex works on code points: word characters are ASCII letters, digits and `_/.+-():`
/// (so `ü` or a combining mark is a token of its own); whitespace is exactly space, tab, CR
/// and LF; a quote opens a quoted token only at a token's start (the token keeps its quotes
/// and ends at the closing quote); inside a word a quote is part of the word; `#` skips to
/// the end of the line, and a word continues after the comment. Any other character is a
/// token of its own.
enum ShlexTokenizer {
    private static let wordCharacters: Set<Unicode.Scalar> = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_/.+-():".unicodeScalars)
    private static let whitespace: Set<Unicode.Scalar> = [" ", "\t", "\r", "\n"]
    private static let quotes: Set<Unicode.Scalar> = ["'", "\""]

    private enum State {
        case between
        case word
        case quoted(Unicode.Scalar)
    }

    static func tokens(_ text: String) throws(ConfigValueError) -> [String] {
        var tokens: [String] = []
        var token = String.UnicodeScalarView()
        var state = State.between
        var scalars = text.unicodeScalars[...]
        func emit() {
            tokens.append(String(token))
            token = String.UnicodeScalarView()
        }
        func skipLine() {
            while let next = scalars.popFirst(), next != "\n" {}
        }
        while true {
            let next = scalars.popFirst()
            switch state {
            case .between:
                guard let scalar = next else { return tokens }
                if whitespace.contains(scalar) {
                    continue
                } else if scalar == "#" {
                    skipLine()
                } else if wordCharacters.contains(scalar) {
                    token.append(scalar)
                    state = .word
                } else if quotes.contains(scalar) {
                    token.append(scalar)
                    state = .quoted(scalar)
                } else {
                    token.append(scalar)
                    emit()
                }
            case .quoted(let open):
                guard let scalar = next else { throw ConfigValueError("No closing quotation") }
                token.append(scalar)
                if scalar == open {
                    emit()
                    state = .between
                }
            case .word:
                guard let scalar = next else {
                    emit()
                    return tokens
                }
                if whitespace.contains(scalar) {
                    emit()
                    state = .between
                } else if scalar == "#" {
                    skipLine()
                } else if wordCharacters.contains(scalar) || quotes.contains(scalar) {
                    token.append(scalar)
                } else {
                    // shlex pushes the character back as a token of its own.
                    emit()
                    token.append(scalar)
                    emit()
                    state = .between
                }
            }
        }
    }
}
