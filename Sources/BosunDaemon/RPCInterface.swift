import BosunAPI
import BosunConfig
import BosunCore
import Glibc
package import XMLRPC

/// Dispatches XML-RPC calls by exact method name through a fixed table (CVE-2017-11610: a
/// method name never reaches anything but this table).
package enum RPCInterface {
    typealias Handler = @Sendable (Supervisor, RPCArguments) throws(RPCError) -> RPCReturn

    /// A method's implementation and how many parameters it takes.
    struct Entry: Sendable {
        var arity: ClosedRange<Int>
        var handler: Handler
    }

    /// The factory that gives supervisord its `supervisor.*` methods; a `[rpcinterface:x]`
    /// section naming it publishes them as `x.*`.
    static let mainFactory = "supervisor.rpcinterface:make_main_rpcinterface"

    /// The namespaces a config publishes the supervisor methods under, sorted.
    static func namespaces(_ interfaces: [String: String]) -> [String] {
        interfaces.filter { $0.value.trimmingCharacters(in: " \t") == mainFactory }.keys
            .map { String($0.dropFirst("rpcinterface:".count)) }.sorted()
    }

    /// The published method names, sorted, as `system.listMethods` returns them.
    static func methodNames(namespaces: [String]) -> [String] {
        var names = MethodCatalogue.methods.map(\.name).filter { $0.hasPrefix("system.") }
        for namespace in namespaces {
            names += MethodCatalogue.methods.map(\.name).filter { $0.hasPrefix("supervisor.") }
                .map { namespace + $0.dropFirst("supervisor".count) }
        }
        return names.sorted()
    }

    /// The table entry for a published name: `ns.method`, exactly two parts.
    static func entry(_ name: String, namespaces: [String]) -> Entry? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        if parts[0] == "system" { return table[name] }
        guard namespaces.contains(String(parts[0])) else { return nil }
        return table["supervisor.\(parts[1])"]
    }

    package static func call(_ name: String, _ params: [XMLRPCValue], on supervisor: Supervisor) -> RPCReturn {
        do throws(RPCError) {
            guard let entry = entry(name, namespaces: supervisor.rpcNamespaces) else { throw RPCError(.unknownMethod) }
            guard entry.arity.contains(params.count) else { throw RPCError(.incorrectParameters) }
            return try entry.handler(supervisor, RPCArguments(values: params))
        } catch {
            return .fault(error)
        }
    }

    static let table: [String: Entry] = {
        var table: [String: Entry] = [:]
        func add(_ name: String, _ arity: ClosedRange<Int>, _ handler: @escaping Handler) {
            precondition(MethodCatalogue.method(named: name) != nil, "\(name) is not a published method")
            table[name] = Entry(arity: arity, handler: handler)
        }
        typealias S = Supervisor
        add("supervisor.getAPIVersion", 0...0) { s, _ throws(RPCError) in try s.update(); return .value("3.0") }
        add("supervisor.getVersion", 0...0) { s, _ throws(RPCError) in try s.update(); return .value("3.0") }
        add("supervisor.getSupervisorVersion", 0...0) { s, _ throws(RPCError) in try s.update(); return .value("4.3.0") }
        add("supervisor.getIdentification", 0...0) { s, _ throws(RPCError) in
            try s.update()
            return .value(.string(s.config.supervisord.identifier))
        }
        add("supervisor.getState", 0...0) { s, _ throws(RPCError) in try s.rpcGetState() }
        add("supervisor.getPID", 0...0) { s, _ throws(RPCError) in try s.update(); return .value(.int(Int(getpid()))) }
        add("supervisor.readLog", 2...2) { s, a throws(RPCError) in try s.rpcReadLog(a.int(0), a.int(1)) }
        add("supervisor.readMainLog", 2...2) { s, a throws(RPCError) in try s.rpcReadLog(a.int(0), a.int(1)) }
        add("supervisor.clearLog", 0...0) { s, _ throws(RPCError) in try s.rpcClearLog() }
        add("supervisor.shutdown", 0...0) { s, _ throws(RPCError) in try s.rpcSetMood(.shutdown) }
        add("supervisor.restart", 0...0) { s, _ throws(RPCError) in try s.rpcSetMood(.restarting) }
        add("supervisor.reloadConfig", 0...0) { s, _ throws(RPCError) in try s.rpcReloadConfig() }
        add("supervisor.addProcessGroup", 1...1) { s, a throws(RPCError) in try s.rpcAddProcessGroup(a.string(0)) }
        add("supervisor.removeProcessGroup", 1...1) { s, a throws(RPCError) in try s.rpcRemoveProcessGroup(a.string(0)) }
        add("supervisor.startProcess", 1...2) { s, a throws(RPCError) in try s.rpcStartProcess(a.string(0), wait: a.bool(1, default: true)) }
        add("supervisor.startProcessGroup", 1...2) { s, a throws(RPCError) in
            try s.rpcStartProcessGroup(a.string(0), wait: a.bool(1, default: true))
        }
        add("supervisor.startAllProcesses", 0...1) { s, a throws(RPCError) in try s.rpcStartAllProcesses(wait: a.bool(0, default: true)) }
        add("supervisor.stopProcess", 1...2) { s, a throws(RPCError) in try s.rpcStopProcess(a.string(0), wait: a.bool(1, default: true)) }
        add("supervisor.stopProcessGroup", 1...2) { s, a throws(RPCError) in
            try s.rpcStopProcessGroup(a.string(0), wait: a.bool(1, default: true))
        }
        add("supervisor.stopAllProcesses", 0...1) { s, a throws(RPCError) in try s.rpcStopAllProcesses(wait: a.bool(0, default: true)) }
        add("supervisor.signalProcess", 2...2) { s, a throws(RPCError) in try s.rpcSignalProcess(a.string(0), a.string(1)) }
        add("supervisor.signalProcessGroup", 2...2) { s, a throws(RPCError) in try s.rpcSignalProcessGroup(a.string(0), a.string(1)) }
        add("supervisor.signalAllProcesses", 1...1) { s, a throws(RPCError) in try s.rpcSignalAllProcesses(a.string(0)) }
        add("supervisor.getAllConfigInfo", 0...0) { s, _ throws(RPCError) in try s.rpcGetAllConfigInfo() }
        add("supervisor.getProcessInfo", 1...1) { s, a throws(RPCError) in
            try s.update()
            return .value(try s.processInfo(a.string(0)))
        }
        add("supervisor.getAllProcessInfo", 0...0) { s, _ throws(RPCError) in
            try s.update()
            // One clock reading for the whole list: every uptime is as of the same instant.
            let now = s.clock.now().wall
            return .value(.array(s.registry.processesLexically.map { s.processInfo($0, now: now) }))
        }
        for (name, channel) in [
            ("supervisor.readProcessStdoutLog", ChildOutput.Channel.stdout), ("supervisor.readProcessLog", .stdout),
            ("supervisor.readProcessStderrLog", .stderr),
        ] {
            add(name, 3...3) { s, a throws(RPCError) in try s.rpcReadProcessLog(a.string(0), a.int(1), a.int(2), channel) }
        }
        for (name, channel) in [
            ("supervisor.tailProcessStdoutLog", ChildOutput.Channel.stdout), ("supervisor.tailProcessLog", .stdout),
            ("supervisor.tailProcessStderrLog", .stderr),
        ] {
            add(name, 3...3) { s, a throws(RPCError) in try s.rpcTailProcessLog(a.string(0), a.int(1), a.int(2), channel) }
        }
        add("supervisor.clearProcessLogs", 1...1) { s, a throws(RPCError) in try s.rpcClearProcessLogs(a.string(0)) }
        add("supervisor.clearProcessLog", 1...1) { s, a throws(RPCError) in try s.rpcClearProcessLogs(a.string(0)) }
        add("supervisor.clearAllProcessLogs", 0...0) { s, _ throws(RPCError) in try s.rpcClearAllProcessLogs() }
        add("supervisor.sendProcessStdin", 2...2) { s, a throws(RPCError) in try s.rpcSendProcessStdin(a.string(0), a.value(1)) }
        add("supervisor.sendRemoteCommEvent", 2...2) { s, a throws(RPCError) in
            try s.rpcSendRemoteCommEvent(type: a.string(0), data: a.string(1))
        }
        add("system.listMethods", 0...0) { s, _ throws(RPCError) in
            .value(.array(methodNames(namespaces: s.rpcNamespaces).map { .string($0) }))
        }
        add("system.methodHelp", 1...1) { s, a throws(RPCError) in
            guard let method = s.publishedMethod(try a.string(0)) else { throw RPCError(.signatureUnsupported) }
            return .value(.string(method.help))
        }
        add("system.methodSignature", 1...1) { s, a throws(RPCError) in
            guard let signature = s.publishedMethod(try a.string(0))?.signature else { throw RPCError(.signatureUnsupported) }
            return .value(.array(signature.map { .string($0) }))
        }
        add("system.multicall", 1...1) { s, a throws(RPCError) in
            guard case .array(let calls) = try a.value(0) else { throw RPCError(.incorrectParameters) }
            return s.multicall(calls)
        }
        return table
    }()
}
