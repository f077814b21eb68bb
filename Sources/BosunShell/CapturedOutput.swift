import BosunControl
import Synchronization

/// A script's `$(command)`: what the command prints on standard output, kept instead of shown;
/// standard error still reaches the terminal.
final class CapturedOutput: OutputStreams {
    private let errors: any OutputStreams
    private let bytes = Mutex<[UInt8]>([])

    init(errors: any OutputStreams) { self.errors = errors }

    /// What was printed so far.
    var text: String { bytes.withLock { String(decoding: $0, as: UTF8.self) } }

    func write(_ text: String) { writeBytes(Array(text.utf8)) }

    func writeError(_ text: String) { errors.writeError(text) }

    func writeBytes(_ more: [UInt8]) { bytes.withLock { $0 += more } }

    func flush() {}
}
