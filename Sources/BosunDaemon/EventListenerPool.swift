import BosunConfig
import BosunCore

/// One event waiting for or on its way to listeners: its type, payload and serials.
final class QueuedEvent {
    let type: EventType
    let payload: [UInt8]
    /// The global serial, given when the first pool accepts the event.
    var serial: Int?
    /// Each accepting pool's own serial.
    var poolSerials: [String: Int] = [:]

    init(type: EventType, payload: [UInt8]) {
        self.type = type
        self.payload = payload
    }
}

/// An `[eventlistener:x]` pool at run time (process.py `EventListenerPool`): a FIFO of at
/// most `buffer_size` events (the oldest dropped on overflow) dispatched one at a time to the
/// first RUNNING listener that is READY.
///
/// Confined to the supervisor's event loop.
final class EventListenerPool {
    let name: String
    let config: EventListenerPool.Settings
    private(set) var buffer: [QueuedEvent] = []
    private var poolSerial = -1
    private let subscriptions: [EventType]

    struct Settings {
        var bufferSize: Int
        var events: [String]
        /// `len_unit=characters`: `len:` counts characters rather than bytes.
        var lengthInCharacters: Bool
    }

    init(name: String, config: Settings) {
        self.name = name
        self.config = config
        self.subscriptions = config.events.compactMap(EventType.init(rawValue:))
    }

    func subscribes(to type: EventType) -> Bool { subscriptions.contains { type.isDelivered(to: $0) } }

    /// `_acceptEvent`: buffers `event` (at the head when re-buffered after a rejection).
    /// Returns the serial of an event discarded to make room.
    @discardableResult
    func accept(_ event: QueuedEvent, head: Bool = false, serials: inout Int, log: MainLog? = nil) -> Int? {
        if event.serial == nil { event.serial = Self.next(&serials) }
        if event.poolSerials[name] == nil {
            event.poolSerials[name] = Self.next(&poolSerial)
        } else {
            log?.log(.debug, "rebuffering event \(event.serial!) for pool \(name) (buf size=\(buffer.count), max=\(config.bufferSize))")
        }
        var discarded: Int? = nil
        if buffer.count >= config.bufferSize, !buffer.isEmpty {
            discarded = buffer.removeFirst().serial
            log?.log(.error, "pool \(name) event buffer overflowed, discarding event \(discarded!)")
        }
        if head { buffer.insert(event, at: 0) } else { buffer.append(event) }
        return discarded
    }

    func takeFirst() -> QueuedEvent? { buffer.isEmpty ? nil : buffer.removeFirst() }

    func putBack(_ event: QueuedEvent) { buffer.insert(event, at: 0) }

    /// `new_serial`: counts from 0 and wraps at Int.max.
    static func next(_ serial: inout Int) -> Int {
        serial = serial == Int.max ? 0 : serial + 1
        return serial
    }
}
