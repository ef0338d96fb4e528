"""The checker as it was before it was made faster (commit 66c4fc0), kept word for word
but for its imports: the reference that tests/test_check_same.py holds the checker to. Not
used by quizgen itself. Its text-matching helpers come from tests/_old_textmatch.py, the
copy of quizgen/textmatch.py of the same commit."""


from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from quizgen.errors import Finding, did_you_mean
from quizgen.model import Bank, Citation, Fact, Place, Question, Source, cloze_deletions
from quizgen.support import (
    Mention,
    date_supported,
    dates_in,
    explicit_date,
    name_supported,
    names_in,
    numbers_in,
    same_number,
    weekdays_in,
    words_supported,
)
from tests._old_textmatch import (
    Location,
    closest_passage,
    contains_phrase,
    locate,
    locate_exact,
    norm,
    normalize_cached,
)


@dataclass
class Evidence:
    """What a set of located quotes says: their text, numbers and dates."""

    text: str = ""
    numbers: list[float] = field(default_factory=list)
    dates: list[Mention] = field(default_factory=list)
    #: quoted_aliases' answers for the text as it is
    _quoted: dict[tuple[tuple[str, ...], ...], list[list[str]]] = field(
        default_factory=dict, repr=False, compare=False)

    def add(self, source: Source, location: Location) -> None:
        for start, end in location.spans:
            piece = norm(source.text[start:end])
            numbers, dates = _piece_reading(piece, source.published_date)
            self.text += piece + "\n"
            self.numbers += numbers
            self.dates += dates
        self._quoted.clear()

    def quoted_aliases(self, aliases: dict[str, tuple[str, ...]]) -> list[list[str]]:
        """The alias groups (a name and its other names) of which the quotes hold some name.

        Remembered: the checker asks it for every text of a fact, with the same aliases.
        """
        key = tuple((k, *v) for k, v in aliases.items())
        found = self._quoted.get(key)
        if found is None:
            found = [list(group) for group in key
                     if any(contains_phrase(self.text, g) for g in group)]
            self._quoted[key] = found
        return found

    def has_number(self, value: float) -> bool:
        return any(same_number(value, n) for n in self.numbers)

    def merged(self, other: Evidence) -> Evidence:
        return Evidence(self.text + other.text, self.numbers + other.numbers,
                        self.dates + other.dates)


@lru_cache(maxsize=8192)
def _piece_reading(piece: str, published: date | None) -> tuple[list[float], list[Mention]]:
    """The numbers and dates a quote piece states: its numbers, then each date's year, month
    and day as numbers too (``in 1942`` supports the number 1942). Cached: a bank quotes the
    same words for several facts. Callers must not change the lists."""
    numbers = [m.value for m in numbers_in(piece) if m.value is not None]
    dates = dates_in(piece, published)
    for d in dates:
        numbers += [float(x) for x in d.date or () if x is not None]
    return numbers, dates


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _blank_all(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with every span replaced by as many spaces (so later offsets stay the same)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


@dataclass(frozen=True)
class _Details:
    """The details of a text that quotes must support, in the order they are reported.

    Dates are read first and blanked out, then numbers (so the day and year of a date are not
    numbers of their own), then weekdays and names in what is left.
    """

    dates: list[Mention]
    #: the mentions of each number, one list per place (``$75 billion`` is 75 and 75e9)
    numbers: list[list[Mention]]
    #: (weekday, the word as written)
    weekdays: list[tuple[int, str]]
    names: list[Mention]


@lru_cache(maxsize=8192)
def _details_in(t: str) -> _Details:
    """The details of normalised text ``t``; a pure function of ``t``, so it is cached (a bank
    repeats explanations, answers and prompts). Callers must not change the lists."""
    dates = dates_in(t)
    if dates:
        t = _blank_all(t, [(d.start, d.end) for d in dates])
    groups: dict[tuple[int, int], list[Mention]] = {}
    for m in numbers_in(t, words=False):
        groups.setdefault((m.start, m.end), []).append(m)
    if groups:
        t = _blank_all(t, groups)
    return _Details(dates, list(groups.values()), weekdays_in(t), names_in(t))


def unsupported_details(text: str, evidence: Evidence,
                        aliases: dict[str, tuple[str, ...]]) -> list[str]:
    """The numbers, dates and names in ``text`` that ``evidence`` does not contain."""
    t = norm(text)
    for group in evidence.quoted_aliases(aliases) if aliases else ():
        for g in sorted(group, key=len, reverse=True):
            gn = norm(g).strip()
            if not gn:
                continue
            if t.isascii() and gn.isascii() and gn.lower() not in t.lower():
                continue  # in ASCII, what the pattern finds contains ``gn`` in some case
            for m in re.finditer(r"(?<!\w)" + re.escape(gn) + r"(?!\w)", t, re.IGNORECASE):
                t = _blank(t, m.start(), m.end())
    found = _details_in(t)
    missing: list[str] = []
    for d in found.dates:
        want = d.date or (None, None, None)
        if want[1] is None and want[0] is not None:
            ok = evidence.has_number(float(want[0]))
        else:
            ok = date_supported(want, evidence.dates)
        if not ok:
            missing.append(d.text)
    for ms in found.numbers:
        if not any(m.value is not None and evidence.has_number(m.value) for m in ms):
            missing.append(ms[0].text)
    for weekday, word in found.weekdays:
        if not _weekday_supported(weekday, word, evidence):
            missing.append(word)
    for n in found.names:
        if name_supported(n.text, evidence.text):
            continue
        rest = n.text.split(None, 1)
        if n.initial and len(rest) == 2 and name_supported(rest[1], evidence.text):
            continue  # "Besides Gyeongju": the opener is an ordinary word
        missing.append(n.text)
    return missing


def _weekday_supported(weekday: int, word: str, evidence: Evidence) -> bool:
    """A weekday is supported by the word itself or by a quoted date on that weekday."""
    import datetime

    if contains_phrase(evidence.text, word):
        return True
    for d in evidence.dates:
        y, mo, day = d.date or (None, None, None)
        if y and mo and day:
            try:
                if datetime.date(y, mo, day).weekday() == weekday:
                    return True
            except ValueError:
                continue
    return False


def _strip_article(text: str) -> str:
    return re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)


def text_answer_supported(answer: str, evidence: Evidence,
                          aliases: dict[str, tuple[str, ...]]) -> bool:
    a = norm(answer).strip().rstrip(".")
    if not a:
        return False
    d = explicit_date(a)
    if d is not None:
        return date_supported(d, evidence.dates)
    groups: dict[tuple[int, int], list[Mention]] = {}
    for m in numbers_in(a):
        groups.setdefault((m.start, m.end), []).append(m)
    if groups:
        return all(any(m.value is not None and evidence.has_number(m.value) for m in ms)
                   for ms in groups.values())
    if contains_phrase(evidence.text, _strip_article(a)):
        return True
    for key, forms in aliases.items():
        group = [key, *forms]
        if any(norm(g).strip().casefold() == a.casefold() for g in group) and any(
            contains_phrase(evidence.text, g) for g in group
        ):
            return True
    return not words_supported(a, evidence.text)


def answer_supported(q: Question, evidence: Evidence, aliases: dict[str, tuple[str, ...]]) -> bool:
    if q.type == "numeric":
        return isinstance(q.answer, (int, float)) and evidence.has_number(float(q.answer))
    if q.type == "true_false":
        return True
    if q.type == "cloze":
        dels = cloze_deletions(q.prompt)
        return bool(dels) and all(text_answer_supported(d, evidence, aliases) for d in dels)
    return text_answer_supported(str(q.answer), evidence, aliases)


def _same(a: str, b: str) -> bool:
    return norm(a).strip().casefold() == norm(b).strip().casefold()


class Checker:
    def __init__(self, bank: Bank):
        self.bank = bank
        self.findings: list[Finding] = []
        self.cited: set[str] = set()

    def add(self, place: Place, code: str, message: str, hint: str | None = None,
            severity: str = "error") -> None:
        self.findings.append(Finding(place, code, severity, message, hint))  # type: ignore[arg-type]

    def locate(self, c: Citation) -> tuple[Source, Location] | None:
        source = self.bank.sources.get(c.source)
        if source is None:
            self.add(c.source_place or c.place, "QG100", f"unknown source '{c.source}'",
                     did_you_mean(c.source, self.bank.sources)
                     or "add the article with 'quizgen sources add FILE'; "
                     "'quizgen sources list' shows the sources there are")
            return None
        self.cited.add(source.id)
        if not norm(c.quote).replace(".", "").strip():
            self.add(c.place, "QG102", "the quote is empty",
                     "copy the words that state the fact from the article")
            return None
        loc = locate_exact(c.quote, source.text)  # most quotes: no need to normalise the article
        if loc is None:
            src_norm = normalize_cached(source.text)
            loc = locate(c.quote, src_norm)
        if loc is None:
            miss = closest_passage(c.quote, src_norm)
            hint = None
            if miss is not None:
                line = source.line_of(miss.start)
                why = f" ({miss.reason})" if miss.reason else ""
                hint = (f"closest passage{why}, {source.place.path}:{line}: "
                        f"\"{' '.join(miss.passage.split())}\"")
            self.add(c.place, "QG101",
                     f"quote not found in source '{source.id}'; quotes must be verbatim", hint)
            return None
        return source, loc

    def check_fact(self, fact: Fact) -> None:
        aliases = self.bank.aliases_for(fact)
        main, disputed = Evidence(), Evidence()
        complete = True
        for c in fact.citations:
            found = self.locate(c)
            if found is None:
                complete = False
                continue
            main.add(*found)
        for c in fact.disputes:
            found = self.locate(c)
            if found is None:
                complete = False
                continue
            disputed.add(*found)
        if not complete or not fact.citations:
            return  # support cannot be judged on quotes that are not there
        origins = self.bank.origins_of(fact)
        if len(origins) == 1:
            self.add(fact.place_of("citations"), "QG300",
                     f"fact '{fact.id}' rests on a single origin ({next(iter(origins))})",
                     "cite another article that states it, if one does; otherwise this is "
                     "reported and marked as single-source in the outputs", severity="warning")
        everything = main.merged(disputed)
        self.details(fact.statement, main, aliases, fact.place_of("statement"), "statement")
        for q in fact.questions:
            self.check_question(q, fact, main, everything, aliases)

    def details(self, text: str, evidence: Evidence, aliases: dict[str, tuple[str, ...]],
                place: Place, what: str) -> None:
        if not text:
            return
        for detail in unsupported_details(text, evidence, aliases):
            self.add(place, "QG120",
                     f"'{detail}' in the {what} does not appear in the fact's quotes",
                     "state only what the quotes say, add a quote that says it, or declare an "
                     "alias if it is another name for something quoted")

    def check_question(self, q: Question, fact: Fact, main: Evidence, everything: Evidence,
                       aliases: dict[str, tuple[str, ...]]) -> None:
        if q.type == "multiple_choice":
            if len(q.distractors) < 2:
                self.add(q.place_of("distractors"), "QG202",
                         f"multiple-choice question '{q.id}' needs at least two distractors")
            for i, d in enumerate(q.distractors):
                if _same(d, str(q.answer)):
                    self.add(q.place_of("distractors"), "QG200",
                             f"distractor '{d}' is the same as the answer of '{q.id}'")
                if any(_same(d, e) for e in q.distractors[:i]):
                    self.add(q.place_of("distractors"), "QG201",
                             f"distractor '{d}' appears twice in '{q.id}'")
        if q.type == "cloze" and not cloze_deletions(q.prompt):
            self.add(q.place_of("prompt"), "QG203",
                     f"cloze question '{q.id}' has no [[deletion]]",
                     "mark the words to hide like this: the flood killed [[183]] people")
            return
        if q.type == "true_false" and q.answer is False and not q.explanation.strip():
            self.add(q.place, "QG206",
                     f"false claim '{q.id}' needs an explanation that says what is true")
        if q.type == "short_answer":
            for a in q.accept:
                if not text_answer_supported(a, main, aliases):
                    self.add(q.place_of("accept"), "QG110",
                             f"accepted answer '{a}' of '{q.id}' is not supported by the fact's quotes")
        supported = answer_supported(q, main, aliases)
        if not supported:
            where = q.place_of("prompt" if q.type == "cloze" else "answer")
            if answer_supported(q, everything, aliases):
                self.add(where, "QG111",
                         f"the answer of '{q.id}' ({q.answer_text}) is supported only by a "
                         "disputed quote; a question must not teach a disputed claim as true")
            else:
                self.add(where, "QG110",
                         f"the answer of '{q.id}' ({q.answer_text}) is not supported by the "
                         "fact's quotes",
                         "the answer's value must occur in the quoted words")
        if not (q.type == "true_false" and q.answer is False):
            prompt = q.prompt.replace("[[", "").replace("]]", "")
            self.details(prompt, main, aliases, q.place_of("prompt"), f"prompt of '{q.id}'")
        if supported and q.type in ("basic", "short_answer", "multiple_choice") and isinstance(
                q.answer, str):
            self.details(q.answer, main, aliases, q.place_of("answer"), f"answer of '{q.id}'")
        self.details(q.explanation, everything, aliases, q.place_of("explanation"),
                     f"explanation of '{q.id}'")

    def run(self, facts: Sequence[Fact] | None = None) -> list[Finding]:
        self.check_facts(self.bank.facts if facts is None else facts)
        return self.finish()

    def check_facts(self, facts: Sequence[Fact]) -> None:
        for fact in facts:
            self.check_fact(fact)

    def finish(self) -> list[Finding]:
        for sid, source in sorted(self.bank.sources.items()):
            if sid not in self.cited:
                self.add(source.place, "QG301", f"source '{sid}' is never cited",
                         "cite it from a fact, or remove it", severity="warning")
        return sorted(self.findings)


#: a bank with at least this many facts is checked on two processor cores, where there are two
PARALLEL_MIN_FACTS = 2000


def check_bank(bank: Bank) -> list[Finding]:
    """Every rule over ``bank``; findings sorted by place.

    Facts are checked independently of each other, so a large bank is checked in two halves
    at once (:func:`quizgen.parallel.in_two`); the result is the same list, sorted the same
    way.
    """
    facts = bank.facts
    if len(facts) < PARALLEL_MIN_FACTS:
        return finish_check(bank, check_facts(bank, facts))
    from quizgen.parallel import in_two

    half = len(facts) // 2
    first, second = in_two(lambda: check_facts(bank, facts[:half]),
                           lambda: check_facts(bank, facts[half:]))
    return finish_check(bank, first, second)


def check_facts(bank: Bank, facts: Sequence[Fact]) -> tuple[list[Finding], set[str]]:
    """The findings about ``facts``, and the ids of the sources they cite (for
    :func:`finish_check`)."""
    checker = Checker(bank)
    checker.check_facts(facts)
    return checker.findings, checker.cited


def finish_check(bank: Bank, *parts: tuple[list[Finding], set[str]]) -> list[Finding]:
    """All findings of the parts of a bank's facts, and the sources no part cites."""
    checker = Checker(bank)
    for findings, cited in parts:
        checker.findings += findings
        checker.cited |= cited
    return checker.finish()


def has_errors(findings: list[Finding], strict: bool = False) -> bool:
    return any(f.severity == "error" or strict for f in findings)
