"""YAML to plain Python values that remember where they came from.

PyYAML's ``compose`` gives a node graph with marks; we turn it into ``LocDict``/``LocList``
containers that keep the place of every key and value. Unlike ``yaml.safe_load`` this
refuses duplicate keys in a mapping (PyYAML silently keeps the last one) and refuses
anchors/aliases outright, which also makes alias bombs ("billion laughs") harmless.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from quizgen.errors import Finding
from quizgen.model import Place
from quizgen.yamlfast import GIVE_UP, fast_load

try:  # the C parser is several times faster; fall back to pure Python where it is missing
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_constructor = yaml.constructor.SafeConstructor()

MAX_DEPTH = 64


class LocDict(dict):
    """A mapping from YAML with the place of itself, each key, and each value."""

    place: Place
    key_places: dict[str, Place]
    value_places: dict[str, Place]
    #: the scalar text as written, for values a schema wants as a string (not for nulls:
    #: ``~``, ``null`` and an empty value are no value, not the text "~" or "null")
    raw: dict[str, str]

    def place_of(self, key: str) -> Place:
        return self.value_places.get(key, self.place)


class LocList(list):
    """A sequence from YAML with the place of itself and each item."""

    place: Place
    item_places: list[Place]
    raw: list[str | None]


class YamlError(Exception):
    """A file that is not usable YAML; carries the finding that says where and why."""

    def __init__(self, finding: Finding):
        super().__init__(finding.format())
        self.finding = finding


def place_of_mark(path: str, mark: Any, line_offset: int = 0) -> Place:
    if mark is None:
        return Place(path, 1 + line_offset, 1)
    return Place(path, mark.line + 1 + line_offset, mark.column + 1)


def load_yaml(text: str, path: str, *, line_offset: int = 0, parsed: Any = None
              ) -> tuple[Any, list[Finding]]:
    """Parse one YAML document. Raises :class:`YamlError` on syntax errors and aliases.

    Returns the value and non-fatal findings (duplicate keys).

    Most bank files are read by :mod:`quizgen.yamlrs` (a parser in Rust; places are found
    only when a finding asks for one); the rest by :func:`load_yaml_exact`. ``parsed`` is
    ``yamlrs.parse(text)`` when the caller has it already.
    """
    from quizgen import yamlrs

    if parsed is None:
        parsed = yamlrs.parse(text)
    if parsed is not None:
        value = yamlrs.from_parsed(parsed, text, path, line_offset)
        if value is not GIVE_UP:
            return value, []
    return load_yaml_exact(text, path, line_offset=line_offset)


def load_yaml_exact(text: str, path: str, *, line_offset: int = 0) -> tuple[Any, list[Finding]]:
    """:func:`load_yaml` with every place known at once.

    Plain block-style YAML (what banks are written in) is read by :mod:`quizgen.yamlfast`,
    which gives the same value and places many times faster than PyYAML; anything else, and
    every file with a problem to report, is read by PyYAML here.
    """
    value = fast_load(text, path, line_offset)
    if value is not GIVE_UP:
        return value, []
    return load_yaml_pyyaml(text, path, line_offset=line_offset)


def load_yaml_pyyaml(text: str, path: str, *, line_offset: int = 0
                     ) -> tuple[Any, list[Finding]]:
    """:func:`load_yaml` on PyYAML alone: the reference the fast reader is held to."""
    findings: list[Finding] = []
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        if exc.context:
            where = ""
            if exc.context_mark is not None and exc.problem_mark is not None and (
                exc.context_mark.line != exc.problem_mark.line
            ):
                where = f" that starts at line {exc.context_mark.line + 1 + line_offset}"
            problem = f"{problem} ({exc.context}{where})"
        lines = [m.line for m in (exc.problem_mark, exc.context_mark) if m is not None]
        if lines:
            lines.append(lines[0] - 1)  # the line before the one where parsing gave up
        raise YamlError(
            Finding(
                place_of_mark(path, mark, line_offset),
                "QG001",
                "error",
                f"YAML syntax error: {problem}",
                _quoting_hint(text, lines, line_offset)
                or "check the indentation and quoting on this line and the one before; "
                "a value containing ': ' or starting with a quote must be quoted as a whole",
            )
        ) from None
    except yaml.YAMLError as exc:
        raise YamlError(
            Finding(Place(path, 1 + line_offset, 1), "QG001", "error", f"YAML error: {exc}")
        ) from None
    if node is None:
        return None, findings
    seen: set[int] = set()
    try:
        value = _convert(node, path, line_offset, findings, seen, 0)
    except YamlError as exc:
        if exc.finding.code == "QG006":
            raise YamlError(_alias_finding(text, path, line_offset, exc.finding)) from None
        raise
    finally:
        # construct_object remembers every node it built; without this, every scalar of
        # every file read stays in memory until the process ends
        _constructor.constructed_objects.clear()
        _constructor.recursive_objects.clear()
    return value, findings


#: a line whose value opens with a quote mark: "key: '...", "- '...", "- key: \"..."
_QUOTED_VALUE_RE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s'"#-][^:#]*:\s+)?(['"])""")


def _quoting_hint(text: str, lines: list[int], line_offset: int = 0) -> str | None:
    """The hint for the commonest quoting slip, if one of ``lines`` (0-based, in ``text``) has
    it: a value in quotes that holds the same quote mark, which ends it early ('St. Anne's
    Hospital'). The line it names is counted from the file's start (``line_offset``: the lines
    before ``text`` in its file)."""
    all_lines = text.splitlines()
    for n in lines:
        if not 0 <= n < len(all_lines):
            continue
        line = all_lines[n]
        m = _QUOTED_VALUE_RE.match(line)
        if m is None:
            continue
        mark, i = m.group(1), m.end()
        while True:  # the mark that ends the value
            j = line.find(mark, i)
            if j < 0:
                break
            if mark == "'" and line.startswith("''", j):
                i = j + 2  # '' is a ' in the value
            elif mark == '"' and line[j - 1] == "\\":
                i = j + 1  # \" is a " in the value
            else:
                break
        if j < 0:
            continue  # the value goes on to the next line
        rest = line[j + 1:].strip()
        if not rest or rest.startswith("#") or rest[0] in ",]}:":
            continue  # the value ends there, or it was a key in quotes ("prompt": ...)
        n += line_offset
        if mark == "'":
            return (f"on line {n + 1}, the ' in the middle of the '...' value ends it early: "
                    "write each ' inside it twice (''), or put the value in double quotes")
        return (f'on line {n + 1}, the " in the middle of the "..." value ends it early: '
                "put the value in single quotes instead (writing each ' inside it twice), "
                'or write each " inside it as \\"')
    return None


def _alias_finding(text: str, path: str, line_offset: int, finding: Finding) -> Finding:
    """Point an alias finding at the first ``*alias`` in the text, where the fix is."""
    import re

    m = re.search(r"(?:^|[\s\[{,:-])(\*[^\s,\]}]+)", text)
    if m is None:
        return finding
    start = m.start(1)
    line = text.count("\n", 0, start) + 1 + line_offset
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    return Finding(Place(path, line, col), finding.code, finding.severity, finding.message,
                   finding.hint)


def _convert(
    node: yaml.Node, path: str, off: int, findings: list[Finding], seen: set[int], depth: int
) -> Any:
    place = place_of_mark(path, node.start_mark, off)
    if id(node) in seen:
        raise YamlError(
            Finding(
                place,
                "QG006",
                "error",
                "YAML anchors and aliases (&name / *name) are not allowed in a bank",
                "write the value out in full where it is used",
            )
        )
    seen.add(id(node))
    if depth > MAX_DEPTH:
        raise YamlError(
            Finding(place, "QG005", "error", f"nesting deeper than {MAX_DEPTH} levels")
        )
    if isinstance(node, yaml.MappingNode):
        out = LocDict()
        out.place = place
        out.key_places = {}
        out.value_places = {}
        out.raw = {}
        for key_node, value_node in node.value:
            key_place = place_of_mark(path, key_node.start_mark, off)
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(
                    Finding(key_place, "QG005", "error", "a mapping key must be plain text")
                )
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError(
                    Finding(
                        key_place,
                        "QG006",
                        "error",
                        "YAML merge keys (<<) are not allowed in a bank",
                        "write the keys out in full",
                    )
                )
            key = str(key_node.value)
            if key in out:
                first = out.key_places[key]
                findings.append(
                    Finding(
                        key_place,
                        "QG002",
                        "error",
                        f"duplicate key '{key}' (first at line {first.line}); "
                        "YAML would silently keep only the last one",
                        "remove one of the two, or rename it",
                    )
                )
                continue
            out.key_places[key] = key_place
            out.value_places[key] = place_of_mark(path, value_node.start_mark, off)
            out[key] = _convert(value_node, path, off, findings, seen, depth + 1)
            if isinstance(value_node, yaml.ScalarNode) and out[key] is not None:
                out.raw[key] = value_node.value
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = LocList()
        seq.place = place
        seq.item_places = []
        seq.raw = []
        for item in node.value:
            seq.item_places.append(place_of_mark(path, item.start_mark, off))
            seq.append(_convert(item, path, off, findings, seen, depth + 1))
            seq.raw.append(item.value if isinstance(item, yaml.ScalarNode)
                           and seq[-1] is not None else None)
        return seq
    try:
        return _constructor.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        raise YamlError(
            Finding(place, "QG005", "error", f"cannot read this value: {exc}".split("\n")[0])
        ) from None
    except (ValueError, OverflowError) as exc:  # a date that cannot be: 2026-02-30
        digits = "digits" in str(exc)  # a whole number too long for Python to read
        raise YamlError(
            Finding(place, "QG005", "error", f"cannot read this value: {exc}".split("\n")[0],
                    "write the number the quotes state" if digits else
                    "YAML reads a plain value shaped like a date as a date; write a real one, "
                    "or quote the value to keep it as text")
        ) from None
