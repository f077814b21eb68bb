/// Where the daemon listens: `unix:///path` or `http://host[:port]`.
package enum ServerURL: Sendable, Hashable {
    case unix(path: String)
    case http(host: String, port: Int)

    /// Parses a server URL as supervisor's transport does; nil for any other scheme.
    package init?(_ text: String) {
        if text.hasPrefix("unix://") {
            self = .unix(path: String(text.dropFirst(7)))
        } else if text.hasPrefix("http://") {
            var authority = Substring(text.dropFirst(7))
            if let slash = authority.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) {
                authority = authority[..<slash]
            }
            if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
            var host = String(authority)
            var port = 80
            if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
                host = String(authority[authority.index(after: authority.startIndex)..<close])
                let rest = authority[authority.index(after: close)...]
                if rest.hasPrefix(":"), let number = Int(rest.dropFirst()) { port = number }
            } else if let colon = authority.lastIndex(of: ":") {
                host = String(authority[..<colon])
                guard let number = Int(authority[authority.index(after: colon)...]) else { return nil }
                port = number
            }
            self = .http(host: host.lowercased(), port: port)
        } else {
            return nil
        }
    }

    /// The `Host:` header value: supervisor sends `localhost` over unix sockets.
    var hostHeader: String {
        switch self {
        case .unix: return "localhost"
        case .http(let host, let port): return port == 80 ? host : "\(host):\(port)"
        }
    }
}
