#!/usr/bin/env bash
# Scale-out benchmark (issue #9; not a test): what a second Veil replica behind nginx buys on
# this machine, and what the conversation vault adds to a Responses API request.
#
#  1. Throughput: wrk on POST /v1/chat/completions (Benchmarks/proxy/chat.lua) through an nginx
#     round-robin load balancer (upstream keep-alive) to 1 and to 2 Veil replicas, against nginx
#     returning a canned completion.
#  2. Vault cost: wrk, one connection, on POST /v1/responses continuing a conversation
#     (previous_response_id → one vault GET + one SET per request) through Veil with
#     --vault none / memory / redis (a local redis-server); median latency and the difference.
#
#   Benchmarks/scaleout/run.sh          # DURATION=8s CONNS=16 by default
set -euo pipefail
cd "$(dirname "$0")/../.."
. Benchmarks/lib/nginx.sh
./scripts/install-deps.sh wrk nginx-light redis-server

DURATION=${DURATION:-8s}
CONNS=${CONNS:-16}
BASE=${BASE_PORT:-27430}
MOCK=$BASE LB1=$((BASE + 1)) LB2=$((BASE + 2)) V1=$((BASE + 3)) V2=$((BASE + 4))
VNONE=$((BASE + 5)) VMEM=$((BASE + 6)) VREDIS=$((BASE + 7)) REDIS=$((BASE + 8))
KEY=$(openssl rand -hex 32)

swift build -c release --product veil >/dev/null
BIN="$(swift build -c release --show-bin-path)/veil"

bench_workdir
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; bench_cleanup' EXIT

chat='{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Sure - I will write to [EMAIL_1] and call [PHONE_1] about card [CREDIT_CARD_1]."},"finish_reason":"stop"}],"usage":{"prompt_tokens":120,"completion_tokens":20,"total_tokens":140}}'
resp='{"id":"resp_bench","object":"response","created_at":1,"status":"completed","model":"gpt-4o-mini","output":[{"type":"message","id":"msg_1","role":"assistant","status":"completed","content":[{"type":"output_text","text":"Noted: [EMAIL_1], [PHONE_1], [CREDIT_CARD_1].","annotations":[]}]}],"usage":{"input_tokens":60,"output_tokens":12,"total_tokens":72}}'
start_nginx "$work" "
    upstream one { server 127.0.0.1:$V1; keepalive 64; }
    upstream two { server 127.0.0.1:$V1; server 127.0.0.1:$V2; keepalive 64; }   # round-robin
    server { listen 127.0.0.1:$LB1; location / { proxy_pass http://one; proxy_http_version 1.1; proxy_set_header Connection \"\"; } }
    server { listen 127.0.0.1:$LB2; location / { proxy_pass http://two; proxy_http_version 1.1; proxy_set_header Connection \"\"; } }
    server {
        listen 127.0.0.1:$MOCK;
        client_body_buffer_size 64k;
        location = /v1/chat/completions { default_type application/json; return 200 '$chat'; }
        location = /v1/responses { default_type application/json; return 200 '$resp'; }
    }"

redis-server --port "$REDIS" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" >/dev/null &
pids+=($!)

serve() {  # port [flags…]
    local port=$1; shift
    VEIL_LOG_LEVEL=warning VEIL_VAULT_KEY=$KEY "$BIN" serve --patterns-only --port "$port" \
        --upstream "http://127.0.0.1:$MOCK" "$@" &
    pids+=($!)
    for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return; sleep 0.1; done
    echo "veil on $port did not start" >&2; exit 1
}
serve "$V1"; serve "$V2"
serve "$VNONE" --vault none; serve "$VMEM" --vault memory; serve "$VREDIS" --vault "redis://127.0.0.1:$REDIS"

to_us() {  # wrk latency (812.00us, 1.23ms, 2.00s) → microseconds
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) print n; else if (v ~ /ms$/) print n * 1000; else print n * 1000000 }'
}
run() {  # url script conns → "rps p50us p99us errors"
    local out
    out=$(wrk -t "$(( $3 < 2 ? $3 : 2 ))" -c "$3" -d "$DURATION" --latency -s "$2" "$1")
    local errs; errs=$(awk '/Non-2xx/ {print $NF}' <<<"$out"); errs=${errs:-0}
    echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(to_us "$(awk '$1 == "50%" {print $2}' <<<"$out")") $(to_us "$(awk '$1 == "99%" {print $2}' <<<"$out")") $errs"
}

echo "$(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), wrk $DURATION per row"
echo
echo "Throughput, chat completions through nginx round-robin, $CONNS connections:"
echo "| replicas | req/s | p50 | p99 | non-2xx |"
echo "|--:|--:|--:|--:|--:|"
for n in 1 2; do
    port=$([ "$n" = 1 ] && echo "$LB1" || echo "$LB2")
    read -r rps p50 p99 errs <<<"$(run "http://127.0.0.1:$port/v1/chat/completions" Benchmarks/proxy/chat.lua "$CONNS")"
    printf "| %d | %.0f | %.0f µs | %.0f µs | %s |\n" "$n" "$rps" "$p50" "$p99" "$errs"
done

echo
echo "Vault cost, Responses API turn with previous_response_id (GET + SET per request), 1 connection:"
# One plain turn first, so resp_bench has a stored map in each vault.
for port in $VMEM $VREDIS; do
    curl -fs -o /dev/null -H 'Content-Type: application/json' -d '{"model":"m","input":"hi jane.doe@example.org"}' \
        "http://127.0.0.1:$port/v1/responses"
done
echo "| vault | req/s | p50 | p99 | added p50 vs none | non-2xx |"
echo "|--|--:|--:|--:|--:|--:|"
base=""
for row in "none $VNONE" "memory $VMEM" "redis $VREDIS"; do
    read -r name port <<<"$row"
    # With --vault none, previous_response_id is forwarded without a map lookup (old behaviour).
    read -r rps p50 p99 errs <<<"$(run "http://127.0.0.1:$port/v1/responses" Benchmarks/scaleout/responses.lua 1)"
    [ -z "$base" ] && base=$p50
    printf "| %s | %.0f | %.0f µs | %.0f µs | %+.0f µs | %s |\n" "$name" "$rps" "$p50" "$p99" "$(awk -v a="$p50" -v b="$base" 'BEGIN{print a-b}')" "$errs"
done
