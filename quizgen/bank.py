"""YAML to the model: ``questions/bank.yaml``, the topic files, and the sources.

Loading never stops at the first problem: it collects findings (unknown keys, wrong types,
missing fields, duplicate keys and ids) with their places and builds as much of the bank as
it can, so one ``quizgen check`` shows everything to fix.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from math import isfinite
from pathlib import Path
from types import MappingProxyType
from typing import Any

from quizgen.errors import Finding, did_you_mean, key_hint
from quizgen.model import CATEGORIES, QUESTION_TYPES, Bank, Citation, Fact, Place, Question, Topic
from quizgen.sources import ID_RE, load_source, read_text_file
from quizgen.yamlload import LocDict, LocList, YamlError, load_yaml

QUESTIONS_DIR = "questions"
BANK_FILE = "bank.yaml"
SOURCES_DIR = "sources"

BANK_KEYS = {
    "id": (str, True), "title": (str, True), "description": (str, False),
    "language": (str, False), "audience": (str, False), "deck": (str, False),
    "topics": (list, False), "aliases": (dict, False),
}
TOPIC_KEYS = {"title": (str, True), "intro": (str, False), "facts": (list, True)}
FACT_KEYS = {
    "id": (str, True), "category": (str, True), "statement": (str, True),
    "citations": (list, True), "disputes": (list, False), "aliases": (dict, False),
    "questions": (list, False),
}
CITATION_KEYS = {"source": (str, True), "quote": (str, True)}
DISPUTE_KEYS = {"source": (str, True), "quote": (str, True), "note": (str, True)}
QUESTION_KEYS = {
    "id": (str, True), "type": (str, True), "prompt": (str, False), "text": (str, False),
    "answer": (object, False), "explanation": (str, False), "unit": (str, False),
    "accept": (list, False), "distractors": (list, False),
}
#: what each question type needs besides id and type
REQUIRED_BY_TYPE = {
    "basic": ("prompt", "answer"),
    "numeric": ("prompt", "answer"),
    "short_answer": ("prompt", "answer"),
    "multiple_choice": ("prompt", "answer", "distractors"),
    "true_false": ("prompt", "answer"),
    "cloze": ("text",),
}
ALLOWED_BY_TYPE = {
    "basic": {"prompt", "answer", "explanation"},
    "numeric": {"prompt", "answer", "unit", "explanation"},
    "short_answer": {"prompt", "answer", "accept", "explanation"},
    "multiple_choice": {"prompt", "answer", "distractors", "explanation"},
    "true_false": {"prompt", "answer", "explanation"},
    "cloze": {"text", "explanation"},
}
_TYPE_NAMES = {str: "text", list: "a list", dict: "a mapping", object: "a value"}


@dataclass
class LoadResult:
    bank: Bank | None
    findings: list[Finding]
    #: the ids of the facts and questions loaded
    ids: frozenset[str] = frozenset()


class _Ctx:
    def __init__(self) -> None:
        self.findings: list[Finding] = []
        #: each id used so far, and the node it stands in: a ``LocDict``, or for a node read
        #: by :func:`_fast_topic` its document and path of keys there
        self.ids: dict[str, LocDict | tuple[Any, tuple[Any, ...]]] = {}

    def add(self, place: Place, code: str, message: str, hint: str | None = None,
            severity: str = "error") -> None:
        self.findings.append(Finding(place, code, severity, message, hint))  # type: ignore[arg-type]

    def fields(self, node: Any, spec: dict[str, tuple[type, bool]], what: str,
               place: Place) -> dict[str, Any] | None:
        """Check a mapping against ``spec``; returns the values that are of the right type."""
        if not isinstance(node, LocDict):
            self.add(place, "QG005", f"{what} must be a mapping of keys to values",
                     f"expected keys: {', '.join(spec)}")
            return None
        out: dict[str, Any] = {}
        if not node.keys() <= spec.keys():
            for key in node:
                if key not in spec:
                    self.add(node.key_places[key], "QG003", f"unknown key '{key}' in {what}",
                             key_hint(key, list(spec)))
        for key, (typ, required) in spec.items():
            value = node.get(key)
            if value is None:
                if required:
                    self.add(node.place, "QG004", f"{what} is missing '{key}'")
                continue
            if typ is str:
                if type(value) is str:
                    pass
                elif isinstance(value, (LocDict, LocList)):
                    self.add(node.place_of(key), "QG005",
                             f"'{key}' in {what} must be text, not {_kind(value)}",
                             "quote the value if it contains ': ' or starts with '-', '[' or '{'")
                    continue
                else:  # the text as written: "1.10", not 1.1
                    value = node.raw.get(key, str(value))
                if not value.strip():
                    self.add(node.place_of(key), "QG004", f"'{key}' in {what} is empty")
                    continue
            elif typ is list and not isinstance(value, LocList):
                self.add(node.place_of(key), "QG005",
                         f"'{key}' in {what} must be a list, not {_kind(value)}",
                         "start each item on its own line with '- '")
                continue
            elif typ is dict and not isinstance(value, LocDict):
                self.add(node.place_of(key), "QG005",
                         f"'{key}' in {what} must be a mapping, not {_kind(value)}")
                continue
            out[key] = value
        return out

    def unique_id(self, ident: str, node: LocDict, what: str) -> bool:
        """``node``'s id is allowed and not used before (its place is looked up only for a
        finding: on a large bank, most ids never need theirs)."""
        if not ID_RE.match(ident):
            self.add(node.place_of("id"), "QG011", f"{what} id '{ident}' is not allowed",
                     "use 1-80 lower-case letters, digits, '-' and '_', starting with a "
                     "letter or digit")
            return False
        if ident in self.ids:
            first = _id_place(self.ids[ident])
            self.add(node.place_of("id"), "QG010",
                     f"duplicate id '{ident}' (first used at {first.path}:{first.line})",
                     "ids must be unique across the whole bank; rename one of them")
            return False
        self.ids[ident] = node
        return True


def _id_place(node: Any) -> Place:
    """The place of the ``id`` of a node in :attr:`_Ctx.ids`."""
    if isinstance(node, LocDict):
        return node.place_of("id")
    doc, keys = node
    return doc.place((*keys, "id"))


def _kind(value: Any) -> str:
    if isinstance(value, LocDict):
        return "a mapping"
    if isinstance(value, LocList):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    return "text"


def _aliases(ctx: _Ctx, node: LocDict | None, what: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    if node is None:
        return out
    for key, value in node.items():
        items: list[Any]
        if isinstance(value, LocList):
            items = [v if r is None else r for v, r in zip(value, value.raw, strict=True)]
        elif isinstance(value, (LocDict,)) or value is None:
            ctx.add(node.place_of(key), "QG005",
                    f"aliases of '{key}' in {what} must be a list of other names")
            continue
        else:
            items = [node.raw.get(key, str(value))]
        if not all(isinstance(i, str) and i.strip() for i in items):
            ctx.add(node.place_of(key), "QG005",
                    f"aliases of '{key}' in {what} must be non-empty text")
            continue
        out[str(key)] = tuple(items)
    return out


def _citations(ctx: _Ctx, node: LocList, what: str, spec: dict[str, tuple[type, bool]]
               ) -> list[Citation]:
    out = []
    for item, place in zip(node, node.item_places, strict=True):
        f = ctx.fields(item, spec, what, place)
        if f is None or "source" not in f:
            continue
        if "quote" not in f:
            continue  # reported by fields()
        out.append(Citation(f["source"], f["quote"], item.place_of("quote"), f.get("note"),
                            item.place_of("source")))
    return out


def _finite(number: float) -> bool:
    """``number`` is a float, or converts to one, that is neither infinite nor NaN."""
    try:
        return isfinite(number)
    except OverflowError:  # an integer with more digits than a float can hold
        return False


def _question(ctx: _Ctx, node: Any, place: Place, fact_id: str) -> Question | None:
    f = ctx.fields(node, QUESTION_KEYS, f"question of fact '{fact_id}'", place)
    if f is None or "id" not in f or "type" not in f:
        return None
    qid, qtype = f["id"], f["type"]
    what = f"question '{qid}'"
    ok = ctx.unique_id(qid, node, "question")
    # a key that is unknown (a misspelt field) or of the wrong type is reported by fields();
    # the question is checked once it is right, so that the mistake is not reported again as
    # the field missing ("needs two distractors", "needs an explanation")
    if any(key not in f and (key not in QUESTION_KEYS or node.get(key) is not None)
           for key in node):
        ok = False
    if qtype not in QUESTION_TYPES:
        ctx.add(node.place_of("type"), "QG205", f"unknown question type '{qtype}'",
                did_you_mean(qtype, QUESTION_TYPES)
                or "question types: " + ", ".join(QUESTION_TYPES))
        return None
    unknown = [key for key in node if key not in QUESTION_KEYS]
    for key in REQUIRED_BY_TYPE[qtype]:
        if key not in f and not (isinstance(node, LocDict) and node.get(key) not in (None, "")):
            ok = False
            if any(did_you_mean(k, [key]) for k in unknown):
                continue  # misspelt ("distractor"): reported as an unknown key, not twice
            ctx.add(node.place, "QG004", f"{what} ({qtype}) is missing '{key}'")
    for key in f:
        if key not in ("id", "type") and key not in ALLOWED_BY_TYPE[qtype]:
            ctx.add(node.key_places[key], "QG003",
                    f"'{key}' does not belong in a {qtype} question",
                    f"a {qtype} question takes: "
                    + ", ".join(sorted(ALLOWED_BY_TYPE[qtype])))
            ok = False
    answer = node.get("answer")
    raw_answer = node.raw.get("answer")
    if isinstance(answer, (LocDict, LocList)):
        ctx.add(node.place_of("answer"), "QG005", f"the answer of {what} must be a single value")
        return None
    if qtype == "numeric" and answer is not None:
        if isinstance(answer, bool) or not isinstance(answer, (int, float)):
            try:
                answer = float(str(raw_answer or answer).replace(",", ""))
                answer = int(answer) if answer.is_integer() else answer
            except ValueError:
                ctx.add(node.place_of("answer"), "QG005",
                        f"the answer of numeric {what} must be a number, not '{raw_answer}'",
                        "write digits only (183, 1.5); put units in 'unit'")
                return None
        if not _finite(answer):  # YAML's .inf and .nan, or digits past a float's range
            shown = str(raw_answer if raw_answer is not None else answer)
            shown = shown if len(shown) <= 40 else shown[:37] + "..."
            ctx.add(node.place_of("answer"), "QG005",
                    f"the answer of numeric {what} must be a finite number, not '{shown}'",
                    "write the number the quotes state, in digits (183, 1.5)")
            return None
    elif qtype == "true_false" and answer is not None:
        if not isinstance(answer, bool):
            ctx.add(node.place_of("answer"), "QG005",
                    f"the answer of true/false {what} must be true or false, not '{raw_answer}'",
                    "write true or false without quotes: quoted, it is text"
                    if str(raw_answer).strip().lower() in ("true", "false", "yes", "no")
                    else "write true if the prompt is a true claim, false if it is not")
            return None
    elif answer is not None:
        answer = raw_answer if raw_answer is not None else str(answer)
        if not str(answer).strip():
            ctx.add(node.place_of("answer"), "QG004", f"the answer of {what} is empty")
            ok = False

    def strings(key: str) -> tuple[str, ...]:
        value = f.get(key)
        if value is None:
            return ()
        items = []
        for v, r, p in zip(value, value.raw, value.item_places, strict=True):
            if isinstance(v, (LocDict, LocList)) or (r is None and v is None):
                ctx.add(p, "QG005", f"each of '{key}' in {what} must be text")
                continue
            items.append(r if r is not None else str(v))
        return tuple(items)

    distractors = strings("distractors")
    accept = strings("accept")
    if not ok:
        return None
    prompt = f.get("text") if qtype == "cloze" else f.get("prompt")
    places = node.value_places
    if qtype == "cloze":
        places = {**places, "prompt": node.place_of("text")}
    return Question(
        id=qid, type=qtype, prompt=prompt or "", answer=answer if answer is not None else "",
        place=node.place, explanation=f.get("explanation", ""), unit=f.get("unit"),
        accept=accept, distractors=distractors, places=MappingProxyType(places) if type(places) is dict else places,
    )


def _fact(ctx: _Ctx, node: Any, place: Place, topic: str) -> Fact | None:
    f = ctx.fields(node, FACT_KEYS, "fact", place)
    if f is None or "id" not in f:
        return None
    fid = f["id"]
    ok = ctx.unique_id(fid, node, "fact")
    cat = f.get("category")
    if cat is not None and cat not in CATEGORIES:
        ctx.add(node.place_of("category"), "QG204", f"unknown category '{cat}'",
                "; ".join(filter(None, [did_you_mean(cat, CATEGORIES),
                                        "categories: " + ", ".join(CATEGORIES)])))
        ok = False
    citations = _citations(ctx, f.get("citations", LocList()), f"citation of fact '{fid}'",
                           CITATION_KEYS) if "citations" in f else []
    if "citations" in f and not f["citations"]:
        ctx.add(node.place_of("citations"), "QG004", f"fact '{fid}' has no citations",
                "every fact needs at least one verbatim quote from a source")
    disputes = _citations(ctx, f.get("disputes", LocList()), f"dispute of fact '{fid}'",
                          DISPUTE_KEYS) if "disputes" in f else []
    questions = []
    for item, ipl in zip(f.get("questions", []), f.get("questions", LocList()).item_places
                         if "questions" in f else [], strict=True):
        q = _question(ctx, item, ipl, fid)
        if q is not None:
            questions.append(q)
    if not ok or "statement" not in f or "category" not in f:
        return None
    places = node.value_places
    return Fact(
        id=fid, category=cat, statement=f["statement"], citations=tuple(citations),
        place=node.place, topic=topic, disputes=tuple(disputes),
        aliases=MappingProxyType(_aliases(ctx, f.get("aliases"), f"fact '{fid}'")),
        questions=tuple(questions), places=MappingProxyType(places) if type(places) is dict else places,
    )


# --- the fast way: a topic file read by yaml_rs, straight to the model ----------------------
#
# A large bank is nearly all valid facts. For a topic file that ``yamlrs.parse`` took, each
# fact is checked on the plain ``yaml_rs`` value at once (every key known, every value of the
# right type, not empty, ids allowed and new) and built straight from it, its places worked
# out when first read (``model._LazyField``). A fact with anything to report goes the
# detailed way (:func:`_fact` on that fact's part of the file as ``LocDict`` nodes), which
# makes the same findings, in the same order, as loading the whole file that way. The
# result is equal to the detailed way's in every field (``tests/test_load_fast.py``).

#: False loads every file the detailed way (the reference the fast way is held to)
FAST_TOPICS = True

_new = object.__new__
_FACT_KEYS = frozenset(FACT_KEYS)
_TOPIC_KEYS = frozenset(TOPIC_KEYS)
_CITATION_KEYS = frozenset(CITATION_KEYS)
_DISPUTE_KEYS = frozenset(DISPUTE_KEYS)
_CATEGORIES = frozenset(CATEGORIES)
#: the keys each question type takes (besides id and type)
_ALLOWED = {t: frozenset(keys | {"id", "type"}) for t, keys in ALLOWED_BY_TYPE.items()}
_REQUIRED = {t: frozenset({*keys, "id", "type"}) for t, keys in REQUIRED_BY_TYPE.items()}
_TEXT_KEYS = ("prompt", "text", "explanation", "unit")
_EMPTY = MappingProxyType({})
_id_ok = ID_RE.match


class _Slow(Exception):
    """The file must be loaded the detailed way as a whole (see :func:`_fast_topic`)."""


def _text(value: Any) -> bool:
    """``value`` is text with something in it: what a text field must be."""
    return type(value) is str and not value.isspace() and value != ""


# The model's objects are made here without their frozen dataclass's ``__init__`` (one
# ``object.__setattr__`` per field), their places left to be worked out when first read
# (``model._LazyField``): ``_at`` is (how, document, keys there[, the plain node]).


def _citation_field(name: str, at: tuple[Any, ...]) -> Place:
    _, doc, keys, j = at
    return doc.place((*keys, j, "quote" if name == "place" else "source"))


def _question_field(name: str, at: tuple[Any, ...]) -> Any:
    _, doc, keys, j, node = at
    keys = (*keys, j)
    if name == "place":
        return doc.place(keys)
    if node["type"] == "cloze":
        return MappingProxyType({**doc.places(keys, node), "prompt": doc.place((*keys, "text"))})
    return doc.places(keys, node)


def _fact_field(name: str, at: tuple[Any, ...]) -> Any:
    _, doc, keys, node = at
    return doc.place(keys) if name == "place" else doc.places(keys, node)


def _fast_citations(items: Any, keys: tuple[Any, ...], doc: Any, allowed: frozenset[str],
                    out: list[Citation]) -> bool:
    """The citations (or disputes) ``items`` at ``keys``, when all are valid."""
    dispute = "note" in allowed
    for j, c in enumerate(items):
        if type(c) is not dict or c.keys() != allowed:
            return False
        source = c["source"]
        quote = c["quote"]
        if (type(source) is not str or not source or source.isspace()
                or type(quote) is not str or not quote or quote.isspace()):
            return False
        note = None
        if dispute:
            note = c["note"]
            if not _text(note):
                return False
        made = _new(Citation)
        d = made.__dict__
        d["source"] = source
        d["quote"] = quote
        d["note"] = note
        d["_at"] = (_citation_field, doc, keys, j)
        out.append(made)
    return True


def _fast_strings(value: Any) -> tuple[str, ...] | None:
    if type(value) is not list:
        return None
    for v in value:
        if not _text(v):
            return None
    return tuple(value)


def _fast_aliases(value: Any) -> Any:
    """A fact's ``aliases`` when they are valid: {name: [other names]} or {name: other}."""
    if type(value) is not dict:
        return None
    out = {}
    for key, names in value.items():
        if type(key) is not str or len(key) > 1000:
            return None
        if type(names) is list:
            for name in names:
                if not _text(name):
                    return None
            out[key] = tuple(names)
        elif _text(names):
            out[key] = (names,)
        else:
            return None
    return MappingProxyType(out)


def _fast_question(q: Any, keys: tuple[Any, ...], j: int, doc: Any, ids: list[str]
                   ) -> Question | None:
    """The question ``q``, item ``j`` of the list at ``keys``, when it is valid (its id goes
    into ``ids``)."""
    if type(q) is not dict:
        return None
    qtype = q.get("type")
    allowed = _ALLOWED.get(qtype) if type(qtype) is str else None
    if allowed is None or not q.keys() <= allowed or not _REQUIRED[qtype] <= q.keys():
        return None
    qid = q["id"]
    if type(qid) is not str or not _id_ok(qid):
        return None
    for key in _TEXT_KEYS:
        if key in q:
            value = q[key]
            if type(value) is not str or not value or value.isspace():
                return None
    answer: Any = ""
    if "answer" in q:
        answer = q["answer"]
        t = type(answer)
        if qtype == "numeric":
            if (t is not int and t is not float) or not _finite(answer):
                return None
        elif qtype == "true_false":
            if t is not bool:
                return None
        elif t is str:
            if answer.isspace() or answer == "":
                return None
        elif t is bool:
            answer = "true" if answer else "false"
        elif t is int:
            answer = str(answer)
        else:
            return None
    accept = distractors = ()
    if "accept" in q:
        accept = _fast_strings(q["accept"])
        if accept is None:
            return None
    if "distractors" in q:
        distractors = _fast_strings(q["distractors"])
        if distractors is None:
            return None
    ids.append(qid)
    out = _new(Question)
    d = out.__dict__
    d["id"] = qid
    d["type"] = qtype
    d["prompt"] = q["text"] if qtype == "cloze" else q["prompt"]
    d["answer"] = answer
    d["explanation"] = q.get("explanation", "")
    d["unit"] = q.get("unit")
    d["accept"] = accept
    d["distractors"] = distractors
    d["_at"] = (_question_field, doc, keys, j, q)
    return out


def _fast_fact(ctx: _Ctx, f: Any, keys: tuple[Any, ...], doc: Any, topic: str) -> Fact | None:
    """The fact ``f`` at ``keys`` when every part of it is valid and its ids are new; None
    when it has anything to report (nothing is recorded then)."""
    if type(f) is not dict or not f.keys() <= _FACT_KEYS:
        return None
    fid = f.get("id")
    category = f.get("category")
    statement = f.get("statement")
    cited = f.get("citations")
    if (type(fid) is not str or not _id_ok(fid)
            or type(category) is not str or category not in _CATEGORIES
            or type(statement) is not str or not statement or statement.isspace()
            or type(cited) is not list or not cited):
        return None
    citations: list[Citation] = []
    if not _fast_citations(cited, (*keys, "citations"), doc, _CITATION_KEYS, citations):
        return None
    disputes: list[Citation] = []
    if "disputes" in f and not (type(f["disputes"]) is list and _fast_citations(
            f["disputes"], (*keys, "disputes"), doc, _DISPUTE_KEYS, disputes)):
        return None
    aliases = _EMPTY
    if "aliases" in f:
        aliases = _fast_aliases(f["aliases"])
        if aliases is None:
            return None
    ids = [fid]
    questions = []
    if "questions" in f:
        items = f["questions"]
        if type(items) is not list:
            return None
        qkeys = (*keys, "questions")
        for j, q in enumerate(items):
            question = _fast_question(q, qkeys, j, doc, ids)
            if question is None:
                return None
            questions.append(question)
    known = ctx.ids
    for n, ident in enumerate(ids):
        if ident in known:  # used before, or twice in this fact
            for added in ids[:n]:
                del known[added]
            return None
        known[ident] = (doc, keys if n == 0 else (*keys, "questions", n - 1))
    out = _new(Fact)
    d = out.__dict__
    d["id"] = fid
    d["category"] = category
    d["statement"] = statement
    d["citations"] = tuple(citations)
    d["topic"] = topic
    d["disputes"] = tuple(disputes)
    d["aliases"] = aliases
    d["questions"] = tuple(questions)
    d["_at"] = (_fact_field, doc, keys, f)
    return out


def _fast_topic(ctx: _Ctx, value: dict[str, Any], text: str, shown: str, tid: str
                ) -> Topic:
    """The topic ``tid`` from ``value``, ``yamlrs.parse``'s value of its file ``text``: each
    valid fact built straight from it, the others the detailed way. Raises :class:`_Slow`
    when the file must be loaded the detailed way as a whole: something at its top level is
    not plain, or a part of it ``yamlrs`` leaves to the exact reader."""
    from quizgen import yamlrs

    if not value.keys() <= _TOPIC_KEYS:
        raise _Slow
    title = value.get("title")
    intro = value.get("intro", "")
    facts_value = value.get("facts")
    if (not _text(title) or ("intro" in value and not _text(intro))
            or type(facts_value) is not list):
        raise _Slow
    doc = yamlrs._Doc(text, shown, 0)
    facts = []
    for i, item in enumerate(facts_value):
        keys = ("facts", i)
        fact = _fast_fact(ctx, item, keys, doc, tid)
        if fact is None:
            # the detailed way, on this fact's part of the file
            t = type(item)
            if t is dict or t is list:
                try:
                    node = yamlrs._walk(item, doc, keys, 2)
                except (yamlrs._Unsafe, RecursionError):
                    raise _Slow from None
                place = node.place
            else:
                if t is str and item[:1] == "\n" and not item.strip("\n"):
                    raise _Slow  # yamlrs leaves this file to the exact reader
                node = item
                place = doc.place(keys)
            fact = _fact(ctx, node, place, tid)
        if fact is not None:
            facts.append(fact)
    return Topic(id=tid, title=title, intro=intro, facts=tuple(facts), place=Place(shown, 1, 1))


def _read_yaml_file(path: Path, shown: str) -> tuple[str | None, list[Finding], Any]:
    """A YAML file's text, the findings of reading it, and its ``yamlrs.parse`` value
    (plain values, cheap to send between processes: see :func:`_read_files`)."""
    from quizgen import yamlrs

    text, findings = read_text_file(path, shown)
    return text, findings, None if text is None or "\t" in text else yamlrs.parse(text)


def _load_yaml_file(ctx: _Ctx, path: Path, shown: str,
                    read: tuple[str | None, list[Finding], Any] | None = None) -> Any:
    text, findings, parsed = read or _read_yaml_file(path, shown)
    ctx.findings += findings
    if text is None:
        return None
    if "\t" in text:
        for n, ln in enumerate(text.split("\n"), 1):
            indent = ln[: len(ln) - len(ln.lstrip(" \t"))]
            if "\t" in indent:
                ctx.add(Place(shown, n, indent.index("\t") + 1), "QG001",
                        "a tab is used for indentation; YAML allows only spaces",
                        "replace the tab with spaces")
                return None
    try:
        value, dup = load_yaml(text, shown, parsed=parsed)
    except YamlError as exc:
        ctx.findings.append(exc.finding)
        return None
    ctx.findings += dup
    return value


def find_root(start: Path) -> Path | None:
    """The project folder: ``start`` or the nearest parent holding ``questions/bank.yaml``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / QUESTIONS_DIR / BANK_FILE).is_file():
            return folder
    return None


def _source_files(root: Path) -> list[tuple[Path, str]]:
    folder = root / QUESTIONS_DIR / SOURCES_DIR
    if not folder.is_dir():
        return []
    # by name: the order of the paths (one folder), without comparing Path objects
    return [(path, f"{QUESTIONS_DIR}/{SOURCES_DIR}/{path.name}")
            for path in sorted(folder.glob("*.md"), key=lambda p: p.name)]


def load_sources(root: Path, ctx_findings: list[Finding],
                 loaded: list[tuple[Any, list[Finding]]] | None = None) -> dict[str, Any]:
    """The sources under ``root``, by id (``loaded``: what :func:`load_source` gave for each
    file, when :func:`_read_files` read them already)."""
    sources: dict[str, Any] = {}
    if loaded is None:
        loaded = [load_source(path, shown) for path, shown in _source_files(root)]
    for source, findings in loaded:
        ctx_findings.extend(findings)
        if source is not None:
            sources[source.id] = source
    return sources


#: bank files of this many bytes in all are read and parsed on two processor cores
PARALLEL_MIN_BYTES = 2_000_000


def _read_files(topics: list[tuple[Path, str]], sources: list[tuple[Path, str]],
                parallel: bool = True
                ) -> tuple[dict[Path, Any], list[tuple[Any, list[Finding]]]]:
    """Read (and parse) the topic files and load the sources, on two cores at once when
    there is much to read (:func:`quizgen.parallel.in_two`): each process takes every other
    file. What the other process sends back is plain data: texts, ``yaml_rs`` values,
    sources and findings."""

    def read(share: int) -> tuple[list[Any], list[tuple[Any, list[Finding]]]]:
        return ([_read_yaml_file(p, shown) for p, shown in topics[share::2]],
                [load_source(p, shown) for p, shown in sources[share::2]])

    size = 0
    for path, _ in topics + sources if parallel else ():
        with contextlib.suppress(OSError):  # reading it reports the problem
            size += path.stat().st_size
    if size < PARALLEL_MIN_BYTES or not parallel:
        mine, theirs = read(0), read(1)
    else:
        from quizgen.parallel import in_two

        mine, theirs = in_two(lambda: read(0), lambda: read(1))
    texts = _interleave(mine[0], theirs[0])
    return ({p: t for (p, _), t in zip(topics, texts, strict=True)},
            _interleave(mine[1], theirs[1]))


def _interleave(a: list[Any], b: list[Any]) -> list[Any]:
    """``a[0], b[0], a[1], b[1], ...``: the files in their order again."""
    out: list[Any] = [None] * (len(a) + len(b))
    out[::2] = a
    out[1::2] = b
    return out


def load_project(root: Path, share: tuple[int, int] | None = None) -> LoadResult:
    """Load the bank under ``root`` (the folder that holds ``questions/``).

    With ``share=(k, n)`` only every ``n``-th topic from the ``k``-th is read, for checking a
    large bank in parts (:func:`quizgen.build.check_project`); everything else (bank.yaml,
    the list of topics, the sources) is loaded as usual."""
    ctx = _Ctx()
    qdir = root / QUESTIONS_DIR
    shown_bank = f"{QUESTIONS_DIR}/{BANK_FILE}"
    data = _load_yaml_file(ctx, qdir / BANK_FILE, shown_bank)
    meta = ctx.fields(data, BANK_KEYS, "bank.yaml", Place(shown_bank, 1, 1)) if data is not None else None
    if meta is None:
        load_sources(root, ctx.findings)
        return LoadResult(None, ctx.findings)
    bank_id = meta.get("id", "bank")
    if "id" in meta and not ID_RE.match(bank_id):
        ctx.add(data.place_of("id"), "QG011", f"bank id '{bank_id}' is not allowed",
                "use lower-case letters, digits, '-' and '_'")
    # topics: listed in bank.yaml (their order) or every other *.yaml in questions/
    topic_ids: list[tuple[str, Place]] = []
    if "topics" in meta:
        for t, r, p in zip(meta["topics"], meta["topics"].raw, meta["topics"].item_places,
                           strict=True):
            tid = r if r is not None else str(t)
            if not isinstance(t, (str, int)) or not ID_RE.match(tid):
                ctx.add(p, "QG011", f"topic '{tid}' is not an allowed topic id",
                        "a topic id is the name of questions/<id>.yaml, in lower-case letters, "
                        "digits, '-' and '_'")
                continue
            topic_ids.append((tid, p))
        listed = {t for t, _ in topic_ids}
        for path in sorted(qdir.glob("*.yaml")):
            if path.name != BANK_FILE and path.stem not in listed:
                ctx.add(Place(f"{QUESTIONS_DIR}/{path.name}", 1, 1), "QG013",
                        f"topic file {path.name} is not listed in bank.yaml 'topics'; "
                        "it is not part of the bank", "add it to 'topics' or remove it",
                        severity="warning")
    else:
        topic_ids = [(p.stem, Place(shown_bank, 1, 1)) for p in sorted(qdir.glob("*.yaml"))
                     if p.name != BANK_FILE]
    unique = list(dict.fromkeys(tid for tid, _ in topic_ids))
    mine = set(unique if share is None else unique[share[0]::share[1]])
    files = [(qdir / f"{tid}.yaml", f"{QUESTIONS_DIR}/{tid}.yaml") for tid in unique
             if tid in mine]
    read, loaded = _read_files([f for f in files if f[0].is_file()], _source_files(root),
                               parallel=share is None)
    sources = load_sources(root, ctx.findings, loaded)
    topics = []
    seen_topics: set[str] = set()
    for tid, tplace in topic_ids:
        if tid in seen_topics:
            ctx.add(tplace, "QG010", f"topic '{tid}' is listed twice")
            continue
        seen_topics.add(tid)
        if tid not in mine:
            continue  # another share's
        path = qdir / f"{tid}.yaml"
        shown = f"{QUESTIONS_DIR}/{tid}.yaml"
        if not path.is_file():
            existing = [p.stem for p in qdir.glob("*.yaml") if p.name != BANK_FILE]
            ctx.add(tplace, "QG012", f"topic file {shown} does not exist",
                    did_you_mean(tid, existing)
                    or f"create {shown} or remove '{tid}' from topics")
            continue
        if FAST_TOPICS and read[path][2] is not None:
            text, found, parsed = read[path]
            mark, known = len(ctx.findings), len(ctx.ids)
            ctx.findings += found
            try:
                topics.append(_fast_topic(ctx, parsed, text, shown, tid))
                continue
            except _Slow:  # undone, and done the detailed way
                del ctx.findings[mark:]
                for ident in list(ctx.ids)[known:]:
                    del ctx.ids[ident]
        tdata = _load_yaml_file(ctx, path, shown, read[path])
        if tdata is None:
            continue
        tf = ctx.fields(tdata, TOPIC_KEYS, f"topic {tid}", Place(shown, 1, 1))
        if tf is None:
            continue
        facts = []
        if "facts" in tf:
            for item, ipl in zip(tf["facts"], tf["facts"].item_places, strict=True):
                fact = _fact(ctx, item, ipl, tid)
                if fact is not None:
                    facts.append(fact)
        topics.append(Topic(id=tid, title=tf.get("title", tid), intro=tf.get("intro", ""),
                            facts=tuple(facts), place=Place(shown, 1, 1)))
    if not topics and not any(f.severity == "error" for f in ctx.findings):
        ctx.add(Place(shown_bank, 1, 1), "QG012", "the bank has no topics",
                "add a topic file questions/<topic>.yaml with a title and facts")
    title = meta.get("title", "Untitled bank")
    bank = Bank(
        id=bank_id, title=title, description=meta.get("description", ""),
        language=meta.get("language", "en"), audience=meta.get("audience", ""),
        deck=meta.get("deck", title), topics=tuple(topics),
        sources=MappingProxyType(sources), place=Place(shown_bank, 1, 1),
        aliases=MappingProxyType(_aliases(ctx, meta.get("aliases"), "bank.yaml")),
    )
    return LoadResult(bank, ctx.findings, frozenset(ctx.ids))
