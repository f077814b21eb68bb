import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import XMLRPC

/// A response in the shape supervisord sends, with every type it uses.
let sampleResponse = """
    <?xml version='1.0'?>
    <!-- a comment -->
    <methodResponse>
    <params>
    <param>
    <value><array><data>
    <value><struct>
    <member>
    <name>name</name>
    <value><string>w1 &amp; &lt;friends&gt; &#233;&#x2713;</string></value>
    </member>
    <member><name>pid</name><value><int>4242</int></value></member>
    <member><name>neg</name><value><i4>-7</i4></value></member>
    <member><name>ok</name><value><boolean>1</boolean></value></member>
    <member><name>ratio</name><value><double>0.25</double></value></member>
    <member><name>when</name><value><dateTime.iso8601>20261126T14:31:22</dateTime.iso8601></value></member>
    <member><name>blob</name><value><base64>aGVs
    bG8=</base64></value></member>
    <member><name>bare</name><value>untyped  text</value></member>
    <member><name>empty</name><value><string/></value></member>
    <member><name>cdata</name><value><string><![CDATA[<raw> & ]]>tail</string></value></member>
    </struct></value>
    <value><array><data/></array></value>
    </data></array></value>
    </param>
    </params>
    </methodResponse>
    """

let sampleValue: XMLRPCValue = [
    [
        "name": "w1 & <friends> é✓", "pid": 4242, "neg": -7, "ok": true, "ratio": .double(0.25),
        "when": .dateTime("20261126T14:31:22"), "blob": .base64(Array("hello".utf8)), "bare": "untyped  text",
        "empty": "", "cdata": "<raw> & tail",
    ],
    .array([]),
]

@Suite struct XMLRPCDecoderTests {
    @Test func decodesEveryType() throws {
        #expect(try XMLRPCDecoder.decodeResponse(Array(sampleResponse.utf8)) == .success(sampleValue))
    }

    /// The same document fed in pieces of every size, from one byte up, decodes the same.
    @Test func decodesInputSplitAtEveryChunkSize() throws {
        let bytes = Array(sampleResponse.utf8)
        for size in 1...bytes.count {
            var decoder = XMLRPCDecoder()
            var offset = 0
            while offset < bytes.count {
                try decoder.feed(bytes[offset..<min(offset + size, bytes.count)])
                offset += size
            }
            #expect(try decoder.finish() == .response(.success(sampleValue)), "chunk size \(size)")
        }
    }

    @Test func decodesFaults() throws {
        let fault = """
            <?xml version='1.0'?><methodResponse><fault><value><struct>
            <member><name>faultCode</name><value><int>10</int></value></member>
            <member><name>faultString</name><value><string>BAD_NAME: nosuch</string></value></member>
            </struct></value></fault></methodResponse>
            """
        #expect(try XMLRPCDecoder.decodeResponse(Array(fault.utf8)) == .fault(XMLRPCFault(code: 10, string: "BAD_NAME: nosuch")))
    }

    @Test func decodesCalls() throws {
        let call = "<methodCall><methodName>supervisor.startProcess</methodName><params><param><value>x</value></param><param><value><boolean>0</boolean></value></param></params></methodCall>"
        #expect(try XMLRPCDecoder.decodeCall(Array(call.utf8)) == XMLRPCCall("supervisor.startProcess", ["x", false]))
        let bare = "<methodCall><methodName>system.listMethods</methodName></methodCall>"
        #expect(try XMLRPCDecoder.decodeCall(Array(bare.utf8)) == XMLRPCCall("system.listMethods"))
    }

    @Test(arguments: [
        ("<!DOCTYPE x [<!ENTITY a 'b'>]><methodCall/>", "DOCTYPE"),
        ("<methodCall><methodName>x</methodName>", "unclosed"),
        ("<methodCall></methodResponse>", "closes"),
        ("<methodResponse><params><param><value><nil/></value></param></params></methodResponse>", "unsupported type <nil>"),
        ("<methodResponse><params><param><value><i8>1</i8></value></param></params></methodResponse>", "unsupported type <i8>"),
        ("<methodResponse><params><param><value><int>x</int></value></param></params></methodResponse>", "bad integer"),
        ("<methodResponse><params><param><value><boolean>2</boolean></value></param></params></methodResponse>", "bad boolean"),
        ("<methodResponse><params><param><value>&bogus;</value></param></params></methodResponse>", "undefined entity"),
        ("<methodResponse><params></params></methodResponse>", "exactly one"),
        ("<foo/>", "unknown document element"),
        ("<methodCall/><methodCall/>", "after the document element"),
        ("text<methodCall/>", "outside the document element"),
        ("", "no document element"),
    ])
    func refusesBadInput(_ input: String, _ expected: String) {
        #expect {
            try XMLRPCDecoder.decode(Array(input.utf8))
        } throws: { error in
            String(describing: error).contains(expected)
        }
    }

    /// An error points at the token it is about, not at a comment or `<?...?>` skipped just
    /// before it, whether or not both arrived in the same chunk (found by the fuzzer).
    @Test(arguments: [("<?x?>a<x/>", 5), ("<!--c-->a<x/>", 8), ("<x/><?x?><!--c--><y/>", 17), ("<!--c--></x>", 8)])
    func errorOffsetsSkipCommentsAndInstructions(_ input: String, _ offset: Int) {
        for cut in 0...input.utf8.count {
            var decoder = XMLRPCDecoder()
            let bytes = Array(input.utf8)
            #expect {
                try decoder.feed(bytes[..<cut])
                try decoder.feed(bytes[cut...])
                _ = try decoder.finish()
            } throws: { error in
                (error as? XMLRPCDecodingError)?.offset == offset
            }
        }
    }

    @Test func boundsNestingDepth() {
        let depth = 200
        let deep = String(repeating: "<value><array><data>", count: depth) + String(repeating: "</data></array></value>", count: depth)
        let document = "<methodResponse><params><param>\(deep)</param></params></methodResponse>"
        #expect(throws: XMLRPCDecodingError.self) { try XMLRPCDecoder.decode(Array(document.utf8)) }
        let shallow = XMLRPCLimits(maxBytes: 1 << 20, maxDepth: 1000)
        #expect(throws: Never.self) { try XMLRPCDecoder.decode(Array(document.utf8), limits: shallow) }
    }

    @Test func boundsSize() {
        let big = "<methodResponse><params><param><value>" + String(repeating: "x", count: 2000) + "</value></param></params></methodResponse>"
        #expect {
            try XMLRPCDecoder.decode(Array(big.utf8), limits: XMLRPCLimits(maxBytes: 1000, maxDepth: 10))
        } throws: { error in
            (error as? XMLRPCDecodingError)?.reason == .tooLarge(limit: 1000)
        }
    }

    /// Encoding then decoding gives back the value, for every type.
    @Test func roundTripsThroughTheEncoder() throws {
        let response = XMLRPCResponse.success(sampleValue)
        #expect(try XMLRPCDecoder.decodeResponse(XMLRPCEncoder.encode(response)) == response)
        let fault = XMLRPCResponse.fault(XMLRPCFault(code: 6, string: "SHUTDOWN_STATE"))
        #expect(try XMLRPCDecoder.decodeResponse(XMLRPCEncoder.encode(fault)) == fault)
        let call = XMLRPCCall("supervisor.readLog", [-1600, 0, "a<&>b"])
        #expect(try XMLRPCDecoder.decodeCall(XMLRPCEncoder.encode(call)) == call)
    }

    @Test func encodesLikePythonXMLRPCLib() {
        let call = XMLRPCCall("supervisor.getProcessInfo", ["a&b"])
        let expected = """
            <?xml version='1.0'?>
            <methodCall>
            <methodName>supervisor.getProcessInfo</methodName>
            <params>
            <param>
            <value><string>a&amp;b</string></value>
            </param>
            </params>
            </methodCall>

            """
        #expect(String(decoding: XMLRPCEncoder.encode(call), as: UTF8.self) == expected)
    }

    /// A response with every type, nesting and escaping, byte for byte as Python 3.11's
    /// `xmlrpc.client.dumps(..., methodresponse=True)` writes the same dict.
    @Test func encodesEveryTypeLikePythonXMLRPCLib() {
        let value: XMLRPCValue = [
            "alpha": [
                .int(1), .int(-7), .bool(true), .bool(false), .string("a<b&c>d ünï"), .double(2.5),
                .dateTime("20261126T14:31:22"), .base64([0, 255, 104, 105]),
            ],
            "beta": ["empty": .string(""), "list": .array([]), "name": .string("x & y")],
            "gamma": .int(-2_147_483_648),
        ]
        let expected = """
            <?xml version='1.0'?>
            <methodResponse>
            <params>
            <param>
            <value><struct>
            <member>
            <name>alpha</name>
            <value><array><data>
            <value><int>1</int></value>
            <value><int>-7</int></value>
            <value><boolean>1</boolean></value>
            <value><boolean>0</boolean></value>
            <value><string>a&lt;b&amp;c&gt;d ünï</string></value>
            <value><double>2.5</double></value>
            <value><dateTime.iso8601>20261126T14:31:22</dateTime.iso8601></value>
            <value><base64>
            AP9oaQ==
            </base64></value>
            </data></array></value>
            </member>
            <member>
            <name>beta</name>
            <value><struct>
            <member>
            <name>empty</name>
            <value><string></string></value>
            </member>
            <member>
            <name>list</name>
            <value><array><data>
            </data></array></value>
            </member>
            <member>
            <name>name</name>
            <value><string>x &amp; y</string></value>
            </member>
            </struct></value>
            </member>
            <member>
            <name>gamma</name>
            <value><int>-2147483648</int></value>
            </member>
            </struct></value>
            </param>
            </params>
            </methodResponse>

            """
        #expect(String(decoding: XMLRPCEncoder.encode(.success(value)), as: UTF8.self) == expected)
    }

    /// Foundation's XMLParser, as an independent reader, finds the same text in every string
    /// element that the decoder does.
    @Test func agreesWithXMLParserOnText() throws {
        let collector = TextCollector()
        let parser = XMLParser(data: Data(sampleResponse.utf8))
        parser.delegate = collector
        #expect(parser.parse())
        let oracleNames = collector.texts(of: "name")
        var ourNames: [String] = []
        var ourStrings: [String] = []
        if case .success(.array(let items)) = try XMLRPCDecoder.decodeResponse(Array(sampleResponse.utf8)),
            case .structure(let members) = items[0]
        {
            ourNames = members.names.sorted()
            ourStrings = members.members.compactMap(\.value.stringValue).sorted()
        }
        #expect(oracleNames.sorted() == ourNames)
        let oracleStrings = (collector.texts(of: "string") + collector.texts(of: "value", leafOnly: true)).sorted()
        #expect(oracleStrings == ourStrings)
    }
}

/// Gathers the text of elements by name, as XMLParser reports it.
final class TextCollector: NSObject, XMLParserDelegate {
    private var stack: [(name: String, text: String, hasChildren: Bool)] = []
    private var collected: [(name: String, text: String, leaf: Bool)] = []

    func texts(of name: String, leafOnly: Bool = false) -> [String] {
        collected.filter { $0.name == name && (!leafOnly || $0.leaf) }.map(\.text)
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if !stack.isEmpty { stack[stack.count - 1].hasChildren = true }
        stack.append((name, "", false))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if !stack.isEmpty { stack[stack.count - 1].text += string }
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        if !stack.isEmpty { stack[stack.count - 1].text += String(decoding: block, as: UTF8.self) }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let element = stack.removeLast()
        collected.append((element.name, element.text, !element.hasChildren))
    }
}
