/// Where a controller writes and, for its few questions, reads.
///
/// Everything supervisorctl prints, errors included, goes to standard output; only `tail -f`
/// stream errors go to standard error.
package protocol ControllerIO: AnyObject {
    func write(_ text: String)
    func writeError(_ text: String)
    /// Writes raw bytes (log data) as they arrive.
    func writeBytes(_ bytes: [UInt8])
    func flush()
    /// One line of input after showing `prompt`, without its newline; nil at end of input.
    func readLine(prompt: String) -> String?
    /// Like `readLine`, without echo when the input is a terminal.
    func readPassword(prompt: String) -> String?
}
