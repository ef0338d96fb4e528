"""Normalisation, quote location and number/date/name support, unit by unit and by property."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.support import dates_in, explicit_date, names_in, numbers_in
from quizgen.textmatch import locate, normalize

# text drawn from the characters normalisation cares about, plus ordinary letters
TRICKY = st.lists(
    st.sampled_from(
        list("abc AZ19.,-'\"\n\t") + ["\u2014", "\u2013", "\u201c", "\u201d", "\u2019", "\u00ad",
                                     "\u200b", "\u00a0", "\u2026", "\ufb01", "\uff11", "--"]
    ),
    max_size=60,
).map("".join)


@given(st.text(max_size=200) | TRICKY)
def test_normalisation_is_idempotent(text):
    once = normalize(text).text
    assert normalize(once).text == once


@given(st.text(max_size=200) | TRICKY)
def test_offsets_map_back_into_the_original(text):
    n = normalize(text)
    assert len(n.offsets) == len(n.text) + 1
    assert list(n.offsets[:-1]) == sorted(n.offsets[:-1])
    for i, ch in enumerate(n.text):
        src = text[n.offsets[i]]
        # the original character normalises to (or into a run containing) this one
        assert ch in normalize(src).text or ch in (" ", "-")


@settings(max_examples=200)
@given(st.text(max_size=80) | TRICKY, st.integers(0, 80), st.integers(1, 30))
def test_located_spans_map_back_to_the_original(text, start, length):
    n = normalize(text)
    piece = n.text[start : start + length].strip()
    if not piece or "..." in piece:
        return
    loc = locate(piece, n)
    assert loc is not None
    for s, e in loc.spans:
        # the original text the span covers holds the quote (one original character may
        # normalise to several, as "\u2026" does to "...")
        covered = normalize(text[s:e]).text.strip()
        assert piece in covered
        assert len(covered) <= len(piece) + 4


def test_locate_exact_normalised_and_omissions():
    text = "Lee said \u201csmall but mean\u00adingful\u201d \u2014 progress.\nIt was 1942."
    n = normalize(text)
    exact = locate("It was 1942.", n)
    assert exact is not None and text[exact.spans[0][0]: exact.spans[0][1]] == "It was 1942."
    loose = locate('"small but meaningful" -- progress', n)
    assert loose is not None
    s, e = loose.spans[0]
    assert text[s:e] == "\u201csmall but mean\u00adingful\u201d \u2014 progress"
    gap = locate("Lee said ... It was 1942", n)
    assert gap is not None and len(gap.spans) == 2
    assert locate("It was 1943.", n) is None
    assert locate("LEE SAID", n) is None  # case is never folded
    assert locate("It was 1942 ... Lee said", n) is None  # pieces in order


def values(text):
    return sorted({m.value for m in numbers_in(normalize(text).text)})


def test_numbers_compare_as_numbers():
    assert 1000.0 in values("1,000 people")
    assert 1000.0 in values("1000 people")
    assert 1000.0 in values("one thousand people")
    assert 183.0 in values("one hundred and eighty-three")
    assert 75e9 in values("about $75 billion")
    assert 75.0 in values("about $75 billion")
    assert 500e6 in values("$500 million")
    assert {1910.0, 45.0, 1945.0} <= set(values("Japan's 1910-45 colonial rule"))
    assert 3.0 in values("the third encounter")
    assert 60.0 in values("the past 60 years")
    assert 183.0 not in values("in 1830")  # digit boundaries
    assert 18.0 not in values("183")


def test_dates_read_against_publication():
    ref = date(2026, 1, 13)
    got = lambda t: [m.date for m in dates_in(normalize(t).text, ref)]  # noqa: E731
    assert (2026, 1, 13) in got("NARA, Japan, Jan. 13 (Yonhap)")
    assert (2026, 1, 13) in got("President Lee said Tuesday")
    assert (2025, 10, None) in got("their first in Gyeongju last October")
    assert (2025, 10, None) in got("in late October")
    assert (2025, 8, None) in got("discovered in August last year")
    assert (2025, 6, None) in got("since assuming office last June")
    assert (1942, None, None) in got("a flood in 1942")
    assert (2026, 1, 13) in got("13 January 2026")
    assert got("they may meet") == []


def test_explicit_date_answers():
    assert explicit_date("13 January 2026") == (2026, 1, 13)
    assert explicit_date("January 13, 2026") == (2026, 1, 13)
    assert explicit_date("October 2025") == (2025, 10, None)
    assert explicit_date("Nara") is None


def test_names():
    names = [m.text for m in names_in("The leaders met in Nara, Takaichi's home, with Lee Jae Myung.")]
    assert names == ["Nara", "Takaichi", "Lee Jae Myung"]
    # a single capitalised word that opens a sentence is not a name; months are dates
    assert [m.text for m in names_in("Both met in January.")] == []
    assert [m.text for m in names_in("대통령 이재명 met.")] == ["대통령 이재명"]


def test_name_support_whole_words_and_adjectives():
    from quizgen.support import name_supported

    assert name_supported("Sanae Takaichi", "Prime Minister Sanae Takaichi said")
    assert name_supported("South Korean", "South Korea and Japan")  # adjective of a quoted name
    assert name_supported("Japanese", "in Japan")
    assert not name_supported("Nara", "Naraya")  # whole words only
    assert not name_supported("Kyoto", "Nara, Japan")


def _evidence(quote: str, published: date | None = date(2026, 1, 13)):
    from quizgen.model import Place, Source
    from quizgen.textmatch import Location
    from quizgen.validate import Evidence

    source = Source(id="x", title="t", publisher=None, byline=None, published=published,
                    url=None, origin=None, sha256="", text=quote, place=Place("x.md"))
    ev = Evidence()
    ev.add(source, Location(((0, len(quote)),)))
    return ev


QUOTE = ("The two leaders met in Gyeongju last October and briefly met again in November. "
         "Japanese Prime Minister Sanae Takaichi said Tuesday.")


def test_details_sentence_openers_and_months():
    from quizgen.validate import unsupported_details

    ev = _evidence(QUOTE)
    # a month ending a sentence does not glue the next sentence's opener to anything
    assert unsupported_details("They met in Gyeongju last October. One article disagrees.", ev, {}) == []
    # an ordinary opener before a quoted name is not part of the name...
    assert unsupported_details("Besides Gyeongju, they met in November.", ev, {}) == []
    # ...but an unquoted name after it still is caught
    assert unsupported_details("Besides Kyoto, they met.", ev, {}) == ["Besides Kyoto"]


def test_details_weekdays_are_checked():
    from quizgen.validate import unsupported_details

    ev = _evidence(QUOTE)
    assert unsupported_details("They met on Tuesday.", ev, {}) == []
    assert unsupported_details("They met on Wednesday.", ev, {}) == ["Wednesday"]
    # a quoted date that falls on the weekday supports it too
    assert unsupported_details("It was a Tuesday.", _evidence("NARA, Jan. 13 (Wire)"), {}) == []


def test_details_country_for_its_adjective():
    from quizgen.validate import unsupported_details

    ev = _evidence(QUOTE)
    assert unsupported_details("Sanae Takaichi leads Japan.", ev, {}) == []
    # without a publication date, "last October" has no year to support one
    undated = _evidence(QUOTE, published=None)
    assert unsupported_details("They met in October 2025.", undated, {}) == ["October 2025"]
