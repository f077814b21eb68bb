#define _GNU_SOURCE
#include "CSpawn.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

// The sd_notify socket of readiness checks: a datagram socket in the abstract namespace whose
// messages arrive with the sender's pid (SCM_CREDENTIALS, which Swift's Glibc does not
// expose), so that only a child and its descendants can say it is ready.

int bosun_notify_socket(char *name, size_t size) {
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return -1;
    int on = 1;
    // Autobind: the kernel picks a name no other socket in the namespace holds (five hex
    // digits after the NUL), so neither another daemon nor a local user can take it first.
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    socklen_t length = sizeof address;
    if (setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &on, sizeof on) != 0 || bind(fd, (struct sockaddr *)&address, sizeof(sa_family_t)) != 0
        || getsockname(fd, (struct sockaddr *)&address, &length) != 0) {
        int code = errno;
        close(fd);
        errno = code;
        return -1;
    }
    size_t taken = length > offsetof(struct sockaddr_un, sun_path) + 1 ? length - offsetof(struct sockaddr_un, sun_path) - 1 : 0;
    if (taken == 0 || taken + 1 > size) {
        close(fd);
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(name, address.sun_path + 1, taken);
    name[taken] = 0;
    return fd;
}

ssize_t bosun_notify_receive(int fd, char *buffer, size_t size, pid_t *sender) {
    struct iovec part = {buffer, size};
    union {
        struct cmsghdr header;
        char space[CMSG_SPACE(sizeof(struct ucred))];
    } control;
    struct msghdr envelope = {.msg_iov = &part, .msg_iovlen = 1, .msg_control = control.space, .msg_controllen = sizeof control.space};
    ssize_t got;
    do {
        got = recvmsg(fd, &envelope, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
    } while (got < 0 && errno == EINTR);
    if (got < 0) return -1;
    *sender = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&envelope); c; c = CMSG_NXTHDR(&envelope, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS && c->cmsg_len >= CMSG_LEN(sizeof(struct ucred))) {
            struct ucred credentials;
            memcpy(&credentials, CMSG_DATA(c), sizeof credentials);
            *sender = credentials.pid;
        } else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            // Descriptors sent along are not wanted: close them.
            int count = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
            for (int i = 0; i < count; i++) {
                int passed;
                memcpy(&passed, CMSG_DATA(c) + i * sizeof(int), sizeof passed);
                close(passed);
            }
        }
    }
    return (envelope.msg_flags & MSG_TRUNC) ? (ssize_t)size : got;
}
