"""Normalisation with an offset map, quote location, and near-miss hints.

A quote is located when it occurs in the article exactly, or after both are normalised the
same way (Unicode NFKC; curly quotes to straight; the dash family and ``--`` to ``-``; runs of
white space to one space; soft hyphens and zero-width characters dropped), or, when it holds
``...``, when its pieces occur in order. Letter case is never folded and fuzzy similarity never
passes a quote: it only finds the closest passage for a hint.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

_DROP = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e")
_QUOTE_MAP = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u00b4": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
}
_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")
ELLIPSIS = "..."
#: 'i' holds offsets up to 2**31 on every platform CPython runs on; files are at most 5 MB
_OFFSET_TYPE = "i" if array("i").itemsize >= 4 else "l"


@dataclass(frozen=True)
class Normalized:
    """Normalised text plus, for every character, the offset of the original it came from.

    ``offsets`` has one extra entry at the end (the original's length), so the original span
    of ``text[i:j]`` is ``original[offsets[i]:offsets[j - 1] + 1]`` for non-empty spans; use
    :meth:`span` for that. It is a compact sequence of ints (an ``array``), indexable and
    sliceable like a tuple, at a quarter of a tuple's memory for long articles.
    """

    text: str
    offsets: Sequence[int]
    original: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of normalised ``text[start:end]``."""
        if end <= start:
            o = self.offsets[start]
            return o, o
        return self.offsets[start], self.offsets[end - 1] + 1


@lru_cache(maxsize=65536)
def _map_char(ch: str) -> str:
    if ch in _DROP:
        return ""
    if ch in _QUOTE_MAP:
        return _QUOTE_MAP[ch]
    if ch in _DASHES:
        return "-"
    if ch.isspace():
        return " "
    if ch.isascii():
        return ch
    out = unicodedata.normalize("NFKC", ch)
    if out != ch:
        return "".join(_map_char(c) if c != ch else c for c in out)
    return out


# Printable ASCII other than space, '-' and '`' maps to itself, and so does a run of such
# characters joined by single spaces or single hyphens: nothing in it is dropped, replaced or
# collapsed. Such runs are copied whole; only the characters between them go one by one.
_KEEP = r"[!-,.-_a-~]"
_RUN_RE = re.compile(rf"{_KEEP}+(?:[ -]{_KEEP}+)*")


def _normalize(original: str, with_offsets: bool) -> tuple[str, array | None]:
    pieces: list[str] = []
    offsets = array(_OFFSET_TYPE) if with_offsets else None
    last = ""  # the last character written

    def between(start: int, end: int) -> None:
        nonlocal last
        for i in range(start, end):
            for m in _map_char(original[i]):
                if (m == " " or m == "-") and last == m:
                    continue
                pieces.append(m)
                last = m
                if offsets is not None:
                    offsets.append(i)

    pos = 0
    for run in _RUN_RE.finditer(original):
        start, end = run.span()
        if start > pos:
            between(pos, start)
        pieces.append(run.group())
        if offsets is not None:
            offsets.extend(range(start, end))
        last = original[end - 1]
        pos = end
    if pos < len(original):
        between(pos, len(original))
    if offsets is not None:
        offsets.append(len(original))
    return "".join(pieces), offsets


def normalize(original: str) -> Normalized:
    """Normalise ``original`` keeping a map back to it. Idempotent on its own output."""
    text, offsets = _normalize(original, True)
    return Normalized(text, offsets, original)  # type: ignore[arg-type]


def _is_run(text: str) -> bool:
    """``_RUN_RE.fullmatch(text)``, with string methods that each scan in C (about half the
    time of the pattern on a sentence): printable ASCII but the backquote, no two of space
    and hyphen in a row, neither of them first or last."""
    return (text.isascii() and text.isprintable() and "`" not in text and text != ""
            and text[0] not in " -" and text[-1] not in " -" and "  " not in text
            and "--" not in text and " -" not in text and "- " not in text)


def norm(text: str) -> str:
    """Just the normalised text."""
    if _is_run(text):
        return text  # plain ASCII with single spaces: already normal
    return _normalize(text, False)[0]


@lru_cache(maxsize=4096)
def normalize_cached(original: str) -> Normalized:
    return normalize(original)


@dataclass(frozen=True)
class Location:
    """Where a quote stands: one (start, end) span in the original text per piece."""

    spans: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.spans[0][0]


def quote_pieces(quote: str) -> list[str]:
    """The normalised pieces of a quote split at ``...`` omissions (empty pieces dropped)."""
    q = norm(quote).strip()
    return [p.strip() for p in q.split(ELLIPSIS) if p.strip()]


def locate_exact(quote: str, original: str) -> Location | None:
    """``quote`` found as it stands in ``original`` (no ``...`` in it), else None.

    :func:`locate` tries this first; callers that have only the original text can try it
    before paying for :func:`normalize` of a whole article.
    """
    exact = exact_start(quote, original)
    if exact < 0:
        return None
    return Location(((exact, exact + len(quote)),))


def exact_start(quote: str, original: str) -> int:
    """Where :func:`locate_exact` finds ``quote`` in ``original``, or -1: the same test
    without making a :class:`Location` (the checker needs only the offset)."""
    if not quote or ELLIPSIS in quote or "\u2026" in quote:
        return -1
    return original.find(quote)


def locate(quote: str, source: Normalized) -> Location | None:
    """Find ``quote`` in ``source``: exact or normalised, pieces in order across ``...``."""
    found = locate_exact(quote, source.original)
    if found is not None:
        return found
    pieces = quote_pieces(quote)
    if not pieces:
        return None
    pos = 0
    spans: list[tuple[int, int]] = []
    for piece in pieces:
        i = source.text.find(piece, pos)
        if i < 0:
            return None
        spans.append(source.span(i, i + len(piece)))
        pos = i + len(piece)
    return Location(tuple(spans))


@dataclass(frozen=True)
class NearMiss:
    """The passage of the source closest to a quote that was not found."""

    passage: str
    start: int  # offset in the original text
    score: float
    reason: str | None = None


def first_missing_piece(quote: str, source: Normalized) -> str | None:
    """The first piece of ``quote`` (split at ``...``) that cannot be found in order."""
    pos = 0
    for piece in quote_pieces(quote):
        i = source.text.find(piece, pos)
        if i < 0:
            return piece
        pos = i + len(piece)
    return None


def closest_passage(quote: str, source: Normalized) -> NearMiss | None:
    """The best-aligned passage for a hint. Never used to decide that a quote is found."""
    from rapidfuzz import fuzz

    piece = first_missing_piece(quote, source)
    if not piece or not source.text:
        return None
    reason = None
    m = re.search(re.escape(piece), source.text, re.IGNORECASE)
    if m:
        start, end = m.start(), m.end()
        score = 100.0
        reason = "the words match but the letter case differs"
    else:
        res = fuzz.partial_ratio_alignment(piece, source.text)
        if res is None or res.score < 50:
            return None
        start, end, score = res.dest_start, res.dest_end, res.score
        # widen to whole words
        while start > 0 and source.text[start - 1].isalnum():
            start -= 1
        while end < len(source.text) and source.text[end].isalnum():
            end += 1
    if reason is None:
        reason = _first_difference(piece, source.text[start:end])
    o_start, o_end = source.span(start, end)
    return NearMiss(source.original[o_start:o_end], o_start, score, reason)


#: a number (with its thousands separators and decimals), a word, or a mark
_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|\w+|[^\w\s]")


def _first_difference(quote: str, passage: str) -> str | None:
    """Where ``quote`` first differs from ``passage``, word by word (and mark by mark), in
    words: 'the quote has "188" where the article has "183"'. Words the passage has before or
    after all of the quote are not a difference: the passage was widened to whole words."""
    import difflib

    q = [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(quote)]
    a = [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(passage)]
    ops = difflib.SequenceMatcher(None, [t[0] for t in q], [t[0] for t in a],
                                  autojunk=False).get_opcodes()
    while ops and ops[0][0] == "insert" and ops[0][1] == 0:
        ops.pop(0)  # the passage starts before the quote
    while ops and ops[-1][0] == "insert" and ops[-1][1] == len(q):
        ops.pop()  # and ends after it
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        ours = quote[q[i1][1]:q[i2 - 1][2]] if i2 > i1 else ""
        theirs = passage[a[j1][1]:a[j2 - 1][2]] if j2 > j1 else ""
        if tag == "replace":
            return f'the quote has "{ours}" where the article has "{theirs}"'
        if tag == "delete":
            return f'the quote has "{ours}", which the article does not have there'
        if i1 > 0:
            return f'the article has "{theirs}" after "{q[i1 - 1][0]}"'
        return f'the article has "{theirs}" before "{q[0][0]}"'
    return None


_WORD_CACHE: dict[str, re.Pattern[str]] = {}


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A case-insensitive whole-word pattern for a normalised phrase (flexible spaces)."""
    pat = _WORD_CACHE.get(phrase)
    if pat is None:
        parts = [re.escape(p) for p in phrase.split()]
        pat = re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)", re.IGNORECASE)
        if len(_WORD_CACHE) > 20000:
            _WORD_CACHE.clear()
        _WORD_CACHE[phrase] = pat
    return pat


_ASCII_SPACE = frozenset(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f")  # what \s is in ASCII


def _ascii_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # \w, for an ASCII character


#: the ASCII characters of ``\w`` (those ``_ascii_word_char`` accepts), for a test without a call
_ASCII_WORD_CHARS = frozenset(c for c in map(chr, range(128)) if _ascii_word_char(c))


def _ascii_contains(haystack: str, words: list[str]) -> bool:
    """What ``phrase_pattern`` finds, for ASCII text already lower-cased: the words in order,
    white space between them, no word character either side. Compiling a pattern per phrase
    cost more than the search; for ASCII text the search is this simple."""
    if len(words) > 1:
        for w in words:
            if w not in haystack:
                return False  # each word must stand somewhere: a quick no for most phrases
    n = len(haystack)
    first = words[0]
    i = haystack.find(first)
    while i >= 0:
        if i == 0 or haystack[i - 1] not in _ASCII_WORD_CHARS:
            j = i + len(first)
            for w in words[1:]:
                k = j
                while k < n and haystack[k] in _ASCII_SPACE:
                    k += 1
                if k == j or not haystack.startswith(w, k):
                    break
                j = k + len(w)
            else:
                if j == n or haystack[j] not in _ASCII_WORD_CHARS:
                    return True
        i = haystack.find(first, i + 1)
    return False


_last_lowered = ("", "")


def _lowered(text: str) -> str:
    """``text.lower()``, remembering the last text: the checker searches the same quotes for
    one phrase after another."""
    global _last_lowered
    last = _last_lowered  # read once: another thread may replace it
    if last[0] is text:
        return last[1]
    lowered = text.lower()
    _last_lowered = (text, lowered)
    return lowered


def contains_phrase(haystack: str, phrase: str) -> bool:
    """Whole-word, case-insensitive containment after normalisation of ``phrase``."""
    p = norm(phrase).strip()
    if not p:
        return False
    if p.isascii() and haystack.isascii():
        return _ascii_contains(_lowered(haystack), p.lower().split())
    return phrase_pattern(p).search(haystack) is not None


class Phrase:
    """One phrase to look for in many texts: ``Phrase(p).found_in(h)`` is
    ``contains_phrase(h, p)``, with the work on the phrase (normalising it, lower-casing it,
    splitting it into words) done once instead of at every search."""

    __slots__ = ("ascii", "text", "words")

    def __init__(self, phrase: str):
        self.text = norm(phrase).strip()
        self.ascii = self.text.isascii()
        self.words = self.text.lower().split()

    def found_in(self, haystack: str) -> bool:
        p = self.text
        if not p:
            return False
        if self.ascii and haystack.isascii():
            return _ascii_contains(_lowered(haystack), self.words)
        return phrase_pattern(p).search(haystack) is not None
