"""The fast normaliser gives exactly what the character-by-character one gave."""

from __future__ import annotations

import random
import unicodedata

from quizgen.textmatch import _DASHES, _DROP, _QUOTE_MAP, locate, locate_exact, norm, normalize


def _reference_map(ch: str) -> str:
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
        return "".join(_reference_map(c) if c != ch else c for c in out)
    return out


def reference(original: str) -> tuple[str, list[int]]:
    """The original definition: one character at a time, collapsing spaces and dashes."""
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(original):
        for m in _reference_map(ch):
            if m in (" ", "-") and chars and chars[-1] == m:
                continue
            chars.append(m)
            offsets.append(i)
    offsets.append(len(original))
    return "".join(chars), offsets


ALPHABET = list("ab AZ09.,;-–—‐--  \n\t\r\x1c\u00a0\u00ad\u200b\ufeff'’‘\"“”`´…ﬁ①Ⅻｱ한국ß İ\u0301e"
                "\u2028x_~\\[]")


def test_fast_normalize_matches_the_reference():
    rng = random.Random(3)
    for _ in range(40000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 30)))
        want_text, want_offsets = reference(text)
        got = normalize(text)
        assert got.text == want_text, repr(text)
        assert list(got.offsets) == want_offsets, repr(text)
        assert norm(text) == want_text, repr(text)


def test_exact_location_is_what_locate_finds():
    article = normalize("He said \u201cyes\u201d -- twice. Then 183 people left.")
    for quote in ("183 people", "He said", "twice. Then", "\u201cyes\u201d"):
        assert locate_exact(quote, article.original) == locate(quote, article)
    assert locate_exact('"yes"', article.original) is None  # needs normalisation
    assert locate('"yes"', article) is not None
    assert locate_exact("He said ... twice", article.original) is None  # an omission
