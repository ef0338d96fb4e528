"""The Anki deck, checked the way a learner meets it: imported into a fresh collection with the
real Anki engine (the ``anki`` package), every card rendered, rebuilt and imported again."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

anki_collection = pytest.importorskip("anki.collection")
from anki.collection import (  # noqa: E402
    Collection,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)

from quizgen.build import OUTPUTS, build  # noqa: E402
from quizgen.errors import OutputError  # noqa: E402
from quizgen.render.anki import STATE_FILE  # noqa: E402
from tests.conftest import (  # noqa: E402
    ARTICLE,
    QUOTING_ARTICLE,
    QUOTING_FACT,
    SECOND,
    TOPIC,
    make_project,
    write_source,
)

ANKI_ONLY = [o for o in OUTPUTS if o.name == "anki"]
EPOCH = 1_700_000_000
DECK = "test-bank.apkg"
REPO_TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "anki"

#: what Anki shows on a card whose template is broken
TEMPLATE_ERROR = re.compile(r"template has a problem|no field called|no cloze", re.I)


# --- helpers ------------------------------------------------------------------------------

def build_deck(root: Path):
    return build(root, outputs=ANKI_ONLY)


def import_deck(col: Collection, path: Path):
    """Import like Anki's File > Import with its default options; returns the import log."""
    request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
    log = col.import_anki_package(request).log
    col.models._clear_cache()  # the Python side caches note types; Anki's GUI refreshes too
    return log


def visible(html_text: str) -> str:
    """What a reader sees of rendered card HTML: no style block, no tags, entities decoded."""
    import html

    html_text = re.sub(r"<style>.*?</style>", "", html_text, flags=re.S)
    html_text = re.sub(r"</?(div|li|ol|ul|hr|br|p)\b[^>]*>", " ", html_text)
    html_text = re.sub(r"<[^>]+>", "", html_text)
    return " ".join(html.unescape(html_text).split())


def cards_by_question(col: Collection) -> dict[str, object]:
    """Every card of the collection keyed by the question id (the note's Ref field)."""
    out = {}
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        ref = visible(card.note()["Ref"])
        out[ref.split(" / ", 1)[1]] = card
    return out


def notes_by_question(col: Collection) -> dict[str, object]:
    out = {}
    for nid in col.find_notes(""):
        note = col.get_note(nid)
        out[visible(note["Ref"]).split(" / ", 1)[1]] = note
    return out


def edit_topic(root: Path, old: str, new: str) -> None:
    path = root / "questions" / "summit.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def col(tmp_path: Path) -> Iterator[Collection]:
    folder = tmp_path / "learner"
    folder.mkdir()
    collection = Collection(str(folder / "collection.anki2"))
    yield collection
    collection.close()


@pytest.fixture
def fixed_epoch(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    return EPOCH


BANK_QUESTIONS = ["flood-deaths-n", "flood-year", "flood-cloze", "flood-tf", "summit-city",
                  "summit-basic"]


# --- the package --------------------------------------------------------------------------

def test_build_writes_the_deck_and_its_state(tmp_path: Path, fixed_epoch: int) -> None:
    root = make_project(tmp_path / "proj")
    result = build_deck(root)
    assert (root / "dist" / DECK).is_file()
    state = json.loads((root / "dist" / STATE_FILE).read_text(encoding="utf-8"))
    assert sorted(state["notes"]) == sorted(BANK_QUESTIONS)
    assert {entry["mod"] for entry in state["notes"].values()} == {EPOCH}
    with zipfile.ZipFile(io.BytesIO(result.files[DECK])) as zf:
        assert sorted(zf.namelist()) == ["collection.anki2", "media"]


def test_import_into_a_fresh_collection(tmp_path: Path, fixed_epoch: int,
                                        col: Collection) -> None:
    root = make_project(tmp_path / "proj")
    build_deck(root)
    log = import_deck(col, root / "dist" / DECK)

    assert len(log.new) == 6
    assert col.note_count() == 6
    assert col.card_count() == 6  # one card per question
    names = {d.name for d in col.decks.all_names_and_ids()}
    assert "Test deck" in names
    assert "Test deck::01 The summit" in names
    for card in cards_by_question(col).values():
        assert col.decks.name(card.did) == "Test deck::01 The summit"


def test_every_card_renders_through_the_engine(tmp_path: Path, fixed_epoch: int,
                                               col: Collection) -> None:
    root = make_project(tmp_path / "proj")
    build_deck(root)
    import_deck(col, root / "dist" / DECK)
    cards = cards_by_question(col)
    assert sorted(cards) == sorted(BANK_QUESTIONS)
    for qid, card in cards.items():
        front, back = card.question(), card.answer()
        assert visible(front), qid
        assert visible(back), qid
        assert not TEMPLATE_ERROR.search(front), (qid, front)
        assert not TEMPLATE_ERROR.search(back), (qid, back)
        assert "{{" not in visible(front) + visible(back), qid


def test_what_each_card_shows(tmp_path: Path, fixed_epoch: int, col: Collection) -> None:
    root = make_project(tmp_path / "proj")
    build_deck(root)
    import_deck(col, root / "dist" / DECK)
    cards = cards_by_question(col)

    def sides(qid: str) -> tuple[str, str, str]:
        card = cards[qid]
        return visible(card.question()), visible(card.answer()), card.answer()

    # numeric: type the number; the unit is a hint, the answer stands out on the back
    front, back, raw = sides("flood-deaths-n")
    assert "How many people died in the 1942 flood" in front
    assert "Answer in: people" in front
    assert "183" not in front.replace("1942", "")
    assert cards["flood-deaths-n"].note()["Answer"] == "183"
    assert re.search(r'class="qg-answer">183 <span class="qg-answer-unit">people</span>', raw)
    assert "Of the 183 who died, 136 were Korean forced laborers." in back

    # multiple choice: every option on the front, none marked; the right one marked on the back
    front, back, raw = sides("flood-year")
    for option in ("1942", "1945", "1965", "1910"):
        assert option in front.split("flood?", 1)[1]
    assert "correct" not in front
    marked = re.findall(r'<li class="qg-right">(.*?)</li>', raw)
    assert len(marked) == 1 and "1942" in marked[0]
    letter = re.search(r'class="qg-letter">([A-D])</span>1942', raw).group(1)
    assert f"{letter}. 1942" in back

    # cloze: the deletion is hidden on the front, shown on the back
    front, back, _ = sides("flood-cloze")
    assert "The flood at the Chosei mine killed [...] people." in front
    assert "The flood at the Chosei mine killed 183 people." in back

    # true/false
    front, back, _ = sides("flood-tf")
    assert "True or false?" in front and "killed 200 people" in front
    assert "False" not in front
    assert "False" in back.split("killed 200 people.", 1)[1]
    assert "It killed 183." in back

    front, back, _ = sides("summit-city")
    assert "Nara" not in front
    assert "Nara" in back.split("Sources")[0]

    front, back, _ = sides("summit-basic")
    assert "13 January 2026" not in front and "13 January 2026" in back


def test_every_back_shows_sources_and_marks_single_source_facts(
        tmp_path: Path, fixed_epoch: int, col: Collection) -> None:
    root = make_project(tmp_path / "proj")
    build_deck(root)
    import_deck(col, root / "dist" / DECK)
    cards = cards_by_question(col)
    two_sources = ["flood-deaths-n", "flood-year", "flood-cloze", "flood-tf"]
    one_source = ["summit-city", "summit-basic"]
    for qid in two_sources:
        back = visible(cards[qid].answer())
        assert "Publisher wire, 2026-01-13" in back, qid
        assert "Other Paper, 2026-01-13" in back, qid
        assert ("the Chosei undersea coal mine, where a flood in 1942 killed 183 people, "
                "including 136 Korean forced laborers") in back, qid
        assert "Single source" not in back, qid
        assert "Sources" not in visible(cards[qid].question()), qid
    for qid in one_source:
        back = visible(cards[qid].answer())
        assert "Single source: every report of this comes from one origin (Publisher wire)" in back, qid
        assert "President Lee Jae Myung said Tuesday he had met" in back, qid
        assert "Other Paper" not in back, qid


def test_a_quote_holding_quotation_marks_prints_them_single(
        tmp_path: Path, fixed_epoch: int, col: Collection) -> None:
    # the back shows a quote in <q>, which adds “…”: the quote's own marks become ‘…’
    root = make_project(tmp_path / "proj", topic=TOPIC + QUOTING_FACT)
    write_source(root, "wire", QUOTING_ARTICLE)
    build_deck(root)
    import_deck(col, root / "dist" / DECK)
    back = cards_by_question(col)["mayor-owed-tf"].answer()
    assert '<q class="qg-quote">‘We owe the families a full answer,’ and left</q>' in back


def test_options_have_the_same_letters_in_the_deck_and_on_paper(
        tmp_path: Path, fixed_epoch: int, col: Collection) -> None:
    # a teacher going over "the answer is C" with a class that used both means one option
    from quizgen.build import RenderContext, load_and_check
    from quizgen.render.html import render_pages
    from tests.html_bank import Page

    root = make_project(tmp_path / "proj")
    build_deck(root)
    import_deck(col, root / "dist" / DECK)
    front = visible(cards_by_question(col)["flood-year"].question())
    on_card = re.findall(r"([A-D])\s*(1945|1965|1910|1942)", front)
    bank, _ = load_and_check(root)
    ctx = RenderContext(root=root, source_date_epoch=None, previous={}, options={})
    page = Page(render_pages(bank, ctx)["html/summit.html"])
    on_paper = re.findall(r"([A-D])\s*(1945|1965|1910|1942)", page.by_id["q-flood-year"])
    assert len(on_card) == 4 and on_card == on_paper


def test_two_outlets_relaying_one_wire_are_one_source(tmp_path: Path, fixed_epoch: int,
                                                      col: Collection) -> None:
    root = make_project(tmp_path / "proj")
    # the second article now says it relays the same wire service as the first
    write_source(root, "wire", ARTICLE, origin="Wire")
    write_source(root, "other", SECOND, publisher="Other Paper", origin="Wire")
    build_deck(root)
    import_deck(col, root / "dist" / DECK)
    back = visible(cards_by_question(col)["flood-tf"].answer())
    assert "Single source: every report of this comes from one origin (Wire)" in back
    assert "Other Paper, 2026-01-13" in back  # both citations are still shown


def test_tags(tmp_path: Path, fixed_epoch: int, col: Collection) -> None:
    root = make_project(tmp_path / "proj")
    build_deck(root)
    import_deck(col, root / "dist" / DECK)
    notes = notes_by_question(col)
    assert sorted(notes["flood-year"].tags) == sorted(
        ["category::casualties", "topic::summit", "source::Publisher_wire",
         "source::Other_Paper"])
    assert sorted(notes["summit-city"].tags) == sorted(
        ["category::venues", "topic::summit", "source::Publisher_wire", "single-source"])


# --- identity and updates -----------------------------------------------------------------

def test_importing_the_same_file_twice_adds_nothing(tmp_path: Path, fixed_epoch: int,
                                                    col: Collection) -> None:
    root = make_project(tmp_path / "proj")
    build_deck(root)
    import_deck(col, root / "dist" / DECK)
    before = {qid: (n.mod, n.fields) for qid, n in notes_by_question(col).items()}
    log = import_deck(col, root / "dist" / DECK)
    assert (len(log.new), len(log.updated), len(log.conflicting)) == (0, 0, 0)
    assert len(log.duplicate) == 6
    assert col.note_count() == 6 and col.card_count() == 6
    assert {qid: (n.mod, n.fields) for qid, n in notes_by_question(col).items()} == before


def test_rebuilding_unchanged_bank_is_not_an_update(tmp_path: Path, col: Collection,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Without SOURCE_DATE_EPOCH, a rebuild keeps the remembered times: nothing updates."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = make_project(tmp_path / "proj")
    build_deck(root)
    import_deck(col, root / "dist" / DECK)
    first = (root / "dist" / DECK).read_bytes()
    build_deck(root)
    assert (root / "dist" / DECK).read_bytes() == first
    log = import_deck(col, root / "dist" / DECK)
    assert (len(log.new), len(log.updated)) == (0, 0)


def test_editing_one_question_updates_exactly_that_note(tmp_path: Path, fixed_epoch: int,
                                                        col: Collection) -> None:
    root = make_project(tmp_path / "proj")
    build_deck(root)
    import_deck(col, root / "dist" / DECK)
    before_notes = {qid: (n.id, n.mod) for qid, n in notes_by_question(col).items()}

    # the learner studies two cards: the one that will change and one that will not
    for qid in ("flood-tf", "flood-year"):
        card = cards_by_question(col)[qid]
        card.start_timer()
        col.sched.answerCard(card, 4)  # "Easy": the card leaves the new queue
    studied = {qid: (c.type, c.queue, c.due, c.ivl, c.reps)
               for qid, c in cards_by_question(col).items()}
    assert studied["flood-tf"][3] > 0 and studied["flood-year"][3] > 0

    edit_topic(root, "explanation: It killed 183.",
               "explanation: It killed 183, including 136 Korean forced laborers.")
    build_deck(root)  # same SOURCE_DATE_EPOCH: the edited note must still come out newer
    log = import_deck(col, root / "dist" / DECK)

    assert len(log.new) == 0
    assert len(log.conflicting) == 0
    assert len(log.updated) == 1
    assert len(log.duplicate) == 5
    assert col.note_count() == 6 and col.card_count() == 6

    notes = notes_by_question(col)
    after = {qid: (n.id, n.mod) for qid, n in notes.items()}
    changed = sorted(qid for qid in after if after[qid] != before_notes[qid])
    assert changed == ["flood-tf"]
    assert after["flood-tf"][0] == before_notes["flood-tf"][0]  # the same note, updated
    back = visible(cards_by_question(col)["flood-tf"].answer())
    assert "It killed 183, including 136 Korean forced laborers." in back
    # no card was reset: the studied ones keep their progress
    assert {qid: (c.type, c.queue, c.due, c.ivl, c.reps)
            for qid, c in cards_by_question(col).items()} == studied


def test_only_the_edited_note_gets_a_new_time(tmp_path: Path, fixed_epoch: int) -> None:
    root = make_project(tmp_path / "proj")
    build_deck(root)
    old = json.loads((root / "dist" / STATE_FILE).read_text())["notes"]
    edit_topic(root, "prompt: In which city did Lee Jae Myung meet Sanae Takaichi?",
               "prompt: Which city did Lee Jae Myung and Sanae Takaichi meet in?")
    build_deck(root)
    new = json.loads((root / "dist" / STATE_FILE).read_text())["notes"]
    assert {q: e["guid"] for q, e in new.items()} == {q: e["guid"] for q, e in old.items()}
    moved = sorted(q for q in new if new[q]["mod"] != old[q]["mod"])
    assert moved == ["summit-city"]
    assert new["summit-city"]["mod"] > old["summit-city"]["mod"]


def test_ids_survive_a_rebuild_with_changed_content(tmp_path: Path, fixed_epoch: int,
                                                    col: Collection) -> None:
    root = make_project(tmp_path / "proj")
    build_deck(root)
    import_deck(col, root / "dist" / DECK)

    def identity() -> dict[str, object]:
        models = {m["name"]: (m["id"], [(f["name"], f["id"]) for f in m["flds"]],
                              [(t["name"], t["id"]) for t in m["tmpls"]])
                  for m in col.models.all() if m["name"].startswith("quizgen ")}
        guids = {qid: n.guid for qid, n in notes_by_question(col).items()}
        return {"models": models, "guids": guids}

    first = identity()
    assert len(first["models"]) == 5
    edit_topic(root, "prompt: On what date did the summit take place?",
               "prompt: On which date did the summit take place?")
    edit_topic(root, "title: The summit", "title: The Nara summit")
    # a restyled card (a project's own templates) is an update of the note type, not a new one
    shutil.copytree(REPO_TEMPLATES, root / "templates" / "anki")
    css = root / "templates" / "anki" / "cards.css"
    css.write_text(css.read_text() + "\n.qg-prompt { color: teal; }\n")
    build_deck(root)
    log = import_deck(col, root / "dist" / DECK)
    assert len(log.conflicting) == 0 and len(log.new) == 0
    assert identity() == first
    model = col.models.by_name("quizgen Basic (test-bank)")
    assert "color: teal" in model["css"]


@pytest.mark.parametrize("css", [
    '@import "https://fonts.example/x.css";',
    ".qg-prompt { background: url(https://example.org/paper.png); }",
])
def test_card_style_that_would_load_something_is_refused(tmp_path: Path, css: str) -> None:
    # a card is studied offline, on a phone too: its style must not fetch from elsewhere
    root = make_project(tmp_path / "proj")
    shutil.copytree(REPO_TEMPLATES, root / "templates" / "anki")
    style = root / "templates" / "anki" / "cards.css"
    style.write_text(style.read_text() + "\n" + css + "\n")
    with pytest.raises(OutputError, match="loads nothing from elsewhere"):
        build_deck(root)
    style.write_text(style.read_text().replace(css, "/* " + css + " */"))
    build_deck(root)  # in a comment it loads nothing


def test_multiple_choice_order_is_fixed_per_question(tmp_path: Path, fixed_epoch: int,
                                                     col: Collection) -> None:
    root = make_project(tmp_path / "proj")
    build_deck(root)
    import_deck(col, root / "dist" / DECK)
    order = cards_by_question(col)["flood-year"].note()["Choices"]
    edit_topic(root, "prompt: In which year did the Chosei mine flood?",
               "prompt: In what year did the Chosei mine flood?")
    build_deck(root)
    import_deck(col, root / "dist" / DECK)
    assert cards_by_question(col)["flood-year"].note()["Choices"] == order


# --- reproducibility ----------------------------------------------------------------------

def test_two_builds_are_byte_identical(tmp_path: Path, fixed_epoch: int) -> None:
    a = build_deck(make_project(tmp_path / "a")).files
    b = build_deck(make_project(tmp_path / "b")).files
    assert a[DECK] == b[DECK]
    assert a[STATE_FILE] == b[STATE_FILE]
    # and a rebuild on top of the first build's dist/ changes nothing
    again = build_deck(tmp_path / "a").files
    assert again == a
    with zipfile.ZipFile(io.BytesIO(a[DECK])) as zf:
        assert {i.date_time for i in zf.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_source_date_epoch_is_the_time_of_new_notes(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    col: Collection) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    root = make_project(tmp_path / "proj")
    build_deck(root)
    import_deck(col, root / "dist" / DECK)
    assert {n.mod for n in notes_by_question(col).values()} == {1600000000}


# --- design, escaping, order ----------------------------------------------------------------

ODD_ARTICLE = """\
A banner at the venue read {{c1::Nara}} <b>welcome</b> {{Answer}} & {{FrontSide}} {{#Ref}}.
"""

ODD_TOPIC = TOPIC + """\
  - id: banner
    category: quotes
    statement: "A banner read {{c1::Nara}} <b>welcome</b> {{Answer}}."
    citations:
      - source: odd
        quote: "A banner at the venue read {{c1::Nara}} <b>welcome</b> {{Answer}} & {{FrontSide}} {{#Ref}}"
    questions:
      - id: banner-basic
        type: basic
        prompt: "What did the banner read after {{c1::Nara}} <b>welcome</b>?"
        answer: "{{Answer}} & {{FrontSide}}"
        explanation: "It read <b>welcome</b> {{#Ref}}."
      - id: banner-cloze
        type: cloze
        text: "The banner read {{c1::Nara}} <b>[[welcome]]</b> {{Answer}}."
      - id: banner-choice
        type: multiple_choice
        prompt: "What followed <b>welcome</b> on the banner?"
        answer: "{{Answer}}"
        distractors: ["<i>Nara</i>", "{{c1::Nara}}", "{{FrontSide}}"]
"""


def test_bank_text_is_text_on_every_card(tmp_path: Path, fixed_epoch: int,
                                         col: Collection) -> None:
    root = make_project(tmp_path / "proj", topic=ODD_TOPIC)
    write_source(root, "odd", ODD_ARTICLE, publisher="<em>Odd</em> {{Times}}")
    build_deck(root)
    import_deck(col, root / "dist" / DECK)
    assert col.card_count() == 9  # the cloze text's own {{c1::...}} made no extra card
    cards = cards_by_question(col)
    for qid in ("banner-basic", "banner-cloze", "banner-choice"):
        front, back = cards[qid].question(), cards[qid].answer()
        for side in (front, back):
            assert not TEMPLATE_ERROR.search(side), side
            assert "<b>welcome</b>" not in side and "<i>Nara</i>" not in side
            assert "<em>" not in side
    front = visible(cards["banner-basic"].question())
    back = visible(cards["banner-basic"].answer())
    assert "What did the banner read after {{c1::Nara}} <b>welcome</b>?" in front
    assert "{{Answer}} & {{FrontSide}}" in back
    assert "It read <b>welcome</b> {{#Ref}}." in back
    assert "<em>Odd</em> {{Times}}, 2026-01-13" in back
    assert ("A banner at the venue read {{c1::Nara}} <b>welcome</b> {{Answer}} & "
            "{{FrontSide}} {{#Ref}}") in back

    front = visible(cards["banner-cloze"].question())
    back = visible(cards["banner-cloze"].answer())
    assert "The banner read {{c1::Nara}} <b>[...]</b> {{Answer}}." in front
    assert "The banner read {{c1::Nara}} <b>welcome</b> {{Answer}}." in back

    front = visible(cards["banner-choice"].question())
    for option in ("<i>Nara</i>", "{{c1::Nara}}", "{{FrontSide}}", "{{Answer}}"):
        assert option in front
    marked = re.findall(r'<li class="qg-right">(.*?)</li>', cards["banner-choice"].answer())
    assert len(marked) == 1 and "&#123;&#123;Answer&#125;&#125;" in marked[0]


SECOND_TOPIC = """\
title: Apology and history
intro: The background.
facts:
  - id: rule
    category: dates
    statement: Japan ruled Korea from 1910 to 1945.
    citations:
      - source: wire
        quote: "Japan ruled Korea in 1910-45"
    questions:
      - id: rule-start
        type: numeric
        prompt: In which year did Japan begin to rule Korea?
        answer: 1910
      - id: rule-tf
        type: true_false
        prompt: Japan ruled Korea from 1910.
        answer: true
"""


def test_subdeck_per_topic_and_new_cards_in_bank_order(tmp_path: Path, fixed_epoch: int,
                                                       col: Collection) -> None:
    # the second topic's title sorts before the first's: the order must still be the bank's
    bank = ("id: test-bank\ntitle: Test bank\ndeck: Test deck\n"
            "topics: [summit, history]\n")
    root = make_project(tmp_path / "proj", bank=bank)
    (root / "questions" / "history.yaml").write_text(SECOND_TOPIC, encoding="utf-8")
    build_deck(root)
    import_deck(col, root / "dist" / DECK)
    decks = {col.decks.name(c.did) for c in cards_by_question(col).values()}
    assert decks == {"Test deck::01 The summit", "Test deck::02 Apology and history"}

    col.decks.select(col.decks.id_for_name("Test deck"))
    queued = col.sched.get_queued_cards(fetch_limit=20).cards
    order = [visible(col.get_card(q.card.id).note()["Ref"]).split(" / ")[1] for q in queued]
    assert order == BANK_QUESTIONS + ["rule-start", "rule-tf"]


def test_css_has_night_mode_and_a_phone_layout() -> None:
    css = (REPO_TEMPLATES / "cards.css").read_text()
    assert ".nightMode" in css and "@media (max-width" in css


def test_a_template_naming_an_unknown_field_fails_the_build(tmp_path: Path,
                                                            fixed_epoch: int) -> None:
    root = make_project(tmp_path / "proj")
    shutil.copytree(REPO_TEMPLATES, root / "templates" / "anki")
    front = root / "templates" / "anki" / "basic.front.html"
    front.write_text(front.read_text() + "{{Qestion}}\n")
    with pytest.raises(OutputError, match=r"basic\.front\.html:3: '\{\{Qestion\}\}'"):
        build_deck(root)
    assert not (root / "dist").exists()


def test_the_template_error_detector_sees_a_real_error(
        tmp_path: Path, fixed_epoch: int, col: Collection,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The render checks above are only as good as TEMPLATE_ERROR: with the build's own
    template check switched off, a broken template reaches Anki, and the detector sees it."""
    import quizgen.render.anki as anki_render

    monkeypatch.setattr(anki_render, "_check_template", lambda *args: None)
    root = make_project(tmp_path / "proj")
    shutil.copytree(REPO_TEMPLATES, root / "templates" / "anki")
    front = root / "templates" / "anki" / "true_false.front.html"
    front.write_text(front.read_text() + "{{Qestion}}\n")
    build_deck(root)
    import_deck(col, root / "dist" / DECK)
    card = cards_by_question(col)["flood-tf"]
    assert TEMPLATE_ERROR.search(card.question())
    assert not TEMPLATE_ERROR.search(cards_by_question(col)["flood-year"].question())


def test_an_unclosed_section_fails_the_build(tmp_path: Path, fixed_epoch: int) -> None:
    root = make_project(tmp_path / "proj")
    shutil.copytree(REPO_TEMPLATES, root / "templates" / "anki")
    back = root / "templates" / "anki" / "cloze.back.html"
    back.write_text(back.read_text() + "{{#Explanation}}\n")
    with pytest.raises(OutputError, match=r"cloze\.back\.html"):
        build_deck(root)


def test_a_dispute_is_shown_on_the_back(tmp_path: Path, fixed_epoch: int,
                                        col: Collection) -> None:
    topic = TOPIC.replace(
        "    questions:\n      - id: flood-deaths-n",
        "    disputes:\n"
        "      - source: other\n"
        "        quote: \"183 individuals\"\n"
        "        note: Counts individuals whose remains are to be recovered.\n"
        "    questions:\n      - id: flood-deaths-n", 1)
    root = make_project(tmp_path / "proj", topic=topic)
    build_deck(root)
    import_deck(col, root / "dist" / DECK)
    back = visible(cards_by_question(col)["flood-deaths-n"].answer())
    assert "Reported differently" in back
    assert "Other Paper, 2026-01-13 183 individuals" in back
    assert "Counts individuals whose remains are to be recovered." in back
    assert "Reported differently" not in visible(cards_by_question(col)["summit-city"].answer())


def test_adding_a_question_adds_one_note_and_updates_none(tmp_path: Path, fixed_epoch: int,
                                                          col: Collection) -> None:
    root = make_project(tmp_path / "proj")
    build_deck(root)
    import_deck(col, root / "dist" / DECK)
    (root / "questions" / "summit.yaml").write_text(TOPIC + """\
      - id: summit-tf
        type: true_false
        prompt: Lee Jae Myung met Sanae Takaichi in Nara.
        answer: true
""", encoding="utf-8")
    build_deck(root)
    log = import_deck(col, root / "dist" / DECK)
    assert (len(log.new), len(log.updated), len(log.duplicate)) == (1, 0, 6)
    assert col.note_count() == 7 and col.card_count() == 7


# --- the command line ---------------------------------------------------------------------

@pytest.fixture
def anki_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """`quizgen build` renders every registered output; these tests look at the deck only."""
    import quizgen.build

    monkeypatch.setattr(quizgen.build, "OUTPUTS", ANKI_ONLY)


def test_quizgen_build_writes_the_deck(tmp_path: Path, fixed_epoch: int, anki_only: None,
                                       col: Collection) -> None:
    from typer.testing import CliRunner

    from tests.conftest import run

    root = make_project(tmp_path / "proj")
    result = run(CliRunner(), "build", "-C", str(root))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (root / "dist").iterdir()) == [STATE_FILE, DECK]
    assert len(import_deck(col, root / "dist" / DECK).new) == 6
    check = run(CliRunner(), "build", "--check", "-C", str(root))
    assert check.exit_code == 0, check.output
    assert "dist/ is up to date" in check.output


def test_a_broken_card_template_is_a_clean_error(tmp_path: Path, fixed_epoch: int,
                                                 anki_only: None) -> None:
    from typer.testing import CliRunner

    from tests.conftest import run

    root = make_project(tmp_path / "proj")
    shutil.copytree(REPO_TEMPLATES, root / "templates" / "anki")
    back = root / "templates" / "anki" / "multiple_choice.back.html"
    back.write_text(back.read_text().replace("{{ChoicesMarked}}", "{{Choices Marked}}"))
    result = run(CliRunner(), "build", "-C", str(root))
    assert result.exit_code == 1
    assert ("templates/anki/multiple_choice.back.html:4: '{{Choices Marked}}' names no field"
            in result.output)
    assert not (root / "dist").exists()
    assert "Traceback" not in result.output


def test_a_question_edited_twice_updates_twice(tmp_path: Path, fixed_epoch: int,
                                               col: Collection) -> None:
    """Even with SOURCE_DATE_EPOCH held still, each edit comes out newer than the last."""
    root = make_project(tmp_path / "proj")
    build_deck(root)
    import_deck(col, root / "dist" / DECK)
    for old, new in (("explanation: It killed 183.", "explanation: It killed 183 people."),
                     ("explanation: It killed 183 people.", "explanation: The flood killed 183.")):
        edit_topic(root, old, new)
        build_deck(root)
        log = import_deck(col, root / "dist" / DECK)
        assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 1, 5)
        assert new.split(": ", 1)[1] in visible(cards_by_question(col)["flood-tf"].answer())
