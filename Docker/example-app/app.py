"""The example application next to Veil (Docker/docker-compose.yml).

An ordinary OpenAI SDK client: the only Veil-specific setting is the base URL, localhost because
the app shares Veil's network namespace. It also asks Veil's dry-run endpoint what the provider
saw, to show the redaction.
"""
import json
import os
import urllib.request

from openai import OpenAI

BASE_URL = os.environ.get("OPENAI_BASE_URL", "http://localhost:8080/v1")
PROMPT = os.environ.get(
    "PROMPT",
    "Write a two-line reply to Alice Martin (alice.martin@example.com, +44 20 7946 0958) "
    "confirming Tuesday's meeting.",
)


def what_the_provider_sees(text):
    request = urllib.request.Request(BASE_URL + "/veil/anonymize", data=json.dumps({"text": text}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["text"]


def main():
    client = OpenAI(base_url=BASE_URL, api_key=os.environ.get("OPENAI_API_KEY", "held-by-veil"))
    print("prompt:        ", PROMPT)
    print("provider sees: ", what_the_provider_sees(PROMPT))
    answer = client.chat.completions.create(model=os.environ.get("MODEL", "gpt-4o-mini"),
                                            messages=[{"role": "user", "content": PROMPT}])
    print("answer:        ", answer.choices[0].message.content)


if __name__ == "__main__":
    main()
