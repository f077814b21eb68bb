import BosunAPI
import BosunConfig
import BosunCore

/// bosund's start order (`depends_on`, `on_dependency_exit`) and `exit_on_fatal`: a process is
/// spawned only while every dependency is RUNNING, starting one starts its dependencies first,
/// stopping one stops its dependents first, and a dependency that fails stops or restarts its
/// running dependents as they ask.
///
/// Every rule here runs inside a pass; with no `depends_on` in the active config each costs
/// one flag check.
extension Supervisor {
    /// `depends_on` of `process` among the active processes (the simulation checks the order).
    package func dependencies(of process: SupervisedProcess) -> [SupervisedProcess] { dependencies.dependencies(of: process) }

    package func dependents(of process: SupervisedProcess) -> [SupervisedProcess] { dependencies.dependents(of: process) }

    /// The dependencies of `process` that keep it from being spawned now: not RUNNING, or
    /// about to be stopped.
    func blockers(of process: SupervisedProcess) -> [SupervisedProcess] {
        dependencies.dependencies(of: process).filter { $0.state != .running || $0.pendingStop }
    }

    /// Whether `process` must not be spawned now.
    func isStartBlocked(_ process: SupervisedProcess) -> Bool {
        guard !dependencies.isEmpty else { return false }
        return !blockers(of: process).isEmpty || !dependencies.missing(of: process).isEmpty
    }

    /// One process's dependency rules in a pass, before its time rules; true if its start is
    /// blocked. A pending start whose dependency is FATAL (and not asked to start again) is
    /// given up; a process that wants to start on its own (autostart, autorestart, a retry)
    /// but must wait pulls in its dependencies that never started, unless they in turn wait
    /// for a FATAL one. So no flag is set in one pass and cleared in the next.
    func dependencyGate(_ process: SupervisedProcess, at now: Moment) -> Bool {
        guard isStartBlocked(process) else { return false }
        if process.pendingStart != nil {
            if let failed = failedDependency(of: process) {
                setPendingStart(process, nil)
                mainLog.log(.warn, "not starting \(process.namespec): its dependency \(failed.namespec) is FATAL")
                requestPass()
            }
        } else if mood == .running && process.machine.wantsToStart(at: now) {
            var visited: Set<ObjectIdentifier> = []
            requestDependencies(of: process, neverStartedOnly: true, visited: &visited)
        }
        return true
    }

    /// A dependency of `process` that is FATAL and not asked to start again.
    private func failedDependency(of process: SupervisedProcess) -> SupervisedProcess? {
        blockers(of: process).first { $0.state == .fatal && $0.pendingStart == nil }
    }

    /// Starts `process` now if it is free to start, else marks it to start when its
    /// dependencies are RUNNING and asks them to start first. True if it was spawned now.
    @discardableResult
    func startRespectingDependencies(_ process: SupervisedProcess) throws(RPCError) -> Bool {
        if !dependencies.isEmpty, let missing = dependencies.missing(of: process).first {
            throw RPCError(.failed, "\(process.namespec) depends on \(missing), which is not an active process (add its group first)")
        }
        guard isStartBlocked(process) else {
            setPendingStart(process, nil)
            apply(process.machine.beginSpawn(at: clock.now()), to: process)
            return true
        }
        if process.pendingStart == nil {
            mainLog.log(.info, "waiting to start \(process.namespec): \(waitingFor(process))")
        }
        setPendingStart(process, .requested)
        var visited: Set<ObjectIdentifier> = []
        requestDependencies(of: process, neverStartedOnly: false, visited: &visited)
        requestPass()
        return false
    }

    /// Marks the stopped dependencies of `process` (and theirs, in turn) to start: every one
    /// for a start someone asked for, only those that never started (and wait for nothing
    /// FATAL) for a start of its own.
    private func requestDependencies(of process: SupervisedProcess, neverStartedOnly: Bool, visited: inout Set<ObjectIdentifier>) {
        guard visited.insert(ObjectIdentifier(process)).inserted else { return }
        for dependency in dependencies.dependencies(of: process) {
            if dependency.state.isStopped && dependency.pendingStart == nil {
                if neverStartedOnly && (dependency.machine.laststart != 0 || failedDependency(of: dependency) != nil) { continue }
                setPendingStart(dependency, .requested)
                mainLog.log(.info, "starting \(dependency.namespec) first: \(process.namespec) depends on it")
                requestPass()
            }
            requestDependencies(of: dependency, neverStartedOnly: neverStartedOnly, visited: &visited)
        }
    }

    /// A pending start whose dependencies are RUNNING is spawned (outside shutdown). One that
    /// still waits for its own stop (`on_dependency_exit=restart`) keeps waiting; one whose
    /// process runs already is done.
    func startPendingIfFree(_ process: SupervisedProcess) {
        guard process.pendingStart != nil, mood == .running, !isStartBlocked(process) else { return }
        if process.state.isStopped {
            setPendingStart(process, nil)
            apply(process.machine.beginSpawn(at: clock.now()), to: process)
        } else if process.state != .stopping && !process.pendingStop {
            setPendingStart(process, nil)
        }
    }

    /// Stops `process` once its dependents are stopped: they are stopped first (theirs before
    /// them), and its own stop signal waits in `pendingStop` until they are. A process in
    /// BACKOFF has no child: it is stopped at once. `visited` keeps a cycle among the active
    /// processes (configs of different ages) from recursing without end.
    func stopAfterDependents(_ process: SupervisedProcess) {
        var visited: Set<ObjectIdentifier> = []
        stopAfterDependents(process, visited: &visited)
    }

    private func stopAfterDependents(_ process: SupervisedProcess, visited: inout Set<ObjectIdentifier>) {
        guard visited.insert(ObjectIdentifier(process)).inserted else { return }
        setPendingStart(process, nil)
        let dependents = dependencies.dependents(of: process)
        for dependent in dependents {
            setPendingStart(dependent, nil)
            if dependent.state.isRunning && !dependent.pendingStop { stopAfterDependents(dependent, visited: &visited) }
        }
        if process.state == .backoff || dependents.allSatisfy({ $0.state.isStopped }) {
            setPendingStop(process, false)
            apply(process.machine.stop(at: clock.now()).actions, to: process)
        } else if !process.pendingStop {
            setPendingStop(process, true)
            let names = dependents.filter { !$0.state.isStopped }.map(\.namespec).joined(separator: ", ")
            mainLog.log(.info, "stopping \(process.namespec) after its dependents: \(names)")
        }
    }

    /// `processes` reordered so that each comes after its dependents among them (otherwise in
    /// the order given): a group or all-process stop then stops each process in its own turn,
    /// and reports it, instead of as a dependency's side effect.
    func stopOrder(_ processes: [SupervisedProcess]) -> [SupervisedProcess] {
        guard !dependencies.isEmpty else { return processes }
        let members = Set(processes.map(ObjectIdentifier.init))
        var placed: Set<ObjectIdentifier> = []
        var ordered: [SupervisedProcess] = []
        func place(_ process: SupervisedProcess) {
            guard placed.insert(ObjectIdentifier(process)).inserted else { return }
            for dependent in dependencies.dependents(of: process) where members.contains(ObjectIdentifier(dependent)) { place(dependent) }
            ordered.append(process)
        }
        for process in processes { place(process) }
        return ordered
    }

    /// Sends the stop signal of every pending stop whose dependents are all stopped. A
    /// dependent that went to BACKOFF meanwhile (a start stopped for `ready_timeout`) is
    /// stopped too, so the stop never waits on a retry.
    func runPendingStops() {
        guard !dependencies.isEmpty else { return }
        let now = clock.now()
        for process in registry.processesByPriority where process.pendingStop {
            guard process.state.isRunning else {
                setPendingStop(process, false)
                continue
            }
            let dependents = dependencies.dependents(of: process)
            for dependent in dependents where dependent.state == .backoff {
                apply(dependent.machine.stop(at: now).actions, to: dependent)
            }
            if dependents.allSatisfy({ $0.state.isStopped }) {
                setPendingStop(process, false)
                apply(process.machine.stop(at: now).actions, to: process)
            }
        }
    }

    /// A state change that other processes may react to: a dependency that exited
    /// unexpectedly or went FATAL (`on_dependency_exit`), and `exit_on_fatal`.
    func reactToChange(_ process: SupervisedProcess, _ change: StateChange) {
        guard mood == .running else { return }
        let failed = change.to == .fatal || (change.to == .exited && !change.expected)
        guard failed else { return }
        if !dependencies.isEmpty {
            for dependent in dependencies.dependents(of: process) where dependent.config.onDependencyExit != .ignore {
                guard dependent.state.isRunning || dependent.pendingStart != nil else { continue }
                let policy = dependent.config.onDependencyExit
                mainLog.log(
                    .warn,
                    "\(policy == .stop ? "stopping" : "restarting") \(dependent.namespec): its dependency \(process.namespec) \(change.to == .fatal ? "is FATAL" : "exited unexpectedly") (on_dependency_exit=\(policy.rawValue))"
                )
                if dependent.state.isRunning && !dependent.pendingStop { stopAfterDependents(dependent) }
                setPendingStart(dependent, policy == .restart ? .afterDependencies : nil)
            }
        }
        if process.config.exitOnFatal && (change.to == .fatal || !process.machine.wantsToStart(at: clock.now())) {
            mainLog.log(
                .critical,
                "\(process.namespec) \(change.to == .fatal ? "is FATAL" : "exited unexpectedly and will not be restarted") (exit_on_fatal): shutting down"
            )
            exitsWithFailure = true
            mood = .shutdown
        }
        requestPass()
    }

    /// Sets what a process's start waits for; the change serial moves when it changes, since
    /// the process then reports `waiting for ...`, or no longer does.
    func setPendingStart(_ process: SupervisedProcess, _ pending: PendingStart?) {
        guard process.pendingStart != pending else { return }
        process.pendingStart = pending
        changes.record()
    }

    /// Sets whether a process's stop waits for its dependents; the serial moves as above (its
    /// dependencies report it as STOPPING).
    func setPendingStop(_ process: SupervisedProcess, _ pending: Bool) {
        guard process.pendingStop != pending else { return }
        process.pendingStop = pending
        changes.record()
    }

    /// `bosun.getAllProcessDetails`'s answer for one process.
    func details(of process: SupervisedProcess) -> ProcessDetails {
        ProcessDetails(
            name: process.name, group: process.groupName, readyCheck: process.config.readiness.check.description,
            dependsOn: dependencies.dependencies(of: process).map(\.namespec), missing: dependencies.missing(of: process),
            dependents: dependencies.dependents(of: process).map(\.namespec),
            onDependencyExit: process.config.onDependencyExit.rawValue, waitingFor: waitingDescription(process) ?? "")
    }

    /// `waiting for risk (STARTING), feed (not active)`: what a pending start waits for.
    func waitingFor(_ process: SupervisedProcess) -> String {
        let states = blockers(of: process).map { "\($0.namespec) (\($0.pendingStop ? "STOPPING" : $0.state.name))" }
        let missing = dependencies.missing(of: process).map { "\($0) (not active)" }
        return "waiting for " + (states + missing).joined(separator: ", ")
    }

    /// The description a process reports while its start waits for dependencies; nil when
    /// it does not wait.
    func waitingDescription(_ process: SupervisedProcess) -> String? {
        guard !dependencies.isEmpty, process.state.isStopped || process.state == .backoff, isStartBlocked(process) else { return nil }
        guard process.pendingStart != nil || process.machine.wantsToStart(at: clock.now()) else { return nil }
        return waitingFor(process)
    }
}
