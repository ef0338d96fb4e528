"""The faster checker finds exactly what the checker before it found: the same codes,
messages, hints and places, in the same order, on the bundled bank, on generated banks and
on banks with errors of every kind. The reference is tests/_old_validate.py (the checker as
it was, with tests/_old_textmatch.py); tests/mutate_bank.py makes the banks with errors."""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

import tests._old_textmatch as old_textmatch
import tests._old_validate as old
from quizgen import textmatch, validate
from quizgen.bank import load_project
from quizgen.model import Bank, Place, Source
from quizgen.support import Mention
from tests.conftest import make_project
from tests.mutate_bank import TOKENS, mutated

ROOT = Path(__file__).resolve().parent.parent
#: every rule a mutated bank must have set off at least once, or the comparison proves little
CODES = {"QG100", "QG101", "QG102", "QG110", "QG111", "QG120", "QG200", "QG201", "QG202",
         "QG203", "QG206", "QG300", "QG301"}


def assert_same(bank: Bank) -> list:
    now, before = validate.Checker(bank).run(), old.Checker(bank).run()
    assert [f.format() for f in now] == [f.format() for f in before]
    assert now == before
    return now


def assert_same_on_variants(bank: Bank, seed: int, variants: int) -> Counter[str]:
    rng = random.Random(seed)
    codes: Counter[str] = Counter()
    for _ in range(variants):
        codes.update(f.code for f in assert_same(mutated(bank, rng, rng.randint(1, 8))))
    return codes


@pytest.fixture(scope="module")
def bundled() -> Bank:
    bank = load_project(ROOT).bank
    assert bank is not None
    return bank


def test_the_bundled_bank(bundled):
    assert {f.code for f in assert_same(bundled)} == {"QG300"}


def test_a_generated_bank(synthetic):
    bank = load_project(synthetic).bank
    assert assert_same(bank) == []


def test_the_small_bank_of_the_tests(tmp_path):
    bank = load_project(make_project(tmp_path)).bank
    assert [f.code for f in assert_same(bank)] == ["QG300"]


def test_the_bundled_bank_with_errors(bundled):
    codes = assert_same_on_variants(bundled, seed=1, variants=120)
    assert set(codes) == CODES, codes


def test_a_generated_bank_with_errors(tmp_path):
    from tests.perf.make_bank import make_bank

    make_bank(60, tmp_path)  # small, so that each variant's changes are many for its size
    codes = assert_same_on_variants(load_project(tmp_path).bank, seed=2, variants=200)
    assert set(codes) == CODES, codes


def test_the_small_bank_with_errors(tmp_path):
    bank = load_project(make_project(tmp_path)).bank
    codes = assert_same_on_variants(bank, seed=3, variants=300)
    assert set(codes) >= CODES - {"QG301"}, codes


#: edits of a topic file, the way an editor makes mistakes (see tests/test_check.py)
EDITS = [
    (r"drew ([\d,]+) people", r"drew 9,\1 people"),  # a number in a statement
    (r' (\d+) (January|March) (\d{4})\."', r' \1 August \3."'),  # a date's month
    (r"(\d) (February|April|June) ", r"2\1 \2 "),  # a date's day
    (r"in ([A-Z][a-z]+) drew", r"in New \1 drew"),  # a name
    (r"answer: (\d+)\n", r"answer: 1\1\n"),  # a numeric answer
    (r'answer: "Anna ([A-Z])', r'answer: "Anne \1'),  # a short answer
    (r'accept: \["([A-Za-z]+)"\]', r'accept: ["\1", "Annex"]'),
    (r'distractors: \["(\d+)", "(\d+)"', r'distractors: ["\1", "\1"'),  # repeated
    (r'answer: "(\d{4})"\n        distractors: \["\d+"', r'answer: "\1"\n        distractors: [" \1"'),
    (r"text: \"\[\[([\d,]+)\]\]", r'text: "\1'),  # a cloze without its deletion
    (r"answer: false\n        explanation: \"[^\"]*\"", "answer: false"),  # no explanation
    (r"quote: \"Officials said", r'quote: "officials said'),  # letter case in a quote
    (r"the largest crowd it has drawn", "the largest crowd it drew"),  # words in a quote
    (r"source: src-0000(\d)", r"source: src-9000\1"),  # an unknown source
    (r"quote: \"The ([a-z]+)", r'quote: "The \1 ... \1'),  # an omission out of order
    (r'statement: "The harvest fair in', 'statement: "The Autumn Show in'),  # another name
    (r'prompt: "How many people attended', r'prompt: "How many of the 1,050 people attended'),
    (r'explanation: "Organisers counted ([\d,]+)', r'explanation: "Organisers counted 1,\1'),
    (r'quote: "A rival count[^"]*"', 'quote: " ... "'),  # an empty quote
    (r'distractors: \["(\d+)", "\d+", "\d+"\]', r'distractors: ["\1"]'),  # too few
]


def test_banks_edited_as_files(tmp_path):
    """Banks with errors written into their files and loaded, as a user's would be: each
    edit alone and all of them together, on a generated bank with its disputes."""
    import re
    import shutil

    from tests.perf.make_bank import make_bank

    clean = tmp_path / "clean"
    make_bank(120, clean)
    codes: Counter[str] = Counter()
    renamed = [e for e in EDITS if "Autumn Show" in e[1]]
    variants = [([e], False) for e in EDITS] + [(renamed, True), (EDITS, False), (EDITS, True)]
    for n, (edits, alias) in enumerate(variants):
        root = tmp_path / f"edited-{n}"
        shutil.copytree(clean, root)
        if alias:  # "the Autumn Show" declared another name for the quoted "harvest fair"
            bank_yaml = root / "questions" / "bank.yaml"
            bank_yaml.write_text(bank_yaml.read_text(encoding="utf-8")
                                 + "  Harvest Fair: [the Autumn Show]\n", encoding="utf-8")
        for topic in sorted((root / "questions").glob("topic-*.yaml")):
            text = topic.read_text(encoding="utf-8")
            for old_text, new_text in edits:
                text = re.sub(old_text, new_text, text, count=2)
            topic.write_text(text, encoding="utf-8")
        bank = load_project(root).bank
        assert bank is not None, edits
        found = assert_same(bank)
        # every edit is a mistake the checker reports, but the name declared an alias
        assert bool(found) != (edits == renamed and alias), edits
        codes.update(f.code for f in found)
    assert set(codes) >= CODES - {"QG111", "QG300", "QG301"}, codes


def test_a_large_bank_checked_in_two_parts(tmp_path, monkeypatch):
    """``check_bank``'s two halves, on a bank with errors, give the old checker's findings."""
    make_project(tmp_path)
    from tests.perf.make_bank import make_bank

    make_bank(200, tmp_path / "big")
    bank = mutated(load_project(tmp_path / "big").bank, random.Random(4), 40)
    monkeypatch.setattr(validate, "PARALLEL_MIN_FACTS", 10)
    now = validate.check_bank(bank)
    assert now == old.Checker(bank).run()
    assert {"QG101", "QG120"} <= {f.code for f in now}


# --- the parts, on random input --------------------------------------------------------------

def _source(text: str, published: date | None) -> Source:
    return Source(id="x", title="t", publisher=None, byline=None, published=published,
                  url=None, origin=None, sha256="", text=text, place=Place("x.md"))


def _random_text(rng: random.Random, words: int = 10) -> str:
    return " ".join(rng.choice(TOKENS) for _ in range(rng.randint(0, words)))


def _random_aliases(rng: random.Random) -> dict[str, tuple[str, ...]]:
    names = ["Nara", "NARA", "the wire", "Bench Wire", "Korea", "K\u00f6rea", "\u212aorea", "",
             " ", "Lee", "Lee Jae Myung", "183", "-x", "ab", "(", "Tuesday", "January 2026"]
    return {rng.choice(names): tuple(rng.sample(names, rng.randint(0, 3)))
            for _ in range(rng.randint(0, 3))}


def test_details_answers_and_aliases_on_random_texts():
    """The checker's functions against the old ones on random quotes, texts and aliases."""
    rng = random.Random(5)
    missing = supported = 0
    for _ in range(1500):
        quote = _random_text(rng, 20) or "x"
        published = rng.choice([None, date(2026, 1, 13)])
        aliases = _random_aliases(rng)
        ev, ev_old = validate.Evidence(), old.Evidence()
        ev.add(_source(quote, published), textmatch.Location(((0, len(quote)),)))
        ev_old.add(_source(quote, published), old_textmatch.Location(((0, len(quote)),)))
        assert (ev.text, ev.numbers, ev.dates) == (ev_old.text, ev_old.numbers, ev_old.dates)
        assert ev.quoted_aliases(aliases) == ev_old.quoted_aliases(aliases)
        for _ in range(3):
            text = _random_text(rng)
            found = validate.unsupported_details(text, ev, aliases)
            assert found == old.unsupported_details(text, ev_old, aliases), (quote, text)
            missing += bool(found)
            answer = _random_text(rng, 3)
            ok = validate.text_answer_supported(answer, ev, aliases)
            assert ok == old.text_answer_supported(answer, ev_old, aliases), (quote, answer)
            supported += ok
    assert missing > 400 and supported > 400, (missing, supported)


def test_numbers_found_as_before():
    """``has_number``'s look-up before the scan answers as the scan alone did, for equal,
    near-equal, huge and infinite numbers."""
    rng = random.Random(6)
    pool = [0.0, -0.0, 1.0, 183.0, 1942.0, 1e9, 75e9, 0.1 + 0.2, 0.3, 1e-12, math.inf,
            -math.inf, float("9" * 400), 1e308, 183.0000000001, 183.000001]
    for _ in range(20000):
        numbers = rng.sample(pool, rng.randint(0, 6))
        value = rng.choice(pool + [math.nan, 2.0, 184.0])
        ev = validate.Evidence("", list(numbers))
        ev_old = old.Evidence("", list(numbers))
        assert ev.has_number(value) == ev_old.has_number(value), (numbers, value)


def test_blanking_as_before():
    rng = random.Random(7)
    for _ in range(50000):
        text = "".join(rng.choice("ab \u00e9-") for _ in range(rng.randint(0, 20)))
        spans = []
        for _ in range(rng.randint(0, 4)):
            a = rng.randint(0, len(text))
            spans.append((a, rng.randint(a, len(text))))
        assert validate._blank_all(text, spans) == old._blank_all(text, spans)
        assert validate._blank_all(text, dict.fromkeys(spans)) == old._blank_all(text, spans)


def test_a_blanked_name_can_let_another_stand():
    """Blanking one alias group can make a name of a later group stand as a whole word: in
    "ab-Zed", "-Zed" has a letter before it until "ab" is blanked. Each group is looked for
    in the text as the earlier groups left it, before and now."""
    quote = "ab met in Nara"
    ev, ev_old = validate.Evidence(), old.Evidence()
    ev.add(_source(quote, None), textmatch.Location(((0, len(quote)),)))
    ev_old.add(_source(quote, None), old_textmatch.Location(((0, len(quote)),)))
    text = "In ab-Zed they met."
    for aliases, found in [({"ab": (), "Nara": ("-Zed",)}, []), ({"Nara": ("-Zed",)}, ["Zed"])]:
        assert validate.unsupported_details(text, ev, aliases) == found
        assert old.unsupported_details(text, ev_old, aliases) == found


def test_phrases_found_as_before():
    rng = random.Random(8)
    words = ["Lee", "lee", "Jae", "Myung", "Nara", "NARA", "K\u00f6rea", "\u212aorea", "_x",
             "x_", "183", "a.b", "\uc774\uc7ac\uba85", "  ", "\n", "-", "'s", "the", "wire"]
    hits = 0
    for _ in range(20000):
        hay = " ".join(rng.choice(words) for _ in range(rng.randint(0, 10)))
        phrase = " ".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
        want = old_textmatch.contains_phrase(hay, phrase)
        assert textmatch.contains_phrase(hay, phrase) == want, (hay, phrase)
        assert textmatch.Phrase(phrase).found_in(hay) == want, (hay, phrase)
        hits += want
        quote = rng.choice([phrase, phrase + "...", "\u2026", ""])
        found = textmatch.locate_exact(quote, hay)
        before = old_textmatch.locate_exact(quote, hay)
        assert (found and found.spans) == (before and before.spans), (quote, hay)
    assert hits > 2000


def test_an_evidence_compares_and_prints_like_the_dataclass_it_was():
    a = validate.Evidence("x\n", [1.0], [Mention("date", "1942", 0, 4, None, (1942, None, None))])
    b = validate.Evidence("x\n", [1.0], list(a.dates))
    assert a == b and a != validate.Evidence()
    assert repr(a).startswith("Evidence(text='x\\n', numbers=[1.0], dates=[Mention(")


def test_text_already_normal_is_told_as_before():
    rng = random.Random(9)
    pieces = ["a", "Z", "1", " ", "  ", "-", "--", "`", ".", ",", "_", "~", "!", "\t", "\n",
              "\x7f", "\x00", "\u00e9", "\u2014", "\u00a0", "'", '"']
    normal = 0
    for _ in range(100000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        want = textmatch._RUN_RE.fullmatch(text) is not None
        assert textmatch._is_run(text) == want, repr(text)
        normal += want
        assert textmatch.norm(text) == old_textmatch.norm(text)
    assert normal > 5000
