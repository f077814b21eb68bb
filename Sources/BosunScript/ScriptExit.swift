/// The exit codes of a script run (docs/scripting.md lists them).
package enum ScriptExit {
    package static let success: Int32 = 0
    /// A command failed, or the script said `fail`.
    package static let failure: Int32 = 1
    /// The script has syntax errors, or could not be read; nothing ran.
    package static let syntaxError: Int32 = 2
    /// A `wait` reached its timeout.
    package static let waitTimedOut: Int32 = 3
    /// A `wait` cannot succeed any more: a process it waits for went FATAL.
    package static let waitFailed: Int32 = 4
    /// A runtime error: no such process, an ambiguous name, an unset variable, a value that is
    /// not a number, a daemon that cannot be reached.
    package static let runtimeError: Int32 = 5
    /// Ctrl-C (as shells report SIGINT).
    package static let interrupted: Int32 = 130
}
