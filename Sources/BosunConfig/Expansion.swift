import BosunCore

/// Python `%`-formatting with a mapping, as supervisor's `expand()` applies it to option values:
/// `%(name)s` (also `d`, `i`, `r`), and `%%` for a literal percent sign.
public enum Expansion {
    /// Expands `text`; `optionName` (e.g. `supervisorctl.serverurl`) appears in errors.
    public static func expand(
        _ text: String, _ names: [String: String], optionName: String
    ) throws(ConfigError) -> String {
        guard text.contains("%") else { return text }
        var out = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            index = text.index(after: index)
            guard character == "%" else {
                out.append(character)
                continue
            }
            guard index < text.endIndex else { throw badFormat(text, optionName, "incomplete format") }
            if text[index] == "%" {
                out.append("%")
                index = text.index(after: index)
                continue
            }
            guard text[index] == "(" else {
                throw badFormat(text, optionName, "format requires a mapping")
            }
            guard let close = text[index...].firstIndex(of: ")") else {
                throw badFormat(text, optionName, "incomplete format key")
            }
            let key = String(text[text.index(after: index)..<close])
            index = text.index(after: close)
            // Python's conversion flags, width and precision: `%(process_num)02d`.
            var flags = ""
            while index < text.endIndex, "-+ #0".contains(text[index]) {
                flags.append(text[index])
                index = text.index(after: index)
            }
            var width = ""
            while index < text.endIndex, text[index].isASCII, text[index].isNumber {
                width.append(text[index])
                index = text.index(after: index)
            }
            var precisionText: String? = nil
            if index < text.endIndex, text[index] == "." {
                index = text.index(after: index)
                var digits = ""
                while index < text.endIndex, text[index].isASCII, text[index].isNumber {
                    digits.append(text[index])
                    index = text.index(after: index)
                }
                precisionText = digits
            }
            // Padding is allocated, so its size is checked before anything is built.
            let total = try bounded(width, "width", text, optionName) ?? 0
            let precision = try precisionText.flatMap { (digits) throws(ConfigError) in try bounded(digits, "precision", text, optionName) }
            guard index < text.endIndex else { throw badFormat(text, optionName, "incomplete format") }
            let conversion = text[index]
            index = text.index(after: index)
            guard let value = names[key] else {
                let available = names.keys.sorted().joined(separator: ", ")
                throw ConfigError(
                    .badExpansion,
                    "Format string \(pythonRepr(text)) for \(pythonRepr(optionName)) contains names ('\(key)') "
                        + "which cannot be expanded. Available names: \(available)")
            }
            var formatted: String
            switch conversion {
            case "s", "r":
                formatted = conversion == "s" ? value : pythonRepr(value)
                if let precision { formatted = String(formatted.prefix(precision)) }
            case "d", "i", "u", "x", "X", "o":
                guard let number = Int(value) else {
                    let required = "diu".contains(conversion) ? "a real number" : "an integer"
                    throw badFormat(text, optionName, "%\(conversion) format: \(required) is required, not str")
                }
                let radix = conversion == "o" ? 8 : ("xX".contains(conversion) ? 16 : 10)
                var digits = String(number.magnitude, radix: radix, uppercase: conversion == "X")
                if let precision, digits.count < precision {
                    digits = String(repeating: "0", count: precision - digits.count) + digits
                }
                let sign = number < 0 ? "-" : (flags.contains("+") ? "+" : (flags.contains(" ") ? " " : ""))
                // `#` adds Python's base prefix: 0x, 0X, 0o.
                let prefix = flags.contains("#") && radix != 10 ? "0" + String(conversion == "o" ? "o" : conversion) : ""
                let lead = sign + prefix
                if flags.contains("0") && !flags.contains("-") && lead.count + digits.count < total {
                    digits = String(repeating: "0", count: total - lead.count - digits.count) + digits
                }
                formatted = lead + digits
            default:
                let scalar = conversion.unicodeScalars.first!.value
                let hex = String(scalar, radix: 16)
                let position = text.distance(from: text.startIndex, to: index) - 1
                throw badFormat(
                    text, optionName,
                    "unsupported format character '\(conversion)' (0x\(hex)) at index \(position)")
            }
            if formatted.count < total {
                let padding = String(repeating: " ", count: total - formatted.count)
                formatted = flags.contains("-") ? formatted + padding : padding + formatted
            }
            out += formatted
        }
        return out
    }

    /// Widest padding a value may ask for: Linux's longest single argument (MAX_ARG_STRLEN),
    /// so every width a command could use still works. Python stops only at PY_SSIZE_T_MAX,
    /// with the same "width too big", after trying to allocate the padding.
    static let maximumWidth = 131_072

    /// A width or precision as a number, nil when absent; "too big" past `maximumWidth`.
    private static func bounded(
        _ digits: String, _ what: String, _ text: String, _ optionName: String
    ) throws(ConfigError) -> Int? {
        guard !digits.isEmpty else { return nil }
        guard let value = Int(digits), value <= maximumWidth else { throw badFormat(text, optionName, "\(what) too big") }
        return value
    }

    private static func badFormat(_ text: String, _ optionName: String, _ detail: String) -> ConfigError {
        ConfigError(
            .badExpansion,
            "Format string \(pythonRepr(text)) for \(pythonRepr(optionName)) is badly formatted: \(detail)")
    }

    /// Python's `repr()` of a str, for messages that quote values the way supervisor does.
    public static func pythonRepr(_ text: String) -> String { BosunCore.pythonRepr(text) }
}
