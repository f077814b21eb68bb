import Foundation
import Testing
import TestSupport

/// Runs a scenario for one pairing on a fresh daemon and returns its masked transcript.
enum ScenarioRunner {
    static func transcript(_ scenario: Scenario, _ pairing: Pairing) throws -> [String] {
        // `@PORT@`: a loopback port nothing listens on, chosen for this run.
        let config = scenario.config.replacingOccurrences(of: "@PORT@", with: String(try freeLoopbackPort()))
        let sandbox = try SupervisordSandbox(config: config, daemon: pairing.daemon)
        try sandbox.start(settle: scenario.settle && scenario.daemonAnswers)
        defer { sandbox.stop() }
        func mask(_ text: String) -> String { maskVolatile(text, directory: sandbox.directory) }
        func client(_ words: [String], stdin: String? = nil, interruptAfter: Double? = nil) throws -> CommandResult {
            try runCommand(
                pairing.client.executable, ["-c", sandbox.configPath] + words, stdin: stdin, directory: sandbox.directory,
                interruptAfter: interruptAfter)
        }
        var transcript: [String] = []
        for step in scenario.steps {
            switch step {
            case .run(let words):
                transcript.append("$ \(words.joined(separator: " "))\n" + mask(try client(words).description))
            case .runLogTail(let words):
                transcript.append("$ \(words.joined(separator: " "))\n" + wholeLogLines(mask(try client(words).description)))
            case .streamLogTail(let words, let seconds):
                let output = mask(try client(words, interruptAfter: seconds).output)
                let banner = output.split(separator: "\n").first.map(String.init) ?? ""
                let lines = output.split(separator: "\n").filter { $0.hasPrefix("<TIMESTAMP>") }
                transcript.append("$ \(words.joined(separator: " ")) (Ctrl-C)\n\(banner)\nwhole log lines streamed: \(!lines.isEmpty)")
            case .runUnordered(let words):
                transcript.append("$ \(words.joined(separator: " "))\n" + sortedLines(mask(try client(words).description)))
            case .stream(let words, let seconds):
                transcript.append("$ \(words.joined(separator: " ")) (Ctrl-C)\n" + mask(try client(words, interruptAfter: seconds).output))
            case .session(let input):
                transcript.append("$ <<<\(input)\n" + mask(try client([], stdin: input).description))
            case .writeConfig(let config):
                try sandbox.writeConfig(config)
            case .signalDaemon(let signal):
                sandbox.signalDaemon(signal)
            case .waitForStatus(let text):
                let seen = waitFor { (try? client(["status"]).output.contains(text)) == true }
                transcript.append("status shows \(text): \(seen)")
            case .settle:
                sandbox.waitUntilSettled()
            case .waitForExit:
                transcript.append("daemon exit status: \(sandbox.waitForExit().map(String.init) ?? "still running")")
            case .file(let path, let text, let sorted):
                let full = sandbox.directory + "/" + path
                let seen = waitFor { ((try? String(contentsOfFile: full, encoding: .utf8)) ?? "").contains(text) }
                let lines = mask((try? String(contentsOfFile: full, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
                transcript.append("\(path) (\(seen ? "has" : "lacks") \(text)):\n" + (sorted ? lines.sorted() : lines).joined(separator: "\n"))
            case .fileLines(let path, let waitText, let text):
                let full = sandbox.directory + "/" + path
                let seen = waitFor { ((try? String(contentsOfFile: full, encoding: .utf8)) ?? "").contains(waitText) }
                let lines = mask((try? String(contentsOfFile: full, encoding: .utf8)) ?? "").split(separator: "\n").filter { $0.contains(text) }
                transcript.append("\(path) (\(seen ? "has" : "lacks") \(waitText)), lines with \(text):\n" + lines.joined(separator: "\n"))
            case .mainLogLines(let text):
                let lines = sandbox.mainLog.split(separator: "\n").filter { $0.contains(text) }.map { mask(String($0)) }
                transcript.append("main log lines with \(text):\n" + lines.joined(separator: "\n"))
            case .pidFileAlive(let path):
                let pid = Int32(((try? String(contentsOfFile: sandbox.directory + "/" + path, encoding: .utf8)) ?? "")
                    .trimmingCharacters(in: .whitespacesAndNewlines))
                let alive = pid.map { pid in !waitFor(timeout: 5) { kill(pid, 0) != 0 } } ?? false
                if let pid, alive { kill(pid, SIGKILL) }
                transcript.append("\(path) process alive: \(alive)")
            case .shell(let command):
                _ = try runCommand("/bin/sh", ["-c", command], directory: sandbox.directory)
            case .python(let script, let arguments):
                let result = try runCommand(
                    Tools.which("python3"), [Tools.script(script)] + arguments.map { $0.replacingOccurrences(of: "@SOCKET@", with: sandbox.socketPath) },
                    directory: sandbox.directory)
                transcript.append("\(script): rc=\(result.status)\n" + result.output.replacingOccurrences(of: sandbox.directory, with: "<DIR>"))
            case .pause(let seconds):
                Thread.sleep(forTimeInterval: seconds)
            }
        }
        return transcript
    }
}

/// The complete main-log lines of a tail (and its `rc=` line), sorted: pids of other lengths
/// move where the tail window cuts the first line, and concurrent children interleave.
func wholeLogLines(_ text: String) -> String {
    text.split(separator: "\n").filter { $0.hasPrefix("<TIMESTAMP>") || $0.hasPrefix("rc=") }.sorted().joined(separator: "\n")
}

/// Lines sorted, for output whose order is timing.
func sortedLines(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).sorted().joined(separator: "\n")
}
