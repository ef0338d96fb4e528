"""A fast reader for the plain block-style YAML that banks are written in.

PyYAML's C loader spends most of its time building a node and two marks for every scalar
and resolving each scalar's type in Python; on a bank of ten thousand questions that is
seconds. Bank files use a small part of YAML: block mappings and sequences, one scalar or a
one-line ``[flow, list]`` per line, scalars plain or quoted on one line, comments. This
module reads exactly that part, line by line, and gives the same result as
:func:`quizgen.yamlload.load_yaml` on PyYAML: the same ``LocDict``/``LocList`` values, the
same raw scalar text, and the same places (line and column of every key, value and item).

It does not try to be a YAML parser. Anything outside that part -- block scalars (``|``,
``>``), a scalar that goes on over several lines, anchors, aliases, tags, flow mappings,
quoted keys, document markers, tabs, a duplicate key, anything it is not sure of -- makes it
give up (:data:`GIVE_UP`), and the caller reads the file with PyYAML, which also reports
every syntax error with its place. So the fast path never decides what a file means when
PyYAML would see it differently, and every finding about YAML syntax still comes from PyYAML.
Plain scalars are typed by PyYAML's own resolver and constructor (YAML 1.1: ``yes`` is
true, ``1_000`` is a number), so their values are PyYAML's.

``tests/test_yamlfast.py`` proves the equivalence on the test banks, on a generated bank of
thousands of questions, and on randomly generated documents.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from quizgen.model import Place

#: returned when the text is outside the part of YAML this module reads
GIVE_UP: Any = object()

#: nesting deeper than this goes to the PyYAML path, which reports it (yamlload.MAX_DEPTH)
_MAX_DEPTH = 60

# Characters PyYAML/libyaml treat specially anywhere in a file: other line breaks (which would
# change line numbers), tabs, byte-order marks, and characters YAML does not allow at all.
# That is every character but "\n" and [\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe
# \uff00-\ufffd\U00010000-\U0010ffff], written as the characters it takes rather than the
# ones it leaves: the same class, compiled in a fraction of a millisecond instead of some 20
# (``tests/test_load_fast.py`` compares the two on every character).
_UNSAFE_RE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
)
# A plain scalar may not start with an indicator (a '-', '?' or ':' only before a non-space).
_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
# A key: plain, one line, no ':' or '#' inside, no space before the ':'; then ': ' or the end.
_KEY_RE = re.compile(r"([^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#]*?)(?<![ ]):(?:([ ]+)(.*)|$)")
_DQ_RE = re.compile(r'"((?:[^"\\]|\\.)*)"')
_SQ_RE = re.compile(r"'((?:[^']|'')*)'")
_REST_OK_RE = re.compile(r"[ ]*(?:[ ]#.*)?$")
_BLOCK_HEADER_RE = re.compile(r"([|>])([+-]?)(?:[ ]+#.*)?$")
_ESCAPES = {"0": "\x00", "a": "\x07", "b": "\x08", "t": "\t", "n": "\n", "v": "\x0b",
            "f": "\x0c", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "\\": "\\", "/": "/",
            "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
_ESCAPE_RE = re.compile(r"\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")

_resolvers = yaml.resolver.Resolver.yaml_implicit_resolvers
_wildcard = list(_resolvers.get(None, []))
_NONE: list[Any] = []
_STR_TAG = "tag:yaml.org,2002:str"
_constructor = yaml.constructor.SafeConstructor()


class _GiveUp(Exception):
    pass


_new = object.__new__


def _make_place(path: str, line: int, col: int) -> Place:
    """``Place(path, line, col)`` at a third of the cost: a frozen dataclass's ``__init__``
    goes through ``object.__setattr__`` for each field; this fills the instance's ``__dict__``
    directly. The result is an ordinary ``Place`` (same class, fields, equality and hash)."""
    p = _new(Place)
    d = p.__dict__
    d["path"] = path
    d["line"] = line
    d["col"] = col
    return p


def _plain_value(text: str) -> Any:
    """The value PyYAML gives a plain scalar: its implicit resolver, its safe constructor."""
    tag = _STR_TAG
    for candidate, regexp in _resolvers.get(text[0], _NONE) + _wildcard:
        if regexp.match(text):
            tag = candidate
            break
    if tag == _STR_TAG:
        return text
    construct = _constructor.yaml_constructors.get(tag)
    if construct is None:
        raise _GiveUp  # a type the safe loader refuses: PyYAML reports it with its place
    try:
        return construct(_constructor, yaml.ScalarNode(tag, text))
    except (yaml.YAMLError, ValueError, OverflowError):
        raise _GiveUp from None


def _unescape(body: str) -> str:
    def one(m: re.Match[str]) -> str:
        hexa = m.group(1) or m.group(2) or m.group(3)
        if hexa is not None:
            code = int(hexa, 16)
            if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
                raise _GiveUp
            return chr(code)
        ch = m.group(4)
        if ch not in _ESCAPES:
            raise _GiveUp
        return _ESCAPES[ch]

    return _ESCAPE_RE.sub(one, body)


class _Reader:
    def __init__(self, text: str, path: str, line_offset: int):
        from quizgen.yamlload import LocDict, LocList

        self.LocDict = LocDict
        self.LocList = LocList
        self.path = path
        self.off = line_offset + 1
        self.raw = text.split("\n")
        # content lines: (line number from 0, indent, text without the indent)
        self.lines = [(n, len(line) - len(body), body.rstrip(" "))
                      for n, line, body in ((n, line, line.lstrip(" "))
                                            for n, line in enumerate(text.split("\n")))
                      if body and body[0] != "#"]

    def place(self, line: int, col: int) -> Place:
        return _make_place(self.path, line + self.off, col + 1)

    # --- block scalars (| and >) --------------------------------------------------------------

    def block_scalar(self, header: str, line: int, parent: int) -> tuple[str, int]:
        """The text of the ``|`` or ``>`` scalar whose header ends line ``line``, read as
        PyYAML's scanner reads it (``scan_block_scalar``); and the number of the line after
        it. ``parent`` is the indentation of the collection it belongs to."""
        m = _BLOCK_HEADER_RE.match(header)
        if m is None:
            raise _GiveUp  # an explicit indentation, or something after the header
        folded = m.group(1) == ">"
        chomp = m.group(2)  # "" clip, "-" strip, "+" keep
        raw = self.raw
        last = len(raw) - 1  # raw[last] has no line break after it
        i = line + 1
        # the indentation: that of the first line with something on it
        max_indent = 0
        breaks: list[str] = []
        while i <= last:
            body = raw[i].lstrip(" ")
            if body:
                break
            max_indent = max(max_indent, len(raw[i]))
            if i == last:
                i += 1
                break
            breaks.append("\n")
            i += 1
        if i > last:
            raise _GiveUp  # an empty block scalar at the end of the file
        first_indent = len(raw[i]) - len(raw[i].lstrip(" "))
        indent = max(parent + 1, 1, max_indent, first_indent)
        if first_indent != indent:
            raise _GiveUp  # empty, or blank lines deeper than the text: rare, PyYAML decides
        chunks: list[str] = []
        line_break = ""
        while True:
            text = raw[i]
            chunks.extend(breaks)
            leading_non_space = text[indent:indent + 1] != " "
            chunks.append(text[indent:])
            line_break = "\n" if i < last else ""
            i += 1
            # the blank lines that follow (no deeper than the indentation)
            breaks = []
            while i <= last:
                body = raw[i].lstrip(" ")
                spaces = len(raw[i]) - len(body)
                if body or spaces > indent or i == last:
                    break
                breaks.append("\n")
                i += 1
            more = i <= last and (
                (raw[i].lstrip(" ") and len(raw[i]) - len(raw[i].lstrip(" ")) >= indent)
                or (not raw[i].lstrip(" ") and len(raw[i]) > indent))
            if not more:
                break
            if folded and line_break == "\n" and leading_non_space and raw[i][indent] != " ":
                if not breaks:
                    chunks.append(" ")
            else:
                chunks.append(line_break)
        if chomp != "-":
            chunks.append(line_break)
        if chomp == "+":
            chunks.extend(breaks)
        return "".join(chunks), i

    def after(self, line: int) -> int:
        """The index of the first content line at or after file line ``line``."""
        lines = self.lines
        lo, hi = 0, len(lines)
        while lo < hi:
            mid = (lo + hi) // 2
            if lines[mid][0] < line:
                lo = mid + 1
            else:
                hi = mid
        return lo

    # --- scalars and one-line flow sequences ---------------------------------------------

    def inline(self, text: str, line: int, col: int) -> tuple[Any, str | None, Place]:
        """The value written on one line from ``col``: (value, raw scalar text, place)."""
        first = text[0]
        place = self.place(line, col)
        if first == '"':
            m = _DQ_RE.match(text)
            if m is None or (m.end() != len(text) and not _REST_OK_RE.match(text, m.end())):
                raise _GiveUp
            body = m.group(1)
            raw = _unescape(body) if "\\" in body else body
            return raw, raw, place
        if first == "'":
            m = _SQ_RE.match(text)
            if m is None or (m.end() != len(text) and not _REST_OK_RE.match(text, m.end())):
                raise _GiveUp
            raw = m.group(1).replace("''", "'")
            return raw, raw, place
        if first == "[":
            return self.flow(text, line, col), None, place
        if first in _PLAIN_START and (
            first not in "-?:" or len(text) == 1 or text[1] == " "
        ):
            raise _GiveUp
        cut = text.find(" #")
        raw = text if cut < 0 else text[:cut].rstrip(" ")
        if ": " in raw or raw.endswith(":") or "#" in raw:
            raise _GiveUp
        return _plain_value(raw), raw, place

    def flow(self, text: str, line: int, col: int) -> Any:
        """A one-line flow sequence of scalars: ``[a, "b", 'c']``."""
        seq = self.LocList()
        seq.place = self.place(line, col)
        seq.item_places = []
        seq.raw = []
        i = 1
        n = len(text)
        while True:
            while i < n and text[i] == " ":
                i += 1
            if i >= n:
                raise _GiveUp
            if text[i] == "]":
                break
            ch = text[i]
            if ch == '"':
                m = _DQ_RE.match(text, i)
                if m is None:
                    raise _GiveUp
                body = m.group(1)
                raw = _unescape(body) if "\\" in body else body
                value: Any = raw
                end = m.end()
            elif ch == "'":
                m = _SQ_RE.match(text, i)
                if m is None:
                    raise _GiveUp
                raw = m.group(1).replace("''", "'")
                value = raw
                end = m.end()
            else:
                if ch in _PLAIN_START:
                    raise _GiveUp
                end = i
                while end < n and text[end] not in ",]":
                    end += 1
                raw = text[i:end].rstrip(" ")
                if not raw or any(c in raw for c in ":#[]{}\"'"):
                    raise _GiveUp
                value = _plain_value(raw)
            seq.append(value)
            seq.raw.append(None if value is None else raw)
            seq.item_places.append(self.place(line, col + i))
            i = end
            while i < n and text[i] == " ":
                i += 1
            if i < n and text[i] == ",":
                i += 1
                while i < n and text[i] == " ":
                    i += 1
                if i < n and text[i] == "]":
                    raise _GiveUp  # a trailing comma: leave it to PyYAML
                continue
            if i < n and text[i] == "]":
                break
            raise _GiveUp
        if not _REST_OK_RE.match(text, i + 1):
            raise _GiveUp
        return seq

    # --- block structure ---------------------------------------------------------------------

    def document(self) -> Any:
        if not self.lines:
            raise _GiveUp  # an empty document: PyYAML's answer (None) is the reference
        value, _place, i = self.block(0, -1, 0)
        if i != len(self.lines):
            raise _GiveUp
        return value

    def block(self, i: int, parent: int, depth: int) -> tuple[Any, Place, int]:
        """The mapping or sequence that starts at content line ``i``."""
        if depth > _MAX_DEPTH:
            raise _GiveUp
        line, indent, body = self.lines[i]
        if indent <= parent and not (indent == parent and body[:2] in ("- ", "-")):
            raise _GiveUp
        if body == "-" or body.startswith("- "):
            return self.sequence(i, indent, depth)
        m = _KEY_RE.match(body)
        if m is None:
            raise _GiveUp  # a scalar on a line of its own, or something this reader skips
        return self.mapping(i, indent, body, indent, depth)

    def sequence(self, i: int, indent: int, depth: int) -> tuple[Any, Place, int]:
        seq = self.LocList()
        seq.item_places = []
        seq.raw = []
        lines = self.lines
        first_line = lines[i][0]
        while True:
            line, ind, body = lines[i]
            if body == "-":
                raise _GiveUp  # an item on the following lines, or an empty one
            rest = body[2:]
            stripped = rest.lstrip(" ")
            col = ind + 2 + len(rest) - len(stripped)
            if not stripped or stripped[0] == "#" or stripped == "-" or stripped.startswith("- "):
                raise _GiveUp
            if _KEY_RE.match(stripped):
                value, place, i = self.mapping(i, col, stripped, col, depth + 1)
                seq.raw.append(None)
            elif stripped[0] in "|>":
                value, end = self.block_scalar(stripped, line, indent)
                place = self.place(line, col)
                seq.raw.append(value)
                i = self.after(end)
            else:
                value, raw, place = self.inline(stripped, line, col)
                seq.raw.append(None if value is None else raw)
                i += 1
            seq.append(value)
            seq.item_places.append(place)
            if i >= len(lines):
                break
            nind = lines[i][1]
            nbody = lines[i][2]
            if nind == indent and (nbody == "-" or nbody.startswith("- ")):
                continue
            if nind > indent:
                raise _GiveUp
            break
        seq.place = self.place(first_line, indent)
        return seq, seq.place, i

    def mapping(self, i: int, indent: int, body: str, col: int, depth: int
                ) -> tuple[Any, Place, int]:
        """A block mapping whose keys stand at column ``indent``; the first key is ``body``,
        which starts at column ``col`` of content line ``i``."""
        if depth > _MAX_DEPTH:
            raise _GiveUp
        out = self.LocDict()
        key_places: dict[str, Place] = {}
        value_places: dict[str, Place] = {}
        raws: dict[str, str] = {}
        lines = self.lines
        n = len(lines)
        line = lines[i][0]
        path, off = self.path, self.off
        out.place = _make_place(path, line + off, col + 1)
        key_match = _KEY_RE.match
        inline = self.inline
        while True:
            m = key_match(body)
            if m is None:
                raise _GiveUp
            key = m.group(1)
            if key in out or key[0] == "<" or len(key) > 1000:
                # a duplicate (PyYAML's path reports it with both places), a merge key,
                # or a key longer than YAML allows a simple key to be
                raise _GiveUp
            key_places[key] = _make_place(path, line + off, col + 1)
            text = m.group(3)
            if text and text[0] in "|>":
                value, end = self.block_scalar(text, line, indent)
                place = _make_place(path, line + off, col + m.start(3) + 1)
                raws[key] = value
                i = self.after(end)
            elif text and text[0] != "#":
                value, raw, place = inline(text, line, col + m.start(3))
                if raw is not None and value is not None:
                    raws[key] = raw
                i += 1
            else:
                i += 1
                if i < n and (lines[i][1] > indent or (
                        lines[i][1] == indent and lines[i][2][:2] in ("- ", "-"))):
                    value, place, i = self.block(i, indent, depth + 1)
                else:
                    # an empty value: null, placed just after the ':'
                    value = None
                    place = self.place(line, col + m.end(1) + 1)
            out[key] = value
            value_places[key] = place
            if i >= n:
                break
            line, nind, body = lines[i]
            if nind < indent:
                break
            if nind > indent or body == "-" or body.startswith("- "):
                raise _GiveUp
            col = indent
        out.key_places = key_places
        out.value_places = value_places
        out.raw = raws
        return out, out.place, i


def fast_load(text: str, path: str, line_offset: int = 0) -> Any:
    """The value of ``text`` as :func:`quizgen.yamlload.load_yaml` gives it, or
    :data:`GIVE_UP` when the text is outside the plain block style this module reads."""
    if _UNSAFE_RE.search(text):
        return GIVE_UP
    try:
        return _Reader(text, path, line_offset).document()
    except _GiveUp:
        return GIVE_UP
    except RecursionError:  # pragma: no cover - depth is limited above
        return GIVE_UP
