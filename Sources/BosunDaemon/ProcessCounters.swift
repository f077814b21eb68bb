/// What happened to a process since the daemon started (or its group was added): the counters
/// `/metrics` exports. Invariant: each only grows.
struct ProcessCounters {
    /// Children spawned.
    var spawns = 0
    /// Exits nobody asked for whose code is not in `exitcodes`, and exits before a start
    /// succeeded (too quickly).
    var unexpectedExits = 0
    /// Times it went FATAL.
    var fatals = 0
    /// Spawns that failed before a child ran (no such command, not executable, fork failed).
    var spawnErrors = 0
    /// Bytes the children wrote on each channel.
    var stdoutBytes = 0
    var stderrBytes = 0

    /// The children spawned after the first: restarts of any kind.
    var restarts: Int { max(0, spawns - 1) }
}
