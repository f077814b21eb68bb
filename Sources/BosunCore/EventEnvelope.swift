/// The header supervisord writes before each event (process.py `_eventEnvelope`):
/// `ver:3.0 server:ID serial:N pool:P poolserial:M eventname:NAME len:L\n`.
///
/// `len` counts the payload's bytes. supervisor 4.3.0 counts characters, which breaks every
/// payload with non-ASCII text; bosund does not copy that (docs/compatibility.md).
package enum EventEnvelope {
    /// - Parameter characters: count the payload's characters (supervisor 4's way) instead.
    package static func header(
        identifier: String, serial: Int, pool: String, poolSerial: Int, eventName: String, payload: [UInt8],
        characters: Bool = false
    ) -> String {
        let length = characters ? String(decoding: payload, as: UTF8.self).unicodeScalars.count : payload.count
        return "ver:3.0 server:\(identifier) serial:\(serial) pool:\(pool) poolserial:\(poolSerial) eventname:\(eventName) len:\(length)\n"
    }

    /// The PROCESS_STATE payload: `processname:X groupname:G from_state:S` plus extras.
    package static func processState(name: String, group: String, from: ProcessState, extras: [(String, String)]) -> String {
        ([("processname", name), ("groupname", group), ("from_state", from.name)] + extras)
            .map { "\($0.0):\($0.1)" }.joined(separator: " ")
    }

    /// The start of the time slice `period` seconds long that contains `time` (`timeslice`).
    package static func timeslice(_ period: Int, _ time: Double) -> Int {
        let seconds = Int(time.rounded(.down))
        return seconds - seconds % period
    }
}
