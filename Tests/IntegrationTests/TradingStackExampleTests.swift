import Foundation
import Testing
import TestSupport

/// examples/trading-stack as a clone runs it: its Python programs, its two configs and its
/// startup runbook, against the real supervisord and against bosund, each in a sandbox that
/// holds a copy of the example with its two ports moved to free ones.
@Suite(.serialized)
struct TradingStackExampleTests {
    static let daemons = SupervisordSandbox.Daemon.allCases
    static let programs = ["risk_manager", "execution:hyperliquid_feed", "execution:binance_feed",
                           "execution:order_executor", "strategy_workers:worker_01", "strategy_workers:worker_02"]

    /// A sandbox whose config is the example's `config`, next to copies of the example's
    /// programs and an empty run/, with the risk manager's port (7701) and the executor's
    /// (7702) replaced by free ones. Returns the executor's port too.
    func sandbox(_ config: String, daemon: SupervisordSandbox.Daemon) throws -> (SupervisordSandbox, executorPort: Int) {
        let example = exampleScript("trading-stack")
        let risk = try freeLoopbackPort()
        var executor = try freeLoopbackPort()
        while executor == risk { executor = try freeLoopbackPort() }
        let text = try String(contentsOfFile: "\(example)/\(config)", encoding: .utf8)
        #expect(text.contains("7701") && text.contains("7702"))
        let sandbox = try SupervisordSandbox(
            config: text.replacingOccurrences(of: "7701", with: "\(risk)").replacingOccurrences(of: "7702", with: "\(executor)"),
            daemon: daemon)
        for file in try FileManager.default.contentsOfDirectory(atPath: example) where file.hasSuffix(".py") {
            try FileManager.default.copyItem(atPath: "\(example)/\(file)", toPath: "\(sandbox.directory)/\(file)")
        }
        try FileManager.default.createDirectory(atPath: "\(sandbox.directory)/run", withIntermediateDirectories: true)
        return (sandbox, executor)
    }

    /// `status --json` as namespec -> (state, start).
    func states(_ sandbox: SupervisordSandbox) throws -> [String: (state: String, start: Int)] {
        let result = try sandbox.bosun(["status", "--json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
        var states: [String: (String, Int)] = [:]
        for entry in list {
            states[entry["namespec"] as? String ?? ""] = (entry["state"] as? String ?? "", entry["start"] as? Int ?? 0)
        }
        return states
    }

    /// Whether every program of the stack is RUNNING.
    func allRunning(_ sandbox: SupervisordSandbox) -> Bool {
        guard let stack = try? states(sandbox) else { return false }
        return stack.count == Self.programs.count && stack.values.allSatisfy { $0.state == "RUNNING" }
    }

    /// The stack is really up: the executor's /health answers 200 and the workers' orders
    /// reach it through the risk manager.
    func expectTrading(_ sandbox: SupervisordSandbox, executorPort: Int) throws {
        let health = try runCommand(
            Tools.which("python3"), [Tools.script("http_status.py"), "http://127.0.0.1:\(executorPort)"], stdin: "GET /health\n")
        #expect(health.output == "200\n", "\(health)")
        #expect(
            waitFor(timeout: 60) {
                (try? sandbox.bosun(["tail", "execution:order_executor"]).output.contains("order_executor: sent side=")) ?? false
            })
    }

    @Test(arguments: daemons)
    func startupRunbookBringsTheStackUpInOrder(_ daemon: SupervisordSandbox.Daemon) throws {
        let (sandbox, executorPort) = try sandbox("supervisord.conf", daemon: daemon)
        try sandbox.start(settle: false)
        defer { sandbox.stop() }
        let result = try sandbox.bosun([exampleScript("trading-stack/startup.bosun"), "120s"])
        #expect(result.status == 0, "\(result)")
        #expect(result.output.contains("execution:order_executor: started\n"), "\(result)")
        #expect(result.output.hasSuffix("trading stack is up: 6 of 6 processes RUNNING\n"), "\(result)")
        let stack = try states(sandbox)
        #expect(Set(stack.keys) == Set(Self.programs))
        #expect(stack.values.allSatisfy { $0.state == "RUNNING" }, "\(stack)")
        // Each step began after the one before was RUNNING, at least startsecs (>= 1 s) later.
        let starts = try ["risk_manager", "execution:binance_feed", "execution:order_executor", "strategy_workers:worker_01"]
            .map { try #require(stack[$0]).start }
        #expect(starts == starts.sorted() && Set(starts).count == starts.count, "\(starts)")
        try expectTrading(sandbox, executorPort: executorPort)
    }

    /// bosund.conf needs no runbook; stock supervisord ignores its bosund-only options and
    /// gets the executor up by its retries, bosund by depends_on and the readiness checks: the
    /// executor is spawned once, after the risk manager is ready, and the workers after it.
    @Test(arguments: daemons)
    func bosundConfigStartsTheStackWithoutARunbook(_ daemon: SupervisordSandbox.Daemon) throws {
        let (sandbox, executorPort) = try sandbox("bosund.conf", daemon: daemon)
        try sandbox.start(settle: false)
        defer { sandbox.stop() }
        #expect(waitFor(timeout: 120) { allRunning(sandbox) }, "\((try? sandbox.ctl(["status"]))?.output ?? "")")
        #expect(try sandbox.ctl(["status"]).status == 0)
        try expectTrading(sandbox, executorPort: executorPort)
        guard daemon == .bosund else { return }
        let log = try String(contentsOfFile: "\(sandbox.directory)/run/bosund.log", encoding: .utf8)
        #expect(log.components(separatedBy: "spawned: 'order_executor'").count == 2, "one try is enough: \(log)")
        let order = [
            "success: risk_manager entered RUNNING state, process is ready", "spawned: 'order_executor'",
            "success: order_executor entered RUNNING state, process is ready", "spawned: 'worker_01'",
        ]
        let places = order.compactMap { log.range(of: $0)?.lowerBound }
        #expect(places.count == order.count && places == places.sorted(), "\(log)")
    }
}
