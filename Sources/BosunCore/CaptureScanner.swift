/// Splits a child's output around supervisor's capture tokens, `<!--XSUPERVISOR:BEGIN-->` and
/// `<!--XSUPERVISOR:END-->` (dispatchers.py `POutputDispatcher`): text outside them is output,
/// text between them is a capture, kept up to its last `maxBytes` bytes and handed over whole
/// when the END token comes.
///
/// Invariants: the pieces do not depend on how the stream is split into chunks; only bytes
/// that could begin a token are held back (fewer than a token's length), and a capture holds
/// at most `maxBytes` bytes.
package struct CaptureScanner: Sendable {
    /// What a chunk turned into, in stream order.
    package enum Piece: Sendable, Hashable {
        /// Bytes outside (`inCapture` false) or inside a capture.
        case text([UInt8], inCapture: Bool)
        /// A capture ended; its last `maxBytes` bytes.
        case capture([UInt8])
    }

    package static let beginToken = Array("<!--XSUPERVISOR:BEGIN-->".utf8)
    package static let endToken = Array("<!--XSUPERVISOR:END-->".utf8)

    package let maxBytes: Int
    package private(set) var capturing = false
    private var captured: [UInt8] = []
    /// Bytes held back because they may be the start of a token.
    private var held: [UInt8] = []

    package init(maxBytes: Int) { self.maxBytes = maxBytes }

    package mutating func feed(_ data: [UInt8]) -> [Piece] {
        var pieces: [Piece] = []
        held += data
        while true {
            let token = capturing ? Self.endToken : Self.beginToken
            if let start = held.firstRange(of: token) {
                record(Array(held[..<start.lowerBound]), into: &pieces)
                held.removeSubrange(..<start.upperBound)
                capturing.toggle()
                if !capturing {
                    pieces.append(.capture(captured))
                    captured = []
                }
                continue
            }
            let keep = Self.tokenPrefixAtEnd(held, token)
            record(Array(held.dropLast(keep)), into: &pieces)
            held = Array(held.suffix(keep))
            return pieces
        }
    }

    private mutating func record(_ data: [UInt8], into pieces: inout [Piece]) {
        guard !data.isEmpty else { return }
        if capturing {
            captured += data
            if captured.count > maxBytes { captured.removeFirst(captured.count - maxBytes) }
        }
        pieces.append(.text(data, inCapture: capturing))
    }

    /// How many bytes at the end of `data` could begin `token` (`find_prefix_at_end`).
    package static func tokenPrefixAtEnd(_ data: [UInt8], _ token: [UInt8]) -> Int {
        var length = min(token.count - 1, data.count)
        while length > 0 {
            if data.suffix(length).elementsEqual(token.prefix(length)) { return length }
            length -= 1
        }
        return 0
    }
}
