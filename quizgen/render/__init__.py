"""Renderers: each takes a checked Bank and returns {relative path: bytes}; none writes files.

Templates come from the project's own ``templates/`` folder when it has one (so a teacher can
restyle a bank), else from the templates that ship with quizgen.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from quizgen.model import Question


def default_templates() -> Path:
    """The templates quizgen ships: the source checkout's ``templates/``, else the package's."""
    here = Path(__file__).resolve().parent.parent.parent / "templates"
    if here.is_dir():
        return here
    from importlib.resources import files

    return Path(str(files("quizgen.templates")))


def template_dirs(root: Path) -> list[Path]:
    dirs = []
    own = root / "templates"
    if own.is_dir():
        dirs.append(own)
    default = default_templates()
    if default not in dirs:
        dirs.append(default)
    return dirs


try:  # markupsafe's own escaping of a plain str, without wrapping the result in Markup
    from markupsafe import _escape_inner as _escape_str
except ImportError:  # pragma: no cover - another markupsafe: the same text, a little slower
    def _escape_str(s: str) -> str:
        return escape(s)


def escape_output(value: object) -> str:
    """What an autoescaping template writes for ``{{ value }}``: the same text as
    :func:`markupsafe.escape` gives, without building a Markup object for each output (a
    page only needs the text; on a bank of thousands of questions those objects cost more
    than the rest of the page). Markup (escaped text, a piece of page) is written as it is."""
    cls = value.__class__
    if cls is str:
        return _escape_str(value)  # type: ignore[arg-type]
    if cls is Markup:
        return value  # type: ignore[return-value]
    if cls is int:
        return str(value)
    return escape(value)


def _environment_class():
    """A jinja2 Environment whose templates write ``{{ value }}`` through
    :func:`escape_output` instead of ``markupsafe.escape``. Everything is still escaped
    unless it is Markup; only the cost of each output changes (it matters for a bank of
    thousands of questions). Should jinja2 stop calling the hook, output stays correct and
    the default escaping is used."""
    import jinja2
    from jinja2.compiler import CodeGenerator

    class FastOutput(CodeGenerator):
        def visit_Template(self, node, frame=None):  # type: ignore[no-untyped-def]
            self.writeline("from quizgen.render import escape_output as _qg_escape_output")
            super().visit_Template(node, frame)

        def _output_child_pre(self, node, frame, finalize):  # type: ignore[no-untyped-def]
            if (frame.eval_ctx.autoescape and not frame.eval_ctx.volatile
                    and finalize.src is None):
                self.write("_qg_escape_output(")
            else:
                super()._output_child_pre(node, frame, finalize)

    class Environment(jinja2.Environment):
        code_generator_class = FastOutput

    return Environment


def _compiled_templates():
    """A jinja2 bytecode cache in memory: a template is compiled once per process and reused
    by every environment made from the same one (:func:`jinja_env` ``.overlay()``, as a
    renderer does to add its own filters), until its source changes."""
    import jinja2

    class CompiledTemplates(jinja2.BytecodeCache):
        def __init__(self) -> None:
            self._code: dict[str, tuple[str, object]] = {}

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            found = self._code.get(bucket.key)
            if found is not None and found[0] == bucket.checksum:
                bucket.code = found[1]  # type: ignore[assignment]

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            self._code[bucket.key] = (bucket.checksum, bucket.code)

    return CompiledTemplates()


@lru_cache(maxsize=8)
def _env(dirs: tuple[Path, ...]):
    import jinja2

    return _environment_class()(
        bytecode_cache=_compiled_templates(),
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def jinja_env(root: Path):
    """The autoescaping jinja2 environment for ``root`` (cached: templates compile once)."""
    return _env(tuple(template_dirs(root)))


def read_template_file(root: Path, name: str) -> str:
    """A non-jinja file from the templates folders (CSS, for example), project first."""
    for d in template_dirs(root):
        path = d / name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise FileNotFoundError(name)


def printed_quote(bank, citation) -> str:
    """A citation's quote as the article printed it: the located passage from the source's
    own text (its dashes, quote marks and spacing), pieces joined by an ellipsis. The checker
    has proved the quote is there; a quote it could not locate is shown as written."""
    source = bank.sources.get(citation.source)
    if source is None:
        return citation.quote
    textmatch = _textmatch()
    # a quote that stands in the text as written is its own passage, and needs no normalised
    # copy of the article to be found: textmatch.locate_exact's test (no "..." omission,
    # found as it stands), without building the location it returns
    quote = citation.quote
    if (quote and textmatch.ELLIPSIS not in quote and "\u2026" not in quote
            and quote in source.text):
        return " ".join(quote.split())
    found = textmatch.locate(citation.quote, textmatch.normalize_cached(source.text))
    if found is None:
        return citation.quote
    return " \u2026 ".join(" ".join(source.text[s:e].split()) for s, e in found.spans)


#: what would make a page or card load something from elsewhere: @import, or url() that is
#: not a data: URL
_CSS_FETCH = re.compile(r"@import|\b(?:url|src)\(\s*(?![\"']?\s*data:)", re.IGNORECASE)
#: image-set(...) up to the end of its declaration, and a string in it ("https://..." 1x)
_IMAGE_SET = re.compile(r"\bimage-set\(([^;{}]*)", re.IGNORECASE)
_CSS_STRING = re.compile(r"([\"'])(.*?)\1", re.DOTALL)
#: a CSS escape (\75 is "u"): read as the character it stands for before the check
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.DOTALL)


def css_fetch(css: str) -> str | None:
    """What in ``css`` (outside comments) would load something from elsewhere, if anything:
    the outputs must look the same offline, emailed as one file or studied on a phone."""
    def char(m: re.Match[str]) -> str:
        code = int(m.group(1), 16) if m.group(1) else None
        return m.group(2) if code is None else chr(code) if 0 < code <= 0x10FFFF else "\ufffd"

    css = _CSS_ESCAPE.sub(char, re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL))
    found = _CSS_FETCH.search(css)
    if found is not None:
        return found.group(0).strip()
    for image_set in _IMAGE_SET.finditer(css):
        for string in _CSS_STRING.finditer(image_set.group(1)):
            if not string.group(2).strip().lower().startswith("data:"):
                return f"image-set({string.group(0)}"
    return None


def choice_order(bank_id: str, question: Question) -> list[str]:
    """The options of a multiple-choice question in a fixed order for that question, the
    same in the Anki deck and on paper (a teacher going over "answer C" means one option).

    Each option is placed by a hash of the bank id, question id and the option's text: the
    order does not change from build to build, does not depend on where the author put the
    answer (first, in the bank), and editing one option moves only that one.
    """
    import hashlib

    def key(option: str) -> str:
        return hashlib.sha256(
            f"quizgen:choice:{bank_id}:{question.id}:{option}".encode()).hexdigest()

    return sorted([str(question.answer), *(str(d) for d in question.distractors)], key=key)


_DOUBLE_MARKS_RE = re.compile('["\u201c\u201d]')
#: what comes before an opening quotation mark: the start, a space, a bracket or a dash
_BEFORE_OPENING = frozenset(" \t\n([{\u2014\u2013-\u2018:/")
#: punctuation that follows a closing quotation mark ("Warning:", he said) when a space or
#: the end follows it in turn (an opening mark may be followed by "...and then")
_AFTER_CLOSING = frozenset(",.;:!?)]}\u2019")


def nested_quotes(quote: str) -> str:
    """``quote`` as it is printed inside double quotation marks: the double marks it holds
    become single ones, as a quotation within a quotation is printed ("We owe them," she said
    within “…” is ‘We owe them,’ she said). A curly mark keeps its direction; a straight one
    opens at the start or after a space, a bracket, a dash, a colon or a slash, unless a space
    follows it, or punctuation and then a space ("We will win, " he said; read "Warning:", he
    said: each second mark closes), and closes anywhere else."""
    if '"' not in quote and "\u201c" not in quote and "\u201d" not in quote:
        return quote

    def single(m: re.Match[str]) -> str:
        mark, i = m.group(), m.start()
        rest = quote[i + 1:i + 3]
        closes = not rest or rest[0].isspace() or (
            rest[0] in _AFTER_CLOSING and (len(rest) == 1 or rest[1].isspace()))
        if mark == "\u201c" or mark == '"' and (i == 0 or quote[i - 1] in _BEFORE_OPENING) and (
                not closes):
            return "\u2018"
        return "\u2019"

    return _DOUBLE_MARKS_RE.sub(single, quote)


@lru_cache(maxsize=1)
def _textmatch():  # type: ignore[no-untyped-def]
    """quizgen.textmatch, imported when first needed (an import statement in a function
    called for every citation costs more than the lookup it does)."""
    import quizgen.textmatch

    return quizgen.textmatch
