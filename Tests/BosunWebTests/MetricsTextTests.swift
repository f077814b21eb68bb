@testable import BosunWeb
import Testing

struct MetricsTextTests {
    @Test func familiesAndSamplesInTheTextFormat() {
        var text = MetricsText()
        text.family("x_total", .counter, help: "what\nnot \\ this")
        text.sample("x_total", [("name", "a\"b\\c\nd")], 3)
        text.sample("x_total", [], 0.25)
        #expect(text.text == "# HELP x_total what\\nnot \\\\ this\n# TYPE x_total counter\nx_total{name=\"a\\\"b\\\\c\\nd\"} 3\nx_total 0.25\n")
        #expect(MetricsText.format(.infinity) == "+Inf" && MetricsText.format(.nan) == "NaN" && MetricsText.format(-2) == "-2")
    }
}
