/// Durations as scripts write them: `500ms`, `30s`, `2m`, `1h`, or plain seconds (`1.5`).
enum DurationText {
    /// The longest duration a script may name: about 31 years, so that every duration fits
    /// the system's sleep and time types.
    static let longest = 1e9

    /// The number of seconds `text` stands for, or nil when it is not a duration.
    static func seconds(_ text: String) -> Double? {
        let units: [(suffix: String, scale: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for unit in units where text.hasSuffix(unit.suffix) {
            if let number = Double(text.dropLast(unit.suffix.count)) { return bounded(number * unit.scale) }
        }
        return Double(text).flatMap(bounded)
    }

    private static func bounded(_ seconds: Double) -> Double? {
        seconds >= 0 && seconds <= longest ? seconds : nil
    }

    /// `30s`, `1.5s`, `500ms`: how a message shows a duration.
    static func describe(_ seconds: Double) -> String {
        if seconds < 1, seconds > 0 { return "\(Int((seconds * 1000).rounded()))ms" }
        if seconds == seconds.rounded() { return "\(Int(seconds))s" }
        return "\(seconds)s"
    }
}
