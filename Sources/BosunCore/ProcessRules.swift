/// When an exited process is started again (`autorestart`).
package enum AutoRestart: Sendable, Hashable {
    case never
    case always
    case unexpected
}

/// The timing and exit rules of one `[program:x]`, the part of its config the state machine reads.
package struct ProcessRules: Sendable, Hashable {
    package var name: String
    package var autostart: Bool = true
    /// Seconds a child must stay up before STARTING becomes RUNNING.
    package var startsecs: Int = 1
    /// BACKOFF retries before FATAL.
    package var startretries: Int = 3
    package var autorestart: AutoRestart = .unexpected
    package var exitcodes: Set<Int> = [0]
    package var stopsignal: Int32 = 15
    package var stopwaitsecs: Int = 10
    package var stopasgroup: Bool = false
    package var killasgroup: Bool = false

    package init(name: String) { self.name = name }
}
