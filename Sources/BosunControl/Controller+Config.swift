import XMLRPC
import BosunAPI
import BosunCore

extension Controller {
    /// `avail`: every configured process, in use or not.
    func avail(_ argument: String) throws(ClientError) {
        try withJSONFlag(argument) { (argument, json) throws(ClientError) in try avail(argument, json: json) }
    }

    private func avail(_ argument: String, json: Bool) throws(ClientError) {
        guard acceptsNoArguments(argument, "avail") else { return }
        do {
            let infos = try client().getAllConfigInfo()
            if json {
                writeJSON(.array(infos.map(Self.json)))
                return
            }
            for info in infos {
                let name = NameSpec.display(group: info.group, name: info.name)
                let inuse = info.inuse ? "in use" : "avail"
                let autostart = info.autostart ? "auto" : "manual"
                output(
                    "\(name.padded(to: 32)) \(inuse.padded(to: 9)) \(autostart.padded(to: 9)) "
                        + "\(info.groupPriority):\(info.processPriority)")
            }
        } catch .fault(let fault) {
            exitStatus = ExitStatus.generic
            guard fault.code == Fault.shutdownState.rawValue else { throw .fault(fault) }
            output("ERROR: supervisor shutting down")
        }
    }

    /// `reread`: what a config reload would add, change and drop, without applying it.
    func reread(_ argument: String) throws(ClientError) {
        guard acceptsNoArguments(argument, "reread") else { return }
        do {
            let changes = try client().reloadConfig()
            var labels: [String: String] = [:]
            for name in changes.added { labels[name] = "available" }
            for name in changes.changed { labels[name] = "changed" }
            for name in changes.removed { labels[name] = "disappeared" }
            if labels.isEmpty {
                output("No config updates to processes")
            } else {
                for name in labels.keys.sorted(by: pythonOrder) { output("\(name): \(labels[name]!)") }
            }
        } catch .fault(let fault) {
            exitStatus = ExitStatus.generic
            if fault.code == Fault.shutdownState.rawValue {
                output("ERROR: supervisor shutting down")
            } else if fault.code == Fault.cantReread.rawValue {
                output("ERROR: \(fault.string)")
            } else {
                throw .fault(fault)
            }
        }
    }

    func add(_ argument: String) throws(ClientError) {
        let supervisor = try client()
        for name in argument.words() {
            do {
                try supervisor.addProcessGroup(name)
                output("\(name): added process group")
            } catch .fault(let fault) {
                switch Fault(rawValue: fault.code) {
                case .shutdownState:
                    output("ERROR: shutting down")
                    exitStatus = ExitStatus.generic
                case .alreadyAdded:
                    output("ERROR: process group already active")
                case .badName:
                    output("ERROR: no such process/group: \(name)")
                    exitStatus = ExitStatus.generic
                default:
                    exitStatus = ExitStatus.generic
                    throw .fault(fault)
                }
            }
        }
    }

    func remove(_ argument: String) throws(ClientError) {
        let supervisor = try client()
        for name in argument.words() {
            do {
                try supervisor.removeProcessGroup(name)
                output("\(name): removed process group")
            } catch .fault(let fault) {
                exitStatus = ExitStatus.generic
                switch Fault(rawValue: fault.code) {
                case .stillRunning: output("ERROR: process/group still running: \(name)")
                case .badName: output("ERROR: no such process/group: \(name)")
                default: throw .fault(fault)
                }
            }
        }
    }

    /// `update [all|group ...]`: supervisorctl's client-side apply of `reloadConfig`: removed
    /// groups are stopped and removed, changed ones stopped, removed and re-added, new ones added.
    func update(_ argument: String) throws(ClientError) {
        let supervisor = try client()
        let changes: ConfigChanges
        do {
            changes = try supervisor.reloadConfig()
        } catch .fault(let fault) {
            exitStatus = ExitStatus.generic
            guard fault.code == Fault.shutdownState.rawValue else { throw .fault(fault) }
            output("ERROR: already shutting down")
            return
        }
        var wanted = Set(argument.words())
        if wanted.contains("all") { wanted = [] }
        if !wanted.isEmpty {
            var groups = Set(try supervisor.getAllProcessInfo().map(\.group))
            groups.formUnion(changes.added)
            for name in wanted.sorted(by: pythonOrder) where !groups.contains(name) {
                output("ERROR: no such group: \(name)")
                exitStatus = ExitStatus.generic
            }
        }
        for group in changes.removed where wanted.isEmpty || wanted.contains(group) {
            let results = try supervisor.stopProcessGroup(group)
            output("\(group): stopped")
            if results.contains(where: { $0.status == Fault.failed.rawValue }) {
                output("\(group): has problems; not removing")
                exitStatus = ExitStatus.generic
                continue
            }
            try supervisor.removeProcessGroup(group)
            output("\(group): removed process group")
        }
        for group in changes.changed where wanted.isEmpty || wanted.contains(group) {
            _ = try supervisor.stopProcessGroup(group)
            output("\(group): stopped")
            try supervisor.removeProcessGroup(group)
            try supervisor.addProcessGroup(group)
            output("\(group): updated process group")
        }
        for group in changes.added where wanted.isEmpty || wanted.contains(group) {
            try supervisor.addProcessGroup(group)
            output("\(group): added process group")
        }
    }
}

/// Python's default string ordering: by code point.
func pythonOrder(_ lhs: String, _ rhs: String) -> Bool {
    lhs.unicodeScalars.lexicographicallyPrecedes(rhs.unicodeScalars)
}
