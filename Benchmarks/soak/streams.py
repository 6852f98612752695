#!/usr/bin/env python3
"""Streaming clients for Benchmarks/soak/run.sh: N threads, each asking Veil for streamed chat
completions in a loop until the time is up, checking that every stream ends with [DONE] and that
the echoed personal values come back restored. Prints one summary line."""
import http.client
import json
import sys
import threading
import time
from urllib.parse import urlparse

url, clients, seconds = urlparse(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
TEXT = "Write to jane.doe@example.org or call +44 20 7946 0958 about the refund to IBAN DE89 3704 0044 0532 0130 00."
lock = threading.Lock()
counts = {"ok": 0, "failed": 0, "wrong": 0}


def one_stream(n):
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    body = json.dumps({"model": "m", "stream": True, "messages": [{"role": "user", "content": f"{n}: {TEXT}"}]})
    conn.request("POST", "/v1/chat/completions", body,
                 {"Content-Type": "application/json", "User-Agent": "veil-soak-stream"})
    r = conn.getresponse()
    raw = r.read()
    conn.close()
    if r.status != 200 or not raw.rstrip().endswith(b"data: [DONE]"):
        return "failed"
    text = ""
    for line in raw.split(b"\n"):
        if line.startswith(b"data: {"):
            for choice in json.loads(line[6:]).get("choices", []):
                text += choice["delta"].get("content") or ""
    return "ok" if text == f"{n}: {TEXT}" else "wrong"


def client(index):
    n = 0
    deadline = time.time() + seconds
    while time.time() < deadline:
        n += 1
        try:
            outcome = one_stream(index * 1_000_000 + n)
        except Exception:
            outcome = "failed"
        with lock:
            counts[outcome] += 1


threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"{counts['ok']} streams restored correctly, {counts['failed']} failed, {counts['wrong']} with wrong text")
sys.exit(0 if counts["failed"] == counts["wrong"] == 0 else 1)
