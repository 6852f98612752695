"""The README's quickstart, run as written (issue #16 item 10): its curl commands and Python snippets
go to a real `veil serve` with the shipped model in front of the recording mocks, and what the README
promises is what happens — so the README cannot drift from the build again."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Mock, Veil

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()
QUICKSTART = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]


def blocks(lang):
    return re.findall(r"```" + lang + r"\n(.*?)```", QUICKSTART, re.S)


@pytest.fixture(scope="module")
def stack():
    openai_mock, anthropic_mock = Mock(), Mock("mock_anthropic.py")
    veil = Veil(openai_mock.url, "--anthropic-upstream", anthropic_mock.url, env={"VEIL_PATTERNS_ONLY": "0"})  # the shipped model, as `make serve` runs
    yield veil, openai_mock, anthropic_mock
    veil.stop()
    openai_mock.stop()
    anthropic_mock.stop()


def on_veil(snippet, veil):
    return snippet.replace("http://localhost:8080", veil.url).replace("localhost:8080", veil.url)


def shell(command, veil):
    env = {**os.environ, "OPENAI_API_KEY": "sk-readme-test"}
    r = subprocess.run(["bash", "-c", on_veil(command, veil)], capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_the_quickstart_has_the_examples_this_test_runs():
    assert len([b for b in blocks("sh") if "curl" in b]) == 2
    assert len(blocks("python")) == 2


def test_curl_chat_reaches_the_provider_redacted(stack):
    veil, openai_mock, _ = stack
    openai_mock.reset()
    command = next(b for b in blocks("sh") if "/v1/chat/completions" in b)
    answer = json.loads(shell(command, veil))
    seen = json.dumps(openai_mock.requests())
    assert "alice@example.com" not in seen and "[EMAIL_1]" in seen
    assert "alice@example.com" in answer["choices"][0]["message"]["content"]  # the echo, restored


def test_the_dry_run_answers_what_the_readme_shows(stack):
    veil, _, _ = stack
    block = next(b for b in blocks("sh") if "/v1/veil/anonymize" in b)
    command = block.split("\n#", 1)[0]
    promised = re.search(r'^# \{"text":"([^"]*)"', block, re.M).group(1)
    answer = json.loads(shell(command, veil))
    assert answer["text"] == promised
    first = re.search(r'"entities":\[\{"start":(\d+),"end":(\d+),"label":"(\w+)"', block)
    assert (answer["entities"][0]["start"], answer["entities"][0]["end"], answer["entities"][0]["label"]) == \
        (int(first[1]), int(first[2]), first[3])


@pytest.mark.parametrize("which", ["openai", "anthropic"])
def test_the_python_snippets_run_and_get_the_real_address_back(stack, which):
    veil, openai_mock, anthropic_mock = stack
    snippet = next(b for b in blocks("python") if f"import {which}" in b or f"from {which}" in b)
    mock = openai_mock if which == "openai" else anthropic_mock
    mock.reset()
    # The README's snippet, then what it promises: the answer carries the real address.
    code = on_veil(snippet, veil)
    if which == "anthropic":
        code += "\nprint(r.content[0].text)\n"
    env = {**os.environ, "OPENAI_API_KEY": "sk-readme-test", "ANTHROPIC_API_KEY": "sk-ant-readme-test"}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 0, r.stderr
    assert "alice@example.com" in r.stdout
    seen = json.dumps(mock.requests())
    assert "alice@example.com" not in seen and "[EMAIL_1]" in seen
