/// Whether a request that changes state comes from the daemon's own pages, by the headers
/// browsers set and pages cannot: `Origin` (on every POST a browser sends) must name the host
/// the request went to, and `Sec-Fetch-Site` must not say another site. A client that sends
/// neither (curl, a script) is not a browser that another site can steer; the page's token
/// is checked in any case.
package enum RequestOrigin {
    package static func isSameOrigin(origin: String?, fetchSite: String?, host: String?) -> Bool {
        if let fetchSite, fetchSite != "same-origin", fetchSite != "none" { return false }
        guard let origin else { return true }
        guard let host, !host.isEmpty else { return false }
        return origin == "http://" + host || origin == "https://" + host
    }
}
