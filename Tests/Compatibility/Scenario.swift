import Testing
import TestSupport

/// A compatibility scenario: a config and the steps run against it. Written once, run for
/// every pairing; each step adds one entry to the transcript that is compared.
struct Scenario: Sendable, CustomTestStringConvertible {
    var name: String
    /// Config text; `@DIR@` becomes the sandbox directory.
    var config: String
    var steps: [Step]
    /// Wait for no process to be STARTING or in BACKOFF before the first step.
    var settle = true
    /// Start the daemon only when it answers `status` (false for configs without the RPC interface).
    var daemonAnswers = true

    var testDescription: String { name }
}

/// One thing a scenario does, and what it records.
enum Step: Sendable {
    /// A one-shot client command: exit status, stdout and stderr.
    case run([String])
    /// The same, with the lines of the output sorted: supervisord reports the members of a
    /// group or of `all` in the order their operations finish, which is timing.
    case runUnordered([String])
    /// `maintail`: the complete log lines of the output, sorted.
    case runLogTail([String])
    /// A client command that runs until Ctrl-C (`tail -f`), interrupted after `seconds`:
    /// stdout only (supervisorctl and bosun exit differently on SIGINT, docs/compatibility.md).
    case stream([String], seconds: Double)
    /// `maintail -f`: its banner, and whether whole log lines followed before Ctrl-C (which
    /// lines fall in the first 1024 bytes depends on the lengths of pids).
    case streamLogTail([String], seconds: Double)
    /// The shell reading commands piped on stdin.
    case session(String)
    /// Rewrites the config (records nothing).
    case writeConfig(String)
    /// Sends a signal to the daemon (records nothing).
    case signalDaemon(Int32)
    /// Waits until a client's `status` output contains `text`; records whether it did.
    case waitForStatus(containing: String)
    /// Waits until no process is STARTING or in BACKOFF (records nothing).
    case settle
    /// Waits for the daemon to exit; records its exit status.
    case waitForExit
    /// Waits until the file (relative to the sandbox) contains `text`, then records its lines
    /// with `mask` applied, sorted when `sorted`.
    case file(String, containing: String, sorted: Bool)
    /// Waits until the file contains `waitFor`, then records its lines that contain `text`.
    case fileLines(String, waitFor: String, containing: String)
    /// Records the main log's lines that contain `text`, timestamps and pids masked, in order.
    case mainLogLines(containing: String)
    /// Records whether the process whose pid the file holds is alive.
    case pidFileAlive(String)
    /// Runs a shell command in the sandbox (records nothing): moving a log away, say.
    case shell(String)
    /// Runs a helper script from Tests/TestSupport/Scripts with python3: its stdout lines.
    case python(script: String, arguments: [String])
    /// Waits a moment (records nothing).
    case pause(Double)
}
