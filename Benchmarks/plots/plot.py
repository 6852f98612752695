"""Plots and tables for docs/BENCHMARKS.md from the CSVs Benchmarks/plots/run.sh writes.

    .venv-bench/bin/python Benchmarks/plots/plot.py RESULTS_DIR IMG_DIR   # prints markdown tables

Inputs: latency.csv (`round,system,tokens,chars,runs,p50_ms,p95_ms`: each row already the p50
and p95 over `runs` calls; the median over rounds is taken here) and proxy.csv (`conns,target,repeat,rps,p50_us,p99_us,cpu_us`, one row per run; the
median over repeats is taken here). Outputs: latency-vs-length.png, proxy-throughput.png,
proxy-p50.png, each well under 300 KB (small figure, 110 dpi, no transparency).
"""
import csv
import pathlib
import statistics
import sys

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402

LATENCY = [("veil-patterns", "Veil, pattern detectors only"),
           ("veil-model", "Veil, patterns + shipped T5 tagger (1 thread)"),
           ("presidio-spacy-sm", "Presidio + spaCy en_core_web_sm")]
PROXY = [("direct", "direct to the mock upstream"), ("nginx", "nginx reverse proxy"),
         ("veil", "Veil, pattern detectors only")]


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def save(fig, path):
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    size = path.stat().st_size
    assert size < 300_000, f"{path} is {size} bytes"


def grouped(path, key):
    """The CSV's rows grouped by key(row) (rounds or runs of one measurement), or None without the file."""
    if not path.exists():
        return None
    out = {}
    for r in read_csv(path):
        out.setdefault(key(r), []).append(r)
    return out


def latency(results, img):
    per_round = grouped(results / "latency.csv", lambda r: (r["system"], int(r["tokens"])))
    if per_round is None:
        return
    # One row per system and size: the median over rounds of each round's p50 (and p95).
    rows = {}
    for (system, tokens), rs in sorted(per_round.items(), key=lambda kv: kv[0][1]):
        rows.setdefault(system, []).append({
            "tokens": tokens, "chars": rs[0]["chars"], "rounds": len(rs),
            "p50_ms": statistics.median(float(r["p50_ms"]) for r in rs),
            "p95_ms": statistics.median(float(r["p95_ms"]) for r in rs)})
    fig, ax = plt.subplots(figsize=(7, 4.4))
    for system, label in LATENCY:
        if system in rows:
            rs = rows[system]
            ax.plot([int(r["chars"]) for r in rs], [float(r["p50_ms"]) for r in rs], marker="o", label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    sizes = max(rows.values(), key=len)
    ax.set_xticks([int(r["chars"]) for r in sizes], [f"{r['chars']}\n~{r['tokens']}" for r in sizes], fontsize=8)
    ax.minorticks_off()
    ax.set_xlabel("input length: characters / ~model tokens (log)")
    ax.set_ylabel("p50 latency per message (ms, log)")
    ax.set_title("Anonymization latency vs input length (one core, same texts)")
    ax.axhline(30, color="grey", linestyle=":", linewidth=1)
    # x in axes fractions, y in data: the label sits at the right end, just above the line.
    ax.text(0.99, 33, "brief target: p50 30 ms at 256 tokens", transform=ax.get_yaxis_transform(),
            ha="right", va="bottom", color="grey", fontsize=8)
    ax.grid(True, which="both", alpha=0.3)
    # Between the NER curves (above 30 ms) and the pattern curve (below 1 ms).
    ax.legend(fontsize=8, loc="lower left", bbox_to_anchor=(0.01, 0.36))
    save(fig, img / "latency-vs-length.png")

    systems = [s for s, _ in LATENCY if s in rows]
    by_size = {}
    for s in systems:
        for r in rows[s]:
            by_size.setdefault(int(r["tokens"]), {"chars": r["chars"]})[s] = r
    print(f"Median over {max(r['rounds'] for rs in rows.values() for r in rs)} rounds of p50 (p95) in ms.\n")
    print("| ~tokens | chars | " + " | ".join(f"{s}" for s in systems) + " |")
    print("|---:|---:|" + "---:|" * len(systems))
    for tokens in sorted(by_size):
        cells = [f"{ms(by_size[tokens][s]['p50_ms'])} ({ms(by_size[tokens][s]['p95_ms'])})"
                 if s in by_size[tokens] else "–" for s in systems]
        print(f"| {tokens} | {by_size[tokens]['chars']} | " + " | ".join(cells) + " |")
    print()


def proxy(results, img):
    runs = grouped(results / "proxy.csv", lambda r: (r["target"], int(r["conns"])))
    if runs is None:
        return
    med = {k: {col: statistics.median(float(r[col]) for r in v) for col in ("rps", "p50_us", "p99_us")}
           for k, v in runs.items()}
    conns = sorted({c for _, c in med})
    for column, ylabel, title, name, log_y in [
            ("rps", "requests/s (median of repeats)", "Proxy throughput vs concurrency", "proxy-throughput.png", False),
            ("p50_us", "p50 latency (µs, log)", "Proxy p50 latency vs concurrency", "proxy-p50.png", True)]:
        fig, ax = plt.subplots(figsize=(7, 4.4))
        for target, label in PROXY:
            xs = [c for c in conns if (target, c) in med]
            ax.plot(xs, [med[(target, c)][column] for c in xs], marker="o", label=label)
        ax.set_xscale("log", base=2)
        ax.set_xticks(conns, [str(c) for c in conns])
        if log_y:
            ax.set_yscale("log")
        ax.set_xlabel("concurrent keep-alive connections (wrk)")
        ax.set_ylabel(ylabel)
        ax.set_title(f"{title} (~1.2 KB chat request, loopback)")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
        save(fig, img / name)

    print("| conns | direct req/s | nginx req/s | Veil req/s | Veil / nginx | direct p50 | nginx p50 | Veil p50 | Veil added p50 | Veil p99 |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for c in conns:
        d, n, v = (med.get((t, c)) for t in ("direct", "nginx", "veil"))
        if not (d and n and v):
            continue
        print(f"| {c} | {d['rps']:,.0f} | {n['rps']:,.0f} | {v['rps']:,.0f} | {v['rps'] / n['rps']:.2f} | "
              f"{us(d['p50_us'])} | {us(n['p50_us'])} | {us(v['p50_us'])} | {us(v['p50_us'] - d['p50_us'])} | {us(v['p99_us'])} |")
    print()


def ms(x):
    return f"{x:.3f}" if x < 1 else f"{x:.1f}" if x < 100 else f"{x:,.0f}"


def us(x):
    return f"{x:.0f} µs" if x < 1000 else f"{x / 1000:.2f} ms"


def main():
    results, img = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    img.mkdir(parents=True, exist_ok=True)
    latency(results, img)
    proxy(results, img)


if __name__ == "__main__":
    main()
