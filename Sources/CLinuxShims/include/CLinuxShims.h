#ifndef VEIL_CLINUXSHIMS_H
#define VEIL_CLINUXSHIMS_H
// Only exposes Linux headers Glibc's module map does not: epoll and eventfd.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <errno.h>

static inline int CLinuxShims_errno(void) { return errno; }
#endif
