"""Fail closed (issue #7, the table in docs/RELIABILITY.md): every request Veil cannot fully
anonymize gets an OpenAI-style error, and the upstream sees nothing at all — not a byte of the
value that was in it."""
import json

import pytest

from conftest import Veil
from test_security import raw_exchange

SECRET = "alice@example.com"


def chat_body(**fields):
    return json.dumps({"model": "m", **fields}).encode()


CASES = [
    # (name, body, extra header bytes, status, error code)
    ("JSON it cannot walk: content is a number",
     chat_body(messages=[{"role": "user", "content": 42}, {"role": "user", "content": SECRET}]), b"", 400, "unsupported_content"),
    ("JSON it cannot walk: messages is an object",
     chat_body(messages={"role": "user", "content": SECRET}), b"", 400, "unsupported_content"),
    ("JSON it cannot walk: tool arguments are an object",
     chat_body(messages=[{"role": "assistant", "tool_calls": [{"id": "1", "type": "function",
                                                               "function": {"name": "f", "arguments": {"to": SECRET}}}]}]),
     b"", 400, "unsupported_content"),
    ("content part of unknown type",
     chat_body(messages=[{"role": "user", "content": [{"type": "text", "text": SECRET}, {"type": "hologram", "data": SECRET}]}]),
     b"", 400, "unsupported_content"),
    ("nesting deeper than the parser's bound (128)",
     b'{"model":"m","messages":[{"role":"user","content":"' + SECRET.encode() + b'"}],"x":' + b"[" * 200 + b"]" * 200 + b"}",
     b"", 400, "invalid_json"),
    ("invalid UTF-16 escape", b'{"messages":[{"role":"user","content":"' + SECRET.encode() + b' \\ud800"}]}',
     b"", 400, "invalid_json"),
    ("body over max_body", chat_body(messages=[{"role": "user", "content": (SECRET + " ") * 1000}]),
     b"", 413, "body_too_large"),
    ("gzip body inflating past max_body", None, b"Content-Encoding: gzip\r\n", 413, "body_too_large"),
    ("header field over the head limit", chat_body(messages=[{"role": "user", "content": SECRET}]),
     b"X-Note: " + SECRET.encode() * 3000 + b"\r\n", 431, "header_too_large"),
]


def gzip_bomb():
    import gzip
    return gzip.compress(chat_body(messages=[{"role": "user", "content": SECRET + " " * 200_000}]))


@pytest.fixture(scope="module")
def small_veil(mock):
    v = Veil(mock.url, "--max-body", "16384")
    yield v
    v.stop()


@pytest.mark.parametrize("name,body,extra,status,code", CASES, ids=[c[0] for c in CASES])
def test_refused_requests_reach_nothing_upstream(small_veil, recorded, name, body, extra, status, code):
    body = gzip_bomb() if body is None else body
    head, answer = raw_exchange(small_veil.port, b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                                 b"Content-Type: application/json\r\n" + extra +
                                b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    assert int(head[0].split()[1]) == status, (head[0], answer[:200])
    assert b"content-type: application/json" in [line.lower() for line in head]
    error = json.loads(answer)["error"]
    assert error["code"] == code and error["message"] and error["type"] == "invalid_request_error"
    assert SECRET not in error["message"]
    assert recorded.requests() == []  # not a single request, so nothing unredacted either
