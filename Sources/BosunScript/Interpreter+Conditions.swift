import BosunCore

/// A condition's value; `unknown` only arises when asking whether it can still come true.
enum Truth {
    case yes, no, unknown

    init(_ value: Bool) { self = value ? .yes : .no }

    static prefix func ! (truth: Truth) -> Truth {
        switch truth {
        case .yes: .no
        case .no: .yes
        case .unknown: .unknown
        }
    }
}

extension Interpreter {
    func holds(_ condition: Condition) throws(Unwind) -> Bool {
        try evaluate(condition, settledOnly: false) == .yes
    }

    /// Evaluates `condition` against the current snapshot. With `settledOnly`, only FATAL
    /// processes count as known (a FATAL process stays FATAL until someone starts it; any
    /// other may still change), so `.no` means the condition can no longer come true: a
    /// `wait` treats BACKOFF as still trying and FATAL as failure.
    func evaluate(_ condition: Condition, settledOnly: Bool) throws(Unwind) -> Truth {
        switch condition {
        case .constant(let value):
            return Truth(value)
        case .not(let inner):
            return !(try evaluate(inner, settledOnly: settledOnly))
        case .and(let left, let right):
            let first = try evaluate(left, settledOnly: settledOnly)
            if first == .no { return .no }
            let second = try evaluate(right, settledOnly: settledOnly)
            if second == .no { return .no }
            return first == .yes && second == .yes ? .yes : .unknown
        case .or(let left, let right):
            let first = try evaluate(left, settledOnly: settledOnly)
            if first == .yes { return .yes }
            let second = try evaluate(right, settledOnly: settledOnly)
            if second == .yes { return .yes }
            return first == .no && second == .no ? .no : .unknown
        case .comparison(let left, let comparison, let right, let position):
            if settledOnly { return .unknown }
            return Truth(try compare(text(left, at: position), comparison, text(right, at: position), at: position))
        case .test(let quantifier, let subject, let test, let position):
            let codes = try exitCodes(for: test, at: position)
            let each = try processes(subject, at: position, unreachableAsUnknown: true).map { process -> Truth in
                if settledOnly, process.state != .fatal { return .unknown }
                return Truth(passes(process, test, expected: codes))
            }
            switch quantifier {
            case .all: return combineAll(each)
            case .any: return combineAny(each)
            case .none: return !combineAny(each)
            }
        }
    }

    /// The expected exit codes when `test` needs them (fetched once per run), else none.
    private func exitCodes(for test: ProcessTest, at position: SourcePosition) throws(Unwind) -> [String: [Int]] {
        guard case .exited = test else { return [:] }
        return try expectedExitCodes(at: position)
    }

    private func passes(_ process: ProcessSnapshot, _ test: ProcessTest, expected: [String: [Int]]) -> Bool {
        switch test {
        case .state(let states):
            return states.contains(process.state)
        case .exited(let wantExpected):
            guard process.state == .exited else { return false }
            let codes = expected[process.fullName] ?? [0]
            return codes.contains(process.exitstatus) == wantExpected
        }
    }

    private func combineAll(_ values: [Truth]) -> Truth {
        if values.contains(.no) { return .no }
        return values.allSatisfy { $0 == .yes } ? .yes : .unknown
    }

    private func combineAny(_ values: [Truth]) -> Truth {
        if values.contains(.yes) { return .yes }
        return values.allSatisfy { $0 == .no } ? .no : .unknown
    }

    /// Numbers (and durations, in seconds) compare as numbers; other text compares as text
    /// for `==` and `!=` only.
    private func compare(_ left: String, _ comparison: ComparisonOperator, _ right: String, at position: SourcePosition)
        throws(Unwind) -> Bool
    {
        if let a = DurationText.seconds(left), let b = DurationText.seconds(right) {
            switch comparison {
            case .equal: return a == b
            case .notEqual: return a != b
            case .less: return a < b
            case .lessOrEqual: return a <= b
            case .greater: return a > b
            case .greaterOrEqual: return a >= b
            }
        }
        switch comparison {
        case .equal: return left == right
        case .notEqual: return left != right
        default:
            let culprit = DurationText.seconds(left) == nil ? left : right
            throw .stop(Failure(.runtimeError, "'\(culprit)' is not a number, so '\(comparison.rawValue)' cannot compare it", at: position))
        }
    }

    /// `x is BACKOFF (Exited too quickly...)`: the processes that keep a condition from
    /// holding (those failing a test, or passing one under `not`), for a wait's message.
    func states(in condition: Condition) throws(Unwind) -> String {
        var seen: Set<String> = []
        var parts: [String] = []
        func collect(_ condition: Condition, negated: Bool) throws(Unwind) {
            switch condition {
            case .test(_, let subject, let test, let position):
                let codes = try exitCodes(for: test, at: position)
                for process in try processes(subject, at: position, unreachableAsUnknown: true)
                where passes(process, test, expected: codes) == negated && !seen.contains(process.fullName) {
                    seen.insert(process.fullName)
                    let detail = process.state == .running || process.description.isEmpty ? "" : " (\(process.description))"
                    parts.append("\(process.namespec) is \(process.state.name)\(detail)")
                }
            case .not(let inner): try collect(inner, negated: !negated)
            case .and(let left, let right), .or(let left, let right):
                try collect(left, negated: negated)
                try collect(right, negated: negated)
            case .comparison, .constant: break
            }
        }
        try collect(condition, negated: false)
        return parts.isEmpty ? "the condition is false" : parts.joined(separator: ", ")
    }
}
