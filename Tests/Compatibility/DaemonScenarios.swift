import Foundation
import TestSupport

/// The daemon as a whole: every RPC method, auth on inet, signals.
enum DaemonScenarios {
    static let all: [Scenario] = [
        Scenario(
            name: "every XML-RPC method and fault (xmlrpc.client)", config: standardConfig,
            steps: [.python(script: "rpc_probe.py", arguments: ["@SOCKET@"])]),
        Scenario(
            name: "Basic auth on inet",
            config: authConfig,
            steps: [
                ["status"], ["-u", "admin", "-p", "admin", "status"], ["-u", "admin", "-p", "wrong", "status"],
                ["-u", "nobody", "-p", "admin", "status"], ["-u", "admin", "-p", "admin", "stop", "sleeper"],
                ["-u", "admin", "-p", "admin", "start", "sleeper"], ["avail"],
            ].map { .run($0) } + [.stream(["-u", "admin", "-p", "wrong", "tail", "-f", "sleeper"], seconds: 1)],
            settle: false, daemonAnswers: false),
        Scenario(
            name: "SIGHUP re-reads the config",
            config: LifecycleScenarios.base + "[program:one]\ncommand=sleep 1000\nstartsecs=0\n",
            steps: [
                .writeConfig(LifecycleScenarios.base + "[program:two]\ncommand=sleep 1000\nstartsecs=0\n"), .signalDaemon(SIGHUP),
                .waitForStatus(containing: "two                              RUNNING"), .run(["status"]),
                .mainLogLines(containing: "received SIGHUP"),
            ]),
        Scenario(
            name: "SIGUSR2 reopens logs",
            config: LifecycleScenarios.base + """
                [program:ticker]
                command=python3 -u -c 'import time; [print("tick") or time.sleep(0.2) for i in range(10000)]'
                stdout_logfile=@DIR@/ticker.log
                startsecs=0
                """,
            steps: [
                .file("ticker.log", containing: "tick", sorted: false), .shell("mv ticker.log ticker.log.old; mv supervisord.log supervisord.log.old"),
                .signalDaemon(SIGUSR2), .file("ticker.log", containing: "tick", sorted: false),
                .file("supervisord.log.old", containing: "received SIGUSR2 indicating log reopen request", sorted: false)
                    .onlyLines(containing: "SIGUSR2"),
                .run(["stop", "ticker"]), .mainLogLines(containing: "stopped: ticker"),
            ]),
        Scenario(
            name: "SIGTERM: ordered shutdown, exit 0",
            config: standardConfig,
            steps: [.signalDaemon(SIGTERM), .waitForExit, .mainLogLines(containing: "received SIGTERM"), .run(["status"])]),
    ]
}

extension Step {
    /// A file step that records only the lines containing `text`.
    func onlyLines(containing text: String) -> Step {
        guard case .file(let path, let waitFor, _) = self else { return self }
        return .fileLines(path, waitFor: waitFor, containing: text)
    }
}
