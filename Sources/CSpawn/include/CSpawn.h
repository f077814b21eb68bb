#ifndef BOSUN_CSPAWN_H
#define BOSUN_CSPAWN_H

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/types.h>

/// What the child does between fork and exec. Every field is prepared by the parent; the
/// child only makes async-signal-safe calls.
typedef struct bosun_spawn_request {
    const char *path;           ///< the file to exec (already looked up in PATH)
    char *const *argv;          ///< NULL-terminated
    char *const *envp;          ///< NULL-terminated
    const char *directory;      ///< chdir target, or NULL
    int umask_value;            ///< -1 to inherit
    int set_user;               ///< non-zero: setgroups/setgid/setuid below
    uid_t uid;
    gid_t gid;
    const gid_t *groups;
    int group_count;
    const char *user_name;      ///< for the "couldn't setuid" message
    int stdin_fd;               ///< becomes fd 0 (-1: /dev/null)
    int stdout_fd;              ///< becomes fd 1
    int stderr_fd;              ///< becomes fd 2
    int ready_target;           ///< 0: none; else (3 or more) the number `ready_fd` becomes
    int ready_fd;               ///< the write end of the readiness pipe (`ready_check=fd:N`)
} bosun_spawn_request;

/// Forks and execs. In the child: a new session (so the child and its children form a process
/// group whose id is the child's pid), an empty signal mask and default dispositions, the
/// pipes on 0-2, every other descriptor closed, then user, directory, umask, exec. A failure
/// in the child is written to its stderr in supervisord's words and the child exits 127.
/// Returns the pid, or -1 with errno set when fork itself failed.
pid_t bosun_spawn(const bosun_spawn_request *request);

/// The spawn helper (Sources/CSpawn/spawn_helper.c): a small process, forked at start-up,
/// that spawns children for the daemon with CLONE_PARENT, so each child is the daemon's own
/// but starts from the helper's few descriptors rather than the daemon's many. It ends when
/// the daemon closes `socket` or dies.
typedef struct bosun_spawn_helper {
    int socket;                 ///< the daemon's end; -1 once the helper is gone
    pid_t pid;
    /// A page shared with the helper: the kernel stores each new child's pid here
    /// (CLONE_PARENT_SETTID) before the helper's clone returns, so a child is known even if
    /// the helper dies before it can answer.
    volatile pid_t *started;
} bosun_spawn_helper;

/// Starts the helper into `helper`; 0, or -1 with errno.
int bosun_spawn_helper_start(bosun_spawn_helper *helper);

/// What `bosun_spawn_helper_request` returns besides a pid, or -1 with errno when the clone
/// itself failed.
enum {
    /// Nothing was sent (too large for one message, no memory): spawn in-process instead.
    BOSUN_HELPER_UNUSED = -2,
    /// The helper is gone (its socket is closed and set to -1) and started nothing: spawn
    /// in-process. Had it started a child before dying, that child's pid is returned instead.
    BOSUN_HELPER_GONE = -3,
};

/// `bosun_spawn` carried out by `helper`.
pid_t bosun_spawn_helper_request(bosun_spawn_helper *helper, const bosun_spawn_request *request);

/// Installs handlers that write the signal number as one byte to `fd` (non-blocking).
/// Returns 0, or -1 with errno set.
int bosun_install_signal_pipe(int fd, const int *signals, int count);

/// Blocks or unblocks the given signals in the calling thread.
int bosun_set_signals_blocked(const int *signals, int count, int blocked);

/// waitpid(-1, WNOHANG) for any child; returns the pid (0: none ready, -1: no children).
pid_t bosun_reap_one(int *status);

int bosun_wifexited(int status);
int bosun_wexitstatus(int status);
int bosun_wifsignaled(int status);
int bosun_wtermsig(int status);
int bosun_wcoredump(int status);

/// The symbolic name of an errno value (`ENOENT`), or NULL.
const char *bosun_errno_name(int code);

/// Detaches from the terminal as supervisord does: fork (the parent exits 0), setsid, and
/// stdin/stdout/stderr on /dev/null. Returns 0 in the daemon, -1 with errno on failure.
int bosun_daemonize(void);

/// Makes this process the child subreaper (prctl PR_SET_CHILD_SUBREAPER), so orphans among
/// its descendants are re-parented to it instead of to PID 1. Returns 0, or -1 with errno.
int bosun_become_subreaper(void);

/// syslog(3) one message at `priority` (facility user), never interpreting `%` in it.
void bosun_syslog(int priority, const char *message);

/// Lets malloc keep up to 2 MB of freed memory instead of handing it back at once. A
/// 200-process `getAllProcessInfo` builds ~220 KB buffers; with glibc's defaults they were
/// returned on free and page-faulted in again on the next call, a third of the daemon's CPU
/// for that call. Blocks over 1 MB are still mapped and unmapped on their own.
void bosun_keep_freed_memory(void);

/// Creates a pipe with both ends close-on-exec; returns 0 or -1.
int bosun_pipe_cloexec(int fds[2]);

/// A non-blocking datagram socket bound to a name the kernel picks in the abstract namespace
/// (written to `name`, NUL-terminated: `@name` in `$NOTIFY_SOCKET`) that receives each
/// sender's credentials; the descriptor or -1 with errno.
int bosun_notify_socket(char *name, size_t size);

/// Receives one datagram (truncated to `size`) and its sender's pid (0 if it came without
/// credentials); the length or -1 with errno (EAGAIN when none waits).
ssize_t bosun_notify_receive(int fd, char *buffer, size_t size, pid_t *sender);

#endif
