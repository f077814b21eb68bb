/// A daemon on a unix socket in the sandbox, and the client section that finds it; without
/// `[rpcinterface:supervisor]`, which each config adds or leaves out.
package let unixSocketDaemon = """
    [unix_http_server]
    file=@DIR@/supervisor.sock

    [supervisord]
    logfile=@DIR@/supervisord.log
    pidfile=@DIR@/supervisord.pid
    childlogdir=@DIR@
    loglevel=info

    [supervisorctl]
    serverurl=unix://%(here)s/supervisor.sock

    """

/// A daemon on loopback TCP with Basic auth, its main log in the sandbox, the client section
/// that finds it with the same credentials, and its `supervisor.*` methods.
package func authenticatedInetDaemon(port: Int, username: String, password: String) -> String {
    """
    [inet_http_server]
    port=127.0.0.1:\(port)
    username=\(username)
    password=\(password)

    [supervisord]
    logfile=@DIR@/supervisord.log
    pidfile=@DIR@/supervisord.pid
    childlogdir=@DIR@

    [supervisorctl]
    serverurl=http://127.0.0.1:\(port)
    username=\(username)
    password=\(password)

    """ + rpcInterfaceSection
}

/// The section that gives supervisord its `supervisor.*` XML-RPC methods.
package let rpcInterfaceSection = """
    [rpcinterface:supervisor]
    supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

    """

/// The config most compatibility tests share: a running program, a manual one, one that goes
/// FATAL, a two-process group and a numprocs program, on a unix socket in the sandbox.
package let standardConfig = unixSocketDaemon + rpcInterfaceSection + """
    [program:sleeper]
    command=sleep 1000
    startsecs=1
    stopwaitsecs=5

    [program:manual]
    command=sleep 1000
    autostart=false
    startsecs=0

    [program:quick]
    command=false
    startsecs=1
    startretries=0
    autostart=true

    [program:missing]
    command=/nonexistent/binary
    autostart=false
    startretries=0

    [group:workers]
    programs=w1,w2
    priority=500

    [program:w1]
    command=sh -c 'echo hello from w1; echo "unicodé ✓"; sleep 1000'
    startsecs=0
    [program:w2]
    command=sh -c 'echo oops from w2 >&2; sleep 1000'
    startsecs=0

    [program:echo]
    command=cat
    startsecs=0

    [program:pool]
    command=sleep 1000
    process_name=%(program_name)s_%(process_num)02d
    numprocs=2
    startsecs=0
    """

/// The same daemon reached over TCP with Basic auth.
package let authConfig = """
    [inet_http_server]
    port=127.0.0.1:@PORT@
    username=admin
    password={SHA}d033e22ae348aeb5660fc2140aec35850c4da997

    [supervisord]
    logfile=@DIR@/supervisord.log
    pidfile=@DIR@/supervisord.pid
    childlogdir=@DIR@

    [rpcinterface:supervisor]
    supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

    [supervisorctl]
    serverurl=http://127.0.0.1:@PORT@

    [program:sleeper]
    command=sleep 1000
    startsecs=0
    """


/// A daemon that serves HTTP but has no `[rpcinterface:supervisor]`.
package let noRPCInterfaceConfig = unixSocketDaemon

/// Three programs whose priorities order their start (first, middle, last) and their stop.
package let priorityPrograms = """
    [program:middle]
    command=sleep 1000
    priority=10
    startsecs=0
    [program:first]
    command=sleep 1000
    priority=5
    startsecs=0
    [program:last]
    command=sleep 1000
    priority=20
    startsecs=0
    """

/// A program and a group whose names are not ASCII.
package let unicodeNamesConfig = unixSocketDaemon + rpcInterfaceSection + """
    [program:café]
    command=sh -c 'echo "grüße"; sleep 1000'
    startsecs=0
    [group:équipe]
    programs=naïve
    [program:naïve]
    command=sleep 1000
    startsecs=0
    autostart=false
    """
