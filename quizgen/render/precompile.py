"""Writes quizgen/render/precompiled.py: the Python code jinja2 makes of each of quizgen's own
templates, so that a build does not lex, parse and compile them again in every process.

    python -m quizgen.render.precompile

Run it after changing a template under templates/ or upgrading jinja2 (the test suite fails
until then: tests/test_precompiled.py). A template whose source does not match, or a jinja2
of another version, is compiled by jinja2 as usual, so a stale file is slower, never wrong.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE / "precompiled.py"


def module_text() -> str:
    """The text precompiled.py must hold for the templates and jinja2 installed now."""
    import jinja2

    from quizgen.render import default_templates, jinja_env

    folder = default_templates()
    env = jinja_env(folder / "no-such-project").overlay()
    # the filters the explainers add (quizgen.render.html._env): a template is compiled only
    # where they exist, and how its code calls each depends on the filter
    from quizgen.render.html import Texts, long_date, note_runs

    env.filters.update(t=Texts(), long_date=long_date, note_runs=note_runs)
    lines = [
        '"""The Python code of quizgen\'s own templates, as jinja2 compiles them for',
        "quizgen.render.jinja_env. Written by ``python -m quizgen.render.precompile``;",
        'do not edit."""',
        "",
        "# fmt: off",
        f"JINJA2_VERSION = {jinja2.__version__!r}",
        "",
        "#: template name -> (jinja2's checksum of its source, the Python code)",
        "TEMPLATES = {",
    ]
    for path in sorted(folder.glob("*.j2")):
        source = path.read_text(encoding="utf-8")
        # jinja2's BytecodeCache.get_source_checksum
        checksum = hashlib.sha1(source.encode("utf-8")).hexdigest()
        code = env.compile(source, path.name, str(path), raw=True)
        lines.append(f"    {path.name!r}: ({checksum!r}, {code!r}),")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> int:
    TARGET.write_text(module_text(), encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
