#!/usr/bin/env python3
"""Mock upstream for Veil's tests: a plain HTTP/1.1 keep-alive server (Python standard library only).

Usage: python3 mock_upstream.py [--port 0] [--host 127.0.0.1] [--verbose] [--exit-on-stdin-eof]
                                 [--tls-cert CERT.pem --tls-key KEY.pem]   (HTTPS, HTTP/1.1 via ALPN)
Prints the bound port on the first line of stdout, then serves until killed (or, with --exit-on-stdin-eof,
until its stdin closes, so it never outlives the test process that started it). Every response carries Content-Length or uses
chunked encoding, so connections stay reusable unless a route says otherwise.

Routes (method, path -> handler); add a route by writing a handler and one line in ROUTES:
  POST /echo                   JSON {method, path, query, headers: [[name, value]...], body (latin-1 text), body_len}
  GET  /sse?n=5&delay=0.05     text/event-stream, n events `data: {"i": k}`, one every `delay` s (chunked)
  GET  /slow-first-byte?s=N    sleeps N s before sending anything, then 200 "ok"
  GET  /stall-mid-stream?s=N   sends head + one chunk "first\\n", stalls N s (default 30), then "second\\n"
  GET  /gzip                   gzip-coded JSON {"compressed": true, "text": ...} with Content-Encoding: gzip
  *    /status/<code>          that status with a small JSON body
  GET  /early-hints            a raw `103 Early Hints` head (Link field), then 200 "ok"
  GET  /redirect               302 to http://127.0.0.1:1/elsewhere (clients must not follow)
  GET  /huge-head?n=BYTES      200 whose head carries about n bytes of X-Pad-<k> fields
  GET  /big?n=BYTES            n bytes of the pattern byte[i] = i % 251, Content-Length, written in 64 KiB pieces
  POST /v1/chat/completions    OpenAI-style: replies "You said: <last user message>"; SSE if "stream": true
                               (content split into 3-character deltas so placeholders straddle events)
  POST /v1/responses           OpenAI Responses-style: output_text "You said: <input>" (the string input, or the last
                               input item's text), ids resp_1, resp_2, ...; SSE if "stream": true (response.created
                               first, 3-character output_text deltas, output_text.done, response.completed)
  POST /v1/messages            Anthropic Messages-style: a text block "You said: <last user message text>"; SSE if
                               "stream": true (message_start, 3-character text_delta events, content_block_stop, ...)
  GET  /_connections           JSON {accepted, open, closed, aborted}: TCP connections accepted / still open /
                               closed, and streams the client aborted mid-response (broken pipe / reset)
  GET  /_last                  JSON of the last request received on any other route (same shape as /echo)
"""

import argparse
import gzip
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.accepted = 0
        self.open = 0
        self.closed = 0
        self.aborted = 0
        self.last = None

    def add(self, **deltas):
        with self.lock:
            for name, delta in deltas.items():
                setattr(self, name, getattr(self, name) + delta)

    def snapshot(self):
        with self.lock:
            return {"accepted": self.accepted, "open": self.open, "closed": self.closed, "aborted": self.aborted}


STATS = Stats()


def describe(handler, body):
    url = urlsplit(handler.path)
    return {
        "method": handler.command,
        "path": url.path,
        "query": url.query,
        "headers": [[name, value] for name, value in handler.headers.items()],
        "body": body.decode("latin-1"),
        "body_len": len(body),
    }


# --- handlers: (handler, query dict, body bytes) -> None ---------------------------------------------

def echo(h, query, body):
    h.send_json(200, describe(h, body))


def sse(h, query, body):
    n = int(query.get("n", ["5"])[0])
    delay = float(query.get("delay", ["0.05"])[0])
    h.start_chunked(200, "text/event-stream", [("Cache-Control", "no-cache")])
    for i in range(n):
        h.write_chunk(f'data: {{"i": {i}}}\n\n'.encode())
        time.sleep(delay)
    h.write_chunk(b"data: [DONE]\n\n")
    h.end_chunked()


def slow_first_byte(h, query, body):
    time.sleep(float(query.get("s", ["1"])[0]))
    h.send_bytes(200, b"ok", "text/plain")


def stall_mid_stream(h, query, body):
    h.start_chunked(200, "text/plain")
    h.write_chunk(b"first\n")
    time.sleep(float(query.get("s", ["30"])[0]))
    h.write_chunk(b"second\n")
    h.end_chunked()


def gzip_body(h, query, body):
    payload = json.dumps({"compressed": True, "text": "veil " * 200}).encode()
    h.send_bytes(200, gzip.compress(payload), "application/json", [("Content-Encoding", "gzip")])


def status(h, query, body):
    code = int(urlsplit(h.path).path.rsplit("/", 1)[-1])
    h.send_json(code, {"error": {"message": f"status {code}", "type": "mock"}})


def early_hints(h, query, body):
    h.wfile.write(b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n")
    h.send_bytes(200, b"ok", "text/plain")


def redirect(h, query, body):
    h.send_bytes(302, b"", "text/plain", [("Location", "http://127.0.0.1:1/elsewhere")])


def huge_head(h, query, body):
    n = int(query.get("n", ["200000"])[0])
    h.send_response(200)
    for k in range(max(1, n // 1000)):
        h.send_header(f"X-Pad-{k}", "p" * 990)
    h.send_header("Content-Length", "0")
    h.end_headers()


def big(h, query, body):
    n = int(query.get("n", ["1048576"])[0])
    pattern = bytes(i % 251 for i in range(251 * 261))  # 65,511 bytes, a whole number of periods
    h.send_response(200)
    h.send_header("Content-Type", "application/octet-stream")
    h.send_header("Content-Length", str(n))
    h.end_headers()
    sent = 0
    while sent < n:
        piece = pattern[: min(len(pattern), n - sent)]
        h.wfile.write(piece)
        sent += len(piece)


def chat_completions(h, query, body):
    request = json.loads(body or b"{}")
    messages = request.get("messages", [])
    last_user = next((m.get("content", "") for m in reversed(messages) if m.get("role") == "user"), "")
    content = f"You said: {last_user}"
    model = request.get("model", "mock-model")
    if not request.get("stream"):
        h.send_json(200, {
            "id": "chatcmpl-mock", "object": "chat.completion", "created": 0, "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        })
        return
    h.start_chunked(200, "text/event-stream", [("Cache-Control", "no-cache")])

    def event(delta, finish=None):
        chunk = {"id": "chatcmpl-mock", "object": "chat.completion.chunk", "created": 0, "model": model,
                 "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
        h.write_chunk(f"data: {json.dumps(chunk)}\n\n".encode())

    event({"role": "assistant", "content": ""})
    for i in range(0, len(content), 3):
        event({"content": content[i:i + 3]})
    event({}, "stop")
    h.write_chunk(b"data: [DONE]\n\n")
    h.end_chunked()


RESPONSE_IDS = iter(range(1, 1 << 30))


def named_event(h, data):
    """One SSE event named after its data's type (Responses and Messages streams)."""
    h.write_chunk(f"event: {data['type']}\ndata: {json.dumps(data)}\n\n".encode())


def responses(h, query, body):
    request = json.loads(body or b"{}")
    given = request.get("input", "")
    if isinstance(given, list):
        item = given[-1] if given else {}
        content = item.get("content", "")
        if isinstance(content, list):
            content = "".join(part.get("text", "") for part in content if isinstance(part, dict))
        given = content
    text = f"You said: {given}"
    response_id = f"resp_{next(RESPONSE_IDS)}"
    message = {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
               "content": [{"type": "output_text", "text": text, "annotations": []}]}
    final = {"id": response_id, "object": "response", "status": "completed", "model": request.get("model", "m"),
             "output": [message]}
    if not request.get("stream"):
        h.send_json(200, final)
        return
    h.start_chunked(200, "text/event-stream", [("Cache-Control", "no-cache")])

    named_event(h, {"type": "response.created", "response": {"id": response_id, "object": "response", "status": "in_progress",
                                                     "output": []}})
    for i in range(0, len(text), 3):
        named_event(h, {"type": "response.output_text.delta", "output_index": 0, "content_index": 0, "delta": text[i:i + 3]})
    named_event(h, {"type": "response.output_text.done", "output_index": 0, "content_index": 0, "text": text})
    named_event(h, {"type": "response.completed", "response": final})
    h.end_chunked()


def messages(h, query, body):
    request = json.loads(body or b"{}")
    last = next((m for m in reversed(request.get("messages", [])) if m.get("role") == "user"), {})
    content = last.get("content", "")
    if isinstance(content, list):
        content = "".join(block.get("text", "") for block in content if block.get("type") == "text")
    text = f"You said: {content}"
    message = {"id": "msg_mock", "type": "message", "role": "assistant", "model": request.get("model", "m"),
               "content": [{"type": "text", "text": text}], "stop_reason": "end_turn",
               "usage": {"input_tokens": 1, "output_tokens": 1}}
    if not request.get("stream"):
        h.send_json(200, message)
        return
    h.start_chunked(200, "text/event-stream", [("Cache-Control", "no-cache")])

    named_event(h, {"type": "message_start", "message": dict(message, content=[], stop_reason=None)})
    named_event(h, {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}})
    for i in range(0, len(text), 3):
        named_event(h, {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": text[i:i + 3]}})
    named_event(h, {"type": "content_block_stop", "index": 0})
    named_event(h, {"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 1}})
    named_event(h, {"type": "message_stop"})
    h.end_chunked()


def connections(h, query, body):
    h.send_json(200, STATS.snapshot())


def last(h, query, body):
    h.send_json(200, STATS.last or {})


ROUTES = {
    ("POST", "/echo"): echo,
    ("GET", "/sse"): sse,
    ("GET", "/slow-first-byte"): slow_first_byte,
    ("GET", "/stall-mid-stream"): stall_mid_stream,
    ("GET", "/gzip"): gzip_body,
    ("GET", "/early-hints"): early_hints,
    ("GET", "/redirect"): redirect,
    ("GET", "/huge-head"): huge_head,
    ("GET", "/big"): big,
    ("POST", "/v1/chat/completions"): chat_completions,
    ("POST", "/v1/responses"): responses,
    ("POST", "/v1/messages"): messages,
    ("GET", "/_connections"): connections,
    ("GET", "/_last"): last,
}
PREFIX_ROUTES = [("/status/", status)]  # any method


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive by default
    server_version = "VeilMock/1"
    verbose = False

    def setup(self):
        super().setup()
        STATS.add(accepted=1, open=1)

    def finish(self):
        try:
            super().finish()
        finally:
            STATS.add(open=-1, closed=1)

    def log_message(self, format, *args):
        if self.verbose:
            sys.stderr.write("mock: " + format % args + "\n")

    def dispatch(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        route = ROUTES.get((self.command, url.path))
        if route is None:
            route = next((h for prefix, h in PREFIX_ROUTES if url.path.startswith(prefix)), None)
        if route is None:
            self.send_json(404, {"error": {"message": "no such route", "type": "mock"}})
            return
        if not url.path.startswith("/_"):
            STATS.last = describe(self, body)
        try:
            route(self, parse_qs(url.query), body)
        except (BrokenPipeError, ConnectionResetError):
            STATS.add(aborted=1)
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = dispatch

    # --- response helpers -----------------------------------------------------------------------------

    def send_bytes(self, code, payload, content_type, extra=()):
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def send_json(self, code, obj):
        self.send_bytes(code, json.dumps(obj).encode(), "application/json")

    def start_chunked(self, code, content_type, extra=()):
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Transfer-Encoding", "chunked")
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.flush()

    def write_chunk(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def end_chunked(self):
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


def exit_when_stdin_closes():
    sys.stdin.read()
    os._exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--exit-on-stdin-eof", action="store_true")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    args = parser.parse_args()
    Handler.verbose = args.verbose
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.request_queue_size = 128
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    if args.tls_cert:
        import ssl
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        context.set_alpn_protocols(["http/1.1"])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    if args.exit_on_stdin_eof:
        threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    server.serve_forever(poll_interval=0.05)


if __name__ == "__main__":
    main()
