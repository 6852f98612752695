#!/usr/bin/env python3
"""Issue #15, item 8: what clients without a key, or with slow bodies, cost a running Veil.

Starts `veil serve` (client keys on, upstream a closed port: nothing here needs it) and runs one
scenario, printing Veil's resident memory (VmRSS) over time:

  flood  N connections without a key, each sending a head and a 10 MiB body as fast as it can,
         then holding the socket open (issue: 100 connections held 1.1 GB for 20 s); with
         --with-key they send a valid key, so only `body_memory_limit` bounds what Veil holds.
  slow   N connections with a valid key, each dripping its body one byte a second
         (issue: 200 such connections were still open past 25 s).

    python3 Benchmarks/abuse/body_flood.py --veil .build/release/veil flood --connections 100
    python3 Benchmarks/abuse/body_flood.py --veil .build/release/veil slow --connections 200 --seconds 40
"""
import argparse
import os
import select
import socket
import subprocess
import threading
import time
import urllib.request

KEY = "bench-client-key"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def start_veil(binary, extra):
    port = free_port()
    env = {**os.environ, "VEIL_PATTERNS_ONLY": "1", "VEIL_API_KEYS": KEY, "VEIL_UPSTREAM_API_KEY": "sk-bench",
           "VEIL_LOG_LEVEL": "warning"}
    proc = subprocess.Popen([binary, "serve", "--port", str(port), "--upstream", "http://127.0.0.1:9", *extra],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
            return proc, port
        except Exception:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("veil did not come up")


def flood_one(port, size, hold, results, i, key=False):
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(hold + 5)
    auth = f"Authorization: Bearer {KEY}\r\n" if key else ""
    head = f"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n{auth}Content-Type: application/json\r\nContent-Length: {size}\r\n\r\n"
    chunk = b"a" * (256 * 1024)
    sent = 0
    try:
        s.sendall(head.encode())
        while sent < size:
            s.sendall(chunk[: min(len(chunk), size - sent)])
            sent += min(len(chunk), size - sent)
    except OSError:
        pass
    results[i] = sent
    time.sleep(hold)  # keep the socket open, as the clients did
    s.close()


def slow_one(port, seconds, opened, i):
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(2)
    s.sendall(f"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {KEY}\r\n"
              f"Content-Length: 100000\r\n\r\n".encode())
    started = time.time()
    opened[i] = started
    try:
        while time.time() - started < seconds:
            s.sendall(b"a")
            if select.select([s], [], [], 1.0)[0]:  # Veil answered (408) or closed: it let go
                break
    except OSError:
        pass
    opened[i] = time.time() - started  # how long Veil kept it
    s.close()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--veil", required=True)
    p.add_argument("scenario", choices=["flood", "slow"])
    p.add_argument("--connections", type=int, default=100)
    p.add_argument("--size", type=int, default=10 * 1024 * 1024)
    p.add_argument("--seconds", type=float, default=20)
    p.add_argument("--with-key", action="store_true", help="flood: the clients send a valid key (the body budget applies)")
    p.add_argument("extra", nargs="*", help="extra `veil serve` arguments")
    a = p.parse_args()
    proc, port = start_veil(a.veil, a.extra)
    base = rss_mib(proc.pid)
    print(f"veil pid {proc.pid}, RSS at start {base:.0f} MiB")
    results = [None] * a.connections
    if a.scenario == "flood":
        threads = [threading.Thread(target=flood_one, args=(port, a.size, a.seconds, results, i, a.with_key)) for i in range(a.connections)]
    else:
        threads = [threading.Thread(target=slow_one, args=(port, a.seconds, results, i)) for i in range(a.connections)]
    started = time.time()
    for t in threads:
        t.start()
    peak = base
    next_print = 0.0
    while any(t.is_alive() for t in threads):
        now = time.time() - started
        rss = rss_mib(proc.pid)
        peak = max(peak, rss)
        if now >= next_print:
            print(f"t={now:5.1f}s RSS {rss:7.0f} MiB")
            next_print += 5
        time.sleep(0.2)
    print(f"peak RSS {peak:.0f} MiB (start {base:.0f} MiB)")
    if a.scenario == "flood":
        sent = [r or 0 for r in results]
        print(f"body bytes the clients got through: max {max(sent) / 2**20:.1f} MiB, total {sum(sent) / 2**20:.0f} MiB"
              f" of {a.connections * a.size / 2**20:.0f} MiB")
    else:
        kept = sorted(r for r in results if r is not None)
        print(f"connections kept open by Veil: min {kept[0]:.1f}s, median {kept[len(kept) // 2]:.1f}s, max {kept[-1]:.1f}s"
              f" (client gave up at {a.seconds:.0f}s)")
    proc.terminate()
    proc.wait(15)


if __name__ == "__main__":
    main()
