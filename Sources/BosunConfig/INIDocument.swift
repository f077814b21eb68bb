import BosunCore

/// A parsed INI file with the rules of Python's `RawConfigParser` as supervisor configures it:
/// `=` or `:` delimiters, keys lower-cased, `;`/`#` full-line comments and inline comments after
/// whitespace, indented continuation lines, duplicate sections merged (strict=False), and a
/// `[DEFAULT]` section whose keys every section inherits.
///
/// Invariant: `sections` keeps file order; each value remembers the line it was defined on.
public struct INIDocument: Sendable {
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: String
        /// 1-based line of the `key =` line.
        public var line: Int
    }

    public struct Section: Sendable {
        public var name: String
        public var line: Int
        public var entries: [Entry] = []

        public func entry(_ key: String) -> Entry? { entries.last { $0.key == key } }
    }

    public var path: String
    public private(set) var sections: [Section] = []
    public private(set) var defaults: [Entry] = []

    /// The section called `name`, if present.
    public func section(_ name: String) -> Section? { sections.first { $0.name == name } }

    /// The value of `key` in `section`, falling back to `[DEFAULT]`.
    public func entry(_ section: String, _ key: String) -> Entry? {
        self.section(section)?.entry(key) ?? defaults.last { $0.key == key }
    }

    /// The text as Python reads a file in text mode: `\r\n` and a lone `\r` end a line as `\n`
    /// does. (Splitting on "\n" alone misses `\r\n`, which a Swift Character holds whole.)
    static func universalNewlines(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "\r")) else { return text }
        var scalars = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            if scalar == "\n" && afterCR { continue }
            scalars.append(scalar == "\r" ? "\n" : scalar)
        }
        return String(scalars)
    }

    /// Parses `text`; `path` names the file in errors.
    public init(parsing text: String, path: String) throws(ConfigError) {
        self.path = path
        var current: Int? = nil  // index in sections; -1 for DEFAULT
        var inDefault = false
        var option: (section: Int?, isDefault: Bool, index: Int)? = nil
        var pendingBlank = 0
        var indentLevel = 0
        var badLines: [(Int, String)] = []
        var sawSection = false

        let lines = Self.universalNewlines(text).split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, rawSubstring) in lines.enumerated() {
            let lineNumber = offset + 1
            if offset == lines.count - 1 && rawSubstring.isEmpty { break }
            var raw = String(rawSubstring)
            if raw.hasSuffix("\r") { raw.removeLast() }
            let commentStart = Self.commentStart(raw)
            let value = (commentStart.map { String(raw.prefix($0)) } ?? raw).trimmingWhitespace()
            if value.isEmpty {
                // Blank lines inside a value are kept, unless the line held a comment.
                if commentStart == nil && option != nil { pendingBlank += 1 }
                continue
            }
            let indent = raw.prefix { $0 == " " || $0 == "\t" }.count
            if let open = option, indent > indentLevel {
                let addition = String(repeating: "\n", count: pendingBlank) + "\n" + value
                pendingBlank = 0
                if open.isDefault {
                    defaults[open.index].value += addition
                } else if let s = open.section {
                    sections[s].entries[open.index].value += addition
                }
                continue
            }
            pendingBlank = 0
            indentLevel = indent
            if value.hasPrefix("["), let close = value.lastIndex(of: "]"),
                value.index(after: value.startIndex) < close
            {
                let name = String(value[value.index(after: value.startIndex)..<close])
                sawSection = true
                option = nil
                if name == "DEFAULT" {
                    inDefault = true
                    current = nil
                } else if let existing = sections.firstIndex(where: { $0.name == name }) {
                    inDefault = false
                    current = existing
                } else {
                    inDefault = false
                    sections.append(Section(name: name, line: lineNumber))
                    current = sections.count - 1
                }
                continue
            }
            guard sawSection else {
                throw ConfigError(
                    .noSectionHeaders,
                    "File contains no section headers.\nfile: '\(path)', line: \(lineNumber)\n'\(raw)\\n'",
                    file: path, line: lineNumber)
            }
            guard let delimiter = value.firstIndex(where: { $0 == "=" || $0 == ":" }),
                !String(value[..<delimiter]).trimmingWhitespace().isEmpty
            else {
                badLines.append((lineNumber, raw))
                option = nil
                continue
            }
            let key = String(value[..<delimiter]).trimmingWhitespace().lowercased()
            let optionValue = String(value[value.index(after: delimiter)...]).trimmingWhitespace()
            let entry = Entry(key: key, value: optionValue, line: lineNumber)
            if inDefault {
                defaults.removeAll { $0.key == key }
                defaults.append(entry)
                option = (nil, true, defaults.count - 1)
            } else if let s = current {
                sections[s].entries.removeAll { $0.key == key }
                sections[s].entries.append(entry)
                option = (s, false, sections[s].entries.count - 1)
            }
        }
        if !badLines.isEmpty {
            var message = "Source contains parsing errors: \(Expansion.pythonRepr(path))"
            for (number, line) in badLines { message += "\n\t[line \(String(number).leftPadded(to: 2))]: '\(line)\\n'" }
            throw ConfigError(.parsingErrors, message, file: path, line: badLines[0].0)
        }
    }

    /// Where an inline or full-line comment starts, as RawConfigParser finds it.
    static func commentStart(_ line: String) -> Int? {
        let stripped = line.trimmingWhitespace()
        if stripped.hasPrefix("#") || stripped.hasPrefix(";") { return 0 }
        var previousIsSpace = true
        for (index, character) in line.enumerated() {
            if (character == ";" || character == "#") && previousIsSpace { return index }
            previousIsSpace = character.isWhitespace
        }
        return nil
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
