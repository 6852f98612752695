"""A seq2seq anonymizer (issue #17): `veil serve --model <tiny seq2seq>` proxies a chat for the openai SDK,
and `veil anonymize --model` runs the same model. The tiny fixture (Training/train_seq2seq.py --tiny, a few
CPU minutes) is no good at finding values; what is tested is the path: config.json selects the seq2seq
detector, copy-constrained decoding runs on every message, its spans go through Veil's placeholders, the
upstream sees no pattern value, and the SDK gets the exact text back."""
import json
import subprocess
from pathlib import Path

import openai
import pytest

from conftest import ROOT, VEIL, Veil

MODEL = ROOT / "Tests" / "Fixtures" / "seq2seq-tiny"
TEXT = ("Hi, I'm Anna Kowalska. Write to anna.kowalska@example.com or call +44 20 7946 0958.\n"
        "My colleague John Smith has the report.")
pytestmark = pytest.mark.skipif(not (MODEL / "model.safetensors").exists(), reason="no seq2seq fixture")


@pytest.fixture(scope="module")
def seq2seq_veil(mock):
    v = Veil(mock.url, "--model", str(MODEL), env={"VEIL_PATTERNS_ONLY": "0", "VEIL_LOG_LEVEL": "debug"})
    yield v
    v.stop()


def test_openai_sdk_chat_through_the_seq2seq_model(seq2seq_veil, recorded):
    client = openai.OpenAI(base_url=seq2seq_veil.url + "/v1", api_key="sk-test-not-a-real-key-000000", max_retries=0)
    r = client.chat.completions.create(model="gpt-x", messages=[{"role": "user", "content": TEXT}])
    assert r.choices[0].message.content == TEXT
    seen = json.dumps(recorded.requests())
    for value in ("anna.kowalska@example.com", "+44 20 7946 0958"):
        assert value not in seen
    assert "[EMAIL_1]" in seen
    logs = seq2seq_veil.logs()
    assert "t5-seq2seq" in logs  # the model loaded as the seq2seq anonymizer
    assert "anna.kowalska" not in logs and "Kowalska" not in logs


def test_streamed_chat_through_the_seq2seq_model(seq2seq_veil, recorded):
    client = openai.OpenAI(base_url=seq2seq_veil.url + "/v1", api_key="sk-test-not-a-real-key-000000", max_retries=0)
    stream = client.chat.completions.create(model="gpt-x", stream=True, messages=[{"role": "user", "content": TEXT}])
    text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    assert text == TEXT


def test_veil_anonymize_runs_the_seq2seq_model():
    p = subprocess.run([str(VEIL), "anonymize", "--model", str(MODEL)], input=TEXT, capture_output=True, text=True,
                       timeout=120)
    assert p.returncode == 0, p.stderr
    assert "anna.kowalska@example.com" not in p.stdout and "[EMAIL_1]" in p.stdout


def test_labels_are_checked_against_the_seq2seq_model():
    # The seq2seq model's labels come from its config.json (veil_labels): NAME and REFERENCE are known ...
    p = subprocess.run([str(VEIL), "anonymize", "--model", str(MODEL), "--labels", "NAME,REFERENCE"], input="x",
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    # ... an unknown label is a configuration error, not a run that detects nothing.
    p = subprocess.run([str(VEIL), "anonymize", "--model", str(MODEL), "--labels", "NAME,NOT_A_LABEL"], input="x",
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 78, p.stderr
