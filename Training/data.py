"""Loads every data source into one example format with exact character spans.

Example = {"id", "source", "split", "text", "spans": [[start, end, LABEL]], "ignore": [[start, end]],
           "labels": [labels annotated exhaustively in this text]}
Only labels in "labels" may appear in a training prompt for the example: a label outside it would
teach the model that unannotated entities of that kind are "O".
`ignore` spans (entities of a kind outside the inventory, or weak annotations) get no loss.

Run `python data.py --data-dir /work/shared/data` for statistics.
"""
import argparse
import collections
import hashlib
import json
import os
import re

from labels import LABELS, canonical

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.join(HERE, "..", "..", "shared", "data")
TAG = re.compile(r"\[([A-Z][A-Z_]*?)(?:_(\d+))?\]")

# Labels the contextual-anonymizer data annotates reliably after synonym mapping.
CONTEXTUAL_LABELS = ["NAME", "EMAIL", "DATE", "POSITION", "PHONE", "ADDRESS", "USERNAME", "MONEY",
                     "ACCOUNT", "ORGANIZATION", "TIME", "DIAGNOSIS", "REFERENCE", "MEDICATION", "ID_NUMBER",
                     "LOCATION"]
REAL_LABELS = ["NAME", "ORGANIZATION", "LOCATION"]


def data_dir(arg=None):
    return os.path.abspath(arg or os.environ.get("VEIL_DATA_DIR") or DEFAULT_DATA)


def _bucket(key: str) -> float:
    return int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF


def _literal(lit: str) -> str:
    # GPT-written anonymisations sometimes change the whitespace next to a tag (" \n\n" vs "\n\n"):
    # a whitespace run matches any non-empty whitespace run. Not "\s*": between two tags
    # ("[NAME_1]\n[ADDRESS_1]") an empty match would let the split fall inside a value.
    return "".join(r"\s+" if piece.isspace() else re.escape(piece)
                   for piece in re.split(r"(\s+)", lit) if piece)


def align(context: str, anonymized: str):
    """Recovers [(start, end, tag)] by matching the literal text between tags in order.

    Builds one regex from the literal segments with a lazy group per tag, so a value may contain the
    next literal (backtracking finds the split that makes the whole text match). Tags with the same
    index may differ in surface form ("Alex Smith" ... "Alex"), so no backreferences. Returns None
    when the texts don't align.
    """
    parts = TAG.split(anonymized)
    # parts = [lit0, tag1, idx1, lit1, tag2, idx2, lit2, ...]
    pattern = ["^", _literal(parts[0])]
    tags = []
    for i in range(1, len(parts), 3):
        tags.append(parts[i])
        pattern.append(f"(\\S.*?)")
        pattern.append(_literal(parts[i + 2]))
    pattern.append("\\s*$")
    if not tags:
        return []
    m = re.match("".join(pattern), context, re.DOTALL)
    if not m:
        return None
    return [(m.start(g + 1), m.end(g + 1), tag) for g, tag in enumerate(tags)]


def requested_labels(used_labels: str):
    """The labels an example asked for (`used_labels`, e.g. "[NAME_1], [EMAIL]"), canonical, in inventory order —
    what a client would send in `X-Veil-Labels`."""
    found = {canonical(m) for m in re.findall(r"\[([A-Z][A-Z_]*?)(?:_\d+)?\]", used_labels)}
    return [l for l in LABELS if l in found]


def load_contextual(ddir, stats):
    out = []
    for split in ("train", "dev"):
        path = os.path.join(ddir, f"contextual-anonymizer-{split}.jsonl")
        for line in open(path, encoding="utf-8"):
            d = json.loads(line)
            spans = align(d["context"], d["anonymized_context"])
            if spans is None:
                stats[f"contextual-{split}-dropped"] += 1
                continue
            stats[f"contextual-{split}-aligned"] += 1
            ex = {"id": d["id"], "source": "contextual", "split": split, "text": d["context"],
                  "spans": [], "ignore": [], "labels": CONTEXTUAL_LABELS,
                  "requested": requested_labels(d.get("used_labels", ""))}
            for s, e, tag in spans:
                # Leading/trailing whitespace inside a value is not part of it.
                while s < e and d["context"][s].isspace():
                    s += 1
                while e > s and d["context"][e - 1].isspace():
                    e -= 1
                if s >= e:
                    continue
                lab = canonical(tag)
                if lab is None:
                    ex["ignore"].append([s, e])
                    stats[f"contextual-ignored:{tag}"] += 1
                else:
                    ex["spans"].append([s, e, lab])
            # What the reference anonymized: the labels asked for, plus any it tagged without listing them
            # (`used_labels` sometimes omits one, e.g. EMAIL).
            found = set(ex["requested"]) | {lab for _, _, lab in ex["spans"]}
            ex["requested"] = [lab for lab in LABELS if lab in found]
            out.append(ex)
    return out


def real_split(file: str, doc_id: str, index: int, count: int) -> str:
    if file == "wnut17-train":
        return "train"
    if file == "wnut17-dev":
        return "dev"
    if file == "btc":
        sec = doc_id[4]
        if sec == "f":
            return "test"
        if sec == "h" and int(doc_id[5:]) >= 1000:
            return "dev"
        return "train"
    if file == "crossner":
        return "test" if "-test-" in doc_id else "train"
    if file == "uner-en":
        if doc_id.startswith("uner-ewt-dev"):
            return "train"
        return "dev" if doc_id.startswith("uner-ewt-test") else "test"
    # wikigold, sec-filings: no official split; last 20 % of the file (contiguous articles) held out.
    return "test" if index >= int(count * 0.8) else "train"


SGD_NAME = {"receiver", "contact_name", "recipient_name", "recipient_account_name", "doctor_name",
            "dentist_name", "stylist_name", "therapist_name", "artist", "directed_by", "director",
            "starring", "cast", "actors"}
SGD_MAP = {"phone_number": "PHONE", "street_address": "ADDRESS", "address": "ADDRESS",
           "address_of_location": "ADDRESS", "venue_address": "ADDRESS"}


def load_real(ddir, stats):
    out = []
    rdir = os.path.join(ddir, "real")
    for file in ("wnut17-train", "wnut17-dev", "btc", "wikigold", "crossner", "uner-en", "sec-filings"):
        lines = open(os.path.join(rdir, file + ".jsonl"), encoding="utf-8").read().splitlines()
        for i, line in enumerate(lines):
            d = json.loads(line)
            split = real_split(file, d["id"], i, len(lines))
            spans = [[s["start"], s["end"], s["label"]] for s in d["spans"]]
            for s in spans:
                stats[f"real-{split}:{s[2]}"] += 1
            out.append({"id": d["id"], "source": file, "split": split, "text": d["text"], "spans": spans,
                        "ignore": [], "labels": REAL_LABELS})
            stats[f"real-{file}-{split}"] += 1
    # SGD: weak slot labels, precise but not exhaustive -> only person names, phones, addresses are
    # trusted (the dialogues mention few others); every other slot gets no loss.
    for line in open(os.path.join(rdir, "sgd-dialogues.jsonl"), encoding="utf-8"):
        d = json.loads(line)
        split = "train" if _bucket(d["id"]) < 0.9 else "dev"
        spans, ignore = [], []
        for s in d.get("slot_spans", []):
            lab = "NAME" if s["label"] in SGD_NAME else SGD_MAP.get(s["label"])
            if lab:
                spans.append([s["start"], s["end"], lab])
            elif s["label"] in ("city", "location", "destination", "event_location", "pickup_location",
                                "restaurant_name", "theater_name", "venue", "hotel_name", "property_name"):
                ignore.append([s["start"], s["end"]])
        out.append({"id": d["id"], "source": "sgd", "split": split, "text": d["text"], "spans": spans,
                    "ignore": ignore, "labels": ["NAME", "PHONE", "ADDRESS"]})
        stats[f"real-sgd-{split}"] += 1
    return out


def load_unlabeled(ddir):
    return [json.loads(l)["text"] for l in open(os.path.join(ddir, "real", "wikitext2-raw-test.jsonl"),
                                                  encoding="utf-8")]


def load_synthetic(path, split):
    out = []
    if not os.path.exists(path):
        return out
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        d.setdefault("ignore", [])
        d.setdefault("labels", LABELS)
        d["source"], d["split"] = d.get("source", "synthetic"), split
        out.append(d)
    return out


# Validation sets reported separately (evaluate.py, baseline_presidio.py).
EVAL_SETS = {
    "contextual-dev": lambda e: e["source"] == "contextual" and e["split"] == "dev",
    "synthetic-unseen-dev": lambda e: e["source"] == "synthetic" and e["split"] == "dev-unseen",
    "real-dev (btc-h2, wnut17-dev, uner-ewt-test)": lambda e: e["source"] in ("btc", "wnut17-dev", "uner-en")
    and e["split"] == "dev",
    "real-test (btc-f, crossner, uner-pud, wikigold, sec)": lambda e: e["source"] != "sgd" and e["split"] == "test",
}


def eval_sets(exs, limit):
    """{set name: docs}, a seeded sample of at most `limit` docs per set (0 = all)."""
    import random
    out = {}
    for name, pick in EVAL_SETS.items():
        pool = [e for e in exs if pick(e)]
        if limit and len(pool) > limit:
            pool = random.Random(0).sample(pool, limit)
        out[name] = pool
    return out


def load_all(ddir, stats=None, synthetic_dir=None):
    stats = stats if stats is not None else collections.Counter()
    exs = load_contextual(ddir, stats) + load_real(ddir, stats)
    if synthetic_dir:
        exs += load_synthetic(os.path.join(synthetic_dir, "synthetic-train.jsonl"), "train")
        exs += load_synthetic(os.path.join(synthetic_dir, "synthetic-dev.jsonl"), "dev-unseen")
    for ex in exs:
        for s, e, lab in ex["spans"]:
            assert 0 <= s < e <= len(ex["text"]), ex["id"]
            assert lab in LABELS, lab
    return exs, stats


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--synthetic-dir", default=os.path.join(HERE, "cache"))
    args = ap.parse_args()
    exs, stats = load_all(data_dir(args.data_dir), synthetic_dir=args.synthetic_dir)
    for k in sorted(stats):
        print(f"{k}\t{stats[k]}")
    per = collections.Counter()
    for ex in exs:
        per[(ex["source"], ex["split"])] += 1
        for s in ex["spans"]:
            per[(ex["source"], ex["split"], s[2])] += 1
    for k in sorted(per, key=str):
        print("\t".join(map(str, k)), per[k])


if __name__ == "__main__":
    main()
