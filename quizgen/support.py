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
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from quizgen.textmatch import contains_phrase, norm, word_start_in

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

_DIGITS_RE = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?!\d)"
    r"(?:(?:\s|-)?(thousand|million|billion|trillion|bn|m)\b)?",
    re.IGNORECASE,
)
_RANGE_RE = re.compile(r"(?<!\d)(\d{4})\s*-\s*(\d{2}|\d{4})(?!\d)")
_WORD_RE = re.compile(r"[A-Za-z]+")
# Quick tests that let a text skip a pattern that cannot match in it (each pattern needs what
# its test looks for), so most texts are scanned by few of the patterns.
_ANY_DIGIT_RE = re.compile(r"\d")
#: the only characters that case-insensitive patterns match to an ASCII letter besides the
#: letter's own two cases: with one of them in a text, every pattern runs
_FOLDS_TO_ASCII_RE = re.compile("[\u0130\u0131\u017f\u212a]")
_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                "dec")


@dataclass(frozen=True)
class Mention:
    """A detail found in a text: a number, a date or a name, with its span."""

    kind: str  # "number" | "date" | "name"
    text: str
    start: int
    end: int
    value: float | None = None
    date: tuple[int | None, int | None, int | None] | None = None  # (year, month, day)
    #: a name that opens a sentence (its first word may just be a capitalised opener)
    initial: bool = False


def numbers_in(text: str, *, words: bool = True) -> list[Mention]:
    """Numbers written with digits (and, with ``words``, spelled out) in normalised text.

    Scaled amounts give two mentions (75 and 75e9), year ranges add the full second year.
    """
    out: list[Mention] = []
    for m in _DIGITS_RE.finditer(text) if _ANY_DIGIT_RE.search(text) else ():
        whole = m.group(1).replace(",", "")
        value = float(whole + (m.group(2) or ""))
        out.append(Mention("number", m.group(0), m.start(), m.end(), value))
        scale = (m.group(3) or "").lower()
        mult = {"thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
                "trillion": 1e12}.get(scale)
        if mult:
            out.append(Mention("number", m.group(0), m.start(), m.end(), value * mult))
    for m in _RANGE_RE.finditer(text) if "-" in text else ():
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
    if _NUMBER_WORDS.isdisjoint(map(str.lower, _WORD_RE.findall(text))):
        return out  # a mention starts at a number word; there is none
    tokens = [(m.group(0).lower(), m.start(), m.end()) for m in _WORD_RE.finditer(text)]
    i = 0
    while i < len(tokens):
        word, start, end = tokens[i]
        if word not in _NUMBER_WORDS or (word in _SCALES and word != "dozen" and i == 0):
            i += 1
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
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


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


#: the patterns without IGNORECASE, for lower-cased text (see ``_InText``)
_DATE_RES_LOWER = [(kind, re.compile(rx.pattern, rx.flags & ~re.IGNORECASE))
                   for kind, rx in _DATE_RES]


class _InText:
    """A match found in ``text.lower()``, read out of ``text`` itself.

    Matching the patterns without IGNORECASE on lower-cased text is much faster and gives the
    same matches at the same places, when no character of the text folds to an ASCII letter
    other than by its own lower case (``_FOLDS_TO_ASCII_RE``; U+0130 is also the only
    character whose lower case is longer): the patterns' letters are all lower-case ASCII,
    and lower-casing keeps every character's class (word, digit, space).
    """

    __slots__ = ("m", "text")

    def __init__(self, m: re.Match[str], text: str):
        self.m = m
        self.text = text

    def start(self, group: int = 0) -> int:
        return self.m.start(group)

    def end(self, group: int = 0) -> int:
        return self.m.end(group)

    def group(self, group: int = 0) -> str | None:
        s = self.m.start(group)
        return None if s < 0 else self.text[s:self.m.end(group)]


#: words a match of each pattern can start with (besides digits, for "dmy" and "iso")
_STARTS: dict[str, tuple[str, ...]] = {
    "mdy": _MONTH_STEMS,
    "my": _MONTH_STEMS + ("last", "this", "next", "early", "late", "mid"),
    "wd": ("last", "this", "next", *WEEKDAYS),
}


def _lower_matches(kind: str, rx: re.Pattern[str], lower: str) -> Iterable[re.Match[str]]:
    """``rx.finditer(lower)``, trying the pattern only where a match can start.

    Every match of "mdy" starts with a month name, of "my" with a month name or one of its
    leading words, of "wd" with a weekday name or "last"/"this"/"next". Trying ``rx.match``
    at those places in order, and going on after each match's end, finds exactly what
    ``finditer`` finds (it too returns the leftmost match, then searches on from its end),
    without running the pattern at every character. "dmy" and "iso" start with a digit;
    digits are common enough that scanning is as fast, so those are scanned as usual.
    """
    if kind not in _STARTS:
        yield from rx.finditer(lower)  # digits are everywhere: scanning is as fast
        return
    places: set[int] = set()
    for word in _STARTS[kind]:
        i = lower.find(word)
        while i >= 0:
            places.add(i)
            i = lower.find(word, i + 1)
    end = 0
    for start in sorted(places):
        if start < end:
            continue
        m = rx.match(lower, start)
        if m is not None:
            yield m
            end = max(m.end(), start + 1)


def date_kinds_possible(text: str, ref: date | None) -> dict[str, bool]:
    """For each pattern of ``_DATE_RES``: can it add a date in ``text``? False only when it
    cannot match at all (each needs digits, a month name or a weekday name), so skipping it
    changes nothing; ``tests/test_check_fast.py`` holds each test to its pattern."""
    digits = _ANY_DIGIT_RE.search(text) is not None
    low = text.lower()
    folds = _FOLDS_TO_ASCII_RE.search(text) is not None
    month = folds or any(stem in low for stem in _MONTH_STEMS)  # every month name has one
    weekday = folds or "day" in low  # every weekday name ends in "day"
    return {"iso": digits and "-" in text, "dmy": digits and month, "mdy": digits and month,
            "my": month, "wd": weekday and ref is not None}


def dates_in(text: str, ref: date | None = None) -> list[Mention]:
    """Dates in normalised text, resolved against ``ref`` (the article's publication date)
    where the text leaves the year or the day out. Bare years are year-precision dates."""
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    can_match = date_kinds_possible(text, ref)

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def add(m: re.Match[str] | _InText, y: int | None, mo: int | None, d: int | None) -> None:
        if mo is not None and not 1 <= mo <= 12:
            return
        if d is not None and not 1 <= d <= 31:
            return
        end = m.end()
        if m.group(0).endswith(".") and not _ABBREV_DOT.search(m.group(0)):
            end -= 1  # "last October." : the full stop ends the sentence
        taken.append((m.start(), end))
        out.append(Mention("date", text[m.start():end], m.start(), end, None, (y, mo, d)))

    lower = None if _FOLDS_TO_ASCII_RE.search(text) else text.lower()
    for (kind, rx), (_, rx_lower) in zip(_DATE_RES, _DATE_RES_LOWER, strict=True):
        if not can_match[kind]:
            continue
        found: Iterable[Any] = (rx.finditer(text) if lower is None else
                                (_InText(m, text) for m in _lower_matches(kind, rx_lower, lower)))
        for m in found:
            if not free(m.start(), m.end()):
                continue
            if kind == "iso":
                add(m, int(m.group(1)), int(m.group(2)), int(m.group(3)))
            elif kind == "dmy":
                mo = MONTHS[m.group(2).lower()]
                d = int(m.group(1))
                y = int(m.group(3)) if m.group(3) else _resolve_year(mo, d, ref, None)
                add(m, y, mo, d)
            elif kind == "mdy":
                mo = MONTHS[m.group(1).lower()]
                d = int(m.group(2))
                y = int(m.group(3)) if m.group(3) else _resolve_year(mo, d, ref, None)
                add(m, y, mo, d)
            elif kind == "my":
                word = m.group(2).lower()
                if word == "may" and not (m.group(1) or m.group(3) or m.group(4)):
                    continue  # "may" the verb
                if word in ("mar", "jun", "jan", "dec") and m.group(2).islower():
                    continue
                mo = MONTHS[word]
                if m.group(3):
                    y = int(m.group(3))
                elif m.group(4):
                    rel = m.group(4).lower()
                    y = None if ref is None else ref.year + {"last": -1, "this": 0, "next": 1}[rel]
                else:
                    rel = (m.group(1) or "").lower()
                    y = _resolve_year(mo, None, ref, rel if rel in ("last", "this", "next") else None)
                add(m, y, mo, None)
            elif kind == "wd":
                wd = WEEKDAYS[m.group(2).lower()]
                if ref is None:
                    continue
                back = (ref.weekday() - wd) % 7
                rel = (m.group(1) or "").lower()
                if rel == "last" and back == 0:
                    back = 7
                if rel == "next":
                    dd = ref + timedelta(days=(wd - ref.weekday()) % 7 or 7)
                else:
                    dd = ref - timedelta(days=back)
                add(m, dd.year, dd.month, dd.day)
    for m in _YEAR_RE.finditer(text) if ("1" in text or "2" in text) else ():
        if free(m.start(), m.end()):
            out.append(Mention("date", m.group(0), m.start(), m.end(), None, (int(m.group(1)), None, None)))
    out.sort(key=lambda x: x.start)
    return out


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


def explicit_date(text: str) -> tuple[int | None, int | None, int | None] | None:
    """The date that ``text`` as a whole is (an answer like "13 January 2026"), if it is one."""
    t = norm(text).strip().rstrip(".")
    found = [m for m in dates_in(t) if m.date and m.date[1] is not None]
    if len(found) == 1 and len(found[0].text) >= len(t) - 4:
        return found[0].date
    return None


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


def names_in(text: str) -> list[Mention]:
    """Proper-name candidates: runs of capitalised words (and CJK words) in normalised text.

    A single capitalised word that opens a sentence is not taken for a name (``The``,
    ``Lee``): a known limit, documented in the README. Months and weekdays are dates.
    """
    out: list[Mention] = []
    tokens = list(_TOKEN_RE.finditer(text))
    run: list[re.Match[str]] = []
    run_at_start = False

    def sentence_start(pos: int) -> bool:
        k = pos - 1
        while k >= 0 and text[k] in " \"'([":
            k -= 1
        return k < 0 or text[k] in ".!?:;\n"

    def flush() -> None:
        nonlocal run
        toks = list(run)
        run = []
        if not toks:
            return
        if run_at_start:
            while toks and toks[0].group(0).lower() in COMMON_STARTERS:
                toks.pop(0)
            if len(toks) == 1 and toks[0].start() == first_start and not _CJK_RE.search(toks[0].group(0)):
                return
        toks = [t for t in toks if t.group(0).lower().rstrip(".") not in MONTHS
                and t.group(0).lower() not in WEEKDAYS]
        if not toks:
            return
        s, e = toks[0].start(), toks[-1].end()
        name = re.sub(r"['\u2019]s$", "", text[s:e])
        out.append(Mention("name", name, s, s + len(name), initial=run_at_start
                           and toks[0].start() == first_start))

    first_start = -1
    prev_end = -1
    for t in tokens:
        tok = t.group(0)
        contiguous = prev_end >= 0 and text[prev_end : t.start()] in (" ", "-")
        if _is_name_token(tok):
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
    return [
        w for w in re.findall(r"[^\W_]+", norm(text))
        if len(w) >= 3 and w.lower() not in STOPWORDS
    ]


def _stem(word: str) -> str:
    w = word.lower()
    for suffix in ("ing", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)]
    return w


def words_supported(text: str, quotes: str) -> list[str]:
    """The content words of ``text`` that the quotes do not contain (light stemming)."""
    missing = []
    for w in content_words(text):
        if contains_phrase(quotes, w):
            continue
        if word_start_in(quotes, _stem(w)):
            continue
        missing.append(w)
    return missing
