"""The fastest way in: a bank file read by ``yaml_rs`` (a YAML parser written in Rust).

``yaml_rs`` reads a large bank many times faster than PyYAML, even than its C loader, but it
differs from PyYAML in two ways that matter here:

- It follows YAML 1.2, PyYAML YAML 1.1, and they type some plain (unquoted) scalars
  differently: ``yes``, ``on``, ``010``, ``1e3`` or ``12:30`` are a boolean, an octal number,
  a string and a base-60 number to PyYAML, and a string, ten, a thousand and a time to
  ``yaml_rs``.
- It gives values only, no places (line and column).

So this module takes a file only when the two parsers cannot disagree on it, and then knows
each value by where it sits in the document (its keys and indexes), not by line: the line is
looked up only when a finding needs it (a :class:`~quizgen.model.LazyPlace`), by reading the
file again on the exact path (:func:`quizgen.yamlload.load_yaml_exact`), which every finding
about YAML itself comes from anyway.

When can they not disagree? Every plain scalar of the file is plain text to both parsers, or
written as a whole number (``0``, ``183``, ``-7``), ``true``/``false``, or ``null``/``~``,
which both read alike. A scan of the lines finds every place a plain scalar can start (after
the indentation and any ``- ``, after a key's ``:``, inside a one-line ``[...]``) and looks at
what starts there; anything else, and anything this module does not read (anchors, tags,
flow mappings, ``?`` keys, document markers, tabs, characters YAML forbids, a ``[`` list
that goes on to the next line), sends the file to the exact path. The scan errs on the side
of looking: it also looks at lines inside long quoted strings and block scalars, which can
only send a file to the exact path without need, never let one through that should not be.
``tests/test_yamlrs.py`` holds it to PyYAML on the bundled bank, a generated bank and random
documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from itertools import chain
from typing import Any

from quizgen.model import LazyPlace, Place
from quizgen.yamlfast import _UNSAFE_RE, GIVE_UP
from quizgen.yamlload import MAX_DEPTH, LocDict, LocList

try:
    import yaml_rs
except ImportError:  # pragma: no cover - yaml_rs has wheels for the usual platforms
    yaml_rs = None

# A value can start after the indentation and any "- ", or after a ': ' (a key's, or one in
# a quoted string, which only costs a look). What starts there is looked at when it is not a
# letter or a quote: a digit, a sign, '.', '~', an indicator, a '[' list, a block scalar's
# '|' or '>'; or when it is one of the words YAML 1.1 or 1.2 read as true, false or null.
#: (the character class is [^\sA-Za-z_\"'#\x80-\U0010ffff] written as the characters it
#: takes, all ASCII, which compiles in a fraction of a millisecond instead of some 20)
_VALUE = (r"(?P<v>[\x00-\x08\x0e-\x1b!$%&(-@\[-^`{-\x7f]"
          r"|(?i:yes|no|on|off|true|false|null)(?=[ ]*(?:[ ]#|$)))")
#: ...but not the values most common in a bank that the look would find safe: a whole line
#: of ``true``, ``false``, ``null`` or a whole number, or a ``[...]`` list of double-quoted
#: items without a backslash (looking at them costs more than scanning the whole file)
_SAFE_AHEAD = (r'(?!(?:true|false|null|0|-?[1-9][0-9]*)$'
               r'|\[[ ]*"[^"\\\n]*"(?:[ ]*,[ ]*"[^"\\\n]*")*[ ]*\]$)')
#: what a value above can start with (the first letters of the words among the letters):
#: looked at first, it spares the regex engine the rest of the pattern on most lines
_FIRST = r"(?=[\x00-\x08\x0e-\x1b!$%&(-@\[-^`{-\x7fFNOTYfnoty])"
_VALUE = _FIRST + _SAFE_AHEAD + _VALUE
#: two patterns, not one with two branches: each alone starts with one character the regex
#: engine can skip to, which makes the two together several times faster than the one
_LINE_START_RE = re.compile(r"\n[ ]*+(?:-[ ]+)*+" + _VALUE, re.MULTILINE)
_AFTER_KEY_RE = re.compile(r":[ ]+" + _VALUE, re.MULTILINE)
_DOC_STARTS = ("---", "...", "%")
_DOC_START_RE = re.compile(r"\n(?:---|\.\.\.|%)")
_TRAILING_SPACE_RE = re.compile(" \n")
#: a backslash before anything but the escapes both parsers read alike
_ODD_ESCAPE_RE = re.compile(r'\\[^"\\/ntabvfre0 N_LP]')
_WHOLE_NUMBER_RE = re.compile(r"0|-?[1-9][0-9]*")
#: plain scalars both parsers read alike, besides whole numbers: true, false and null
_SAME = frozenset(["true", "false", "null", "Null", "NULL", "~", ""])
#: block scalars both parsers read alike (keeping final line breaks with "+", or an
#: indentation number, is where they part)
_BLOCK_HEADERS = frozenset(["|", ">", "|-", ">-"])
#: characters that start YAML syntax this module leaves to the exact path
_INDICATORS = frozenset("&*!%@`?:{}]|>,")


def _plain_end(line: str, start: int) -> str:
    """The plain scalar that starts at ``start`` and goes to the end of the line (less a
    ``#`` comment and trailing spaces)."""
    text = line[start:]
    cut = text.find(" #")
    return (text if cut < 0 else text[:cut]).rstrip(" ")


@lru_cache(maxsize=4096)
def _agree(token: str) -> bool:
    """Both parsers read the plain scalar ``token`` as the same value, and that value
    written out again is ``token`` (the loader reads some fields as the text written)."""
    if token in _SAME or _WHOLE_NUMBER_RE.fullmatch(token) or token in _BLOCK_HEADERS:
        return True
    if token[0] in _INDICATORS or token.startswith(("- ", "-\n")) or token == "-":
        return token == "-"  # "-" alone: an empty list item, null to both
    import yaml

    tag = yaml.resolver.Resolver().resolve(yaml.ScalarNode, token, (True, False))
    if tag != "tag:yaml.org,2002:str":
        return False
    try:
        value = yaml_rs.loads("k: " + token)
    except Exception:  # noqa: BLE001 - yaml_rs refuses it: the exact path reports it
        return False
    return value == {"k": token}


def _quoted_end(line: str, start: int) -> int:
    """Where the quoted scalar that starts at ``start`` ends (just after its closing quote),
    or -1 when it does not end on this line."""
    quote = line[start]
    i = start + 1
    while i < len(line):
        ch = line[i]
        if quote == '"' and ch == "\\":
            i += 2  # an escaped character, whatever it is
            continue
        if ch == quote:
            if quote == "'" and line.startswith("''", i):
                i += 2  # '' is a quote inside single quotes
                continue
            return i + 1
        i += 1
    return -1


def _flow_items(line: str, start: int) -> Iterator[str] | None:
    """The plain items of the one-line ``[...]`` list at ``start`` (quoted items are text to
    both parsers); None when the list is not one line of scalars."""
    i = start + 1
    n = len(line)
    items: list[str] = []
    while True:
        while i < n and line[i] == " ":
            i += 1
        if i >= n:
            return None
        ch = line[i]
        if ch == "]" and not items:
            break
        if ch in "\"'":
            end = _quoted_end(line, i)
            if end < 0:
                return None
            i = end
        else:
            end = i
            while end < n and line[end] not in ",]":
                end += 1
            token = line[i:end].rstrip(" ")
            if not token or any(c in token for c in "[]{}#:\"'"):
                return None
            items.append(token)
            i = end
        while i < n and line[i] == " ":
            i += 1
        if i >= n:
            return None
        if line[i] == ",":
            i += 1
            continue
        if line[i] == "]":
            break
        return None
    rest = line[i + 1:].strip(" ")
    if rest and not rest.startswith("#"):
        return None
    return iter(items)


#: a run of digits longer than Python reads into a whole number (``sys.get_int_max_str_digits``)
_LONG_DIGITS_RE = re.compile(r"\d{4300}")


def text_is_safe(text: str) -> bool:
    """True when PyYAML and ``yaml_rs`` cannot read ``text`` differently (see the module's
    docstring). False sends the file to the exact path, which is always right."""
    # printable text holds nothing _UNSAFE_RE looks for (no tab, no control or format
    # character, no other line break); str.isprintable is many times faster than the regex
    if not text.replace("\n", " ").isprintable() and _UNSAFE_RE.search(text):
        return False
    if text.startswith(_DOC_STARTS) or _DOC_START_RE.search(text):
        return False  # a document marker or a directive
    if not text.endswith("\n") or _TRAILING_SPACE_RE.search(text):
        # trailing spaces, or no line break at the end: yaml_rs ends a block scalar there
        # with a line break PyYAML does not give
        return False
    if _LONG_DIGITS_RE.search(text):
        return False  # a whole number PyYAML refuses to read (Python's limit on digits)
    if "\\" in text and _ODD_ESCAPE_RE.search(text):
        return False  # numeric escapes: yaml_rs joins "\ud83d\ude00" pairs, PyYAML refuses
    text = "\n" + text  # every line starts after a line break
    for m in chain(_LINE_START_RE.finditer(text), _AFTER_KEY_RE.finditer(text)):
        at = m.start("v")
        line_end = text.find("\n", at)
        line = text[at:] if line_end < 0 else text[at:line_end]
        if line[0] == "[":
            items = _flow_items(line, 0)
            if items is None or not all(_agree(t) for t in items):
                return False
        elif not _agree(_plain_end(line, 0)):
            return False
    return True


# --- values with places found on demand -----------------------------------------------------


class _Doc:
    """One file read the fast way: finds the place of a value from its path of keys and
    indexes, reading the file on the exact path the first time a place is asked for."""

    __slots__ = ("_exact", "line_offset", "path", "text")

    def __init__(self, text: str, path: str, line_offset: int):
        self.text = text
        self.path = path
        self.line_offset = line_offset
        self._exact: Any = None

    def place(self, keys: tuple[Any, ...], kind: str = "value") -> Place:
        return LazyPlace(self.path, lambda: self._resolve(keys, kind))

    def places(self, keys: tuple[Any, ...], container: Any) -> Mapping[Any, Place]:
        """The places of the values of ``container``, the mapping or list at ``keys``."""
        return _Places(self, keys, container, "value")

    def _resolve(self, keys: tuple[Any, ...], kind: str) -> tuple[int, int]:
        if self._exact is None:
            from quizgen.yamlload import load_yaml_exact

            self._exact = load_yaml_exact(self.text, self.path, line_offset=self.line_offset)[0]
        node = self._exact
        place: Place = node.place
        for i, key in enumerate(keys):
            last = i == len(keys) - 1
            if isinstance(node, LocDict):
                place = node.key_places[key] if last and kind == "key" else node.place_of(key)
            else:
                place = node.item_places[key]
            node = node[key]
        return place.line, place.col


def raw_of(value: Any) -> str | None:
    """The text a scalar was written as, for the scalars :func:`text_is_safe` lets through:
    text is itself, numbers are whole numbers written plainly, booleans ``true``/``false``."""
    if value is None or isinstance(value, str):
        return value
    if value is True or value is False:
        return "true" if value else "false"
    return str(value)


class _Places(Mapping[Any, Place]):
    """The places of a mapping's keys or values, or a list's items, made when asked for:
    ``container`` is the mapping or list (plain or fast) at ``keys`` in ``doc``."""

    __slots__ = ("_container", "_doc", "_keys", "_kind")

    def __init__(self, doc: _Doc, keys: tuple[Any, ...], container: Any, kind: str):
        self._doc = doc
        self._keys = keys
        self._container = container
        self._kind = kind

    def __getitem__(self, key: Any) -> Place:
        node = self._container
        if isinstance(node, list):
            if not isinstance(key, int) or not -len(node) <= key < len(node):
                raise KeyError(key)
            key %= len(node)
        elif key not in node:
            raise KeyError(key)
        return self._doc.place((*self._keys, key), self._kind)

    def __iter__(self) -> Iterator[Any]:
        node = self._container
        return iter(range(len(node))) if isinstance(node, list) else iter(node)

    def __len__(self) -> int:
        return len(self._container)


class _Raw:
    """``LocDict.raw`` for a fast mapping: the written text of each scalar value (only
    ``get`` is needed)."""

    __slots__ = ("_node",)

    def __init__(self, node: _FastDict):
        self._node = node

    def get(self, key: str, default: Any = None) -> Any:
        value = self._node.get(key)
        if value is None or type(value) is _FastDict or type(value) is _FastList:
            return default
        return raw_of(value)


class _ItemPlaces(Sequence[Place]):
    """``LocList.item_places`` for a fast list: an item's place is made when asked for (a
    mapping or list item gives its own, which it keeps)."""

    __slots__ = ("_node",)

    def __init__(self, node: _FastList):
        self._node = node

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self._node)))]
        node = self._node
        item = node[i]
        if type(item) is _FastDict or type(item) is _FastList:
            return item.place
        return node._doc.place((*node._keys, i % len(node)))

    def __len__(self) -> int:
        return len(self._node)

    def __iter__(self) -> Iterator[Place]:
        node = self._node
        for i, item in enumerate(node):
            if type(item) is _FastDict or type(item) is _FastList:
                yield item.place
            else:
                yield node._doc.place((*node._keys, i))


class _FastDict(LocDict):
    """A :class:`LocDict` read the fast way: places and raw text are found when asked for."""

    __slots__ = ("_doc", "_keys", "_place")

    @property  # type: ignore[override]
    def place(self) -> Place:
        if self._place is None:
            self._place = self._doc.place(self._keys)
        return self._place

    @property  # type: ignore[override]
    def key_places(self) -> Mapping[str, Place]:
        return _Places(self._doc, self._keys, self, "key")

    @property  # type: ignore[override]
    def value_places(self) -> Mapping[str, Place]:
        return _Places(self._doc, self._keys, self, "value")

    @property  # type: ignore[override]
    def raw(self) -> _Raw:  # type: ignore[override]
        return _Raw(self)

    def place_of(self, key: str) -> Place:
        return self._doc.place((*self._keys, key)) if key in self else self.place


class _FastList(LocList):
    """A :class:`LocList` read the fast way."""

    __slots__ = ("_doc", "_keys", "_place")

    @property  # type: ignore[override]
    def place(self) -> Place:
        if self._place is None:
            self._place = self._doc.place(self._keys)
        return self._place

    @property  # type: ignore[override]
    def item_places(self) -> _ItemPlaces:  # type: ignore[override]
        return _ItemPlaces(self)

    @property  # type: ignore[override]
    def raw(self) -> list[str | None]:
        return [None if type(v) is _FastDict or type(v) is _FastList else raw_of(v)
                for v in self]


class _Unsafe(Exception):
    pass


def _walk(value: Any, doc: _Doc, keys: tuple[Any, ...], depth: int) -> Any:
    """``yaml_rs``'s value as ``LocDict``/``LocList`` containers; raises :class:`_Unsafe`
    where the exact path must read the file: a key that is not text (``true:`` or ``null:``
    as a key is a boolean or null to ``yaml_rs``, the text "true" to the exact path), or
    nesting deeper than the exact path allows."""
    if depth > MAX_DEPTH:
        raise _Unsafe
    if type(value) is dict:
        out: Any = _FastDict(value)
        for k, v in value.items():
            if type(k) is not str or len(k) > 1000:
                raise _Unsafe  # PyYAML: a key is text, and a plain key at most 1024 long
            t = type(v)
            if t is dict or t is list:
                out[k] = _walk(v, doc, (*keys, k), depth + 1)
            elif t is str and v[:1] == "\n" and not v.strip("\n"):
                raise _Unsafe  # a block scalar of blank lines: "\n" to yaml_rs, "" to PyYAML
    else:
        out = _FastList(value)
        for i, v in enumerate(value):
            t = type(v)
            if t is dict or t is list:
                out[i] = _walk(v, doc, (*keys, i), depth + 1)
            elif t is str and v[:1] == "\n" and not v.strip("\n"):
                raise _Unsafe
    out._doc = doc
    out._keys = keys
    out._place = None
    return out


def parse(text: str) -> dict[str, Any] | None:
    """``yaml_rs``'s value of ``text`` when it is a mapping this module may take, else None.
    The first half of :func:`fast_load`: plain values, cheap to send to another process."""
    if yaml_rs is None or not text_is_safe(text):
        return None
    try:
        value = yaml_rs.loads(text, parse_datetime=False)
    except Exception:  # noqa: BLE001 - any problem: the exact path reports it with its place
        return None
    return value if type(value) is dict else None


def from_parsed(value: dict[str, Any], text: str, path: str, line_offset: int = 0) -> Any:
    """The second half of :func:`fast_load`: :func:`parse`'s value as ``LocDict`` containers
    whose places are found on demand, or :data:`GIVE_UP`."""
    try:
        return _walk(value, _Doc(text, path, line_offset), (), 0)
    except (_Unsafe, RecursionError):
        return GIVE_UP


def fast_load(text: str, path: str, line_offset: int = 0) -> Any:
    """The value of the YAML document ``text`` (a mapping), or :data:`GIVE_UP` when it must
    be read on the exact path (see the module's docstring)."""
    value = parse(text)
    return GIVE_UP if value is None else from_parsed(value, text, path, line_offset)
