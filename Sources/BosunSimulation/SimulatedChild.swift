import BosunCore
import BosunDaemon

/// A child in the simulated world: alive until it exits on its own, by a signal or by a crash.
final class SimulatedChild {
    let pid: Int32
    let namespec: String
    /// For a listener: where its stdout goes (the protocol channel).
    let listenerOutput: (([UInt8]) -> Void)?
    /// Stays alive through every signal but SIGKILL, so the stop timeout is reached.
    let ignoresStopSignals: Bool
    /// Set when it exited; it stays in the world until reaped.
    var exit: ExitStatus?

    init(pid: Int32, namespec: String, listenerOutput: (([UInt8]) -> Void)?, ignoresStopSignals: Bool) {
        self.pid = pid
        self.namespec = namespec
        self.listenerOutput = listenerOutput
        self.ignoresStopSignals = ignoresStopSignals
    }
}

/// A simulated child's stdin: takes what the pipe would, and for a listener reads the events
/// out of the bytes (`ver:3.0 ... len:N\n` and N bytes of payload).
final class SimulatedInput: ChildInput {
    private let child: SimulatedChild
    private unowned let world: SimulatedWorld
    private var received: [UInt8] = []
    private var closed = false

    init(child: SimulatedChild, world: SimulatedWorld) {
        self.child = child
        self.world = world
    }

    func write(_ bytes: ArraySlice<UInt8>) -> ChildInputWrite {
        guard !closed, child.exit == nil else { return .closed }
        let taken = world.pipeTakes(bytes.count)
        guard taken > 0 else { return .full }
        if child.listenerOutput != nil {
            received += bytes.prefix(taken)
            readEvents()
        }
        return .wrote(taken)
    }

    func close() { closed = true }

    private func readEvents() {
        while let newline = received.firstIndex(of: 10) {
            let header = String(decoding: received[..<newline], as: UTF8.self)
            var fields: [String: String] = [:]
            for token in header.split(separator: " ") {
                let parts = token.split(separator: ":", maxSplits: 1)
                if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
            }
            guard let length = fields["len"].flatMap({ Int($0) }), received.count >= newline + 1 + length else { return }
            received.removeFirst(newline + 1 + length)
            world.listenerReceived(
                child, pool: fields["pool"] ?? "", poolSerial: fields["poolserial"].flatMap { Int($0) } ?? -1,
                serial: fields["serial"].flatMap { Int($0) } ?? -1)
        }
    }
}
