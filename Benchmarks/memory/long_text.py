#!/usr/bin/env python3
"""Peak memory and time of `veil anonymize` on one long text (issue #15, item 6).

Generates ordinary prose (seeded; names, e-mail addresses and phone numbers sprinkled in) of
each size, runs `/usr/bin/time -v veil anonymize [ARGS] FILE` once per size, and prints the
peak resident set size, the wall time and the output size. Standard library only.

    python3 Benchmarks/memory/long_text.py                       # ~90 KB, ~270 KB, ~1 MB, release build
    python3 Benchmarks/memory/long_text.py --sizes 90000 --veil /tmp/old-veil
    python3 Benchmarks/memory/long_text.py --veil-arg=--patterns-only   # the baseline without the model

A text over the model text limit (`model_max_text`, default 1 MiB) is refused with exit 65; pass
`--veil-arg=--model-max-text=N` to raise it. The text is never printed.
"""

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time

FIRST = ["Alice", "Marta", "Jonas", "Priya", "Tomasz", "Chen", "Fatima", "Lucas", "Ingrid", "Omar",
         "Sofia", "Daniel", "Keiko", "Rafael", "Hannah", "Mateo", "Elena", "Samuel", "Aylin", "Noah"]
LAST = ["Kowalski", "Lindqvist", "Okafor", "Moreau", "Haddad", "Brennan", "Nakamura", "Silva",
        "Fischer", "Novak", "Garcia", "Petrov", "Andersen", "Rossi", "Yilmaz", "Dubois"]
DOMAINS = ["example.com", "example.org", "mail.example.net", "firma.example"]
SENTENCES = [
    "The committee met on Thursday to review the budget for the coming quarter.",
    "Most of the discussion was about the delayed delivery of the new servers.",
    "{name} pointed out that the supplier had already extended the deadline twice.",
    "Please send the revised figures to {email} before the end of the week.",
    "The weather held up, so the site visit went ahead as planned.",
    "We agreed to move the training sessions to the larger room on the second floor.",
    "{name} will call the landlord on {phone} about the heating in the east wing.",
    "Nobody objected to the proposal, although a few questions remain open.",
    "The minutes of the last meeting were approved without changes.",
    "If you have comments on the draft, reply to {email} or talk to {name} directly.",
    "Attendance at the workshop was higher than expected, with forty people signing up.",
    "The library will be closed for maintenance during the first week of next month.",
    "{name} and {name2} volunteered to organise the summer event.",
    "A short survey will go out to all members after the holidays.",
]


def prose(size, seed):
    rng = random.Random(seed)
    parts, total = [], 0
    while total < size:
        paragraph = []
        for _ in range(rng.randint(3, 7)):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            name2 = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            email = f"{name.split()[0].lower()}.{name.split()[1].lower()}@{rng.choice(DOMAINS)}"
            phone = f"+44 20 7946 {rng.randint(0, 9999):04d}"
            paragraph.append(rng.choice(SENTENCES).format(name=name, name2=name2, email=email, phone=phone))
        text = " ".join(paragraph) + "\n\n"
        parts.append(text)
        total += len(text.encode())
    return "".join(parts)[:size]


def measure(veil, args, path):
    start = time.monotonic()
    run = subprocess.run(["/usr/bin/time", "-v", veil, "anonymize", *args, path],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.monotonic() - start
    err = run.stderr.decode(errors="replace")
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    status = re.search(r"Exit status: (\d+)", err)
    first = next((line for line in err.splitlines() if line.startswith("Error:")), "")
    return {
        "peak_mb": int(peak.group(1)) / 1024 if peak else float("nan"),
        "seconds": wall,
        "exit": int(status.group(1)) if status else run.returncode,
        "out_bytes": len(run.stdout),
        "error": first,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--veil", default=".build/release/veil")
    parser.add_argument("--sizes", default="90000,270000,1000000", help="text sizes in bytes, comma-separated")
    parser.add_argument("--veil-arg", action="append", default=[], help="extra argument for veil anonymize (repeatable)")
    parser.add_argument("--seed", type=int, default=15)
    opts = parser.parse_args()
    sizes = [int(s) for s in opts.sizes.split(",") if s]
    print(f"veil: {opts.veil} {' '.join(opts.veil_arg)}")
    print(f"{'bytes':>9} {'peak RSS MB':>12} {'seconds':>8} {'exit':>4} {'out bytes':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = os.path.join(tmp, f"text-{size}.txt")
            with open(path, "w") as f:
                f.write(prose(size, opts.seed))
            r = measure(opts.veil, opts.veil_arg, path)
            print(f"{size:>9} {r['peak_mb']:>12.1f} {r['seconds']:>8.1f} {r['exit']:>4} {r['out_bytes']:>10}"
                  + (f"  {r['error']}" if r["error"] else ""), flush=True)


if __name__ == "__main__":
    sys.exit(main())
