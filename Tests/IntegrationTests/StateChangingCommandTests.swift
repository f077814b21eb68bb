import Foundation
import Testing
import TestSupport

/// Sequences of commands that change the daemon's state. Each client gets its own fresh
/// daemon on the same config; every step's output and exit code, and the final status, must
/// be equal.
struct StateChangingCommandTests {
    struct Scenario: Sendable, CustomTestStringConvertible {
        var name: String
        var steps: [[String]]
        /// Config text written before the step at that index runs (reread/update scenarios).
        var configEdits: [Int: String] = [:]
        var testDescription: String { name }
    }

    static let scenarios: [Scenario] = [
        Scenario(name: "start and stop one", steps: [["start", "manual"], ["status", "manual"], ["stop", "manual"], ["stop", "manual"]]),
        Scenario(name: "start spawn error", steps: [["start", "quick"], ["start", "missing"], ["status"]]),
        Scenario(name: "group stop and start", steps: [["stop", "workers:*"], ["status"], ["start", "workers:"], ["start", "workers:*"]]),
        Scenario(name: "stop all then start all", steps: [["stop", "all"], ["status"], ["start", "all"]]),
        Scenario(name: "restart", steps: [["restart", "sleeper"], ["restart", "workers:*", "manual"], ["restart", "nosuch"]]),
        Scenario(name: "restart all", steps: [["restart", "all"]]),
        Scenario(name: "signal", steps: [["signal", "HUP", "sleeper"], ["signal", "USR1", "workers:*"], ["signal", "TERM", "all"], ["status"]]),
        Scenario(name: "clear logs", steps: [["clear", "workers:w1"], ["tail", "workers:w1"], ["clear", "all"]]),
        Scenario(name: "numprocs", steps: [["stop", "pool:pool_00"], ["status", "pool:*"], ["start", "pool:*"]]),
        Scenario(name: "remove and add", steps: [["remove", "workers"], ["stop", "workers:*"], ["remove", "workers"], ["add", "workers"], ["add", "workers"], ["status"]]),
        Scenario(
            name: "reread and update", steps: [["reread"], ["update", "nosuch"], ["update"], ["status"], ["avail"]],
            configEdits: [0: standardConfig.replacingOccurrences(of: "[program:manual]\ncommand=sleep 1000", with: "[program:manual]\ncommand=sleep 2000")
                + "\n[program:extra]\ncommand=sleep 1000\nstartsecs=0\n"]),
        Scenario(
            name: "update one group", steps: [["update", "extra"], ["status"]],
            configEdits: [0: standardConfig.replacingOccurrences(of: "[program:quick]", with: "[program:extra]\ncommand=sleep 10\nstartsecs=0\n\n[program:quick]")]),
        Scenario(name: "shutdown", steps: [["shutdown"], ["shutdown"], ["status"]]),
        Scenario(name: "piped shell session", steps: [["<stdin>", "status sleeper\nstart manual\n\nstop manual\nbogus\nhelp stop\nstatus nosuch\n"]]),
    ]

    @Test(arguments: scenarios)
    func scenarioMatchesSupervisorctl(_ scenario: Scenario) throws {
        let reference = try transcript(of: scenario) { sandbox, words, stdin in try sandbox.ctl(words, stdin: stdin) }
        let ours = try transcript(of: scenario) { sandbox, words, stdin in try sandbox.bosun(words, stdin: stdin) }
        #expect(ours == reference)
    }

    /// The real supervisorctl against bosund prints what it prints against supervisord.
    @Test(arguments: scenarios)
    func scenarioOnBosundMatchesSupervisord(_ scenario: Scenario) throws {
        let reference = try transcript(of: scenario) { sandbox, words, stdin in try sandbox.ctl(words, stdin: stdin) }
        let ours = try transcript(of: scenario, daemon: .bosund) { sandbox, words, stdin in try sandbox.ctl(words, stdin: stdin) }
        #expect(ours == reference)
    }

    /// Runs the scenario's steps on a fresh daemon and returns the masked outputs.
    private func transcript(
        of scenario: Scenario, daemon: SupervisordSandbox.Daemon = .supervisord,
        _ client: (SupervisordSandbox, [String], String?) throws -> CommandResult
    ) throws -> [String] {
        let sandbox = try SupervisordSandbox(config: standardConfig, daemon: daemon)
        try sandbox.start()
        defer { sandbox.stop() }
        var lines: [String] = []
        for (index, step) in scenario.steps.enumerated() {
            if let edit = scenario.configEdits[index] { try sandbox.writeConfig(edit) }
            // A step that reports state waits for the daemon to settle first, so both clients
            // see the same states however long the previous step's effects take.
            if step.first == "status" { sandbox.waitUntilSettled() }
            let result: CommandResult
            if step.first == "<stdin>" {
                result = try client(sandbox, [], step[1])
            } else {
                result = try client(sandbox, step, nil)
            }
            let shown = maskVolatile(result.description, directory: sandbox.directory)
            lines.append("$ \(step.joined(separator: " "))\n" + (step.first == "<stdin>" ? shown : sortedLines(shown)))
            if step == ["shutdown"] { waitFor { !sandbox.isRunning } }
        }
        return lines
    }
}

/// supervisord reports the members of `all` and of a group in the order their operations
/// finish, which differs between two daemons; a one-shot step is compared as a set of lines.
func sortedLines(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).sorted().joined(separator: "\n")
}
