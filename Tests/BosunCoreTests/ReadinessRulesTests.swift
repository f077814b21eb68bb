import BosunCore
import Testing

/// bosund's readiness gate and restart policies in the process machine, and the parsing of
/// `ready_check`, on a manual clock.
@Suite struct ReadinessRulesTests {
    struct ManualClock {
        var now = 100.0
        var moment: Moment { Moment(monotonic: now, wall: now + 1000) }
        mutating func advance(_ seconds: Double) { now += seconds }
    }

    func states(_ actions: [ProcessAction]) -> [ProcessState] {
        actions.compactMap { if case .stateChanged(let change) = $0 { return change.to } else { return nil } }
    }

    func machine(_ configure: (inout ProcessRules) -> Void) -> ProcessMachine {
        var rules = ProcessRules(name: "feed")
        configure(&rules)
        return ProcessMachine(rules: rules)
    }

    @Test func aCheckedStartStaysStartingUntilReady() {
        var clock = ManualClock()
        var feed = machine { $0.readiness.check = .tcp(host: "127.0.0.1", port: 9000) }
        #expect(states(feed.transition(at: clock.moment, shuttingDown: false)) == [.starting])
        _ = feed.spawned(pid: 7, at: clock.moment)
        clock.advance(30)
        #expect(feed.transition(at: clock.moment, shuttingDown: false).isEmpty, "startsecs does not make it RUNNING")
        #expect(feed.state == .starting)
        let ready = feed.ready(at: clock.moment)
        #expect(states(ready) == [.running])
        #expect(ready.contains(.log(.info, "success: feed entered RUNNING state, process is ready (ready_check tcp:127.0.0.1:9000)")))
        #expect(feed.ready(at: clock.moment).isEmpty, "ready once")
    }

    @Test func readyMeansNothingToAStartsecsProcess() {
        var clock = ManualClock()
        var plain = machine { _ in }
        _ = plain.transition(at: clock.moment, shuttingDown: false)
        _ = plain.spawned(pid: 7, at: clock.moment)
        #expect(plain.ready(at: clock.moment).isEmpty)
        clock.advance(1.5)
        #expect(states(plain.transition(at: clock.moment, shuttingDown: false)) == [.running])
    }

    /// Not ready within ready_timeout: stopped, and the exit is a failed start (BACKOFF),
    /// which counts against startretries up to FATAL.
    @Test func aStartNotReadyInTimeFailsAndCountsAsARetry() {
        var clock = ManualClock()
        var feed = machine {
            $0.readiness.check = .notify
            $0.readiness.timeout = 5
            $0.startretries = 0
        }
        _ = feed.transition(at: clock.moment, shuttingDown: false)
        _ = feed.spawned(pid: 7, at: clock.moment)
        #expect(feed.nextDeadline(shuttingDown: false) == 105)
        clock.advance(5.5)
        let timeout = feed.transition(at: clock.moment, shuttingDown: false)
        #expect(states(timeout) == [.stopping])
        #expect(timeout.contains(.kill(pid: 7, signal: 15, toGroup: false)))
        let exit = feed.exited(.signalled(15, coreDumped: false), at: clock.moment)
        #expect(states(exit) == [.backoff])
        #expect(feed.spawnerr == "Not ready within 5 seconds (ready_timeout)")
        #expect(states(feed.transition(at: clock.moment, shuttingDown: false)) == [.fatal])
    }

    @Test func anAdministrativeStopDuringTheTimeoutIsAStop() {
        var clock = ManualClock()
        var feed = machine {
            $0.readiness.check = .log("up")
            $0.readiness.timeout = 1
        }
        _ = feed.transition(at: clock.moment, shuttingDown: false)
        _ = feed.spawned(pid: 7, at: clock.moment)
        clock.advance(2)
        _ = feed.transition(at: clock.moment, shuttingDown: false)
        _ = feed.stop(at: clock.moment)
        #expect(states(feed.exited(.signalled(15, coreDumped: false), at: clock.moment)) == [.stopped])
    }

    @Test func anExitBeforeReadyIsAFailedStartWhateverTheTime() {
        var clock = ManualClock()
        var feed = machine {
            $0.readiness.check = .fd(3)
            $0.readiness.timeout = 0
        }
        _ = feed.transition(at: clock.moment, shuttingDown: false)
        _ = feed.spawned(pid: 7, at: clock.moment)
        #expect(feed.nextDeadline(shuttingDown: false) == nil, "no limit")
        clock.advance(500)
        #expect(states(feed.exited(.exited(0), at: clock.moment)) == [.backoff])
    }

    @Test func retryForeverNeverGivesUpAndBackoffMaxCapsTheWait() {
        var clock = ManualClock()
        var feed = machine {
            $0.retryForever = true
            $0.backoffMax = 8
            $0.startretries = 1
        }
        var spawnTimes: [Double] = []
        for _ in 0..<2000 where spawnTimes.count < 8 {
            let actions = feed.transition(at: clock.moment, shuttingDown: false)
            #expect(!states(actions).contains(.fatal))
            if actions.contains(.spawn) {
                spawnTimes.append(clock.now)
                _ = feed.spawned(pid: 7, at: clock.moment)
                _ = feed.exited(.exited(1), at: clock.moment)
            }
            clock.advance(0.25)
        }
        let waits = zip(spawnTimes.dropFirst(), spawnTimes).map { $0 - $1 }
        // Each retry comes at the first quarter-second step after its delay: 1, 2, 4, 8, 8, ...
        #expect(waits == [1.25, 2.25, 4.25, 8.25, 8.25, 8.25, 8.25], "\(waits)")
        #expect(feed.state == .backoff || feed.state == .starting)
    }

    @Test func backoffDelays() {
        var rules = ProcessRules(name: "x")
        #expect((1...4).map { rules.backoffDelay(tries: $0) } == [1, 2, 3, 4], "supervisord's rule")
        rules.backoffMax = 5
        #expect((1...5).map { rules.backoffDelay(tries: $0) } == [1, 2, 4, 5, 5])
        #expect(rules.backoffDelay(tries: 10_000) == 5)
        #expect(rules.givesUp(after: 4))
        rules.retryForever = true
        #expect(!rules.givesUp(after: 1_000))
    }

    @Test func aBlockedStartWaitsWithoutADeadline() {
        let clock = ManualClock()
        var executor = machine { _ in }
        #expect(executor.wantsToStart(at: clock.moment))
        #expect(executor.transition(at: clock.moment, shuttingDown: false, startBlocked: true).isEmpty)
        #expect(executor.state == .stopped)
        #expect(states(executor.transition(at: clock.moment, shuttingDown: false)) == [.starting])
    }

    @Test(arguments: [
        ("startsecs", ReadinessCheck.startsecs),
        ("tcp:127.0.0.1:9000", .tcp(host: "127.0.0.1", port: 9000)),
        ("tcp:[::1]:80", .tcp(host: "::1", port: 80)),
        ("http://localhost:8080/health", .http(host: "localhost", port: 8080, path: "/health")),
        ("http://localhost:8080", .http(host: "localhost", port: 8080, path: "/")),
        ("exec:pg_isready -h db", .exec("pg_isready -h db")),
        ("log:listening on port \\d+", .log("listening on port \\d+")),
        (" notify ", .notify),
        ("fd:3", .fd(3)),
    ])
    func checksParse(_ text: String, _ check: ReadinessCheck) throws {
        #expect(try ReadinessCheck(parsing: text) == check)
        #expect(try ReadinessCheck(parsing: check.description) == check, "description round-trips")
    }

    @Test(arguments: ["", "tcp:host", "tcp::80", "tcp:h:0", "tcp:h:65536", "http://h/x", "https://h:1/", "exec:", "log:", "fd:2", "fd:x", "ready"])
    func badChecksAreRefused(_ text: String) {
        #expect(throws: ReadinessCheckError.self) { try ReadinessCheck(parsing: text) }
    }
}
