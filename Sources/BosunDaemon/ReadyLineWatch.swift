/// `ready_check=log:REGEX`: looks at each complete line of one output channel of a starting
/// child until one matches, then reports once and looks no more. A line is matched without its
/// line break (and a `\r` before it), decoded as UTF-8 with invalid bytes replaced.
///
/// Confined to the supervisor's loop. Invariant: at most `lineLimit` bytes of an unfinished
/// line are kept; a longer line is matched on its first `lineLimit` bytes when it ends.
final class ReadyLineWatch {
    private let pattern: Regex<AnyRegexOutput>
    private var ready: (() -> Void)?
    private var partial: [UInt8] = []
    private var overlong = false
    static let lineLimit = 64 * 1024

    /// Nil if `pattern` does not compile (the config reader refuses such a pattern first).
    init?(pattern: String, ready: @escaping () -> Void) {
        guard let regex = try? Regex(pattern) else { return nil }
        self.pattern = regex
        self.ready = ready
    }

    var isDone: Bool { ready == nil }

    func received(_ bytes: some Collection<UInt8>) {
        guard ready != nil else { return }
        var rest = bytes[...]
        while let newline = rest.firstIndex(of: UInt8(ascii: "\n")) {
            take(rest[..<newline])
            rest = rest[rest.index(after: newline)...]
            if matches() { return fire() }
            partial.removeAll(keepingCapacity: true)
            overlong = false
        }
        take(rest)
    }

    private func take(_ bytes: some Collection<UInt8>) {
        guard !overlong else { return }
        let room = Self.lineLimit - partial.count
        if bytes.count > room {
            partial += bytes.prefix(room)
            overlong = true
        } else {
            partial += bytes
        }
    }

    private func matches() -> Bool {
        var line = partial[...]
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        return (try? pattern.firstMatch(in: String(decoding: line, as: UTF8.self))) != nil
    }

    private func fire() {
        let report = ready
        ready = nil
        partial = []
        report?()
    }
}
