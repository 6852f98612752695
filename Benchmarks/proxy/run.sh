#!/usr/bin/env bash
# Proxy overhead benchmark (not a test, issue #4): wrk on POST /v1/chat/completions against a
# fast mock upstream (nginx returning a canned completion), directly and through Veil with the
# pattern detectors. Prints requests/s, p50/p99, the latency Veil adds, and CPU time per request
# (user + system, from /proc): Veil's own, and nginx's proxying (its worker's CPU per proxied
# request minus what the same worker spends per direct request, i.e. the mock's share).
#
#   Benchmarks/proxy/run.sh          # DURATION=10s CONNS="1 16" REPEAT=1 by default
#   REPEAT=3 CONNS="1 2 4 8 16 32 64" CSV=out.csv Benchmarks/proxy/run.sh
#   BASE_BIN=/tmp/veil-before REPEAT=3 Benchmarks/proxy/run.sh   # A/B: an older veil binary takes turns too
#
# With REPEAT=N each row is the median of N runs (the three targets alternate within each
# repeat, so a burst of load from elsewhere hits all of them); CSV=FILE also writes every run as
# `conns,target,repeat,rps,p50_us,p99_us,cpu_us` (Benchmarks/plots/run.sh plots it; cpu_us is the
# measured process's CPU per request: Veil for veil/before, the nginx worker for direct/nginx).
set -euo pipefail
cd "$(dirname "$0")/../.."
. Benchmarks/lib/nginx.sh
./scripts/install-deps.sh wrk nginx-light

DURATION=${DURATION:-10s}
CONNS=${CONNS:-"1 16"}
REPEAT=${REPEAT:-1}
CSV=${CSV:-}
BASE_BIN=${BASE_BIN:-}
VEIL_PORT=${VEIL_PORT:-18190}
BASE_PORT=${BASE_PORT:-18193}
MOCK_PORT=${MOCK_PORT:-18191}
NGINX_PROXY_PORT=${NGINX_PROXY_PORT:-18192}

swift build -c release --product veil >/dev/null
BIN="$(swift build -c release --show-bin-path)/veil"

bench_workdir

answer='{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Sure - I will write to [EMAIL_1] and call [PHONE_1] about card [CREDIT_CARD_1]."},"finish_reason":"stop"}],"usage":{"prompt_tokens":120,"completion_tokens":20,"total_tokens":140}}'
start_nginx "$work" "
    upstream mock { server 127.0.0.1:$MOCK_PORT; keepalive 64; }
    # The reference proxy: nginx relaying to the same mock with upstream keep-alive.
    server {
        listen 127.0.0.1:$NGINX_PROXY_PORT;
        location / { proxy_pass http://mock; proxy_http_version 1.1; proxy_set_header Connection \"\"; }
    }
    server {
        listen 127.0.0.1:$MOCK_PORT;
        location = /v1/chat/completions { default_type application/json; client_body_buffer_size 64k; return 200 '$answer'; }
    }"

# The one worker serves both the mock and the nginx proxy (worker_processes 1).
nginx_worker=$(pgrep -P "$(cat "$work/nginx.pid")" | head -1)
VEIL_LOG_LEVEL=warning "$BIN" serve --patterns-only --port "$VEIL_PORT" --upstream "http://127.0.0.1:$MOCK_PORT" &
veil_pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$VEIL_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
targets="direct:$MOCK_PORT nginx:$NGINX_PROXY_PORT veil:$VEIL_PORT"
if [[ -n "$BASE_BIN" ]]; then
    VEIL_LOG_LEVEL=warning "$BASE_BIN" serve --patterns-only --port "$BASE_PORT" --upstream "http://127.0.0.1:$MOCK_PORT" &
    base_pid=$!
    trap 'kill "$base_pid" 2>/dev/null || true; bench_cleanup' EXIT
    for _ in $(seq 100); do curl -fs "http://127.0.0.1:$BASE_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
    targets="$targets before:$BASE_PORT"
fi

to_us() {  # wrk latency (e.g. 812.00us, 1.23ms, 2.00s) → microseconds
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) print n; else if (v ~ /ms$/) print n * 1000; else print n * 1000000 }'
}

cpu_ticks() { awk '{ print $14 + $15 }' /proc/"$1"/stat; }  # user + system, in clock ticks
TICK_US=$(( 1000000 / $(getconf CLK_TCK) ))

run() {  # name port conns pid → "rps p50us p99us cpu_us_per_request" (cpu of pid)
    local port=$2 conns=$3 pid=$4
    local out before after
    before=$(cpu_ticks "$pid")
    out=$(wrk -t "$(( conns < 2 ? conns : 2 ))" -c "$conns" -d "$DURATION" --latency -s Benchmarks/proxy/chat.lua \
        "http://127.0.0.1:$port/v1/chat/completions")
    after=$(cpu_ticks "$pid")
    local requests
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(to_us "$(awk '$1 == "50%" {print $2}' <<<"$out")") $(to_us "$(awk '$1 == "99%" {print $2}' <<<"$out")") $(awk -v t=$(( (after - before) * TICK_US )) -v n="$requests" 'BEGIN { printf "%.1f", (n > 0 ? t / n : 0) }')"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
pick() {  # conns target column → the median of that column over the repeats
    awk -F, -v c="$1" -v t="$2" -v col="$3" '$1 == c && $2 == t { print $col }' "$raw" | median
}

raw="$work/raw.csv"
: >"$raw"
echo "wrk $DURATION per run, median of $REPEAT run(s), keep-alive, ~1.2 KB chat request with 6 personal values; $(nproc) CPUs"
echo "| conns | direct req/s | nginx proxy req/s | Veil req/s | Veil/nginx | direct p50 | nginx p50 | Veil p50 | Veil added p50 | Veil p99 | nginx CPU/req | Veil CPU/req |"
echo "|------:|-------------:|------------------:|-----------:|-----------:|-----------:|----------:|---------:|---------------:|---------:|--------------:|-------------:|"
for c in $CONNS; do
    for r in $(seq "$REPEAT"); do
        for target in $targets; do
            case ${target%%:*} in
                veil) pid=$veil_pid ;;
                before) pid=$base_pid ;;
                *) pid=$nginx_worker ;;
            esac
            read -r rps p50 p99 cpu <<<"$(run "${target%%:*}" "${target#*:}" "$c" "$pid")"
            echo "$c,${target%%:*},$r,$rps,$p50,$p99,$cpu" >>"$raw"
        done
    done
    awk -v c="$c" -v drps="$(pick "$c" direct 4)" -v nrps="$(pick "$c" nginx 4)" -v vrps="$(pick "$c" veil 4)" \
        -v dp50="$(pick "$c" direct 5)" -v np50="$(pick "$c" nginx 5)" -v vp50="$(pick "$c" veil 5)" -v vp99="$(pick "$c" veil 6)" \
        -v dcpu="$(pick "$c" direct 7)" -v ncpu="$(pick "$c" nginx 7)" -v vcpu="$(pick "$c" veil 7)" 'BEGIN {
        printf "| %5d | %12.0f | %17.0f | %10.0f | %10.2f | %7.0f µs | %6.0f µs | %5.0f µs | %11.0f µs | %5.0f µs | %10.1f µs | %9.1f µs |\n",
            c, drps, nrps, vrps, vrps / nrps, dp50, np50, vp50, vp50 - dp50, vp99, ncpu - dcpu, vcpu }'
    if [[ -n "$BASE_BIN" ]]; then
        awk -v c="$c" -v nrps="$(pick "$c" nginx 4)" -v brps="$(pick "$c" before 4)" -v vrps="$(pick "$c" veil 4)" \
            -v bp50="$(pick "$c" before 5)" -v vp50="$(pick "$c" veil 5)" -v bcpu="$(pick "$c" before 7)" -v vcpu="$(pick "$c" veil 7)" 'BEGIN {
            printf "|   before (BASE_BIN), %d conns: %.0f req/s, %.2f of nginx, p50 %.0f µs, CPU %.1f µs/req; after/before %.2f× req/s, p50 %.0f → %.0f µs, CPU %.1f → %.1f µs/req |\n",
                c, brps, brps / nrps, bp50, bcpu, vrps / brps, bp50, vp50, bcpu, vcpu }'
    fi
done
if [[ -n "$CSV" ]]; then
    { echo "conns,target,repeat,rps,p50_us,p99_us,cpu_us"; cat "$raw"; } >"$CSV"
fi
