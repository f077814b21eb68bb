import Testing

@testable import XMLRPC

/// Struct members keep their order, as a Python dict does, and compare as a set.
struct XMLRPCStructTests {
    @Test func keepsInsertionOrderAndReplacesInPlace() {
        var members: XMLRPCStruct = ["name": "feed", "group": "execution", "pid": 42]
        members["group"] = "strategy"
        members["state"] = 20
        #expect(members.names == ["name", "group", "pid", "state"])
        #expect(members["group"] == "strategy")
        members["pid"] = nil
        #expect(members.names == ["name", "group", "state"])
        #expect(members["pid"] == nil)
    }

    @Test func equalityAndHashingIgnoreOrder() {
        let one: XMLRPCStruct = ["a": 1, "b": "two"]
        let other: XMLRPCStruct = ["b": "two", "a": 1]
        #expect(one == other)
        #expect(one.hashValue == other.hashValue)
        #expect(one != ["a": 1, "b": "three"])
        #expect(one != ["a": 1])
        #expect(one != ["a": 1, "c": "two"])
    }

    @Test func decoderKeepsWireOrderAndTheLastOfARepeatedName() throws {
        let body = """
            <?xml version='1.0'?><methodResponse><params><param><value><struct>
            <member><name>zeta</name><value><int>1</int></value></member>
            <member><name>alpha</name><value><int>2</int></value></member>
            <member><name>zeta</name><value><int>3</int></value></member>
            </struct></value></param></params></methodResponse>
            """
        guard case .success(.structure(let members)) = try XMLRPCDecoder.decodeResponse(Array(body.utf8)) else {
            Issue.record("not a struct")
            return
        }
        #expect(members.names == ["zeta", "alpha"])
        #expect(members["zeta"] == 3)
        let encoded = String(decoding: XMLRPCEncoder.encode(.success(.structure(members))), as: UTF8.self)
        let encodedNames = encoded.split(separator: "<name>").dropFirst().map { String($0.prefix { $0 != "<" }) }
        #expect(encodedNames == ["zeta", "alpha"])
    }
}
