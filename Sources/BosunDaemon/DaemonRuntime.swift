/// The supervisor currently serving requests, replaced on each restart (SIGHUP, `reload`),
/// and the budget all HTTP connections share across restarts. Confined to the event loop.
final class DaemonRuntime: @unchecked Sendable {
    var supervisor: Supervisor?
    let budget: ConnectionBudget

    init(budget: ConnectionBudget) { self.budget = budget }
}
