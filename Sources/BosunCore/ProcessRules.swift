/// When an exited process is started again (`autorestart`).
public enum AutoRestart: Sendable, Hashable {
    case never
    case always
    case unexpected
}

/// The timing and exit rules of one `[program:x]`, the part of its config the state machine reads.
public struct ProcessRules: Sendable, Hashable {
    public var name: String
    public var autostart: Bool = true
    /// Seconds a child must stay up before STARTING becomes RUNNING.
    public var startsecs: Int = 1
    /// BACKOFF retries before FATAL.
    public var startretries: Int = 3
    public var autorestart: AutoRestart = .unexpected
    public var exitcodes: Set<Int> = [0]
    public var stopsignal: Int32 = 15
    public var stopwaitsecs: Int = 10
    public var stopasgroup: Bool = false
    public var killasgroup: Bool = false

    public init(name: String) { self.name = name }
}
