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
    /// bosund's own options, shared with the program's config.
    package var policies = ProgramPolicies.standard

    /// How a start proves it is ready (bosund's `ready_check`, `ready_timeout`, `ready_interval`).
    package var readiness: ReadinessRule {
        get { policies.readiness }
        set { policies = policies.with { $0.readiness = newValue } }
    }
    /// `retry_forever`: never FATAL from failed starts.
    package var retryForever: Bool {
        get { policies.retryForever }
        set { policies = policies.with { $0.retryForever = newValue } }
    }
    /// `backoff_max`: the wait before retry N is 2^(N-1) seconds, at most this; nil keeps
    /// supervisord's rule (N seconds).
    package var backoffMax: Double? {
        get { policies.backoffMax }
        set { policies = policies.with { $0.backoffMax = newValue } }
    }

    /// Seconds to wait in BACKOFF after failed start number `tries` (1 for the first).
    package func backoffDelay(tries: Int) -> Double {
        guard let backoffMax else { return Double(tries) }
        return min(Double(1 << Int64(min(max(tries - 1, 0), 62))), backoffMax)
    }

    /// Whether failed starts can make the process FATAL after `tries` of them.
    package func givesUp(after tries: Int) -> Bool { !retryForever && tries > startretries }

    package init(name: String) { self.name = name }
}
