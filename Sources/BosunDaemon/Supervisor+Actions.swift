import BosunConfig
import BosunCore
import Glibc
import OrderedCollections

/// The action runner: what a state machine asks for, carried out through the world.
extension Supervisor {
    func apply(_ actions: [ProcessAction], to process: SupervisedProcess) {
        // Other processes react to the changes once the lines that report them are logged.
        var changed: [StateChange] = []
        defer { for change in changed { reactToChange(process, change) } }
        for action in actions {
            switch action {
            case .log(let level, let message):
                mainLog.log(level, message)
            case .spawn:
                spawn(process)
            case .kill(let pid, let signal, let toGroup):
                let code = world.signal(pid, signal, toGroup: toGroup)
                if code == ESRCH {
                    mainLog.log(
                        .debug,
                        "unable to signal \(process.name) (pid \(pid)), it probably just exited on its own: \(SystemError(call: "kill", code: code))")
                } else if code != 0 {
                    apply(process.machine.killFailed(SystemError(call: "kill", code: code).description, at: clock.now()), to: process)
                }
            case .signal(let pid, let signal):
                let code = world.signal(pid, signal, toGroup: false)
                if code == ESRCH {
                    mainLog.log(
                        .debug,
                        "unable to signal \(process.name) (pid \(pid)), it probably just now exited on its own: \(SystemError(call: "kill", code: code))")
                }
            case .stateChanged(let change):
                if change.from == .starting { endReadinessWatch(process) }
                if change.to == .fatal { process.counters.fatals += 1 }
                events.notify(.processState(process: process, change: change))
                changes.record()
                changed.append(change)
                requestPass()
            }
        }
    }

    /// Looks up the command and asks the world for a child (`Subprocess.spawn` after
    /// STARTING), reporting the outcome back to the state machine.
    func spawn(_ process: SupervisedProcess) {
        let now = clock.now()
        let lookup = process.checkedCommand.map { .success($0) } ?? world.resolveCommand(process.config.command, path: commandPath(process))
        process.checkedCommand = nil
        guard case .success(let command) = lookup else {
            if case .failure(let problem) = lookup {
                process.counters.spawnErrors += 1
                apply(process.machine.spawnFailed(problem.message, at: now), to: process)
            }
            return
        }
        guard let group = registry.groups[process.groupName] else { return }
        let isListener = group.listenerPool != nil
        let routes = OutputRoutes(
            // Weak: a pipe a grandchild holds open can outlive this supervisor (after a reload).
            listenerOutput: isListener ? { [weak self] bytes in self?.events.listenerOutput(process, bytes) } : nil,
            logged: { [weak self] channel, bytes in self?.events.notify(.processLog(process: process, channel: channel, data: bytes)) },
            captured: { [weak self] channel, bytes in
                self?.events.notify(.processCommunication(process: process, channel: channel, data: bytes))
            },
            ready: { [weak self] pid in self?.readinessPassed(process, pid: pid) })
        let request = SpawnRequest(
            process: process, group: group, command: command, environment: childEnvironment(process), routes: routes)
        switch world.spawn(request) {
        case .failed(let message):
            process.counters.spawnErrors += 1
            apply(process.machine.spawnFailed(message, at: now), to: process)
        case .spawned(let pid, let stdin):
            process.counters.spawns += 1
            registry.processesByPID[pid] = process
            if isListener {
                process.listener = ListenerProtocol()
                process.listenerEvent = nil
            }
            process.stdin = stdin
            apply(process.machine.spawned(pid: pid, at: now), to: process)
            if process.state == .starting {
                process.readinessWatch = world.watchReadiness(request, pid: pid)
            }
        }
    }

    /// The readiness check of the child `pid` passed: RUNNING if that child is still starting.
    func readinessPassed(_ process: SupervisedProcess, pid: Int32) {
        guard process.machine.pid == pid, process.state == .starting else { return }
        apply(process.machine.ready(at: clock.now()), to: process)
        step()
    }

    /// A start ended (ready, or not): its probes stop and its output is matched no more.
    private func endReadinessWatch(_ process: SupervisedProcess) {
        process.readinessWatch?.cancel()
        process.readinessWatch = nil
        for output in process.outputs { output.readyLines = nil }
    }

    /// The PATH a command is looked up in: the program's `environment=PATH`, else supervisord's.
    func commandPath(_ process: SupervisedProcess) -> String? {
        process.config.environment.last { $0.name == "PATH" }?.value ?? environment["PATH"]
    }

    /// supervisord's environment, then SUPERVISOR_*, then the program's `environment=`.
    private func childEnvironment(_ process: SupervisedProcess) -> [(String, String)] {
        var environment = self.environment
        environment["SUPERVISOR_ENABLED"] = "1"
        if let url = process.config.serverurl ?? serverURL { environment["SUPERVISOR_SERVER_URL"] = url }
        environment["SUPERVISOR_PROCESS_NAME"] = process.name
        environment["SUPERVISOR_GROUP_NAME"] = process.groupName
        for variable in process.config.environment { environment[variable.name] = variable.value }
        if process.config.readiness.check == .notify, let address = world.notifySocketAddress() { environment["NOTIFY_SOCKET"] = address }
        return environment.map { ($0.key, $0.value) }
    }

    /// The URL children reach supervisord at: the first unix socket, else the inet server.
    var serverURL: String? {
        for server in config.servers {
            if case .unix(let path, _, _, _) = server.address { return "unix://\(path)" }
        }
        for server in config.servers {
            if case .inet(let host, let port) = server.address { return "http://\(host.isEmpty ? "localhost" : host):\(port)" }
        }
        return nil
    }
}
