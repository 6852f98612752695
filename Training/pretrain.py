"""T5 span-corruption pre-training (Raffel et al. 2020, sec. 3.1.4) of the encoder on all the text we have.

    python pretrain.py --name pre1 --minutes 60 --threads 1
    python train_tagger.py --name tag-from-pre1 --init runs/pre1/hf --minutes 150

15 % of the tokens are masked in spans of mean length 3; each span becomes one sentinel in the input and the
target lists "sentinel, span tokens" (modeling_t5.py documents the same format with <extra_id_N>). Our tokenizer
has no sentinel pieces, so the model's vocabulary is the tokenizer's plus 100 sentinel ids after it (never produced
by the tokenizer; the tagger simply never uses those embedding rows). The decoder is small (--decoder-layers): only
the encoder is kept by train_tagger.py --init. Saves runs/<name>/hf/ (config.json, model.safetensors,
tokenizer.json) every --ckpt-minutes, and runs/<name>/last.pt for --resume.
"""
import argparse
import os
import random
import sys
import time

os.environ.setdefault("RAYON_NUM_THREADS", "1")

import numpy as np
import torch
from tokenizers import Tokenizer
from transformers import T5Config, T5ForConditionalGeneration

import data
from tagging import EOS, PAD
from train_tagger import log

N_SENTINELS = 100


def corrupt(ids, vocab, rng, density=0.15, mean_span=3.0):
    """Returns (input_ids, target_ids) with sentinel ids vocab, vocab+1, … (counting up like <extra_id_0>, …)."""
    n = len(ids)
    n_noise = max(1, int(round(n * density)))
    n_spans = max(1, int(round(n_noise / mean_span)))
    n_spans = min(n_spans, n_noise, n - n_noise, N_SENTINELS - 1) or 1
    # Random partition of the noise and non-noise tokens into n_spans runs each (as in T5's preprocessing).
    def split(total, parts):
        cuts = sorted(rng.sample(range(1, total), parts - 1)) if parts > 1 and total > parts else []
        edges = [0] + cuts + [total]
        return [b - a for a, b in zip(edges, edges[1:])]
    noise = split(n_noise, n_spans)
    keep = split(n - n_noise, n_spans)
    inp, tgt, pos = [], [], 0
    for k, (keep_len, noise_len) in enumerate(zip(keep, noise)):
        inp += ids[pos:pos + keep_len]
        pos += keep_len
        sentinel = vocab + k
        inp.append(sentinel)
        tgt.append(sentinel)
        tgt += ids[pos:pos + noise_len]
        pos += noise_len
    inp += ids[pos:]
    return inp + [EOS], tgt + [EOS]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", default="pre")
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--synthetic-dir", default=os.path.join(data.HERE, "cache"))
    ap.add_argument("--tokenizer", default=os.path.join(data.HERE, "cache", "tokenizer.json"))
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--minutes", type=float, default=60)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--max-len", type=int, default=256)
    ap.add_argument("--batch-tokens", type=int, default=4096)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--d-model", type=int, default=256)
    ap.add_argument("--d-ff", type=int, default=1024)
    ap.add_argument("--d-kv", type=int, default=64)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--layers", type=int, default=6)
    ap.add_argument("--decoder-layers", type=int, default=2)
    ap.add_argument("--ckpt-minutes", type=float, default=10)
    ap.add_argument("--max-steps", type=int, default=0)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    rng = random.Random(0)
    run_dir = os.path.join(data.HERE, "runs", args.name)
    os.makedirs(run_dir, exist_ok=True)
    fh = open(os.path.join(run_dir, "pretrain.log"), "a")
    tok = Tokenizer.from_file(args.tokenizer)
    V = tok.get_vocab_size()
    exs, _ = data.load_all(data.data_dir(args.data_dir), synthetic_dir=args.synthetic_dir)
    texts = [e["text"] for e in exs if e["split"] == "train"] + data.load_unlabeled(data.data_dir(args.data_dir))
    # Documents are cut into chunks that fit after corruption (inputs shrink, so max_len raw tokens is safe).
    chunks = []
    for i in range(0, len(texts), 2000):
        for enc in tok.encode_batch(texts[i:i + 2000], add_special_tokens=False):
            for s in range(0, len(enc.ids), args.max_len - 1):
                if len(enc.ids[s:s + args.max_len - 1]) >= 16:
                    chunks.append(enc.ids[s:s + args.max_len - 1])
    log(fh, f"{len(texts)} texts -> {len(chunks)} chunks, {sum(map(len, chunks)):,} tokens")
    config = T5Config(vocab_size=V + N_SENTINELS, d_model=args.d_model, d_kv=args.d_kv, d_ff=args.d_ff,
                      num_layers=args.layers, num_decoder_layers=args.decoder_layers, num_heads=args.heads,
                      feed_forward_proj="gated-gelu", dropout_rate=0.1, pad_token_id=PAD, eos_token_id=EOS,
                      decoder_start_token_id=PAD, tie_word_embeddings=True)
    model = T5ForConditionalGeneration(config)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01, betas=(0.9, 0.98))
    state = {"step": 0, "elapsed": 0.0, "tokens": 0}
    last = os.path.join(run_dir, "last.pt")
    if args.resume and os.path.exists(last):
        ck = torch.load(last, map_location="cpu", weights_only=False)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        state = ck["state"]
    log(fh, f"params {sum(p.numel() for p in model.parameters()):,}")

    def save():
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "state": state}, last + ".tmp")
        os.replace(last + ".tmp", last)
        hf = os.path.join(run_dir, "hf")
        model.save_pretrained(hf)
        tok.save(os.path.join(hf, "tokenizer.json"))

    budget, last_ckpt = args.minutes * 60, time.time()
    win_t, win_tok, win_loss, win_n = time.time(), 0, 0.0, 0
    model.train()
    while True:
        order = list(range(len(chunks)))
        rng.shuffle(order)
        batch = []
        for idx in order:
            batch.append(idx)
            if len(batch) * args.max_len < args.batch_tokens:
                continue
            t0 = time.time()
            pairs = [corrupt(chunks[i], V, rng) for i in batch]
            batch = []
            Li, Lt = max(len(a) for a, _ in pairs), max(len(b) for _, b in pairs)
            x = torch.full((len(pairs), Li), PAD)
            y = torch.full((len(pairs), Lt), -100)
            for r, (a, b) in enumerate(pairs):
                x[r, :len(a)] = torch.tensor(a)
                y[r, :len(b)] = torch.tensor(b)
            frac = state["elapsed"] / budget
            for g in opt.param_groups:
                g["lr"] = args.lr * min(1.0, (state["elapsed"] + 1) / 180) * max(0.02, 1 - frac)
            loss = model(input_ids=x, attention_mask=(x != PAD).long(), labels=y).loss
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            state["step"] += 1
            n = int((x != PAD).sum())
            state["tokens"] += n
            win_tok, win_loss, win_n = win_tok + n, win_loss + loss.item(), win_n + 1
            state["elapsed"] += time.time() - t0
            if state["step"] % 50 == 0 or (args.max_steps and state["step"] >= args.max_steps):
                log(fh, f"step {state['step']} loss {win_loss / win_n:.4f} tok/s {win_tok / (time.time() - win_t):.0f} "
                        f"tokens {state['tokens']:,} elapsed {state['elapsed'] / 60:.1f}m")
                win_t, win_tok, win_loss, win_n = time.time(), 0, 0.0, 0
            if time.time() - last_ckpt > args.ckpt_minutes * 60:
                save()
                last_ckpt = time.time()
            if state["elapsed"] >= budget or (args.max_steps and state["step"] >= args.max_steps):
                save()
                log(fh, "done")
                return


if __name__ == "__main__":
    sys.exit(main())
