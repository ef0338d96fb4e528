"""The bank as an Anki package (``dist/<bank id>.apkg``), in the format genanki writes.

What a learner relies on, and how this module keeps it:

- **Updates in place.** Every id Anki uses to recognise things is derived from names and never
  from content: the decks (bank id, topic id), the note types, their fields and templates
  (bank id, note type key, field or template name), and each note's GUID (bank id, question
  id). Anki applies an incoming note over the one it has only when the incoming note's
  modification time is newer, so that time must move for exactly the notes whose content
  changed. ``dist/anki-notes.json`` (committed with ``dist/``) remembers, for every note and
  note type, a hash of its content and the modification time it was given; a rebuild keeps
  the time when the hash is unchanged and gives a later time when it is not.
- **Reproducible.** The package is written in memory: an SQLite collection with genanki's
  schema, the note types genanki describes, and the notes and cards as genanki's writer would
  store them, with the remembered times and ids that follow the bank's order; then vacuumed
  and serialised. The zip entries carry a fixed date and permissions and are stored
  uncompressed (no dependence on the zlib version). Two builds of the same inputs and the same
  ``anki-notes.json`` give the same bytes. ``SOURCE_DATE_EPOCH`` is the time given to new or
  changed notes; without it that is the current time.
- **Fast on large banks.** Rows go in with one statement per table, pieces many notes share
  (a source's name and date, a tag) are rendered once, and the state file is formatted
  directly; see :func:`_collection_bytes`, :class:`NoteBuilder` and :func:`state_bytes`.
- **Text is text.** Everything from the bank is HTML-escaped, and ``{``, ``}`` become character
  references, so bank text can never become markup, a field reference or a cloze deletion.
  Only the ``[[...]]`` markers of a cloze question become ``{{c1::...}}``.

Deck layout: one deck named after the bank's ``deck``, with a subdeck per topic, named
``NN Topic title`` so that Anki, which walks subdecks in name order, shows the topics in the
bank's order. New cards get positions in the bank's order.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import re
import sqlite3
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from quizgen.errors import OutputError
from quizgen.model import Bank, Citation, Fact, Question, Source, Topic
from quizgen.render import (
    _escape_str,
    choice_order,
    css_fetch,
    nested_quotes,
    printed_quote,
    read_template_file,
)
from quizgen.textmatch import ELLIPSIS

if TYPE_CHECKING:
    import genanki

    from quizgen.build import RenderContext

# genanki is imported where a deck is made, not here: other outputs import this module only
# for deck_files(), and genanki's imports cost about 50 ms.

#: the state file carried from build to build (committed with dist/)
STATE_FILE = "anki-notes.json"
STATE_VERSION = 1

#: the earliest time a zip entry can carry (1980-01-01 UTC)
_ZIP_EPOCH = 315532800

TEMPLATE_DIR = "anki"
CSS_FILE = "anki/cards.css"
_INCLUDE_RE = re.compile(r"<!--\s*quizgen:include\s+(\S+)\s*-->")

# Common back-matter fields every note type carries, in this order, after its own fields.
_COMMON = ("Explanation", "Sources", "SingleSource", "Topic", "Ref")


@dataclass(frozen=True)
class NoteKind:
    """One quizgen note type: its key, display name, fields, template files, genanki kind."""

    key: str
    label: str
    fields: tuple[str, ...]
    template: str  # base name of the front/back files under templates/anki/
    cloze: bool = False


#: question type -> note type. Field and template names are part of a note type's identity
#: in Anki (a renamed field makes Anki treat the note type as a different one): never rename.
KINDS: dict[str, NoteKind] = {
    "basic": NoteKind("basic", "Basic", ("Question", "Answer", *_COMMON), "basic"),
    "typein": NoteKind("typein", "Type-in",
                       ("Question", "Answer", "Unit", "Accept", *_COMMON), "typein"),
    "cloze": NoteKind("cloze", "Cloze", ("Text", *_COMMON), "cloze", cloze=True),
    "multiple_choice": NoteKind("multiple_choice", "Multiple choice",
                                ("Question", "Choices", "ChoicesMarked", "Answer", *_COMMON),
                                "multiple_choice"),
    "true_false": NoteKind("true_false", "True or false",
                           ("Statement", "Answer", *_COMMON), "true_false"),
}

KIND_OF_TYPE = {
    "basic": "basic",
    "numeric": "typein",
    "short_answer": "typein",
    "cloze": "cloze",
    "multiple_choice": "multiple_choice",
    "true_false": "true_false",
}


# --- ids ----------------------------------------------------------------------------------

def stable_id(*parts: str) -> int:
    """A positive id from names: sha256 of ``quizgen:<parts joined by ':'>``.

    In [2**30, 2**31), the range genanki recommends for deck and note type ids: far from
    Anki's own millisecond-timestamp ids, and valid in every Anki version.
    """
    digest = hashlib.sha256(":".join(("quizgen", *parts)).encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def deck_id(bank: Bank, topic: Topic | None = None) -> int:
    return stable_id("deck", bank.id) if topic is None else stable_id("deck", bank.id, topic.id)


def model_id(bank: Bank, kind: NoteKind) -> int:
    return stable_id("notetype", bank.id, kind.key)


def field_id(bank: Bank, kind: NoteKind, name: str) -> int:
    return stable_id("field", bank.id, kind.key, name)


def template_id(bank: Bank, kind: NoteKind, name: str) -> int:
    return stable_id("template", bank.id, kind.key, name)


def note_guid(bank: Bank, question: Question) -> str:
    """The note's GUID: from the bank id and question id only, never from content."""
    return guid_for("quizgen", bank.id, question.id)


#: the digits of Anki's base-91 GUIDs, as genanki writes them, and every pair of them
_BASE91 = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
           "!#$%&()*+,-./:;<=>?@[]^_`{|}~")
_BASE91_PAIRS = [a + b for a in _BASE91 for b in _BASE91]


def guid_for(*values: str) -> str:
    """genanki's ``guid_for``, the scheme every deck so far was built with: the first 8 bytes
    of the sha256 of the values joined by ``__``, as a number written in base-91 digits,
    without leading zeros (``a``).

    Written here because genanki's own takes a Python step per byte and per digit, a
    noticeable part of a 10,000-note build; this one takes two digits a step.
    ``tests/test_anki_fast.py`` holds the two equal.
    """
    digest = hashlib.sha256("__".join(values).encode("utf-8")).digest()
    number = int.from_bytes(digest[:8], "big")
    pairs: list[str] = []
    while number:
        number, pair = divmod(number, 91 * 91)
        pairs.append(_BASE91_PAIRS[pair])
    return "".join(reversed(pairs)).lstrip("a")


# --- text ---------------------------------------------------------------------------------

def text(value: object) -> str:
    """Bank text as inert HTML: escaped, braces as references, newlines as <br>.

    The same as ``html.escape(value, quote=True)`` followed by the brace and newline
    replacements. A large bank makes a few hundred thousand calls, nearly all on text with
    nothing to replace: :func:`plain` tells those first.
    """
    escaped = str(value)
    if plain(escaped):
        return escaped
    escaped = (escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
               .replace('"', "&quot;").replace("'", "&#x27;")
               .replace("{", "&#123;").replace("}", "&#125;"))
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def plain(s: str) -> bool:
    """Whether :func:`text` leaves ``s`` as it is: no ``&<>"'``, braces or line breaks.

    markupsafe's escaping (C) returns text with none of ``&<>"'`` unchanged; it and four
    searches for one character take half the time of one regular expression for all nine.
    """
    return (_escape_str(s) == s and "{" not in s and "}" not in s and "\n" not in s
            and "\r" not in s)


def cloze_text(source: str) -> str:
    """Escape a cloze text, then turn each ``[[...]]`` into ``{{c1::...}}``.

    Every deletion of a question belongs to one card (c1): one question, one card, and the
    answer is all its deletions, as ``Question.answer_text`` gives it.
    """
    out: list[str] = []
    pos = 0
    for m in _DELETION_RE.finditer(source):
        out.append(text(source[pos:m.start()]))
        # ':' inside a deletion would start a cloze hint ("::"); keep it as a character
        out.append("{{c1::" + text(m.group(1)).replace(":", "&#58;") + "}}")
        pos = m.end()
    out.append(text(source[pos:]))
    return "".join(out)


_DELETION_RE = re.compile(r"\[\[(.+?)\]\]")


def _date(value: datetime | date | None) -> str:
    if value is None:
        return "date not stated"
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat()


def _source_name(source: Source) -> str:
    return source.publisher or source.title or source.id


def _choices(options: list[str], answer: str, marked: bool) -> str:
    items = []
    for letter, option in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", options, strict=False):
        right = marked and option == answer
        cls = ' class="qg-right"' if right else ""
        mark = ' <span class="qg-mark">&#10004; correct</span>' if right else ""
        items.append(f'<li{cls}><span class="qg-letter">{letter}</span>{text(option)}{mark}</li>')
    return '<ol class="qg-options">' + "".join(items) + "</ol>"


def _tag(*parts: str) -> str:
    """An Anki tag: no spaces, nothing Anki would rewrite."""
    cleaned = [re.sub(r"[^\w.\-]+", "_", p.strip()).strip("_") or "_" for p in parts]
    return "::".join(cleaned)


# --- notes --------------------------------------------------------------------------------

#: how json.dumps(..., ensure_ascii=False) writes a string
_json_str = json.encoder.encode_basestring


class NoteSpec(NamedTuple):
    """Everything one note carries, before it becomes rows: the content a hash is taken of."""

    guid: str
    question_id: str
    kind: NoteKind
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    topic: Topic

    def content_hash(self) -> str:
        """sha256 of ``json.dumps({"kind": ..., "fields": [...], "tags": [...]},
        ensure_ascii=False)``, the hash ``anki-notes.json`` has always kept; the JSON text is
        put together here from json's own string escaping, which is quicker than a
        ``json.dumps`` per note and gives the same text (``tests/test_anki_fast.py``)."""
        payload = "".join(('{"kind": ', _json_str(self.kind.key),
                           ', "fields": [', ", ".join(map(_json_str, self.fields)),
                           '], "tags": [', ", ".join(map(_json_str, self.tags)), "]}"))
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class NoteBuilder:
    """Turns a bank's questions into notes.

    A large bank repeats much of what its notes show: every citation of one article starts
    with the same publisher and date, facts share categories, sources and topics, and so their
    tags. The builder renders each such piece once per build and reuses it, and what all the
    questions of one fact share (its Sources, SingleSource and Topic fields, its tags) once
    per fact, with their JSON for the content hash; a note is exactly what rendering every
    piece afresh would give (``tests/test_anki_notes.py`` holds the two equal).
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
                info = _SourceInfo(f'<li><span class="qg-publisher">{text(source_id)}</span>',
                                   None, "", self.tag("source", source_id), "")
            else:
                head = (f'<li><span class="qg-publisher">{text(_source_name(source))}</span>, '
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
        """One citation as an item of the Sources field (``info.head`` opens the item)."""
        quote = nested_quotes(self.printed_quote(citation, info))  # shown in <q>, in marks
        if not plain(quote):
            quote = text(quote)
        if dispute and citation.note:
            return (f'{info.head} <q class="qg-quote">{quote}</q>'
                    f'<span class="qg-dispute-note">{text(citation.note)}</span></li>')
        return f'{info.head} <q class="qg-quote">{quote}</q></li>'

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
        sources = self._sources
        item = self.citation_item
        parts = ['<ul class="qg-citations">']
        for c in fact.citations:
            info = sources.get(c.source) or self.source(c.source)
            key = info.origin_key
            if key is not None and key not in origins:
                origins[key] = info.origin_name
            tags.add(info.tag)
            parts.append(item(c, info, False))
        parts.append("</ul>")
        if fact.disputes:
            parts.append('<div class="qg-label">Reported differently</div>'
                         '<ul class="qg-citations qg-disputes">')
            parts += [item(c, sources.get(c.source) or self.source(c.source), True)
                      for c in fact.disputes]
            parts.append("</ul>")
        if len(origins) == 1:
            tags.add("single-source")
        return "".join(parts), self.single_source_html(origins), tuple(sorted(tags))

    # -- per question

    def own_fields(self, q: Question) -> tuple[NoteKind, tuple[str, ...]]:
        """The note type of question ``q`` and the values of its own fields (those before
        the back matter every type shares, :data:`_COMMON`), in the type's field order."""
        qtype = q.type
        if qtype == "basic":
            return _BASIC, (text(q.prompt), text(q.answer_text))
        if qtype == "numeric" or qtype == "short_answer":
            # the value to type; the unit is shown beside it, not typed
            # (answer_text ends with " <unit>" when there is a unit)
            answer = q.answer_text.removesuffix(f" {q.unit}") if q.unit else q.answer_text
            return _TYPEIN, (text(q.prompt), text(answer), text(q.unit) if q.unit else "",
                             text("; ".join(q.accept)) if q.accept else "")
        if qtype == "cloze":
            return _CLOZE, (cloze_text(q.prompt),)
        if qtype == "multiple_choice":
            options = choice_order(self.bank.id, q)
            answer = str(q.answer)
            letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[options.index(answer)]
            return _MULTIPLE_CHOICE, (text(q.prompt), _choices(options, answer, False),
                                      _choices(options, answer, True),
                                      f"{letter}. {text(answer)}")
        if qtype == "true_false":
            return _TRUE_FALSE, (text(q.prompt), text(q.answer_text))
        raise KeyError(qtype)  # the checker admits only the types above

    def fields(self, q: Question, common: dict[str, str]) -> tuple[NoteKind, tuple[str, ...]]:
        """The note type and field values of question ``q``; ``common`` holds the back
        matter of its fact and topic (Sources, SingleSource, Topic)."""
        kind, own = self.own_fields(q)
        return kind, (*own, text(q.explanation) if q.explanation else "", common["Sources"],
                      common["SingleSource"], common["Topic"], f"{self._bank_id} / {text(q.id)}")

    def notes(self) -> list[NoteSpec]:
        """Every question of the bank as a note, in the bank's order."""
        return self.notes_and_hashes()[0]

    def notes_and_hashes(self) -> tuple[list[NoteSpec], list[str]]:
        """Every question of the bank as a note, in the bank's order, and each note's
        :meth:`NoteSpec.content_hash` (the JSON of what a fact's notes share is written
        once for all of them)."""
        bank = self.bank
        notes: list[NoteSpec] = []
        hashes: list[str] = []
        add_note, add_hash = notes.append, hashes.append
        own_fields = self.own_fields
        new_spec = tuple.__new__
        enc = _json_str
        sha256 = hashlib.sha256
        guid_prefix = f"quizgen__{bank.id}__"
        ref_prefix = f"{self._bank_id} / "
        pairs = _BASE91_PAIRS
        for topic in bank.topics:
            topic_html = text(topic.title)
            for fact in topic.facts:
                if not fact.questions:
                    continue
                sources, single, tags = self.fact_parts(fact, topic)
                # the end of every note's hash payload from "Sources" on, but for its Ref
                shared_json = f", {enc(sources)}, {enc(single)}, {enc(topic_html)}, "
                tags_json = '], "tags": [' + ", ".join(map(enc, tags)) + "]}"
                for q in fact.questions:
                    kind, own = own_fields(q)
                    qid = q.id
                    explanation = q.explanation
                    if explanation and not plain(explanation):
                        explanation = text(explanation)
                    ref = ref_prefix + (qid if plain(qid) else text(qid))
                    fields = (*own, explanation or "", sources, single, topic_html, ref)
                    # guid_for("quizgen", bank.id, q.id), its five pairs of digits unrolled
                    # (the number is below 91**10)
                    number = int.from_bytes(
                        sha256((guid_prefix + qid).encode("utf-8")).digest()[:8], "big")
                    number, e = divmod(number, 8281)
                    number, d = divmod(number, 8281)
                    number, c = divmod(number, 8281)
                    a, b = divmod(number, 8281)
                    guid = (pairs[a] + pairs[b] + pairs[c] + pairs[d] + pairs[e]).lstrip("a")
                    add_note(new_spec(NoteSpec, (guid, qid, kind, fields, tags, topic)))
                    payload = "".join((
                        '{"kind": ', enc(kind.key), ', "fields": [', ", ".join(map(enc, own)),
                        ", ", enc(explanation or ""), shared_json, enc(ref), tags_json))
                    add_hash(sha256(payload.encode("utf-8")).hexdigest())
        return notes, hashes


class _SourceInfo(NamedTuple):
    """One source as its citations use it (see :meth:`NoteBuilder.source`)."""

    head: str  # "<li>", publisher and date: the start of a citation's list item
    origin_key: str | None  # Source.origin_key; None for an unknown source
    origin_name: str  # the name shown for that origin
    tag: str  # the source's tag
    text: str  # the article's text, for finding quotes


def collect_notes(bank: Bank) -> list[NoteSpec]:
    """Every question of the bank as a note, in the bank's order."""
    return NoteBuilder(bank).notes()


_BASIC, _TYPEIN, _CLOZE, _MULTIPLE_CHOICE, _TRUE_FALSE = (
    KINDS[key] for key in ("basic", "typein", "cloze", "multiple_choice", "true_false"))
# NoteBuilder writes a note's fields as its type's own fields, then these, in this order
assert all(kind.fields[-len(_COMMON):] == _COMMON for kind in KINDS.values())


# --- note types ---------------------------------------------------------------------------

#: names Anki fills in itself, usable in any template
SPECIAL_FIELDS = frozenset({"FrontSide", "Tags", "Type", "Deck", "Subdeck", "Card", "CardFlag",
                            "CardID"})
_TAG_RE = re.compile(r"{{(.*?)}}", re.DOTALL)


def _check_template(name: str, body: str, fields: tuple[str, ...]) -> None:
    """Every ``{{...}}`` in a card template names a field of the note type (or one Anki
    provides); a typo is reported at build time, naming the file and line, instead of
    showing up on every card as "template has a problem"."""
    for m in _TAG_RE.finditer(body):
        tag = m.group(1).strip()
        field = tag.lstrip("#^/").strip().rsplit(":", 1)[-1].strip()
        if field in fields or field in SPECIAL_FIELDS:
            continue
        line = body.count("\n", 0, m.start()) + 1
        known = ", ".join(fields)
        raise OutputError(
            f"templates/{TEMPLATE_DIR}/{name}:{line}: '{{{{{tag}}}}}' names no field of this "
            f"note type; the fields are: {known}")


def _check_sections(name: str, body: str) -> None:
    """Every ``{{#Field}}``/``{{^Field}}`` is closed by its ``{{/Field}}``, in order."""
    stack: list[tuple[str, int]] = []
    for m in _TAG_RE.finditer(body):
        tag = m.group(1).strip()
        line = body.count("\n", 0, m.start()) + 1
        if tag[:1] in "#^":
            stack.append((tag[1:].strip(), line))
        elif tag[:1] == "/":
            closing = tag[1:].strip()
            if not stack or stack[-1][0] != closing:
                raise OutputError(
                    f"templates/{TEMPLATE_DIR}/{name} (with its includes), line {line}: "
                    f"'{{{{/{closing}}}}}' closes no open '{{{{#{closing}}}}}'")
            stack.pop()
    if stack:
        field, line = stack[-1]
        raise OutputError(
            f"templates/{TEMPLATE_DIR}/{name} (with its includes), line {line}: "
            f"'{{{{#{field}}}}}' is never closed; add '{{{{/{field}}}}}' after its content")


def _load_template(root: Path, name: str, fields: tuple[str, ...]) -> str:
    try:
        body = read_template_file(root, f"{TEMPLATE_DIR}/{name}")
    except FileNotFoundError:
        raise OutputError(
            f"the Anki card template templates/{TEMPLATE_DIR}/{name} is missing; restore it "
            f"from quizgen's own templates/{TEMPLATE_DIR}/ or remove your copy of that folder"
        ) from None
    _check_template(name, body, fields)
    return _INCLUDE_RE.sub(
        lambda m: _load_template(root, m.group(1), fields).rstrip("\n"), body)


@dataclass(frozen=True)
class KindDef:
    kind: NoteKind
    model: genanki.Model
    #: a cloze type's fields shown with ``{{cloze:...}}`` (see :func:`_cloze_field_indexes`)
    cloze_fields: tuple[int, ...] = ()

    def content_hash(self) -> str:
        m = self.model
        payload = json.dumps({"name": m.name, "css": m.css, "fields": m.fields,
                              "templates": m.templates, "type": m.model_type},
                             sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def card_ords(self, fields: tuple[str, ...]) -> list[int]:
        """The cards a note of this type gets, by template ordinal, decided as genanki's
        ``Note.cards`` decides them (so a note gets exactly the cards it always got).

        A front/back type makes a card for each template whose required fields (genanki's
        ``Model._req``) are filled; a cloze type makes one per deletion number found in the
        fields its front template shows with ``{{cloze:...}}`` (in number order; genanki
        leaves that to a set, and quizgen's cloze notes have one deletion number, c1).
        """
        model = self.model
        if model.model_type == model.CLOZE:
            ords: set[int] = set()
            for index in self.cloze_fields:
                value = fields[index] if index >= 0 else ""
                ords.update(int(n) - 1 for n in _CLOZE_NUMBER_RE.findall(value) if int(n) > 0)
            return sorted(ords)
        return [card_ord for card_ord, any_or_all, required in model._req
                if (all if any_or_all == "all" else any)(map(fields.__getitem__, required))]


    def card_rule(self) -> Callable[[tuple[str, ...]], list[int]]:
        """:meth:`card_ords` as one function, quicker for a type with one template (every
        quizgen type): its card is made when its required fields are filled, as genanki's
        ``Model._req`` says."""
        model = self.model
        if model.model_type == model.CLOZE or len(model._req) != 1:
            return self.card_ords
        ((card_ord, any_or_all, required),) = model._req
        test = all if any_or_all == "all" else any
        required = tuple(required)
        one: list[int] = [card_ord]
        none: list[int] = []

        def card_ords(fields: tuple[str, ...]) -> list[int]:
            return one if test(map(fields.__getitem__, required)) else none

        return card_ords


_CLOZE_NUMBER_RE = re.compile(r"{{c(\d+)::.+?}}", re.DOTALL)


def _cloze_field_indexes(model: genanki.Model) -> tuple[int, ...]:
    """The fields a cloze type's front shows as ``{{cloze:Field}}``, by index (-1: no such
    field), found the way genanki's ``Note._cloze_cards`` finds them."""
    front = model.templates[0]["qfmt"]
    names = set(re.findall(r"{{[^}]*?cloze:(?:[^}]?:)*(.+?)}}", front)
                + re.findall("<%cloze:(.+?)%>", front))
    index = {f["name"]: i for i, f in reversed(list(enumerate(model.fields)))}
    return tuple(index.get(name, -1) for name in names)


def make_model(bank: Bank, kind: NoteKind, root: Path, css: str) -> KindDef:
    import genanki

    card_name = "Cloze" if kind.cloze else "Card 1"
    front = _load_template(root, f"{kind.template}.front.html", kind.fields)
    back = _load_template(root, f"{kind.template}.back.html", kind.fields)
    model = genanki.Model(
        model_id(bank, kind),
        f"quizgen {kind.label} ({bank.id})",
        fields=[{"name": name, "id": field_id(bank, kind, name)} for name in kind.fields],
        templates=[{"name": card_name, "qfmt": front, "afmt": back,
                    "id": template_id(bank, kind, card_name)}],
        css=css,
        model_type=genanki.Model.CLOZE if kind.cloze else genanki.Model.FRONT_BACK,
        sort_field_index=0,
    )
    for side, name in ((front, f"{kind.template}.front.html"),
                       (back, f"{kind.template}.back.html")):
        _check_sections(name, side)
    _ = model._req  # genanki reads the front here; it parses, as checked above
    return KindDef(kind, model, _cloze_field_indexes(model) if kind.cloze else ())


# --- state carried across builds ------------------------------------------------------------

def read_state(data: bytes | None) -> dict[str, dict[str, dict[str, object]]]:
    """The previous build's hashes and times; empty when there is none or it is unreadable.

    An unreadable state is not an error: the notes then get new times, so every note is
    updated once on the learner's side, which is safe.
    """
    empty: dict[str, dict[str, dict[str, object]]] = {"notes": {}, "notetypes": {}}
    if not data:
        return empty
    try:
        state = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return empty
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
        return empty
    out = dict(empty)
    for key in ("notes", "notetypes"):
        table = state.get(key)
        if isinstance(table, dict):
            out[key] = {k: v for k, v in table.items()
                        if isinstance(v, dict) and isinstance(v.get("hash"), str)
                        and isinstance(v.get("mod"), int)}
    return out


def _entry(table: dict[str, dict[str, object]], key: str, guid: str
           ) -> dict[str, object] | None:
    """The remembered entry for a question, if it is for the same note (same GUID)."""
    entry = table.get(key)
    return entry if entry is not None and entry.get("guid") == guid else None


def _mod_for(entry: dict[str, object] | None, digest: str, now: int) -> int:
    """Keep the old time for unchanged content; otherwise a time later than the old one."""
    if entry is None:
        return now
    old = int(entry["mod"])  # type: ignore[arg-type]
    if entry["hash"] == digest:
        return old
    return max(now, old + 1)


def state_bytes(notes: list[NoteSpec], hashes: list[str], mods: list[int],
                kind_hashes: dict[str, str], kind_mods: dict[str, int]) -> bytes:
    """``anki-notes.json``: for every note (by question id) its GUID, content hash and time,
    and for every note type its hash and time.

    The text is what ``json.dumps(state, indent=1, sort_keys=True, ensure_ascii=False)``
    writes (the format the file has always had, so a committed one does not change), written
    out directly: json formats indented output in pure Python, which for 10,000 notes takes
    about as long as the rest of this renderer. Strings are escaped by json's own function.
    ``tests/test_anki_fast.py`` holds the two equal.
    """
    enc = json.encoder.encode_basestring  # the escaping json.dumps(ensure_ascii=False) uses
    # a dict, as json.dumps would see it: a repeated question id keeps its last note
    entries = {spec.question_id: (spec.guid, digest, mod)
               for spec, digest, mod in zip(notes, hashes, mods, strict=True)}
    note_items = [f'  {enc(qid)}: {{\n   "guid": {enc(guid)},\n   "hash": {enc(digest)},\n'
                  f'   "mod": {int(mod)}\n  }}'
                  for qid, (guid, digest, mod) in sorted(entries.items())]
    kind_items = [f'  {enc(key)}: {{\n   "hash": {enc(kind_hashes[key])},\n'
                  f'   "mod": {int(kind_mods[key])}\n  }}'
                  for key in sorted(kind_hashes)]

    def table(items: list[str]) -> str:
        return "{\n" + ",\n".join(items) + "\n }" if items else "{}"

    about = ("quizgen keeps this file so that a rebuilt Anki deck updates the cards "
             "learners already have; commit it with dist/.")
    return (f'{{\n "about": {enc(about)},\n "notes": {table(note_items)},\n'
            f' "notetypes": {table(kind_items)},\n "version": {STATE_VERSION}\n}}\n'
            ).encode()


# --- the package ----------------------------------------------------------------------------

def deck_name(bank: Bank) -> str:
    """The top deck: the bank's ``deck`` (its title when unset), one level, no "::"."""
    return " ".join((bank.deck or bank.title or bank.id).split()).replace("::", ":")


def subdeck_name(bank: Bank, index: int, topic: Topic, width: int = 2) -> str:
    """``<deck>::NN <topic title>``: the number keeps Anki's name order the bank's order."""
    title = " ".join(topic.title.split()).replace("::", ":") or topic.id
    return f"{deck_name(bank)}::{index:0{width}d} {title}"


def _schema() -> tuple[str, str]:
    """genanki's collection schema split in two: the tables, and the indexes on them.

    The rows go in before the indexes exist: one index build after the rows is quicker than
    keeping seven indexes up to date row by row, and the file is the same once vacuumed.
    """
    from genanki.apkg_schema import APKG_SCHEMA

    statements = [part.strip() for part in APKG_SCHEMA.split(";") if part.strip()]
    indexes = [st for st in statements
               if st.upper().startswith(("CREATE INDEX", "CREATE UNIQUE INDEX"))]
    tables = [st for st in statements if st not in indexes]
    return ";\n".join(tables) + ";\n", ";\n".join(indexes) + ";\n"


def _collection_bytes(bank: Bank, notes: list[NoteSpec], mods: list[int],
                      kinds: dict[str, KindDef], kind_mods: dict[str, int]) -> bytes:
    """The SQLite collection (``collection.anki2``) of the package.

    It holds what genanki's ``Package.write_to_db`` writes for these decks and notes, with
    the remembered modification times, then vacuumed and serialised. The rows are written
    here rather than by genanki, which runs two statements per note and re-reads the
    collection's JSON for every deck; genanki still describes the note types (their JSON,
    which templates make a card) and provides the schema. VACUUM rewrites the file from its
    content alone, so how the rows went in leaves no trace: the bytes are those genanki's
    writer gave (``tests/test_anki_fast.py`` compares the two on a bank).
    """
    width = max(2, len(str(len(bank.topics))))
    # (id, name, description) of every deck, the top deck first, then a subdeck per topic
    decks = [(deck_id(bank), deck_name(bank), text(bank.description))]
    deck_of_topic: dict[str, int] = {}
    for i, topic in enumerate(bank.topics, start=1):
        deck_of_topic[topic.id] = len(decks)
        decks.append((deck_id(bank, topic), subdeck_name(bank, i, topic, width),
                      text(topic.intro)))
    # each deck's notes with their times and new-card positions (the bank's order)
    in_deck: list[list[tuple[NoteSpec, int, int]]] = [[] for _ in decks]
    for position, (spec, mod) in enumerate(zip(notes, mods, strict=True), start=1):
        in_deck[deck_of_topic[spec.topic.id]].append((spec, mod, position))

    # Note and card ids come from this counter, deck by deck and note by note in the bank's
    # order, a note's id followed by its cards' (Anki gives new cards their positions in id
    # order). It starts at the earliest note time, so ids depend only on the inputs and the
    # carried state, and are never in the future.
    ids = itertools.count(max(min([*mods, *kind_mods.values()]), _ZIP_EPOCH) * 1000)
    # the values genanki writes that are the same for every row (usn -1, csum 0, flags 0,
    # a new card's type and queue 0, ...) are part of the statements below
    note_rows: list[tuple[object, ...]] = []
    card_rows: list[tuple[int, int, int, int, int, int]] = []
    # a note type names, as its deck, the last deck that has notes of it (the top deck
    # when none has): genanki writes the type with each deck that uses it
    type_deck = {key: decks[0][0] for key in kinds}
    # by note type: its id, sort field and how its cards are decided, looked up once
    per_kind = {key: (kd.model.model_id, kd.model.sort_field_index, kd.card_rule())
                for key, kd in kinds.items()}
    add_note, add_card = note_rows.append, card_rows.append
    for (did, _name, _desc), entries in zip(decks, in_deck, strict=True):
        for spec, mod, position in entries:
            key = spec.kind.key
            mid, sort_index, card_ords = per_kind[key]
            type_deck[key] = did
            nid = next(ids)
            fields = spec.fields
            add_note((nid, spec.guid, mid, mod, " " + " ".join(spec.tags) + " ",
                      "\x1f".join(fields), fields[sort_index]))
            for card_ord in card_ords(fields):
                add_card((next(ids), nid, did, card_ord, mod, position))

    models = {}
    for key, kd in kinds.items():  # every note type, used or not, so styles stay in step
        models[str(kd.model.model_id)] = {**kd.model.to_json(0, type_deck[key]),
                                          "mod": kind_mods[key]}
    latest = max([*mods, *kind_mods.values()])

    import genanki
    from genanki.apkg_col import APKG_COL

    tables, indexes = _schema()
    conn = sqlite3.connect(":memory:")
    try:
        cursor = conn.cursor()
        # a collection in memory, thrown away on any error: no rollback journal needed, and
        # VACUUM's scratch copy stays in memory too
        cursor.execute("PRAGMA journal_mode = OFF")
        cursor.execute("PRAGMA temp_store = MEMORY")
        cursor.executescript(tables)
        cursor.executescript(APKG_COL)
        (decks_json,) = cursor.execute("SELECT decks FROM col").fetchone()
        all_decks = json.loads(decks_json)
        for did, name, description in decks:
            all_decks[str(did)] = genanki.Deck(did, name, description=description).to_json()
        cursor.execute("UPDATE col SET models = ?, decks = ?, mod = ?",
                       (json.dumps(models, sort_keys=True), json.dumps(all_decks),
                        latest * 1000))
        # columns as genanki's Note.write_to_db and Card.write_to_db fill them
        cursor.executemany("INSERT INTO notes (id, guid, mid, mod, usn, tags, flds, sfld, csum,"
                           " flags, data) VALUES (?, ?, ?, ?, -1, ?, ?, ?, 0, 0, '')",
                           note_rows)
        cursor.executemany("INSERT INTO cards (id, nid, did, ord, mod, usn, type, queue, due,"
                           " ivl, factor, reps, lapses, left, odue, odid, flags, data)"
                           " VALUES (?, ?, ?, ?, ?, -1, 0, 0, ?, 0, 0, 0, 0, 0, 0, 0, 0, '')",
                           card_rows)
        conn.commit()
        cursor.executescript(indexes)
        conn.execute("VACUUM")
        return conn.serialize()
    finally:
        conn.close()


def _zip(entries: list[tuple[str, bytes]], stamp: int) -> bytes:
    when = time.gmtime(max(stamp, _ZIP_EPOCH))[:6]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=when)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_STORED
            zf.writestr(info, data)
    return buf.getvalue()


def render(bank: Bank, ctx: RenderContext) -> dict[str, bytes]:
    """``{<bank id>.apkg: package, anki-notes.json: state}`` for ``bank``."""
    now = ctx.source_date_epoch if ctx.source_date_epoch is not None else int(time.time())
    state = read_state(ctx.previous.get(STATE_FILE))

    css = _load_css(ctx.root)
    kinds = {key: make_model(bank, kind, ctx.root, css) for key, kind in KINDS.items()}
    kind_hashes = {key: kd.content_hash() for key, kd in kinds.items()}
    kind_mods = {key: _mod_for(state["notetypes"].get(key), kind_hashes[key], now)
                 for key in kinds}

    notes, hashes = NoteBuilder(bank).notes_and_hashes()
    remembered = state["notes"]
    if remembered:
        mods = [_mod_for(_entry(remembered, spec.question_id, spec.guid), h, now)
                for spec, h in zip(notes, hashes, strict=True)]
    else:  # a first build: every note is new
        mods = [now] * len(notes)

    collection = _collection_bytes(bank, notes, mods, kinds, kind_mods)
    stamp = max([*mods, *kind_mods.values()])
    package = _zip([("collection.anki2", collection), ("media", b"{}")], stamp)

    return {deck_files(bank)[0]: package,
            STATE_FILE: state_bytes(notes, hashes, mods, kind_hashes, kind_mods)}


def _load_css(root: Path) -> str:
    try:
        css = read_template_file(root, CSS_FILE)
    except FileNotFoundError:
        raise OutputError(
            f"the Anki card style templates/{CSS_FILE} is missing; restore it from quizgen's "
            f"own templates/ or remove your copy of templates/{TEMPLATE_DIR}/"
        ) from None
    fetch = css_fetch(css)
    if fetch:
        raise OutputError(
            f"templates/{CSS_FILE} uses '{fetch}': cards are studied offline, on phones too, "
            "so their style loads nothing from elsewhere. Use fonts installed on the device "
            "(font-family) and no @import or url(), or a data: URL")
    return css


def deck_files(bank: Bank) -> list[str]:
    """The deck files this renderer writes, as paths in dist/ (the index page links them)."""
    return [f"{bank.id}.apkg"]
