import BosunScript
import Foundation
import Testing
import TestSupport

/// The commands the real shell passes to the parser.
let shellCommands: Set<String> = [
    "add", "avail", "clear", "fg", "help", "maintail", "open", "pid", "reload", "remove", "reread", "restart",
    "shutdown", "signal", "start", "status", "stop", "tail", "update", "version",
]

func parse(_ source: String) -> ParseResult { Parser.parse(source, commands: shellCommands) }

/// The overview example of docs/scripting.md (the issue's), which must parse and run as written.
let overviewExample = try! String(contentsOfFile: exampleScript("overview.bosun"), encoding: .utf8)

struct ParserTests {
    @Test func overviewExampleParses() {
        let result = parse(overviewExample)
        #expect(result.diagnostics.isEmpty)
        #expect(result.program.statements.count == 6)
    }

    @Test func everyConditionFormParses() {
        let conditions = [
            "x RUNNING", "x is RUNNING", "x is not RUNNING", "x in (FATAL, EXITED)", "x not in (FATAL)",
            "x is not in (STOPPED, EXITED)", "all of g:* is RUNNING", "any of g:* in (BACKOFF, STARTING)",
            "none of g:* is FATAL", "all RUNNING", "all of all is running", "pid of x > 0", "uptime of x >= 10s",
            "exitstatus of x == 0", "state of x == RUNNING", "spawnerr of x == \"\"", "count of g:* is RUNNING >= 2",
            "count of g:* in (FATAL, EXITED) == 0", "count of all > 3", "x exited expectedly",
            "any of g:* exited unexpectedly", "not (x RUNNING and y RUNNING) or z STOPPED", "$n == 3", "true",
            "\"my prog\" RUNNING", "$name is RUNNING",
        ]
        for condition in conditions {
            let result = parse("if \(condition)\n    echo yes\nend\n")
            #expect(result.diagnostics.isEmpty, "\(condition): \(result.diagnostics)")
        }
    }

    @Test func unknownStateSuggestsTheNearestOne() throws {
        let source = "wait until risk_manager is RUNING timeout 30s\n"
        let diagnostic = try #require(parse(source).diagnostics.first)
        #expect(diagnostic.position == SourcePosition(line: 1, column: 28))
        #expect(diagnostic.message == "unknown state 'RUNING'; did you mean RUNNING?")
        #expect(
            diagnostic.rendered(file: "runbook.bosun", source: source) == """
                runbook.bosun:1:28: error: unknown state 'RUNING'; did you mean RUNNING?
                wait until risk_manager is RUNING timeout 30s
                                           ^

                """)
    }

    @Test func unclosedBlockPointsAtItsOpener() throws {
        let result = parse("start a\nfor p in g:*\n    if p FATAL\n        restart p\n    end\n")
        #expect(result.isIncomplete)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.position == SourcePosition(line: 2, column: 1))
        #expect(diagnostic.message == "'for' is never closed with 'end'")
    }

    @Test func badTokensAreReportedWhereTheyAre() {
        let cases: [(String, SourcePosition, String)] = [
            ("if x ! RUNNING\nend\n", SourcePosition(line: 1, column: 6), "unexpected '!'; did you mean '!=' or 'not'?"),
            ("strat risk\n", SourcePosition(line: 1, column: 1), "unknown command 'strat'; did you mean 'start'?"),
            ("echo \"open\n", SourcePosition(line: 1, column: 6), "unterminated string"),
            ("sleep soon\n", SourcePosition(line: 1, column: 7), "'soon' is not a duration (examples: 30s, 500ms, 2m, 1h)"),
            ("wait x RUNNING\n", SourcePosition(line: 1, column: 6), "expected 'until' after 'wait', found 'x'"),
            ("if (x RUNNING\nend\n", SourcePosition(line: 1, column: 14), "expected ')' to close the '(' at 1:4, found the end of the line"),
            ("end\n", SourcePosition(line: 1, column: 1), "'end' without an open block"),
            ("if pid of x\nend\n", SourcePosition(line: 1, column: 12), "expected a comparison (==, !=, <, <=, >, >=), found the end of the line"),
            ("echo $(frobnicate)\n", SourcePosition(line: 1, column: 8), "unknown command 'frobnicate'"),
        ]
        for (source, position, message) in cases {
            let diagnostics = parse(source).diagnostics
            #expect(diagnostics.first?.position == position, "\(source)")
            #expect(diagnostics.first?.message == message, "\(source)")
        }
    }

    @Test func everyErrorIsReportedInOnePass() {
        let result = parse("if x RUNING\n    strat x\nend\nsleep never\n")
        #expect(result.diagnostics.map(\.position.line) == [1, 2, 4])
        #expect(!result.isIncomplete)
        // A bad loop header is one error; its block and `end` still belong to it.
        let loops = parse("while x RUNING\n    sleep 1s\nend\nfor 1 in g:*\n    echo\nend\n")
        #expect(loops.diagnostics.map(\.position.line) == [1, 4])
        #expect(loops.diagnostics.last?.message == "expected a variable name after 'for', found '1'")
    }

    @Test func waitTakesOptionsAndBranches() {
        let inline = parse("wait until a RUNNING timeout 30s every 250ms then start b\n")
        #expect(inline.diagnostics.isEmpty)
        let blocks = parse("wait until a RUNNING timeout 5s then\n    start b\nelse\n    fail \"a: $error\"\nend\n")
        #expect(blocks.diagnostics.isEmpty)
        let onlyElse = parse("wait until a RUNNING timeout 5s else\n    exit 3\nend\n")
        #expect(onlyElse.diagnostics.isEmpty)
        guard case .wait(let wait) = onlyElse.program.statements.first?.kind else {
            Issue.record("not a wait")
            return
        }
        #expect(wait.then.isEmpty)
        #expect(wait.otherwise?.count == 1)
    }

    @Test func shebangAndCommentsAreIgnored() {
        let result = parse("#!/usr/bin/env bosun\n# a comment\nstatus   # trailing\n")
        #expect(result.diagnostics.isEmpty)
        #expect(result.program.statements.count == 1)
    }
}

/// Bad input never crashes the parser: thousands of scripts made of random pieces of the
/// language (and random characters) each parse to a program or to diagnostics.
struct ParserRobustnessTests {
    /// A small deterministic generator (SplitMix64), so a failure can be replayed.
    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    static let pieces = [
        "if", "elif", "else", "end", "while", "for", "in", "wait", "until", "timeout", "every", "then", "try",
        "sleep", "echo", "exit", "fail", "quit", "not", "and", "or", "is", "of", "all", "any", "none", "count",
        "pid", "uptime", "state", "exited", "expectedly", "RUNNING", "FATAL", "RUNING", "start", "stop", "status",
        "x", "g:*", "1s", "500ms", "3", "\"", "\"a $x $(status) ${y}\"", "'lit", "$", "$(", "$(start x)", "${",
        "$1", "$#", "(", ")", ",", "=", "==", "!=", "<", ">=", "!", "#", "\\", "\n", "\n", "\n", " ", "\t", "é", "✓",
    ]

    @Test func randomScriptsNeverCrashTheParser() {
        var random = Random(state: 42)
        for _ in 0..<5000 {
            var source = ""
            for _ in 0..<random.next(40) {
                source += Self.pieces[random.next(Self.pieces.count)]
                if random.next(3) > 0 { source += " " }
            }
            let result = parse(source)
            // Every diagnostic points inside the text (or just past its end).
            let lines = source.split(separator: "\n", omittingEmptySubsequences: false).count
            #expect(result.diagnostics.allSatisfy { $0.position.line >= 1 && $0.position.line <= lines + 1 }, "\(source)")
            _ = result.diagnostics.map { $0.rendered(file: "fuzz", source: source) }
        }
    }

    @Test func randomBytesNeverCrashTheParser() {
        var random = Random(state: 7)
        for _ in 0..<2000 {
            let bytes = (0..<random.next(200)).map { _ in UInt8(random.next(256)) }
            _ = parse(String(decoding: bytes, as: UTF8.self))
        }
    }
}

/// Input nested or chained without bound is refused with a diagnostic, never a stack overflow.
struct ParserNestingTests {
    @Test func deepNestingIsRefused() {
        let cases: [(String, String)] = [
            ("if " + String(repeating: "(", count: 100_000) + "x RUNNING\nend\n", "condition nested more than 100 deep"),
            ("if " + String(repeating: "not ", count: 100_000) + "x RUNNING\nend\n", "condition nested more than 100 deep"),
            ("if " + Array(repeating: "x RUNNING", count: 100_000).joined(separator: " and ") + "\nend\n",
             "condition has more than 1000 operators"),
            (String(repeating: "if x RUNNING\n", count: 100_000), "blocks nested more than 100 deep"),
            ("echo \"" + String(repeating: "$(status ", count: 2_000) + "\"\n", "'$(' nested more than 100 deep"),
        ]
        for (source, message) in cases {
            let result = parse(source)
            #expect(result.diagnostics.contains { $0.message == message }, "\(message)")
            #expect(!result.isIncomplete)
        }
        // Within the bounds, nesting works.
        let fine = parse("if " + String(repeating: "(", count: 50) + "x RUNNING" + String(repeating: ")", count: 50) + "\nend\n")
        #expect(fine.diagnostics.isEmpty)
    }
}
