"""Exports a training checkpoint to Models/<name>/ in the standard Hugging Face layout.

    python export.py --ckpt runs/run1/best.pt --out ../Models/veil-pii-tagger

Writes config.json (T5ForTokenClassification, id2label/label2id, veil_* fields for the Swift engine),
model.safetensors (fp16), tokenizer.json. MODEL_CARD.md is maintained by hand + evaluate.py --card.
"""
import argparse
import json
import os
import shutil

import torch
from safetensors.torch import save_file
from transformers import T5Config

import data
from labels import LABELS


def export(ckpt_path, out_dir, tokenizer_path, dtype="fp16"):
    ck = torch.load(ckpt_path, map_location="cpu", weights_only=False)
    os.makedirs(out_dir, exist_ok=True)
    config = T5Config.from_dict(ck["config"])
    cfg = config.to_dict()
    cfg["architectures"] = ["T5ForTokenClassification"]
    cfg["torch_dtype"] = "float16" if dtype == "fp16" else "float32"
    # Contract with the Swift engine (see MODEL_CARD.md "Input format").
    cfg["veil_labels"] = LABELS
    cfg["veil_prompt_template"] = "labels: {labels} text:"
    cfg["veil_label_separator"] = ", "
    cfg["veil_max_length"] = ck["args"].get("max_len", 256)
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
    shutil.copyfile(tokenizer_path, os.path.join(out_dir, "tokenizer.json"))
    return cfg


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--out", default=os.path.join(data.HERE, "..", "Models", "veil-pii-tagger"))
    ap.add_argument("--tokenizer", default=os.path.join(data.HERE, "cache", "tokenizer.json"))
    ap.add_argument("--dtype", choices=["fp16", "fp32"], default="fp16")
    args = ap.parse_args()
    cfg = export(args.ckpt, args.out, args.tokenizer, args.dtype)
    size = os.path.getsize(os.path.join(args.out, "model.safetensors"))
    print(f"exported to {args.out}: model.safetensors {size / 1e6:.1f} MB, training {cfg['veil_training']}")


if __name__ == "__main__":
    main()
