import BosunConfig
import BosunCore
import BosunSimulation
import Glibc
import Testing

@testable import BosunDaemon

/// `depends_on` rules in a simulated world where the real rules leave gaps a schedule rarely
/// finds: a cycle among groups of different config ages, and a restart that must wait for the
/// dependent's own stop.
struct StartOrderTests {
    /// A supervisor on `programs`, started, with reaping wired.
    func supervisor(_ programs: String, world: SimulatedWorld) throws -> (Supervisor, DaemonConfigReader) {
        let machine = SimulatedMachine(config: "[supervisord]\nlogfile=/dev/null\n" + programs)
        let reader = DaemonConfigReader(world: machine)
        let supervisor = Supervisor(
            world: world, config: try reader.read(path: SimulatedMachine.configPath), environment: machine.environment,
            mainLog: MainLog(level: .critical, echoToStdout: false),
            configSource: { () throws(ConfigError) in try reader.read(path: SimulatedMachine.configPath) })
        world.reap = { pid, exit in
            supervisor.reaped(pid: pid, exit: exit)
            supervisor.step()
        }
        supervisor.start()
        world.runImmediate()
        return (supervisor, reader)
    }

    func state(_ supervisor: Supervisor, _ name: String) -> ProcessState? { supervisor.registry.lookup(name)?.process?.state }

    /// a depends on b (old config) and the re-added b on a (new config): the cycle is broken,
    /// so both start and a shutdown finishes instead of waiting on itself.
    @Test func aCycleAmongActiveGroupsIsBrokenAndTheShutdownFinishes() throws {
        let world = SimulatedWorld(seed: 3, behaviour: .obedient)
        let (supervisor, _) = try supervisor("[program:a]\ncommand=/bin/a\ndepends_on=b\n[program:b]\ncommand=/bin/b\n", world: world)
        world.advance(by: 3)
        #expect(state(supervisor, "a") == .running && state(supervisor, "b") == .running)
        supervisor.stopAll(try #require(supervisor.registry.groups["b"]))
        world.advance(by: 1)
        #expect(state(supervisor, "a") == .stopped && state(supervisor, "b") == .stopped, "stopping b stopped a first")
        #expect(supervisor.removeGroup("b"))
        let newer = try DaemonConfigReader(world: SimulatedMachine(config: "[supervisord]\n[program:a]\ncommand=/bin/a\n[program:b]\ncommand=/bin/b\ndepends_on=a\n"))
            .read(path: SimulatedMachine.configPath)
        #expect(supervisor.addGroup(try #require(newer.groups.first { $0.name == "b" })))
        for process in supervisor.registry.processesByPriority { supervisor.apply(process.machine.beginSpawn(at: supervisor.clock.now()), to: process) }
        supervisor.step()
        world.advance(by: 3)
        #expect(state(supervisor, "a") == .running && state(supervisor, "b") == .running)
        var finished = false
        supervisor.onFinished = { _ in finished = true }
        supervisor.mood = .shutdown
        supervisor.step()
        world.advance(by: 30)
        #expect(finished, "a stop never waits for itself around a cycle")
    }

    /// on_dependency_exit=restart: the dependency is back (RUNNING) while the dependent is still
    /// stopping; the dependent starts again once it has stopped.
    @Test func aRestartWaitsForTheDependentsOwnStop() throws {
        let world = SimulatedWorld(seed: 4, behaviour: .obedient)
        let (supervisor, _) = try supervisor(
            """
            [program:risk]
            command=/bin/risk
            startsecs=0
            autorestart=true
            [program:reporter]
            command=/bin/reporter
            startsecs=0
            depends_on=risk
            on_dependency_exit=restart
            """, world: world)
        world.advance(by: 1)
        let risk = try #require(supervisor.registry.lookup("risk")?.process)
        let reporter = try #require(supervisor.registry.lookup("reporter")?.process)
        #expect(risk.state == .running && reporter.state == .running)
        let firstPID = reporter.machine.pid
        _ = world.signal(risk.machine.pid, SIGKILL, toGroup: false)
        world.advance(by: 0.02)
        world.advance(by: 1)
        #expect(risk.state == .running)
        #expect(reporter.state == .running, "restarted after its stop")
        #expect(reporter.machine.pid != firstPID)
        #expect(reporter.pendingStart == nil)
    }
}
