/// Whether a request that changes state comes from the daemon's own pages, by the headers
/// browsers set and pages cannot. `Sec-Fetch-Site` must say `same-origin` (or `none`: typed by
/// the user); it is the whole answer when present. Browsers send it only to HTTPS and
/// localhost origins, so over plain HTTP elsewhere a browser's `Origin` must name the host the
/// request went to (a reverse proxy must keep `Host` then). A client that sends neither (curl,
/// a script) is not a browser another site can steer. The page's token is checked in any case.
package enum RequestOrigin {
    package static func isSameOrigin(origin: String?, fetchSite: String?, host: String?) -> Bool {
        if let fetchSite { return fetchSite == "same-origin" || fetchSite == "none" }
        guard let origin else { return true }
        guard let host, !host.isEmpty else { return false }
        return origin == "http://" + host || origin == "https://" + host
    }
}
