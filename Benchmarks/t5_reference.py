#!/usr/bin/env python3
"""Reference timings for docs/T5-ENGINE.md: PyTorch (eager, float32) and CTranslate2 (float32/int8)
on the random bench models of Training/fixtures/make_bench_models.py, same shapes as t5-bench.

    /work/venvs/train/bin/pip install -r Benchmarks/requirements-reference.txt
    /work/venvs/train/bin/python Benchmarks/t5_reference.py Training/cache/bench-models/compact-random ...
    options (same meaning as t5-bench's): --threads=1[,2] --runs=5 --encoder-only
    --engines=pytorch,ct2-float32,ct2-int8 (default: all three)  --lengths=128,512 (encoder input lengths)
    --from-tagger=Models/veil-pii-tagger: also time that T5ForTokenClassification's encoder, as a
      T5ForConditionalGeneration with the tagger's shared embedding and encoder weights and a random 1-layer
      decoder (CTranslate2 has no token-classification T5), written once to
      Training/cache/bench-models/tagger-encoder-t5; `t5-bench` on that folder times Veil on the same weights.

CTranslate2's converter wants a tokenizer for the vocabulary; the random models have none, so a stand-in
maps id i to the token "t{i}" (what ct2-transformers-converter does with a real tokenizer, minus the file).
Note: CTranslate2 4.8 decides decoder-output scaling from `config.tie_word_embeddings`, which
transformers 5 always sets to true — fine for speed, wrong for FLAN outputs (Veil reads
`scale_decoder_outputs`).
"""
import os
import statistics
import sys
import time

import torch
from transformers import T5ForConditionalGeneration


def ids(count, vocab, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.randint(2, vocab, (count - 1,), generator=g).tolist() + [1]


MINIMA = {}


def median(runs, fn):
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    MINIMA[id(fn)] = min(times)
    return statistics.median(times)


def timed(runs, fn):
    """(median, min) — the minimum is steadier on a loaded machine (noise only adds time)."""
    m = median(runs, fn)
    return m, MINIMA.pop(id(fn))


OPTIONS = {a.split("=")[0]: a.split("=", 1)[-1] for a in sys.argv[1:] if a.startswith("--")}
RUNS = int(OPTIONS.get("--runs", "5"))
ENCODER_ONLY = "--encoder-only" in OPTIONS
THREADS = [int(t) for t in OPTIONS.get("--threads", "1,2").split(",")]
ENGINES = OPTIONS.get("--engines", "pytorch,ct2-float32,ct2-int8").split(",")
LENGTHS = [int(n) for n in OPTIONS.get("--lengths", "128,512").split(",")]


def tagger_as_t5(tagger, out):
    """`tagger` (T5ForTokenClassification) as a T5ForConditionalGeneration folder at `out`: the same shared
    embedding and encoder, a random 1-layer decoder (only speed is measured past the encoder)."""
    if os.path.exists(os.path.join(out, "config.json")):
        return out
    from transformers import T5Config, T5ForTokenClassification
    source = T5ForTokenClassification.from_pretrained(tagger, dtype=torch.float32)
    c = source.config
    config = T5Config(vocab_size=c.vocab_size, d_model=c.d_model, d_kv=c.d_kv, d_ff=c.d_ff, num_layers=c.num_layers,
                      num_decoder_layers=1, num_heads=c.num_heads, feed_forward_proj=c.feed_forward_proj,
                      relative_attention_num_buckets=c.relative_attention_num_buckets,
                      relative_attention_max_distance=c.relative_attention_max_distance, tie_word_embeddings=False,
                      decoder_start_token_id=0)
    torch.manual_seed(0)
    model = T5ForConditionalGeneration(config).eval()
    model.shared.load_state_dict(source.transformer.shared.state_dict())
    model.encoder.load_state_dict(source.transformer.encoder.state_dict())
    model.save_pretrained(out)
    return out


@torch.no_grad()
def bench_torch(folder, threads):
    torch.set_num_threads(threads)
    model = T5ForConditionalGeneration.from_pretrained(folder, attn_implementation="eager").eval()
    vocab = model.config.vocab_size
    out = {}
    for n in LENGTHS:
        x = torch.tensor([ids(n, vocab)])
        out[f"enc{n}"], out[f"min{n}"] = timed(RUNS, lambda: model.encoder(input_ids=x))
    if ENCODER_ONLY:
        return out
    x = torch.tensor([ids(256, vocab)])
    gen = lambda k: model.generate(x, max_new_tokens=k, min_new_tokens=k, do_sample=False, num_beams=1)
    first, total = median(3, lambda: gen(1)), median(3, lambda: gen(32))
    out["step"] = (total - first) / 31
    return out


class StandInTokenizer:
    def __init__(self, vocab):
        self.vocab = {f"t{i}": i for i in range(vocab)}
        self.pad_token, self.eos_token, self.unk_token = "t0", "t1", "t2"

    def get_vocab(self):
        return self.vocab

    def convert_ids_to_tokens(self, i):
        return f"t{i}"


def bench_ct2(folder, threads, quantization):
    import ctranslate2
    from ctranslate2.converters import TransformersConverter
    from transformers import AutoConfig

    vocab = AutoConfig.from_pretrained(folder).vocab_size

    class Converter(TransformersConverter):
        def load_tokenizer(self, *args, **kwargs):
            return StandInTokenizer(vocab)

    target = f"{folder.rstrip('/')}-ct2-{quantization}"
    if not os.path.exists(os.path.join(target, "model.bin")):
        Converter(folder).convert(target, quantization=quantization, force=True)
    translator = ctranslate2.Translator(target, device="cpu", inter_threads=1, intra_threads=threads,
                                        compute_type=quantization)
    tok = lambda n: [[f"t{i}" for i in ids(n, vocab)]]
    run = lambda n, k: translator.translate_batch(tok(n), beam_size=1, max_decoding_length=k,
                                                  min_decoding_length=k, end_token=[])
    out = {}
    for n in LENGTHS:
        out[f"enc{n}"], out[f"min{n}"] = timed(RUNS, lambda n=n: run(n, 1))
    if ENCODER_ONLY:
        return out
    first, total = median(3, lambda: run(256, 1)), median(3, lambda: run(256, 32))
    out["step"] = (total - first) / 31
    return out


def show(name, r):
    step = f"  step {r['step']*1e3:6.2f} ms ({1/r['step']:5.0f} tok/s)" if "step" in r else ""
    encs = "  ".join(f"enc{n} {r[f'enc{n}']*1e3:7.1f} ms (min {r[f'min{n}']*1e3:6.1f})" for n in LENGTHS)
    print(f"  {name:14s} {encs}{step}", flush=True)


if __name__ == "__main__":
    folders = [a for a in sys.argv[1:] if not a.startswith("--")]
    if "--from-tagger" in OPTIONS:
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        folders.append(tagger_as_t5(OPTIONS["--from-tagger"], os.path.join(root, "Training", "cache", "bench-models", "tagger-encoder-t5")))
    for folder in folders:
        for threads in THREADS:
            print(f"{os.path.basename(folder.rstrip('/'))} threads={threads}", flush=True)
            if "pytorch" in ENGINES:
                show("pytorch-fp32", bench_torch(folder, threads))
            for q in [e[4:] for e in ENGINES if e.startswith("ct2-")]:
                try:
                    show(f"ct2-{q}", bench_ct2(folder, threads, q))
                except Exception as e:  # report, keep the other numbers
                    print(f"  ct2-{q}: failed: {type(e).__name__}: {e}", flush=True)
