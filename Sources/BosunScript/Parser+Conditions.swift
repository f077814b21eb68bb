import BosunCore

/// Conditions: `or` binds loosest, then `and`, then `not`; parentheses group.
///
///     condition  := and ('or' and)*
///     and        := unary ('and' unary)*
///     unary      := 'not' unary | primary
///     primary    := '(' condition ')' | 'true' | 'false'
///                 | ('all' | 'any' | 'none') 'of' subject test
///                 | value compare value
///                 | subject test
///     test       := ['is'] ['not'] STATE | ['is'] ['not'] 'in' '(' STATE (',' STATE)* ')'
///                 | 'exited' ('expectedly' | 'unexpectedly')
extension Parser {
    /// A condition; stops before `stops` words (the options of `wait`) and the end of the line.
    mutating func condition(stoppingAt stops: Set<String>) throws(Diagnostic) -> Condition {
        guard !current.endsLine, !(current.word.map(stops.contains) ?? false) else {
            throw unexpected(expecting: "a condition")
        }
        operators = 0
        return try disjunction()
    }

    private mutating func disjunction() throws(Diagnostic) -> Condition {
        var result = try conjunction()
        while current.isWord("or") {
            try countOperator()
            advance()
            result = .or(result, try conjunction())
        }
        return result
    }

    private mutating func conjunction() throws(Diagnostic) -> Condition {
        var result = try unary()
        while current.isWord("and") {
            try countOperator()
            advance()
            result = .and(result, try unary())
        }
        return result
    }

    /// One more `and`, `or` or `not`: a condition's tree is as deep as its operators, so their
    /// number is bounded like nesting.
    private mutating func countOperator() throws(Diagnostic) {
        operators += 1
        if operators > 10 * maximumNesting {
            throw Diagnostic("condition has more than \(10 * maximumNesting) operators", at: current.position)
        }
    }

    private mutating func unary() throws(Diagnostic) -> Condition {
        if current.isWord("not") {
            try countOperator()
            return try nested { parser throws(Diagnostic) in
                parser.advance()
                return .not(try parser.unary())
            }
        }
        return try primary()
    }

    /// Parses one level deeper, refusing input nested past `maximumNesting`.
    private mutating func nested(_ parse: (inout Parser) throws(Diagnostic) -> Condition) throws(Diagnostic) -> Condition {
        guard depth < maximumNesting else {
            throw Diagnostic("condition nested more than \(maximumNesting) deep", at: current.position)
        }
        depth += 1
        defer { depth -= 1 }
        return try parse(&self)
    }

    private mutating func primary() throws(Diagnostic) -> Condition {
        let start = current
        if current.isSymbol("(") {
            return try nested { parser throws(Diagnostic) in
                parser.advance()
                guard !parser.current.endsLine else { throw parser.unexpected(expecting: "a condition") }
                let inner = try parser.disjunction()
                guard parser.current.isSymbol(")") else {
                    throw parser.unexpected(expecting: "')' to close the '(' at \(start.position)")
                }
                parser.advance()
                return inner
            }
        }
        if accept(word: "true") { return .constant(true) }
        if accept(word: "false") { return .constant(false) }
        if let word = current.word, peek().isWord("of") {
            let quantifiers: [String: Quantifier] = ["all": .all, "any": .any, "none": .none]
            if let quantifier = quantifiers[word] {
                advance()
                advance()
                let subject = try self.subject()
                return .test(quantifier, subject: subject, try processTest(), start.position)
            }
        }
        let left = try value()
        if case .symbol(let symbol) = current.kind, let comparison = ComparisonOperator(rawValue: symbol) {
            advance()
            return .comparison(left, comparison, try value(), start.position)
        }
        switch left {
        case .attribute, .count:
            throw unexpected(expecting: "a comparison (==, !=, <, <=, >, >=)")
        default:
            return .test(.all, subject: left, try processTest(), start.position)
        }
    }

    /// What follows a subject: a state, a set of states, or the nature of an exit.
    mutating func processTest() throws(Diagnostic) -> ProcessTest {
        if accept(word: "exited") {
            if accept(word: "expectedly") { return .exited(expected: true) }
            if accept(word: "unexpectedly") { return .exited(expected: false) }
            throw unexpected(expecting: "'expectedly' or 'unexpectedly' after 'exited'")
        }
        _ = accept(word: "is")
        let negated = accept(word: "not")
        if accept(word: "in") {
            guard current.isSymbol("(") else { throw unexpected(expecting: "'(' and a list of states after 'in'") }
            advance()
            var states: Set<ProcessState> = [try state()]
            while current.isSymbol(",") {
                advance()
                states.insert(try state())
            }
            guard current.isSymbol(")") else { throw unexpected(expecting: "',' or ')' in the list of states") }
            advance()
            return .state(StateSet(states: states, negated: negated))
        }
        return .state(StateSet(states: [try state()], negated: negated))
    }

    /// A state name (any case), with a suggestion for a near miss.
    private mutating func state() throws(Diagnostic) -> ProcessState {
        let token = current
        guard let word = token.word else { throw unexpected(expecting: "a state such as RUNNING") }
        if let state = ProcessState(name: word.uppercased()) {
            advance()
            return state
        }
        let names = ProcessState.allCases.map(\.name)
        var message = "unknown state '\(word)'"
        if let near = suggestion(for: word, among: names) {
            message += "; did you mean \(near)?"
        } else {
            message += " (states: \(names.joined(separator: ", ")))"
        }
        throw Diagnostic(message, at: token.position)
    }
}
