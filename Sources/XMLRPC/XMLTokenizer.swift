// Hand-written rather than FoundationXML: XMLParser needs libxml2 and ICU at run time (70 MB in a
// static build), silently drops internal entities, and was 4x slower on a 1.25 MB response here
// (docs/architecture.md). XML-RPC needs only elements, text, the five entities, character
// references and CDATA; everything else (DOCTYPE above all) is refused.

/// One piece of an XML document.
enum XMLToken: Equatable {
    case open(name: String, selfClosing: Bool)
    case close(name: String)
    /// Character data with entities already decoded (or CDATA content, verbatim).
    case text([UInt8])
}

/// An incremental XML tokenizer: bytes go in by `feed` in chunks of any size, complete tokens
/// come out. A token split across chunks is held back until its last byte arrives.
///
/// Invariant: `buffer[start...]` holds the bytes not yet turned into tokens; `scanned` is an
/// index in `buffer` up to which the current incomplete token has been searched for its end.
struct XMLTokenizer {
    private var buffer: [UInt8] = []
    private var start = 0
    private var scanned = 0
    /// Bytes discarded from the front of `buffer`, so that offsets stay absolute.
    private var dropped = 0

    /// Absolute offset of the next unconsumed byte, for error messages.
    var offset: Int { dropped + start }
    /// Absolute offset where the token `next` last returned starts (after any comment or
    /// processing instruction skipped before it).
    private(set) var tokenOffset = 0

    mutating func feed(_ bytes: some Sequence<UInt8>) {
        if start > 65_536 && start * 2 > buffer.count {
            buffer.removeSubrange(0..<start)
            dropped += start
            scanned -= start
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete token, or nil when more input is needed.
    /// - Parameter atEnd: no more input will come; trailing text is then returned.
    mutating func next(atEnd: Bool = false) throws(XMLRPCDecodingError) -> XMLToken? {
        while start < buffer.count {
            tokenOffset = offset
            if buffer[start] != UInt8(ascii: "<") {
                guard let end = find(UInt8(ascii: "<")) else {
                    guard atEnd else { return nil }
                    let text = try decodeEntities(start..<buffer.count)
                    consume(to: buffer.count)
                    return .text(text)
                }
                let text = try decodeEntities(start..<end)
                consume(to: end)
                return .text(text)
            }
            // Markup. Decide its kind from a prefix that may not have arrived whole yet.
            switch classifyMarkup(atEnd: atEnd) {
            case .needMore:
                return nil
            case .processingInstruction:
                guard let end = find("?>", after: 2) else { return try incomplete(atEnd, "unterminated <?...?>") }
                consume(to: end + 2)
            case .comment:
                guard let end = find("-->", after: 4) else { return try incomplete(atEnd, "unterminated comment") }
                consume(to: end + 3)
            case .cdata:
                guard let end = find("]]>", after: 9) else { return try incomplete(atEnd, "unterminated CDATA section") }
                let text = Array(buffer[(start + 9)..<end])
                consume(to: end + 3)
                return .text(text)
            case .declaration:
                throw XMLRPCDecodingError(.doctypeRefused, at: offset)
            case .element:
                guard let end = findTagEnd() else { return try incomplete(atEnd, "unterminated tag") }
                let token = try parseTag(start..<end)
                consume(to: end + 1)
                return token
            }
        }
        return nil
    }

    private enum MarkupKind { case needMore, processingInstruction, comment, cdata, declaration, element }

    private func classifyMarkup(atEnd: Bool) -> MarkupKind {
        let available = buffer.count - start
        if available < 2 { return atEnd ? .element : .needMore }
        switch buffer[start + 1] {
        case UInt8(ascii: "?"):
            return .processingInstruction
        case UInt8(ascii: "!"):
            if hasPrefix("<!--") { return .comment }
            if hasPrefix("<![CDATA[") { return .cdata }
            let couldStillBe = isPrefixOfAvailable("<!--") || isPrefixOfAvailable("<![CDATA[")
            return couldStillBe && !atEnd ? .needMore : .declaration
        default:
            return .element
        }
    }

    private func hasPrefix(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard buffer.count - start >= count else { return false }
        return literal.withUTF8Buffer { lit in
            (0..<count).allSatisfy { buffer[start + $0] == lit[$0] }
        }
    }

    /// True when every available byte matches `literal` (the literal may be longer).
    private func isPrefixOfAvailable(_ literal: StaticString) -> Bool {
        let available = min(buffer.count - start, literal.utf8CodeUnitCount)
        return literal.withUTF8Buffer { lit in
            (0..<available).allSatisfy { buffer[start + $0] == lit[$0] }
        }
    }

    private func incomplete(_ atEnd: Bool, _ what: String) throws(XMLRPCDecodingError) -> XMLToken? {
        if atEnd { throw XMLRPCDecodingError(.malformedXML(what), at: offset) }
        return nil
    }

    private mutating func consume(to index: Int) {
        start = index
        scanned = index
    }

    /// Index of `byte` at or after `start`, remembering how far the search got.
    private mutating func find(_ byte: UInt8) -> Int? {
        var index = max(scanned, start)
        while index < buffer.count {
            if buffer[index] == byte { return index }
            index += 1
        }
        scanned = index
        return nil
    }

    /// Index of the first byte of `literal` at or after `start + skip`.
    private mutating func find(_ literal: StaticString, after skip: Int) -> Int? {
        let count = literal.utf8CodeUnitCount
        var index = max(scanned, start + skip)
        let found: Int? = literal.withUTF8Buffer { lit in
            while index + count <= buffer.count {
                if (0..<count).allSatisfy({ buffer[index + $0] == lit[$0] }) { return index }
                index += 1
            }
            return nil
        }
        if found == nil { scanned = index }
        return found
    }

    /// Index of the `>` closing the tag at `start`, skipping quoted attribute values.
    private mutating func findTagEnd() -> Int? {
        var quote: UInt8? = nil
        var index = start + 1
        while index < buffer.count {
            let byte = buffer[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return index
            }
            index += 1
        }
        return nil
    }

    private func parseTag(_ range: Range<Int>) throws(XMLRPCDecodingError) -> XMLToken {
        var index = range.lowerBound + 1
        var closing = false
        if index < range.upperBound && buffer[index] == UInt8(ascii: "/") {
            closing = true
            index += 1
        }
        let nameStart = index
        while index < range.upperBound && !isSpace(buffer[index]) && buffer[index] != UInt8(ascii: "/") {
            index += 1
        }
        guard index > nameStart else {
            throw XMLRPCDecodingError(.malformedXML("empty tag name"), at: dropped + range.lowerBound)
        }
        let name = String(decoding: buffer[nameStart..<index], as: UTF8.self)
        let selfClosing = buffer[range.upperBound - 1] == UInt8(ascii: "/") && range.count > 2
        if closing {
            if selfClosing { throw XMLRPCDecodingError(.malformedXML("bad close tag </\(name)/>"), at: dropped + range.lowerBound) }
            return .close(name: name)
        }
        return .open(name: name, selfClosing: selfClosing)
    }

    private func decodeEntities(_ range: Range<Int>) throws(XMLRPCDecodingError) -> [UInt8] {
        guard buffer[range].contains(UInt8(ascii: "&")) else { return Array(buffer[range]) }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = buffer[index]
            guard byte == UInt8(ascii: "&") else {
                out.append(byte)
                index += 1
                continue
            }
            guard let semicolon = buffer[index..<range.upperBound].firstIndex(of: UInt8(ascii: ";")),
                semicolon - index <= 12
            else {
                throw XMLRPCDecodingError(.malformedXML("unterminated entity reference"), at: dropped + index)
            }
            let name = String(decoding: buffer[(index + 1)..<semicolon], as: UTF8.self)
            guard let scalar = Self.entityValue(name) else {
                throw XMLRPCDecodingError(.malformedXML("undefined entity &\(name);"), at: dropped + index)
            }
            out.append(contentsOf: String(Character(scalar)).utf8)
            index = semicolon + 1
        }
        return out
    }

    private static func entityValue(_ name: String) -> Unicode.Scalar? {
        switch name {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        default:
            guard name.hasPrefix("#") else { return nil }
            let digits = name.dropFirst()
            let code: UInt32?
            if digits.hasPrefix("x") || digits.hasPrefix("X") {
                code = UInt32(digits.dropFirst(), radix: 16)
            } else {
                code = UInt32(digits, radix: 10)
            }
            return code.flatMap(Unicode.Scalar.init)
        }
    }
}

func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
}
