"""Docker/kubernetes/veil-sidecar.yaml (issue #16 item 14): the manifest parses, keeps the sidecar's
guarantees (loopback only, provider key from a Secret, read-only root, non-root user matching the
image, a readiness probe on /healthz), and the settings and probe it gives Veil work on a real Veil."""
import os
import re
import subprocess
from pathlib import Path

import yaml

from conftest import VEIL, Mock, free_port, wait_http

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "Docker" / "kubernetes" / "veil-sidecar.yaml"


def pod_spec():
    docs = [d for d in yaml.safe_load_all(MANIFEST.read_text()) if d]
    assert [d["kind"] for d in docs] == ["Deployment"]
    return docs[0]["spec"]["template"]["spec"]


def container(name):
    return next(c for c in pod_spec()["containers"] if c["name"] == name)


def env_of(c):
    return {e["name"]: e for e in c.get("env", [])}


def test_veil_runs_beside_the_app_as_the_images_non_root_user():
    spec = pod_spec()
    assert [c["name"] for c in spec["containers"]] == ["veil", "app"]
    uid = re.search(r"^USER (\d+):(\d+)$", (ROOT / "Docker" / "Dockerfile").read_text(), re.M)
    assert spec["securityContext"]["runAsNonRoot"] is True
    assert (spec["securityContext"]["runAsUser"], spec["securityContext"]["runAsGroup"]) == (int(uid[1]), int(uid[2]))
    for c in spec["containers"]:
        sc = c["securityContext"]
        assert sc["readOnlyRootFilesystem"] is True
        assert sc["allowPrivilegeEscalation"] is False
        assert sc["capabilities"]["drop"] == ["ALL"]


def test_the_provider_key_comes_from_a_secret_and_veil_listens_on_loopback():
    env = env_of(container("veil"))
    assert "value" not in env["VEIL_UPSTREAM_API_KEY"]
    assert env["VEIL_UPSTREAM_API_KEY"]["valueFrom"]["secretKeyRef"] == {"name": "veil-provider", "key": "api-key"}
    assert env["VEIL_HOST"]["value"] == "127.0.0.1"
    app = env_of(container("app"))
    assert app["OPENAI_BASE_URL"]["value"] == f"http://localhost:{env['VEIL_PORT']['value']}/v1"
    assert "VEIL_UPSTREAM_API_KEY" not in app and "secretKeyRef" not in str(container("app"))


def test_readiness_probe_is_veil_health():
    probe = container("veil")["readinessProbe"]
    assert probe["exec"]["command"] == ["veil", "health"]
    assert container("veil")["livenessProbe"]["exec"]["command"] == ["veil", "health"]


def test_a_veil_with_the_manifests_environment_serves_and_its_probe_passes(tmp_path):
    """The manifest's VEIL_* variables, as Kubernetes would set them (the Secret's value filled in,
    a free port instead of 8080): `veil config check` accepts them, `veil serve` starts, and the
    probe command exits 0 — then 1 once Veil is gone."""
    mock = Mock()
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("VEIL_")}
        for name, e in env_of(container("veil")).items():
            env[name] = e.get("value", "sk-from-the-secret")
        port = free_port()
        env.update({"VEIL_PORT": str(port), "VEIL_UPSTREAM": mock.url, "VEIL_PATTERNS_ONLY": "1"})
        check = subprocess.run([str(VEIL), "config", "check"], env=env, capture_output=True, text=True, timeout=60)
        assert check.returncode == 0, check.stdout + check.stderr
        serve = subprocess.Popen([str(VEIL), "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_http(f"http://127.0.0.1:{port}/healthz")
            probe = subprocess.run(container("veil")["readinessProbe"]["exec"]["command"], env={**env, "PATH": f"{Path(VEIL).parent}:{env.get('PATH', '')}"},
                                   capture_output=True, text=True, timeout=30)
            assert probe.returncode == 0, probe.stderr
        finally:
            serve.terminate()
            serve.wait(15)
        down = subprocess.run([str(VEIL), "health"], env=env, capture_output=True, text=True, timeout=30)
        assert down.returncode == 1
    finally:
        mock.stop()
