"""Issue #16 items 7 and 8: the shipped model is found wherever Veil is started from (next to the
working directory, the executable, or its install prefix's share/veil), never silently dropped;
`veil config check` prints the effective model and labels; `veil labels` lists them."""
import os
import shutil
import subprocess
from pathlib import Path

from conftest import VEIL

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "Models" / "veil-pii-tagger"


def run(binary, *args, cwd, env=None):
    full = {k: v for k, v in os.environ.items() if not k.startswith("VEIL_")}
    full.update({"VEIL_UPSTREAM": "http://127.0.0.1:9", **(env or {})})
    return subprocess.run([str(binary), *args], cwd=cwd, env=full, capture_output=True, text=True, timeout=60)


def test_started_elsewhere_the_checkout_binary_finds_the_checkouts_model(tmp_path):
    r = run(VEIL, "config", "check", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert f"model {MODEL}" in r.stdout


def test_a_binary_without_a_model_refuses_to_start_unless_patterns_only(tmp_path):
    (tmp_path / "bin").mkdir()
    binary = shutil.copy(VEIL, tmp_path / "bin" / "veil")
    r = run(binary, "config", "check", cwd=tmp_path)
    assert r.returncode == 78
    assert r.stderr.count("\n") == 1 and "No model found" in r.stderr and "--patterns-only" in r.stderr
    serve = run(binary, "serve", "--port", "9", cwd=tmp_path)
    assert serve.returncode == 78 and "No model found" in serve.stderr
    ok = run(binary, "config", "check", cwd=tmp_path, env={"VEIL_PATTERNS_ONLY": "1"})
    assert ok.returncode == 0, ok.stderr
    assert "model off (patterns only)" in ok.stdout


def test_an_install_prefix_share_folder_is_searched(tmp_path):
    prefix = tmp_path / "usr" / "local"
    (prefix / "bin").mkdir(parents=True)
    binary = shutil.copy(VEIL, prefix / "bin" / "veil")
    installed = prefix / "share" / "veil" / "Models" / "veil-pii-tagger"
    installed.parent.mkdir(parents=True)
    installed.symlink_to(MODEL, target_is_directory=True)
    r = run(binary, "config", "check", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert f"model {installed}" in r.stdout


def test_veil_labels_lists_who_finds_each_label_and_what_is_on(tmp_path):
    r = run(VEIL, "labels", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    rows = {line.split()[0]: line.split(None, 3)[1:] for line in r.stdout.splitlines()[2:]}
    assert rows["NAME"][:2] == ["patterns+model", "on"]
    assert rows["EMAIL"][:2] == ["patterns+model", "on"]
    assert rows["AGE"][:2] == ["model", "off"]          # not among the model's default labels
    assert rows["PASSWORD"][:2] == ["patterns", "on"]
    assert all(len(v) == 3 and v[2] for v in rows.values()), "every label has a description"
    only = run(VEIL, "labels", "--patterns-only", cwd=tmp_path)
    assert only.returncode == 0 and "model: off (patterns only)" in only.stdout
    assert "AGE" not in only.stdout and "EMAIL" in only.stdout


def test_configured_labels_are_checked_and_shown(tmp_path):
    r = run(VEIL, "config", "check", cwd=tmp_path, env={"VEIL_LABELS": "EMAIL,id_number"})
    assert r.returncode == 0, r.stderr
    assert "labels EMAIL,NATIONAL_ID" in r.stdout
    bad = run(VEIL, "labels", cwd=tmp_path, env={"VEIL_LABELS": "EMIAL"})
    assert bad.returncode == 78 and "EMIAL" in bad.stderr
