"""Exports a training checkpoint to Models/<name>/ in the standard Hugging Face layout.

    python export.py --ckpt runs/run1/best.pt --out ../Models/veil-pii-tagger

Writes config.json (T5ForTokenClassification, id2label/label2id, veil_* fields for the Swift engine),
model.safetensors (fp16), tokenizer.json. MODEL_CARD.md is maintained by hand + evaluate.py --card.
"""
import argparse
import json
import os
import re
import shutil

import torch
from safetensors.torch import save_file
from transformers import T5Config

import data
import lexicon
from labels import LABELS

# Longest inference window written to config.json (MODEL_CARD "Input format" step 3).
INFERENCE_MAX_LENGTH = 512


def export(ckpt_path, out_dir, tokenizer_path, dtype="fp16", prompt_all_labels=False, common_words=None):
    ck = torch.load(ckpt_path, map_location="cpu", weights_only=False)
    os.makedirs(out_dir, exist_ok=True)
    config = T5Config.from_dict(ck["config"])
    cfg = config.to_dict()
    cfg["architectures"] = ["T5ForTokenClassification"]
    cfg["torch_dtype"] = "float16" if dtype == "fp16" else "float32"
    # Contract with the Swift engine (see MODEL_CARD.md "Input format").
    cfg["veil_labels"] = [config.id2label[i][2:] for i in range(1, config.num_labels, 2)]
    assert cfg["veil_labels"] == LABELS[:len(cfg["veil_labels"])], "labels may only be appended"
    cfg["veil_prompt_template"] = "labels: {labels} text:"
    cfg["veil_label_separator"] = ", "
    cfg["veil_max_length"] = ck["args"].get("max_len", 256)
    # Inference windows may be longer than training ones (tagging.inference_max_length): relative position
    # buckets saturate at relative_attention_max_distance (128), so no longer offset is new to the model,
    # and one window per chat message halves Veil's latency; evaluate.py --max-len measured it.
    cfg["veil_inference_max_length"] = INFERENCE_MAX_LENGTH
    # Prompt with every label and keep the wanted ones (ModelDetector.promptsEveryLabel) only where a model needs
    # it: compare evaluate.py --prompt example with and without --no-filter (MODEL_CARD "Label subsets").
    cfg["veil_prompt_all_labels"] = prompt_all_labels
    if common_words:
        # Spans made only of these words are dropped after decoding (lexicon.py, Swift CommonWords).
        shutil.copyfile(common_words, os.path.join(out_dir, lexicon.FILE_NAME))
        cfg["veil_common_words"] = lexicon.FILE_NAME
    cfg["veil_training"] = {"steps": ck["state"]["step"], "tokens": ck["state"]["tokens"],
                            "minutes": round(ck["state"]["elapsed"] / 60, 1), "best_dev_f1": ck["state"]["best_f1"]}
    with open(os.path.join(out_dir, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2, sort_keys=True)
    sd = {}
    for k, v in ck["model"].items():
        v = v.contiguous()
        sd[k] = v.half() if dtype == "fp16" and v.is_floating_point() else v
    # T5EncoderModel ties transformer.encoder.embed_tokens to transformer.shared: store once.
    if "transformer.encoder.embed_tokens.weight" in sd and "transformer.shared.weight" in sd:
        if torch.equal(sd["transformer.encoder.embed_tokens.weight"], sd["transformer.shared.weight"]):
            del sd["transformer.encoder.embed_tokens.weight"]
    save_file(sd, os.path.join(out_dir, "model.safetensors"), metadata={"format": "pt"})
    os.chmod(os.path.join(out_dir, "model.safetensors"), 0o644)
    shutil.copyfile(tokenizer_path, os.path.join(out_dir, "tokenizer.json"))
    card = os.path.join(out_dir, "MODEL_CARD.md")
    if os.path.exists(card):
        nparams = sum(v.numel() for v in sd.values())
        model_md = (f"T5 encoder, {config.num_layers} layers, d_model {config.d_model}, d_ff {config.d_ff} "
                    f"({config.feed_forward_proj}), {config.num_heads} heads x d_kv {config.d_kv}, relative position "
                    f"buckets {config.relative_attention_num_buckets} (max distance "
                    f"{config.relative_attention_max_distance}), vocabulary {config.vocab_size}, "
                    f"{config.num_labels} BIO tags; {nparams:,} parameters, stored in {dtype}.")
        st, a = ck["state"], ck["args"]
        start = (f"Continued from `{os.path.basename(os.path.normpath(a['init']))}` (`--init`), then" if a.get("init")
                 else "From scratch (no pretrained weights),")
        train_md = (f"{start} AdamW lr {a['lr']} (warmup {a['warmup_minutes']} min, "
                    f"linear decay over a {a['minutes']:.0f}-minute budget), batches of ~{a['batch_tokens']} tokens, "
                    f"max length {a['max_len']}, loss weight {a['entity_weight']} on entity tags, torch "
                    f"{torch.__version__} on {a['threads']} CPU thread(s). Exported checkpoint: step {st['step']}, "
                    f"{st['tokens']:,} tokens seen, {st['elapsed'] / 60:.0f} minutes of training, epoch {st['epoch']}, "
                    f"in-training dev span F1 {st['best_f1']}.")
        text = open(card).read()
        for key, md in (("config", model_md), ("training", train_md)):
            text = re.sub(f"<!-- {key}:start -->.*<!-- {key}:end -->",
                          lambda _: f"<!-- {key}:start -->\n{md}\n<!-- {key}:end -->", text, flags=re.DOTALL)
        with open(card, "w") as f:
            f.write(text)
    return cfg


VECTOR_TEXTS = [
    "Hi, I'm John Smith, email john.smith@example.com, phone +1 (555) 123-4567.",
    "Bank Statement for Maria Kowalska\nAccount Number: 12345678\nIBAN: DE89 3704 0044 0532 0130 00\nBalance: €1.234,56",
    " leading space and  double  spaces\n\nthen newlines\tand a tab",
    "Zoë Ångström (ﬁle ☃ 𝔘 日本語 …) met Dr. Okonkwo in Zürich on 3 March 2021 at 14:30.",
    "@dave_92 thx!! call me at 0790 536 48 94 or mail dave92@proton.me #blessed",
    "DB_PASSWORD = \"hunter2!xY\"\nAPI_KEY=sk-abc123DEF456ghi789JKL012mno345PQ",
    "Patient: Jane Doe, DOB 04/12/1980, diagnosed with type 2 diabetes, started metformin 500 mg.",
    "How do I upgrade to Windows 11 before next week?",
]


def write_vectors(out_dir, n_long=2):
    """Parity vectors for the Swift engine: ids, offsets, argmax tags and spans from the exported model."""
    from evaluate import load_model, predict
    from tagging import inference_max_length, prompt_text
    from train_tagger import Featurizer
    model, tok = load_model(out_dir)
    feat = Featurizer(tok, inference_max_length(model.config.to_dict()))
    texts = list(VECTOR_TEXTS)
    texts.append(" ".join(VECTOR_TEXTS[:2]) * 12)  # longer than one window
    rows = []
    for i, text in enumerate(texts):
        labels = model.config.to_dict()["veil_labels"] if i % 2 == 0 else ["NAME", "EMAIL", "PHONE"]
        enc = tok.encode(text, add_special_tokens=False)
        e = {"ids": enc.ids, "offsets": enc.offsets}
        ex = {"text": text, "spans": [], "ignore": []}
        windows = []
        for ids, _, (s, t) in feat.windows(ex, e, labels):
            x = torch.tensor([ids])
            with torch.no_grad():
                logits = model(input_ids=x, attention_mask=torch.ones_like(x)).logits[0]
            w = {"token_range": [s, t], "input_ids": ids, "argmax": logits.argmax(-1).tolist()}
            if i < 3:  # full logits (fp32 inference of the fp16 weights) for a numeric parity check
                w["logits"] = [[round(x, 3) for x in row] for row in logits.tolist()]
            windows.append(w)
        spans = predict(model, feat, ex, e, labels)
        rows.append({"text": text, "labels": labels, "prompt": prompt_text(labels),
                     "prompt_ids": tok.encode(prompt_text(labels), add_special_tokens=False).ids,
                     "text_ids": enc.ids, "text_tokens": enc.tokens, "text_offsets": enc.offsets,
                     "windows": windows, "spans": [list(x) for x in spans]})
    with open(os.path.join(out_dir, "test_vectors.json"), "w", encoding="utf-8") as f:
        json.dump(rows, f, ensure_ascii=False)
    return len(rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--out", default=os.path.join(data.HERE, "..", "Models", "veil-pii-tagger"))
    ap.add_argument("--tokenizer", default=None, help="default: tokenizer.json next to the checkpoint")
    ap.add_argument("--dtype", choices=["fp16", "fp32"], default="fp16")
    ap.add_argument("--prompt-all-labels", action="store_true",
                    help="config.json veil_prompt_all_labels=true: Veil prompts every label and keeps the wanted ones "
                         "(the first shipped model needed it; measure with evaluate.py --prompt example [--no-filter])")
    ap.add_argument("--common-words", default=None,
                    help="common-word list from `lexicon.py --out` to ship with the model (veil_common_words)")
    args = ap.parse_args()
    tok = args.tokenizer or os.path.join(os.path.dirname(os.path.abspath(args.ckpt)), "tokenizer.json")
    cfg = export(args.ckpt, args.out, tok, args.dtype, prompt_all_labels=args.prompt_all_labels,
                 common_words=args.common_words)
    size = os.path.getsize(os.path.join(args.out, "model.safetensors"))
    n = write_vectors(args.out)
    print(f"exported to {args.out} ({n} test vectors): model.safetensors {size / 1e6:.1f} MB, training {cfg['veil_training']}")


if __name__ == "__main__":
    main()
