#!/bin/sh
# Seq2seq anonymizer vs tagger latency (issue #17): p50/p95 of the full anonymize() (patterns + model +
# merging + placeholders) per ~64- and ~256-token message, release build.
#   swift build -c release --product model-bench
#   sh Benchmarks/seq2seq_bench.sh [THREADS] [RUNS]
# Rows: the shipped tagger; the tiny seq2seq fixture (Tests/Fixtures/seq2seq-tiny: d_model 32, 2+2 layers,
# windows of 128 ids, as trained) with the default labels, and copying only (every token decoded: n + 1
# steps); a FLAN-T5-small-shaped seq2seq model with random weights (made here, never committed), copying
# only — its random weights would otherwise end a message after one tag, which says nothing about a
# trained model's latency. Latency only.
set -e
THREADS=${1:-2}
RUNS=${2:-9}
BIN=${BIN:-.build/release/model-bench}
PY=${PY:-/work/venvs/train/bin/python}
FLAN=Training/cache/bench-models/flan-t5-small-seq2seq-random
[ -f "$FLAN/model.safetensors" ] || "$PY" Training/fixtures/make_seq2seq_bench_model.py "$FLAN"
run() { echo "## $*"; "$BIN" "$@" --sizes 64,256 --runs "$RUNS" --threads "$THREADS"; }
run Models/veil-pii-tagger
run Tests/Fixtures/seq2seq-tiny
run Tests/Fixtures/seq2seq-tiny --copy-only
run "$FLAN" --copy-only
