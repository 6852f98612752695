#!/usr/bin/env python3
"""Parity of the int8 tagger with float32 (docs/T5-ENGINE.md "int8 encoder"): `veil anonymize --jsonl` run
both ways on the same dev documents, compared document by document.

    python3 Benchmarks/quality/int8_parity.py [--veil .build/release/veil] [--model Models/veil-pii-tagger]
        [--data-dir ../shared/data] [--sets everyday,contextual,real-dev] [--limit 400] [--show 5]

The two runs differ only in config.json's `veil_weights` ("float32" / "int8"): each uses a temporary copy of
the model folder (symlinks to its files, an edited config.json). Documents are loaded and asked for labels
as in cli_eval.py (everyday-dev: Veil's default labels; contextual and real prose: each set's labels).

Prints, per set and over all: the share of documents whose entities (start, end, label) are identical, and
leak / over-redaction (metrics.py) of both runs with their difference. Exits 1 when fewer than --min-identical
(default 99 %) of all documents are identical, or a leak or over-redaction figure moves by more than
--max-delta (default 0.2 points). --show N lists the first N differing documents by id and spans (no text).
Reads the data where it lies (never copies it). Standard library only.
"""
import argparse
import json
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import cli_eval  # noqa: E402
import metrics  # noqa: E402

PRECISIONS = ("float32", "int8")


def model_copy(model, precision, parent):
    """A folder that is `model` with config.json's veil_weights set to `precision`."""
    folder = os.path.join(parent, precision)
    os.makedirs(folder)
    for name in os.listdir(model):
        if name != "config.json":
            os.symlink(os.path.abspath(os.path.join(model, name)), os.path.join(folder, name))
    with open(os.path.join(model, "config.json"), encoding="utf-8") as f:
        config = json.load(f)
    config["veil_weights"] = precision
    with open(os.path.join(folder, "config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)
    return folder


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--veil", default=os.path.join(ROOT, ".build", "release", "veil"))
    ap.add_argument("--model", default=os.path.join(ROOT, "Models", "veil-pii-tagger"))
    ap.add_argument("--data-dir", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--sets", default="everyday,contextual,real-dev")
    ap.add_argument("--limit", type=int, default=400, help="documents per data.py set (as cli_eval.py); 0 = all")
    ap.add_argument("--veil-arg", action="append", default=[], help="extra argument for both veil runs (repeatable)")
    ap.add_argument("--min-identical", type=float, default=0.99)
    ap.add_argument("--max-delta", type=float, default=0.002, help="largest leak / over-redaction change (0.002 = 0.2 points)")
    ap.add_argument("--show", type=int, default=0, metavar="N")
    a = ap.parse_args()

    sets = cli_eval.load_sets(os.path.abspath(a.data_dir), [k for k in a.sets.split(",") if k], a.limit)
    if not sets:
        sys.exit(f"no documents under {a.data_dir}")
    parent = tempfile.mkdtemp(prefix="veil-int8-parity-")
    failed = []
    try:
        folders = {p: model_copy(a.model, p, parent) for p in PRECISIONS}
        total_docs = total_same = 0
        print(f"{'set':22s} {'docs':>5s} {'identical':>10s}   {'leak f32':>8s} {'leak i8':>8s} {'Δ':>6s}   "
              f"{'over f32':>8s} {'over i8':>8s} {'Δ':>6s}   {'s f32':>6s} {'s i8':>6s}")
        for name, exs in sets.items():
            labels = None if name.startswith("everyday") else "set"
            runs, scores, seconds = {}, {}, {}
            for p in PRECISIONS:
                out, seconds[p] = cli_eval.run_veil(a.veil, ["--model", folders[p]] + a.veil_arg, exs, labels)
                runs[p] = [sorted(ents) for ents, _ in out]
                scores[p] = metrics.score(exs, [ents for ents, _ in out], [t for _, t in out])["all"]
            same = sum(x == y for x, y in zip(runs["float32"], runs["int8"]))
            total_docs += len(exs)
            total_same += same
            row = f"{name:22s} {len(exs):5d} {same / len(exs):10.2%}"
            for key in ("leak", "over"):
                f, i = scores["float32"][key], scores["int8"][key]
                if f is None or i is None:
                    row += f"   {'–':>8s} {'–':>8s} {'':>6s}"
                    continue
                row += f"   {f:8.2%} {i:8.2%} {(i - f) * 100:+6.2f}"
                if abs(i - f) > a.max_delta:
                    failed.append(f"{name}: {key} {f:.2%} → {i:.2%}")
            row += f"   {seconds['float32']:6.1f} {seconds['int8']:6.1f}"
            print(row, flush=True)
            shown = 0
            for ex, x, y in zip(exs, runs["float32"], runs["int8"]):
                if x != y and shown < a.show:
                    shown += 1
                    print(f"    {ex['id']}: float32 only {sorted(set(x) - set(y))}, int8 only {sorted(set(y) - set(x))}")
        share = total_same / total_docs
        print(f"{'all':22s} {total_docs:5d} {share:10.2%}")
        if share < a.min_identical:
            failed.append(f"identical documents {share:.2%} < {a.min_identical:.0%}")
    finally:
        shutil.rmtree(parent, ignore_errors=True)
    if failed:
        print("PARITY FAILED: " + "; ".join(failed))
        sys.exit(1)
    print("parity holds")


if __name__ == "__main__":
    main()
