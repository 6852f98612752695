#!/usr/bin/env bash
# A/B of veil binaries on the proxy benchmark's chat request, by cost per request rather than throughput (which
# swings by 2x on a shared machine): Veil's CPU time (user + system) and context switches (voluntary +
# involuntary, all threads, from /proc) per request, next to req/s and p50. Binaries take turns, ROUNDS times.
#
#   Benchmarks/proxy/ab.sh CONNS NAME=BIN [NAME=BIN ...]      e.g. ab.sh 1 before=/tmp/veil-old after=.build/release/veil
#   ROUNDS=3 DURATION=5s
set -euo pipefail
cd "$(dirname "$0")/../.."
. Benchmarks/lib/nginx.sh
CONNS=$1; shift
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5s}
VEIL_PORT=${VEIL_PORT:-18290}
MOCK_PORT=${MOCK_PORT:-18291}
bench_workdir
answer='{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Sure - I will write to [EMAIL_1] and call [PHONE_1] about card [CREDIT_CARD_1]."},"finish_reason":"stop"}],"usage":{"prompt_tokens":120,"completion_tokens":20,"total_tokens":140}}'
start_nginx "$work" "
    server { listen 127.0.0.1:$MOCK_PORT;
        location = /v1/chat/completions { default_type application/json; client_body_buffer_size 64k; return 200 '$answer'; } }"

switches() {  # all threads of $1: voluntary + involuntary context switches
    cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^(non)?voluntary_ctxt_switches/ { s += $2 } END { print s }'
}
cpu_ticks() { awk '{ print $14 + $15 }' /proc/"$1"/stat; }

measure() {  # name bin → one line
    local name=$1 bin=$2
    VEIL_LOG_LEVEL=warning "$bin" serve --patterns-only --port "$VEIL_PORT" --upstream "http://127.0.0.1:$MOCK_PORT" &
    veil_pid=$!
    for _ in $(seq 100); do curl -fs "http://127.0.0.1:$VEIL_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
    local url="http://127.0.0.1:$VEIL_PORT/v1/chat/completions" threads=$(( CONNS < 2 ? CONNS : 2 ))
    wrk -t"$threads" -c"$CONNS" -d2s -s Benchmarks/proxy/chat.lua "$url" >/dev/null  # warm-up
    local s0 c0 s1 c1 out
    s0=$(switches "$veil_pid"); c0=$(cpu_ticks "$veil_pid")
    out=$(wrk -t"$threads" -c"$CONNS" -d"$DURATION" --latency -s Benchmarks/proxy/chat.lua "$url")
    s1=$(switches "$veil_pid"); c1=$(cpu_ticks "$veil_pid")
    kill "$veil_pid"; wait "$veil_pid" 2>/dev/null || true; veil_pid=
    awk -v name="$name" -v s="$((s1 - s0))" -v c="$((c1 - c0))" -v hz="$(getconf CLK_TCK)" '
        /requests in/ { n = $1 } /Requests\/sec/ { rps = $2 } $1 == "50%" { p50 = $2 }
        END { printf "%-10s %9.0f req/s  p50 %9s  CPU/req %4.0f µs  switches/req %5.2f\n", name, rps, p50, c / hz * 1e6 / n, s / n }' <<<"$out"
}

echo "$CONNS connection(s), $DURATION per run, $ROUNDS rounds; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$ROUNDS"); do
    for pair in "$@"; do measure "${pair%%=*}" "${pair#*=}"; done
done
