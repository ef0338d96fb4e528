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
                 published="2026-01-14T09:00:00+09:00",
                 url="https://third.example/news/2026/01/14/a-long-address-that-runs-on-and-on-"
                     "without-a-single-place-to-break-the-line-1234567890")
    return root


# --- reading the rendered pages back -----------------------------------------------------------

from html.parser import HTMLParser  # noqa: E402


class Page(HTMLParser):
    """A rendered page read back: its visible text, its elements, the text under each id."""

    VOID = {"meta", "br", "hr", "img", "input", "link", "source", "wbr"}
    #: elements that start a new line or cell when shown: a space in the text
    BLOCK = {"p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br",
             "section", "header", "blockquote", "ul", "ol", "table", "main"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text_parts: list[str] = []
        self._open: list[tuple[str, str | None, int]] = []  # (tag, id, start in text_parts)
        self.by_id: dict[str, str] = {}
        self.hidden = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs_d = dict(attrs)
        self.elements.append((tag, attrs_d))
        if tag in self.BLOCK:
            self.text_parts.append(" ")
        if tag in ("style", "title"):
            self.hidden = True
        if tag not in self.VOID:
            self._open.append((tag, attrs_d.get("id"), len(self.text_parts)))

    def handle_endtag(self, tag):
        if tag in self.BLOCK:
            self.text_parts.append(" ")
        if tag in ("style", "title"):
            self.hidden = False
        while self._open:
            open_tag, ident, start = self._open.pop()
            if ident:
                self.by_id[ident] = " ".join(
                    "".join(self.text_parts[start:]).replace("\u2060", "").split())
            if open_tag == tag:
                break

    def handle_data(self, data):
        if not self.hidden:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        # as read: the invisible word joiner dropped, no-break spaces are spaces
        return " ".join("".join(self.text_parts).replace("\u2060", "").split())

    def find(self, tag: str | None = None, **attrs: str) -> list[dict[str, str | None]]:
        """Elements with this tag (any when None) whose attributes include ``attrs``
        (``class_`` matches one of the classes)."""
        out = []
        for t, a in self.elements:
            if tag is not None and t != tag:
                continue
            ok = True
            for k, v in attrs.items():
                if k == "class_":
                    ok = ok and v in (a.get("class") or "").split()
                else:
                    ok = ok and a.get(k) == v
            if ok:
                out.append(a)
        return out


def many_questions_topic(n: int) -> str:
    """A topic with ``n`` questions on one fact, cycling through every type: enough to fill
    several pages, so page breaks fall between questions."""
    kinds = [
        """      - id: q{i}
        type: numeric
        prompt: How many people died in the 1942 flood at the Chosei mine?
        answer: 183
        unit: people
""",
        """      - id: q{i}
        type: multiple_choice
        prompt: In which year did the Chosei mine flood?
        answer: "1942"
        distractors: ["1945", "1965", "1910"]
""",
        """      - id: q{i}
        type: short_answer
        prompt: Where was the mine whose flood killed 183 people in 1942?
        answer: the Chosei undersea coal mine
""",
        """      - id: q{i}
        type: true_false
        prompt: The Chosei mine flood killed 200 people.
        answer: false
        explanation: It killed 183.
""",
        """      - id: q{i}
        type: basic
        prompt: How many of those who died in the Chosei mine flood were Korean forced laborers?
        answer: "136"
""",
        """      - id: q{i}
        type: cloze
        text: The flood at the Chosei mine killed [[183]] people, including [[136]] Korean forced laborers.
""",
    ]
    head = """\
title: Many questions
intro: A long worksheet.
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
"""
    return head + "".join(kinds[i % len(kinds)].format(i=i) for i in range(n))
