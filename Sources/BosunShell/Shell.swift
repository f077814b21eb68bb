import BosunControl
import BosunScript
import Glibc

/// The interactive loop: `status` on entry, then one command per line until EOF, quit or exit.
/// A line that starts a script statement (`if`, `wait`, `x = ...`) is read on, with a
/// continuation prompt, until its blocks are closed, then run; Ctrl-C stops it and returns to
/// the prompt. Like supervisorctl's shell, its exit status is always 0.
final class Shell {
    private let controller: any ShellSession
    private let output: ShellOutput
    private let editor: LineEditor
    private let scripts: ScriptRunner

    init(controller: any ShellSession, input: ShellInput, output: ShellOutput, scripts: ScriptRunner) {
        self.controller = controller
        self.output = output
        self.scripts = scripts
        editor = LineEditor(historyFile: controller.options.historyFile, output: output.stdout) {
            [controller] text, line in Self.completions(controller, text: text, line: line)
        }
        input.editor = editor
    }

    func run() -> Int32 {
        controller.run("status", to: output)
        var block: [String] = []
        while true {
            let prompt = controller.options.prompt + (block.isEmpty ? "> " : "... ")
            guard let line = editor.readLine(prompt: prompt) else {
                if Interrupt.clear() {
                    // Ctrl-C at the prompt: drop the line (and any open block) and ask again.
                    output.write("\n")
                    block = []
                    continue
                }
                if !block.isEmpty { runBlock(block) }
                controller.run("EOF", to: output)
                break
            }
            if block.isEmpty, !Self.isScript(line) {
                if controller.run(line, to: output).endsSession { break }
                continue
            }
            block.append(line)
            if ScriptRunner.parse(block.joined(separator: "\n")).isIncomplete { continue }
            runBlock(block)
            block = []
        }
        editor.saveHistory()
        output.flush()
        return 0
    }

    private func runBlock(_ lines: [String]) {
        let code = scripts.run(lines.joined(separator: "\n"), file: "<prompt>")
        if code == ScriptExit.interrupted, Interrupt.clear() { output.write("\n") }
    }

    /// supervisorctl's completions, plus the statement words first on a line and process names
    /// anywhere after a statement word (`wait until fe<Tab>`).
    static func completions(_ controller: any ShellSession, text: String, line: String) -> [String] {
        let words = line.split(whereSeparator: \.isWhitespace)
        if words.count <= 1, !line.hasSuffix(" ") {
            let statements = Parser.statementWords.filter { $0.hasPrefix(text) }.map { $0 + " " }
            return (controller.completions(text: text, line: line) + statements).sorted()
        }
        if let first = words.first, Parser.startsStatement(String(first)) {
            return controller.completions(text: text, line: "status " + text)
        }
        return controller.completions(text: text, line: line)
    }

    /// A line for the script interpreter rather than the command loop: a statement keyword or
    /// an assignment (`name = value`).
    static func isScript(_ line: String) -> Bool {
        let trimmed = line.drop(while: \.isWhitespace)
        let name = trimmed.prefix { $0 == "_" || $0.isLetter || $0.isNumber }
        if Parser.startsStatement(String(name)), trimmed.dropFirst(name.count).first?.isWhitespace ?? true { return true }
        let rest = trimmed.dropFirst(name.count).drop(while: \.isWhitespace)
        return !name.isEmpty && rest.first == "=" && rest.dropFirst().first != "="
    }
}
