"""``quizgen stats`` and ``quizgen sources list``: what a bank holds, computed from the loaded
bank (never from the outputs).

Corroboration here counts the independent origins a fact *cites* (a source's ``origin``,
else its publisher, else its id — :attr:`quizgen.model.Source.origin_key`); whether each
quote is really in its article is ``quizgen check``'s job, so run that for the proof.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from quizgen.bank import load_project
from quizgen.errors import FindingsError
from quizgen.model import CATEGORIES, QUESTION_TYPES, Bank


@dataclass(frozen=True)
class Count:
    """Facts and questions in one topic or one category."""

    name: str
    title: str
    facts: int
    questions: int


@dataclass(frozen=True)
class SourceUse:
    """One article and how the bank uses it."""

    id: str
    title: str
    publisher: str | None
    published: str | None
    origin: str  # its independent origin as stated: origin, else publisher, else its id
    facts: int  # facts that cite it
    disputes: int  # facts that record it under disputes


@dataclass(frozen=True)
class SingleSource:
    """A fact whose citations all come from one independent origin."""

    fact: str
    topic: str
    origin: str  # as the sources state it (origin, else publisher, else id)
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Dispute:
    fact: str
    topic: str
    source: str
    note: str


@dataclass
class Stats:
    bank: str
    title: str
    topics: list[Count] = field(default_factory=list)
    categories: list[Count] = field(default_factory=list)
    question_types: dict[str, int] = field(default_factory=dict)
    #: number of independent origins cited -> number of facts
    corroboration: dict[int, int] = field(default_factory=dict)
    single_source: list[SingleSource] = field(default_factory=list)
    disputes: list[Dispute] = field(default_factory=list)
    sources: list[SourceUse] = field(default_factory=list)
    #: errors found while loading (the numbers then cover only what loaded)
    load_errors: int = 0

    @property
    def facts(self) -> int:
        return sum(t.facts for t in self.topics)

    @property
    def questions(self) -> int:
        return sum(t.questions for t in self.topics)

    @property
    def uncited(self) -> list[str]:
        return [s.id for s in self.sources if not s.facts and not s.disputes]

    def as_dict(self) -> dict[str, object]:
        return {
            "bank": self.bank,
            "title": self.title,
            "facts": self.facts,
            "questions": self.questions,
            "sources": len(self.sources),
            "topics": [asdict(t) for t in self.topics],
            "categories": [asdict(c) for c in self.categories],
            "question_types": self.question_types,
            "corroboration": {str(k): v for k, v in sorted(self.corroboration.items())},
            "single_source_facts": [asdict(s) for s in self.single_source],
            "disputes": [asdict(d) for d in self.disputes],
            "uncited_sources": self.uncited,
            "source_use": [asdict(s) for s in self.sources],
            "load_errors": self.load_errors,
        }


def compute_stats(bank: Bank, load_errors: int = 0) -> Stats:
    stats = Stats(bank=bank.id, title=bank.title, load_errors=load_errors)
    for topic in bank.topics:
        stats.topics.append(Count(topic.id, topic.title, len(topic.facts),
                                  sum(len(f.questions) for f in topic.facts)))
    for cat in CATEGORIES:
        facts = [f for f in bank.facts if f.category == cat]
        if facts:
            stats.categories.append(Count(cat, cat, len(facts),
                                          sum(len(f.questions) for f in facts)))
    for qtype in QUESTION_TYPES:
        n = sum(1 for q in bank.questions if q.type == qtype)
        if n:
            stats.question_types[qtype] = n
    citing: dict[str, set[str]] = {sid: set() for sid in bank.sources}
    disputing: dict[str, set[str]] = {sid: set() for sid in bank.sources}
    for topic in bank.topics:
        for fact in topic.facts:
            origins = bank.origins_of(fact)
            stats.corroboration[len(origins)] = stats.corroboration.get(len(origins), 0) + 1
            if len(origins) == 1:
                [first] = origins.values()
                cited = sorted({c.source for c in fact.citations if c.source in bank.sources})
                stats.single_source.append(SingleSource(
                    fact.id, topic.id, first.origin_name,
                    tuple(cited)))
            for c in fact.citations:
                if c.source in citing:
                    citing[c.source].add(fact.id)
            for d in fact.disputes:
                if d.source in disputing:
                    disputing[d.source].add(fact.id)
                stats.disputes.append(Dispute(fact.id, topic.id, d.source, d.note or ""))
    for sid, src in sorted(bank.sources.items()):
        stats.sources.append(SourceUse(
            id=sid, title=src.title, publisher=src.publisher,
            published=src.published.isoformat() if src.published else None,
            origin=src.origin_name, facts=len(citing[sid]), disputes=len(disputing[sid]),
        ))
    return stats


def project_stats(root: Path) -> Stats:
    """Stats of the bank under ``root``. Raises :class:`FindingsError` when it cannot load."""
    loaded = load_project(root)
    if loaded.bank is None:
        raise FindingsError(loaded.findings)
    errors = sum(1 for f in loaded.findings if f.severity == "error")
    return compute_stats(loaded.bank, errors)


# --- presentation ------------------------------------------------------------------------------


def _table(headers: list[str], rows: list[list[object]], right: set[int]) -> list[str]:
    cells = [[str(c) for c in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h)
              for i, h in enumerate(headers)]

    def line(values: list[str]) -> str:
        parts = [v.rjust(w) if i in right else v.ljust(w)
                 for i, (v, w) in enumerate(zip(values, widths, strict=True))]
        return "  ".join(parts).rstrip()

    return [line(headers), line(["-" * w for w in widths])] + [line(r) for r in cells]


def _md_table(headers: list[str], rows: list[list[object]], right: set[int]) -> list[str]:
    def esc(v: object) -> str:
        return str(v).replace("|", "\\|").replace("\n", " ")

    align = ["---:" if i in right else "---" for i in range(len(headers))]
    out = ["| " + " | ".join(headers) + " |", "| " + " | ".join(align) + " |"]
    out += ["| " + " | ".join(esc(c) for c in r) + " |" for r in rows]
    return out


def _sections(stats: Stats) -> list[tuple[str, list[str], list[list[object]], set[int]]]:
    total = ["total", "", stats.facts, stats.questions]
    corr = [[n, stats.corroboration[n]] for n in sorted(stats.corroboration)]
    return [
        ("Topics", ["topic", "title", "facts", "questions"],
         [[t.name, t.title, t.facts, t.questions] for t in stats.topics] + [total], {2, 3}),
        ("Categories", ["category", "facts", "questions"],
         [[c.name, c.facts, c.questions] for c in stats.categories], {1, 2}),
        ("Question types", ["type", "questions"],
         [[k, v] for k, v in stats.question_types.items()], {1}),
        ("Corroboration (independent origins cited per fact)", ["origins", "facts"], corr, {0, 1}),
        ("Single-source facts", ["fact", "topic", "origin", "sources"],
         [[s.fact, s.topic, s.origin, ", ".join(s.sources)] for s in stats.single_source],
         set()),
        ("Disputes", ["fact", "topic", "source", "note"],
         [[d.fact, d.topic, d.source, d.note] for d in stats.disputes], set()),
        ("Sources", ["source", "facts", "disputes", "origin"],
         [[s.id, s.facts, s.disputes, s.origin] for s in stats.sources], {1, 2}),
    ]


def to_text(stats: Stats) -> str:
    out = [f"{stats.title} ({stats.bank}): {len(stats.topics)} topic(s), {stats.facts} fact(s), "
           f"{stats.questions} question(s), {len(stats.sources)} source(s)"]
    for title, headers, rows, right in _sections(stats):
        out.append("")
        out.append(f"{title}:")
        out += ["  " + ln for ln in _table(headers, rows, right)] if rows else ["  (none)"]
    out.append("")
    out.append("Sources never cited: " + (", ".join(stats.uncited) or "none"))
    return "\n".join(out) + "\n"


def _n(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def to_markdown(stats: Stats) -> str:
    out = [f"**{stats.title}**: {_n(len(stats.topics), 'topic')}, {_n(stats.facts, 'fact')}, "
           f"{_n(stats.questions, 'question')}, {_n(len(stats.sources), 'source')}."]
    for title, headers, rows, right in _sections(stats):
        out += ["", f"#### {title}", ""]
        out += _md_table(headers, rows, right) if rows else ["None."]
    out += ["", "Sources never cited: " + (", ".join(f"`{s}`" for s in stats.uncited) or "none") + "."]
    return "\n".join(out) + "\n"


def to_json(stats: Stats) -> str:
    return json.dumps(stats.as_dict(), indent=2, ensure_ascii=False) + "\n"


def sources_table(stats: Stats) -> str:
    """``quizgen sources list``: each source, how many facts cite it, and what it is."""
    rows = [[s.id, s.facts, s.disputes, s.published or "-", s.publisher or "-",
             s.title if len(s.title) <= 60 else s.title[:59] + "\u2026"]
            for s in stats.sources]
    if not rows:
        return "no sources yet; add one with 'quizgen sources add FILE'\n"
    return "\n".join(_table(["id", "facts", "disputes", "published", "publisher", "title"],
                            rows, {1, 2})) + "\n"
