"""The note builder's quick way gives exactly the notes quizgen gave before it: the GUID, note
type, topic and content hash (a hash of the note type, every field and every tag) of every
note of four banks, in order.

The notes before are in ``tests/data/same_as.json``, written by ``python -m tests.perf.same_as
66c4fc0 --record tests/data/same_as.json``: it built the notes of these banks with quizgen at
66c4fc0 (before the speed work) and with the current quizgen, found them the same field by
field, and recorded the current ones. A change to what a note shows must be recorded again
(``python -m tests.perf.same_as --record tests/data/same_as.json``), or this fails;
``python -m tests.perf.same_as REV`` shows every field that differs from a revision's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.bank import load_project
from quizgen.render.anki import KINDS, NoteBuilder, collect_notes, make_model, plain, text
from quizgen.render.anki import _load_css as load_css
from tests.perf.same_as_side import note_banks, note_rows, recorded


@pytest.fixture(scope="module")
def all_banks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return note_banks(tmp_path_factory.mktemp("banks"))


@pytest.mark.parametrize("name", ["bundled", "generated", "handout", "awkward"])
def test_notes_are_as_recorded(name: str, all_banks: dict[str, Path]) -> None:
    bank = load_project(all_banks[name]).bank
    assert bank is not None
    notes, hashes = NoteBuilder(bank).notes_and_hashes()
    assert notes
    assert note_rows(notes, hashes, whole=False) == recorded()["notes"][name]
    assert collect_notes(bank) == notes
    assert hashes == [spec.content_hash() for spec in notes]


@pytest.mark.parametrize("name", ["bundled", "generated", "handout", "awkward"])
def test_cards_are_decided_as_before(name: str, all_banks: dict[str, Path]) -> None:
    root = all_banks[name]
    bank = load_project(root).bank
    assert bank is not None
    css = load_css(root)
    kinds = {key: make_model(bank, kind, root, css) for key, kind in KINDS.items()}
    rules = {key: kd.card_rule() for key, kd in kinds.items()}
    for spec in collect_notes(bank):
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
