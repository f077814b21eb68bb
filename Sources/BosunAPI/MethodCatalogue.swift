/// One XML-RPC method as supervisord publishes it.
package struct MethodDescription: Sendable, Hashable {
    package var name: String
    /// `[return type, parameter types...]`, or nil where the docstring has no `@return`.
    package var signature: [String]?
    /// The docstring `system.methodHelp` returns.
    package var help: String
}

/// The fixed table of method names supervisord 4.3.0 publishes (41, aliases included), and
/// bosund's own (`bosunMethods`). The daemon dispatches only names found here: no name is
/// ever resolved to anything else.
package enum MethodCatalogue {
    package static func method(named name: String) -> MethodDescription? {
        methods.first { $0.name == name }
    }
}
