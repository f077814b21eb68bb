import Foundation
import TestSupport

/// Child logs: rotation, redirect_stderr, tails (offsets, `-f`, non-ASCII), clear, maintail.
enum LogScenarios {
    static let base = unixSocketDaemon + rpcInterfaceSection

    static let all: [Scenario] = [
        Scenario(
            name: "rotation keeps every byte",
            config: base + """
                [program:chatty]
                command=sh -c 'i=0; while [ $i -lt 200 ]; do echo "line $i of the chatty program"; i=$((i+1)); done; echo END; sleep 1000'
                stdout_logfile=@DIR@/chatty.log
                stdout_logfile_maxbytes=1KB
                stdout_logfile_backups=100
                startsecs=0
                [program:capped]
                command=sh -c 'i=0; while [ $i -lt 200 ]; do echo "line $i of the capped program"; i=$((i+1)); done; sleep 1000'
                stdout_logfile=@DIR@/capped.log
                stdout_logfile_maxbytes=1KB
                stdout_logfile_backups=2
                startsecs=0
                """,
            // How many files a rotation leaves depends on how the daemon's reads chunk the output
            // (timing); what is compared is that every byte is kept, in order, and that no more
            // than `backups` files are.
            steps: [
                .shell("for i in $(seq 300); do cat chatty.log* | grep -q END && break; sleep 0.1; done"),
                .shell("cat $(ls chatty.log.* | sort -t. -k3 -n -r) chatty.log > all.txt"),
                .file("all.txt", containing: "END", sorted: false),
                .shell("sleep 1; if [ -e capped.log.3 ]; then echo more than two > capped.txt; else echo at most two backups > capped.txt; fi"),
                .file("capped.txt", containing: "backups", sorted: false),
            ]),
        Scenario(
            name: "redirect_stderr and tails",
            config: base + """
                [program:both]
                command=sh -c 'echo out; echo err >&2; echo "naïve ✓"; sleep 1000'
                redirect_stderr=true
                startsecs=0
                [program:split]
                command=sh -c 'echo out; echo err >&2; sleep 1000'
                startsecs=0
                """,
            steps: [
                .pause(0.5), .run(["tail", "both"]), .run(["tail", "both", "stderr"]), .run(["tail", "-4", "both"]),
                .run(["tail", "split", "stderr"]), .stream(["tail", "-f", "both"], seconds: 2),
                .streamLogTail(["maintail", "-f"], seconds: 1),
                .run(["clear", "both"]), .run(["tail", "both"]),
            ]),
        Scenario(
            name: "environment and expansions",
            config: unixSocketDaemon.replacingOccurrences(of: "[supervisord]", with: "[supervisord]\nenvironment=GLOBAL=\"from supervisord\",SHARED=daemon")
                + rpcInterfaceSection + """
                [program:envy]
                command=sh -c 'echo "$GREETING|$SHARED|$GLOBAL|$SUPERVISOR_ENABLED|$SUPERVISOR_PROCESS_NAME|$SUPERVISOR_GROUP_NAME|%(here)s|%(program_name)s|100%%|%(ENV_GLOBAL)s"; pwd; sleep 1000'
                environment=GREETING="hello there",SHARED=program
                directory=/tmp
                startsecs=0
                """,
            steps: [.pause(0.5), .run(["tail", "envy"])]),
    ]
}
