import BosunCore

/// A parsed INI file with the rules of Python's `RawConfigParser` as supervisor configures it:
/// `=` or `:` delimiters, keys lower-cased, `;`/`#` full-line comments and inline comments after
/// whitespace, indented continuation lines, duplicate sections merged (strict=False), and a
/// `[DEFAULT]` section whose keys every section inherits.
///
/// Invariant: `sections` keeps file order; each value remembers the line it was defined on.
package struct INIDocument: Sendable {
    package struct Entry: Sendable, Hashable {
        package var key: String
        package var value: String
        /// 1-based line of the `key =` line.
        package var line: Int
    }

    package struct Section: Sendable {
        package var name: String
        package var line: Int
        package var entries: [Entry] = []

        package func entry(_ key: String) -> Entry? { entries.last { $0.key == key } }
    }

    package var path: String
    package private(set) var sections: [Section] = []
    package private(set) var defaults: [Entry] = []
    /// Where each section is in `sections`, so that neither parsing nor a lookup walks them all.
    private var indexByName: [String: Int] = [:]

    /// The section called `name`, if present.
    package func section(_ name: String) -> Section? { indexByName[name].map { sections[$0] } }

    /// The value of `key` in `section`, falling back to `[DEFAULT]`.
    package func entry(_ section: String, _ key: String) -> Entry? {
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
    package init(parsing text: String, path: String) throws(ConfigError) {
        self.path = path
        var current: Int? = nil  // index in sections; -1 for DEFAULT
        var inDefault = false
        var option: (section: Int?, isDefault: Bool, index: Int)? = nil
        var pendingBlank = 0
        var indentLevel = 0
        var badLines: [(Int, String)] = []
        var sawSection = false

        let lines = Self.universalNewlines(text).unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, line) in lines.enumerated() {
            let lineNumber = offset + 1
            if offset == lines.count - 1 && line.isEmpty { break }
            // Python's configparser works on code points, so this does too: a combining mark
            // after `=` or `]` must not hide the delimiter inside one Character.
            let raw = Array(line)
            let commentStart = Self.commentStart(raw)
            let value = Self.stripped(raw[..<(commentStart ?? raw.count)])
            if value.isEmpty {
                // Blank lines inside a value are kept, unless the line held a comment.
                if commentStart == nil && option != nil { pendingBlank += 1 }
                continue
            }
            let indent = raw.prefix { $0.isPythonSpace }.count
            if let open = option, indent > indentLevel {
                let addition = String(repeating: "\n", count: pendingBlank) + "\n" + Self.text(value)
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
            if value.first == "[", let close = value.lastIndex(of: "]"), close > value.startIndex + 1 {
                let name = Self.text(value[(value.startIndex + 1)..<close])
                sawSection = true
                option = nil
                if name == "DEFAULT" {
                    inDefault = true
                    current = nil
                } else if let existing = indexByName[name] {
                    inDefault = false
                    current = existing
                } else {
                    inDefault = false
                    sections.append(Section(name: name, line: lineNumber))
                    current = sections.count - 1
                    indexByName[name] = current
                }
                continue
            }
            // The line as Python's file iteration gives it: with its newline, unless it is the
            // file's unterminated last line.
            let rawText = Self.text(raw[...]) + (offset < lines.count - 1 ? "\n" : "")
            guard sawSection else {
                throw ConfigError(
                    .noSectionHeaders,
                    "File contains no section headers.\nfile: \(pythonRepr(path)), line: \(lineNumber)\n\(pythonRepr(rawText))",
                    file: path, line: lineNumber)
            }
            guard let delimiter = value.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                // configparser keeps the option it was reading: an indented line after this
                // one still continues it (the file is refused at the end either way).
                badLines.append((lineNumber, rawText))
                continue
            }
            guard !Self.stripped(value[..<delimiter]).isEmpty else {
                badLines.append((lineNumber, rawText))
                option = nil
                continue
            }
            let key = Self.text(Self.stripped(value[..<delimiter])).lowercased()
            let optionValue = Self.text(Self.stripped(value[(delimiter + 1)...]))
            let entry = Entry(key: key, value: optionValue, line: lineNumber)
            if inDefault {
                option = (nil, true, Self.put(entry, into: &defaults))
            } else if let s = current {
                option = (s, false, Self.put(entry, into: &sections[s].entries))
            }
        }
        if !badLines.isEmpty {
            var message = "Source contains parsing errors: \(pythonRepr(path))"
            for (number, line) in badLines { message += "\n\t[line \(String(number).leftPadded(to: 2))]: \(pythonRepr(line))" }
            throw ConfigError(.parsingErrors, message, file: path, line: badLines[0].0)
        }
    }

    /// Stores `entry` as a dict stores a key: a key seen before keeps its place and takes the
    /// new value and line. Returns the entry's index.
    private static func put(_ entry: Entry, into entries: inout [Entry]) -> Int {
        if let existing = entries.firstIndex(where: { $0.key == entry.key }) {
            entries[existing] = entry
            return existing
        }
        entries.append(entry)
        return entries.count - 1
    }

    private static func text(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        String(String.UnicodeScalarView(scalars))
    }

    /// Python's `str.strip()` of a slice.
    private static func stripped(_ scalars: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        var slice = scalars
        while let first = slice.first, first.isPythonSpace { slice.removeFirst() }
        while let last = slice.last, last.isPythonSpace { slice.removeLast() }
        return slice
    }

    /// Where an inline or full-line comment starts, as RawConfigParser finds it: a `;` or `#`
    /// at the start of the stripped line, or after whitespace.
    static func commentStart(_ line: [Unicode.Scalar]) -> Int? {
        if let first = stripped(line[...]).first, first == "#" || first == ";" { return 0 }
        var previousIsSpace = true
        for (index, scalar) in line.enumerated() {
            if (scalar == ";" || scalar == "#") && previousIsSpace { return index }
            previousIsSpace = scalar.isPythonSpace
        }
        return nil
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
