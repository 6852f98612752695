"""The seq2seq anonymizer's format and its copy-constrained decoding (Swift: Sources/Tagger/Seq2Seq).

Input: `encode(prefix) + text ids + encode(suffix) + [</s>]`, prefix/suffix = the prompt template around
`{text}` (default DEFAULT_TEMPLATE: the labels, then the text), the prefix without trailing spaces.
Target: the text's own token ids, with each value's tokens replaced by the spelling of `[LABEL_N]`
(`encode(tag)` where the first replaced token starts a word, the bare Unigram segmentation where it is glued
to what precedes it), then `</s>`. Built from token ids, not from re-tokenizing the anonymized text, so every
target is an output the copy constraint allows.

CopyConstraint is the same state machine as Swift's `CopyConstraint` (see its doc comment), path for path:
the goldens compare the two.
"""
import re

DEFAULT_TEMPLATE = "Anonymize the following text by replacing PII with tags. Labels: {labels}\nText: {text}"
LABEL_FORMAT = "[{label}]"
SEPARATOR = ", "


def prompt_parts(labels, template=DEFAULT_TEMPLATE, label_format=LABEL_FORMAT, separator=SEPARATOR):
    listed = separator.join(label_format.replace("{label}", l) for l in labels)
    filled = template.replace("{labels}", listed)
    prefix, suffix = filled.split("{text}")
    return prefix.rstrip(" "), suffix


def encoder_input(tok, labels, text_ids, eos=1, template=DEFAULT_TEMPLATE):
    prefix, suffix = prompt_parts(labels, template)
    p = tok.encode(prefix, add_special_tokens=False).ids if prefix else []
    s = tok.encode(suffix, add_special_tokens=False).ids if suffix else []
    return p + list(text_ids) + s + [eos]


def window_room(tok, labels, max_tokens, template=DEFAULT_TEMPLATE):
    prefix, suffix = prompt_parts(labels, template)
    p = len(tok.encode(prefix, add_special_tokens=False).ids) if prefix else 0
    s = len(tok.encode(suffix, add_special_tokens=False).ids) if suffix else 0
    return max(16, max_tokens - p - s - 1)


class Speller:
    def __init__(self, tok):
        self.tok = tok
        self.cache = {}

    def spellings(self, label, index):
        key = (label, index)
        if key not in self.cache:
            text = f"[{label}_{index}]"
            spaced = self.tok.encode(text, add_special_tokens=False).ids
            glued = [t.id for t in self.tok.model.tokenize(text)]
            self.cache[key] = [spaced] if (spaced == glued or not glued) else [spaced, glued]
        return self.cache[key]


class Source:
    def __init__(self, ids, offsets, pieces):
        n = len(ids)
        self.ids = list(ids)
        self.boundary = [True] * (n + 1)
        for j in range(1, n):
            self.boundary[j] = offsets[j - 1][1] <= offsets[j][0]
        self.word_start = [self.boundary[j] and pieces[j].startswith("▁") for j in range(n)]
        self.before = [0]
        for j in range(n + 1):
            self.before.append(self.before[j] + (1 if self.boundary[j] else 0))

    def __len__(self):
        return len(self.ids)

    def inner_boundaries(self, start, end):
        return 0 if end <= start + 1 else self.before[end] - self.before[start + 1]


class CopyConstraint:
    """Paths: dict(phase, pending, replacements, highest). phase: ("copy", pos) | ("tag", start, prefix) |
    ("after", start) | ("done",). Replacements: (start, end, label, index)."""

    def __init__(self, source, labels, speller, eos=1):
        self.source, self.labels, self.speller, self.eos = source, list(labels), speller, eos
        self.paths = [{"phase": ("copy", 0), "pending": [], "reps": [], "highest": {}}]

    def result(self):
        for p in self.paths:
            if p["phase"][0] == "done":
                return p["reps"]
        return None

    def candidates(self, path):
        out = []
        for label in self.labels:
            for index in range(1, path["highest"].get(label, 0) + 2):
                for s in self.speller.spellings(label, index):
                    if s:
                        out.append(((label, index), s))
        return out

    def feasible(self, start, end, tags):
        return end - start >= tags and (tags <= 1 or self.source.inner_boundaries(start, end) >= tags - 1)

    def resolve(self, start, end, tags):
        if len(tags) <= 1:
            return [(start, end, t[0], t[1]) for t in tags]
        inner = [j for j in range(start + 1, end) if self.source.boundary[j]]
        words = [j for j in inner if self.source.word_start[j]]
        pool = words if len(words) >= len(tags) - 1 else inner
        cuts = pool[len(pool) - (len(tags) - 1):]
        edges = [start] + cuts + [end]
        return [(edges[i], edges[i + 1], t[0], t[1]) for i, t in enumerate(tags)]

    def allowed(self):
        allowed = set()
        n = len(self.source)
        for path in self.paths:
            ph = path["phase"]
            if ph[0] == "copy":
                pos = ph[1]
                if pos < n:
                    allowed.add(self.source.ids[pos])
                    if self.source.boundary[pos]:
                        allowed.update(s[0] for _, s in self.candidates(path))
                else:
                    allowed.add(self.eos)
            elif ph[0] == "tag":
                prefix = ph[2]
                for _, s in self.candidates(path):
                    if len(s) > len(prefix) and tuple(s[:len(prefix)]) == prefix:
                        allowed.add(s[len(prefix)])
            elif ph[0] == "after":
                start, p = ph[1], len(path["pending"])
                for j in range(start + p, n):
                    if self.source.boundary[j] and self.feasible(start, j, p):
                        allowed.add(self.source.ids[j])
                if self.feasible(start, n, p + 1):
                    allowed.update(s[0] for _, s in self.candidates(path))
                if self.feasible(start, n, p):
                    allowed.add(self.eos)
        return sorted(allowed)

    def _extend(self, path, start, prefix):
        out = []
        complete, longer = None, False
        for tag, s in self.candidates(path):
            if tuple(s[:len(prefix)]) == prefix and len(s) >= len(prefix):
                if len(s) == len(prefix):
                    complete = complete or tag
                else:
                    longer = True
        if complete:
            highest = dict(path["highest"])
            highest[complete[0]] = max(highest.get(complete[0], 0), complete[1])
            out.append({"phase": ("after", start), "pending": path["pending"] + [complete], "reps": path["reps"],
                        "highest": highest})
        if longer:
            out.append(dict(path, phase=("tag", start, prefix)))
        return out

    def advance(self, token):
        nxt, seen = [], set()

        def add(p):
            key = (p["phase"], len(p["pending"]))
            if key not in seen:
                seen.add(key)
                nxt.append(p)

        n = len(self.source)
        for path in self.paths:
            ph = path["phase"]
            if ph[0] == "copy":
                pos = ph[1]
                if pos < n and self.source.ids[pos] == token:
                    add(dict(path, phase=("copy", pos + 1)))
                if pos < n and self.source.boundary[pos]:
                    for e in self._extend(path, pos, (token,)):
                        add(e)
                if pos == n and token == self.eos:
                    add(dict(path, phase=("done",)))
            elif ph[0] == "tag":
                for e in self._extend(path, ph[1], ph[2] + (token,)):
                    add(e)
            elif ph[0] == "after":
                start, p = ph[1], len(path["pending"])
                for j in range(start + p, n):
                    if self.source.boundary[j] and self.source.ids[j] == token and self.feasible(start, j, p):
                        add({"phase": ("copy", j + 1), "pending": [],
                             "reps": path["reps"] + self.resolve(start, j, path["pending"]), "highest": path["highest"]})
                if self.feasible(start, n, p + 1):
                    for e in self._extend(path, start, (token,)):
                        add(e)
                if token == self.eos and self.feasible(start, n, p):
                    add({"phase": ("done",), "pending": [],
                         "reps": path["reps"] + self.resolve(start, n, path["pending"]), "highest": path["highest"]})
        self.paths = nxt


def windows(offsets, pieces, text, room):
    """Swift `Seq2SeqWindows.ranges`: consecutive token windows of at most `room`, cut after a line break,
    then a sentence, then before a word, then at any boundary (the farthest past a quarter of the room)."""
    n = len(offsets)
    if n == 0:
        return []
    room = max(1, room)
    src = Source([0] * n, offsets, pieces)

    def level(j):
        if not src.boundary[j]:
            return -1
        gap_start = offsets[j - 1][1]
        k = offsets[j][0]
        while k < len(text) and k < offsets[j][1] and text[k].isspace():
            k += 1
        gap = text[gap_start:k] if gap_start < k else ""
        if "\n" in gap or "\r" in gap:
            return 3
        if gap and gap.isspace() and gap_start > 0 and text[gap_start - 1] in ".!?":
            return 2
        return 1 if src.word_start[j] else 0

    out, start = [], 0
    while n - start > room:
        limit = start + room
        best, best_level = limit, -1
        for j in range(limit, start + max(1, room // 4), -1):
            l = level(j)
            if l > best_level:
                best, best_level = j, l
            if l == 3:
                break
        out.append((start, best))
        start = best
    out.append((start, n))
    return out


def is_space(c):
    return c.isspace()


def spans_from(reps, offsets, text):
    """Replacements -> [(start, end, label, index)] character spans (whitespace trimmed; whitespace-only dropped)."""
    out = []
    for s, e, label, index in reps:
        lo, hi = offsets[s][0], offsets[e - 1][1]
        while lo < hi and text[lo].isspace():
            lo += 1
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        if lo < hi:
            out.append((lo, hi, label, index))
    return out


def normalized(value):
    return " ".join(value.lower().split())


def build_target(tok, speller, text, ids, offsets, pieces, spans, eos=1):
    """Target ids for one window: source ids, each span's tokens (those whose non-space characters touch it,
    widened to boundaries) replaced by its tag; same label + same normalized value -> same index."""
    src = Source(ids, offsets, pieces)
    n = len(ids)
    runs = []
    for s, e, label in sorted(spans):
        toks = [j for j in range(n) if _core(text, offsets[j]) and _core(text, offsets[j])[0] < e
                and _core(text, offsets[j])[1] > s]
        if not toks:
            continue
        a, b = toks[0], toks[-1] + 1
        while a > 0 and not src.boundary[a]:
            a -= 1
        while b < n and not src.boundary[b]:
            b += 1
        if runs and a < runs[-1][1]:
            continue  # overlaps the previous value's tokens: the earlier tag covers it
        runs.append((a, b, label, normalized(text[s:e])))
    out, pos, numbers = [], 0, {}
    for a, b, label, value in runs:
        out += ids[pos:a]
        index = numbers.setdefault((label, value), 1 + sum(1 for k in numbers if k[0] == label))
        spellings = speller.spellings(label, index)
        spelling = spellings[0] if (src.word_start[a] or len(spellings) == 1) else spellings[1]
        out += spelling
        pos = b
    out += ids[pos:]
    return out + [eos]


def _core(text, off):
    s, e = off
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e) if s < e else None


def constrained_greedy(model, tok, input_ids, source, labels, max_new=None, eos=1):
    """Greedy decoding under CopyConstraint with the HF model (full logits, argmax over the allowed ids, lowest
    id on ties). Returns (generated ids, replacements or None)."""
    import torch
    speller = Speller(tok)
    cons = CopyConstraint(source, labels, speller, eos)
    max_new = max_new or len(source) * 24 + 2
    enc = model.get_encoder()(input_ids=torch.tensor([input_ids]))
    dec = torch.tensor([[model.config.decoder_start_token_id]])
    past = None
    out = []
    with torch.no_grad():
        for _ in range(max_new):
            r = model(encoder_outputs=enc, decoder_input_ids=dec, past_key_values=past, use_cache=True)
            past = r.past_key_values
            logits = r.logits[0, -1]
            allowed = cons.allowed()
            if not allowed:
                break
            best = allowed[0]
            for i in allowed[1:]:
                if logits[i] > logits[best]:
                    best = i
            out.append(best)
            cons.advance(best)
            if best == eos:
                break
            dec = torch.tensor([[best]])
    return out, cons.result()


TAG = re.compile(r"\[([A-Z][A-Z0-9_]*?)_(\d+)\]")
