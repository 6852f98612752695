"""Security round 2 (issue #15), items 8 and 12, against a real `veil serve`: authentication on
the head (a client without a key cannot make Veil read its body), the overall body deadline and
the body memory budget; paths never logged, and path parameters that could leave their segment
refused before anything reaches the upstream."""
import json
import socket
import time

import pytest

from conftest import Veil

KEYS = {"VEIL_API_KEYS": "edge-client-key", "VEIL_UPSTREAM_API_KEY": "sk-upstream-secret"}
PATH_VALUE = "pathpii.leak@example.com"


def read_response(sock, timeout):
    """Status, head text and body of one response (raw socket: no client-side path rewriting)."""
    sock.settimeout(timeout)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise AssertionError(f"closed before a response: {data!r}")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    text = head.decode()
    if "transfer-encoding: chunked" in text.lower():
        while not rest.endswith(b"0\r\n\r\n"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            rest += chunk
        body = b""
        while True:
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line.split(b";")[0], 16)
            if size == 0:
                return int(text.split()[1]), text, body.decode()
            body, rest = body + rest[:size], rest[size + 2:]
    length = next((int(line.split(":", 1)[1]) for line in text.split("\r\n")[1:]
                   if line.lower().startswith("content-length:")), 0)
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    return int(text.split()[1]), text, rest[:length].decode()


def closed_by_server(sock, timeout=3):
    sock.settimeout(timeout)
    try:
        while sock.recv(65536):
            pass
        return True
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False


def connect(veil):
    return socket.create_connection(("127.0.0.1", veil.port), timeout=5)


@pytest.fixture(scope="module")
def guarded(mock):
    v = Veil(mock.url, "--body-timeout", "2", env={**KEYS, "VEIL_MAX_BODY": "200000", "VEIL_BODY_MEMORY_LIMIT": "300000"})
    yield v
    v.stop()


# -- item 8: authentication on the head, body deadline, body budget ------------------------------

@pytest.mark.parametrize("path", ["/v1/chat/completions", "/v1/messages", "/v1/veil/anonymize", "/v1/nowhere"])
def test_request_without_key_is_401_right_after_the_head(guarded, recorded, path):
    """The body is declared and never sent: before, Veil waited for it (408 after 10 s)."""
    with connect(guarded) as s:
        started = time.monotonic()
        s.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong\r\n"
                  f"Content-Type: application/json\r\nContent-Length: 150000\r\n\r\n".encode())
        status, head, body = read_response(s, timeout=3)
        assert status == 401 and time.monotonic() - started < 2
        assert "connection: close" in head.lower()
        assert "authentication_error" in body if path == "/v1/messages" else "invalid_api_key" in body
        assert closed_by_server(s)
    assert recorded.requests() == []


def test_client_without_key_cannot_push_its_body(guarded):
    """It keeps sending a body far past what Veil drains before closing."""
    with connect(guarded) as s:
        s.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 190000\r\n\r\n")
        assert read_response(s, timeout=3)[0] == 401
        sent = 0
        try:
            for _ in range(4096):
                sent += s.send(b"a" * 65536)
        except OSError:
            pass
        assert sent < 64 << 20


def test_slow_body_is_cut_at_body_timeout(guarded, recorded):
    """One byte every 200 ms never pauses long enough for the per-read timeout: before, such a
    body held its connection as long as it liked."""
    with connect(guarded) as s:
        s.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer edge-client-key\r\n"
                  b"Content-Length: 1000\r\n\r\n")
        started = time.monotonic()
        s.setblocking(False)
        answer = b""
        while time.monotonic() - started < 8 and b"\r\n\r\n" not in answer:
            try:
                s.send(b"a")
            except OSError:
                pass
            time.sleep(0.2)
            try:
                answer += s.recv(65536)
            except BlockingIOError:
                pass
        elapsed = time.monotonic() - started
        assert answer.startswith(b"HTTP/1.1 408 "), answer[:200]
        assert 1.5 < elapsed < 4, elapsed
    assert recorded.requests() == []


def test_bodies_past_the_memory_limit_get_503_with_retry_after(guarded):
    with connect(guarded) as holder:
        holder.sendall(b"POST /v1/veil/anonymize HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer edge-client-key\r\n"
                       b"Content-Length: 200000\r\n\r\n{")
        time.sleep(0.2)
        with connect(guarded) as second:
            second.sendall(b"POST /v1/veil/anonymize HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer edge-client-key\r\n"
                           b"Content-Length: 200000\r\n\r\n")
            status, head, body = read_response(second, timeout=3)
            assert status == 503 and "retry-after: 1" in head.lower() and "server_busy" in body


def test_body_settings_are_checked_at_start(mock):
    import subprocess
    from conftest import VEIL
    r = subprocess.run([str(VEIL), "config", "check"], capture_output=True, text=True, timeout=30,
                       env={"VEIL_UPSTREAM": mock.url, "VEIL_MAX_BODY": "1000", "VEIL_BODY_MEMORY_LIMIT": "999", "VEIL_PATTERNS_ONLY": "1",
                            "PATH": "/usr/bin:/bin"})
    assert r.returncode == 78 and "body_memory_limit" in r.stderr


# -- item 12: paths in logs, path parameters --------------------------------------------------------

def get(veil, target, headers=""):
    with connect(veil) as s:
        s.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\n{headers}Connection: close\r\n\r\n".encode())
        return read_response(s, timeout=10)


def test_path_values_never_reach_the_log(veil, recorded):
    """Before, the request line logged `http.path=/v1/models/pathpii.leak@example.com`."""
    status, _, body = get(veil, f"/v1/models/{PATH_VALUE}")
    assert status == 200 and PATH_VALUE in body  # forwarded and answered as before
    assert get(veil, f"/v1/nowhere/{PATH_VALUE}")[0] == 404
    time.sleep(0.2)
    logs = veil.logs()  # trace level: the most verbose
    assert PATH_VALUE not in logs
    assert "/v1/models/:id" in logs and "(unmatched)" in logs


@pytest.mark.parametrize("segment", ["..%2Ffiles", "%2e%2e", "%2E%2E%2Fchat%2Fcompletions", "..", ".", "%2e",
                                     "..%2f..%2fv1%2ffiles", "a%2Fb", "a%5Cb", "a%252Fb", "..;"])
def test_path_params_that_leave_their_segment_are_refused(veil, recorded, segment):
    status, _, body = get(veil, f"/v1/models/{segment}")
    assert status == 400 and json.loads(body)["error"]["code"] == "invalid_path"
    assert recorded.requests() == []


def test_path_params_are_refused_with_the_provider_key_too(guarded, recorded):
    status, _, body = get(guarded, "/v1/models/..%2Ffiles", "Authorization: Bearer edge-client-key\r\n")
    assert status == 400 and "invalid_path" in body
    assert recorded.requests() == []
    status, _, _ = get(guarded, "/v1/models/gpt-4o-mini", "Authorization: Bearer edge-client-key\r\n")
    assert status == 200
    seen = recorded.requests()
    assert [r["path"] for r in seen] == ["/v1/models/gpt-4o-mini"]
    assert seen[0]["headers"]["authorization"] == "Bearer sk-upstream-secret"
