"""Renderers: each takes a checked Bank and returns {relative path: bytes}; none writes files.

Templates come from the project's own ``templates/`` folder when it has one (so a teacher can
restyle a bank), else from the templates that ship with quizgen.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


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


@lru_cache(maxsize=8)
def _env(dirs: tuple[Path, ...]):
    import jinja2

    return jinja2.Environment(
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
    from quizgen.textmatch import locate, normalize_cached

    source = bank.sources.get(citation.source)
    if source is None:
        return citation.quote
    found = locate(citation.quote, normalize_cached(source.text))
    if found is None:
        return citation.quote
    return " \u2026 ".join(" ".join(source.text[s:e].split()) for s, e in found.spans)
