"""The checker's shortcuts change nothing: each quick test that lets a text skip a pattern
is held to that pattern, and the pattern-free phrase search to the pattern it replaces."""

from __future__ import annotations

import random
import re
from datetime import date

from quizgen import support
from quizgen.textmatch import contains_phrase, norm, phrase_pattern, word_start_in

PIECES = ["Jan", "JAN", "jan.", "January", "may", "May", "Sept", "sep", "dec", "Mar", "march",
          "Tuesday", "last", "next", "TUESDAY", "day", "Mon", "1", "13", "1942", "2026",
          "1910-45", "2026-01-13", "1,000", "75", "bn", "million", "one", "twenty", "a",
          "hundred", "and", "dozen", "first", "-", " ", "  ", ".", ",", "\n", "\u0131",
          "\u0130", "\u017f", "\u212a", "K", "S", "i", "Nara", "Lee", "\u00e9", "\u0663",
          "\uff11", "apr\u0131l", "augu\u017ft", "\u212aorea", "x", "_", "'s", "(", ")"]


def random_text(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) + rng.choice(["", " ", " ", "-", ", "])
                   for _ in range(rng.randint(0, 12)))


def test_a_date_pattern_is_skipped_only_where_it_cannot_match():
    rng = random.Random(11)
    refs = [None, date(2026, 1, 13)]
    matched = dict.fromkeys(support.date_kinds_possible("", None), 0)
    for _ in range(30000):
        text = random_text(rng)
        ref = rng.choice(refs)
        possible = support.date_kinds_possible(text, ref)
        for kind, rx in support._DATE_RES:
            if rx.search(text) and (kind != "wd" or ref is not None):
                matched[kind] += 1
                assert possible[kind], (kind, text)
        if support._YEAR_RE.search(text):
            assert "1" in text or "2" in text
    assert all(n > 100 for n in matched.values()), matched  # every pattern was exercised


def test_a_number_pattern_is_skipped_only_where_it_cannot_match():
    rng = random.Random(12)
    spelled = 0
    for _ in range(30000):
        text = random_text(rng)
        if support._DIGITS_RE.search(text):
            assert support._ANY_DIGIT_RE.search(text), text
        if support._RANGE_RE.search(text):
            assert "-" in text, text
        words = {w.lower() for w in support._WORD_RE.findall(text)}
        if words & support._NUMBER_WORDS:
            spelled += 1
        else:
            assert support._spelled_numbers(text) == []
    assert spelled > 1000


def test_phrase_search_is_the_patterns_search():
    rng = random.Random(13)
    words = ["Lee", "lee", "Jae", "Myung", "Jae-myung", "Nara", "NARA", "Korea", "Korean",
             "K\u00f6rea", "\u212aorea", "\u0131", "i", "_x", "x_", "(Wire)", "183", "a.b",
             "\uc774\uc7ac\uba85", "  ", "\n", "\t", "-", ".", "'s"]
    hits = 0
    for _ in range(30000):
        hay = " ".join(rng.choice(words) for _ in range(rng.randint(0, 8)))
        hay = norm(hay) if rng.random() < 0.7 else hay
        phrase = " ".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
        p = norm(phrase).strip()
        want = bool(p) and phrase_pattern(p).search(hay) is not None
        assert contains_phrase(hay, phrase) == want, (hay, phrase)
        hits += want
        start = rng.choice(words).strip() or "x"
        want_start = re.search(r"(?<!\w)" + re.escape(start), hay, re.IGNORECASE) is not None
        assert word_start_in(hay, start) == want_start, (hay, start)
    assert hits > 2000


def test_dates_read_from_lower_case_text_are_the_same(monkeypatch):
    """Without a character that folds to an ASCII letter, dates_in matches its patterns on
    lower-cased text; it must find exactly what the case-insensitive patterns find."""

    class Always:
        def search(self, text: str) -> bool:
            return True

    rng = random.Random(5)
    found = 0
    for _ in range(20000):
        text = random_text(rng)
        if support._FOLDS_TO_ASCII_RE.search(text):
            continue
        ref = rng.choice([None, date(2026, 1, 13), date(2025, 12, 30)])
        fast = support.dates_in(text, ref)
        with monkeypatch.context() as m:
            m.setattr(support, "_FOLDS_TO_ASCII_RE", Always())
            slow = support.dates_in(text, ref)
        assert fast == slow, text
        found += bool(fast)
    assert found > 5000


def test_matching_only_where_a_date_can_start_finds_what_finditer_finds():
    rng = random.Random(21)
    seen = 0
    for _ in range(15000):
        lower = random_text(rng).lower()
        if support._FOLDS_TO_ASCII_RE.search(lower):
            continue
        for kind, rx in support._DATE_RES_LOWER:
            want = [(m.start(), m.end(), m.groups()) for m in rx.finditer(lower)]
            got = [(m.start(), m.end(), m.groups())
                   for m in support._lower_matches(kind, rx, lower)]
            assert got == want, (kind, lower)
            seen += bool(want)
    assert seen > 5000
