"""The checker: rules over a loaded bank, producing findings. Never prints, never writes.

Rule codes are stable; the README lists every one with an example message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from quizgen.errors import Finding, did_you_mean
from quizgen.model import (
    Bank,
    Citation,
    Fact,
    Place,
    Question,
    Source,
    cloze_deletions,
    without_cloze_deletions,
)
from quizgen.support import (
    Mention,
    blank_spans,
    content_words,
    date_supported,
    dates_in,
    explicit_date,
    name_supported,
    names_in,
    numbers_in,
    same_number,
    value_key,
    weekdays_in,
    words_supported,
)
from quizgen.textmatch import (
    Location,
    Phrase,
    closest_passage,
    contains_phrase,
    exact_start,
    locate,
    norm,
    normalize_cached,
    phrase_pattern,
)

#: any ASCII letter or digit (see ``Checker._find``)
_ASCII_ALNUM_RE = re.compile(r"[0-9A-Za-z]")
_ARTICLE_RE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)


class Evidence:
    """What a set of located quotes says: their text, numbers and dates.

    It remembers what the checker asks of it again and again (which aliases the quotes hold,
    which numbers and names they support); ``add`` forgets all of it. A plain class with
    slots: the checker makes one or two for every fact.
    """

    __slots__ = ("_names", "_quoted", "_quoted_for", "dates", "numbers", "outlets", "text")

    def __init__(self, text: str = "", numbers: list[float] | None = None,
                 dates: list[Mention] | None = None):
        self.text = text
        #: the names of the outlets quoted, normalised, and in lower case (see ``add_outlets``)
        self.outlets: tuple[tuple[str, str], ...] = ()
        self.numbers: list[float] = [] if numbers is None else numbers
        self.dates: list[Mention] = [] if dates is None else dates
        self._forget()

    def _forget(self) -> None:
        #: the indexes of the alias groups the quotes hold (see ``_quoted_groups``), and the
        #: aliases they are for
        self._quoted: list[int] = []
        self._quoted_for: _Aliases | None = None
        #: name -> name_supported(name, self.text), made when first needed
        self._names: dict[str, bool] | None = None

    def __repr__(self) -> str:
        return f"Evidence(text={self.text!r}, numbers={self.numbers!r}, dates={self.dates!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Evidence) or other.__class__ is not self.__class__:
            return NotImplemented
        return (self.text, self.numbers, self.dates) == (other.text, other.numbers, other.dates)

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it was

    def add(self, source: Source, location: Location) -> None:
        self._add(source, location.spans)

    def _add(self, source: Source, spans: tuple[tuple[int, int], ...],
             quote: str | None = None) -> None:
        """``add``, for the spans of a location; ``quote``, when given, is the text of the
        only span (the quote was found as it stands), which spares slicing the article."""
        published = source.published_date
        for start, end in spans:
            piece = norm(source.text[start:end] if quote is None else quote)
            numbers, dates = _piece_reading(piece, published)
            self.text += piece + "\n"
            self.numbers += numbers
            self.dates += dates
        self._quoted_for = self._names = None  # what they hold was about the text before

    def add_outlets(self, names: Iterable[str]) -> None:
        """Take the names of the outlets quoted (their publishers and the agencies they relay)
        as stated: "the County Wire Service reported 14" says who said it. A text's details
        are read with each outlet's whole name blanked out, as a quoted alias is
        (:func:`_unsupported_details`); the names state nothing else."""
        self.outlets = tuple(dict.fromkeys((*self.outlets, *_outlet_names(names))))

    def quoted_aliases(self, aliases: Mapping[str, tuple[str, ...]]) -> list[list[str]]:
        """The alias groups (a name and its other names) of which the quotes hold some name."""
        prepared = _Aliases(aliases)
        return [list(prepared.key[i]) for i in self._quoted_groups(prepared)]

    def _quoted_groups(self, aliases: _Aliases) -> list[int]:
        """``quoted_aliases`` as indexes into ``aliases.key``. Remembered for the last
        aliases asked about: the checker asks for every text of a fact, with the same ones."""
        if self._quoted_for is not aliases:
            text = self.text
            self._quoted = [i for i, group in enumerate(aliases.phrases)
                            if any(p.found_in(text) for p in group)]
            self._quoted_for = aliases
        return self._quoted

    def has_number(self, value: float) -> bool:
        # same_number(v, n) holds whenever v == n, so an equal number (``in`` compares in C)
        # is a yes the scan would give too; but ``in`` also finds a NaN by identity, which
        # same_number does not. Without an equal number, a near-equal one may still do.
        if value in self.numbers and value == value:
            return True
        return any(same_number(value, n) for n in self.numbers)

    def _name_supported(self, name: str) -> bool:
        """``name_supported(name, self.text)``, remembered: a fact's statement, prompt and
        answer mostly name the same things."""
        known = self._names
        if known is None:
            known = self._names = {}
        ok = known.get(name)
        if ok is None:
            ok = known[name] = name_supported(name, self.text)
        return ok

    def merged(self, other: Evidence) -> Evidence:
        both = Evidence(self.text + other.text, self.numbers + other.numbers,
                        self.dates + other.dates)
        both.outlets = tuple(dict.fromkeys((*self.outlets, *other.outlets)))
        return both


class _Aliases:
    """Aliases (a name -> its other names) prepared once for all the texts they are used on:
    the groups in order (``key``), each name as a :class:`Phrase` to look for in quotes, and,
    made when first needed, what blanking a group out of a text and matching an answer to a
    group's names want."""

    __slots__ = ("_blanking", "_folded", "key", "phrases")

    def __init__(self, aliases: Mapping[str, tuple[str, ...]]):
        #: each group: the name, then its other names
        self.key = tuple((k, *v) for k, v in aliases.items())
        self.phrases = [[Phrase(g) for g in group] for group in self.key]
        self._blanking: list[list[tuple[bool, str, re.Pattern[str]]]] | None = None
        self._folded: list[frozenset[str]] | None = None

    def blank_quoted(self, t: str, evidence: Evidence) -> str:
        """``t`` with the names of each alias group of which ``evidence`` quotes some name
        blanked out where they stand in ``t`` as whole words (any letter case): group by
        group in order, longest name first.

        Whether a group is quoted is asked only of a group with a name that can stand in
        ``t`` as it is at that point: for any other group, blanking would change nothing, so
        most texts are done without searching the quotes for aliases at all.
        """
        if self._blanking is None:
            self._blanking = []
            for group in self.key:
                names = []
                for g in sorted(group, key=len, reverse=True):
                    gn = norm(g).strip()
                    if gn:
                        names.append((gn.isascii(), gn.lower(), re.compile(
                            r"(?<!\w)" + re.escape(gn) + r"(?!\w)", re.IGNORECASE)))
                self._blanking.append(names)
        lowered = None
        for i, names in enumerate(self._blanking):
            for is_ascii, lower, pattern in names:
                if is_ascii and t.isascii():
                    if lowered is None:
                        lowered = t.lower()
                    if lower not in lowered:
                        continue  # in ASCII, what the pattern finds contains the name in some case
                if i not in evidence._quoted_groups(self):
                    break  # nothing of this group is blanked
                spans = [m.span() for m in pattern.finditer(t)]
                if spans:
                    t = _blank_all(t, spans)
                    lowered = None
        return t

    def answer_is_quoted_name(self, answer: str, evidence: Evidence) -> bool:
        """``answer`` (normalised) is a name of an alias group of which ``evidence`` quotes
        some name. The names are matched first: most answers name no alias, and then the
        quotes need no search."""
        if self._folded is None:
            self._folded = [frozenset(norm(g).strip().casefold() for g in group)
                            for group in self.key]
        folded = answer.casefold()
        return any(folded in names and i in evidence._quoted_groups(self)
                   for i, names in enumerate(self._folded))


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


#: the name this module, its tests and older revisions' same_as runs know it by
_blank_all = blank_spans


class _Details(NamedTuple):
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
                        aliases: Mapping[str, tuple[str, ...]]) -> list[str]:
    """The numbers, dates and names in ``text`` that ``evidence`` does not contain."""
    return _unsupported_details(text, evidence, _Aliases(aliases))


def _outlet_names(names: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Outlets' names as ``Evidence.outlets`` holds them: normalised, and in lower case."""
    for name in names:
        shown = " ".join(norm(name).split())
        if shown:
            yield shown, shown.lower()


def _blank_outlets(t: str, outlets: tuple[tuple[str, str], ...]) -> str:
    """``t`` with each whole name of ``outlets`` ((name, lower case)) in any letter case
    blanked out."""
    lowered = t.lower()
    for name, lower in outlets:
        if lower not in lowered and lower.isascii() and t.isascii():
            continue  # in ASCII, what the pattern finds contains the name in some case
        spans = [m.span() for m in phrase_pattern(name).finditer(t)]
        if spans:
            t = _blank_all(t, spans)
            lowered = t.lower()
    return t


def _unsupported_details(text: str, evidence: Evidence, aliases: _Aliases) -> list[str]:
    t = norm(text)
    if aliases.key:
        t = aliases.blank_quoted(t, evidence)
    if evidence.outlets:
        t = _blank_outlets(t, evidence.outlets)
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
        for m in ms:
            if m.value is not None and evidence.has_number(m.value):
                break
        else:
            missing.append(ms[0].text)
    for weekday, word in found.weekdays:
        if not _weekday_supported(weekday, word, evidence):
            missing.append(word)
    for n in found.names:
        if evidence._name_supported(n.text):
            continue
        rest = n.text.split(None, 1)
        if n.initial and len(rest) == 2 and evidence._name_supported(rest[1]):
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
    return _ARTICLE_RE.sub("", text.strip())


def text_answer_supported(answer: str, evidence: Evidence,
                          aliases: Mapping[str, tuple[str, ...]]) -> bool:
    return _text_answer_supported(answer, evidence, _Aliases(aliases))


def _text_answer_supported(answer: str, evidence: Evidence, aliases: _Aliases) -> bool:
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
    if aliases.key and aliases.answer_is_quoted_name(a, evidence):
        return True
    # every content word quoted; an answer with none ("no", "UN") that is not quoted as a
    # phrase (above) has nothing to be supported by
    return bool(content_words(a)) and not words_supported(a, evidence.text)


def answer_supported(q: Question, evidence: Evidence,
                     aliases: Mapping[str, tuple[str, ...]]) -> bool:
    return _answer_supported(q, evidence, _Aliases(aliases))


def _answer_supported(q: Question, evidence: Evidence, aliases: _Aliases,
                      deletions: list[str] | None = None) -> bool:
    """``answer_supported``; ``deletions``, when given, are ``cloze_deletions(q.prompt)``."""
    if q.type == "numeric":
        return isinstance(q.answer, (int, float)) and evidence.has_number(float(q.answer))
    if q.type == "true_false":
        return True
    if q.type == "cloze":
        dels = cloze_deletions(q.prompt) if deletions is None else deletions
        return bool(dels) and all(_text_answer_supported(d, evidence, aliases) for d in dels)
    return _text_answer_supported(str(q.answer), evidence, aliases)


def _same_key(text: str) -> str:
    """What two distractors (or a distractor and the answer) must share to be the same: the
    words in any letter case, the numbers and dates by value (:func:`value_key`)."""
    return value_key(text)


class Checker:
    def __init__(self, bank: Bank):
        self.bank = bank
        self._sources = bank.sources
        self.findings: list[Finding] = []
        self.cited: set[str] = set()
        #: the aliases of every fact without aliases of its own (see ``check_fact``)
        self._bank_aliases: _Aliases | None = None
        #: the outlets of each set of articles facts cite (see ``_outlets``)
        self._outlets_of: dict[tuple[str, ...], tuple[tuple[str, str], ...]] = {}

    def add(self, place: Place, code: str, message: str, hint: str | None = None,
            severity: str = "error") -> None:
        self.findings.append(Finding(place, code, severity, message, hint))  # type: ignore[arg-type]

    def locate(self, c: Citation) -> tuple[Source, Location] | None:
        found = self._find(c)
        if found is None:
            return None
        source, spans, _ = found
        return source, Location(spans)

    def _find(self, c: Citation) -> tuple[Source, tuple[tuple[int, int], ...], str | None] | None:
        """``locate``, giving the located spans, and the quote itself when it was found as it
        stands (for ``Evidence._add``)."""
        source = self._sources.get(c.source)
        if source is None:
            self.add(c.source_place or c.place, "QG100", f"unknown source '{c.source}'",
                     did_you_mean(c.source, self.bank.sources)
                     or "add the article with 'quizgen sources add FILE'; "
                     "'quizgen sources list' shows the sources there are")
            return None
        self.cited.add(source.id)
        quote = c.quote
        # normalising keeps every ASCII letter and digit, so a quote with one is not empty
        # and need not be normalised to know it
        if not _ASCII_ALNUM_RE.search(quote) and not norm(quote).replace(".", "").strip():
            self.add(c.place, "QG102", "the quote is empty",
                     "copy the words that state the fact from the article")
            return None
        at = exact_start(quote, source.text)  # most quotes: no need to normalise the article
        if at >= 0:
            return source, ((at, at + len(quote)),), quote
        src_norm = normalize_cached(source.text)
        loc = locate(quote, src_norm)
        if loc is None:
            miss = closest_passage(quote, src_norm)
            hint = None
            if miss is not None:
                line = source.line_of(miss.start)
                why = f" ({miss.reason})" if miss.reason else ""
                hint = (f"closest passage{why}, {source.place.path}:{line}: "
                        f"\"{' '.join(miss.passage.split())}\"")
            self.add(c.place, "QG101",
                     f"quote not found in source '{source.id}'; quotes must be verbatim", hint)
            return None
        return source, loc.spans, None

    def _outlets(self, fact: Fact) -> tuple[tuple[str, str], ...]:
        """The outlets a fact quotes (``Evidence.add_outlets``), made once for each set of
        articles: most facts of a bank cite the same few."""
        key = tuple(c.source for c in (*fact.citations, *fact.disputes))
        found = self._outlets_of.get(key)
        if found is None:
            found = self._outlets_of[key] = tuple(dict.fromkeys(_outlet_names(
                name for sid in key for name in (self._sources[sid].publisher,
                                                 self._sources[sid].origin) if name)))
        return found

    def _aliases(self, fact: Fact) -> _Aliases:
        """The fact's aliases, prepared. ``Bank.aliases_for`` depends only on the bank's
        aliases and the fact's own, so every fact without aliases of its own has the same
        ones: they are prepared once."""
        if fact.aliases:
            return _Aliases(self.bank.aliases_for(fact))
        if self._bank_aliases is None:
            self._bank_aliases = _Aliases(self.bank.aliases_for(fact))
        return self._bank_aliases

    def check_fact(self, fact: Fact) -> None:
        aliases = self._aliases(fact)
        main = Evidence()
        disputed = Evidence() if fact.disputes else None
        complete = True
        for c in fact.citations:
            found = self._find(c)
            if found is None:
                complete = False
                continue
            main._add(*found)
        for c in fact.disputes:
            found = self._find(c)
            if found is None:
                complete = False
                continue
            disputed._add(*found)  # type: ignore[union-attr]
        if not complete or not fact.citations:
            return  # support cannot be judged on quotes that are not there
        main.outlets = self._outlets(fact)
        origins = self.bank.origins_of(fact)
        if len(origins) == 1:
            self.add(fact.place_of("citations"), "QG300",
                     f"fact '{fact.id}' rests on a single origin "
                     f"({next(iter(origins.values())).origin_name})",
                     "cite another article that states it, if one does; otherwise this is "
                     "reported and marked as single-source in the outputs", severity="warning")
        # the quotes and the disputes together; without disputes that is the quotes' own
        # text, numbers and dates, so ``main`` itself serves (and what it remembers with it)
        everything = main if disputed is None else main.merged(disputed)
        self._details(fact.statement, main, aliases, fact, "statement")
        for q in fact.questions:
            self._check_question(q, main, everything, aliases)

    def _details(self, text: str, evidence: Evidence, aliases: _Aliases,
                 node: Fact | Question, key: str, name: str | None = None) -> None:
        """QG120 for each detail of ``text`` (``node``'s field ``key``, which the bank file
        calls ``name`` where that differs) that ``evidence`` does not support. The place is
        looked up only for a finding: most texts have none."""
        if not text:
            return
        missing = _unsupported_details(text, evidence, aliases)
        if not missing:
            return
        place = node.place_of(key)
        name = name or key
        what = name if isinstance(node, Fact) else f"{name} of '{node.id}'"
        for detail in missing:
            self.add(place, "QG120",
                     f"'{detail}' in the {what} does not appear in the fact's quotes",
                     "state only what the quotes say, add a quote that says it, or declare an "
                     "alias if it is another name for something quoted")

    def _check_question(self, q: Question, main: Evidence, everything: Evidence,
                        aliases: _Aliases) -> None:
        qtype = q.type
        if qtype == "multiple_choice":
            if len(q.distractors) < 2:
                self.add(q.place_of("distractors"), "QG202",
                         f"multiple-choice question '{q.id}' needs at least two distractors")
            answer = _same_key(str(q.answer))
            earlier: list[str] = []  # the keys of the distractors before this one
            for d in q.distractors:
                key = _same_key(d)
                if key == answer:
                    self.add(q.place_of("distractors"), "QG200",
                             f"distractor '{d}' is the same as the answer of '{q.id}'")
                if key in earlier:
                    self.add(q.place_of("distractors"), "QG201",
                             f"distractor '{d}' appears twice in '{q.id}'")
                earlier.append(key)
        deletions = None
        if qtype == "cloze":
            deletions = cloze_deletions(q.prompt)
            if not deletions:
                self.add(q.place_of("prompt"), "QG203",
                         f"cloze question '{q.id}' has no [[deletion]]",
                         "mark the words to hide like this: the flood killed [[183]] people")
                return
        false_claim = qtype == "true_false" and q.answer is False
        if false_claim and not q.explanation.strip():
            self.add(q.place, "QG206",
                     f"false claim '{q.id}' needs an explanation that says what is true")
        if qtype == "short_answer":
            for a in q.accept:
                if not _text_answer_supported(a, main, aliases):
                    self.add(q.place_of("accept"), "QG110",
                             f"accepted answer '{a}' of '{q.id}' is not supported by the fact's quotes")
        supported = _answer_supported(q, main, aliases, deletions)
        if not supported:
            where = q.place_of("prompt" if qtype == "cloze" else "answer")
            if _answer_supported(q, everything, aliases, deletions):
                self.add(where, "QG111",
                         f"the answer of '{q.id}' ({q.answer_text}) is supported only by a "
                         "disputed quote; a question must not teach a disputed claim as true")
            else:
                self.add(where, "QG110",
                         f"the answer of '{q.id}' ({q.answer_text}) is not supported by the "
                         "fact's quotes",
                         "the answer's value must occur in the quoted words")
        if not false_claim:
            if qtype == "cloze":
                # the deletions are the answers: checked above, and blanked here when that
                # check failed, so that one wrong deletion is one finding
                prompt = (q.prompt.replace("[[", "").replace("]]", "") if supported
                          else without_cloze_deletions(q.prompt))
                self._details(prompt, main, aliases, q, "prompt", "text")
            else:
                self._details(q.prompt, main, aliases, q, "prompt")
        if supported and qtype in ("basic", "short_answer", "multiple_choice") and isinstance(
                q.answer, str):
            self._details(q.answer, main, aliases, q, "answer")
        self._details(q.explanation, everything, aliases, q, "explanation")

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
