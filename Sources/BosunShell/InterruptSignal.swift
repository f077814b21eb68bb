import BosunControl
import Glibc

/// Ctrl-C handling for the shell: SIGINT sets `Interrupt` and makes blocking reads fail with
/// EINTR (no SA_RESTART), so a `tail -f`, `fg` or long call unwinds back to the prompt.
enum InterruptSignal {
    static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Interrupt.raise() }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        // A parent may have left SIGINT blocked (the mask survives exec); Ctrl-C must reach us.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
    }

    static var isPending: Bool { Interrupt.isPending }
}
