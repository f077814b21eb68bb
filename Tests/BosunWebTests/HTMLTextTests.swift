import BosunWeb
import Testing

struct HTMLTextTests {
    @Test func markupCharactersAndLineBreaksBecomeReferences() {
        #expect(HTMLText.escape("<b>\"x\" & 'y'</b>") == "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;")
        #expect(HTMLText.escape("one\ntwo\r\n") == "one&#10;two&#13;&#10;")
        #expect(HTMLText.escape("plain é ✓") == "plain é ✓")
    }

    /// Whatever the text, the result cannot open a tag, close an attribute or end a line.
    @Test func noTextEscapesItsPlace() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["<", ">", "&", "\"", "'", "\n", "\r", "a", "é", "&amp;", "<script>", "\u{0}", "=", " "]
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let escaped = HTMLText.escape(text)
            #expect(!escaped.contains(where: { "<>\"'\n\r".contains($0) }), "\(text.debugDescription) -> \(escaped)")
            let ampersands = escaped.split(separator: "&", omittingEmptySubsequences: false).dropFirst()
            #expect(ampersands.allSatisfy { $0.hasPrefix("amp;") || $0.hasPrefix("lt;") || $0.hasPrefix("gt;") || $0.hasPrefix("quot;") || $0.hasPrefix("#39;") || $0.hasPrefix("#10;") || $0.hasPrefix("#13;") })
        }
    }
}
