/// One XML-RPC method as supervisord publishes it.
public struct MethodDescription: Sendable, Hashable {
    public var name: String
    /// `[return type, parameter types...]`, or nil where the docstring has no `@return`.
    public var signature: [String]?
    /// The docstring `system.methodHelp` returns.
    public var help: String
}

/// The fixed table of method names supervisord 4.3.0 publishes (41, aliases included). The
/// daemon dispatches only names found here: no name is ever resolved to anything else.
public enum MethodCatalogue {
    public static func method(named name: String) -> MethodDescription? {
        methods.first { $0.name == name }
    }
}
