#!/usr/bin/env bash
# Soak run (issue #7, not a test): Veil under steady load for MINUTES, watching for growth.
#   wrk        keep-alive chat completions with personal data (Benchmarks/proxy/chat.lua) against
#              an nginx upstream answering a canned completion
#   streams    STREAMS clients in a loop asking for streamed completions, which nginx relays
#              from Tests/E2E/mock_openai.py (3-character deltas: placeholders split across events);
#              each stream's restored text is checked
#   sampler    Veil's RSS (VmRSS) and open descriptors (/proc/PID/fd) every SAMPLE seconds
# Prints requests/s, p50/p99, errors, completed/failed streams, RSS start/end/max, FDs start/end/max.
#
#   Benchmarks/soak/run.sh            # 10 minutes
#   Benchmarks/soak/run.sh 1          # 1 minute; CONNS=4 STREAMS=2 SAMPLE=5 by default
#   VEIL_BIN=path/to/veil Benchmarks/soak/run.sh   # skip the release build
set -euo pipefail
cd "$(dirname "$0")/../.."
. Benchmarks/lib/nginx.sh
./scripts/install-deps.sh wrk nginx-light

MINUTES=${1:-10}
DURATION_S=$(awk -v m="$MINUTES" 'BEGIN { printf "%d", m * 60 }')
CONNS=${CONNS:-4}
STREAMS=${STREAMS:-2}
SAMPLE=${SAMPLE:-5}
VEIL_PORT=${VEIL_PORT:-18290}
NGINX_PORT=${NGINX_PORT:-18291}
PYMOCK_PORT=${PYMOCK_PORT:-18292}

if [[ -z "${VEIL_BIN:-}" ]]; then
    swift build -c release --product veil >/dev/null
    VEIL_BIN="$(swift build -c release --show-bin-path)/veil"
fi

bench_workdir
python3 Tests/E2E/mock_openai.py --port "$PYMOCK_PORT" >/dev/null &
pymock_pid=$!
trap 'kill $pymock_pid 2>/dev/null || true; bench_cleanup' EXIT

answer='{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Sure - I will write to [EMAIL_1] and call [PHONE_1] about card [CREDIT_CARD_1]."},"finish_reason":"stop"}],"usage":{"prompt_tokens":120,"completion_tokens":20,"total_tokens":140}}'
# One upstream for Veil: the streaming clients identify themselves by User-Agent (a header Veil
# forwards) and are relayed to the Python mock unbuffered; everything else gets the canned answer.
start_nginx "$work" "
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location = /v1/chat/completions {
            if (\$http_user_agent = \"veil-soak-stream\") { rewrite ^ /stream last; }
            default_type application/json; client_body_buffer_size 64k; return 200 '$answer';
        }
        location = /stream {
            internal;
            proxy_pass http://127.0.0.1:$PYMOCK_PORT/v1/chat/completions;
            proxy_http_version 1.1; proxy_buffering off;
        }
    }"

VEIL_LOG_LEVEL=${VEIL_LOG_LEVEL:-warning} "$VEIL_BIN" serve --patterns-only --port "$VEIL_PORT" --upstream "http://127.0.0.1:$NGINX_PORT" \
    2>"$work/veil.log" &
veil_pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$VEIL_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

sample() {  # → "seconds rss_kib fds"
    echo "$SECONDS $(awk '/^VmRSS/ {print $2}' "/proc/$veil_pid/status") $(ls "/proc/$veil_pid/fd" | wc -l)"
}
(while kill -0 "$veil_pid" 2>/dev/null; do sample; sleep "$SAMPLE"; done) >"$work/samples" &
sampler_pid=$!

python3 Benchmarks/soak/streams.py "http://127.0.0.1:$VEIL_PORT" "$STREAMS" "$DURATION_S" >"$work/streams" &
streams_pid=$!
wrk -t 1 -c "$CONNS" -d "${DURATION_S}s" --latency -s Benchmarks/proxy/chat.lua \
    "http://127.0.0.1:$VEIL_PORT/v1/chat/completions" >"$work/wrk"
streams_ok=yes
wait "$streams_pid" || streams_ok=no
sleep 2  # let the last connections close before the final sample
sample >>"$work/samples"
kill "$sampler_pid" 2>/dev/null || true
# Idle keep-alive connections libcurl caches for reuse (CURLMOPT_MAXCONNECTS, 64) are expected
# at the end; they are counted apart so a leak would show as the rest growing.
upstream_conns=$(ss -tnp "dport = :$NGINX_PORT" 2>/dev/null | grep -c "pid=$veil_pid," || true)

alive=$(kill -0 "$veil_pid" 2>/dev/null && echo yes || echo "NO (crashed)")
errors=$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$work/wrk")
echo "soak: $MINUTES min, wrk $CONNS connections + $STREAMS streaming clients, $(nproc) CPUs"
echo "wrk:      $(awk '/Requests\/sec/ {print $2}' "$work/wrk") req/s, p50 $(awk '$1 == "50%" {print $2}' "$work/wrk"), p99 $(awk '$1 == "99%" {print $2}' "$work/wrk"), $(awk '/requests in/ {print $1}' "$work/wrk") requests, $errors errors"
echo "streams:  $(cat "$work/streams")"
awk 'NR == 1 {rs = $2; fs = $3} {if ($2 > rm) rm = $2; if ($3 > fm) fm = $3; re = $2; fe = $3}
     END {printf "RSS:      start %.1f MiB, end %.1f MiB, max %.1f MiB (%d samples)\nFDs:      start %d, end %d, max %d\n",
          rs / 1024, re / 1024, rm / 1024, NR, fs, fe, fm}' "$work/samples"
echo "          of the end FDs, $upstream_conns are idle upstream connections in libcurl's cache"
echo "veil alive at the end: $alive; warnings/errors logged: $(grep -c -E 'warning|error' "$work/veil.log" || true)"
grep -E 'warning|error' "$work/veil.log" | sed -E 's/^[^ ]+ //; s/request\.id=[0-9a-f]+//' | sort | uniq -c | sort -rn | head -5 || true
[[ "$alive" == yes && "$errors" == 0 && "$streams_ok" == yes ]]
