@testable import BosunCore
import Testing

/// `command=` splitting, checked against what Python's shlex.split returns.
@Suite struct ShellWordsTests {
    @Test(arguments: [
        ("a b", ["a", "b"]), ("sh -c \"echo hi; sleep 1\"", ["sh", "-c", "echo hi; sleep 1"]),
        ("a 'b c' d", ["a", "b c", "d"]), ("a\\ b", ["a b"]), ("a#b c", ["a#b", "c"]), ("a #c", ["a", "#c"]),
        ("\"a\\\"b\"", ["a\"b"]), ("\"a\\nb\"", ["a\\nb"]), ("''", [""]), ("x\"y\"z", ["xyz"]), ("  ", []),
    ])
    func splitsLikeShlex(_ text: String, _ words: [String]) throws {
        #expect(try ShellWords.split(text) == words)
    }

    /// shlex reads code points: a combining mark after a quote, a backslash or a space does
    /// not hide them, though Swift joins the pair into one Character (found by the fuzzer).
    @Test(arguments: [
        ("'\u{0619}'", ["\u{0619}"]), ("echo \"\u{0301}x\" y", ["echo", "\u{0301}x", "y"]),
        ("a \u{0301}b", ["a", "\u{0301}b"]), ("a\\\u{0301}", ["a\u{0301}"]),
    ])
    func combiningMarksDoNotHideQuotes(_ text: String, _ words: [String]) throws {
        #expect(try ShellWords.split(text) == words)
    }

    @Test func unclosedQuoteIsAnError() {
        #expect(throws: ShellWords.Failure(message: "No closing quotation")) { try ShellWords.split("a 'b") }
        #expect(throws: ShellWords.Failure(message: "No escaped character")) { try ShellWords.split("a\\") }
    }

    @Test func signalNamesAndNumbers() throws {
        #expect(try Signal.number("HUP").get() == 1)
        #expect(try Signal.number("sigterm").get() == 15)
        #expect(try Signal.number("9").get() == 9)
        #expect(Signal.name(29) == "SIGPOLL")
        #expect(Signal.name(35) == "signal 35")
        #expect(throws: SignalError(message: "value 'FOO' is not a valid signal name")) { try Signal.number("FOO").get() }
        #expect(throws: SignalError(message: "value '99' is not a valid signal number")) { try Signal.number("99").get() }
    }
}
