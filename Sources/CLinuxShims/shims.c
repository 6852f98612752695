#define _GNU_SOURCE
#include "CLinuxShims.h"
#include <signal.h>
#include <stddef.h>

const uint32_t CLinuxShims_EPOLLIN = EPOLLIN;
const uint32_t CLinuxShims_EPOLLOUT = EPOLLOUT;
const uint32_t CLinuxShims_EPOLLRDHUP = EPOLLRDHUP;
const uint32_t CLinuxShims_EPOLLHUP = EPOLLHUP;
const uint32_t CLinuxShims_EPOLLERR = EPOLLERR;
const uint32_t CLinuxShims_EPOLLET = EPOLLET;

int CLinuxShims_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

int CLinuxShims_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t token) {
    struct epoll_event event;
    event.events = events;
    event.data.u64 = token;
    return epoll_ctl(epfd, op, fd, &event);
}

int CLinuxShims_epoll_wait(int epfd, uint32_t *events, uint64_t *tokens, int maxEvents, int timeoutMillis) {
    struct epoll_event buffer[256];
    if (maxEvents > 256) maxEvents = 256;
    int n = epoll_wait(epfd, buffer, maxEvents, timeoutMillis);
    for (int i = 0; i < n; i++) {
        events[i] = buffer[i].events;
        tokens[i] = buffer[i].data.u64;
    }
    return n;
}

int CLinuxShims_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

int CLinuxShims_socket_stream(int domain) { return socket(domain, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0); }

int CLinuxShims_accept(int fd) { return accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC); }

long CLinuxShims_send(int fd, const void *buf, unsigned long len) { return send(fd, buf, len, MSG_NOSIGNAL); }

void CLinuxShims_ignore_sigpipe(void) { signal(SIGPIPE, SIG_IGN); }
