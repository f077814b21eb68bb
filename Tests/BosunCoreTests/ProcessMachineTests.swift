import BosunCore
import Testing

/// The state machine of supervisor's process.py, driven by a manual clock.
@Suite struct ProcessMachineTests {
    /// A clock the test moves by hand; wall time runs 1000 s ahead of monotonic time.
    struct ManualClock {
        var now = 100.0
        var moment: Moment { Moment(monotonic: now, wall: now + 1000) }
        mutating func advance(_ seconds: Double) { now += seconds }
    }

    func rules(_ configure: (inout ProcessRules) -> Void = { _ in }) -> ProcessRules {
        var rules = ProcessRules(name: "web")
        configure(&rules)
        return rules
    }

    func states(_ actions: [ProcessAction]) -> [ProcessState] {
        actions.compactMap { if case .stateChanged(let change) = $0 { return change.to } else { return nil } }
    }

    func logs(_ actions: [ProcessAction]) -> [String] {
        actions.compactMap { if case .log(_, let text) = $0 { return text } else { return nil } }
    }

    @Test func autostartSpawnsThenRunningAfterStartsecs() {
        var clock = ManualClock()
        var machine = ProcessMachine(rules: rules())
        let start = machine.transition(at: clock.moment, shuttingDown: false)
        #expect(states(start) == [.starting])
        #expect(start.contains(.spawn))
        #expect(logs(machine.spawned(pid: 42, at: clock.moment)) == ["spawned: 'web' with pid 42"])
        clock.advance(1)
        #expect(machine.transition(at: clock.moment, shuttingDown: false).isEmpty, "needs more than startsecs")
        clock.advance(0.01)
        let running = machine.transition(at: clock.moment, shuttingDown: false)
        #expect(states(running) == [.running])
        #expect(logs(running) == ["success: web entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)"])
        #expect(machine.laststart == 1100)
    }

    @Test func autostartFalseStaysStopped() {
        var machine = ProcessMachine(rules: rules { $0.autostart = false })
        #expect(machine.transition(at: ManualClock().moment, shuttingDown: false).isEmpty)
        #expect(machine.state == .stopped)
    }

    /// startretries=1: STARTING, BACKOFF (1 s), STARTING, BACKOFF, FATAL — two attempts in all.
    @Test func backoffDelaysGrowThenFatal() {
        var clock = ManualClock()
        var machine = ProcessMachine(rules: rules { $0.startretries = 2 })
        var seen: [ProcessState] = []
        var spawnTimes: [Double] = []
        for _ in 0..<200 {
            let actions = machine.transition(at: clock.moment, shuttingDown: false)
            seen += states(actions)
            if actions.contains(.spawn) {
                spawnTimes.append(clock.now)
                _ = machine.spawned(pid: 7, at: clock.moment)
                clock.advance(0.1)
                seen += states(machine.exited(.exited(0), at: clock.moment))
            }
            clock.advance(0.05)
        }
        #expect(seen == [.starting, .backoff, .starting, .backoff, .starting, .backoff, .fatal])
        #expect(machine.spawnerr == "Exited too quickly (process log may have details)")
        // Each retry waits for the backoff count in seconds: 1, then 2.
        let gaps = zip(spawnTimes.dropFirst(), spawnTimes).map { $0 - $1 }
        #expect(gaps.count == 2)
        #expect(gaps[0] > 1.1 && gaps[0] < 1.3)
        #expect(gaps[1] > 2.1 && gaps[1] < 2.3)
    }

    @Test func exitBeforeStartsecsIsBackoffEvenWithExpectedCode() {
        var clock = ManualClock()
        var machine = ProcessMachine(rules: rules { $0.startsecs = 5 })
        _ = machine.beginSpawn(at: clock.moment)
        _ = machine.spawned(pid: 3, at: clock.moment)
        clock.advance(2)
        let actions = machine.exited(.exited(0), at: clock.moment)
        #expect(states(actions) == [.backoff])
        #expect(logs(actions) == ["exited: web (exit status 0; not expected)"])
    }

    @Test(arguments: [
        (AutoRestart.unexpected, 0, false), (.unexpected, 3, true), (.always, 0, true), (.never, 3, false),
    ])
    func autorestartRules(_ policy: AutoRestart, _ code: Int, _ restarts: Bool) {
        var clock = ManualClock()
        var machine = ProcessMachine(rules: rules { $0.autorestart = policy; $0.exitcodes = [0, 2] })
        _ = machine.beginSpawn(at: clock.moment)
        _ = machine.spawned(pid: 3, at: clock.moment)
        clock.advance(1.5)
        _ = machine.transition(at: clock.moment, shuttingDown: false)
        #expect(machine.state == .running)
        clock.advance(10)
        let exit = machine.exited(.exited(code), at: clock.moment)
        #expect(states(exit) == [.exited])
        #expect(exit.contains(.stateChanged(StateChange(from: .running, to: .exited, expected: code != 3, pid: 3, tries: 0))))
        #expect(machine.spawnerr == (code == 3 ? "Bad exit code 3" : nil))
        let next = machine.transition(at: clock.moment, shuttingDown: false)
        #expect(next.contains(.spawn) == restarts)
    }

    @Test func noAutorestartWhileShuttingDown() {
        var clock = ManualClock()
        var machine = ProcessMachine(rules: rules { $0.autorestart = .always; $0.startsecs = 0 })
        _ = machine.beginSpawn(at: clock.moment)
        _ = machine.spawned(pid: 3, at: clock.moment)
        clock.advance(1)
        _ = machine.transition(at: clock.moment, shuttingDown: false)
        _ = machine.exited(.exited(0), at: clock.moment)
        #expect(machine.transition(at: clock.moment, shuttingDown: true).isEmpty)
        #expect(machine.state == .exited)
    }

    @Test func deathBySignalIsUnexpected() {
        var clock = ManualClock()
        var machine = ProcessMachine(rules: rules { $0.startsecs = 0 })
        _ = machine.beginSpawn(at: clock.moment)
        _ = machine.spawned(pid: 3, at: clock.moment)
        clock.advance(1)
        _ = machine.transition(at: clock.moment, shuttingDown: false)
        let actions = machine.exited(.signalled(9, coreDumped: false), at: clock.moment)
        #expect(logs(actions) == ["exited: web (terminated by SIGKILL; not expected)"])
        #expect(machine.exitstatus == -1)
        #expect(machine.spawnerr == "Bad exit code -1")
    }

    @Test func stopSignalsThenKillsAfterStopwaitsecs() {
        var clock = ManualClock()
        var machine = ProcessMachine(rules: rules { $0.stopwaitsecs = 3; $0.stopsignal = 2; $0.stopasgroup = true; $0.killasgroup = true })
        _ = machine.beginSpawn(at: clock.moment)
        _ = machine.spawned(pid: 50, at: clock.moment)
        clock.advance(2)
        _ = machine.transition(at: clock.moment, shuttingDown: false)
        let stop = machine.stop(at: clock.moment)
        #expect(stop.error == nil)
        #expect(stop.actions.contains(.kill(pid: 50, signal: 2, toGroup: true)))
        #expect(machine.state == .stopping)
        clock.advance(2.9)
        #expect(!machine.transition(at: clock.moment, shuttingDown: true).contains(.kill(pid: 50, signal: 9, toGroup: true)))
        clock.advance(0.2)
        let kill = machine.transition(at: clock.moment, shuttingDown: true)
        #expect(kill.contains(.kill(pid: 50, signal: 9, toGroup: true)))
        #expect(logs(kill).first == "killing 'web' (50) with SIGKILL")
        let reaped = machine.exited(.signalled(9, coreDumped: false), at: clock.moment)
        #expect(states(reaped) == [.stopped])
        #expect(logs(reaped) == ["stopped: web (terminated by SIGKILL)"])
        #expect(machine.pid == 0)
    }

    @Test func stopInBackoffGoesStraightToStopped() {
        var clock = ManualClock()
        var machine = ProcessMachine(rules: rules())
        _ = machine.beginSpawn(at: clock.moment)
        _ = machine.spawnFailed("can't find command 'nope'", at: clock.moment)
        #expect(machine.state == .backoff)
        clock.advance(0.1)
        let stop = machine.stop(at: clock.moment)
        #expect(states(stop.actions) == [.stopped])
        #expect(!stop.actions.contains { if case .kill = $0 { true } else { false } })
    }

    @Test func stopOfAStoppedProcessReportsWhy() {
        var machine = ProcessMachine(rules: rules())
        let stop = machine.stop(at: ManualClock().moment)
        #expect(stop.error == "attempted to kill web with sig SIGTERM but it wasn't running")
    }

    @Test func shutdownGivesUpOnBackoff() {
        var clock = ManualClock()
        var machine = ProcessMachine(rules: rules())
        _ = machine.beginSpawn(at: clock.moment)
        _ = machine.spawnFailed("boom", at: clock.moment)
        clock.advance(5)
        #expect(machine.transition(at: clock.moment, shuttingDown: true).isEmpty, "no retry while shutting down")
        #expect(states(machine.giveUp(at: clock.moment)) == [.fatal])
    }

    /// A wall-clock jump does not matter: only monotonic time counts for the rules.
    @Test func wallClockJumpsDoNotDelayStart() {
        var machine = ProcessMachine(rules: rules())
        _ = machine.beginSpawn(at: Moment(monotonic: 10, wall: 5_000_000))
        _ = machine.spawned(pid: 1, at: Moment(monotonic: 10, wall: 5_000_000))
        let running = machine.transition(at: Moment(monotonic: 11.5, wall: 100), shuttingDown: false)
        #expect(states(running) == [.running])
    }

    @Test func nextDeadlineFollowsTheRules() {
        var machine = ProcessMachine(rules: rules { $0.startsecs = 4 })
        #expect(machine.nextDeadline(shuttingDown: false) == nil)
        _ = machine.beginSpawn(at: Moment(monotonic: 10, wall: 10))
        #expect(machine.nextDeadline(shuttingDown: false) == 14)
        _ = machine.spawnFailed("x", at: Moment(monotonic: 10, wall: 10))
        #expect(machine.nextDeadline(shuttingDown: false) == 11)
        #expect(machine.nextDeadline(shuttingDown: true) == nil)
    }
}
