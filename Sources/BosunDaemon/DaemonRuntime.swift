/// The supervisor currently serving requests, replaced on each restart (SIGHUP, `reload`),
/// and what HTTP connections share across restarts: the budget, the web UI's token, and the
/// `/metrics` scrapes in progress.
/// Confined to the event loop.
final class DaemonRuntime: @unchecked Sendable {
    var supervisor: Supervisor?
    let budget: ConnectionBudget
    /// What every web UI action must carry (its pages hold it): 128 random bits, new each
    /// time the daemon starts, the same across its restarts so that open pages keep working.
    let webToken: String
    /// Web UI actions carried out now: each may outlive its client (it runs to the end), so
    /// their number is bounded apart from the connections'.
    var webActionsInFlight = 0
    static let maxWebActions = 64
    /// `/metrics` scrapes waiting on one read of `/proc`.
    let metrics = MetricsScrapes()

    init(budget: ConnectionBudget) {
        self.budget = budget
        var random = SystemRandomNumberGenerator()
        webToken = (0..<2).map { _ in
            let text = String(random.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }.joined()
    }
}
