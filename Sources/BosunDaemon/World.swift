package import BosunConfig
package import BosunCore

/// Everything the supervisor core asks of the outside world: the time, running work later on
/// its loop, looking up and starting commands, signalling children and creating log files.
/// Reaped children come back through `Supervisor.reaped`.
///
/// `SystemWorld` does it with system calls and SwiftNIO; the simulation (Sources/BosunSimulation)
/// does it in memory on a virtual clock. Every call happens on the supervisor's loop.
package protocol World: AnyObject {
    var clock: any Clock { get }
    /// Runs `body` on the loop once the current work is done.
    func execute(_ body: @escaping () -> Void)
    /// Runs `body` on the loop after `delay` seconds, unless cancelled first.
    func schedule(after delay: Double, _ body: @escaping () -> Void) -> any ScheduledWork
    /// The file and argv `process`'s command runs as, found as supervisor finds them.
    func resolveCommand(_ command: String, path: String?) -> Result<ResolvedCommand, CommandProblem>
    /// Starts a child for `process`; its output goes where `routes` say.
    func spawn(_ request: SpawnRequest) -> SpawnOutcome
    /// Sends `signal` to `pid` (to its process group when `toGroup`); 0 or the errno.
    func signal(_ pid: Int32, _ signal: Int32, toGroup: Bool) -> Int32
    /// Creates a new empty file whose name begins with `prefix` and ends with eight random
    /// characters and `.log`; nil if none could be made.
    func createAutoLog(prefix: String) -> String?
    /// Watches the readiness check of the child `pid` that `request` started: its
    /// `routes.ready` runs on the loop when it passes. Nil for checks the spawn itself watches
    /// (`log:`, `fd:`) and for `startsecs`. The returned work stops watching (the start ended).
    func watchReadiness(_ request: SpawnRequest, pid: Int32) -> (any ScheduledWork)?
    /// A reaped child that is the world's own (a readiness command), not a process's; false
    /// if it is not one.
    func ownChildExited(pid: Int32, status: ExitStatus) -> Bool
    /// The `$NOTIFY_SOCKET` address children with `ready_check=notify` get; nil if the
    /// socket could not be made.
    func notifySocketAddress() -> String?
    /// A group none of whose members has a child any more gives back what it held for them
    /// (a FastCGI group's socket).
    func groupIdle(_ group: ProcessGroup)
    /// Every process on the machine as `/proc` shows it now (for `/metrics`: CPU and memory
    /// of each program's process tree; none where there is no `/proc`), handed to `completion`
    /// on the loop. Reading a few thousand `/proc` files takes tens of milliseconds, so it is
    /// read off the loop.
    func readProcessTable(_ completion: @escaping (ProcessTable) -> Void)
    /// Rotates the log file at `path` of a process that is not running (`rotate`): a regular
    /// file that holds anything becomes its first backup as `channel` configures them.
    func rotateLog(_ path: String, _ channel: ChannelConfig)
}

/// Work scheduled on the loop.
package protocol ScheduledWork {
    func cancel()
}

/// One spawn: the process, its group, its command, its environment, and where its output goes.
package struct SpawnRequest {
    package let process: SupervisedProcess
    package let group: ProcessGroup
    package let command: ResolvedCommand
    package let environment: [(String, String)]
    package let routes: OutputRoutes
}

/// Where a child's output goes, besides its log files: the core's handlers.
package struct OutputRoutes {
    /// Bytes of a listener's stdout (the protocol channel).
    package let listenerOutput: (([UInt8]) -> Void)?
    /// Bytes logged on a channel whose config enables PROCESS_LOG events.
    package let logged: (ChildOutput.Channel, [UInt8]) -> Void
    /// A captured `<!--XSUPERVISOR:BEGIN-->` block.
    package let captured: (ChildOutput.Channel, [UInt8]) -> Void
    /// The child with this pid passed its readiness check.
    package let ready: (Int32) -> Void
}

/// What became of a spawn: a child with its stdin (nil when stdin is a socket), or the
/// reason none started, in supervisor's words.
package enum SpawnOutcome {
    case spawned(pid: Int32, stdin: (any ChildInput)?)
    case failed(String)
}

/// The write end of a child's stdin.
package protocol ChildInput: AnyObject {
    /// Writes what the pipe takes now without blocking.
    func write(_ bytes: ArraySlice<UInt8>) -> ChildInputWrite
    func close()
}

package enum ChildInputWrite {
    case wrote(Int)
    case full
    case closed
}
