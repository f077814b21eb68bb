import BosunAPI
import BosunCore
import XMLRPC

extension Controller {
    /// supervisorctl's `_startresult`.
    func startResult(_ result: ProcessResult) throws(ClientError) -> String {
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
    func signalResult(_ result: ProcessResult, success: String = "signalled") throws(ClientError) -> String {
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
    private func result(_ fault: XMLRPCFault, spec: NameSpec) -> ProcessResult {
        ProcessResult(name: spec.process ?? "", group: spec.group, status: fault.code, description: fault.string)
    }

    func start(_ argument: String) throws(ClientError) {
        guard try upcheck() else { return }
        let supervisor = try client()
        guard !argument.words().isEmpty else {
            output("Error: start requires a process name")
            exitStatus = ExitStatus.invalidArgs
            showHelp("start")
            return
        }
        let names = try resolve(argument.words())
        if names.contains("all") {
            for reported in try supervisor.startAllProcesses() {
                let result = try settled(reported)
                output(try startResult(result))
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
                        output(try startResult(result))
                        setExitStatus(fromFault: result.status, ignoring: .alreadyStarted)
                    }
                } catch .fault(let fault) where fault.code == Fault.badName.rawValue {
                    output("\(spec.group): ERROR (no such group)")
                    exitStatus = ExitStatus.invalidArgs
                } catch {
                    exitStatus = ExitStatus.generic
                    throw error
                }
            } else {
                do {
                    try supervisor.startProcess(name)
                    output("\(NameSpec.display(group: spec.group, name: spec.process!)): started")
                } catch .fault(let fault) {
                    let failure = try settled(result(fault, spec: spec))
                    output(try startResult(failure))
                    setExitStatus(fromFault: failure.status, ignoring: .alreadyStarted)
                }
            }
        }
    }

    /// With `patientStart`, a start reported as failed while the process is still retrying
    /// (STARTING or BACKOFF after a failed attempt) is followed until it is RUNNING, reported
    /// then as a success, or settles in another state, reported with the original error.
    /// supervisorctl gives up on the first failed attempt; scripts must not.
    private func settled(_ result: ProcessResult) throws(ClientError) -> ProcessResult {
        let retrying = [Fault.abnormalTermination.rawValue, Fault.spawnError.rawValue]
        guard patientStart, retrying.contains(result.status) else { return result }
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

    func stop(_ argument: String) throws(ClientError) {
        guard try upcheck() else { return }
        let supervisor = try client()
        guard !argument.words().isEmpty else {
            output("Error: stop requires a process name")
            exitStatus = ExitStatus.generic
            showHelp("stop")
            return
        }
        let names = try resolve(argument.words())
        if names.contains("all") {
            for result in try supervisor.stopAllProcesses() {
                output(try signalResult(result, success: "stopped"))
                setExitStatus(fromFault: result.status, ignoring: .notRunning)
            }
            return
        }
        for name in names {
            let spec = NameSpec(parsing: name)
            if spec.process == nil {
                do {
                    for result in try supervisor.stopProcessGroup(spec.group) {
                        output(try signalResult(result, success: "stopped"))
                        setExitStatus(fromFault: result.status, ignoring: .notRunning)
                    }
                } catch .fault(let fault) {
                    exitStatus = ExitStatus.generic
                    guard fault.code == Fault.badName.rawValue else { throw .fault(fault) }
                    output("\(spec.group): ERROR (no such group)")
                }
            } else {
                do {
                    try supervisor.stopProcess(name)
                    output("\(NameSpec.display(group: spec.group, name: spec.process!)): stopped")
                } catch .fault(let fault) {
                    let failure = result(fault, spec: spec)
                    output(try signalResult(failure, success: "stopped"))
                    setExitStatus(fromFault: failure.status, ignoring: .notRunning)
                }
            }
        }
    }

    /// `restart`: supervisorctl's client-side stop then start of the same names.
    func restart(_ argument: String) throws(ClientError) {
        guard try upcheck() else { return }
        guard !argument.words().isEmpty else {
            output("Error: restart requires a process name")
            exitStatus = ExitStatus.generic
            showHelp("restart")
            return
        }
        try stop(argument)
        try start(argument)
    }

    func signal(_ argument: String) throws(ClientError) {
        guard try upcheck() else { return }
        let args = argument.words()
        guard args.count >= 2 else {
            output("Error: signal requires a signal name and a process name")
            showHelp("signal")
            exitStatus = ExitStatus.generic
            return
        }
        let signalName = args[0]
        let supervisor = try client()
        let names = try resolve(Array(args.dropFirst()))
        if names.contains("all") {
            for result in try supervisor.signalAllProcesses(signalName) {
                output(try signalResult(result))
                setExitStatus(fromFault: result.status)
            }
            return
        }
        for name in names {
            let spec = NameSpec(parsing: name)
            if spec.process == nil {
                do {
                    for result in try supervisor.signalProcessGroup(spec.group, signalName) {
                        output(try signalResult(result))
                        setExitStatus(fromFault: result.status)
                    }
                } catch .fault(let fault) where fault.code == Fault.badName.rawValue {
                    output("\(spec.group): ERROR (no such group)")
                    exitStatus = ExitStatus.generic
                }
            } else {
                do {
                    try supervisor.signalProcess(name, signalName)
                    output("\(NameSpec.display(group: spec.group, name: spec.process!)): signalled")
                } catch .fault(let fault) {
                    let failure = result(fault, spec: spec)
                    output(try signalResult(failure))
                    setExitStatus(fromFault: failure.status)
                }
            }
        }
    }
}
