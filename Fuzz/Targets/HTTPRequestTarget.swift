import ExtrasBase64
import NIOCore
import NIOEmbedded
import NIOHTTP1
import XMLRPC

/// bosund's HTTP path up to its request handler: NIO's server pipeline (as the daemon
/// configures it, with error handling) in an `EmbeddedChannel`, fed in two pieces split at a
/// position taken from the first byte. A stand-in handler does with each request what
/// `HTTPRequestHandler` does before it reaches the supervisor: caps the body, splits the path
/// from the query, decodes Basic credentials and decodes `/RPC2` bodies as a `<methodCall>`.
/// The daemon's handler itself is internal to BosunDaemon, so it is not called.
enum HTTPRequestTarget {
    static func run(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let stream = bytes.dropFirst()
        let cut = stream.startIndex + Int(first) % (stream.count + 1)
        let channel = EmbeddedChannel()
        let handler = RequestCollector()
        do {
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
            try channel.pipeline.syncOperations.addHandler(handler)
            // An EmbeddedChannel is inactive until connected, and inactive channels read nothing.
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9001)).wait()
        } catch {
            fuzzCheck(false, "pipeline setup failed: \(error)")
        }
        for piece in [stream[..<cut], stream[cut...]] where channel.isActive {
            var buffer = channel.allocator.buffer(capacity: piece.count)
            buffer.writeBytes(piece)
            do { try channel.writeInbound(buffer) } catch { break }
        }
        fuzzCheck(handler.requests <= bytes.count, "more requests than bytes")
        // Accepting a channel the handler already closed still runs the loop's pending tasks,
        // which break the channel's cycles (LeakSanitizer reports them otherwise).
        _ = try? channel.finish(acceptAlreadyClosed: true)
    }
}

/// Collects requests as the daemon's handler does and answers each, so that NIO's pipelining
/// handler lets the next one through.
private final class RequestCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    static let maxBodyBytes = 16 * 1024 * 1024
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var tooLarge = false
    private(set) var requests = 0

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = []
            tooLarge = false
        case .body(var buffer):
            if body.count + buffer.readableBytes > Self.maxBodyBytes {
                tooLarge = true
            } else if let bytes = buffer.readBytes(length: buffer.readableBytes) {
                body += bytes
            }
        case .end:
            guard let request = head else { return fuzzCheck(false, ".end without .head") }
            head = nil
            requests += 1
            inspect(request)
            let response = HTTPResponseHead(version: request.version, status: .ok, headers: ["Content-Length": "0"])
            context.write(wrapOutboundOut(.head(response)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            if !request.isKeepAlive { context.close(promise: nil) }
        }
    }

    private func inspect(_ request: HTTPRequestHead) {
        fuzzCheck(body.count <= Self.maxBodyBytes, "body beyond the cap")
        _ = request.uri.split(separator: "?", maxSplits: 1).first
        if let header = request.headers.first(name: "Authorization"), header.lowercased().hasPrefix("basic ") {
            _ = try? Base64.decode(string: String(header.dropFirst(6)))
        }
        guard !tooLarge, request.uri.hasPrefix("/RPC2") else { return }
        if let call = try? XMLRPCDecoder.decodeCall(body) {
            // What the daemon would answer with must itself decode.
            let echoed = XMLRPCEncoder.encode(.success(.array(call.params)))
            fuzzCheck((try? XMLRPCDecoder.decodeResponse(echoed)) != nil, "an echoed reply does not decode")
        }
    }
}
