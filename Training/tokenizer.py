"""Trains Veil's SentencePiece-style Unigram tokenizer with Hugging Face `tokenizers`.

Pipeline (the Swift tokenizer reproduces exactly this, see MODEL_CARD.md):
  normalizer  NFKC
  pre-tok     Metaspace(replacement "▁", prepend_scheme "always", split=True)
  model       Unigram, unk_id 2, byte_fallback=True; ids: <pad>=0 </s>=1 <unk>=2 <0x00>..<0xFF>=3..258, pieces
  decoder     Replace "▁"->" ", ByteFallback, Fuse, Strip(left 1)

    python tokenizer.py --vocab 8000 --out cache/tokenizer.json
"""
import argparse
import collections
import json
import os
import random
import unicodedata

from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers

import data
from labels import LABELS, prompt

SPECIALS = ["<pad>", "</s>", "<unk>"]
BYTES = [f"<0x{b:02X}>" for b in range(256)]


def corpus(ddir, synthetic_dir, max_synthetic=30000):
    exs, _ = data.load_all(ddir, synthetic_dir=synthetic_dir)
    texts = [ex["text"] for ex in exs if ex["split"] == "train" and ex["source"] != "synthetic"]
    syn = [ex["text"] for ex in exs if ex["source"] == "synthetic" and ex["split"] == "train"][:max_synthetic]
    texts += syn + data.load_unlabeled(ddir)
    rng = random.Random(0)
    # Prompts, so label names become single pieces.
    for _ in range(3000):
        texts.append(prompt(rng.sample(LABELS, rng.randint(1, len(LABELS)))))
    return texts, exs


def char_class(ch):
    if ch.isspace():
        return "space"
    cat = unicodedata.category(ch)
    if cat[0] in "LM":
        return "letter"
    if cat[0] == "N":
        return "digit"
    return "punct" + ch  # each punctuation/symbol character is its own class ("..." stays one piece)


def single_class(piece):
    """True when the piece (after an optional leading "▁") holds one character class only.

    Metaspace splits on spaces only, so the trainer happily learns pieces such as "@outlook.com>",
    ".com,0" or "ip\nR" that straddle the edge of a value; a token can carry only one tag, so such
    pieces blur span boundaries. Dropping mixed pieces makes every letter/digit/punctuation/space
    transition a token boundary while the Swift side stays a plain Unigram + Metaspace tokenizer.
    """
    body = piece[1:] if piece.startswith("▁") else piece
    return len({char_class(c) for c in body}) <= 1


def assemble(pieces):
    """Specials, 256 byte pieces (SentencePiece layout), then single-class pieces with their scores."""
    pieces = [(p, s) for p, s in pieces if p not in BYTES and p not in SPECIALS and single_class(p)]
    full = [(p, 0.0) for p in SPECIALS] + [(b, 0.0) for b in BYTES] + pieces
    out = Tokenizer(models.Unigram(full, unk_id=2, byte_fallback=True))
    out.normalizer = normalizers.NFKC()
    out.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    out.decoder = decoders.Sequence([decoders.Replace("▁", " "), decoders.ByteFallback(), decoders.Fuse(),
                                     decoders.Strip(" ", 1, 0)])
    return out


def build(texts, vocab_size):
    tok = Tokenizer(models.Unigram())
    tok.normalizer = normalizers.NFKC()
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    trainer = trainers.UnigramTrainer(vocab_size=vocab_size - len(BYTES), special_tokens=SPECIALS, unk_token="<unk>",
                                      max_piece_length=16, shrinking_factor=0.75, n_sub_iterations=2)
    tok.train_from_iterator(texts, trainer=trainer)
    vocab = json.loads(tok.to_str())["model"]["vocab"]
    assert [p for p, _ in vocab[:3]] == SPECIALS, vocab[:3]
    return assemble(vocab)


def token_core(text, start, end):
    """Character range of a token without surrounding whitespace (Metaspace offsets include the space)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def stats(tok, texts, exs):
    n_chars = n_tokens = mismatch = unk = byte_tok = 0
    changed_chars = collections.Counter()
    for t in texts[:20000]:
        enc = tok.encode(t, add_special_tokens=False)
        n_chars += len(t)
        n_tokens += len(enc.ids)
        unk += enc.ids.count(2)
        byte_tok += sum(1 for i in enc.ids if 3 <= i < 259)
        if tok.decode(enc.ids, skip_special_tokens=False) != t:
            mismatch += 1
            norm = normalizers.NFKC().normalize_str(t)
            for a in set(t):
                if normalizers.NFKC().normalize_str(a) != a:
                    changed_chars[a] += 1
    # Span boundaries that fall strictly inside a token (the tagger would widen such spans).
    inside = total = 0
    for ex in exs[:20000]:
        if not ex["spans"]:
            continue
        enc = tok.encode(ex["text"], add_special_tokens=False)
        cores = [token_core(ex["text"], s, e) for s, e in enc.offsets]
        for s, e, _ in ex["spans"]:
            for b in (s, e):
                total += 1
                if any(cs < b < ce for cs, ce in cores):
                    inside += 1
    return {"texts": min(len(texts), 20000), "chars_per_token": round(n_chars / max(n_tokens, 1), 3),
            "roundtrip_mismatch_docs": mismatch, "unk_tokens": unk, "byte_fallback_tokens": byte_tok,
            "nfkc_changed_chars_top": changed_chars.most_common(15),
            "span_boundaries": total, "span_boundaries_inside_token": inside,
            "span_boundary_inside_rate": round(inside / max(total, 1), 4)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--synthetic-dir", default=os.path.join(data.HERE, "cache"))
    ap.add_argument("--vocab", type=int, default=8000)
    ap.add_argument("--out", default=os.path.join(data.HERE, "cache", "tokenizer.json"))
    ap.add_argument("--refilter", default=None, help="re-assemble from an already trained tokenizer.json "
                    "(skips the ~7 CPU-minute Unigram training)")
    args = ap.parse_args()
    texts, exs = corpus(data.data_dir(args.data_dir), args.synthetic_dir)
    print("corpus docs", len(texts), "chars", sum(map(len, texts)))
    if args.refilter:
        tok = assemble(json.loads(open(args.refilter).read())["model"]["vocab"])
    else:
        tok = build(texts, args.vocab)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    tok.save(args.out)
    print("vocab", tok.get_vocab_size())
    rng = random.Random(1)
    sample = rng.sample(texts, min(len(texts), 20000))
    s = stats(tok, sample, [e for e in exs if e["spans"]])
    print(json.dumps(s, ensure_ascii=False, indent=1))
    with open(args.out + ".stats.json", "w") as f:
        json.dump(s, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
