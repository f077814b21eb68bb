/// supervisorctl's exit codes (LSB init-script and status conventions, supervisorctl.py).
public enum ExitStatus {
    public static let success: Int32 = 0
    public static let generic: Int32 = 1
    public static let invalidArgs: Int32 = 2
    public static let unimplementedFeature: Int32 = 3
    public static let insufficientPrivileges: Int32 = 4
    public static let notInstalled: Int32 = 5
    public static let notRunning: Int32 = 7
    /// `status` only: some listed process is stopped.
    public static let statusNotRunning: Int32 = 3
    /// `status` only: a bad name, or the daemon could not be checked.
    public static let statusUnknown: Int32 = 4
}
