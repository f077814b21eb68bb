import BosunControl

/// The controller's window on the terminal: buffered stdout, stderr, and the line editor for
/// the few questions commands ask.
final class ShellIO: ControllerIO {
    let stdout = FileOutput(fd: 1)
    let stderr = FileOutput(fd: 2)
    var editor: LineEditor?
    private lazy var plainInput = FileLineReader(fd: 0)
    /// While a script's `$(command)` runs: what it prints, kept instead of shown.
    private var captured: [UInt8]?

    func beginCapture() { captured = [] }

    /// Ends the capture and returns what was printed since `beginCapture`.
    func endCapture() -> String {
        defer { captured = nil }
        return String(decoding: captured ?? [], as: UTF8.self)
    }

    func write(_ text: String) {
        if captured != nil { captured! += Array(text.utf8) } else { stdout.write(text) }
    }

    func writeError(_ text: String) {
        stdout.flush()
        stderr.write(text)
        stderr.flush()
    }

    func writeBytes(_ bytes: [UInt8]) {
        if captured != nil { captured! += bytes } else { stdout.append(bytes) }
    }

    func flush() { stdout.flush() }

    func readLine(prompt: String) -> String? {
        if let editor { return editor.readLine(prompt: prompt) }
        stdout.write(prompt)
        stdout.flush()
        return plainInput.readLine()
    }

    func readPassword(prompt: String) -> String? {
        if let editor { return editor.readSecret(prompt: prompt) }
        return readLine(prompt: prompt)
    }
}
