import XMLRPC

/// The XML-RPC decoder fed in pieces: the verdict (message or error) must not depend on where
/// the document is split. The first two bytes pick the split point and the limits.
enum XMLRPCChunkedTarget {
    static func run(_ bytes: [UInt8]) {
        guard bytes.count >= 2 else { return }
        let document = Array(bytes.dropFirst(2))
        // Small limits now and then, so the depth and size checks run split too.
        let limits =
            bytes[1] & 0x80 == 0
            ? XMLRPCLimits() : XMLRPCLimits(maxBytes: Int(bytes[1] & 0x3F) * 16 + 1, maxDepth: Int(bytes[1] & 0x0F) + 1)
        let whole = decode([document], limits)
        let cut = document.isEmpty ? 0 : Int(bytes[0]) % (document.count + 1)
        let split = decode([Array(document[..<cut]), Array(document[cut...])], limits)
        let chunkSize = Int(bytes[0] % 16) + 1
        let chunks = stride(from: 0, to: document.count, by: chunkSize).map {
            Array(document[$0..<min($0 + chunkSize, document.count)])
        }
        let pieces = decode(chunks, limits)
        // Only the size check runs before parsing, so an oversized document may fail on
        // something else first when split: then both need only fail.
        if document.count > limits.maxBytes {
            fuzzCheck(whole.isFailure && split.isFailure && pieces.isFailure, "an oversized document decoded")
            return
        }
        fuzzCheck(same(whole, split), "split at \(cut): \(whole) != \(split)")
        fuzzCheck(same(whole, pieces), "chunks of \(chunkSize): \(whole) != \(pieces)")
    }

    static func decode(_ chunks: [[UInt8]], _ limits: XMLRPCLimits) -> Result<XMLRPCMessage, XMLRPCDecodingError> {
        var decoder = XMLRPCDecoder(limits: limits)
        do throws(XMLRPCDecodingError) {
            for chunk in chunks { try decoder.feed(chunk) }
            return .success(try decoder.finish())
        } catch {
            return .failure(error)
        }
    }

    static func same(_ a: Result<XMLRPCMessage, XMLRPCDecodingError>, _ b: Result<XMLRPCMessage, XMLRPCDecodingError>) -> Bool {
        switch (a, b) {
        case (.success(let x), .success(let y)):
            x.containsNaN ? XMLRPCRoundTripTarget.encode(x) == XMLRPCRoundTripTarget.encode(y) : x == y
        case (.failure(let x), .failure(let y)): x == y
        default: false
        }
    }
}

extension Result {
    var isFailure: Bool {
        if case .failure = self { return true }
        return false
    }
}
