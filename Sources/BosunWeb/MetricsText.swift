import BosunCore

/// The Prometheus text exposition format (version 0.0.4): families with `# HELP` and `# TYPE`,
/// one sample per line, label values escaped.
///
/// Invariants: a family's samples follow its header; a name is written as given (callers use
/// `[a-zA-Z_:][a-zA-Z0-9_:]*`); label values escape `\`, `"` and line feeds, help text `\`
/// and line feeds, so no value can end a line or a label.
package struct MetricsText: Sendable {
    package enum Kind: String, Sendable {
        case gauge, counter
    }

    package private(set) var text = ""

    package init() {}

    package mutating func family(_ name: String, _ kind: Kind, help: String) {
        text += "# HELP \(name) \(Self.escapeHelp(help))\n# TYPE \(name) \(kind.rawValue)\n"
    }

    package mutating func sample(_ name: String, _ labels: [(String, String)] = [], _ value: Double) {
        text += name
        if !labels.isEmpty {
            text += "{" + labels.map { "\($0.0)=\"\(Self.escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
        }
        text += " " + Self.format(value) + "\n"
    }

    /// Integers without a fraction (`12`, not `12.0`); others as Swift prints them;
    /// `+Inf`, `-Inf`, `NaN` as the format spells them.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    static func escapeLabel(_ value: String) -> String {
        var escaped = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    static func escapeHelp(_ value: String) -> String {
        value.replacingAll("\\", with: "\\\\").replacingAll("\n", with: "\\n")
    }
}
