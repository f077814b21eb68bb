import BosunControl
import BosunCore
import BosunPlatform
import Glibc

/// The terminal's output: buffered standard output and standard error, written whole under a
/// lock (`FileOutput`), so `fg`'s stream threads may write too.
final class ShellOutput: OutputStreams {
    let stdout = FileOutput(fd: 1)
    let stderr = FileOutput(fd: 2)

    func write(_ text: String) { stdout.write(text) }

    func writeError(_ text: String) {
        stdout.flush()
        stderr.write(text)
        stderr.flush()
    }

    func writeBytes(_ bytes: [UInt8]) { stdout.append(bytes) }

    func flush() { stdout.flush() }
}

/// The terminal's input for the controller's questions: the line editor once the shell has
/// one, else plain lines from standard input with the prompt on standard output.
final class ShellInput: ControllerInput {
    var editor: LineEditor?
    private let output: ShellOutput
    private lazy var plainInput = FileLineReader(fd: 0)

    init(output: ShellOutput) { self.output = output }

    func readLine(prompt: String) -> String? {
        if let editor { return editor.readLine(prompt: prompt) }
        output.stdout.write(prompt)
        output.stdout.flush()
        return plainInput.readLine()
    }

    func readPassword(prompt: String) -> String? {
        if let editor { return editor.readSecret(prompt: prompt) }
        return readLine(prompt: prompt)
    }

    func liveScreen() -> (any LiveScreen)? {
        isatty(0) == 1 && isatty(1) == 1 ? TerminalScreen(output: output.stdout) : nil
    }

    func localProcessTable() -> ProcessTable { ProcessTable.read() }
}
