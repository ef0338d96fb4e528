"""The bank as an Anki package (``dist/<bank id>.apkg``), built with genanki.

What a learner relies on, and how this module keeps it:

- **Updates in place.** Every id Anki uses to recognise things is derived from names and never
  from content: the decks (bank id, topic id), the note types, their fields and templates
  (bank id, note type key, field or template name), and each note's GUID (bank id, question
  id). Anki applies an incoming note over the one it has only when the incoming note's
  modification time is newer, so that time must move for exactly the notes whose content
  changed. ``dist/anki-notes.json`` (committed with ``dist/``) remembers, for every note and
  note type, a hash of its content and the modification time it was given; a rebuild keeps
  the time when the hash is unchanged and gives a later time when it is not.
- **Reproducible.** The package is written in memory: the SQLite collection is filled with
  genanki's own writer, then given the remembered times and ids that follow the bank's order,
  vacuumed and serialised; the zip entries carry a fixed date and permissions and are stored
  uncompressed (no dependence on the zlib version). Two builds of the same inputs and the same
  ``anki-notes.json`` give the same bytes. ``SOURCE_DATE_EPOCH`` is the time given to new or
  changed notes; without it that is the current time.
- **Text is text.** Everything from the bank is HTML-escaped, and ``{``, ``}`` become character
  references, so bank text can never become markup, a field reference or a cloze deletion.
  Only the ``[[...]]`` markers of a cloze question become ``{{c1::...}}``.

Deck layout: one deck named after the bank's ``deck``, with a subdeck per topic, named
``NN Topic title`` so that Anki, which walks subdecks in name order, shows the topics in the
bank's order. New cards get positions in the bank's order.
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import json
import re
import sqlite3
import time
import zipfile
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import genanki

from quizgen.errors import OutputError
from quizgen.model import Bank, Fact, Question, Source, Topic
from quizgen.render import printed_quote, read_template_file

if TYPE_CHECKING:
    from quizgen.build import RenderContext

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
    return genanki.guid_for("quizgen", bank.id, question.id)


# --- text ---------------------------------------------------------------------------------

def text(value: object) -> str:
    """Bank text as inert HTML: escaped, braces as references, newlines as <br>."""
    escaped = html.escape(str(value), quote=True)
    escaped = escaped.replace("{", "&#123;").replace("}", "&#125;")
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def cloze_text(source: str) -> str:
    """Escape a cloze text, then turn each ``[[...]]`` into ``{{c1::...}}``.

    Every deletion of a question belongs to one card (c1): one question, one card, and the
    answer is all its deletions, as ``Question.answer_text`` gives it.
    """
    out: list[str] = []
    pos = 0
    for m in re.finditer(r"\[\[(.+?)\]\]", source):
        out.append(text(source[pos:m.start()]))
        # ':' inside a deletion would start a cloze hint ("::"); keep it as a character
        out.append("{{c1::" + text(m.group(1)).replace(":", "&#58;") + "}}")
        pos = m.end()
    out.append(text(source[pos:]))
    return "".join(out)


def _date(value: datetime | date | None) -> str:
    if value is None:
        return "date not stated"
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat()


def _source_name(source: Source) -> str:
    return source.publisher or source.title or source.id


def fact_origins(bank: Bank, fact: Fact) -> dict[str, str]:
    """The independent origins of a fact's citations: origin key -> a name to show.

    Counted with :attr:`Source.origin_key`, as the checker does (QG300).
    """
    return {key: s.origin or _source_name(s) for key, s in bank.origins_of(fact).items()}


def _citation_item(bank: Bank, citation, dispute: bool) -> str:
    source = bank.sources.get(citation.source)
    if source is None:  # the checker rejects unknown sources; never fail a render on it
        head = f'<span class="qg-publisher">{text(citation.source)}</span>'
    else:
        head = (f'<span class="qg-publisher">{text(_source_name(source))}</span>, '
                f'<span class="qg-date">{text(_date(source.published))}</span>')
        if source.publisher is None:
            head += ' <span class="qg-nopub">(publisher not stated)</span>'
    item = f'{head} <q class="qg-quote">{text(printed_quote(bank, citation))}</q>'
    if dispute and citation.note:
        item += f'<span class="qg-dispute-note">{text(citation.note)}</span>'
    return f"<li>{item}</li>"


def sources_html(bank: Bank, fact: Fact) -> str:
    parts = ['<ul class="qg-citations">']
    parts += [_citation_item(bank, c, False) for c in fact.citations]
    parts.append("</ul>")
    if fact.disputes:
        parts.append('<div class="qg-label">Reported differently</div>')
        parts.append('<ul class="qg-citations qg-disputes">')
        parts += [_citation_item(bank, c, True) for c in fact.disputes]
        parts.append("</ul>")
    return "".join(parts)


def single_source_html(bank: Bank, fact: Fact) -> str:
    origins = fact_origins(bank, fact)
    if len(origins) != 1:
        return ""
    name = next(iter(origins.values()))
    return (f"Single source: every report of this comes from one origin ({text(name)}); "
            "no independent report confirms it.")


def choice_order(bank: Bank, question: Question) -> list[str]:
    """The options of a multiple-choice question in a fixed order for that question.

    Each option is placed by a hash of the bank id, question id and the option's text: the
    order does not change from build to build, and editing one option moves only that one.
    """
    options = [str(question.answer), *(str(d) for d in question.distractors)]

    def key(option: str) -> str:
        return hashlib.sha256(
            f"quizgen:choice:{bank.id}:{question.id}:{option}".encode()).hexdigest()

    return sorted(options, key=key)


def _choices(options: list[str], answer: str, marked: bool) -> str:
    items = []
    for letter, option in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", options, strict=False):
        right = marked and option == answer
        cls = ' class="qg-right"' if right else ""
        mark = ' <span class="qg-mark">&#10004; correct</span>' if right else ""
        items.append(f'<li{cls}><span class="qg-letter">{letter}</span>{text(option)}{mark}</li>')
    return '<ol class="qg-options">' + "".join(items) + "</ol>"


# --- notes --------------------------------------------------------------------------------

@dataclass(frozen=True)
class NoteSpec:
    """Everything one note carries, before genanki: the content a hash is taken of."""

    guid: str
    question_id: str
    kind: NoteKind
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    topic: Topic

    def content_hash(self) -> str:
        payload = json.dumps({"kind": self.kind.key, "fields": list(self.fields),
                              "tags": list(self.tags)}, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _tag(*parts: str) -> str:
    """An Anki tag: no spaces, nothing Anki would rewrite."""
    cleaned = [re.sub(r"[^\w.\-]+", "_", p.strip()).strip("_") or "_" for p in parts]
    return "::".join(cleaned)


def note_tags(bank: Bank, fact: Fact, topic: Topic) -> tuple[str, ...]:
    tags = {_tag("category", fact.category), _tag("topic", topic.id)}
    for c in fact.citations:
        source = bank.sources.get(c.source)
        tags.add(_tag("source", source.publisher or source.id if source else c.source))
    if len(fact_origins(bank, fact)) == 1:
        tags.add("single-source")
    return tuple(sorted(tags))


def note_fields(bank: Bank, fact: Fact, topic: Topic, q: Question) -> tuple[NoteKind, list[str]]:
    kind = KINDS[KIND_OF_TYPE[q.type]]
    common = {
        "Explanation": text(q.explanation) if q.explanation else "",
        "Sources": sources_html(bank, fact),
        "SingleSource": single_source_html(bank, fact),
        "Topic": text(topic.title),
        "Ref": text(f"{bank.id} / {q.id}"),
    }
    own: dict[str, str]
    if kind.key == "basic":
        own = {"Question": text(q.prompt), "Answer": text(q.answer_text)}
    elif kind.key == "typein":
        own = {"Question": text(q.prompt),
               # the value to type; the unit is shown beside it, not typed
               "Answer": text(replace(q, unit=None).answer_text),
               "Unit": text(q.unit) if q.unit else "",
               "Accept": text("; ".join(q.accept)) if q.accept else ""}
    elif kind.key == "cloze":
        own = {"Text": cloze_text(q.prompt)}
    elif kind.key == "multiple_choice":
        options = choice_order(bank, q)
        answer = str(q.answer)
        letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[options.index(answer)]
        own = {"Question": text(q.prompt), "Choices": _choices(options, answer, False),
               "ChoicesMarked": _choices(options, answer, True),
               "Answer": f"{letter}. {text(answer)}"}
    else:  # true_false
        own = {"Statement": text(q.prompt), "Answer": text(q.answer_text)}
    values = {**own, **common}
    return kind, [values[name] for name in kind.fields]


def collect_notes(bank: Bank) -> list[NoteSpec]:
    """Every question of the bank as a note, in the bank's order."""
    notes: list[NoteSpec] = []
    for topic in bank.topics:
        for fact in topic.facts:
            for q in fact.questions:
                kind, fields = note_fields(bank, fact, topic, q)
                notes.append(NoteSpec(note_guid(bank, q), q.id, kind, tuple(fields),
                                      note_tags(bank, fact, topic), topic))
    return notes


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

    def content_hash(self) -> str:
        m = self.model
        payload = json.dumps({"name": m.name, "css": m.css, "fields": m.fields,
                              "templates": m.templates, "type": m.model_type},
                             sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def make_model(bank: Bank, kind: NoteKind, root: Path, css: str) -> KindDef:
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
    return KindDef(kind, model)


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


# --- the package ----------------------------------------------------------------------------

def deck_name(bank: Bank) -> str:
    """The top deck: the bank's ``deck`` (its title when unset), one level, no "::"."""
    return " ".join((bank.deck or bank.title or bank.id).split()).replace("::", ":")


def subdeck_name(bank: Bank, index: int, topic: Topic, width: int = 2) -> str:
    """``<deck>::NN <topic title>``: the number keeps Anki's name order the bank's order."""
    title = " ".join(topic.title.split()).replace("::", ":") or topic.id
    return f"{deck_name(bank)}::{index:0{width}d} {title}"


def _collection_bytes(bank: Bank, notes: list[NoteSpec], mods: list[int],
                      kinds: dict[str, KindDef], kind_mods: dict[str, int]) -> bytes:
    width = max(2, len(str(len(bank.topics))))
    parent = genanki.Deck(deck_id(bank), deck_name(bank),
                          description=text(bank.description))
    decks = [parent]
    by_topic: dict[str, genanki.Deck] = {}
    for i, topic in enumerate(bank.topics, start=1):
        deck = genanki.Deck(deck_id(bank, topic), subdeck_name(bank, i, topic, width),
                            description=text(topic.intro))
        by_topic[topic.id] = deck
        decks.append(deck)
    for position, spec in enumerate(notes, start=1):
        by_topic[spec.topic.id].add_note(genanki.Note(
            model=kinds[spec.kind.key].model, fields=list(spec.fields), tags=list(spec.tags),
            guid=spec.guid, due=position))
    for kd in kinds.values():  # every note type, used or not, so styles stay in step
        parent.add_model(kd.model)

    conn = sqlite3.connect(":memory:")
    try:
        cursor = conn.cursor()
        # Note and card ids come from this counter, in the bank's order (Anki gives new
        # cards their positions in id order). It starts at the earliest note time, so ids
        # depend only on the inputs and the carried state, and are never in the future.
        base = max(min([*mods, *kind_mods.values()]), _ZIP_EPOCH) * 1000
        genanki.Package(decks).write_to_db(cursor, 0, itertools.count(base))
        # one pass, by note id: a lookup by guid per note would scan the table each time
        ids = dict(cursor.execute("SELECT guid, id FROM notes"))
        rows = [(mod, ids[spec.guid]) for spec, mod in zip(notes, mods, strict=True)]
        cursor.executemany("UPDATE notes SET mod = ? WHERE id = ?", rows)
        cursor.executemany("UPDATE cards SET mod = ? WHERE nid = ?", rows)
        (models_json,) = cursor.execute("SELECT models FROM col").fetchone()
        models = json.loads(models_json)
        for kd in kinds.values():
            models[str(kd.model.model_id)]["mod"] = kind_mods[kd.kind.key]
        latest = max([*mods, *kind_mods.values()])
        cursor.execute("UPDATE col SET models = ?, mod = ?",
                       (json.dumps(models, sort_keys=True), latest * 1000))
        conn.commit()
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

    notes = collect_notes(bank)
    hashes = [spec.content_hash() for spec in notes]
    mods = [_mod_for(_entry(state["notes"], spec.question_id, spec.guid), h, now)
            for spec, h in zip(notes, hashes, strict=True)]

    collection = _collection_bytes(bank, notes, mods, kinds, kind_mods)
    stamp = max([*mods, *kind_mods.values()])
    package = _zip([("collection.anki2", collection), ("media", b"{}")], stamp)

    new_state = {
        "version": STATE_VERSION,
        "about": "quizgen keeps this file so that a rebuilt Anki deck updates the cards "
                 "learners already have; commit it with dist/.",
        "notes": {spec.question_id: {"guid": spec.guid, "hash": h, "mod": m}
                  for spec, h, m in zip(notes, hashes, mods, strict=True)},
        "notetypes": {key: {"hash": kind_hashes[key], "mod": kind_mods[key]} for key in kinds},
    }
    state_bytes = (json.dumps(new_state, indent=1, sort_keys=True, ensure_ascii=False)
                   + "\n").encode("utf-8")
    return {deck_files(bank)[0]: package, STATE_FILE: state_bytes}


def _load_css(root: Path) -> str:
    try:
        return read_template_file(root, CSS_FILE)
    except FileNotFoundError:
        raise OutputError(
            f"the Anki card style templates/{CSS_FILE} is missing; restore it from quizgen's "
            f"own templates/ or remove your copy of templates/{TEMPLATE_DIR}/"
        ) from None


def deck_files(bank: Bank) -> list[str]:
    """The deck files this renderer writes, as paths in dist/ (the index page links them)."""
    return [f"{bank.id}.apkg"]
