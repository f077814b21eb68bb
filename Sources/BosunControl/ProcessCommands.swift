import BosunAPI
import BosunCore
import XMLRPC

/// `start`, `stop`, `restart`, `signal`: supervisorctl's process control, results worded as
/// its `_startresult` and `_signalresult` word them.
enum ProcessCommands {
    static let all = [start, stop, restart, signal]

    static let start = ShellCommand(
        name: "start",
        help: "start <name>\t\tStart a process\nstart <gname>:*\t\tStart all processes in a group\n"
            + "start <name> <name>\tStart multiple processes or groups\nstart all\t\tStart all processes",
        arguments: .atLeast(1, Refusal("Error: start requires a process name", status: ExitStatus.invalidArgs)),
        versionCheck: VersionCheck { VersionCheck.lookup($0.words) },
        completion: .processes, body: { invocation throws(ClientError) in try invocation.start() })

    static let stop = ShellCommand(
        name: "stop",
        help: "stop <name>\t\tStop a process\nstop <gname>:*\t\tStop all processes in a group\n"
            + "stop <name> <name>\tStop multiple processes or groups\nstop all\t\tStop all processes",
        arguments: .atLeast(1, Refusal("Error: stop requires a process name")),
        versionCheck: VersionCheck { VersionCheck.lookup($0.words) },
        completion: .processes, body: { invocation throws(ClientError) in try invocation.stop() })

    /// supervisorctl's client-side stop then start of the same names (each with its own check).
    static let restart = ShellCommand(
        name: "restart",
        help: "restart <name>\t\tRestart a process\nrestart <gname>:*\tRestart all processes in a group\n"
            + "restart <name> <name>\tRestart multiple processes or groups\nrestart all\t\tRestart all processes\n"
            + "Note: restart does not reread config files. For that, see reread and update.",
        arguments: .atLeast(1, Refusal("Error: restart requires a process name")),
        versionCheck: VersionCheck(),
        completion: .processes,
        body: { invocation throws(ClientError) in
            try invocation.perform(stop, text: invocation.text)
            try invocation.perform(start, text: invocation.text)
        })

    static let signal = ShellCommand(
        name: "signal",
        help: "signal <signal name> <name>\t\tSignal a process\nsignal <signal name> <gname>:*\t\tSignal all processes in a group\n"
            + "signal <signal name> <name> <name>\tSignal multiple processes or groups\nsignal <signal name> all\t\tSignal all processes",
        arguments: .atLeast(2, Refusal("Error: signal requires a signal name and a process name")),
        versionCheck: VersionCheck { VersionCheck.lookup(Array($0.words.dropFirst())) },
        completion: .processes, body: { invocation throws(ClientError) in try invocation.signal() })

    /// supervisorctl's `_startresult`.
    static func startResult(_ result: ProcessResult) throws(ClientError) -> String {
        let name = NameSpec.display(group: result.group, name: result.name)
        switch Fault(rawValue: result.status) {
        case .badName: return "\(name): ERROR (no such process)"
        case .noFile: return "\(name): ERROR (no such file)"
        case .notExecutable: return "\(name): ERROR (file is not executable)"
        case .alreadyStarted: return "\(name): ERROR (already started)"
        case .spawnError: return "\(name): ERROR (spawn error)"
        case .abnormalTermination: return "\(name): ERROR (abnormal termination)"
        case .success: return "\(name): started"
        default: throw .unexpectedResult("Unknown result code \(result.status) for \(name)")
        }
    }

    /// supervisorctl's `_signalresult` (and `_stopresult` with `success: "stopped"`).
    static func signalResult(_ result: ProcessResult, success: String = "signalled") throws(ClientError) -> String {
        let name = NameSpec.display(group: result.group, name: result.name)
        switch Fault(rawValue: result.status) {
        case .badName: return "\(name): ERROR (no such process)"
        case .badSignal: return "\(name): ERROR (bad signal name)"
        case .notRunning: return "\(name): ERROR (not running)"
        case .success: return "\(name): \(success)"
        case .failed: return result.description
        default: throw .unexpectedResult("Unknown result code \(result.status) for \(name)")
        }
    }

    /// A fault from a single-process call, shaped like a group result.
    static func result(_ fault: XMLRPCFault, spec: NameSpec) -> ProcessResult {
        ProcessResult(name: spec.process ?? "", group: spec.group, status: fault.code, description: fault.string)
    }
}

extension Invocation {
    fileprivate func start() throws(ClientError) {
        let supervisor = try client()
        let names = try resolve(words)
        if names.contains("all") {
            for reported in try supervisor.startAllProcesses() {
                let result = try settled(reported)
                say(try ProcessCommands.startResult(result))
                setExitStatus(fromFault: result.status, ignoring: .alreadyStarted)
            }
            return
        }
        for name in names {
            let spec = NameSpec(parsing: name)
            if spec.process == nil {
                do {
                    for reported in try supervisor.startProcessGroup(spec.group) {
                        let result = try settled(reported)
                        say(try ProcessCommands.startResult(result))
                        setExitStatus(fromFault: result.status, ignoring: .alreadyStarted)
                    }
                } catch .fault(let fault) where fault.code == Fault.badName.rawValue {
                    say("\(spec.group): ERROR (no such group)")
                    exitStatus = ExitStatus.invalidArgs
                } catch {
                    exitStatus = ExitStatus.generic
                    throw error
                }
            } else {
                do {
                    try supervisor.startProcess(name)
                    say("\(NameSpec.display(group: spec.group, name: spec.process!)): started")
                } catch .fault(let fault) {
                    let failure = try settled(ProcessCommands.result(fault, spec: spec))
                    say(try ProcessCommands.startResult(failure))
                    setExitStatus(fromFault: failure.status, ignoring: .alreadyStarted)
                }
            }
        }
    }

    /// When `patient`, a start reported as failed while the process is still retrying
    /// (STARTING or BACKOFF after a failed attempt) is followed until it is RUNNING, reported
    /// then as a success, or settles in another state, reported with the original error.
    /// supervisorctl gives up on the first failed attempt; scripts must not.
    private func settled(_ result: ProcessResult) throws(ClientError) -> ProcessResult {
        let retrying = [Fault.abnormalTermination.rawValue, Fault.spawnError.rawValue]
        guard patient, retrying.contains(result.status) else { return result }
        let name = "\(result.group):\(result.name)"
        while true {
            switch try client().getProcessInfo(name).state {
            case .running:
                return ProcessResult(name: result.name, group: result.group, status: Fault.success.rawValue, description: "OK")
            case .starting, .backoff:
                try Interrupt.pause(seconds: 0.1)
            default:
                return result
            }
        }
    }

    fileprivate func stop() throws(ClientError) {
        let supervisor = try client()
        let names = try resolve(words)
        if names.contains("all") {
            for result in try supervisor.stopAllProcesses() {
                say(try ProcessCommands.signalResult(result, success: "stopped"))
                setExitStatus(fromFault: result.status, ignoring: .notRunning)
            }
            return
        }
        for name in names {
            let spec = NameSpec(parsing: name)
            if spec.process == nil {
                do {
                    for result in try supervisor.stopProcessGroup(spec.group) {
                        say(try ProcessCommands.signalResult(result, success: "stopped"))
                        setExitStatus(fromFault: result.status, ignoring: .notRunning)
                    }
                } catch .fault(let fault) {
                    exitStatus = ExitStatus.generic
                    guard fault.code == Fault.badName.rawValue else { throw .fault(fault) }
                    say("\(spec.group): ERROR (no such group)")
                }
            } else {
                do {
                    try supervisor.stopProcess(name)
                    say("\(NameSpec.display(group: spec.group, name: spec.process!)): stopped")
                } catch .fault(let fault) {
                    let failure = ProcessCommands.result(fault, spec: spec)
                    say(try ProcessCommands.signalResult(failure, success: "stopped"))
                    setExitStatus(fromFault: failure.status, ignoring: .notRunning)
                }
            }
        }
    }

    fileprivate func signal() throws(ClientError) {
        let signalName = words[0]
        let supervisor = try client()
        let names = try resolve(Array(words.dropFirst()))
        if names.contains("all") {
            for result in try supervisor.signalAllProcesses(signalName) {
                say(try ProcessCommands.signalResult(result))
                setExitStatus(fromFault: result.status)
            }
            return
        }
        for name in names {
            let spec = NameSpec(parsing: name)
            if spec.process == nil {
                do {
                    for result in try supervisor.signalProcessGroup(spec.group, signalName) {
                        say(try ProcessCommands.signalResult(result))
                        setExitStatus(fromFault: result.status)
                    }
                } catch .fault(let fault) where fault.code == Fault.badName.rawValue {
                    say("\(spec.group): ERROR (no such group)")
                    exitStatus = ExitStatus.generic
                }
            } else {
                do {
                    try supervisor.signalProcess(name, signalName)
                    say("\(NameSpec.display(group: spec.group, name: spec.process!)): signalled")
                } catch .fault(let fault) {
                    let failure = ProcessCommands.result(fault, spec: spec)
                    say(try ProcessCommands.signalResult(failure))
                    setExitStatus(fromFault: failure.status)
                }
            }
        }
    }
}
