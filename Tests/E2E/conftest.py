"""Fixtures: a mock upstream and a real `veil serve` process between it and the openai SDK."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VEIL = Path(os.environ.get("VEIL_BIN", ROOT / ".build" / "debug" / "veil"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                return r.status
        except Exception:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not come up")


class Mock:
    def __init__(self, script="mock_openai.py"):
        self.proc = subprocess.Popen([sys.executable, str(Path(__file__).parent / script)],
                                     stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        self.port = int(line.split()[1])
        self.url = f"http://127.0.0.1:{self.port}"

    def requests(self):
        with urllib.request.urlopen(self.url + "/_requests") as r:
            return json.load(r)

    def faults(self):
        """What became of each fault-mode request (mock_openai.py, `fault-…` models)."""
        with urllib.request.urlopen(self.url + "/_faults") as r:
            return json.load(r)

    def reset(self):
        urllib.request.urlopen(urllib.request.Request(self.url + "/_reset", data=b"{}", method="POST")).read()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(5)


class Veil:
    def __init__(self, upstream, *extra, env=None, cwd=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"veil-e2e-{self.port}.log", "w+")
        # Pattern detectors only unless a test asks for the model: the placeholders these tests
        # assert must not depend on the shipped model's current weights.
        full_env = {**os.environ, "VEIL_PATTERNS_ONLY": "1", **(env or {})}
        self.proc = subprocess.Popen([str(VEIL), "serve", "--port", str(self.port), "--upstream", upstream, *extra],
                                     stdout=self.log, stderr=subprocess.STDOUT, env=full_env, cwd=cwd)
        wait_http(self.url + "/healthz")

    def logs(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def stop(self):
        self.proc.terminate()
        return self.proc.wait(15)  # the log stays readable after the stop


@pytest.fixture(scope="session")
def mock():
    m = Mock()
    yield m
    m.stop()


@pytest.fixture(scope="session")
def veil(mock):
    # The most verbose level: the log test then proves that not even trace logs carry values.
    v = Veil(mock.url, "--upstream-timeout", "2", env={"VEIL_LOG_LEVEL": "trace"})
    yield v
    v.stop()


@pytest.fixture()
def recorded(mock):
    mock.reset()
    return mock
