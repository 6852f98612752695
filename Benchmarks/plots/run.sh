#!/usr/bin/env bash
# Measures and plots the figures of docs/BENCHMARKS.md (issue #8), all in one run on one machine:
#   1. anonymization latency vs input length: Veil patterns only, Veil with the shipped model,
#      and Presidio + spaCy small (the brief's reference) on the same texts (model-bench writes them);
#   2. proxy throughput and p50 vs concurrency: direct to the mock, nginx proxying it, Veil
#      (patterns only) — Benchmarks/proxy/run.sh with REPEAT and CSV.
# Writes CSVs, the machine description and markdown tables to Benchmarks/plots/results/ and the
# PNGs to docs/img/. Needs Debian 12 + Swift (scripts/install-deps.sh installs wrk and nginx).
#
#   Benchmarks/plots/run.sh                     # everything (~15 min on 2 cores)
#   PARTS=latency Benchmarks/plots/run.sh       # or PARTS=proxy, or PARTS=plot (re-plot saved CSVs)
#   SIZES=64,256 LATENCY_ROUNDS=1 REPEAT=1 DURATION=3s CONNS="1 16" Benchmarks/plots/run.sh   # quick check
set -euo pipefail
cd "$(dirname "$0")/../.."

PARTS=${PARTS:-"latency proxy plot"}
VENV=${VENV:-.venv-bench}
OUT=${OUT:-Benchmarks/plots/results}
IMG=${IMG:-docs/img}
SIZES=${SIZES:-64,128,256,512,1024,2048,4096}
RUNS_PATTERNS=${RUNS_PATTERNS:-201}   # per size; pattern detection takes µs, so many runs are cheap
RUNS_MODEL=${RUNS_MODEL:-9}
RUNS_PRESIDIO=${RUNS_PRESIDIO:-15}
LATENCY_ROUNDS=${LATENCY_ROUNDS:-3}
export REPEAT=${REPEAT:-3} DURATION=${DURATION:-5s} CONNS=${CONNS:-"1 2 4 8 16 32 64"}

# The Python side (matplotlib, Presidio, spaCy) lives in its own venv, pinned; it is rebuilt
# when the requirements change.
requirements=Benchmarks/plots/requirements.txt
stamp="$VENV/.installed-$(sha256sum "$requirements" | cut -c1-12)"
if [[ ! -f "$stamp" ]]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check -r "$requirements"
    touch "$stamp"
fi

mkdir -p "$OUT" "$IMG"
describe_machine() {
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources Benchmarks || echo ' (modified)')"
    echo "cpu: $(nproc) x $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
    echo "memory: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
    echo "os: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
    echo "swift: $(swift --version 2>/dev/null | head -1)"
    echo "nginx: $(nginx -v 2>&1 | cut -d/ -f2), wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f2)"
    echo "python: $("$VENV/bin/python" --version | cut -d' ' -f2), presidio-analyzer $("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("presidio-analyzer"))')"
}

if [[ " $PARTS " == *" latency "* ]]; then
    swift build -c release --product model-bench >/dev/null
    bench="$(swift build -c release --show-bin-path)/model-bench"
    inputs=$(mktemp -d)
    trap 'rm -rf "$inputs"' EXIT
    { describe_machine; echo "load average before latency: $(cut -d' ' -f1-3 /proc/loadavg)"; } >"$OUT/machine-latency.txt"
    # The three systems take turns, LATENCY_ROUNDS times, so load from elsewhere falls on all
    # of them; plot.py takes the median over rounds of each round's per-call p50.
    echo "round,system,tokens,chars,runs,p50_ms,p95_ms" >"$OUT/latency.csv"
    for round in $(seq "$LATENCY_ROUNDS"); do
        {
            "$bench" --sizes "$SIZES" --patterns-only --runs "$RUNS_PATTERNS" --csv --inputs-out "$inputs"
            "$bench" --sizes "$SIZES" --runs "$RUNS_MODEL" --csv
            "$VENV/bin/python" Benchmarks/plots/presidio_bench.py "$inputs" --runs "$RUNS_PRESIDIO"
        } | awk -v r="$round" '!/^system,/ { print r "," $0 }' >>"$OUT/latency.csv"
    done
    echo "load average after latency: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine-latency.txt"
    cat "$OUT/latency.csv"
fi

if [[ " $PARTS " == *" proxy "* ]]; then
    { describe_machine; echo "load average before proxy: $(cut -d' ' -f1-3 /proc/loadavg)"; } >"$OUT/machine-proxy.txt"
    CSV="$OUT/proxy.csv" Benchmarks/proxy/run.sh | tee "$OUT/proxy.md"
    echo "load average after proxy: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine-proxy.txt"
fi

if [[ " $PARTS " == *" plot "* ]]; then
    "$VENV/bin/python" Benchmarks/plots/plot.py "$OUT" "$IMG" | tee "$OUT/tables.md"
fi
