"""Encoding of (labels, text) into model inputs, BIO targets, and BIO -> character span decoding.

Input layout (the Swift engine builds the same):
    ids = encode("labels: A, B, C text:") + encode(text)[window] + [</s>]
Both parts are encoded separately without special tokens; with Metaspace(prepend_scheme "always",
split=True) this equals encoding the joined string "labels: ... text: " + text, because the space
after "text:" becomes the "▁" prefix of the text's first word. A window is a slice of the text's
token sequence, so a long text is encoded once and cut into overlapping windows.
"""
from labels import LABELS
from lexicon import is_common

PAD, EOS = 0, 1
IGNORE = -100
LABEL_INDEX = {name: i for i, name in enumerate(LABELS)}


def inference_max_length(config: dict) -> int:
    """Longest window (prompt + text + </s>, in ids) at inference: `veil_inference_max_length` when the
    config has it, else the training length `veil_max_length` (256). Swift: `ModelDetector.maxLength`."""
    return int(config.get("veil_inference_max_length") or config.get("veil_max_length") or 256)


def prompt_text(labels) -> str:
    return "labels: " + ", ".join(labels) + " text:"


def token_core(text, start, end):
    """Character range of a token without surrounding whitespace (Metaspace offsets include the space)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def token_targets(text, offsets, spans, ignore, wanted):
    """BIO ids per text token. Spans whose label is not wanted are "O"; ignore ranges get no loss."""
    owner = [-1] * (len(text) + 1)
    for k, (s, e, _) in enumerate(spans):
        for c in range(s, e):
            if owner[c] == -1:
                owner[c] = k
    ign = bytearray(len(text) + 1)
    for s, e in ignore:
        for c in range(s, e):
            ign[c] = 1
    out = []
    prev = -1
    for s, e in offsets:
        cs, ce = token_core(text, s, e)
        k = -1
        for c in range(cs, ce):
            if owner[c] != -1:
                k = owner[c]
                break
        if k == -1:
            out.append(IGNORE if any(ign[c] for c in range(cs, ce)) else 0)
            prev = -1
            continue
        lab = spans[k][2]
        if lab not in wanted:
            out.append(0)
            prev = -1
            continue
        base = 1 + 2 * LABEL_INDEX[lab]
        out.append(base if k != prev else base + 1)
        prev = k
    return out


def decode_spans(text, offsets, tag_ids, id2label):
    """BIO tags -> [(start, end, label)] over characters. An I- after O or after another label opens a
    new span (lenient decoding: recall matters more than strict BIO validity for redaction), and
    same-label spans separated only by spaces or tabs are merged."""
    spans = []
    cur = None
    for (s, e), t in zip(offsets, tag_ids):
        tag = id2label[int(t)]
        cs, ce = token_core(text, s, e)
        if cs >= ce:
            continue
        if tag == "O":
            if cur:
                spans.append(tuple(cur))
            cur = None
            continue
        kind, lab = tag.split("-", 1)
        if cur and lab == cur[2] and (kind == "I" or cs <= cur[1]):
            cur[1] = max(cur[1], ce)
        else:
            if cur:
                spans.append(tuple(cur))
            cur = [cs, ce, lab]
    if cur:
        spans.append(tuple(cur))
    # Same-label spans separated only by spaces/tabs are one value split by B- tags ("B-NAME B-NAME" for
    # "John Smith"); one placeholder per value matters more than separating two adjacent values.
    merged = []
    for s, e, lab in spans:
        if merged and merged[-1][2] == lab and text[merged[-1][1]:s].strip(" \t") == "":
            merged[-1] = (merged[-1][0], e, lab)
        else:
            merged.append((s, e, lab))
    return merged


# Least digits a value of the label has (Swift ValueShape.minimumDigits): a model span of these labels
# with fewer is a stray word or a fragment ("[3:46 PM]" tagged PHONE, "contacted" tagged EMAIL).
MIN_DIGITS = {"PHONE": 3, "CREDIT_CARD": 12, "IBAN": 1, "IP_ADDRESS": 1, "ACCOUNT": 1}


def has_value_shape(label, value):
    """The label's minimal shape: an EMAIL holds "@", a PHONE at least three digits, … (Swift
    ValueShape.fits). A span's label is the best-voted label whose shape it has."""
    if label == "EMAIL":
        return "@" in value
    return sum(1 for c in value if c.isdigit()) >= MIN_DIGITS.get(label, 0)


# A span whose winner it lacks the shape of takes its best-voted label that fits only when that one holds at
# least this share of the winner's votes; otherwise it is dropped (Swift BIOSpanDecoder.shapeVoteShare).
SHAPE_VOTE_SHARE = 0.1
# A span whose best label the request does not want takes the best wanted label when that one has at least
# this share of the winner's votes (Swift BIOSpanDecoder.wantedVoteShare): a model torn between USERNAME and
# NAME still hides "Emily" from a request that asked for USERNAME only.
WANTED_VOTE_SHARE = 0.5


def choose_label(votes, names, value, wanted=None):
    """The label a span takes from its summed votes (Swift BIOSpanDecoder.label): the best-voted label whose
    shape it has (any label when none fits); None when that one holds less than SHAPE_VOTE_SHARE of the
    winner's votes (a stray word: "contacted" voted EMAIL); then a wanted runner-up with WANTED_VOTE_SHARE of
    the votes replaces an unwanted label."""
    shaped = [k for k in range(len(names)) if has_value_shape(names[k], value)] or list(range(len(names)))
    best = max(shaped, key=lambda k: votes[k])
    if votes[best] < SHAPE_VOTE_SHARE * max(votes):
        return None
    if wanted is not None and names[best] not in wanted:
        kept = [k for k in shaped if names[k] in wanted]
        if kept:
            runner = max(kept, key=lambda k: votes[k])
            if votes[runner] >= WANTED_VOTE_SHARE * votes[best]:
                best = runner
    return names[best]


def decode_segments(text, offsets, probs, id2label, wanted=None, with_scores=False):
    """Segment-then-vote decoding (what Veil uses): consecutive tokens whose argmax is not "O" form one
    span (a newline between two tokens ends it), and the span's label is the label with the largest
    summed probability p(B-L) + p(I-L) over its tokens among the labels whose shape it has (has_value_shape:
    "contacted" is no EMAIL, "5" no PHONE; such a span takes its best-voted label that fits if that one holds
    SHAPE_VOTE_SHARE of the winner's votes, and is dropped otherwise).
    `probs` is [tokens][num_labels] softmax output. With `wanted` (the labels a request keeps, when the prompt
    listed more), a span whose winner is not wanted takes the best wanted label holding WANTED_VOTE_SHARE of
    the winner's votes.

    Why: a tagger trained briefly from scratch knows well *where* a value is but flips between label
    types token by token ("Cod/ORG ru/URL ț/ORG"); voting turns those fragments into one value with one
    placeholder. B-/I- still matter through the probabilities; same-label spans split only by spaces or
    tabs are merged as in decode_spans.

    with_scores: (start, end, label, score) with score the mean over the span's tokens of p(B-L) + p(I-L) for
    its label (length-weighted when neighbours merge): the confidence Veil compares with the model's
    `veil_thresholds` (Swift BIOSpanDecoder.Found.score, calibrate.py).
    """
    n_labels = (len(id2label) - 1) // 2
    names = [id2label[1 + 2 * k][2:] for k in range(n_labels)]
    spans, cur, votes, tokens = [], None, None, 0

    def close():
        if cur:
            label = choose_label(votes, names, text[cur[0]:cur[1]], wanted)
            if label is not None:
                spans.append((cur[0], cur[1], label, votes[names.index(label)] / max(tokens, 1)))

    for (s, e), p in zip(offsets, probs):
        cs, ce = token_core(text, s, e)
        if cs >= ce:
            continue
        top = max(range(len(p)), key=lambda i: p[i])
        if top == 0:
            close()
            cur = None
            continue
        if cur is not None and "\n" in text[cur[1]:cs]:
            close()
            cur = None
        if cur is None:
            cur, votes, tokens = [cs, ce], [0.0] * n_labels, 0
        tokens += 1
        cur[1] = max(cur[1], ce)
        for k in range(n_labels):
            votes[k] += p[1 + 2 * k] + p[2 + 2 * k]
    close()
    merged = []
    for s, e, lab, score in spans:
        if merged and merged[-1][2] == lab and text[merged[-1][1]:s].strip(" \t") == "":
            ps, pe, _, pscore = merged[-1]
            weighted = (pscore * (pe - ps) + score * (e - s)) / max(pe - ps + e - s, 1)
            merged[-1] = (ps, e, lab, weighted)
        else:
            merged.append((s, e, lab, score))
    return merged if with_scores else [m[:3] for m in merged]


def is_word_char(c):
    return c.isalpha() or c.isnumeric()


def snap_to_words(text, s, e):
    """A span that starts or ends inside a word grows to the whole word (Veil's ModelDetector.snappedToWords):
    a value is never redacted by halves ("Con[ORGANIZATION_1]")."""
    while 0 < s < len(text) and is_word_char(text[s]) and is_word_char(text[s - 1]):
        s -= 1
    while 0 < e < len(text) and is_word_char(text[e - 1]) and is_word_char(text[e]):
        e += 1
    return s, e


def is_value_like(text, s, e):
    """Kept when the (snapped) span holds a digit or at least two letters/digits: a lone "-", "." or the "s"
    of "Tuesday's" is a tag flipped on by a neighbouring value, never a value of its own
    (Veil's ModelDetector.isValueLike)."""
    chars = text[s:e]
    return any(c.isdigit() for c in chars) or sum(1 for c in chars if c.isalnum()) >= 2


def veil_postprocess(text, spans, common_words=frozenset()):
    """What Veil's ModelDetector does to the decoded spans before they reach the anonymizer:
    snap to whole words, drop spans that cannot be a value or are only common words (lexicon.py)."""
    out = []
    for s, e, lab in spans:
        s, e = snap_to_words(text, s, e)
        value = text[s:e]
        if is_value_like(text, s, e) and not is_common(value, common_words):
            out.append((s, e, lab))
    return out
