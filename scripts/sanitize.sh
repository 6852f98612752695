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
           # LeakSanitizer reports at exit; swift-testing's and libcurl's process-lifetime
           # globals are not leaks, so leaks are reported but only the errors ASan raises fail.
           export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0:halt_on_error=1} ;;
  thread)  SCRATCH=.build-tsan
           export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1} ;;
  *) echo "usage: $0 address|thread [swift test arguments]" >&2; exit 2 ;;
esac
# Under a sanitizer the T5 golden tests take minutes each; VEIL_SANITIZER lets a test that
# cannot run instrumented skip itself with a reason (see docs/RELIABILITY.md).
export VEIL_SANITIZER=$KIND
swift build --build-tests --sanitize="$KIND" --scratch-path "$SCRATCH" ${JOBS:+-j "$JOBS"}
swift test --skip-build --sanitize="$KIND" --scratch-path "$SCRATCH" "$@"
