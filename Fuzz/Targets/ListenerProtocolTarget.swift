import BosunCore

/// The event-listener READY/RESULT parser fed a listener's stdout in chunks whose size the
/// first byte picks. After each chunk, a READY listener is sent an event, as the supervisor
/// would. The signals must chain (each change starts where the last one ended) and must be the
/// same when every chunk is fed one byte at a time.
enum ListenerProtocolTarget {
    static func run(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let stream = Array(bytes.dropFirst())
        let chunkSize = Int(first % 32) + 1
        let chunks = stride(from: 0, to: stream.count, by: chunkSize).map {
            Array(stream[$0..<min($0 + chunkSize, stream.count)])
        }
        let whole = signals(chunks, byteByByte: false)
        let bytewise = signals(chunks, byteByByte: true)
        fuzzCheck(whole == bytewise, "signals depend on the split: \(whole) != \(bytewise)")
    }

    static func signals(_ chunks: [[UInt8]], byteByByte: Bool) -> [ListenerSignal] {
        var parser = ListenerProtocol()
        var all: [ListenerSignal] = []
        var state = parser.state
        func record(_ new: [ListenerSignal]) {
            for signal in new {
                if case .stateChanged(let from, let to) = signal {
                    fuzzCheck(from == state, "change from \(from) while \(state)")
                    state = to
                }
            }
            fuzzCheck(state == parser.state, "signals end in \(state), parser is \(parser.state)")
            all += new
        }
        for chunk in chunks {
            if byteByByte {
                for byte in chunk { record(parser.feed([byte])) }
            } else {
                record(parser.feed(chunk))
            }
            if parser.state == .ready { record(parser.sentEvent()) }
        }
        return all
    }
}
