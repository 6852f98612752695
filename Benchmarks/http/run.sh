#!/usr/bin/env bash
# HTTP server benchmark (not a test): Veil's HTTPServer (Benchmarks/EchoServer) vs nginx, same
# machine, same loopback, same wrk runs. Keep-alive, 1 and 64 connections, GET /healthz and a
# 1 KB POST echo. Prints requests/s and p50/p99 latency.
#
#   Benchmarks/http/run.sh            # DURATION=10s THREADS=2 by default
#   DURATION=5s Benchmarks/http/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
. Benchmarks/lib/nginx.sh
./scripts/install-deps.sh wrk nginx-light

DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
VEIL_PORT=${VEIL_PORT:-18090}
NGINX_PORT=${NGINX_PORT:-18091}
WRK=${WRK:-wrk}

swift build -c release --product veil-echo-server >/dev/null
BIN="$(swift build -c release --show-bin-path)/veil-echo-server"

bench_workdir

# nginx: one worker (like Veil's single event-loop thread + cooperative pool on this box),
# `return 200 "ok"` for /healthz and a fixed 1 KB body for /echo (nginx cannot echo without
# a module; it still has to read and discard the 1 KB request body).
body1k=$(printf 'x%.0s' $(seq 1 1024))
start_nginx "$work" "
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location = /healthz { return 200 \"ok\"; }
        location = /echo { client_body_buffer_size 16k; return 200 \"$body1k\"; }
    }"

"$BIN" "$VEIL_PORT" &
veil_pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$VEIL_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

run() {  # name port path connections [lua]
    local name=$1 port=$2 path=$3 conns=$4 script=${5:-}
    local threads=$(( conns < THREADS ? conns : THREADS ))
    local args=(-t "$threads" -c "$conns" -d "$DURATION" --latency)
    [[ -n "$script" ]] && args+=(-s "$script")
    local out
    out=$("$WRK" "${args[@]}" "http://127.0.0.1:$port$path")
    local rps p50 p99
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    printf '| %-6s | %-12s | %4s | %12s | %9s | %9s |\n' "$name" "$path" "$conns" "$rps" "$p50" "$p99"
}

echo "wrk $DURATION per row, $THREADS wrk threads, keep-alive; $(nproc) CPUs"
echo "| server | request      | conns | requests/s | p50 | p99 |"
echo "|--------|--------------|------|------------|-----|-----|"
for conns in 1 64; do
    run veil "$VEIL_PORT" /healthz "$conns"
    run nginx "$NGINX_PORT" /healthz "$conns"
    run veil "$VEIL_PORT" /echo "$conns" Benchmarks/http/post-1k.lua
    run nginx "$NGINX_PORT" /echo "$conns" Benchmarks/http/post-1k.lua
done
