import BosunCore
import CSpawn
import Glibc
import NIOCore

/// Turns signal numbers written to the signal pipe into supervisor actions
/// (supervisord.py `handle_signal`), and reaps every exited child on SIGCHLD: the only
/// place the daemon calls waitpid.
final class SignalHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let runtime: DaemonRuntime

    init(runtime: DaemonRuntime) { self.runtime = runtime }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        while let byte = buffer.readInteger(as: UInt8.self) { handle(Int32(byte)) }
        runtime.supervisor?.step()
    }

    private func handle(_ signal: Int32) {
        guard let supervisor = runtime.supervisor else {
            if signal == SIGCHLD { reapAll(nil) }
            return
        }
        let log = supervisor.mainLog
        let name = Signal.name(signal)
        switch signal {
        case SIGTERM, SIGINT, SIGQUIT:
            log.log(.warn, "received \(name) indicating exit request")
            supervisor.mood = .shutdown
        case SIGHUP:
            if supervisor.mood == .shutdown {
                log.log(.warn, "ignored \(name) indicating restart request (shutdown in progress)")
            } else {
                log.log(.warn, "received \(name) indicating restart request")
                supervisor.mood = .restarting
            }
        case SIGCHLD:
            reapAll(supervisor)
            log.log(.debug, "received \(name) indicating a child quit")
        case SIGUSR2:
            log.log(.info, "received \(name) indicating log reopen request")
            supervisor.reopenLogs()
        default:
            log.log(.blather, "received \(name) indicating nothing")
        }
    }

    private func reapAll(_ supervisor: Supervisor?) {
        var status: Int32 = 0
        while true {
            let pid = bosun_reap_one(&status)
            guard pid > 0 else { return }
            let exit: ExitStatus =
                bosun_wifexited(status) != 0
                ? .exited(Int(bosun_wexitstatus(status)))
                : .signalled(bosun_wtermsig(status), coreDumped: bosun_wcoredump(status) != 0)
            supervisor?.reaped(pid: pid, exit: exit)
        }
    }
}
