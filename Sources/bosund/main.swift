import BosunDaemon
import BosunPlatform
import Glibc

/// bosund: a drop-in for supervisord.
let arguments = CommandLine.arguments
exit(Daemon.main(program: arguments[0], arguments: Array(arguments.dropFirst()), world: SystemConfigWorld()))
