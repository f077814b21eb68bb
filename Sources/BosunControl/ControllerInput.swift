package import BosunCore

/// Where a controller reads: answers to its few questions (credentials after a 401, `y/N`),
/// the lines `fg` sends to a process, the keys `top` reads; and what the shell's machine can
/// tell `top` (its `/proc`).
package protocol ControllerInput: AnyObject {
    /// One line of input after showing `prompt`, without its newline; nil at end of input.
    func readLine(prompt: String) -> String?
    /// Like `readLine`, without echo when the input is a terminal.
    func readPassword(prompt: String) -> String?
    /// The terminal as a full screen for `top`; nil when standard input and output are not
    /// both a terminal.
    func liveScreen() -> (any LiveScreen)?
    /// Every process on this machine from `/proc` (`top` against a local supervisord).
    func localProcessTable() -> ProcessTable
}

extension ControllerInput {
    package func liveScreen() -> (any LiveScreen)? { nil }
    package func localProcessTable() -> ProcessTable { ProcessTable(entries: [], ticksPerSecond: 100, pageSize: 4096) }
}
