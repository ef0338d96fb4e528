"""The note builder's quick way gives exactly the notes the plain way gave: every field, tag,
GUID and content hash of every note (tests/anki_reference.py keeps the plain way). A change to
what a note shows must be made to both, or this fails."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.bank import load_project
from quizgen.render.anki import KINDS, NoteBuilder, collect_notes, make_model, plain, text
from quizgen.render.anki import _load_css as load_css
from tests.anki_reference import reference_notes
from tests.conftest import make_project, write_source
from tests.html_bank import TOPIC as HANDOUT_TOPIC
from tests.html_bank import make_handout_project
from tests.perf.make_bank import make_bank

ROOT = Path(__file__).resolve().parent.parent

#: a topic whose text needs every kind of escaping, with facts of several questions each
AWKWARD = """\
title: "Braces {{ and }} & <tags> 'quoted' \\"twice\\""
intro: "Line one\\nline two"
facts:
  - id: fact-a
    category: numbers
    statement: "The mine flood killed 183 people."
    citations:
      - source: wire
        quote: "where a flood in\\n1942 killed 183 people"
      - source: other
        quote: "183 individuals ... from the Chosei undersea coal mine"
      - source: nopub
        quote: "A <b>bold</b> & {{odd}} claim: 183 died"
    disputes:
      - source: other
        quote: "who perished in a 1942 flood"
        note: "It says <perished>, & {{not}} 'killed'"
    questions:
      - id: "q-a1 <x>"
        type: basic
        prompt: "How many died? {{c1::no}}"
        answer: "183 & more"
        explanation: "Line one\\r\\nline <two>"
      - id: q-a2
        type: numeric
        prompt: How many people died in the 1942 flood?
        answer: 183
        unit: people
      - id: q-a3
        type: short_answer
        prompt: Which mine flooded?
        answer: "Chosei"
        accept: ["the Chosei mine", "Chosei {undersea}"]
      - id: q-a4
        type: multiple_choice
        prompt: "In which year? <pick>"
        answer: "1942"
        distractors: ["1945", "1965 & later", "{1910}"]
      - id: q-a5
        type: true_false
        prompt: "The flood killed 183 people: it's 'true'"
        answer: true
      - id: q-a6
        type: cloze
        text: "A flood in [[1942]] killed [[183 {people}]] at the mine: [[a:b]]."
        explanation: "From the wire report."
  - id: fact-b
    category: quotes
    statement: A fact without questions.
    citations:
      - source: wire
        quote: "The meeting lasted about an hour and a half"
"""


def awkward_project(root: Path) -> Path:
    make_project(root, topic=AWKWARD)
    write_source(root, "nopub", "Intro. A <b>bold</b> & {{odd}} claim: 183 died, it said.",
                 publisher=None)
    return root


def banks(tmp_path: Path) -> dict[str, Path]:
    make_bank(263, tmp_path / "gen")  # three topics, every question type, disputes
    return {
        "bundled": ROOT,
        "generated": tmp_path / "gen",
        "handout": make_handout_project(tmp_path / "handout", HANDOUT_TOPIC),
        "awkward": awkward_project(tmp_path / "awkward"),
    }


@pytest.fixture(scope="module")
def all_banks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return banks(tmp_path_factory.mktemp("banks"))


@pytest.mark.parametrize("name", ["bundled", "generated", "handout", "awkward"])
def test_notes_are_the_plain_ways(name: str, all_banks: dict[str, Path]) -> None:
    bank = load_project(all_banks[name]).bank
    assert bank is not None
    expected = reference_notes(bank)
    assert expected
    notes, hashes = NoteBuilder(bank).notes_and_hashes()
    assert notes == expected
    assert collect_notes(bank) == expected
    assert hashes == [spec.content_hash() for spec in expected]


@pytest.mark.parametrize("name", ["bundled", "generated", "handout", "awkward"])
def test_cards_are_decided_as_before(name: str, all_banks: dict[str, Path]) -> None:
    root = all_banks[name]
    bank = load_project(root).bank
    assert bank is not None
    css = load_css(root)
    kinds = {key: make_model(bank, kind, root, css) for key, kind in KINDS.items()}
    rules = {key: kd.card_rule() for key, kd in kinds.items()}
    for spec in reference_notes(bank):
        fields = spec.fields
        assert list(rules[spec.kind.key](fields)) == kinds[spec.kind.key].card_ords(fields)
        # and with fields left empty, as a project's own note type might leave them
        blank = ("",) * len(fields)
        assert list(rules[spec.kind.key](blank)) == kinds[spec.kind.key].card_ords(blank)



@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
                 st.text(alphabet="ab &<>\"'{}\r\n\u2019\u00e9", max_size=30)))
def test_plain_text_is_text_with_nothing_to_replace(value: str) -> None:
    """plain() is the old test (a search for any of &<>"'{} and line breaks), and text() of
    plain text is the text itself."""
    assert plain(value) == (re.search("[&<>\"'{}\r\n]", value) is None)
    if plain(value):
        assert text(value) == value
