"""Write a complete, clean quizgen project of any size, for benchmarks.

    python -m tests.perf.make_bank N DIR

writes DIR/questions/ with N questions on N facts: each fact has two citations of about 120
characters from two different publishers, ``N // 10`` sources of about 5 KB each, topics of
about 100 questions, and every question type (basic, numeric, short_answer,
multiple_choice, true_false, cloze) in turn. Every 25th fact also records a dispute. The
text is made so that ``quizgen check`` passes: each quote is a sentence of its source, and
every number, date and name of a statement, prompt or answer stands in the fact's quotes.

The output depends only on N: the same N writes the same bytes.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from quizgen.sources import render_source

QUESTIONS_PER_TOPIC = 100
FACTS_PER_SOURCE = 20  # each source holds two citations' worth of sentences per fact slot

_ONSETS = ["B", "D", "F", "G", "H", "K", "L", "N", "P", "R", "S", "T", "V", "W", "Z",
           "Br", "Gr", "Kr", "St", "Th"]
_MIDDLES = ["a", "e", "i", "o", "u", "ai", "ei", "ou"]
_ENDINGS = ["rn", "lt", "nd", "sk", "rg", "ld", "nt", "th", "ck", "rk"]
_SUFFIXES = ["holt", "berg", "field", "ford", "wick", "stead", "haven", "mere", "dale", "ton"]
EVENTS = ["harvest fair", "river festival", "book market", "chess tournament", "charity run",
          "music night", "flower show", "film week", "lantern parade", "science fair",
          "food market", "boat race"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
CATEGORIES = ["numbers", "dates", "venues", "people", "context", "casualties"]
TYPES = ["basic", "numeric", "short_answer", "multiple_choice", "true_false", "cloze"]
#: sentences that fill each article to about 5 KB; never cited. They carry the characters
#: the normaliser must handle (curly quotes, dashes, non-breaking spaces).
FILLER = [
    "The weather in the region was mild for the season, and shops stayed open later than "
    "usual.",
    "Volunteers \u2014 many of them students \u2014 set up stalls before dawn and cleared "
    "them after dark.",
    "\u201cWe hope to see everyone again next year,\u201d one of the organisers told "
    "reporters at the gate.",
    "Local buses ran extra services, and the council\u2019s car parks were full by\u00a0noon.",
    "Stallholders said trade had been steady, though some complained about the cost of "
    "permits.",
    "A small exhibition on the history of the event drew visitors of every age throughout "
    "the day.",
]


def place_name(rng: random.Random) -> str:
    return (rng.choice(_ONSETS) + rng.choice(_MIDDLES) + rng.choice(_ENDINGS)
            + rng.choice(_SUFFIXES))


class FactText:
    """The words of one fact: what happened, where, when, how many."""

    def __init__(self, i: int, rng: random.Random):
        self.i = i
        self.place = place_name(rng)
        self.event = EVENTS[i % len(EVENTS)]
        self.count = 1000 + 7 * i
        self.year = 1950 + i % 70
        self.month = MONTHS[i % 12]
        self.day = 1 + i % 28
        self.organiser = place_name(rng)  # a surname-like name
        self.rival = self.count + 50 + i % 90

    @property
    def count_text(self) -> str:
        return f"{self.count:,}"

    def quote_a(self) -> str:
        return (f"Officials said {self.count_text} people attended the {self.event} in "
                f"{self.place} on {self.month} {self.day}, {self.year}, the largest crowd "
                f"it has drawn")

    def quote_b(self) -> str:
        return (f"The {self.event} in {self.place} drew {self.count_text} visitors on "
                f"{self.day} {self.month} {self.year}, according to organiser Anna "
                f"{self.organiser}")

    def dispute(self) -> str:
        return (f"A rival count by a residents' group put the crowd at the {self.event} in "
                f"{self.place} at {self.rival:,}")


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def question_yaml(f: FactText, qtype: str, qid: str) -> list[str]:
    lines = [f"      - id: {qid}", f"        type: {qtype}"]
    where = f"the {f.event} in {f.place}"
    if qtype == "basic":
        lines += [f"        prompt: {_q(f'On what date was {where} held?')}",
                  f"        answer: {_q(f'{f.day} {f.month} {f.year}')}"]
    elif qtype == "numeric":
        lines += [f"        prompt: {_q(f'How many people attended {where}?')}",
                  f"        answer: {f.count}",
                  "        unit: people",
                  f"        explanation: {_q(f'Organisers counted {f.count_text} visitors.')}"]
    elif qtype == "short_answer":
        lines += [f"        prompt: {_q(f'Which organiser gave the count for {where}?')}",
                  f"        answer: {_q(f'Anna {f.organiser}')}",
                  f"        accept: [{_q(f.organiser)}]"]
    elif qtype == "multiple_choice":
        others = [str(f.year + d) for d in (-3, 2, 5)]
        lines += [f"        prompt: {_q(f'In which year was {where} held?')}",
                  f"        answer: {_q(str(f.year))}",
                  "        distractors: [" + ", ".join(_q(o) for o in others) + "]"]
    elif qtype == "true_false":
        if f.i % 2:
            lines += [f"        prompt: {_q(f'{f.count_text} people attended {where}.')}",
                      "        answer: true"]
        else:
            lines += [f"        prompt: {_q(f'{f.rival + 1000:,} people attended {where}.')}",
                      "        answer: false",
                      f"        explanation: {_q(f'Officials said {f.count_text} attended.')}"]
    else:  # cloze
        lines += [f"        text: {_q(f'[[{f.count_text}]] people attended {where}.')}"]
    return lines


def make_bank(n: int, root: Path) -> None:
    """Write a project with ``n`` questions under ``root`` (created if missing)."""
    if n < 10:
        raise ValueError("N must be at least 10 (one source per ten facts)")
    rng = random.Random(20260113)
    n_sources = n // 10
    facts = [FactText(i, rng) for i in range(n)]
    qdir = root / "questions"
    (qdir / "sources").mkdir(parents=True, exist_ok=True)

    # Fact i cites source i % S (quote A) and source (i + S // 2 + 1) % S (quote B): two
    # different sources, so two different publishers (two origins). Disputes cite a third.
    sentences: list[list[str]] = [[] for _ in range(n_sources)]
    cites: list[tuple[int, int, int | None]] = []
    for f in facts:
        a = f.i % n_sources
        b = (f.i + n_sources // 2 + 1) % n_sources
        if b == a:
            b = (a + 1) % n_sources
        d = None
        sentences[a].append(f.quote_a() + ".")
        sentences[b].append(f.quote_b() + ".")
        if f.i % 25 == 0:
            d = (a + 2) % n_sources
            sentences[d].append(f.dispute() + ".")
        cites.append((a, b, d))

    for s in range(n_sources):
        paras = []
        body = sentences[s]
        k = 0
        for j, sentence in enumerate(body):
            paras.append(sentence + " " + FILLER[(s + j) % len(FILLER)])
        while sum(len(p) + 2 for p in paras) < 5000:
            paras.append(FILLER[(s + k) % len(FILLER)] + " " + FILLER[(s + k + 3) % len(FILLER)])
            k += 1
        text = f"SPRINGTOWN, March 1 (Bench Wire) -- Reports from source {s}.\n\n"
        text += "\n\n".join(paras) + "\n"
        meta = {"id": f"src-{s:05d}", "title": f"Events roundup number {s}",
                "publisher": f"Publisher {s}", "byline": "Staff reporter",
                "published": "2026-03-01T09:00:00+00:00", "url": None, "origin": None}
        (qdir / "sources" / f"src-{s:05d}.md").write_text(render_source(meta, text),
                                                           encoding="utf-8")

    n_topics = max(1, round(n / QUESTIONS_PER_TOPIC))
    topic_ids = [f"topic-{t:04d}" for t in range(n_topics)]
    bank = [
        "id: bench-bank",
        f"title: {_q(f'Benchmark bank of {n} questions')}",
        "description: A generated bank for measuring quizgen's speed.",
        "language: en",
        "audience: Benchmarks",
        "deck: Benchmark deck",
        "topics:",
        *[f"  - {t}" for t in topic_ids],
        "aliases:",
        "  Bench Wire: [the wire]",
        "",
    ]
    (qdir / "bank.yaml").write_text("\n".join(bank), encoding="utf-8")

    per_topic = -(-n // n_topics)
    for t, tid in enumerate(topic_ids):
        chunk = facts[t * per_topic:(t + 1) * per_topic]
        lines = [f"title: {_q(f'Events, part {t + 1}')}",
                 f"intro: {_q('Crowds, dates and places of local events, as reported.')}",
                 "facts:"]
        for f in chunk:
            a, b, d = cites[f.i]
            qtype = TYPES[f.i % len(TYPES)]
            statement = (f"The {f.event} in {f.place} drew {f.count_text} people on "
                         f"{f.day} {f.month} {f.year}.")
            lines += [
                f"  - id: fact-{f.i:06d}",
                f"    category: {CATEGORIES[f.i % len(CATEGORIES)]}",
                f"    statement: {_q(statement)}",
                "    citations:",
                f"      - source: src-{a:05d}",
                f"        quote: {_q(f.quote_a())}",
                f"      - source: src-{b:05d}",
                f"        quote: {_q(f.quote_b())}",
            ]
            if d is not None:
                lines += [
                    "    disputes:",
                    f"      - source: src-{d:05d}",
                    f"        quote: {_q(f.dispute())}",
                    "        note: A residents' group counted more people than the officials.",
                ]
            lines.append("    questions:")
            lines += question_yaml(f, qtype, f"q-{f.i:06d}")
        (qdir / f"{tid}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or not args[0].isdigit():
        print("usage: python -m tests.perf.make_bank N DIR", file=sys.stderr)
        return 2
    make_bank(int(args[0]), Path(args[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
