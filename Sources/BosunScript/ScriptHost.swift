package import BosunCore

/// Everything a script needs from the world: commands, process states, output, time.
/// The shell implements it over a `Controller`; tests implement it over a fake daemon and a
/// manual clock. The interpreter does no I/O of its own.
package protocol ScriptHost: AnyObject {
    /// Runs one shell command line exactly as the prompt would, printing what it prints;
    /// returns its exit status. A command cut short by Ctrl-C leaves `isInterrupted` set.
    func run(command line: String) -> Int32
    /// Runs one shell command line and returns what it printed instead of printing it.
    func capture(command line: String) -> String
    /// Every process, from one `getAllProcessInfo` call.
    func processes() throws(ScriptHostError) -> [ProcessSnapshot]
    /// Each process's expected exit codes, keyed by `group:name` (from `getAllConfigInfo`).
    func expectedExitCodes() throws(ScriptHostError) -> [String: [Int]]
    func write(_ text: String)
    func writeError(_ text: String)
    /// Seconds on a monotonic clock.
    var now: Double { get }
    /// Sleeps; returns false when Ctrl-C cut the sleep short.
    func sleep(seconds: Double) -> Bool
    /// Waits at most `seconds` for the processes to change after the last `processes()` call:
    /// `.unchanged` only when the daemon said that nothing changed in that time. A host that
    /// cannot hear of changes sleeps `pollInterval` (or `seconds` if shorter) and answers
    /// `.changed`, so the caller looks again: that is the default.
    func waitForChange(upTo seconds: Double, pollInterval: Double) -> ChangeNotice
    /// Whether Ctrl-C was pressed and not yet handled.
    var isInterrupted: Bool { get }
}

extension ScriptHost {
    package func waitForChange(upTo seconds: Double, pollInterval: Double) -> ChangeNotice {
        sleep(seconds: min(seconds, pollInterval)) ? .changed : .interrupted
    }
}

/// What `ScriptHost.waitForChange` came to.
package enum ChangeNotice: Sendable, Hashable {
    /// The processes changed, or may have: look again.
    case changed
    /// Nothing changed for the whole time.
    case unchanged
    /// Ctrl-C cut the wait short.
    case interrupted
}

/// Why the host could not answer (the daemon is unreachable, refused, faulted).
package struct ScriptHostError: Error, Sendable, Hashable {
    package var message: String
    package init(_ message: String) { self.message = message }
}

/// One process as a script sees it.
package struct ProcessSnapshot: Sendable, Hashable {
    package var group: String
    package var name: String
    package var state: ProcessState
    package var pid: Int
    /// Seconds since it started, while RUNNING; else 0.
    package var uptime: Int
    package var exitstatus: Int
    package var spawnerr: String
    package var description: String
    /// The fleet host it runs on; nil with one daemon.
    package var host: String?
    /// Set on the one snapshot that stands for a fleet host that could not be asked (why):
    /// whatever a script names on that host is UNKNOWN, so `x@primary is not RUNNING` holds
    /// and a wait for it goes on.
    package var unreachable: String?

    package init(
        group: String, name: String, state: ProcessState, pid: Int = 0, uptime: Int = 0, exitstatus: Int = 0,
        spawnerr: String = "", description: String = "", host: String? = nil, unreachable: String? = nil
    ) {
        self.group = group
        self.name = name
        self.state = state
        self.pid = pid
        self.uptime = uptime
        self.exitstatus = exitstatus
        self.spawnerr = spawnerr
        self.description = description
        self.host = host
        self.unreachable = unreachable
    }

    /// `name`, or `group:name` when they differ, and `@HOST` in a fleet: the form commands
    /// accept.
    package var namespec: String {
        let name = NameSpec.display(group: group, name: name)
        return host.map { HostedName.display(name, host: $0) } ?? name
    }

    /// `group:name` always (`group:name@HOST` in a fleet): the key of `expectedExitCodes`.
    package var fullName: String { Self.fullName(group: group, name: name, host: host) }

    package static func fullName(group: String, name: String, host: String?) -> String {
        host.map { "\(group):\(name)@\($0)" } ?? "\(group):\(name)"
    }
}
