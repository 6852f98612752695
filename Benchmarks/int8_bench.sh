#!/bin/sh
# Issue #18's same-run figures for the int8 tagger (docs/T5-ENGINE.md "int8 encoder", docs/BENCHMARKS.md):
# Veil float32 / int8 encoder against CTranslate2 float32 / int8 on the same weights (the compact random
# model and the shipped tagger's encoder), then full anonymize at 1, 4 and 16 concurrent messages.
#   Benchmarks/int8_bench.sh            (ROUNDS=2 RUNS=21 REQUESTS=64 THREADS=1 BUILD=.build)
# Needs Training/fixtures/make_bench_models.py's models and ctranslate2 (Benchmarks/requirements-reference.txt).
set -eu
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-2} RUNS=${RUNS:-21} REQUESTS=${REQUESTS:-64} THREADS=${THREADS:-1}
BUILD=${BUILD:-.build} PY=${PY:-/work/venvs/train/bin/python}
MODELS=Training/cache/bench-models
[ -d "$MODELS/compact-random" ] || "$PY" Training/fixtures/make_bench_models.py
swift build -c release --scratch-path "$BUILD" --product t5-bench >/dev/null
swift build -c release --scratch-path "$BUILD" --product latency-bench >/dev/null
echo "int8 path: $(grep -o 'avx512_vnni' /proc/cpuinfo | head -1 || true); load $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$ROUNDS"); do
    echo "== round $round: Veil (t5-bench), $THREADS thread(s)"
    # The reference script writes tagger-encoder-t5 on first use; Veil reads the same folder.
    "$PY" Benchmarks/t5_reference.py --from-tagger=Models/veil-pii-tagger --engines=none --threads=1 --runs=1 \
        --lengths=2 --encoder-only >/dev/null
    "$BUILD/release/t5-bench" "$MODELS/compact-random" "$MODELS/tagger-encoder-t5" Models/veil-pii-tagger \
        --threads="$THREADS" --runs="$RUNS" --encoder-only --lengths=2,128,256 --precision=float32,int8
    echo "== round $round: CTranslate2 (one decode step per call), $THREADS thread(s)"
    "$PY" Benchmarks/t5_reference.py "$MODELS/compact-random" --from-tagger=Models/veil-pii-tagger \
        --engines=ct2-float32,ct2-int8 --threads="$THREADS" --runs="$RUNS" --lengths=2,128,256 --encoder-only
done
echo "== full anonymize under concurrency"
mkdir -p Benchmarks/plots/results
"$BUILD/release/latency-bench" Models/veil-pii-tagger --threads "$THREADS" --concurrency 1,4,16 \
    --requests "$REQUESTS" --csv Benchmarks/plots/results/latency-concurrency.csv
