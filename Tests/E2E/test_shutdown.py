"""SIGTERM with streams in flight (issue #7): the listener closes at once, the streams already
running finish completely, and the process exits 0 within the shutdown grace (10 s)."""
import http.client
import json
import signal
import socket
import time

from conftest import Veil

SECRET = "alice@example.com"


def start_stream(port, i):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = json.dumps({"model": "fault-slow-stream", "stream": True,
                       "messages": [{"role": "user", "content": f"stream {i} for {SECRET}"}]})
    conn.request("POST", "/v1/chat/completions", body, {"Content-Type": "application/json"})
    r = conn.getresponse()
    assert r.status == 200
    first = r.readline()  # the first event has arrived: the stream is in flight
    assert first.startswith(b"data: ")
    return conn, r, first


def content(raw):
    text = ""
    for line in raw.split(b"\n"):
        if line.startswith(b"data: {"):
            for choice in json.loads(line[6:])["choices"]:
                text += choice["delta"].get("content") or ""
    return text


def refuses_connections(port, seconds=10):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except ConnectionRefusedError:
            return True
        time.sleep(0.05)
    return False


def test_sigterm_finishes_streams_in_flight_then_exits_0(mock):
    mock.reset()
    v = Veil(mock.url)
    streams = [start_stream(v.port, i) for i in range(3)]
    signalled = time.time()
    v.proc.send_signal(signal.SIGTERM)

    # New connections are refused while the old streams are still running (each lasts ~2 s).
    assert refuses_connections(v.port)
    assert v.proc.poll() is None or any(not r.isclosed() for _, r, _ in streams)

    for i, (conn, r, first) in enumerate(streams):
        raw = first + r.read()  # http.client checks the chunked framing up to its last chunk
        assert raw.rstrip().endswith(b"data: [DONE]")
        assert content(raw) == f"stream {i} for {SECRET}" + " ." * 12  # complete and restored
        conn.close()

    assert v.proc.wait(timeout=30) == 0
    assert time.time() - signalled < 25  # generous: the grace is 10 s, the streams take ~2 s
    logs = v.logs()
    assert "signal received" in logs and "grace expired" not in logs
    assert all(f["outcome"] == "completed" for f in mock.faults() if f["model"] == "fault-slow-stream")
