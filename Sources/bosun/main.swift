import BosunShell
import Glibc

exit(BosunMain.run(arguments: CommandLine.arguments))
