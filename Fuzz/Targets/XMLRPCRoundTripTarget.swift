import XMLRPC

/// The XML-RPC codec on a whole document: whatever decodes must encode to a document that
/// decodes to the same message and encodes to the same bytes again.
enum XMLRPCRoundTripTarget {
    static func run(_ bytes: [UInt8]) {
        guard let message = try? XMLRPCDecoder.decode(bytes) else { return }
        let encoded = encode(message)
        let again: XMLRPCMessage
        do {
            again = try XMLRPCDecoder.decode(encoded)
        } catch {
            fuzzCheck(false, "re-decoding the encoder's output failed: \(error)")
            return
        }
        fuzzCheck(message.containsNaN || again == message, "decode(encode(m)) != m")
        fuzzCheck(encode(again) == encoded, "encode is not a fixpoint after one round trip")
    }

    static func encode(_ message: XMLRPCMessage) -> [UInt8] {
        switch message {
        case .call(let call): XMLRPCEncoder.encode(call)
        case .response(let response): XMLRPCEncoder.encode(response)
        }
    }
}

extension XMLRPCMessage {
    /// NaN is not equal to itself, so messages holding one are compared by their bytes only.
    var containsNaN: Bool {
        switch self {
        case .call(let call): call.params.contains { $0.containsNaN }
        case .response(.success(let value)): value.containsNaN
        case .response(.fault): false
        }
    }
}

extension XMLRPCValue {
    var containsNaN: Bool {
        switch self {
        case .double(let number): number.isNaN
        case .array(let items): items.contains { $0.containsNaN }
        case .structure(let members): members.members.contains { $0.value.containsNaN }
        default: false
        }
    }
}
