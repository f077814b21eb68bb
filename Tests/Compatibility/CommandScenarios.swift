import Foundation
import TestSupport

/// Every supervisorctl command with its error cases, and sequences that change state.
enum CommandScenarios {
    /// Command lines that leave the daemon as it was.
    static let readOnlyLines: [[String]] = [
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
        ["maintail", "x"], ["maintail", "-q"], ["maintail", "a", "b"],
        ["clear"], ["clear", "nosuch"], ["clear", "workers:*"],
        ["add"], ["add", "nosuch"], ["add", "sleeper"], ["remove", "nosuch"], ["remove", "sleeper"],
        ["update", "nosuch"], ["open", "foo://x"], ["shutdown", "now"], ["reload", "now"],
        ["fg"], ["fg", "a", "b"], ["fg", "nosuch"], ["fg", "manual"],
        ["help"], ["help", "help"], ["help", "start"], ["help", "tail"], ["help", "maintail"], ["help", "nosuch"],
        ["help", "EOF"], ["?"], ["bogus"], ["STATUS"], ["!ls"], ["-x"], ["EOF"], ["quit"], ["exit"],
        ["status", "unicodé"],
    ]

    /// A scenario whose one-shot steps are compared as sets of lines, each `status` after the
    /// daemon settled.
    static func stateChanging(_ name: String, _ steps: [[String]], edits: [Int: String] = [:], config: String = standardConfig) -> Scenario {
        var out: [Step] = []
        for (index, words) in steps.enumerated() {
            if let edit = edits[index] { out.append(.writeConfig(edit)) }
            if words.first == "status" { out.append(.settle) }
            out.append(.runUnordered(words))
            if words == ["shutdown"] { out.append(.waitForExit) }
        }
        return Scenario(name: name, config: config, steps: out)
    }

    static let all: [Scenario] = [
        Scenario(
            name: "read-only commands and their errors", config: standardConfig,
            // The whole main log fits in 5000 bytes here; a smaller window would cut it where the
            // lengths of pids put the cut, which differs between any two runs.
            steps: readOnlyLines.map { .run($0) } + [.runLogTail(["maintail", "-5000"])]),
        stateChanging("start and stop one", [["start", "manual"], ["status", "manual"], ["stop", "manual"], ["stop", "manual"]]),
        stateChanging("start spawn error", [["start", "quick"], ["start", "missing"], ["status"]]),
        stateChanging("group stop and start", [["stop", "workers:*"], ["status"], ["start", "workers:"], ["start", "workers:*"]]),
        stateChanging("stop all then start all", [["stop", "all"], ["status"], ["start", "all"]]),
        stateChanging("restart", [["restart", "sleeper"], ["restart", "workers:*", "manual"], ["restart", "nosuch"]]),
        stateChanging("restart all", [["restart", "all"]]),
        stateChanging("signal", [["signal", "HUP", "sleeper"], ["signal", "USR1", "workers:*"], ["signal", "TERM", "all"], ["status"]]),
        stateChanging("clear logs", [["clear", "workers:w1"], ["tail", "workers:w1"], ["clear", "all"]]),
        stateChanging("numprocs", [["stop", "pool:pool_00"], ["status", "pool:*"], ["start", "pool:*"]]),
        stateChanging(
            "remove and add", [["remove", "workers"], ["stop", "workers:*"], ["remove", "workers"], ["add", "workers"], ["add", "workers"], ["status"]]),
        stateChanging(
            "reread and update after a config edit", [["reread"], ["update", "nosuch"], ["update"], ["status"], ["avail"]],
            edits: [
                0: standardConfig.replacingOccurrences(of: "[program:manual]\ncommand=sleep 1000", with: "[program:manual]\ncommand=sleep 2000")
                    + "\n[program:extra]\ncommand=sleep 1000\nstartsecs=0\n"
            ]),
        stateChanging(
            "update one group", [["update", "extra"], ["status"]],
            edits: [0: standardConfig.replacingOccurrences(of: "[program:quick]", with: "[program:extra]\ncommand=sleep 10\nstartsecs=0\n\n[program:quick]")]),
        stateChanging("shutdown", [["shutdown"], ["shutdown"], ["status"]]),
        Scenario(
            name: "piped shell session", config: standardConfig,
            steps: [.session("status sleeper\nstart manual\n\nstop manual\nbogus\nhelp stop\nstatus nosuch\n")]),
        Scenario(
            name: "daemon without [rpcinterface:supervisor]", config: noRPCInterfaceConfig,
            steps: [["status"], ["status", "x"], ["start", "x"], ["stop", "x"], ["pid"], ["avail"], ["reread"], ["version"], ["tail", "x"], ["help"]]
                .map { .run($0) }, daemonAnswers: false),
        Scenario(
            name: "names outside ASCII", config: unicodeNamesConfig,
            steps: [
                .run(["status"]), .run(["start", "équipe:naïve"]), .run(["status", "équipe:*"]), .run(["tail", "café"]),
                .run(["stop", "équipe:naïve"]), .run(["pid", "café"]), .run(["avail"]),
            ]),
    ]
}
