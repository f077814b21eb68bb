package import BosunAPI
package import BosunCore

/// Every process of one daemon at one moment, with what each has used (CPU seconds and
/// resident memory of its process tree) and its restarts, as far as they can be known:
/// bosund reports them itself (`bosun.getAllProcessResources`, from its machine's `/proc`);
/// for supervisord, which has no such thing, bosun reads `/proc` itself when the daemon runs
/// on this machine, and otherwise says why there are none (`UsageSource`).
package struct UsageSample {
    /// Monotonic seconds when it was taken, for CPU percentages between samples.
    package var time: Double
    package var processes: [ProcessInfo]
    /// By namespec; only for running processes found in `/proc`.
    package var usage: [String: ProcessTable.Usage]
    /// By namespec; nil when the daemon does not count them (supervisord).
    package var restarts: [String: Int]?
    package var source: UsageSource

    package init(time: Double, processes: [ProcessInfo], usage: [String: ProcessTable.Usage], restarts: [String: Int]?, source: UsageSource) {
        self.time = time
        self.processes = processes
        self.usage = usage
        self.restarts = restarts
        self.source = source
    }
}

/// Where a sample's CPU and memory figures come from.
package enum UsageSource: Equatable, Sendable {
    /// bosund's `bosun.getAllProcessResources`.
    case daemon
    /// This machine's `/proc`: the daemon (supervisord) runs here as `pid`.
    case local(pid: Int32)
    /// None: why (shown by `top`, and as `"usage": null` with a reason in JSON).
    case unavailable(String)
}

extension UsageSample {
    /// Takes a sample through `client`; `source` is the one an earlier sample found (nil: find
    /// it now). `localTable` reads this machine's `/proc`; `isLocal` says whether the server
    /// URL names this machine (a unix socket or a loopback address).
    package static func take(
        _ client: SupervisorClient, source known: UsageSource?, isLocal: Bool, localTable: () -> ProcessTable, now: () -> Double
    ) throws(ClientError) -> UsageSample {
        let processes = try client.getAllProcessInfo()
        // `/proc` is read at most once a sample, though finding the source reads it too.
        var table: ProcessTable? = nil
        func machine() -> ProcessTable {
            if let table { return table }
            let read = localTable()
            table = read
            return read
        }
        var resources: [ProcessResources] = []
        let source: UsageSource
        if let known, known != .daemon {
            source = known
        } else if let reported = try client.getAllProcessResources() {
            resources = reported
            source = .daemon
        } else {
            source = try localSource(client, isLocal: isLocal, table: machine)
        }
        var sample = UsageSample(time: now(), processes: processes, usage: [:], restarts: nil, source: source)
        switch source {
        case .daemon:
            var restarts: [String: Int] = [:]
            let pids = Dictionary(processes.map { ($0.namespec, $0.pid) }, uniquingKeysWith: { first, _ in first })
            for resource in resources {
                let namespec = NameSpec.display(group: resource.group, name: resource.name)
                restarts[namespec] = resource.restarts
                // Only figures of the child `processes` shows (one that restarted between the
                // two calls is another).
                if let cpu = resource.cpuSeconds, let memory = resource.residentBytes, resource.pid > 0, pids[namespec] == resource.pid {
                    sample.usage[namespec] = ProcessTable.Usage(cpuSeconds: cpu, residentBytes: memory)
                }
            }
            sample.restarts = restarts
        case .local(let daemonPID):
            let running = processes.filter { $0.pid > 0 }
            let trees = machine().treeUsage(of: running.map { Int32(clamping: $0.pid) }, parent: daemonPID)
            for process in running { sample.usage[process.namespec] = trees[Int32(clamping: process.pid)] }
        case .unavailable:
            break
        }
        return sample
    }

    /// supervisord's figures come from this machine's `/proc` when it runs here: its server URL
    /// names this machine and its pid is in `/proc` (in another pid namespace, such as a
    /// container's, it is not, or is another process, whose children are not the programs).
    private static func localSource(_ client: SupervisorClient, isLocal: Bool, table: () -> ProcessTable) throws(ClientError) -> UsageSource {
        guard isLocal else { return .unavailable("no CPU or memory: supervisord is on another machine (bosund reports them)") }
        let pid = Int32(clamping: try client.getPID())
        guard table().entries.contains(where: { $0.pid == pid }) else {
            return .unavailable("no CPU or memory: supervisord's pid \(pid) is not in this machine's /proc")
        }
        return .local(pid: pid)
    }
}
