/// The `/metrics` scrapes waiting for one read of `/proc`: the first starts the read (off the
/// loop, `World.readProcessTable`), later ones join it; once it is read the figures are
/// rendered once, from the supervisor of that moment, and every waiting scrape gets the same
/// bytes (nil when no supervisor runs). So scrapers that come together cost one read and one
/// render. Confined to the event loop.
final class MetricsScrapes {
    private var waiting: [([UInt8]?) -> Void]?

    func scrape(_ runtime: DaemonRuntime, reply: @escaping ([UInt8]?) -> Void) {
        if waiting != nil {
            waiting?.append(reply)
            return
        }
        guard let world = runtime.supervisor?.world else { return reply(nil) }
        waiting = [reply]
        world.readProcessTable { [self] table in
            let readers = waiting ?? []
            waiting = nil
            let body = runtime.supervisor.map { Array(MetricsExposition.render($0, table: table, connections: runtime.budget.connections).utf8) }
            for reader in readers { reader(body) }
        }
    }
}
