"""The PDFs, rendered through WeasyPrint as the build does, then read back like a teacher would:
pages, text, fonts, where each question and the answer key fall."""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
from pathlib import Path

import pytest

weasyprint = pytest.importorskip("weasyprint", reason="the 'pdf' extra is not installed")
pypdf = pytest.importorskip("pypdf")

from quizgen.build import Output, RenderContext, build, load_and_check  # noqa: E402
from quizgen.render.html import html_to_pdf, render_pages  # noqa: E402
from tests.conftest import make_project  # noqa: E402
from tests.html_bank import make_handout_project, many_questions_topic  # noqa: E402

OUTPUTS = [
    Output("html", "quizgen.render.html:render"),
    Output("pdf", "quizgen.render.html:render_pdf", option="pdf"),
]
A4 = (595, 842)
LETTER = (612, 792)


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def weasy_warnings():
    """Every warning or error WeasyPrint logs while the test runs."""
    handler = Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)


def ctx_for(root: Path, epoch: int | None = None, **options: object) -> RenderContext:
    return RenderContext(root=root, source_date_epoch=epoch, previous={},
                         options={"pdf": True, **options})


def rendered(root: Path, **options: object):
    """{dist path: (weasyprint document, pdf bytes)} for every handout of the bank."""
    bank, _ = load_and_check(root)
    out = {}
    for path, html in render_pages(bank, ctx_for(root, **options)).items():
        if path.startswith("html/"):
            out[path] = html_to_pdf(html, str(options.get("paper", "a4")))
    return bank, out


def page_of(document) -> dict[str, int]:
    """The page (0-based) each anchor lands on."""
    where = {}
    for i, page in enumerate(document.pages):
        for anchor in page.anchors:
            where.setdefault(anchor, i)
    return where


def pdf_text(data: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [" ".join((p.extract_text() or "").split()) for p in reader.pages]


def pdf_fonts(data: bytes) -> set[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font") or {}
        for ref in fonts.get_object().values():
            names.add(str(ref.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


@pytest.fixture(scope="module")
def handouts(tmp_path_factory):
    root = make_handout_project(tmp_path_factory.mktemp("handouts") / "proj")
    handler = Collect()
    logging.getLogger("weasyprint").addHandler(handler)
    try:
        bank, docs = rendered(root)
    finally:
        logging.getLogger("weasyprint").removeHandler(handler)
    return root, bank, docs, handler.records


def test_no_weasyprint_warnings(handouts) -> None:
    *_, records = handouts
    assert [r.getMessage() for r in records] == []


def test_student_handout_pages_and_questions(handouts) -> None:
    _, bank, docs, _ = handouts
    document, data = docs["html/summit.html"]
    text = pdf_text(data)
    assert len(text) == len(document.pages)
    # small bank, three pages of A4: explainer and sources, then the questions
    assert 2 <= len(text) <= 4
    for n, page in enumerate(text, 1):
        assert f"Page {n} of {len(text)}" in page
    whole = " ".join(text)
    for q in bank.questions:
        prompt = q.prompt if q.type != "cloze" else q.prompt.split("[[")[0]
        assert " ".join(prompt.split()) in whole, q.id
    assert "Answer key" not in whole and "ANSWER KEY" not in whole
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert tuple(round(float(x)) for x in reader.pages[0].mediabox[2:]) == A4


def test_answer_key_starts_on_a_page_after_the_last_question(handouts) -> None:
    _, bank, docs, _ = handouts
    student, _ = docs["html/summit.html"]
    teacher, data = docs["html/summit-key.html"]
    where = page_of(teacher)
    last_question = max(where[f"q-{q.id}.end"] for q in bank.questions)
    key_page = where["answer-key"]
    assert key_page > last_question
    # the teacher's copy is the student's handout, page for page, then the key
    assert key_page == len(student.pages)
    text = pdf_text(data)
    assert "ANSWER KEY — for the teacher" in text[key_page]
    assert all("ANSWER KEY" not in page for page in text[:key_page])
    for q in bank.questions:
        assert where[f"key-{q.id}.start"] >= key_page


def test_no_question_split_across_pages(tmp_path: Path, weasy_warnings) -> None:
    root = make_project(tmp_path / "p", topic=many_questions_topic(30))
    bank, docs = rendered(root)
    for name, (document, _) in docs.items():
        where = page_of(document)
        assert len(document.pages) >= 4, name  # enough questions to need page breaks
        question_pages = set()
        for q in bank.questions:
            start, end = where[f"q-{q.id}.start"], where[f"q-{q.id}.end"]
            assert start == end, f"{name}: question {q.id} runs from page {start + 1} to {end + 1}"
            question_pages.add(start)
            if name.endswith("-key.html"):
                assert where[f"key-{q.id}.start"] == where[f"key-{q.id}.end"], q.id
        assert len(question_pages) >= 3, name
    assert weasy_warnings == []


def test_letter_paper(tmp_path: Path) -> None:
    root = make_handout_project(tmp_path / "p")
    _, docs = rendered(root, paper="letter")
    _, data = docs["html/summit.html"]
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert {tuple(round(float(x)) for x in p.mediabox[2:]) for p in reader.pages} == {LETTER}


def test_korean_and_japanese_names_use_noto_cjk(handouts) -> None:
    _, _, docs, _ = handouts
    _, data = docs["html/summit.html"]
    fonts = pdf_fonts(data)
    assert any(re.search(r"Noto.*CJK.*KR", f, re.I) for f in fonts), fonts
    assert any(re.search(r"Noto.*CJK.*JP", f, re.I) for f in fonts), fonts
    whole = " ".join(pdf_text(data))
    assert "이재명" in whole and "高市早苗" in whole and "김은정" in whole


def test_pdf_metadata_and_language(handouts) -> None:
    _, _, docs, _ = handouts
    _, data = docs["html/summit.html"]
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.metadata.title == "The Nara summit · Student handout"
    assert reader.trailer["/Root"].get("/Lang") == "en"
    assert "/CreationDate" not in reader.metadata
    if "pdf_tags" in weasyprint.DEFAULT_OPTIONS:
        assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged, for screen readers


def test_build_pdf_is_reproducible_and_honours_source_date_epoch(tmp_path: Path,
                                                                 monkeypatch) -> None:
    root = make_handout_project(tmp_path / "p")
    first = build(root, pdf=True, outputs=OUTPUTS).files
    second = build(root, pdf=True, outputs=OUTPUTS).files
    assert sorted(n for n in first if n.endswith(".pdf")) == ["pdf/summit-key.pdf",
                                                              "pdf/summit.pdf"]
    assert first == second
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1768300000")
    stamped = build(root, pdf=True, outputs=OUTPUTS).files
    reader = pypdf.PdfReader(io.BytesIO(stamped["pdf/summit.pdf"]))
    assert reader.metadata["/CreationDate"].startswith("D:20260113102640")
    assert stamped == build(root, pdf=True, outputs=OUTPUTS).files


def test_pdf_rendering_fetches_nothing(weasy_warnings) -> None:
    """Whatever a restyled template asks for, the PDF renderer fetches nothing, and says so."""
    html = ('<!DOCTYPE html><html lang="en"><head><title>x</title>'
            '<link rel="stylesheet" href="https://example.invalid/style.css"></head>'
            '<body><p>Text</p><img src="https://example.invalid/photo.png" alt=""></body></html>')
    _, data = html_to_pdf(html)
    assert data.startswith(b"%PDF-")
    messages = " ".join(r.getMessage() for r in weasy_warnings)
    assert "https://example.invalid/style.css" in messages
    assert "https://example.invalid/photo.png" in messages


# --- a look in a real browser ----------------------------------------------------------------


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(_chromium() is None,
                    reason="chromium is not installed (Debian: apt-get install chromium)")
def test_handout_renders_in_headless_chromium(tmp_path: Path) -> None:
    from PIL import Image

    root = make_handout_project(tmp_path / "p")
    build(root, outputs=OUTPUTS)
    png = tmp_path / "handout.png"
    profile = tmp_path / "chromium-profile"
    cmd = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--no-first-run", f"--user-data-dir={profile}", f"--screenshot={png}",
           "--window-size=1000,1400", (root / "dist" / "html" / "summit.html").as_uri()]
    subprocess.run(cmd, capture_output=True, timeout=120, check=False)
    assert png.is_file(), "chromium wrote no screenshot"
    image = Image.open(png).convert("L")
    assert image.size == (1000, 1400)
    histogram = image.histogram()
    dark = sum(histogram[:100])  # text
    white = sum(histogram[250:])  # the sheet
    assert dark > 2000, "the page shows no text"
    assert white > image.size[0] * image.size[1] * 0.3, "the sheet of paper is missing"


def _rule_under_each_question(document) -> dict[str, float]:
    """The width of the rule under each question of the student's part, by question anchor
    (the first box of each question: where it starts)."""
    rules: dict[str, float] = {}

    def walk(box) -> None:
        element = getattr(box, "element", None)
        if (element is not None and getattr(box, "element_tag", None) == "section"
                and "question" in (element.get("class") or "").split()
                and element.get("id") not in rules):
            rules[element.get("id")] = box.style["border_bottom_width"]
        for child in getattr(box, "children", None) or ():
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return rules


def test_a_rule_divides_every_question_from_the_next(tmp_path: Path) -> None:
    # the first question, kept on one page with the heading, had none
    root = make_handout_project(tmp_path / "proj")
    _, docs = rendered(root)
    document, _ = docs["html/summit.html"]
    rules = list(_rule_under_each_question(document).values())
    assert len(rules) > 3
    assert all(width > 0 for width in rules[:-1]), rules
    assert rules[-1] == 0, "the last question ends the list: no rule under it"


def test_no_rule_under_a_lone_question(tmp_path: Path) -> None:
    topic = """\
title: One question
facts:
  - id: summit-place
    category: venues
    statement: Lee and Takaichi met in Nara.
    citations:
      - source: wire
        quote: "President Lee Jae Myung said Tuesday he had met Prime Minister Sanae Takaichi in Nara"
    questions:
      - id: summit-city
        type: short_answer
        prompt: In which city did Lee Jae Myung meet Sanae Takaichi?
        answer: Nara
"""
    root = make_project(tmp_path / "proj", topic=topic)
    _, docs = rendered(root)
    document, _ = docs["html/summit.html"]
    assert list(_rule_under_each_question(document).values()) == [0]
