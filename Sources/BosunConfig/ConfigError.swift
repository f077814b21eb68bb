/// A configuration problem, worded as supervisor words it, with the place it was found.
package struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    package enum Code: Sendable, Hashable {
        case fileNotFound
        case unreadable
        case noSectionHeaders
        case parsingErrors
        case missingSection
        case badExpansion
        /// A value, section or combination supervisor refuses.
        case badValue
    }

    package var code: Code
    /// The message supervisor would print (without its `Error: ` prefix).
    package var message: String
    package var file: String?
    package var line: Int?

    package init(_ code: Code, _ message: String, file: String? = nil, line: Int? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    package var description: String { message }
}
