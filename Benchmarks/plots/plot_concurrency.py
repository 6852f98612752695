#!/usr/bin/env python3
"""Plots latency-bench's CSV (full anonymize under concurrency, float32 vs int8 (verified) and int8-raw) for docs/BENCHMARKS.md.

    .build/release/latency-bench --csv Benchmarks/plots/results/latency-concurrency.csv
    /work/venvs/train/bin/python Benchmarks/plots/plot_concurrency.py \
        Benchmarks/plots/results/latency-concurrency.csv docs/img/latency-concurrency.png

x: concurrent messages (clients sending back to back); y: per-message latency, p50 (solid) and p99 (dashed),
log scale. Checks the PNG stays under 200 KB.
"""
import csv
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

source, target = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(source, encoding="utf-8")))
fig, ax = plt.subplots(figsize=(6.4, 4.0), dpi=100)
colors = {"float32": "#1f77b4", "int8": "#d62728", "int8-raw": "#ff9896"}
for precision in dict.fromkeys(r["precision"] for r in rows):
    mine = sorted((r for r in rows if r["precision"] == precision), key=lambda r: int(r["concurrency"]))
    xs = [int(r["concurrency"]) for r in mine]
    color = colors.get(precision)
    ax.plot(xs, [float(r["p50_ms"]) for r in mine], "o-", color=color, label=f"{precision} p50")
    ax.plot(xs, [float(r["p99_ms"]) for r in mine], "s--", color=color, label=f"{precision} p99")
    for r in mine:
        ax.annotate(f"{float(r['per_second']):.0f}/s", (int(r["concurrency"]), float(r["p50_ms"])),
                    textcoords="offset points", xytext=(4, -12), fontsize=7, color=color)
threads = rows[0]["threads"] if rows else "?"
ax.set_xscale("log", base=2)
ax.set_yscale("log")
ax.set_xticks(sorted({int(r["concurrency"]) for r in rows}))
ax.get_xaxis().set_major_formatter(matplotlib.ticker.ScalarFormatter())
ax.set_xlabel("concurrent messages (each client sends back to back)")
ax.set_ylabel("full anonymize latency, ms")
ax.set_title(f"~256-token message, tagger on {threads} thread(s), 1 compute worker", fontsize=10)
ax.grid(True, which="both", alpha=0.3)
ax.legend(fontsize=8)
fig.tight_layout()
fig.savefig(target)
size = os.path.getsize(target)
print(f"{target}: {size // 1024} KB")
if size >= 200 * 1024:
    sys.exit("PNG over 200 KB")
