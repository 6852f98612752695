#!/usr/bin/env python3
"""A mock OpenAI-compatible upstream for Veil's end-to-end tests (standard library only).

It records exactly what it received (GET /_requests, POST /_reset) and answers with canned
JSON and SSE streams that ECHO what it was sent: the last user message comes back as the
answer, so placeholders Veil issued travel back through Veil's re-identification. Streams are
cut into 3-character deltas, so placeholders are split across SSE events, and tool-call
arguments carry the placeholders inside JSON-in-a-string. When the request offers a tool named
`send_email`, the call is `send_email` with `{"to": <the first [EMAIL_n] of the last user
message>, "body": <that message>}`, as a model would address the mail the user asked for.

Responses API conversations: every response gets a fresh id and the mock remembers the input
texts it saw under it; a request with `previous_response_id` is answered with the earlier
turns' texts first ("Earlier: … | Now: …"), so placeholders from turns a Veil replica never saw
come back through it. An unknown id gets OpenAI's 400 `previous_response_not_found`. A request
whose `model` is `mock-id:<id>` is answered with exactly that response id (a reused id, one with
CR LF in it, a 10 KB one), as a buggy or malicious upstream would.

Magic words in the last user message: MOCK_SLOW (sleep 3 s before answering), MOCK_ERROR
(answer 400 with an OpenAI error whose message echoes the text), MOCK_COMMENTS (a stream, chat or
Responses, sends a `: keep-alive` comment event and an event of one unknown field before every
event, and a comment line inside each).

Fault modes for Tests/E2E/test_faults.py, chosen by the chat request's `model` (`fault-…`, see
FAULTS below); what became of each is listed by GET /_faults ({model, tag, outcome, events}),
tag being the last user message, so a test can see whether Veil closed the upstream connection.

Usage: mock_openai.py [--port N]   (prints "PORT <n>" on stdout once listening)
"""
import argparse
import itertools
import json
import re
import select
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RECORDED = []
LOCK = threading.Lock()
CONVERSATIONS = {}  # response id -> input texts of that turn and every turn before it
RESPONSE_IDS = itertools.count(1)
FAULT_LOG = []  # what became of each fault-mode request (GET /_faults)


def last_user_text(messages):
    for m in reversed(messages or []):
        if m.get("role") == "user":
            c = m.get("content")
            if isinstance(c, str):
                return c
            if isinstance(c, list):
                return " ".join(p.get("text", "") for p in c if isinstance(p, dict))
    return ""


def pieces(text, size=3):
    return [text[i:i + size] for i in range(0, len(text), size)] or [""]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output quiet
        pass

    # -- plumbing -----------------------------------------------------------------------
    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _record(self, body):
        with LOCK:
            RECORDED.append({
                "method": self.command,
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body.decode("utf-8", "replace"),
            })

    def _json(self, status, obj):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-request-id", "req_mock")
        self.end_headers()
        self.wfile.write(data)

    def _start_stream(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def _chunk(self, data: bytes):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _event(self, obj, event=None):
        head = f"event: {event}\n".encode() if event else b""
        if getattr(self, "comments", False):
            self._chunk(b": keep-alive\n\nx-unknown-field: 1\n\n")
            head = b": inside an event\n" + head
        payload = obj if isinstance(obj, str) else json.dumps(obj)
        self._chunk(head + b"data: " + payload.encode() + b"\n\n")
        time.sleep(0.002)

    def _end_stream(self):
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    # -- routes ---------------------------------------------------------------------------
    def do_GET(self):
        if self.path == "/_requests":
            with LOCK:
                return self._json(200, RECORDED)
        if self.path == "/_faults":
            with LOCK:
                return self._json(200, FAULT_LOG)
        self._record(b"")
        if self.path == "/v1/models":
            return self._json(200, {"object": "list", "data": [{"id": "mock-model", "object": "model", "owned_by": "mock"}]})
        if self.path.startswith("/v1/models/"):
            return self._json(200, {"id": self.path.rsplit("/", 1)[1], "object": "model", "owned_by": "mock"})
        return self._json(404, {"error": {"message": "no route", "type": "invalid_request_error"}})

    def do_POST(self):
        if self.path == "/_reset":
            self._body()
            with LOCK:
                RECORDED.clear()
                FAULT_LOG.clear()
            return self._json(200, {"ok": True})
        body = self._body()
        self._record(body)
        try:
            req = json.loads(body or b"{}")
        except ValueError:
            return self._json(400, {"error": {"message": "bad json", "type": "invalid_request_error"}})
        if self.path == "/v1/chat/completions":
            return self.chat(req)
        if self.path == "/v1/completions":
            text = req.get("prompt")
            text = text if isinstance(text, str) else " ".join(text or [])
            return self._json(200, {"id": "cmpl-1", "object": "text_completion", "model": req.get("model"),
                                    "choices": [{"index": 0, "text": text, "finish_reason": "stop"}]})
        if self.path == "/v1/embeddings":
            inputs = req.get("input")
            n = len(inputs) if isinstance(inputs, list) else 1
            return self._json(200, {"object": "list", "model": req.get("model"),
                                    "data": [{"object": "embedding", "index": i, "embedding": [0.1, 0.2, 0.3]} for i in range(n)],
                                    "usage": {"prompt_tokens": 3, "total_tokens": 3}})
        if self.path == "/v1/responses":
            return self.responses_api(req)
        return self._json(404, {"error": {"message": "no route", "type": "invalid_request_error"}})

    def chat(self, req):
        text = last_user_text(req.get("messages"))
        self.comments = "MOCK_COMMENTS" in text
        model = str(req.get("model") or "")
        if model.startswith("fault-"):
            return Fault(self, model, text).run(req)
        if "MOCK_SLOW" in text:
            time.sleep(3)
        if "MOCK_ERROR" in text:
            return self._json(400, {"error": {"message": f"cannot process: {text}", "type": "invalid_request_error", "code": None}})
        n = int(req.get("n") or 1)
        tools = bool(req.get("tools"))
        tool_name = "send"
        args = json.dumps({"recipient": text, "note": "quoted \"" + text + "\""})
        if any((t.get("function") or {}).get("name") == "send_email" for t in req.get("tools") or []):
            emails = re.findall(r"\[EMAIL_\d+\]", text)
            tool_name = "send_email"
            args = json.dumps({"to": emails[0] if emails else "", "body": text})
        if not req.get("stream"):
            choices = []
            for i in range(n):
                msg = {"role": "assistant", "content": None if tools else text}
                if tools:
                    msg["tool_calls"] = [{"id": f"call_{i}", "type": "function",
                                          "function": {"name": tool_name, "arguments": args}}]
                choices.append({"index": i, "message": msg, "finish_reason": "tool_calls" if tools else "stop"})
            return self._json(200, {"id": "chatcmpl-1", "object": "chat.completion", "created": 1,
                                    "model": req.get("model"), "choices": choices,
                                    "usage": {"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10}})
        self._start_stream()
        base = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": req.get("model")}
        for i in range(n):
            self._event({**base, "choices": [{"index": i, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]})
        if tools:
            for i in range(n):
                self._event({**base, "choices": [{"index": i, "delta": {"tool_calls": [{"index": 0, "id": f"call_{i}", "type": "function", "function": {"name": tool_name, "arguments": ""}}]}, "finish_reason": None}]})
            for piece in pieces(args):
                for i in range(n):
                    self._event({**base, "choices": [{"index": i, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": piece}}]}, "finish_reason": None}]})
        else:
            for piece in pieces(text):
                for i in range(n):
                    self._event({**base, "choices": [{"index": i, "delta": {"content": piece}, "finish_reason": None}]})
        for i in range(n):
            self._event({**base, "choices": [{"index": i, "delta": {}, "finish_reason": "tool_calls" if tools else "stop"}]})
        if (req.get("stream_options") or {}).get("include_usage"):
            self._event({**base, "choices": [], "usage": {"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10}})
        self._event("[DONE]")
        self._end_stream()

    def responses_api(self, req):
        inp = req.get("input")
        if isinstance(inp, list):
            texts = []
            for item in inp:
                c = item.get("content") if isinstance(item, dict) else None
                if isinstance(c, str):
                    texts.append(c)
                elif isinstance(c, list):
                    texts += [p.get("text", "") for p in c if isinstance(p, dict)]
            text = " ".join(texts)
        else:
            text = inp or ""
        self.comments = "MOCK_COMMENTS" in text
        history = []
        previous = req.get("previous_response_id")
        if previous:
            with LOCK:
                known = previous in CONVERSATIONS
                history = CONVERSATIONS.get(previous, [])
            if not known:
                return self._json(400, {"error": {"message": f"Previous response with id '{previous}' not found.",
                                                  "type": "invalid_request_error", "param": "previous_response_id",
                                                  "code": "previous_response_not_found"}})
        with LOCK:
            response_id = f"resp_{next(RESPONSE_IDS)}"
            model = str(req.get("model") or "")
            if model.startswith("mock-id:"):
                response_id = model.removeprefix("mock-id:")
            if req.get("store") is not False:
                CONVERSATIONS[response_id] = history + [text]
        if previous:
            text = "Earlier: " + " / ".join(history) + " | Now: " + text
        msg = {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
               "content": [{"type": "output_text", "text": text, "annotations": []}]}
        resp = {"id": response_id, "object": "response", "created_at": 1, "status": "completed",
                "model": req.get("model"), "output": [msg],
                "usage": {"input_tokens": 5, "output_tokens": 5, "total_tokens": 10,
                          "input_tokens_details": {"cached_tokens": 0}, "output_tokens_details": {"reasoning_tokens": 0}}}
        if not req.get("stream"):
            return self._json(200, resp)
        self._start_stream()
        seq = 0

        def ev(kind, obj):
            nonlocal seq
            seq += 1
            self._event({"type": kind, "sequence_number": seq, **obj}, event=kind)
        partial = {**resp, "status": "in_progress", "output": []}
        ev("response.created", {"response": partial})
        ev("response.output_item.added", {"output_index": 0, "item": {**msg, "status": "in_progress", "content": []}})
        ev("response.content_part.added", {"item_id": "msg_1", "output_index": 0, "content_index": 0, "part": {"type": "output_text", "text": "", "annotations": []}})
        for piece in pieces(text):
            ev("response.output_text.delta", {"item_id": "msg_1", "output_index": 0, "content_index": 0, "delta": piece})
        ev("response.output_text.done", {"item_id": "msg_1", "output_index": 0, "content_index": 0, "text": text})
        ev("response.output_item.done", {"output_index": 0, "item": msg})
        ev("response.completed", {"response": resp})
        self._end_stream()


class Fault:
    """One fault-mode answer. Modes (the request's `model`):

    fault-reset-midstream   SSE head and 3 events, then a TCP reset (SO_LINGER 0)
    fault-reset-midbody     JSON head with Content-Length, part of the body, then a reset
    fault-stall-headers     a head (SSE when stream=true, else JSON with Content-Length), then silence
    fault-stall-nothing     reads the request, then silence
    fault-malformed-json    200 application/json whose body is not JSON
    fault-malformed-sse     200 text/event-stream with events that are not JSON, of the wrong shape,
                            not UTF-8, a line without a colon, and no final blank line
    fault-500-json          500 with an OpenAI error body echoing the prompt
    fault-500-text          503 text/html, not JSON, echoing the prompt
    fault-slow-stream       the echo stream with 0.1 s between events (20 events at least)
    fault-endless-stream    content events every 0.05 s for up to 60 s
    fault-echo-header       the plain echo answer, with the prompt also in its x-request-id header
    A silent or streaming answer ends when Veil closes the connection: outcome `peer-closed`.
    """

    def __init__(self, handler, model, tag):
        self.h, self.model, self.tag, self.events = handler, model, tag, 0

    def log(self, outcome):
        with LOCK:
            FAULT_LOG.append({"model": self.model, "tag": self.tag, "outcome": outcome, "events": self.events})

    def run(self, req):
        name = self.model.removeprefix("fault-").replace("-", "_")
        mode = getattr(self, "_" + name if name[:1].isdigit() else name, None)
        if mode is None:
            return self.h._json(400, {"error": {"message": "unknown fault mode", "type": "invalid_request_error"}})
        try:
            mode(req)
        except (BrokenPipeError, ConnectionResetError):
            self.log("peer-closed")

    # -- helpers ------------------------------------------------------------------------
    def reset(self):
        """Aborts the connection with an RST instead of a FIN (SO_LINGER with a zero timeout, socket(7))."""
        time.sleep(0.1)  # let the bytes already written reach Veil first
        conn = self.h.connection
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.h.close_connection = True
        self.h.rfile.close()
        conn.close()
        self.log("reset")

    def wait_for_peer_close(self, seconds=30):
        """Stays silent until Veil closes the connection (readable with no bytes) or `seconds` pass."""
        conn = self.h.connection
        deadline = time.time() + seconds
        while time.time() < deadline:
            ready, _, _ = select.select([conn], [], [], 0.1)
            if ready:
                try:
                    if conn.recv(1, socket.MSG_PEEK) == b"":
                        return self.log("peer-closed")
                except OSError:
                    return self.log("peer-closed")
        self.h.close_connection = True
        self.log("gave-up")

    def chunk_event(self, data):
        self.h._chunk(b"data: " + data + b"\n\n")
        self.events += 1

    def delta(self, content, finish=None):
        return json.dumps({"id": "chatcmpl-f", "object": "chat.completion.chunk", "created": 1, "model": self.model,
                           "choices": [{"index": 0, "delta": {"content": content} if content is not None else {},
                                        "finish_reason": finish}]}).encode()

    # -- modes ----------------------------------------------------------------------------
    def reset_midstream(self, req):
        self.h._start_stream()
        for piece in ["one ", "two ", "three "]:
            self.chunk_event(self.delta(piece))
        self.reset()

    def reset_midbody(self, req):
        body = json.dumps({"id": "chatcmpl-f", "object": "chat.completion", "choices": [
            {"index": 0, "message": {"role": "assistant", "content": self.tag * 20}, "finish_reason": "stop"}]}).encode()
        self.h.send_response(200)
        self.h.send_header("Content-Type", "application/json")
        self.h.send_header("Content-Length", str(len(body)))
        self.h.end_headers()
        self.h.wfile.write(body[: len(body) // 3])
        self.h.wfile.flush()
        self.reset()

    def stall_headers(self, req):
        if req.get("stream"):
            self.h._start_stream()
        else:
            self.h.send_response(200)
            self.h.send_header("Content-Type", "application/json")
            self.h.send_header("Content-Length", "100")
            self.h.end_headers()
        self.h.wfile.flush()
        self.wait_for_peer_close()

    def stall_nothing(self, req):
        self.wait_for_peer_close()

    def malformed_json(self, req):
        body = b'{"id": "chatcmpl-f", "choices": [{"message": {"content": "' + self.tag.encode() + b'"'
        self.h.send_response(200)
        self.h.send_header("Content-Type", "application/json")
        self.h.send_header("Content-Length", str(len(body)))
        self.h.end_headers()
        self.h.wfile.write(body)
        self.log("sent")

    def malformed_sse(self, req):
        self.h._start_stream()
        self.chunk_event(self.delta(self.tag))
        self.chunk_event(b"{not json at all")
        self.chunk_event(b'{"choices": "not a list", "id": 7}')
        self.chunk_event(b'{"choices": [{"index": "x", "delta": {"content": 12}}]}')
        self.chunk_event(b"\xff\xfe invalid utf-8 \xc3")
        self.h._chunk(b"a line without a colon\n\n")
        self.h._chunk(b"data: " + self.delta("tail") + b"\n")  # no blank line: the event never ends
        self.h._end_stream()
        self.log("sent")

    def error_body(self, status, content_type, body):
        self.h.send_response(status)
        self.h.send_header("Content-Type", content_type)
        self.h.send_header("Content-Length", str(len(body)))
        self.h.send_header("x-request-id", "req_fault")
        self.h.end_headers()
        self.h.wfile.write(body)
        self.log("sent")

    def _500_json(self, req):
        body = json.dumps({"error": {"message": f"upstream failed on: {self.tag}", "type": "server_error", "code": "boom"}})
        self.error_body(500, "application/json", body.encode())

    def _500_text(self, req):
        self.error_body(503, "text/html", f"<html><body>Service down while reading {self.tag}</body></html>".encode())

    def slow_stream(self, req):
        self.h._start_stream()
        parts = pieces(self.tag)
        for piece in parts + [" ."] * max(0, 20 - len(parts)):
            self.chunk_event(self.delta(piece))
            time.sleep(0.1)
        self.chunk_event(self.delta(None, finish="stop"))
        self.chunk_event(b"[DONE]")
        self.h._end_stream()
        self.log("completed")

    def echo_header(self, req):
        body = json.dumps({"id": "chatcmpl-f", "object": "chat.completion", "created": 1, "model": self.model,
                           "choices": [{"index": 0, "message": {"role": "assistant", "content": self.tag},
                                        "finish_reason": "stop"}]}).encode()
        self.h.send_response(200)
        self.h.send_header("Content-Type", "application/json")
        self.h.send_header("Content-Length", str(len(body)))
        self.h.send_header("x-request-id", self.tag.replace("\r", " ").replace("\n", " "))
        self.h.end_headers()
        self.h.wfile.write(body)
        self.log("sent")

    def endless_stream(self, req):
        self.h._start_stream()
        deadline = time.time() + 60
        while time.time() < deadline:
            self.chunk_event(self.delta("tick "))
            time.sleep(0.05)
        self.h._end_stream()
        self.log("completed")


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
