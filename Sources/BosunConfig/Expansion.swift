import BosunCore
package import OrderedCollections

/// What an expansion name stands for. supervisor's names are strings except `process_num` and
/// `numprocs`, which are ints: `%(process_num)r` is `0`, and `%(ENV_N)d` is refused even when
/// the variable holds digits.
package enum ExpansionValue: Equatable, Sendable, ExpressibleByStringLiteral {
    case text(String)
    case integer(Int)

    package init(stringLiteral value: String) { self = .text(value) }

    /// Python's `repr()`.
    var repr: String {
        switch self {
        case .text(let text): pythonRepr(text)
        case .integer(let number): String(number)
        }
    }

    /// Python's `str()`.
    var str: String {
        switch self {
        case .text(let text): text
        case .integer(let number): String(number)
        }
    }

    /// Python's type name, for its error messages.
    var typeName: String {
        switch self {
        case .text: "str"
        case .integer: "int"
        }
    }
}

/// The names an option may expand, in the order of supervisor's dict: a bare `%s` prints
/// the whole dict, so the order is part of the result.
package typealias ExpansionNames = OrderedDictionary<String, ExpansionValue>

/// Python's `format % mapping`, as supervisor's `expand()` applies it to option values, on
/// code points as Python works: `%(name)s` with every conversion Python knows (`s r a d i u
/// x X o c e E f F g G`), flags, width, precision and length modifiers; `%%` for a percent
/// sign; a conversion without a name takes the mapping itself (so `%s` prints the dict, and
/// a second one finds no arguments left).
///
/// Written by hand: no Swift library implements Python's `%` operator.
package enum Expansion {
    /// Expands `text`; `optionName` (e.g. `supervisorctl.serverurl`) appears in errors.
    package static func expand(
        _ text: String, _ names: ExpansionNames, optionName: String
    ) throws(ConfigError) -> String {
        guard text.unicodeScalars.contains("%") else { return text }
        var formatter = Formatter(text: text, names: names, optionName: optionName)
        return try formatter.run()
    }

    /// Widest padding a value may ask for: Linux's longest single argument (MAX_ARG_STRLEN),
    /// so every width a command could use still works. Python stops only at PY_SSIZE_T_MAX,
    /// with the same "width too big", after trying to allocate the padding.
    package static let maximumWidth = 131_072

    /// Python's `repr()` of a str, for messages that quote values the way supervisor does.
    package static func pythonRepr(_ text: String) -> String { BosunCore.pythonRepr(text) }
}

/// One run of Python's `PyUnicode_Format` with a dict argument.
private struct Formatter {
    let scalars: [Unicode.Scalar]
    let text: String
    let names: ExpansionNames
    let optionName: String
    var position = 0
    var out = String.UnicodeScalarView()
    /// The argument the next conversion or `*` takes: the dict at first, a named value right
    /// after its `(name)`, and nothing once taken, as CPython's `argidx` counts.
    var bareArgument: BareArgument = .mapping

    enum BareArgument {
        case mapping
        case value(ExpansionValue)
        case none
    }

    /// What one conversion formats: a named value or the whole mapping.
    enum Argument {
        case value(ExpansionValue)
        case mapping
    }

    init(text: String, names: ExpansionNames, optionName: String) {
        self.text = text
        self.scalars = Array(text.unicodeScalars)
        self.names = names
        self.optionName = optionName
    }

    var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    mutating func run() throws(ConfigError) -> String {
        while let scalar = current {
            position += 1
            guard scalar == "%" else {
                out.append(scalar)
                continue
            }
            try conversion()
        }
        return String(out)
    }

    /// One `%...` after its percent sign.
    mutating func conversion() throws(ConfigError) {
        guard current != nil else { throw badFormat("incomplete format") }
        if current == "%" {
            out.append("%")
            position += 1
            return
        }
        if current == "(" {
            position += 1
            let keyStart = position
            var depth = 1
            while let scalar = current {
                if scalar == ")" { depth -= 1 } else if scalar == "(" { depth += 1 }
                if depth == 0 { break }
                position += 1
            }
            guard depth == 0 else { throw badFormat("incomplete format key") }
            let key = String(String.UnicodeScalarView(scalars[keyStart..<position]))
            position += 1
            guard let value = names[key] else {
                let available = names.keys.sorted().joined(separator: ", ")
                throw ConfigError(
                    .badExpansion,
                    "Format string \(pythonRepr(text)) for \(pythonRepr(optionName)) contains names (\(pythonRepr(key))) "
                        + "which cannot be expanded. Available names: \(available)")
            }
            // CPython makes the value the only argument left, for a `*` or the conversion.
            bareArgument = .value(value)
        }
        var flags = Set<Unicode.Scalar>()
        while let scalar = current, "-+ #0".unicodeScalars.contains(scalar) {
            flags.insert(scalar)
            position += 1
        }
        var width = try number("width")
        if width == nil, current == "*" {
            position += 1
            // A negative `*` width left-justifies, as in C.
            let star = try starNumber()
            if star < 0 { flags.insert("-") }
            width = abs(star)
        }
        var precision: Int? = nil
        if current == "." {
            position += 1
            if current == "*" {
                position += 1
                precision = max(0, try starNumber())
            } else {
                precision = try number("precision") ?? 0
            }
        }
        // One length modifier, which Python ignores.
        if let scalar = current, "hlL".unicodeScalars.contains(scalar) { position += 1 }
        guard let conversion = current else { throw badFormat("incomplete format") }
        position += 1
        if conversion == "%" { throw unsupported(conversion) }
        let argument = try nextBareArgument()
        let formatted = try format(argument, conversion, flags: flags, precision: precision)
        pad(formatted, conversion, flags: flags, width: width ?? 0)
    }

    /// CPython's `getnextarg`, for a conversion or a `*`.
    mutating func nextBareArgument() throws(ConfigError) -> Argument {
        switch bareArgument {
        case .mapping:
            bareArgument = .none
            return .mapping
        case .value(let value):
            bareArgument = .none
            return .value(value)
        case .none:
            throw badFormat("not enough arguments for format string")
        }
    }

    /// A `*` width or precision: the next argument, which must be an int.
    mutating func starNumber() throws(ConfigError) -> Int {
        guard case .value(.integer(let value)) = try nextBareArgument() else { throw badFormat("* wants int") }
        guard value.magnitude <= UInt(Expansion.maximumWidth) else { throw badFormat("width too big") }
        return value
    }

    /// Decimal digits at the cursor, nil when there are none; "too big" past the maximum.
    mutating func number(_ what: String) throws(ConfigError) -> Int? {
        var value: Int? = nil
        while let scalar = current, ("0"..."9").contains(scalar) {
            value = (value ?? 0) * 10 + Int(scalar.value - 48)
            guard value! <= Expansion.maximumWidth else { throw badFormat("\(what) too big") }
            position += 1
        }
        return value
    }

    func format(
        _ argument: Argument, _ conversion: Unicode.Scalar, flags: Set<Unicode.Scalar>, precision: Int?
    ) throws(ConfigError) -> String.UnicodeScalarView {
        switch conversion {
        case "s", "r", "a":
            var text: String
            switch argument {
            case .mapping: text = mappingRepr()
            case .value(let value): text = conversion == "s" ? value.str : value.repr
            }
            if conversion == "a" { text = asciiRepr(text) }
            var scalars = text.unicodeScalars
            if let precision, scalars.count > precision { scalars = String.UnicodeScalarView(scalars.prefix(precision)) }
            return scalars
        case "d", "i", "u", "x", "X", "o":
            guard case .value(.integer(let number)) = argument else {
                let required = "diu".unicodeScalars.contains(conversion) ? "a real number" : "an integer"
                throw badFormat("%\(Character(conversion)) format: \(required) is required, not \(typeName(argument))")
            }
            return integerText(number, conversion, flags: flags, precision: precision)
        case "e", "E", "f", "F", "g", "G":
            guard case .value(.integer(let number)) = argument else {
                throw badFormat("must be real number, not \(typeName(argument))")
            }
            return FloatText.format(Double(number), conversion, flags: flags, precision: precision ?? 6).unicodeScalars
        case "c":
            switch argument {
            case .value(.integer(let number)):
                guard number >= 0, number < 0x110000, let scalar = Unicode.Scalar(UInt32(number)) else {
                    if number >= 0xD800 && number < 0xE000 {
                        // A lone surrogate is a valid Python str but cannot be UTF-8 encoded.
                        throw badFormat("%c arg is a surrogate, which no command or file name can hold")
                    }
                    throw badFormat("%c arg not in range(0x110000)")
                }
                return String.UnicodeScalarView([scalar])
            case .value(.text(let text)) where text.unicodeScalars.count == 1:
                return text.unicodeScalars
            default:
                throw badFormat("%c requires int or char")
            }
        default:
            throw unsupported(conversion)
        }
    }

    func typeName(_ argument: Argument) -> String {
        switch argument {
        case .mapping: "dict"
        case .value(let value): value.typeName
        }
    }

    /// Python's int formatting: sign, `#` prefix, precision as minimum digits, `0` padding.
    func integerText(
        _ number: Int, _ conversion: Unicode.Scalar, flags: Set<Unicode.Scalar>, precision: Int?
    ) -> String.UnicodeScalarView {
        let radix = conversion == "o" ? 8 : ("xX".unicodeScalars.contains(conversion) ? 16 : 10)
        var digits = String(number.magnitude, radix: radix, uppercase: conversion == "X")
        if let precision, digits.count < precision {
            digits = String(repeating: "0", count: precision - digits.count) + digits
        }
        let sign = number < 0 ? "-" : (flags.contains("+") ? "+" : (flags.contains(" ") ? " " : ""))
        // `#` adds Python's base prefix: 0x, 0X, 0o.
        let prefix = flags.contains("#") && radix != 10 ? "0" + String(Character(conversion == "o" ? "o" : conversion)) : ""
        return (sign + prefix + digits).unicodeScalars
    }

    /// Width padding: spaces on the left, on the right with `-`, or zeros after the sign and
    /// prefix with `0` for numbers.
    mutating func pad(
        _ formatted: String.UnicodeScalarView, _ conversion: Unicode.Scalar, flags: Set<Unicode.Scalar>, width: Int
    ) {
        let missing = width - formatted.count
        guard missing > 0 else {
            out.append(contentsOf: formatted)
            return
        }
        if flags.contains("-") {
            out.append(contentsOf: formatted)
            out.append(contentsOf: String(repeating: " ", count: missing).unicodeScalars)
        } else if flags.contains("0"), let lead = numericLead(formatted, conversion) {
            out.append(contentsOf: formatted.prefix(lead))
            out.append(contentsOf: String(repeating: "0", count: missing).unicodeScalars)
            out.append(contentsOf: formatted.dropFirst(lead))
        } else {
            out.append(contentsOf: String(repeating: " ", count: missing).unicodeScalars)
            out.append(contentsOf: formatted)
        }
    }

    /// For a formatted number, how many leading scalars (sign, base prefix) zero padding goes
    /// after; nil for text, which Python pads with spaces even with `0`.
    func numericLead(_ formatted: String.UnicodeScalarView, _ conversion: Unicode.Scalar) -> Int? {
        guard "diuxXoeEfFgG".unicodeScalars.contains(conversion) else { return nil }
        let characters = Array(formatted)
        var lead = 0
        if let first = characters.first, "-+ ".unicodeScalars.contains(first) { lead = 1 }
        if characters.count >= lead + 2, characters[lead] == "0", "xXo".unicodeScalars.contains(characters[lead + 1]) {
            lead += 2
        }
        return lead
    }

    /// `str(dict)`: Python's repr of the mapping, in its order.
    func mappingRepr() -> String {
        "{" + names.map { "\(pythonRepr($0.key)): \($0.value.repr)" }.joined(separator: ", ") + "}"
    }

    /// Python's `ascii()` of a repr: every scalar beyond ASCII escaped.
    func asciiRepr(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                result.unicodeScalars.append(scalar)
            } else {
                result += scalar.pythonEscaped
            }
        }
        return result
    }

    func unsupported(_ conversion: Unicode.Scalar) -> ConfigError {
        let shown = conversion.value >= 32 && conversion.value < 127 ? Character(conversion) : "?"
        let hex = String(conversion.value, radix: 16)
        return badFormat("unsupported format character '\(shown)' (0x\(hex)) at index \(position - 1)")
    }

    func badFormat(_ detail: String) -> ConfigError {
        ConfigError(
            .badExpansion,
            "Format string \(pythonRepr(text)) for \(pythonRepr(optionName)) is badly formatted: \(detail)")
    }
}
