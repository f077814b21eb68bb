package import XMLRPC

/// What `bosun.waitForChange` answers: `{'serial': int, 'changed': boolean}`.
package struct ChangeReport: Sendable, Hashable {
    /// The daemon's change serial when it answered: the serial to pass to the next call.
    package var serial: Int
    /// Whether `serial` differs from the serial the call gave: something changed since.
    package var changed: Bool

    package init(serial: Int, changed: Bool) {
        self.serial = serial
        self.changed = changed
    }

    package var xmlrpcValue: XMLRPCValue { ["serial": .int(serial), "changed": .bool(changed)] }

    package init(_ value: XMLRPCValue) throws(APIDecodingError) {
        let fields = Fields(value, what: "change report")
        serial = try fields.int("serial")
        changed = try fields.bool("changed")
    }
}
