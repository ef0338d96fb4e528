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
images, so a handout emailed as one file prints the same. Every piece of bank text goes through
jinja2's autoescaping; runs of Korean and Japanese script are wrapped in ``<span lang>`` so they
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
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup, escape

from quizgen.errors import OutputError
from quizgen.model import Bank, Citation, Fact, Question, Source, Topic, cloze_deletions
from quizgen.render import jinja_env, printed_quote, read_template_file

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


@dataclass
class Article:
    """One article the handout quotes, lettered A, B, C… in the order first quoted."""

    letter: str
    source: Source

    @property
    def anchor(self) -> str:
        return f"article-{self.letter}"


@dataclass
class Note:
    """One numbered entry of the sources list: a quote from one article."""

    number: int
    source: Source
    quote: str
    article: Article

    @property
    def anchor(self) -> str:
        return f"note-{self.number}"


@dataclass
class FactView:
    fact: Fact
    notes: list[Note]
    single_source: bool
    disputed: bool


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

    @property
    def anchor(self) -> str:
        return f"differ-{self.fact.id}"


@dataclass
class Option:
    letter: str
    text: str
    correct: bool


@dataclass
class QuestionView:
    number: int
    question: Question
    fact: FactView
    instruction: str
    options: list[Option] = field(default_factory=list)
    #: cloze text as pieces: ("text", str) or ("blank", number)
    cloze: list[tuple[str, object]] = field(default_factory=list)
    lines: int = 0

    @property
    def anchor(self) -> str:
        """``q-<id>``; its start and end marks are ``q-<id>.start`` and ``q-<id>.end`` (a dot
        never occurs in a bank id, so no two anchors can collide)."""
        return f"q-{self.question.id}"

    @property
    def correct_option(self) -> Option | None:
        return next((o for o in self.options if o.correct), None)

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


def _letter(index: int) -> str:
    """A, B, … Z, AA, AB, …"""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def _option_order(q: Question) -> list[str]:
    """The options of a multiple-choice question in a fixed order that depends on the question
    id, not on where the author put the answer (the answer is listed first in the bank)."""
    options = [str(q.answer), *q.distractors]
    return sorted(options, key=lambda o: hashlib.sha256(f"{q.id}\0{o}".encode()).hexdigest())


def _cloze_pieces(text: str) -> list[tuple[str, object]]:
    parts: list[tuple[str, object]] = []
    last = 0
    matches = list(re.finditer(r"\[\[(.+?)\]\]", text))
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
    texts: list[str] = []
    groups: dict[str, tuple[str, ...]] = {}
    for fact in topic.facts:
        texts.append(fact.statement)
        for q in fact.questions:
            texts += [q.prompt, str(q.answer), q.explanation, *q.distractors, *q.accept]
        for name, others in bank.aliases_for(fact).items():
            groups.setdefault(name, others)
    blob = "\n".join(texts).casefold()
    out = []
    for name, others in groups.items():
        if any(_mentions(blob, n) for n in (name, *others)):
            out.append(NameView(name, others))
    return out


def _mentions(blob: str, name: str) -> bool:
    n = name.strip().casefold()
    if not n:
        return False
    return re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", blob) is not None


def topic_view(bank: Bank, topic: Topic) -> TopicView:
    notes: list[Note] = []
    by_key: dict[tuple[str, str], Note] = {}
    articles: dict[str, Article] = {}

    def note(c: Citation) -> Note:
        key = (c.source, c.quote)
        if key not in by_key:
            source = bank.sources[c.source]
            if source.id not in articles:
                articles[source.id] = Article(_letter(len(articles)), source)
            by_key[key] = Note(len(notes) + 1, source, printed_quote(bank, c),
                              articles[source.id])
            notes.append(by_key[key])
        return by_key[key]

    # sections in the order each category first appears; facts keep their order within
    order: list[str] = []
    for fact in topic.facts:
        if fact.category not in order:
            order.append(fact.category)
    views: dict[str, FactView] = {}
    sections = []
    for category in order:
        facts = []
        for fact in topic.facts:
            if fact.category != category:
                continue
            view = FactView(fact, [note(c) for c in fact.citations],
                            len(bank.origins_of(fact)) == 1,
                            bool(fact.disputes))
            views[fact.id] = view
            facts.append(view)
        sections.append(Section(category, CATEGORY_HEADINGS.get(category, category.title()),
                                facts))
    disputes = []
    for section in sections:
        for fv in section.facts:
            if fv.fact.disputes:
                disputes.append(DisputeView(
                    fv.fact, fv.notes,
                    [(note(c), c.note or "") for c in fv.fact.disputes]))
    questions = []
    key_groups: list[tuple[FactView, list[QuestionView]]] = []
    number = 0
    for fact in topic.facts:
        if fact.questions:
            key_groups.append((views[fact.id], []))
        for q in fact.questions:
            number += 1
            qv = QuestionView(number, q, views[fact.id], INSTRUCTIONS.get(q.type, ""),
                              lines=ANSWER_LINES.get(q.type, 2))
            if q.type == "multiple_choice":
                for i, text in enumerate(_option_order(q)):
                    qv.options.append(Option("ABCDEFGHIJ"[i] if i < 10 else str(i + 1), text,
                                             text == str(q.answer)))
            elif q.type == "cloze":
                qv.cloze = _cloze_pieces(q.prompt)
                if len(qv.blanks) > 1:
                    qv.instruction = "Fill in the blanks."
            questions.append(qv)
            key_groups[-1][1].append(qv)
    dates = [n.source.published_date for n in notes if n.source.published_date]
    return TopicView(
        topic=topic, sections=sections, disputes=disputes, notes=notes,
        articles=list(articles.values()), questions=questions,
        names=_names(bank, topic), key_groups=key_groups,
        single_source_count=sum(1 for v in views.values() if v.single_source),
        article_count=len(articles),
        first_date=min(dates) if dates else None,
        last_date=max(dates) if dates else None,
    )


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


#: what would make a page load something from outside itself: @import, or url() that is not
#: a data: URL
_CSS_FETCH = re.compile(r"@import|url\(\s*(?![\"']?\s*data:)", re.IGNORECASE)


def _css(root: Path) -> Markup:
    css = read_template_file(root, CSS_FILE)
    if "</" in css:
        raise OutputError(f"templates/{CSS_FILE} must not contain '</' (it is inlined into "
                          "each page inside <style>); remove it")
    fetch = _CSS_FETCH.search(re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL))
    if fetch:
        raise OutputError(
            f"templates/{CSS_FILE} uses '{fetch.group(0).strip()}': a handout must print "
            "the same when emailed as one file, so it loads nothing from elsewhere. Use fonts "
            "installed on the computer (font-family) and no @import or url(), or a data: URL")
    return Markup(css)


def _env(bank: Bank, root: Path):
    # an overlay with its own cache: the filters below belong to this bank only
    env = jinja_env(root).overlay(cache_size=16)
    env.filters["t"] = lambda text: mark_cjk(text, bank.language or "en")
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


def render_pages(bank: Bank, ctx) -> dict[str, str]:
    """Every HTML page as text, by its path in ``dist/``."""
    root = Path(ctx.root)
    env = _env(bank, root)
    css = _css(root)
    created = _iso(ctx.source_date_epoch) if ctx.source_date_epoch is not None else None
    common = {"bank": bank, "css": css, "created": created, "lang": bank.language or "en",
              "categories": CATEGORY_HEADINGS}
    handout = env.get_template("handout.html.j2")
    handout_body = env.get_template("handout-body.html.j2")
    pages: dict[str, str] = {}
    views = []
    for topic in bank.topics:
        view = topic_view(bank, topic)
        views.append(view)
        # the handout itself is the same on both copies: rendered once
        body = Markup(handout_body.render(view=view, topic=topic, **common))
        for key in (False, True):
            pages[f"{HTML_DIR}/{_topic_href(topic, key)}"] = handout.render(
                view=view, topic=topic, key=key, body=body, **common)
    pages[INDEX] = env.get_template("index.html.j2").render(
        views=views, html_dir=HTML_DIR, pdf_dir=PDF_DIR if ctx.options.get("pdf") else None,
        decks=deck_files(bank), **common)
    return pages


def render(bank: Bank, ctx) -> dict[str, bytes]:
    """The HTML explainers and the index, as UTF-8 bytes by path in ``dist/``."""
    return {path: text.encode("utf-8") for path, text in render_pages(bank, ctx).items()}


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
