"""The benchmark's generated bank is what the issue asks for, and passes quizgen check."""

from __future__ import annotations

from quizgen.build import build, read_tree
from quizgen.model import QUESTION_TYPES
from tests.conftest import run
from tests.perf.make_bank import make_bank


def test_generated_bank_is_clean_and_complete(tmp_path, runner):
    root = tmp_path / "bank"
    make_bank(250, root)
    result = run(runner, "check", "--strict", "--project", str(root))
    assert result.exit_code == 0, result.output
    assert "0 error(s), 0 warning(s)" in result.output

    from quizgen.bank import load_project

    bank = load_project(root).bank
    assert len(bank.questions) == len(bank.facts) == 250
    assert {q.type for q in bank.questions} == set(QUESTION_TYPES)
    assert len(bank.sources) == 25
    sizes = [len(t.facts) for t in bank.topics]
    assert sum(sizes) == 250 and all(60 <= n <= 150 for n in sizes)  # topics of about 100
    assert all(len(f.citations) == 2 for f in bank.facts)
    assert any(f.disputes for f in bank.facts)
    quotes = [len(c.quote) for f in bank.facts for c in f.citations]
    assert 100 <= sum(quotes) / len(quotes) <= 140
    sizes = [len(s.text.encode()) for s in bank.sources.values()]
    assert min(sizes) >= 4500 and max(sizes) <= 7000


def test_same_size_same_bytes(tmp_path):
    make_bank(40, tmp_path / "a")
    make_bank(40, tmp_path / "b")
    assert read_tree(tmp_path / "a") == read_tree(tmp_path / "b")


def test_generated_bank_builds(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1768262400")
    root = tmp_path / "bank"
    make_bank(30, root)
    result = build(root)
    assert result.written
    assert any(name.endswith(".apkg") for name in read_tree(root / "dist"))
