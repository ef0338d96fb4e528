"""Hostile text anywhere in a bank or an article reaches learners as plain text, in the deck
and in the explainers: no live HTML or script, no template evaluated, no extra cloze card."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from quizgen.build import OUTPUTS, build
from tests.conftest import make_project, write_source

PAYLOAD = "<script>alert('x')</script><marquee>{{ 7*7 }}{% if true %}ja{% endif %}{{c1::hid}}{{Front}}</marquee>"
ARTICLE = f"The banner read {PAYLOAD} at the venue in Nara.\nA second line about Nara.\n"
Q = json.dumps  # YAML accepts JSON strings: every payload goes in verbatim

TOPIC = f"""\
title: {Q("Topic " + PAYLOAD)}
intro: {Q("Intro " + PAYLOAD)}
facts:
  - id: banner
    category: quotes
    statement: {Q("The banner read " + PAYLOAD + " in Nara.")}
    citations:
      - source: hostile
        quote: {Q("The banner read " + PAYLOAD + " at the venue in Nara.")}
    disputes:
      - source: hostile
        quote: "A second line about Nara."
        note: {Q("Note " + PAYLOAD)}
    aliases:
      Nara: [{Q("Nara " + PAYLOAD)}]
    questions:
      - id: banner-basic
        type: basic
        prompt: {Q("Prompt " + PAYLOAD + "?")}
        answer: {Q(PAYLOAD)}
        explanation: {Q("Explanation " + PAYLOAD)}
      - id: banner-short
        type: short_answer
        prompt: {Q("What did the banner read?")}
        answer: {Q(PAYLOAD)}
        accept: [{Q(PAYLOAD + " ")}]
      - id: banner-choice
        type: multiple_choice
        prompt: {Q("Which banner " + PAYLOAD + "?")}
        answer: {Q(PAYLOAD)}
        distractors: [{Q("<b>bold</b>")}, {Q("{{{{Back}}}}")}]
      - id: banner-tf
        type: true_false
        prompt: {Q("The banner read " + PAYLOAD + ".")}
        answer: true
      - id: banner-cloze
        type: cloze
        text: {Q("The banner read [[" + PAYLOAD + "]] in Nara.")}
"""
BANK = f"""\
id: hostile-bank
title: {Q("Bank " + PAYLOAD)}
description: {Q("Description " + PAYLOAD)}
language: en
audience: {Q("Audience " + PAYLOAD)}
deck: Hostile deck
topics: [summit]
"""
LIVE_TAGS = {"script", "marquee", "b"}


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, _ in attrs:
            assert not name.startswith("on"), f"event handler attribute {name}"

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "proj", topic=TOPIC, bank=BANK)
    write_source(root, "hostile", ARTICLE, title="Title " + PAYLOAD,
                 publisher="Publisher " + PAYLOAD, byline="Byline " + PAYLOAD)
    for unused in ("wire", "other"):
        (root / "questions" / "sources" / f"{unused}.md").unlink()
    return root


def test_hostile_bank_passes_the_checker(hostile: Path):
    build(hostile, outputs=[])  # raises FindingsError if the checker refused it


def test_explainers_show_hostile_text_as_text(hostile: Path):
    result = build(hostile, outputs=[o for o in OUTPUTS if o.name == "html"])
    pages = {k: v.decode() for k, v in result.files.items() if k.endswith(".html")}
    assert pages
    for name, page in pages.items():
        parser = Tags()
        parser.feed(page)
        assert not parser.tags & LIVE_TAGS, f"{name}: live tags {parser.tags & LIVE_TAGS}"
        text = "".join(parser.text)
        assert "49" not in text, f"{name}: a template expression was evaluated"
        assert "{% if true %}ja{% endif %}" in text, name
    parser = Tags()
    parser.feed(pages["html/summit.html"])
    visible = "".join(parser.text)
    # what the bank says, every field, shows literally
    for shown in ("The banner read " + PAYLOAD, "Which banner " + PAYLOAD, "Topic " + PAYLOAD,
                  "Publisher " + PAYLOAD, "Note " + PAYLOAD, "<b>bold</b>", "{{Back}}"):
        assert shown in visible, shown


def test_deck_shows_hostile_text_as_text(hostile: Path, tmp_path: Path):
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    build(hostile, outputs=[o for o in OUTPUTS if o.name == "anki"])
    col = Collection(str(tmp_path / "col.anki2"))
    try:
        col.import_anki_package(ImportAnkiPackageRequest(
            package_path=str(hostile / "dist" / "hostile-bank.apkg"),
            options=ImportAnkiPackageOptions()))
        # five questions, five cards: the {{c1::...}} inside the text made no card of its own
        assert col.note_count() == 5 and col.card_count() == 5
        for cid in col.find_cards(""):
            card = col.get_card(cid)
            for side in (card.question(), card.answer()):
                side = re.sub(r"<style>.*?</style>", "", side, flags=re.S)
                parser = Tags()
                parser.feed(side)
                assert not parser.tags & LIVE_TAGS, side
                text = "".join(parser.text)
                assert "49" not in text
        # the back of every card shows the payload literally, template syntax and all
        for cid in col.find_cards(""):
            parser = Tags()
            parser.feed(col.get_card(cid).answer())
            assert "{{ 7*7 }}{% if true %}ja{% endif %}{{c1::hid}}{{Front}}" in "".join(parser.text)
    finally:
        col.close()


def test_quotes_are_shown_as_the_article_printed_them(tmp_path: Path):
    """A quote written with straight marks and '--' is found after normalisation; learners
    see the article's own typography, and '...' omissions as an ellipsis."""
    article = "He said \u201csmall but meaningful\u201d \u2014 and left.\nLater he spoke again.\n"
    topic = f"""\
title: T
facts:
  - id: f
    category: quotes
    statement: He called it small but meaningful.
    citations:
      - source: typo
        quote: {Q('He said "small but meaningful" -- and left. ... he spoke again')}
"""
    root = make_project(tmp_path / "proj", topic=topic)
    write_source(root, "typo", article)
    result = build(root, outputs=[o for o in OUTPUTS if o.name in ("html",)])
    page = result.files["html/summit.html"].decode()
    # the article's dash and the ellipsis; its “…” print as ‘…’ inside the marks around the
    # quote (a quotation within a quotation)
    assert ("\u201cHe said \u2018small but meaningful\u2019 \u2014 and left. \u2026 he spoke "
            "again\u201d") in page
