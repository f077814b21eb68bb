import BosunCore
import BosunWeb
import Glibc

/// `/metrics` in the Prometheus text format: node_exporter's supervisord families, with its
/// names and labels, so that existing dashboards keep working; what none of the exporters
/// has (restarts, unexpected exits, FATALs and spawn errors as counters, log bytes per
/// channel, CPU and memory of each program's whole process tree from `/proc`); and the
/// daemon's own figures.
///
/// One pass over the processes per render, over a `/proc` table read for it (`MetricsScrapes`
/// renders once for every scrape that waited on the same read); nothing is kept between
/// scrapes. Confined to the supervisor's loop.
enum MetricsExposition {
    static func render(_ supervisor: Supervisor, table: ProcessTable, connections: Int) -> String {
        let processes = supervisor.registry.processesLexically
        let labels = processes.map { [("group", $0.groupName), ("name", $0.name)] }
        let trees = supervisor.treeUsage(of: processes, in: table)
        var text = MetricsText()

        func family(_ name: String, _ kind: MetricsText.Kind, _ help: String, _ value: (SupervisedProcess) -> Double?) {
            text.family(name, kind, help: help)
            for (process, labels) in zip(processes, labels) {
                if let value = value(process) { text.sample(name, labels, value) }
            }
        }
        let up: Set<ProcessState> = [.starting, .running, .stopping]
        family("node_supervisord_up", .gauge, "Process Up (STARTING, RUNNING or STOPPING)") { up.contains($0.state) ? 1 : 0 }
        family("node_supervisord_state", .gauge, "Process State (supervisor's state code)") { Double($0.state.rawValue) }
        family("node_supervisord_exit_status", .gauge, "Process Exit Status") { Double($0.machine.exitstatus ?? 0) }
        family("node_supervisord_start_time_seconds", .counter, "Process start time") {
            up.contains($0.state) ? $0.machine.laststart.rounded(.down) : nil
        }
        family("bosund_process_restarts_total", .counter, "Children spawned after the first") { Double($0.counters.restarts) }
        family("bosund_process_unexpected_exits_total", .counter, "Exits not asked for with a code not in exitcodes, or before the start succeeded") {
            Double($0.counters.unexpectedExits)
        }
        family("bosund_process_fatal_total", .counter, "Times the process went FATAL") { Double($0.counters.fatals) }
        family("bosund_process_spawn_errors_total", .counter, "Spawns that failed before a child ran") { Double($0.counters.spawnErrors) }
        text.family("bosund_process_log_bytes_total", .counter, help: "Bytes the process wrote, by channel")
        for (process, labels) in zip(processes, labels) {
            text.sample("bosund_process_log_bytes_total", labels + [("channel", "stdout")], Double(process.counters.stdoutBytes))
            text.sample("bosund_process_log_bytes_total", labels + [("channel", "stderr")], Double(process.counters.stderrBytes))
        }
        family("bosund_process_cpu_seconds_total", .counter, "CPU time of the running child and its descendants (from /proc)") {
            trees[$0.machine.pid]?.cpuSeconds
        }
        family("bosund_process_resident_memory_bytes", .gauge, "Resident memory of the running child and its descendants (from /proc)") {
            trees[$0.machine.pid]?.residentBytes
        }

        text.family("bosund_processes", .gauge, help: "Processes by state")
        for state in ProcessState.allCases {
            text.sample("bosund_processes", [("state", state.name)], Double(processes.count { $0.state == state }))
        }
        text.family("bosund_state", .gauge, help: "The daemon's own state (supervisor's code: 1 RUNNING, 0 RESTARTING, -1 SHUTDOWN)")
        text.sample("bosund_state", [], Double(supervisor.mood.rawValue))
        text.family("bosund_http_connections", .gauge, help: "HTTP connections held now (a tail or a live page holds two)")
        text.sample("bosund_http_connections", [], Double(connections))
        text.family("bosund_live_pages", .gauge, help: "Web UI pages following the table live")
        text.sample("bosund_live_pages", [], Double(supervisor.live.count))
        text.family("bosund_held_calls", .gauge, help: "bosun.waitForChange calls held now")
        text.sample("bosund_held_calls", [], Double(supervisor.changes.waiting))
        if let own = table.ownUsage(of: getpid()) {
            text.family("process_cpu_seconds_total", .counter, help: "The daemon's CPU time")
            text.sample("process_cpu_seconds_total", [], own.cpuSeconds)
            text.family("process_resident_memory_bytes", .gauge, help: "The daemon's resident memory")
            text.sample("process_resident_memory_bytes", [], own.residentBytes)
        }
        return text.text
    }
}
