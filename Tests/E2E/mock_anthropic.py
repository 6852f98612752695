#!/usr/bin/env python3
"""A mock Anthropic Messages API upstream for Veil's end-to-end tests (standard library only).

It records exactly what it received (GET /_requests, POST /_reset) and ECHOES what it was sent,
so placeholders Veil issued travel back through Veil's re-identification:

- the answer's text is the system prompt (if any) and the last user turn's text (text blocks and
  tool_result contents), joined by " | ";
- with `tools` and a last user turn that is not a tool result, the answer is a short text block
  and a `tool_use` block whose input carries that text (plain and inside a quoted string);
- with `thinking` enabled, a signed thinking block comes first. Its signature is a hash of the
  thinking text, and a request that sends back a thinking block whose signature does not match
  its text gets Anthropic's 400, as the real API does.

Streams cut text and tool input into 3-character deltas, so placeholders are split across events.
POST /v1/messages/count_tokens answers {"input_tokens": <body length>}. The magic word MOCK_ERROR
answers 400 with an error whose message echoes the text.

Usage: mock_anthropic.py [--port N]   (prints "PORT <n>" on stdout once listening)
"""
import argparse
import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RECORDED = []
LOCK = threading.Lock()


def signature(thinking):
    return hashlib.sha256(thinking.encode()).hexdigest()


def block_texts(content):
    """The text a list of blocks (or a string) carries, tool results included."""
    if isinstance(content, str):
        return [content]
    out = []
    for b in content or []:
        if b.get("type") == "text":
            out.append(b.get("text", ""))
        elif b.get("type") == "tool_result":
            out += block_texts(b.get("content"))
    return out


def system_text(system):
    if isinstance(system, list):
        return " ".join(b.get("text", "") for b in system)
    return system or ""


def pieces(text, size=3):
    return [text[i:i + size] for i in range(0, len(text), size)] or [""]


def bad_signature(messages):
    for m in messages or []:
        for b in m.get("content") if isinstance(m.get("content"), list) else []:
            if b.get("type") == "thinking" and b.get("signature") != signature(b.get("thinking", "")):
                return True
    return False


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output quiet
        pass

    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _json(self, status, obj):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("request-id", "req_mock")
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status, kind, message):
        return self._json(status, {"type": "error", "error": {"type": kind, "message": message}})

    def _event(self, obj):
        data = f"event: {obj['type']}\ndata: {json.dumps(obj)}\n\n".encode()
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()
        time.sleep(0.002)

    def do_GET(self):
        if self.path == "/_requests":
            with LOCK:
                return self._json(200, RECORDED)
        return self._error(404, "not_found_error", "no route")

    def do_POST(self):
        body = self._body()
        if self.path == "/_reset":
            with LOCK:
                RECORDED.clear()
            return self._json(200, {"ok": True})
        with LOCK:
            RECORDED.append({"method": "POST", "path": self.path, "body": body.decode("utf-8", "replace"),
                             "headers": {k.lower(): v for k, v in self.headers.items()}})
        try:
            req = json.loads(body or b"{}")
        except ValueError:
            return self._error(400, "invalid_request_error", "bad json")
        path = self.path.split("?")[0]
        if path == "/v1/messages/count_tokens":
            return self._json(200, {"input_tokens": len(body)})
        if path != "/v1/messages":
            return self._error(404, "not_found_error", "no route")
        return self.messages(req)

    def messages(self, req):
        msgs = req.get("messages") or []
        last = next((m for m in reversed(msgs) if m.get("role") == "user"), {})
        text = " ".join(t for t in block_texts(last.get("content")) if t)
        if req.get("system"):
            text = system_text(req.get("system")) + " | " + text
        if "MOCK_ERROR" in text:
            return self._error(400, "invalid_request_error", f"cannot process: {text}")
        if bad_signature(msgs):
            return self._error(400, "invalid_request_error", "Invalid `signature` in `thinking` block")
        answered_tool = isinstance(last.get("content"), list) and any(b.get("type") == "tool_result" for b in last["content"])
        blocks = []
        if (req.get("thinking") or {}).get("type") == "enabled":
            thought = "The user wrote: " + text
            blocks.append({"type": "thinking", "thinking": thought, "signature": signature(thought)})
        if req.get("tools") and not answered_tool:
            blocks.append({"type": "text", "text": "Sending."})
            blocks.append({"type": "tool_use", "id": "toolu_1", "name": "send",
                           "input": {"recipient": text, "note": 'quoted "' + text + '"'}})
            stop = "tool_use"
        else:
            blocks.append({"type": "text", "text": text})
            stop = "end_turn"
        message = {"id": "msg_mock", "type": "message", "role": "assistant", "model": req.get("model"),
                   "content": blocks, "stop_reason": stop, "stop_sequence": None,
                   "usage": {"input_tokens": 5, "output_tokens": 5}}
        if not req.get("stream"):
            return self._json(200, message)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("request-id", "req_mock")
        self.end_headers()
        self._event({"type": "message_start", "message": {**message, "content": [], "stop_reason": None,
                                                          "usage": {"input_tokens": 5, "output_tokens": 1}}})
        for i, b in enumerate(blocks):
            if b["type"] == "thinking":
                self._event({"type": "content_block_start", "index": i, "content_block": {"type": "thinking", "thinking": "", "signature": ""}})
                for p in pieces(b["thinking"]):
                    self._event({"type": "content_block_delta", "index": i, "delta": {"type": "thinking_delta", "thinking": p}})
                self._event({"type": "content_block_delta", "index": i, "delta": {"type": "signature_delta", "signature": b["signature"]}})
            elif b["type"] == "text":
                self._event({"type": "content_block_start", "index": i, "content_block": {"type": "text", "text": ""}})
                self._event({"type": "ping"})
                for p in pieces(b["text"]):
                    self._event({"type": "content_block_delta", "index": i, "delta": {"type": "text_delta", "text": p}})
            else:
                self._event({"type": "content_block_start", "index": i, "content_block": {**b, "input": {}}})
                for p in pieces(json.dumps(b["input"])):
                    self._event({"type": "content_block_delta", "index": i, "delta": {"type": "input_json_delta", "partial_json": p}})
            self._event({"type": "content_block_stop", "index": i})
        self._event({"type": "message_delta", "delta": {"stop_reason": stop, "stop_sequence": None}, "usage": {"output_tokens": 5}})
        self._event({"type": "message_stop"})
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
