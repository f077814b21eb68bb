import Foundation

/// A daemon, the real Python supervisord or bosund, on a config of the test's own, in a
/// temporary directory.
///
/// `@DIR@` in the config text is replaced with the sandbox directory. The daemon runs in the
/// foreground (`-n`) as a child of the test, and is stopped by pid when the sandbox stops.
package final class SupervisordSandbox: @unchecked Sendable {
    /// Which daemon a sandbox runs.
    package enum Daemon: String, Sendable, CaseIterable, CustomStringConvertible {
        case supervisord
        case bosund

        package var executable: String { self == .supervisord ? Tools.supervisord : Tools.bosund }
        package var description: String { rawValue }
    }

    package let directory: String
    package let daemonKind: Daemon
    package let configPath: String
    private var daemon: ChildProcess?

    package init(config: String, daemon: Daemon = .supervisord) throws {
        daemonKind = daemon
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("bosun-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        directory = base.path
        configPath = base.appendingPathComponent("supervisord.conf").path
        try writeConfig(config)
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    package var socketPath: String { directory + "/supervisor.sock" }

    /// Rewrites the config (for reread/update scenarios).
    package func writeConfig(_ config: String) throws {
        try config.replacingOccurrences(of: "@DIR@", with: directory)
            .write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// Starts the daemon and waits until it answers and (with `settle`) no process is still
    /// STARTING or in BACKOFF, so that every client sees the same settled state.
    package func start(settle: Bool = true) throws {
        daemon = try ChildProcess(
            daemonKind.executable, ["-n", "-c", configPath], directory: directory,
            environment: ProcessInfo.processInfo.environment)
        let up = waitFor {
            // Without settling, a listening unix socket is enough (status may never exit 0-3
            // for a daemon that lacks the supervisor RPC interface).
            if !settle && FileManager.default.fileExists(atPath: socketPath) { return true }
            guard let result = try? ctl(["status"]) else { return false }
            guard result.status != 4 && result.status != 7 else { return false }
            return !settle || !(result.output.contains("STARTING") || result.output.contains("BACKOFF"))
        }
        if !up { throw SandboxError.daemonDidNotSettle(directory) }
    }

    /// Waits until no process is STARTING or in BACKOFF; returns whether that happened.
    @discardableResult
    package func waitUntilSettled(timeout: Double = 30) -> Bool {
        waitFor(timeout: timeout) {
            guard let result = try? ctl(["status"]) else { return false }
            return !(result.output.contains("STARTING") || result.output.contains("BACKOFF"))
        }
    }

    /// Runs the real supervisorctl against this daemon.
    package func ctl(_ arguments: [String], stdin: String? = nil) throws -> CommandResult {
        try runCommand(Tools.supervisorctl, ["-c", configPath] + arguments, stdin: stdin, directory: directory)
    }

    /// Runs bosun against this daemon.
    package func bosun(_ arguments: [String], stdin: String? = nil) throws -> CommandResult {
        try runCommand(Tools.bosun, ["-c", configPath] + arguments, stdin: stdin, directory: directory)
    }

    package var isRunning: Bool { daemon?.isRunning ?? false }

    /// The daemon's pid while it runs.
    package var daemonPID: Int32? { daemon?.pid }

    /// Sends `signal` to the daemon.
    package func signalDaemon(_ signal: Int32) { daemon?.signal(signal) }

    /// Waits for the daemon to exit and returns its exit status.
    package func waitForExit(timeout: Double = 30) -> Int32? { daemon?.wait(timeout: timeout) }

    /// The daemon's main log (`logfile=@DIR@/supervisord.log` in the fixtures), or "".
    package var mainLog: String { (try? String(contentsOfFile: directory + "/supervisord.log", encoding: .utf8)) ?? "" }

    /// Waits until the main log contains `text`; returns whether it did.
    @discardableResult
    package func waitForLog(_ text: String, count: Int = 1, timeout: Double = 30) -> Bool {
        waitFor(timeout: timeout) { mainLog.components(separatedBy: text).count - 1 >= count }
    }

    /// Stops the daemon (SIGTERM, then SIGKILL after 20 s) and reaps it.
    package func stop() {
        guard let daemon, daemon.isRunning else { return }
        daemon.signal(SIGTERM)
        if daemon.wait(timeout: 20) == nil { _ = daemon.terminate() }
    }
}

package enum SandboxError: Error {
    case daemonDidNotSettle(String)
}

/// Replaces what legitimately differs between two runs: pids, uptimes, stop dates, the
/// sandbox directory, program paths and the Python source location in `error:` lines.
package func maskVolatile(_ text: String, directory: String? = nil) -> String {
    var masked = text
    if let directory { masked = masked.replacingOccurrences(of: directory, with: "<DIR>") }
    let rules: [(String, String)] = [
        (#"pid \d+"#, "pid <PID>"),
        (#"uptime (\d+ days?, )?\d+:\d\d:\d\d"#, "uptime <UPTIME>"),
        (#"[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M"#, "<DATE>"),
        (#"file: \S+ line: \d+"#, "file: <FILE> line: <LINE>"),
        (#"(?m)^\d+$"#, "<NUMBER>"),
        (#"/tmp/bosun-test-[0-9A-F]{8}"#, "<DIR>"),
        (#"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}"#, "<TIMESTAMP>"),
    ]
    for (pattern, replacement) in rules {
        masked = masked.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
    }
    for pattern in [#"(?m)(?<=^For help, use )\S+(?= -h$)"#, #"(?m)(?<=^Usage: )\S+(?= \[options\])"#] {
        masked = masked.replacingOccurrences(of: pattern, with: "<PROG>", options: .regularExpression)
    }
    return masked
}
