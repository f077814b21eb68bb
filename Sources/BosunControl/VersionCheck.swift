import BosunAPI
import BosunCore
import Glibc
import XMLRPC

/// supervisorctl's `upcheck` as a command declares it: the daemon must answer
/// `supervisor.getVersion` with API 3.0 before the command goes on.
///
/// A command whose first calls after the check only read names them in `firstReads`: they go
/// with the check in one `system.multicall` request, and their answers wait in the client for
/// the command to ask (dropped if the check fails or the command asks something else first).
/// Output and exit statuses are the same either way.
struct VersionCheck: Sendable {
    /// The exit status a failed check leaves (`status` says 4); nil keeps the check's own.
    var failureStatus: Int32? = nil
    /// The command's first calls after the check, in order, as far as they only read. A guess
    /// that turns out wrong costs a wasted read, never a wrong answer.
    var firstReads: @Sendable (Invocation) -> [ReadOnlyCall] = { _ in [] }

    /// The read that finds what bare names among `names` mean (`Invocation.resolve`), if any
    /// needs finding.
    static func lookup(_ names: [String]) -> [ReadOnlyCall] {
        names.contains(where: NameResolution.needsLookup) ? [.getAllProcessInfo] : []
    }
}

extension Invocation {
    /// The API version supervisorctl 4.3.0 speaks.
    static let apiVersion = "3.0"

    /// Runs `check`; says why the command cannot go on in supervisorctl's words and returns
    /// false, or throws what supervisorctl raises.
    func checkVersion(_ check: VersionCheck) throws(ClientError) -> Bool {
        let serverurl = session.options.serverurl
        do {
            let client = try client()
            // Words the bounds refuse lead to no call at all.
            let reads = command.arguments.refusal(for: words) == nil ? check.firstReads(self) : []
            let (api, answers) = try client.getVersion(with: reads)
            if api != Self.apiVersion {
                say(
                    "Sorry, this version of supervisorctl expects to talk to a server with API version \(Self.apiVersion), "
                        + "but the remote version is \(api).")
                exitStatus = ExitStatus.notInstalled
                return false
            }
            client.prime(Array(zip(reads.map(\.call), answers)))
        } catch .fault(let fault) {
            if fault.code == Fault.unknownMethod.rawValue {
                say(
                    "Sorry, supervisord responded but did not recognize the supervisor namespace commands "
                        + "that supervisorctl uses to control it.  Please check that the [rpcinterface:supervisor] "
                        + "section is enabled in the configuration file (see sample.conf).")
                exitStatus = ExitStatus.unimplementedFeature
                return false
            }
            exitStatus = ExitStatus.generic
            throw .fault(fault)
        } catch .transport(.system(let call, let code)) {
            output.unreachable = session.explain(.transport(.system(call: call, errno: code)))
            if code == ECONNREFUSED {
                say("\(serverurl) refused connection")
                exitStatus = ExitStatus.insufficientPrivileges
                return false
            } else if code == ENOENT {
                say("\(serverurl) no such file")
                exitStatus = ExitStatus.notRunning
                return false
            }
            exitStatus = ExitStatus.generic
            throw .transport(.system(call: call, errno: code))
        } catch .transport(.resolve(let host, let code)) {
            exitStatus = ExitStatus.generic
            throw .transport(.resolve(host: host, code: code))
        }
        return true
    }
}
