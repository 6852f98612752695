#!/usr/bin/env bash
# Builds the libFuzzer targets (with AddressSanitizer) and runs each for a bounded time over its
# committed corpus (Fuzz/Corpus/<name>). Crashes are written to Fuzz/artifacts/ and fail the run;
# once fixed, copy the crashing input into the corpus so it is replayed as a regression.
#   Fuzz/run.sh            # 60 s per target
#   Fuzz/run.sh 10         # 10 s per target
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_PER_TARGET=${1:-60}
swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library 2>&1 | tail -1
BIN=$(swift build -c release --show-bin-path)
mkdir -p artifacts
status=0
for pair in FuzzHTTP1:http1 FuzzJSON:json FuzzReidentify:reidentify FuzzSSE:sse FuzzAnonymize:anonymize; do
    target=${pair%%:*}; corpus=Corpus/${pair##*:}
    work=$(mktemp -d)
    echo "== $target ($SECONDS_PER_TARGET s)"
    if ! "$BIN/$target" -max_total_time="$SECONDS_PER_TARGET" -max_len=4096 -print_final_stats=1 \
        -artifact_prefix=artifacts/"$target"- "$work" "$corpus" 2>&1 | grep -E "stat::number_of_executed_units|stat::new_units_added|ERROR|SUMMARY|Test unit written"; then
        :
    fi
    [ -n "$(ls artifacts | grep "^$target-" || true)" ] && status=1
    rm -rf "$work"
done
exit $status
