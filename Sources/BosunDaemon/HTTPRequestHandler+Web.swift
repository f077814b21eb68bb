import BosunCore
import BosunWeb
import Glibc
import NIOCore
import NIOHTTP1

/// The web UI's routes (`WebRoute`): pages and assets to GET, actions to POST with the page's
/// token from the page's own origin, and the two streams (live rows, a followed log).
/// A GET never changes anything: supervisord's action links (`index.html?action=stop&...`)
/// show the action as a button to confirm.
extension HTTPRequestHandler {
    /// The most bytes an action's form may hold.
    static let maxFormBytes = 64 << 10

    func serveWeb(_ route: WebRoute, _ context: ChannelHandlerContext, _ request: HTTPRequestHead, _ body: [UInt8], _ supervisor: Supervisor) {
        let fields = FormFields(query: request.uri)
        switch (route, request.method) {
        case (.ok, _):
            respond(context, request, status: .ok, contentType: "text/html", body: Array("OK".utf8))
        case (.asset(let asset), .GET):
            var headers = Self.webHeaders
            let current = fields["v"] == asset.version
            headers.replaceOrAdd(name: "Cache-Control", value: current ? "private, max-age=31536000, immutable" : "no-cache")
            respond(context, request, status: .ok, contentType: asset.contentType, body: asset.body, extraHeaders: headers)
        case (.status, .GET):
            let asked = fields["action"].flatMap { WebAction(action: $0, name: fields["processname"]) }
            let confirm = asked.flatMap { $0.changesState ? $0 : nil }
            let message =
                switch asked {
                case .refresh?: WebAction.refresh.outcome([], time: LocalTime.ctime(supervisor.clock.now().wall)).message
                case .some: "A link does not change anything here; to do it, press:"
                case nil: fields["message"]
                }
            let page = WebInterface.statusPage(of: supervisor, token: runtime.webToken, message: message, confirm: confirm)
            respondPage(context, request, .ok, page.html())
        case (.status, .POST):
            serveAction(context, request, body, supervisor)
        case (.metrics, .GET):
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            runtime.metrics.scrape(runtime) { body in
                let (handler, context) = loopBound.value
                guard context.channel.isActive else { return }
                guard let body else { return handler.respondError(context, request, .serviceUnavailable) }
                handler.respond(context, request, status: .ok, contentType: "text/plain; version=0.0.4; charset=utf-8", body: body)
            }
        case (.tail, .GET):
            respondPage(context, request, .ok, WebInterface.tailPage(of: supervisor, fields).html())
        case (.events, .GET):
            startLivePage(context, request, since: request.headers.first(name: "Last-Event-ID").flatMap { Int($0) } ?? fields["since"].flatMap { Int($0) }, supervisor)
        case (.follow, .GET):
            let channel = TailPage.Channel(rawValue: fields["channel"] ?? "") ?? .stdout
            var info = stat()
            guard let process = supervisor.registry.lookup(fields["processname"] ?? "")?.process,
                let path = WebInterface.logPath(of: process, channel), stat(path, &info) == 0
            else {
                respondError(context, request, .notFound)
                return
            }
            let sameFile = fields["file"] == String(info.st_ino)
            let start = Self.followStart(asked: fields["offset"].flatMap { Int($0) } ?? 0, size: Int(info.st_size), sameFile: sameFile)
            var headers = Self.webHeaders
            headers.add(name: "X-Log-Start", value: String(start))
            headers.add(name: "X-Log-File", value: String(info.st_ino))
            startFollowing(context, request, path, offset: start, extraHeaders: headers, endsAtDiscontinuity: true)
        default:
            var headers = HTTPHeaders()
            headers.add(name: "Allow", value: route == .status ? "GET, POST" : "GET")
            respondError(context, request, .methodNotAllowed, extraHeaders: headers)
        }
    }

    /// Where a followed log starts: where the page asked, in the file it read (by inode); in
    /// another file (rotated meanwhile), or one now shorter (truncated), its last 64 KiB.
    static func followStart(asked: Int, size: Int, sameFile: Bool) -> Int {
        sameFile && asked <= size ? max(0, asked) : max(0, size - 64 << 10)
    }

    /// The security headers, and no caching: every page shows the daemon as it is now.
    static var webHeaders: HTTPHeaders {
        var headers = HTTPHeaders()
        for header in SecurityHeaders.all { headers.add(name: header.name, value: header.value) }
        headers.add(name: "Cache-Control", value: "no-store")
        return headers
    }

    private func respondPage(_ context: ChannelHandlerContext, _ request: HTTPRequestHead, _ status: HTTPResponseStatus, _ html: String) {
        respond(context, request, status: status, contentType: "text/html; charset=utf-8", body: Array(html.utf8), extraHeaders: Self.webHeaders)
    }

    /// An action: checked (form, origin, token, a known action) before anything is done. The
    /// page's script asks for `reply=fragment` (`ActionReply`); a plain form post is sent back
    /// to the page with the message (303), so a reload does not repeat it.
    private func serveAction(_ context: ChannelHandlerContext, _ request: HTTPRequestHead, _ body: [UInt8], _ supervisor: Supervisor) {
        let form = FormFields(String(decoding: body, as: UTF8.self))
        let fragment = form["reply"] == "fragment"
        func refuse(_ status: HTTPResponseStatus, _ why: String) {
            let page =
                fragment
                ? ActionReply.html(message: why, failed: true, rows: [], version: supervisor.changes.serial, epoch: supervisor.changes.epoch)
                : WebInterface.statusPage(of: supervisor, token: runtime.webToken, message: why, confirm: nil).html()
            respondPage(context, request, status, page)
        }
        let contentType = request.headers.first(name: "Content-Type") ?? ""
        guard contentType.lowercased().hasPrefix("application/x-www-form-urlencoded") else {
            return refuse(.unsupportedMediaType, "Nothing was done: an action is a form (application/x-www-form-urlencoded).")
        }
        guard body.count <= Self.maxFormBytes else {
            return refuse(.payloadTooLarge, "Nothing was done: the form is larger than \(Self.maxFormBytes) bytes.")
        }
        let sameOrigin = RequestOrigin.isSameOrigin(
            origin: request.headers.first(name: "Origin"), fetchSite: request.headers.first(name: "Sec-Fetch-Site"),
            host: request.headers.first(name: "Host"))
        guard sameOrigin, PasswordCheck.constantTimeEqual(Array((form["token"] ?? "").utf8), Array(runtime.webToken.utf8)) else {
            supervisor.mainLog.log(.warn, "web UI: refused an action without this daemon's page token or from another site")
            return refuse(
                .forbidden,
                "Nothing was done: the request did not come from this daemon's page, or the daemon restarted since the page was loaded. Reload the page.")
        }
        guard let action = form["do"].flatMap(WebAction.init(field:)) else {
            return refuse(.badRequest, "Nothing was done: no such action.")
        }
        guard runtime.webActionsInFlight < DaemonRuntime.maxWebActions else {
            return refuse(.serviceUnavailable, "Nothing was done: \(DaemonRuntime.maxWebActions) actions are still being carried out.")
        }
        runtime.webActionsInFlight += 1
        supervisor.mainLog.log(.info, "web UI: \(pythonRepr(action.title))")
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        // Carried out to the end even if the client goes (a phone's tab dropped mid-restart
        // must not leave the processes stopped); only the answer is then lost.
        WebInterface.run(action, on: supervisor) { outcome in
            let (handler, context) = loopBound.value
            handler.runtime.webActionsInFlight -= 1
            guard context.channel.isActive else { return }
            if fragment {
                let reply = ActionReply.html(
                    message: outcome.message, failed: outcome.failed, rows: outcome.rows, version: outcome.serial, epoch: outcome.epoch)
                handler.respondPage(context, request, .ok, reply)
            } else {
                var headers = Self.webHeaders
                headers.add(name: "Location", value: "index.html?message=" + PercentEncoding.encode(outcome.message))
                handler.respond(context, request, status: .seeOther, contentType: "text/plain", body: [], extraHeaders: headers)
            }
        }
        supervisor.step()
    }

    /// `/ui/events`: the status table's changes, as long as the client stays (or until the
    /// supervisor finishes; the browser then reconnects to the next one).
    private func startLivePage(_ context: ChannelHandlerContext, _ request: HTTPRequestHead, since: Int?, _ supervisor: Supervisor) {
        guard livePage == nil, runtime.budget.admit() else {
            respondError(context, request, .serviceUnavailable, close: true)
            return
        }
        var headers = Self.webHeaders
        headers.add(name: "Content-Type", value: "text/event-stream; charset=utf-8")
        guard startStream(context, request, headers) else {
            runtime.budget.release()
            return
        }
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let page = supervisor.live.follow(
            write: { text in
                let context = loopBound.value
                var buffer = context.channel.allocator.buffer(capacity: text.utf8.count)
                buffer.writeString(text)
                context.writeAndFlush(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))), promise: nil)
            },
            canWrite: { loopBound.value.channel.isWritable },
            end: {
                let context = loopBound.value
                let channel = context.channel
                context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil))).whenComplete { _ in channel.close(promise: nil) }
            })
        guard let page else {
            runtime.budget.release()
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            context.close(promise: nil)
            return
        }
        // Kept before the first write: a client gone meanwhile has its channelInactive during
        // that write, which must find the page to let it go.
        livePage = (supervisor.live, page)
        supervisor.live.greet(page, since: since)
    }

    /// Stops streaming to a live page, if this connection does, and gives its slot back.
    func stopLivePage() {
        guard let livePage else { return }
        livePage.feed.stopFollowing(livePage.page)
        self.livePage = nil
        runtime.budget.release()
    }
}
