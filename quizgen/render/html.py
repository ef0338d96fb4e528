"""Printable explainers: a student handout and a teacher's copy per topic, an index, PDFs.

Layout of what :func:`render` returns (paths relative to ``dist/``)::

    index.html                 every handout, teacher's copy, PDF and deck, linked
    html/<topic>.html          student handout: explainer, where the sources differ,
                               the questions with room to answer, then the sources
    html/<topic>-key.html      teacher's copy: the same handout, then the answer key
                               starting on a new page (answers, explanations, sources)

and :func:`render_pdf` (``quizgen build --pdf``)::

    pdf/<topic>.pdf            the student handout
    pdf/<topic>-key.pdf        the teacher's copy

Each HTML file is self-contained: its CSS is inlined, it loads no fonts, styles, scripts or
images, so a handout emailed as one file prints the same. Every piece of bank text is escaped as
jinja2's autoescaping escapes it (markupsafe), whether a template writes it or :class:`Pieces`
(the per-item pieces of templates/macros.html.j2, written in Python while a project keeps
quizgen's macros); runs of Korean and Japanese script are wrapped in ``<span lang>`` so they
are set in a CJK font for that language (Noto CJK, Debian ``fonts-noto-cjk``).

Paper: the HTML does not force a paper size, so a browser prints on the paper the teacher
chooses; the margins and layout fit both A4 and US Letter. PDFs are A4 unless the build's
options say ``paper: letter`` (:func:`paper_css` adds ``@page { size: A4 }`` or
``@page { size: letter }`` to ``templates/print.css``).

Reproducible: nothing here reads the clock. With ``SOURCE_DATE_EPOCH`` set, that time is
written as the document's creation date (HTML meta and PDF info); without it, no date is
written at all. The same bank gives byte-identical HTML and PDF files.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup, escape

from quizgen.errors import OutputError
from quizgen.model import (
    CLOZE_DELETION,
    Bank,
    Citation,
    Fact,
    Question,
    Source,
    Topic,
    cloze_deletions,
)
from quizgen.render import (
    _escape_str,
    choice_order,
    css_fetch,
    default_templates,
    escape_output,
    jinja_env,
    nested_quotes,
    printed_quote,
    read_template_file,
)
from quizgen.textmatch import ELLIPSIS

HTML_DIR = "html"
PDF_DIR = "pdf"
INDEX = "index.html"
CSS_FILE = "print.css"
PAPER_SIZES = {"a4": "A4", "letter": "letter"}

#: headings of the explainer's sections, one per fact category, in the order first used
CATEGORY_HEADINGS = {
    "casualties": "Casualties",
    "numbers": "In numbers",
    "dates": "When",
    "venues": "Where",
    "agreements": "What was agreed",
    "people": "Who",
    "quotes": "In their words",
    "context": "Background",
}

INSTRUCTIONS = {
    "multiple_choice": "Tick one answer.",
    "true_false": "Tick true or false.",
    "numeric": "Write a number.",
    "cloze": "Fill in the blank.",
    "short_answer": "",
    "basic": "",
}

# --- Korean and Japanese text ----------------------------------------------------------------

_HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff"
_KANA = "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f"
_HAN = "\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK_PUNCT = "\u3001-\u3003\u3008-\u303f\uff01-\uff60"
_CJK_CHAR = f"[{_HANGUL}{_KANA}{_HAN}]"
#: a run of CJK script: CJK characters, with CJK punctuation, middle dots or single spaces
#: between them (高市 早苗, 이재명·윤석열)
_CJK_RUN = re.compile(
    f"{_CJK_CHAR}(?:[{_HANGUL}{_KANA}{_HAN}{_CJK_PUNCT}\u00b7\u30fb]|[ \u3000](?={_CJK_CHAR}))*"
)
_HANGUL_RE = re.compile(f"[{_HANGUL}]")
_KANA_RE = re.compile(f"[{_KANA}]")


def cjk_lang(run: str, default: str) -> str:
    """The language of a run of CJK script: Hangul is Korean, kana Japanese; Chinese characters
    alone follow the bank's language when it is Korean or Chinese, else they are taken as
    Japanese (Korean names are written in Hangul; names in Chinese characters in these news
    banks are Japanese)."""
    if _HANGUL_RE.search(run):
        return "ko"
    if _KANA_RE.search(run):
        return "ja"
    base = default.split("-")[0].lower()
    return base if base in ("ko", "zh") else "ja"


def mark_cjk(text: object, default_lang: str = "en") -> Markup:
    """Escape ``text`` and wrap each run of Korean or Japanese script in ``<span lang>``."""
    s = "" if text is None else str(text)
    if s.isascii():  # no Korean or Japanese script in it: escaping is all there is to do
        return escape(s)
    out: list[str] = []
    last = 0
    for m in _CJK_RUN.finditer(s):
        out.append(str(escape(s[last:m.start()])))
        lang = cjk_lang(m.group(0), default_lang)
        out.append(f'<span class="cjk" lang="{lang}">{escape(m.group(0))}</span>')
        last = m.end()
    out.append(str(escape(s[last:])))
    return Markup("".join(out))


def has_cjk(text: str) -> bool:
    return _CJK_RUN.search(text) is not None


# --- the view: what the templates show, worked out once here ----------------------------------
#
# Each object below keeps the bank's own values (``fact``, ``question``, ``source``, ``quote``)
# and, next to them, what the pages show of them: bank text as :class:`Texts` gives it (a plain
# string is text that a template escapes when it writes it; Markup is escaped already, with
# Korean and Japanese runs marked), dates written out, anchors. The templates put
# those in place; a bank of thousands of questions renders fast because nothing is worked out
# twice (a note's article is named in the sources list, the answer key and the box on
# disputes; the handout itself is on both copies).


class Texts:
    """Bank text as the pages show it. ASCII text stays a plain string: a template escapes a
    string when it writes it, and ASCII has no Korean or Japanese to mark. Other text goes
    through :func:`mark_cjk` (escaped, runs of CJK script in ``<span lang>``), once per
    distinct string, and is Markup. Either way ``{{ value }}`` in a template shows the text."""

    def __init__(self, default_lang: str = "en") -> None:
        self.default_lang = default_lang
        self._done: dict[str, Markup] = {}

    def __call__(self, text: object) -> str:
        s = text if text.__class__ is str else "" if text is None else str(text)
        if s.isascii():
            return s  # type: ignore[return-value]
        done = self._done.get(s)
        if done is None:
            done = self._done[s] = mark_cjk(s, self.default_lang)
        return done


@dataclass
class SourceView:
    """An article as the pages name it, worked out once per render."""

    source: Source
    #: None when the article does not state its publisher
    publisher: str | None
    #: its publication date written out, "" when it has none
    date: str
    title: str
    #: None when it has no byline or the byline is the publisher's name
    byline: str | None
    #: the wire service it relays, None when none or when that is its own publisher
    origin: str | None
    #: its address when that is a web address (http or https), else None: only those are links
    url: str | None
    #: its entry in the Articles list: the ``reference`` macro of macros.html.j2
    reference: str = ""


def source_view(source: Source, t: Texts) -> SourceView:
    origin = None
    if source.origin and source.origin.lower() != (source.publisher or "").lower():
        origin = t(source.origin)
    url = source.url if source.url and source.url.startswith(("https://", "http://")) else None
    return SourceView(
        source=source,
        publisher=t(source.publisher) if source.publisher else None,
        date=long_date(source.published_date),
        title=t(source.title),
        byline=t(source.byline) if source.byline and source.byline != source.publisher
        else None,
        origin=origin, url=url)


@dataclass(slots=True, init=False)
class Article:
    """One article the handout quotes, lettered A, B, C… in the order first quoted."""

    letter: str
    source: Source
    #: how the pages name it (None only for an Article made outside :func:`topic_view`)
    view: SourceView | None
    #: ``article-<letter>``
    anchor: str

    def __init__(self, letter: str, source: Source, view: SourceView | None = None) -> None:
        self.letter = letter
        self.source = source
        self.view = view
        self.anchor = f"article-{letter}"


@dataclass(slots=True, init=False)
class Note:
    """One numbered entry of the sources list: a quote from one article."""

    number: int
    source: Source
    quote: str
    article: Article
    #: ``note-<number>``
    anchor: str
    #: the quote as the pages show it
    quote_html: str
    #: the quote as the pages show it inside quotation marks (:func:`nested_quotes`)
    inner_html: str
    #: the article's publisher (None when not stated), publication date ("" when none),
    #: letter and anchor: what "who says it" shows
    publisher: str | None
    date: str
    letter: str
    article_anchor: str

    def __init__(self, number: int, source: Source, quote: str, article: Article,
                 quote_html: str = "", publisher: str | None = None, date: str = "",
                 letter: str = "", article_anchor: str = "", inner_html: str = "") -> None:
        self.number = number
        self.source = source
        self.quote = quote
        self.article = article
        self.anchor = f"note-{number}"
        self.quote_html = quote_html
        self.inner_html = inner_html or quote_html
        self.publisher = publisher
        self.date = date
        self.letter = letter
        self.article_anchor = article_anchor

    @property
    def marks(self) -> list[Mark]:
        """This note's citation mark alone."""
        return [Mark(self.anchor, self.number, None)]


@dataclass(slots=True)
class Mark:
    """One citation mark: a note, or a run of three or more notes in a row (last is None for
    a single note)."""

    anchor: str
    first: int
    last: int | None
    #: True when it follows another mark (a comma goes before it)
    comma: bool = False


@dataclass(slots=True)
class FactView:
    fact: Fact
    notes: list[Note]
    single_source: bool
    disputed: bool
    #: the fact's id (for anchors) and statement as the pages show them
    id: str = ""
    statement: str = ""
    #: its citation marks, runs compacted (:func:`note_runs`)
    marks: list[Mark] = field(default_factory=list)
    #: the quotes that disagree with it (a dispute's note, and the bank's note on the
    #: disagreement as the pages show it), for the answer key
    disputes: list[tuple[Note, str]] = field(default_factory=list)


@dataclass
class Section:
    """One part of the explainer: the facts of one category."""

    category: str
    heading: str
    facts: list[FactView]


@dataclass
class DisputeView:
    fact: Fact
    notes: list[Note]
    #: (the disputing citation's note, the bank's note on the disagreement)
    disputes: list[tuple[Note, str]]
    #: the fact as the explainer shows it
    view: FactView | None = None

    @property
    def anchor(self) -> str:
        return f"differ-{self.fact.id}"


@dataclass(slots=True)
class Option:
    letter: str
    text: str
    correct: bool
    #: the text as the pages show it
    html: str = ""


@dataclass(slots=True)
class QuestionView:
    number: int
    question: Question
    fact: FactView
    instruction: str
    options: list[Option] = field(default_factory=list)
    #: cloze text as pieces: ("text", str) or ("blank", number)
    cloze: list[tuple[str, object]] = field(default_factory=list)
    lines: int = 0
    #: ``q-<id>``; its start and end marks are ``q-<id>.start`` and ``q-<id>.end`` (a dot
    #: never occurs in a bank id, so no two anchors can collide)
    anchor: str = ""
    #: the question's id, type and type as a class name (short-answer), as the pages use them
    id: str = ""
    type: str = ""
    type_class: str = ""
    #: what the pages show of the question (bank text as :class:`Texts` gives it): the prompt
    #: (for a cloze, its pieces as in ``cloze``), the answer as a learner reads it, the unit,
    #: the other accepted answers, the explanation, a cloze's deletions
    prompt: str = ""
    cloze_html: list[tuple[str, object]] = field(default_factory=list)
    answer: str = ""
    unit: str = ""
    accept: list[str] = field(default_factory=list)
    explanation: str = ""
    blanks_html: list[str] = field(default_factory=list)
    #: a cloze's deletions numbered from 1: [(1, text), (2, text)]
    numbered_blanks: list[tuple[int, str]] = field(default_factory=list)
    correct_option: Option | None = None

    @property
    def blanks(self) -> list[str]:
        return cloze_deletions(self.question.prompt) if self.question.type == "cloze" else []


@dataclass
class NameView:
    name: str
    others: tuple[str, ...]


@dataclass
class TopicView:
    topic: Topic
    sections: list[Section]
    disputes: list[DisputeView]
    notes: list[Note]
    articles: list[Article]
    questions: list[QuestionView]
    names: list[NameView]
    #: the answer key's groups: each fact that has questions, with its questions
    key_groups: list[tuple[FactView, list[QuestionView]]]
    single_source_count: int
    #: how many articles the handout quotes, and the first and last dates they were published
    article_count: int
    first_date: date | None
    last_date: date | None

    @property
    def date_range(self) -> str:
        if self.first_date is None or self.last_date is None:
            return ""
        if self.first_date == self.last_date:
            return long_date(self.first_date)
        return f"{long_date(self.first_date)} to {long_date(self.last_date)}"


@lru_cache(maxsize=4096)
def _letter(index: int) -> str:
    """A, B, … Z, AA, AB, …"""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


_CLOZE = re.compile(CLOZE_DELETION)


def _cloze_pieces(text: str) -> list[tuple[str, object]]:
    parts: list[tuple[str, object]] = []
    last = 0
    matches = list(_CLOZE.finditer(text))
    for n, m in enumerate(matches, 1):
        if m.start() > last:
            parts.append(("text", text[last:m.start()]))
        parts.append(("blank", n if len(matches) > 1 else None))
        last = m.end()
    if last < len(text):
        parts.append(("text", text[last:]))
    return parts


ANSWER_LINES = {"basic": 3, "short_answer": 2, "numeric": 0, "multiple_choice": 0,
                "true_false": 1, "cloze": 0}


def _names(bank: Bank, topic: Topic) -> list[NameView]:
    """Names in this topic that the bank also spells another way (aliases), e.g. a Korean
    name in Hangul: shown to students so they recognise every spelling."""
    groups: dict[str, tuple[str, ...]] = {}
    bank_wide = False  # the bank's own aliases are in groups
    for fact in topic.facts:
        if fact.aliases:
            merged = bank.aliases_for(fact)
        elif not bank_wide:  # a fact without aliases of its own has the bank's
            merged, bank_wide = bank.aliases, True
        else:
            continue
        for name, others in merged.items():
            groups.setdefault(name, others)
    if not groups:
        return []
    texts: list[str] = []
    for fact in topic.facts:
        texts.append(fact.statement)
        for q in fact.questions:
            texts += [q.prompt, str(q.answer), q.explanation, *q.distractors, *q.accept]
    blob = "\n".join(texts).casefold()
    out = []
    for name, others in groups.items():
        if any(_mentions(blob, n) for n in (name, *others)):
            out.append(NameView(name, others))
    return out


def _mentions(blob: str, name: str) -> bool:
    n = name.strip().casefold()
    if not n or n not in blob:
        return False
    return re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", blob) is not None


class _Shared:
    """What one render works out once for every topic: bank text, how articles are named."""

    def __init__(self, bank: Bank, t: Texts | None = None,
                 reference=None) -> None:  # type: ignore[no-untyped-def]
        self.bank = bank
        self.t = t or Texts(bank.language or "en")
        #: the reference() piece, which writes an article's entry in the Articles list
        self.reference = reference
        self.sources: dict[str, SourceView] = {}
        #: each article's independent origin (Source.origin_key) and publication date, by id
        self.origin: dict[str, str] = {}
        self.published: dict[str, date | None] = {}

    def source(self, source: Source) -> SourceView:
        view = self.sources.get(source.id)
        if view is None:
            view = self.sources[source.id] = source_view(source, self.t)
            self.origin[source.id] = source.origin_key
            self.published[source.id] = source.published_date
            if self.reference is not None:
                view.reference = self.reference(view)
        return view


def _marks(notes: list[Note]) -> list[Mark]:
    if len(notes) == 1:  # most facts have one or two citations: no run to compact
        return [Mark(notes[0].anchor, notes[0].number, None)]
    if len(notes) == 2 and notes[0].number != notes[1].number:
        a, b = notes if notes[0].number < notes[1].number else (notes[1], notes[0])
        return [Mark(a.anchor, a.number, None), Mark(b.anchor, b.number, None, True)]
    return [Mark(first.anchor, first.number, None if first is last else last.number, i > 0)
            for i, (first, last) in enumerate(note_runs(notes))]


def _question_view(number: int, q: Question, fv: FactView, t: Texts, bank_id: str
                   ) -> QuestionView:
    qtype = q.type
    instruction = INSTRUCTIONS.get(qtype, "")
    options: list[Option] = []
    correct = None
    if qtype == "multiple_choice":
        answer = str(q.answer)
        for i, text in enumerate(choice_order(bank_id, q)):
            option = Option("ABCDEFGHIJ"[i] if i < 10 else str(i + 1), text, text == answer,
                            t(text))
            options.append(option)
            if option.correct and correct is None:
                correct = option
    if qtype == "cloze":
        cloze = _cloze_pieces(q.prompt)
        cloze_html = [(kind, t(value) if kind == "text" else value) for kind, value in cloze]
        blanks_html = [t(b) for b in cloze_deletions(q.prompt)]
        numbered_blanks = list(enumerate(blanks_html, 1))
        if len(blanks_html) > 1:
            instruction = "Fill in the blanks."
        prompt = ""
    else:
        cloze, cloze_html, blanks_html, numbered_blanks = [], [], [], []
        prompt = q.prompt
        if not prompt.isascii():  # t(prompt): ASCII text is itself
            prompt = t(prompt)
    answer = q.answer_text
    explanation = q.explanation
    # every field in order (positional arguments cost a third of keyword ones here)
    return QuestionView(
        number, q, fv, instruction, options, cloze, ANSWER_LINES.get(qtype, 2), f"q-{q.id}",
        q.id, qtype, _TYPE_CLASS.get(qtype) or qtype.replace("_", "-"), prompt, cloze_html,
        answer if answer.isascii() else t(answer),
        t(q.unit) if q.unit else "", [t(a) for a in q.accept] if q.accept else [],
        (explanation if explanation.isascii() else t(explanation)) if explanation else "",
        blanks_html, numbered_blanks, correct)


_TYPE_CLASS = {qtype: qtype.replace("_", "-") for qtype in INSTRUCTIONS}


def topic_view(bank: Bank, topic: Topic, shared: _Shared | None = None) -> TopicView:
    shared = shared or _Shared(bank)
    t = shared.t
    notes: list[Note] = []
    by_key: dict[tuple[str, str], Note] = {}
    articles: dict[str, Article] = {}
    sources = bank.sources
    source_view = shared.source
    origin = shared.origin

    def note(c: Citation) -> Note:
        quote = c.quote
        key = (c.source, quote)
        found = by_key.get(key)
        if found is not None:
            return found
        article = articles.get(c.source)
        if article is None:
            source = sources[c.source]
            article = articles[c.source] = Article(_letter(len(articles)), source,
                                                   source_view(source))
        sv = article.view
        # printed_quote(bank, c), its first test (the quote found as written) done here
        if (quote and ELLIPSIS not in quote and "\u2026" not in quote
                and quote in article.source.text):
            quote = " ".join(quote.split())
        else:
            quote = printed_quote(bank, c)
        shown = quote if quote.isascii() else t(quote)
        inner = nested_quotes(quote)
        found = by_key[key] = Note(len(notes) + 1, article.source, quote, article, shown,
                                   sv.publisher, sv.date, article.letter, article.anchor,
                                   shown if inner is quote else t(inner))
        notes.append(found)
        return found

    # sections in the order each category first appears; facts keep their order within
    by_category: dict[str, list[Fact]] = {}
    for fact in topic.facts:
        by_category.setdefault(fact.category, []).append(fact)
    sections = []
    views: dict[str, FactView] = {}
    for category, facts in by_category.items():
        section_facts = []
        for fact in facts:
            fact_notes = [note(c) for c in fact.citations]
            # one independent origin (Bank.origins_of): every citation's article is known here
            citations = fact.citations
            single = (len(citations) == 1
                      or len({origin[c.source] for c in citations}) == 1 if citations else False)
            statement = fact.statement
            view = FactView(fact, fact_notes, single, bool(fact.disputes), fact.id,
                            statement if statement.isascii() else t(statement),
                            _marks(fact_notes))
            views[fact.id] = view
            section_facts.append(view)
        sections.append(Section(category, CATEGORY_HEADINGS.get(category, category.title()),
                                section_facts))
    disputes = []
    for section in sections:
        for fv in section.facts:
            if fv.fact.disputes:
                disputes.append(DisputeView(
                    fv.fact, fv.notes,
                    [(note(c), c.note or "") for c in fv.fact.disputes], fv))
                fv.disputes = [(n, t(why) if why else "") for n, why in disputes[-1].disputes]
    questions = []
    key_groups: list[tuple[FactView, list[QuestionView]]] = []
    number = 0
    for fact in topic.facts:
        if not fact.questions:
            continue
        items: list[QuestionView] = []
        fv = views[fact.id]
        key_groups.append((fv, items))
        for q in fact.questions:
            number += 1
            qv = _question_view(number, q, fv, t, bank.id)
            questions.append(qv)
            items.append(qv)
    published = shared.published
    dates = [d for d in (published[a] for a in articles) if d]
    return TopicView(
        topic=topic, sections=sections, disputes=disputes, notes=notes,
        articles=list(articles.values()), questions=questions,
        names=_names(bank, topic), key_groups=key_groups,
        single_source_count=sum(1 for v in views.values() if v.single_source),
        article_count=len(articles),
        first_date=min(dates) if dates else None,
        last_date=max(dates) if dates else None,
    )


# --- the pieces: each fact, question, key item, note and article, written in Python ----------
#
# templates/macros.html.j2 is the layout of these pieces, and the source of truth for it. While a
# project keeps that file as quizgen ships it, :class:`Pieces` writes them instead: the same
# bytes, several times faster than a macro call per item (on a bank of thousands of questions
# those calls were most of the rendering time). Each method mirrors the macro of the same name;
# change both together. tests/test_html_pieces.py renders banks both ways and compares every
# byte, so the test fails if they drift apart.

_esc = escape_output  # what {{ value }} writes in a template: the text escaped, Markup as it is

#: the pieces, by the name of their macro in macros.html.j2 and their method in Pieces
PIECES = ("marks", "who", "quoted", "reference", "fact", "facts", "cloze", "question", "questions",
          "answer", "glance", "key_item", "key_source", "key_dispute", "key_fact", "key_facts",
          "note", "notes", "article", "articles")

_LINE = '<div class="line"></div>'


class Pieces:
    """The macros of templates/macros.html.j2 as Python: each method returns, as a str of HTML,
    exactly what the macro of the same name writes. A piece that contains another calls it
    through ``self``, as the macros do, so a project's own macro for one piece
    (:class:`ProjectPieces`) shows wherever that piece appears. Bank text is escaped by
    :func:`quizgen.render.escape_output`, as a template's ``{{ }}`` does; anchors and letters
    that :func:`topic_view` makes (``note-3``, ``article-B``, ``q-<id>``) are plain strings,
    escaped by :func:`_escape_str`; numbers (of notes, questions, blanks, lines) are ints,
    written as digits, as ``{{ }}`` writes them."""

    def __init__(self) -> None:
        #: quoted() by note (a note is shown in the Sources list and in the answer key)
        self._quoted: dict[int, str] = {}
        #: who() by what it shows
        self._who: dict[tuple[object, ...], str] = {}

    def marks(self, marks: list[Mark]) -> str:
        if not marks:
            return ""
        out = []
        for mark in marks:
            anchor = _escape_str(mark.anchor)
            if mark.last is None:
                one = (f'<a class="mark" href="#{anchor}" aria-label="source {mark.first}">'
                       f"{mark.first}</a>")
            else:
                one = (f'<a class="mark" href="#{anchor}" aria-label="sources {mark.first} to '
                       f'{mark.last}">{mark.first}–{mark.last}</a>')
            out.append(", " + one if mark.comma else one)
        return f'<sup class="marks">[{"".join(out)}]</sup>'

    def who(self, note: Note, after_but: bool = False) -> str:
        # the same for every note of one article: written once per article and form
        key = (note.publisher, note.date, note.article_anchor, note.letter, after_but)
        done = self._who.get(key)
        if done is None:
            done = self._who[key] = self._who_of(note, after_but)
        return done

    def _who_of(self, note: Note, after_but: bool) -> str:
        date = f", {_esc(note.date)}" if note.date else ""
        if note.publisher:
            return (f'<span class="pub">{_esc(note.publisher)}</span> (<a class="article-ref" '
                    f'href="#{_escape_str(note.article_anchor)}">article '
                    f"{_escape_str(note.letter)}</a>{date})")
        return (f'<a class="article-ref pub" href="#{_escape_str(note.article_anchor)}">'
                f'{"article" if after_but else "Article"} {_escape_str(note.letter)}</a> '
                f"(publisher not stated{date})")

    def quoted(self, note: Note) -> str:
        done = self._quoted.get(id(note))
        if done is None:
            done = self._quoted[id(note)] = (
                f'{self.who(note)}: <span class="quote">“{_esc(note.inner_html)}”</span>')
        return done

    def reference(self, source: SourceView) -> str:
        publisher = _esc(source.publisher) if source.publisher else "Publisher not stated"
        out = f'<span class="pub">{publisher}</span>,\n<cite>{_esc(source.title)}</cite>'
        if source.byline:
            out += f", by {_esc(source.byline)}"
        if source.date:
            out += f", {_esc(source.date)}"
        if source.origin:
            out += f", relaying {_esc(source.origin)}"
        out += "."
        if source.url:
            url = _esc(source.url)
            out += f' <a class="url" href="{url}">{url}</a>'
        return out

    def fact(self, fv: FactView) -> str:
        fid = _esc(fv.id)
        flags = ""
        if fv.single_source:
            flags = '&nbsp;<span class="flag flag-single">single source</span>'
        if fv.disputed:
            flags += f'&nbsp;<a class="flag flag-differ" href="#differ-{fid}">sources differ</a>'
        return (f'<span class="statement" id="fact-{fid}">{_esc(fv.statement)}</span>&#8288;'
                f"{self.marks(fv.marks)}{flags}")

    def facts(self, fvs: list[FactView]) -> str:
        fact = self.fact
        return f'<p>\n{"".join([f"    {fact(fv)}" for fv in fvs])}  </p>'

    def cloze(self, qv: QuestionView, filled: bool = False) -> str:
        out = []
        for kind, value in qv.cloze_html:
            if kind == "text":
                out.append(_esc(value))
            elif filled:
                out.append(f'<strong class="filled">{_esc(qv.blanks_html[(value or 1) - 1])}'
                           "</strong>")
            elif value:
                out.append(f'<span class="blank" role="img" aria-label="blank {value}">'
                           f'<span class="blank-num">({value})</span></span>')
            else:
                out.append('<span class="blank" role="img" aria-label="blank"></span>')
        return "".join(out)

    def question(self, qv: QuestionView) -> str:
        anchor = _escape_str(qv.anchor)
        kind = qv.type
        if kind == "cloze":
            prompt = self.cloze(qv)
        elif kind == "true_false":
            prompt = "True or false? " + _esc(qv.prompt)
        else:
            prompt = _esc(qv.prompt)
        how = f'<p class="how">{_esc(qv.instruction)}</p>' if qv.instruction else ""
        if kind == "multiple_choice":
            options = "".join([
                f'    <li><span class="box" aria-hidden="true"></span><span class="letter">'
                f"{_escape_str(o.letter)}</span> {_esc(o.html)}</li>\n" for o in qv.options])
            answer = f'  <ul class="options">\n{options}  </ul>\n'
        elif kind == "true_false":
            answer = ('  <ul class="options options-inline">\n'
                      '    <li><span class="box" aria-hidden="true"></span>True</li>\n'
                      '    <li><span class="box" aria-hidden="true"></span>False</li>\n'
                      "  </ul>\n"
                      '  <p class="if-false">If it is false, write what is true:</p>\n'
                      f'  <div class="answer-lines" aria-hidden="true">{_LINE * qv.lines}</div>\n')
        elif kind == "numeric":
            unit = f" {_esc(qv.unit)}" if qv.unit else ""
            answer = ('  <p class="numeric-answer">Answer: <span class="answer-box" '
                      f'aria-hidden="true"></span>{unit}</p>\n')
        elif kind == "cloze":
            answer = ""
        else:
            answer = f'  <div class="answer-lines" aria-hidden="true">{_LINE * qv.lines}</div>\n'
        return (f'<section class="question q-{_esc(qv.type_class)}" id="{anchor}">\n'
                f'  <span class="anchor" id="{anchor}.start"></span>\n'
                f'  <h3 class="prompt"><span class="qnum">{qv.number}.</span> {prompt}</h3>\n'
                f'{how}{answer}  <span class="anchor" id="{anchor}.end"></span>\n</section>')

    def questions(self, qvs: list[QuestionView]) -> str:
        question = self.question
        return "".join([f"  {question(qv)}\n" for qv in qvs])

    def answer(self, qv: QuestionView) -> str:
        option = qv.correct_option
        if option:
            return f"<strong>{_escape_str(option.letter)}</strong> ({_esc(option.html)})"
        if len(qv.numbered_blanks) > 1:
            return "".join([f"{' ' if number > 1 else ''}({number}) <strong>{_esc(b)}</strong>"
                            for number, b in qv.numbered_blanks])
        return f"<strong>{_esc(qv.answer)}</strong>"

    def glance(self, qvs: list[QuestionView]) -> str:
        answer = self.answer
        items = "".join([f'      <li><span class="qnum">{qv.number}.</span> {answer(qv)}</li>\n'
                         for qv in qvs])
        return f'<ol class="glance-list">\n{items}    </ol>'

    def key_item(self, qv: QuestionView) -> str:
        qid = _esc(qv.id)
        kind = qv.type
        if kind == "cloze":
            prompt = self.cloze(qv, filled=True)
        elif kind == "true_false":
            prompt = "True or false? " + _esc(qv.prompt)
        else:
            prompt = _esc(qv.prompt)
        accept = explanation = ""
        if qv.accept:
            accept = ('<p class="accept"><span class="label">Also accept:</span> '
                      f'{"; ".join([_esc(a) for a in qv.accept])}</p>')
        if qv.explanation:
            explanation = ('<p class="explanation"><span class="label">Explanation:</span> '
                           f"{_esc(qv.explanation)}</p>")
        return (f'<section class="key-item" id="key-{qid}">\n'
                f'  <span class="anchor" id="key-{qid}.start"></span>\n'
                f'  <h4 class="prompt"><span class="qnum">{qv.number}.</span> {prompt}</h4>\n'
                f'  <p class="answer"><span class="label">Answer:</span> {self.answer(qv)}</p>\n'
                f'{accept}{explanation}  <span class="anchor" id="key-{qid}.end"></span>\n'
                "</section>")

    def key_source(self, n: Note) -> str:
        return (f'<li><a class="mark" href="#{_escape_str(n.anchor)}">[{n.number}]</a> '
                f"{self.quoted(n)}</li>")

    def key_dispute(self, n: Note, why: str) -> str:
        note = f' <span class="why">Note: {_esc(why)}</span>' if why else ""
        return (f'<li class="key-dispute"><a class="mark" href="#{_escape_str(n.anchor)}">'
                f"[{n.number}]</a> But {self.who(n, True)}: "
                f'<span class="quote">“{_esc(n.inner_html)}”</span>{note}</li>')

    def key_fact(self, fv: FactView, items: list[QuestionView]) -> str:
        first = items[0].number
        if len(items) > 1:
            last = items[-1].number
            label, heading = f"Questions {first} to {last}", f"Fact (questions {first}–{last}):"
        else:
            label, heading = f"Questions {first}", f"Fact (question {first}):"
        flags = ""
        if fv.single_source:
            flags = ' <span class="flag flag-single">single source</span>'
        if fv.disputed:
            flags += f' <a class="flag flag-differ" href="#differ-{_esc(fv.id)}">sources differ</a>'
        key_source, key_item = self.key_source, self.key_item
        sources = "".join([f"        {key_source(n)}\n" for n in fv.notes])
        if fv.disputes:
            key_dispute = self.key_dispute
            sources += "".join([f"        {key_dispute(n, why)}\n" for n, why in fv.disputes])
        more = "".join([f"    {key_item(qv)}\n" for qv in items[1:]]) if len(items) > 1 else ""
        return (f'<section class="key-fact" aria-label="{label}">\n'
                '    <div class="keep">\n'
                '    <div class="key-fact-head">\n'
                f'      <p class="fact"><span class="label">{heading}</span>\n'
                f"        {_esc(fv.statement)}{flags}</p>\n"
                f'      <ul class="key-sources" aria-label="Sources">\n{sources}      </ul>\n'
                "    </div>\n"
                f"    {key_item(items[0])}\n"
                f"    </div>\n{more}  </section>")

    def key_facts(self, groups: list[tuple[FactView, list[QuestionView]]]) -> str:
        key_fact = self.key_fact
        return "".join([f"  {key_fact(fv, items)}\n" for fv, items in groups])

    def note(self, n: Note) -> str:
        return (f'<li id="{_escape_str(n.anchor)}"><span class="num">[{n.number}]</span>\n'
                f"      {self.quoted(n)}\n    </li>")

    def notes(self, notes: list[Note]) -> str:
        note = self.note
        items = "".join([f"    {note(n)}\n" for n in notes])
        return f'<ol class="notes">\n{items}  </ol>'

    def article(self, a: Article) -> str:
        return (f'<li id="{_escape_str(a.anchor)}"><span class="num">{_escape_str(a.letter)}'
                f"</span> {_esc(a.view.reference)}</li>")

    def articles(self, articles: list[Article]) -> str:
        article = self.article
        items = "".join([f"    {article(a)}\n" for a in articles])
        return f'<ol class="articles" aria-labelledby="h-articles">\n{items}  </ol>'


class ProjectPieces(Pieces):
    """The pieces of a project's own macros.html.j2: each macro it defines is used for its
    piece (wherever the piece appears, since pieces call each other through ``self``); a piece
    it does not define, as a copy from an earlier quizgen may not, is quizgen's."""

    def __init__(self, module) -> None:  # type: ignore[no-untyped-def]
        from jinja2.runtime import Macro

        super().__init__()
        for name in PIECES:
            macro = getattr(module, name, None)
            if isinstance(macro, Macro):
                setattr(self, name, macro)


class _TemplatePieces:
    """The pieces as templates call them (``pieces.question(qv)``): each returns Markup, so
    ``{{ }}`` writes it as it is."""

    def __init__(self, pieces: Pieces) -> None:
        for name in PIECES:
            setattr(self, name, _as_markup(getattr(pieces, name)))


def _as_markup(piece):  # type: ignore[no-untyped-def]
    def markup(*args, **kwargs):  # type: ignore[no-untyped-def]
        return Markup(piece(*args, **kwargs))

    return markup


def _pieces(env, jinja_pieces: bool = False) -> Pieces:  # type: ignore[no-untyped-def]
    """Python pieces while the macros.html.j2 that ``env`` finds is quizgen's own (as shipped,
    or a project's unchanged copy, as ``quizgen init`` makes), else the project's macros."""
    if not jinja_pieces and _is_quizgens(env, "macros.html.j2"):
        return Pieces()
    return ProjectPieces(env.get_template("macros.html.j2").module)


class _Slots:
    """The pieces as quizgen's own handout templates call them when a page is put together
    from parts: a call writes a placeholder, ``\\x00<n>\\x00``, and keeps the piece's text
    aside; :meth:`fill` then gives the template's output as a list of texts, each piece in
    the place of its placeholder. The pages are the same; the long texts of the pieces are
    not copied into each page (nor the handout into both copies) before being encoded."""

    def __init__(self, pieces: Pieces) -> None:
        self.texts: list[str | list[str]] = []
        for name in PIECES:
            setattr(self, name, self._slot(getattr(pieces, name)))

    def _slot(self, piece):  # type: ignore[no-untyped-def]
        texts = self.texts

        def slot(*args, **kwargs):  # type: ignore[no-untyped-def]
            texts.append(piece(*args, **kwargs))
            return Markup(f"\x00{len(texts) - 1}\x00")

        return slot

    def start(self) -> None:
        """Before a template is rendered: no pieces kept yet."""
        self.texts.clear()

    def keep(self, parts: list[str]) -> Markup:
        """A placeholder for text already in parts (the handout, in its page)."""
        self.texts.append(parts)
        return Markup(f"\x00{len(self.texts) - 1}\x00")

    def fill(self, rendered: str) -> list[str | list[str]] | None:
        """``rendered`` as a list of texts, each placeholder replaced by what it stands for;
        None unless every placeholder is found once, in the order they were written (text of
        the bank or template that holds a NUL of its own)."""
        parts: list[str | list[str]] = rendered.split("\x00")
        texts = self.texts
        if len(parts) != 2 * len(texts) + 1:
            return None
        for n, text in enumerate(texts):
            if parts[2 * n + 1] != str(n):
                return None
            parts[2 * n + 1] = text
        return parts


# --- formatting helpers for the templates ------------------------------------------------------


def note_runs(notes: list[Note]) -> list[tuple[Note, Note]]:
    """Citation marks compacted: notes 1, 2, 3, 4 and 7 give (1, 4) and (7, 7), shown as
    [1–4, 7]; a run of two stays two marks, [1, 2]."""
    ordered = sorted({n.number: n for n in notes}.values(), key=lambda n: n.number)
    runs: list[list[Note]] = []
    for n in ordered:
        if runs and runs[-1][-1].number + 1 == n.number:
            runs[-1].append(n)
        else:
            runs.append([n])
    out: list[tuple[Note, Note]] = []
    for run in runs:
        if len(run) >= 3:
            out.append((run[0], run[-1]))
        else:
            out += [(n, n) for n in run]
    return out


@lru_cache(maxsize=1024)
def long_date(value: date | datetime | None) -> str:
    """13 January 2026: unambiguous on both sides of the Atlantic."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return f"{value.day} {value:%B} {value.year}"


def _iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _css(root: Path) -> Markup:
    css = read_template_file(root, CSS_FILE)
    if "</" in css:
        raise OutputError(f"templates/{CSS_FILE} must not contain '</' (it is inlined into "
                          "each page inside <style>); remove it")
    fetch = css_fetch(css)
    if fetch:
        raise OutputError(
            f"templates/{CSS_FILE} uses '{fetch}': a handout must print "
            "the same when emailed as one file, so it loads nothing from elsewhere. Use fonts "
            "installed on the computer (font-family) and no @import or url(), or a data: URL")
    return Markup(css)


def _env(bank: Bank, root: Path, t: Texts | None = None):
    # an overlay with its own cache: the filters below belong to this bank only
    env = jinja_env(root).overlay(cache_size=16)
    env.filters["t"] = t or Texts(bank.language or "en")
    env.filters["long_date"] = long_date
    env.filters["note_runs"] = note_runs
    return env


def _topic_href(topic: Topic, key: bool) -> str:
    return f"{topic.id}-key.html" if key else f"{topic.id}.html"


def deck_files(bank: Bank) -> list[str]:
    """The Anki decks the build writes (paths in ``dist/``), when the Anki renderer says."""
    try:
        from quizgen.render import anki
    except ImportError:
        return []
    listing = getattr(anki, "deck_files", None)
    return list(listing(bank)) if callable(listing) else []


def _variables(env, name: str) -> frozenset[str]:  # type: ignore[no-untyped-def]
    """The variables template ``name`` reads from its context."""
    return _variables_of(env, env.loader.get_source(env, name)[0])


@lru_cache(maxsize=16)
def _variables_of(env, source: str) -> frozenset[str]:  # type: ignore[no-untyped-def]
    from jinja2 import meta

    return frozenset(meta.find_undeclared_variables(env.parse(source)))


def _is_quizgens(env, name: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether template ``name`` as ``env`` finds it is the one quizgen ships (a project that
    has no copy of its own, or an unchanged copy, as ``quizgen init`` makes)."""
    source = env.loader.get_source(env, name)[0]
    return source == (default_templates() / name).read_text(encoding="utf-8")


def _page_parts(bank: Bank, ctx, jinja_pieces: bool = False
                ) -> Iterator[tuple[str, list[str | list[str]]]]:
    """Every HTML page, (its path in ``dist/``, the texts it is made of, in order), topic by
    topic, then the index. The student handout and the teacher's copy of a topic hold the
    handout as one list of texts (the same list object in both)."""
    root = Path(ctx.root)
    t = Texts(bank.language or "en")
    env = _env(bank, root, t)
    css = _css(root)
    created = _iso(ctx.source_date_epoch) if ctx.source_date_epoch is not None else None
    common = {"bank": bank, "css": css, "created": created, "lang": bank.language or "en",
              "categories": CATEGORY_HEADINGS}
    handout = env.get_template("handout.html.j2")
    # the handout itself is the same on both copies, so it is rendered once per topic
    # (handout-body.html.j2) and handout.html.j2 places it. A project's own handout.html.j2
    # from an earlier quizgen writes the whole page itself: then there is nothing to place.
    own_handout = _is_quizgens(env, "handout.html.j2")
    handout_body = None
    if own_handout or "body" in _variables(jinja_env(root), "handout.html.j2"):
        handout_body = env.get_template("handout-body.html.j2")
    python_or_macros = _pieces(env, jinja_pieces)
    pieces = _TemplatePieces(python_or_macros)
    shared = _Shared(bank, t, pieces.reference if handout_body else None)
    # quizgen's own templates write each piece where it is called, as it is: their pages are
    # put together from parts (:class:`_Slots`). A project's own may do more with a piece.
    slots = _Slots(python_or_macros)
    body_slots = handout_body is not None and _is_quizgens(env, "handout-body.html.j2")
    page_slots = handout_body is not None and own_handout and _is_quizgens(env, "base.html.j2")
    views = []
    for topic in bank.topics:
        view = topic_view(bank, topic, shared)
        views.append(view)
        body: list[str] | None = None
        if body_slots:
            slots.start()
            body = slots.fill(handout_body.render(view=view, topic=topic, pieces=slots,
                                                  **common))  # type: ignore[assignment]
        if body is None and handout_body is not None:
            body = [handout_body.render(view=view, topic=topic, pieces=pieces, **common)]
        for key in (False, True):
            path = f"{HTML_DIR}/{_topic_href(topic, key)}"
            if page_slots:
                slots.start()
                parts = slots.fill(handout.render(view=view, topic=topic, key=key,
                                                  body=slots.keep(body), pieces=slots,
                                                  **common))  # type: ignore[arg-type]
                if parts is not None:
                    yield path, parts
                    continue
            yield path, [handout.render(
                view=view, topic=topic, key=key, pieces=pieces,
                body=None if body is None else Markup("".join(body)), **common)]
    yield INDEX, [env.get_template("index.html.j2").render(
        views=views, html_dir=HTML_DIR, pdf_dir=PDF_DIR if ctx.options.get("pdf") else None,
        decks=deck_files(bank), pieces=pieces, **common)]


def render_pages(bank: Bank, ctx, *, jinja_pieces: bool = False) -> dict[str, str]:
    """Every HTML page as text, by its path in ``dist/``. ``jinja_pieces``: write every piece
    with the macros of macros.html.j2 even when :class:`Pieces` would do (for tests)."""
    return {path: "".join([p if p.__class__ is str else "".join(p) for p in parts])
            for path, parts in _page_parts(bank, ctx, jinja_pieces)}


def render(bank: Bank, ctx) -> dict[str, bytes]:
    """The HTML explainers and the index, as UTF-8 bytes by path in ``dist/``."""
    pages: dict[str, bytes] = {}
    handout: tuple[list[str], list[bytes]] = ([], [])  # the last topic's, encoded once
    for path, parts in _page_parts(bank, ctx):
        encoded: list[bytes] = []
        for part in parts:
            if part.__class__ is str:
                encoded.append(part.encode("utf-8"))  # type: ignore[union-attr]
            else:
                if part is not handout[0]:
                    handout = (part, [p.encode("utf-8") for p in part])  # type: ignore[misc]
                encoded += handout[1]
        pages[path] = b"".join(encoded)
    return pages


# --- PDF -------------------------------------------------------------------------------------


def _no_network_fetcher():
    """A URL fetcher that fetches nothing: a handout must not depend on the network."""
    import weasyprint

    if hasattr(weasyprint, "URLFetcher"):
        return weasyprint.URLFetcher(allowed_protocols=())

    def refuse(url: str, *args: object, **kwargs: object):
        raise ValueError(f"quizgen handouts load nothing from outside the file: {url}")

    return refuse


def paper_css(paper: str) -> str:
    if paper not in PAPER_SIZES:
        raise OutputError(f"unknown paper size '{paper}'; use one of: {', '.join(PAPER_SIZES)}")
    return f"@page {{ size: {PAPER_SIZES[paper]}; }}"


def html_to_pdf(html: str, paper: str = "a4"):
    """(document, pdf bytes) for one page of HTML, rendered by WeasyPrint."""
    import weasyprint

    fetcher = _no_network_fetcher()
    stylesheet = weasyprint.CSS(string=paper_css(paper), url_fetcher=fetcher)
    document = weasyprint.HTML(string=html, url_fetcher=fetcher).render(
        stylesheets=[stylesheet])
    identifier = hashlib.sha256(html.encode("utf-8") + paper.encode()).hexdigest()[:32]
    options: dict[str, object] = {"pdf_identifier": identifier.encode("ascii")}
    if "pdf_tags" in getattr(weasyprint, "DEFAULT_OPTIONS", {}):
        options["pdf_tags"] = True  # a tagged PDF: headings, lists and reading order for screen readers
    data = document.write_pdf(**options)
    return document, data


def render_pdf(bank: Bank, ctx) -> dict[str, bytes]:
    """One PDF per student handout and per teacher's copy (needs the ``pdf`` extra)."""
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        raise OutputError(
            "PDF output needs WeasyPrint: pip install 'quizgen[pdf]' (and, for Korean and "
            "Japanese names, the Noto CJK fonts: apt-get install fonts-noto-cjk)"
        ) from None
    except OSError as exc:  # WeasyPrint is installed but its system libraries are not
        raise OutputError(f"WeasyPrint cannot start ({exc}); see "
                          "https://doc.courtbouillon.org/weasyprint/stable/first_steps.html"
                          ) from None
    paper = str(ctx.options.get("paper") or "a4").lower()
    files: dict[str, bytes] = {}
    for path, html in render_pages(bank, ctx).items():
        if not path.startswith(HTML_DIR + "/"):
            continue
        name = path[len(HTML_DIR) + 1:].removesuffix(".html") + ".pdf"
        files[f"{PDF_DIR}/{name}"] = html_to_pdf(html, paper)[1]
    return files
