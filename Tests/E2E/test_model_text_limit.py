"""The model text limit (issue #15, item 6): a text longer than `model_max_text` is refused
before the model reads it — 413 from `veil serve` (OpenAI-style error; Anthropic's shape on
/v1/messages; nothing forwarded), a one-line error and exit 65 from `veil anonymize`, an error
line from `veil anonymize --jsonl`. Set by flag, VEIL_MODEL_MAX_TEXT or the file."""
import json
import os
import subprocess
import urllib.error
import urllib.request

import pytest

from conftest import ROOT, VEIL, Veil

MODEL = ROOT / "Models" / "veil-pii-tagger"
pytestmark = pytest.mark.skipif(not (MODEL / "model.safetensors").exists(), reason="no shipped model")

LONG = "Anna Kowalska wrote to anna.secret@example.com about the budget. " * 4  # 260 bytes


def anonymize(*args, stdin, env=None):
    full = {**os.environ, "VEIL_PATTERNS_ONLY": "0", **(env or {})}
    return subprocess.run([str(VEIL), "anonymize", "--model", str(MODEL), *args], input=stdin,
                          capture_output=True, text=True, timeout=120, env=full)


@pytest.mark.parametrize("how", ["flag", "env"])
def test_anonymize_refuses_a_text_over_the_limit_with_one_line_and_exit_65(how):
    args, env = (["--model-max-text", "100"], None) if how == "flag" else ([], {"VEIL_MODEL_MAX_TEXT": "100"})
    r = anonymize(*args, stdin=LONG, env=env)
    assert r.returncode == 65
    assert r.stdout == ""
    lines = [line for line in r.stderr.splitlines() if line.startswith("Error:")]
    assert lines == [f"Error: the input is {len(LONG)} bytes; the model reads at most 100 bytes per text "
                     "(--model-max-text, VEIL_MODEL_MAX_TEXT); nothing was written"]
    assert "Anna" not in r.stderr and "anna.secret" not in r.stderr


def test_anonymize_under_the_limit_runs_and_jsonl_gets_an_error_line():
    ok = anonymize("--model-max-text", "1000", stdin=LONG)
    assert ok.returncode == 0 and "anna.secret@example.com" not in ok.stdout
    lines = json.dumps({"id": 1, "text": LONG}) + "\n" + json.dumps({"id": 2, "text": "Mail bob@example.org"}) + "\n"
    r = anonymize("--jsonl", "--model-max-text", "100", stdin=lines)
    assert r.returncode == 0
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert out[0] == {"id": 1, "error": f"'text' a text of {len(LONG)} bytes is longer than the model takes (model_max_text: 100 bytes)"}
    assert out[1]["text"] == "Mail [EMAIL_1]"


def post(url, path, body):
    req = urllib.request.Request(url + path, json.dumps(body).encode(), {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_serve_answers_413_and_forwards_nothing(mock):
    mock.reset()
    v = Veil(mock.url, "--model", str(MODEL), "--model-max-text", "100", env={"VEIL_PATTERNS_ONLY": "0"})
    try:
        status, body = post(v.url, "/v1/chat/completions", {"model": "mock-model", "messages": [{"role": "user", "content": LONG}]})
        assert status == 413
        assert body["error"]["code"] == "text_too_long" and body["error"]["type"] == "invalid_request_error"
        assert f"{len(LONG)} bytes" in body["error"]["message"] and "model_max_text" in body["error"]["message"]
        status, body = post(v.url, "/v1/messages", {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": LONG}]})
        assert status == 413
        assert body["type"] == "error" and body["error"]["type"] == "request_too_large"
        assert mock.requests() == []
        assert "anna.secret" not in v.logs() and "Anna Kowalska" not in v.logs()
    finally:
        v.stop()
