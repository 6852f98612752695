"""Trains the label-conditioned T5-encoder span tagger (HF T5ForTokenClassification) on CPU.

    python train_tagger.py --name run1 --minutes 150 --threads 1            # fresh run
    python train_tagger.py --name run1 --minutes 150 --threads 1 --resume   # continue from runs/run1/last.pt
    python train_tagger.py --init /path/to/flan-t5-small ...                # start from a pretrained T5 encoder

The learning-rate schedule is a function of *elapsed training time* over the --minutes budget (warmup,
then linear decay), so a resumed run continues the same schedule. Checkpoints: runs/<name>/last.pt
every --ckpt-minutes, runs/<name>/best.pt on the best dev span F1.
"""
import argparse
import json
import math
import os
import random
import sys
import time

os.environ.setdefault("RAYON_NUM_THREADS", "1")  # tokenizers' thread pool: respect the CPU budget

import numpy as np
import torch
from tokenizers import Tokenizer
from transformers import T5Config, T5ForTokenClassification

import data
from labels import DEFAULT_LABELS, LABELS, id2label
from tagging import EOS, IGNORE, PAD, decode_spans, prompt_text, token_targets

# Share of training prompts that are Veil's default prompt (the default labels this document annotates, in
# canonical order): otherwise a fixed 11-label prompt would be seen mostly on ordinary-text documents, and the
# model would learn "this prompt means nothing to find".
DEFAULT_PROMPT_SHARE = 0.3
REAL_SAFE_EXTRAS = ["IBAN", "CREDIT_CARD", "SECRET", "IP_ADDRESS", "ACCOUNT", "ID_NUMBER", "DIAGNOSIS", "MEDICATION"]


def log(fh, msg):
    line = time.strftime("%H:%M:%S ") + msg
    print(line, flush=True)
    fh.write(line + "\n")
    fh.flush()


class Featurizer:
    def __init__(self, tok, max_len):
        self.tok, self.max_len = tok, max_len
        self.prompt_cache = {}

    def prompt_ids(self, labels):
        key = tuple(labels)
        if key not in self.prompt_cache:
            self.prompt_cache[key] = self.tok.encode(prompt_text(labels), add_special_tokens=False).ids
        return self.prompt_cache[key]

    def choose_labels(self, ex, rng):
        """Random subset of the labels this example annotates exhaustively (plus, for real text, labels
        that practically never occur there), in random or canonical order."""
        pool = list(ex["labels"])
        if ex.get("requested") is not None:
            # A contextual example annotates the labels it asked for (`used_labels`), not every contextual
            # label: listing another one would teach that its unannotated values are "O".
            pool = [lab for lab in pool if lab in ex["requested"]] or pool
        if rng.random() < DEFAULT_PROMPT_SHARE:
            default = [lab for lab in DEFAULT_LABELS if lab in pool]
            if default:
                return default
        if ex["source"] not in ("synthetic", "contextual", "sgd") and rng.random() < 0.5:
            pool += rng.sample(REAL_SAFE_EXTRAS, rng.randint(1, len(REAL_SAFE_EXTRAS)))
        if rng.random() < 0.4:
            chosen = pool
        else:
            chosen = rng.sample(pool, rng.randint(1, len(pool)))
        if rng.random() < 0.5:
            chosen = sorted(chosen, key=LABELS.index)
        else:
            chosen = list(chosen)
            rng.shuffle(chosen)
        return chosen

    def windows(self, ex, enc, labels, rng=None, stride_frac=0.75):
        """Yields (input_ids, targets, text_token_range) windows of at most max_len tokens."""
        p = self.prompt_ids(labels)
        room = self.max_len - len(p) - 1
        n = len(enc["ids"])
        targets = token_targets(ex["text"], enc["offsets"], ex["spans"], ex.get("ignore", []), set(labels))
        if n <= room:
            starts = [0]
        elif rng is not None:
            starts = [rng.randrange(0, n - room + 1)]  # one random window per epoch
        else:
            step = max(1, int(room * stride_frac))
            starts = list(range(0, n - room, step)) + [n - room]
        for s in starts:
            e = min(n, s + room)
            ids = p + enc["ids"][s:e] + [EOS]
            tgt = [IGNORE] * len(p) + targets[s:e] + [IGNORE]
            yield ids, tgt, (s, e)


def encode_all(tok, exs):
    out = []
    B = 2000
    for i in range(0, len(exs), B):
        for enc in tok.encode_batch([ex["text"] for ex in exs[i:i + B]], add_special_tokens=False):
            out.append({"ids": enc.ids, "offsets": enc.offsets})
    return out


def batches(items, max_tokens, rng):
    """Length-bucketed batches: shuffle, sort within pools of 2,000, cut by padded token budget."""
    idx = list(range(len(items)))
    rng.shuffle(idx)
    out = []
    for p in range(0, len(idx), 2000):
        pool = sorted(idx[p:p + 2000], key=lambda i: len(items[i][0]))
        cur, longest = [], 0
        for i in pool:
            L = len(items[i][0])
            if cur and max(longest, L) * (len(cur) + 1) > max_tokens:
                out.append(cur)
                cur, longest = [], 0
            cur.append(i)
            longest = max(longest, L)
        if cur:
            out.append(cur)
    rng.shuffle(out)
    return out


PACK_META = ("id", "source", "split", "labels", "requested")


def build_pack(tok, exs, path):
    """Encodes every document once: token ids (int16), full-label BIO targets (int8, IGNORE kept) and the
    fields label sampling needs. Each epoch then only draws labels and slices windows (`epoch_items`),
    instead of re-running the character-level `token_targets` (a third of the wall time on a GPU)."""
    encs = encode_all(tok, exs)
    ids, tgts, offsets, meta = [], [], [0], []
    for ex, enc in zip(exs, encs):
        t = token_targets(ex["text"], enc["offsets"], ex["spans"], ex.get("ignore", []), set(LABELS))
        ids.append(np.asarray(enc["ids"], dtype=np.int16))
        tgts.append(np.asarray(t, dtype=np.int8))
        offsets.append(offsets[-1] + len(t))
        m = {k: ex.get(k) for k in PACK_META}
        if ex["split"] != "train":  # dev documents keep what span-level scoring needs
            m.update(text=ex["text"], spans=ex["spans"], offsets=enc["offsets"])
        meta.append(m)
    np.savez_compressed(path, ids=np.concatenate(ids), tgt=np.concatenate(tgts), offsets=np.asarray(offsets),
                        meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8))


def load_pack(path):
    z = np.load(path)
    ids, tgt, off = z["ids"].astype(np.int64), z["tgt"].astype(np.int64), z["offsets"]
    meta = json.loads(z["meta"].tobytes().decode())
    docs = []
    for k, m in enumerate(meta):
        m["ids"], m["tgt"] = ids[off[k]:off[k + 1]], tgt[off[k]:off[k + 1]]
        docs.append(m)
    return docs


def epoch_items(feat, docs, rng, repeat):
    """One epoch's (input_ids, targets) windows: a fresh label draw per document; targets of labels not
    drawn become O; a long document gives one random window."""
    n_tags = 1 + 2 * len(LABELS)
    items = []
    for d in docs:
        for _ in range(repeat(d)):
            labels = feat.choose_labels(d, rng)
            keep = np.zeros(n_tags, dtype=np.int64)
            for lab in labels:
                b = 1 + 2 * LABELS.index(lab)
                keep[b], keep[b + 1] = b, b + 1
            p = feat.prompt_ids(labels)
            room = feat.max_len - len(p) - 1
            n = len(d["ids"])
            s = rng.randrange(0, n - room + 1) if n > room else 0
            t = d["tgt"][s:s + room]
            t = np.where(t < 0, IGNORE, keep[np.maximum(t, 0)])
            items.append((np.concatenate([p, d["ids"][s:s + room], [EOS]]),
                          np.concatenate([[IGNORE] * len(p), t, [IGNORE]])))
    return items


def collate_np(items, batch):
    L = max(len(items[i][0]) for i in batch)
    ids = np.full((len(batch), L), PAD, dtype=np.int64)
    tgt = np.full((len(batch), L), IGNORE, dtype=np.int64)
    for r, i in enumerate(batch):
        a, t = items[i]
        ids[r, :len(a)] = a
        tgt[r, :len(t)] = t
    ids, tgt = torch.from_numpy(ids), torch.from_numpy(tgt)
    return ids, (ids != PAD).long(), tgt


def make_config(vocab, args):
    i2l = id2label()
    return T5Config(vocab_size=vocab, d_model=args.d_model, d_kv=args.d_kv, d_ff=args.d_ff, num_layers=args.layers,
                    num_decoder_layers=0, num_heads=args.heads, feed_forward_proj="gated-gelu", dropout_rate=0.1,
                    classifier_dropout=0.0, relative_attention_num_buckets=32, relative_attention_max_distance=128,
                    pad_token_id=PAD, eos_token_id=EOS, decoder_start_token_id=PAD, is_encoder_decoder=False,
                    use_cache=False, num_labels=len(i2l), id2label=i2l, label2id={v: k for k, v in i2l.items()},
                    architectures=["T5ForTokenClassification"])


def load_init(model, path):
    """Initialises from a folder with model.safetensors (or pytorch_model.bin).

    A pretrained seq2seq T5 (e.g. flan-t5-small): its encoder and shared embedding are copied
    ("encoder.*" -> "transformer.encoder.*"). A shipped Veil tagger (Models/veil-pii-tagger, already in
    the T5ForTokenClassification layout): everything is copied, so later sessions continue from it.
    Tensors whose shape differs (e.g. a classifier with fewer labels) are skipped.
    """
    from safetensors.torch import load_file
    f = os.path.join(path, "model.safetensors")
    sd = load_file(f) if os.path.exists(f) else torch.load(os.path.join(path, "pytorch_model.bin"), map_location="cpu")
    own = model.state_dict()
    mapped = {}
    for k, v in sd.items():
        if k.startswith("transformer.") or k.startswith("classifier."):
            name = k
        elif k.startswith("encoder.") or k == "shared.weight":
            name = "transformer." + k
        else:
            continue
        if name in own and own[name].shape == v.shape:
            mapped[name] = v.float()
        elif name.startswith("classifier.") and name in own and v.shape[1:] == own[name].shape[1:]:
            # Labels are only ever appended (labels.py): keep the rows of the labels the old model knows.
            rows = min(v.shape[0], own[name].shape[0])
            t = own[name].clone()
            t[:rows] = v[:rows].float()
            mapped[name] = t
    if "transformer.shared.weight" in mapped:
        mapped.setdefault("transformer.encoder.embed_tokens.weight", mapped["transformer.shared.weight"])
    missing, unexpected = model.load_state_dict(mapped, strict=False)
    return missing, unexpected


@torch.no_grad()
def evaluate_f1(model, feat, dev, dev_enc, max_batch_tokens=8192):
    """Exact-match character span P/R/F1 with the full label list of each example's source."""
    model.eval()
    i2l = model.config.id2label
    tp = fp = fn = 0
    for ex, enc in zip(dev, dev_enc):
        labels = sorted(ex["labels"], key=LABELS.index)
        pred = set()
        for ids, _, (s, e) in feat.windows(ex, enc, labels):
            x = torch.tensor([ids], device=next(model.parameters()).device)
            logits = model(input_ids=x, attention_mask=torch.ones_like(x)).logits[0].float()
            p = len(ids) - (e - s) - 1
            tags = logits[p:p + (e - s)].argmax(-1).tolist()
            pred |= set(decode_spans(ex["text"], enc["offsets"][s:e], tags, i2l))
        gold = {(s, e, l) for s, e, l in ex["spans"]}
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
    model.train()
    pr = tp / max(tp + fp, 1)
    rc = tp / max(tp + fn, 1)
    return {"p": round(pr, 4), "r": round(rc, 4), "f1": round(2 * pr * rc / max(pr + rc, 1e-9), 4)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", default="tagger")
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--synthetic-dir", default=os.path.join(data.HERE, "cache"))
    ap.add_argument("--tokenizer", default=os.path.join(data.HERE, "cache", "tokenizer.json"))
    ap.add_argument("--init", default=None, help="pretrained HF T5 folder whose encoder initialises the tagger")
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--minutes", type=float, default=150)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--max-len", type=int, default=256)
    ap.add_argument("--batch-tokens", type=int, default=4096)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--warmup-minutes", type=float, default=3)
    ap.add_argument("--weight-decay", type=float, default=0.01)
    ap.add_argument("--d-model", type=int, default=256)
    ap.add_argument("--d-ff", type=int, default=1024)
    ap.add_argument("--d-kv", type=int, default=64)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--layers", type=int, default=6)
    ap.add_argument("--entity-weight", type=float, default=2.0, help="loss weight of non-O tags")
    ap.add_argument("--synthetic-share", type=float, default=0.5, help="max share of synthetic docs per epoch")
    ap.add_argument("--contextual-repeat", type=int, default=1,
                    help="times each contextual-anonymizer train document appears per epoch (own label draw each)")
    ap.add_argument("--eval-minutes", type=float, default=15)
    ap.add_argument("--ckpt-minutes", type=float, default=5)
    ap.add_argument("--dev-size", type=int, default=150, help="docs per dev set for the in-training F1")
    ap.add_argument("--max-steps", type=int, default=0, help="stop after N steps (smoke tests)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--negatives", nargs="*", default=[os.path.join(data.HERE, "cache", "negatives.jsonl")],
                    help="ordinary-text documents (negatives.py) added to every epoch")
    ap.add_argument("--pack", default=None, help="encoded documents (build_pack); built from the sources if missing")
    ap.add_argument("--pack-only", action="store_true", help="write the pack and stop (prepare a GPU run)")
    ap.add_argument("--device", default="auto", help="cpu, cuda or auto")
    ap.add_argument("--slim", action="store_true", help="write fp16 weight-only checkpoints (*.slim.pt) instead of full ones (no --resume)")
    ap.add_argument("--run-dir", default=None, help="where logs and checkpoints go (default runs/<name>)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    run_dir = args.run_dir or os.path.join(data.HERE, "runs", args.name)
    os.makedirs(run_dir, exist_ok=True)
    fh = open(os.path.join(run_dir, "train.log"), "a")
    log(fh, "args " + json.dumps(vars(args)))

    tok_path = os.path.join(args.init, "tokenizer.json") if args.init else args.tokenizer
    tok = Tokenizer.from_file(tok_path)
    # The run keeps its own copy: the checkpoint is only meaningful with this exact tokenizer.
    if not os.path.exists(os.path.join(run_dir, "tokenizer.json")):
        tok.save(os.path.join(run_dir, "tokenizer.json"))
    if not (args.pack and os.path.exists(args.pack)):
        exs, stats = data.load_all(data.data_dir(args.data_dir), synthetic_dir=args.synthetic_dir)
        for path in args.negatives:
            exs += data.load_synthetic(path, "train")
        drng = random.Random(1)
        keep = [e for e in exs if e["split"] == "train"]
        for source, split in (("contextual", "dev"), ("synthetic", "dev-unseen"), ("btc", "dev"), ("wnut17-dev", "dev"),
                              ("uner-en", "dev")):
            pool = [e for e in exs if e["source"] == source and e["split"] == split]
            keep += drng.sample(pool, min(args.dev_size // (1 if source in ("contextual", "synthetic") else 3), len(pool)))
        t0 = time.time()
        pack_path = args.pack or os.path.join(run_dir, "pack.npz")
        build_pack(tok, keep, pack_path)
        log(fh, f"packed {len(keep)} docs in {time.time() - t0:.0f}s -> {pack_path}")
        args.pack = pack_path
    docs = load_pack(args.pack)
    if args.pack_only:
        log(fh, "pack written; --pack-only")
        return
    train = [d for d in docs if d["split"] == "train"]
    syn = [d for d in train if d["source"] == "synthetic"]
    other = [d for d in train if d["source"] != "synthetic"]
    dev = [d for d in docs if d["split"] != "train"]
    dev_enc = [{"ids": d["ids"].tolist(), "offsets": d["offsets"]} for d in dev]
    log(fh, f"train docs: other {len(other)} synthetic {len(syn)}; dev docs {len(dev)}; "
            f"train tokens {sum(len(d['ids']) for d in train):,}")
    device = torch.device(args.device if args.device != "auto" else ("cuda" if torch.cuda.is_available() else "cpu"))

    config = make_config(tok.get_vocab_size(), args)
    if args.init and os.path.exists(os.path.join(args.init, "config.json")):
        # Architecture comes from the initial model; labels from this inventory.
        config = T5Config.from_pretrained(args.init)
        i2l = id2label()
        config.num_labels, config.id2label = len(i2l), i2l
        config.label2id = {v: k for k, v in i2l.items()}
        config.classifier_dropout, config.architectures = 0.0, ["T5ForTokenClassification"]
        config.vocab_size = max(config.vocab_size, tok.get_vocab_size())
    model = T5ForTokenClassification(config)
    # HF's T5 init draws the classifier with std 1.0 (modeling_t5.py _init_weights), giving logits of
    # ~sqrt(d_model) and an initial loss of ~14; a small init starts near uniform instead.
    torch.nn.init.normal_(model.classifier.weight, std=0.02)
    torch.nn.init.zeros_(model.classifier.bias)
    if args.init:
        missing, unexpected = load_init(model, args.init)
        log(fh, f"init from {args.init}: missing {len(missing)} unexpected {len(unexpected)}")
    model.to(device)
    nparams = sum(p.numel() for p in model.parameters())
    log(fh, f"params {nparams:,}")
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay},
                             {"params": no_decay, "weight_decay": 0.0}], lr=args.lr, betas=(0.9, 0.98))
    state = {"step": 0, "elapsed": 0.0, "epoch": 0, "tokens": 0, "best_f1": -1.0}
    last_path, best_path = os.path.join(run_dir, "last.pt"), os.path.join(run_dir, "best.pt")
    if args.resume and os.path.exists(last_path):
        ck = torch.load(last_path, map_location=device, weights_only=False)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        state = ck["state"]
        rng.setstate(ck["rng"])
        log(fh, f"resumed at step {state['step']} elapsed {state['elapsed'] / 60:.1f} min")
    budget = args.minutes * 60
    weights = torch.full((config.num_labels,), args.entity_weight)
    weights[0] = 1.0
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights.to(device), ignore_index=IGNORE)
    feat = Featurizer(tok, args.max_len)

    def save(path):
        tmp = path + ".tmp"
        if not args.slim:
            torch.save({"model": {k: v.cpu() for k, v in model.state_dict().items()}, "opt": opt.state_dict(),
                        "state": state, "rng": rng.getstate(), "config": config.to_dict(), "args": vars(args)}, tmp)
            os.replace(tmp, path)
        else:
            # fp16 weights only, the tied embedding once: what export.py needs, small enough to come back
            # from a GPU machine (its file limit is 16 MiB).
            slim = {k: v.detach().half().cpu() for k, v in model.state_dict().items()
                    if k != "transformer.encoder.embed_tokens.weight"}
            tmp = path.replace(".pt", ".slim.pt") + ".tmp"
            torch.save({"model": slim, "state": state, "config": config.to_dict(), "args": vars(args)}, tmp)
            os.replace(tmp, tmp[:-4])

    model.train()
    last_ckpt = last_eval = time.time()
    window_tokens, window_t, window_loss, window_n = 0, time.time(), 0.0, 0
    done = False

    def build_epoch():
        t_epoch = time.time()
        n_syn = min(len(syn), int(len(other) * args.synthetic_share / max(1e-9, 1 - args.synthetic_share)))
        chosen = other + [syn[i] for i in rng.sample(range(len(syn)), n_syn)]
        items = epoch_items(feat, chosen, rng, lambda d: args.contextual_repeat if d["source"] == "contextual" else 1)
        return items, batches(items, args.batch_tokens, rng), time.time() - t_epoch

    from concurrent.futures import ThreadPoolExecutor
    builder = ThreadPoolExecutor(max_workers=1)
    pending = builder.submit(build_epoch)
    while not done:
        # One epoch = all non-synthetic docs + synthetic docs up to the configured share.
        items, bl, built_in = pending.result()
        # The next epoch's windows are drawn while this one trains (numpy slicing releases the GIL often
        # enough to keep a GPU fed); the draw order is the same as when built in line.
        pending = builder.submit(build_epoch)
        log(fh, f"epoch {state['epoch']}: {len(items)} windows, {len(bl)} batches, built in {built_in:.1f}s")
        try:
            from tqdm import tqdm
            it = tqdm(bl, file=sys.stderr, mininterval=30, desc=f"epoch {state['epoch']}")
        except ImportError:
            it = bl
        for batch in it:
            step_t = time.time()
            frac = state["elapsed"] / budget
            warm = args.warmup_minutes * 60
            lr = args.lr * min(1.0, (state["elapsed"] + 1) / warm) * max(0.02, 1 - frac)
            for g in opt.param_groups:
                g["lr"] = lr
            ids, att, tgt = collate_np(items, batch)
            ntok = int(att.sum())
            ids, att, tgt = ids.to(device, non_blocking=True), att.to(device, non_blocking=True), tgt.to(device, non_blocking=True)
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
                logits = model(input_ids=ids, attention_mask=att).logits
            loss = loss_fn(logits.float().view(-1, config.num_labels), tgt.view(-1))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            state["step"] += 1
            state["tokens"] += ntok
            window_tokens += ntok
            window_loss += loss.item()
            window_n += 1
            state["elapsed"] += time.time() - step_t
            now = time.time()
            if state["step"] % 50 == 0:
                log(fh, f"step {state['step']} loss {window_loss / window_n:.4f} lr {lr:.2e} "
                        f"tok/s {window_tokens / (now - window_t):.0f} tokens {state['tokens']:,} "
                        f"elapsed {state['elapsed'] / 60:.1f}m")
                window_tokens, window_t, window_loss, window_n = 0, now, 0.0, 0
            if now - last_eval > args.eval_minutes * 60:
                t1 = time.time()
                m = evaluate_f1(model, feat, dev, dev_enc)
                log(fh, f"dev step {state['step']} {json.dumps(m)} ({time.time() - t1:.0f}s)")
                if m["f1"] > state["best_f1"]:
                    state["best_f1"] = m["f1"]
                    save(best_path)
                    log(fh, f"saved best {best_path}")
                last_eval = time.time()
                window_t = time.time()
            if now - last_ckpt > args.ckpt_minutes * 60:
                save(last_path)
                last_ckpt = time.time()
            if state["elapsed"] >= budget or (args.max_steps and state["step"] >= args.max_steps):
                done = True
                break
        else:
            state["epoch"] += 1
    m = evaluate_f1(model, feat, dev, dev_enc)
    log(fh, f"final dev step {state['step']} {json.dumps(m)}")
    if m["f1"] > state["best_f1"]:
        state["best_f1"] = m["f1"]
        save(best_path)
    save(last_path)
    log(fh, "done")


if __name__ == "__main__":
    main()
