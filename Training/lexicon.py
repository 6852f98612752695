"""Common words: words the training text uses often and practically never inside a value.

A briefly trained tagger tags stray ordinary words ("contacted", "Sincerely", "method") as NAME or EMAIL.
A span made only of such words (and no digit) is dropped after decoding (tagging.veil_postprocess, Swift
CommonWords). The list is derived from the training split, not written by hand:

    word w (lower-cased letter run) is common  <=>  outside(w) >= MIN_OUTSIDE  and  inside(w) <= MAX_INSIDE_SHARE * outside(w)

where inside/outside count its occurrences inside/outside gold spans (and `ignore` ranges count as inside),
and w occurs in human-written (non-synthetic) text at least once.
export.py writes it next to the weights (common_words.txt, config.json `veil_common_words`).

    python lexicon.py --out runs/common_words.txt     # statistics and the list
"""
import argparse
import collections
import os
import re

import data

WORD = re.compile(r"[^\W\d_]+")
MIN_OUTSIDE = 5
MAX_INSIDE_SHARE = 0.01
FILE_NAME = "common_words.txt"


def common_words(examples, min_outside=MIN_OUTSIDE, max_inside_share=MAX_INSIDE_SHARE):
    inside, outside, human = collections.Counter(), collections.Counter(), set()
    for ex in examples:
        text = ex["text"]
        mask = bytearray(len(text))
        for s, e, *_ in ex["spans"] + ex.get("ignore", []):
            mask[s:e] = b"\1" * (e - s)
        for m in WORD.finditer(text):
            word = m.group().lower()
            (inside if any(mask[m.start():m.end()]) else outside)[word] += 1
            if ex.get("source") != "synthetic":
                human.add(word)
    # A word must also occur in human-written text: the generator's typos ("abnk") are no vocabulary.
    return sorted(w for w, n in outside.items()
                  if n >= min_outside and inside[w] <= max_inside_share * n and (w in human or not human))


def is_common(text, words):
    """True when `text` has no digit and every letter run in it is a common word."""
    if not words or any(c.isdigit() for c in text):
        return False
    runs = WORD.findall(text)
    return bool(runs) and all(r.lower() in words for r in runs)


def load(folder, config):
    """The model's common words (config.json `veil_common_words` names the file), or an empty set."""
    name = config.get("veil_common_words")
    if not name:
        return frozenset()
    with open(os.path.join(folder, name), encoding="utf-8") as f:
        return frozenset(line.strip() for line in f if line.strip())


def write(path, words):
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(w + "\n" for w in words))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--synthetic-dir", default=os.path.join(data.HERE, "cache"))
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    exs, _ = data.load_all(data.data_dir(args.data_dir), synthetic_dir=args.synthetic_dir)
    words = common_words([e for e in exs if e["split"] == "train"])
    print(f"{len(words)} common words")
    if args.out:
        write(args.out, words)


if __name__ == "__main__":
    main()
