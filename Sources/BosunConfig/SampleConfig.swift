/// What `bosund --sample-config` prints: supervisor's sample config (echo_supervisord_conf's)
/// for bosund, with every section (`[fcgi-program:x]` too) and bosund's own options, commented
/// out where they are optional. `bosund --check` accepts it as it is, and the install scripts
/// turn it into bosund.conf(5) and the installed config, so the three cannot drift apart.
///
/// Layout rules the man page generator (scripts/manpages.py) relies on: a section line is
/// `[name]` or `;[name]`; an option line is `name=value ; what it does`, or the same behind
/// `;`; every other `;` line is prose about the section that follows.
package enum SampleConfig {
    package static let text = """
        ; Sample bosund config file (bosund --sample-config).
        ;
        ; bosund reads supervisord's config: every section and option supervisor 4.3.0
        ; knows means the same here, and a supervisord.conf works as it is. Options marked
        ; (bosund) are bosund's own; supervisord ignores them.
        ;
        ; Notes:
        ;  - Shell expansion ("~" or "$HOME") is not supported.  Environment
        ;    variables can be expanded using this syntax: "%(ENV_HOME)s".
        ;  - Quotes around values are not supported, except in the case of
        ;    the environment= options as shown below.
        ;  - Comments must have a leading space: "a=b ;comment" not "a=b;comment".
        ;  - Command will be truncated if it looks like a config file comment, e.g.
        ;    "command=bash -c 'foo ; bar'" will truncate to "command=bash -c 'foo ".
        ;
        ; Warning:
        ;  Paths throughout this example file use /tmp because it is available on most
        ;  systems.  The installed /etc/bosun/bosund.conf uses /run and
        ;  /var/log/bosun instead.  Some systems periodically delete older files in /tmp;
        ;  if the socket file below is deleted, bosun cannot connect to bosund.

        [unix_http_server]
        file=/tmp/bosund.sock       ; the path to the socket file
        ;chmod=0700                 ; socket file mode (default 0700)
        ;chown=nobody:nogroup       ; socket file uid:gid owner
        ;username=user              ; default is no username (open server)
        ;password=123               ; default is no password (open server)

        ; Security Warning:
        ;  The inet HTTP server is not enabled by default.  It serves XML-RPC, the web
        ;  UI and /metrics, behind the same username and password.  Bind it to
        ;  localhost or a trusted network only: it does not encrypt, and without a
        ;  username and password anyone who reaches it controls every program.

        ;[inet_http_server]         ; inet (TCP) server disabled by default
        ;port=127.0.0.1:9001        ; ip_address:port specifier, *:port for all iface
        ;username=user              ; default is no username (open server)
        ;password=123               ; default is no password (open server)

        [supervisord]
        logfile=/tmp/bosund.log      ; main log file; default $CWD/supervisord.log
        logfile_maxbytes=50MB        ; max main logfile bytes b4 rotation; default 50MB
        logfile_backups=10           ; # of main logfile backups; 0 means none, default 10
        loglevel=info                ; log level; default info; others: debug,warn,trace
        pidfile=/tmp/bosund.pid      ; bosund pidfile; default supervisord.pid
        nodaemon=false               ; start in foreground if true; default false
        silent=false                 ; no logs to stdout if true; default false
        minfds=1024                  ; min. avail startup file descriptors; default 1024
        minprocs=200                 ; min. avail process descriptors; default 200
        ;umask=022                   ; process file creation umask; default 022
        ;user=bosun                  ; setuid to this UNIX account at startup; recommended if root
        ;identifier=supervisor       ; bosund identifier, default is 'supervisor'
        ;directory=/tmp              ; default is not to cd during start
        ;nocleanup=true              ; don't clean up tempfiles at start; default false
        ;childlogdir=/tmp            ; 'AUTO' child log dir, default $TEMP
        ;environment=KEY="value"     ; key value pairs to add to environment
        ;strip_ansi=false            ; strip ansi escape codes in logs; def. false
        ;subreaper=false             ; (bosund) reap orphaned grandchildren; def. false

        ; The rpcinterface:supervisor section must remain in the config file for
        ; RPC (bosun, supervisorctl, the web interface) to work.  bosund's own bosun.*
        ; methods need no section.

        [rpcinterface:supervisor]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

        ; The supervisorctl section configures how bosun (and supervisorctl) connect
        ; to bosund.  Configure it to match the settings in either the
        ; unix_http_server or inet_http_server section.

        [supervisorctl]
        serverurl=unix:///tmp/bosund.sock ; use a unix:// URL  for a unix socket
        ;serverurl=http://127.0.0.1:9001 ; use an http:// url to specify an inet socket
        ;username=chris              ; should be same as in [*_http_server] if set
        ;password=123                ; should be same as in [*_http_server] if set
        ;prompt=mysupervisor         ; cmd line prompt (default "supervisor")
        ;history_file=~/.sc_history  ; use readline history if available
        ;fleet=/etc/bosun/fleet.conf ; (bosun) a fleet file of [host:NAME] sections

        ; The sample program section below shows all possible program subsection values.
        ; Create one or more 'real' program: sections to be able to control them.

        ;[program:theprogramname]
        ;command=/bin/cat              ; the program (relative uses PATH, can take args)
        ;process_name=%(program_name)s ; process_name expr (default %(program_name)s)
        ;numprocs=1                    ; number of processes copies to start (def 1)
        ;numprocs_start=0              ; the first process_num (def 0)
        ;directory=/tmp                ; directory to cwd to before exec (def no cwd)
        ;umask=022                     ; umask for process (default None)
        ;priority=999                  ; the relative start priority (default 999)
        ;autostart=true                ; start at bosund start (default: true)
        ;startsecs=1                   ; # of secs prog must stay up to be running (def. 1)
        ;startretries=3                ; max # of serial start failures when starting (default 3)
        ;autorestart=unexpected        ; when to restart if exited after running (def: unexpected)
        ;exitcodes=0                   ; 'expected' exit codes used with autorestart (default 0)
        ;stopsignal=QUIT               ; signal used to kill process (default TERM)
        ;stopwaitsecs=10               ; max num secs to wait b4 SIGKILL (default 10)
        ;stopasgroup=false             ; send stop signal to the UNIX process group (default false)
        ;killasgroup=false             ; SIGKILL the UNIX process group (def false)
        ;user=chrism                   ; setuid to this UNIX account to run the program
        ;redirect_stderr=true          ; redirect proc stderr to stdout (default false)
        ;stdout_logfile=/a/path        ; stdout log path, NONE for none; default AUTO
        ;stdout_logfile_maxbytes=1MB   ; max # logfile bytes b4 rotation (default 50MB)
        ;stdout_logfile_backups=10     ; # of stdout logfile backups (0 means none, default 10)
        ;stdout_logfile_timestamps=false ; (bosund) a timestamp on each line in the file (def false)
        ;stdout_logfile_compress=none  ; (bosund) gzip: compress rotated backups (default none)
        ;stdout_logfile_rotate_every=never ; (bosund) also rotate each hour or day (default never)
        ;stdout_capture_maxbytes=1MB   ; number of bytes in 'capturemode' (default 0)
        ;stdout_events_enabled=false   ; emit events on stdout writes (default false)
        ;stdout_syslog=false           ; send stdout to syslog with process name (default false)
        ;stderr_logfile=/a/path        ; stderr log path, NONE for none; default AUTO
        ;stderr_logfile_maxbytes=1MB   ; max # logfile bytes b4 rotation (default 50MB)
        ;stderr_logfile_backups=10     ; # of stderr logfile backups (0 means none, default 10)
        ;stderr_logfile_timestamps=false ; (bosund) a timestamp on each line in the file (def false)
        ;stderr_logfile_compress=none  ; (bosund) gzip: compress rotated backups (default none)
        ;stderr_logfile_rotate_every=never ; (bosund) also rotate each hour or day (default never)
        ;stderr_capture_maxbytes=1MB   ; number of bytes in 'capturemode' (default 0)
        ;stderr_events_enabled=false   ; emit events on stderr writes (default false)
        ;stderr_syslog=false           ; send stderr to syslog with process name (default false)
        ;environment=A="1",B="2"       ; process environment additions (def no adds)
        ;serverurl=AUTO                ; override serverurl computation (childutils)
        ;ready_check=startsecs         ; (bosund) tcp:H:P, http://H:P/PATH, exec:CMD, log:RE, notify, fd:N
        ;ready_timeout=60              ; (bosund) secs to become ready, 0 for no limit (def 60)
        ;ready_interval=1              ; (bosund) secs between ready checks (def 1)
        ;depends_on=risk,feeds:*       ; (bosund) start after these are ready (def none)
        ;on_dependency_exit=ignore     ; (bosund) ignore, stop or restart (def ignore)
        ;retry_forever=false           ; (bosund) never go FATAL; keep backing off (def false)
        ;backoff_max=30                ; (bosund) longest wait between start attempts, secs
        ;exit_on_fatal=false           ; (bosund) shut bosund down if this goes FATAL (def false)

        ; The sample eventlistener section below shows all possible eventlistener
        ; subsection values.  Create one or more 'real' eventlistener: sections to be
        ; able to handle event notifications sent by bosund.

        ;[eventlistener:theeventlistenername]
        ;command=/bin/eventlistener    ; the program (relative uses PATH, can take args)
        ;process_name=%(program_name)s ; process_name expr (default %(program_name)s)
        ;numprocs=1                    ; number of processes copies to start (def 1)
        ;events=EVENT                  ; event notif. types to subscribe to (req'd)
        ;buffer_size=10                ; event buffer queue size (default 10)
        ;directory=/tmp                ; directory to cwd to before exec (def no cwd)
        ;umask=022                     ; umask for process (default None)
        ;priority=-1                   ; the relative start priority (default -1)
        ;autostart=true                ; start at bosund start (default: true)
        ;startsecs=1                   ; # of secs prog must stay up to be running (def. 1)
        ;startretries=3                ; max # of serial start failures when starting (default 3)
        ;autorestart=unexpected        ; autorestart if exited after running (def: unexpected)
        ;exitcodes=0                   ; 'expected' exit codes used with autorestart (default 0)
        ;stopsignal=QUIT               ; signal used to kill process (default TERM)
        ;stopwaitsecs=10               ; max num secs to wait b4 SIGKILL (default 10)
        ;stopasgroup=false             ; send stop signal to the UNIX process group (default false)
        ;killasgroup=false             ; SIGKILL the UNIX process group (def false)
        ;user=chrism                   ; setuid to this UNIX account to run the program
        ;redirect_stderr=false         ; redirect_stderr=true is not allowed for eventlisteners
        ;stdout_logfile=/a/path        ; stdout log path, NONE for none; default AUTO
        ;stdout_logfile_maxbytes=1MB   ; max # logfile bytes b4 rotation (default 50MB)
        ;stdout_logfile_backups=10     ; # of stdout logfile backups (0 means none, default 10)
        ;stdout_events_enabled=false   ; emit events on stdout writes (default false)
        ;stdout_syslog=false           ; send stdout to syslog with process name (default false)
        ;stderr_logfile=/a/path        ; stderr log path, NONE for none; default AUTO
        ;stderr_logfile_maxbytes=1MB   ; max # logfile bytes b4 rotation (default 50MB)
        ;stderr_logfile_backups=10     ; # of stderr logfile backups (0 means none, default 10)
        ;stderr_events_enabled=false   ; emit events on stderr writes (default false)
        ;stderr_syslog=false           ; send stderr to syslog with process name (default false)
        ;environment=A="1",B="2"       ; process environment additions
        ;serverurl=AUTO                ; override serverurl computation (childutils)

        ; The sample group section below shows all possible group values.  Create one
        ; or more 'real' group: sections to create "heterogeneous" process groups.

        ;[group:thegroupname]
        ;programs=progname1,progname2  ; each refers to 'x' in [program:x] definitions
        ;priority=999                  ; the relative start priority (default 999)

        ; The sample fcgi-program section below shows the options a FastCGI program
        ; adds to a program's: bosund opens the socket and hands it to every process
        ; of the group as its standard input.

        ;[fcgi-program:thefcgiprogramname]
        ;command=/usr/bin/php-cgi      ; the program (relative uses PATH, can take args)
        ;socket=unix:///tmp/%(program_name)s.sock ; or tcp://host:port (req'd)
        ;socket_backlog=1024           ; listen(2) backlog (default SOMAXCONN)
        ;socket_owner=chrism:wheel     ; unix socket owner uid:gid (default bosund's)
        ;socket_mode=0700              ; unix socket file mode (default 0700)
        ;process_name=%(program_name)s_%(process_num)02d ; process_name expr
        ;numprocs=2                    ; number of processes sharing the socket (def 1)

        ; The [include] section can just contain the "files" setting.  This
        ; setting can list multiple files (separated by whitespace or
        ; newlines).  It can also contain wildcards.  The filenames are
        ; interpreted as relative to this file.  Included files *cannot*
        ; include files themselves.

        ;[include]
        ;files = relative/directory/*.ini

        """
}
