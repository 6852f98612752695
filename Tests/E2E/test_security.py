"""Security properties (issue #7): restored values and forwarded headers cannot inject HTTP
header lines, and the placeholder map never reaches the disk."""
import json
import os
import socket
import stat

import pytest

from conftest import Veil

# A custom detector whose value holds CR LF and a header line: if any restore path wrote a value
# into a response head unescaped, the client would see an `X-Evil` header.
EVIL = "EVIL\r\nX-Evil: 1"
PROMPT = f"tag {EVIL} end"


def raw_exchange(port, request: bytes, timeout=20):
    """Sends raw bytes and reads until the server closes; returns (head lines, body bytes)."""
    data = b""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        # A server refusing an oversized request may answer and close before reading all of it;
        # the kernel then resets the connection, possibly after the answer has arrived.
        try:
            s.sendall(request)
        except (ConnectionResetError, BrokenPipeError):
            pass
        try:
            while chunk := s.recv(65536):
                data += chunk
        except ConnectionResetError:
            if not data:
                raise
    head, _, body = data.partition(b"\r\n\r\n")
    return head.split(b"\r\n"), body


def post(port, payload, extra=b""):
    body = json.dumps(payload).encode()
    return raw_exchange(port, b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                              b"Content-Type: application/json\r\n" + extra +
                        b"Content-Length: %d\r\n\r\n%s" % (len(body), body))


def dechunk(body):
    out = b""
    while body:
        size, _, rest = body.partition(b"\r\n")
        n = int(size, 16)
        if n == 0:
            break
        out += rest[:n]
        body = rest[n + 2:]
    return out


def no_evil_header(head):
    names = [line.split(b":", 1)[0].strip().lower() for line in head[1:]]
    assert b"x-evil" not in names, head


@pytest.fixture(scope="module")
def evil_veil(mock, tmp_path_factory):
    config = tmp_path_factory.mktemp("cfg") / "veil.json"
    config.write_text(json.dumps({"custom_detectors": [{"label": "EVIL", "pattern": r"EVIL\r\nX-Evil: 1"}]}))
    v = Veil(mock.url, "--config", str(config))
    yield v
    v.stop()


def chat(model, stream=False, text=PROMPT):
    return {"model": model, "stream": stream, "messages": [{"role": "user", "content": text}]}


def test_restored_crlf_value_stays_inside_the_json_body(evil_veil, recorded):
    head, body = post(evil_veil.port, chat("mock-model"))
    assert head[0].startswith(b"HTTP/1.1 200")
    no_evil_header(head)
    assert json.loads(body)["choices"][0]["message"]["content"] == PROMPT  # restored exactly, escaped as JSON
    assert b"\r\nX-Evil" not in body
    assert "X-Evil" not in recorded.requests()[-1]["body"]  # the upstream saw [EVIL_1]


def test_restored_crlf_value_stays_inside_its_sse_event(evil_veil, recorded):
    head, body = post(evil_veil.port, chat("mock-model", stream=True))
    no_evil_header(head)
    events = [line for line in dechunk(body).split(b"\n") if line]
    # Every line of the stream is still a `data:` field: no value broke out of its event.
    assert all(line.startswith(b"data: ") for line in events), events
    text = "".join(json.loads(e[6:])["choices"][0]["delta"].get("content") or ""
                   for e in events if e != b"data: [DONE]" and json.loads(e[6:])["choices"])
    assert text == PROMPT


def test_restored_value_in_an_upstream_error_stays_in_the_body(evil_veil, recorded):
    head, body = post(evil_veil.port, chat("mock-model", text=f"MOCK_ERROR {EVIL}"))
    assert head[0].startswith(b"HTTP/1.1 400")
    no_evil_header(head)
    assert json.loads(body)["error"]["message"].endswith(EVIL)


def test_upstream_headers_are_relayed_never_restored(evil_veil, recorded):
    # The mock echoes the (redacted) prompt in x-request-id: Veil relays it as it came, so a
    # restored value can never reach a response head.
    head, body = post(evil_veil.port, chat("fault-echo-header"))
    no_evil_header(head)
    request_ids = [line for line in head if line.lower().startswith(b"x-request-id:")]
    assert request_ids == [b"x-request-id: tag [EVIL_1] end"]


@pytest.mark.parametrize("smuggled", [
    b"User-Agent: a\rX-Evil: 1\r\n",          # bare CR inside a value
    b"User-Agent: a\nX-Evil: 1\r\n",          # bare LF
    b"User-Agent: a\r\n X-Evil: 1\r\n",       # obs-fold continuation (RFC 9112 section 5.2)
    b"User-Agent: a\x00X-Evil: 1\r\n",        # NUL
])
def test_forwarded_headers_cannot_smuggle_a_header_line(veil, recorded, smuggled):
    head, _ = post(veil.port, chat("mock-model", text="hi"), extra=smuggled)
    status = int(head[0].split()[1])
    for r in recorded.requests():
        assert "x-evil" not in r["headers"]
        assert not any("\r" in v or "\n" in v or "X-Evil" in v for v in r["headers"].values())
    if status == 200:  # a lenient parse must still not have forwarded the smuggled line
        assert recorded.requests()
    else:
        assert status == 400 and recorded.requests() == []


def test_unlisted_request_headers_are_not_forwarded(veil, recorded):
    head, _ = post(veil.port, chat("mock-model", text="hi"), extra=b"X-Evil: 1\r\nCookie: session=abc\r\n")
    assert head[0].startswith(b"HTTP/1.1 200")
    sent = recorded.requests()[-1]["headers"]
    assert "x-evil" not in sent and "cookie" not in sent


def files_under(path):
    return sorted(os.path.relpath(os.path.join(d, f), path) for d, _, fs in os.walk(path) for f in fs)


def test_the_map_never_reaches_the_disk(mock, tmp_path):
    """A run with values in every shape writes no file: not in its working directory, not in
    TMPDIR, and the only regular file it holds open is the log it was given."""
    work, tmp = tmp_path / "cwd", tmp_path / "tmp"
    work.mkdir()
    tmp.mkdir()
    v = Veil(mock.url, env={"TMPDIR": str(tmp), "HOME": str(work)}, cwd=work)
    try:
        for stream in (False, True):
            head, _ = post(v.port, chat("mock-model", stream, "mail alice@example.com or call +1 415 555 0100"))
            assert head[0].startswith(b"HTTP/1.1 200")
        fd_dir = f"/proc/{v.proc.pid}/fd"
        regular = {os.readlink(os.path.join(fd_dir, fd)) for fd in os.listdir(fd_dir)
                   if stat.S_ISREG(os.stat(os.path.join(fd_dir, fd)).st_mode)}
        assert regular <= {v.log.name}, regular
    finally:
        v.stop()
    assert files_under(work) == [] and files_under(tmp) == []
    assert "alice@example.com" not in v.logs()
