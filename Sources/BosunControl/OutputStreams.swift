/// Where commands write: standard output and standard error.
///
/// Everything supervisorctl prints, errors included, goes to standard output; only `tail -f`
/// stream errors and the messages of a `--json` command go to standard error. Sendable because
/// `fg` streams a process's output through it from its reader threads: each call must be whole
/// (implementations lock).
package protocol OutputStreams: Sendable {
    func write(_ text: String)
    /// Writes to standard error, after whatever standard output holds.
    func writeError(_ text: String)
    /// Writes raw bytes (log data) as they arrive.
    func writeBytes(_ bytes: [UInt8])
    func flush()
}
