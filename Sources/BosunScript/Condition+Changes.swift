extension Condition {
    /// Whether only a change of the processes (a state, with the pid, exit status and spawn
    /// error that come with it, or a group added or removed) can change the condition's
    /// answer. False when it reads the clock (`uptime of`, or `description of`, which holds
    /// the uptime) or runs commands (`$(...)`): those answers move on their own, so a wait on
    /// them polls. Variables cannot change while a wait checks.
    var changesOnlyWithProcesses: Bool {
        switch self {
        case .test(_, let subject, _, _): subject.changesOnlyWithProcesses
        case .comparison(let left, _, let right, _): left.changesOnlyWithProcesses && right.changesOnlyWithProcesses
        case .not(let inner): inner.changesOnlyWithProcesses
        case .and(let left, let right), .or(let left, let right): left.changesOnlyWithProcesses && right.changesOnlyWithProcesses
        case .constant: true
        }
    }
}

extension Expression {
    /// Whether the value can change only when the processes change (see `Condition`).
    var changesOnlyWithProcesses: Bool {
        switch self {
        case .word, .variable: true
        case .text(let parts):
            parts.allSatisfy { part in
                if case .output = part { return false }
                return true
            }
        case .output: false
        case .attribute(let attribute, let subject): attribute != .uptime && attribute != .description && subject.changesOnlyWithProcesses
        case .count(let subject, _): subject.changesOnlyWithProcesses
        }
    }
}
