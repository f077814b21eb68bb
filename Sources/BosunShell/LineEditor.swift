@preconcurrency import CEditLine
import BosunControl
import Glibc

/// Reads command lines: through libedit (editing, history, completion) when standard input is
/// a terminal, else plain lines with the prompt printed as Python's `input()` prints it.
///
/// Invariant: at most one editor is active per process (libedit's readline API is global), and
/// it is `LineEditor.active` while it exists.
final class LineEditor {
    /// Candidates for the word being completed, given the word and the whole line.
    typealias Completer = (_ text: String, _ line: String) -> [String]

    nonisolated(unsafe) static var active: LineEditor?

    let isTerminal: Bool
    private let historyFile: String?
    private let completer: Completer
    private let output: FileOutput
    private let plainInput = FileLineReader(fd: 0)
    /// Matches computed for the current completion, handed out one by one to libedit.
    private var matches: [String] = []

    init(historyFile: String?, output: FileOutput, completer: @escaping Completer) {
        self.isTerminal = isatty(0) == 1
        self.historyFile = historyFile
        self.output = output
        self.completer = completer
        LineEditor.active = self
        guard isTerminal else { return }
        Self.useCharacterEncodingOfTheTerminal()
        rl_readline_name = UnsafePointer(strdup("bosun"))
        rl_catch_signals = 0
        // supervisorctl's delimiters: readline's, less ':', '*' and '-' so that
        // `group:*` and names with dashes complete as one word.
        rl_completer_word_break_characters = strdup(" \t\n`~!@#$%^&()=+[{]}\\|;'\",<>/?")
        rl_attempted_completion_function = { text, _, _ in
            rl_attempted_completion_over = 1
            rl_completion_append_character = 0
            guard let editor = LineEditor.active, let text else { return nil }
            let line = rl_line_buffer.map { String(cString: $0) } ?? ""
            editor.matches = editor.completer(String(cString: text), line)
            guard !editor.matches.isEmpty else { return nil }
            return rl_completion_matches(text) { _, state in
                guard let editor = LineEditor.active, Int(state) < editor.matches.count else { return nil }
                return strdup(editor.matches[Int(state)])
            }
        }
        using_history()
        if let historyFile { _ = read_history(historyFile) }
    }

    /// libedit reads, edits and completes multibyte characters only under a locale that says
    /// how they are encoded: the environment's, or C.UTF-8 where that is plain C/POSIX (as
    /// Python coerces its C locale, PEP 538, so that supervisorctl takes `ü` there too).
    private static func useCharacterEncodingOfTheTerminal() {
        let chosen = setlocale(LC_CTYPE, "").map { String(cString: $0) }
        if chosen == nil || chosen == "C" || chosen == "POSIX" { setlocale(LC_CTYPE, "C.UTF-8") }
    }

    /// One line, or nil at end of input (Ctrl-D) or when Ctrl-C interrupted the read.
    func readLine(prompt: String) -> String? {
        output.flush()
        guard isTerminal else {
            output.write(prompt)
            output.flush()
            return plainInput.readLine()
        }
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        let line = String(cString: raw)
        if !line.allSatisfy(\.isWhitespace) { add_history(line) }
        return line
    }

    /// A line read without echo (for `Password:`), as Python's `getpass` reads it: from the
    /// terminal when there is one, else from standard input with a warning on standard error.
    func readSecret(prompt: String) -> String? {
        output.flush()
        let tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard tty >= 0 else {
            let stderr = FileOutput(fd: 2)
            stderr.write("Warning: Password input may be echoed.\n\(prompt)")
            stderr.flush()
            return plainInput.readLine()
        }
        defer { close(tty) }
        let ttyOutput = FileOutput(fd: tty)
        ttyOutput.write(prompt)
        ttyOutput.flush()
        var saved = termios()
        tcgetattr(tty, &saved)
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(tty, TCSAFLUSH, &quiet)
        defer {
            tcsetattr(tty, TCSAFLUSH, &saved)
            ttyOutput.write("\n")
            ttyOutput.flush()
        }
        return FileLineReader(fd: tty).readLine()
    }

    /// Writes the history file, if there is one.
    func saveHistory() {
        guard isTerminal, let historyFile else { return }
        _ = write_history(historyFile)
    }
}
