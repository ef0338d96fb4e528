"""The bundled bank (questions/ at the repository root): the Nara summit of 13 January 2026.

These tests load the real bank the way ``quizgen check`` does and assert what a teacher
relies on: its size, that every question type and category is used, that the checker finds
no errors and no warnings except single-origin facts (inherent to the articles), that the
disputes are recorded, and that no question teaches a disputed claim as true.

The README's coverage table is generated from the bank by:

    quizgen stats --format markdown

``test_readme_coverage_table_is_current`` fails when README.md's table (between the
``bank-coverage`` markers) no longer matches the bank.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quizgen.build import load_and_check  # noqa: E402
from quizgen.errors import FindingsError  # noqa: E402
from quizgen.model import CATEGORIES, QUESTION_TYPES, Bank  # noqa: E402
from quizgen.validate import Checker, Evidence, answer_supported  # noqa: E402

#: warnings the articles themselves cause: a fact only one independent origin states
INHERENT_WARNINGS = {"QG300"}


def _load() -> tuple[Bank, list]:
    try:
        return load_and_check(ROOT)
    except FindingsError as exc:  # show every finding, not just the count
        pytest.fail("quizgen check fails on the bundled bank:\n"
                    + "\n".join(f.format() for f in exc.findings))


@pytest.fixture(scope="module")
def checked() -> tuple[Bank, list]:
    return _load()


@pytest.fixture(scope="module")
def bank(checked) -> Bank:
    return checked[0]


def test_check_has_no_errors_and_only_inherent_warnings(checked):
    _bank, findings = checked
    assert [f.format() for f in findings if f.severity == "error"] == []
    other = [f.format() for f in findings if f.code not in INHERENT_WARNINGS]
    assert other == [], "only single-origin warnings are expected"


def test_size(bank):
    assert len(bank.questions) >= 90
    assert len(bank.facts) >= 45
    assert len(bank.topics) >= 4
    assert all(t.facts for t in bank.topics), "every topic has facts"


def test_every_question_type_is_used(bank):
    used = Counter(q.type for q in bank.questions)
    assert set(used) == set(QUESTION_TYPES), f"unused: {set(QUESTION_TYPES) - set(used)}"


def test_every_category_is_used(bank):
    used = Counter(f.category for f in bank.facts)
    assert set(used) == set(CATEGORIES), f"unused: {set(CATEGORIES) - set(used)}"


def test_all_five_articles_are_cited(bank):
    assert len(bank.sources) == 5
    cited = {c.source for f in bank.facts for c in f.citations}
    assert cited == set(bank.sources)


def test_relayed_report_counts_as_one_origin(bank):
    # The South Asia Times says "Yonhap News qouted Lee": it relays Yonhap's report
    sat, yonhap = bank.sources["south-asia-times"], bank.sources["yonhap-3rd-ld"]
    assert sat.origin_key == yonhap.origin_key
    fact = next(f for f in bank.facts if f.id == "ai-ip-talks")
    assert {c.source for c in fact.citations} == {"south-asia-times", "yonhap-3rd-ld"}
    assert len(bank.origins_of(fact)) == 1


def test_publishers_only_as_the_pages_state_them(bank):
    s = bank.sources
    assert s["yonhap-3rd-ld"].publisher == "Yonhap News Agency"  # its copyright line
    assert s["south-asia-times"].publisher == "The South Asia Times"  # its byline
    assert s["ancient-capital-nara"].publisher is None  # the page names none
    assert s["pledge-stronger-ties"].publisher is None
    assert s["pledge-stronger-ties"].published is None  # the page prints no date


FURNITURE = [
    "Send this to a friend", "Legal Disclaimer", "EIN Presswire provides", "AdSense",
    "Advertisement", "Comment / Reply From", "Skip to content", "ARTICLE BY", "[See more:",
    "All Rights Reserved", "(END)", "\u25b2 President", "\u2022 facebook", "Dark Mode",
]


@pytest.mark.parametrize("marker", FURNITURE)
def test_sources_carry_no_page_furniture(bank, marker):
    for source in bank.sources.values():
        assert marker not in source.text, f"{marker!r} left in {source.id}"


def test_sources_carry_no_header_lines(bank):
    s = bank.sources
    assert "(3rd LD) Lee-Takaichi-summit" not in s["yonhap-3rd-ld"].text
    assert "General / " not in s["yonhap-3rd-ld"].text
    assert "date 2026-01-13" not in s["ancient-capital-nara"].text
    assert not s["south-asia-times"].text.startswith("Tuesday, 13 January 2026")


def test_article_text_kept_verbatim_with_its_typos(bank):
    s = bank.sources
    assert "Yonhap News qouted Lee" in s["south-asia-times"].text
    assert "from Jan. 13 to14" in s["ancient-capital-nara"].text
    assert "Tripartite Collaboration with, China, Japan" in s["ein-presswire"].text


#: disputes the articles contain: fact id -> source that dissents
EXPECTED_DISPUTES = {
    "summit-venue": "pledge-stronger-ties",  # "met in South Korea"
    "second-summit": "pledge-stronger-ties",  # "third encounter"
    "chosei-death-toll": "pledge-stronger-ties",  # "more than 180 workers"
    "normalisation-1965": "ein-presswire",  # Seoul paying South Korea
    "xi-meeting-timing": "south-asia-times",  # "weeks after"
    "lee-proposals": "south-asia-times",  # proposals reported as agreed
    "transnational-crime": "south-asia-times",  # agreement reported as a proposal
    "joint-document": "south-asia-times",
    "complex-dizzying-quote": "south-asia-times",  # words dropped from a quote
    "shuttle-diplomacy": "ein-presswire",  # "official state visit"
    "joint-press-announcement": "ancient-capital-nara",  # "joint statement released"
    "cooperation-critical": "yonhap-3rd-ld",  # "geographical" for geopolitical
    "other-fields": "yonhap-3rd-ld",  # youth exchanges: proposed, not agreed
}


def test_disputes_are_recorded_with_notes(bank):
    facts = {f.id: f for f in bank.facts}
    for fid, source in EXPECTED_DISPUTES.items():
        assert fid in facts, fid
        dissent = {d.source for d in facts[fid].disputes}
        assert source in dissent, f"{fid}: no dispute from {source}"
    for f in bank.facts:
        for d in f.disputes:
            assert d.note and len(d.note.split()) >= 15, f"{f.id}: note too thin to follow"


def test_no_question_teaches_a_disputed_claim(bank):
    """Every answer of a disputed fact is supported by the fact's own citations, without
    the dissenting quotes (what the checker's QG111 enforces), and every disputed fact is
    tested by at least one question."""
    checker = Checker(bank)
    disputed = [f for f in bank.facts if f.disputes]
    assert len(disputed) >= 10
    for fact in disputed:
        main = Evidence()
        for c in fact.citations:
            found = checker.locate(c)
            assert found is not None, f"{fact.id}: quote not found"
            main.add(*found)
        assert fact.questions, f"{fact.id} has no question"
        for q in fact.questions:
            assert answer_supported(q, main, bank.aliases_for(fact)), (
                f"{q.id}: answer {q.answer_text!r} not supported by the undisputed quotes")


def test_false_claims_explain_what_is_true(bank):
    false_claims = [q for q in bank.questions if q.type == "true_false" and q.answer is False]
    assert len(false_claims) >= 8
    assert all(len(q.explanation.split()) >= 8 for q in false_claims)


def test_multiple_choice_has_three_distractors(bank):
    for q in bank.questions:
        if q.type == "multiple_choice":
            assert len(q.distractors) >= 3, q.id


# --- the coverage table ----------------------------------------------------------------

def coverage_markdown(bank: Bank) -> str:
    """The README's coverage section: exactly what ``quizgen stats --format markdown`` prints."""
    from quizgen.stats import compute_stats, to_markdown

    return to_markdown(compute_stats(bank))


START, END = "<!-- bank-coverage:start -->", "<!-- bank-coverage:end -->"


def test_coverage_table_counts(bank):
    table = coverage_markdown(bank)
    assert f"{len(bank.facts)} facts, {len(bank.questions)} questions" in table
    single_part = table.split("#### Single-source facts", 1)[1].split("####")[0]
    listed = re.findall(r"^\| ([\w-]+) \|", single_part, re.MULTILINE)
    assert listed[2:] == [f.id for f in bank.facts if len(bank.origins_of(f)) == 1]
    dispute_part = table.split("#### Disputes", 1)[1].split("####")[0]
    rows = re.findall(r"^\| ([\w-]+) \|", dispute_part, re.MULTILINE)
    assert len(rows) - 2 == sum(len(f.disputes) for f in bank.facts)


def test_readme_coverage_table_is_current(bank):
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.is_file() else ""
    if START not in text:
        pytest.skip("README.md has no bank-coverage section yet")
    section = text.split(START, 1)[1].split(END, 1)[0]
    assert section.strip() == coverage_markdown(bank).strip(), (
        "README coverage table is stale; regenerate with: quizgen stats --format markdown")


if __name__ == "__main__":
    print(coverage_markdown(_load()[0]), end="")


def test_committed_dist_is_what_a_build_writes(tmp_path):
    """dist/ is committed: it must be what `quizgen build` makes of the bank today (the deck,
    its state and the explainers; PDFs depend on the fonts of the machine, so they are left
    to `quizgen build --check --pdf`)."""
    import shutil

    from quizgen.build import OUTPUTS, build

    root = tmp_path / "repo"
    shutil.copytree(ROOT / "questions", root / "questions")
    shutil.copytree(ROOT / "dist", root / "dist")
    # as a --pdf build (the index links the PDFs), without rendering the PDFs themselves
    result = build(root, pdf=True, check_only=True,
                   outputs=[o for o in OUTPUTS if o.name != "pdf"])
    stale = [name for name in result.stale if not name.startswith("pdf/")]
    assert not stale, f"dist/ is stale, run 'quizgen build --pdf': {stale}"
