import BosunWeb
import Testing

/// Paths and form fields are unquoted as Python's `unquote` (and `unquote_plus`) do: two hex
/// digits make a byte, and anything else after `%` is kept as it is.
struct PercentEncodingTests {
    @Test func onlyTwoHexDigitsAreAnEscape() {
        #expect(PercentEncoding.decode("%41%4a%4A") == "AJJ")
        #expect(PercentEncoding.decode("%+41") == "%+41", "UInt8(\"+4\", radix: 16) would take the sign")
        #expect(PercentEncoding.decode("%-1x") == "%-1x")
        #expect(PercentEncoding.decode("%g1%4") == "%g1%4")
        #expect(PercentEncoding.decode("a%20b%") == "a b%")
    }

    @Test func aPlusIsASpaceOnlyInFormFields() {
        #expect(PercentEncoding.decode("a+b%2B") == "a+b+")
        #expect(PercentEncoding.decode("a+b%2B", plusIsSpace: true) == "a b+")
    }

    @Test func bytesThatAreNotUTF8BecomeReplacementCharacters() {
        #expect(PercentEncoding.decode("%FFok") == "\u{FFFD}ok")
    }

    @Test func encodingKeepsOnlyUnreservedCharactersAndRoundTrips() {
        let name = "a<b>&\"c' d/é:%+?#"
        let encoded = PercentEncoding.encode(name)
        #expect(encoded == "a%3Cb%3E%26%22c%27%20d%2F%C3%A9%3A%25%2B%3F%23")
        #expect(PercentEncoding.decode(encoded) == name)
        #expect(PercentEncoding.decode(encoded, plusIsSpace: true) == name)
    }
}
