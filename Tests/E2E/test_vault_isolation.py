"""Issue #15, items 1, 2 and 11: the conversation vault through the real openai SDK.

1. Maps belong to the client identity that created them: client B naming client A's
   `previous_response_id` gets exactly the unknown-id answer, is not forwarded, and sees none of
   A's values — plain, streamed, with `store: false`, on the memory and the Redis vault.
2. An upstream that reuses a response id cannot overwrite a stored map: the save is refused
   (502 `upstream_response_id_conflict`, counted in /metrics) and A's next turn still restores A's
   values. The mock answers `model: "mock-id:<id>"` with exactly that id.
11. A response id Veil cannot store under (CR LF, 10 KB) is an upstream error (502), not the
   client's `invalid_previous_response_id`; a vault that fails while saving says the request
   had reached the upstream."""
import json
import shutil
import urllib.request
import uuid

import openai
import pytest

from conftest import Veil

KEYS = {"VEIL_API_KEYS": "veil-key-a,veil-key-b", "VEIL_UPSTREAM_API_KEY": "sk-upstream-secret",
        "VEIL_VAULT_KEY": "6f" * 32}
ALICE = "alice.secret@example.com"
ALICE_PHONE = "+44 20 7946 0958"
BOB = "bob.other@example.org"
VALUES = [ALICE, ALICE_PHONE, BOB]


def client(v, key):
    return openai.OpenAI(base_url=v.url + "/v1", api_key=key, max_retries=0)


def responses_posts(mock):
    return [r for r in mock.requests() if r["path"] == "/v1/responses"]


def raw_post(v, body, key):
    """POST /v1/responses without the SDK: (status, body text), whatever the status."""
    request = urllib.request.Request(v.url + "/v1/responses", method="POST", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"})
    try:
        with urllib.request.urlopen(request, timeout=15) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def metrics(v):
    request = urllib.request.Request(v.url + "/metrics", headers={"Authorization": "Bearer veil-key-a"})
    with urllib.request.urlopen(request, timeout=5) as r:
        return r.read().decode()


@pytest.fixture(scope="module", params=["memory", "redis"])
def keyed(request, mock):
    """A Veil with two client keys, on the memory vault or a real Redis."""
    if request.param == "memory":
        v = Veil(mock.url, env=KEYS)
        yield v
        v.stop()
    else:
        if shutil.which("redis-server") is None:
            pytest.skip("redis-server is not installed")
        from test_vault_redis import Redis
        redis = Redis()
        v = Veil(mock.url, "--vault", redis.url, env=KEYS)
        yield v
        v.stop()
        redis.stop()
        shutil.rmtree(redis.dir, ignore_errors=True)
    logs = v.logs()
    for secret in VALUES + ["veil-key-a", "veil-key-b", "sk-upstream-secret"]:
        assert secret not in logs


# -- 1. tenant isolation -----------------------------------------------------------------------

@pytest.mark.parametrize("variant", [{}, {"stream": True}, {"store": False}], ids=["plain", "streamed", "store-false"])
def test_another_client_key_cannot_continue_or_read_a_conversation(keyed, recorded, variant):
    a, b = client(keyed, "veil-key-a"), client(keyed, "veil-key-b")
    first = a.responses.create(model="gpt-x", input=f"My email is {ALICE} and my phone is {ALICE_PHONE}.")
    assert first.output_text == f"My email is {ALICE} and my phone is {ALICE_PHONE}."
    forwarded = len(responses_posts(recorded))

    with pytest.raises(openai.BadRequestError) as probe:
        b.responses.create(model="gpt-x", input="please repeat [EMAIL_1] and [PHONE_1]",
                           previous_response_id=first.id, **variant)
    never = "resp_never_issued_" + uuid.uuid4().hex
    with pytest.raises(openai.BadRequestError) as unknown:
        b.responses.create(model="gpt-x", input="please repeat [EMAIL_1] and [PHONE_1]",
                           previous_response_id=never, **variant)
    # Exactly the unknown-id answer: same status, same error body (but for the id it names).
    assert probe.value.status_code == unknown.value.status_code == 400
    assert probe.value.body["code"] == "previous_response_not_found"
    assert json.dumps(probe.value.body).replace(first.id, "ID") == json.dumps(unknown.value.body).replace(never, "ID")
    for value in VALUES:
        assert value not in json.dumps(probe.value.body)
    assert len(responses_posts(recorded)) == forwarded  # B's turns were never forwarded

    # A still continues its own conversation (the id was known all along).
    second = a.responses.create(model="gpt-x", input="please repeat [EMAIL_1]", previous_response_id=first.id)
    assert ALICE in second.output_text


def test_without_client_keys_each_provider_credential_is_its_own_tenant(veil, recorded):
    a, b = client(veil, "sk-tenant-a-000000"), client(veil, "sk-tenant-b-000000")
    first = a.responses.create(model="gpt-x", input=f"My email is {ALICE}.")
    with pytest.raises(openai.BadRequestError) as e:
        b.responses.create(model="gpt-x", input="repeat [EMAIL_1]", previous_response_id=first.id)
    assert e.value.body["code"] == "previous_response_not_found"
    assert ALICE in a.responses.create(model="gpt-x", input="repeat", previous_response_id=first.id).output_text


# -- 2. a reused response id never overwrites a map --------------------------------------------

def test_upstream_reusing_a_response_id_cannot_overwrite_a_map(keyed, recorded):
    a, b = client(keyed, "veil-key-a"), client(keyed, "veil-key-b")
    dup = "resp_dup_" + uuid.uuid4().hex
    first = a.responses.create(model="mock-id:" + dup, input=f"Mail {ALICE}.")
    assert first.id == dup and first.output_text == f"Mail {ALICE}."

    # Another conversation of the same client gets the same id from the upstream: refused.
    with pytest.raises(openai.APIStatusError) as e:
        a.responses.create(model="mock-id:" + dup, input=f"Mail {BOB}.")
    assert e.value.status_code == 502
    assert e.value.body["code"] == "upstream_response_id_conflict"
    status, body = raw_post(keyed, {"model": "mock-id:" + dup, "input": f"Mail {BOB}.", "stream": True}, "veil-key-a")
    assert status == 200
    assert "upstream_response_id_conflict" in body and "response.output_text.delta" not in body and BOB not in body

    # Another client under the same id: its own key, nothing of A's touched.
    other = b.responses.create(model="mock-id:" + dup, input=f"Mail {BOB}.")
    assert other.output_text == f"Mail {BOB}."

    # The upstream's history for `dup` is now B's turn ("Mail [EMAIL_1]."): A's map still says
    # [EMAIL_1] is Alice, so A's next turn restores Alice, never Bob.
    third = a.responses.create(model="gpt-x", input="again", previous_response_id=dup)
    assert ALICE in third.output_text and BOB not in third.output_text
    assert 'veil_vault_operations_total{operation="save",result="upstream_response_id_conflict"} 2' in metrics(keyed)


# -- 11. errors that say what happened ---------------------------------------------------------

@pytest.mark.parametrize("bad_id", ["resp_bad\r\nX-Evil: 1", "resp_" + "a" * 10240], ids=["crlf", "10kb"])
def test_a_malformed_upstream_response_id_is_an_upstream_error(veil, recorded, bad_id):
    c = client(veil, "sk-test-not-a-real-key-000000")
    with pytest.raises(openai.APIStatusError) as e:
        c.responses.create(model="mock-id:" + bad_id, input=f"Mail {ALICE}.")
    assert e.value.status_code == 502
    assert e.value.body["code"] == "upstream_invalid_response"
    assert "x-evil" not in {k.lower() for k in e.value.response.headers}
    status, body = raw_post(veil, {"model": "mock-id:" + bad_id, "input": f"Mail {ALICE}.", "stream": True},
                            "sk-test-not-a-real-key-000000")
    assert status == 200
    assert '"code":"upstream_invalid_response"' in body.replace(" ", "") and "invalid_previous_response_id" not in body
    assert "response.output_text.delta" not in body


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")
def test_redis_down_during_a_save_says_the_request_was_forwarded(mock, recorded):
    from test_vault_redis import Redis
    redis = Redis()
    v = Veil(mock.url, "--vault", redis.url, env={"VEIL_VAULT_KEY": "6f" * 32})
    try:
        c = client(v, "sk-test-not-a-real-key-000000")
        first = c.responses.create(model="gpt-x", input=f"Mail {ALICE}.")
        redis.stop()
        with pytest.raises(openai.InternalServerError) as e:
            c.responses.create(model="gpt-x", input=f"Mail {ALICE}.")
        assert e.value.body["code"] == "vault_unavailable"
        assert "nothing was forwarded" not in e.value.body["message"]
        assert "reached the upstream" in e.value.body["message"]
        assert len(responses_posts(recorded)) == 2  # it had indeed reached the upstream
        status, body = raw_post(v, {"model": "gpt-x", "input": f"Mail {ALICE}.", "stream": True},
                                "sk-test-not-a-real-key-000000")
        assert status == 200 and "vault_unavailable" in body
        assert "reached the upstream" in body and "nothing was forwarded" not in body
        # A turn that needs the stored map is refused before forwarding, and says so.
        with pytest.raises(openai.InternalServerError) as e:
            c.responses.create(model="gpt-x", input="again", previous_response_id=first.id)
        assert "nothing was forwarded" in e.value.body["message"]
        assert len(responses_posts(recorded)) == 3
    finally:
        v.stop()
        redis.stop()
        shutil.rmtree(redis.dir, ignore_errors=True)
