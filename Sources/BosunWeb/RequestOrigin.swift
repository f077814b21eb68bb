/// Whether a request that changes state comes from the daemon's own pages, by the headers
/// browsers set and pages cannot. `Sec-Fetch-Site` (every current browser) must say
/// `same-origin` (or `none`: typed by the user); it is the whole answer when present, so that a
/// reverse proxy that rewrites `Host` does not matter. Without it, a browser's `Origin` must
/// name the host the request went to. A client that sends neither (curl, a script) is not a
/// browser another site can steer. The page's token is checked in any case.
package enum RequestOrigin {
    package static func isSameOrigin(origin: String?, fetchSite: String?, host: String?) -> Bool {
        if let fetchSite { return fetchSite == "same-origin" || fetchSite == "none" }
        guard let origin else { return true }
        guard let host, !host.isEmpty else { return false }
        return origin == "http://" + host || origin == "https://" + host
    }
}
