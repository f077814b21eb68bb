import Foundation

/// A program running in a detached tmux pane, typed into and read back as a person would.
package final class TmuxSession {
    private let tmux = Tools.which("tmux")
    private let name = "bosun-\(UUID().uuidString.prefix(8))"
    private let command: String

    /// `command` is a shell command line; end it with `; sleep 60` to keep the pane readable
    /// after the program exits.
    package init(command: String) { self.command = command }

    deinit { kill() }

    package func start() throws {
        _ = try runCommand(tmux, ["new-session", "-d", "-s", name, "-x", "150", "-y", "40", command], discardOutput: true)
    }

    /// Sends keys (`"Enter"`, `"C-c"`, `"Tab"`, `"Up"` or literal text). Beware that text which
    /// spells a key name (`end`, `home`) is sent as that key: use `type` for lines.
    package func keys(_ keys: String...) throws { _ = try runCommand(tmux, ["send-keys", "-t", name] + keys) }

    /// Types `text` literally, without Enter (to press Tab after it).
    package func send(_ text: String) throws { _ = try runCommand(tmux, ["send-keys", "-t", name, "-l", text]) }

    /// Types `line` literally, then Enter.
    package func type(_ line: String) throws {
        try send(line)
        try keys("Enter")
    }

    /// The pane's text; tmux drops each line's trailing spaces.
    package func screen() -> String { (try? runCommand(tmux, ["capture-pane", "-p", "-t", name]).output) ?? "" }

    package func shows(_ text: String) -> Bool { waitFor(timeout: 20) { screen().contains(text) } }

    /// Waits until the last line shown is exactly `prompt` (a fresh, empty prompt).
    package func promptIsBack(_ prompt: String = "supervisor>") -> Bool {
        waitFor(timeout: 20) { screen().split(separator: "\n").last { !$0.isEmpty }.map(String.init) == prompt }
    }

    package func kill() { _ = try? runCommand(tmux, ["kill-session", "-t", name]) }
}
