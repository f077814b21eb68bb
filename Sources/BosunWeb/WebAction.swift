/// What a button on the status page asks for. The page's buttons send it as one field,
/// `do=VERB[:NAME]` (`stop:feeds:md1`, `restartgroup:feeds`, `stopall`), since a button carries
/// one name and value; supervisord's links send `action=VERB&processname=NAME`.
package enum WebAction: Sendable, Equatable {
    /// `start`, `stop`, `restart` or `clearlog` of one process (its namespec).
    case process(Verb, String)
    /// `start`, `stop` or `restart` of every process of a group.
    case group(Verb, String)
    /// `start`, `stop` or `restart` of every process.
    case all(Verb)
    /// Nothing: the page is shown again.
    case refresh

    package enum Verb: String, Sendable, CaseIterable {
        case start, stop, restart, clearlog
    }

    /// The action a `do` field names, nil for anything else.
    package init?(field: String) {
        let parts = field.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        self.init(action: parts[0], name: parts.count > 1 ? parts[1] : nil)
    }

    /// The action supervisord's `action` and `processname` fields name, nil for anything else
    /// (an action that needs a name without one included).
    package init?(action: String, name: String?) {
        switch (action, name) {
        case ("refresh", _): self = .refresh
        case ("startall", _): self = .all(.start)
        case ("stopall", _): self = .all(.stop)
        case ("restartall", _): self = .all(.restart)
        case (let verb, let name?) where verb.hasSuffix("group") && !name.isEmpty:
            guard let verb = Verb(rawValue: String(verb.dropLast("group".count))), verb != .clearlog else { return nil }
            self = .group(verb, name)
        case (let verb, let name?) where !name.isEmpty:
            guard let verb = Verb(rawValue: verb) else { return nil }
            self = .process(verb, name)
        default: return nil
        }
    }

    /// The `do` field that asks for this action.
    package var field: String {
        switch self {
        case .process(let verb, let name): "\(verb.rawValue):\(name)"
        case .group(let verb, let name): "\(verb.rawValue)group:\(name)"
        case .all(let verb): "\(verb.rawValue)all"
        case .refresh: "refresh"
        }
    }

    /// How the page names it, for a confirmation: `Stop feeds:md1`, `Restart every process`.
    package var title: String {
        switch self {
        case .process(let verb, let name): "\(verb.label) \(name)"
        case .group(let verb, let name): "\(verb.label) group \(name)"
        case .all(let verb): "\(verb.label) every process"
        case .refresh: "Refresh"
        }
    }

    /// Whether it changes anything (everything but `refresh`): a GET that asks for it (one of
    /// supervisord's links) is shown it as a button to confirm. Every POST needs the page's
    /// token, `refresh` included.
    package var changesState: Bool { self != .refresh }
}

extension WebAction.Verb {
    package var label: String {
        switch self {
        case .start: "Start"
        case .stop: "Stop"
        case .restart: "Restart"
        case .clearlog: "Clear log"
        }
    }
}
