"""The seq2seq format: every training target is an output the copy constraint accepts, and it aligns back
to the spans it was built from.

    cd Training && python -m unittest tests.test_seq2seq
"""
import os
import random
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import seq2seq  # noqa: E402

TOKENIZER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Models", "veil-pii-tagger",
                         "tokenizer.json")


@unittest.skipUnless(os.path.exists(TOKENIZER), "needs the shipped tokenizer")
class Seq2SeqFormatTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        from tokenizers import Tokenizer
        cls.tok = Tokenizer.from_file(TOKENIZER)

    def run_target(self, text, spans, labels):
        tok = self.tok
        enc = tok.encode(text, add_special_tokens=False)
        speller = seq2seq.Speller(tok)
        target = seq2seq.build_target(tok, speller, text, enc.ids, enc.offsets, enc.tokens, spans)
        cons = seq2seq.CopyConstraint(seq2seq.Source(enc.ids, enc.offsets, enc.tokens), labels, speller)
        for t in target:
            self.assertIn(t, cons.allowed())
            cons.advance(t)
        reps = cons.result()
        self.assertIsNotNone(reps)
        return [(text[s:e], label, i) for s, e, label, i in seq2seq.spans_from(reps, enc.offsets, text)]

    def test_round_trip(self):
        text = "Mail john@x.com or call Anna Kowalska (email:anna@firma.pl) today."
        spans = [(5, 15, "EMAIL"), (24, 37, "NAME"), (45, 58, "EMAIL")]
        got = self.run_target(text, spans, ["NAME", "EMAIL"])
        self.assertEqual(got, [("john@x.com", "EMAIL", 1), ("Anna Kowalska", "NAME", 1), ("anna@firma.pl", "EMAIL", 2)])

    def test_repeats_start_end_unicode(self):
        text = "Zoë met Zoë in Zürich"
        spans = [(0, 3, "NAME"), (8, 11, "NAME"), (15, 21, "LOCATION")]
        got = self.run_target(text, spans, ["NAME", "LOCATION"])
        self.assertEqual(got, [("Zoë", "NAME", 1), ("Zoë", "NAME", 1), ("Zürich", "LOCATION", 1)])

    def test_random_outputs_always_align(self):
        rng = random.Random(3)
        text = "Dr. Eve Ng (eve@ng.org) paid 12,50 € to 日本 on 3/4. Eve said: ok!"
        enc = self.tok.encode(text, add_special_tokens=False)
        speller = seq2seq.Speller(self.tok)
        for _ in range(200):
            cons = seq2seq.CopyConstraint(seq2seq.Source(enc.ids, enc.offsets, enc.tokens), ["NAME", "EMAIL"], speller)
            for _ in range(len(enc.ids) * 24 + 2):
                allowed = cons.allowed()
                t = rng.choice(allowed)
                cons.advance(t)
                if t == 1:
                    break
            reps = cons.result()
            self.assertIsNotNone(reps)
            covered = set()
            for s, e, _, _ in reps:
                covered |= set(range(s, e))
            # Every token not replaced was copied: the output is the source with runs replaced.
            self.assertTrue(all(0 <= j < len(enc.ids) for j in covered))


if __name__ == "__main__":
    unittest.main()
