extension MethodCatalogue {
    /// bosund's own methods (`BosunMethod`), written by hand in the layout of supervisor's
    /// docstrings (a summary, then `@param` and `@return` lines), so that `system.methodHelp`
    /// and `system.methodSignature` answer for them as for supervisor's.
    package static let bosunMethods: [MethodDescription] = [
        MethodDescription(
            name: "bosun.waitForChange",
            signature: ["struct", "int", "double"],
            help: """
                 Wait until something changes in bosund, or until a timeout passes.

                        bosund counts changes: every process state change, every change of
                        its own state (RUNNING, RESTARTING, SHUTDOWN) and every process group
                        added or removed moves its change serial on by one (after 2147483647
                        it goes on at 0). The call answers at once when the serial differs
                        from the one given (a negative one always does) or the timeout is 0;
                        otherwise it is held until the next change or the timeout, without
                        any polling. Changes made in one turn of the daemon's loop are
                        answered together. Inside system.multicall it never waits: it answers
                        as with a timeout of 0. At most 256 calls are held at once (more are
                        refused with FAILED); a held call whose connection closes is dropped,
                        and held calls get SHUTDOWN_STATE when the daemon stops.

                        @param int serial      the serial of the caller's last answer, or -1
                        @param double timeout  seconds to wait at most (an int or a double):
                                               0 answers at once, more than 300 waits 300
                        @return struct result  {'serial': int, the change serial now,
                                               'changed': boolean, whether it differs from
                                               the serial given}

                """
        ),
        MethodDescription(
            name: "bosun.getAllProcessDetails",
            signature: ["array"],
            help: """
                 Get bosund's readiness and start-order details of every process.

                        One struct per process, in getAllProcessInfo's order: how its start
                        proves it is ready, the processes it depends on and that depend on
                        it (depends_on resolved over the active groups), what it does when a
                        dependency fails, and what its start waits for, if it waits.

                        @return array result  [{'name': string, 'group': string,
                                              'ready_check': string, 'depends_on': array,
                                              'missing': array (depends_on names matching
                                              no active process), 'dependents': array,
                                              'on_dependency_exit': string,
                                              'waiting_for': string ('' when not waiting)}]

                """
        ),
        MethodDescription(
            name: "bosun.getAllProcessResources",
            signature: ["array"],
            help: """
                 Get what every process has used, and how often it was restarted.

                        One struct per process, in getAllProcessInfo's order. CPU seconds and
                        resident memory are those of the running child and every process
                        under it, read from /proc on the daemon's machine off the event loop;
                        they are left out while the process is not running. Restarts are its
                        spawns after the first since bosund started. Inside system.multicall
                        it is refused (FAILED): it answers once /proc is read.

                        @return array result  [{'name': string, 'group': string, 'pid': int,
                                              'cpu_seconds': double, 'resident_bytes':
                                              double, 'restarts': int}]

                """
        ),
        MethodDescription(
            name: "bosun.rotateProcessLogs",
            signature: ["boolean", "string"],
            help: """
                 Rotate a process's stdout and stderr log files now.

                        Each log file that holds anything becomes its first backup (NAME.1,
                        or NAME.1.gz compressed off the event loop with
                        *_logfile_compress=gzip), older backups shift up and at most
                        *_logfile_backups are kept; the process goes on writing to a new,
                        empty file. With *_logfile_backups=0 the old bytes are dropped, as
                        rotation by size drops them. A process that is not running has its
                        files rotated all the same; a channel logged to a special file
                        (/dev/stdout) or nowhere is left as it is.

                        @param string name   the process name (or 'group:name')
                        @return boolean result  always true unless error

                """
        ),
        MethodDescription(
            name: "bosun.rotateAllProcessLogs",
            signature: ["array"],
            help: """
                 Rotate the stdout and stderr log files of every process now.

                        As bosun.rotateProcessLogs for each process, in priority order.

                        @return array result  an array of process status info structs

                """
        ),
    ]
}
