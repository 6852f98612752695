"""The `sensitivity` setting on the built binary (issue #14): the per-request header, the serve and
anonymize flags, their variable and `veil config check`; and the issue's restore example through
the real openai SDK, where a tool call's argument must come back as exactly the original e-mail."""
import json
import os
import subprocess
import urllib.error
import urllib.request

import openai
import pytest

from conftest import ROOT, VEIL, Veil

MODEL = ROOT / "Models" / "veil-pii-tagger"
VALID = "strict, balanced or high-recall"
CHAT = {"model": "m", "messages": [{"role": "user", "content": "mail a@b.co"}]}


def post(url, body, headers):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)


def run(*args, stdin="", env=None):
    full_env = {**os.environ, "VEIL_PATTERNS_ONLY": "1", **(env or {})}
    return subprocess.run([str(VEIL), *args], input=stdin, capture_output=True, text=True, timeout=60, env=full_env)


# -- the header ------------------------------------------------------------------------------

def test_bogus_header_is_400_and_nothing_forwarded(veil, recorded):
    code, body = post(veil.url + "/v1/chat/completions", CHAT, {"X-Veil-Sensitivity": "bogus"})
    assert code == 400
    assert body["error"]["code"] == "invalid_sensitivity"
    assert body["error"]["type"] == "invalid_request_error"
    assert VALID in body["error"]["message"]
    assert recorded.requests() == []


def test_bogus_header_on_the_messages_route_is_an_anthropic_400(veil, recorded):
    messages = {"model": "claude", "max_tokens": 5, "messages": [{"role": "user", "content": "mail a@b.co"}]}
    code, body = post(veil.url + "/v1/messages", messages, {"X-Veil-Sensitivity": "bogus", "x-api-key": "sk-ant-test"})
    assert code == 400
    assert body["type"] == "error" and body["error"]["type"] == "invalid_request_error"
    assert VALID in body["error"]["message"]
    assert recorded.requests() == []


@pytest.mark.parametrize("value", ["strict", "balanced", "high-recall"])
def test_valid_header_is_accepted_and_stays_with_veil(veil, recorded, value):
    code, body = post(veil.url + "/v1/chat/completions", CHAT, {"X-Veil-Sensitivity": value})
    assert code == 200 and body["choices"][0]["message"]["content"] == "mail a@b.co"
    [sent] = recorded.requests()
    assert "x-veil-sensitivity" not in sent["headers"]
    assert "a@b.co" not in sent["body"]


# -- configuration and the command line ------------------------------------------------------

def test_serve_refuses_an_unknown_sensitivity_with_one_line():
    for args, env in [(["--sensitivity", "bogus"], {}), ([], {"VEIL_SENSITIVITY": "bogus"})]:
        r = run("serve", "--port", "0", "--upstream", "http://127.0.0.1:9", *args, env=env)
        assert r.returncode == 78, r.stderr
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and "'sensitivity'" in lines[0] and VALID in lines[0]


def test_config_check_prints_the_sensitivity(tmp_path):
    cfg = tmp_path / "veil.json"
    cfg.write_text(json.dumps({"upstream": "http://127.0.0.1:9", "sensitivity": "strict"}))
    r = run("config", "check", str(cfg))
    assert r.returncode == 0 and "sensitivity strict" in r.stdout
    r = run("config", "check", str(cfg), env={"VEIL_SENSITIVITY": "high-recall"})  # the environment wins
    assert r.returncode == 0 and "sensitivity high-recall" in r.stdout
    cfg.write_text(json.dumps({"upstream": "http://127.0.0.1:9", "sensitivity": "max"}))
    r = run("config", "check", str(cfg))
    assert r.returncode == 78 and VALID in r.stderr


def test_anonymize_takes_a_sensitivity():
    r = run("anonymize", "--sensitivity", "strict", "-", stdin="Mail anna.kowalska@firma.pl\n")
    assert r.returncode == 0 and r.stdout == "Mail [EMAIL_1]\n"
    r = run("anonymize", "-", stdin="Mail anna.kowalska@firma.pl\n", env={"VEIL_SENSITIVITY": "high-recall"})
    assert r.returncode == 0 and r.stdout == "Mail [EMAIL_1]\n"


@pytest.mark.parametrize("args,env", [(["--sensitivity", "bogus"], {}), ([], {"VEIL_SENSITIVITY": "bogus"}),
                                      (["--jsonl", "--sensitivity", "bogus"], {})])
def test_anonymize_refuses_an_unknown_sensitivity_with_one_line(args, env):
    r = run("anonymize", *args, "-", stdin="Mail anna.kowalska@firma.pl\n", env=env)
    assert r.returncode != 0 and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and VALID in lines[0]


def test_jsonl_lines_may_name_their_own_sensitivity():
    lines = [{"id": 1, "text": "a@b.co", "sensitivity": "high-recall"}, {"id": 2, "text": "a@b.co", "sensitivity": "max"}]
    r = run("anonymize", "--jsonl", "--sensitivity", "strict", stdin="".join(json.dumps(l) + "\n" for l in lines))
    assert r.returncode == 0
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert out[0]["text"] == "[EMAIL_1]"
    assert out[1] == {"id": 2, "error": f"'sensitivity' must be {VALID}"}


# -- the restore example ---------------------------------------------------------------

EXAMPLE = ("Mail anna.kowalska@firma.pl about card 5294 7716 3058 2245; refund to DE02500105170137075030. "
           "Key AKIA4QZ7RX2M9TLKW3HD leaked.")
RAW = ["anna.kowalska@firma.pl", "5294 7716 3058 2245", "DE02500105170137075030", "AKIA4QZ7RX2M9TLKW3HD"]
SEND_EMAIL = [{"type": "function", "function": {
    "name": "send_email", "parameters": {"type": "object", "properties": {"to": {"type": "string"}, "body": {"type": "string"}}}}}]


@pytest.fixture(scope="module")
def model_veil(mock):
    if not (MODEL / "model.safetensors").exists():
        pytest.skip("no shipped model")
    v = Veil(mock.url, "--model", str(MODEL), env={"VEIL_PATTERNS_ONLY": "0"})
    yield v
    v.stop()


def send_email_call(url, stream, headers=None):
    """The issue's message through the openai SDK, offering `send_email`; the call's name and arguments."""
    client = openai.OpenAI(base_url=url + "/v1", api_key="sk-test-not-a-real-key-000000", max_retries=0, timeout=120,
                           default_headers=headers)
    messages = [{"role": "user", "content": EXAMPLE}]
    if not stream:
        call = client.chat.completions.create(model="gpt-x", tools=SEND_EMAIL, messages=messages).choices[0].message.tool_calls[0]
        return call.function.name, call.function.arguments
    name, args = "", ""
    for chunk in client.chat.completions.create(model="gpt-x", tools=SEND_EMAIL, messages=messages, stream=True):
        for choice in chunk.choices:
            for call in choice.delta.tool_calls or []:
                name += call.function.name or ""
                args += call.function.arguments or ""
    return name, args


def assert_restored_exactly(name, args, recorded):
    seen = json.dumps(recorded.requests())
    for value in RAW:
        assert value not in seen, f"upstream saw {value!r}"
    sent = json.loads(recorded.requests()[-1]["body"])["messages"][-1]["content"]
    assert "[EMAIL_1]" in sent
    assert name == "send_email"
    restored = json.loads(args)
    assert restored["to"] == "anna.kowalska@firma.pl"
    assert restored["body"] == EXAMPLE


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
def test_restored_tool_argument_is_exactly_the_email(veil, recorded, stream):
    name, args = send_email_call(veil.url, stream)
    assert_restored_exactly(name, args, recorded)


@pytest.mark.parametrize("sensitivity", ["strict", "balanced", "high-recall"])
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
def test_restored_tool_argument_is_exactly_the_email_with_the_model(model_veil, mock, stream, sensitivity):
    mock.reset()
    name, args = send_email_call(model_veil.url, stream, headers={"X-Veil-Sensitivity": sensitivity})
    assert_restored_exactly(name, args, mock)
