import BosunConfig
import BosunCore
import BosunWeb
import ExtrasBase64
import Glibc
import NIOCore
import NIOHTTP1
import XMLRPC

/// Serves one HTTP connection: `/RPC2` (XML-RPC), `/logtail/NAME[/CHANNEL]` and `/mainlogtail`
/// (followed files, chunked), and the web UI (HTTPRequestHandler+Web); Basic auth on every
/// path when the server has credentials. Runs on the supervisor's loop, so it calls the
/// supervisor directly.
final class HTTPRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Requests larger than this get 413 and the connection is closed.
    static let maxBodyBytes = 16 * 1024 * 1024

    let runtime: DaemonRuntime
    private let server: HTTPServerConfig
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    /// Why the request being read will be refused (its body is dropped as it arrives).
    private var refusal: HTTPResponseStatus?
    /// Whether the runtime's budget admitted this connection.
    private var admitted = false
    /// A tail holds the log file open too: it takes a second slot of the budget while it runs.
    private var follower: FileFollower?
    /// A live status page this connection streams to, and the feed it follows (the
    /// supervisor's of the time); it takes a second slot of the budget as a tail does.
    var livePage: (feed: LiveFeed, page: LiveFeed.Page)?
    /// Drops the call this connection has held (`bosun.waitForChange`, a start or stop that
    /// waits for processes) when it closes first.
    var dropHeldCall: (() -> Void)?

    init(runtime: DaemonRuntime, server: HTTPServerConfig) {
        self.runtime = runtime
        self.server = server
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            releaseBody()
            // Credentials are checked before any body is kept, so that clients without them
            // cannot take the budget that bodies share.
            refusal = authorized(requestHead) ? nil : .unauthorized
        case .body(let buffer):
            guard refusal == nil else { return }
            let count = buffer.readableBytes
            if body.count + count > Self.maxBodyBytes {
                refusal = .payloadTooLarge
            } else if !runtime.budget.reserve(count) {
                refusal = .serviceUnavailable
            } else {
                body += buffer.readableBytesView
                return
            }
            releaseBody()
        case .end:
            guard let request = head else { return }
            head = nil
            if refusal == .unauthorized {
                var headers = HTTPHeaders()
                headers.add(name: "WWW-Authenticate", value: "Basic realm=\"default\"")
                respondError(context, request, .unauthorized, extraHeaders: headers)
                return
            }
            if let refusal {
                respondError(context, request, refusal, close: true)
                return
            }
            // Released before routing, so that a next request the pipeline hands over while
            // this one is answered starts with an empty body of its own.
            let requestBody = body
            releaseBody()
            route(context, request, requestBody)
        }
    }

    /// Drops the request body and gives its bytes back to the budget.
    private func releaseBody() {
        runtime.budget.free(body.count)
        body = []
    }

    func channelActive(context: ChannelHandlerContext) {
        guard runtime.budget.admit() else {
            if runtime.budget.noteRefusal() {
                runtime.supervisor?.mainLog.log(
                    .warn, "refusing connections to \(server.section): the daemon's \(runtime.budget.maxConnections) connection slots are taken")
            }
            context.close(promise: nil)
            return
        }
        admitted = true
        if let refused = runtime.budget.takeRefusals() {
            runtime.supervisor?.mainLog.log(.info, "accepting connections again after refusing \(refused)")
        }
        context.fireChannelActive()
    }

    /// A follower paused for a slow client resumes as soon as the client has drained.
    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            follower?.poll()
            if let livePage { livePage.feed.resume(livePage.page) }
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        dropHeldCall?()
        dropHeldCall = nil
        stopFollowing()
        stopLivePage()
        releaseBody()
        if admitted { runtime.budget.release() }
        admitted = false
        context.fireChannelInactive()
    }

    private func route(_ context: ChannelHandlerContext, _ request: HTTPRequestHead, _ body: [UInt8]) {
        let path = request.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? request.uri
        guard let supervisor = runtime.supervisor else {
            respondError(context, request, .serviceUnavailable)
            return
        }
        if path.hasPrefix("/RPC2") {
            guard request.method == .POST else {
                respondError(context, request, .badRequest)
                return
            }
            handleRPC(context, request, body, supervisor)
        } else if path.hasPrefix("/logtail") {
            guard request.method == .GET else {
                respondError(context, request, .badRequest)
                return
            }
            handleLogtail(context, request, path, supervisor)
        } else if path.hasPrefix("/mainlogtail") {
            let logfile = supervisor.config.supervisord.logfile
            guard access(logfile, F_OK) == 0 else {
                respondError(context, request, .notFound)
                return
            }
            startFollowing(context, request, logfile)
        } else if let route = WebRoute(path: PercentEncoding.decode(path)) {
            serveWeb(route, context, request, body, supervisor)
        } else {
            respondError(context, request, .notFound)
        }
    }

    private func authorized(_ request: HTTPRequestHead) -> Bool {
        guard let username = server.username, let password = server.password else { return true }
        guard let header = request.headers.first(name: "Authorization"),
            header.lowercased().hasPrefix("basic "),
            let decoded = try? Base64.decode(string: String(header.dropFirst(6)).trimmingCharacters(in: " "))
        else { return false }
        let credentials = String(decoding: decoded, as: UTF8.self)
        guard let colon = credentials.firstIndex(of: ":") else { return false }
        let givenUser = String(credentials[..<colon])
        let givenPassword = String(credentials[credentials.index(after: colon)...])
        let userMatches = PasswordCheck.constantTimeEqual(Array(givenUser.utf8), Array(username.utf8))
        return PasswordCheck.matches(given: givenPassword, configured: password) && userMatches
    }

    // MARK: XML-RPC

    private func handleRPC(_ context: ChannelHandlerContext, _ request: HTTPRequestHead, _ body: [UInt8], _ supervisor: Supervisor) {
        let call: XMLRPCCall
        do {
            call = try XMLRPCDecoder.decodeCall(body)
        } catch {
            supervisor.mainLog.log(.error, "XML-RPC request data \(pythonBytesRepr(body)) is invalid: unmarshallable")
            respondError(context, request, .badRequest)
            return
        }
        guard !call.methodName.isEmpty else {
            supervisor.mainLog.log(.error, "XML-RPC request data \(pythonBytesRepr(body)) is invalid: no method name")
            respondError(context, request, .badRequest)
            return
        }
        supervisor.mainLog.log(.trace, "XML-RPC method called: \(call.methodName)()")
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        dropHeldCall = RPCInterface.serve(call.methodName, call.params, on: supervisor) { response in
            let (handler, context) = loopBound.value
            handler.dropHeldCall = nil
            handler.respond(context, request, status: .ok, contentType: "text/xml", body: XMLRPCEncoder.encode(response))
        }
        supervisor.step()
    }

    // MARK: tails

    private func handleLogtail(_ context: ChannelHandlerContext, _ request: HTTPRequestHead, _ path: String, _ supervisor: Supervisor) {
        var rest = Substring(PercentEncoding.decode(path))
        while rest.first == "/" { rest = rest.dropFirst() }
        let parts = rest.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2 else {
            respondError(context, request, .notFound)
            return
        }
        let channel = parts.count > 2 ? parts[2] : "stdout"
        guard let process = supervisor.registry.lookup(parts[1])?.process else {
            respondError(context, request, .notFound)
            return
        }
        let logfile: (path: String?, config: ChannelConfig)? =
            switch channel {
            case "stdout": (process.stdoutLogPath, process.config.stdout)
            case "stderr": (process.stderrLogPath, process.config.stderr)
            default: nil
            }
        guard let logfile, let path = logfile.path, access(path, F_OK) == 0 else {
            respondError(context, request, .notFound)
            return
        }
        startFollowing(context, request, path, stamped: logfile.config.timestamps)
    }

    /// Streams `path` from byte `offset` on (the last 1024 bytes without one) and then whatever
    /// is appended, until the client goes; without line stamps when `stamped`.
    func startFollowing(
        _ context: ChannelHandlerContext, _ request: HTTPRequestHead, _ path: String, offset: Int? = nil, stamped: Bool = false,
        extraHeaders: HTTPHeaders = HTTPHeaders(), endsAtDiscontinuity: Bool = false
    ) {
        guard follower == nil, runtime.budget.admit() else {
            respondError(context, request, .serviceUnavailable, close: true)
            return
        }
        var headers = extraHeaders
        headers.add(name: "Content-Type", value: "text/plain;charset=utf-8")
        guard startStream(context, request, headers) else {
            runtime.budget.release()
            return
        }
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let start: FileFollower.Start = offset.map { .offset($0) } ?? .tail(1024)
        // Ending the answer makes the client reconnect, from the byte it counted to.
        let end: (() -> Void)? =
            endsAtDiscontinuity
            ? {
                let context = loopBound.value
                let channel = context.channel
                context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil))).whenComplete { _ in channel.close(promise: nil) }
            } : nil
        follower = FileFollower(
            path: path, start: start, stamped: stamped, loop: context.eventLoop, canSend: { loopBound.value.channel.isWritable }, onDiscontinuity: end
        ) { bytes in
            let context = loopBound.value
            var buffer = context.channel.allocator.buffer(capacity: bytes.count)
            buffer.writeBytes(bytes)
            context.writeAndFlush(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))), promise: nil)
        }
        follower?.start()
    }

    /// Stops the tail, if one runs, and gives its slot back.
    private func stopFollowing() {
        guard let follower else { return }
        follower.stop()
        self.follower = nil
        runtime.budget.release()
    }

    /// Sends the head of a chunked answer that lasts; false if the client went away meanwhile
    /// (and had its channelInactive already).
    func startStream(_ context: ChannelHandlerContext, _ request: HTTPRequestHead, _ headers: HTTPHeaders) -> Bool {
        var headers = headers
        headers.add(name: "X-Accel-Buffering", value: "no")
        headers.add(name: "Transfer-Encoding", value: "chunked")
        context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: .ok, headers: headers))), promise: nil)
        return context.channel.isActive
    }

    // MARK: responses

    func respond(
        _ context: ChannelHandlerContext, _ request: HTTPRequestHead, status: HTTPResponseStatus, contentType: String,
        body: [UInt8], extraHeaders: HTTPHeaders = HTTPHeaders(), close: Bool = false
    ) {
        let keepAlive = request.isKeepAlive && !close
        var headers = extraHeaders
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(body.count))
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: body.count)
        buffer.writeBytes(body)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }

    func respondError(
        _ context: ChannelHandlerContext, _ request: HTTPRequestHead, _ status: HTTPResponseStatus,
        extraHeaders: HTTPHeaders = HTTPHeaders(), close: Bool = false
    ) {
        let page = [
            "<head>", "<title>Error response</title>", "</head>", "<body>", "<h1>Error response</h1>",
            "<p>Error code \(status.code).", "<p>Message: \(status.reasonPhrase).", "</body>", "",
        ].joined(separator: "\r\n")
        respond(context, request, status: status, contentType: "text/html", body: Array(page.utf8), extraHeaders: extraHeaders, close: close)
    }
}
