import BosunAPI
import BosunControl
import BosunCore
import BosunScript

/// The script host of the real shell: commands go to the session (one daemon's `Controller`, or
/// a `Fleet`) exactly as typed at the prompt (patient, so `start` waits through BACKOFF),
/// conditions read one `getAllProcessInfo` per check (of every host, in a fleet), waits hold
/// bosund's `bosun.waitForChange` between checks (and sleep against a daemon without it, and in
/// a fleet), and time is the monotonic clock.
final class ControllerScriptHost: ScriptHost {
    private let controller: any ShellSession
    private let output: ShellOutput
    /// Waits sleep between checks even when the daemon could tell of changes.
    private let pollsWaits: Bool

    init(controller: any ShellSession, output: ShellOutput, pollsWaits: Bool) {
        self.controller = controller
        self.output = output
        self.pollsWaits = pollsWaits
    }

    func run(command line: String) -> Int32 {
        run(line, to: output)
    }

    func capture(command line: String) -> String {
        let captured = CapturedOutput(errors: output)
        _ = run(line, to: captured)
        return captured.text
    }

    private func run(_ line: String, to streams: any OutputStreams) -> Int32 {
        let outcome = controller.run(line, patient: true, to: streams)
        // The controller answers Ctrl-C in a call by clearing it and exiting 130; raise it
        // again so that the script stops too.
        if outcome.status == ScriptExit.interrupted { Interrupt.raise() }
        return outcome.status
    }

    func processes() throws(ScriptHostError) -> [ProcessSnapshot] {
        do throws(ClientError) {
            let found = try controller.hostedProcessInfo()
            let processes = found.processes.map { host, info in
                ProcessSnapshot(
                    group: info.group, name: info.name, state: info.state ?? .unknown, pid: info.pid,
                    uptime: info.uptime, exitstatus: info.exitstatus,
                    spawnerr: info.spawnerr, description: info.description, host: host)
            }
            // A host that could not be asked stands as one snapshot: what is named there is UNKNOWN.
            let unreachable = found.unreachable.map { host, reason in
                ProcessSnapshot(group: "", name: "", state: .unknown, description: reason, host: host, unreachable: reason)
            }
            return processes + unreachable
        } catch {
            throw ScriptHostError(controller.explain(error))
        }
    }

    func expectedExitCodes() throws(ScriptHostError) -> [String: [Int]] {
        do throws(ClientError) {
            let configs = try controller.hostedConfigInfo().map { host, config in
                (ProcessSnapshot.fullName(group: config.group, name: config.name, host: host), config.exitcodes)
            }
            return Dictionary(configs, uniquingKeysWith: { first, _ in first })
        } catch {
            throw ScriptHostError(controller.explain(error))
        }
    }

    func write(_ text: String) { output.write(text) }

    func writeError(_ text: String) { output.writeError(text) }

    var now: Double { MonotonicTime.now() }

    func sleep(seconds: Double) -> Bool {
        output.flush()
        return Interrupt.sleep(seconds: seconds)
    }

    /// Holds `bosun.waitForChange` (each call cut to `SupervisorClient.longestChangeWait`).
    /// Against a daemon without it, or when the call fails for another reason (the next
    /// snapshot then reports the failure), sleeps `pollInterval` instead.
    func waitForChange(upTo seconds: Double, pollInterval: Double) -> ChangeNotice {
        output.flush()
        if !pollsWaits {
            do throws(ClientError) {
                switch try controller.waitForChange(upTo: seconds) {
                case .changed: return .changed
                case .unchanged: return .unchanged
                case .unsupported: break
                }
            } catch .transport(.interrupted) {
                return .interrupted
            } catch {}
        }
        return sleep(seconds: min(seconds, pollInterval)) ? .changed : .interrupted
    }

    var isInterrupted: Bool { Interrupt.isPending }
}
