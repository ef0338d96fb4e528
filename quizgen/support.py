"""Does a quote support a number, a date, a name? Extraction of the details a text asserts.

All functions take normalised text (see :mod:`quizgen.textmatch`) and return mentions with
their offsets, so findings can point at the detail. Numbers are compared as numbers
(``1,000`` = ``1000`` = ``one thousand``; ``1910-45`` also means 1945; ``$75 billion`` is both
75 and 75,000,000,000). Dates carry a precision (year, month, day) and quotes' partial dates
("Jan. 13", "Tuesday", "last October") are read against the article's publication date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from math import isfinite
from operator import itemgetter
from typing import NamedTuple

from quizgen.textmatch import contains_phrase, norm

MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
        ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
        ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
        ("december", "dec"),
    ],
    start=1,
):
    for _n in _names:
        MONTHS[_n] = _i
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "hundredth": 100, "thousandth": 1000,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000, "dozen": 12}
_NUMBER_WORDS = set(_UNITS) | set(_TENS) | set(_ORDINALS) | set(_SCALES)
#: the spelled-out ordinals: first, second, ... hundredth
ORDINAL_WORDS = frozenset(_ORDINALS)

_DIGITS_RE = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?!\d)"
    r"(?:(?:\s|-)?(thousand|million|billion|trillion|bn|m)\b)?",
    re.IGNORECASE,
)
_RANGE_RE = re.compile(r"(?<!\d)(\d{4})\s*-\s*(\d{2}|\d{4})(?!\d)")
_WORD_RE = re.compile(r"[A-Za-z]+")
#: every ASCII character that is not a letter, to a space (and the letters to lower case)
_LETTERS_ONLY = bytes.maketrans(
    bytes(range(128)),
    bytes(c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 else 32 for c in range(128)),
)


_last_words: tuple[str, frozenset[str]] = ("", frozenset())


def _ascii_words(text: str) -> frozenset[str]:
    """The words of ASCII ``text`` as ``_WORD_RE`` finds them, lower-cased (one C-speed pass).
    The last text's answer is kept: numbers and dates are read from the same text in turn."""
    global _last_words
    last = _last_words  # read once: another thread may replace it
    if last[0] is text:
        return last[1]
    words = frozenset(text.encode("ascii").translate(_LETTERS_ONLY).decode("ascii").split())
    _last_words = (text, words)
    return words


# Quick tests that let a text skip a pattern that cannot match in it (each pattern needs what
# its test looks for), so most texts are scanned by few of the patterns.
_ANY_DIGIT_RE = re.compile(r"\d")
_DIGIT_RUN_RE = re.compile(r"\d+")


_last_runs: tuple[str, list[tuple[int, int]]] = ("", [])


def _digit_runs(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each run of digits in ``text``. Every number, year and date
    written with digits starts where a run starts (each pattern opens with a digit that no
    digit precedes), so those patterns are tried only there; a year is a run of four, a day
    before its month a run of one or two. The last text's answer is kept: the checker reads
    the numbers and then the dates of each quote."""
    global _last_runs
    last = _last_runs  # read once: another thread may replace it
    if last[0] is text:
        return last[1]
    runs = (_ascii_digit_runs(text) if text.isascii()
            else [m.span() for m in _DIGIT_RUN_RE.finditer(text)])
    _last_runs = (text, runs)
    return runs


#: each ASCII digit to "0", every other byte to a space
_DIGIT_MASK = bytes.maketrans(bytes(range(256)),
                              bytes(48 if 48 <= c <= 57 else 32 for c in range(256)))


def _ascii_digit_runs(text: str) -> list[tuple[int, int]]:
    """``_digit_runs`` for ASCII text, where a digit is 0-9: found with ``find`` on a mask of
    the text, about twice as fast as a match object per run."""
    mask = text.encode("ascii").translate(_DIGIT_MASK)
    runs = []
    start = mask.find(b"0")
    while start >= 0:
        end = mask.find(b" ", start)
        if end < 0:
            end = len(mask)
        runs.append((start, end))
        start = mask.find(b"0", end)
    return runs


def _matches_at(rx: re.Pattern[str], text: str, places: Iterable[int]) -> list[re.Match[str]]:
    """What ``rx.finditer(text)`` finds, given ``places`` (in order) where every match starts.

    ``finditer`` returns the leftmost match, then searches on from its end; trying
    ``rx.match`` at each place in turn, skipping places before the last match's end, finds
    the same matches. Python's regular expressions have no fast scan for patterns that open
    with a look-behind or an alternation, so this is several times faster on ordinary text.
    """
    out = []
    end = 0
    for start in places:
        if start < end:
            continue
        m = rx.match(text, start)
        if m is not None:
            out.append(m)
            end = max(m.end(), start + 1)
    return out
#: the only characters that case-insensitive patterns match to an ASCII letter besides the
#: letter's own two cases: with one of them in a text, every pattern runs
_FOLDS_TO_ASCII_RE = re.compile("[\u0130\u0131\u017f\u212a]")
_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                "dec")


class Mention(NamedTuple):
    """A detail found in a text: a number, a date or a name, with its span.

    A named tuple rather than a frozen dataclass: the checker makes one for every detail of
    every text, and a frozen dataclass takes several times longer to build. It compares,
    hashes and prints the same way.
    """

    kind: str  # "number" | "date" | "name"
    text: str
    start: int
    end: int
    value: float | None = None
    date: tuple[int | None, int | None, int | None] | None = None  # (year, month, day)
    #: a name that opens a sentence (its first word may just be a capitalised opener)
    initial: bool = False


#: builds a Mention from a tuple of all its fields without the Python-level ``__new__`` of a
#: named tuple (a call of its own): the checker makes one for every detail of every text
#: (``_tuple_new(Mention, (kind, text, start, end, value, date, initial))``)
_tuple_new = tuple.__new__


_SCALE_FACTORS = {"thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
                  "trillion": 1e12}


def numbers_in(text: str, *, words: bool = True) -> list[Mention]:
    """Numbers written with digits (and, with ``words``, spelled out) in normalised text.

    Scaled amounts give two mentions (75 and 75e9), year ranges add the full second year.
    """
    out: list[Mention] = []
    runs = _digit_runs(text)
    match = _DIGITS_RE.match
    end = 0
    for start, _ in runs:  # ``_matches_at``, written out: most texts have a number
        if start < end:
            continue  # a run inside the last number: "1,000" holds the run "000"
        m = match(text, start)
        if m is None:
            continue
        found, whole, fraction, scale = m.group(0, 1, 2, 3)
        end = start + len(found)
        if "," in whole:
            whole = whole.replace(",", "")
        value = float(whole + fraction if fraction else whole)
        out.append(_tuple_new(Mention, ("number", found, start, end, value, None, False)))
        mult = _SCALE_FACTORS.get(scale.lower()) if scale else None
        if mult:
            out.append(_tuple_new(Mention, ("number", found, start, end, value * mult, None,
                                            False)))
    for m in _matches_at(_RANGE_RE, text, [s for s, e in runs if e - s == 4]) if "-" in text else ():
        first, second = m.group(1), m.group(2)
        if len(second) == 2:
            full = int(first[:2] + second)
            if full < int(first):
                full += 100
            out.append(Mention("number", m.group(0), m.start(2), m.end(2), float(full)))
    if words:
        out.extend(_spelled_numbers(text))
    return out


def _spelled_numbers(text: str) -> list[Mention]:
    out: list[Mention] = []
    if _NUMBER_WORDS.isdisjoint(_ascii_words(text) if text.isascii()
                                else map(str.lower, _WORD_RE.findall(text))):
        return out  # a mention starts at a number word; there is none
    tokens = [(m.group(0).lower(), m.start(), m.end()) for m in _WORD_RE.finditer(text)]
    i = 0
    while i < len(tokens):
        word, start, end = tokens[i]
        if word not in _NUMBER_WORDS or (word in _SCALES and word != "dozen" and i == 0) or (
                word == "one" and i > 0 and tokens[i - 1][0] == "no"
                and text[tokens[i - 1][2]:start] in (" ", "-", "\u2011")):
            i += 1  # "no one", "no-one" is nobody, not 1
            continue
        total = 0
        current = 0
        j = i
        seen_any = False
        while j < len(tokens):
            w, _, e = tokens[j]
            if j > i and w == "and" and j + 1 < len(tokens) and tokens[j + 1][0] in _NUMBER_WORDS:
                j += 1
                continue
            if w == "a" and j == i:
                j += 1
                continue
            if w in _UNITS:
                current += _UNITS[w]
            elif w in _TENS:
                current += _TENS[w]
            elif w in _ORDINALS:
                current += _ORDINALS[w] if _ORDINALS[w] < 100 else 0
                if _ORDINALS[w] >= 100:
                    current = max(current, 1) * _ORDINALS[w]
                end = e
                seen_any = True
                j += 1
                break
            elif w in _SCALES:
                mult = _SCALES[w]
                if mult == 100:
                    current = max(current, 1) * 100
                else:
                    total += max(current, 1) * mult
                    current = 0
            else:
                break
            end = e
            seen_any = True
            j += 1
        if seen_any:
            # "a thousand" starts at "a"; a lone "a" is not a number
            out.append(Mention("number", text[start:end], start, end, float(total + current)))
            i = max(j, i + 1)
        else:
            i += 1
    return out


def same_number(a: float, b: float) -> bool:
    """``a`` and ``b`` are equal, or finite and equal to nine significant digits. (A run of
    hundreds of digits reads as infinity: it equals only another such run, not every number.)"""
    if a == b:
        return True
    return isfinite(a) and isfinite(b) and abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


# --- dates ------------------------------------------------------------------------------

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_ALT = "|".join(WEEKDAYS)
_DATE_RES = [
    ("iso", re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")),
    (
        "dmy",
        re.compile(
            rf"(?<![\w])(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_ALT})\b\.?(?:,?\s+(\d{{4}})(?!\d))?",
            re.IGNORECASE,
        ),
    ),
    (
        "mdy",
        re.compile(
            rf"\b({_MONTH_ALT})\b\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(\d{{4}})(?!\d))?",
            re.IGNORECASE,
        ),
    ),
    (
        "my",
        re.compile(
            rf"\b(?:(last|this|next|early|late|mid|mid-)\s+)?({_MONTH_ALT})\b\.?"
            rf"(?:,?\s+(?:of\s+)?(\d{{4}})(?!\d)|\s+(last|this|next)\s+year)?",
            re.IGNORECASE,
        ),
    ),
    ("wd", re.compile(rf"\b(?:(last|this|next)\s+)?({_WEEKDAY_ALT})\b", re.IGNORECASE)),
]
_FULL_MONTHS = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
]
_ABBREV_DOT = re.compile(
    r"\b(?!(?:" + "|".join(_FULL_MONTHS) + r")\.)(?:" + _MONTH_ALT + r")\.", re.IGNORECASE
)
_YEAR_RE = re.compile(r"(?<![\d,.$])(1[0-9]{3}|20[0-9]{2})(?![\d,])")


def _resolve_year(month: int, day: int | None, ref: date | None, rel: str | None) -> int | None:
    if ref is None:
        return None
    if rel == "last":
        return ref.year - 1 if month >= ref.month else ref.year
    if rel == "next":
        return ref.year + 1 if month <= ref.month else ref.year
    if rel == "this":
        return ref.year
    # no word: the nearest such date not more than a month after the article
    try:
        candidate = date(ref.year, month, day or 1)
    except ValueError:
        return ref.year
    if (candidate - ref).days > 31:
        return ref.year - 1
    return ref.year


#: the patterns without IGNORECASE, for lower-cased text (see ``dates_in``)
_DATE_RES_LOWER = [(kind, re.compile(rx.pattern, rx.flags & ~re.IGNORECASE))
                   for kind, rx in _DATE_RES]


#: the four characters that match an ASCII letter case-insensitively other than by their
#: own lower case, mapped to that letter (``İ`` lower-cases to two characters; this keeps one)
_FOLD_TABLE = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})

_LEADING_WORDS = ("last", "this", "next", "early", "late", "mid")
_MONTH_NAMES = frozenset(MONTHS)
_WEEKDAY_NAMES = frozenset(WEEKDAYS)
_LEADING_WORD_SET = frozenset(_LEADING_WORDS)
_MONTHS_AND_WEEKDAYS = _MONTH_NAMES | _WEEKDAY_NAMES
_DATE_WORDS = _MONTHS_AND_WEEKDAYS | _LEADING_WORD_SET


def _word_places(lower: str, words: Iterable[str]) -> list[int]:
    """Every place where one of ``words`` occurs in ``lower`` (inside other words too)."""
    places = []
    for word in words:
        i = lower.find(word)
        while i >= 0:
            places.append(i)
            i = lower.find(word, i + 1)
    return places


def _date_starts(lower: str, runs: list[tuple[int, int]], words: frozenset[str] | None,
                 ref: date | None) -> list[tuple[str, list[int] | None]]:
    """The patterns of ``_DATE_RES`` that can match in lower-cased text, in their order, each
    with the places where its matches can start (in order): a pattern that cannot match at
    all is left out, which changes nothing.

    "iso" opens with a run of four digits (``runs``, see ``_digit_runs``) and has hyphens;
    "dmy" opens with a run of one or two digits and holds a month name after it; "mdy" opens
    with a month name and holds a run of one or two digits after it (its day: a space stands
    before it, and no digit after it, nor "st", "nd", "rd" or "th" and then a digit);
    "my" opens with a month name or one of ``_LEADING_WORDS``; "wd" with a weekday name or
    "last", "this" or "next", and adds nothing without ``ref``. A leading word starts nothing
    when no month or weekday name follows it anywhere, so those are looked for only when
    there is one. Finding fixed words with ``str.find`` is much faster than a scan with a
    pattern. In ASCII text each of these words stands as a word of ``words`` (the text's
    ``_ascii_words``: the patterns want ``\\b`` on both sides), so only the words the text has
    are looked for; elsewhere (``words`` None) every month stem and weekday name is.
    """
    starts: list[tuple[str, list[int] | None]] = []
    if "-" in lower:
        fours = [s for s, e in runs if e - s == 4]
        if fours:
            starts.append(("iso", fours))
    if words is None:
        months = _word_places(lower, _MONTH_STEMS)  # every month name starts with its stem
        weekdays = _word_places(lower, WEEKDAYS) if ref is not None and "day" in lower else []
        lead = _word_places(lower, _LEADING_WORDS) if months or weekdays else []
    else:
        months, weekdays, lead = [], [], []
        for word in words & _DATE_WORDS:  # most often none, or one month name
            places = (months if word in _MONTH_NAMES else lead if word in _LEADING_WORD_SET
                      else weekdays)
            i = lower.find(word)
            while i >= 0:
                places.append(i)
                i = lower.find(word, i + 1)
        if ref is None:
            weekdays = []
    if months:
        if len(months) > 1:  # "sep" is found in "sept" too
            months = sorted(set(months))
        shorts = [s for s, e in runs if e - s <= 2]
        if shorts:
            # a "dmy" date has a month name after its day, an "mdy" date a day after its month
            last_month, last_short = months[-1], shorts[-1]
            if shorts[0] < last_month:
                starts.append(("dmy", shorts if last_short < last_month
                               else [s for s in shorts if s < last_month]))
            if months[0] < last_short:
                starts.append(("mdy", months if last_month < last_short
                               else [s for s in months if s < last_short]))
        starts.append(("my", sorted(set(months + lead)) if lead else months))
    if weekdays:
        rel = [i for i in lead if lower.startswith(("last", "this", "next"), i)]
        starts.append(("wd", sorted(set(weekdays + rel)) if rel or len(weekdays) > 1
                       else weekdays))
    return starts


def date_kinds_possible(text: str, ref: date | None) -> dict[str, bool]:
    """For each pattern of ``_DATE_RES``: can it add a date in ``text``? False only when it
    cannot match at all (each needs digits, a month name or a weekday name), so skipping it
    changes nothing; ``tests/test_check_fast.py`` holds each test to its pattern. Used for
    the rare texts that must be matched case-insensitively (see ``dates_in``)."""
    digits = _ANY_DIGIT_RE.search(text) is not None
    low = text.lower()
    folds = _FOLDS_TO_ASCII_RE.search(text) is not None
    month = folds or any(stem in low for stem in _MONTH_STEMS)  # every month name has one
    weekday = folds or "day" in low  # every weekday name ends in "day"
    return {"iso": digits and "-" in text, "dmy": digits and month, "mdy": digits and month,
            "my": month, "wd": weekday and ref is not None}


_DATE_LOWER = dict(_DATE_RES_LOWER)
_DATE_CI = dict(_DATE_RES)
_YEAR_SHIFT = {"last": -1, "this": 0, "next": 1}


def _key_groups(m: re.Match[str], key: str) -> tuple[str | None, ...]:
    """The groups of a match on the text, read from ``key`` (see ``dates_in``)."""
    return tuple(None if m.start(i) < 0 else key[m.start(i):m.end(i)]
                 for i in range(1, m.re.groups + 1))


def _up_to_last_free(places: list[int], taken: list[tuple[int, int]]) -> list[int]:
    """``places`` (in order) up to the last one that no span of ``taken`` holds.

    A pattern's match that starts inside a date already taken overlaps it and is dropped, so
    the places after the last free one can add nothing: they are not tried. (The places
    before it are: a match there, kept or not, decides where the pattern looks next.) Most
    often the one month name or year of a text is inside the date already read.
    """
    i = len(places)
    while i and taken:
        p = places[i - 1]
        for a, b in taken:
            if a <= p < b:
                break
        else:
            break
        i -= 1
    return places if i == len(places) else places[:i]


#: months that are also English words: alone and in lower case they are read as the words
#: ("protesters march on"), unless a word that comes before months comes before them
#: (``_MONTH_WORD_BEFORE``: "in march", "mid-march"); "may" alone is the verb in any case
_WORD_MONTHS = frozenset({"march", "august"})
_MONTH_WORD_BEFORE = re.compile(
    r"(?:\b(?:in|since|by|until|till|from|of|during|before|after|between)\s+|\bmid-)$")
#: a Mention's ``start``, to sort by
_START = itemgetter(2)


def dates_in(text: str, ref: date | None = None) -> list[Mention]:
    """Dates in normalised text, resolved against ``ref`` (the article's publication date)
    where the text leaves the year or the day out. Bare years are year-precision dates.

    The patterns run one after another, each keeping only the dates that do not overlap an
    earlier pattern's. They are matched without IGNORECASE on ``text.lower()``, which is much
    faster and finds the same matches at the same places as long as no character of the text
    folds to an ASCII letter other than by its own lower case (``_FOLDS_TO_ASCII_RE``): the
    patterns' letters are all lower-case ASCII, and lower-casing keeps every character's
    class (word, digit, space) and, but for U+0130, its length. A text with one of those
    characters is matched case-insensitively as it stands. Either way the words a match
    holds are read from ``key``, the text lower-cased with those four characters folded to
    their ASCII letters, so that what a pattern took for "april" is read as April. Each
    pattern is tried only where its matches can start (``_date_starts``).
    """
    out: list[Mention] = []
    runs = _digit_runs(text)
    if text.isascii():  # ASCII text has none of the four characters
        words = _ascii_words(text)
        if not runs and words.isdisjoint(_MONTHS_AND_WEEKDAYS):
            return out  # every date has a digit, a month name or a weekday name
        key = text.lower()
        starts = _date_starts(key, runs, words, ref)
    elif _FOLDS_TO_ASCII_RE.search(text) is not None:
        key = text.translate(_FOLD_TABLE).lower()
        can_match = date_kinds_possible(text, ref)
        starts = [(kind, None) for kind, _ in _DATE_RES if can_match[kind]]  # None: anywhere
    else:
        key = text.lower()
        starts = _date_starts(key, runs, None, ref)
    taken: list[tuple[int, int]] = []
    for kind, places in starts:
        if places is None:
            matches: Iterable[re.Match[str]] = _DATE_CI[kind].finditer(text)
        else:
            if taken:
                places = _up_to_last_free(places, taken)
                if not places:
                    continue
            if len(places) == 1:  # most often: ``_matches_at`` in short
                m = _DATE_LOWER[kind].match(key, places[0])
                matches = () if m is None else (m,)
            else:
                matches = _matches_at(_DATE_LOWER[kind], key, places)
        for m in matches:
            start, end = m.span()
            for a, b in taken:
                if start < b and end > a:
                    break  # overlaps an earlier pattern's date
            else:
                # the groups as ``key`` has them: a match on ``key`` has them already
                parts = m.groups() if places is not None else _key_groups(m, key)
                if kind == "iso":
                    y, mo, d = int(parts[0]), int(parts[1]), int(parts[2])
                elif kind == "dmy" or kind == "mdy":
                    day, month, year = parts if kind == "dmy" else (parts[1], parts[0], parts[2])
                    mo = MONTHS[month]
                    d = int(day)
                    y = int(year) if year is not None else _resolve_year(mo, d, ref, None)
                elif kind == "my":
                    lead, word, year, rel = parts
                    if lead is None and year is None and rel is None and (
                            word == "may" or word in _WORD_MONTHS
                            and text[m.start(2):m.end(2)].islower()
                            and _MONTH_WORD_BEFORE.search(key, 0, m.start(2)) is None):
                        continue  # "may", "march" the verbs, "august" the adjective
                    if word in ("mar", "jun", "jan", "dec") and text[m.start(2):m.end(2)].islower():
                        continue
                    mo = MONTHS[word]
                    d = None
                    if year is not None:
                        y = int(year)
                    elif rel is not None:
                        y = None if ref is None else ref.year + _YEAR_SHIFT[rel]
                    else:
                        y = _resolve_year(mo, None, ref,
                                          lead if lead in ("last", "this", "next") else None)
                else:  # "wd"
                    rel, word = parts
                    wd = WEEKDAYS[word]
                    if ref is None:
                        continue
                    back = (ref.weekday() - wd) % 7
                    if rel == "last" and back == 0:
                        back = 7
                    if rel == "next":
                        dd = ref + timedelta(days=(wd - ref.weekday()) % 7 or 7)
                    else:
                        dd = ref - timedelta(days=back)
                    y, mo, d = dd.year, dd.month, dd.day
                if not 1 <= mo <= 12 or (d is not None and not 1 <= d <= 31):
                    continue
                if key[end - 1] == "." and not _ABBREV_DOT.search(key[start:end]):
                    end -= 1  # "last October." : the full stop ends the sentence
                taken.append((start, end))
                out.append(_tuple_new(Mention, ("date", text[start:end], start, end, None,
                                                (y, mo, d), False)))
    fours = [s for s, e in runs if e - s == 4] if runs else runs
    if taken and fours:
        fours = _up_to_last_free(fours, taken)
    for m in _matches_at(_YEAR_RE, text, fours) if fours else ():
        start, end = m.span()
        for a, b in taken:
            if start < b and end > a:
                break
        else:
            year = m.group()
            out.append(_tuple_new(Mention, ("date", year, start, end, None,
                                            (int(year), None, None), False)))
    if len(out) > 1:
        out.sort(key=_START)
    return out


_WEEKDAY_RE = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)


def weekdays_in(text: str) -> list[tuple[int, str]]:
    """Weekday names standing as words in ``text``: (weekday, Monday = 0; the word as written).

    For a weekday the checker has no date to read (a statement's "Tuesday" is checked against
    the quotes' words and dates, not resolved).
    """
    if "day" not in text.lower() and (text.isascii() or not _FOLDS_TO_ASCII_RE.search(text)):
        return []  # every weekday name ends in "day" (or holds a character that folds to it)
    return [(WEEKDAYS[m.group(1).translate(_FOLD_TABLE).lower()], m.group(1))
            for m in _WEEKDAY_RE.finditer(text)]


def date_supported(want: tuple[int | None, int | None, int | None], have: list[Mention]) -> bool:
    """True when some date in ``have`` agrees with ``want`` at ``want``'s precision."""
    y, mo, d = want
    for h in have:
        hy, hmo, hd = h.date or (None, None, None)
        if y is not None and hy != y:
            continue
        if mo is not None and hmo != mo:
            continue
        if d is not None and hd != d:
            continue
        return True
    return False


@lru_cache(maxsize=4096)
def explicit_date(text: str) -> tuple[int | None, int | None, int | None] | None:
    """The date that ``text`` as a whole is (an answer like "13 January 2026"), if it is one.
    Cached: the checker asks this of every answer, and answers repeat."""
    t = norm(text).strip().rstrip(".")
    found = [m for m in dates_in(t) if m.date and m.date[1] is not None]
    if len(found) == 1 and len(found[0].text) >= len(t) - 4:
        return found[0].date
    return None


def blank_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with every span replaced by as many spaces (so later offsets stay the same).

    Blanking gives the same text in any order of the spans, overlapping or not, so they are
    taken in order and each is blanked from where the last one ended: the text is copied in
    a few slices rather than character by character.
    """
    pieces = []
    pos = 0
    for start, end in sorted(spans):
        if end <= pos:
            continue  # within a span already blanked
        if start < pos:
            start = pos
        pieces.append(text[pos:start])
        pieces.append(" " * (end - start))
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)



def spelled_ordinal(text: str) -> bool:
    """``text`` (a number in words) ends as an ordinal does: "third", "twenty-first"."""
    return re.split(r"[\s-]+", text.casefold())[-1] in ORDINAL_WORDS


#: the ending of an ordinal written in digits: 1st, 2nd, 3rd, 13th
_ORDINAL_SUFFIX_RE = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)


def _number_token(value: float, text: str) -> str:
    """A number as :func:`value_key` writes it: its value, or, for a run of hundreds of digits
    that reads as infinity, the digits themselves (two such runs are not one number)."""
    return repr(value) if isfinite(value) else text.replace(",", "")


_PLAIN_NUMBER_RE = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


@lru_cache(maxsize=4096)
def value_key(text: str) -> str:
    """``text`` normalised and case-folded, with each date and number it states written as its
    value: texts with the same key state the same thing ("1,942" and "1942", "two" and "2",
    "13 January 2026" and "January 13, 2026", "75bn" and "75 billion", "2nd" and "second",
    but not "second" and "two"). A bare year is its number; a date without a year ("last
    October") is compared as written. Cached: distractors repeat."""
    t = norm(text).strip()
    if _PLAIN_NUMBER_RE.fullmatch(t):  # most often: what the rest would find, in short
        return f"\x00{_number_token(float(t.replace(',', '')), t)}\x00"
    values: list[tuple[int, int, str]] = []
    dates = dates_in(t)
    for d in dates:
        y, mo, day = d.date or (None, None, None)
        if y is None or mo is None:  # "last October" as written; a bare year is a number
            continue
        values.append((d.start, d.end, f"{y}-{mo}-{day}"))
    # dates blanked, so that a date's day and year are not numbers of their own
    rest = blank_spans(t, [(a, b) for a, b, _ in values]) if values else t
    last: dict[int, tuple[int, int, str]] = {}
    for m in numbers_in(rest):
        if m.value is None:
            continue
        end, token = m.end, _number_token(m.value, m.text)
        suffix = _ORDINAL_SUFFIX_RE.match(rest, end)
        if suffix is not None:  # "2nd" is "second", not "two"
            end, token = suffix.end(), token + "th"
        elif spelled_ordinal(m.text):
            token += "th"
        last[m.start] = (m.start, end, token)  # a scaled amount's last mention: its full value
    values += last.values()
    pieces = []
    pos = 0
    for a, b, value in sorted(values):
        if a < pos:
            continue  # inside a detail already written
        pieces += [t[pos:a].casefold(), "\x00", value, "\x00"]
        pos = b
    pieces.append(t[pos:].casefold())
    return " ".join("".join(pieces).split())


# --- names --------------------------------------------------------------------------------

#: words that are capitalised at the start of a sentence without being names
COMMON_STARTERS = frozenset(
    ["a", "an", "the", "in", "on", "at", "of", "for", "to", "from", "by", "with", "and", "but", "or", "as", "after", "before", "during", "while", "when", "where", "which", "who", "whom", "whose", "what", "why", "how", "this", "that", "these", "those", "there", "here", "it", "its", "he", "she", "they", "we", "you", "his", "her", "their", "our", "both", "each", "every", "all", "some", "many", "most", "more", "few", "several", "no", "not", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "first", "second", "third", "last", "next", "since", "until", "among", "between", "about", "according", "although", "also", "however", "yet", "so", "if", "than", "then", "though", "despite", "under", "over", "into", "onto", "out", "up", "down", "off", "amid", "against", "toward", "towards", "through", "throughout", "within", "without", "i"]
)
_TOKEN_RE = re.compile(r"[^\W\d_][\w'\u2019]*", re.UNICODE)
_CJK_RE = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af]")


def _is_name_token(tok: str) -> bool:
    if _CJK_RE.search(tok):
        return True
    return tok[0].isupper() and tok not in ("I",)


#: in ASCII text: a capital letter and the rest of its run of word characters and apostrophes
_CAPITAL_RE = re.compile(r"[A-Z][\w']*")
#: a token of ``_TOKEN_RE`` (read as its ``finditer`` reads them: from the first letter of a
#: run of word characters and apostrophes to the run's end) that does not open with an ASCII
#: lower-case letter: in a text without CJK script, only such a token can be a name token
_NAME_CANDIDATE_RE = re.compile(r"(?<![\w'\u2019])[\d_'\u2019]*([^\W\d_a-z][\w'\u2019]*)")


def _name_tokens(text: str) -> list[tuple[str, int, int]]:
    """The tokens of ``text`` that ``_is_name_token`` accepts, with their spans, in order.

    Where the text has no CJK script, a name token opens with a capital letter, so only the
    tokens found by ``_NAME_CANDIDATE_RE`` need testing, not every word of the text.
    """
    out = []
    if _CJK_RE.search(text):
        return [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)
                if _is_name_token(m.group())]
    for m in _NAME_CANDIDATE_RE.finditer(text):
        tok = m.group(1)
        if tok[0].isupper() and tok != "I":
            out.append((tok, m.start(1), m.end()))
    return out


def _sentence_start(text: str, pos: int) -> bool:
    """Does the word at ``pos`` open a sentence (after spaces, quotes and brackets)?"""
    k = pos - 1
    while k >= 0 and text[k] in " \"'([":
        k -= 1
    return k < 0 or text[k] in ".!?:;\n"


#: in ASCII text, a run of name tokens as ``_name_tokens`` finds them (a capital letter and
#: the rest of its run of word characters and apostrophes, "I" alone excepted), each after
#: exactly one space or hyphen; the first may yet not be one (``_ascii_names``)
#: (written to open with the capital letter: a pattern that opens with a character class is
#: searched for quickly; "(?<=I)(?![\w'])" after it is "I" alone)
_NAME_RUN_RE = re.compile(r"[A-Z](?!(?<=I)(?![\w']))[\w']*(?:[ -][A-Z](?!(?<=I)(?![\w']))[\w']*)*")


def _ascii_names(text: str) -> list[Mention]:
    """``names_in`` for ASCII text: the same names, from whole runs found by one pattern.

    A token after a space or a hyphen is a name token when it opens with a capital; only the
    first token of a run must be checked (a capital inside a word, as in "iPhone", opens no
    name token: the run starts at its next token). The rest is ``names_in``'s ``flush``:
    with no CJK script, a lone word that opens a sentence is never a name.
    """
    out: list[Mention] = []
    for m in _NAME_RUN_RE.finditer(text):
        first = m.start()
        run = m.group()
        k = first - 1
        while k >= 0 and text[k] in "0123456789_'":
            k -= 1
        if k >= 0 and text[k].isalpha():  # not a name token: the run starts at the next one
            cut = _CAPITAL_RE.match(text, first).end() - first  # type: ignore[union-attr]
            if cut == len(run):
                continue
            first += cut + 1
            run = run[cut + 1:]
        at_start = _sentence_start(text, first)
        if " " not in run and "-" not in run:  # one token, the most common run
            if at_start:
                continue  # a lone word opening a sentence (or a common opener)
            if run.lower() in _MONTHS_AND_WEEKDAYS:
                continue
            name = run[:-2] if run.endswith("'s") else run
            out.append(_tuple_new(Mention, ("name", name, first, first + len(name), None,
                                            None, False)))
            continue
        s = e = -1  # the span from the first to the last token kept
        pos = first
        opening = at_start  # still among the common openers that start the sentence
        for word in run.replace("-", " ").split(" "):
            low = word.lower()
            if not (opening and low in COMMON_STARTERS):
                opening = False
                if low not in _MONTHS_AND_WEEKDAYS:
                    if s < 0:
                        s = pos
                    e = pos + len(word)
            pos += len(word) + 1
        if s < 0:
            continue
        name = text[s:e]
        if name.endswith("'s"):
            name = name[:-2]
        out.append(_tuple_new(Mention, ("name", name, s, s + len(name), None, None,
                                        at_start and s == first)))
    return out


def names_in(text: str) -> list[Mention]:
    """Proper-name candidates: runs of capitalised words (and CJK words) in normalised text.

    A single capitalised word that opens a sentence is not taken for a name (``The``,
    ``Lee``): a known limit, documented in the README. Months and weekdays are dates.

    A run is name tokens with exactly one space or hyphen between each and the next. Only the
    name tokens are visited: any other word between two of them leaves more than one space or
    hyphen between them, so it ends the run all the same.
    """
    if text.isascii():
        return _ascii_names(text)
    out: list[Mention] = []
    run: list[tuple[str, int, int]] = []
    run_at_start = False
    first_start = -1

    def sentence_start(pos: int) -> bool:
        return _sentence_start(text, pos)

    def flush() -> None:
        toks = run
        if run_at_start:
            while toks and toks[0][0].lower() in COMMON_STARTERS:
                toks = toks[1:]
            if len(toks) == 1 and toks[0][1] == first_start and not _CJK_RE.search(toks[0][0]):
                return
        toks = [t for t in toks if t[0].lower().rstrip(".") not in MONTHS
                and t[0].lower() not in WEEKDAYS]
        if not toks:
            return
        s, e = toks[0][1], toks[-1][2]
        name = text[s:e]
        if name.endswith(("'s", "\u2019s")):
            name = name[:-2]
        out.append(Mention("name", name, s, s + len(name), initial=run_at_start
                           and toks[0][1] == first_start))

    prev_end = -1
    for t in _name_tokens(text):
        if run and text[prev_end:t[1]] in (" ", "-"):
            run.append(t)
        else:
            if run:
                flush()
            run = [t]
            first_start = t[1]
            run_at_start = sentence_start(first_start)
        prev_end = t[2]
    if run:
        flush()
    return out


def name_supported(name: str, quotes: str) -> bool:
    """A name is supported when it, or each of its words, stands in the quotes as whole words."""
    if contains_phrase(quotes, name):
        return True
    words = [re.sub(r"['\u2019]s$", "", w) for w in re.split(r"[\s\-]+", name) if w]
    return bool(words) and all(
        contains_phrase(quotes, w) or _same_stem_in(w, quotes) for w in words
    )


def _same_stem_in(word: str, quotes: str) -> bool:
    """``Korean`` for ``Korea``, ``Japanese`` for ``Japan`` and back: a name and its adjective
    (the name plus -n, -an, -ese or -ian) stand for each other."""
    suffixes = ("ese", "ian", "an", "n")
    for suffix in suffixes:
        if (word.endswith(suffix) and len(word) - len(suffix) >= 4
                and contains_phrase(quotes, word[: -len(suffix)])):
            return True
    # and the name for its adjective: Japan for Japanese, China for Chinese, Korea for Korean
    if len(word) >= 4 and word[0].isupper():
        stems = [word] + ([word[:-1]] if word.endswith("a") else [])
        return any(contains_phrase(quotes, st + suffix) for st in stems for suffix in suffixes)
    return False


STOPWORDS = COMMON_STARTERS | frozenset(
    ["is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "will", "would", "can", "could", "should", "may", "might", "must", "shall", "s"]
)


def content_words(text: str) -> list[str]:
    """The words of ``text`` that say something: three letters or more and not a stopword, or
    any word in Korean or Japanese script (서울 has two)."""
    return [
        w for w in re.findall(r"[^\W_]+", norm(text))
        if (len(w) >= 3 or _CJK_RE.search(w)) and w.lower() not in STOPWORDS
    ]


_WORD_RUN_RE = re.compile(r"[^\W_]+")


def _bases(word: str) -> frozenset[str]:
    """What ``word`` may be with an ending of English inflection taken off: itself; without
    -s; without -es after s, x, z, ch, sh or o; without -ing or -ed, with the "e" these may have
    dropped put back or a doubled consonant undoubled; and -ies as -y. "planned": plann, plan,
    planne; "boxes": box; "cities": city. Two words with a base in common are one word in two
    forms. It is strict on purpose: "ward" is not "war", "planes" not "plan", "died" not "die"
    (an answer not found may be written as the quote has it; one wrongly found would pass)."""
    w = word.lower()
    out = {w}
    if w.endswith("s") and len(w) > 3:
        out.add(w[:-1])  # mines: mine; talks: talk
        if w.endswith("es") and w[:-2].endswith(("s", "x", "z", "ch", "sh", "o")):
            out.add(w[:-2])  # boxes: box
        if w.endswith("ies") and len(w) > 5:
            out.add(w[:-3] + "y")  # cities: city
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            base = w[: -len(suffix)]
            out |= {base, base + "e"}  # talked: talk; agreed: agree; making: make
            if base[-1] == base[-2]:
                out.add(base[:-1])  # planned: plan; stopped: stop
    if w.endswith("ied") and len(w) > 4:
        out.add(w[:-3] + "y")  # carried: carry
    return frozenset(out)


_HANGUL_RE = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
#: what may follow a Korean word in the same run of letters: its particles
_KOREAN_PARTICLES = frozenset(
    ["은", "는", "이", "가", "을", "를", "의", "에", "에서", "에게", "께", "와", "과", "도", "로", "으로", "만", "까지", "부터", "보다", "처럼", "이나", "나", "랑", "이랑", "에는", "에서는", "에도", "에서도", "으로는", "로는", "과의", "와의", "에의", "이다", "였다", "이었다", "입니다", "이며", "이고"])


def _inflected_in(quotes: str, word: str) -> bool:
    """A word of ``quotes`` is ``word`` in another form (:func:`_bases`): "talks" for
    "talked", "agree" for "agreed", "planned" for "plan", "carried" for "carry". A word that
    only begins the same is not: "Nara" is not "Nar", "plane" not "plan", "agreement" not
    "agreed"; nor is a word of another kind made from the same root ("injuries" and
    "injured"). A Korean word may be followed by one of its particles (서울에서 for 서울);
    a Japanese or Chinese word, written without spaces, may stand anywhere in the quotes."""
    if _CJK_RE.search(word):
        if not _HANGUL_RE.search(word):
            return word in quotes  # Japanese and Chinese put no spaces between words
        return any(quoted == word or quoted.startswith(word)
                   and quoted[len(word):] in _KOREAN_PARTICLES
                   for quoted in _WORD_RUN_RE.findall(quotes))
    bases = _bases(word)
    shortest = min(bases, key=len)
    if quotes.isascii() and shortest[:-1] not in quotes.lower():
        return False  # every form of the word starts with this
    return any(bases & _bases(quoted) for quoted in _WORD_RUN_RE.findall(quotes))


def words_supported(text: str, quotes: str) -> list[str]:
    """The content words of ``text`` that the quotes do not contain, as they stand or in
    another form (``_inflected_in``). A name for its adjective ("Korea" for "Korean") is for
    an alias to say: as a rule, it would let a word cut short pass ("Japa" for "Japan")."""
    return [w for w in content_words(text)
            if not (contains_phrase(quotes, w) or _inflected_in(quotes, w))]
