"""quizgen's own templates are not compiled by jinja2 in each build: their Python code ships in
quizgen/render/precompiled.py. These tests hold that file to what jinja2 makes of the templates
now, and the pages made with it to the pages jinja2's own compiling gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import quizgen.render
from quizgen.build import RenderContext, load_and_check
from quizgen.render import _env, default_templates, precompiled
from quizgen.render.html import render
from quizgen.render.precompile import TARGET, module_text
from tests.html_bank import make_handout_project


def test_the_shipped_code_is_what_jinja2_makes_of_the_templates_now() -> None:
    assert TARGET.read_text(encoding="utf-8") == module_text(), (
        "templates/ or jinja2 changed: run python -m quizgen.render.precompile")
    names = {p.name for p in default_templates().glob("*.j2")}
    assert set(precompiled.TEMPLATES) == names


def pages(root: Path, *, shipped: bool, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    used: list[str] = []
    real = quizgen.render.precompiled_code

    def spy(name, checksum, filename):  # type: ignore[no-untyped-def]
        code = real(name, checksum, filename) if shipped else None
        if code is not None:
            used.append(name)
        return code

    monkeypatch.setattr(quizgen.render, "precompiled_code", spy)
    _env.cache_clear()  # a fresh environment: nothing compiled yet in this process
    try:
        bank, _ = load_and_check(root)
        out = render(bank, RenderContext(root=root, source_date_epoch=1767225600,
                                         previous={}, options={"pdf": True}))
    finally:
        _env.cache_clear()
    if shipped:
        own = {p.name for p in (root / "templates").glob("*.j2")} if (
            root / "templates").is_dir() else set()
        changed = {n for n in own
                   if (root / "templates" / n).read_bytes()
                   != (default_templates() / n).read_bytes()}
        assert used and not set(used) & changed
    return out


@pytest.mark.parametrize("templates", ["quizgen's", "copied", "restyled"])
def test_pages_are_the_same_with_the_shipped_code(
        templates: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_handout_project(tmp_path / "proj")
    if templates != "quizgen's":
        shutil.copytree(default_templates(), root / "templates",
                        ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    if templates == "restyled":
        handout = root / "templates" / "handout.html.j2"
        handout.write_text(handout.read_text(encoding="utf-8").replace(
            "Answer key</h2>", "Answers, restyled</h2>"), encoding="utf-8")
    fast = pages(root, shipped=True, monkeypatch=monkeypatch)
    slow = pages(root, shipped=False, monkeypatch=monkeypatch)
    assert fast == slow
    key = fast["html/summit-key.html"].decode()
    assert ("Answers, restyled</h2>" in key) == (templates == "restyled")
