#define _GNU_SOURCE
#include "CSpawn.h"
#include "spawn_child.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

// Why a helper: a child starts with a copy of its parent's descriptor table and closes it
// (close_range before exec), so a spawn from a daemon holding three pipes per running program
// costs time in proportion to the programs already running: starting N programs was
// quadratic. The helper holds a handful of descriptors. It clones each child with
// CLONE_PARENT, so the child is the daemon's own (the daemon reaps it and sees its exit
// status) while the table copied and closed is the helper's.
//
// One request is one SOCK_SEQPACKET message: a header, the supplementary groups, the strings
// (path, directory, user name, argv, envp, each NUL-terminated), and the child's stdin,
// stdout and stderr descriptors (and the readiness pipe's, for ready_check=fd:N) as SCM_RIGHTS. The reply is {pid, errno}.

enum { FD_STDIN = 1, FD_STDOUT = 2, FD_STDERR = 4, FD_READY = 8 };

typedef struct wire_header {
    int32_t umask_value;
    int32_t set_user;
    uint32_t uid;
    uint32_t gid;
    int32_t group_count;
    int32_t argc;
    int32_t envc;
    int32_t has_directory;      // 0 or 1
    int32_t has_user_name;      // 0 or 1
    int32_t fd_mask;
    int32_t ready_target;
} wire_header;

typedef struct wire_reply {
    int32_t pid;
    int32_t error;
} wire_reply;

/// The helper's children run on this stack until they exec (CLONE_VM | CLONE_VFORK: the
/// helper waits meanwhile, so one stack serves every spawn).
enum { CHILD_STACK_SIZE = 256 * 1024 };

static int child_entry(void *request) { bosun_child_run(request); }

/// Reads NUL-terminated strings from `*cursor` into `into` (count of them); 0, or -1 when
/// the message ends first.
static int take_strings(char **cursor, const char *end, char **into, int count) {
    for (int i = 0; i < count; i++) {
        char *text = *cursor;
        char *nul = memchr(text, 0, (size_t)(end - text));
        if (!nul) return -1;
        into[i] = text;
        *cursor = nul + 1;
    }
    return 0;
}

/// Spawns what one message asks; the reply's errno is EPROTO for a message that does not parse.
static wire_reply serve_one(char *message, size_t length, const int *fds, int fd_count, void *stack, volatile pid_t *started) {
    wire_reply reply = {-1, EPROTO};
    if (length < sizeof(wire_header)) return reply;
    wire_header header;
    memcpy(&header, message, sizeof header);
    if (header.group_count < 0 || header.argc < 1 || header.envc < 0) return reply;
    if ((header.has_directory | header.has_user_name) & ~1) return reply;
    char *cursor = message + sizeof header;
    char *end = message + length;
    size_t groups_size = (size_t)header.group_count * sizeof(gid_t);
    if ((size_t)(end - cursor) < groups_size) return reply;
    gid_t *groups = malloc(groups_size ? groups_size : 1);
    char **argv = calloc((size_t)header.argc + 1, sizeof(char *));
    char **envp = calloc((size_t)header.envc + 1, sizeof(char *));
    char *fixed[3] = {NULL, NULL, NULL};
    if (!groups || !argv || !envp) {
        reply.error = ENOMEM;
        goto done;
    }
    memcpy(groups, cursor, groups_size);
    cursor += groups_size;
    if (take_strings(&cursor, end, fixed, 1 + header.has_directory + header.has_user_name) != 0
        || take_strings(&cursor, end, argv, header.argc) != 0 || take_strings(&cursor, end, envp, header.envc) != 0) {
        goto done;
    }
    int wanted = __builtin_popcount((unsigned)header.fd_mask & 15);
    if (fd_count != wanted) goto done;
    int next = 0;
    int stdin_fd = header.fd_mask & FD_STDIN ? fds[next++] : -1;
    int stdout_fd = header.fd_mask & FD_STDOUT ? fds[next++] : -1;
    int stderr_fd = header.fd_mask & FD_STDERR ? fds[next++] : -1;
    int ready_fd = header.fd_mask & FD_READY ? fds[next++] : -1;
    if ((ready_fd >= 0) != (header.ready_target >= 3)) goto done;
    bosun_spawn_request request = {
        .path = fixed[0],
        .argv = argv,
        .envp = envp,
        .directory = header.has_directory ? fixed[1] : NULL,
        .umask_value = header.umask_value,
        .set_user = header.set_user,
        .uid = header.uid,
        .gid = header.gid,
        .groups = groups,
        .group_count = header.group_count,
        .user_name = header.has_user_name ? fixed[1 + header.has_directory] : NULL,
        .stdin_fd = stdin_fd,
        .stdout_fd = stdout_fd,
        .stderr_fd = stderr_fd,
        .ready_target = ready_fd >= 0 ? header.ready_target : 0,
        .ready_fd = ready_fd,
    };
    pid_t pid = clone(child_entry, (char *)stack + CHILD_STACK_SIZE, CLONE_VM | CLONE_VFORK | CLONE_PARENT | CLONE_PARENT_SETTID,
                      &request, started);
    reply.pid = pid;
    reply.error = pid > 0 ? 0 : errno;
done:
    free(groups);
    free(argv);
    free(envp);
    return reply;
}

/// The helper's life: one request at a time until the daemon's end closes.
static _Noreturn void serve(int sock, volatile pid_t *started) {
    void *stack = mmap(NULL, CHILD_STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) _exit(1);
    for (;;) {
        ssize_t length = recv(sock, NULL, 0, MSG_PEEK | MSG_TRUNC);
        if (length < 0 && errno == EINTR) continue;
        if (length <= 0) _exit(0);
        char *message = malloc((size_t)length);
        if (!message) _exit(1);
        struct iovec part = {message, (size_t)length};
        union {
            struct cmsghdr header;
            char space[CMSG_SPACE(4 * sizeof(int))];
        } control;
        struct msghdr envelope = {
            .msg_iov = &part, .msg_iovlen = 1, .msg_control = control.space, .msg_controllen = sizeof control.space};
        ssize_t got;
        do {
            got = recvmsg(sock, &envelope, MSG_CMSG_CLOEXEC);
        } while (got < 0 && errno == EINTR);
        if (got <= 0) _exit(0);
        int fds[4];
        int fd_count = 0;
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&envelope); c; c = CMSG_NXTHDR(&envelope, c)) {
            if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
            int count = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
            for (int i = 0; i < count; i++) {
                int fd;
                memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
                if (fd_count < 4) fds[fd_count++] = fd;
                else close(fd);
            }
        }
        wire_reply reply = (envelope.msg_flags & (MSG_TRUNC | MSG_CTRUNC))
                               ? (wire_reply){-1, EPROTO}
                               : serve_one(message, (size_t)got, fds, fd_count, stack, started);
        for (int i = 0; i < fd_count; i++) close(fds[i]);
        free(message);
        while (send(sock, &reply, sizeof reply, MSG_NOSIGNAL) < 0) {
            if (errno != EINTR) _exit(0);
        }
    }
}

int bosun_spawn_helper_start(bosun_spawn_helper *helper) {
    void *page = mmap(NULL, sizeof(pid_t), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) return -1;
    int ends[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ends) != 0) {
        int saved = errno;
        munmap(page, sizeof(pid_t));
        errno = saved;
        return -1;
    }
    pid_t daemon = getpid();
    // Blocked in the helper for good: it ends when the daemon does, not on a terminal's ^C.
    // Its children unblock everything before exec.
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != daemon) _exit(0);
        prctl(PR_SET_NAME, "bosund-spawner");
        bosun_default_dispositions();
        close(ends[0]);
        int null = open("/dev/null", O_RDWR);
        if (null < 0) _exit(1);
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
        int sock = dup2(ends[1], 3);
        if (sock != 3) _exit(1);
        syscall(SYS_close_range, 4, ~0U, 0);
        serve(sock, page);
    }
    int saved = errno;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    close(ends[1]);
    if (pid < 0) {
        close(ends[0]);
        munmap(page, sizeof(pid_t));
        errno = saved;
        return -1;
    }
    helper->socket = ends[0];
    helper->pid = pid;
    helper->started = page;
    return 0;
}

/// Appends `text` and its NUL to `buffer` at `*used`.
static void put_string(char *buffer, size_t *used, const char *text) {
    size_t length = strlen(text) + 1;
    memcpy(buffer + *used, text, length);
    *used += length;
}

/// The helper is gone: its socket is closed; the child it started before dying, if any, is
/// the answer (it is the daemon's, so it is supervised like any other), else GONE.
static pid_t helper_gone(bosun_spawn_helper *helper) {
    close(helper->socket);
    helper->socket = -1;
    pid_t started = *helper->started;
    return started > 0 ? started : BOSUN_HELPER_GONE;
}

pid_t bosun_spawn_helper_request(bosun_spawn_helper *helper, const bosun_spawn_request *r) {
    int argc = 0;
    int envc = 0;
    size_t size = sizeof(wire_header) + (size_t)r->group_count * sizeof(gid_t) + strlen(r->path) + 1;
    for (; r->argv[argc]; argc++) size += strlen(r->argv[argc]) + 1;
    for (; r->envp[envc]; envc++) size += strlen(r->envp[envc]) + 1;
    if (r->directory) size += strlen(r->directory) + 1;
    if (r->user_name) size += strlen(r->user_name) + 1;
    char *message = malloc(size);
    if (!message) return BOSUN_HELPER_UNUSED;
    wire_header header = {
        .umask_value = r->umask_value,
        .set_user = r->set_user,
        .uid = r->uid,
        .gid = r->gid,
        .group_count = r->group_count,
        .argc = argc,
        .envc = envc,
        .has_directory = r->directory != NULL,
        .has_user_name = r->user_name != NULL,
    };
    int fds[4];
    int fd_count = 0;
    if (r->stdin_fd >= 0) { header.fd_mask |= FD_STDIN; fds[fd_count++] = r->stdin_fd; }
    if (r->stdout_fd >= 0) { header.fd_mask |= FD_STDOUT; fds[fd_count++] = r->stdout_fd; }
    if (r->stderr_fd >= 0) { header.fd_mask |= FD_STDERR; fds[fd_count++] = r->stderr_fd; }
    if (r->ready_target > 0) {
        header.fd_mask |= FD_READY;
        header.ready_target = r->ready_target;
        fds[fd_count++] = r->ready_fd;
    }
    size_t used = 0;
    memcpy(message, &header, sizeof header);
    used += sizeof header;
    memcpy(message + used, r->groups, (size_t)r->group_count * sizeof(gid_t));
    used += (size_t)r->group_count * sizeof(gid_t);
    put_string(message, &used, r->path);
    if (r->directory) put_string(message, &used, r->directory);
    if (r->user_name) put_string(message, &used, r->user_name);
    for (int i = 0; i < argc; i++) put_string(message, &used, r->argv[i]);
    for (int i = 0; i < envc; i++) put_string(message, &used, r->envp[i]);

    struct iovec part = {message, used};
    union {
        struct cmsghdr header;
        char space[CMSG_SPACE(4 * sizeof(int))];
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr envelope = {.msg_iov = &part, .msg_iovlen = 1};
    if (fd_count > 0) {
        envelope.msg_control = control.space;
        envelope.msg_controllen = CMSG_SPACE((size_t)fd_count * sizeof(int));
        struct cmsghdr *c = CMSG_FIRSTHDR(&envelope);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN((size_t)fd_count * sizeof(int));
        memcpy(CMSG_DATA(c), fds, (size_t)fd_count * sizeof(int));
    }
    *helper->started = 0;
    ssize_t sent;
    do {
        sent = sendmsg(helper->socket, &envelope, MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    free(message);
    if (sent < 0) {
        // Too large for one message: nothing was started, the caller spawns in-process.
        if (errno == EMSGSIZE || errno == ENOBUFS || errno == ENOMEM) return BOSUN_HELPER_UNUSED;
        return helper_gone(helper);
    }
    wire_reply reply;
    ssize_t got;
    do {
        got = recv(helper->socket, &reply, sizeof reply, 0);
    } while (got < 0 && errno == EINTR);
    // Sent but unanswered: the helper died, perhaps after starting the child.
    if (got != (ssize_t)sizeof reply) return helper_gone(helper);
    if (reply.pid > 0) return reply.pid;
    errno = reply.error;
    return -1;
}
