/// The output of one command line as it is produced, and the exit status it leaves.
///
/// Invariant: `status` is the last status any step of the line set (supervisorctl's
/// `exitstatus`: a later write wins); it starts at success for every line. Commands that run
/// others (`restart`, `open`) share their output.
final class CommandOutput {
    let streams: any OutputStreams
    var status = ExitStatus.success
    /// Why the daemon could not be reached, when a call of the line failed below XML-RPC.
    var unreachable: String?

    init(streams: any OutputStreams) { self.streams = streams }

    /// One line on standard output, whatever the command.
    func line(_ text: String) { streams.write(text + "\n") }
}
