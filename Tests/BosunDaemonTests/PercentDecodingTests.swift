import Testing

@testable import BosunDaemon

/// Paths of /logtail requests are unquoted as Python's `unquote` does: two hex digits make a
/// byte, and anything else after `%` is kept as it is.
struct PercentDecodingTests {
    @Test func onlyTwoHexDigitsAreAnEscape() {
        #expect("%41%4a%4A".removingPercentEncoding() == "AJJ")
        #expect("%+41".removingPercentEncoding() == "%+41", "UInt8(\"+4\", radix: 16) would take the sign")
        #expect("%-1x".removingPercentEncoding() == "%-1x")
        #expect("%g1%4".removingPercentEncoding() == "%g1%4")
        #expect("a%20b%".removingPercentEncoding() == "a b%")
    }
}
