import BosunCore
import BosunWeb

/// The status pages that follow the table live (`/ui/events`): each is sent the rows that
/// changed, as server-sent events, at once and then at most every `interval`.
///
/// A change schedules one flush: on the loop's next turn, or `interval` after the last flush
/// if that was sooner, so a burst of changes costs one flush per interval. The interval is ten
/// times what the last flush took (10 ms at least, a second at most): live pages take at most
/// about a tenth of the loop, however large the table. A flush renders the table once for all
/// pages and sends each the rows that differ from what it was last sent (`LiveTable`). A page
/// whose connection cannot take more (a client that stopped reading) is skipped and keeps
/// what it was sent: once it drains, `resume` sends it what changed meanwhile, so a slow page
/// costs at most one flush beyond the connection's buffer. Every `keepAliveInterval` idle
/// pages get a comment.
///
/// Invariants: at most `maxPages` pages (so slow pages hold at most `maxPages` tables beyond
/// their connections' buffers); one flush and one keep-alive timer at most; after `closeAll`
/// nothing is sent. Confined to the supervisor's loop.
final class LiveFeed {
    static let maxPages = 64
    static let shortestInterval = 0.01
    static let longestInterval = 1.0
    static let keepAliveInterval = 15.0

    /// One page's stream.
    final class Page {
        fileprivate var shown: LiveTable
        fileprivate var mood: String
        /// A flush skipped it (its connection was full): `resume` owes it what changed.
        fileprivate var behind = false
        fileprivate let write: (String) -> Void
        fileprivate let canWrite: () -> Bool
        fileprivate let end: () -> Void

        fileprivate init(shown: LiveTable, mood: String, write: @escaping (String) -> Void, canWrite: @escaping () -> Bool, end: @escaping () -> Void) {
            self.shown = shown
            self.mood = mood
            self.write = write
            self.canWrite = canWrite
            self.end = end
        }
    }

    /// What a flush shows: the table, the supervisor's mood, the change serial and its epoch.
    struct Snapshot {
        var table: StatusTable
        var mood: String
        var serial: Int
        var epoch: Int
    }

    private let world: any World
    /// Reads the supervisor (set by it once it is made).
    var snapshot: () -> Snapshot = { Snapshot(table: StatusTable([]), mood: "", serial: 0, epoch: 0) }
    private var pages: [Page] = []
    private var flush: (any ScheduledWork)?
    /// When the last flush ran (monotonic seconds), and the least time until the next one.
    private var lastFlush = -Double.infinity
    private var interval = LiveFeed.shortestInterval
    private var keepAlive: (any ScheduledWork)?
    private var closed = false

    init(world: any World) { self.world = world }

    var count: Int { pages.count }

    /// A page follows the table from now on (nothing is written yet: `greet` does); nil when
    /// `maxPages` follow already.
    func follow(write: @escaping (String) -> Void, canWrite: @escaping () -> Bool, end: @escaping () -> Void) -> Page? {
        guard !closed, pages.count < Self.maxPages else { return nil }
        let page = Page(shown: LiveTable(showing: nil), mood: "", write: write, canWrite: canWrite, end: end)
        pages.append(page)
        armKeepAlive()
        return page
    }

    /// Sends a page that showed the table at change serial `since` the supervisor's epoch and
    /// mood, and the whole table if it missed changes.
    func greet(_ page: Page, since: Int?) {
        let now = snapshot()
        page.mood = now.mood
        if since == now.serial { page.shown = LiveTable(showing: now.table) }
        page.write(
            "retry: 2000\n\n" + EventStreamMessage.format(event: "epoch", data: String(now.epoch))
                + EventStreamMessage.format(event: "mood", data: now.mood))
        guard pages.contains(where: { $0 === page }) else { return }
        send(now, to: page)
    }

    func stopFollowing(_ page: Page) {
        pages.removeAll { $0 === page }
        if pages.isEmpty {
            keepAlive?.cancel()
            keepAlive = nil
        }
    }

    /// Something changed: the pages hear of it on the next turn, or once `interval` has passed
    /// since the last flush.
    func changed() {
        guard flush == nil, !pages.isEmpty, !closed else { return }
        let delay = max(0, lastFlush + interval - world.clock.now().monotonic)
        flush = world.schedule(after: delay) { [weak self] in
            guard let self else { return }
            flush = nil
            guard !pages.isEmpty else { return }
            lastFlush = world.clock.now().monotonic
            let now = snapshot()
            for page in pages {
                if page.canWrite() { send(now, to: page) } else { page.behind = true }
            }
            let took = world.clock.now().monotonic - lastFlush
            interval = min(Self.longestInterval, max(Self.shortestInterval, took * 10))
        }
    }

    /// A page's connection drained: if a flush skipped it, it is sent what changed while it
    /// could not take more.
    func resume(_ page: Page) {
        guard !closed, page.behind, pages.contains(where: { $0 === page }) else { return }
        send(snapshot(), to: page)
    }

    /// Ends every page's stream (the supervisor finished; a browser reconnects to the next).
    func closeAll() {
        closed = true
        flush?.cancel()
        flush = nil
        keepAlive?.cancel()
        keepAlive = nil
        let ending = pages
        pages = []
        for page in ending { page.end() }
    }

    private func send(_ now: Snapshot, to page: Page) {
        page.behind = false
        var message = ""
        if now.mood != page.mood {
            page.mood = now.mood
            message += EventStreamMessage.format(event: "mood", data: now.mood)
        }
        switch page.shown.update(to: now.table) {
        case .none: break
        case .table: message += EventStreamMessage.format(event: "table", id: now.serial, data: now.table.html(version: now.serial))
        case .rows(let indices):
            let rows = indices.map { now.table.rows[$0].html(version: now.serial) }.joined()
            message += EventStreamMessage.format(event: "rows", id: now.serial, data: rows)
        }
        if !message.isEmpty { page.write(message) }
    }

    private func armKeepAlive() {
        guard keepAlive == nil else { return }
        keepAlive = world.schedule(after: Self.keepAliveInterval) { [weak self] in
            guard let self else { return }
            keepAlive = nil
            guard !pages.isEmpty, !closed else { return }
            for page in pages where page.canWrite() { page.write(EventStreamMessage.keepAlive) }
            armKeepAlive()
        }
    }
}
