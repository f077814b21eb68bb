import BosunCore

/// What parsing produced: a program to run when `diagnostics` is empty.
package struct ParseResult: Sendable {
    package var program: Program
    /// Every problem found, in source order.
    package var diagnostics: [Diagnostic]
    /// True when the text only lacks the `end` of a block that is still open: the prompt reads
    /// another line instead of reporting an error.
    package var isIncomplete: Bool
}

/// Builds a `Program` from script text. Never throws: each bad statement becomes a diagnostic
/// and parsing resumes at the next line, so one run reports every error.
///
/// `commands` are the shell command words a statement may start with (`start`, `status`, ...).
package struct Parser {
    var tokens: [Token]
    var index = 0
    let commands: Set<String>
    var diagnostics: [Diagnostic]
    var isIncomplete = false
    /// Blocks, parentheses and `not`s open around the current token (`maximumNesting`).
    var depth = 0
    /// Set once input nested too deeply; the rest of the text is then skipped.
    var tooDeep = false
    /// `and`, `or` and `not` in the condition being parsed.
    var operators = 0

    /// Words that open a block, close one or split one; never a command or a variable.
    static let keywords: Set<String> = [
        "if", "elif", "else", "end", "while", "for", "wait", "try", "sleep", "echo", "exit", "fail", "quit",
    ]

    /// The words that start a language statement rather than a shell command.
    package static let statementWords = ["echo", "fail", "for", "if", "sleep", "try", "wait", "while"]

    /// Whether a line starting with `word` is a language statement rather than a shell command.
    package static func startsStatement(_ word: String) -> Bool {
        statementWords.contains(word)
    }

    package static func parse(_ source: String, commands: Set<String>) -> ParseResult {
        let (tokens, lexical) = Lexer.tokens(source)
        var parser = Parser(tokens: tokens, commands: commands, diagnostics: lexical)
        let (statements, _) = parser.block(until: [])
        let sorted = parser.diagnostics.sorted { $0.position < $1.position }
        let incomplete = parser.isIncomplete && !parser.tooDeep
        return ParseResult(program: Program(statements: statements), diagnostics: sorted, isIncomplete: incomplete)
    }

    // MARK: - Tokens

    var current: Token { tokens[index] }

    func peek(_ offset: Int = 1) -> Token { tokens[min(index + offset, tokens.count - 1)] }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    mutating func accept(word: String) -> Bool {
        guard current.isWord(word) else { return false }
        advance()
        return true
    }

    mutating func expect(word: String, _ context: String) throws(Diagnostic) {
        guard accept(word: word) else { throw unexpected(expecting: "'\(word)' \(context)") }
    }

    func unexpected(expecting what: String) -> Diagnostic {
        Diagnostic("expected \(what), found \(describe(current))", at: current.position)
    }

    func describe(_ token: Token) -> String {
        switch token.kind {
        case .word(let word): "'\(word)'"
        case .string: "a string"
        case .variable(let name): "'$\(name)'"
        case .substitution: "'$(...)'"
        case .symbol(let symbol): "'\(symbol)'"
        case .newline: "the end of the line"
        case .end: "the end of the script"
        }
    }

    mutating func skipToLineEnd() {
        while !current.endsLine { advance() }
    }

    mutating func expectLineEnd() throws(Diagnostic) {
        guard current.endsLine else { throw unexpected(expecting: "the end of the line") }
    }

    // MARK: - Blocks and statements

    /// Statements up to a line that starts with one of `terminators` (consumed and returned),
    /// or the end of the script (nil). Past `maximumNesting` blocks the rest is skipped.
    mutating func block(until terminators: Set<String>) -> ([Statement], Token?) {
        var statements: [Statement] = []
        depth += 1
        defer { depth -= 1 }
        if depth > maximumNesting + 1 {
            if !tooDeep { diagnostics.append(Diagnostic("blocks nested more than \(maximumNesting) deep", at: current.position)) }
            tooDeep = true
        }
        if tooDeep {
            while current.kind != .end { advance() }
            return (statements, nil)
        }
        while true {
            while current.kind == .newline { advance() }
            if current.kind == .end { return (statements, nil) }
            if let word = current.word, ["elif", "else", "end"].contains(word) {
                if terminators.contains(word) { return (statements, advance()) }
                diagnostics.append(Diagnostic("'\(word)' without an open block", at: current.position))
                skipToLineEnd()
                continue
            }
            do throws(Diagnostic) {
                statements.append(try statement())
                try expectLineEnd()
            } catch {
                diagnostics.append(error)
                skipToLineEnd()
            }
        }
    }

    /// The body of a block statement opened by `opener`: statements up to `end` (or another
    /// of `terminators`); a missing `end` is reported at the opener.
    mutating func body(of opener: Token, until terminators: Set<String> = ["end"]) -> ([Statement], Token?) {
        let (statements, terminator) = block(until: terminators)
        if terminator == nil {
            diagnostics.append(Diagnostic("'\(opener.word ?? "")' is never closed with 'end'", at: opener.position))
            isIncomplete = true
        }
        return (statements, terminator)
    }

    mutating func statement() throws(Diagnostic) -> Statement {
        let first = current
        guard let word = first.word else {
            throw Diagnostic("expected a command or a statement, found \(describe(first))", at: first.position)
        }
        switch word {
        case "if": return conditional()
        case "while":
            advance()
            let condition = header(fallback: Condition.constant(false)) { parser throws(Diagnostic) in
                try parser.condition(stoppingAt: [])
            }
            let (statements, _) = body(of: first)
            return Statement(kind: .loop(condition, statements), position: first.position)
        case "for":
            advance()
            let (variable, specs) = header(fallback: ("", [Expression]())) { parser throws(Diagnostic) in
                try parser.loopHeader()
            }
            let (statements, _) = body(of: first)
            return Statement(kind: .each(variable: variable, specs: specs, body: statements), position: first.position)
        case "wait": return try wait()
        case "try":
            advance()
            if current.kind == .newline {
                let (statements, terminator) = body(of: first, until: ["else", "end"])
                var recovery: [Statement] = []
                if let terminator, terminator.isWord("else") {
                    try expectLineEnd()
                    recovery = body(of: terminator).0
                }
                return Statement(kind: .attempt(body: statements, recovery: recovery), position: first.position)
            }
            return Statement(kind: .attempt(body: [try simpleStatement()], recovery: []), position: first.position)
        default:
            return try simpleStatement()
        }
    }

    /// The rest of a block statement's first line. A mistake there is recorded and the line
    /// skipped, and the block is still read, so its `end` does not look like a stray one.
    mutating func header<Header>(fallback: Header, _ parse: (inout Parser) throws(Diagnostic) -> Header) -> Header {
        do throws(Diagnostic) {
            let parsed = try parse(&self)
            try expectLineEnd()
            return parsed
        } catch {
            diagnostics.append(error)
            skipToLineEnd()
            return fallback
        }
    }

    /// `NAME in SPEC ...` after `for`.
    mutating func loopHeader() throws(Diagnostic) -> (String, [Expression]) {
        guard let variable = current.word, Self.isAssignable(variable) else {
            throw unexpected(expecting: "a variable name after 'for'")
        }
        advance()
        try expect(word: "in", "after 'for \(variable)'")
        var specs: [Expression] = []
        while !current.endsLine { specs.append(try subject()) }
        if specs.isEmpty { throw unexpected(expecting: "a process name or spec to loop over") }
        return (variable, specs)
    }

    /// A name a script may set: a letter or `_`, then letters, digits, `_`; not a keyword.
    static func isAssignable(_ word: String) -> Bool {
        guard let first = word.first, first == "_" || first.isLetter else { return false }
        return isVariableName(word) && !keywords.contains(word)
    }

    /// A statement that fits on one line: what `then` and `try` may be followed by.
    mutating func simpleStatement() throws(Diagnostic) -> Statement {
        let first = current
        guard let word = first.word else {
            throw Diagnostic("expected a command or a statement, found \(describe(first))", at: first.position)
        }
        if peek().isSymbol("=") {
            guard Self.isAssignable(word) else {
                throw Diagnostic("cannot assign to '\(word)'", at: first.position)
            }
            advance()
            advance()
            let value = try self.value()
            return Statement(kind: .assign(name: word, value: value), position: first.position)
        }
        switch word {
        case "echo":
            advance()
            return Statement(kind: .echo(try words()), position: first.position)
        case "fail":
            advance()
            return Statement(kind: .fail(try words()), position: first.position)
        case "sleep":
            advance()
            guard !current.endsLine else { throw unexpected(expecting: "a duration after 'sleep'") }
            return Statement(kind: .sleep(try duration()), position: first.position)
        case "exit", "quit":
            advance()
            let code = current.endsLine ? nil : try value()
            return Statement(kind: .exit(code), position: first.position)
        case "if", "while", "for", "wait", "try":
            throw Diagnostic("'\(word)' needs a line of its own here", at: first.position)
        case "elif", "else", "end":
            throw Diagnostic("'\(word)' does not belong here", at: first.position)
        default:
            return Statement(kind: .command(try command()), position: first.position)
        }
    }

    /// `if C` block, any `elif C` blocks, an optional `else` block, `end`.
    mutating func conditional() -> Statement {
        let opener = advance()
        var branches: [Branch] = []
        var otherwise: [Statement] = []
        while true {
            // The condition after `if` or `elif`.
            let condition = header(fallback: Condition.constant(false)) { parser throws(Diagnostic) in
                try parser.condition(stoppingAt: [])
            }
            let (statements, terminator) = body(of: opener, until: ["elif", "else", "end"])
            branches.append(Branch(condition: condition, body: statements))
            guard let terminator, !terminator.isWord("end") else { break }
            if terminator.isWord("else") {
                if !current.endsLine {
                    diagnostics.append(unexpected(expecting: "the end of the line after 'else'"))
                    skipToLineEnd()
                }
                otherwise = body(of: opener).0
                break
            }
        }
        return Statement(kind: .conditional(branches, otherwise: otherwise), position: opener.position)
    }

    /// `wait until C [timeout D] [every D]`, then nothing, `then STATEMENT`, or a `then` /
    /// `else` block closed by `end`.
    mutating func wait() throws(Diagnostic) -> Statement {
        let opener = advance()
        try expect(word: "until", "after 'wait'")
        let condition = try self.condition(stoppingAt: ["timeout", "every", "then", "else"])
        var wait = Wait(condition: condition, timeout: nil, interval: nil, then: [], otherwise: nil)
        while true {
            if accept(word: "timeout") {
                wait.timeout = try duration()
            } else if accept(word: "every") {
                wait.interval = try duration()
            } else {
                break
            }
        }
        if current.isWord("then") {
            let then = advance()
            if current.kind == .newline {
                let (statements, terminator) = body(of: then, until: ["else", "end"])
                wait.then = statements
                if let terminator, terminator.isWord("else") {
                    try expectLineEnd()
                    wait.otherwise = body(of: terminator).0
                }
            } else {
                wait.then = [try simpleStatement()]
            }
        } else if current.isWord("else") {
            let otherwise = advance()
            try expectLineEnd()
            wait.otherwise = body(of: otherwise).0
        }
        return Statement(kind: .wait(wait), position: opener.position)
    }

    /// A shell command and its argument words, up to the end of the line.
    mutating func command() throws(Diagnostic) -> CommandCall {
        let first = current
        guard let name = first.word, commands.contains(name) else {
            let typed = first.word ?? ""
            var message = "unknown command '\(typed)'"
            if let near = suggestion(for: typed, among: Array(commands) + Array(Self.keywords)) {
                message += "; did you mean '\(near)'?"
            }
            throw Diagnostic(message, at: first.position)
        }
        advance()
        return CommandCall(name: name, arguments: try words(), position: first.position)
    }

    /// Words, strings, variables and command outputs up to the end of the line.
    mutating func words() throws(Diagnostic) -> [Expression] {
        var words: [Expression] = []
        while !current.endsLine {
            if case .symbol(let symbol) = current.kind {
                // `=`, `<` and friends are ordinary characters in an argument (`tail -f x`
                // never needs them, but a message may).
                words.append(.word(symbol, advance().position))
                continue
            }
            words.append(try subject())
        }
        return words
    }

    // MARK: - Values

    /// One process-naming value: a word, a string, a variable or a command output.
    mutating func subject() throws(Diagnostic) -> Expression {
        let token = current
        switch token.kind {
        case .word(let word):
            advance()
            return .word(word, token.position)
        case .string(let pieces):
            advance()
            return .text(try interpolations(pieces))
        case .variable(let name):
            advance()
            return .variable(name, token.position)
        case .substitution(let inner):
            advance()
            return .output(try commandInside(inner, at: token.position))
        default:
            throw unexpected(expecting: "a process name or a value")
        }
    }

    /// A value: `pid of x` and the other attributes, `count of spec [...]`, or a subject.
    mutating func value() throws(Diagnostic) -> Expression {
        if let word = current.word, peek().isWord("of") {
            if let attribute = ProcessAttribute(rawValue: word) {
                advance()
                advance()
                return .attribute(attribute, of: try subject())
            }
            if word == "count" {
                advance()
                advance()
                let spec = try subject()
                var states: StateSet?
                if current.isWord("is") || current.isWord("in") || (current.isWord("not") && peek().isWord("in")) {
                    guard case .state(let set) = try processTest() else { throw unexpected(expecting: "a state") }
                    states = set
                }
                return .count(of: spec, states: states)
            }
        }
        return try subject()
    }

    /// A duration (`30s`, `500ms`, `2m`, `1h`, plain seconds) or a variable holding one.
    mutating func duration() throws(Diagnostic) -> Expression {
        let token = current
        if let word = token.word {
            guard DurationText.seconds(word) != nil else {
                throw Diagnostic("'\(word)' is not a duration (examples: 30s, 500ms, 2m, 1h)", at: token.position)
            }
        }
        return try value()
    }

    func interpolations(_ pieces: [StringPiece]) throws(Diagnostic) -> [Interpolation] {
        var parts: [Interpolation] = []
        for piece in pieces {
            switch piece {
            case .text(let text): parts.append(.text(text))
            case .variable(let name, let position): parts.append(.variable(name, position))
            case .substitution(let inner, let position): parts.append(.output(try commandInside(inner, at: position)))
            }
        }
        return parts
    }

    /// The shell command inside `$(...)`.
    func commandInside(_ inner: [Token], at position: SourcePosition) throws(Diagnostic) -> CommandCall {
        var parser = Parser(tokens: inner, commands: commands, diagnostics: [])
        while parser.current.kind == .newline { parser.advance() }
        guard !parser.current.endsLine || parser.current.kind != .end else {
            throw Diagnostic("'$()' holds no command", at: position)
        }
        let call = try parser.command()
        try parser.expectLineEnd()
        return call
    }
}
