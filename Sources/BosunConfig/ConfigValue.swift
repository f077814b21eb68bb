package import BosunCore

/// supervisor's value conversions (datatypes.py), with its error texts. Each throws a
/// `ConfigValueError` whose message the reader places in its section and file.
package enum ConfigValue {
    /// `integer()`: Python's `int(str)`. A literal beyond 64 bits, which Python takes, is the
    /// nearest 64-bit value.
    package static func integer(_ text: String) throws(ConfigValueError) -> Int {
        if let value = pythonInt(text) { return value }
        var digits = Substring(text.trimmingWhitespace().removingUnderscoresBetweenDigits())
        let negative = digits.first == "-"
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        if !digits.isEmpty && digits.allSatisfy({ $0.isASCII && $0.isNumber }) { return negative ? .min : .max }
        throw ConfigValueError("invalid literal for int() with base 10: \(pythonRepr(text))")
    }

    package static func boolean(_ text: String) throws(ConfigValueError) -> Bool {
        switch text.lowercased() {
        case "yes", "true", "on", "1": return true
        case "no", "false", "off", "0": return false
        default: throw ConfigValueError("not a valid boolean value: \(pythonRepr(text))")
        }
    }

    /// `byte_size`: `KB`, `MB`, `GB` suffixes, 1024-based, case-insensitive. A size beyond
    /// Int's range saturates (Python's int would grow; either way it is never reached).
    package static func byteSize(_ text: String) throws(ConfigValueError) -> Int {
        let lower = text.lowercased()
        for (suffix, multiplier) in [("kb", 1024), ("mb", 1024 * 1024), ("gb", 1024 * 1024 * 1024)] where lower.hasSuffix(suffix) {
            let number = try integer(String(lower.dropLast(2)))
            let (size, overflow) = number.multipliedReportingOverflow(by: multiplier)
            return overflow ? (number < 0 ? .min : .max) : size
        }
        return try integer(lower)
    }

    package static func octal(_ text: String) throws(ConfigValueError) -> Int {
        var digits = text.trimmingWhitespace()
        if digits.hasPrefix("0o") || digits.hasPrefix("0O") { digits = String(digits.dropFirst(2)) }
        guard let value = Int(digits, radix: 8) else {
            throw ConfigValueError("\(text) can not be converted to an octal type")
        }
        return value
    }

    package static func exitCodes(_ text: String) throws(ConfigValueError) -> [Int] {
        guard !text.isEmpty else { return [] }
        var codes: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let code = try? integer(String(part)), (0...255).contains(code) else {
                throw ConfigValueError("not a valid list of exit codes: \(pythonRepr(text))")
            }
            codes.append(code)
        }
        return codes
    }

    package static func listOfStrings(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        return text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
    }

    package static func autoRestart(_ text: String) throws(ConfigValueError) -> AutoRestart {
        let lower = text.lowercased()
        switch lower {
        case "yes", "true", "on", "1": return .always
        case "no", "false", "off", "0": return .never
        case "unexpected": return .unexpected
        default: throw ConfigValueError("invalid 'autorestart' value \(pythonRepr(lower))")
        }
    }

    package static func signal(_ text: String) throws(ConfigValueError) -> Int32 {
        switch Signal.number(text) {
        case .success(let number): return number
        case .failure(let error): throw ConfigValueError(error.message)
        }
    }

    package static func logLevel(_ text: String) throws(ConfigValueError) -> LogLevel {
        guard let level = LogLevel(description: text) else {
            throw ConfigValueError("bad logging level name \(pythonRepr(text))")
        }
        return level
    }

    /// `process_or_group_name`: no space, colon or slash.
    package static func processOrGroupName(_ text: String) throws(ConfigValueError) -> String {
        let name = text.trimmingWhitespace()
        for character in [" ", ":", "/"] where name.contains(character) {
            throw ConfigValueError("Invalid name: \(pythonRepr(text)) because of character: '\(character)'")
        }
        return name
    }

    /// `inet_address`: `host:port`, `:port`, `*:port` or `port`; an empty host means all interfaces.
    package static func inetAddress(_ text: String) throws(ConfigValueError) -> (host: String, port: Int) {
        var host = ""
        var portText = text
        if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon]).lowercased()
            portText = String(text[text.index(after: colon)...])
            if portText.isEmpty { throw ConfigValueError("no port number specified in \(pythonRepr(portText))") }
            let port = try integer(portText)
            guard (1...0xFFFF).contains(port) else { throw ConfigValueError(portRangeMessage(port)) }
            return (host == "*" ? "" : host, port)
        }
        guard let port = try? integer(portText), (1...0xFFFF).contains(port) else {
            throw ConfigValueError("not a valid port number: \(pythonRepr(text)) ")
        }
        return ("", port)
    }

    /// `existing_directory` (after `~` expansion to the world's home).
    package static func existingDirectory(_ path: String, in world: any ConfigWorld) throws(ConfigValueError) -> String {
        let expanded = PathNormalization.expandUser(path, home: world.home)
        guard world.isDirectory(expanded) else { throw ConfigValueError("\(path) is not an existing directory") }
        return expanded
    }

    /// `existing_dirpath`: the directory part, if any, must exist.
    package static func existingDirpath(_ path: String, in world: any ConfigWorld) throws(ConfigValueError) -> String {
        let expanded = PathNormalization.expandUser(path, home: world.home)
        let directory = PathNormalization.dirname(expanded)
        guard directory.isEmpty || world.isDirectory(directory) else {
            throw ConfigValueError("The directory named as part of the path \(path) does not exist")
        }
        return expanded
    }

    private static func portRangeMessage(_ port: Int) -> String {
        port < 1 ? "\(port) is below lower bound (1)" : "\(port) is above upper bound (65535)"
    }

    /// `dict_of_key_value_pairs`: `K="v",K2=v2` via shlex, quotes stripped from values.
    package static func keyValuePairs(_ text: String) throws(ConfigValueError) -> [(String, String)] {
        let tokens = try ShlexTokenizer.tokens(text)
        var pairs: [(String, String)] = []
        var index = 0
        while index < tokens.count {
            guard index + 2 < tokens.count, tokens[index + 1] == "=" else {
                throw ConfigValueError("Unexpected end of key/value pairs in value '\(text)'")
            }
            let value = tokens[index + 2].trimmingCharacters(in: "'\"")
            // A repeated key keeps its first place and takes the last value, as a dict does.
            if let existing = pairs.firstIndex(where: { $0.0 == tokens[index] }) {
                pairs[existing].1 = value
            } else {
                pairs.append((tokens[index], value))
            }
            index += 4
        }
        return pairs
    }
}

/// A conversion failure, in supervisor's words, before the reader adds where it happened.
package struct ConfigValueError: Error {
    package var message: String
    init(_ message: String) { self.message = message }
}
