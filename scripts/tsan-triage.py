#!/usr/bin/env python3
"""Sorts the reports of a ThreadSanitizer test run (scripts/sanitize.sh thread > log).

Swift 6.3's Synchronization.Mutex on Linux locks through a futex path TSan does not see, so it
reports "races" between two accesses that are both inside `Mutex.withLock` (reproduced with a
20-line program in docs/RELIABILITY.md). This script separates those from the rest: a report is
`under-mutex` when, in each of its two access stacks, one of the first frames that point into this
repository sits on a source line calling `withLock`. Everything else is printed for reading.

    scripts/tsan-triage.py /tmp/tsan.log
"""
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FRAME = re.compile(r"#\d+ (\S+) (/\S+?):(\d+)(?::\d+)? ")
# "Read of size 8 at …", "Previous write of size …", "Modifying access of Swift variable at …"
ACCESS = re.compile(r"^(previous )?(atomic )?(read|write|modifying)\b.*( of size | access of )", re.I)


def stacks(report):
    """The two access stacks of a report, as lists of (function, file, line)."""
    out, current = [], None
    for line in report.splitlines():
        if ACCESS.match(line.strip()):
            current = []
            out.append(current)
        elif current is not None and line.strip().startswith("#"):
            m = FRAME.search(line)
            current.append((m.group(1), m.group(2), int(m.group(3))) if m else (line.strip(), "", 0))
        elif current is not None and not line.strip():
            current = None
    return out[:2]


def source_line(path, number):
    try:
        return Path(path).read_text().splitlines()[number - 1]
    except (OSError, IndexError):
        return ""


def under_mutex(stack, depth=4):
    ours = [(f, p, n) for f, p, n in stack if p.startswith(str(ROOT))][:depth]
    return any("withLock" in source_line(p, n) for _, p, n in ours)


def main(path):
    text = Path(path).read_text(errors="replace")
    reports = re.findall(r"WARNING: ThreadSanitizer:.*?SUMMARY: ThreadSanitizer:[^\n]*", text, re.S)
    kinds, other = Counter(), []
    for report in reports:
        pair = stacks(report)
        if len(pair) == 2 and all(under_mutex(s) for s in pair):
            kinds["under-mutex"] += 1
        else:
            kinds["other"] += 1
            other.append(report)
    print(f"{len(reports)} reports: {kinds['under-mutex']} with both accesses inside Mutex.withLock, {kinds['other']} other")
    seen = set()
    for report in other:
        key = tuple((f, n) for s in stacks(report) for f, _, n in s[:2])
        if key in seen:
            continue
        seen.add(key)
        print("-" * 80)
        print("\n".join(report.splitlines()[:30]))


if __name__ == "__main__":
    main(sys.argv[1])
