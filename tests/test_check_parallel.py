"""A large bank is checked (and built) in two processes; the results are exactly the serial
ones."""

from __future__ import annotations

import re

import pytest

import quizgen.build as build_module
import quizgen.parallel as parallel
import quizgen.validate as validate
from quizgen.bank import load_project
from quizgen.build import build
from quizgen.errors import FindingsError
from quizgen.validate import Checker, check_bank
from tests.perf.make_bank import make_bank


@pytest.mark.skipif(not parallel.two_cores(), reason="needs Linux and two cores")
def test_two_processes_find_what_one_finds(tmp_path, monkeypatch):
    root = tmp_path / "b"
    make_bank(120, root)
    # break a few facts in both halves: a quote that is not in its source, an invented number
    for topic in sorted((root / "questions").glob("topic-*.yaml")):
        text = topic.read_text()
        at = text.rfind("the largest crowd it has drawn")  # the topic's last fact
        text = text[:at] + "the largest crowd it drew" + text[at + 30:]
        text = re.sub(r'(statement: "[^"]*? drew )[\d,]+', r"\g<1>7,777,777", text, count=1)
        topic.write_text(text)
    bank = load_project(root).bank
    assert bank is not None
    serial = Checker(bank).run()
    assert {f.code for f in serial} >= {"QG101", "QG120"}
    monkeypatch.setattr(validate, "PARALLEL_MIN_FACTS", 10)
    calls = []
    real = parallel.in_two
    monkeypatch.setattr(parallel, "in_two", lambda *a: calls.append(1) or real(*a))
    assert check_bank(bank) == serial
    assert calls  # the two-process path ran


def test_a_failing_child_is_made_up_for(tmp_path, monkeypatch):
    root = tmp_path / "b"
    make_bank(60, root)
    bank = load_project(root).bank
    serial = Checker(bank).run()
    import os

    monkeypatch.setattr(validate, "PARALLEL_MIN_FACTS", 10)
    monkeypatch.setattr(os, "fdopen", _fail_in_child(os.fdopen, os.getpid()))
    assert check_bank(bank) == serial


def _fail_in_child(real, parent_pid):
    import os

    def fdopen(fd, mode="r", *a, **k):
        if os.getpid() != parent_pid:
            raise OSError("the child cannot write")
        return real(fd, mode, *a, **k)

    return fdopen


@pytest.mark.skipif(not parallel.two_cores(), reason="needs Linux and two cores")
def test_a_build_on_two_cores_writes_what_one_core_writes(tmp_path, monkeypatch):
    """Checking and rendering at once: the same files, the same findings; and a bank with an
    error writes nothing, whichever process finds it."""
    root = tmp_path / "b"
    make_bank(120, root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1768262400")  # the deck's time stamps
    serial = build(root, check_only=True)
    monkeypatch.setattr(build_module, "PARALLEL_MIN_FACTS", 10)
    calls = []
    real = parallel.in_two
    monkeypatch.setattr(build_module, "in_two", lambda *a: calls.append(1) or real(*a))
    both = build(root, check_only=True)
    assert calls
    assert both.files == serial.files and both.findings == serial.findings
    assert list(both.files) == list(serial.files)  # in the same order, deck first
    assert build(root).written
    before = {p: p.read_bytes() for p in (root / "dist").rglob("*") if p.is_file()}
    for topic in (sorted((root / "questions").glob("topic-*.yaml"))[0],
                  sorted((root / "questions").glob("topic-*.yaml"))[-1]):
        text = topic.read_text()
        topic.write_text(text.replace("the largest crowd it has drawn", "the biggest crowd", 1))
        with pytest.raises(FindingsError) as err:
            build(root)
        assert any(f.code == "QG101" and f.place.path.endswith(topic.name)
                   for f in err.value.findings)
        topic.write_text(text)
        after = {p: p.read_bytes() for p in (root / "dist").rglob("*") if p.is_file()}
        assert after == before


@pytest.mark.skipif(not parallel.two_cores(), reason="needs Linux and two cores")
def test_files_read_on_two_cores_load_the_same_bank(tmp_path, monkeypatch):
    """Reading and parsing the files in two processes changes nothing: the same bank, the
    same findings (a file that is not UTF-8, a tab, a broken source included)."""
    import quizgen.bank as bank_module

    root = tmp_path / "b"
    make_bank(320, root)
    q = root / "questions"
    (q / "topic-0001.yaml").write_bytes((q / "topic-0001.yaml").read_bytes() + b"\xff\n")
    (q / "topic-0002.yaml").write_text((q / "topic-0002.yaml").read_text().replace(
        "  - id:", "\t- id:", 1))
    src = sorted((q / "sources").glob("*.md"))[3]
    src.write_text(src.read_text().replace("publisher:", "publsher:", 1))
    one = load_project(root)
    monkeypatch.setattr(bank_module, "PARALLEL_MIN_BYTES", 0)
    calls = []
    real = parallel.in_two
    monkeypatch.setattr(parallel, "in_two", lambda *a: calls.append(1) or real(*a))
    two = load_project(root)
    assert calls
    assert {f.code for f in one.findings} >= {"QG001", "QG003", "QG007"}
    assert two.findings == one.findings
    assert two.bank == one.bank
    assert list(two.bank.sources) == list(one.bank.sources)
