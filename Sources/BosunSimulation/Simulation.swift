package import BosunConfig
import BosunAPI
import BosunCore
import BosunDaemon
import Glibc
import OrderedCollections
import XMLRPC

/// One schedule: the real supervisor core (`Supervisor` and its parts) in a simulated world,
/// driven by random steps from a seed (time passing, RPC calls of every kind, children
/// dying, SIGHUP and SIGTERM), with the invariants checked after every step. The same seed
/// gives the same schedule.
package final class Simulation {
    package struct Violation: Error {
        package var seed: UInt64
        package var step: Int
        package var message: String
        /// The last lines of the schedule's trace.
        package var trace: [String]
    }

    private let seed: UInt64
    private let steps: Int
    private var random: SeededRandom
    private let world: SimulatedWorld
    private let supervisor: Supervisor
    private var invariants = Invariants()
    private var trace: [String] = []
    private let keepTrace: Bool
    private let configs: ConfigVersions
    /// Answers each call got, by call number.
    private var answers: [Int: Int] = [:]
    private var callCount = 0
    /// Answers each `bosun.waitForChange` of the schedule got, by its number.
    private var changeWaitAnswers: [Int: Int] = [:]
    private var changeWaitCount = 0
    private var changeWaitHeld = false
    /// The serial of the last change wait's answer; -1 before the first.
    private var changeSerial = -1
    private var finishedMood: SupervisorMood?
    private var step = 0

    package init(seed: UInt64, steps: Int, keepTrace: Bool = false) throws(ConfigError) {
        self.seed = seed
        self.steps = steps
        self.keepTrace = keepTrace
        random = SeededRandom(seed: seed)
        var generator = ConfigGenerator(random: SeededRandom(seed: seed &* 31 &+ 7))
        configs = ConfigVersions(generator.configs())
        world = SimulatedWorld(seed: seed)
        let machine = SimulatedMachine(versions: configs)
        let reader = DaemonConfigReader(world: machine)
        let config = try reader.read(path: SimulatedMachine.configPath)
        let mainLog = MainLog(level: keepTrace ? .debug : .critical, echoToStdout: false)
        supervisor = Supervisor(
            world: world, config: config, environment: machine.environment, mainLog: mainLog,
            configSource: { () throws(ConfigError) in try reader.read(path: SimulatedMachine.configPath) })
        mainLog.sink = { [unowned self] level, line in note("log \(level.tag) \(line)") }
        if keepTrace { world.trace = { [unowned self] line in note(line) } }
        world.reap = { [unowned self] pid, exit in
            supervisor.reaped(pid: pid, exit: exit)
            supervisor.step()
        }
        supervisor.events.observer = { [unowned self] event in invariants.observe(event, at: world.manualClock.monotonic, world: world, supervisor: supervisor) }
        supervisor.onFinished = { [unowned self] mood in finishedMood = mood }
    }

    /// Runs the schedule; throws the first violation.
    package func run() throws(Violation) {
        supervisor.start()
        world.runImmediate()
        try check()
        while step < steps && finishedMood == nil {
            step += 1
            performRandomStep()
            world.runImmediate()
            waitForChange()
            try check()
        }
        if finishedMood == nil {
            note("final shutdown")
            supervisor.mood = .shutdown
            supervisor.step()
        }
        // Time enough for the longest stop (stopwaitsecs, then the kill) of every group in turn.
        var waited = 0.0
        while finishedMood == nil && waited < 600 {
            world.advance(by: 0.5)
            waited += 0.5
            try check()
        }
        try checkFinished()
    }

    private func check() throws(Violation) {
        if let busyLoop = world.busyLoop { throw violation(busyLoop) }
        if let message = invariants.check(supervisor, world, now: world.manualClock.monotonic) { throw violation(message) }
        if let (call, count) = answers.first(where: { $0.value > 1 }) { throw violation("call \(call) was answered \(count) times") }
        if let (call, count) = changeWaitAnswers.first(where: { $0.value > 1 }) {
            throw violation("change wait \(call) was answered \(count) times")
        }
    }

    private func checkFinished() throws(Violation) {
        guard finishedMood != nil else { throw violation("the shutdown did not finish within 600 s") }
        if !world.children.isEmpty {
            throw violation("after the shutdown, children are left: \(world.children.keys.sorted().map(String.init).joined(separator: ", "))")
        }
        for call in 1...max(1, callCount) where callCount > 0 && answers[call] != 1 {
            throw violation("call \(call) was answered \(answers[call] ?? 0) times by the end")
        }
        for call in 1...max(1, changeWaitCount) where changeWaitCount > 0 && changeWaitAnswers[call] != 1 {
            throw violation("change wait \(call) was answered \(changeWaitAnswers[call] ?? 0) times by the end")
        }
    }

    private func violation(_ message: String) -> Violation {
        Violation(seed: seed, step: step, message: message, trace: Array(trace.suffix(40)))
    }

    private func note(_ line: @autoclosure () -> String) {
        guard keepTrace else { return }
        trace.append(format3(world.manualClock.monotonic) + " " + line())
    }

    // MARK: steps

    private func performRandomStep() {
        let roll = Double.random(in: 0..<1, using: &random)
        switch roll {
        case ..<0.35:
            let seconds = random.chance(0.2) ? Double.random(in: 2..<12, using: &random) : Double.random(in: 0..<1.5, using: &random)
            note("step \(step): time passes, \(format3(seconds)) s")
            world.advance(by: seconds)
        case ..<0.85:
            let (method, params) = randomCall()
            call(method, params)
        case ..<0.96:
            guard let pid = world.livePIDs.randomElement(using: &random) else { return }
            note("step \(step): a child dies")
            world.crash(pid)
            world.advance(by: 0.01)
        case ..<0.98:
            note("step \(step): SIGUSR2")
            supervisor.reopenLogs()
        default:
            let restart = random.chance(0.5)
            note("step \(step): \(restart ? "SIGHUP" : "SIGTERM")")
            if restart && supervisor.mood == .shutdown { return }
            supervisor.mood = restart ? .restarting : .shutdown
            supervisor.step()
        }
    }

    /// Keeps one `bosun.waitForChange` held through the schedule, as a script's wait does: on
    /// the serial of the last answer, for 5 s. It draws nothing from the seed, so a seed's
    /// schedule is the one it was before these calls existed.
    private func waitForChange() {
        guard !changeWaitHeld else { return }
        changeWaitCount += 1
        let number = changeWaitCount
        changeWaitHeld = true
        note("step \(step): change wait \(number) on serial \(changeSerial)")
        _ = RPCInterface.serve(BosunMethod.waitForChange.rawValue, [.int(changeSerial), 5], on: supervisor) { [unowned self] response in
            changeWaitAnswers[number, default: 0] += 1
            changeWaitHeld = false
            if case .success(let value) = response, let report = try? ChangeReport(value) { changeSerial = report.serial }
            note("change wait \(number) answered: \(response)")
        }
    }

    /// One XML-RPC call as the HTTP handler makes it: the method table, the response now or
    /// deferred, then a pass.
    private func call(_ method: String, _ params: [XMLRPCValue]) {
        callCount += 1
        let number = callCount
        note("step \(step): call \(number) \(method)(\(params.map(\.pythonDescription).joined(separator: ", ")))")
        _ = RPCInterface.serve(method, params, on: supervisor) { [unowned self] response in
            answers[number, default: 0] += 1
            switch response {
            case .success(let value): note("call \(number) answered: \(value.pythonDescription.prefix(120))")
            case .fault(let fault): note("call \(number) answered: fault \(fault.code) \(fault.string)")
            }
        }
        supervisor.step()
    }

    private func randomName() -> String {
        var names = ["nosuch", "grp:*", "listen:*", "p0:*", "extra", "extra:*"]
        for group in supervisor.registry.byPriority {
            names.append("\(group.name):*")
            for process in group.byPriority { names.append(process.namespec) }
        }
        return names.randomElement(using: &random)!
    }

    private func randomCall() -> (String, [XMLRPCValue]) {
        let wait = XMLRPCValue.bool(random.chance(0.5))
        let signal = XMLRPCValue.string(["HUP", "USR1", "TERM", "KILL", "BOGUS"].randomElement(using: &random)!)
        switch Int.random(in: 0..<17, using: &random) {
        case 0, 1: return ("supervisor.startProcess", [.string(randomName()), wait])
        case 2, 3: return ("supervisor.stopProcess", [.string(randomName()), wait])
        case 4: return ("supervisor.startProcessGroup", [.string(groupName()), wait])
        case 5: return ("supervisor.stopProcessGroup", [.string(groupName()), wait])
        case 6: return ("supervisor.startAllProcesses", [wait])
        case 7: return ("supervisor.stopAllProcesses", [wait])
        case 8: return ("supervisor.signalProcess", [.string(randomName()), signal])
        case 9: return ("supervisor.signalProcessGroup", [.string(groupName()), signal])
        case 10: return ("supervisor.signalAllProcesses", [signal])
        case 11: return ("supervisor.getAllProcessInfo", [])
        case 12:
            configs.useSecond.toggle()
            return ("supervisor.reloadConfig", [])
        case 13: return ("supervisor.addProcessGroup", [.string(groupName())])
        case 14: return ("supervisor.removeProcessGroup", [.string(groupName())])
        case 15: return ("supervisor.sendRemoteCommEvent", [.string("type"), .string("data")])
        default:
            // supervisorctl's restart, as one multicall: stop, then start.
            let name = XMLRPCValue.string(randomName())
            let calls: [XMLRPCValue] = [
                ["methodName": "supervisor.stopProcess", "params": .array([name, true])],
                ["methodName": "supervisor.startProcess", "params": .array([name, wait])],
            ]
            return ("system.multicall", [.array(calls)])
        }
    }

    private func groupName() -> String {
        (["p0", "p1", "p2", "p3", "extra", "grp", "listen", "nosuch"] + supervisor.registry.byPriority.map(\.name)).randomElement(using: &random)!
    }
}

/// Seconds with three decimals, for the trace.
func format3(_ value: Double) -> String {
    let millis = Int((value * 1000).rounded())
    let fraction = String(millis % 1000)
    return "\(millis / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
}
