"""The Anki renderer's notes as quizgen built them before the note builder was made quicker:
every field, tag and GUID of every note, written the plain way (a dict of fields per question,
one method per piece, genanki's own ``guid_for``). ``tests/test_anki_notes.py`` holds the
renderer's notes equal to these, note for note, on every bank it tries."""

from __future__ import annotations

from typing import NamedTuple

import genanki

from quizgen.model import Bank, Citation, Fact, Question, Topic
from quizgen.render import printed_quote
from quizgen.render.anki import (
    KIND_OF_TYPE,
    KINDS,
    NoteKind,
    NoteSpec,
    _choices,
    _date,
    _source_name,
    _tag,
    choice_order,
    cloze_text,
    text,
)
from quizgen.textmatch import ELLIPSIS


class _SourceInfo(NamedTuple):
    head: str
    origin_key: str | None
    origin_name: str
    tag: str
    text: str


class ReferenceNoteBuilder:
    """Turns a bank's questions into notes.

    A large bank repeats much of what its notes show: every citation of one article starts
    with the same publisher and date, facts share categories, sources and topics, and so their
    tags. The builder renders each such piece once per build and reuses it; a note is exactly
    what rendering every piece afresh would give.
    """

    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self._sources: dict[str, _SourceInfo] = {}
        self._tags: dict[tuple[str, str], str] = {}
        self._single: dict[str, str] = {}
        self._bank_id = text(bank.id)

    # -- pieces shared by many notes

    def tag(self, prefix: str, value: str) -> str:
        key = (prefix, value)
        found = self._tags.get(key)
        if found is None:
            found = self._tags[key] = _tag(prefix, value)
        return found

    def source(self, source_id: str) -> _SourceInfo:
        """What every citation of one source shows or counts, worked out once."""
        info = self._sources.get(source_id)
        if info is None:
            source = self.bank.sources.get(source_id)
            if source is None:  # the checker rejects unknown sources; never fail a render
                info = _SourceInfo(f'<span class="qg-publisher">{text(source_id)}</span>',
                                   None, "", self.tag("source", source_id), "")
            else:
                head = (f'<span class="qg-publisher">{text(_source_name(source))}</span>, '
                        f'<span class="qg-date">{text(_date(source.published))}</span>')
                if source.publisher is None:
                    head += ' <span class="qg-nopub">(publisher not stated)</span>'
                info = _SourceInfo(head, source.origin_key,
                                   source.origin or _source_name(source),
                                   self.tag("source", source.publisher or source.id),
                                   source.text)
            self._sources[source_id] = info
        return info

    def printed_quote(self, citation: Citation, info: _SourceInfo) -> str:
        """:func:`printed_quote`, quicker when the quote stands in the article exactly as
        written (the usual case): the located passage is then the quote itself.

        ``printed_quote`` looks for the quote in the normalised article, and normalising
        every article costs more than the rest of a large deck. The exact match it tries
        first (``textmatch.locate_exact``: a quote without ``...`` omissions, found as it
        stands) is done here without building a location, with the same answer.
        """
        quote = citation.quote
        if (quote and ELLIPSIS not in quote and "\u2026" not in quote
                and quote in info.text):
            return " ".join(quote.split())
        return printed_quote(self.bank, citation)

    # -- per fact

    def citation_item(self, citation: Citation, info: _SourceInfo, dispute: bool) -> str:
        item = f'{info.head} <q class="qg-quote">{text(self.printed_quote(citation, info))}</q>'
        if dispute and citation.note:
            item += f'<span class="qg-dispute-note">{text(citation.note)}</span>'
        return f"<li>{item}</li>"

    def single_source_html(self, origins: dict[str, str]) -> str:
        if len(origins) != 1:
            return ""
        name = next(iter(origins.values()))
        found = self._single.get(name)
        if found is None:
            found = self._single[name] = (
                f"Single source: every report of this comes from one origin ({text(name)}); "
                "no independent report confirms it.")
        return found

    def fact_parts(self, fact: Fact, topic: Topic) -> tuple[str, str, tuple[str, ...]]:
        """What every question of ``fact`` shows and is tagged with: the Sources and
        SingleSource fields, and the tags, from one pass over its citations.

        A fact's origins are counted as ``Bank.origins_of`` counts them (and the checker,
        QG300): by :attr:`Source.origin_key`, the first source of each origin giving its name.
        """
        origins: dict[str, str] = {}
        tags = {self.tag("category", fact.category), self.tag("topic", topic.id)}
        parts = ['<ul class="qg-citations">']
        for c in fact.citations:
            info = self.source(c.source)
            if info.origin_key is not None:
                origins.setdefault(info.origin_key, info.origin_name)
            tags.add(info.tag)
            parts.append(self.citation_item(c, info, False))
        parts.append("</ul>")
        if fact.disputes:
            parts.append('<div class="qg-label">Reported differently</div>')
            parts.append('<ul class="qg-citations qg-disputes">')
            parts += [self.citation_item(c, self.source(c.source), True)
                      for c in fact.disputes]
            parts.append("</ul>")
        if len(origins) == 1:
            tags.add("single-source")
        return "".join(parts), self.single_source_html(origins), tuple(sorted(tags))

    # -- per question

    def fields(self, q: Question, common: dict[str, str]) -> tuple[NoteKind, tuple[str, ...]]:
        """The note type and field values of question ``q``; ``common`` holds the back
        matter of its fact and topic (Sources, SingleSource, Topic)."""
        kind = KINDS[KIND_OF_TYPE[q.type]]
        key = kind.key
        if key == "basic":
            values = {"Question": text(q.prompt), "Answer": text(q.answer_text)}
        elif key == "typein":
            # the value to type; the unit is shown beside it, not typed
            # (answer_text ends with " <unit>" when there is a unit)
            answer = q.answer_text.removesuffix(f" {q.unit}") if q.unit else q.answer_text
            values = {"Question": text(q.prompt), "Answer": text(answer),
                      "Unit": text(q.unit) if q.unit else "",
                      "Accept": text("; ".join(q.accept)) if q.accept else ""}
        elif key == "cloze":
            values = {"Text": cloze_text(q.prompt)}
        elif key == "multiple_choice":
            options = choice_order(self.bank, q)
            answer = str(q.answer)
            letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[options.index(answer)]
            values = {"Question": text(q.prompt), "Choices": _choices(options, answer, False),
                      "ChoicesMarked": _choices(options, answer, True),
                      "Answer": f"{letter}. {text(answer)}"}
        else:  # true_false
            values = {"Statement": text(q.prompt), "Answer": text(q.answer_text)}
        values.update(common)
        values["Explanation"] = text(q.explanation) if q.explanation else ""
        values["Ref"] = f"{self._bank_id} / {text(q.id)}"
        return kind, tuple(map(values.__getitem__, kind.fields))

    def notes(self) -> list[NoteSpec]:
        """Every question of the bank as a note, in the bank's order."""
        bank = self.bank
        notes: list[NoteSpec] = []
        for topic in bank.topics:
            topic_html = text(topic.title)
            for fact in topic.facts:
                if not fact.questions:
                    continue
                sources, single, tags = self.fact_parts(fact, topic)
                common = {"Sources": sources, "SingleSource": single, "Topic": topic_html}
                for q in fact.questions:
                    kind, fields = self.fields(q, common)
                    guid = genanki.guid_for("quizgen", bank.id, q.id)
                    notes.append(NoteSpec(guid, q.id, kind, fields, tags, topic))
        return notes


def reference_notes(bank: Bank) -> list[NoteSpec]:
    return ReferenceNoteBuilder(bank).notes()
