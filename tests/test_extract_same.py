"""Reading the details of a text (dates, numbers, weekdays, names) gives exactly what it gave
before it was made faster: every reading function of :mod:`quizgen.support` against
``tests/_old_support.py``, a copy of the module as it was, on every text the checker reads
from the bundled bank and from a generated one, and on tens of thousands of random texts.

"The same" is the same mentions (kind, text, span, value, date, opening flag), in the same
order, of the same type.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

import quizgen.validate as validate
from quizgen import support as new
from quizgen.bank import load_project
from tests import _old_support as old
from tests.test_check_fast import NAME_PIECES, PIECES

ROOT = Path(__file__).resolve().parent.parent

READERS = ("dates_in", "numbers_in", "weekdays_in", "names_in", "explicit_date")

#: pieces of text that the date, number and name patterns turn on, with the characters
#: that fold to ASCII letters, digits of other scripts, hyphens and full stops
MORE_PIECES = ["of", "year", "this year", "last year", "next year", "early", "late", "mid",
               "mid-", "Sept.", "Dec.", "MAY", "May.", "1st", "2nd", "3rd", "13th", "5", "31",
               "32", "12.5", "$75", "bn", "m", "thousand", "Thousand", "2026-13-01", "1999",
               "2099", "0", "00", "1,00", "1,000,000", "20", "Friday", "friday", "Sunday.",
               "Monday's", "o'clock", "\u0661\u0669\u0664\u0662", "\u0968", "\u2019s",
               "Stra\u00dfe", "\u00c5land", "\u212a", "K", "Anna", "Vackberg", "President",
               "The", "On", "it", "?", "!", ":", ";", '"', "[", "\t", "\u00a0", "  "]
ALL_PIECES = PIECES + NAME_PIECES + MORE_PIECES
SEPARATORS = ["", " ", " ", " ", "-", ", ", ". ", ".", ",", "\n"]
REFS = [None, date(2026, 1, 13), date(2025, 12, 30), date(2026, 3, 1), date(2024, 2, 29)]


def random_text(rng: random.Random) -> str:
    return "".join(rng.choice(ALL_PIECES) + rng.choice(SEPARATORS)
                   for _ in range(rng.randint(0, 14)))


def same(a: object, b: object) -> bool:
    """Equal, and every mention of the same type (``Mention`` of its own module)."""
    def types(x: object) -> object:
        if isinstance(x, (list, tuple)):
            return (type(x).__name__, [types(y) for y in x])
        return type(x).__name__
    return a == b and types(a) == types(b)


def assert_same_reading(text: str, refs: list[date | None]) -> None:
    for ref in refs:
        assert same(new.dates_in(text, ref), old.dates_in(text, ref)), (text, ref)
    for words in (True, False):
        assert same(new.numbers_in(text, words=words), old.numbers_in(text, words=words)), text
    assert same(new.weekdays_in(text), old.weekdays_in(text)), text
    assert same(new.names_in(text), old.names_in(text)), text
    assert new.explicit_date.__wrapped__(text) == old.explicit_date.__wrapped__(text), text


def texts_the_checker_reads(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """Every call the checker makes to a reading function, checking the bank at ``root``:
    (name, args, kwargs), each distinct call once."""
    result = load_project(root)
    assert result.bank is not None
    calls: dict[tuple, None] = {}

    def recording(name: str, real: Callable) -> Callable:
        def call(*args: object, **kwargs: object) -> object:
            calls[(name, args, tuple(sorted(kwargs.items())))] = None
            return real(*args, **kwargs)
        return call

    for name in READERS:
        if hasattr(validate, name):
            monkeypatch.setattr(validate, name, recording(name, getattr(validate, name)))
    # the checker remembers what it read: forget it, so that every text is read here
    validate._piece_reading.cache_clear()
    validate._details_in.cache_clear()
    validate.Checker(result.bank).run()
    validate._piece_reading.cache_clear()
    validate._details_in.cache_clear()
    refs = sorted({s.published_date for s in result.bank.sources.values()} - {None})
    assert refs
    return [*calls, ("refs", tuple(refs), ())]


def check_bank_texts(root: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    calls = texts_the_checker_reads(root, monkeypatch)
    refs = [None, *calls.pop()[1]]
    texts = set()
    for name, args, kwargs in calls:
        if name == "explicit_date":
            got, want = new.explicit_date.__wrapped__(*args), old.explicit_date.__wrapped__(*args)
        else:
            got = getattr(new, name)(*args, **dict(kwargs))
            want = getattr(old, name)(*args, **dict(kwargs))
        assert same(got, want), (name, args, kwargs)
        texts.add(args[0])
    for text in texts:  # and every reading of every one of those texts
        assert_same_reading(text, refs)
    return len(texts)


def test_every_text_of_the_bundled_bank_reads_the_same(monkeypatch):
    assert check_bank_texts(ROOT, monkeypatch) > 300


def test_every_text_of_a_generated_bank_reads_the_same(synthetic, monkeypatch):
    assert check_bank_texts(synthetic, monkeypatch) > 2000


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_texts_read_the_same(seed):
    rng = random.Random(seed)
    found = dict.fromkeys(["date", "number", "name", "weekday", "fold", "other digits"], 0)
    for _ in range(8000):
        text = random_text(rng)
        if rng.random() < 0.3:
            text = text.encode("ascii", "ignore").decode()
        assert_same_reading(text, [rng.choice(REFS)])
        found["date"] += bool(new.dates_in(text))
        found["number"] += bool(new.numbers_in(text))
        found["name"] += bool(new.names_in(text))
        found["weekday"] += bool(new.weekdays_in(text))
        found["fold"] += new._FOLDS_TO_ASCII_RE.search(text) is not None
        found["other digits"] += any(c.isdigit() and not c.isascii() for c in text)
    assert all(n > 400 for n in found.values()), found  # every path was taken, often


def test_dates_overlapping_across_patterns_read_the_same():
    """Texts where several date patterns match, overlapping: each keeps its priority."""
    words = ["January", "13", "February", "2026", "Jan.", "last", "next", "Tuesday", "this",
             "year", "May", "may", "2026-01-13", "1st", "of", "mid-", "June", "5", "1942"]
    rng = random.Random(7)
    for text in ["January 13 February 2026", "13 January 2026 February", "May 2026-01-13",
                 "last January 13", "next Tuesday 13 May", "June 5 of 1942", "mid- June 5th"]:
        assert_same_reading(text, REFS)
    for _ in range(10000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 7)))
        assert_same_reading(text, [rng.choice(REFS)])
