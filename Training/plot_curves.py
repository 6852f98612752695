"""Precision/recall curves of the model's labels per dev set, from `calibrate.py --curves`, with the shipped
operating points marked (config.json `veil_thresholds`).

    python plot_curves.py runs/curves.csv --model ../Models/veil-pii-tagger --out ../docs/img/pr-curves.png
"""
import argparse
import collections
import csv
import json
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

LABELS = ["NAME", "ADDRESS", "USERNAME", "DATE", "ORGANIZATION", "POSITION"]
MARKERS = {"strict": "s", "balanced": "o", "high-recall": "^"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("--model", default=os.path.join(os.path.dirname(__file__), "..", "Models", "veil-pii-tagger"))
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    thresholds = json.load(open(os.path.join(a.model, "config.json"))).get("veil_thresholds", {})
    curves = collections.defaultdict(list)
    for row in csv.DictReader(open(a.csv)):
        if row["precision"] and row["recall"]:
            curves[(row["set"], row["label"])].append((float(row["threshold"]), float(row["precision"]),
                                                      float(row["recall"])))
    sets = sorted({s for s, _ in curves if s != "all"})
    fig, axes = plt.subplots(1, len(sets), figsize=(6 * len(sets), 5), squeeze=False)
    for ax, name in zip(axes[0], sets):
        for label in LABELS:
            pts = sorted(curves.get((name, label), []))
            if len(pts) < 2:
                continue
            line, = ax.plot([r for _, _, r in pts], [p for _, p, _ in pts], label=label, lw=1.5)
            for level, marker in MARKERS.items():
                t = thresholds.get(level, {}).get(label, thresholds.get(level, {}).get("*"))
                near = min(pts, key=lambda q: abs(q[0] - t)) if t is not None else None
                if near:
                    ax.plot(near[2], near[1], marker, color=line.get_color(), ms=7, mfc="white")
        ax.set_title(f"{name}: model spans per label, threshold 0 → 0.95")
        ax.set_xlabel("recall of the label's gold values (patterns included)")
        ax.set_ylabel("precision of the model's spans")
        ax.set_xlim(0, 1.02)
        ax.set_ylim(0, 1.02)
        ax.grid(alpha=0.3)
        ax.legend(loc="lower left", fontsize=8, title="□ strict  ○ balanced  △ high-recall", title_fontsize=8)
    fig.tight_layout()
    fig.savefig(a.out, dpi=110)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
