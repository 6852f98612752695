#!/usr/bin/env python3
"""Parity of the int8 tagger with float32 (docs/T5-ENGINE.md "int8 encoder"): `veil anonymize --jsonl` run
three ways on the same dev documents, compared document by document.

    python3 Benchmarks/quality/int8_parity.py [--veil .build/release/veil] [--model Models/veil-pii-tagger]
        [--data-dir ../shared/data] [--sets everyday,contextual,real-dev] [--limit 400] [--margin 0.1] [--show 5]

The runs differ only in config.json: `veil_weights` "float32"; "int8" with `veil_int8_verify_margin` 0 (raw
int8: every window int8); "int8" with the margin given (int8, windows with a decision within the margin of
its edge re-run in float32 — the shipped behaviour of `"veil_weights": "int8"`). Each uses a temporary copy
of the model folder (symlinks to its files, an edited config.json). Documents are loaded and asked for labels
as in cli_eval.py (everyday-dev: Veil's default labels; contextual and real prose: each set's labels).

Prints, per set and over all: the share of documents whose entities (start, end, label) are identical to
float32's, for raw and verified int8, and leak / over-redaction (metrics.py) of float32 and verified int8 with
their difference, and each run's seconds. Exits 1 when fewer than --min-identical (default 99 %) of all
documents are identical for verified int8, or one of its leak or over-redaction figures moves by more than
--max-delta (default 0.2 points). --show N lists the first N documents where verified int8 differs, by id and
spans (no text). Reads the data where it lies (never copies it). Standard library only.
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

def model_copy(model, name, parent, **settings):
    """A folder named `name` that is `model` with `settings` written into its config.json."""
    folder = os.path.join(parent, name)
    os.makedirs(folder)
    for name in os.listdir(model):
        if name != "config.json":
            os.symlink(os.path.abspath(os.path.join(model, name)), os.path.join(folder, name))
    with open(os.path.join(model, "config.json"), encoding="utf-8") as f:
        config = json.load(f)
    config.update(settings)
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
    ap.add_argument("--margin", type=float, default=0.1, help="veil_int8_verify_margin of the verified run")
    ap.add_argument("--show", type=int, default=0, metavar="N")
    a = ap.parse_args()

    sets = cli_eval.load_sets(os.path.abspath(a.data_dir), [k for k in a.sets.split(",") if k], a.limit)
    if not sets:
        sys.exit(f"no documents under {a.data_dir}")
    parent = tempfile.mkdtemp(prefix="veil-int8-parity-")
    failed = []
    try:
        folders = {
            "float32": model_copy(a.model, "float32", parent, veil_weights="float32"),
            "raw": model_copy(a.model, "raw", parent, veil_weights="int8", veil_int8_verify_margin=0),
            "int8": model_copy(a.model, "int8", parent, veil_weights="int8", veil_int8_verify_margin=a.margin),
        }
        total_docs = total_same = total_raw = 0
        print(f"int8 runs: raw (every window int8) and verified (margin {a.margin}); leak / over-redaction: float32 → verified")
        print(f"{'set':22s} {'docs':>5s} {'raw same':>9s} {'verified':>9s}   {'leak f32':>8s} {'leak i8':>8s} {'Δ':>6s}   "
              f"{'over f32':>8s} {'over i8':>8s} {'Δ':>6s}   {'s f32':>6s} {'s raw':>6s} {'s i8':>6s}")
        for name, exs in sets.items():
            labels = None if name.startswith("everyday") else "set"
            runs, scores, seconds = {}, {}, {}
            for p, folder in folders.items():
                out, seconds[p] = cli_eval.run_veil(a.veil, ["--model", folder] + a.veil_arg, exs, labels)
                runs[p] = [sorted(ents) for ents, _ in out]
                scores[p] = metrics.score(exs, [ents for ents, _ in out], [t for _, t in out])["all"]
            same = sum(x == y for x, y in zip(runs["float32"], runs["int8"]))
            raw = sum(x == y for x, y in zip(runs["float32"], runs["raw"]))
            total_docs += len(exs)
            total_same += same
            total_raw += raw
            row = f"{name:22s} {len(exs):5d} {raw / len(exs):9.2%} {same / len(exs):9.2%}"
            for key in ("leak", "over"):
                f, i = scores["float32"][key], scores["int8"][key]
                if f is None or i is None:
                    row += f"   {'–':>8s} {'–':>8s} {'':>6s}"
                    continue
                row += f"   {f:8.2%} {i:8.2%} {(i - f) * 100:+6.2f}"
                if abs(i - f) > a.max_delta:
                    failed.append(f"{name}: {key} {f:.2%} → {i:.2%}")
            row += f"   {seconds['float32']:6.1f} {seconds['raw']:6.1f} {seconds['int8']:6.1f}"
            print(row, flush=True)
            shown = 0
            for ex, x, y in zip(exs, runs["float32"], runs["int8"]):
                if x != y and shown < a.show:
                    shown += 1
                    print(f"    {ex['id']}: float32 only {sorted(set(x) - set(y))}, int8 only {sorted(set(y) - set(x))}")
        print(f"{'all':22s} {total_docs:5d} {total_raw / total_docs:9.2%} {total_same / total_docs:9.2%}")
        share = total_same / total_docs
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
