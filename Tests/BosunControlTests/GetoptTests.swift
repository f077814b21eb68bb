import OrderedCollections
import Testing
@testable import BosunControl
import BosunCore
import TestSupport

@Suite struct GetoptTests {
    let getopt = ClientCommandLine.getopt

    @Test func stopsAtTheFirstWordAndMatchesPrefixes() throws {
        let parsed = try getopt.parse(["-ic", "f.conf", "--server=unix:///s", "--user", "u", "status", "-x"])
        #expect(parsed.options.map(\.0) == ["-i", "-c", "--serverurl", "--username"])
        #expect(parsed.options.map(\.1) == ["", "f.conf", "unix:///s", "u"])
        #expect(parsed.rest == ["status", "-x"])
    }

    @Test(arguments: [
        (["-x"], "option -x not recognized"),
        (["-c"], "option -c requires argument"),
        (["--nope"], "option --nope not recognized"),
        (["--serverurl"], "option --serverurl requires argument"),
        (["--help=1"], "option --help must not have an argument"),
        (["--h"], "option --h not a unique prefix"),
    ])
    func failsWithGetoptsWording(_ arguments: [String], _ message: String) {
        #expect(throws: Getopt.Failure(message: message)) { try getopt.parse(arguments) }
    }

    /// What completion asks: is the next word this option's argument? As `parse` reads it.
    @Test func knowsWhichOptionsTakeTheNextWord() {
        for word in ["-c", "-s", "--serverurl", "--ser", "--s", "--history-file", "--fleet"] { #expect(getopt.takesArgument(word), "\(word)") }
        for word in ["-i", "-h", "--interactive", "--serverurl=x", "--h", "--bogus", "-x", "-ic", "status"] {
            #expect(!getopt.takesArgument(word), "\(word)")
        }
    }

    @Test func acceptsTheDocumentedHistoryFileSpelling() {
        let context = ClientCommandLine.Context(programName: "bosun", world: InMemoryConfigWorld(currentDirectory: "/nonexistent"))
        for words in [["--history-file", "/tmp/h", "help"], ["--history-file=/tmp/h", "help"], ["-r", "/tmp/h", "help"]] {
            guard case .run(let options, _, _) = ClientCommandLine.parse(words, context: context) else {
                Issue.record("expected a run for \(words)")
                continue
            }
            #expect(options.historyFile == "/tmp/h")
        }
        // Only options are respelled, never the words of the command.
        guard case .run(_, let words, _) = ClientCommandLine.parse(["tail", "--history-file"], context: context) else {
            Issue.record("expected a run")
            return
        }
        #expect(words == ["tail", "--history-file"])
    }

    /// Without `-c` the first file of supervisor's search list that exists is read; flags win.
    @Test func readsTheFirstConfigFoundOnTheWorld() {
        let world = InMemoryConfigWorld(
            currentDirectory: "/srv", environment: ["STACK": "trading"],
            files: [
                "/etc/supervisord.conf": "[supervisorctl]\nserverurl=unix://%(here)s/s.sock\nprompt=%(ENV_STACK)s\nusername=u\n",
                "/etc/supervisor/supervisord.conf": "[supervisorctl]\nprompt=second\n",
            ])
        let context = ClientCommandLine.Context(programName: "bosun", world: world)
        guard case .run(let options, _, _) = ClientCommandLine.parse(["-u", "flag", "status"], context: context) else {
            Issue.record("expected a run")
            return
        }
        #expect(options.serverurl == "unix:///etc/s.sock")
        #expect(options.prompt == "trading")
        #expect(options.username == "flag")
        guard case .usage(let message) = ClientCommandLine.parse(["-c", "missing.conf"], context: context) else {
            Issue.record("expected a usage error")
            return
        }
        #expect(message == "could not find config file missing.conf")
    }

    @Test func parsesServerURLs() {
        #expect(ServerURL("unix:///run/s.sock") == .unix(path: "/run/s.sock"))
        #expect(ServerURL("http://127.0.0.1:9001/RPC2") == .http(host: "127.0.0.1", port: 9001))
        #expect(ServerURL("http://Localhost") == .http(host: "localhost", port: 80))
        #expect(ServerURL("http://[::1]:9") == .http(host: "::1", port: 9))
        #expect(ServerURL("https://x") == nil)
        #expect(urlScheme("HTTP://x") == "http")
        #expect(urlScheme("foo") == "")
    }

    @Test func mergesFlagsOverDefaults() {
        let context = ClientCommandLine.Context(programName: "/nowhere/bin/bosun", world: InMemoryConfigWorld(currentDirectory: "/nonexistent"))
        guard case .run(let options, let words, _) = ClientCommandLine.parse(["-s", "unix:///x", "-u", "a", "status", "web"], context: context) else {
            Issue.record("expected a run")
            return
        }
        #expect(options.serverurl == "unix:///x")
        #expect(options.username == "a")
        #expect(options.interactive == false)
        #expect(words == ["status", "web"])
        guard case .usage(let message) = ClientCommandLine.parse(["-s", "nourl"], context: context) else {
            Issue.record("expected a usage error")
            return
        }
        #expect(message == "invalid value for -s 'nourl': value 'nourl' is not a URL")
    }
}

struct ScriptFlagTests {
    @Test func executeTakesCodeAndLeavesArguments() {
        let context = ClientCommandLine.Context(programName: "bosun", world: InMemoryConfigWorld(currentDirectory: "/nonexistent"))
        guard case .run(let options, let words, let code) = ClientCommandLine.parse(["-e", "status", "a", "b"], context: context)
        else {
            Issue.record("expected a run")
            return
        }
        #expect(code == "status")
        #expect(words == ["a", "b"])
        #expect(!options.interactive)
    }
}
