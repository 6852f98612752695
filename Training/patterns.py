"""A small regex detector set, to approximate "model + patterns" in evaluate.py (--patterns).

The Swift anonymizer has its own pattern detectors; these are a stand-in of the same kind (high-precision
formats only), not a copy of them.
"""
import re

PATTERNS = [
    ("EMAIL", re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")),
    ("URL", re.compile(r"\bhttps?://[^\s<>\"')\]]+")),
    ("IP_ADDRESS", re.compile(r"\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b")),
    ("IBAN", re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")),
    ("CREDIT_CARD", re.compile(r"\b(?:\d{4}[ -]?){3}\d{1,4}\b")),
    ("DATE", re.compile(r"\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})\b")),
    ("PHONE", re.compile(r"(?<![\w.])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,8}(?:[ .-]\d{2,8}){1,4}(?![\w.])")),
]


def luhn(digits: str) -> bool:
    total, alt = 0, False
    for ch in reversed(digits):
        d = int(ch)
        if alt:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
        alt = not alt
    return total % 10 == 0


def find(text, labels=None):
    """Spans of every pattern; where two overlap, the earlier pattern in PATTERNS wins."""
    out = []
    for label, rx in PATTERNS:
        if labels is not None and label not in labels:
            continue
        for m in rx.finditer(text):
            value = m.group()
            start, end = m.start(), m.end()
            if label == "URL":
                end -= len(value) - len(value.rstrip(".,;:!?"))
            if label == "CREDIT_CARD" and not luhn(re.sub(r"\D", "", value)):
                continue
            if label == "PHONE" and len(re.sub(r"\D", "", value)) < 7:
                continue
            if any(s < end and start < e for s, e, _ in out):
                continue
            out.append((start, end, label))
    return sorted(out)


def merge(model_spans, pattern_spans):
    """Union; a pattern span overlapping a model span of another label is dropped (the model saw context)."""
    out = list(model_spans)
    for s, e, l in pattern_spans:
        clash = [m for m in model_spans if m[0] < e and s < m[1]]
        if not clash:
            out.append((s, e, l))
        elif all(m[2] == l for m in clash):
            out = [m for m in out if m not in clash] + [(min([s] + [m[0] for m in clash]), max([e] + [m[1] for m in clash]), l)]
    return sorted(set(out))
