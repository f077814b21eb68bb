import ExtrasBase64
import Glibc
import Synchronization

/// A blocking HTTP/1.1 client connection over a unix or TCP socket, kept alive between requests.
///
/// Blocking sockets rather than SwiftNIO: the shell is run once a minute from cron, and a whole
/// one-shot call costs ~3.5 ms this way against 7-10 ms with an event loop (docs/architecture.md).
///
/// Invariant: `fd >= 0` exactly while a connection is open; any error closes it, and the next
/// request reconnects.
package final class HTTPConnection {
    package let url: ServerURL
    package var credentials: (username: String, password: String)?
    /// The longest a connect, a send or a wait for the next bytes of an answer may take, in
    /// seconds (a fleet's hosts); nil: as long as the kernel allows.
    package var timeout: Double?
    private var fd: Int32 = -1 {
        didSet { abortableFD.store(fd, ordering: .relaxed) }
    }
    /// A copy of `fd` that another thread may read, to `abort()` a blocked stream.
    private let abortableFD = Atomic<Int32>(-1)
    private var reader = ByteReader()

    /// A response to `POST`: status line and body.
    package struct Response {
        package var status: Int
        package var reason: String
        package var body: [UInt8]
    }

    package init(url: ServerURL, credentials: (username: String, password: String)? = nil) {
        self.url = url
        self.credentials = credentials
    }

    deinit { close() }

    /// Wakes a `stream` blocked in another thread: its next read sees end of stream.
    package func abort() {
        let socket = abortableFD.load(ordering: .relaxed)
        if socket >= 0 { Glibc.shutdown(socket, Int32(SHUT_RDWR)) }
    }

    package func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
        reader = ByteReader()
    }

    /// Sends `POST path` with `body` and reads the whole response.
    package func post(_ path: String, body: [UInt8], contentType: String = "text/xml") throws(TransportError) -> Response {
        do {
            try ensureConnected()
            var head = requestHead("POST", path)
            head += "Content-Type: \(contentType)\r\nAccept: text/xml\r\nContent-Length: \(body.count)\r\n\r\n"
            try send(Array(head.utf8) + body)
            let (status, reason, headers) = try readHead()
            var bodyBytes: [UInt8] = []
            try readBody(headers: headers) { bodyBytes.append(contentsOf: $0); return true }
            if headers["connection"]?.lowercased() == "close" { close() }
            return Response(status: status, reason: reason, body: bodyBytes)
        } catch {
            close()
            throw error
        }
    }

    /// Sends `GET path` on a fresh connection and hands each body chunk to `onData` until the
    /// server ends the response or `onData` returns false. A non-200 status throws.
    package func stream(_ path: String, onData: ([UInt8]) -> Bool) throws(TransportError) {
        close()
        defer { close() }
        try ensureConnected()
        try send(Array((requestHead("GET", path) + "Accept: */*\r\n\r\n").utf8))
        let (status, reason, headers) = try readHead()
        guard status == 200 else { throw .httpStatus(code: status, reason: reason) }
        var keepGoing = true
        try readBody(headers: headers) { chunk in
            if keepGoing { keepGoing = onData(chunk) }
            return keepGoing
        }
    }

    private func requestHead(_ method: String, _ path: String) -> String {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(url.hostHeader)\r\nUser-Agent: bosun\r\n"
        if let (username, password) = credentials {
            let token = Base64.encodeToString(bytes: Array("\(username):\(password)".utf8))
            head += "Authorization: Basic \(token)\r\n"
        }
        return head
    }

    // MARK: - Socket

    private func ensureConnected() throws(TransportError) {
        guard fd < 0 else { return }
        switch url {
        case .unix(let path): fd = try Self.connectUnix(path, timeout: timeout)
        case .http(let host, let port): fd = try Self.connectTCP(host, port, timeout: timeout)
        }
        reader = ByteReader()
    }

    /// Bounds a socket's sends and receives, and on Linux its connect, by `timeout`; a call
    /// that runs out fails with EAGAIN (EINPROGRESS for a connect).
    private static func limit(_ fd: Int32, _ timeout: Double?) {
        guard let timeout, timeout > 0 else { return }
        var value = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    private static func connectUnix(_ path: String, timeout: Double?) throws(TransportError) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .system(call: "socket", errno: errno) }
        limit(fd, timeout)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else {
            Glibc.close(fd)
            throw .system(call: "connect", errno: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(fd)
            throw .system(call: "connect", errno: code)
        }
        return fd
    }

    private static func connectTCP(_ host: String, _ port: Int, timeout: Double?) throws(TransportError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>? = nil
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0 else { throw .resolve(host: host, code: status) }
        defer { freeaddrinfo(list) }
        var lastError: Int32 = ECONNREFUSED
        var cursor = list
        while let info = cursor {
            cursor = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), info.pointee.ai_protocol)
            guard fd >= 0 else {
                lastError = errno
                continue
            }
            limit(fd, timeout)
            if connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 {
                var one: Int32 = 1
                setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                return fd
            }
            lastError = errno
            Glibc.close(fd)
        }
        throw .system(call: "connect", errno: lastError)
    }

    private func send(_ bytes: [UInt8]) throws(TransportError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw .system(call: "send", errno: errno)
            }
            offset += written
        }
    }

    /// Reads more bytes into the reader; false at end of stream.
    private func fill() throws(TransportError) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EINTR {
                    if Interrupt.isPending { throw .interrupted }
                    continue
                }
                throw .system(call: "recv", errno: errno)
            }
            if count == 0 { return false }
            reader.append(chunk[0..<count])
            return true
        }
    }

    private func readLine() throws(TransportError) -> String {
        while true {
            if let line = reader.takeLine() { return line }
            guard try fill() else { throw .badResponse("connection closed by the server") }
        }
    }

    private func readHead() throws(TransportError) -> (Int, String, [String: String]) {
        let statusLine = try readLine()
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else {
            throw .badResponse("bad status line \(statusLine)")
        }
        let reason = parts.count > 2 ? String(parts[2]) : ""
        var headers: [String: String] = [:]
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingSpaces()
            headers[name] = value
        }
        return (status, reason, headers)
    }

    /// Reads a body framed by `Transfer-Encoding: chunked`, `Content-Length`, or end of stream.
    private func readBody(headers: [String: String], _ onData: ([UInt8]) -> Bool) throws(TransportError) {
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            while true {
                let sizeLine = try readLine()
                let hex = sizeLine.split(separator: ";").first.map { String($0).trimmingSpaces() } ?? ""
                guard let size = Int(hex, radix: 16), size >= 0 else { throw .badResponse("bad chunk size \(sizeLine)") }
                if size == 0 {
                    while try !readLine().isEmpty {}
                    return
                }
                var remaining = size
                while remaining > 0 {
                    if reader.isEmpty { guard try fill() else { throw .badResponse("connection closed mid-chunk") } }
                    let piece = reader.take(upTo: remaining)
                    remaining -= piece.count
                    if !onData(piece) { return }
                }
                _ = try readLine()
            }
        } else if let lengthText = headers["content-length"], let length = Int(lengthText) {
            var remaining = length
            while remaining > 0 {
                if reader.isEmpty { guard try fill() else { throw .badResponse("connection closed mid-body") } }
                let piece = reader.take(upTo: remaining)
                remaining -= piece.count
                if !onData(piece) { return }
            }
        } else {
            while true {
                if !reader.isEmpty, !onData(reader.take(upTo: Int.max)) { return }
                guard try fill() else { return }
            }
        }
    }
}

/// Bytes received and not yet consumed.
struct ByteReader {
    private var bytes: [UInt8] = []
    private var start = 0

    var isEmpty: Bool { start >= bytes.count }

    mutating func append(_ more: ArraySlice<UInt8>) {
        if start > 0 && start == bytes.count {
            bytes.removeAll(keepingCapacity: true)
            start = 0
        }
        bytes.append(contentsOf: more)
    }

    /// A CRLF- or LF-terminated line without its terminator, or nil if none is complete.
    mutating func takeLine() -> String? {
        guard let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        var end = newline
        if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let line = String(decoding: bytes[start..<end], as: UTF8.self)
        start = newline + 1
        return line
    }

    mutating func take(upTo count: Int) -> [UInt8] {
        let end = start + min(count, bytes.count - start)
        let piece = Array(bytes[start..<end])
        start = end
        return piece
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice.removeLast() }
        return String(slice)
    }
}
