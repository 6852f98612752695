"""Evaluates an exported tagger (Models/<name>/) on every validation set, model alone.

    python evaluate.py --model ../Models/veil-pii-tagger --limit 400 --out runs/eval.json --card

Metrics per set (and per label):
  leak       fraction of gold values longer than 3 characters still present verbatim in the redacted text
             (values that are placeholders already, "[DATE_1]" in a GPT-written context, are not counted)
  recall     gold spans whose non-space characters are all masked (any label) / gold spans
  exact_f1   label-aware exact character-span F1
  precision  predicted spans overlapping a gold span / predicted spans (predictions of labels the set
             annotates; real text only annotates NAME/ORGANIZATION/LOCATION)
  over       share of non-gold characters that were masked (over-redaction)
and, where a set has them (Benchmarks/quality/metrics.py defines them, as cli_eval.py uses them):
  untouched       prompts without a gold span that get no span at all
  chars_masked    characters of those prompts inside any span (pooled)
  public_masked   `public` mentions (everyday-dev) whose first occurrence overlaps a span
  real_not_fully  gold spans without `fictional` not entirely covered by spans
Sets: data.py's eval_sets and everyday-dev (../shared/data/everyday/everyday-dev.jsonl, all 395 prompts, when
present). Veil's default serves every label: `--prompt all --sets everyday` scores the model as it does.
The prompt lists the labels the set annotates (--prompt source), all labels (--prompt all) or those each
example asked for (--prompt example). Model spans go through what Veil's ModelDetector does after decoding
(tagging.veil_postprocess: snap to whole words, drop spans that cannot be a value, lack their label's shape
or hold only common words) unless --raw.
"""
import argparse
import collections
import json
import os
import re
import time

os.environ.setdefault("RAYON_NUM_THREADS", "1")

import torch
from safetensors.torch import load_file
from tokenizers import Tokenizer
from transformers import T5Config, T5ForTokenClassification

import sys

import data
import lexicon
import patterns
from labels import LABELS
from tagging import decode_segments, decode_spans, inference_max_length, veil_postprocess
from train_tagger import Featurizer

PLACEHOLDER = re.compile(r"\[[A-Z][A-Z_]*_\d+\]")
sys.path.insert(0, os.path.join(data.HERE, "..", "Benchmarks", "quality"))
import metrics as quality  # noqa: E402  (standard library only; shared with Benchmarks/quality/cli_eval.py)
ORDINARY = ["untouched", "chars_masked", "public_masked", "real_not_fully"]


def eval_sets(args, exs):
    """data.eval_sets plus everyday-dev (every prompt; labels the model inventory has)."""
    sets = data.eval_sets(exs, args.limit)
    everyday = quality.load_everyday(data.data_dir(args.data_dir))
    for ex in everyday:
        ex["labels"] = [l for l in ex["labels"] if l in LABELS]
    if everyday:
        sets["everyday-dev"] = everyday
    return sets


def load_model(path, threads=1):
    torch.set_num_threads(threads)
    config = T5Config.from_pretrained(path)
    model = T5ForTokenClassification(config)
    sd = {k: v.float() for k, v in load_file(os.path.join(path, "model.safetensors")).items()}
    if "transformer.encoder.embed_tokens.weight" not in sd:
        sd["transformer.encoder.embed_tokens.weight"] = sd["transformer.shared.weight"]
    model.load_state_dict(sd)
    model.eval()
    tok = Tokenizer.from_file(os.path.join(path, "tokenizer.json"))
    return model, tok


@torch.no_grad()
def predict(model, feat, ex, enc, labels, decoder="segments", wanted=None):
    """Spans over all windows, merged (same label, overlapping or touching)."""
    i2l = model.config.id2label
    spans = set()
    for ids, _, (s, e) in feat.windows(ex, enc, labels):
        x = torch.tensor([ids])
        logits = model(input_ids=x, attention_mask=torch.ones_like(x)).logits[0]
        p = len(ids) - (e - s) - 1
        if decoder == "argmax":
            tags = logits[p:p + (e - s)].argmax(-1).tolist()
            spans |= set(decode_spans(ex["text"], enc["offsets"][s:e], tags, i2l))
        else:
            probs = torch.softmax(logits[p:p + (e - s)].float(), -1).tolist()
            spans |= set(decode_segments(ex["text"], enc["offsets"][s:e], probs, i2l, wanted))
    merged = []
    for s, e, l in sorted(spans):
        if merged and merged[-1][2] == l and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e, l])
    return [tuple(m) for m in merged]


def score(exs, preds, label_filter):
    c = collections.Counter()
    per = collections.defaultdict(collections.Counter)
    for ex, pred in zip(exs, preds):
        text = ex["text"]
        red = quality.redact(text, pred)
        mask = bytearray(len(text))
        for s, e, _ in pred:
            mask[s:e] = b"\1" * (e - s)
        gold_mask = bytearray(len(text))
        for s, e, _ in ex["spans"]:
            gold_mask[s:e] = b"\1" * (e - s)
        for s, e, lab in ex["spans"]:
            value = text[s:e]
            c["gold"] += 1
            per[lab]["gold"] += 1
            if all(mask[c] for c in range(s, e) if not text[c].isspace()):
                c["found"] += 1
                per[lab]["found"] += 1
            # Some GPT-written contexts already hold placeholders ("[DATE_1]") that the annotation counts as
            # values (Benchmarks/quality/cli_eval.py skips them too): masking one hides nothing.
            if len(value) > 3 and not PLACEHOLDER.fullmatch(value):
                c["gold>3"] += 1
                per[lab]["gold>3"] += 1
                if value in red:
                    c["leak"] += 1
                    per[lab]["leak"] += 1
        gold = set((s, e, l) for s, e, l in ex["spans"])
        for s, e, lab in pred:
            if lab not in label_filter:
                c["pred_outside_inventory"] += 1
                continue
            c["pred"] += 1
            per[lab]["pred"] += 1
            if any(gold_mask[s:e]):
                c["pred_ok"] += 1
                per[lab]["pred_ok"] += 1
            if (s, e, lab) in gold:
                c["exact"] += 1
                per[lab]["exact"] += 1
        c["nongold_chars"] += len(text) - sum(gold_mask)
        c["over_chars"] += sum(1 for m, g in zip(mask, gold_mask) if m and not g)

    def summary(k):
        p = k["exact"] / max(k["pred"], 1)
        r = k["exact"] / max(k["gold"], 1)
        return {"gold": k["gold"], "pred": k["pred"], "leak": round(k["leak"] / max(k["gold>3"], 1), 4),
                "recall": round(k["found"] / max(k["gold"], 1), 4),
                "precision": round(k["pred_ok"] / max(k["pred"], 1), 4),
                "exact_f1": round(2 * p * r / max(p + r, 1e-9), 4)}

    out = summary(c)
    out["over"] = round(c["over_chars"] / max(c["nongold_chars"], 1), 4)
    ordinary = quality.score(exs, preds)["all"]
    out.update({k: ordinary[k] for k in ORDINARY + ["free_docs", "public_mentions"]})
    out["pred_outside_inventory"] = c["pred_outside_inventory"]
    out["per_label"] = {lab: summary(k) for lab, k in sorted(per.items())}
    return out


def table(results):
    lines = ["| set | docs | gold spans | leak | recall | precision | exact F1 | over-redaction |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, r in results.items():
        lines.append(f"| {name} | {r['docs']} | {r['gold']} | {r['leak']:.1%} | {r['recall']:.1%} | {r['precision']:.1%} "
                     f"| {r['exact_f1']:.3f} | {r['over']:.2%} |")
    ordinary = [(name, r) for name, r in results.items() if any(r.get(k) is not None for k in ORDINARY)]
    if ordinary:
        lines.append("")
        lines.append("Ordinary text (untouched: prompts without gold that get no span; their characters masked; "
                     "public mentions masked; real values not fully masked):")
        lines.append("")
        lines.append("| set | without gold | untouched | their chars masked | public mentions | public masked | "
                     "real not fully masked |")
        lines.append("|---|---:|---:|---:|---:|---:|---:|")
        for name, r in ordinary:
            lines.append(f"| {name} | {r['free_docs']} | {quality.fmt(r['untouched'], '%')} | "
                         f"{quality.fmt(r['chars_masked'], '%2')} | {r['public_mentions']} | "
                         f"{quality.fmt(r['public_masked'], '%')} | {quality.fmt(r['real_not_fully'], '%')} |")
    lines.append("")
    lines.append("Per label (recall / leak / precision), all sets pooled by label:")
    lines.append("")
    lines.append("| set | label | gold | recall | leak | precision |")
    lines.append("|---|---|---:|---:|---:|---:|")
    for name, r in results.items():
        for lab, k in r["per_label"].items():
            if k["gold"] or k["pred"]:
                lines.append(f"| {name} | {lab} | {k['gold']} | {k['recall']:.1%} | {k['leak']:.1%} | {k['precision']:.1%} |")
    return "\n".join(lines)


def score_file(args, exs):
    preds = {}
    for line in open(args.predictions, encoding="utf-8"):
        d = json.loads(line)
        preds[d["id"]] = [tuple(s) for s in d["spans"]]
    results = {}
    for name, pool in eval_sets(args, exs).items():
        if args.sets and not any(name.startswith(p) for p in args.sets.split(",")):
            continue
        pool = [e for e in pool if e["id"] in preds]
        r = score(pool, [preds[e["id"]] for e in pool], set(pool[0]["labels"]) if pool else set())
        r["docs"] = len(pool)
        results[name] = r
        print(name, json.dumps({k: v for k, v in r.items() if k != "per_label"}), flush=True)
    name = os.path.splitext(os.path.basename(args.predictions))[0]
    report(args, results, f"metrics-{name}",
           f"`{name}` predictions scored by `evaluate.py --predictions --limit {args.limit}` (same documents)")


def report(args, results, card_key, card_title):
    """Prints the table, and writes it to --out (JSON) and the model card (--card)."""
    md = table(results)
    print(md)
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"args": vars(args), "results": results}, f, indent=1)
    if args.card:
        write_card(args, card_key, card_title, md)


def prompt_labels(args, ex, wanted, known):
    """The labels in the model's prompt for one example (--prompt), and those whose spans are kept."""
    if args.prompt == "all":
        kept = known
    elif args.prompt == "example" and ex.get("requested"):
        kept = [l for l in ex["requested"] if l in known] or wanted
    else:
        kept = wanted
    return (known if args.filter else kept), kept


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=os.path.join(data.HERE, "..", "Models", "veil-pii-tagger"))
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--synthetic-dir", default=os.path.join(data.HERE, "cache"))
    ap.add_argument("--limit", type=int, default=400, help="docs per set (seeded sample); 0 = all")
    ap.add_argument("--prompt", choices=["source", "all", "example"], default="source",
                    help="labels in the prompt: the set's labels, all the model knows, or the labels each example "
                         "asked for (contextual `used_labels`; other sets fall back to their labels)")
    ap.add_argument("--filter", action="store_true",
                    help="prompt with every label the model knows, then keep only spans of the labels --prompt "
                         "names (what ModelDetector does when config.json has veil_prompt_all_labels, which turns "
                         "this on; --no-filter turns it off)")
    ap.add_argument("--no-filter", action="store_true")
    ap.add_argument("--raw", action="store_true",
                    help="score the decoded spans as they are, without what Veil's ModelDetector does next "
                         "(snap to whole words, drop spans with no digit and fewer than two letters)")
    ap.add_argument("--no-common-words", action="store_true",
                    help="keep spans made only of common words (the model's common_words.txt, lexicon.py)")
    ap.add_argument("--sets", default="", help="comma-separated set-name prefixes to evaluate (default: all)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--max-len", type=int, default=None,
                    help="longest window in ids, prompt and </s> included (default: tagging.inference_max_length "
                         "of the model's config, what Veil uses)")
    ap.add_argument("--out", default=None)
    ap.add_argument("--card", action="store_true", help="write the table into MODEL_CARD.md between markers")
    ap.add_argument("--decoder", choices=["segments", "argmax"], default="segments",
                    help="segment-then-vote (tagging.decode_segments, the default) or plain BIO argmax decoding")
    ap.add_argument("--mode", choices=["model", "patterns", "both"], default="model",
                    help="model alone, patterns.py alone, or their union")
    ap.add_argument("--predictions", default=None,
                    help="score predictions from a JSONL file ({id, spans}, e.g. baseline_presidio.py) instead of the model")
    args = ap.parse_args()
    exs, _ = data.load_all(data.data_dir(args.data_dir), synthetic_dir=args.synthetic_dir)
    if args.predictions:
        return score_file(args, exs)
    model, tok = load_model(args.model, args.threads)
    feat = Featurizer(tok, args.max_len or inference_max_length(model.config.to_dict()))
    if model.config.to_dict().get("veil_prompt_all_labels") and not args.no_filter:
        args.filter = True
    common = frozenset() if args.no_common_words else lexicon.load(args.model, model.config.to_dict())
    results = {}
    for name, pool in eval_sets(args, exs).items():
        if args.sets and not any(name.startswith(p) for p in args.sets.split(",")):
            continue
        t0 = time.time()
        encs = [{"ids": x.ids, "offsets": x.offsets} for x in tok.encode_batch([e["text"] for e in pool],
                                                                             add_special_tokens=False)]
        preds, scored = [], []
        known = model.config.to_dict().get("veil_labels", LABELS)
        for ex, enc in zip(pool, encs):
            wanted = [l for l in sorted(ex["labels"], key=LABELS.index) if l in known]
            prompted, labels = prompt_labels(args, ex, wanted, known)
            spans = []
            if args.mode != "patterns":
                kept = set(labels) if set(labels) != set(prompted) else None
                spans = [sp for sp in predict(model, feat, ex, enc, prompted, args.decoder, kept) if sp[2] in labels]
            if not args.raw:
                spans = veil_postprocess(ex["text"], spans, common)
            if args.mode != "model":
                spans = patterns.merge(spans, patterns.find(ex["text"], set(labels)))
            preds.append(spans)
            # Gold spans of labels the model does not know are not scored.
            scored.append(dict(ex, spans=[s for s in ex["spans"] if s[2] in wanted]))
        r = score(scored, preds, set(pool[0]["labels"]) & set(known) if pool else set())
        r["docs"] = len(pool)
        r["seconds"] = round(time.time() - t0, 1)
        results[name] = r
        print(name, json.dumps({k: v for k, v in r.items() if k != "per_label"}), flush=True)
    report(args, results, f"metrics-{args.mode}",
           f"`evaluate.py --limit {args.limit} --prompt {args.prompt} --mode {args.mode} --decoder {args.decoder}`")


def write_card(args, key, title, md):
    """Replaces (or appends inside the metrics section) the block between <!-- key:start/end --> markers."""
    card = os.path.join(args.model, "MODEL_CARD.md")
    text = open(card).read()
    block = f"<!-- {key}:start -->\n{title}:\n\n{md}\n<!-- {key}:end -->"
    if f"<!-- {key}:start -->" not in text:
        text = text.replace("<!-- metrics:end -->", f"<!-- {key}:start -->\n<!-- {key}:end -->\n<!-- metrics:end -->")
    text = re.sub(f"<!-- {key}:start -->.*<!-- {key}:end -->", lambda _: block, text, flags=re.DOTALL)
    with open(card, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
