"""Issue #15, item 4: raw values must not go out in fields Veil did not visit before — tool
descriptions and JSON-schema enums/defaults, response_format / text.format schemas, stop,
metadata, Responses prompt variables, unknown fields, extra keys — through the real SDKs. The
upstream must never see the raw e-mails, and the client must get the real values back."""
import json

import anthropic
import openai
import pytest

from conftest import Mock, Veil

USER = "ann.real@example.com"
OTHER = "bob.real@example.net"
OPS = "ops.lead@example.org"
EMAILS = [USER, OTHER, OPS]

TOOLS = [{"type": "function", "function": {
    "name": "send_email",
    "description": f"Send an e-mail. The default sender is {OPS}.",
    "strict": True,
    "parameters": {
        "type": "object", "additionalProperties": False, "required": ["to", "body"],
        "properties": {
            "to": {"type": "string", "enum": [USER, OTHER], "description": f"recipient, e.g. {USER}"},
            "body": {"type": "string", "default": f"Hello from {OPS}"},
        },
    },
}}]

RESPONSE_FORMAT = {"type": "json_schema", "json_schema": {
    "name": "mail", "description": f"A mail for {USER}", "strict": True,
    "schema": {"type": "object", "properties": {"to": {"type": "string", "enum": [USER]}}, "required": ["to"]},
}}


@pytest.fixture()
def client(veil):
    return openai.OpenAI(base_url=veil.url + "/v1", api_key="sk-test-not-a-real-key-000000", max_retries=0)


def upstream_saw(mock):
    return json.dumps(mock.requests())


def assert_no_raw_email(seen):
    for value in EMAILS:
        assert value not in seen, f"upstream saw {value!r}"


def test_chat_tools_schema_response_format_metadata_stop(client, recorded):
    r = client.chat.completions.create(
        model="gpt-x",
        messages=[{"role": "user", "content": f"Send the report to {USER}"}],
        tools=TOOLS, tool_choice="auto", response_format=RESPONSE_FORMAT,
        metadata={"owner": OPS}, stop=[OPS, "END"], store=True,
        extra_body={"documents": [{"id": "d1", "text": f"written by {OTHER}"}]},
    )
    seen = upstream_saw(recorded)
    assert_no_raw_email(seen)
    body = json.loads(recorded.requests()[-1]["body"])
    # The enum shares the message's placeholder, so the model can answer with it.
    to = body["tools"][0]["function"]["parameters"]["properties"]["to"]
    assert to["enum"][0] in body["messages"][0]["content"]
    assert to["enum"][0].startswith("[EMAIL_")
    # Structure goes out as it came.
    assert body["model"] == "gpt-x" and body["tool_choice"] == "auto"
    assert body["tools"][0]["function"]["name"] == "send_email"
    assert body["tools"][0]["function"]["parameters"]["required"] == ["to", "body"]
    assert to["type"] == "string" and body["response_format"]["json_schema"]["name"] == "mail"
    assert body["stop"][1] == "END" and body["stop"][0].startswith("[EMAIL_")
    # The client gets the real values back.
    args = json.loads(r.choices[0].message.tool_calls[0].function.arguments)
    assert args["to"] == USER
    assert args["body"] == f"Send the report to {USER}"


def test_chat_stream_with_tools_restores(client, recorded):
    stream = client.chat.completions.create(
        model="gpt-x", stream=True, messages=[{"role": "user", "content": f"Mail {USER}"}], tools=TOOLS)
    args = ""
    for chunk in stream:
        for choice in chunk.choices:
            for call in choice.delta.tool_calls or []:
                args += call.function.arguments or ""
    assert json.loads(args)["to"] == USER
    assert_no_raw_email(upstream_saw(recorded))


def test_responses_prompt_variables_tools_and_text_format(client, recorded):
    r = client.responses.create(
        model="gpt-x", input=f"Write to {USER}",
        prompt={"id": "pmpt_1", "version": "2", "variables": {"sender": OPS, "cc": {"type": "input_text", "text": OTHER}}},
        tools=[{"type": "function", "name": "send_email", "description": f"sender {OPS}",
                "parameters": TOOLS[0]["function"]["parameters"], "strict": True}],
        text={"format": {"type": "json_schema", "name": "mail", "description": f"for {USER}",
                         "schema": RESPONSE_FORMAT["json_schema"]["schema"]}},
        metadata={"owner": OPS}, safety_identifier=USER,
    )
    assert r.output_text == f"Write to {USER}"
    seen = upstream_saw(recorded)
    assert_no_raw_email(seen)
    body = json.loads(recorded.requests()[-1]["body"])
    assert body["prompt"]["id"] == "pmpt_1" and body["prompt"]["variables"]["cc"]["type"] == "input_text"


def test_a_schema_pattern_holding_a_value_is_refused(client, recorded):
    tools = [{"type": "function", "function": {"name": "f", "parameters": {
        "type": "object", "properties": {"to": {"type": "string", "pattern": f"^{USER}$"}}}}}]
    with pytest.raises(openai.BadRequestError) as info:
        client.chat.completions.create(model="gpt-x", messages=[{"role": "user", "content": "hi"}], tools=tools)
    assert info.value.body["code"] == "unsupported_content"
    assert USER not in json.dumps(info.value.body)
    assert recorded.requests() == []


@pytest.fixture(scope="module")
def amock():
    m = Mock("mock_anthropic.py")
    yield m
    m.stop()


@pytest.fixture(scope="module")
def aveil(mock, amock):
    v = Veil(mock.url, env={"VEIL_ANTHROPIC_UPSTREAM": amock.url})
    yield v
    v.stop()


def test_anthropic_tools_input_schema_metadata_stop_sequences(aveil, amock):
    amock.reset()
    client = anthropic.Anthropic(base_url=aveil.url, api_key="sk-ant-test-000000", max_retries=0)
    r = client.messages.create(
        model="claude-x", max_tokens=100,
        messages=[{"role": "user", "content": [{"type": "text", "text": f"Mail {USER}"}]}],
        tools=[{"name": "send", "description": f"Send mail; sender {OPS}",
                "input_schema": {"type": "object", "properties": {
                    "recipient": {"type": "string", "enum": [USER, OTHER], "description": f"e.g. {OTHER}"}}}}],
        metadata={"user_id": OPS}, stop_sequences=[OPS],
        extra_body={"documents": [OTHER]},
    )
    assert_no_raw_email(upstream_saw(amock))
    body = json.loads(amock.requests()[-1]["body"])
    assert body["tools"][0]["name"] == "send" and body["tools"][0]["input_schema"]["type"] == "object"
    tool_use = next(b for b in r.content if b.type == "tool_use")
    assert tool_use.input["recipient"] == f"Mail {USER}"
