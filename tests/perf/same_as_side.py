"""The inputs that hold quizgen to what an earlier revision of it did, and its results on
them as plain data: the findings of the checker, the notes of the Anki renderer and the
answers of the text functions the checker is made of.

``python -P -m tests.perf.same_as_side OUT.json`` writes the results of whichever quizgen
comes first on ``PYTHONPATH``; ``tests/perf/same_as.py`` runs it once with quizgen of a
git revision and once with the current one and compares. ``tests/test_check_same.py`` and
``tests/test_anki_notes.py`` build the same inputs from here and compare the current
results with ``tests/data/same_as.json``.

Everything here uses only what quizgen had at 66c4fc0 (before the speed work) and still
has: ``Checker(bank).run()``, ``collect_notes``, ``NoteSpec.content_hash``, the readers of
``quizgen.support`` and the functions of ``quizgen.textmatch`` and ``quizgen.validate``
named below. Every input is made from fixed seeds, and every result is written relative to
its bank's folder, so the results do not depend on the machine, the temporary folder or
Python's hash seed.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from quizgen import support, textmatch, validate
from quizgen.bank import load_project
from quizgen.model import Bank, Place, Source
from tests import mutate_bank
from tests.conftest import make_project, write_source
from tests.html_bank import TOPIC as HANDOUT_TOPIC
from tests.html_bank import make_handout_project
from tests.perf.make_bank import make_bank
from tests.test_check_fast import NAME_PIECES, PIECES

ROOT = Path(__file__).resolve().parent.parent.parent
RECORDING = ROOT / "tests" / "data" / "same_as.json"


def recorded() -> dict[str, dict[str, object]]:
    """The recording: ``tests/data/same_as.json`` (see ``tests/perf/same_as.py``)."""
    return json.loads(RECORDING.read_text(encoding="utf-8"))


def plain(value: object) -> object:
    """``value`` as JSON data: tuples (mentions among them) as lists, dates as ISO text."""
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)  # "inf", "-inf", "nan": JSON has no such numbers
    return value


# --- findings ---------------------------------------------------------------------------------

def finding_rows(bank: Bank, root: Path) -> list[list[object]]:
    """The checker's findings on ``bank`` as :func:`rows_of`."""
    return rows_of(validate.Checker(bank).run(), root)


def rows_of(findings: list, root: Path) -> list[list[object]]:
    """Findings in their order: place (relative to ``root``), severity, code, message and
    hint of each."""
    rows = []
    for f in findings:
        path = str(f.place.path)
        if Path(path).is_absolute():
            path = Path(path).relative_to(root).as_posix()
        rows.append([path, f.place.line, f.place.col, f.severity, f.code,
                     f.message.replace(str(root), "<root>"),
                     None if f.hint is None else f.hint.replace(str(root), "<root>")])
    return rows


def loaded(root: Path) -> Bank:
    bank = load_project(root).bank
    assert bank is not None, root
    return bank


def mutated_variants(bank: Bank, seed: int, variants: int) -> Iterator[Bank]:
    """``variants`` banks with errors (``tests/mutate_bank.py``), from ``seed``."""
    rng = random.Random(seed)
    for _ in range(variants):
        yield mutate_bank.mutated(bank, rng, rng.randint(1, 8))


#: edits of a topic file, the way an editor makes mistakes (see tests/test_check.py)
EDITS = [
    (r"drew ([\d,]+) people", r"drew 9,\1 people"),  # a number in a statement
    (r' (\d+) (January|March) (\d{4})\."', r' \1 August \3."'),  # a date's month
    (r"(\d) (February|April|June) ", r"2\1 \2 "),  # a date's day
    (r"in ([A-Z][a-z]+) drew", r"in New \1 drew"),  # a name
    (r"answer: (\d+)\n", r"answer: 1\1\n"),  # a numeric answer
    (r'answer: "Anna ([A-Z])', r'answer: "Anne \1'),  # a short answer
    (r'accept: \["([A-Za-z]+)"\]', r'accept: ["\1", "Annex"]'),
    (r'distractors: \["(\d+)", "(\d+)"', r'distractors: ["\1", "\1"'),  # repeated
    (r'answer: "(\d{4})"\n        distractors: \["\d+"', r'answer: "\1"\n        distractors: [" \1"'),
    (r"text: \"\[\[([\d,]+)\]\]", r'text: "\1'),  # a cloze without its deletion
    (r"answer: false\n        explanation: \"[^\"]*\"", "answer: false"),  # no explanation
    (r"quote: \"Officials said", r'quote: "officials said'),  # letter case in a quote
    (r"the largest crowd it has drawn", "the largest crowd it drew"),  # words in a quote
    (r"source: src-0000(\d)", r"source: src-9000\1"),  # an unknown source
    (r"quote: \"The ([a-z]+)", r'quote: "The \1 ... \1'),  # an omission out of order
    (r'statement: "The harvest fair in', 'statement: "The Autumn Show in'),  # another name
    (r'prompt: "How many people attended', r'prompt: "How many of the 1,050 people attended'),
    (r'explanation: "Organisers counted ([\d,]+)', r'explanation: "Organisers counted 1,\1'),
    (r'quote: "A rival count[^"]*"', 'quote: " ... "'),  # an empty quote
    (r'distractors: \["(\d+)", "\d+", "\d+"\]', r'distractors: ["\1"]'),  # too few
]
#: the variant whose only edit is a name its bank declares as another name of the quoted one
ALIASED = "renamed, with an alias"


def edited_banks(tmp: Path) -> Iterator[tuple[str, Path]]:
    """Banks with errors written into their files, as a user's would be: each edit of
    :data:`EDITS` alone and all of them together, on a generated bank with its disputes."""
    clean = tmp / "clean"
    make_bank(120, clean)
    renamed = [e for e in EDITS if "Autumn Show" in e[1]]
    variants = [(f"edit {n}", [e], False) for n, e in enumerate(EDITS)]
    variants += [(ALIASED, renamed, True), ("all edits", EDITS, False),
                 ("all edits, with an alias", EDITS, True)]
    for n, (name, edits, alias) in enumerate(variants):
        root = tmp / f"edited-{n}"
        shutil.copytree(clean, root)
        if alias:  # "the Autumn Show" declared another name for the quoted "harvest fair"
            bank_yaml = root / "questions" / "bank.yaml"
            bank_yaml.write_text(bank_yaml.read_text(encoding="utf-8")
                                 + "  Harvest Fair: [the Autumn Show]\n", encoding="utf-8")
        for topic in sorted((root / "questions").glob("topic-*.yaml")):
            text = topic.read_text(encoding="utf-8")
            for old_text, new_text in edits:
                text = re.sub(old_text, new_text, text, count=2)
            topic.write_text(text, encoding="utf-8")
        yield name, root


def _bundled(tmp: Path) -> Iterator[tuple[str, Bank, Path]]:
    yield "bundled", loaded(ROOT), ROOT


def _generated(tmp: Path) -> Iterator[tuple[str, Bank, Path]]:
    make_bank(600, tmp / "gen600")  # as the fixture ``synthetic`` of tests/conftest.py
    yield "generated 600", loaded(tmp / "gen600"), tmp / "gen600"


def _small(tmp: Path) -> Iterator[tuple[str, Bank, Path]]:
    root = make_project(tmp / "small")
    yield "small", loaded(root), root


def _with_errors(name: str, make: Callable[[Path], Path], seed: int, variants: int
                 ) -> Callable[[Path], Iterator[tuple[str, Bank, Path]]]:
    def group(tmp: Path) -> Iterator[tuple[str, Bank, Path]]:
        root = make(tmp / name)
        bank = loaded(root)
        for i, variant in enumerate(mutated_variants(bank, seed, variants)):
            yield f"{name} {i}", variant, root
    return group


def _generated_bank(n: int) -> Callable[[Path], Path]:
    def make(root: Path) -> Path:
        make_bank(n, root)
        return root
    return make


def _edited(tmp: Path) -> Iterator[tuple[str, Bank, Path]]:
    for name, root in edited_banks(tmp):
        yield name, loaded(root), root


def _in_two_parts(tmp: Path) -> Iterator[tuple[str, Bank, Path]]:
    """The bank ``tests/test_check_same.py`` checks in ``check_bank``'s two halves."""
    make_bank(200, tmp / "big")
    bank = mutate_bank.mutated(loaded(tmp / "big"), random.Random(4), 40)
    yield "generated 200 with 40 errors", bank, tmp / "big"


#: the banks whose findings are compared, by group: each gives (name, bank, its folder)
FINDING_GROUPS: dict[str, Callable[[Path], Iterator[tuple[str, Bank, Path]]]] = {
    "bundled": _bundled,
    "generated": _generated,
    "small": _small,
    "bundled with errors": _with_errors("bundled", lambda root: ROOT, seed=1, variants=120),
    # small, so that each variant's changes are many for its size
    "generated with errors": _with_errors("gen60", _generated_bank(60), seed=2, variants=200),
    "small with errors": _with_errors("small", make_project, seed=3, variants=300),
    "edited files": _edited,
    "in two parts": _in_two_parts,
}


def findings_of(group: str, tmp: Path) -> dict[str, list[list[object]]]:
    return {name: finding_rows(bank, root) for name, bank, root in FINDING_GROUPS[group](tmp)}


# --- Anki notes -------------------------------------------------------------------------------

#: a topic whose text needs every kind of escaping, with facts of several questions each
AWKWARD = """\
title: "Braces {{ and }} & <tags> 'quoted' \\"twice\\""
intro: "Line one\\nline two"
facts:
  - id: fact-a
    category: numbers
    statement: "The mine flood killed 183 people."
    citations:
      - source: wire
        quote: "where a flood in\\n1942 killed 183 people"
      - source: other
        quote: "183 individuals ... from the Chosei undersea coal mine"
      - source: nopub
        quote: "A <b>bold</b> & {{odd}} claim: 183 died"
    disputes:
      - source: other
        quote: "who perished in a 1942 flood"
        note: "It says <perished>, & {{not}} 'killed'"
    questions:
      - id: "q-a1 <x>"
        type: basic
        prompt: "How many died? {{c1::no}}"
        answer: "183 & more"
        explanation: "Line one\\r\\nline <two>"
      - id: q-a2
        type: numeric
        prompt: How many people died in the 1942 flood?
        answer: 183
        unit: people
      - id: q-a3
        type: short_answer
        prompt: Which mine flooded?
        answer: "Chosei"
        accept: ["the Chosei mine", "Chosei {undersea}"]
      - id: q-a4
        type: multiple_choice
        prompt: "In which year? <pick>"
        answer: "1942"
        distractors: ["1945", "1965 & later", "{1910}"]
      - id: q-a5
        type: true_false
        prompt: "The flood killed 183 people: it's 'true'"
        answer: true
      - id: q-a6
        type: cloze
        text: "A flood in [[1942]] killed [[183 {people}]] at the mine: [[a:b]]."
        explanation: "From the wire report."
  - id: fact-b
    category: quotes
    statement: A fact without questions.
    citations:
      - source: wire
        quote: "The meeting lasted about an hour and a half"
"""


def awkward_project(root: Path) -> Path:
    make_project(root, topic=AWKWARD)
    write_source(root, "nopub", "Intro. A <b>bold</b> & {{odd}} claim: 183 died, it said.",
                 publisher=None)
    return root


def note_banks(tmp: Path) -> dict[str, Path]:
    """The banks whose Anki notes are compared, by name."""
    make_bank(263, tmp / "gen")  # three topics, every question type, disputes
    return {
        "bundled": ROOT,
        "generated": tmp / "gen",
        "handout": make_handout_project(tmp / "handout", HANDOUT_TOPIC),
        "awkward": awkward_project(tmp / "awkward"),
    }


def note_rows(notes: list, hashes: list[str] | None = None, whole: bool = True
              ) -> list[list[object]]:
    """Each note as question id, GUID, note type, topic id and content hash, and with
    ``whole`` its fields and tags too."""
    if hashes is None:
        hashes = [spec.content_hash() for spec in notes]
    rows = []
    for spec, digest in zip(notes, hashes, strict=True):
        row = [spec.question_id, spec.guid, spec.kind.key, spec.topic.id, digest]
        if whole:
            row += [list(spec.fields), list(spec.tags)]
        rows.append(row)
    return rows


def notes_of(root: Path) -> list[list[object]]:
    from quizgen.render.anki import collect_notes

    return note_rows(collect_notes(loaded(root)))


# --- the text functions, on random input ------------------------------------------------------

def _source(text: str, published: date | None) -> Source:
    return Source(id="x", title="t", publisher=None, byline=None, published=published,
                  url=None, origin=None, sha256="", text=text, place=Place("x.md"))


def evidence_of(quote: str, published: date | None = None) -> validate.Evidence:
    """What the checker knows from one quote that is the whole of its source's text."""
    ev = validate.Evidence()
    ev.add(_source(quote, published), textmatch.Location(((0, len(quote)),)))
    return ev


def random_words(rng: random.Random, words: int = 10) -> str:
    return " ".join(rng.choice(mutate_bank.TOKENS) for _ in range(rng.randint(0, words)))


def random_aliases(rng: random.Random) -> dict[str, tuple[str, ...]]:
    names = ["Nara", "NARA", "the wire", "Bench Wire", "Korea", "K\u00f6rea", "\u212aorea", "",
             " ", "Lee", "Lee Jae Myung", "183", "-x", "ab", "(", "Tuesday", "January 2026"]
    return {rng.choice(names): tuple(rng.sample(names, rng.randint(0, 3)))
            for _ in range(rng.randint(0, 3))}


Rows = Iterator[list[object]]  # [input, output] pairs of one group of calls


def details_and_answers() -> Rows:
    """Quotes, texts and aliases at random: what an Evidence holds, which aliases its quote
    holds, the details of a text it does not support and whether it supports an answer."""
    rng = random.Random(5)
    for _ in range(1500):
        quote = random_words(rng, 20) or "x"
        published = rng.choice([None, date(2026, 1, 13)])
        aliases = random_aliases(rng)
        ev = evidence_of(quote, published)
        texts = []
        for _ in range(3):
            text = random_words(rng)
            answer = random_words(rng, 3)
            texts.append([text, validate.unsupported_details(text, ev, aliases),
                          answer, validate.text_answer_supported(answer, ev, aliases)])
        yield plain([[quote, published, aliases],
                     [ev.text, ev.numbers, ev.dates, ev.quoted_aliases(aliases), texts]])


NUMBERS = [0.0, -0.0, 1.0, 183.0, 1942.0, 1e9, 75e9, 0.1 + 0.2, 0.3, 1e-12, math.inf,
           -math.inf, float("9" * 400), 1e308, 183.0000000001, 183.000001]


def numbers_found() -> Rows:
    """``Evidence.has_number`` for equal, near-equal, huge and infinite numbers."""
    rng = random.Random(6)
    for _ in range(20000):
        numbers = rng.sample(NUMBERS, rng.randint(0, 6))
        value = rng.choice([*NUMBERS, math.nan, 2.0, 184.0])
        yield plain([[numbers, value], validate.Evidence("", list(numbers)).has_number(value)])


def blank_spans(rng: random.Random) -> tuple[str, list[tuple[int, int]]]:
    text = "".join(rng.choice("ab \u00e9-") for _ in range(rng.randint(0, 20)))
    spans = []
    for _ in range(rng.randint(0, 4)):
        a = rng.randint(0, len(text))
        spans.append((a, rng.randint(a, len(text))))
    return text, spans


def blanking() -> Rows:
    rng = random.Random(7)
    for _ in range(50000):
        text, spans = blank_spans(rng)
        yield plain([[text, spans], validate._blank_all(text, spans)])


PHRASE_WORDS = ["Lee", "lee", "Jae", "Myung", "Nara", "NARA", "K\u00f6rea", "\u212aorea", "_x",
                "x_", "183", "a.b", "\uc774\uc7ac\uba85", "  ", "\n", "-", "'s", "the", "wire"]


def phrase_inputs() -> Iterator[tuple[str, str, str]]:
    """(text, phrase, quote): a phrase to look for in the text, and a quote to locate."""
    rng = random.Random(8)
    for _ in range(20000):
        hay = " ".join(rng.choice(PHRASE_WORDS) for _ in range(rng.randint(0, 10)))
        phrase = " ".join(rng.choice(PHRASE_WORDS) for _ in range(rng.randint(1, 3)))
        yield hay, phrase, rng.choice([phrase, phrase + "...", "\u2026", ""])


def phrases() -> Rows:
    """``contains_phrase`` and ``locate_exact``."""
    for hay, phrase, quote in phrase_inputs():
        found = textmatch.locate_exact(quote, hay)
        yield plain([[hay, phrase, quote],
                     [textmatch.contains_phrase(hay, phrase), found and found.spans]])


NORM_PIECES = ["a", "Z", "1", " ", "  ", "-", "--", "`", ".", ",", "_", "~", "!", "\t", "\n",
               "\x7f", "\x00", "\u00e9", "\u2014", "\u00a0", "'", '"']


def norm_inputs() -> Iterator[str]:
    rng = random.Random(9)
    for _ in range(100000):
        yield "".join(rng.choice(NORM_PIECES) for _ in range(rng.randint(0, 6)))


def normal_texts() -> Rows:
    for text in norm_inputs():
        yield [text, textmatch.norm(text)]


#: pieces of text that the date, number and name patterns turn on, with the characters
#: that fold to ASCII letters, digits of other scripts, hyphens and full stops
MORE_PIECES = ["of", "year", "this year", "last year", "next year", "early", "late", "mid",
               "mid-", "Sept.", "Dec.", "MAY", "May.", "1st", "2nd", "3rd", "13th", "5", "31",
               "32", "12.5", "$75", "bn", "m", "thousand", "Thousand", "2026-13-01", "1999",
               "2099", "0", "00", "1,00", "1,000,000", "20", "Friday", "friday", "Sunday.",
               "Monday's", "o'clock", "\u0661\u0669\u0664\u0662", "\u0968", "\u2019s",
               "Stra\u00dfe", "\u00c5land", "\u212a", "K", "Anna", "Vackberg", "President",
               "The", "On", "it", "?", "!", ":", ";", '"', "[", "\t", "\u00a0", "  "]
ALL_PIECES = PIECES + NAME_PIECES + MORE_PIECES
SEPARATORS = ["", " ", " ", " ", "-", ", ", ". ", ".", ",", "\n"]
REFS = [None, date(2026, 1, 13), date(2025, 12, 30), date(2026, 3, 1), date(2024, 2, 29)]


def reading(text: str, refs: list[date | None]) -> list[object]:
    """Every reading of ``text`` by the readers of :mod:`quizgen.support`: its dates (for
    each reference date), numbers (with and without number words), weekdays, names and
    whether it names a date itself."""
    return [[support.dates_in(text, ref) for ref in refs],
            [support.numbers_in(text, words=words) for words in (True, False)],
            support.weekdays_in(text), support.names_in(text),
            support.explicit_date.__wrapped__(text)]


def random_texts(seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(8000):
        text = "".join(rng.choice(ALL_PIECES) + rng.choice(SEPARATORS)
                       for _ in range(rng.randint(0, 14)))
        if rng.random() < 0.3:
            text = text.encode("ascii", "ignore").decode()
        yield text, [rng.choice(REFS)]


def overlapping_dates() -> Iterator[tuple[str, list[date | None]]]:
    """Texts where several date patterns match, overlapping: each keeps its priority."""
    words = ["January", "13", "February", "2026", "Jan.", "last", "next", "Tuesday", "this",
             "year", "May", "may", "2026-01-13", "1st", "of", "mid-", "June", "5", "1942"]
    for text in ["January 13 February 2026", "13 January 2026 February", "May 2026-01-13",
                 "last January 13", "next Tuesday 13 May", "June 5 of 1942", "mid- June 5th"]:
        yield text, REFS
    rng = random.Random(7)
    for _ in range(10000):
        yield " ".join(rng.choice(words) for _ in range(rng.randint(1, 7))), [rng.choice(REFS)]


def bank_texts(bank: Bank) -> Iterator[tuple[str, list[date | None]]]:
    """Every text of a bank that the checker reads (statements, prompts, answers, accepted
    answers, distractors, explanations, quotes, notes, articles), each once, in the bank's
    order, with every publication date of its sources."""
    refs = [None, *sorted({s.published_date for s in bank.sources.values()} - {None})]
    texts: dict[str, None] = {}
    for topic in bank.topics:
        for fact in topic.facts:
            texts[fact.statement] = None
            for c in (*fact.citations, *fact.disputes):
                texts[c.quote] = None
                texts[c.note or ""] = None
            for q in fact.questions:
                for text in (q.prompt, str(q.answer), q.explanation, *q.accept, *q.distractors):
                    texts[text] = None
    for source in bank.sources.values():
        texts[source.text] = None
    for text in texts:
        yield text, refs


def readings(inputs: Callable[[Path], Iterator[tuple[str, list[date | None]]]]
             ) -> Callable[[Path], Rows]:
    def rows(tmp: Path) -> Rows:
        for text, refs in inputs(tmp):
            yield plain([[text, refs], reading(text, refs)])
    return rows


def _generated_texts(tmp: Path) -> Iterator[tuple[str, list[date | None]]]:
    make_bank(600, tmp / "gen600")
    return bank_texts(loaded(tmp / "gen600"))


#: groups of calls on deterministic input: each gives [input, output] rows (the folder is
#: for the banks a group makes)
CALL_GROUPS: dict[str, Callable[[Path], Rows]] = {
    "details and answers": lambda tmp: details_and_answers(),
    "has_number": lambda tmp: numbers_found(),
    "_blank_all": lambda tmp: blanking(),
    "contains_phrase, locate_exact": lambda tmp: phrases(),
    "norm": lambda tmp: normal_texts(),
    "reading random texts 1": readings(lambda tmp: random_texts(1)),
    "reading random texts 2": readings(lambda tmp: random_texts(2)),
    "reading random texts 3": readings(lambda tmp: random_texts(3)),
    "reading overlapping dates": readings(lambda tmp: overlapping_dates()),
    "reading the bundled bank": readings(lambda tmp: bank_texts(loaded(ROOT))),
    "reading a generated bank": readings(_generated_texts),
}


def calls_of(group: str, tmp: Path) -> list[list[object]]:
    return list(CALL_GROUPS[group](tmp))


def digest(rows: list[list[object]]) -> str:
    """A hash of a group's rows, for the recording (the rows themselves are too many)."""
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


# --- all of it --------------------------------------------------------------------------------

def results(tmp: Path) -> dict[str, dict[str, object]]:
    """Every result compared: findings by group and bank, notes by bank, calls by group."""
    out: dict[str, dict[str, object]] = {"findings": {}, "notes": {}, "calls": {}}
    for group in FINDING_GROUPS:
        out["findings"][group] = findings_of(group, tmp / "findings" / group.replace(" ", "-"))
    for name, root in note_banks(tmp / "notes").items():
        out["notes"][name] = notes_of(root)
    for group in CALL_GROUPS:
        out["calls"][group] = calls_of(group, tmp / "calls" / group.replace(" ", "-"))
    return out


def recording(found: dict[str, dict[str, object]]) -> dict[str, dict[str, object]]:
    """What ``tests/data/same_as.json`` keeps of ``found``: the findings whole, each note
    without its fields and tags (its content hash covers them), each group of calls as its
    count and :func:`digest`."""
    return {
        "findings": found["findings"],
        "notes": {name: [row[:5] for row in rows] for name, rows in found["notes"].items()},
        "calls": {group: {"count": len(rows), "sha256": digest(rows)}
                  for group, rows in found["calls"].items()},
    }


def mutated_bank(root: Path, variants: int, seed: int) -> dict[str, dict[str, object]]:
    """Findings only, on ``variants`` mutated copies of the bank in ``root``."""
    bank = loaded(root)
    rows = {f"variant {i}": finding_rows(variant, root)
            for i, variant in enumerate(mutated_variants(bank, seed, variants))}
    return {"findings": {f"{root.name} with errors": rows}, "notes": {}, "calls": {}}


def main(argv: list[str] | None = None) -> int:
    """``OUT.json`` alone: every result; ``OUT.json DIR VARIANTS SEED``: the findings on
    VARIANTS mutated copies of the bank in DIR."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0])
    if len(args) > 1:
        found = mutated_bank(Path(args[1]), int(args[2]), int(args[3]))
    else:
        with tempfile.TemporaryDirectory(prefix="quizgen-same-as-") as tmp:
            found = results(Path(tmp))
    import quizgen

    found["quizgen"] = str(Path(quizgen.__file__).resolve().parent)  # type: ignore[assignment]
    out.write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
