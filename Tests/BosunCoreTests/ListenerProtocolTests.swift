import BosunCore
import Testing

/// The listener protocol parser gives the same verdicts however its input is split.
@Suite struct ListenerProtocolTests {
    /// Feeds `text` split at `cut` and returns the signals.
    func feed(_ parser: inout ListenerProtocol, _ text: String, cut: Int) -> [ListenerSignal] {
        let bytes = Array(text.utf8)
        return parser.feed(bytes.prefix(cut)) + parser.feed(bytes.dropFirst(cut))
    }

    @Test func readyAtEverySplit() {
        for cut in 0...6 {
            var parser = ListenerProtocol()
            #expect(feed(&parser, "READY\n", cut: cut) == [.stateChanged(from: .acknowledged, to: .ready)])
        }
    }

    /// `childutils` writes the result and the next READY in one go: both are understood.
    @Test func resultThenReadyAtEverySplit() {
        let text = "RESULT 2\nOKREADY\n"
        for cut in 0...text.utf8.count {
            var parser = ListenerProtocol()
            _ = parser.feed(Array("READY\n".utf8))
            _ = parser.sentEvent()
            let signals = feed(&parser, text, cut: cut)
            #expect(
                signals == [
                    .result(Array("OK".utf8)), .stateChanged(from: .busy, to: .acknowledged),
                    .stateChanged(from: .acknowledged, to: .ready),
                ], "cut at \(cut)")
            #expect(parser.state == .ready)
        }
    }

    @Test func rejectionBodyAtEverySplit() {
        let text = "RESULT 4\nFAIL"
        for cut in 0...text.utf8.count {
            var parser = ListenerProtocol()
            _ = parser.feed(Array("READY\n".utf8))
            _ = parser.sentEvent()
            #expect(feed(&parser, text, cut: cut).first == .result(Array("FAIL".utf8)))
            #expect(parser.state == .acknowledged)
        }
    }

    @Test func garbageMakesTheListenerUnknownForGood() {
        var parser = ListenerProtocol()
        #expect(parser.feed(Array("HELLO!\n".utf8)) == [.stateChanged(from: .acknowledged, to: .unknown)])
        #expect(parser.feed(Array("READY\n".utf8)).isEmpty)
        #expect(parser.state == .unknown)
    }

    @Test func bytesWhileReadyAreAViolation() {
        var parser = ListenerProtocol()
        #expect(parser.feed(Array("READY\nREADY\n".utf8)) == [
            .stateChanged(from: .acknowledged, to: .ready), .stateChanged(from: .ready, to: .unknown),
        ])
    }

    @Test func badResultLine() {
        var parser = ListenerProtocol()
        _ = parser.feed(Array("READY\n".utf8))
        _ = parser.sentEvent()
        #expect(parser.feed(Array("RESULT two\nOK".utf8)) == [
            .stateChanged(from: .busy, to: .unknown), .badResultLine(Array("RESULT two".utf8)),
        ])
    }

    @Test func shortInputWaitsForMore() {
        var parser = ListenerProtocol()
        #expect(parser.feed(Array("REA".utf8)).isEmpty)
        #expect(parser.state == .acknowledged)
        _ = parser.feed(Array("DY\n".utf8))
        _ = parser.sentEvent()
        #expect(parser.feed(Array("RESULT 10\nOK".utf8)).isEmpty, "the body is not complete")
        #expect(parser.state == .busy)
    }

    @Test func envelopeCountsBytes() {
        let payload = Array("type:x\nnaïve ✓".utf8)
        let header = EventEnvelope.header(identifier: "sup", serial: 3, pool: "p", poolSerial: 1, eventName: "REMOTE_COMMUNICATION", payload: payload)
        #expect(header == "ver:3.0 server:sup serial:3 pool:p poolserial:1 eventname:REMOTE_COMMUNICATION len:\(payload.count)\n")
        #expect(payload.count == 17, "14 characters, 17 bytes")
        #expect(EventEnvelope.timeslice(5, 1_000_003.7) == 1_000_000)
        #expect(EventType.processStateFatal.isDelivered(to: .processState))
        #expect(EventType.tick60.isDelivered(to: .event))
        #expect(!EventType.tick60.isDelivered(to: .processState))
        #expect(!EventType.eventBufferOverflow.isDelivered(to: .event))
    }

    /// A listener that never ends its result line, or announces a result of more than 1 MiB,
    /// is a protocol violation, not a buffer that grows with whatever it writes.
    @Test func resultLinesAndBodiesAreBounded() {
        var endless = ListenerProtocol()
        _ = endless.feed(Array("READY\n".utf8))
        _ = endless.sentEvent()
        #expect(endless.feed(Array("RESULT ".utf8)).isEmpty)
        var signals: [ListenerSignal] = []
        for _ in 0..<100 { signals += endless.feed([UInt8](repeating: UInt8(ascii: "7"), count: 100)) }
        #expect(endless.state == .unknown)
        #expect(signals.first == .stateChanged(from: .busy, to: .unknown))

        var huge = ListenerProtocol()
        _ = huge.feed(Array("READY\n".utf8))
        _ = huge.sentEvent()
        #expect(huge.feed(Array("RESULT 1048577\n".utf8)) == [.stateChanged(from: .busy, to: .unknown), .badResultLine(Array("RESULT 1048577".utf8))])

        var largest = ListenerProtocol()
        _ = largest.feed(Array("READY\n".utf8))
        _ = largest.sentEvent()
        let body = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        #expect(largest.feed(Array("RESULT 1048576\n".utf8) + body) == [.result(body), .stateChanged(from: .busy, to: .acknowledged)])
    }
}
