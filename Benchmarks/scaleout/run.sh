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
#   Benchmarks/scaleout/run.sh          # DURATION=4s ROUNDS=3 CONNS=16 by default
set -euo pipefail
cd "$(dirname "$0")/../.."
. Benchmarks/lib/nginx.sh
./scripts/install-deps.sh wrk nginx-light redis-server

DURATION=${DURATION:-4s}
ROUNDS=${ROUNDS:-3}
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
redis_pid=$!
declare -A pid_of

serve() {  # port [flags…]
    local port=$1; shift
    VEIL_LOG_LEVEL=warning VEIL_VAULT_KEY=$KEY "$BIN" serve --patterns-only --port "$port" \
        --upstream "http://127.0.0.1:$MOCK" "$@" &
    pids+=($!)
    pid_of[$port]=$!
    for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return; sleep 0.1; done
    echo "veil on $port did not start" >&2; exit 1
}
serve "$V1"; serve "$V2"
serve "$VNONE" --vault none; serve "$VMEM" --vault memory; serve "$VREDIS" --vault "redis://127.0.0.1:$REDIS"

to_us() {  # wrk latency (812.00us, 1.23ms, 2.00s) → microseconds
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) print n; else if (v ~ /ms$/) print n * 1000; else print n * 1000000 }'
}
cpu_ticks() {  # pid → user + system clock ticks so far (proc(5), /proc/PID/stat fields 14 and 15)
    awk '{ print $14 + $15 }' "/proc/$1/stat"
}
run() {  # url script conns [pid…] → "rps p50us p99us errors cpu-µs-per-request…" (one CPU figure per pid)
    local url=$1 script=$2 conns=$3; shift 3
    local before=() p; for p in "$@"; do before+=("$(cpu_ticks "$p")"); done
    local out
    out=$(wrk -t "$(( conns < 2 ? conns : 2 ))" -c "$conns" -d "$DURATION" --latency -s "$script" "$url")
    local errs; errs=$(awk '/Non-2xx/ {print $NF}' <<<"$out"); errs=${errs:-0}
    local requests; requests=$(awk '/requests in/ {print $1}' <<<"$out")
    local cpu="" i=0 hz; hz=$(getconf CLK_TCK)
    for p in "$@"; do
        cpu+=" $(awk -v t="$(( $(cpu_ticks "$p") - before[i] ))" -v n="$requests" -v hz="$hz" 'BEGIN { printf "%.0f", t / hz * 1e6 / n }')"
        i=$((i + 1))
    done
    echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(to_us "$(awk '$1 == "50%" {print $2}' <<<"$out")") $(to_us "$(awk '$1 == "99%" {print $2}' <<<"$out")") $errs$cpu"
}

# One plain turn first, so resp_bench has a stored map in each vault.
for port in $VMEM $VREDIS; do
    curl -fs -o /dev/null -H 'Content-Type: application/json' -d '{"model":"m","input":"hi jane.doe@example.org"}' \
        "http://127.0.0.1:$port/v1/responses"
done

# The machine is shared, so configurations are interleaved ROUNDS times (the same load drift hits
# each) and the median round is reported, with every round's figure for the spread.
declare -A rps p50 p99 errs cpu rcpu
rows=(one two none memory redis)
for round in $(seq "$ROUNDS"); do
    for row in "${rows[@]}"; do
        case $row in
            one) out=$(run "http://127.0.0.1:$LB1/v1/chat/completions" Benchmarks/proxy/chat.lua "$CONNS") ;;
            two) out=$(run "http://127.0.0.1:$LB2/v1/chat/completions" Benchmarks/proxy/chat.lua "$CONNS") ;;
            # With --vault none, previous_response_id is forwarded without a map (the old behaviour).
            none) out=$(run "http://127.0.0.1:$VNONE/v1/responses" Benchmarks/scaleout/responses.lua 1 "${pid_of[$VNONE]}") ;;
            memory) out=$(run "http://127.0.0.1:$VMEM/v1/responses" Benchmarks/scaleout/responses.lua 1 "${pid_of[$VMEM]}") ;;
            redis) out=$(run "http://127.0.0.1:$VREDIS/v1/responses" Benchmarks/scaleout/responses.lua 1 "${pid_of[$VREDIS]}" "$redis_pid") ;;
        esac
        read -r r a b e c rc <<<"$out"
        rps[$row]+="$r "; p50[$row]+="$a "; p99[$row]+="$b "; errs[$row]=$(( ${errs[$row]:-0} + e ))
        cpu[$row]+="${c:-} "; rcpu[$row]+="${rc:-} "
    done
done
median() { tr ' ' '\n' <<<"$1" | { grep . || true; } | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
rounds() { tr ' ' '\n' <<<"$1" | { grep . || true; } | awk '{ printf "%s%.0f", (NR > 1 ? ", " : ""), $1 }'; }

echo "$(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg) at the end, wrk $DURATION per row, $ROUNDS interleaved rounds (median; every round in brackets)"
echo
echo "Throughput, chat completions through nginx round-robin, $CONNS connections:"
echo "| replicas | req/s | p50 | p99 | non-2xx |"
echo "|--:|--:|--:|--:|--:|"
for row in one two; do
    printf "| %s | %.0f (%s) | %.0f µs | %.0f µs | %s |\n" "$([ $row = one ] && echo 1 || echo 2)" "$(median "${rps[$row]}")" \
        "$(rounds "${rps[$row]}")" "$(median "${p50[$row]}")" "$(median "${p99[$row]}")" "${errs[$row]}"
done
echo
echo "Vault cost, Responses API turn with previous_response_id (GET + SET per request), 1 connection:"
echo "(CPU/req: Veil's user + system time per request; for redis also redis-server's.)"
echo "| vault | req/s | p50 | p99 | added p50 vs none | Veil CPU/req | redis CPU/req | non-2xx |"
echo "|--|--:|--:|--:|--:|--:|--:|--:|"
base=$(median "${p50[none]}")
for row in none memory redis; do
    m=$(median "${p50[$row]}")
    rc=$(median "${rcpu[$row]}"); rc=${rc:+$rc µs}
    printf "| %s | %.0f | %.0f µs (%s) | %.0f µs | %+.0f µs | %s µs (%s) | %s | %s |\n" "$row" "$(median "${rps[$row]}")" "$m" \
        "$(rounds "${p50[$row]}")" "$(median "${p99[$row]}")" "$(awk -v a="$m" -v b="$base" 'BEGIN { print a - b }')" \
        "$(median "${cpu[$row]}")" "$(rounds "${cpu[$row]}")" "${rc:-—}" "${errs[$row]}"
done
