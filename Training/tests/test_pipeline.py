"""Unit tests of the pure parts: alignment, BIO targets, span decoding, generator spans.

    cd Training && python -m unittest discover -s tests
"""
import os
import random
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from data import align  # noqa: E402
from labels import LABELS, canonical, id2label  # noqa: E402
from tagging import decode_spans, token_targets  # noqa: E402


class AlignTests(unittest.TestCase):
    def test_simple(self):
        ctx = "Bank Statement for John Doe\nContact: john.doe@example.com"
        anon = "Bank Statement for [NAME_1]\nContact: [EMAIL_1]"
        spans = align(ctx, anon)
        self.assertEqual([ctx[s:e] for s, e, _ in spans], ["John Doe", "john.doe@example.com"])
        self.assertEqual([t for _, _, t in spans], ["NAME", "EMAIL"])

    def test_value_containing_next_literal(self):
        ctx = "Lives at 12 Main St, Springfield, since 2020"
        anon = "Lives at [ADDRESS_1], since [DATE_1]"
        spans = align(ctx, anon)
        self.assertEqual([ctx[s:e] for s, e, _ in spans], ["12 Main St, Springfield", "2020"])

    def test_same_index_different_surface_and_unindexed_tag(self):
        ctx = "Profile of Alex Smith: I'm Alex from Paris."
        anon = "Profile of [NAME_1]: I'm [NAME_1] from [LOCATION]."
        spans = align(ctx, anon)
        self.assertEqual([ctx[s:e] for s, e, _ in spans], ["Alex Smith", "Alex", "Paris"])

    def test_whitespace_drift_and_mismatch(self):
        self.assertIsNotNone(align("Mail a@b.com\n\n", "Mail [EMAIL_1] \n\n"))
        self.assertIsNone(align("Hello John", "Goodbye [NAME_1]"))


class TaggingTests(unittest.TestCase):
    def test_targets_and_decode_roundtrip(self):
        text = "Hi John Smith, mail john@x.io"
        # Metaspace-like offsets: tokens carry their leading space.
        offsets = [(0, 2), (2, 7), (7, 13), (13, 14), (14, 19), (19, 24), (24, 25), (25, 29)]
        spans = [[3, 13, "NAME"], [20, 29, "EMAIL"]]
        tgt = token_targets(text, offsets, spans, [], {"NAME", "EMAIL"})
        i2l = id2label()
        self.assertEqual([i2l[t] for t in tgt], ["O", "B-NAME", "I-NAME", "O", "O", "B-EMAIL", "I-EMAIL", "I-EMAIL"])
        self.assertEqual(decode_spans(text, offsets, tgt, i2l), [(3, 13, "NAME"), (20, 29, "EMAIL")])
        # A label missing from the prompt is "O"; ignore ranges get no loss.
        tgt = token_targets(text, offsets, spans, [[0, 2]], {"EMAIL"})
        self.assertEqual(tgt[:3], [-100, 0, 0])

    def test_labels(self):
        self.assertEqual(canonical("[CURRENCY]"), "MONEY")
        self.assertEqual(canonical("company"), "ORGANIZATION")
        self.assertIsNone(canonical("SKILL"))
        self.assertEqual(len(id2label()), 1 + 2 * len(LABELS))


class GeneratorTests(unittest.TestCase):
    def test_spans_are_exact(self):
        import generate
        docs = generate.generate(60, seed=3, dev=False, banned=set(), prefix="t")
        kinds = set()
        for d in docs:
            kinds.add(d["kind"])
            for s, e, lab in d["spans"]:
                self.assertIn(lab, LABELS)
                self.assertTrue(0 <= s < e <= len(d["text"]))
                self.assertEqual(d["text"][s:e].strip(), d["text"][s:e])
        self.assertGreater(len(kinds), 10)

    def test_dev_names_never_in_train(self):
        import generate
        rng = random.Random(0)
        train = generate.generate(200, seed=5, dev=False, banned=set(), prefix="a")
        dev = generate.generate(50, seed=6, dev=True, banned=set(), prefix="b")
        tv = {d["text"][s:e] for d in train for s, e, l in d["spans"] if l == "NAME"}
        dv = {d["text"][s:e] for d in dev for s, e, l in d["spans"] if l == "NAME"}
        self.assertTrue(dv)
        self.assertFalse(tv & dv)
        del rng


if __name__ == "__main__":
    unittest.main()


class TokenizerTests(unittest.TestCase):
    def test_single_class_pieces(self):
        from tokenizer import single_class
        self.assertTrue(single_class("▁John"))
        self.assertTrue(single_class("2023"))
        self.assertTrue(single_class("..."))
        self.assertTrue(single_class("\n\n"))
        self.assertFalse(single_class("@outlook.com>"))
        self.assertFalse(single_class(".com,0"))
        self.assertFalse(single_class("ip\nR"))

    def test_offsets_cover_spans(self):
        from tokenizer import assemble
        from tagging import token_core
        tok = assemble([("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0), ("▁mail", -2.0), ("@x", -1.0), ("▁a", -3.0),
                        ("b", -3.0), (".", -3.0), ("i", -3.0), ("o", -3.0), ("▁", -3.0), ("@", -3.0), ("x", -3.0),
                        ("m", -3.0), ("a", -3.0), ("l", -3.0)])
        text = "mail ab@x.io"
        enc = tok.encode(text, add_special_tokens=False)
        ends = {token_core(text, s, e)[1] for s, e in enc.offsets}
        starts = {token_core(text, s, e)[0] for s, e in enc.offsets}
        self.assertIn(5, starts)   # value "ab@x.io" starts on a token edge
        self.assertIn(12, ends)
        self.assertNotIn("@x", enc.tokens)  # mixed-class piece was dropped
        self.assertEqual(enc.ids[:1], [259])  # after <pad>, </s>, <unk> and 256 byte pieces


class TypoTests(unittest.TestCase):
    def test_typos_keep_values_and_spans(self):
        import generate
        text = "Please forward the documents to Maria Lopez before tomorrow morning"
        spans = [[32, 43, "NAME"]]
        new, new_spans = generate.add_typos(text, spans, random.Random(1), rate=1.0)
        self.assertNotEqual(new, text)
        s, e, _ = new_spans[0]
        self.assertEqual(new[s:e], "Maria Lopez")


class PatternTests(unittest.TestCase):
    def test_formats_and_priority(self):
        import patterns
        t = ("Mail john.doe@ex.com or call +49 (0)30 1234567, card 4111 1111 1111 1111, on 2023-10-01, "
             "see https://x.io/a. Version 3.12 costs 15.99.")
        found = {(l, t[s:e]) for s, e, l in patterns.find(t)}
        self.assertEqual(found, {("EMAIL", "john.doe@ex.com"), ("PHONE", "+49 (0)30 1234567"),
                                 ("CREDIT_CARD", "4111 1111 1111 1111"), ("DATE", "2023-10-01"),
                                 ("URL", "https://x.io/a")})


class CorruptTests(unittest.TestCase):
    def test_span_corruption_is_invertible(self):
        from pretrain import corrupt
        ids = list(range(10, 60))
        inp, tgt = corrupt(ids, 1000, random.Random(2))
        # Re-insert the target spans at the sentinels: the original sequence comes back.
        spans, cur = {}, None
        for t in tgt[:-1]:
            if t >= 1000:
                cur = t
                spans[cur] = []
            else:
                spans[cur].append(t)
        rebuilt = []
        for t in inp[:-1]:
            rebuilt += spans[t] if t >= 1000 else [t]
        self.assertEqual(rebuilt, ids)
        self.assertEqual(inp[-1], 1)
        self.assertTrue(5 <= sum(len(v) for v in spans.values()) <= 10)


class MergeTests(unittest.TestCase):
    def test_b_b_same_label_merges_across_spaces_only(self):
        i2l = id2label()
        b_name = 1
        text = "John Smith\nAnna"
        offsets = [(0, 4), (4, 10), (10, 11), (11, 15)]
        self.assertEqual(decode_spans(text, offsets, [b_name, b_name, 0, b_name], i2l),
                         [(0, 10, "NAME"), (11, 15, "NAME")])


class SegmentDecodeTests(unittest.TestCase):
    def test_vote_joins_fragments_and_newline_splits(self):
        from tagging import decode_segments
        i2l = id2label()
        n = len(i2l)

        def p(tag, w=0.6):
            row = [(1 - w) / (n - 1)] * n
            row[tag] = w
            return row
        b_name, i_name, b_url = 1, 2, 1 + 2 * LABELS.index("URL")
        text = "Codrut Oprea\nhttps://x.io"
        offsets = [(0, 3), (3, 6), (6, 12), (12, 13), (13, 25)]
        probs = [p(b_name), p(b_url, 0.4), p(i_name), p(0, 0.9), p(b_url)]
        self.assertEqual(decode_segments(text, offsets, probs, i2l), [(0, 12, "NAME"), (13, 25, "URL")])


class PostprocessTests(unittest.TestCase):
    """The same cases as Swift's ModelDetectorPartsTests.onlyValueLikeSpansSurvive / snapping."""

    def test_value_like(self):
        from tagging import is_value_like
        t = "two-line, Tuesday's meeting. Room 6 at \u2154 for Al"
        got = [is_value_like(t, a, b) for a, b in [(3, 4), (18, 19), (27, 28), (34, 35), (39, 40), (45, 47)]]
        self.assertEqual(got, [False, False, False, True, False, True])

    def test_snap_then_filter(self):
        from tagging import veil_postprocess
        t = "from Contoso Ltd, two-line"
        self.assertEqual(veil_postprocess(t, [(8, 12, "ORGANIZATION"), (21, 22, "PHONE")]), [(5, 12, "ORGANIZATION")])


class ValueShapeTests(unittest.TestCase):
    """The same cases as Swift's ValueShapeTests."""

    def test_shaped_labels_need_their_marks(self):
        from tagging import has_value_shape as fits
        self.assertTrue(fits("EMAIL", "ann@example.org"))
        self.assertFalse(fits("EMAIL", "contacted"))
        self.assertTrue(fits("PHONE", "555-1234") and fits("PHONE", "(555"))
        self.assertFalse(fits("PHONE", "3") or fits("PHONE", "46"))
        self.assertTrue(fits("CREDIT_CARD", "4111 1111 1111 1111") and not fits("CREDIT_CARD", "4111 1111"))
        self.assertTrue(fits("IP_ADDRESS", "10.0.0.1") and not fits("IP_ADDRESS", "localhost"))
        self.assertTrue(fits("NAME", "Alice") and fits("DATE", "tomorrow"))

    def test_span_without_the_winners_shape_takes_the_next_best_label(self):
        from tagging import decode_segments
        i2l = {0: "O", 1: "B-EMAIL", 2: "I-EMAIL", 3: "B-USERNAME", 4: "I-USERNAME"}
        probs = [[0.9, 0.05, 0, 0.05, 0], [0.1, 0.5, 0.1, 0.3, 0]]
        self.assertEqual(decode_segments("by emily_clark", [(0, 2), (2, 14)], probs, i2l), [(3, 14, "USERNAME")])

    def test_stray_word_without_any_fitting_label_is_dropped(self):
        from tagging import decode_segments
        i2l = {0: "O", 1: "B-EMAIL", 2: "I-EMAIL", 3: "B-USERNAME", 4: "I-USERNAME"}
        probs = [[0.9, 0.05, 0, 0.05, 0], [0.15, 0.8, 0, 0.05, 0]]
        self.assertEqual(decode_segments("be contacted", [(0, 2), (2, 12)], probs, i2l), [])


class WantedVoteTests(unittest.TestCase):
    """The same cases as Swift's BIOSpanDecoderTests.aWantedRunnerUpWinsOverAnUnwantedLabel."""

    def test_wanted_runner_up_takes_over_with_half_the_votes(self):
        from tagging import decode_segments
        i2l = {0: "O", 1: "B-NAME", 2: "I-NAME", 3: "B-USERNAME", 4: "I-USERNAME"}
        probs = [[0.1, 0.5, 0.0, 0.3, 0.1]]  # NAME 0.5, USERNAME 0.4
        self.assertEqual(decode_segments("Emily", [(0, 5)], probs, i2l), [(0, 5, "NAME")])
        self.assertEqual(decode_segments("Emily", [(0, 5)], probs, i2l, {"USERNAME"}), [(0, 5, "USERNAME")])
        weak = [[0.1, 0.7, 0.0, 0.2, 0.0]]  # USERNAME has less than half of NAME's votes
        self.assertEqual(decode_segments("Emily", [(0, 5)], weak, i2l, {"USERNAME"}), [(0, 5, "NAME")])


class CommonWordsTests(unittest.TestCase):
    """The same cases as Swift's CommonWordsTests."""

    def test_only_common_words_are_covered(self):
        from lexicon import is_common
        words = {"sincerely", "the", "court", "will", "contacted"}
        self.assertTrue(is_common("Sincerely", words) and is_common("the court", words) and is_common("THE COURT,", words))
        self.assertFalse(is_common("Will Turner", words))
        self.assertFalse(is_common("court 7", words))
        self.assertFalse(is_common("-", words))
        self.assertFalse(is_common("the", set()))

    def test_list_from_gold_spans(self):
        from lexicon import common_words
        exs = [{"text": "the meeting with Will Smith", "spans": [[17, 27, "NAME"]]}] * 30
        exs = exs + [{"text": "you will see the meeting", "spans": []}] * 30
        self.assertEqual(common_words(exs), ["meeting", "see", "the", "with", "you"])  # "will" is inside a name 30 times

    def test_postprocess_drops_common_word_spans(self):
        from tagging import veil_postprocess
        t = "Sincerely, Will Turner"
        spans = [(0, 9, "NAME"), (11, 22, "NAME")]
        self.assertEqual(veil_postprocess(t, spans, frozenset({"sincerely", "will"})), [(11, 22, "NAME")])


class InferenceMaxLengthTests(unittest.TestCase):
    """Same rule as Swift's ModelDetector.maxLength (ModelWindowLengthTests)."""

    def test_inference_length_wins_over_training_length(self):
        from tagging import inference_max_length
        self.assertEqual(inference_max_length({"veil_max_length": 256, "veil_inference_max_length": 512}), 512)
        self.assertEqual(inference_max_length({"veil_max_length": 200}), 200)
        self.assertEqual(inference_max_length({}), 256)
