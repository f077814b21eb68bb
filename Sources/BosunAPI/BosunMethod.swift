package import XMLRPC

/// bosund's own methods, published as `bosun.*` beside supervisor's (docs/compatibility.md).
/// supervisord 4.3.0 has none of them and answers UNKNOWN_METHOD, which is how a client tells
/// the two apart. `MethodCatalogue.bosunMethods` holds their help and signatures; supervisor's
/// methods (`Method`) are not touched by them.
package enum BosunMethod: String, CaseIterable, Sendable {
    /// Held until the daemon's change serial moves or the timeout passes.
    case waitForChange = "bosun.waitForChange"
    /// Every process's readiness check, dependencies and what its start waits for.
    case getAllProcessDetails = "bosun.getAllProcessDetails"
    /// Every process's CPU, memory (from `/proc`) and restarts (`top`).
    case getAllProcessResources = "bosun.getAllProcessResources"
    /// Rotates a process's log files now (`rotate NAME`).
    case rotateProcessLogs = "bosun.rotateProcessLogs"
    /// Rotates every process's log files now (`rotate all`).
    case rotateAllProcessLogs = "bosun.rotateAllProcessLogs"

    /// How many parameters a call passes.
    package var arity: ClosedRange<Int> {
        switch self {
        case .waitForChange: 2...2
        case .getAllProcessDetails, .getAllProcessResources, .rotateAllProcessLogs: 0...0
        case .rotateProcessLogs: 1...1
        }
    }

    /// The parameters' names, for fault texts: `bosun.waitForChange(serial, timeout)`.
    package var parameterNames: [String] {
        switch self {
        case .waitForChange: ["serial", "timeout"]
        case .getAllProcessDetails, .getAllProcessResources, .rotateAllProcessLogs: []
        case .rotateProcessLogs: ["name"]
        }
    }

    /// Help and signature as bosund publishes them.
    package var catalogueEntry: MethodDescription { MethodCatalogue.bosunMethods.first { $0.name == rawValue }! }
}

extension XMLRPCCall {
    /// A call of one of bosund's own methods.
    package init(_ method: BosunMethod, _ params: [XMLRPCValue]) { self.init(method.rawValue, params) }
}
