import CSpawn
import Glibc

/// A failed system call: its name and errno, worded like Python's OSError where supervisor
/// shows it (`[Errno 2] No such file or directory`).
struct SystemError: Error, CustomStringConvertible {
    var call: String
    var code: Int32

    /// The symbolic name (`ENOENT`).
    var name: String { bosun_errno_name(code).map { String(cString: $0) } ?? "errno \(code)" }

    var description: String { "[Errno \(code)] \(String(cString: strerror(code)))" }

    /// Runs `body` until it does not fail with EINTR; throws on -1.
    @discardableResult
    static func retrying<T: BinaryInteger>(_ call: String, _ body: () -> T) throws(SystemError) -> T {
        while true {
            let result = body()
            if result == -1 {
                if errno == EINTR { continue }
                throw SystemError(call: call, code: errno)
            }
            return result
        }
    }
}
