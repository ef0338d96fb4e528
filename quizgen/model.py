"""The bank as frozen dataclasses: no I/O, no YAML, no rendering.

Every node that came from a file carries a :class:`Place` so a finding about it can say
``path:line:col``. Loading (:mod:`quizgen.bank`, :mod:`quizgen.sources`) builds these objects;
checking (:mod:`quizgen.validate`) and rendering (:mod:`quizgen.render`) only read them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import total_ordering
from types import MappingProxyType
from typing import Literal

CATEGORIES: tuple[str, ...] = (
    "casualties",
    "numbers",
    "dates",
    "venues",
    "agreements",
    "people",
    "quotes",
    "context",
)

QuestionType = Literal[
    "basic", "numeric", "short_answer", "multiple_choice", "true_false", "cloze"
]
QUESTION_TYPES: tuple[str, ...] = (
    "basic",
    "numeric",
    "short_answer",
    "multiple_choice",
    "true_false",
    "cloze",
)


@total_ordering
@dataclass(frozen=True, eq=False)
class Place:
    """Where something stands in a file: 1-based line and column. Places compare (and sort)
    by path, line and column, lazy ones (:class:`LazyPlace`) included."""

    path: str
    line: int = 1
    col: int = 1

    def _key(self) -> tuple[str, int, int]:
        return (self.path, self.line, self.col)

    def __eq__(self, other: object) -> bool:
        return self._key() == other._key() if isinstance(other, Place) else NotImplemented

    def __lt__(self, other: object) -> bool:
        return self._key() < other._key() if isinstance(other, Place) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"

    def resolved(self) -> Place:
        """This place as a plain :class:`Place` (see :class:`LazyPlace`)."""
        return self


class LazyPlace(Place):
    """A place whose line and column are worked out only when first read.

    The fast YAML path (:mod:`quizgen.yamlrs`) knows where a value is in its document (its
    keys and indexes), not its line: finding the line means reading the file again with
    PyYAML, which is worth doing only for the few places a finding needs. ``resolve`` gives
    ``(line, col)``. A finding holds the plain :meth:`resolved` place (:class:`Finding`).
    """

    def __init__(self, path: str, resolve: Callable[[], tuple[int, int]]):
        d = self.__dict__
        d["path"] = path
        d["_resolve"] = resolve

    def _where(self) -> dict[str, object]:
        d = self.__dict__
        if "_resolve" in d:
            d["_line"], d["_col"] = d.pop("_resolve")()
        return d

    @property  # type: ignore[override]
    def line(self) -> int:
        return self._where()["_line"]  # type: ignore[return-value]

    @property  # type: ignore[override]
    def col(self) -> int:
        return self._where()["_col"]  # type: ignore[return-value]

    def resolved(self) -> Place:
        return Place(self.path, self.line, self.col)

    def __reduce__(self) -> tuple[type, tuple[str, int, int]]:
        return Place, (self.path, self.line, self.col)


@dataclass(frozen=True)
class Source:
    """One article: its metadata from front matter and its text, verbatim."""

    id: str
    title: str
    publisher: str | None
    byline: str | None
    published: datetime | date | None
    url: str | None
    origin: str | None
    sha256: str
    text: str
    place: Place
    #: line in the file where the article text starts (line 1 of ``text``)
    text_line: int = 1
    #: sha256 of ``text`` as loaded (compare with ``sha256`` for fixity)
    actual_sha256: str = ""

    @property
    def origin_name(self) -> str:
        """Independent origin as written: the wire service it relays, else its publisher, else
        its id."""
        return (self.origin or self.publisher or self.id).strip()

    @property
    def origin_key(self) -> str:
        """:attr:`origin_name` in any letter case: what two sources must share to be one."""
        return self.origin_name.casefold()

    @property
    def published_date(self) -> date | None:
        if isinstance(self.published, datetime):
            return self.published.date()
        return self.published

    def line_of(self, offset: int) -> int:
        """The file line of character ``offset`` in ``text``."""
        return self.text_line + self.text.count("\n", 0, offset)


@dataclass(frozen=True)
class Citation:
    """A verbatim quote from one source (W3C TextQuoteSelector in spirit).

    ``...`` in the quote marks an omission. ``note`` is used on disputes.
    """

    source: str
    quote: str
    place: Place
    note: str | None = None
    #: where the ``source:`` value stands (``place`` is the quote's)
    source_place: Place | None = None


@dataclass(frozen=True)
class Question:
    """One way of asking about a fact.

    Fields by type:

    - ``basic``: prompt, answer (shown on flip)
    - ``numeric``: prompt, answer (a number), unit (optional)
    - ``short_answer``: prompt, answer, accept (other accepted wordings)
    - ``multiple_choice``: prompt, answer, distractors (at least two)
    - ``true_false``: prompt (the claim), answer (true/false)
    - ``cloze``: text with ``[[deletions]]``; answer is derived from the deletions
    """

    id: str
    type: str
    prompt: str
    answer: str | int | float | bool
    place: Place
    explanation: str = ""
    unit: str | None = None
    accept: tuple[str, ...] = ()
    distractors: tuple[str, ...] = ()
    #: where each field's value starts, for findings
    places: Mapping[str, Place] = field(default_factory=lambda: MappingProxyType({}))

    def place_of(self, key: str) -> Place:
        place = self.places.get(key)
        return self.place if place is None else place  # self.place only when needed

    @property
    def answer_text(self) -> str:
        """The answer as a learner reads it."""
        if self.type == "cloze":
            return "; ".join(cloze_deletions(self.prompt))
        if isinstance(self.answer, bool):
            return "True" if self.answer else "False"
        if isinstance(self.answer, (int, float)):
            value = self.answer
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            # 1942 is a year, 183,000 a count: separators only from five digits on
            text = f"{value:,}" if abs(value) >= 10_000 else str(value)
        else:
            text = str(self.answer)
        return f"{text} {self.unit}" if self.unit else text


@dataclass(frozen=True)
class Fact:
    """One claim, its category, a plain statement, the quotes that prove it, the questions."""

    id: str
    category: str
    statement: str
    citations: tuple[Citation, ...]
    place: Place
    topic: str
    disputes: tuple[Citation, ...] = ()
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    questions: tuple[Question, ...] = ()
    places: Mapping[str, Place] = field(default_factory=lambda: MappingProxyType({}))

    def place_of(self, key: str) -> Place:
        place = self.places.get(key)
        return self.place if place is None else place  # self.place only when needed


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    intro: str
    facts: tuple[Fact, ...]
    place: Place


@dataclass(frozen=True)
class Bank:
    """The whole bank: metadata from bank.yaml, the sources, the topics in order."""

    id: str
    title: str
    description: str
    language: str
    audience: str
    deck: str
    topics: tuple[Topic, ...]
    sources: Mapping[str, Source]
    place: Place
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def facts(self) -> tuple[Fact, ...]:
        return tuple(f for t in self.topics for f in t.facts)

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for f in self.facts for q in f.questions)

    def origins_of(self, fact: Fact) -> dict[str, Source]:
        """The independent origins of a fact's citations: origin key -> its first source.

        Two outlets relaying one agency's copy share an origin (:attr:`Source.origin_key`).
        """
        out: dict[str, Source] = {}
        for c in fact.citations:
            source = self.sources.get(c.source)
            if source is not None:
                out.setdefault(source.origin_key, source)
        return out

    def aliases_for(self, fact: Fact) -> dict[str, tuple[str, ...]]:
        """Bank-wide aliases merged with the fact's own (the fact's win)."""
        merged = dict(self.aliases)
        merged.update(fact.aliases)
        return merged


# --- fields worked out when first read ---------------------------------------------------
#
# On a large bank most places are never read (only findings need them), and a fact with its
# citations and questions has a dozen. So the loader (:func:`quizgen.bank._fast_fact`) may
# leave the place fields of a Fact, Question or Citation out of the instance and put there,
# under ``_at``, how to work them out: ``(make, *args)``, where ``make(name, at)`` gives the
# value of the field ``name``. Reading the field works it out once and keeps it; the
# instance compares, hashes, prints and pickles as if it had been given the value.


class _LazyField:
    """A dataclass field that an instance may work out when first read (see above). An
    instance given the value holds it in its ``__dict__``, which comes first."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __get__(self, obj: object, cls: type | None = None) -> object:
        if obj is None:
            raise AttributeError(self.name)
        d = obj.__dict__
        at = d.get("_at")
        if at is None:
            raise AttributeError(self.name)
        value = d[self.name] = at[0](self.name, at)
        return value


def _getstate(self: object) -> dict[str, object]:
    """The state to pickle: the fields, each worked out (see :class:`_LazyField`)."""
    d = self.__dict__
    if "_at" not in d:
        return d
    from dataclasses import fields

    return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]


for _cls, _names in ((Fact, ("place", "places")), (Question, ("place", "places")),
                     (Citation, ("place", "source_place"))):
    for _name in _names:
        setattr(_cls, _name, _LazyField(_name))
    _cls.__getstate__ = _getstate  # type: ignore[attr-defined]
del _cls, _names, _name


#: a cloze deletion, markers and all; its group is the answer
CLOZE_DELETION = r"\[\[(.+?)\]\]"


def cloze_deletions(text: str) -> list[str]:
    """The answers inside ``[[...]]`` markers of a cloze text, in order."""
    import re

    return [m.group(1) for m in re.finditer(CLOZE_DELETION, text)]


def without_cloze_deletions(text: str) -> str:
    """A cloze text with each deletion, markers and all, replaced by a space."""
    import re

    return re.sub(CLOZE_DELETION, " ", text)
