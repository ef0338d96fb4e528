"""A large bank is checked in two processes; the findings are exactly the serial ones."""

from __future__ import annotations

import re

import pytest

import quizgen.validate as validate
from quizgen.bank import load_project
from quizgen.validate import Checker, check_bank
from tests.perf.make_bank import make_bank


@pytest.mark.skipif(not validate._two_cores(), reason="needs Linux and two cores")
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
    real = validate._check_in_two
    monkeypatch.setattr(validate, "_check_in_two", lambda *a: calls.append(1) or real(*a))
    assert check_bank(bank) == serial
    assert calls  # the two-process path ran


def test_a_failing_child_is_made_up_for(tmp_path, monkeypatch):
    root = tmp_path / "b"
    make_bank(60, root)
    bank = load_project(root).bank
    serial = Checker(bank).run()
    import os

    monkeypatch.setattr(os, "fdopen", _fail_in_child(os.fdopen, os.getpid()))
    assert validate._check_in_two(bank, bank.facts) == serial


def _fail_in_child(real, parent_pid):
    import os

    def fdopen(fd, mode="r", *a, **k):
        if os.getpid() != parent_pid:
            raise OSError("the child cannot write")
        return real(fd, mode, *a, **k)

    return fdopen
