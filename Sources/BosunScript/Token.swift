/// One lexical token of a script.
struct Token: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// A bare word: names, specs (`group:*`), numbers, durations, flags (`-f`), keywords.
        case word(String)
        /// A quoted string: `"..."` with `$name` and `$(command)` interpolation, or `'...'`
        /// taken literally.
        case string([StringPiece])
        /// `$name`, `${name}`, `$1`, `$#`, `$*`.
        case variable(String)
        /// `$(command)`: the tokens of the command inside.
        case substitution([Token])
        /// `(`, `)`, `,`, `=`, `==`, `!=`, `<`, `<=`, `>`, `>=`.
        case symbol(String)
        case newline
        case end
    }

    var kind: Kind
    var position: SourcePosition

    var word: String? {
        if case .word(let word) = kind { return word }
        return nil
    }

    func isWord(_ text: String) -> Bool { word == text }

    func isSymbol(_ text: String) -> Bool { kind == .symbol(text) }

    var endsLine: Bool { kind == .newline || kind == .end }
}

/// A piece of a double-quoted string, before parsing.
enum StringPiece: Sendable, Hashable {
    case text(String)
    case variable(String, SourcePosition)
    case substitution([Token], SourcePosition)
}
