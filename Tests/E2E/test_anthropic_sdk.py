"""The real anthropic SDK pointed at Veil's /v1/messages: the mock upstream must never see the
sensitive values, and the SDK must get them back exactly — plain, streamed, tool use, system
prompts, multi-turn with tool results and signed thinking blocks."""
import json

import anthropic
import pytest

from conftest import Mock, Veil

SECRET_TEXT = (
    "Write to alice.o'hara@example.com or call +44 20 7946 0958. "
    "Card 4111 1111 1111 1111, IBAN GB82 WEST 1234 5698 7654 32, server 10.1.2.3."
)
SENSITIVE = ["alice.o'hara@example.com", "+44 20 7946 0958", "4111 1111 1111 1111",
             "GB82 WEST 1234 5698 7654 32", "10.1.2.3"]
TOOLS = [{"name": "send", "description": "Send a message.",
          "input_schema": {"type": "object", "properties": {"recipient": {"type": "string"}}}}]


@pytest.fixture(scope="module")
def amock():
    m = Mock("mock_anthropic.py")
    yield m
    m.stop()


@pytest.fixture(scope="module")
def aveil(mock, amock):
    v = Veil(mock.url, env={"VEIL_ANTHROPIC_UPSTREAM": amock.url, "VEIL_LOG_LEVEL": "trace"})
    yield v
    v.stop()


@pytest.fixture()
def arecorded(amock):
    amock.reset()
    return amock


@pytest.fixture()
def client(aveil):
    return anthropic.Anthropic(base_url=aveil.url, api_key="sk-ant-test-not-a-real-key", max_retries=0)


def assert_upstream_clean(mock, expect="[EMAIL_1]"):
    seen = json.dumps(mock.requests())
    assert seen != "[]", "nothing reached the upstream"
    for value in SENSITIVE:
        assert value not in seen, f"upstream saw {value!r}"
    assert expect in seen
    return mock.requests()


def user(text):
    return [{"role": "user", "content": text}]


def test_message_round_trip(client, arecorded):
    r = client.messages.create(model="claude-x", max_tokens=100, messages=user(SECRET_TEXT))
    assert r.content[0].type == "text" and r.content[0].text == SECRET_TEXT
    sent = assert_upstream_clean(arecorded)[-1]
    # Without VEIL_ANTHROPIC_API_KEY the client's own credential crosses (this SDK version sends
    # it as `Authorization: Bearer`; older ones as `x-api-key`).
    credential = sent["headers"].get("x-api-key") or sent["headers"].get("authorization")
    assert credential.endswith("sk-ant-test-not-a-real-key")
    assert sent["headers"]["anthropic-version"]
    assert not any(h.startswith("x-stainless") for h in sent["headers"])


def test_system_prompt_string_and_blocks_share_the_map(client, arecorded):
    system = "You help alice.o'hara@example.com."
    r = client.messages.create(model="claude-x", max_tokens=100, system=system, messages=user(SECRET_TEXT))
    assert r.content[0].text == system + " | " + SECRET_TEXT
    blocks = [{"type": "text", "text": system, "cache_control": {"type": "ephemeral"}}]
    r = client.messages.create(model="claude-x", max_tokens=100, system=blocks, messages=user(SECRET_TEXT))
    assert r.content[0].text == system + " | " + SECRET_TEXT
    for sent in assert_upstream_clean(arecorded):
        body = json.loads(sent["body"])
        system_sent = body["system"] if isinstance(body["system"], str) else body["system"][0]["text"]
        assert system_sent == "You help [EMAIL_1]."  # the same value has the same placeholder everywhere
        assert "[EMAIL_1]" in body["messages"][0]["content"]


def test_stream_helper_restores_split_placeholders(client, arecorded):
    with client.messages.stream(model="claude-x", max_tokens=100, messages=user(SECRET_TEXT)) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert text == SECRET_TEXT
    assert final.content[0].text == SECRET_TEXT
    assert final.stop_reason == "end_turn"
    assert_upstream_clean(arecorded)


def test_raw_stream_events(client, arecorded):
    events = list(client.messages.create(model="claude-x", max_tokens=100, stream=True, messages=user(SECRET_TEXT)))
    text = "".join(e.delta.text for e in events if e.type == "content_block_delta" and e.delta.type == "text_delta")
    assert text == SECRET_TEXT
    kinds = [e.type for e in events]
    assert kinds[0] == "message_start" and kinds[-1] == "message_stop"
    assert kinds.index("content_block_stop") > max(i for i, k in enumerate(kinds) if k == "content_block_delta")
    assert_upstream_clean(arecorded)


def expected_input():
    return {"recipient": SECRET_TEXT, "note": 'quoted "' + SECRET_TEXT + '"'}


def test_tool_use_input_restored(client, arecorded):
    r = client.messages.create(model="claude-x", max_tokens=100, tools=TOOLS, messages=user(SECRET_TEXT))
    assert [b.type for b in r.content] == ["text", "tool_use"]
    assert r.content[1].input == expected_input()
    assert r.stop_reason == "tool_use"
    assert_upstream_clean(arecorded)


def test_streamed_tool_use_input_restored(client, arecorded):
    with client.messages.stream(model="claude-x", max_tokens=100, tools=TOOLS, messages=user(SECRET_TEXT)) as stream:
        partial = "".join(e.delta.partial_json for e in stream
                          if e.type == "content_block_delta" and e.delta.type == "input_json_delta")
        final = stream.get_final_message()
    assert json.loads(partial) == expected_input()
    assert final.content[1].input == expected_input()
    assert_upstream_clean(arecorded)


def test_multi_turn_with_tool_result(client, arecorded):
    first = client.messages.create(model="claude-x", max_tokens=100, tools=TOOLS, messages=user(SECRET_TEXT))
    result = "Delivered to alice.o'hara@example.com, charged 4111 1111 1111 1111."
    messages = user(SECRET_TEXT) + [
        {"role": "assistant", "content": [b.model_dump(exclude_none=True) for b in first.content]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1",
                                      "content": [{"type": "text", "text": result}]}]},
    ]
    r = client.messages.create(model="claude-x", max_tokens=100, tools=TOOLS, messages=messages)
    assert r.content[0].text == result
    body = json.loads(assert_upstream_clean(arecorded)[-1]["body"])
    tool_input = body["messages"][1]["content"][1]["input"]
    assert tool_input["recipient"].startswith("Write to [EMAIL_1]")  # one map for the whole request
    assert body["messages"][2]["content"][0]["content"][0]["text"] == "Delivered to [EMAIL_1], charged [CREDIT_CARD_1]."


def test_thinking_is_left_signed_and_survives_the_next_turn(client, arecorded):
    thinking = {"type": "enabled", "budget_tokens": 1024}
    first = client.messages.create(model="claude-x", max_tokens=2000, thinking=thinking, messages=user(SECRET_TEXT))
    assert first.content[0].type == "thinking" and "[EMAIL_1]" in first.content[0].thinking
    assert first.content[1].text == SECRET_TEXT
    messages = user(SECRET_TEXT) + [
        {"role": "assistant", "content": [b.model_dump(exclude_none=True) for b in first.content]},
        {"role": "user", "content": "And again: call +44 20 7946 0958."},
    ]
    # The mock checks the thinking block's signature, as Anthropic does.
    r = client.messages.create(model="claude-x", max_tokens=2000, thinking=thinking, messages=messages)
    assert r.content[1].text == "And again: call +44 20 7946 0958."
    assert_upstream_clean(arecorded)


def test_count_tokens_is_anonymized(client, arecorded):
    r = client.messages.count_tokens(model="claude-x", messages=user(SECRET_TEXT))
    assert r.input_tokens > 0
    assert arecorded.requests()[-1]["path"] == "/v1/messages/count_tokens"
    assert_upstream_clean(arecorded)


def test_unknown_block_is_refused_and_not_forwarded(client, arecorded):
    with pytest.raises(anthropic.BadRequestError) as e:
        client.messages.create(model="claude-x", max_tokens=100, messages=[
            {"role": "user", "content": [{"type": "text", "text": SECRET_TEXT}, {"type": "hologram", "data": SECRET_TEXT}]}])
    assert "hologram" in str(e.value)
    assert e.value.body["type"] == "error" and e.value.body["error"]["type"] == "invalid_request_error"
    assert arecorded.requests() == []


def test_upstream_error_message_is_restored(client, arecorded):
    with pytest.raises(anthropic.BadRequestError) as e:
        client.messages.create(model="claude-x", max_tokens=100, messages=user("MOCK_ERROR for alice.o'hara@example.com"))
    assert "alice.o'hara@example.com" in str(e.value)
    assert_upstream_clean(arecorded)


def test_logs_never_contain_values(client, aveil, arecorded):
    client.messages.create(model="claude-x", max_tokens=100, tools=TOOLS, messages=user(SECRET_TEXT))
    logs = aveil.logs()
    assert "/v1/messages" in logs
    for value in SENSITIVE + ["sk-ant-test-not-a-real-key"]:
        assert value not in logs


@pytest.fixture(scope="module")
def guarded(mock, amock):
    v = Veil(mock.url, env={"VEIL_API_KEYS": "veil-client-key-1", "VEIL_UPSTREAM_API_KEY": "sk-upstream-secret",
                            "VEIL_ANTHROPIC_API_KEY": "sk-ant-upstream-secret", "VEIL_ANTHROPIC_UPSTREAM": amock.url})
    yield v
    v.stop()


def test_wrong_veil_key_is_401_and_not_forwarded(guarded, arecorded):
    client = anthropic.Anthropic(base_url=guarded.url, api_key="wrong-key", max_retries=0)
    with pytest.raises(anthropic.AuthenticationError):
        client.messages.create(model="m", max_tokens=10, messages=user("hi"))
    assert arecorded.requests() == []


def test_veil_key_in_x_api_key_is_replaced_by_the_anthropic_key(guarded, arecorded):
    client = anthropic.Anthropic(base_url=guarded.url, api_key="veil-client-key-1", max_retries=0)
    r = client.messages.create(model="m", max_tokens=10, messages=user("hello"))
    assert r.content[0].text == "hello"
    headers = arecorded.requests()[-1]["headers"]
    assert headers["x-api-key"] == "sk-ant-upstream-secret"
    assert "authorization" not in headers
    logs = guarded.logs()
    assert "veil-client-key-1" not in logs and "sk-ant-upstream-secret" not in logs


def test_veil_key_is_accepted_from_x_api_key(guarded, arecorded):
    import urllib.request
    body = json.dumps({"model": "m", "max_tokens": 10, "messages": user("mail alice.o'hara@example.com")}).encode()
    request = urllib.request.Request(guarded.url + "/v1/messages", data=body, method="POST", headers={
        "x-api-key": "veil-client-key-1", "content-type": "application/json"})
    with urllib.request.urlopen(request) as r:
        answer = json.load(r)
        assert r.headers["request-id"] == "req_mock"
        assert r.headers["X-Veil-Redactions"] == "1"
    assert answer["content"][0]["text"] == "mail alice.o'hara@example.com"
    headers = arecorded.requests()[-1]["headers"]
    assert headers["x-api-key"] == "sk-ant-upstream-secret"
    assert headers["anthropic-version"] == "2023-06-01"  # defaulted for clients that send none


def test_dry_run_shows_the_messages_body(aveil, arecorded):
    import urllib.request
    body = {"endpoint": "/v1/messages", "body": {"system": "for alice.o'hara@example.com",
                                                 "messages": user(SECRET_TEXT)}}
    request = urllib.request.Request(aveil.url + "/v1/veil/anonymize", data=json.dumps(body).encode(), method="POST")
    with urllib.request.urlopen(request) as r:
        answer = json.load(r)
    assert answer["body"]["system"] == "for [EMAIL_1]"
    assert {e["label"] for e in answer["entities"]} >= {"EMAIL", "PHONE", "CREDIT_CARD", "IBAN"}
    assert arecorded.requests() == []


def test_streamed_thinking_keeps_its_signature(client, arecorded):
    thinking = {"type": "enabled", "budget_tokens": 1024}
    with client.messages.stream(model="claude-x", max_tokens=2000, thinking=thinking, messages=user(SECRET_TEXT)) as stream:
        first = stream.get_final_message()
    assert first.content[0].type == "thinking" and "[EMAIL_1]" in first.content[0].thinking
    assert first.content[1].text == SECRET_TEXT
    messages = user(SECRET_TEXT) + [
        {"role": "assistant", "content": [b.model_dump(exclude_none=True) for b in first.content]},
        {"role": "user", "content": "Thanks."},
    ]
    r = client.messages.create(model="claude-x", max_tokens=2000, thinking=thinking, messages=messages)
    assert r.content[1].text == "Thanks."
    assert_upstream_clean(arecorded)


def test_beta_messages_keep_only_the_beta_query(client, arecorded):
    r = client.beta.messages.create(model="claude-x", max_tokens=100, messages=user(SECRET_TEXT),
                                    betas=["some-beta-2025-01-01"])
    assert r.content[0].text == SECRET_TEXT
    sent = assert_upstream_clean(arecorded)[-1]
    assert sent["headers"]["anthropic-beta"] == "some-beta-2025-01-01"
    # Older SDKs mark beta calls with `?beta=true`; no other query item crosses (it is not anonymized).
    import urllib.request
    body = json.dumps({"model": "m", "max_tokens": 10, "messages": user("hi")}).encode()
    target = client.base_url.join("/v1/messages?who=alice.o%27hara%40example.com&beta=true")
    with urllib.request.urlopen(urllib.request.Request(str(target), data=body, method="POST")) as r:
        assert json.load(r)["content"][0]["text"] == "hi"
    assert arecorded.requests()[-1]["path"] == "/v1/messages?beta=true"
