"""The int8 tagger (issue #18) as a user switches it on: the shipped model folder with `"veil_weights": "int8"` in
its config.json (a copy: symlinks and an edited config.json). `veil anonymize` logs which weights run, and its
verified int8 output equals float32's; `"veil_int8_verify_margin": 0` logs raw int8; a bad margin stops Veil at
start with exit 78. Skipped on a CPU without AVX2 (the model then loads float32, and says so)."""
import json
import subprocess

import pytest

from conftest import ROOT, VEIL

MODEL = ROOT / "Models" / "veil-pii-tagger"
TEXTS = [
    "Hi, I'm Anna Kowalska from Gdańsk; write to anna.k@example.org or call +48 601 234 567.",
    "Patient John Miller (DOB 03/14/1962) was prescribed metformin by Dr. Sarah Lee at Mercy Hospital.",
    "The deployment on Tuesday went fine, apart from a slow migration in the billing service.",
]


def has_avx2():
    try:
        return " avx2" in open("/proc/cpuinfo", encoding="utf-8").read()
    except OSError:
        return False


pytestmark = [
    pytest.mark.skipif(not (MODEL / "model.safetensors").exists(), reason="no shipped model"),
    pytest.mark.skipif(not has_avx2(), reason="no AVX2: int8 loads as float32"),
]


def model_copy(tmp_path, name, **settings):
    folder = tmp_path / name
    folder.mkdir()
    for f in MODEL.iterdir():
        if f.name != "config.json":
            (folder / f.name).symlink_to(f)
    config = json.loads((MODEL / "config.json").read_text(encoding="utf-8"))
    config.update(settings)
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    return folder


def anonymize(folder):
    lines = "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(TEXTS))
    p = subprocess.run([str(VEIL), "anonymize", "--jsonl", "--no-progress", "--model", str(folder)], input=lines,
                       capture_output=True, text=True, timeout=120, env={"VEIL_LOG_LEVEL": "info", "PATH": "/usr/bin:/bin"})
    return p


def test_verified_int8_says_so_and_gives_float32s_entities(tmp_path):
    f32 = anonymize(model_copy(tmp_path, "f32", veil_weights="float32"))
    i8 = anonymize(model_copy(tmp_path, "i8", veil_weights="int8"))
    assert f32.returncode == 0 and i8.returncode == 0, (f32.stderr, i8.stderr)
    assert "model.weights=float32" in f32.stderr
    assert "model.weights=int8, uncertain windows verified in float32 (margin 0.03)" in i8.stderr
    got = [[(e["start"], e["end"], e["label"]) for e in json.loads(line)["entities"]] for line in i8.stdout.splitlines()]
    want = [[(e["start"], e["end"], e["label"]) for e in json.loads(line)["entities"]] for line in f32.stdout.splitlines()]
    assert len(got) == len(TEXTS) and got == want
    assert any(want)  # the texts have values to find


def test_margin_zero_is_raw_int8(tmp_path):
    p = anonymize(model_copy(tmp_path, "raw", veil_weights="int8", veil_int8_verify_margin=0))
    assert p.returncode == 0, p.stderr
    assert "model.weights=int8, no verification" in p.stderr
    assert all("[EMAIL_1]" in json.loads(line)["text"] for line in p.stdout.splitlines()[:1])


def test_a_bad_margin_stops_veil_at_start(tmp_path):
    p = anonymize(model_copy(tmp_path, "bad", veil_weights="int8", veil_int8_verify_margin=3))
    assert p.returncode == 78
    assert "veil_int8_verify_margin must be a number between 0 and 1" in p.stderr
    assert p.stdout == ""
