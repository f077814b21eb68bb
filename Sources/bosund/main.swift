import BosunDaemon
import Glibc

/// bosund: a drop-in for supervisord.
var environment: [String: String] = [:]
var pointer = environ
while let entry = pointer.pointee {
    let text = String(cString: entry)
    if let equals = text.firstIndex(of: "=") {
        environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
    }
    pointer += 1
}
let arguments = CommandLine.arguments
exit(Daemon.main(program: arguments[0], arguments: Array(arguments.dropFirst()), environment: environment))
