#ifndef VEIL_CLINUXSHIMS_H
#define VEIL_CLINUXSHIMS_H
// Exposes the Linux calls Glibc's module map does not (epoll, eventfd) and wraps the ones whose
// flags are macros or enums Swift imports awkwardly (SOCK_NONBLOCK, MSG_NOSIGNAL, SIG_IGN).
// Each shim is one syscall; errno is left for the Swift side to read (`CLinuxShims_errno`).
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <errno.h>
#include <stdint.h>

static inline int CLinuxShims_errno(void) { return errno; }

/// epoll_create1(EPOLL_CLOEXEC) — epoll_create(2).
int CLinuxShims_epoll_create(void);
/// epoll_ctl(2) with `epoll_event.data.u64 = token`; avoids building the packed struct in Swift.
int CLinuxShims_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t token);
/// epoll_wait(2), unpacking each event into parallel arrays (`events[i]`, `tokens[i]`).
int CLinuxShims_epoll_wait(int epfd, uint32_t *events, uint64_t *tokens, int maxEvents, int timeoutMillis);
/// eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC) — eventfd(2).
int CLinuxShims_eventfd(void);

/// socket(domain, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0) — socket(2).
int CLinuxShims_socket_stream(int domain);
/// accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC) — accept(2).
int CLinuxShims_accept(int fd);
/// send(fd, buf, len, MSG_NOSIGNAL): a write to a reset peer yields EPIPE, never SIGPIPE — send(2).
long CLinuxShims_send(int fd, const void *buf, unsigned long len);
/// signal(SIGPIPE, SIG_IGN), belt and braces for writes that do not go through send().
void CLinuxShims_ignore_sigpipe(void);

extern const uint32_t CLinuxShims_EPOLLIN;
extern const uint32_t CLinuxShims_EPOLLOUT;
extern const uint32_t CLinuxShims_EPOLLRDHUP;
extern const uint32_t CLinuxShims_EPOLLHUP;
extern const uint32_t CLinuxShims_EPOLLERR;
extern const uint32_t CLinuxShims_EPOLLET;
#endif
