import BosunAPI
import BosunConfig
import BosunCore
import Glibc
import XMLRPC

/// The `supervisor.*` methods (rpcinterface.py), with supervisor's results and faults.
extension Supervisor {
    /// `_update()`: every method but sendRemoteCommEvent refuses while shutting down.
    func update() throws(RPCError) {
        if mood.rawValue < SupervisorMood.running.rawValue { throw RPCError(.shutdownState) }
    }

    func rpcGetState() throws(RPCError) -> RPCReturn {
        try update()
        return .value(["statecode": .int(mood.rawValue), "statename": .string(mood.name)])
    }

    func rpcReadLog(_ offset: Int, _ length: Int) throws(RPCError) -> RPCReturn {
        try update()
        let path = config.supervisord.logfile
        guard access(path, F_OK) == 0 else { throw RPCError(.noFile, path) }
        return .value(.string(try LogReading.read(path, offset: offset, length: length)))
    }

    func rpcClearLog() throws(RPCError) -> RPCReturn {
        try update()
        let path = config.supervisord.logfile
        guard access(path, F_OK) == 0 else { throw RPCError(.noFile) }
        do {
            try mainLog.clear()
        } catch {
            throw RPCError(.failed)
        }
        mainLog.log(.info, "reopening log file")
        return .value(true)
    }

    func rpcSetMood(_ newMood: SupervisorMood) throws(RPCError) -> RPCReturn {
        try update()
        mood = newMood
        return .value(true)
    }

    func rpcReloadConfig() throws(RPCError) -> RPCReturn {
        try update()
        let newConfig: DaemonConfig
        do {
            newConfig = try configSource()
        } catch {
            throw RPCError(.cantReread, error.message)
        }
        replaceConfig(newConfig)
        let diff = diffToActive()
        return .value(.array([.array([
            .array(diff.added.map { .string($0) }), .array(diff.changed.map { .string($0) }),
            .array(diff.removed.map { .string($0) }),
        ])]))
    }

    /// Group names added, changed and removed between the config and the active groups.
    func diffToActive() -> (added: [String], changed: [String], removed: [String]) {
        let current = registry.byPriority
        let added = config.groups.filter { registry.groups[$0.name] == nil }.map(\.name)
        let removed = current.filter { active in !config.groups.contains { $0.name == active.name } }.map(\.name)
        let changed = config.groups.filter { new in
            guard let active = registry.groups[new.name] else { return false }
            return active.config != new
        }.map(\.name)
        return (added, changed, removed)
    }

    func rpcAddProcessGroup(_ name: String) throws(RPCError) -> RPCReturn {
        try update()
        guard let groupConfig = config.groups.first(where: { $0.name == name }) else { throw RPCError(.badName, name) }
        guard addGroup(groupConfig) else { throw RPCError(.alreadyAdded, name) }
        step()
        return .value(true)
    }

    func rpcRemoveProcessGroup(_ name: String) throws(RPCError) -> RPCReturn {
        try update()
        guard registry.groups[name] != nil else { throw RPCError(.badName, name) }
        guard removeGroup(name) else { throw RPCError(.stillRunning, name) }
        return .value(true)
    }

    /// `_getGroupAndProcess`.
    func groupAndProcess(_ name: String) throws(RPCError) -> (ProcessGroup, SupervisedProcess?) {
        guard let found = registry.lookup(name) else { throw RPCError(.badName, name) }
        return (found.group, found.process)
    }

    func rpcStartProcess(_ name: String, wait: Bool) throws(RPCError) -> RPCReturn {
        try update()
        let (group, found) = try groupAndProcess(name)
        guard let process = found else { return try rpcStartProcessGroup(group.name, wait: wait) }
        switch world.resolveCommand(process.config.command, path: commandPath(process)) {
        case .failure(.notFound(let message)): throw RPCError(.noFile, message)
        case .failure(let problem): throw RPCError(.notExecutable, problem.message)
        case .success(let command): process.checkedCommand = command
        }
        defer { process.checkedCommand = nil }
        if process.state.isRunning { throw RPCError(.alreadyStarted, name) }
        if process.state == .unknown { throw RPCError(.failed, "\(name) is in an unknown process state") }
        if try startRespectingDependencies(process) {
            if process.machine.spawnerr != nil { throw RPCError(.spawnError, name) }
            apply(process.machine.transition(at: clock.now(), shuttingDown: mood != .running), to: process)
        }
        step()
        if wait && process.state != .running {
            return .deferred(
                DeferredResult { () throws(RPCError) in
                    if process.pendingStart != nil { return nil }
                    if process.machine.spawnerr != nil { throw RPCError(.spawnError, name) }
                    let state = process.state
                    if state != .starting && state != .running { throw RPCError(.abnormalTermination, name) }
                    return state == .running ? .bool(true) : nil
                })
        }
        return .value(true)
    }

    func rpcStartProcessGroup(_ name: String, wait: Bool) throws(RPCError) -> RPCReturn {
        try update()
        guard let group = registry.groups[name] else { throw RPCError(.badName, name) }
        return allFunction(group.byPriority, where: { !$0.state.isRunning }) { process throws(RPCError) in
            try self.rpcStartProcess(process.namespec, wait: wait)
        }
    }

    func rpcStartAllProcesses(wait: Bool) throws(RPCError) -> RPCReturn {
        try update()
        return allFunction(registry.processesByPriority, where: { !$0.state.isRunning }) { process throws(RPCError) in
            try self.rpcStartProcess(process.namespec, wait: wait)
        }
    }

    func rpcStopProcess(_ name: String, wait: Bool) throws(RPCError) -> RPCReturn {
        try update()
        let (group, found) = try groupAndProcess(name)
        guard let process = found else { return try rpcStopProcessGroup(group.name, wait: wait) }
        if !process.state.isRunning && process.pendingStart != nil {
            // A start that waited for its dependencies is called off.
            setPendingStart(process, nil)
            mainLog.log(.info, "not starting \(process.namespec): stopped while it waited")
            return .value(true)
        }
        guard process.state.isRunning else { throw RPCError(.notRunning, name) }
        if dependencies.isEmpty {
            let (actions, error) = process.machine.stop(at: clock.now())
            apply(actions, to: process)
            if let error { throw RPCError(.failed, error) }
        } else {
            foldingSteps { stopAfterDependents(process) }
        }
        step()
        if wait && !process.state.isStopped {
            return .deferred(
                DeferredResult { [self] () throws(RPCError) in
                    apply(process.machine.stopReport(at: clock.now()), to: process)
                    return process.state.isStopped ? .bool(true) : nil
                })
        }
        return .value(true)
    }

    func rpcStopProcessGroup(_ name: String, wait: Bool) throws(RPCError) -> RPCReturn {
        try update()
        guard let group = registry.groups[name] else { throw RPCError(.badName, name) }
        return allFunction(stopOrder(group.byPriority), where: { $0.state.isRunning }) { process throws(RPCError) in
            try self.rpcStopProcess(process.namespec, wait: wait)
        }
    }

    func rpcStopAllProcesses(wait: Bool) throws(RPCError) -> RPCReturn {
        try update()
        return allFunction(stopOrder(registry.processesByPriority), where: { $0.state.isRunning }) { process throws(RPCError) in
            try self.rpcStopProcess(process.namespec, wait: wait)
        }
    }

    func rpcSignalProcess(_ name: String, _ signalName: String) throws(RPCError) -> RPCReturn {
        try update()
        let (group, found) = try groupAndProcess(name)
        guard let process = found else { return try rpcSignalProcessGroup(group.name, signalName) }
        guard case .success(let signal) = Signal.number(signalName) else { throw RPCError(.badSignal, signalName) }
        guard process.state.isSignallable else { throw RPCError(.notRunning, name) }
        let (actions, error) = process.machine.signal(signal)
        apply(actions, to: process)
        if let error { throw RPCError(.failed, error) }
        return .value(true)
    }

    func rpcSignalProcessGroup(_ name: String, _ signalName: String) throws(RPCError) -> RPCReturn {
        guard let group = registry.groups[name] else {
            try update()
            throw RPCError(.badName, name)
        }
        try update()
        return immediate(
            allFunction(group.byPriority, where: { $0.state.isSignallable }) { process throws(RPCError) in
                try self.rpcSignalProcess(process.namespec, signalName)
            })
    }

    func rpcSignalAllProcesses(_ signalName: String) throws(RPCError) -> RPCReturn {
        let result = allFunction(registry.processesByPriority, where: { $0.state.isSignallable }) { process throws(RPCError) in
            try self.rpcSignalProcess(process.namespec, signalName)
        }
        try update()
        return immediate(result)
    }

    /// Signal results are complete at once; poll the all-function a first time.
    private func immediate(_ result: RPCReturn) -> RPCReturn {
        guard case .deferred(let deferred) = result, let response = DeferredCalls.pollOnce(deferred) else { return result }
        switch response {
        case .success(let value): return .value(value)
        case .fault(let fault): return .fault(RPCError(code: fault.code, text: fault.string))
        }
    }

    /// `make_allfunc`: run `body` for each process matching `predicate`, then wait for the
    /// deferred ones; one `{name, group, status, description}` per process.
    func allFunction(
        _ processes: [SupervisedProcess], where predicate: @escaping (SupervisedProcess) -> Bool,
        _ body: @escaping (SupervisedProcess) throws(RPCError) -> RPCReturn
    ) -> RPCReturn {
        var started = false
        var waiting: [(SupervisedProcess, DeferredResult)] = []
        var results: [XMLRPCValue] = []
        func record(_ process: SupervisedProcess, _ code: Int, _ description: String) {
            results.append(ProcessResult(name: process.name, group: process.groupName, status: code, description: description).xmlrpcValue)
        }
        return .deferred(
            DeferredResult { () throws(RPCError) in
                if !started {
                    started = true
                    self.foldingSteps {
                        for process in processes where predicate(process) {
                            do throws(RPCError) {
                                switch try body(process) {
                                case .value: record(process, Fault.success.rawValue, "OK")
                                case .fault(let error): record(process, error.code, error.text)
                                case .deferred(let deferred): waiting.append((process, deferred))
                                }
                            } catch {
                                record(process, error.code, error.text)
                            }
                        }
                    }
                }
                var stillWaiting: [(SupervisedProcess, DeferredResult)] = []
                for (process, deferred) in waiting {
                    do throws(RPCError) {
                        if try deferred.poll() != nil {
                            record(process, Fault.success.rawValue, "OK")
                        } else {
                            stillWaiting.append((process, deferred))
                        }
                    } catch {
                        record(process, error.code, error.text)
                    }
                }
                waiting = stillWaiting
                return waiting.isEmpty ? .array(results) : nil
            })
    }

    func rpcGetAllConfigInfo() throws(RPCError) -> RPCReturn {
        try update()
        var infos: [XMLRPCValue] = []
        for groupConfig in config.groups {
            let inuse = registry.groups[groupConfig.name] != nil
            for process in groupConfig.processes {
                infos.append(configInfo(process, group: groupConfig, inuse: inuse))
            }
        }
        // Python's sort is stable: equal names keep config order.
        let sorted = infos.enumerated().sorted { lhs, rhs in
            let (a, b) = (lhs.element["name"]?.stringValue ?? "", rhs.element["name"]?.stringValue ?? "")
            return a == b ? lhs.offset < rhs.offset : a < b
        }
        return .value(.array(sorted.map(\.element)))
    }

    private func configInfo(_ process: ProcessConfig, group: GroupConfig, inuse: Bool) -> XMLRPCValue {
        let active = inuse ? registry.groups[group.name]?.processes[process.name] : nil
        func channel(_ channel: ChannelConfig, _ resolved: String?) -> ConfigInfo.Channel {
            let logfile: String =
                switch channel.logfile {
                case .none: "none"
                case .automatic: resolved ?? "auto"
                case .path(let path): path
                }
            return ConfigInfo.Channel(
                captureMaxbytes: channel.captureMaxbytes, eventsEnabled: channel.eventsEnabled, logfile: logfile,
                logfileBackups: channel.backups, logfileMaxbytes: channel.maxbytes, syslog: channel.syslog)
        }
        let details = ConfigInfo.Details(
            directory: process.directory, uid: process.uid.map { Int($0) }, command: process.command, killasgroup: process.killasgroup,
            redirectStderr: process.redirectStderr, startretries: process.startretries, startsecs: process.startsecs,
            stdout: channel(process.stdout, active?.stdoutLogPath), stopsignal: Int(process.stopsignal),
            stopwaitsecs: process.stopwaitsecs, stderr: channel(process.stderr, active?.stderrLogPath), serverurl: process.serverurl)
        return ConfigInfo(
            name: process.name, group: group.name, inuse: inuse, autostart: process.autostart, groupPriority: group.priority,
            processPriority: process.priority, exitcodes: process.exitcodes, details: details
        ).xmlrpcValue
    }

    func processInfo(_ name: String) throws(RPCError) -> ProcessInfo {
        let (_, found) = try groupAndProcess(name)
        guard let process = found else { throw RPCError(.badName, name) }
        return processInfo(process, now: clock.now().wall)
    }

    /// `getProcessInfo`'s struct as of `now` (wall clock), with supervisor's description rules.
    func processInfo(_ process: SupervisedProcess, now: Double) -> ProcessInfo {
        let machine = process.machine
        let start = cappedInt(machine.laststart)
        let stop = cappedInt(machine.laststop)
        let nowInt = cappedInt(now)
        // A start that waits for its dependencies (bosund's depends_on) says for what.
        let description: String
        if let waiting = waitingDescription(process) {
            description = waiting
        } else {
            switch machine.state {
            case .running:
                description = "pid \(machine.pid), uptime \(Self.timedelta(max(0, nowInt - start)))"
            case .starting where machine.rules.readiness.check != .startsecs:
                description = "pid \(machine.pid), waiting for ready_check \(machine.rules.readiness.check)"
            case .fatal, .backoff:
                description = machine.spawnerr.flatMap { $0.isEmpty ? nil : $0 } ?? "unknown error (try \"tail \(process.name)\")"
            case .stopped, .exited:
                description = start != 0 ? LocalTime.stopDate(Double(stop)) : "Not started"
            default:
                description = ""
            }
        }
        return ProcessInfo(
            name: process.name, group: process.groupName, start: start, stop: stop, now: nowInt, state: machine.state,
            spawnerr: machine.spawnerr ?? "", exitstatus: machine.exitstatus ?? 0, stdoutLogfile: process.stdoutLogPath ?? "",
            stderrLogfile: process.stderrLogPath ?? "", pid: Int(machine.pid), description: description)
    }

    /// Python's `str(timedelta(seconds=n))`: `1:02:03`, `2 days, 3:04:05`.
    static func timedelta(_ seconds: Int) -> String {
        let days = seconds / 86400
        let rest = seconds % 86400
        let clock = "\(rest / 3600):\(pad(rest % 3600 / 60)):\(pad(rest % 60))"
        return days == 0 ? clock : "\(days) day\(days == 1 ? "" : "s"), \(clock)"
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    /// `capped_int`: XML-RPC ints are 32-bit.
    private func cappedInt(_ value: Double) -> Int { min(Int(Int32.max), max(Int(Int32.min), Int(value))) }

    func rpcReadProcessLog(_ name: String, _ offset: Int, _ length: Int, _ channel: ChildOutput.Channel) throws(RPCError) -> RPCReturn {
        try update()
        let (_, found) = try groupAndProcess(name)
        guard let process = found else { throw RPCError(.badName, name) }
        let path = channel == .stdout ? process.stdoutLogPath : process.stderrLogPath
        guard let path, access(path, F_OK) == 0 else { throw RPCError(.noFile, path) }
        let stamped = (channel == .stdout ? process.config.stdout : process.config.stderr).timestamps
        return .value(.string(try LogReading.read(path, offset: offset, length: length, stamped: stamped)))
    }

    func rpcTailProcessLog(_ name: String, _ offset: Int, _ length: Int, _ channel: ChildOutput.Channel) throws(RPCError) -> RPCReturn {
        try update()
        let (_, found) = try groupAndProcess(name)
        guard let process = found else { throw RPCError(.badName, name) }
        let path = channel == .stdout ? process.stdoutLogPath : process.stderrLogPath
        guard let path, access(path, F_OK) == 0 else { return .value(["", 0, false]) }
        let stamped = (channel == .stdout ? process.config.stdout : process.config.stderr).timestamps
        let (text, newOffset, overflow) = LogReading.tail(path, offset: offset, length: length, stamped: stamped)
        return .value([.string(text), .int(newOffset), .bool(overflow)])
    }

    func rpcClearProcessLogs(_ name: String) throws(RPCError) -> RPCReturn {
        try update()
        let (_, found) = try groupAndProcess(name)
        guard let process = found else { throw RPCError(.badName, name) }
        do {
            for output in process.outputs { try output.clear() }
        } catch {
            throw RPCError(.failed, name)
        }
        return .value(true)
    }

    func rpcClearAllProcessLogs() throws(RPCError) -> RPCReturn {
        try update()
        return .value(.array(eachProcessResult { (process) throws(RPCError) in _ = try rpcClearProcessLogs(process.namespec) }))
    }

    /// `body` on every process in priority order, each giving a `ProcessResult`: OK, or the
    /// fault it threw (`clearAllProcessLogs`, `bosun.rotateAllProcessLogs`).
    private func eachProcessResult(_ body: (SupervisedProcess) throws(RPCError) -> Void) -> [XMLRPCValue] {
        registry.processesByPriority.map { process in
            var status = Fault.success.rawValue
            var description = "OK"
            do throws(RPCError) {
                try body(process)
            } catch {
                status = error.code
                description = error.text
            }
            return ProcessResult(name: process.name, group: process.groupName, status: status, description: description).xmlrpcValue
        }
    }

    /// The CPU and memory in `table` of each running child's tree, by pid (for `/metrics` and
    /// `bosun.getAllProcessResources`). A child's parent is the daemon (the spawn helper clones
    /// with CLONE_PARENT), so a pid reused by another process since is not taken for a program's.
    func treeUsage(of processes: [SupervisedProcess], in table: ProcessTable) -> [Int32: ProcessTable.Usage] {
        table.treeUsage(of: processes.map(\.machine.pid).filter { $0 > 0 }, parent: getpid())
    }

    /// `bosun.getAllProcessResources`: each process's tree in `table`, in getAllProcessInfo's
    /// order.
    func resources(in table: ProcessTable) -> [ProcessResources] {
        let processes = registry.processesLexically
        let trees = treeUsage(of: processes, in: table)
        return processes.map { process in
            let pid = process.machine.pid
            let usage = pid > 0 ? trees[pid] : nil
            return ProcessResources(
                name: process.name, group: process.groupName, pid: Int(pid), cpuSeconds: usage?.cpuSeconds,
                residentBytes: usage?.residentBytes, restarts: process.counters.restarts)
        }
    }

    /// `bosun.rotateProcessLogs`: each channel's log rotates in place while its pipe is open,
    /// else (a stopped process, or a channel its child closed) on disk.
    func rotateLogs(of name: String) throws(RPCError) {
        let (_, found) = try groupAndProcess(name)
        guard let process = found else { throw RPCError(.badName, name) }
        let channels: [(ChildOutput.Channel, String?, ChannelConfig)] = [
            (.stdout, process.stdoutLogPath, process.config.stdout), (.stderr, process.stderrLogPath, process.config.stderr),
        ]
        for (channel, path, config) in channels {
            if let output = process.outputs.first(where: { $0.channel == channel }) {
                output.rotate()
            } else if let path {
                world.rotateLog(path, config)
            }
        }
    }

    /// `bosun.rotateAllProcessLogs`: one result per process, in priority order.
    func rotateAllLogs() -> [XMLRPCValue] {
        eachProcessResult { (process) throws(RPCError) in try rotateLogs(of: process.namespec) }
    }

    func rpcSendProcessStdin(_ name: String, _ chars: XMLRPCValue) throws(RPCError) -> RPCReturn {
        try update()
        let bytes: [UInt8]
        switch chars {
        case .string(let text): bytes = Array(text.utf8)
        case .base64(let data): bytes = data
        default: throw RPCError(.incorrectParameters, chars.pythonDescription)
        }
        let (_, found) = try groupAndProcess(name)
        guard let process = found else { throw RPCError(.badName, name) }
        guard process.machine.pid != 0, !process.machine.killing else { throw RPCError(.notRunning, name) }
        process.flushStdin()
        guard process.pendingStdin.count < SupervisedProcess.pendingStdinLimit else {
            throw RPCError(.failed, "\(name): \(process.pendingStdin.count) bytes of earlier input are waiting unread")
        }
        guard process.writeStdin(bytes) else { throw RPCError(.noFile, name) }
        return .value(true)
    }

    func rpcSendRemoteCommEvent(type: String, data: String) throws(RPCError) -> RPCReturn {
        events.notify(.remoteCommunication(type: type, data: data))
        return .value(true)
    }

    /// `system.multicall`: each call in order; a deferred one is waited for before the next.
    func multicall(_ calls: [XMLRPCValue]) -> RPCReturn {
        inSequence(
            calls.map { call in
                { [self] in
                    var params: [XMLRPCValue] = []
                    if case .array(let given)? = call["params"] { params = given }
                    return switch call["methodName"]?.stringValue {
                    case nil: .fault(RPCError(.incorrectParameters, "No methodName"))
                    case "system.multicall"?: .fault(RPCError(.incorrectParameters, "Recursive system.multicall forbidden"))
                    case let name?: RPCInterface.call(name, params, on: self)
                    }
                }
            })
    }

    /// Makes each call once the one before it answered (waiting for a deferred one), and
    /// answers their results in order, a fault as its `faultCode`/`faultString` struct.
    func inSequence(_ calls: [() -> RPCReturn]) -> RPCReturn {
        var remaining = calls[...]
        var current: DeferredResult? = nil
        var results: [XMLRPCValue] = []
        func faultValue(_ error: RPCError) -> XMLRPCValue { ["faultCode": .int(error.code), "faultString": .string(error.text)] }
        let deferred = DeferredResult { () throws(RPCError) in
            if let waiting = current {
                do throws(RPCError) {
                    if let value = try waiting.poll() {
                        results.append(value)
                        current = nil
                    }
                } catch {
                    results.append(faultValue(error))
                    current = nil
                }
            }
            while current == nil, let call = remaining.popFirst() {
                switch call() {
                case .value(let value): results.append(value)
                case .fault(let error): results.append(faultValue(error))
                case .deferred(let deferred): current = deferred
                }
            }
            return current == nil && remaining.isEmpty ? .array(results) : nil
        }
        return .deferred(deferred)
    }
}
