#!/usr/bin/env python3
"""Scores the external contract, `veil anonymize --jsonl`, on held-out data, next to baselines' predictions.

    python3 Benchmarks/quality/cli_eval.py [--data-dir ../shared/data] [--veil .build/release/veil]
        [--sets everyday,contextual,real-dev,real-test] [--limit 400] [--sensitivity strict ...]
        [--presidio Training/runs/presidio.jsonl] [--predictions NAME=FILE ...]
        [--by-source] [--show N] [--json OUT]

Systems: Veil with the pattern detectors only (`--patterns-only`) and with the model + patterns (the defaults,
or `--model DIR`), once more for each `--sensitivity X` (passed through as `--sensitivity X`; not passed at all
without the option), and predictions files ({"id", "spans": [[start, end, LABEL]]}, code points) scored the same
way: `--presidio FILE` (Training/baseline_presidio.py) gives "Presidio + spaCy sm" (its ORGANIZATION spans
dropped) and "Presidio + ORG" (all of them).

Sets: everyday-dev (everyday/everyday-dev.jsonl, all 395 prompts), and Training/data.py's contextual-dev,
real-dev and real-test (a seeded sample of --limit documents, the same ones evaluate.py and
baseline_presidio.py use with the same --limit). Figures (metrics.py has the exact definitions): leak,
recall, precision, over-redaction, prompts without gold left untouched, their characters masked, public
mentions masked, real (non-fictional) values not fully masked, NAME leak.

Reads the data where it lies (never copies it). Standard library only.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "Training"))
import metrics  # noqa: E402

SET_KEYS = {"everyday": "everyday-dev", "contextual": "contextual-dev", "real-dev": "real-dev", "real-test": "real-test"}


def load_sets(ddir, keys, limit):
    """{set name: examples} for the keys asked for, in that order."""
    out = {}
    if any(k != "everyday" for k in keys):
        import data  # Training/data.py: standard library only
        exs = data.load_contextual(ddir, collections.Counter()) + data.load_real(ddir, collections.Counter())
        pools = data.eval_sets(exs, limit)
    for k in keys:
        if k == "everyday":
            out[SET_KEYS[k]] = metrics.load_everyday(ddir)
        else:
            name = next(n for n in pools if n.startswith(SET_KEYS[k]))
            out[name] = pools[name]
    return {n: exs for n, exs in out.items() if exs}


def anonymize_jsonl(veil, args, lines, ids):
    """Runs `veil anonymize --jsonl ARGS` on JSONL `lines` (one per id in `ids`, numbered 0…); returns the
    output records in order and the seconds the batch took. Exits with Veil's message on any failure."""
    t0 = time.time()
    p = subprocess.run([veil, "anonymize", "--jsonl", "--no-progress"] + args, input="".join(lines),
                       capture_output=True, text=True, cwd=ROOT)
    seconds = time.time() - t0
    if p.returncode != 0:
        sys.exit(f"{veil} anonymize --jsonl {' '.join(args)} failed ({p.returncode}):\n{p.stderr[-2000:]}")
    out = [json.loads(line) for line in p.stdout.splitlines()]
    if len(out) != len(ids):
        sys.exit(f"{len(out)} output lines for {len(ids)} inputs")
    for i, (name, r) in enumerate(zip(ids, out)):
        if r.get("id") != i or "error" in r:
            sys.exit(f"veil answered line {i} ({name}) with {json.dumps(r)[:300]}")
    return out, seconds


def known_labels(veil, args):
    """The labels the detectors `args` load can produce, as Veil lists them when a line asks for an
    unknown one; None if it does not say."""
    probe = json.dumps({"id": 0, "text": "", "labels": ["NO_SUCH_LABEL"]}) + "\n"
    p = subprocess.run([veil, "anonymize", "--jsonl", "--no-progress"] + args, input=probe,
                       capture_output=True, text=True, cwd=ROOT)
    lines = p.stdout.splitlines()
    message = json.loads(lines[0]).get("error", "") if p.returncode == 0 and lines else ""
    if "valid labels: " not in message:
        return None
    known = set(message.split("valid labels: ", 1)[1].split(", "))
    return known | {alias for alias, label in ALIASES.items() if label in known}


# Other names Veil reads as a label (Swift `EntityLabel.aliases`).
ALIASES = {"ID_NUMBER": "NATIONAL_ID"}


def run_veil(veil, args, exs, labels=None, scores=False):
    """[(entities as (start, end, label), redacted text)] per example, and the seconds the batch took.

    labels: the labels every line asks for; "set": each example asks for the labels its set annotates
    (contextual and real prose: their gold covers labels outside Veil's defaults); None: Veil's defaults.
    scores: entities as (start, end, label, detector, score) instead."""
    known = known_labels(veil, args) if labels else None

    def asked(e):
        wanted = sorted(e["labels"]) if labels == "set" else labels
        # Veil refuses a line naming a label none of its detectors knows (issue #15, item 3); a
        # set's gold labels may include such labels, which Veil never found anyway.
        return [x for x in wanted if known is None or x.upper() in known] if wanted else wanted
    lines = [json.dumps({"id": i, "text": e["text"], **({"labels": asked(e)} if asked(e) else {})}) + "\n"
             for i, e in enumerate(exs)]
    out, seconds = anonymize_jsonl(veil, args, lines, [e["id"] for e in exs])
    res = []
    for ex, r in zip(exs, out):
        ents = [(d["start"], d["end"], d["label"]) + ((d.get("detector", ""), d.get("score", 1.0)) if scores else ())
                for d in r["entities"]]
        for d in r["entities"]:
            # Offsets are Unicode scalars, Python's code points.
            assert ex["text"][d["start"]:d["end"]] == d["text"], (ex["id"], d)
        res.append((ents, r["text"]))
    return res, seconds


def read_predictions(path, drop=()):
    preds = {}
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        preds[d["id"]] = [tuple(s[:3]) for s in d["spans"] if s[2] not in drop]
    return preds


def systems(a):
    """[(name, kind, spec)]: kind "veil" with its extra arguments, or "file" with (path, labels dropped)."""
    base = (["--model", a.model] if a.model else []) + a.veil_arg
    out = []
    modes = [m for m in a.modes.split(",") if m]
    if "patterns" in modes:
        out.append(("patterns only", "veil", ["--patterns-only"] + a.veil_arg))
    if "model" in modes:
        out.append(("model + patterns", "veil", base))
        for s in a.sensitivity:
            out.append((f"model + patterns, sensitivity {s}", "veil", base + ["--sensitivity", s]))
    if a.presidio:
        out.append(("Presidio + spaCy sm", "file", (a.presidio, {"ORGANIZATION"})))
        out.append(("Presidio + ORG", "file", (a.presidio, set())))
    for spec in a.predictions:
        name, _, path = spec.partition("=")
        out.append((name, "file", (path, set())) if path else (os.path.basename(name), "file", (name, set())))
    return out


def show(name, system, exs, preds, texts, n, width):
    """Markdown: the n prompts without gold that lost the largest share of their characters, as redacted."""
    worst = metrics.free_damage(exs, preds)[:n]
    if not worst:
        return ""
    out = [f"\n{len(worst)} most over-redacted prompts without gold, {name}, {system}:\n"]
    for share, masked, i in worst:
        red = texts[i]
        if len(red) > width:
            red = red[:width] + f" … [{len(red) - width} more characters]"
        out.append(f"- `{exs[i]['id']}` ({share:.0%}, {masked} characters masked):\n")
        out.append("  > " + red.replace("\n", "\n  > ") + "\n")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--veil", default=os.path.join(ROOT, ".build", "release", "veil"))
    ap.add_argument("--sets", default="everyday,contextual,real-dev,real-test",
                    help="comma-separated, from: " + ", ".join(SET_KEYS))
    ap.add_argument("--limit", type=int, default=400,
                    help="documents per data.py set (seeded sample, as evaluate.py --limit); 0 = all")
    ap.add_argument("--modes", default="patterns,model", help="Veil runs: patterns, model (comma-separated; '' = none)")
    ap.add_argument("--model", default=None, help="passed to veil as --model DIR (default: veil's own default)")
    ap.add_argument("--labels", default=None,
                    help="comma-separated labels each JSONL line asks for (the per-request label subset); default: "
                         "Veil's defaults on everyday-dev, elsewhere the labels each set annotates")
    ap.add_argument("--sensitivity", action="append", default=[],
                    help="also run model + patterns with `--sensitivity X` (repeatable)")
    ap.add_argument("--veil-arg", action="append", default=[], help="extra argument for every veil run (repeatable)")
    ap.add_argument("--presidio", default=None, help="baseline_presidio.py predictions (JSONL): two systems, with and without ORGANIZATION")
    ap.add_argument("--predictions", action="append", default=[], help="NAME=FILE: score a predictions JSONL too (repeatable)")
    ap.add_argument("--by-source", action="store_true", help="a per-source table (id prefix) for the everyday set")
    ap.add_argument("--show", type=int, default=0, metavar="N",
                    help="print the N most over-redacted prompts without gold, redacted, per set and system")
    ap.add_argument("--show-width", type=int, default=700, help="characters of each --show text")
    ap.add_argument("--json", default=None, metavar="OUT", help="write every figure (and the per-source ones) here")
    a = ap.parse_args()
    keys = [k for k in a.sets.split(",") if k]
    bad = [k for k in keys if k not in SET_KEYS]
    if bad:
        ap.error(f"unknown set {bad}; choose from {', '.join(SET_KEYS)}")
    labels = [l.strip().upper() for l in a.labels.split(",")] if a.labels else None
    started = time.time()
    sets = load_sets(os.path.abspath(a.data_dir), keys, a.limit)
    report = {"args": vars(a), "sets": {}}
    for name, exs in sets.items():
        rows, by_group, shown = [], {}, []
        report["sets"][name] = {}
        for system, kind, spec in systems(a):
            if kind == "veil":
                # Contextual and real-prose gold covers labels outside Veil's defaults (DATE, ORGANIZATION, …): each
                # example asks for its set's labels, as Presidio + ORG gets its own entity list. Everyday prompts are
                # measured with the defaults, as users get them.
                out, seconds = run_veil(a.veil, spec, exs, labels or (None if name.startswith("everyday") else "set"))
                preds, texts = [p for p, _ in out], [t for _, t in out]
                scored = exs
            else:
                path, drop = spec
                table = read_predictions(path, drop)
                scored = [e for e in exs if e["id"] in table]
                if not scored:
                    print(f"({system}: no prediction for {name})", file=sys.stderr)
                    continue
                preds = [table[e["id"]] for e in scored]
                texts = [metrics.redact(e["text"], p) for e, p in zip(scored, preds)]
                seconds = None
            r = metrics.score(scored, preds, texts, group=lambda e: e.get("group") or e["source"])
            r["seconds"] = None if seconds is None else round(seconds, 1)
            report["sets"][name][system] = r
            rows.append((system, r["all"]))
            by_group[system] = r["groups"]
            if a.show:
                shown.append(show(name, system, scored, preds, texts, a.show, a.show_width))
        print(f"\n### {name}\n")
        if labels:
            print(f"Each line asks for {', '.join(labels)} (the JSONL `labels` field).\n")
        print(metrics.table(rows))
        if a.by_source and name.startswith("everyday"):
            for system, groups in by_group.items():
                print(f"\n{name} by source, {system}:\n")
                print(metrics.table(list(groups.items()), first="source"))
        for text in shown:
            print(text)
        sys.stdout.flush()
    total = time.time() - started
    times = ", ".join(f"{n} {s}: {r['seconds']} s" for n, rs in report["sets"].items() for s, r in rs.items()
                      if r["seconds"] is not None)
    print(f"\n{'veil runs: ' + times + '; ' if times else ''}total {total:.0f} s")
    report["seconds"] = round(total, 1)
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
