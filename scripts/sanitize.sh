#!/usr/bin/env bash
# Builds the Swift test suites with a sanitizer into a scratch path of its own and runs them.
#   scripts/sanitize.sh address              # AddressSanitizer (+LeakSanitizer) → .build-asan
#   scripts/sanitize.sh thread               # ThreadSanitizer                  → .build-tsan
#   scripts/sanitize.sh thread --filter X    # extra arguments go to `swift test`
# The separate scratch paths keep the instrumented objects out of .build, so a normal build
# afterwards does not start over. Results of the last runs are in docs/RELIABILITY.md.
set -euo pipefail
cd "$(dirname "$0")/.."
KIND=${1:-address}
shift || true
case "$KIND" in
  address) SCRATCH=.build-asan
           # Leak checking is off: at exit LeakSanitizer lists the process-lifetime allocations
           # of the Swift runtime, swift-testing and libcurl, which are not leaks. Descriptor and
           # memory growth is watched by the E2E descriptor counts and the soak run instead.
           export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:halt_on_error=1:suppressions=$PWD/scripts/asan.supp} ;;
  thread)  SCRATCH=.build-tsan
           # Every report is kept (not halted on): with Swift 6.3's Synchronization.Mutex on
           # Linux, TSan reports races between accesses that are both inside Mutex.withLock
           # (the lock's futex path is not instrumented), so reports must be read and sorted,
           # see scripts/tsan-triage.py and docs/RELIABILITY.md.
           export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=0:second_deadlock_stack=1} ;;
  *) echo "usage: $0 address|thread [swift test arguments]" >&2; exit 2 ;;
esac
swift build --build-tests --sanitize="$KIND" --scratch-path "$SCRATCH" ${JOBS:+-j "$JOBS"}
run_tests() { swift test --skip-build --sanitize="$KIND" --scratch-path "$SCRATCH" "$@"; }
if (($#)); then run_tests "$@"; exit; fi
# The T5 suites run in a process of their own: their golden tests do seconds of synchronous
# matrix math per test, 5-15x slower instrumented, on the same two cooperative threads as every
# other suite, and the timing checks of the socket and server suites (a 100 ms deadline must
# fire within 30 s) then fail for want of a thread, not for a bug.
status=0
run_tests --skip T5Tests || status=1
run_tests --filter T5Tests || status=1
exit $status
