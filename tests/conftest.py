"""Shared helpers: write small banks into tmp_path and run the CLI like a user would."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizgen.cli import app
from quizgen.sources import render_source

ARTICLE = """\
NARA, Japan, Jan. 13 (Wire) -- President Lee Jae Myung said Tuesday he had met Prime Minister
Sanae Takaichi in Nara.

The two sides agreed to recover remains from the Chosei undersea coal mine, where a flood in
1942 killed 183 people, including 136 Korean forced laborers.

The meeting lasted about an hour and a half. Japan ruled Korea in 1910-45.
"""

SECOND = """\
Both governments will recover remains of 183 individuals, including 136 Korean forced laborers,
from the Chosei undersea coal mine, who perished in a 1942 flood.
"""

TOPIC = """\
title: The summit
intro: What the two leaders did in Nara.
facts:
  - id: flood-deaths
    category: casualties
    statement: A flood at the Chosei mine in 1942 killed 183 people, 136 of them Korean.
    citations:
      - source: wire
        quote: "the Chosei undersea coal mine, where a flood in 1942 killed 183 people, including 136 Korean forced laborers"
      - source: other
        quote: "183 individuals, including 136 Korean forced laborers, from the Chosei undersea coal mine"
    questions:
      - id: flood-deaths-n
        type: numeric
        prompt: How many people died in the 1942 flood at the Chosei mine?
        answer: 183
        unit: people
        explanation: Of the 183 who died, 136 were Korean forced laborers.
      - id: flood-year
        type: multiple_choice
        prompt: In which year did the Chosei mine flood?
        answer: "1942"
        distractors: ["1945", "1965", "1910"]
      - id: flood-cloze
        type: cloze
        text: The flood at the Chosei mine killed [[183]] people.
      - id: flood-tf
        type: true_false
        prompt: The Chosei mine flood killed 200 people.
        answer: false
        explanation: It killed 183.
  - id: summit-place
    category: venues
    statement: Lee and Takaichi met in Nara on 13 January 2026.
    citations:
      - source: wire
        quote: "NARA, Japan, Jan. 13 (Wire) -- President Lee Jae Myung said Tuesday he had met Prime Minister Sanae Takaichi in Nara"
    questions:
      - id: summit-city
        type: short_answer
        prompt: In which city did Lee Jae Myung meet Sanae Takaichi?
        answer: Nara
      - id: summit-basic
        type: basic
        prompt: On what date did the summit take place?
        answer: 13 January 2026
"""


#: a fact whose quote holds a quotation (a source "wire" with ``QUOTING_ARTICLE`` as its text)
QUOTING_ARTICLE = ARTICLE + '\nThe mayor said: "We owe the families a full answer," and left.\n'
QUOTING_FACT = """\
  - id: mayor-owed
    category: people
    statement: The mayor said that the families were owed a full answer.
    citations:
      - source: wire
        quote: '"We owe the families a full answer," and left'
    questions:
      - id: mayor-owed-tf
        type: true_false
        prompt: The mayor said that the families were owed a full answer.
        answer: true
"""


def write_source(root: Path, sid: str, text: str, **meta: object) -> Path:
    fields = {"id": sid, "title": f"Article {sid}", "publisher": f"Publisher {sid}",
              "byline": None, "published": "2026-01-13T17:53:00+09:00", "url": None,
              "origin": None}
    fields.update(meta)
    path = root / "questions" / "sources" / f"{sid}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_source(fields, text), encoding="utf-8")
    return path


def make_project(root: Path, topic: str = TOPIC, bank: str | None = None) -> Path:
    """A small, clean project: two sources, one topic. Returns ``root``."""
    (root / "questions").mkdir(parents=True, exist_ok=True)
    (root / "questions" / "bank.yaml").write_text(
        bank
        or textwrap.dedent(
            """\
            id: test-bank
            title: Test bank
            description: A bank written by a test.
            language: en
            audience: Tests
            deck: Test deck
            topics: [summit]
            """
        ),
        encoding="utf-8",
    )
    write_source(root, "wire", ARTICLE)
    write_source(root, "other", SECOND, publisher="Other Paper")
    (root / "questions" / "summit.yaml").write_text(topic, encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "proj")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, *args: str):
    """Invoke the CLI; returns the result (exit_code, output)."""
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    """A generated bank of 600 questions (``tests.perf.make_bank``)."""
    from tests.perf.make_bank import make_bank

    root = tmp_path_factory.mktemp("synthetic")
    make_bank(600, root)
    return root
