/// The web UI's paths, matched as supervisord matches its views: leading slashes dropped,
/// and nothing left is `index.html`.
package enum WebRoute: Sendable, Equatable {
    /// `/`, `/index.html`: the status page (GET), its actions (POST).
    case status
    /// `/tail.html?processname=X`.
    case tail
    /// `/ok.html`: `OK`, to any method.
    case ok
    /// `/ui/bosun.js`, `/ui/bosun.css`.
    case asset(WebAsset)
    /// `/ui/events`: the status table's changes as server-sent events.
    case events
    /// `/ui/follow?processname=X&channel=C&offset=N`: a log from byte N on, as it grows.
    case follow
    /// `/metrics`: the Prometheus text format.
    case metrics

    /// The route of a request path (the target without its query), nil for any other path.
    package init?(path: String) {
        let trimmed = path.drop { $0 == "/" }
        switch trimmed {
        case "", "index.html": self = .status
        case "tail.html": self = .tail
        case "ok.html": self = .ok
        case "ui/events": self = .events
        case "ui/follow": self = .follow
        case "metrics": self = .metrics
        default:
            guard let asset = WebAsset.named("/" + trimmed) else { return nil }
            self = .asset(asset)
        }
    }

    package static func == (lhs: WebRoute, rhs: WebRoute) -> Bool {
        switch (lhs, rhs) {
        case (.status, .status), (.tail, .tail), (.ok, .ok), (.events, .events), (.follow, .follow), (.metrics, .metrics): true
        case (.asset(let left), .asset(let right)): left.path == right.path
        default: false
        }
    }
}
