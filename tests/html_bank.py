"""A small bank for the handout tests: a dispute, a single-source fact, Korean and Japanese
names, and every question type. Written into tmp_path like conftest.make_project does."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import make_project, write_source

THIRD = """\
SEOUL, Jan. 14 (Third) -- A flood in 1942 killed 180 people at the Chosei undersea coal mine,
the paper reported.

President Lee Jae Myung (이재명) met Prime Minister Sanae Takaichi (高市早苗) in Nara.
"""

TOPIC = """\
title: The Nara summit
intro: What the two leaders did in Nara, and what the reports say about the Chosei mine.
facts:
  - id: flood-deaths
    category: casualties
    statement: A flood at the Chosei mine in 1942 killed 183 people, 136 of them Korean.
    citations:
      - source: wire
        quote: "the Chosei undersea coal mine, where a flood in 1942 killed 183 people, including 136 Korean forced laborers"
      - source: other
        quote: "183 individuals, including 136 Korean forced laborers, from the Chosei undersea coal mine"
    disputes:
      - source: third
        quote: "A flood in 1942 killed 180 people at the Chosei undersea coal mine"
        note: "Third Paper gives 180 deaths; the two other reports say 183."
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
    statement: Lee Jae Myung (이재명) and Sanae Takaichi (高市早苗) met in Nara on 13 January 2026.
    aliases:
      Lee Jae Myung: ["이재명"]
      Sanae Takaichi: ["高市早苗"]
    citations:
      - source: wire
        quote: "NARA, Japan, Jan. 13 (Wire) -- President Lee Jae Myung said Tuesday he had met Prime Minister Sanae Takaichi in Nara"
    questions:
      - id: summit-city
        type: short_answer
        prompt: In which city did Lee Jae Myung (이재명) meet Sanae Takaichi (高市早苗)?
        answer: Nara
      - id: summit-basic
        type: basic
        prompt: On what date did the summit take place?
        answer: 13 January 2026
  - id: meeting-length
    category: numbers
    statement: The meeting lasted about an hour and a half.
    citations:
      - source: wire
        quote: "The meeting lasted about an hour and a half."
    questions:
      - id: meeting-length-q
        type: short_answer
        prompt: "How long did the meeting last? <b>bold</b> {{ in words }} &amp;"
        answer: about an hour and a half
        accept: [an hour and a half]
"""


def make_handout_project(root: Path, topic: str = TOPIC) -> Path:
    """make_project's bank plus a third, disagreeing source and the topic above."""
    make_project(root, topic=topic)
    write_source(root, "third", THIRD, publisher="Third Paper", byline="김은정",
                 published="2026-01-14T09:00:00+09:00")
    return root
