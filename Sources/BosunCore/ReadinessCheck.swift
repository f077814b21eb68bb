/// How a started process proves it is ready (`ready_check =`, a bosund option): it stays
/// STARTING until the check passes and is RUNNING from then on.
///
/// `startsecs` is supervisord's rule (up for `startsecs` seconds) and the default; every other
/// kind is a probe the daemon runs without blocking its loop.
package enum ReadinessCheck: Sendable, Hashable, CustomStringConvertible {
    case startsecs
    /// A TCP connect to `host:port` succeeds.
    case tcp(host: String, port: Int)
    /// `GET path` on `host:port` answers 2xx.
    case http(host: String, port: Int, path: String)
    /// The command (run by /bin/sh -c) exits 0.
    case exec(String)
    /// A line of the child's stdout or stderr matches the regular expression.
    case log(String)
    /// The child or a descendant sends `READY=1` to `$NOTIFY_SOCKET` (sd_notify).
    case notify
    /// The child writes a newline on descriptor N (s6's readiness protocol).
    case fd(Int32)

    /// Parses an option value; the error is a sentence naming what is wrong.
    package init(parsing text: String) throws(ReadinessCheckError) {
        let value = text.trimmingWhitespace()
        if value == "startsecs" {
            self = .startsecs
        } else if value == "notify" {
            self = .notify
        } else if value.hasPrefix("tcp:") {
            let (host, port) = try Self.hostAndPort(String(value.dropFirst(4)), in: value)
            self = .tcp(host: host, port: port)
        } else if value.hasPrefix("http://") {
            let rest = value.dropFirst(7)
            let slash = rest.firstIndex(of: "/") ?? rest.endIndex
            let (host, port) = try Self.hostAndPort(String(rest[..<slash]), in: value)
            self = .http(host: host, port: port, path: slash == rest.endIndex ? "/" : String(rest[slash...]))
        } else if value.hasPrefix("exec:") {
            let command = String(value.dropFirst(5)).trimmingWhitespace()
            guard !command.isEmpty else { throw ReadinessCheckError("ready_check exec: needs a command") }
            self = .exec(command)
        } else if value.hasPrefix("log:") {
            let pattern = String(value.dropFirst(4))
            guard !pattern.isEmpty else { throw ReadinessCheckError("ready_check log: needs a regular expression") }
            self = .log(pattern)
        } else if value.hasPrefix("fd:") {
            guard let number = Int32(value.dropFirst(3)), (3...1023).contains(number) else {
                throw ReadinessCheckError("ready_check fd:N needs a descriptor number from 3 to 1023, not \(value.dropFirst(3))")
            }
            self = .fd(number)
        } else {
            throw ReadinessCheckError(
                "ready_check must be startsecs, tcp:HOST:PORT, http://HOST:PORT/PATH, exec:COMMAND, log:REGEX, notify or fd:N, not \(value)")
        }
    }

    /// `HOST:PORT` with the port in 1...65535; an IPv6 host may be written in brackets.
    private static func hostAndPort(_ text: String, in value: String) throws(ReadinessCheckError) -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port)
        else { throw ReadinessCheckError("ready_check \(value) needs HOST:PORT with a port from 1 to 65535") }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ReadinessCheckError("ready_check \(value) needs a host") }
        return (host, port)
    }

    /// The option value it was parsed from.
    package var description: String {
        switch self {
        case .startsecs: "startsecs"
        case .tcp(let host, let port): "tcp:\(host.contains(":") ? "[\(host)]" : host):\(port)"
        case .http(let host, let port, let path): "http://\(host.contains(":") ? "[\(host)]" : host):\(port)\(path)"
        case .exec(let command): "exec:\(command)"
        case .log(let pattern): "log:\(pattern)"
        case .notify: "notify"
        case .fd(let number): "fd:\(number)"
        }
    }

    /// Whether the daemon probes again every `ready_interval` (the others are told).
    package var isPolled: Bool {
        switch self {
        case .tcp, .http, .exec: true
        case .startsecs, .log, .notify, .fd: false
        }
    }
}

/// Why a `ready_check` value was refused.
package struct ReadinessCheckError: Error, Sendable, Hashable {
    package var message: String
    package init(_ message: String) { self.message = message }
}

/// The readiness part of a program's config.
package struct ReadinessRule: Sendable, Hashable {
    package var check: ReadinessCheck = .startsecs
    /// Seconds a start may take to become ready before it counts as failed; 0: no limit.
    package var timeout: Double = 60
    /// Seconds between probes of a polled check.
    package var interval: Double = 1

    package init() {}
}

extension ReadinessRule {
    /// Seconds as a config writes them: `60`, `2.5`.
    package static func secondsText(_ seconds: Double) -> String {
        seconds == seconds.rounded() && abs(seconds) < 1e15 ? String(Int(seconds)) : String(seconds)
    }
}
