"""Chooses the model's per-label thresholds for each sensitivity on the dev sets, through Veil itself.

Runs `veil anonymize --jsonl` with a copy of the model whose config.json has no `veil_thresholds` (every
span kept, each with its confidence: the mean probability of its label over its tokens), on everyday-dev
(Veil's default labels) and contextual dev (the labels each example annotates). For each label it then
sweeps a threshold t and counts, over both sets pooled:

- precision: model spans with score >= t that overlap a gold (or ignored) span, over all such spans;
- recall: gold spans of that label fully covered by pattern spans or model spans with score >= t.

Each sensitivity takes, per label, the t that maximises F_beta (ties: the lower t) with its own beta —
strict 0.5 (precision weighs twice recall), balanced 1, high-recall 3. The everyday set's PII-free prompts
make most of the false positives, so precision on ordinary text is part of every choice.
Labels with fewer than MIN_SPANS model spans on dev get the level's median threshold ("*").

    python calibrate.py --model ../Models/veil-pii-tagger [--write] [--curves ../docs/img/pr-curves.csv]
"""
import argparse
import collections
import csv
import json
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "Benchmarks", "quality"))
import cli_eval  # noqa: E402
import metrics  # noqa: E402

BETAS = {"strict": 0.5, "balanced": 1.0, "high-recall": 3.0}
GRID = [round(0.05 * k, 2) for k in range(0, 20)]
MIN_SPANS = 8
SETS = ("everyday", "contextual")
# Veil label -> the model's own name for it: thresholds are looked up by the model's label names.
MODEL_NAMES = {"NATIONAL_ID": "ID_NUMBER"}


def raw_copy(model):
    """The model folder without thresholds: every candidate span comes out with its score."""
    tmp = tempfile.mkdtemp(prefix="veil-calibrate-")
    for f in os.listdir(model):
        src = os.path.join(model, f)
        if os.path.isfile(src):
            os.symlink(os.path.abspath(src), os.path.join(tmp, f))
    cfg = json.load(open(os.path.join(model, "config.json")))
    cfg.pop("veil_thresholds", None)
    os.remove(os.path.join(tmp, "config.json"))
    json.dump(cfg, open(os.path.join(tmp, "config.json"), "w"), indent=2, sort_keys=True)
    return tmp


def collect(veil, model, ddir, limit):
    """Per set: [(example, [(start, end, label, detector, score)])]."""
    out = {}
    sets = cli_eval.load_sets(ddir, SETS, limit)
    for name, exs in sets.items():
        res, _ = cli_eval.run_veil(veil, ["--model", model], exs, None if name.startswith("everyday") else "set",
                                   scores=True)
        out[name] = [(ex, [(s, e, MODEL_NAMES.get(lab, lab), det, score) for s, e, lab, det, score in ents])
                      for ex, (ents, _) in zip(exs, res)]
    return out


def curve(runs, label, t):
    """(tp spans, model spans, gold covered, gold) for one label at threshold t, pooled over the sets."""
    tp = n = covered = gold = 0
    for pairs in runs.values():
        for ex, ents in pairs:
            kept = [e for e in ents if e[3] != "t5" or e[4] >= t]
            known = metrics.mask_of(len(ex["text"]), list(ex["spans"]) + [list(x) for x in ex.get("ignore", [])])
            mask = metrics.mask_of(len(ex["text"]), kept)
            for s, e, lab, det, score in kept:
                if det == "t5" and lab == label:
                    n += 1
                    tp += any(known[s:e])
            for s, e, lab in ex["spans"]:
                if lab == label:
                    gold += 1
                    covered += metrics.covered(ex["text"], mask, s, e)
    return tp, n, covered, gold


def fbeta(p, r, beta):
    return (1 + beta ** 2) * p * r / (beta ** 2 * p + r) if p + r else 0.0


def choose(runs, labels):
    """{level: {label: t, "*": median}} and the curve rows [(set, label, t, precision, recall, spans)]: per
    dev set and pooled ("all", what the choice is made on)."""
    rows, chosen = [], {lvl: {} for lvl in BETAS}
    for label in labels:
        points = []
        for t in GRID:
            for name in runs:
                tp, n, cov, gold = curve({name: runs[name]}, label, t)
                if n or gold:
                    rows.append((name, label, t, round(tp / n, 4) if n else "", round(cov / gold, 4) if gold else "", n))
            tp, n, cov, gold = curve(runs, label, t)
            p = tp / n if n else 1.0
            r = cov / gold if gold else 1.0
            points.append((t, p, r, n))
            rows.append(("all", label, t, round(p, 4), round(r, 4), n))
        if points[0][3] < MIN_SPANS:
            continue
        for lvl, beta in BETAS.items():
            best = max(points, key=lambda q: (round(fbeta(q[1], q[2], beta), 4), -q[0]))
            chosen[lvl][label] = best[0]
    for lvl in chosen:
        ts = sorted(chosen[lvl].values())
        chosen[lvl]["*"] = ts[len(ts) // 2] if ts else 0.5
    return chosen, rows


def summary(runs, chosen):
    """The dev figures at each operating point (model spans below their label's threshold dropped)."""
    cols = ["untouched", "chars_masked", "public_masked", "real_not_fully", "leak", "recall", "precision", "over"]
    print("\n| set | sensitivity | " + " | ".join(cols) + " |")
    print("|---|---|" + "--:|" * len(cols))
    for name, pairs in runs.items():
        for lvl in ["raw"] + list(BETAS):
            def kept(ents):
                return [e[:3] for e in ents if e[3] != "t5" or lvl == "raw"
                        or e[4] >= chosen[lvl].get(e[2], chosen[lvl]["*"])]
            r = metrics.score([ex for ex, _ in pairs], [kept(ents) for _, ents in pairs])["all"]
            print(f"| {name} | {lvl} | " + " | ".join("-" if r[c] is None else f"{100 * r[c]:.1f}" for c in cols) + " |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=os.path.join(ROOT, "Models", "veil-pii-tagger"))
    ap.add_argument("--veil", default=os.path.join(ROOT, ".build", "release", "veil"))
    ap.add_argument("--data-dir", default=os.environ.get("VEIL_DATA_DIR", os.path.join(ROOT, "..", "shared", "data")))
    ap.add_argument("--limit", type=int, default=0, help="contextual documents (0 = all)")
    ap.add_argument("--write", action="store_true", help="store the thresholds in the model's config.json")
    ap.add_argument("--curves", default=None, help="CSV of the precision/recall points per label")
    a = ap.parse_args()
    raw = raw_copy(a.model)
    try:
        runs = collect(a.veil, raw, os.path.abspath(a.data_dir), a.limit)
    finally:
        shutil.rmtree(raw)
    spans = collections.Counter(e[2] for pairs in runs.values() for _, ents in pairs for e in ents if e[3] == "t5")
    labels = sorted(spans)
    chosen, rows = choose(runs, labels)
    print("| label | model spans (t=0) | " + " | ".join(f"{lvl} t" for lvl in BETAS) + " |")
    print("|---|--:|" + "--:|" * len(BETAS))
    for label in labels:
        print(f"| {label} | {spans[label]} | " + " | ".join(str(chosen[l].get(label, "*")) for l in BETAS) + " |")
    print("default (*): " + ", ".join(f"{l} {chosen[l]['*']}" for l in BETAS))
    summary(runs, chosen)
    if a.curves:
        with open(a.curves, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["set", "label", "threshold", "precision", "recall", "model_spans"])
            w.writerows(rows)
    if a.write:
        path = os.path.join(a.model, "config.json")
        cfg = json.load(open(path))
        cfg["veil_thresholds"] = chosen
        with open(path, "w") as f:
            json.dump(cfg, f, indent=2, sort_keys=True)
        print(f"wrote veil_thresholds to {path}")


if __name__ == "__main__":
    main()
