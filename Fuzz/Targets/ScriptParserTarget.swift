import BosunScript

/// The script lexer and parser on any text: every diagnostic must point inside the text (or
/// just past its end) and render, and parsing must be deterministic.
enum ScriptParserTarget {
    /// The command words the shell gives the parser.
    static let commands: Set<String> = [
        "add", "avail", "clear", "fg", "help", "maintail", "open", "pid", "reload", "remove", "reread", "restart",
        "shutdown", "signal", "start", "status", "stop", "tail", "update", "version",
    ]

    static func run(_ bytes: [UInt8]) {
        let source = String(decoding: bytes, as: UTF8.self)
        let result = Parser.parse(source, commands: commands)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).count
        for diagnostic in result.diagnostics {
            let position = diagnostic.position
            fuzzCheck(position.line >= 1 && position.line <= lines + 1, "diagnostic at line \(position.line) of \(lines)")
            fuzzCheck(position.column >= 1, "diagnostic at column \(position.column)")
            _ = diagnostic.rendered(file: "fuzz.bosun", source: source)
        }
        fuzzCheck(zip(result.diagnostics, result.diagnostics.dropFirst()).allSatisfy { $0.position <= $1.position }, "diagnostics out of order")
        let again = Parser.parse(source, commands: commands)
        fuzzCheck(again.program == result.program && again.diagnostics == result.diagnostics, "parsing is not deterministic")
    }
}
