import BosunAPI
import BosunConfig
import BosunCore
import BosunWeb
import Glibc
import XMLRPC

/// The web UI over the supervisor: what its pages show, and its actions, carried out by the
/// supervisor's own methods (whatever namespaces the config publishes them under, as
/// supervisord's page calls them). Confined to the supervisor's loop.
enum WebInterface {
    /// Every process as the status table shows it, as of one clock reading.
    static func table(of supervisor: Supervisor) -> StatusTable {
        let now = supervisor.clock.now().wall
        return StatusTable(
            supervisor.registry.processesLexically.map { ProcessRow(info: supervisor.processInfo($0, now: now), details: supervisor.details(of: $0)) })
    }

    static func snapshot(of supervisor: Supervisor) -> LiveFeed.Snapshot {
        LiveFeed.Snapshot(table: table(of: supervisor), mood: supervisor.mood.name, serial: supervisor.changes.serial, epoch: supervisor.changes.epoch)
    }

    static func statusPage(of supervisor: Supervisor, token: String, message: String?, confirm: WebAction?) -> StatusPage {
        StatusPage(
            identification: supervisor.config.supervisord.identifier, mood: supervisor.mood.name, table: table(of: supervisor),
            serial: supervisor.changes.serial, epoch: supervisor.changes.epoch, now: Int(supervisor.clock.now().wall), token: token,
            message: message, confirm: confirm)
    }

    /// `tail.html`: the last `limit` bytes of a process's stdout (or stderr), with supervisord's
    /// texts when there is no such process or file.
    static func tailPage(of supervisor: Supervisor, _ fields: FormFields) -> TailPage {
        let channel = TailPage.Channel(rawValue: fields["channel"] ?? "") ?? .stdout
        let limit = TailPage.limit(fields["limit"])
        guard let name = fields["processname"], !name.isEmpty else {
            return TailPage(processName: nil, channel: channel, text: "No process name found", offset: nil, limit: limit)
        }
        guard let process = supervisor.registry.lookup(name)?.process else {
            let text = "ERROR: unexpected rpc fault [\(Fault.badName.rawValue)] \(Fault.badName.name): \(name)"
            return TailPage(processName: name, channel: channel, text: text, offset: nil, limit: limit)
        }
        var info = stat()
        guard let path = logPath(of: process, channel), stat(path, &info) == 0 else {
            return TailPage(processName: name, channel: channel, text: "No file for \(name)", offset: nil, limit: limit)
        }
        let (text, size, _) = LogReading.tail(path, offset: 0, length: limit)
        return TailPage(processName: name, channel: channel, text: text, offset: size, file: UInt64(info.st_ino), limit: limit)
    }

    static func logPath(of process: SupervisedProcess, _ channel: TailPage.Channel) -> String? {
        channel == .stdout ? process.stdoutLogPath : process.stderrLogPath
    }

    /// What an action did.
    struct Outcome {
        var message: String
        var failed: Bool
        /// The rows the action was about, rendered once it was done, at `serial`.
        var rows: [StatusTable.Row]
        var serial: Int
        var epoch: Int
    }

    /// Carries out `action` and calls `complete` once its calls answered (a start once the
    /// process runs).
    static func run(_ action: WebAction, on supervisor: Supervisor, complete: @escaping (Outcome) -> Void) {
        let calls = action.calls.map { call in { RPCInterface.call(call.method, call.params, on: supervisor) } }
        supervisor.respond(to: supervisor.inSequence(calls)) { response in
            let (message, failed): (String, Bool) =
                switch response {
                case .success(.array(let results)): action.outcome(results, time: LocalTime.ctime(supervisor.clock.now().wall))
                case .success: ("ERROR: unexpected answer", true)
                case .fault(let fault): ("ERROR: \(fault.string)", true)
                }
            let rows = table(of: supervisor).rows.filter { concerns(action, $0) }
            complete(Outcome(message: message, failed: failed, rows: rows, serial: supervisor.changes.serial, epoch: supervisor.changes.epoch))
        }
    }

    /// Whether a row shows what `action` acted on.
    private static func concerns(_ action: WebAction, _ row: StatusTable.Row) -> Bool {
        switch (action, row) {
        case (.all, _), (.refresh, _): true
        case (.process(_, let name), .process(let process)): process.info.namespec == name || process.info.name == name
        case (.group(_, let name), .process(let process)): process.info.group == name
        case (.group(_, let name), .group(let group)): group.name == name
        case (.process, .group): false
        }
    }
}
