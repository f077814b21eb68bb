/// supervisorctl's exit codes (LSB init-script and status conventions, supervisorctl.py).
package enum ExitStatus {
    package static let success: Int32 = 0
    package static let generic: Int32 = 1
    package static let invalidArgs: Int32 = 2
    package static let unimplementedFeature: Int32 = 3
    package static let insufficientPrivileges: Int32 = 4
    package static let notInstalled: Int32 = 5
    package static let notRunning: Int32 = 7
    /// `status` only: some listed process is stopped.
    package static let statusNotRunning: Int32 = 3
    /// `status` only: a bad name, or the daemon could not be checked.
    package static let statusUnknown: Int32 = 4
}
