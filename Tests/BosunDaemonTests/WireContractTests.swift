import BosunAPI
import BosunConfig
import BosunCore
import BosunSimulation
import Testing
import XMLRPC

@testable import BosunDaemon

/// One wire contract: the method list the daemon dispatches on is supervisor's catalogue (and
/// bosund's own), and what the daemon encodes the client decodes to the same model.
struct WireContractTests {
    @Test func theMethodTableIsTheCatalogue() {
        #expect(Set(Method.allCases.map(\.rawValue)) == Set(MethodCatalogue.methods.map(\.name)))
        #expect(Set(BosunMethod.allCases.map(\.rawValue)) == Set(MethodCatalogue.bosunMethods.map(\.name)))
        #expect(BosunMethod.allCases.allSatisfy { $0.rawValue.hasPrefix("bosun.") && $0.arity.upperBound == $0.parameterNames.count })
    }

    /// The hand-written help states the limits the daemon keeps.
    @Test func waitForChangeHelpStatesTheLimits() {
        let help = BosunMethod.waitForChange.catalogueEntry.help
        #expect(help.contains("At most \(ChangeFeed.maxWaiters) calls are held"))
        #expect(help.contains("more than \(Int(ChangeFeed.maxTimeout)) waits \(Int(ChangeFeed.maxTimeout))"))
        #expect(help.contains("after \(ChangeFeed.largestSerial)"))
    }

    /// Every published method reaches its handler: a call with too many parameters is refused
    /// for its arity, never as an unknown method.
    @Test func everyMethodIsDispatched() throws {
        let machine = SimulatedMachine(
            config: "[supervisord]\nlogfile=/dev/null\n[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory=supervisor.rpcinterface:make_main_rpcinterface\n")
        let reader = DaemonConfigReader(world: machine)
        let supervisor = Supervisor(
            world: SimulatedWorld(seed: 1, behaviour: .obedient), config: try reader.read(path: SimulatedMachine.configPath),
            environment: machine.environment, mainLog: MainLog(level: .critical, echoToStdout: false),
            configSource: { () throws(ConfigError) in try reader.read(path: SimulatedMachine.configPath) })
        let arities = Method.allCases.map { ($0.rawValue, $0.arity) } + BosunMethod.allCases.map { ($0.rawValue, $0.arity) }
        for (name, arity) in arities {
            let params = [XMLRPCValue](repeating: .string("x"), count: arity.upperBound + 1)
            guard case .fault(let error) = RPCInterface.call(name, params, on: supervisor) else {
                Issue.record("\(name) took \(params.count) parameters")
                continue
            }
            #expect(error.code == Fault.incorrectParameters.rawValue, "\(name): \(error.text)")
        }
    }

    @Test func processInfoRoundTrips() throws {
        let info = ProcessInfo(
            name: "web", group: "web", start: 100, stop: 0, now: 160, state: .running, spawnerr: "", exitstatus: 0,
            stdoutLogfile: "/var/log/web.log", stderrLogfile: "", pid: 42, description: "pid 42, uptime 0:01:00")
        #expect(try ProcessInfo(info.xmlrpcValue) == info)
        #expect(info.xmlrpcValue["logfile"] == "/var/log/web.log")
    }

    @Test func configInfoRoundTrips() throws {
        let channel = ConfigInfo.Channel(captureMaxbytes: 0, eventsEnabled: true, logfile: "auto", logfileBackups: 10, logfileMaxbytes: 1024, syslog: false)
        let info = ConfigInfo(
            name: "web", group: "web", inuse: true, autostart: false, groupPriority: 999, processPriority: 10, exitcodes: [0, 2],
            details: ConfigInfo.Details(
                directory: nil, uid: 0, command: "/bin/web", killasgroup: true, redirectStderr: false, startretries: 3, startsecs: 1,
                stdout: channel, stopsignal: 15, stopwaitsecs: 10, stderr: channel, serverurl: nil))
        #expect(try ConfigInfo(info.xmlrpcValue) == info)
        #expect(info.xmlrpcValue.structValue?.names.first == "autostart")
        #expect(info.xmlrpcValue.structValue?.names.last == "serverurl")
    }

    @Test func changeReportRoundTrips() throws {
        let report = ChangeReport(serial: Int(Int32.max), changed: true)
        #expect(try ChangeReport(report.xmlrpcValue) == report)
        #expect(report.xmlrpcValue.structValue?.names == ["serial", "changed"])
    }

    @Test func processResultRoundTrips() throws {
        let result = ProcessResult(name: "web", group: "web", status: Fault.success.rawValue, description: "OK")
        #expect(try ProcessResult(result.xmlrpcValue) == result)
    }
}
