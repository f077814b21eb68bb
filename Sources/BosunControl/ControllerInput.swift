/// Where a controller reads: answers to its few questions (credentials after a 401, `y/N`) and
/// the lines `fg` sends to a process.
package protocol ControllerInput: AnyObject {
    /// One line of input after showing `prompt`, without its newline; nil at end of input.
    func readLine(prompt: String) -> String?
    /// Like `readLine`, without echo when the input is a terminal.
    func readPassword(prompt: String) -> String?
}
