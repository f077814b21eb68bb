/// One fuzz target: a name (the corpus folder's and `BOSUN_FUZZ_TARGET`'s) and a function that
/// feeds bytes to a parser and traps when one of the parser's invariants does not hold.
///
/// Invariant: `run` never throws and has no effect outside its own temporary files; any crash
/// or `fuzzCheck` failure is a finding.
package struct FuzzTarget: Sendable {
    package let name: String
    package let run: @Sendable ([UInt8]) -> Void

    package init(_ name: String, _ run: @escaping @Sendable ([UInt8]) -> Void) {
        self.name = name
        self.run = run
    }

    /// Every target, in the order scripts/libfuzz runs them.
    package static let all: [FuzzTarget] = [
        FuzzTarget("xmlrpc", XMLRPCRoundTripTarget.run),
        FuzzTarget("xmlrpc-chunked", XMLRPCChunkedTarget.run),
        FuzzTarget("http-request", HTTPRequestTarget.run),
        FuzzTarget("config-ini", ConfigINITarget.run),
        FuzzTarget("config-reader", ConfigReaderTarget.run),
        FuzzTarget("listener-protocol", ListenerProtocolTarget.run),
        FuzzTarget("capture-tokens", CaptureScannerTarget.run),
        FuzzTarget("script-parser", ScriptParserTarget.run),
        FuzzTarget("shell-words", ShellWordsTarget.run),
    ]

    package static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}

/// Traps with `message` when `condition` is false, in every build configuration (unlike
/// `assert`, which release builds drop, and fuzz builds are release builds).
func fuzzCheck(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("fuzz invariant failed: \(message())") }
}
