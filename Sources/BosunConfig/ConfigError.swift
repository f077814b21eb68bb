/// A configuration problem, worded as supervisor words it, with the place it was found.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        case fileNotFound
        case unreadable
        case noSectionHeaders
        case parsingErrors
        case missingSection
        case badExpansion
        /// A value, section or combination supervisor refuses.
        case badValue
    }

    public var code: Code
    /// The message supervisor would print (without its `Error: ` prefix).
    public var message: String
    public var file: String?
    public var line: Int?

    public init(_ code: Code, _ message: String, file: String? = nil, line: Int? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    public var description: String { message }
}
