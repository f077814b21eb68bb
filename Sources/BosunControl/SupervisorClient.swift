package import BosunAPI
package import XMLRPC

/// Why an RPC call failed.
package enum ClientError: Error, Sendable {
    /// The daemon answered with an XML-RPC fault.
    case fault(XMLRPCFault)
    /// The socket or the HTTP exchange failed.
    case transport(TransportError)
    /// The response was not the XML-RPC the API promises.
    case decoding(String)
    /// The server URL is neither `http://` nor `unix://`.
    case unknownProtocol(String)
    /// A result code the command does not know (supervisorctl raises ValueError here).
    case unexpectedResult(String)

    /// The fault code, when this is a fault.
    package var faultCode: Int? {
        if case .fault(let fault) = self { return fault.code }
        return nil
    }
}

/// Typed calls to a supervisord-compatible daemon's `/RPC2`, over one kept-alive connection.
///
/// Invariant: primed answers (see `prime`) are handed out in order, each at most once and only
/// to the call it answers; the first call that is not the next primed one drops them all.
package final class SupervisorClient {
    package let connection: HTTPConnection
    private var primed: [(call: XMLRPCCall, response: XMLRPCResponse)] = []
    /// The daemon refused `system.multicall` or answered it in another form: calls go one by one.
    var multicallRefused = false
    /// The daemon's change serial, for `waitForChange`.
    var changeWatch = ChangeWatch()

    /// Basic auth is sent when both `username` and `password` are given, as supervisorctl does.
    package init(url: ServerURL, username: String?, password: String?) {
        var credentials: (username: String, password: String)? = nil
        if let username, let password { credentials = (username, password) }
        connection = HTTPConnection(url: url, credentials: credentials)
    }

    /// Calls `method` and returns its value; faults and failures are thrown.
    package func call(_ method: Method, _ params: XMLRPCValue...) throws(ClientError) -> XMLRPCValue {
        try call(XMLRPCCall(method, params))
    }

    package func call(_ call: XMLRPCCall) throws(ClientError) -> XMLRPCValue {
        let response: XMLRPCResponse
        if let next = primed.first, next.call == call {
            primed.removeFirst()
            response = next.response
        } else {
            primed = []
            response = try send(call)
        }
        switch response {
        case .success(let value): return value
        case .fault(let fault): throw .fault(fault)
        }
    }

    /// Keeps `answers` for the next calls, if they are these calls in this order: the answers
    /// came with another request (`system.multicall`) and need not be asked for again.
    func prime(_ answers: [(call: XMLRPCCall, response: XMLRPCResponse)]) {
        primed = answers
    }

    /// Drops primed answers nobody asked for, so that they cannot answer a later command.
    func discardPrimedAnswers() { primed = [] }

    /// One request, one response; a fault is a response, not an error.
    func send(_ call: XMLRPCCall) throws(ClientError) -> XMLRPCResponse {
        let body = XMLRPCEncoder.encode(call)
        let response: HTTPConnection.Response
        do {
            response = try connection.post("/RPC2", body: body)
        } catch {
            throw .transport(error)
        }
        guard response.status == 200 else {
            connection.close()
            throw .transport(.httpStatus(code: response.status, reason: response.reason))
        }
        do {
            return try XMLRPCDecoder.decodeResponse(response.body)
        } catch {
            throw .decoding(String(describing: error))
        }
    }

    // MARK: - Typed methods

    package func getVersion() throws(ClientError) -> String { try string(call(.getVersion)) }

    package func getSupervisorVersion() throws(ClientError) -> String {
        try string(call(ReadOnlyCall.getSupervisorVersion.call))
    }

    package func getPID() throws(ClientError) -> Int { try int(call(ReadOnlyCall.getPID.call)) }

    package func getAllProcessInfo() throws(ClientError) -> [ProcessInfo] {
        try list(call(ReadOnlyCall.getAllProcessInfo.call), ProcessInfo.init)
    }

    /// bosund's readiness and start-order details of every process; nil from a daemon without
    /// them (supervisord).
    package func getAllProcessDetails() throws(ClientError) -> [ProcessDetails]? {
        do {
            return try list(call(XMLRPCCall(BosunMethod.getAllProcessDetails, [])), ProcessDetails.init)
        } catch .fault(let fault) where fault.code == Fault.unknownMethod.rawValue {
            return nil
        }
    }

    package func getProcessInfo(_ name: String) throws(ClientError) -> ProcessInfo {
        try model(call(ReadOnlyCall.getProcessInfo(name).call), ProcessInfo.init)
    }

    package func getAllConfigInfo() throws(ClientError) -> [ConfigInfo] {
        try list(call(.getAllConfigInfo), ConfigInfo.init)
    }

    package func startProcess(_ name: String, wait: Bool = true) throws(ClientError) {
        _ = try call(.startProcess, .string(name), .bool(wait))
    }

    package func startProcessGroup(_ name: String, wait: Bool = true) throws(ClientError) -> [ProcessResult] {
        try list(call(.startProcessGroup, .string(name), .bool(wait)), ProcessResult.init)
    }

    package func startAllProcesses(wait: Bool = true) throws(ClientError) -> [ProcessResult] {
        try list(call(.startAllProcesses, .bool(wait)), ProcessResult.init)
    }

    package func stopProcess(_ name: String, wait: Bool = true) throws(ClientError) {
        _ = try call(.stopProcess, .string(name), .bool(wait))
    }

    package func stopProcessGroup(_ name: String, wait: Bool = true) throws(ClientError) -> [ProcessResult] {
        try list(call(.stopProcessGroup, .string(name), .bool(wait)), ProcessResult.init)
    }

    package func stopAllProcesses(wait: Bool = true) throws(ClientError) -> [ProcessResult] {
        try list(call(.stopAllProcesses, .bool(wait)), ProcessResult.init)
    }

    package func signalProcess(_ name: String, _ signal: String) throws(ClientError) {
        _ = try call(.signalProcess, .string(name), .string(signal))
    }

    package func signalProcessGroup(_ name: String, _ signal: String) throws(ClientError) -> [ProcessResult] {
        try list(call(.signalProcessGroup, .string(name), .string(signal)), ProcessResult.init)
    }

    package func signalAllProcesses(_ signal: String) throws(ClientError) -> [ProcessResult] {
        try list(call(.signalAllProcesses, .string(signal)), ProcessResult.init)
    }

    package func readProcessLog(_ name: String, channel: String, offset: Int, length: Int) throws(ClientError) -> String {
        try string(call(ReadOnlyCall.readProcessLog(name, channel: channel, offset: offset, length: length).call))
    }

    package func readLog(offset: Int, length: Int) throws(ClientError) -> String {
        try string(call(ReadOnlyCall.readLog(offset: offset, length: length).call))
    }

    package func clearProcessLogs(_ name: String) throws(ClientError) {
        _ = try call(.clearProcessLogs, .string(name))
    }

    package func clearAllProcessLogs() throws(ClientError) -> [ProcessResult] {
        try list(call(.clearAllProcessLogs), ProcessResult.init)
    }

    /// bosund's CPU, memory and restarts of every process; nil from a daemon without them
    /// (supervisord).
    package func getAllProcessResources() throws(ClientError) -> [ProcessResources]? {
        do {
            return try list(call(XMLRPCCall(BosunMethod.getAllProcessResources, [])), ProcessResources.init)
        } catch .fault(let fault) where fault.code == Fault.unknownMethod.rawValue {
            return nil
        }
    }

    /// bosund's `bosun.rotateProcessLogs`; supervisord answers UNKNOWN_METHOD.
    package func rotateProcessLogs(_ name: String) throws(ClientError) {
        _ = try call(XMLRPCCall(BosunMethod.rotateProcessLogs, [.string(name)]))
    }

    package func rotateAllProcessLogs() throws(ClientError) -> [ProcessResult] {
        try list(call(XMLRPCCall(BosunMethod.rotateAllProcessLogs, [])), ProcessResult.init)
    }

    package func reloadConfig() throws(ClientError) -> ConfigChanges {
        try model(call(.reloadConfig), ConfigChanges.init)
    }

    package func addProcessGroup(_ name: String) throws(ClientError) {
        _ = try call(.addProcessGroup, .string(name))
    }

    package func removeProcessGroup(_ name: String) throws(ClientError) {
        _ = try call(.removeProcessGroup, .string(name))
    }

    package func sendProcessStdin(_ name: String, _ chars: String) throws(ClientError) {
        _ = try call(.sendProcessStdin, .string(name), .string(chars))
    }

    package func shutdown() throws(ClientError) { _ = try call(.shutdown) }

    package func restart() throws(ClientError) { _ = try call(.restart) }

    // MARK: - Decoding helpers

    private func string(_ value: XMLRPCValue) throws(ClientError) -> String {
        guard case .string(let text) = value else { throw .decoding("expected a string, got \(value)") }
        return text
    }

    private func int(_ value: XMLRPCValue) throws(ClientError) -> Int {
        guard case .int(let number) = value else { throw .decoding("expected an int, got \(value)") }
        return number
    }

    private func model<T>(_ value: XMLRPCValue, _ make: (XMLRPCValue) throws(APIDecodingError) -> T) throws(ClientError) -> T {
        do {
            return try make(value)
        } catch {
            throw .decoding(error.description)
        }
    }

    private func list<T>(_ value: XMLRPCValue, _ make: (XMLRPCValue) throws(APIDecodingError) -> T) throws(ClientError) -> [T] {
        guard case .array(let items) = value else { throw .decoding("expected an array, got \(value)") }
        var out: [T] = []
        out.reserveCapacity(items.count)
        for item in items { out.append(try model(item, make)) }
        return out
    }
}
