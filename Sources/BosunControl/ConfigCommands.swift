import BosunAPI
import BosunCore
import XMLRPC

/// `avail`, `reread`, `add`, `remove`, `update`: the daemon's configuration and its groups.
enum ConfigCommands {
    static let all = [avail, reread, add, remove, update]

    /// `avail`: every configured process, in use or not. As JSON: an array of config objects.
    static let avail = ShellCommand(
        name: "avail", help: "avail\t\t\tDisplay all configured processes", arguments: .noArguments, takesJSON: true,
        body: { invocation throws(ClientError) in try invocation.avail() })

    /// `reread`: what a config reload would add, change and drop, without applying it.
    static let reread = ShellCommand(
        name: "reread", help: "reread \t\t\tReload the daemon's configuration files without add/remove",
        arguments: .noArguments, body: { invocation throws(ClientError) in try invocation.reread() })

    static let add = ShellCommand(
        name: "add", help: "add <name> [...]\tActivates any updates in config for process/group", completion: .groups,
        body: { invocation throws(ClientError) in try invocation.add() })

    static let remove = ShellCommand(
        name: "remove", help: "remove <name> [...]\tRemoves process/group from active config", completion: .groups,
        body: { invocation throws(ClientError) in try invocation.remove() })

    /// `update [all|group ...]`: supervisorctl's client-side apply of `reloadConfig`: removed
    /// groups are stopped and removed, changed ones stopped, removed and re-added, new ones added.
    static let update = ShellCommand(
        name: "update",
        help: "update\t\t\tReload config and add/remove as necessary, and will restart affected programs\n"
            + "update all\t\tReload config and add/remove as necessary, and will restart affected programs\n"
            + "update <gname> [...]\tUpdate specific groups",
        completion: .groups, body: { invocation throws(ClientError) in try invocation.update() })
}

extension Invocation {
    fileprivate func avail() throws(ClientError) {
        do {
            let infos = try client().getAllConfigInfo()
            if json {
                writeJSON(.array(infos.map(JSONText.config)))
                return
            }
            for info in infos {
                let name = NameSpec.display(group: info.group, name: info.name)
                let inuse = info.inuse ? "in use" : "avail"
                let autostart = info.autostart ? "auto" : "manual"
                say(
                    "\(name.padded(to: 32)) \(inuse.padded(to: 9)) \(autostart.padded(to: 9)) "
                        + "\(info.groupPriority):\(info.processPriority)")
            }
        } catch .fault(let fault) {
            exitStatus = ExitStatus.generic
            guard fault.code == Fault.shutdownState.rawValue else { throw .fault(fault) }
            say("ERROR: supervisor shutting down")
        }
    }

    fileprivate func reread() throws(ClientError) {
        do {
            let changes = try client().reloadConfig()
            var labels: [String: String] = [:]
            for name in changes.added { labels[name] = "available" }
            for name in changes.changed { labels[name] = "changed" }
            for name in changes.removed { labels[name] = "disappeared" }
            if labels.isEmpty {
                say("No config updates to processes")
            } else {
                for name in labels.keys.sorted(by: pythonOrder) { say("\(name): \(labels[name]!)") }
            }
        } catch .fault(let fault) {
            exitStatus = ExitStatus.generic
            if fault.code == Fault.shutdownState.rawValue {
                say("ERROR: supervisor shutting down")
            } else if fault.code == Fault.cantReread.rawValue {
                say("ERROR: \(fault.string)")
            } else {
                throw .fault(fault)
            }
        }
    }

    fileprivate func add() throws(ClientError) {
        let supervisor = try client()
        for name in words {
            do {
                try supervisor.addProcessGroup(name)
                say("\(name): added process group")
            } catch .fault(let fault) {
                switch Fault(rawValue: fault.code) {
                case .shutdownState:
                    say("ERROR: shutting down")
                    exitStatus = ExitStatus.generic
                case .alreadyAdded:
                    say("ERROR: process group already active")
                case .badName:
                    say("ERROR: no such process/group: \(name)")
                    exitStatus = ExitStatus.generic
                default:
                    exitStatus = ExitStatus.generic
                    throw .fault(fault)
                }
            }
        }
    }

    fileprivate func remove() throws(ClientError) {
        let supervisor = try client()
        for name in words {
            do {
                try supervisor.removeProcessGroup(name)
                say("\(name): removed process group")
            } catch .fault(let fault) {
                exitStatus = ExitStatus.generic
                switch Fault(rawValue: fault.code) {
                case .stillRunning: say("ERROR: process/group still running: \(name)")
                case .badName: say("ERROR: no such process/group: \(name)")
                default: throw .fault(fault)
                }
            }
        }
    }

    fileprivate func update() throws(ClientError) {
        let supervisor = try client()
        let changes: ConfigChanges
        do {
            changes = try supervisor.reloadConfig()
        } catch .fault(let fault) {
            exitStatus = ExitStatus.generic
            guard fault.code == Fault.shutdownState.rawValue else { throw .fault(fault) }
            say("ERROR: already shutting down")
            return
        }
        var wanted = Set(words)
        if wanted.contains("all") { wanted = [] }
        if !wanted.isEmpty {
            var groups = Set(try supervisor.getAllProcessInfo().map(\.group))
            groups.formUnion(changes.added)
            for name in wanted.sorted(by: pythonOrder) where !groups.contains(name) {
                say("ERROR: no such group: \(name)")
                exitStatus = ExitStatus.generic
            }
        }
        for group in changes.removed where wanted.isEmpty || wanted.contains(group) {
            let results = try supervisor.stopProcessGroup(group)
            say("\(group): stopped")
            if results.contains(where: { $0.status == Fault.failed.rawValue }) {
                say("\(group): has problems; not removing")
                exitStatus = ExitStatus.generic
                continue
            }
            try supervisor.removeProcessGroup(group)
            say("\(group): removed process group")
        }
        for group in changes.changed where wanted.isEmpty || wanted.contains(group) {
            _ = try supervisor.stopProcessGroup(group)
            say("\(group): stopped")
            try supervisor.removeProcessGroup(group)
            try supervisor.addProcessGroup(group)
            say("\(group): updated process group")
        }
        for group in changes.added where wanted.isEmpty || wanted.contains(group) {
            try supervisor.addProcessGroup(group)
            say("\(group): added process group")
        }
    }
}
