import XMLRPC

/// Calls whose response waits for processes to reach a state (`wait=true`, a multicall that
/// holds one): each is polled after every pass of the supervisor until it is done.
///
/// Confined to the supervisor's loop. Invariant: every call handed to `respond` is answered
/// exactly once: at once, by a later `poll`, or by `failAll` when the supervisor finishes;
/// or never, once dropped because its client closed the connection.
final class DeferredCalls {
    private var pending: [PendingCall] = []

    var isEmpty: Bool { pending.isEmpty }

    /// Answers a call now, or keeps it until its deferred result is done; the kept call (the
    /// caller then runs a pass), or nil.
    func respond(to result: RPCReturn, complete: @escaping (XMLRPCResponse) -> Void) -> PendingCall? {
        switch result {
        case .value(let value): complete(.success(value))
        case .fault(let error): complete(.fault(error.fault))
        case .deferred(let deferred):
            guard let response = Self.pollOnce(deferred) else {
                let call = PendingCall(result: deferred, complete: complete)
                pending.append(call)
                return call
            }
            complete(response)
        }
        return nil
    }

    /// Forgets a kept call unanswered: its client has gone, nobody waits for the answer.
    func drop(_ call: PendingCall) {
        pending.removeAll { $0 === call }
    }

    /// Answers every call whose result is done.
    func poll() {
        guard !pending.isEmpty else { return }
        var waiting: [PendingCall] = []
        for call in pending {
            if let response = Self.pollOnce(call.result) { call.complete(response) } else { waiting.append(call) }
        }
        pending = waiting
    }

    /// Answers every waiting call with `fault` (the supervisor is gone).
    func failAll(with fault: XMLRPCFault) {
        let calls = pending
        pending = []
        for call in calls { call.complete(.fault(fault)) }
    }

    /// The deferred result's answer if it is done.
    static func pollOnce(_ deferred: DeferredResult) -> XMLRPCResponse? {
        do throws(RPCError) {
            return try deferred.poll().map { .success($0) }
        } catch {
            return .fault(error.fault)
        }
    }
}

/// An RPC call whose response waits, with the closure that sends its answer.
final class PendingCall {
    let result: DeferredResult
    let complete: (XMLRPCResponse) -> Void

    init(result: DeferredResult, complete: @escaping (XMLRPCResponse) -> Void) {
        self.result = result
        self.complete = complete
    }
}
