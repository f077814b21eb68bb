package import BosunCore

/// A parsed script: statements in order. Built only by `Parser`, so it is always well formed.
package struct Program: Sendable, Hashable {
    package var statements: [Statement]
}

/// One statement and where it starts.
package struct Statement: Sendable, Hashable {
    package indirect enum Kind: Sendable, Hashable {
        /// A shell command line (`start x`), run exactly as at the prompt.
        case command(CommandCall)
        case assign(name: String, value: Expression)
        case echo([Expression])
        case sleep(Expression)
        case exit(Expression?)
        case fail([Expression])
        /// `if`, then each `elif`: the first true condition's block runs, else `otherwise`.
        case conditional([Branch], otherwise: [Statement])
        case loop(Condition, [Statement])
        /// `for name in spec ...`: `name` takes each matching process's name in turn.
        case each(variable: String, specs: [Expression], body: [Statement])
        case wait(Wait)
        /// `try`: a failure in `body` runs `recovery` (with `$error` set) instead of stopping.
        case attempt(body: [Statement], recovery: [Statement])
    }

    package var kind: Kind
    package var position: SourcePosition
}

/// One `if` or `elif` and its block.
package struct Branch: Sendable, Hashable {
    package var condition: Condition
    package var body: [Statement]
}

/// `wait until CONDITION [timeout D] [every D] [then ...] [else ...]`.
package struct Wait: Sendable, Hashable {
    package var condition: Condition
    package var timeout: Expression?
    package var interval: Expression?
    /// Runs once the condition holds.
    package var then: [Statement]
    /// Runs when the wait times out or a FATAL process makes the condition impossible; nil
    /// means the script stops with the wait's exit code.
    package var otherwise: [Statement]?
}

/// A command name and its argument words, as written.
package struct CommandCall: Sendable, Hashable {
    package var name: String
    package var arguments: [Expression]
    package var position: SourcePosition
}

/// A value in a script. Everything is text; comparisons read numbers and durations out of it.
package indirect enum Expression: Sendable, Hashable {
    /// A bare word. Where a process is meant (command arguments, subjects) a word that names a
    /// variable stands for its value; elsewhere it is itself.
    case word(String, SourcePosition)
    /// A quoted string: text, variables and command output, joined.
    case text([Interpolation])
    case variable(String, SourcePosition)
    /// `$(command)`: what the command prints, without trailing newlines.
    case output(CommandCall)
    /// `pid of x`, `uptime of x`, ...
    case attribute(ProcessAttribute, of: Expression)
    /// `count of spec [is STATE | in (STATES)]`: how many of the matching processes are in
    /// those states (all of them without a state).
    case count(of: Expression, states: StateSet?)
}

package enum Interpolation: Sendable, Hashable {
    case text(String)
    case variable(String, SourcePosition)
    case output(CommandCall)
}

package enum ProcessAttribute: String, Sendable, Hashable, CaseIterable {
    case pid, uptime, exitstatus, state, spawnerr, description
}

/// A set of states and whether the test is negated (`is not`, `not in`).
package struct StateSet: Sendable, Hashable {
    package var states: Set<ProcessState>
    package var negated: Bool

    func contains(_ state: ProcessState) -> Bool { states.contains(state) != negated }
}

/// How a test over a spec's processes combines them.
package enum Quantifier: Sendable, Hashable {
    /// Every matching process passes (the meaning of a plain `spec STATE`).
    case all
    case any
    case none
}

/// What is tested of each process.
package enum ProcessTest: Sendable, Hashable {
    case state(StateSet)
    /// Exited with a code in (`expected: true`) or out of its program's `exitcodes`.
    case exited(expected: Bool)
}

package enum ComparisonOperator: String, Sendable, Hashable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}

package indirect enum Condition: Sendable, Hashable {
    case test(Quantifier, subject: Expression, ProcessTest, SourcePosition)
    case comparison(Expression, ComparisonOperator, Expression, SourcePosition)
    case not(Condition)
    case and(Condition, Condition)
    case or(Condition, Condition)
    case constant(Bool)
}
