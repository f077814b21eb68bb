import BosunConfig
import OrderedCollections
import Testing

/// `%`-formatting of integers in every base Python knows, with its flags; the expected texts
/// are what Python 3 prints for the same format and value.
struct IntegerExpansionTests {
    @Test(arguments: [
        ("%(n)x", "10", "a"), ("%(n)#x", "10", "0xa"), ("%(n)X", "10", "A"), ("%(n)#X", "10", "0XA"), ("%(n)o", "10", "12"),
        ("%(n)#o", "10", "0o12"), ("%(n)05x", "10", "0000a"), ("%(n)#06x", "10", "0x000a"), ("%(n)-5o|", "10", "12   |"),
        ("%(n)+x", "10", "+a"), ("%(n).3x", "10", "00a"), ("%(n)05x", "-10", "-000a"), ("%(n)#06x", "-10", "-0x00a"),
        ("%(n)d", "-9223372036854775808", "-9223372036854775808"), ("%(n)x", "-9223372036854775808", "-8000000000000000"),
    ])
    func integerConversions(_ format: String, _ value: String, _ expected: String) throws {
        #expect(try Expansion.expand(format, ["n": .integer(Int(value)!)], optionName: "x") == expected)
    }

    @Test func aStringIsNotAnIntegerForHexOrOctal() {
        let error = #expect(throws: ConfigError.self) { try Expansion.expand("%(n)x", ["n": "abc"], optionName: "x") }
        #expect(error?.message.contains("%x format: an integer is required, not str") == true)
    }
}
