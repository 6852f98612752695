"""Quality metrics shared by Benchmarks/quality/cli_eval.py and Training/evaluate.py. Standard library only.

An example is a dict in Training/data.py's format: {"id", "source", "text", "spans": [[start, end, LABEL]],
"ignore": [[start, end]]}, plus, for the everyday set (load_everyday), "fictional": [[start, end]] (gold
spans of invented characters) and "public": [strings a proxy should leave alone]. Predictions are
[(start, end, label)] in code points (Veil's entities are in Unicode scalars, the same thing).

Definitions (issue 14, "5. Evaluation"):
  leak            gold values longer than 3 characters still present verbatim in the redacted text
                  (values that are placeholders already, "[DATE_1]" in a GPT-written context, are not counted)
  recall          gold spans whose non-space characters are all masked (any label) / gold spans
  precision       predicted spans overlapping a gold or ignored span / predicted spans (every label)
  over            masked characters outside gold and ignored spans / characters outside them (over-redaction)
  untouched       prompts without a gold span that get no entity at all / prompts without a gold span
  chars_masked    characters of the prompts without a gold span inside any entity / their characters (pooled)
  public_masked   public mentions whose first occurrence in the text overlaps an entity / public mentions found
  real_not_fully  gold spans without `fictional` not entirely covered by the union of entities (every character,
                  as the issue's figures count it: two entities with an unmasked space between them do not
                  cover "Crew Purdie") / gold spans without `fictional`
  name_leak       leak counted on NAME spans only (person names, the real-prose target)
A metric without a denominator in a set (no public list, no prompt without gold) is None.
"""
import collections
import json
import os
import re

PLACEHOLDER = re.compile(r"\[[A-Z][A-Z_]*_\d+\]")
EVERYDAY_FILE = os.path.join("everyday", "everyday-dev.jsonl")
# Labels everyday-dev annotates (its SOURCES.md); ID_NUMBER, ACCOUNT, CREDIT_CARD and DATE_OF_BIRTH occur in none.
EVERYDAY_LABELS = ["NAME", "EMAIL", "PHONE", "ADDRESS", "USERNAME", "IP_ADDRESS", "SECRET", "ID_NUMBER",
                   "ACCOUNT", "CREDIT_CARD", "DATE_OF_BIRTH", "URL"]
# Column order of the tables, with their headers and how each is printed.
COLUMNS = [("docs", "docs", "n"), ("gold", "gold", "n"), ("entities", "entities", "n"), ("leak", "leak", "%"),
           ("recall", "recall", "%"), ("precision", "precision", "%"), ("over", "over-redaction", "%2"),
           ("untouched", "PII-free untouched", "%"), ("chars_masked", "their chars masked", "%2"),
           ("public_masked", "public masked", "%"), ("real_not_fully", "real values not fully masked", "%"),
           ("name_leak", "NAME leak", "%")]


def load_everyday(ddir, name=EVERYDAY_FILE):
    """everyday-dev.jsonl as examples (spans [[s, e, LABEL]], "fictional" ranges, "public" strings), or []
    when the file is not there."""
    path = os.path.join(ddir, name)
    if not os.path.exists(path):
        return []
    out = []
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        spans = [[s["start"], s["end"], s["label"]] for s in d["spans"]]
        for s, e, _ in spans:
            assert 0 <= s < e <= len(d["text"]), d["id"]
        out.append({"id": d["id"], "source": d["source"], "group": d["id"].split("-")[0], "split": "dev",
                    "text": d["text"], "spans": spans, "ignore": [], "labels": EVERYDAY_LABELS,
                    "fictional": [[s["start"], s["end"]] for s in d["spans"] if s.get("fictional")],
                    "public": d.get("public", [])})
    return out


def mask_of(n, spans):
    """bytearray of length n, 1 where any of the [start, end, ...] spans covers a character."""
    m = bytearray(n)
    for sp in spans:
        s, e = max(sp[0], 0), min(sp[1], n)
        if s < e:
            m[s:e] = b"\1" * (e - s)
    return m


def redact(text, spans):
    """The text with each span replaced by [LABEL] (a span overlapping an earlier one replaces only what is left
    of it): what the leak check reads when a system gives spans but no text of its own."""
    out, pos = [], 0
    for s, e, lab in sorted((sp[0], sp[1], sp[2]) for sp in spans):
        s = max(s, pos)
        if s >= e:
            continue
        out.append(text[pos:s])
        out.append(f"[{lab}]")
        pos = e
    out.append(text[pos:])
    return "".join(out)


def covered(text, mask, s, e):
    """Every non-space character of text[s:e] is masked."""
    return all(mask[i] for i in range(s, e) if not text[i].isspace())


def counts(ex, pred, redacted=None):
    """Raw counts for one example; add them up with a Counter and turn them into rates with rates()."""
    text = ex["text"]
    redacted = redact(text, pred) if redacted is None else redacted
    n = len(text)
    mask = mask_of(n, pred)
    gold_mask = mask_of(n, ex["spans"])
    known = mask_of(n, list(ex["spans"]) + [list(x) for x in ex.get("ignore", [])])
    fictional = {(s, e) for s, e in ex.get("fictional", [])}
    c = collections.Counter(docs=1)
    for s, e, lab in ex["spans"]:
        value = text[s:e]
        c["gold"] += 1
        full = covered(text, mask, s, e)  # recall: whitespace aside
        c["found"] += full
        if (s, e) not in fictional:
            c["real"] += 1
            c["real_not_fully"] += not all(mask[s:e])
        # Some GPT-written contexts already hold placeholders ("[DATE_1]") that the annotation counts as
        # values; Veil's own output can spell the same string, so their leak cannot be measured.
        if len(value) > 3 and not PLACEHOLDER.fullmatch(value):
            leaked = value in redacted
            c["gold>3"] += 1
            c["leak"] += leaked
            if lab == "NAME":
                c["name>3"] += 1
                c["name_leak"] += leaked
    for sp in pred:
        c["entities"] += 1
        c["entities_ok"] += any(known[sp[0]:sp[1]])
    c["nongold_chars"] += n - sum(known)
    c["over_chars"] += sum(1 for m, k in zip(mask, known) if m and not k)
    if not ex["spans"]:
        c["free"] += 1
        c["free_untouched"] += not pred
        c["free_chars"] += n
        c["free_masked"] += sum(mask)
    for p in ex.get("public", []):
        i = text.find(p)
        if i < 0:
            continue
        c["public"] += 1
        c["public_masked"] += any(mask[i:i + len(p)])
    return c


def rate(num, den):
    return round(num / den, 4) if den else None


def rates(c):
    """The figures of a Counter of counts()."""
    return {"docs": c["docs"], "gold": c["gold"], "entities": c["entities"],
            "leak": rate(c["leak"], c["gold>3"]), "recall": rate(c["found"], c["gold"]),
            "precision": rate(c["entities_ok"], c["entities"]), "over": rate(c["over_chars"], c["nongold_chars"]),
            "untouched": rate(c["free_untouched"], c["free"]), "chars_masked": rate(c["free_masked"], c["free_chars"]),
            "public_masked": rate(c["public_masked"], c["public"]),
            "real_not_fully": rate(c["real_not_fully"], c["real"]), "name_leak": rate(c["name_leak"], c["name>3"]),
            "free_docs": c["free"], "public_mentions": c["public"], "real_values": c["real"]}


def score(exs, preds, redacted=None, group=None):
    """{"all": figures, "groups": {key: figures}} over examples and their predictions (and redacted texts, when
    the system gave its own); group(ex) names an example's group for a breakdown."""
    total, groups = collections.Counter(), collections.defaultdict(collections.Counter)
    for i, (ex, pred) in enumerate(zip(exs, preds)):
        c = counts(ex, pred, None if redacted is None else redacted[i])
        total.update(c)
        if group:
            groups[group(ex)].update(c)
    return {"all": rates(total), "groups": {k: rates(v) for k, v in sorted(groups.items())}}


def free_damage(exs, preds):
    """(share masked, masked characters, index) of every example without a gold span, worst first."""
    out = []
    for i, (ex, pred) in enumerate(zip(exs, preds)):
        if ex["spans"] or not pred:
            continue
        masked = sum(mask_of(len(ex["text"]), pred))
        out.append((masked / max(len(ex["text"]), 1), masked, i))
    return sorted(out, key=lambda t: (-t[0], -t[1], t[2]))


def fmt(v, kind):
    if v is None:
        return "–"
    if kind == "n":
        return f"{v:,}"
    return f"{v * 100:.2f} %" if kind == "%2" else f"{v * 100:.1f} %"


def table(rows, first="system"):
    """Markdown table of [(name, figures)] with the COLUMNS; columns that are None in every row are left out."""
    cols = [c for c in COLUMNS if any(r.get(c[0]) is not None for _, r in rows)]
    lines = ["| " + " | ".join([first] + [h for _, h, _ in cols]) + " |",
             "|---|" + "|".join("--:" for _ in cols) + "|"]
    for name, r in rows:
        lines.append("| " + " | ".join([name] + [fmt(r.get(k), kind) for k, _, kind in cols]) + " |")
    return "\n".join(lines)
