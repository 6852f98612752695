"""`veil health`, the container health check (Docker/Dockerfile's HEALTHCHECK): exit 0 only when
a Veil answers GET /healthz with 200, exit 1 otherwise, one line on stderr."""
import os
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from conftest import VEIL, free_port


def health(*args, env=None):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("VEIL_")}
    full_env.update(env or {})
    return subprocess.run([str(VEIL), "health", *args], capture_output=True, text=True, timeout=30, env=full_env)


def test_a_running_veil_is_healthy(veil):
    r = health("--url", veil.url)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"healthy: {veil.url}/healthz answered 200"


def test_default_url_is_where_serve_listens_with_the_same_environment(veil):
    # As in the image: VEIL_HOST=0.0.0.0 (a wildcard) is probed on loopback, VEIL_PORT is read.
    r = health(env={"VEIL_HOST": "0.0.0.0", "VEIL_PORT": str(veil.port)})
    assert r.returncode == 0, r.stderr
    assert f"http://127.0.0.1:{veil.port}/healthz" in r.stdout


def test_default_url_reads_the_config_file(veil, tmp_path):
    config = tmp_path / "veil.json"
    config.write_text('{"host": "127.0.0.1", "port": %d}' % veil.port)
    assert health("--config", str(config)).returncode == 0
    assert health(env={"VEIL_CONFIG": str(config)}).returncode == 0


def test_proxy_variables_do_not_divert_the_loopback_probe(veil):
    dead = f"http://127.0.0.1:{free_port()}"
    r = health("--url", veil.url, env={"http_proxy": dead, "HTTP_PROXY": dead, "ALL_PROXY": dead})
    assert r.returncode == 0, r.stderr


def test_nothing_listening_is_unhealthy_with_one_line():
    r = health("--url", f"http://127.0.0.1:{free_port()}")
    assert r.returncode == 1
    assert r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and "unhealthy" in r.stderr


def test_a_non_200_answer_is_unhealthy():
    class Unavailable(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Unavailable)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        r = health("--url", f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
    assert r.returncode == 1
    assert "answered 503" in r.stderr


def test_a_silent_server_is_unhealthy_within_the_timeout():
    with socket.socket() as listener:  # accepts connections (backlog) but never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        started = time.monotonic()
        r = health("--url", f"http://127.0.0.1:{listener.getsockname()[1]}", "--timeout", "0.5")
        elapsed = time.monotonic() - started
    assert r.returncode == 1
    assert elapsed < 5, elapsed


def test_bad_arguments_are_usage_errors():
    assert health("--url", "ftp://example.com").returncode == 64
    assert health("--timeout", "0").returncode == 64
