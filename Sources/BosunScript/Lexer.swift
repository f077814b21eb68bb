/// Turns script text into tokens. Never fails: a problem becomes a diagnostic and lexing goes
/// on, so one pass reports every error.
///
/// Invariant: the token list always ends with `.end`; each line's tokens are followed by
/// `.newline`. `#` starts a comment where a token could start (this covers a `#!` shebang).
struct Lexer {
    private let characters: [Character]
    private var index = 0
    private var line: Int
    private var column: Int
    private(set) var diagnostics: [Diagnostic] = []

    /// Characters that end a bare word.
    private static let wordBreaks: Set<Character> = ["\"", "'", "(", ")", ",", "=", "<", ">", "!", "$", "#"]

    /// How many `$(` this lexer is inside; past `maximumNesting` the text is refused, so no
    /// input can exhaust the stack.
    private let nesting: Int

    init(_ source: some StringProtocol, start: SourcePosition = SourcePosition(line: 1, column: 1), nesting: Int = 0) {
        characters = Array(source)
        line = start.line
        column = start.column
        self.nesting = nesting
    }

    static func tokens(_ source: String) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(source)
        let tokens = lexer.all()
        return (tokens, lexer.diagnostics)
    }

    private var position: SourcePosition { SourcePosition(line: line, column: column) }

    private func peek(_ offset: Int = 0) -> Character? {
        index + offset < characters.count ? characters[index + offset] : nil
    }

    private mutating func advance() -> Character {
        let character = characters[index]
        index += 1
        if character == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        return character
    }

    mutating func all() -> [Token] {
        var tokens: [Token] = []
        while let character = peek() {
            let start = position
            switch character {
            case "\n":
                _ = advance()
                tokens.append(Token(kind: .newline, position: start))
            case "\\" where peek(1) == "\n":
                // A backslash at the end of a line continues the statement on the next.
                _ = advance()
                _ = advance()
            case _ where character.isWhitespace:
                _ = advance()
            case "#":
                while let next = peek(), next != "\n" { _ = advance() }
            case "\"":
                _ = advance()
                tokens.append(Token(kind: .string(doubleQuoted(openedAt: start)), position: start))
            case "'":
                _ = advance()
                tokens.append(Token(kind: .string([.text(singleQuoted(openedAt: start))]), position: start))
            case "$":
                tokens.append(dollar())
            case "(", ")", ",":
                _ = advance()
                tokens.append(Token(kind: .symbol(String(character)), position: start))
            case "=", "!", "<", ">":
                _ = advance()
                var symbol = String(character)
                if peek() == "=" {
                    _ = advance()
                    symbol.append("=")
                }
                if symbol == "!" {
                    diagnostics.append(Diagnostic("unexpected '!'; did you mean '!=' or 'not'?", at: start))
                } else {
                    tokens.append(Token(kind: .symbol(symbol), position: start))
                }
            default:
                var word = ""
                while let next = peek(), !next.isWhitespace, !Self.wordBreaks.contains(next) {
                    word.append(advance())
                }
                tokens.append(Token(kind: .word(word), position: start))
            }
        }
        if tokens.last?.kind != .newline { tokens.append(Token(kind: .newline, position: position)) }
        tokens.append(Token(kind: .end, position: position))
        return tokens
    }

    /// After the opening quote: text up to the closing quote, with `\"`, `\\`, `\$`, `\n`,
    /// `\t` escapes and `$` interpolation.
    private mutating func doubleQuoted(openedAt start: SourcePosition) -> [StringPiece] {
        var pieces: [StringPiece] = []
        var text = ""
        func flush() {
            if !text.isEmpty { pieces.append(.text(text)) }
            text = ""
        }
        while let character = peek() {
            switch character {
            case "\"":
                _ = advance()
                flush()
                return pieces
            case "\n":
                diagnostics.append(Diagnostic("unterminated string", at: start))
                flush()
                return pieces
            case "\\":
                _ = advance()
                guard let escaped = peek(), escaped != "\n" else { continue }
                _ = advance()
                switch escaped {
                case "n": text.append("\n")
                case "t": text.append("\t")
                default: text.append(escaped)
                }
            case "$":
                let token = dollar()
                switch token.kind {
                case .variable(let name):
                    flush()
                    pieces.append(.variable(name, token.position))
                case .substitution(let inner):
                    flush()
                    pieces.append(.substitution(inner, token.position))
                default:
                    text.append("$")
                }
            default:
                text.append(advance())
            }
        }
        diagnostics.append(Diagnostic("unterminated string", at: start))
        flush()
        return pieces
    }

    private mutating func singleQuoted(openedAt start: SourcePosition) -> String {
        var text = ""
        while let character = peek(), character != "\n" {
            _ = advance()
            if character == "'" { return text }
            text.append(character)
        }
        diagnostics.append(Diagnostic("unterminated string", at: start))
        return text
    }

    /// At a `$`: a variable, a command substitution, or (alone) a literal `$` word.
    private mutating func dollar() -> Token {
        let start = position
        _ = advance()
        guard let next = peek() else { return Token(kind: .word("$"), position: start) }
        if next == "(" {
            _ = advance()
            let innerStart = position
            var depth = 1
            var inner = ""
            var quote: Character?
            while let character = peek(), character != "\n" {
                if let open = quote {
                    if character == open { quote = nil }
                } else if character == "\"" || character == "'" {
                    quote = character
                } else if character == "(" {
                    depth += 1
                } else if character == ")" {
                    depth -= 1
                    if depth == 0 { break }
                }
                inner.append(advance())
            }
            if peek() == ")" {
                _ = advance()
            } else {
                diagnostics.append(Diagnostic("'$(' is never closed with ')'", at: start))
            }
            guard nesting < maximumNesting else {
                diagnostics.append(Diagnostic("'$(' nested more than \(maximumNesting) deep", at: start))
                return Token(kind: .word("$"), position: start)
            }
            var innerLexer = Lexer(inner, start: innerStart, nesting: nesting + 1)
            let tokens = innerLexer.all()
            diagnostics += innerLexer.diagnostics
            return Token(kind: .substitution(tokens), position: start)
        }
        if next == "{" {
            _ = advance()
            var name = ""
            while let character = peek(), character != "}", character != "\n" { name.append(advance()) }
            if peek() == "}" {
                _ = advance()
            } else {
                diagnostics.append(Diagnostic("'${' is never closed with '}'", at: start))
            }
            if !isVariableName(name) { diagnostics.append(Diagnostic("bad variable name '\(name)'", at: start)) }
            return Token(kind: .variable(name), position: start)
        }
        if next == "#" || next == "*" || next.isNumber {
            _ = advance()
            var name = String(next)
            if next.isNumber { while let digit = peek(), digit.isNumber { name.append(advance()) } }
            return Token(kind: .variable(name), position: start)
        }
        if next == "_" || next.isLetter {
            var name = ""
            while let character = peek(), character == "_" || character.isLetter || character.isNumber {
                name.append(advance())
            }
            return Token(kind: .variable(name), position: start)
        }
        return Token(kind: .word("$"), position: start)
    }
}

/// How deep blocks, parentheses, `not`s and `$(` may nest. Parsing and evaluation recurse
/// with the nesting, so a bound keeps any input from exhausting the stack.
let maximumNesting = 100

/// `[A-Za-z_][A-Za-z0-9_]*`, or a script argument (`1`, `#`, `*`).
func isVariableName(_ name: String) -> Bool {
    guard let first = name.first else { return false }
    if name == "#" || name == "*" || name.allSatisfy(\.isNumber) { return true }
    return (first == "_" || first.isLetter) && name.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
}
