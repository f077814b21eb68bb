#define _GNU_SOURCE
#include "CSpawn.h"
#include "spawn_child.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <syslog.h>
#include <sys/wait.h>
#include <unistd.h>

static void write_all(int fd, const char *text) {
    size_t left = strlen(text);
    while (left > 0) {
        ssize_t written = write(fd, text, left);
        if (written < 0) {
            if (errno == EINTR) continue;
            return;
        }
        text += written;
        left -= (size_t)written;
    }
}

/// "supervisor: couldn't <what> <subject>: <ENAME>\n", then the closing line, then exit 127.
static void _Noreturn child_fail(const char *what, const char *subject, int code) {
    const char *name = strerrorname_np(code);
    write_all(2, "supervisor: couldn't ");
    write_all(2, what);
    write_all(2, " ");
    write_all(2, subject);
    write_all(2, ": ");
    write_all(2, name ? name : "unknown error");
    write_all(2, "\n");
    write_all(2, "supervisor: child process was not spawned\n");
    _exit(127);
}

static void move_fd(int from, int to) {
    if (from == to) {
        int flags = fcntl(to, F_GETFD);
        if (flags >= 0) fcntl(to, F_SETFD, flags & ~FD_CLOEXEC);
    } else {
        dup2(from, to);
    }
}

void bosun_default_dispositions(void) {
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP) continue;
        signal(sig, SIG_DFL);
    }
}

void bosun_child_run(const bosun_spawn_request *r) {
    setsid();
    bosun_default_dispositions();
    sigset_t empty;
    sigemptyset(&empty);
    sigprocmask(SIG_SETMASK, &empty, NULL);

    int in = r->stdin_fd;
    if (in < 0) in = open("/dev/null", O_RDONLY);
    // Lift the sources above 2 first so that dup2 cannot clobber one with another (a local
    // array: on the child's own stack frame, not shared state).
    // With a readiness descriptor, every source also moves above its target so that no dup2
    // lands on a source still to be moved.
    int target = r->ready_target;
    int floor = target > 0 ? target + 1 : 3;
    int fds[4] = {in, r->stdout_fd, r->stderr_fd, target > 0 ? r->ready_fd : -1};
    for (int i = 0; i < 4; i++) {
        if (fds[i] >= 0 && (fds[i] < 3 || fds[i] == target)) {
            fds[i] = fcntl(fds[i], F_DUPFD, floor);
            if (fds[i] < 0) child_fail("set up", i == 3 ? "the ready_check descriptor" : "stdio", errno);
        }
    }
    for (int i = 0; i < 3; i++) move_fd(fds[i], i);
    if (target > 0) {
        move_fd(fds[3], target);
        if (target > 3) syscall(SYS_close_range, 3, (unsigned)target - 1, 0);
        syscall(SYS_close_range, (unsigned)target + 1, ~0U, 0);
    } else {
        syscall(SYS_close_range, 3, ~0U, 0);
    }

    if (r->set_user) {
        if (syscall(SYS_setgroups, (size_t)r->group_count, r->groups) != 0 || syscall(SYS_setgid, r->gid) != 0
            || syscall(SYS_setuid, r->uid) != 0) {
            child_fail("setuid to", r->user_name, errno);
        }
    }
    if (r->directory && chdir(r->directory) != 0) child_fail("chdir to", r->directory, errno);
    if (r->umask_value >= 0) umask((mode_t)r->umask_value);
    execve(r->path, r->argv, r->envp);
    child_fail("exec", r->argv[0], errno);
}

pid_t bosun_spawn(const bosun_spawn_request *r) {
    // Every signal stays blocked from before the fork until the child has reset its handlers:
    // a signal sent to a child that still ran the daemon's handler would be written to the
    // daemon's signal pipe and taken for the daemon's own.
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    // vfork: the child borrows the daemon's memory until it execs or exits, so no page table
    // is copied (fork's cost grows with the daemon's size). The child therefore writes no
    // memory it shares and uses raw system calls for ids: glibc's setuid would signal the
    // daemon's other threads.
    pid_t pid = vfork();
    if (pid != 0) {
        int saved = errno;
        pthread_sigmask(SIG_SETMASK, &previous, NULL);
        errno = saved;
        return pid;
    }

    bosun_child_run(r);
}

static int signal_pipe_fd = -1;

static void write_signal(int sig) {
    int saved = errno;
    unsigned char byte = (unsigned char)sig;
    ssize_t ignored = write(signal_pipe_fd, &byte, 1);
    (void)ignored;
    errno = saved;
}

int bosun_install_signal_pipe(int fd, const int *signals, int count) {
    signal_pipe_fd = fd;
    for (int i = 0; i < count; i++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = write_signal;
        action.sa_flags = SA_RESTART | (signals[i] == SIGCHLD ? SA_NOCLDSTOP : 0);
        sigemptyset(&action.sa_mask);
        if (sigaction(signals[i], &action, NULL) != 0) return -1;
    }
    return 0;
}

int bosun_set_signals_blocked(const int *signals, int count, int blocked) {
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < count; i++) sigaddset(&set, signals[i]);
    return pthread_sigmask(blocked ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL) == 0 ? 0 : -1;
}

pid_t bosun_reap_one(int *status) {
    pid_t pid;
    do {
        pid = waitpid(-1, status, WNOHANG);
    } while (pid < 0 && errno == EINTR);
    return pid;
}

int bosun_wifexited(int status) { return WIFEXITED(status); }
int bosun_wexitstatus(int status) { return WEXITSTATUS(status); }
int bosun_wifsignaled(int status) { return WIFSIGNALED(status); }
int bosun_wtermsig(int status) { return WTERMSIG(status); }
int bosun_wcoredump(int status) { return WCOREDUMP(status); }

const char *bosun_errno_name(int code) { return strerrorname_np(code); }

int bosun_become_subreaper(void) { return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); }

int bosun_daemonize(void) {
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid > 0) _exit(0);
    if (setsid() < 0) return -1;
    int null = open("/dev/null", O_RDWR);
    if (null < 0) return -1;
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    if (null > 2) close(null);
    return 0;
}

void bosun_syslog(int priority, const char *message) { syslog(LOG_USER | priority, "%s", message); }

int bosun_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

void bosun_keep_freed_memory(void) {
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
    mallopt(M_TRIM_THRESHOLD, 2 << 20);
}
