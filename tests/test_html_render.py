"""How the explainers are rendered fast on big banks, without changing what they show: the
templates' output hook, templates compiled once per process, the handout rendered once for both
copies, articles named once, quotes found as written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from markupsafe import Markup, escape

from quizgen.build import RenderContext, load_and_check
from quizgen.model import Citation, Place
from quizgen.render import default_templates, escape_output, jinja_env, printed_quote
from quizgen.render.html import mark_cjk, render_pages
from tests.conftest import write_source
from tests.html_bank import Page, make_handout_project

HOSTILE = "<script>alert('x')</script> & \"quoted\" {{ 7*7 }}"


@pytest.fixture
def hproject(tmp_path: Path) -> Path:
    return make_handout_project(tmp_path / "proj")


def pages_of(root: Path) -> dict[str, str]:
    bank, _ = load_and_check(root)
    return render_pages(bank, RenderContext(root=root, source_date_epoch=None, previous={},
                                            options={}))


class WithHtml:
    def __html__(self) -> str:
        return "<i>made safe by its owner</i>"

    def __str__(self) -> str:
        return "<i>raw</i>"


@pytest.mark.parametrize("value", [
    HOSTILE, "plain text", "", "高市 早苗 <b>", Markup("<b>already escaped</b>"),
    mark_cjk("이재명 & co"), 0, 183, -7, 1.5, True, None, WithHtml(),
])
def test_template_output_is_escaped_exactly_as_markupsafe_does(value: object) -> None:
    assert str(escape_output(value)) == str(escape(value))


def test_templates_write_bank_text_through_the_output_hook(tmp_path: Path) -> None:
    env = jinja_env(tmp_path)  # no templates of its own: quizgen's
    template = env.from_string("{{ s }}|{{ m }}|{{ n }}|{% set x %}<{{ s }}>{% endset %}{{ x }}")
    out = template.render(s=HOSTILE, m=Markup("<em>kept</em>"), n=12)
    assert out == f"{escape(HOSTILE)}|<em>kept</em>|12|<{escape(HOSTILE)}>"


def test_a_changed_project_template_is_used_in_the_same_process(hproject: Path) -> None:
    # templates are compiled once per process; an edit between two builds must still show
    templates = hproject / "templates"
    templates.mkdir()
    shutil.copy(default_templates() / "handout.html.j2", templates / "handout.html.j2")
    assert "Answer key" in pages_of(hproject)["html/summit-key.html"]
    path = templates / "handout.html.j2"
    path.write_text(path.read_text().replace("Answer key</h2>", "Answers for the teacher</h2>"))
    page = pages_of(hproject)["html/summit-key.html"]
    assert "Answers for the teacher" in page and "Answer key</h2>" not in page


def test_both_copies_show_the_same_handout(hproject: Path) -> None:
    pages = pages_of(hproject)
    student, teacher = pages["html/summit.html"], pages["html/summit-key.html"]
    start = student.index("<main>")
    end = student.index("</main>")
    handout = student[start:end]
    assert len(handout) > 1000 and "End of questions." in handout
    assert teacher[teacher.index("<main>"):].startswith(handout)


def test_a_project_handout_template_from_before_still_renders(hproject: Path) -> None:
    """A project's own handout.html.j2 that writes the whole page itself (no ``body``), as
    copies made by earlier versions do, is rendered as it stands."""
    templates = hproject / "templates"
    templates.mkdir()
    (templates / "handout.html.j2").write_text(
        '{% extends "base.html.j2" %}\n'
        "{% block title %}{{ topic.title }}{% endblock %}\n"
        "{% block body %}\n"
        "{% for section in view.sections %}{% for fv in section.facts %}"
        "<p>{{ fv.fact.statement|t }} [{{ fv.notes[0].number }}]</p>\n{% endfor %}{% endfor %}\n"
        '{% for qv in view.questions %}<p id="{{ qv.anchor }}">{{ qv.question.prompt|t }}</p>\n'
        "{% endfor %}\n"
        "{% endblock %}\n", encoding="utf-8")
    page = Page(pages_of(hproject)["html/summit.html"])
    assert "A flood at the Chosei mine in 1942 killed 183 people, 136 of them Korean." \
        in page.text
    assert "q-flood-year" in page.by_id
    assert "What the reports say" not in page.text  # quizgen's own handout body is not used


def test_article_details_are_text_even_when_hostile(tmp_path: Path) -> None:
    root = make_handout_project(tmp_path / "proj")
    write_source(root, "third", (root / "questions/sources/third.md").read_text()
                 .split("---\n", 2)[2], publisher="Third " + HOSTILE, byline="By " + HOSTILE,
                 origin="Wire " + HOSTILE, title="Title " + HOSTILE,
                 url='https://third.example/"><script>alert(1)</script>')
    html = pages_of(root)["html/summit.html"]
    assert "<script>" not in html
    page = Page(html)
    for shown in ("Third " + HOSTILE, "By " + HOSTILE, "Wire " + HOSTILE, "Title " + HOSTILE,
                  'https://third.example/"><script>alert(1)</script>'):
        assert shown in page.text, shown


SOURCE_TEXT = ("Officials said  1,000 people\nattended the fair, \u201cthe largest\u201d "
               "crowd \u2014 so far.")


@pytest.mark.parametrize("quote, printed", [
    # found as written: the passage is the quote, its spacing made single
    ("Officials said  1,000 people\nattended", "Officials said 1,000 people attended"),
    # found only after normalising: the article's own typography
    ('the fair, "the largest" crowd -- so far.',
     "the fair, \u201cthe largest\u201d crowd \u2014 so far."),
    # across an omission
    ("Officials said ... the fair", "Officials said \u2026 the fair"),
    # not found: shown as written
    ("nothing like this", "nothing like this"),
])
def test_a_quote_is_printed_as_the_article_printed_it(quote: str, printed: str) -> None:
    from types import SimpleNamespace

    source = SimpleNamespace(text=SOURCE_TEXT)
    bank = SimpleNamespace(sources={"a": source})
    citation = Citation("a", quote, Place("x.yaml"))
    assert printed_quote(bank, citation) == printed


def test_printed_quote_finds_exact_quotes_as_textmatch_does() -> None:
    """printed_quote tests "found as written" itself (without a Location); its answer must be
    the one textmatch.locate_exact and locate give, on every citation of the bundled bank and
    on quotes with omissions, ellipsis characters and odd spacing."""
    from types import SimpleNamespace

    from quizgen.textmatch import locate, locate_exact, normalize

    def reference(quote: str, text: str) -> str:
        if locate_exact(quote, text) is not None:
            return " ".join(quote.split())
        found = locate(quote, normalize(text))
        if found is None:
            return quote
        return " \u2026 ".join(" ".join(text[s:e].split()) for s, e in found.spans)

    root = Path(__file__).resolve().parent.parent
    bank, _ = load_and_check(root)
    cases = [(c.quote, bank.sources[c.source].text)
             for f in bank.facts for c in (*f.citations, *f.disputes)]
    text = "He said \u2026 nothing. Then: wait... and  see \u2014 later."
    cases += [(q, text) for q in ("He said \u2026 nothing.", "Then: wait... and", "wait",
                                  "and  see", "and see -- later.", "He said ... see", "",
                                  "not there")]
    assert len(cases) > 100
    for quote, source_text in cases:
        bank_ = SimpleNamespace(sources={"a": SimpleNamespace(text=source_text)})
        assert printed_quote(bank_, Citation("a", quote, Place("x.yaml"))) == \
            reference(quote, source_text), quote
