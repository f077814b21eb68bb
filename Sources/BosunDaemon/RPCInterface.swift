import BosunAPI
import BosunConfig
import BosunCore
import Glibc
package import XMLRPC

/// Dispatches XML-RPC calls by exact method name through a fixed table (CVE-2017-11610: a
/// method name never reaches anything but this table).
package enum RPCInterface {
    typealias Handler = (Supervisor, RPCArguments) throws(RPCError) -> RPCReturn

    /// The factory that gives supervisord its `supervisor.*` methods; a `[rpcinterface:x]`
    /// section naming it publishes them as `x.*`.
    static let mainFactory = "supervisor.rpcinterface:make_main_rpcinterface"

    /// The namespaces a config publishes the supervisor methods under, sorted.
    static func namespaces(_ interfaces: [String: String]) -> [String] {
        interfaces.filter { $0.value.trimmingCharacters(in: " \t") == mainFactory }.keys
            .map { String($0.dropFirst("rpcinterface:".count)) }.sorted()
    }

    /// The published method names, sorted, as `system.listMethods` returns them: supervisor's,
    /// and bosund's own `bosun.*`.
    static func methodNames(namespaces: [String]) -> [String] {
        var names = Method.allCases.filter(\.isSystem).map(\.rawValue) + BosunMethod.allCases.map(\.rawValue)
        for namespace in namespaces {
            names += Method.allCases.filter { !$0.isSystem }.map { "\(namespace).\($0.shortName)" }
        }
        return names.sorted()
    }

    /// The method a published name stands for: `ns.method`, exactly two parts.
    static func method(_ name: String, namespaces: [String]) -> Method? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        if parts[0] == "system" { return Method(rawValue: name).flatMap { $0.isSystem ? $0 : nil } }
        guard namespaces.contains(String(parts[0])) else { return nil }
        return Method(rawValue: "supervisor.\(parts[1])")
    }

    /// Help and signature of a published name: bosund's own methods first, then supervisor's.
    static func catalogueEntry(_ name: String, namespaces: [String]) -> MethodDescription? {
        BosunMethod(rawValue: name)?.catalogueEntry ?? method(name, namespaces: namespaces)?.catalogueEntry
    }

    /// Answers a call through `complete`, at once or later. Returns how to drop the call if its
    /// client goes away first: a held `bosun.waitForChange`, or a call that waits for processes.
    package static func serve(
        _ name: String, _ params: [XMLRPCValue], on supervisor: Supervisor, complete: @escaping (XMLRPCResponse) -> Void
    ) -> (() -> Void)? {
        if let method = BosunMethod(rawValue: name) { return BosunInterface.serve(method, params, on: supervisor, complete: complete) }
        return supervisor.respond(to: call(name, params, on: supervisor), complete: complete)
    }

    /// A call's return without holding it (`system.multicall` calls through here too).
    package static func call(_ name: String, _ params: [XMLRPCValue], on supervisor: Supervisor) -> RPCReturn {
        do throws(RPCError) {
            if let method = BosunMethod(rawValue: name) { return try BosunInterface.call(method, params, on: supervisor) }
            guard let method = method(name, namespaces: supervisor.rpcNamespaces) else { throw RPCError(.unknownMethod) }
            return call(method, params, on: supervisor)
        } catch {
            return .fault(error)
        }
    }

    /// A supervisor method's return, whatever namespaces the config publishes it under (the
    /// web UI calls them as supervisord's page does, directly).
    static func call(_ method: Method, _ params: [XMLRPCValue], on supervisor: Supervisor) -> RPCReturn {
        do throws(RPCError) {
            guard method.arity.contains(params.count) else { throw RPCError(.incorrectParameters) }
            return try handler(method)(supervisor, RPCArguments(values: params))
        } catch {
            return .fault(error)
        }
    }

    /// Each method's implementation; the switch is exhaustive, so no published method lacks one.
    static func handler(_ method: Method) -> Handler {
        switch method {
        case .getAPIVersion, .getVersion: { s, _ throws(RPCError) in try s.update(); return .value("3.0") }
        case .getSupervisorVersion: { s, _ throws(RPCError) in try s.update(); return .value("4.3.0") }
        case .getIdentification: { s, _ throws(RPCError) in
            try s.update()
            return .value(.string(s.config.supervisord.identifier))
        }
        case .getState: { s, _ throws(RPCError) in try s.rpcGetState() }
        case .getPID: { s, _ throws(RPCError) in try s.update(); return .value(.int(Int(getpid()))) }
        case .readLog, .readMainLog: { s, a throws(RPCError) in try s.rpcReadLog(a.int(0), a.int(1)) }
        case .clearLog: { s, _ throws(RPCError) in try s.rpcClearLog() }
        case .shutdown: { s, _ throws(RPCError) in try s.rpcSetMood(.shutdown) }
        case .restart: { s, _ throws(RPCError) in try s.rpcSetMood(.restarting) }
        case .reloadConfig: { s, _ throws(RPCError) in try s.rpcReloadConfig() }
        case .addProcessGroup: { s, a throws(RPCError) in try s.rpcAddProcessGroup(a.string(0)) }
        case .removeProcessGroup: { s, a throws(RPCError) in try s.rpcRemoveProcessGroup(a.string(0)) }
        case .startProcess: { s, a throws(RPCError) in try s.rpcStartProcess(a.string(0), wait: a.bool(1, default: true)) }
        case .startProcessGroup: { s, a throws(RPCError) in try s.rpcStartProcessGroup(a.string(0), wait: a.bool(1, default: true)) }
        case .startAllProcesses: { s, a throws(RPCError) in try s.rpcStartAllProcesses(wait: a.bool(0, default: true)) }
        case .stopProcess: { s, a throws(RPCError) in try s.rpcStopProcess(a.string(0), wait: a.bool(1, default: true)) }
        case .stopProcessGroup: { s, a throws(RPCError) in try s.rpcStopProcessGroup(a.string(0), wait: a.bool(1, default: true)) }
        case .stopAllProcesses: { s, a throws(RPCError) in try s.rpcStopAllProcesses(wait: a.bool(0, default: true)) }
        case .signalProcess: { s, a throws(RPCError) in try s.rpcSignalProcess(a.string(0), a.string(1)) }
        case .signalProcessGroup: { s, a throws(RPCError) in try s.rpcSignalProcessGroup(a.string(0), a.string(1)) }
        case .signalAllProcesses: { s, a throws(RPCError) in try s.rpcSignalAllProcesses(a.string(0)) }
        case .getAllConfigInfo: { s, _ throws(RPCError) in try s.rpcGetAllConfigInfo() }
        case .getProcessInfo: { s, a throws(RPCError) in
            try s.update()
            return .value(try s.processInfo(a.string(0)).xmlrpcValue)
        }
        case .getAllProcessInfo: { s, _ throws(RPCError) in
            try s.update()
            // One clock reading for the whole list: every uptime is as of the same instant.
            let now = s.clock.now().wall
            return .value(.array(s.registry.processesLexically.map { s.processInfo($0, now: now).xmlrpcValue }))
        }
        case .readProcessStdoutLog, .readProcessLog: { s, a throws(RPCError) in
            try s.rpcReadProcessLog(a.string(0), a.int(1), a.int(2), .stdout)
        }
        case .readProcessStderrLog: { s, a throws(RPCError) in try s.rpcReadProcessLog(a.string(0), a.int(1), a.int(2), .stderr) }
        case .tailProcessStdoutLog, .tailProcessLog: { s, a throws(RPCError) in
            try s.rpcTailProcessLog(a.string(0), a.int(1), a.int(2), .stdout)
        }
        case .tailProcessStderrLog: { s, a throws(RPCError) in try s.rpcTailProcessLog(a.string(0), a.int(1), a.int(2), .stderr) }
        case .clearProcessLogs, .clearProcessLog: { s, a throws(RPCError) in try s.rpcClearProcessLogs(a.string(0)) }
        case .clearAllProcessLogs: { s, _ throws(RPCError) in try s.rpcClearAllProcessLogs() }
        case .sendProcessStdin: { s, a throws(RPCError) in try s.rpcSendProcessStdin(a.string(0), a.value(1)) }
        case .sendRemoteCommEvent: { s, a throws(RPCError) in try s.rpcSendRemoteCommEvent(type: a.string(0), data: a.string(1)) }
        case .listMethods: { s, _ throws(RPCError) in .value(.array(methodNames(namespaces: s.rpcNamespaces).map { .string($0) })) }
        case .methodHelp: { s, a throws(RPCError) in
            guard let method = s.publishedMethod(try a.string(0)) else { throw RPCError(.signatureUnsupported) }
            return .value(.string(method.help))
        }
        case .methodSignature: { s, a throws(RPCError) in
            guard let signature = s.publishedMethod(try a.string(0))?.signature else { throw RPCError(.signatureUnsupported) }
            return .value(.array(signature.map { .string($0) }))
        }
        case .multicall: { s, a throws(RPCError) in
            guard case .array(let calls) = try a.value(0) else { throw RPCError(.incorrectParameters) }
            return s.multicall(calls)
        }
        }
    }
}
