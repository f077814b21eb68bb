/// What running one command line came to.
package struct CommandOutcome: Sendable, Equatable {
    /// The exit status supervisorctl leaves for the line.
    package var status: Int32
    /// `quit`, `exit` or end of input: the shell stops.
    package var endsSession: Bool
}
