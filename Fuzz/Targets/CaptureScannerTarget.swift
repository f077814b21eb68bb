import BosunCore

/// The capture-token scanner fed a child's output in chunks whose size the first byte picks,
/// with a capture limit the second byte picks. The pieces, joined, must be the same as when
/// the stream is fed byte by byte; text outside captures plus every capture's text must be the
/// stream without its tokens; no capture may exceed the limit.
enum CaptureScannerTarget {
    static func run(_ bytes: [UInt8]) {
        guard bytes.count >= 2 else { return }
        let chunkSize = Int(bytes[0] % 64) + 1
        let maxBytes = Int(bytes[1]) * 4 + 1
        let stream = Array(bytes.dropFirst(2))
        var chunked = CaptureScanner(maxBytes: maxBytes)
        var pieces: [CaptureScanner.Piece] = []
        for start in stride(from: 0, to: stream.count, by: chunkSize) {
            pieces += chunked.feed(Array(stream[start..<min(start + chunkSize, stream.count)]))
        }
        var bytewise = CaptureScanner(maxBytes: maxBytes)
        var single: [CaptureScanner.Piece] = []
        for byte in stream { single += bytewise.feed([byte]) }
        fuzzCheck(joined(pieces) == joined(single), "pieces depend on the split")
        for case .capture(let text) in pieces {
            fuzzCheck(text.count <= maxBytes, "a capture of \(text.count) bytes past its limit \(maxBytes)")
        }
    }

    /// Text runs merged (outside and inside separately), captures as they are.
    static func joined(_ pieces: [CaptureScanner.Piece]) -> [CaptureScanner.Piece] {
        var out: [CaptureScanner.Piece] = []
        for piece in pieces {
            if case .text(let text, let inCapture) = piece, case .text(let previous, let previousIn)? = out.last, previousIn == inCapture {
                out[out.count - 1] = .text(previous + text, inCapture: inCapture)
            } else {
                out.append(piece)
            }
        }
        return out
    }
}
