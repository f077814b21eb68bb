/// What running one command line came to.
package struct CommandOutcome: Sendable, Equatable {
    /// The exit status supervisorctl leaves for the line.
    package var status: Int32
    /// `quit`, `exit` or end of input: the shell stops.
    package var endsSession: Bool
    /// Why the daemon could not be reached (refused, timed out, ...), when a call failed below
    /// XML-RPC; a fleet reports the host as unreachable.
    package var unreachable: String? = nil
}
