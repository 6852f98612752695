"""Responses API conversations across Veil replicas through a shared Redis vault (and one
process's memory vault): turn 1 through Veil A, turn 2 (`previous_response_id`) through Veil B.

The mock upstream answers a continued conversation with the earlier turns' (redacted) texts
first, so Veil B must restore placeholders it never issued — from the map Veil A sealed into
Redis. Redis is killed and restarted mid-run: requests that need it get 503 `vault_unavailable`
and nothing unredacted reaches the mock; after the restart requests work again."""
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import openai
import pytest

from conftest import VEIL, Veil, free_port

KEY = "6f" * 32
TURN1 = "Contact ada.lovelace@example.com or call +44 20 7946 0958."
TURN2 = "Also cc bob.smith@example.org and ada.lovelace@example.com."
VALUES = ["ada.lovelace@example.com", "+44 20 7946 0958", "bob.smith@example.org"]

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")


class Redis:
    def __init__(self, port=None):
        self.port = port or free_port()
        self.dir = tempfile.mkdtemp(prefix="veil-redis-")
        self.start()

    def start(self):
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", self.dir], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not come up")

    def stop(self):
        self.proc.kill()
        self.proc.wait(5)

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}"


@pytest.fixture(scope="module")
def redis():
    r = Redis()
    yield r
    r.stop()
    shutil.rmtree(r.dir, ignore_errors=True)


def replica(mock, redis, *extra, key=KEY):
    return Veil(mock.url, "--vault", redis.url, *extra, env={"VEIL_VAULT_KEY": key, "VEIL_LOG_LEVEL": "debug"})


@pytest.fixture(scope="module")
def replicas(mock, redis):
    a, b = replica(mock, redis), replica(mock, redis)
    yield a, b
    for v in (a, b):
        v.stop()
        logs = v.logs()
        for value in VALUES:  # not even debug logs carry values
            assert value not in logs


def client(v):
    return openai.OpenAI(base_url=v.url + "/v1", api_key="sk-test-not-a-real-key-000000", max_retries=0)


def upstream_bodies(mock):
    return [r["body"] for r in mock.requests() if r["path"] == "/v1/responses"]


def assert_never_saw_values(mock):
    seen = json.dumps(mock.requests())
    for value in VALUES:
        assert value not in seen, f"upstream saw {value!r}"


def expected_turn2():
    return f"Earlier: {TURN1} | Now: {TURN2}"


def test_second_turn_on_another_replica_keeps_numbering_and_restores(replicas, recorded):
    a, b = replicas
    first = client(a).responses.create(model="gpt-x", input=TURN1)
    assert first.output_text == TURN1
    second = client(b).responses.create(model="gpt-x", input=TURN2, previous_response_id=first.id)
    # B restored placeholders from turn 1, which it never saw, from the map A sealed into Redis.
    assert second.output_text == expected_turn2()
    turn1, turn2 = upstream_bodies(recorded)
    assert "[EMAIL_1]" in turn1 and "[PHONE_1]" in turn1
    # Same value, same placeholder; the new value gets the next number.
    assert json.loads(turn2)["input"] == "Also cc [EMAIL_2] and [EMAIL_1]."
    assert_never_saw_values(recorded)


def test_streamed_turns_across_replicas(replicas, recorded):
    a, b = replicas
    with client(a).responses.stream(model="gpt-x", input=TURN1) as stream:
        first = stream.get_final_response()
    assert first.output_text == TURN1
    text = ""
    with client(b).responses.stream(model="gpt-x", input=TURN2, previous_response_id=first.id) as stream:
        for event in stream:
            if event.type == "response.output_text.delta":
                text += event.delta
        second = stream.get_final_response()
    assert text == expected_turn2()
    assert second.output_text == expected_turn2()
    # A third turn back on A continues from B's (streamed) answer.
    third = client(a).responses.create(model="gpt-x", input="Thanks, ada.lovelace@example.com.", previous_response_id=second.id)
    assert third.output_text.endswith("| Now: Thanks, ada.lovelace@example.com.")
    assert json.loads(upstream_bodies(recorded)[-1])["input"] == "Thanks, [EMAIL_1]."
    assert_never_saw_values(recorded)


def test_unknown_previous_response_is_refused_before_forwarding(replicas, recorded):
    _, b = replicas
    with pytest.raises(openai.BadRequestError) as e:
        client(b).responses.create(model="gpt-x", input=TURN2, previous_response_id="resp_never_seen")
    assert e.value.body["code"] == "previous_response_not_found"
    assert upstream_bodies(recorded) == []


def test_a_replica_with_another_key_cannot_read_the_state(mock, redis, replicas, recorded):
    # Owners are keyed hashes under the vault key (issue #15): a replica with another key looks
    # under other storage keys, finds nothing, and says so at start.
    a, _ = replicas
    first = client(a).responses.create(model="gpt-x", input=TURN1)
    other = replica(mock, redis, key="11" * 32)
    try:
        with pytest.raises(openai.BadRequestError) as e:
            client(other).responses.create(model="gpt-x", input=TURN2, previous_response_id=first.id)
        assert e.value.body["code"] == "previous_response_not_found"
    finally:
        other.stop()
    assert "sealed under another vault_key" in other.logs()
    assert "sealed under another vault_key" not in a.logs()
    assert len(upstream_bodies(recorded)) == 1  # only turn 1


def test_redis_down_gives_clear_errors_and_no_leak_then_recovers(replicas, redis, recorded):
    a, b = replicas
    first = client(a).responses.create(model="gpt-x", input=TURN1)
    redis.stop()
    try:
        # Needs the stored map: refused before anything is sent.
        with pytest.raises(openai.InternalServerError) as e:
            client(b).responses.create(model="gpt-x", input=TURN2, previous_response_id=first.id)
        assert e.value.status_code == 503
        assert e.value.body["code"] == "vault_unavailable"
        assert len(upstream_bodies(recorded)) == 1
        # A new conversation cannot save its map: the answer is withheld with the same error.
        with pytest.raises(openai.InternalServerError) as e:
            client(a).responses.create(model="gpt-x", input=TURN1)
        assert e.value.body["code"] == "vault_unavailable"
        # Streamed: the error arrives in-band, instead of the answer.
        request = urllib.request.Request(a.url + "/v1/responses", method="POST", headers={"Content-Type": "application/json"},
                                         data=json.dumps({"model": "gpt-x", "input": TURN1, "stream": True}).encode())
        with urllib.request.urlopen(request, timeout=10) as raw:
            body = raw.read().decode()
        assert "vault_unavailable" in body and "response.output_text.delta" not in body
        # Chat Completions needs no vault and keeps working.
        chat = client(b).chat.completions.create(model="gpt-x", messages=[{"role": "user", "content": TURN1}])
        assert chat.choices[0].message.content == TURN1
    finally:
        redis.start()
    # Redis is back (empty: it does not persist): new conversations work on both replicas.
    first = client(b).responses.create(model="gpt-x", input=TURN1)
    second = client(a).responses.create(model="gpt-x", input=TURN2, previous_response_id=first.id)
    assert second.output_text == expected_turn2()
    assert_never_saw_values(recorded)


def test_expired_state_is_a_clear_error(mock, redis, recorded):
    short = replica(mock, redis, "--vault-ttl-seconds", "1")
    try:
        first = client(short).responses.create(model="gpt-x", input=TURN1)
        time.sleep(1.3)
        with pytest.raises(openai.BadRequestError) as e:
            client(short).responses.create(model="gpt-x", input=TURN2, previous_response_id=first.id)
        assert e.value.body["code"] == "previous_response_not_found"
        assert "expired" in e.value.body["message"]
    finally:
        short.stop()
    assert len(upstream_bodies(recorded)) == 1


def test_redis_vault_without_a_key_refuses_to_start(mock, redis):
    env = {k: v for k, v in os.environ.items() if k != "VEIL_VAULT_KEY"}
    result = subprocess.run([str(VEIL), "serve", "--port", str(free_port()), "--upstream", mock.url, "--vault", redis.url],
                            env={**env, "VEIL_PATTERNS_ONLY": "1"}, capture_output=True, text=True, timeout=20)
    assert result.returncode != 0
    assert "vault_key" in result.stderr


# -- memory vault (the default), one process ----------------------------------------------------

def test_memory_vault_continues_a_conversation(veil, recorded):
    c = client(veil)
    first = c.responses.create(model="gpt-x", input=TURN1)
    second = c.responses.create(model="gpt-x", input=TURN2, previous_response_id=first.id)
    assert second.output_text == expected_turn2()
    assert json.loads(upstream_bodies(recorded)[-1])["input"] == "Also cc [EMAIL_2] and [EMAIL_1]."
    assert_never_saw_values(recorded)


def test_store_false_saves_nothing(veil, recorded):
    c = client(veil)
    first = c.responses.create(model="gpt-x", input=TURN1, store=False)
    with pytest.raises(openai.BadRequestError) as e:
        c.responses.create(model="gpt-x", input=TURN2, previous_response_id=first.id)
    assert e.value.body["code"] == "previous_response_not_found"
