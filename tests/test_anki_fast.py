"""The Anki renderer's quick paths give exactly what the plain ones give.

The renderer writes the collection's rows itself, formats ``anki-notes.json`` itself and
computes GUIDs itself, because genanki's writer and json's indented output were most of the
time a large deck took. Each of those is held here to the slow, obvious way of doing the same
thing, byte for byte: a deck a learner already has must keep updating in place, and the
committed ``dist/`` must not change because the code got faster. The last test builds a
bank of a few hundred questions three times and imports it with the real Anki engine.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import re
import sqlite3
from pathlib import Path

import genanki
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.bank import load_project
from quizgen.build import OUTPUTS, build
from quizgen.render import anki as anki_render
from quizgen.render.anki import (
    KINDS,
    STATE_FILE,
    STATE_VERSION,
    NoteKind,
    NoteSpec,
    collect_notes,
    guid_for,
    make_model,
    state_bytes,
    text,
)
from quizgen.render.anki import _collection_bytes as collection_bytes
from quizgen.render.anki import _load_css as load_css
from tests.conftest import make_project
from tests.perf.make_bank import make_bank

ROOT = Path(__file__).resolve().parent.parent
ANKI_ONLY = [o for o in OUTPUTS if o.name == "anki"]
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


# --- the slow, obvious ways ----------------------------------------------------------------

def escaped_the_plain_way(value: object) -> str:
    escaped = html.escape(str(value), quote=True)
    escaped = escaped.replace("{", "&#123;").replace("}", "&#125;")
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def state_the_plain_way(notes, hashes, mods, kind_hashes, kind_mods) -> bytes:
    state = {
        "version": STATE_VERSION,
        "about": "quizgen keeps this file so that a rebuilt Anki deck updates the cards "
                 "learners already have; commit it with dist/.",
        "notes": {spec.question_id: {"guid": spec.guid, "hash": h, "mod": m}
                  for spec, h, m in zip(notes, hashes, mods, strict=True)},
        "notetypes": {key: {"hash": kind_hashes[key], "mod": kind_mods[key]}
                      for key in kind_hashes},
    }
    return (json.dumps(state, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def collection_with_genanki(bank, notes, mods, kinds, kind_mods) -> bytes:
    """The collection as quizgen wrote it through genanki's own writer: decks, notes and
    cards by ``Package.write_to_db``, then the remembered times, then VACUUM."""
    width = max(2, len(str(len(bank.topics))))
    parent = genanki.Deck(anki_render.deck_id(bank), anki_render.deck_name(bank),
                          description=text(bank.description))
    decks = [parent]
    by_topic = {}
    for i, topic in enumerate(bank.topics, start=1):
        deck = genanki.Deck(anki_render.deck_id(bank, topic),
                            anki_render.subdeck_name(bank, i, topic, width),
                            description=text(topic.intro))
        by_topic[topic.id] = deck
        decks.append(deck)
    for position, spec in enumerate(notes, start=1):
        by_topic[spec.topic.id].add_note(genanki.Note(
            model=kinds[spec.kind.key].model, fields=list(spec.fields), tags=list(spec.tags),
            guid=spec.guid, due=position))
    for kd in kinds.values():
        parent.add_model(kd.model)
    conn = sqlite3.connect(":memory:")
    cursor = conn.cursor()
    base = max(min([*mods, *kind_mods.values()]), 315532800) * 1000
    genanki.Package(decks).write_to_db(cursor, 0, itertools.count(base))
    ids = dict(cursor.execute("SELECT guid, id FROM notes"))
    rows = [(mod, ids[spec.guid]) for spec, mod in zip(notes, mods, strict=True)]
    cursor.executemany("UPDATE notes SET mod = ? WHERE id = ?", rows)
    cursor.executemany("UPDATE cards SET mod = ? WHERE nid = ?", rows)
    (models_json,) = cursor.execute("SELECT models FROM col").fetchone()
    models = json.loads(models_json)
    for kd in kinds.values():
        models[str(kd.model.model_id)]["mod"] = kind_mods[kd.kind.key]
    cursor.execute("UPDATE col SET models = ?, mod = ?",
                   (json.dumps(models, sort_keys=True),
                    max([*mods, *kind_mods.values()]) * 1000))
    conn.commit()
    conn.execute("VACUUM")
    data = conn.serialize()
    conn.close()
    return data


def kinds_for(bank, root: Path):
    css = load_css(root)
    return {key: make_model(bank, kind, root, css) for key, kind in KINDS.items()}


# --- the pieces ------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.lists(ANY_TEXT, min_size=1, max_size=3))
def test_guids_are_genankis(values: list[str]) -> None:
    assert guid_for(*values) == genanki.guid_for(*values)


def test_guids_are_genankis_for_question_ids() -> None:
    for i in range(5000):
        assert guid_for("quizgen", "bench-bank", f"q-{i:06d}") == genanki.guid_for(
            "quizgen", "bench-bank", f"q-{i:06d}")


@settings(max_examples=500, deadline=None)
@given(st.one_of(ANY_TEXT, st.text(alphabet="ab &<>\"'{}\r\n\u2019", max_size=30),
                 st.integers(), st.floats(allow_nan=False), st.booleans()))
def test_text_escapes_like_html_escape(value: object) -> None:
    assert text(value) == escaped_the_plain_way(value)


KIND = NoteKind("basic", "Basic", ("Question", "Answer"), "basic")


@settings(max_examples=300, deadline=None)
@given(st.lists(ANY_TEXT, min_size=1, max_size=4), st.lists(ANY_TEXT, max_size=3))
def test_content_hash_is_the_hash_of_json_dumps(fields: list[str], tags: list[str]) -> None:
    spec = NoteSpec("guid", "q", KIND, tuple(fields), tuple(tags), None)  # type: ignore[arg-type]
    payload = json.dumps({"kind": "basic", "fields": fields, "tags": tags}, ensure_ascii=False)
    assert spec.content_hash() == hashlib.sha256(payload.encode("utf-8")).hexdigest()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(ANY_TEXT, ANY_TEXT, st.integers(0, 2**40)), max_size=6),
       st.dictionaries(ANY_TEXT, st.tuples(ANY_TEXT, st.integers(0, 2**40)), max_size=3))
def test_state_file_is_what_json_dumps_writes(entries, kinds) -> None:
    """Question ids with quotes, backslashes, control characters, any script; repeated ids
    (the last note wins, as in a dict); no notes or no note types at all."""
    notes = [NoteSpec(guid, qid, KIND, (), (), None)  # type: ignore[arg-type]
             for qid, guid, _mod in entries]
    hashes = [hashlib.sha256(qid.encode()).hexdigest() for qid, _guid, _mod in entries]
    mods = [mod for _qid, _guid, mod in entries]
    kind_hashes = {key: h for key, (h, _mod) in kinds.items()}
    kind_mods = {key: mod for key, (_h, mod) in kinds.items()}
    assert (state_bytes(notes, hashes, mods, kind_hashes, kind_mods)
            == state_the_plain_way(notes, hashes, mods, kind_hashes, kind_mods))


# --- the collection ----------------------------------------------------------------------------

EMPTY_TOPIC = """\
title: Still to write
intro: Facts for this topic have no questions yet.
facts: []
"""


def mixed_times(count: int) -> list[int]:
    """Times as a rebuild has them: most notes kept, some edited later, in no order."""
    return [1_700_000_000 + (i * 7919) % 13 * 3600 for i in range(count)]


@pytest.mark.parametrize("bank_name", ["bundled", "generated", "with-empty-topic"])
def test_collection_is_byte_for_byte_genankis(bank_name: str, tmp_path: Path) -> None:
    if bank_name == "bundled":
        root = ROOT
    elif bank_name == "generated":
        root = tmp_path / "gen"
        make_bank(260, root)  # three topics, every question type, disputes
    else:
        bank_yaml = "id: test-bank\ntitle: Test bank\ndeck: Test deck\ntopics: [summit, later]\n"
        root = make_project(tmp_path / "proj", bank=bank_yaml)
        (root / "questions" / "later.yaml").write_text(EMPTY_TOPIC, encoding="utf-8")
    bank = load_project(root).bank
    notes = collect_notes(bank)
    assert notes
    mods = mixed_times(len(notes))
    kind_mods = {key: 1_690_000_000 + i for i, key in enumerate(KINDS)}
    ours = collection_bytes(bank, notes, mods, kinds_for(bank, root), kind_mods)
    theirs = collection_with_genanki(bank, notes, mods, kinds_for(bank, root), kind_mods)
    assert ours == theirs


# --- times across builds, at scale, through the real Anki engine --------------------------------

def test_times_across_builds_of_a_large_bank(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    anki_collection = pytest.importorskip("anki.collection")
    root = tmp_path / "bank"
    make_bank(300, root)
    deck = root / "dist" / "bench-bank.apkg"

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(root, outputs=ANKI_ONLY)
    first_deck = deck.read_bytes()
    first = json.loads((root / "dist" / STATE_FILE).read_text(encoding="utf-8"))
    assert len(first["notes"]) == 300
    assert {e["mod"] for e in first["notes"].values()} == {1_700_000_000}

    # a later build of the same bank: nothing moves, not a byte
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1710000000")
    build(root, outputs=ANKI_ONLY)
    assert deck.read_bytes() == first_deck

    # three prompts reworded: exactly those three notes get the new time
    topic = next((root / "questions").glob("topic-*.yaml"))
    source = topic.read_text(encoding="utf-8")
    assert source.count('prompt: "On what date') >= 3
    topic.write_text(source.replace('prompt: "On what date', 'prompt: "On which date', 3),
                     encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1720000000")
    build(root, outputs=ANKI_ONLY)
    third = json.loads((root / "dist" / STATE_FILE).read_text(encoding="utf-8"))
    moved = {q for q in third["notes"] if third["notes"][q] != first["notes"][q]}
    bank = load_project(root).bank
    reworded = {q.id for q in bank.questions if q.prompt.startswith("On which date")}
    assert len(reworded) == 3 and moved == reworded
    assert {third["notes"][q]["mod"] for q in moved} == {1_720_000_000}
    assert {third["notes"][q]["guid"] for q in third["notes"]} == {
        first["notes"][q]["guid"] for q in first["notes"]}

    # what a learner sees: the first deck adds 300 notes, the third updates exactly three
    (tmp_path / "learner").mkdir()
    col = anki_collection.Collection(str(tmp_path / "learner" / "collection.anki2"))
    try:
        first_path = tmp_path / "first.apkg"
        first_path.write_bytes(first_deck)
        for path, expected in ((first_path, (300, 0, 0)), (deck, (0, 3, 297))):
            request = anki_collection.ImportAnkiPackageRequest(
                package_path=str(path), options=anki_collection.ImportAnkiPackageOptions())
            log = col.import_anki_package(request).log
            assert (len(log.new), len(log.updated), len(log.duplicate)) == expected
        assert col.note_count() == 300 and col.card_count() == 300
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            qid = re.sub(r".* / ", "", note["Ref"])
            assert note.mod == third["notes"][qid]["mod"], qid
    finally:
        col.close()
