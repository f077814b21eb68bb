import Foundation
import Testing
import TestSupport

/// A script's `wait until` against real daemons: against bosund it holds
/// `bosun.waitForChange` between checks and reacts to the change; against supervisord it polls
/// as before. The daemons' calls are counted in their own main logs (`loglevel=trace` logs
/// every XML-RPC call on both).
@Suite(.serialized)
struct LongPollWaitTests {
    static let config = unixSocketDaemon.replacingOccurrences(of: "loglevel=info", with: "loglevel=trace") + rpcInterfaceSection + """
        [program:x]
        command=sleep 1000
        startsecs=1
        autostart=false

        """
    static let called = "XML-RPC method called: "

    func calls(_ sandbox: SupervisordSandbox, _ method: String = "") -> Int {
        sandbox.mainLog.components(separatedBy: Self.called + method).count - 1
    }

    func script(_ sandbox: SupervisordSandbox, _ code: String, environment: [String: String] = [:]) throws -> ChildProcess {
        try ChildProcess(
            Tools.bosun, ["-c", sandbox.configPath, "-e", code], directory: sandbox.directory,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
    }

    @Test(arguments: SupervisordSandbox.Daemon.allCases)
    func aWaitReactsToTheChange(_ daemon: SupervisordSandbox.Daemon) throws {
        let sandbox = try SupervisordSandbox(config: Self.config, daemon: daemon)
        try sandbox.start()
        defer { sandbox.stop() }
        let before = calls(sandbox)
        let waiter = try script(sandbox, "wait until x RUNNING timeout 120s")
        defer { _ = waiter.terminate() }
        // The wait has begun once it asked for the processes.
        #expect(waitFor { calls(sandbox) > before + 1 })
        sleep(1)
        let idleFrom = calls(sandbox)
        sleep(3)
        let idleCalls = calls(sandbox) - idleFrom
        let started = Date()
        #expect(try sandbox.ctl(["start", "x"]).status == 0)
        #expect(waiter.wait(timeout: 60) == 0)
        switch daemon {
        case .bosund:
            // Held calls last 30 s unless a change ends them: nothing asked while nothing changed.
            #expect(idleCalls <= 2, "\(idleCalls) calls in 3 idle seconds")
            #expect(calls(sandbox, "bosun.waitForChange()") >= 2)
            // Not a speed bound: the held call would have lasted until about 27 s from here, so
            // ending well before that means the change woke it.
            #expect(Date().timeIntervalSince(started) < 20)
        case .supervisord:
            // It has no bosun.waitForChange: asked once, then a wait polls getAllProcessInfo.
            #expect(calls(sandbox, "bosun.waitForChange()") == 1)
            #expect(idleCalls >= 3, "\(idleCalls) calls in 3 idle seconds")
        }
    }

    @Test func pollingCanBeForcedAgainstBosund() throws {
        let sandbox = try SupervisordSandbox(config: Self.config, daemon: .bosund)
        try sandbox.start()
        defer { sandbox.stop() }
        let waiter = try script(sandbox, "wait until x RUNNING timeout 1s", environment: ["BOSUN_POLL_WAITS": "1"])
        #expect(waiter.wait(timeout: 60) == 3)
        #expect(calls(sandbox, "bosun.waitForChange()") == 0)
        #expect(calls(sandbox, "supervisor.getAllProcessInfo()") >= 3)
    }
}
