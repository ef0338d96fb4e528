"""The checker's shortcuts change nothing: each quick test that lets a text skip a pattern
is held to that pattern, and the pattern-free phrase search to the pattern it replaces."""

from __future__ import annotations

import random
import re
from datetime import date

from quizgen import support
from quizgen.textmatch import contains_phrase, norm, phrase_pattern

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
    assert hits > 2000


def test_dates_read_from_lower_case_text_are_the_same(monkeypatch):
    """Without a character that folds to an ASCII letter, dates_in matches its patterns on
    lower-cased text, only where a date can start; it must find exactly what the
    case-insensitive patterns find run over the whole text, the way it reads a text that has
    such a character. A text ending in " \u00e9" is not ASCII, so it can be made to go that
    way."""

    class Always:
        def search(self, text: str) -> bool:
            return True

    rng = random.Random(5)
    found = 0
    for _ in range(20000):
        text = random_text(rng) + " \u00e9"
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
    """Each date pattern tried only at the places ``_date_starts`` gives (and not at all when
    it gives none) finds what ``finditer`` finds over the whole lower-cased text."""
    rng = random.Random(21)
    seen = 0
    for _ in range(15000):
        lower = random_text(rng).lower()
        if support._FOLDS_TO_ASCII_RE.search(lower):
            continue
        words = support._ascii_words(lower) if lower.isascii() else None
        starts = dict(support._date_starts(lower, support._digit_runs(lower), words,
                                           date(2026, 1, 13)))
        for kind, rx in support._DATE_RES_LOWER:
            want = [(m.start(), m.end(), m.groups()) for m in rx.finditer(lower)]
            got = [(m.start(), m.end(), m.groups())
                   for m in support._matches_at(rx, lower, starts.get(kind, []))]
            assert got == want, (kind, lower)
            seen += bool(want)
    assert seen > 5000


NAME_PIECES = ["Lee", "Jae", "Myung", "Jae-myung", "iPhone", "O'Brien", "o'Brien", "'Lee",
               "1950s", "2Lee", "_Lee", "x_Lee", "I", "The", "In", "Tuesday", "January", "Jan.",
               "Nara's", "NARA", "nara", "\u00c9lise", "\u00e9lise", "\u00dfe", "\u0130stanbul",
               "\uc774\uc7ac\uba85", "Lee\u2019s", "\u2019Lee", "\u0663Lee", "McDonald", "US",
               "a", "met", "in", "and", "by", "Besides", "183", "-", " ", "  ", ". ", ", ", "\n",
               "(", "\"", "'", ":", "Kim"]


def name_text(rng: random.Random, ascii_only: bool) -> str:
    pieces = [p for p in NAME_PIECES if p.isascii()] if ascii_only else NAME_PIECES
    return "".join(rng.choice(pieces) + rng.choice(["", " ", " ", " ", "-", ". ", ", "])
                   for _ in range(rng.randint(0, 12)))


def reference_names_in(text: str) -> list[support.Mention]:
    """names_in as it was before it visited only name tokens: every token, in order."""
    out = []
    run: list[re.Match[str]] = []
    run_at_start = False
    first_start = -1

    def sentence_start(pos: int) -> bool:
        k = pos - 1
        while k >= 0 and text[k] in " \"'([":
            k -= 1
        return k < 0 or text[k] in ".!?:;\n"

    def flush() -> None:
        nonlocal run
        toks, run = run, []
        if not toks:
            return
        if run_at_start:
            while toks and toks[0].group(0).lower() in support.COMMON_STARTERS:
                toks.pop(0)
            if (len(toks) == 1 and toks[0].start() == first_start
                    and not support._CJK_RE.search(toks[0].group(0))):
                return
        toks = [t for t in toks if t.group(0).lower().rstrip(".") not in support.MONTHS
                and t.group(0).lower() not in support.WEEKDAYS]
        if not toks:
            return
        s, e = toks[0].start(), toks[-1].end()
        name = re.sub(r"['\u2019]s$", "", text[s:e])
        out.append(support.Mention("name", name, s, s + len(name),
                                   initial=run_at_start and toks[0].start() == first_start))

    prev_end = -1
    for t in support._TOKEN_RE.finditer(text):
        contiguous = prev_end >= 0 and text[prev_end:t.start()] in (" ", "-")
        if support._is_name_token(t.group(0)):
            if run and contiguous:
                run.append(t)
            else:
                flush()
                run = [t]
                first_start = t.start()
                run_at_start = sentence_start(t.start())
        else:
            flush()
        prev_end = t.end()
    flush()
    return out


def test_name_tokens_are_the_tokens_that_can_be_names():
    rng = random.Random(31)
    seen = 0
    for i in range(20000):
        text = name_text(rng, ascii_only=i % 2 == 0)
        want = [(m.group(), m.start(), m.end()) for m in support._TOKEN_RE.finditer(text)
                if support._is_name_token(m.group())]
        assert support._name_tokens(text) == want, text
        seen += bool(want)
    assert seen > 10000


def test_names_found_from_name_tokens_alone_are_the_same():
    rng = random.Random(32)
    seen = 0
    for i in range(20000):
        text = name_text(rng, ascii_only=i % 2 == 0)
        assert support.names_in(text) == reference_names_in(text), text
        seen += bool(reference_names_in(text))
    assert seen > 10000


def test_ascii_words_are_the_words_of_the_word_pattern():
    rng = random.Random(33)
    for _ in range(20000):
        text = random_text(rng).encode("ascii", "ignore").decode()
        want = {w.lower() for w in support._WORD_RE.findall(text)}
        assert support._ascii_words(text) == want, text


def test_numbers_tried_only_at_digit_runs_are_what_the_patterns_find():
    """numbers_in tries its patterns only where a run of digits starts; it finds what running
    each pattern over the whole text finds."""
    rng = random.Random(34)
    seen = 0
    for _ in range(20000):
        text = random_text(rng)
        want = []
        for m in support._DIGITS_RE.finditer(text):
            value = float(m.group(1).replace(",", "") + (m.group(2) or ""))
            want.append((m.start(), m.end(), value))
            scale = support._SCALE_FACTORS.get((m.group(3) or "").lower())
            if scale:
                want.append((m.start(), m.end(), value * scale))
        for m in support._RANGE_RE.finditer(text):
            if len(m.group(2)) == 2:
                full = int(m.group(1)[:2] + m.group(2))
                full += 100 if full < int(m.group(1)) else 0
                want.append((m.start(2), m.end(2), float(full)))
        got = [(m.start, m.end, m.value) for m in support.numbers_in(text, words=False)]
        assert got == want, text
        years = [m.span() for m in support._YEAR_RE.finditer(text)]
        runs = [s for s, e in support._digit_runs(text) if e - s == 4]
        assert [m.span() for m in support._matches_at(support._YEAR_RE, text, runs)] == years
        seen += bool(want)
    assert seen > 5000


def test_dotless_i_in_a_date_word_is_read_as_i():
    """What the case-insensitive patterns take for a month, weekday or leading word is read
    as that word (it used to raise KeyError, or drop the leading word)."""
    ref = date(2026, 1, 13)
    for plain, dotless in [("April 2026", "Apr\u0131l 2026"), ("last Friday", "last Fr\u0131day"),
                           ("this March", "th\u0131s March"), ("APRIL 3", "APR\u0130L 3")]:
        assert [m.date for m in support.dates_in(dotless, ref)] == \
            [m.date for m in support.dates_in(plain, ref)], dotless
    assert support.weekdays_in("on Fr\u0131day") == [(4, "Fr\u0131day")]


def test_digit_runs_of_ascii_text_are_the_pattern_s():
    rng = random.Random(35)
    for _ in range(20000):
        text = random_text(rng).encode("ascii", "ignore").decode()
        want = [m.span() for m in re.finditer(r"\d+", text)]
        assert support._ascii_digit_runs(text) == want, text


def test_value_key_of_a_plain_number_is_the_long_way(monkeypatch):
    # value_key reads a text that is only a number without dates_in and numbers_in
    from quizgen import support

    rng = random.Random(8)
    texts = []
    for _ in range(3000):
        n = rng.choice([rng.randint(0, 30), rng.randint(0, 3000), rng.randint(0, 10**7)])
        texts.append(rng.choice([str(n), f"{n:,}", f"{n}.{rng.randint(0, 99)}", f"{n:,}.5",
                                 f"0{n}", f" {n} "]))
    short = [support.value_key.__wrapped__(t) for t in texts]
    monkeypatch.setattr(support, "_PLAIN_NUMBER_RE", re.compile(r"(?!)"))  # never matches
    assert [support.value_key.__wrapped__(t) for t in texts] == short
