import BosunAPI
import XMLRPC

/// What a client knows of its daemon's change serial, so that a script's `wait` can hold a
/// `bosun.waitForChange` call instead of asking for the processes ten times a second.
///
/// Invariant: `serial`, once known, was read before every process snapshot the caller takes
/// afterwards, so "no change since `serial`" means no change since any such snapshot (the first
/// call only reads the serial and answers `.changed`, so the caller looks once more).
struct ChangeWatch {
    var serial: Int?
    /// The daemon answered UNKNOWN_METHOD: it is not bosund (stock supervisord), so waits poll.
    var unsupported = false
}

/// What a wait for a change came to.
package enum ChangeWaitOutcome: Sendable, Hashable {
    /// Something changed, or may have (the first call, which only reads the serial).
    case changed
    /// Nothing changed for the whole time.
    case unchanged
    /// The daemon has no `bosun.waitForChange`.
    case unsupported
}

extension SupervisorClient {
    /// The longest one call waits: under the 60 s idle timeout common HTTP proxies put in front
    /// of an inet server, and under the daemon's own limit of 300 s.
    package static let longestChangeWait = 30.0

    /// Waits up to `seconds` (at most `longestChangeWait`) until the daemon's processes change.
    ///
    /// Whether the daemon has `bosun.waitForChange` is learnt from the first call itself, which
    /// a wait needs anyway to read the serial: against bosund that costs nothing, and against
    /// supervisord one UNKNOWN_METHOD answer per client (that is, per session and server, since
    /// `open` and new credentials make a new client). `system.listMethods` would cost one more
    /// call against both, and any other fault or failure here is left to the caller's next
    /// snapshot to report.
    package func waitForChange(upTo seconds: Double) throws(ClientError) -> ChangeWaitOutcome {
        guard !changeWatch.unsupported else { return .unsupported }
        let since = changeWatch.serial ?? -1
        let timeout = changeWatch.serial == nil ? 0 : min(max(0, seconds), Self.longestChangeWait)
        let answer: XMLRPCValue
        do {
            answer = try call(XMLRPCCall(BosunMethod.waitForChange, [.int(since), .double(timeout)]))
        } catch .fault(let fault) where fault.code == Fault.unknownMethod.rawValue {
            changeWatch.unsupported = true
            return .unsupported
        }
        let report: ChangeReport
        do {
            report = try ChangeReport(answer)
        } catch {
            throw .decoding(error.description)
        }
        changeWatch.serial = report.serial
        return report.changed ? .changed : .unchanged
    }
}
