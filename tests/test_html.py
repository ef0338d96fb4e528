"""The HTML explainers: what a student, a teacher and a screen reader find in the pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizgen import build as build_module
from quizgen.build import Output, RenderContext, build, load_and_check
from quizgen.render import html as html_render
from quizgen.render.html import mark_cjk, render, render_pages
from tests.conftest import QUOTING_ARTICLE, QUOTING_FACT, TOPIC, make_project, run, write_source
from tests.html_bank import Page, make_handout_project

HTML_OUTPUTS = [
    Output("html", "quizgen.render.html:render"),
    Output("pdf", "quizgen.render.html:render_pdf", option="pdf"),
]


@pytest.fixture
def hproject(tmp_path: Path) -> Path:
    return make_handout_project(tmp_path / "proj")


def pages_of(root: Path, **options: object) -> dict[str, str]:
    bank, _ = load_and_check(root)
    ctx = RenderContext(root=root, source_date_epoch=None, previous={}, options=options)
    return render_pages(bank, ctx)


def test_build_writes_handout_key_and_index(hproject: Path) -> None:
    result = build(hproject, outputs=HTML_OUTPUTS)
    dist = hproject / "dist"
    assert sorted(result.files) == ["html/summit-key.html", "html/summit.html", "index.html"]
    for name in result.files:
        assert (dist / name).read_bytes() == result.files[name]


def test_cli_build_pdf_writes_a_pdf_per_handout_and_key(hproject: Path, runner,
                                                        monkeypatch) -> None:
    # only the explainer outputs: the Anki deck has its own tests
    monkeypatch.setattr(build_module, "OUTPUTS", HTML_OUTPUTS)
    result = run(runner, "build", "--pdf", "--project", str(hproject))
    assert result.exit_code == 0, result.output
    pdfs = sorted(p.name for p in (hproject / "dist" / "pdf").iterdir())
    assert pdfs == ["summit-key.pdf", "summit.pdf"]
    assert all((hproject / "dist" / "pdf" / p).read_bytes().startswith(b"%PDF-") for p in pdfs)


def test_student_handout_has_explainer_then_questions_and_no_answers(hproject: Path) -> None:
    page = Page(pages_of(hproject)["html/summit.html"])
    text = page.text
    assert page.find("html")[0]["lang"] == "en"
    assert text.startswith("Student handout · Test bank The Nara summit "
                           "From 3 news reports, 13 January 2026 to 14 January 2026. "
                           "Name Class Date")
    # the explainer is made of the facts' statements, before the questions
    statement = "A flood at the Chosei mine in 1942 killed 183 people, 136 of them Korean."
    assert text.index(statement) < text.index("Questions") < text.index("End of questions.")
    # the sources come last, after the questions
    assert text.index("End of questions.") < text.index("Sources [1]")
    assert "What the two leaders did in Nara" in text
    # every question, numbered, with room to answer
    bank, _ = load_and_check(hproject)
    for q in bank.questions:
        assert f"q-{q.id}" in page.by_id, q.id
    assert "How many people died in the 1942 flood at the Chosei mine?" in page.by_id[
        "q-flood-deaths-n"]
    mc = page.by_id["q-flood-year"]
    for option in ("1942", "1945", "1965", "1910"):
        assert option in mc
    assert re.search(r"A 19\d\d B 19\d\d C 19\d\d D 19\d\d", mc)
    assert "True False" in page.by_id["q-flood-tf"]
    # cloze: the deletion is a blank, not the answer
    cloze = page.by_id["q-flood-cloze"]
    assert "The flood at the Chosei mine killed people." in cloze
    assert "183" not in cloze
    assert len(page.find("div", class_="line")) >= 2 + 3 + 2 + 1  # written answers get lines
    # no answer key in the student's copy
    assert "answer-key" not in page.by_id
    assert "Answer key" not in text
    assert "Of the 183 who died" not in text  # explanations are for the key
    assert "Also accept" not in text


def test_cloze_with_several_blanks_numbers_them(tmp_path: Path) -> None:
    from tests.conftest import make_project
    from tests.html_bank import many_questions_topic

    root = make_project(tmp_path / "p", topic=many_questions_topic(6))
    pages = pages_of(root)
    student = Page(pages["html/summit.html"])
    assert ("The flood at the Chosei mine killed (1) people, including (2) Korean forced "
            "laborers.") in student.by_id["q-q5"]
    key = Page(pages["html/summit-key.html"])
    assert "Answer: (1) 183 (2) 136" in key.by_id["key-q5"]


def test_citation_marks_compact_runs() -> None:
    from quizgen.render.html import Note, note_runs

    notes = {n: Note(n, None, "", None) for n in range(1, 10)}  # type: ignore[arg-type]
    runs = note_runs([notes[i] for i in (7, 1, 2, 3, 4, 9, 2)])
    assert [(a.number, b.number) for a, b in runs] == [(1, 4), (7, 7), (9, 9)]
    runs = note_runs([notes[1], notes[2], notes[5]])
    assert [(a.number, b.number) for a, b in runs] == [(1, 1), (2, 2), (5, 5)]


def test_multiple_choice_answer_is_not_always_first(tmp_path: Path) -> None:
    from quizgen.model import Place, Question
    from quizgen.render import choice_order

    firsts = {
        choice_order("bank", Question(id=f"q{i}", type="multiple_choice", prompt="?",
                                      answer="right", place=Place("x"),
                                      distractors=("w1", "w2", "w3")))[0]
        for i in range(20)
    }
    assert "right" in firsts and len(firsts) > 1


def test_teacher_copy_has_handout_then_answer_key(hproject: Path) -> None:
    page = Page(pages_of(hproject)["html/summit-key.html"])
    text = page.text
    key = page.by_id["answer-key"]
    assert text.index("End of questions.") < text.index("Answer key")
    # answers, explanations and sources, per question
    mc = page.by_id["key-flood-year"]
    letter = re.search(r"([A-D]) 1942", page.by_id["q-flood-year"]).group(1)
    assert f"Answer: {letter} (1942)" in mc
    assert "Answer: 183 people" in page.by_id["key-flood-deaths-n"]
    assert "Explanation: Of the 183 who died, 136 were Korean forced laborers." in key
    assert "Answer: False" in page.by_id["key-flood-tf"]
    assert "The flood at the Chosei mine killed 183 people." in page.by_id["key-flood-cloze"]
    assert "Also accept: an hour and a half" in page.by_id["key-meeting-length-q"]
    assert ("[1] Publisher wire (article A, 13 January 2026): “the Chosei undersea coal mine, "
            "where a flood in 1942 killed 183 people, including 136 Korean forced laborers”") in key
    assert "[2] Other Paper (article B, 13 January 2026): “183 individuals" in key
    # at a glance: every answer in question order
    glance = page.by_id["h-glance"]
    assert glance == "Answers at a glance"
    assert re.search(r"1\. 183 people 2\. [A-D] \(1942\) 3\. 183 4\. False 5\. Nara "
                     r"6\. 13 January 2026 7\. about an hour and a half", key)
    # the key's section starts a new page, in print
    css = html_render.read_template_file(hproject, "print.css")
    assert re.search(r"\.key\s*\{[^}]*break-before:\s*page", css)


def test_citations_are_numbered_and_lead_to_the_sources_list(hproject: Path) -> None:
    page = Page(pages_of(hproject)["html/summit.html"])
    marks = page.find("a", class_="mark")
    assert marks, "statements carry citation marks"
    for a in marks:
        target = a["href"].removeprefix("#")
        assert target in page.by_id, a["href"]
    notes = page.by_id
    assert notes["note-1"] == ("[1] Publisher wire (article A, 13 January 2026): “the Chosei "
                               "undersea coal mine, where a flood in 1942 killed 183 people, "
                               "including 136 Korean forced laborers”")
    assert notes["note-2"].startswith("[2] Other Paper (article B, 13 January 2026): “183")
    assert notes["note-3"].startswith("[3] Publisher wire (article A, 13 January 2026): “NARA")
    # the disputing article is quoted too
    assert notes["note-5"].startswith("[5] Third Paper (article C, 14 January 2026): “A flood")
    # each article once, in full: publisher, title, byline, date
    assert notes["article-A"] == "A Publisher wire, Article wire, 13 January 2026."
    assert notes["article-B"] == "B Other Paper, Article other, 13 January 2026."
    assert notes["article-C"].startswith("C Third Paper, Article third, by 김은정, 14 January 2026.")
    assert "article-D" not in notes
    for a in page.find("a", class_="article-ref"):
        assert a["href"].removeprefix("#") in notes
    statement = page.by_id["fact-flood-deaths"]
    assert statement.startswith("A flood at the Chosei mine")
    assert "136 of them Korean.[1, 2] sources differ" in page.text
    assert "Nara on 13 January 2026.[3] single source" in page.text


def test_source_addresses_are_shown_and_only_web_addresses_linked(tmp_path: Path) -> None:
    root = make_handout_project(tmp_path / "p")
    page = Page(pages_of(root)["html/summit.html"])
    assert "https://third.example/news/2026/01/14/a-long-address" in page.by_id["article-C"]
    assert page.find("a", href="https://third.example/news/2026/01/14/a-long-address-that-"
                     "runs-on-and-on-without-a-single-place-to-break-the-line-1234567890")
    from tests.conftest import write_source

    text = (root / "questions/sources/other.md").read_text().split("---\n", 2)[2]
    write_source(root, "other", text, publisher="Other Paper", url="javascript:alert(1)")
    html = pages_of(root)["html/summit.html"]
    assert "javascript:" not in html


def test_articles_without_a_publisher_are_told_apart(tmp_path: Path) -> None:
    from tests.conftest import write_source

    root = make_handout_project(tmp_path / "p")
    for sid in ("other", "third"):
        path = root / "questions" / "sources" / f"{sid}.md"
        write_source(root, sid, path.read_text().split("---\n", 2)[2], publisher=None,
                     title=f"Untitled report {sid}")
    page = Page(pages_of(root)["html/summit.html"])
    assert page.by_id["note-2"].startswith("[2] Article B (publisher not stated, 13 January 2026)")
    assert page.by_id["note-5"].startswith("[5] Article C (publisher not stated, 13 January 2026)")
    assert ("But article C (publisher not stated, 13 January 2026) says[5]: A flood in 1942 "
            "killed 180 people") in page.by_id["differ-flood-deaths"]
    assert page.by_id["article-B"].startswith("B Publisher not stated, Untitled report other,")
    assert page.by_id["article-C"].startswith("C Publisher not stated, Untitled report third,")


def test_single_source_facts_are_marked_in_words(hproject: Path) -> None:
    page = Page(pages_of(hproject)["html/summit.html"])
    text = page.text
    single = "met in Nara on 13 January 2026.[3] single source"
    assert single in text
    assert "about an hour and a half.[4] single source" in text
    # the flood fact has two origins: not marked
    assert "136 of them Korean.[1, 2] single source" not in text
    assert "136 of them Korean.[1, 2] sources differ" in text
    assert ("listed under Sources, at the end. single source marks a fact that only one independent news "
            "organisation reports") in text


def test_single_source_counts_origins_not_articles(tmp_path: Path) -> None:
    """Two outlets relaying one wire story are one origin (as the checker counts)."""
    root = make_handout_project(tmp_path / "p")
    from tests.conftest import write_source

    write_source(root, "other", (root / "questions/sources/other.md").read_text()
                 .split("---\n", 2)[2], publisher="Other Paper", origin="Publisher wire")
    bank, _ = load_and_check(root)
    view = html_render.topic_view(bank, bank.topics[0])
    flood = next(f for s in view.sections for f in s.facts if f.fact.id == "flood-deaths")
    assert flood.single_source


def test_facts_of_one_category_read_as_one_paragraph(tmp_path: Path) -> None:
    from tests.html_bank import TOPIC

    topic = TOPIC.replace("    category: numbers\n", "    category: venues\n")
    root = make_handout_project(tmp_path / "p", topic=topic)
    page = Page(pages_of(root)["html/summit.html"])
    assert ("Where Lee Jae Myung (이재명) and Sanae Takaichi (高市早苗) met in Nara on 13 January "
            "2026.[3] single source The meeting lasted about an hour and a half.[4] single "
            "source") in page.text
    assert "In numbers" not in page.text


def test_where_the_sources_differ_box(hproject: Path) -> None:
    page = Page(pages_of(hproject)["html/summit.html"])
    box = page.by_id["differ-flood-deaths"]
    assert box.startswith("A flood at the Chosei mine in 1942 killed 183 people")
    assert ("Publisher wire (article A, 13 January 2026) says[1]: the Chosei undersea coal mine, "
            "where a flood in 1942 killed 183 people") in box
    assert "Other Paper (article B, 13 January 2026) says[2]: 183 individuals" in box
    assert ("But Third Paper (article C, 14 January 2026) says[5]: A flood in 1942 killed 180 "
            "people at the Chosei undersea coal mine") in box
    assert "Note: Third Paper gives 180 deaths; the two other reports say 183." in box
    assert page.by_id["h-differ"].endswith("Where the sources differ")
    # the disputed statement points at the box, in words
    flags = [a for a in page.find("a", class_="flag-differ")]
    assert flags and flags[0]["href"] == "#differ-flood-deaths"
    assert ("sources differ marks a fact the reports disagree on: see Where the sources "
            "differ.") in page.text


def test_no_differ_box_when_sources_agree(tmp_path: Path) -> None:
    from tests.conftest import make_project

    root = make_project(tmp_path / "p")
    page = Page(pages_of(root)["html/summit.html"])
    assert "h-differ" not in page.by_id


def test_bank_text_is_escaped_never_live(hproject: Path) -> None:
    pages = pages_of(hproject)
    for name in ("html/summit.html", "html/summit-key.html"):
        html = pages[name]
        assert "<b>bold</b>" not in html
        assert "&lt;b&gt;bold&lt;/b&gt; {{ in words }} &amp;amp;" in html
        page = Page(html)
        assert "How long did the meeting last? <b>bold</b> {{ in words }} &amp;" in page.text
        assert not page.find("b")


def test_mark_cjk_escapes_and_labels_languages() -> None:
    out = str(mark_cjk("Lee (이재명) & Takaichi (高市早苗, たかいち) <i>"))
    assert '<span class="cjk" lang="ko">이재명</span>' in out
    assert '<span class="cjk" lang="ja">高市早苗</span>' in out
    assert '<span class="cjk" lang="ja">たかいち</span>' in out
    assert "&amp;" in out and "&lt;i&gt;" in out and "<i>" not in out
    assert str(mark_cjk("高市 早苗")) == '<span class="cjk" lang="ja">高市 早苗</span>'
    # Chinese characters alone follow a Korean bank's language
    assert 'lang="ko"' in str(mark_cjk("李在明", "ko"))


def test_korean_and_japanese_names_carry_their_language(hproject: Path) -> None:
    page = Page(pages_of(hproject)["html/summit.html"])
    spans = page.find("span", class_="cjk")
    langs = {(s["lang"]) for s in spans}
    assert langs == {"ko", "ja"}
    assert "Lee Jae Myung 이재명 Sanae Takaichi 高市早苗" in page.text


def test_ids_are_unique_even_when_bank_ids_look_like_ours(tmp_path: Path) -> None:
    from tests.html_bank import TOPIC

    # question ids that extend each other ("flood-year", "flood-year-start") and a fact
    # called "heading" must not collide with each other or with the page's own anchors
    topic = (TOPIC.replace("id: meeting-length\n", "id: heading\n")
             .replace("id: meeting-length-q\n", "id: flood-year-start\n"))
    root = make_handout_project(tmp_path / "p", topic=topic)
    for name, html in pages_of(root).items():
        ids = [a["id"] for _, a in Page(html).elements if a.get("id")]
        assert len(ids) == len(set(ids)), (name, sorted(i for i in ids if ids.count(i) > 1))


def test_pages_are_self_contained(hproject: Path) -> None:
    for name, html in pages_of(hproject, pdf=True).items():
        page = Page(html)
        assert not page.find("script"), name
        assert not page.find("link"), name
        assert not page.find("img") and not page.find("iframe"), name
        assert "@import" not in html and "url(" not in html, name
        assert "@font-face" not in html, name
        assert len(page.find("style")) == 1, name


def test_page_language_is_the_banks(tmp_path: Path) -> None:
    from tests.conftest import make_project

    bank = """\
id: test-bank
title: Test bank
language: en-GB
topics: [summit]
"""
    root = make_project(tmp_path / "p", bank=bank)
    for html in pages_of(root).values():
        assert Page(html).find("html")[0]["lang"] == "en-GB"


def test_headings_are_in_order(hproject: Path) -> None:
    for name, html in pages_of(hproject).items():
        levels = [int(m) for m in re.findall(r"<h([1-6])[ >]", html)]
        assert levels[0] == 1 and levels.count(1) == 1, name
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, f"{name}: h{before} followed by h{after}"


def test_index_links_every_handout_key_and_pdf(hproject: Path) -> None:
    result = build(hproject, pdf=True, outputs=HTML_OUTPUTS)
    page = Page(result.files["index.html"].decode())
    # (deck links come from the Anki renderer; the next test checks them)
    hrefs = [a["href"] for a in page.find("a") if not a["href"].endswith(".apkg")]
    assert set(hrefs) == {"html/summit.html", "html/summit-key.html", "pdf/summit.pdf",
                          "pdf/summit-key.pdf"}
    for href in hrefs:
        assert href in result.files
    assert "The Nara summit" in page.text
    # without --pdf, no links to PDFs that were not written
    plain = build(hproject, outputs=HTML_OUTPUTS)
    assert "pdf/" not in plain.files["index.html"].decode()


def test_index_links_the_decks_the_build_writes(hproject: Path) -> None:
    """With every registered output (the Anki deck too), each link in the index resolves."""
    pytest.importorskip("quizgen.render.anki", reason="the Anki renderer is not in this tree")
    result = build(hproject, pdf=False)
    page = Page(result.files["index.html"].decode())
    hrefs = {a["href"] for a in page.find("a")}
    assert hrefs <= set(result.files)
    decks = {name for name in result.files if name.endswith(".apkg")}
    assert decks and decks <= hrefs


def test_html_is_reproducible(hproject: Path) -> None:
    bank, _ = load_and_check(hproject)
    ctx = RenderContext(root=hproject, source_date_epoch=None, previous={}, options={})
    assert render(bank, ctx) == render(bank, ctx)
    html = render(bank, ctx)["html/summit.html"].decode()
    assert "dcterms.created" not in html
    stamped = RenderContext(root=hproject, source_date_epoch=1768300000, previous={},
                            options={})
    html = render(bank, stamped)["html/summit.html"].decode()
    assert '<meta name="dcterms.created" content="2026-01-13T10:26:40Z">' in html


def test_project_templates_restyle_the_handout(hproject: Path) -> None:
    (hproject / "templates").mkdir()
    (hproject / "templates" / "print.css").write_text("body { color: #000; }\n")
    html = pages_of(hproject)["html/summit.html"]
    assert "body { color: #000; }" in html
    assert "string-set" not in html


@pytest.mark.parametrize("css", [
    '@import "https://fonts.example/x.css";',
    "body { background: url(https://example.org/paper.png); }",
    "@font-face { font-family: X; src: url('/usr/share/fonts/x.ttf'); }",
    'body { background: image-set("https://example.org/paper.png" 1x); }',
    "body { background: \\75rl(https://example.org/paper.png); }",  # an escaped "u"
])
def test_css_that_would_load_something_is_refused(hproject: Path, css: str) -> None:
    from quizgen.errors import OutputError

    (hproject / "templates").mkdir()
    (hproject / "templates" / "print.css").write_text(css)
    with pytest.raises(OutputError, match="loads nothing from elsewhere"):
        pages_of(hproject)


@pytest.mark.parametrize("css", [
    "/* no url(https://x) here */ .box { background: url('data:image/png;base64,AA=='); }",
    '.box { background: -webkit-image-set(url("data:image/png;base64,AA==") 1x); }',
    '.box { background: image-set("data:image/png;base64,AA==" 1x); }',
    ".box { background: image-set(linear-gradient(red, blue) 1x); }",
    '.box::after { content: "see image(s) \\201C"; }',
])
def test_css_that_loads_nothing_is_allowed(hproject: Path, css: str) -> None:
    (hproject / "templates").mkdir()
    (hproject / "templates" / "print.css").write_text(css)
    assert ".box" in pages_of(hproject)["html/summit.html"]


def test_css_that_would_close_the_style_element_is_refused(hproject: Path) -> None:
    from quizgen.errors import OutputError

    (hproject / "templates").mkdir()
    (hproject / "templates" / "print.css").write_text("</style><script>alert(1)</script>")
    with pytest.raises(OutputError, match="print.css"):
        pages_of(hproject)


# --- print rules and contrast -----------------------------------------------------------------


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_every_text_colour_has_contrast_of_at_least_4_5() -> None:
    css = html_render.read_template_file(Path("/nonexistent"), "print.css")
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", re.sub(r"/\*.*?\*/", "", css, flags=re.S))
    checked = 0
    for selector, body in rules:
        m = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})", body)
        if not m:
            continue
        bg = re.search(r"background(?:-color)?:\s*(#[0-9a-fA-F]{3,6})", body)
        background = bg.group(1) if bg else "#fff"
        ratio = contrast(m.group(1), background)
        assert ratio >= 4.5, f"{selector.strip()}: {m.group(1)} on {background} is {ratio:.1f}:1"
        checked += 1
    assert checked >= 10


def test_print_rules() -> None:
    css = html_render.read_template_file(Path("/nonexistent"), "print.css")
    assert 'content: "Page " counter(page) " of " counter(pages)' in css
    assert re.search(r"\.question, \.key-item \{[^}]*break-inside: avoid", css)
    assert re.search(r"h1, h2, h3, h4 \{[^}]*break-after: avoid", css)
    assert html_render.paper_css("a4") == "@page { size: A4; }"
    assert html_render.paper_css("letter") == "@page { size: letter; }"


def test_pdf_without_weasyprint_says_what_to_install(hproject: Path, monkeypatch) -> None:
    import sys

    from quizgen.errors import OutputError

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if it were not installed
    bank, _ = load_and_check(hproject)
    ctx = RenderContext(root=hproject, source_date_epoch=None, previous={},
                        options={"pdf": True})
    with pytest.raises(OutputError, match=r"pip install 'quizgen\[pdf\]'.*fonts-noto-cjk"):
        html_render.render_pdf(bank, ctx)


def test_unknown_paper_size_is_refused() -> None:
    from quizgen.errors import OutputError

    with pytest.raises(OutputError, match="unknown paper size 'a5'; use one of: a4, letter"):
        html_render.paper_css("a5")


def test_cli_paper_letter_makes_letter_pdfs(hproject: Path, runner, monkeypatch) -> None:
    from pypdf import PdfReader

    monkeypatch.setattr(build_module, "OUTPUTS",
                        [o for o in build_module.OUTPUTS if o.name in ("html", "pdf")])
    result = run(runner, "build", "--pdf", "--paper", "letter", "-C", str(hproject))
    assert result.exit_code == 0, result.output
    pdf = next((hproject / "dist" / "pdf").glob("*.pdf"))
    box = PdfReader(pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # 8.5 x 11 in
    bad = run(runner, "build", "--paper", "a5", "-C", str(hproject))
    assert bad.exit_code == 2


def test_plain_build_after_pdf_build_says_it_removed_pdfs(hproject: Path, runner, monkeypatch):
    monkeypatch.setattr(build_module, "OUTPUTS",
                        [o for o in build_module.OUTPUTS if o.name in ("html", "pdf")])
    assert run(runner, "build", "--pdf", "-C", str(hproject)).exit_code == 0
    stale = run(runner, "build", "--check", "-C", str(hproject))
    # no advice to run a plain build, which would remove the PDFs
    assert stale.exit_code == 1 and "compare with 'quizgen build --check --pdf'" in stale.output
    assert "run 'quizgen build'" not in stale.output
    assert run(runner, "build", "--check", "--pdf", "-C", str(hproject)).exit_code == 0
    plain = run(runner, "build", "-C", str(hproject))
    assert plain.exit_code == 0 and "removed" in plain.output and "--pdf" in plain.output


def test_a_quote_holding_quotation_marks_prints_them_single(tmp_path: Path) -> None:
    # “…” around a quote that has "…" in it would print “"We owe …," and left”
    root = make_project(tmp_path / "proj", topic=TOPIC + QUOTING_FACT)
    write_source(root, "wire", QUOTING_ARTICLE)
    page = Page(pages_of(root)["html/summit.html"])
    assert page.by_id["note-4"] == ("[4] Publisher wire (article A, 13 January 2026): “‘We owe "
                                    "the families a full answer,’ and left”")
    assert not re.search('[“”"]{2}', page.text)


@pytest.mark.parametrize("quote, printed", [
    ('"We owe them," she said', "‘We owe them,’ she said"),
    ("\u201cWe owe them,\u201d she said", "‘We owe them,’ she said"),
    ('the "Nara" spirit', "the ‘Nara’ spirit"),
    ('"We will win, " he said', "‘We will win, ’ he said"),  # a space before the closing mark
    ('said:"We go"', "said:‘We go’"),
    ('the sign read "Warning:", he recalled', "the sign read ‘Warning:’, he recalled"),
    ('titled "Part 2:". It', "titled ‘Part 2:’. It"),
    ('He wrote "...and then we left" yesterday', "He wrote ‘...and then we left’ yesterday"),
    ("no marks at all", "no marks at all"),
])
def test_marks_inside_a_quote_print_single(quote: str, printed: str) -> None:
    from quizgen.render import nested_quotes

    assert nested_quotes(quote) == printed


def test_the_answer_key_shows_what_the_other_source_says(hproject: Path) -> None:
    # a teacher marking a disputed fact sees the other version and the bank's note in the key
    page = Page(pages_of(hproject)["html/summit-key.html"])
    key = page.text[page.text.index("Answer key"):]
    assert ("[5] But Third Paper (article C, 14 January 2026): “A flood in 1942 killed 180 people "
            "at the Chosei undersea coal mine” Note: Third Paper gives 180 deaths; the two other "
            "reports say 183.") in key
