import Foundation
import TestSupport

/// Event listeners: the one users write with childutils, and the FATAL-shutdown one-liner.
enum EventScenarios {
    static func listener(_ name: String, events: String) -> String {
        """

        [eventlistener:\(name)]
        command=python3 \(Tools.script("event_listener.py")) @DIR@/\(name).events
        events=\(events)
        buffer_size=100

        """
    }

    static let all: [Scenario] = [
        Scenario(
            name: "events reach a childutils listener",
            config: unixSocketDaemon + rpcInterfaceSection
                + listener("watch", events: "PROCESS_STATE,PROCESS_LOG,PROCESS_COMMUNICATION,REMOTE_COMMUNICATION,SUPERVISOR_STATE_CHANGE,PROCESS_GROUP")
                + """
                [program:talker]
                command=sh -c 'echo plain; printf "<!--XSUPERVISOR:BEGIN-->captured text<!--XSUPERVISOR:END-->"; echo err >&2; sleep 1000'
                startsecs=1
                stdout_events_enabled=true
                stderr_events_enabled=true
                stdout_capture_maxbytes=1KB

                [program:quick]
                command=false
                startretries=0
                """,
            steps: [
                .runUnordered(["stop", "talker"]), .python(script: "send_remote_event.py", arguments: ["@SOCKET@", "alert", "risk limit breached"]),
                .runUnordered(["remove", "quick"]),
                // Events of concurrent processes interleave differently: compared as a set.
                .file("watch.events", containing: "PROCESS_GROUP_REMOVED", sorted: true),
            ]),
        Scenario(
            name: "TICK_5 reaches a listener",
            config: unixSocketDaemon + rpcInterfaceSection + listener("tick", events: "TICK_5"),
            // How many ticks arrive in the wait is timing: compared is that one arrives, as sent.
            steps: [
                .shell("for i in $(seq 150); do grep -q TICK_5 tick.events 2>/dev/null && break; sleep 0.1; done; sort -u tick.events > tick.txt"),
                .file("tick.txt", containing: "TICK_5", sorted: true),
            ], settle: false),
        Scenario(
            name: "a FATAL-shutdown listener (supervisor issue 733)",
            config: unixSocketDaemon + rpcInterfaceSection + """
                [eventlistener:fatal_shutdown]
                command=sh -c 'printf "READY\\n"; while read line; do kill -TERM $PPID; done < /dev/stdin'
                events=PROCESS_STATE_FATAL

                [program:risk_manager]
                command=sh -c 'sleep 2; exit 1'
                startsecs=5
                startretries=0

                [program:order_executor]
                command=sleep 1000
                """,
            steps: [.waitForExit, .mainLogLines(containing: "gave up:"), .mainLogLines(containing: "received SIGTERM")],
            settle: false),
    ]
}
