"""`veil t5 generate` on a tiny random T5 (the engine's golden fixture) with a small
tokenizer.json written here, so the text path (encode → greedy → decode) is exercised end to end
and checked against the --ids path."""
import json
import shutil
import subprocess
from pathlib import Path

from conftest import ROOT, VEIL

FIXTURE = ROOT / "Tests" / "T5Tests" / "Fixtures" / "t5_v1_1"


def tiny_tokenizer(vocab_size):
    """A Unigram tokenizer.json with <pad>, </s>, <unk>, ▁ and single characters (T5's layout)."""
    chars = list("▁abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,!?-'")
    pieces = [["<pad>", 0.0], ["</s>", 0.0], ["<unk>", 0.0]] + [[c, -1.0 - i * 0.01] for i, c in enumerate(chars)]
    pieces += [[f"▁{a}{b}", -3.0] for a in "aeiou" for b in "nrst"][: vocab_size - len(pieces)]
    assert len(pieces) <= vocab_size
    special = lambda i, c: {"id": i, "content": c, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True}
    metaspace = {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True}
    return {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [special(0, "<pad>"), special(1, "</s>"), special(2, "<unk>")],
        "normalizer": None, "pre_tokenizer": metaspace,
        "post_processor": {"type": "TemplateProcessing", "single": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
                           "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
                           "special_tokens": {"</s>": {"id": "</s>", "ids": [1], "tokens": ["</s>"]}}},
        "decoder": metaspace,
        "model": {"type": "Unigram", "unk_id": 2, "vocab": pieces, "byte_fallback": False},
    }, [p[0] for p in pieces]


def generate(model_dir, *args, stdin):
    return subprocess.run([str(VEIL), "t5", "generate", "--model", str(model_dir), "--max-new-tokens", "8", *args],
                          input=stdin, capture_output=True, text=True, timeout=60)


def test_text_and_ids_paths_agree(tmp_path):
    model = tmp_path / "model"
    shutil.copytree(FIXTURE, model)
    config = json.loads((model / "config.json").read_text())
    tokenizer, pieces = tiny_tokenizer(config["vocab_size"])
    (model / "tokenizer.json").write_text(json.dumps(tokenizer))

    lines = "hello world\nVeil is a proxy.\n"
    ids = generate(model, "--ids", stdin=lines)
    text = generate(model, stdin=lines)
    assert ids.returncode == 0 and text.returncode == 0, ids.stderr + text.stderr
    id_lines, text_lines = ids.stdout.splitlines(), text.stdout.splitlines()
    assert len(id_lines) == len(text_lines) == 2
    for id_line, text_line in zip(id_lines, text_lines):
        generated = [int(i) for i in id_line.split()]
        assert 0 < len(generated) <= 8
        # Decoding by hand: drop specials, Metaspace ▁ → space, strip the leading space.
        expected = "".join(pieces[i] if i < len(pieces) and i > 2 else "" for i in generated).replace("▁", " ").lstrip(" ")
        assert text_line == expected


def test_missing_model_folder_is_a_clear_error(tmp_path):
    r = generate(tmp_path / "nope", stdin="hi\n")
    assert r.returncode != 0
    assert r.stderr.strip()
