"""The per-item pieces of the explainers (each fact, question, key item, note, article) are
written by Python (quizgen.render.html.Pieces) while a project keeps quizgen's
templates/macros.html.j2, and by those macros otherwise. Both must give the same bytes: these
tests render banks both ways and compare every file, so a change to a macro that is not made
to its Python mirror (or the other way round) fails here. They also check that a project's
own templates still restyle the pieces."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quizgen.bank import load_project
from quizgen.build import RenderContext, load_and_check
from quizgen.render import default_templates
from quizgen.render.html import Pieces, ProjectPieces, _env, _pieces, render, render_pages
from tests.conftest import make_project
from tests.html_bank import Page, make_handout_project
from tests.perf.make_bank import make_bank

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = ("base.html.j2", "handout.html.j2", "handout-body.html.j2", "index.html.j2",
             "macros.html.j2")


def contexts(root: Path) -> list[RenderContext]:
    return [RenderContext(root=root, source_date_epoch=None, previous={}, options={}),
            RenderContext(root=root, source_date_epoch=1767225600, previous={},
                          options={"pdf": True})]


def assert_same_both_ways(root: Path) -> dict[str, bytes]:
    """Python pieces and the macros give the same bytes for every page; returns the pages."""
    bank = load_project(root).bank
    assert bank is not None
    pages: dict[str, bytes] = {}
    for ctx in contexts(root):
        fast = render(bank, ctx)
        macros = {path: text.encode("utf-8")
                  for path, text in render_pages(bank, ctx, jinja_pieces=True).items()}
        text = {path: text.encode("utf-8") for path, text in render_pages(bank, ctx).items()}
        assert sorted(fast) == sorted(macros) == sorted(text)
        for path in macros:
            assert fast[path] == macros[path], path
            assert text[path] == macros[path], path
        pages = pages or fast
    return pages


def test_python_pieces_match_the_macros_on_the_bundled_bank() -> None:
    pages = assert_same_both_ways(REPO)
    assert len(pages) >= 3 and all(len(v) > 1000 for v in pages.values())


def test_python_pieces_match_the_macros_on_a_generated_bank(tmp_path: Path) -> None:
    # every question type, several topics, disputes, two publishers per fact
    make_bank(260, tmp_path / "gen")
    pages = assert_same_both_ways(tmp_path / "gen")
    assert len(pages) == 2 * 3 + 1


def test_python_pieces_match_the_macros_on_the_test_banks(tmp_path: Path) -> None:
    assert_same_both_ways(make_handout_project(tmp_path / "handout"))
    assert_same_both_ways(make_project(tmp_path / "small"))


def test_hostile_bank_text_is_escaped_alike_both_ways(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script> & \\\"q\\\" {{ 7*7 }} 이재명 <b>"
    root = make_handout_project(tmp_path / "proj")
    topic = root / "questions" / "summit.yaml"
    text = topic.read_text(encoding="utf-8")
    text = text.replace("prompt: In which year did the Chosei mine flood?",
                        f'prompt: "In which year did the Chosei mine flood? {hostile}"')
    text = text.replace('distractors: ["1945", "1965", "1910"]',
                        f'distractors: ["1945", "1965", "1910 {hostile}"]')
    text = text.replace("explanation: It killed 183.", f'explanation: "It killed 183. {hostile}"')
    topic.write_text(text, encoding="utf-8")
    pages = assert_same_both_ways(root)
    student = pages["html/summit.html"].decode("utf-8")
    key = pages["html/summit-key.html"].decode("utf-8")
    assert "<script>" not in student and "<script>" not in key
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in student
    assert "It killed 183. &lt;script&gt;" in key


def test_a_text_with_a_nul_of_its_own_renders_the_same(tmp_path: Path) -> None:
    """Pages of quizgen's own templates are put together from parts, with a NUL-delimited
    placeholder for each piece; bank text with a NUL of its own must not confuse that."""
    root = make_handout_project(tmp_path / "proj")
    topic = root / "questions" / "summit.yaml"
    topic.write_text(topic.read_text(encoding="utf-8").replace(
        "intro: What the two leaders did in Nara,", 'intro: "What\\0 the \\x001\\0 two leaders did in Nara,'
    ).replace("the Chosei mine.\n", 'the Chosei mine."\n', 1), encoding="utf-8")
    pages = assert_same_both_ways(root)
    assert "What\x00 the \x001\x00 two leaders" in pages["html/summit.html"].decode("utf-8")


def test_the_pieces_are_python_while_the_macros_are_quizgens(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj")
    bank, _ = load_and_check(root)
    assert type(_pieces(_env(bank, root))) is Pieces
    # an unchanged copy, as `quizgen init` makes, is still quizgen's
    (root / "templates").mkdir()
    shutil.copy(default_templates() / "macros.html.j2", root / "templates" / "macros.html.j2")
    assert type(_pieces(_env(bank, root))) is Pieces
    own = root / "templates" / "macros.html.j2"
    own.write_text(own.read_text(encoding="utf-8") + "\n{# mine #}\n", encoding="utf-8")
    assert type(_pieces(_env(bank, root))) is ProjectPieces


def pages_of(root: Path) -> dict[str, str]:
    bank, _ = load_and_check(root)
    return render_pages(bank, contexts(root)[0])


def test_copies_of_every_template_with_changes_that_show_nothing_give_the_same_pages(
        tmp_path: Path) -> None:
    """A project's own copies of the templates are rendered by jinja2 as they stand (no
    Python pieces, no putting pages together from parts); unchanged in what they write, they
    give the same pages."""
    root = make_handout_project(tmp_path / "proj")
    before = pages_of(root)
    (root / "templates").mkdir()
    for name in TEMPLATES:
        source = (default_templates() / name).read_text(encoding="utf-8")
        (root / "templates" / name).write_text("{# a teacher's copy #}" + source,
                                               encoding="utf-8")
    after = pages_of(root)
    assert sorted(after) == sorted(before)
    for path in before:
        assert after[path] == before[path], path


def test_a_project_macro_restyles_its_piece_everywhere(tmp_path: Path) -> None:
    root = make_handout_project(tmp_path / "proj")
    (root / "templates").mkdir()
    source = (default_templates() / "macros.html.j2").read_text(encoding="utf-8")
    source = source.replace('<span class="pub">{{ note.publisher }}</span>',
                            '<span class="pub restyled">{{ note.publisher }}</span>')
    source = source.replace('<section class="question q-{{ qv.type_class }}"',
                            '<section class="question restyled q-{{ qv.type_class }}"')
    (root / "templates" / "macros.html.j2").write_text(source, encoding="utf-8")
    pages = pages_of(root)
    student = Page(pages["html/summit.html"])
    key = pages["html/summit-key.html"]
    assert 'class="question restyled q-numeric"' in pages["html/summit.html"]
    assert "q-flood-year" in student.by_id
    # who() is used by the Sources list, the box on disputes and the answer key alike
    assert pages["html/summit.html"].count('class="pub restyled"') >= 3
    assert key.count('<li><a class="mark" href="#note-1">[1]</a> <span class="pub restyled">') == 1


def test_an_older_macros_copy_still_restyles_what_it_defines(tmp_path: Path) -> None:
    """A project's macros.html.j2 from before the list pieces existed: the pieces it defines
    are its own (its question, wherever questions are listed), the others quizgen's."""
    root = make_handout_project(tmp_path / "proj")
    (root / "templates").mkdir()
    (root / "templates" / "macros.html.j2").write_text(
        "{% macro question(qv) -%}\n"
        '<section class="my-question" id="{{ qv.anchor }}">{{ qv.number }}. {{ qv.prompt }}'
        "</section>\n"
        "{%- endmacro %}\n", encoding="utf-8")
    page = pages_of(root)["html/summit.html"]
    assert page.count('<section class="my-question"') == 7  # every question of the topic
    assert '<section class="my-question" id="q-flood-deaths-n">1. How many' in page
    assert '<ol class="notes">' in page and "End of questions." in page


@pytest.mark.parametrize("name", ["macros.html.j2", "handout.html.j2", "handout-body.html.j2"])
def test_templates_say_which_python_mirrors_them(name: str) -> None:
    text = (default_templates() / name).read_text(encoding="utf-8")
    assert "pieces" in text
    if name == "macros.html.j2":
        import re

        macros = re.findall(r"{% macro (\w+)\(", text)
        for macro in macros:
            assert f"(Pieces.{macro})" in text, macro
            assert callable(getattr(Pieces, macro)), macro
