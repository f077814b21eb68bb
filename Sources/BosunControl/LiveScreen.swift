/// A terminal used as a full screen (`top`): input a key at a time, output redrawn in place.
/// BosunShell's `TerminalScreen` is the real one.
package protocol LiveScreen: AnyObject {
    /// Takes the terminal over: keys unbuffered and unechoed, a screen of its own, no cursor.
    func start()
    /// Gives the terminal back as it was; safe to call more than once.
    func finish()
    /// Rows and columns now (they follow the window's size).
    func size() -> (rows: Int, columns: Int)
    /// Replaces what the screen shows with `lines`, each at most `columns` wide.
    func show(_ lines: [String])
    /// The next key, waiting at most `seconds`; nil when none came.
    func key(waitingUpTo seconds: Double) -> TerminalKey?
}

/// A key `top` acts on.
package enum TerminalKey: Equatable, Sendable {
    case character(Character)
    case enter
    case escape
    case backspace
    /// The terminal's interrupt character read as a key (when it does not raise SIGINT).
    case interrupt
    /// Input closed (Ctrl-D, or the terminal went away).
    case endOfInput
}
