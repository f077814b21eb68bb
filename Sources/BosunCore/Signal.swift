/// Signal names and numbers as Linux numbers them and Python's `signal` module names them, for
/// config values (`stopsignal=TERM`), RPC arguments (`signalProcess(x, "HUP")`) and log lines
/// (`terminated by SIGKILL`). Pure data: no signal is sent from here.
package enum Signal {
    /// Every name Python accepts, with and without aliases (`SIGIOT`, `SIGCLD`, `SIGPOLL`).
    static let numbersByName: [String: Int32] = [
        "SIGABRT": 6, "SIGALRM": 14, "SIGBUS": 7, "SIGCHLD": 17, "SIGCLD": 17, "SIGCONT": 18, "SIGFPE": 8,
        "SIGHUP": 1, "SIGILL": 4, "SIGINT": 2, "SIGIO": 29, "SIGIOT": 6, "SIGKILL": 9, "SIGPIPE": 13,
        "SIGPOLL": 29, "SIGPROF": 27, "SIGPWR": 30, "SIGQUIT": 3, "SIGRTMAX": 64, "SIGRTMIN": 34,
        "SIGSEGV": 11, "SIGSTKFLT": 16, "SIGSTOP": 19, "SIGSYS": 31, "SIGTERM": 15, "SIGTRAP": 5,
        "SIGTSTP": 20, "SIGTTIN": 21, "SIGTTOU": 22, "SIGURG": 23, "SIGUSR1": 10, "SIGUSR2": 12,
        "SIGVTALRM": 26, "SIGWINCH": 28, "SIGXCPU": 24, "SIGXFSZ": 25,
    ]

    /// The name supervisor prints for each number (Python's last-defined alias wins).
    static let namesByNumber: [Int32: String] = [
        1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS",
        8: "SIGFPE", 9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2", 13: "SIGPIPE", 14: "SIGALRM",
        15: "SIGTERM", 16: "SIGSTKFLT", 17: "SIGCHLD", 18: "SIGCONT", 19: "SIGSTOP", 20: "SIGTSTP",
        21: "SIGTTIN", 22: "SIGTTOU", 23: "SIGURG", 24: "SIGXCPU", 25: "SIGXFSZ", 26: "SIGVTALRM",
        27: "SIGPROF", 28: "SIGWINCH", 29: "SIGPOLL", 30: "SIGPWR", 31: "SIGSYS", 34: "SIGRTMIN", 64: "SIGRTMAX",
    ]

    /// Numbers supervisor accepts: every named signal, and 0 (Python's `SIG_DFL` passes its check).
    static let validNumbers: Set<Int32> = Set(namesByNumber.keys).union([0])

    /// `signame()`: `SIGTERM`, or `signal 35` for an unnamed number.
    package static func name(_ number: Int32) -> String {
        namesByNumber[number] ?? "signal \(number)"
    }

    /// `signal_number()`: a number, or a name with or without `SIG` in any case. The error is
    /// supervisor's message (`value 'FOO' is not a valid signal name`).
    package static func number(_ value: String) -> Result<Int32, SignalError> {
        let number: Int32
        if let parsed = pythonInt(value).flatMap(Int32.init(exactly:)) {
            number = parsed
        } else {
            var name = value.trimmingWhitespace().uppercased()
            if !name.hasPrefix("SIG") { name = "SIG" + name }
            guard let found = numbersByName[name] else {
                return .failure(SignalError(message: "value \(pythonRepr(value)) is not a valid signal name"))
            }
            number = found
        }
        guard validNumbers.contains(number) else {
            return .failure(SignalError(message: "value \(pythonRepr(value)) is not a valid signal number"))
        }
        return .success(number)
    }
}

package struct SignalError: Error, Sendable, Hashable {
    package var message: String
}
