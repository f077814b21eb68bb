import BosunAPI
import XMLRPC

/// Dispatches bosund's own `bosun.*` methods (`BosunMethod`), beside `RPCInterface`'s table of
/// supervisor's. Unlike those, a call may be held without being polled: `serve` hands it to
/// the part that answers it (the supervisor's `ChangeFeed`, or a read of `/proc` off the loop).
enum BosunInterface {
    /// Answers a call through `complete`, at once or later. Returns how to drop the call if its
    /// client goes away while it is held; nil when it was answered.
    static func serve(
        _ method: BosunMethod, _ params: [XMLRPCValue], on supervisor: Supervisor, complete: @escaping (XMLRPCResponse) -> Void
    ) -> (() -> Void)? {
        do throws(RPCError) {
            switch method {
            case .waitForChange:
                let (since, timeout) = try waitForChangeArguments(params, supervisor)
                guard let waiter = try supervisor.changes.hold(since: since, timeout: timeout, complete: complete) else { return nil }
                return { [weak feed = supervisor.changes] in feed?.cancel(waiter) }
            case .getAllProcessResources:
                _ = try RPCArguments(values: params, of: method)
                try supervisor.update()
                let call = HeldCall(complete)
                supervisor.world.readProcessTable { [weak supervisor] table in
                    guard let supervisor else { return call.answer(.fault(RPCError(.shutdownState).fault)) }
                    call.answer(.success(.array(supervisor.resources(in: table).map(\.xmlrpcValue))))
                }
                return { call.drop() }
            case .getAllProcessDetails, .rotateProcessLogs, .rotateAllProcessLogs:
                complete(.success(try answer(method, params, on: supervisor)))
                return nil
            }
        } catch {
            complete(.fault(error.fault))
            return nil
        }
    }

    /// The answer without waiting, for a call inside `system.multicall` (a held call would
    /// hold every call after it): `bosun.waitForChange` answers as with a timeout of 0.
    static func call(_ method: BosunMethod, _ params: [XMLRPCValue], on supervisor: Supervisor) throws(RPCError) -> RPCReturn {
        .value(try answer(method, params, on: supervisor))
    }

    /// The answer at once: what `call` answers, and `serve` for every method it does not hold.
    private static func answer(_ method: BosunMethod, _ params: [XMLRPCValue], on supervisor: Supervisor) throws(RPCError) -> XMLRPCValue {
        switch method {
        case .waitForChange:
            let (since, _) = try waitForChangeArguments(params, supervisor)
            return supervisor.changes.report(since: since).xmlrpcValue
        case .getAllProcessDetails:
            return try allProcessDetails(params, supervisor)
        case .getAllProcessResources:
            _ = try RPCArguments(values: params, of: method)
            throw RPCError(.failed, "bosun.getAllProcessResources reads /proc off the event loop and cannot be called inside system.multicall")
        case .rotateProcessLogs:
            let name = try RPCArguments(values: params, of: method).exactString(0, of: method)
            try supervisor.update()
            try supervisor.rotateLogs(of: name)
            return true
        case .rotateAllProcessLogs:
            _ = try RPCArguments(values: params, of: method)
            try supervisor.update()
            return .array(supervisor.rotateAllLogs())
        }
    }

    /// Every process's details, in getAllProcessInfo's order.
    private static func allProcessDetails(_ params: [XMLRPCValue], _ supervisor: Supervisor) throws(RPCError) -> XMLRPCValue {
        _ = try RPCArguments(values: params, of: .getAllProcessDetails)
        try supervisor.update()
        return .array(supervisor.registry.processesLexically.map { supervisor.details(of: $0).xmlrpcValue })
    }

    /// `(serial, timeout)`: an int, and seconds as an int or a double from 0. Refused while
    /// the daemon shuts down, like supervisor's methods.
    private static func waitForChangeArguments(_ params: [XMLRPCValue], _ supervisor: Supervisor) throws(RPCError) -> (
        since: Int, timeout: Double
    ) {
        let arguments = try RPCArguments(values: params, of: .waitForChange)
        let since = try arguments.exactInt(0, of: .waitForChange)
        let timeout = try arguments.seconds(1, of: .waitForChange)
        try supervisor.update()
        return (since, timeout)
    }
}

/// A call answered later, once: dropped when its client goes away first. Confined to the loop.
private final class HeldCall {
    private var complete: ((XMLRPCResponse) -> Void)?

    init(_ complete: @escaping (XMLRPCResponse) -> Void) { self.complete = complete }

    func answer(_ response: XMLRPCResponse) {
        complete?(response)
        complete = nil
    }

    func drop() { complete = nil }
}
