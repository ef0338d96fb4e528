"""``quizgen suggest``: draft candidate facts from one article, for a person to finish.

It reads the article sentence by sentence and keeps the sentences that state something a
quiz can ask about: figures, dates, places where something happened, agreements (and deaths
or injuries, and quoted words). Each becomes a draft fact: an id, a guessed category, an
empty ``statement`` marked TODO, and one citation whose quote is the sentence (or, for a long
sentence, the clause that holds the detail) copied verbatim. Every quote is proved with
:func:`quizgen.textmatch.locate` before it is printed.

The statement is left empty on purpose: it must be written by a person, in their own words,
saying only what the quote says. Until it is, ``quizgen check`` reports the fact as missing
its statement, so an unfinished draft can never pass. Sentences already cited by a fact in the
bank are left out, so running it again shows what is still unused. It never writes the bank.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from quizgen.bank import QUESTIONS_DIR, SOURCES_DIR, load_project
from quizgen.errors import UsageError, did_you_mean
from quizgen.model import Bank, Source
from quizgen.sources import ID_RE, load_source
from quizgen.support import (
    COMMON_STARTERS,
    MONTHS,
    WEEKDAYS,
    blank_spans,
    dates_in,
    names_in,
    numbers_in,
    spelled_ordinal,
)
from quizgen.textmatch import locate, norm, normalize

AGREEMENT_RE = re.compile(
    r"\b(agree[ds]?|agreement|signed|signs?|signing|pledged?|pledges|proposed?|proposes|"
    r"promised?|vowed?|accord|treaty|pact|deal|memorandum|reaffirmed|committed to|"
    r"adopted|approved|ratified)\b",
    re.IGNORECASE,
)
CASUALTY_RE = re.compile(
    r"\b(killed|killing|dead|died|deaths?|death toll|injured|injuries|wounded|victims?|"
    r"perished|casualties|missing|fatalities|hurt|hospitali[sz]ed)\b",
    re.IGNORECASE,
)
PLACE_RE = re.compile(
    r"\b(met|meeting|meet|summit|talks|held|hosted|visit(?:ed|s)?|took place|ceremony|"
    r"venue|arrived|gathered|opened)\b[^.]*?\b(in|at)\s+(?:the\s+)?[A-Z]",
)
#: a place name after "in" or "at": "in Nara", "at the Todaiji Temple"
IN_PLACE_RE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?([A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*)*)")
DATELINE_RE = re.compile(r"^[A-Z][A-Z .'\-]{2,}(?:,|\s--|\s-\s|\s\u2014)")
SPEECH_RE = re.compile(
    r"\b(said|says|told|stated|added|noted|emphasi[sz]ed|stressed|quoted|asked|described|"
    r"called|warned|urged|insisted|argued|explained|announced|wrote|according to)\b"
)
QUOTED_RE = re.compile(r"[\"\u201c][^\"\u201d]{12,}[\"\u201d]")
WEEKDAY_RE = re.compile(
    r"(?:(?:last|this|next)\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day", re.IGNORECASE
)
MONTH_WORDS = frozenset(MONTHS) | frozenset(WEEKDAYS)
#: a clock time, "8:42 p.m.", "20:15", "9 am": not numbers to ask about
TIME_RE = re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:[ap]\.m\.|[ap]m\b)|\b\d{1,2}:\d{2}\b",
                     re.IGNORECASE)
#: words before a full stop that do not end a sentence
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "st", "gen", "gov", "sen", "rep", "lt", "col", "sgt", "capt",
    "cmdr", "prof", "pres", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "no", "nos", "vs", "inc", "corp", "co", "ltd", "jr", "sr", "mt", "ft",
    "approx", "est", "dept", "univ", "fig", "e.g", "i.e", "etc", "u.s", "u.k", "u.n",
})
_CLOSERS = "\"'\u201d\u2019)\\]\u300d\u300f\uff09"
#: where a sentence may end: . ! ? before white space, or the CJK full stops anywhere
SENTENCE_STOP_RE = re.compile(rf"[.!?]+[{_CLOSERS}]*(?=\s|$)|[\u3002\uff01\uff1f]+[{_CLOSERS}]*")
SENTENCE_END_RE = re.compile(rf"[.!?\u3002\uff01\uff1f][{_CLOSERS}]*\s*$")
MIN_QUOTE = 25
MAX_QUOTE = 320


@dataclass(frozen=True)
class Suggestion:
    """One draft fact: its id, guessed category, the verbatim quote and why it was picked."""

    id: str
    category: str
    quote: str
    line: int
    found: tuple[str, ...] = ()
    question_idea: str | None = None


@dataclass
class SuggestResult:
    source: Source
    suggestions: list[Suggestion] = field(default_factory=list)
    already_cited: int = 0

    def to_yaml(self) -> str:
        return suggestions_yaml(self)


# --- sentences -------------------------------------------------------------------------------


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of ``text``; a blank line always ends one."""
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"\S(?:.|\n(?![ \t]*\n))*", text):
        p_start = para.start()
        chunk = para.group(0)
        start = 0
        for m in SENTENCE_STOP_RE.finditer(chunk):
            end = m.end()
            rest = chunk[end:].lstrip()
            word = re.search(r"([\w.]+)[.!?]*[\"'\u201d\u2019)\]]*$", chunk[start:end])
            before = word.group(1).rstrip(".").casefold() if word else ""
            if chunk[m.start()] == "." and (
                before in ABBREVIATIONS or re.fullmatch(r"[a-z]", before)
                or re.fullmatch(r"(?:[a-z]\.)+[a-z]", before)
            ):
                continue
            if rest and rest[0].islower():  # "e.g. this", "3 p.m. today": not an end
                continue
            spans.append((p_start + start, p_start + end))
            start = end + (len(chunk[end:]) - len(rest))
        if chunk[start:].strip():
            spans.append((p_start + start, p_start + len(chunk.rstrip())))
    return [(s, e) for s, e in spans if e > s]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _clause(text: str, focus: int) -> tuple[int, int]:
    """A span of ``text`` no longer than MAX_QUOTE around offset ``focus``, cut at clause
    boundaries (commas, semicolons, dashes) where it can be."""
    cuts = [0] + [m.end() for m in re.finditer(r"[,;:]\s+|\s--\s|\s\u2014\s", text)] + [len(text)]
    start = max(c for c in cuts if c <= focus)
    later = [c for c in cuts if c > focus]
    end = later[0] if later else len(text)
    for c in later[1:]:
        if c - start > MAX_QUOTE:
            break
        end = c
    if end - start > MAX_QUOTE:  # one enormous clause: cut at a word boundary
        end = start + text[start : start + MAX_QUOTE].rfind(" ")
    return start, end


# --- what a sentence states ------------------------------------------------------------------


@dataclass
class _Features:
    numbers: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    #: a date that names its month (not only a year or a weekday)
    specific_date: bool = False
    names: list[str] = field(default_factory=list)
    agreement: str | None = None
    casualty: str | None = None
    place: bool = False
    places: list[str] = field(default_factory=list)
    quoted: bool = False
    first: int | None = None  # offset of the first detail in the sentence

    def category(self) -> str | None:
        if self.casualty and self.numbers:
            return "casualties"
        if self.agreement:
            return "agreements"
        if self.numbers:
            return "numbers"
        if self.specific_date or self.times:
            return "dates"
        if self.place and (self.places or self.names):
            return "venues"
        if self.dates:
            return "dates"
        if self.quoted:
            return "quotes"
        return None


def features(sentence: str, source: Source) -> _Features:
    f = _Features()
    t = norm(sentence)
    blanked = t
    firsts: list[int] = []
    for d in dates_in(t, source.published_date):
        f.dates.append(d.text)
        firsts.append(d.start)
        if re.search(r"\d{4}-\d\d|[A-Za-z]{3}", d.text) and not WEEKDAY_RE.fullmatch(d.text):
            f.specific_date = True
        blanked = blanked[: d.start] + " " * (d.end - d.start) + blanked[d.end :]
    times = list(TIME_RE.finditer(blanked))
    f.times = [m.group(0) for m in times]
    blanked = blank_spans(blanked, [m.span() for m in times])
    m = CASUALTY_RE.search(t)
    if m:
        f.casualty = m.group(0)
        firsts.append(m.start())
    # figures in digits, then, in a sentence of deaths or injuries, figures in words
    # ("Fourteen people were hurt"); elsewhere those are mostly "the two leaders"
    seen: list[tuple[int, int]] = []
    for n in numbers_in(blanked, words=f.casualty is not None):  # digits, then words
        if any(n.start < e and n.end > s for s, e in seen):
            continue  # "$75 billion" is one figure; "million" after "4.2" is no second one
        if not any(c.isdigit() for c in n.text) and spelled_ordinal(n.text):
            continue  # "the third victim"
        seen.append((n.start, n.end))
        f.numbers.append(n.text)
        firsts.append(n.start)
    # a capitalised word that opens a sentence after a dateline ("NARA -- A bridge") is no name
    f.names = [n.text for n in names_in(t) if n.text.casefold() not in COMMON_STARTERS]
    m = AGREEMENT_RE.search(t)
    if m:
        f.agreement = m.group(0)
        firsts.append(m.start())
    f.place = bool(PLACE_RE.search(t) or DATELINE_RE.match(t))
    f.places = [m.group(1) for m in IN_PLACE_RE.finditer(t)
                if m.group(1).casefold().rstrip(".") not in MONTH_WORDS]
    f.quoted = bool(QUOTED_RE.search(t) and SPEECH_RE.search(t))
    f.first = min(firsts) if firsts else None
    return f


def _question_idea(category: str, f: _Features) -> str | None:
    if category in ("casualties", "numbers") and f.numbers:
        return f"a numeric question whose answer is {f.numbers[0]}"
    if category == "dates" and f.dates:
        return f"a question whose answer is the date ({f.dates[0]})"
    if category == "dates" and f.times:
        return f"a question whose answer is the time ({f.times[0]})"
    if category == "venues" and (f.places or f.names):
        return f"a short_answer question: where? ({' / '.join((f.places or f.names)[:3])})"
    if category == "agreements":
        return "a true_false or multiple_choice question on what was agreed"
    if category == "quotes":
        return "a cloze question on the quoted words"
    return None


# --- the suggestions -------------------------------------------------------------------------


def _cited_spans(bank: Bank | None, source: Source) -> list[tuple[int, int]]:
    if bank is None:
        return []
    src = normalize(source.text)
    spans: list[tuple[int, int]] = []
    for fact in bank.facts:
        for c in (*fact.citations, *fact.disputes):
            if c.source != source.id:
                continue
            loc = locate(c.quote, src)
            if loc is not None:
                spans += list(loc.spans)
    return spans


def _fact_id(source_id: str, n: int, taken: set[str]) -> str:
    prefix = source_id
    if len(prefix) > 24:  # a short prefix keeps ids readable; cut at a word boundary
        cut = prefix.rfind("-", 0, 25)
        prefix = prefix[:cut] if cut > 0 else prefix[:24]
    base = f"{prefix}-s{n}"
    ident, k = base, 2
    while ident in taken:
        ident, k = f"{base}-{k}", k + 1
    taken.add(ident)
    return ident


def suggest_facts(source: Source, bank: Bank | None = None, limit: int | None = None
                  ) -> SuggestResult:
    """Draft facts from ``source``; leaves out sentences a fact in ``bank`` already cites."""
    result = SuggestResult(source)
    src_norm = normalize(source.text)
    cited = _cited_spans(bank, source)
    taken: set[str] = set()
    if bank is not None:
        taken |= {f.id for f in bank.facts} | {q.id for q in bank.questions}
    for n, (start, end) in enumerate(sentences(source.text), start=1):
        raw = source.text[start:end]
        if len(_one_line(raw)) < MIN_QUOTE or not SENTENCE_END_RE.search(raw):
            continue  # headlines, bylines, captions and page lines are not sentences
        f = features(raw, source)
        category = f.category()
        if category is None:
            continue
        if any(s < end and e > start for s, e in cited):
            result.already_cited += 1
            continue
        q_start, q_end = 0, len(raw)
        if len(raw) > MAX_QUOTE:
            focus = len(raw) // 2 if f.first is None else _orig_offset(raw, f.first)
            q_start, q_end = _clause(raw, focus)
        quote = _one_line(raw[q_start:q_end]).strip(" ,;:")
        if len(quote) < MIN_QUOTE:
            continue
        loc = locate(quote, src_norm)
        # the proof: the quote is in the article, at this very sentence
        if loc is None or not (start <= loc.start < end):
            continue
        found = tuple(dict.fromkeys(
            f.numbers[:3] + f.dates[:3] + f.times[:2] + f.places[:2] + f.names[:3]
            + [w for w in (f.agreement, f.casualty) if w]
        ))
        result.suggestions.append(Suggestion(
            id=_fact_id(source.id, n, taken), category=category, quote=quote,
            line=source.line_of(start + q_start), found=found,
            question_idea=_question_idea(category, f),
        ))
        if limit is not None and len(result.suggestions) >= limit:
            break
    return result


def _orig_offset(raw: str, norm_offset: int) -> int:
    n = normalize(raw)
    return n.offsets[min(norm_offset, len(n.offsets) - 1)]


_YAML_UNPRINTABLE = re.compile(
    "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _scalar(text: str) -> str:
    """``text`` as a YAML double-quoted scalar: a JSON string (valid YAML), with the few
    characters YAML will not read raw written as escapes."""
    return _YAML_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}",
                                 json.dumps(text, ensure_ascii=False))


def suggestions_yaml(result: SuggestResult) -> str:
    """The drafts as YAML list items, indented to paste straight under ``facts:``."""
    src = result.source
    path = f"{QUESTIONS_DIR}/{SOURCES_DIR}/{src.id}.md"
    lines = [
        f"# Draft facts from {path} ({_one_line(src.title)}), by quizgen suggest.",
        "# For each one you keep: paste it under 'facts:' in a topic file, write its statement",
        "# in your own words (say only what the quote says), check the category, add questions,",
        "# and run 'quizgen check'. A fact whose statement is still empty fails the check.",
    ]
    if result.already_cited:
        lines.append(f"# {result.already_cited} sentence(s) that facts already cite are left out.")
    if not result.suggestions:
        lines.append("# Nothing more to suggest: every such sentence is cited already."
                     if result.already_cited else
                     "# No sentences with figures, dates, places or agreements were found.")
        lines.append("[]")
        return "\n".join(lines) + "\n"
    for s in result.suggestions:
        lines += [
            f"  - id: {s.id}",
            f"    category: {s.category}"
            + (f"  # found: {', '.join(_one_line(x) for x in s.found)}" if s.found else ""),
            "    statement:  # TODO: write what the quote says, in your own words",
            "    citations:",
            f"      - source: {src.id}",
            f"        quote: {_scalar(s.quote)}  # line {s.line}",
        ]
        if s.question_idea:
            lines.append(f"    # questions: for example {s.question_idea}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def suggest(root: Path, source_id: str, limit: int | None = None) -> SuggestResult:
    """Draft facts from the source ``source_id`` of the bank under ``root``."""
    folder = root / QUESTIONS_DIR / SOURCES_DIR
    if source_id.endswith(".md"):  # a path to the source file works too
        source_id = Path(source_id).stem
    if not ID_RE.match(source_id):
        raise UsageError(f"'{source_id}' is not a source id (ids use a-z, 0-9, '-' and '_')")
    path = folder / f"{source_id}.md"
    if not path.is_file():
        known = sorted(p.stem for p in folder.glob("*.md")) if folder.is_dir() else []
        hint = did_you_mean(source_id, known)
        raise UsageError(
            f"no source '{source_id}' in {QUESTIONS_DIR}/{SOURCES_DIR}/"
            + (f"; {hint}" if hint else "")
            + ("" if known else "; add one with 'quizgen sources add FILE'")
            + ("; 'quizgen sources list' shows them" if known else "")
        )
    source, findings = load_source(path, f"{QUESTIONS_DIR}/{SOURCES_DIR}/{path.name}")
    if source is None:
        from quizgen.errors import FindingsError

        raise FindingsError(findings)
    loaded = load_project(root)
    return suggest_facts(source, loaded.bank, limit)
