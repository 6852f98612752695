"""The `veil anonymize` / `veil reidentify` contract, run on the built binary."""
import json
import os
import subprocess

from conftest import VEIL


def run(*args, stdin=""):
    env = {**os.environ, "VEIL_PATTERNS_ONLY": "1"}
    return subprocess.run([str(VEIL), *args], input=stdin, capture_output=True, text=True, timeout=60, env=env)


def test_anonymize_stdin_prints_redacted_text():
    r = run("anonymize", stdin="Mail zoë@example.com or bob@example.org, then zoë@example.com again.\n")
    assert r.returncode == 0
    assert r.stdout == "Mail [EMAIL_1] or [EMAIL_2], then [EMAIL_1] again.\n"


def test_jsonl_contract_with_scalar_offsets_and_error_lines():
    text = "😀 Zoë: card 4111 1111 1111 1111"
    lines = [json.dumps({"id": 7, "text": text}), "{not json", json.dumps({"id": "b", "text": "nothing here"})]
    r = run("anonymize", "--jsonl", stdin="\n".join(lines) + "\n")
    assert r.returncode == 0
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(out) == 3
    assert out[0]["id"] == 7 and out[0]["text"] == "😀 Zoë: card [CREDIT_CARD_1]"
    e = out[0]["entities"][0]
    assert (e["label"], e["placeholder"], e["text"]) == ("CREDIT_CARD", "[CREDIT_CARD_1]", "4111 1111 1111 1111")
    assert text[e["start"]:e["end"]] == "4111 1111 1111 1111"  # Python str indexes are scalars
    assert "error" in out[1] and out[1]["id"] is None
    assert out[2] == {"id": "b", "text": "nothing here", "entities": []}


def test_save_map_then_reidentify_round_trips(tmp_path):
    text = "Key AKIAIOSFODNN7EXAMPLE for ops@example.net\n"
    map_file = tmp_path / "map.json"
    r = run("anonymize", "--save-map", str(map_file), stdin=text)
    assert r.returncode == 0 and "AKIA" not in r.stdout and map_file.exists()
    back = run("reidentify", "--map", str(map_file), stdin=r.stdout)
    assert back.returncode == 0 and back.stdout == text


def test_missing_map_file_is_a_one_line_error():
    r = run("reidentify", "--map", "/nonexistent/map.json", stdin="x")
    assert r.returncode != 0
    assert len(r.stderr.strip().splitlines()) == 1


def test_serve_without_upstream_fails_clearly():
    r = run("serve", "--port", "0")
    assert r.returncode != 0
    assert "upstream" in r.stderr.lower()


def test_unloadable_model_refuses_to_run(tmp_path):
    r = subprocess.run([str(VEIL), "anonymize", "--model", str(tmp_path)], input="x", capture_output=True, text=True, timeout=60)
    assert r.returncode != 0
    assert "model" in r.stderr.lower()


def test_config_check_accepts_the_shipped_example():
    from conftest import ROOT
    r = run("config", "check", str(ROOT / "Config" / "veil.json"))
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("ok:")


def test_config_check_names_the_bad_key(tmp_path):
    bad = tmp_path / "veil.json"
    bad.write_text('{"upstream": "https://x.example", "upstream_timout": 3}')
    r = run("config", "check", str(bad))
    assert r.returncode != 0
    assert "upstream_timout" in r.stderr


def test_jsonl_labels_flag_applies_to_lines_without_their_own():
    """Issue #16 item 9: `--labels` is every line's default; a line's own `labels` wins."""
    lines = [json.dumps({"id": 1, "text": "Mail bob@example.com, card 4111 1111 1111 1111"}),
             json.dumps({"id": 2, "text": "Mail bob@example.com", "labels": ["EMAIL"]})]
    r = run("anonymize", "--jsonl", "--labels", "CREDIT_CARD", stdin="\n".join(lines) + "\n")
    assert r.returncode == 0, r.stderr
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert out[0]["text"] == "Mail bob@example.com, card [CREDIT_CARD_1]"
    assert out[1]["text"] == "Mail [EMAIL_1]"
    plain = run("anonymize", "--labels", "CREDIT_CARD", stdin="Mail bob@example.com, card 4111 1111 1111 1111\n")
    assert plain.stdout == out[0]["text"] + "\n"
