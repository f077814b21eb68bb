/// A failure below XML-RPC: the socket, or the HTTP exchange.
package enum TransportError: Error, Sendable, Hashable {
    /// A system call failed; `errno` as the kernel gave it.
    case system(call: String, errno: Int32)
    /// Name resolution failed; `code` is getaddrinfo's (negative) error code.
    case resolve(host: String, code: Int32)
    /// The server answered with a status other than 200.
    case httpStatus(code: Int, reason: String)
    /// The server closed the connection or sent something that is not HTTP.
    case badResponse(String)
    /// The user pressed Ctrl-C while the call was blocked.
    case interrupted
}
