import BosunConfig
import Glibc

/// Creates the HTTP servers' listening sockets with plain system calls, before the daemon
/// detaches, so a port in use is reported on the terminal; NIO takes them over afterwards.
enum ListeningSocket {
    enum Failure: Error {
        case inUse
        case system(SystemError)
    }

    /// A bound, listening socket for `address`. A unix socket file left by a dead daemon is
    /// removed; one that still answers is `inUse`.
    static func open(_ address: HTTPServerConfig.Address, backlog: Int32 = 128) throws(Failure) -> Int32 {
        switch address {
        case .unix(let path, let mode, let uid, let gid):
            if access(path, F_OK) == 0 {
                if answers(path) { throw .inUse }
                unlink(path)
            }
            let fd = try make(AF_UNIX)
            var socketAddress = try unixAddress(path)
            let bound = withUnsafePointer(to: &socketAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            try check(bound, fd, "bind")
            chmod(path, mode_t(mode & 0o7777))
            if uid != -1 || gid != -1 { chown(path, uid_t(bitPattern: uid), gid_t(bitPattern: gid)) }
            try check(listen(fd, backlog), fd, "listen")
            return fd
        case .inet(let host, let port):
            var socketAddress = sockaddr_in()
            socketAddress.sin_family = sa_family_t(AF_INET)
            socketAddress.sin_port = in_port_t(UInt16(port).bigEndian)
            socketAddress.sin_addr.s_addr = try ipv4(host)
            let fd = try make(AF_INET)
            var yes: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
            let bound = withUnsafePointer(to: &socketAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            try check(bound, fd, "bind")
            try check(listen(fd, backlog), fd, "listen")
            return fd
        }
    }

    private static func make(_ family: Int32) throws(Failure) -> Int32 {
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .system(SystemError(call: "socket", code: errno)) }
        return fd
    }

    private static func check(_ result: Int32, _ fd: Int32, _ call: String) throws(Failure) {
        guard result != 0 else { return }
        let code = errno
        close(fd)
        if code == EADDRINUSE { throw .inUse }
        throw .system(SystemError(call: call, code: code))
    }

    private static func unixAddress(_ path: String) throws(Failure) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw .system(SystemError(call: "bind", code: ENAMETOOLONG)) }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        return address
    }

    /// Whether something accepts connections on the unix socket at `path`.
    private static func answers(_ path: String) -> Bool {
        guard let fd = try? make(AF_UNIX), var address = try? unixAddress(path) else { return false }
        defer { close(fd) }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        return result == 0
    }

    /// Whether `host` names a loopback address (127.0.0.0/8); empty (every interface) or a
    /// name that does not resolve is not loopback.
    static func isLoopback(_ host: String) -> Bool {
        guard !host.isEmpty, let address = try? ipv4(host) else { return false }
        return UInt32(bigEndian: address) >> 24 == 127
    }

    /// The IPv4 address of `host` (empty: every interface).
    private static func ipv4(_ host: String) throws(Failure) -> in_addr_t {
        guard !host.isEmpty else { return in_addr_t(0) }
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>? = nil
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else {
            throw .system(SystemError(call: "getaddrinfo", code: EADDRNOTAVAIL))
        }
        defer { freeaddrinfo(result) }
        return first.pointee.ai_addr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
    }
}
