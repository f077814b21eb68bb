import BosunAPI
import BosunControl
import BosunCore
import BosunScript
import Glibc

/// The script host of the real shell: commands go to the `Controller` exactly as typed at the
/// prompt (with `patientStart`, so `start` waits through BACKOFF), conditions read one
/// `getAllProcessInfo` per check, and time is the monotonic clock.
final class ControllerScriptHost: ScriptHost {
    private let controller: Controller
    private let io: ShellIO

    init(controller: Controller, io: ShellIO) {
        self.controller = controller
        self.io = io
    }

    func run(command line: String) -> Int32 {
        controller.patientStart = true
        defer { controller.patientStart = false }
        controller.exitStatus = 0
        controller.onecmd(line)
        // The controller answers Ctrl-C in a call by clearing it and exiting 130; raise it
        // again so that the script stops too.
        if controller.exitStatus == ScriptExit.interrupted { Interrupt.raise() }
        return controller.exitStatus
    }

    func capture(command line: String) -> String {
        io.beginCapture()
        _ = run(command: line)
        return io.endCapture()
    }

    func processes() throws(ScriptHostError) -> [ProcessSnapshot] {
        do throws(ClientError) {
            return try controller.allProcessInfo().map { info in
                let state = info.state ?? .unknown
                return ProcessSnapshot(
                    group: info.group, name: info.name, state: state, pid: info.pid,
                    uptime: info.uptime, exitstatus: info.exitstatus,
                    spawnerr: info.spawnerr, description: info.description)
            }
        } catch {
            throw ScriptHostError(controller.explain(error))
        }
    }

    func expectedExitCodes() throws(ScriptHostError) -> [String: [Int]] {
        do throws(ClientError) {
            let configs = try controller.allConfigInfo()
            return Dictionary(configs.map { ("\($0.group):\($0.name)", $0.exitcodes) }, uniquingKeysWith: { first, _ in first })
        } catch {
            throw ScriptHostError(controller.explain(error))
        }
    }

    func write(_ text: String) { io.write(text) }

    func writeError(_ text: String) { io.writeError(text) }

    var now: Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    func sleep(seconds: Double) -> Bool {
        io.flush()
        return Interrupt.sleep(seconds: seconds)
    }

    var isInterrupted: Bool { Interrupt.isPending }
}
