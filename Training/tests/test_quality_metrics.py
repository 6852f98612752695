"""Unit tests of the quality metrics (Benchmarks/quality/metrics.py), one hand-made case per definition.

    python3 -m unittest discover -s Training/tests -p test_quality_metrics.py   (standard library only)
"""
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Benchmarks", "quality"))

import metrics  # noqa: E402


def ex(text, spans=(), public=(), fictional=(), ignore=(), source="t"):
    return {"id": text[:8], "source": source, "text": text, "spans": [list(s) for s in spans],
            "ignore": [list(i) for i in ignore], "public": list(public), "fictional": [list(f) for f in fictional]}


def figures(exs, preds, redacted=None):
    return metrics.score(exs, preds, redacted)["all"]


class UntouchedTests(unittest.TestCase):
    def test_a_prompt_without_gold_is_untouched_only_without_any_entity(self):
        exs = [ex("Explain TCP and UDP in simple terms"), ex("Parse a CSV file"), ex("Call Anna", [(5, 9, "NAME")])]
        preds = [[], [(8, 11, "NAME")], [(5, 9, "NAME")]]
        r = figures(exs, preds)
        self.assertEqual(r["free_docs"], 2)  # the prompt with a gold span does not count
        self.assertEqual(r["untouched"], 0.5)

    def test_none_without_prompts_free_of_gold(self):
        self.assertIsNone(figures([ex("Call Anna", [(5, 9, "NAME")])], [[]])["untouched"])


class CharsMaskedTests(unittest.TestCase):
    def test_pooled_share_of_characters_inside_any_entity(self):
        # 10 + 10 characters, 4 of them masked (two overlapping entities count their union once).
        exs = [ex("abcdefghij"), ex("0123456789"), ex("Hi Bob", [(3, 6, "NAME")])]
        preds = [[(0, 3, "NAME"), (1, 4, "DATE")], [], [(0, 6, "NAME")]]
        r = figures(exs, preds)
        self.assertEqual(r["chars_masked"], 0.2)


class PublicMaskedTests(unittest.TestCase):
    def test_first_occurrence_overlapping_an_entity(self):
        text = "In Microsoft Excel, Paris ... Paris"
        e = ex(text, public=["Microsoft Excel", "Paris", "Lincoln"])
        second_paris = text.rindex("Paris")
        # "Excel" alone overlaps the first mention; only the second "Paris" is masked; "Lincoln" is not in the text.
        r = figures([e], [[(13, 18, "ORGANIZATION"), (second_paris, second_paris + 5, "LOCATION")]])
        self.assertEqual(r["public_mentions"], 2)
        self.assertEqual(r["public_masked"], 0.5)


class RealNotFullyMaskedTests(unittest.TestCase):
    def test_union_of_entities_must_cover_a_real_value(self):
        text = "Ted met Crew Purdie and Anna Li"
        ted, crew, anna = (0, 3, "NAME"), (8, 19, "NAME"), (24, 31, "NAME")
        e = ex(text, [ted, crew, anna], fictional=[(0, 3)])
        # Crew Purdie: covered by two overlapping entities; Anna Li: half; Ted: fictional, not counted.
        preds = [(8, 13, "NAME"), (12, 19, "NAME"), (24, 28, "NAME")]
        r = figures([e], [preds])
        self.assertEqual(r["real_values"], 2)
        self.assertEqual(r["real_not_fully"], 0.5)
        self.assertEqual(r["recall"], round(1 / 3, 4))  # recall counts the fictional Ted as well
        # Entirely means every character: an unmasked space between two entities leaves the value not fully
        # masked (recall, which looks at non-space characters only, counts it as found).
        r = figures([e], [[(8, 12, "NAME"), (13, 19, "NAME"), (24, 31, "NAME")]])
        self.assertEqual((r["real_not_fully"], r["recall"]), (0.5, round(2 / 3, 4)))


class LeakRecallPrecisionOverTests(unittest.TestCase):
    def test_leak_reads_the_redacted_text(self):
        text = "Mail anna@x.io or Bob, [DATE_1]"
        e = ex(text, [(5, 14, "EMAIL"), (18, 21, "NAME"), (23, 31, "DATE")])
        # Bob (3 characters) and the placeholder-shaped value are not counted; the e-mail leaks when unmasked.
        self.assertEqual(figures([e], [[]])["leak"], 1.0)
        r = figures([e], [[(5, 14, "EMAIL")]])
        self.assertEqual(r["leak"], 0.0)
        # A system's own redacted text is what counts when given.
        self.assertEqual(figures([e], [[(5, 14, "EMAIL")]], [text])["leak"], 1.0)

    def test_name_leak(self):
        e = ex("Anna Smith met Acme Corp", [(0, 10, "NAME"), (15, 24, "ORGANIZATION")])
        r = figures([e], [[(15, 24, "ORGANIZATION")]])
        self.assertEqual((r["leak"], r["name_leak"]), (0.5, 1.0))

    def test_precision_and_over_redaction(self):
        text = "Hi Anna, see SKILL-x now"
        e = ex(text, [(3, 7, "NAME")], ignore=[(13, 20)])
        # One entity on gold, one on an ignored span (both correct), one on ordinary text ("now", 3 characters).
        preds = [(3, 7, "NAME"), (13, 20, "POSITION"), (21, 24, "NAME")]
        r = figures([e], [preds])
        self.assertEqual(r["precision"], round(2 / 3, 4))
        self.assertEqual(r["over"], round(3 / (len(text) - 4 - 7), 4))
        self.assertEqual(r["recall"], 1.0)


class HelpersTests(unittest.TestCase):
    def test_redact_covers_overlaps(self):
        # An overlapping span keeps the part after the one before it.
        self.assertEqual(metrics.redact("abcdefgh", [(2, 6, "B"), (1, 4, "A")]), "a[A][B]gh")
        self.assertEqual(metrics.redact("abcdefgh", [(1, 6, "A"), (2, 4, "B")]), "a[A]gh")

    def test_groups_and_worst_damage(self):
        exs = [ex("aaaa", source="x"), ex("bbbbbbbb", source="y"), ex("cc", source="y")]
        preds = [[(0, 1, "N")], [(0, 4, "N")], []]
        r = metrics.score(exs, preds, group=lambda e: e["source"])
        self.assertEqual(sorted(r["groups"]), ["x", "y"])
        self.assertEqual(r["groups"]["y"]["untouched"], 0.5)
        self.assertEqual([i for _, _, i in metrics.free_damage(exs, preds)], [1, 0])

    def test_table_leaves_out_empty_columns(self):
        md = metrics.table([("s", figures([ex("Call Anna", [(5, 9, "NAME")])], [[(5, 9, "NAME")]]))])
        self.assertIn("| s | 1 | 1 | 1 | 0.0 % | 100.0 % | 100.0 % |", md)
        self.assertNotIn("public masked", md)

    def test_load_everyday(self):
        rec = {"id": "gsm-0001", "source": "openai/grade-school-math", "text": "Ted and Ann",
               "spans": [{"start": 0, "end": 3, "label": "NAME", "text": "Ted", "fictional": True},
                         {"start": 8, "end": 11, "label": "NAME", "text": "Ann"}], "public": []}
        with tempfile.TemporaryDirectory() as d:
            os.makedirs(os.path.join(d, "everyday"))
            with open(os.path.join(d, metrics.EVERYDAY_FILE), "w") as f:
                f.write(json.dumps(rec) + "\n")
            (e,) = metrics.load_everyday(d)
            self.assertEqual(metrics.load_everyday(os.path.join(d, "none")), [])
        self.assertEqual((e["group"], e["spans"], e["fictional"]), ("gsm", [[0, 3, "NAME"], [8, 11, "NAME"]], [[0, 3]]))


if __name__ == "__main__":
    unittest.main()
