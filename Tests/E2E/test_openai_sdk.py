"""The real openai SDK pointed at Veil: the mock upstream must never see the sensitive values,
and the SDK must get them back exactly — plain, streamed, tool calls, embeddings, responses."""
import json

import openai
import pytest

SECRET_TEXT = (
    "Write to alice.o'hara@example.com or call +44 20 7946 0958. "
    "Card 4111 1111 1111 1111, IBAN GB82 WEST 1234 5698 7654 32, server 10.1.2.3."
)
SENSITIVE = ["alice.o'hara@example.com", "+44 20 7946 0958", "4111 1111 1111 1111",
             "GB82 WEST 1234 5698 7654 32", "10.1.2.3"]


@pytest.fixture()
def client(veil):
    return openai.OpenAI(base_url=veil.url + "/v1", api_key="sk-test-not-a-real-key-000000", max_retries=0)


def assert_upstream_clean(mock):
    seen = json.dumps(mock.requests())
    for value in SENSITIVE:
        assert value not in seen, f"upstream saw {value!r}"
    assert "[EMAIL_1]" in seen


def test_chat_completion_round_trip(client, recorded):
    r = client.chat.completions.create(model="gpt-x", messages=[{"role": "user", "content": SECRET_TEXT}])
    assert r.choices[0].message.content == SECRET_TEXT
    assert_upstream_clean(recorded)


def test_chat_completion_stream_restores_split_placeholders(client, recorded):
    stream = client.chat.completions.create(model="gpt-x", stream=True, stream_options={"include_usage": True},
                                            messages=[{"role": "user", "content": SECRET_TEXT}])
    text, usage = "", None
    for chunk in stream:
        if chunk.usage:
            usage = chunk.usage
        for choice in chunk.choices:
            text += choice.delta.content or ""
    assert text == SECRET_TEXT
    assert usage is not None and usage.total_tokens == 10
    assert_upstream_clean(recorded)


def test_stream_with_two_choices(client, recorded):
    stream = client.chat.completions.create(model="gpt-x", stream=True, n=2,
                                            messages=[{"role": "user", "content": SECRET_TEXT}])
    texts = {0: "", 1: ""}
    for chunk in stream:
        for choice in chunk.choices:
            texts[choice.index] += choice.delta.content or ""
    assert texts == {0: SECRET_TEXT, 1: SECRET_TEXT}


TOOLS = [{"type": "function", "function": {"name": "send", "parameters": {"type": "object", "properties": {}}}}]


def test_tool_call_arguments_restored_as_valid_json(client, recorded):
    r = client.chat.completions.create(model="gpt-x", tools=TOOLS, messages=[{"role": "user", "content": SECRET_TEXT}])
    args = json.loads(r.choices[0].message.tool_calls[0].function.arguments)
    assert args["recipient"] == SECRET_TEXT
    assert args["note"] == 'quoted "' + SECRET_TEXT + '"'
    assert_upstream_clean(recorded)


def test_streamed_tool_call_arguments_restored(client, recorded):
    stream = client.chat.completions.create(model="gpt-x", tools=TOOLS, stream=True,
                                            messages=[{"role": "user", "content": SECRET_TEXT}])
    args = ""
    for chunk in stream:
        for choice in chunk.choices:
            for call in choice.delta.tool_calls or []:
                args += call.function.arguments or ""
    assert json.loads(args)["recipient"] == SECRET_TEXT
    assert_upstream_clean(recorded)


def test_assistant_history_and_tool_results_are_redacted(client, recorded):
    r = client.chat.completions.create(model="gpt-x", messages=[
        {"role": "system", "content": "Mail support@veil.example if stuck."},
        {"role": "user", "content": SECRET_TEXT},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "send", "arguments": json.dumps({"to": "alice.o'hara@example.com"})}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "sent to +44 20 7946 0958"},
        {"role": "user", "content": SECRET_TEXT},
    ])
    assert r.choices[0].message.content == SECRET_TEXT
    assert_upstream_clean(recorded)
    body = json.loads(recorded.requests()[-1]["body"])
    # The same value gets the same placeholder across all messages of the request.
    assert json.loads(body["messages"][2]["tool_calls"][0]["function"]["arguments"])["to"] == "[EMAIL_2]"
    assert "[PHONE_1]" in body["messages"][3]["content"]


def test_embeddings_input_is_redacted(client, recorded):
    r = client.embeddings.create(model="emb-x", input=[SECRET_TEXT, "plain text"])
    assert len(r.data) == 2
    assert_upstream_clean(recorded)


def test_responses_round_trip(client, recorded):
    r = client.responses.create(model="gpt-x", input=SECRET_TEXT)
    assert r.output_text == SECRET_TEXT
    assert_upstream_clean(recorded)


def test_responses_stream_round_trip(client, recorded):
    text = ""
    with client.responses.stream(model="gpt-x", input=SECRET_TEXT) as stream:
        for event in stream:
            if event.type == "response.output_text.delta":
                text += event.delta
        final = stream.get_final_response()
    assert text == SECRET_TEXT
    assert final.output_text == SECRET_TEXT
    assert_upstream_clean(recorded)


def test_completions_prompt_round_trip(client, recorded):
    r = client.completions.create(model="gpt-x", prompt=SECRET_TEXT)
    assert r.choices[0].text == SECRET_TEXT
    assert_upstream_clean(recorded)


def test_models_pass_through(client):
    assert [m.id for m in client.models.list()] == ["mock-model"]
    assert client.models.retrieve("abc").id == "abc"


def test_upstream_error_is_passed_through_and_reidentified(client, recorded):
    with pytest.raises(openai.BadRequestError) as e:
        client.chat.completions.create(model="gpt-x", messages=[{"role": "user", "content": "MOCK_ERROR " + SECRET_TEXT}])
    assert "alice.o'hara@example.com" in str(e.value)
    assert_upstream_clean(recorded)


def test_logs_never_contain_values(veil):
    logs = veil.logs()
    for value in SENSITIVE + ["sk-test-not-a-real-key-000000"]:
        assert value not in logs


def test_metrics_count_requests_and_labels_without_values(client, veil):
    import urllib.request
    client.chat.completions.create(model="gpt-x", messages=[{"role": "user", "content": SECRET_TEXT}])
    with urllib.request.urlopen(veil.url + "/metrics") as r:
        assert r.headers["Content-Type"].startswith("text/plain")
        text = r.read().decode()
    assert 'veil_requests_total{route="/v1/chat/completions",status="200"}' in text
    assert 'veil_entities_redacted_total{label="EMAIL"}' in text
    assert "veil_open_connections" in text
    for value in SENSITIVE:
        assert value not in text
