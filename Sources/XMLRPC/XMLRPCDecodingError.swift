/// Why a document could not be decoded. The description is one line for the user.
package struct XMLRPCDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    package enum Reason: Sendable, Hashable {
        /// Not well-formed XML (unterminated tag, mismatched close tag, bad entity...).
        case malformedXML(String)
        /// A `<!DOCTYPE>`: refused, since entity declarations enable expansion attacks.
        case doctypeRefused
        /// Element nesting beyond `XMLRPCLimits.maxDepth`.
        case tooDeep(limit: Int)
        /// More bytes than `XMLRPCLimits.maxBytes`.
        case tooLarge(limit: Int)
        /// Well-formed XML that is not XML-RPC (unknown type, missing element...).
        case invalidStructure(String)
    }

    package var reason: Reason
    /// Byte offset in the document where the problem was found.
    package var offset: Int

    package init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    package var description: String {
        switch reason {
        case .malformedXML(let detail): return "malformed XML at byte \(offset): \(detail)"
        case .doctypeRefused: return "XML-RPC document refused at byte \(offset): DOCTYPE is not allowed"
        case .tooDeep(let limit): return "XML-RPC document nested deeper than \(limit) elements at byte \(offset)"
        case .tooLarge(let limit): return "XML-RPC document larger than \(limit) bytes"
        case .invalidStructure(let detail): return "invalid XML-RPC at byte \(offset): \(detail)"
        }
    }
}

/// Bounds on what a decoder accepts.
package struct XMLRPCLimits: Sendable, Hashable {
    /// Most bytes in one document.
    package var maxBytes: Int
    /// Deepest element nesting (a nested array costs three elements: value, array, data).
    package var maxDepth: Int

    package init(maxBytes: Int = 256 << 20, maxDepth: Int = 256) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
    }
}
