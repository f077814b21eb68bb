import BosunControl
import Glibc

/// The interactive loop: `status` on entry, then one command per line until EOF, quit or exit.
/// Like supervisorctl's shell, its exit status is always 0.
final class Shell {
    private let controller: Controller
    private let io: ShellIO
    private let editor: LineEditor

    init(controller: Controller, io: ShellIO) {
        self.controller = controller
        self.io = io
        editor = LineEditor(historyFile: controller.options.historyFile, output: io.stdout) {
            [controller] text, line in controller.completions(text: text, line: line)
        }
        io.editor = editor
    }

    func run() -> Int32 {
        controller.onecmd("status")
        while true {
            let prompt = controller.options.prompt + "> "
            guard let line = editor.readLine(prompt: prompt) else {
                if Interrupt.clear() {
                    // Ctrl-C at the prompt: drop the line and ask again.
                    io.write("\n")
                    continue
                }
                controller.onecmd("EOF")
                break
            }
            if controller.onecmd(line) { break }
        }
        editor.saveHistory()
        io.flush()
        return 0
    }
}
