import Foundation
import TestSupport

/// The process rules of supervisor (SUPERVISOR.md 1e) as a client sees them.
enum LifecycleScenarios {
    static let base = unixSocketDaemon + rpcInterfaceSection

    static let all: [Scenario] = [
        Scenario(
            name: "startsecs, backoff and FATAL",
            config: base + """
                [program:flaky]
                command=sh -c 'echo "cannot start" >&2; exit 1'
                startsecs=1
                startretries=2
                [program:slow]
                command=sleep 1000
                startsecs=2
                """,
            steps: [
                .run(["status"]), .run(["tail", "flaky", "stderr"]), .mainLogLines(containing: "gave up:"),
                .mainLogLines(containing: "success:"), .run(["start", "flaky"]), .settle, .run(["status", "flaky"]),
            ]),
        Scenario(
            name: "exit codes and autorestart",
            config: base + """
                [program:done]
                command=sh -c 'exit 0'
                startsecs=0
                autorestart=unexpected
                [program:odd]
                command=sh -c 'exit 2'
                startsecs=0
                exitcodes=0,2
                [program:bad]
                command=sh -c 'exit 3'
                startsecs=0
                autorestart=false
                [program:again]
                command=sh -c 'sleep 0.5; exit 0'
                startsecs=0
                autorestart=true
                """,
            steps: [
                .pause(1.5), .run(["status", "done", "odd", "bad"]), .mainLogLines(containing: "exited: done"),
                .mainLogLines(containing: "exited: odd"), .mainLogLines(containing: "exited: bad"),
                .waitForStatus(containing: "again                            RUNNING"),
            ]),
        Scenario(
            name: "stopwaitsecs then SIGKILL",
            config: base + """
                [program:stubborn]
                command=python3 -c 'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(1000)'
                startsecs=1
                stopwaitsecs=1
                """,
            steps: [.run(["stop", "stubborn"]), .run(["status"]), .mainLogLines(containing: "stubborn (terminated")]),
        Scenario(
            name: "stopasgroup reaches a grandchild",
            config: base + """
                [program:parent]
                command=sh -c 'sleep 1000 & echo $! > @DIR@/grandchild.pid; wait'
                startsecs=0
                stopasgroup=true
                """,
            steps: [.file("grandchild.pid", containing: "\n", sorted: false), .run(["stop", "parent"]), .pidFileAlive("grandchild.pid")]),
        Scenario(
            name: "priorities order start and shutdown",
            config: base + priorityPrograms,
            steps: [.mainLogLines(containing: "spawned:"), .signalDaemon(SIGTERM), .waitForExit, .mainLogLines(containing: "stopped:")]),
        Scenario(
            name: "groups and numprocs",
            config: base + """
                [group:web]
                programs=api,worker
                priority=100
                [program:api]
                command=sleep 1000
                startsecs=0
                [program:worker]
                command=sleep 1000
                process_name=%(program_name)s-%(process_num)d
                numprocs=3
                numprocs_start=1
                startsecs=0
                """,
            steps: [
                .run(["status"]), .runUnordered(["stop", "web:*"]), .run(["status", "web:worker-2"]), .runUnordered(["start", "web:"]),
                .run(["avail"]),
            ]),
    ]
}
