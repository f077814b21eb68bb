/// An event listener's state (states.py `EventListenerStates`).
package enum ListenerState: Int, Sendable, Hashable {
    case ready = 10
    case busy = 20
    case acknowledged = 30
    case unknown = 40

    package var name: String {
        switch self {
        case .ready: "READY"
        case .busy: "BUSY"
        case .acknowledged: "ACKNOWLEDGED"
        case .unknown: "UNKNOWN"
        }
    }
}

/// What a listener's stdout meant, as the parser understood it.
package enum ListenerSignal: Sendable, Hashable {
    case stateChanged(from: ListenerState, to: ListenerState)
    /// A complete `RESULT n\nbody`; the body is `OK` for a processed event.
    case result([UInt8])
    /// A result line whose length is not a number or is past the bound, or a line still
    /// without its newline after 4 KiB; the listener is now UNKNOWN.
    case badResultLine([UInt8])
}

/// The listener side of supervisor's event protocol (dispatchers.py
/// `PEventListenerDispatcher`): `READY\n` while ACKNOWLEDGED, `RESULT n\n` plus n bytes while
/// BUSY, anything else a protocol violation that leaves the listener UNKNOWN for good.
///
/// Invariant: the parser's verdicts do not depend on how the stream is split into chunks.
package struct ListenerProtocol: Sendable {
    package private(set) var state: ListenerState = .acknowledged
    private var buffer: [UInt8] = []
    private var resultLength: Int? = nil
    private var result: [UInt8] = []

    static let ready = Array("READY\n".utf8)
    static let resultPrefixLength = "RESULT ".utf8.count
    /// How long a result line may run without its newline, and the largest result body; past
    /// either the listener has broken the protocol (supervisord buffers without bound), so a
    /// listener cannot grow the daemon's memory.
    static let maxResultLine = 4096
    static let maxResultBody = 1 << 20

    package init() {}

    /// The supervisor sent an event: the listener is BUSY until its result.
    package mutating func sentEvent() -> [ListenerSignal] {
        change(to: .busy)
    }

    /// Consumes bytes the listener wrote on stdout.
    package mutating func feed(_ bytes: some Collection<UInt8>) -> [ListenerSignal] {
        buffer += bytes
        var signals: [ListenerSignal] = []
        while !buffer.isEmpty {
            switch state {
            case .unknown:
                buffer = []
            case .acknowledged:
                guard buffer.count >= Self.ready.count else { return signals }
                if buffer.starts(with: Self.ready) {
                    buffer.removeFirst(Self.ready.count)
                    signals += change(to: .ready)
                } else {
                    buffer = []
                    signals += change(to: .unknown)
                }
            case .ready:
                buffer = []
                signals += change(to: .unknown)
            case .busy:
                if resultLength == nil {
                    guard let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) else {
                        guard buffer.count > Self.maxResultLine else { return signals }
                        let line = Array(buffer.prefix(Self.maxResultLine))
                        buffer = []
                        signals += change(to: .unknown)
                        signals.append(.badResultLine(line))
                        return signals
                    }
                    let line = Array(buffer[..<newline])
                    buffer.removeSubrange(...newline)
                    guard let length = pythonInt(String(decoding: line.dropFirst(Self.resultPrefixLength), as: UTF8.self)),
                        length >= 0, length <= Self.maxResultBody
                    else {
                        buffer = []
                        signals += change(to: .unknown)
                        signals.append(.badResultLine(line))
                        return signals
                    }
                    resultLength = length
                }
                guard let length = resultLength else { return signals }
                let taken = min(length - result.count, buffer.count)
                result += buffer.prefix(taken)
                buffer.removeFirst(taken)
                if result.count == length {
                    signals.append(.result(result))
                    result = []
                    resultLength = nil
                    signals += change(to: .acknowledged)
                } else {
                    return signals
                }
            }
        }
        return signals
    }

    /// The supervisor decided the result made the listener UNKNOWN (an error in handling it).
    package mutating func markUnknown() -> [ListenerSignal] { change(to: .unknown) }

    private mutating func change(to newState: ListenerState) -> [ListenerSignal] {
        let old = state
        state = newState
        return [.stateChanged(from: old, to: newState)]
    }
}
