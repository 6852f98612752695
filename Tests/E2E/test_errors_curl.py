"""Error paths exercised with the curl command line, as a security engineer would."""
import json
import subprocess

from conftest import Veil, free_port


def curl(url, *args):
    out = subprocess.run(["curl", "-s", "-o", "-", "-w", "\n%{http_code}", url, *args],
                         capture_output=True, text=True, timeout=30).stdout
    body, _, code = out.rpartition("\n")
    return int(code), body


def post(url, data):
    return curl(url, "-H", "Content-Type: application/json", "--data-binary", data)


def test_bad_json_is_400_and_nothing_forwarded(veil, recorded):
    code, body = post(veil.url + "/v1/chat/completions", '{"messages": [')
    assert code == 400
    assert json.loads(body)["error"]["type"] == "invalid_request_error"
    assert recorded.requests() == []


def test_unknown_route_is_404(veil, recorded):
    code, body = post(veil.url + "/v1/fine_tuning/jobs", "{}")
    assert code == 404
    assert "error" in json.loads(body)
    assert recorded.requests() == []


def test_unknown_content_part_fails_closed(veil, recorded):
    req = {"model": "m", "messages": [{"role": "user", "content": [{"type": "mystery", "data": "alice@example.com"}]}]}
    code, body = post(veil.url + "/v1/chat/completions", json.dumps(req))
    assert code == 400
    assert recorded.requests() == []


def test_upstream_down_is_502():
    v = Veil(f"http://127.0.0.1:{free_port()}")
    try:
        code, body = post(v.url + "/v1/chat/completions", '{"model":"m","messages":[{"role":"user","content":"hi"}]}')
        assert code == 502
        assert json.loads(body)["error"]["message"]
    finally:
        v.stop()


def test_upstream_slow_is_504(veil):
    code, body = post(veil.url + "/v1/chat/completions", '{"model":"m","messages":[{"role":"user","content":"MOCK_SLOW"}]}')
    assert code == 504
    assert json.loads(body)["error"]["code"] == "upstream_timeout"


def test_dry_run_endpoint_does_not_call_upstream(veil, recorded):
    code, body = post(veil.url + "/v1/veil/anonymize", json.dumps({"text": "mail bob@example.org now"}))
    assert code == 200
    out = json.loads(body)
    assert out["text"] == "mail [EMAIL_1] now"
    assert out["entities"][0]["label"] == "EMAIL"
    assert recorded.requests() == []


def test_redaction_count_header(veil):
    out = subprocess.run(["curl", "-s", "-D", "-", "-o", "/dev/null", veil.url + "/v1/chat/completions",
                          "-H", "Content-Type: application/json", "--data-binary",
                          '{"model":"m","messages":[{"role":"user","content":"a@b.co and c@d.co"}]}'],
                         capture_output=True, text=True).stdout.lower()
    assert "x-veil-redactions: 2" in out


def test_configured_passthrough_path_is_relayed_unmodified(mock):
    v = Veil(mock.url, "--passthrough", "/v1/files")
    try:
        code, body = curl(v.url + "/v1/files")
        # The mock's own answer (not Veil's unknown_route): the request went through as it was.
        assert code == 404 and json.loads(body)["error"]["message"] == "no route"
        assert mock.requests()[-1]["path"] == "/v1/files"
        assert "pass-through" in v.logs()
    finally:
        v.stop()


def test_roles_option_leaves_other_roles_untouched(mock):
    v = Veil(mock.url, "--anonymize-roles", "user")
    try:
        req = {"model": "m", "messages": [{"role": "system", "content": "ops@veil.example"},
                                          {"role": "user", "content": "me@veil.example"}]}
        code, _ = post(v.url + "/v1/chat/completions", json.dumps(req))
        assert code == 200
        sent = json.loads(mock.requests()[-1]["body"])["messages"]
        assert sent[0]["content"] == "ops@veil.example"  # system: not anonymized, as configured
        assert sent[1]["content"] == "[EMAIL_1]"
    finally:
        v.stop()


def test_sigterm_stops_gracefully_with_exit_code_zero(mock):
    v = Veil(mock.url)
    assert v.stop() == 0


def test_json_log_format_is_one_object_per_line(mock):
    v = Veil(mock.url, "--log-format", "json")
    try:
        post(v.url + "/v1/chat/completions", '{"model":"m","messages":[{"role":"user","content":"mail a@b.co"}]}')
    finally:
        v.stop()
    lines = [json.loads(line) for line in v.logs().splitlines() if line.strip()]
    assert any(l.get("msg") == "veil starting" for l in lines)
    request_lines = [l for l in lines if l.get("http.path") == "/v1/chat/completions"]
    assert request_lines and request_lines[0]["http.status"] == "200" and request_lines[0]["request.id"]
    assert "a@b.co" not in v.logs()


def test_config_file_custom_detector_and_env_override(mock, tmp_path):
    cfg = tmp_path / "veil.json"
    cfg.write_text(json.dumps({"upstream": "http://127.0.0.1:9", "labels": ["EMAIL", "EMPLOYEE_ID"],
                               "custom_detectors": [{"label": "EMPLOYEE_ID", "pattern": "EMP-\\d{6}"}]}))
    # The --upstream flag (conftest) overrides the file's unreachable upstream: flags win.
    v = Veil(mock.url, "--config", str(cfg))
    try:
        code, body = post(v.url + "/v1/veil/anonymize", json.dumps({"text": "EMP-123456 wrote to a@b.co"}))
        assert code == 200
        assert json.loads(body)["text"] == "[EMPLOYEE_ID_1] wrote to [EMAIL_1]"
    finally:
        v.stop()


def test_absolute_form_target_cannot_pick_the_upstream(veil, recorded):
    # RFC 9112 §3.2.2 absolute-form: the authority in the target is ignored; only the configured
    # upstream is ever contacted (no SSRF through the request).
    code, body = curl(veil.url + "/", "--request-target", "http://evil.example/v1/models")
    assert code == 200
    assert [r["path"] for r in recorded.requests()] == ["/v1/models"]
