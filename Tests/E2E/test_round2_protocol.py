"""Security round 2 (issue #15), items 3, 9, 10 and 13, against a real `veil serve`:
labels that would turn redaction off, SSE comment lines reaching the openai SDK, a half-closed
client, and /metrics behind the client keys."""
import json
import os
import socket
import subprocess
import urllib.error
import urllib.request

import openai
import pytest

from conftest import ROOT, VEIL, Veil

EMAIL = "bob.real@example.org"
CHAT = json.dumps({"model": "m", "messages": [{"role": "user", "content": f"mail {EMAIL}"}]})


def post(url, body, headers=None):
    req = urllib.request.Request(url, data=body.encode(), method="POST",
                                 headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def run(*args, env=None):
    full = {**os.environ, "VEIL_PATTERNS_ONLY": "1", **(env or {})}
    return subprocess.run([str(VEIL), *args], capture_output=True, text=True, timeout=60, env=full, cwd=ROOT)


# -- item 3: empty or unknown labels ----------------------------------------------------------

@pytest.mark.parametrize("header", ["", ",", "FOO", "EMIAL", "EMAILS"])
def test_empty_or_unknown_labels_header_is_400_and_nothing_is_forwarded(veil, recorded, header):
    code, body = post(veil.url + "/v1/chat/completions", CHAT, {"X-Veil-Labels": header})
    assert code == 400, body
    error = json.loads(body)["error"]
    assert error["code"] == "invalid_labels" and "valid labels: " in error["message"] and "EMAIL" in error["message"]
    assert recorded.requests() == []


def test_unknown_labels_header_on_messages_is_an_anthropic_error(veil, recorded):
    body = json.dumps({"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": f"mail {EMAIL}"}]})
    code, text = post(veil.url + "/v1/messages", body, {"X-Veil-Labels": "EMIAL"})
    assert code == 400
    answer = json.loads(text)
    assert answer["type"] == "error" and answer["error"]["type"] == "invalid_request_error"
    assert "EMIAL" in answer["error"]["message"] and "valid labels: " in answer["error"]["message"]
    assert recorded.requests() == []


def test_known_labels_header_still_redacts(veil, recorded):
    code, body = post(veil.url + "/v1/chat/completions", CHAT, {"X-Veil-Labels": "email"})
    assert code == 200 and EMAIL in body
    assert EMAIL not in json.dumps(recorded.requests()) and "[EMAIL_1]" in json.dumps(recorded.requests())


def test_dry_run_refuses_unknown_labels(veil):
    code, body = post(veil.url + "/v1/veil/anonymize", json.dumps({"text": f"mail {EMAIL}", "labels": ["EMIAL"]}))
    assert code == 400 and json.loads(body)["error"]["code"] == "invalid_labels"


def test_unknown_labels_in_flag_env_and_file_are_configuration_errors(tmp_path):
    for args, env in [(["--labels", "EMIAL"], {}), ([], {"VEIL_LABELS": "EMIAL"}), ([], {"VEIL_LABELS": "EMAIL,EMAILS"})]:
        r = run("serve", "--port", "0", "--upstream", "http://127.0.0.1:9", *args, env=env)
        assert r.returncode == 78, r.stderr
        assert "EMIAL" in r.stderr or "EMAILS" in r.stderr
        assert "valid labels: " in r.stderr
    r = run("config", "check", env={"VEIL_UPSTREAM": "http://127.0.0.1:9", "VEIL_LABELS": "EMIAL"})
    assert r.returncode == 78 and "EMIAL" in r.stderr
    cfg = tmp_path / "veil.json"
    cfg.write_text(json.dumps({"upstream": "http://127.0.0.1:9", "labels": ["EMAIL", "FOO"]}))
    r = run("config", "check", str(cfg))
    assert r.returncode == 78 and "FOO" in r.stderr
    cfg.write_text(json.dumps({"upstream": "http://127.0.0.1:9", "labels": ["email", "PHONE"]}))
    assert run("config", "check", str(cfg)).returncode == 0
    r = run("anonymize", "--labels", "EMIAL", "-")
    assert r.returncode == 78 and "EMIAL" in r.stderr


def test_jsonl_line_with_unknown_labels_is_an_error_line():
    lines = [json.dumps({"id": 1, "text": f"mail {EMAIL}", "labels": ["EMIAL"]}),
             json.dumps({"id": 2, "text": f"mail {EMAIL}", "labels": []})]
    r = subprocess.run([str(VEIL), "anonymize", "--jsonl", "--patterns-only"], input="\n".join(lines) + "\n",
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert [o["id"] for o in out] == [1, 2]
    assert all("error" in o and "valid labels: " in o["error"] for o in out)
    assert EMAIL not in r.stdout


# -- item 9: SSE comment lines ----------------------------------------------------------------

@pytest.fixture()
def client(veil):
    return openai.OpenAI(base_url=veil.url + "/v1", api_key="sk-test", max_retries=0)


def test_chat_stream_with_comment_lines_reaches_the_sdk_intact(client, recorded):
    text = f"MOCK_COMMENTS write to {EMAIL}"
    stream = client.chat.completions.create(model="m", stream=True, messages=[{"role": "user", "content": text}])
    got = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    assert got == text
    assert EMAIL not in json.dumps(recorded.requests())


def test_responses_stream_with_comment_lines_reaches_the_sdk_intact(client, recorded):
    text = f"MOCK_COMMENTS write to {EMAIL}"
    deltas, done = "", None
    for event in client.responses.create(model="m", input=text, stream=True):
        if event.type == "response.output_text.delta":
            deltas += event.delta
        elif event.type == "response.completed":
            done = event.response.output_text
    assert deltas == text and done == text


def test_comment_lines_are_relayed_without_an_invented_data_line(veil, recorded):
    body = json.dumps({"model": "m", "stream": True, "messages": [{"role": "user", "content": "MOCK_COMMENTS hi"}]})
    req = urllib.request.Request(veil.url + "/v1/chat/completions", data=body.encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=20) as r:
        raw = r.read().decode()
    assert ": keep-alive\n\n" in raw and "x-unknown-field: 1\n\n" in raw
    assert "data: \n" not in raw
    events = [e for e in raw.split("\n\n") if e.strip()]
    for event in events:
        data = [line[6:] for line in event.split("\n") if line.startswith("data: ")]
        assert all(d == "[DONE]" or json.loads(d) for d in data)


# -- item 10: a client that half-closes --------------------------------------------------------

def half_closed_exchange(port, request: bytes):
    with socket.create_connection(("127.0.0.1", port), timeout=20) as s:
        s.sendall(request)
        s.shutdown(socket.SHUT_WR)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    return data.decode("utf-8", "replace")


def test_half_closed_client_gets_its_answer(veil, recorded):
    answer = half_closed_exchange(veil.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    assert "HTTP/1.1 200 OK\r\n" in answer and answer.endswith('{"status":"ok"}')
    body = CHAT.encode()
    answer = half_closed_exchange(veil.port, b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                  + b"Content-Length: %d\r\n\r\n" % len(body) + body)
    final = answer.replace("HTTP/1.1 100 Continue\r\n\r\n", "")
    assert final.startswith("HTTP/1.1 200 OK\r\n") and EMAIL in final


# -- item 13: /metrics behind the client keys --------------------------------------------------

def get(url, headers=None):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=20) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def test_metrics_need_a_client_key_when_keys_are_set(mock):
    keys = {"VEIL_API_KEYS": "veil-metrics-key", "VEIL_UPSTREAM_API_KEY": "sk-upstream"}
    v = Veil(mock.url, env=keys)
    try:
        assert get(v.url + "/metrics")[0] == 401
        assert get(v.url + "/metrics", {"Authorization": "Bearer wrong"})[0] == 401
        code, text = get(v.url + "/metrics", {"Authorization": "Bearer veil-metrics-key"})
        assert code == 200 and "veil_requests_total" in text
        assert get(v.url + "/healthz")[0] == 200  # health checks stay open
    finally:
        v.stop()
    for opened in [Veil(mock.url, "--metrics-auth", "false", env=keys), Veil(mock.url, env={**keys, "VEIL_METRICS_AUTH": "0"})]:
        try:
            assert get(opened.url + "/metrics")[0] == 200
        finally:
            opened.stop()
