"""Fine-tunes a T5 / FLAN-T5 seq2seq anonymizer in Veil's format, or trains a tiny one from scratch.

    python train_seq2seq.py --init /path/to/flan-t5-small --minutes 60 --out runs/s2s-flan
    python train_seq2seq.py --minutes 3 --tiny --out ../Tests/Fixtures/seq2seq-tiny      # test fixture

The model reads the prompt template (seq2seq.DEFAULT_TEMPLATE: the requested labels, then the text) and writes
the text back with `[LABEL_N]` tags in place of the values (seq2seq.build_target). Data: the
contextual-anonymizer pairs (data.load_contextual: the labels each example asked for) and synthetic documents
from generate.py (`cache/synthetic-train.jsonl`; a random subset of their exhaustively annotated labels per
prompt). Export (`export_seq2seq`): config.json (`T5ForConditionalGeneration`, `veil_kind`, `veil_labels`,
`veil_prompt_template`, `veil_default_labels`, `veil_inference_max_length`), model.safetensors, tokenizer.json,
and test_vectors.json — copy-constrained greedy outputs (seq2seq.constrained_greedy) that Swift must reproduce.
"""
import argparse
import json
import os
import random
import time

import torch
from tokenizers import Tokenizer
from transformers import T5Config, T5ForConditionalGeneration

import data
import seq2seq
from labels import DEFAULT_LABELS, LABELS

HERE = os.path.dirname(os.path.abspath(__file__))


def load_examples(args, rng):
    exs = [e for e in data.load_contextual(data.data_dir(args.data_dir), __import__("collections").Counter())
           if e["split"] == "train"]
    for e in exs:
        e["prompt_labels"] = e["requested"] or ["NAME"]
    syn = []
    if os.path.exists(args.synthetic):
        with open(args.synthetic, encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i >= args.synthetic_limit:
                    break
                d = json.loads(line)
                d.setdefault("labels", LABELS)
                syn.append(d)
    return exs, syn


def draw_labels(ex, rng):
    if "prompt_labels" in ex:
        return ex["prompt_labels"]
    known = [l for l in LABELS if l in set(ex.get("labels", LABELS))]
    if rng.random() < 0.3:
        return [l for l in DEFAULT_LABELS if l in known] or known
    if rng.random() < 0.4:
        return known
    present = sorted({s[2] for s in ex["spans"]}, key=LABELS.index)
    pick = set(rng.sample(present, k=rng.randint(1, len(present)))) if present else set()
    pick |= set(rng.sample(known, k=min(len(known), rng.randint(0, 3))))
    return [l for l in LABELS if l in pick] or known[:3]


def make_item(tok, speller, ex, rng, room):
    text = ex["text"]
    labels = draw_labels(ex, rng)
    enc = tok.encode(text, add_special_tokens=False)
    if not enc.ids:
        return None
    wins = seq2seq.windows(enc.offsets, enc.tokens, text, room)
    a, b = wins[rng.randrange(len(wins))]
    lo, hi = enc.offsets[a][0], enc.offsets[b - 1][1]
    spans = [(max(s, lo), min(e, hi), l) for s, e, l in ex["spans"] if l in labels and s < hi and e > lo]
    ids, offs, pieces = enc.ids[a:b], enc.offsets[a:b], enc.tokens[a:b]
    target = seq2seq.build_target(tok, speller, text, ids, offs, pieces, spans)
    return seq2seq.encoder_input(tok, labels, ids), target


def export_seq2seq(model, tok_path, out, args, state, dtype="fp16", max_length=512):
    os.makedirs(out, exist_ok=True)
    m = model.to(torch.float16) if dtype == "fp16" else model
    m.save_pretrained(out, safe_serialization=True)
    os.chmod(os.path.join(out, "model.safetensors"), 0o644)
    model.to(torch.float32)
    cfg = json.load(open(os.path.join(out, "config.json")))
    cfg["architectures"] = ["T5ForConditionalGeneration"]
    cfg["veil_kind"] = "seq2seq-anonymizer"
    cfg["veil_labels"] = LABELS
    cfg["veil_default_labels"] = DEFAULT_LABELS
    cfg["veil_prompt_template"] = seq2seq.DEFAULT_TEMPLATE
    cfg["veil_inference_max_length"] = max_length
    cfg["veil_training"] = state
    for junk in ("generation_config",):
        cfg.pop(junk, None)
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(cfg, f, indent=1, sort_keys=True)
    gen = os.path.join(out, "generation_config.json")
    if os.path.exists(gen):
        os.remove(gen)
    # Compact tokenizer.json (same content, no indentation).
    with open(tok_path, encoding="utf-8") as f:
        tj = json.load(f)
    with open(os.path.join(out, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tj, f, ensure_ascii=False, separators=(",", ":"))


VECTOR_TEXTS = [
    ("Hi, I'm John Smith, email john.smith@example.com, phone +1 (555) 123-4567.", ["NAME", "EMAIL", "PHONE"]),
    ("Bank Statement for Maria Kowalska\nAccount Number: 12345678\nBalance: €1.234,56", None),
    ("Zoë Ångström (ﬁle ☃ 𝔘 日本語 …) met Dr. Okonkwo in Zürich on 3 March 2021.", ["NAME", "LOCATION", "DATE"]),
    ("Contact: anna@firma.pl", ["EMAIL", "NAME"]),
    ("Call Anna. Anna said Anna would call back.", ["NAME"]),
    ("Dear Mr. Patel,\nyour order 4471 ships to 12 Baker Street, London.\nRegards, Eve", None),
]


def write_vectors(out, long_repeat=6):
    """Copy-constrained greedy outputs of the exported weights (fp32 inference), window by window."""
    model = T5ForConditionalGeneration.from_pretrained(out, torch_dtype=torch.float32).eval()
    tok = Tokenizer.from_file(os.path.join(out, "tokenizer.json"))
    cfg = json.load(open(os.path.join(out, "config.json")))
    max_len = cfg["veil_inference_max_length"]
    texts = list(VECTOR_TEXTS)
    texts.append((" ".join(t for t, _ in VECTOR_TEXTS[:2]) * long_repeat, ["NAME", "EMAIL", "PHONE", "ACCOUNT"]))
    rows = []
    for text, labels in texts:
        labels = labels or cfg["veil_default_labels"]
        labels = [l for l in cfg["veil_labels"] if l in labels]
        enc = tok.encode(text, add_special_tokens=False)
        room = seq2seq.window_room(tok, labels, max_len)
        wins = []
        spans = []
        for a, b in seq2seq.windows(enc.offsets, enc.tokens, text, room):
            src = seq2seq.Source(enc.ids[a:b], enc.offsets[a:b], enc.tokens[a:b])
            inp = seq2seq.encoder_input(tok, labels, enc.ids[a:b])
            ids, reps = seq2seq.constrained_greedy(model, tok, inp, src, labels)
            assert reps is not None, "constrained decoding must end in a complete path"
            found = seq2seq.spans_from(reps, enc.offsets[a:b], text)
            spans += found
            wins.append({"token_range": [a, b], "input_ids": inp, "generated": ids,
                         "replacements": [list(r) for r in reps]})
        rows.append({"text": text, "labels": labels, "text_ids": enc.ids, "text_offsets": enc.offsets,
                     "windows": wins, "spans": [list(s) for s in spans]})
    with open(os.path.join(out, "test_vectors.json"), "w", encoding="utf-8") as f:
        json.dump(rows, f, ensure_ascii=False, separators=(",", ":"))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--init", default=None, help="HF T5 / FLAN-T5 folder to fine-tune (its tokenizer.json is used)")
    ap.add_argument("--tokenizer", default=os.path.join(HERE, "..", "Models", "veil-pii-tagger", "tokenizer.json"))
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--synthetic", default=os.path.join(HERE, "cache", "synthetic-train.jsonl"))
    ap.add_argument("--synthetic-limit", type=int, default=20000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--minutes", type=float, default=60)
    ap.add_argument("--max-steps", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--lr", type=float, default=None, help="default 3e-4 with --init, 3e-3 from scratch")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--max-len", type=int, default=256, help="encoder length (prompt + window + </s>) in training")
    ap.add_argument("--inference-max-length", type=int, default=512)
    ap.add_argument("--tiny", action="store_true", help="from scratch: d_model 32, 2+2 layers (a test fixture, < 1 MB)")
    ap.add_argument("--d-model", type=int, default=256)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--dtype", choices=["fp16", "fp32"], default="fp16")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-vectors", action="store_true")
    ap.add_argument("--vectors-only", action="store_true", help="rewrite test_vectors.json of the export in --out and stop")
    args = ap.parse_args()
    if args.vectors_only:
        rows = write_vectors(args.out)
        print(f"test vectors: {len(rows)} texts, {sum(len(r['spans']) for r in rows)} spans")
        return
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    tok_path = os.path.join(args.init, "tokenizer.json") if args.init else args.tokenizer
    tok = Tokenizer.from_file(tok_path)
    if args.init:
        model = T5ForConditionalGeneration.from_pretrained(args.init, torch_dtype=torch.float32)
    else:
        d = 32 if args.tiny else args.d_model
        layers = 2 if args.tiny else args.layers
        config = T5Config(vocab_size=tok.get_vocab_size(), d_model=d, d_kv=16 if args.tiny else 64,
                          d_ff=64 if args.tiny else 4 * d, num_layers=layers, num_decoder_layers=layers,
                          num_heads=2 if args.tiny else max(1, d // 64), relative_attention_num_buckets=32,
                          relative_attention_max_distance=128, feed_forward_proj="relu", tie_word_embeddings=True,
                          decoder_start_token_id=0, pad_token_id=0, eos_token_id=1, dropout_rate=0.0)
        model = T5ForConditionalGeneration(config)
    lr = args.lr or (3e-4 if args.init else 3e-3)
    exs, syn = load_examples(args, rng)
    pool = exs + syn
    print(f"{len(exs)} contextual + {len(syn)} synthetic documents; {sum(p.numel() for p in model.parameters()):,} parameters")
    speller = seq2seq.Speller(tok)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    model.train()
    start, step, tokens, losses = time.time(), 0, 0, []
    room_labels = LABELS  # the longest prompt bounds the room of every training window
    room = seq2seq.window_room(tok, room_labels, args.max_len)
    while True:
        elapsed = time.time() - start
        if elapsed > args.minutes * 60 or (args.max_steps and step >= args.max_steps):
            break
        items = []
        while len(items) < args.batch:
            it = make_item(tok, speller, rng.choice(pool), rng, room)
            if it:
                items.append(it)
        li = max(len(i) for i, _ in items)
        lt = max(len(t) for _, t in items)
        x = torch.tensor([i + [0] * (li - len(i)) for i, _ in items])
        y = torch.tensor([t + [-100] * (lt - len(t)) for _, t in items])
        for g in opt.param_groups:
            g["lr"] = lr * min(1.0, (step + 1) / 50) * max(0.05, 1 - elapsed / (args.minutes * 60))
        loss = model(input_ids=x, attention_mask=(x != 0).long(), labels=y).loss
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        tokens += int((y != -100).sum())
        losses.append(loss.item())
        if step % 25 == 0:
            print(f"step {step} loss {sum(losses[-25:]) / 25:.3f} target tokens {tokens} {elapsed:.0f}s", flush=True)
    model.eval()
    state = {"steps": step, "target_tokens": tokens, "minutes": round((time.time() - start) / 60, 1),
             "final_loss": round(sum(losses[-25:]) / max(1, len(losses[-25:])), 3),
             "init": os.path.basename(os.path.normpath(args.init)) if args.init else None}
    export_seq2seq(model, tok_path, args.out, args, state, args.dtype, args.inference_max_length)
    if not args.no_vectors:
        rows = write_vectors(args.out)
        tagged = sum(len(r["spans"]) for r in rows)
        print(f"test vectors: {len(rows)} texts, {tagged} spans")
    print(f"exported to {args.out}: {state}")


if __name__ == "__main__":
    main()
