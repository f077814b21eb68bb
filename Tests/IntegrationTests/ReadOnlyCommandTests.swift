import Testing
import TestSupport

/// Command lines that leave the daemon's state as it was, run through the real supervisorctl
/// and through bosun against one real supervisord: output and exit codes must be equal.
@Suite(.serialized)
struct ReadOnlyCommandTests {
    static let commandLines: [[String]] = [
        ["status"], ["status", "sleeper"], ["status", "nosuch"], ["status", "workers:*"], ["status", "workers:"],
        ["status", "nosuch:*"], ["status", "all"], ["status", "sleeper", "nosuch", "quick"], ["status", "pool:*"],
        ["status", "workers:w1"], ["status", "workers:nosuch"],
        ["start"], ["start", "sleeper"], ["start", "nosuch"], ["start", "nosuch:*"], ["start", "workers:*"],
        ["stop"], ["stop", "nosuch"], ["stop", "nosuch:*"], ["stop", "manual"], ["stop", "workers:nosuch"],
        ["restart"], ["signal"], ["signal", "HUP"], ["signal", "HUP", "manual"], ["signal", "BOGUS", "sleeper"],
        ["signal", "HUP", "nosuch"], ["signal", "HUP", "nosuch:*"], ["signal", "0", "sleeper"],
        ["pid"], ["pid", "manual"], ["pid", "nosuch"], ["pid", "all"], ["pid", "sleeper"],
        ["avail"], ["avail", "x"], ["reread"], ["reread", "x"], ["version"], ["version", "x"],
        ["tail"], ["tail", "workers:w1"], ["tail", "workers:w2", "stderr"], ["tail", "-5", "workers:w1"],
        ["tail", "-x", "workers:w1"], ["tail", "workers:w1", "foo"], ["tail", "a", "b", "c", "d"],
        ["tail", "nosuch"], ["tail", "manual", "stderr"], ["tail", "-0", "workers:w1"], ["tail", "workers:w1", "STDOUT"],
        ["maintail"], ["maintail", "-200"], ["maintail", "x"], ["maintail", "-q"], ["maintail", "a", "b"],
        ["clear"], ["clear", "nosuch"], ["clear", "workers:*"],
        ["add"], ["add", "nosuch"], ["add", "sleeper"], ["remove", "nosuch"], ["remove", "sleeper"],
        ["update", "nosuch"], ["open", "foo://x"], ["shutdown", "now"], ["reload", "now"],
        ["fg"], ["fg", "a", "b"], ["fg", "nosuch"], ["fg", "manual"],
        ["help"], ["help", "help"], ["help", "start"], ["help", "tail"], ["help", "maintail"], ["help", "nosuch"],
        ["help", "EOF"], ["?"], ["bogus"], ["STATUS"], ["!ls"], ["-x"], ["EOF"], ["quit"], ["exit"],
        ["status", "unicodé"],
    ]

    /// The real supervisorctl against bosund prints what it prints against supervisord.
    @Test func everyReadOnlyCommandOnBosundMatchesSupervisord() throws {
        let reference = try SupervisordSandbox(config: standardConfig)
        let ours = try SupervisordSandbox(config: standardConfig, daemon: .bosund)
        try reference.start()
        try ours.start()
        defer {
            reference.stop()
            ours.stop()
        }
        for words in Self.commandLines {
            var expected = maskVolatile(try reference.ctl(words).description, directory: reference.directory)
            var actual = maskVolatile(try ours.ctl(words).description, directory: ours.directory)
            if words.first == "maintail" {
                // Two daemons interleave the log lines of concurrent children differently, and
                // pids of other lengths move where the tail window cuts the first line.
                expected = Self.wholeLogLines(expected)
                actual = Self.wholeLogLines(actual)
            }
            #expect(actual == expected, "supervisorctl \(words.joined(separator: " ")) against bosund")
        }
    }

    /// The complete log lines (and the exit status line) of a tail, sorted.
    static func wholeLogLines(_ text: String) -> String {
        sortedLines(
            text.split(separator: "\n").filter { $0.hasPrefix("<TIMESTAMP>") || $0.hasPrefix("rc=") || $0.hasPrefix("Error") }
                .joined(separator: "\n"))
    }

    @Test func everyReadOnlyCommandMatchesSupervisorctl() throws {
        let sandbox = try SupervisordSandbox(config: standardConfig)
        try sandbox.start()
        defer { sandbox.stop() }
        for words in Self.commandLines {
            let reference = try sandbox.ctl(words)
            let ours = try sandbox.bosun(words)
            #expect(
                maskVolatile(ours.description, directory: sandbox.directory)
                    == maskVolatile(reference.description, directory: sandbox.directory),
                "bosun \(words.joined(separator: " "))")
        }
    }
}
