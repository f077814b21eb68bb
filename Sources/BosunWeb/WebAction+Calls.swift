package import BosunAPI
import BosunCore
package import XMLRPC

extension WebAction {
    /// The supervisor methods that carry it out, one after another (a restart is a stop, then
    /// a start, as supervisord's page does it). Starts and stops wait for the processes.
    package var calls: [(method: Method, params: [XMLRPCValue])] {
        switch self {
        case .process(.start, let name): [(.startProcess, [.string(name)])]
        case .process(.stop, let name): [(.stopProcess, [.string(name)])]
        case .process(.restart, let name): [(.stopProcess, [.string(name)]), (.startProcess, [.string(name)])]
        case .process(.clearlog, let name): [(.clearProcessLogs, [.string(name)])]
        case .group(.start, let name): [(.startProcessGroup, [.string(name)])]
        case .group(.stop, let name): [(.stopProcessGroup, [.string(name)])]
        case .group(.restart, let name): [(.stopProcessGroup, [.string(name)]), (.startProcessGroup, [.string(name)])]
        case .group(.clearlog, _): []
        case .all(.start): [(.startAllProcesses, [])]
        case .all(.stop): [(.stopAllProcesses, [])]
        case .all(.restart): [(.stopAllProcesses, []), (.startAllProcesses, [])]
        case .all(.clearlog): [(.clearAllProcessLogs, [])]
        case .refresh: []
        }
    }

    /// What the page says once the calls answered `results` (in order; a fault as its
    /// struct), in supervisord's words where its page has them; `failed` when any call failed
    /// in a way that matters (a restart's stop of a process that was not running does not).
    /// `time` is the local time, as Python's `time.ctime()`.
    package func outcome(_ results: [XMLRPCValue], time: String) -> (message: String, failed: Bool) {
        let faults = results.map(Self.fault)
        switch self {
        case .refresh: return ("Page refreshed at \(time)", false)
        case .process(let verb, let name):
            let failure = faults.enumerated().first { index, fault in
                guard let fault else { return false }
                return !(verb == .restart && index == 0 && fault.code == Fault.notRunning.rawValue)
            }?.element
            if let failure { return ("ERROR: Process \(name): \(Self.reason(failure))", true) }
            switch verb {
            case .start: return ("Process \(name) started", false)
            case .stop: return ("Process \(name) stopped", false)
            case .restart: return ("Process \(name) restarted", false)
            case .clearlog: return ("Log for \(name) cleared", false)
            }
        case .group(let verb, let name):
            if let fault = faults.compactMap({ $0 }).first { return ("ERROR: Group \(name): \(Self.reason(fault))", true) }
            let problems = Self.problems(results.last, ignoring: verb == .stop ? [] : [.alreadyStarted])
            if !problems.isEmpty { return ("ERROR: Group \(name): \(problems)", true) }
            return ("Group \(name) \(verb.pastTense)", false)
        case .all(let verb):
            if let fault = faults.compactMap({ $0 }).first { return ("ERROR: \(Self.reason(fault))", true) }
            let problems = Self.problems(results.last, ignoring: [.alreadyStarted])
            if !problems.isEmpty { return ("ERROR: \(problems)", true) }
            return ("All \(verb.pastTense) at \(time)", false)
        }
    }

    private static func fault(_ result: XMLRPCValue) -> (code: Int, text: String)? {
        guard case .int(let code)? = result["faultCode"] else { return nil }
        return (code, result["faultString"]?.stringValue ?? "")
    }

    /// supervisord's page's words for a start's faults, and the fault's own text otherwise.
    private static func reason(_ fault: (code: Int, text: String)) -> String {
        switch Fault(rawValue: fault.code) {
        case .noFile?: "no such file"
        case .notExecutable?: "file not executable"
        case .alreadyStarted?: "already started"
        case .spawnError?: "spawn error"
        case .abnormalTermination?: "abnormal termination"
        case .notRunning?: "not running"
        case .badName?: "no such process"
        default: "unexpected rpc fault [\(fault.code)] \(fault.text)"
        }
    }

    /// `md1: spawn error; md2: abnormal termination`: the members of a group or all call
    /// that did not succeed.
    private static func problems(_ result: XMLRPCValue?, ignoring: Set<Fault>) -> String {
        guard case .array(let entries)? = result else { return "" }
        return entries.compactMap { entry -> String? in
            guard let outcome = try? ProcessResult(entry), outcome.status != Fault.success.rawValue else { return nil }
            if let fault = Fault(rawValue: outcome.status), ignoring.contains(fault) { return nil }
            return "\(NameSpec.display(group: outcome.group, name: outcome.name)): \(reason((outcome.status, outcome.description)))"
        }.joined(separator: "; ")
    }
}

extension WebAction.Verb {
    var pastTense: String {
        switch self {
        case .start: "started"
        case .stop: "stopped"
        case .restart: "restarted"
        case .clearlog: "cleared"
        }
    }
}
