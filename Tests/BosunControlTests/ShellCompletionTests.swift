import BosunConfig
import OrderedCollections
import Testing
import TestSupport

@testable import BosunControl

/// `bosun --tab-complete LINE`: what a login shell gets for the last word of a command line.
struct ShellCompletionTests {
    final class NoInput: ControllerInput {
        func readLine(prompt: String) -> String? { nil }
        func readPassword(prompt: String) -> String? { nil }
    }

    static func candidates(_ line: String) -> [String] {
        let world = InMemoryConfigWorld(
            currentDirectory: "/work", environment: ["HOME": "/home/ops"],
            files: ["/home/ops/x.conf": "[supervisorctl]\nserverurl=unix:///nonexistent/bosun-test.sock\n"])
        return ShellCompletion.candidates(line: line, context: ClientCommandLine.Context(programName: "bosun", world: world), input: NoInput())
    }

    @Test func commandsAfterTheOptions() {
        #expect(Self.candidates("bosun st") == ["start", "status", "stop"])
        #expect(Self.candidates("bosun -c ~/x.conf ro") == ["rotate"], "the config behind ~ is read")
        #expect(Self.candidates("/usr/bin/bosun -s unix:///x.sock t") == ["tail", "top"])
        #expect(Self.candidates("bosun ").contains("help") && Self.candidates("bosun ").contains("top"))
    }

    @Test func optionsAndTheirValues() {
        #expect(Self.candidates("bosun --co") == ["--configuration"])
        #expect(!Self.candidates("bosun --").contains { $0.hasPrefix("--tab-complet") }, "completion's own flags are not offered")
        #expect(Self.candidates("bosun -c ").isEmpty, "a file: the shell completes it")
        #expect(Self.candidates("bosun --serverurl ").isEmpty)
        #expect(Self.candidates("bosun --conf ").isEmpty, "an abbreviated option takes its value too")
    }

    @Test func argumentsOfACommandWithoutADaemon() {
        // No daemon answers: no process names, and no error on the shell's line.
        #expect(Self.candidates("bosun -c ~/x.conf start fe").isEmpty)
        #expect(Self.candidates("bosun -c ~/x.conf help sta") == ["start", "status"])
    }
}
