"""Veil holding the provider key: clients must present one of Veil's own keys."""
import json

import openai
import pytest

from conftest import Veil


@pytest.fixture(scope="module")
def guarded(mock):
    v = Veil(mock.url, env={"VEIL_API_KEYS": "veil-client-key-1,veil-client-key-2",
                            "VEIL_UPSTREAM_API_KEY": "sk-upstream-secret"})
    yield v
    v.stop()


def test_request_without_valid_key_is_401_and_not_forwarded(guarded, recorded):
    client = openai.OpenAI(base_url=guarded.url + "/v1", api_key="wrong-key", max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    assert recorded.requests() == []


def test_valid_key_is_replaced_by_the_upstream_key(guarded, recorded):
    client = openai.OpenAI(base_url=guarded.url + "/v1", api_key="veil-client-key-2", max_retries=0)
    r = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hello"}])
    assert r.choices[0].message.content == "hello"
    seen = recorded.requests()[-1]["headers"]
    assert seen["authorization"] == "Bearer sk-upstream-secret"
    logs = guarded.logs()
    assert "veil-client-key-2" not in logs and "sk-upstream-secret" not in logs
