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
from quizgen.errors import FindingsError, OutputError
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


def facts_checked_here(monkeypatch) -> list[int]:
    """How many facts each call of the build's ``check_facts`` in this process (the one that
    renders the deck) is given, in order."""
    checked: list[int] = []
    real_check = build_module.check_facts
    monkeypatch.setattr(build_module, "check_facts",
                        lambda bank, facts: checked.append(len(facts)) or real_check(bank, facts))
    return checked


@pytest.mark.skipif(not parallel.two_cores(), reason="needs Linux and two cores")
def test_the_deck_process_checks_its_share(tmp_path, monkeypatch):
    """With the registered outputs, the process that renders the deck checks 65% of the
    facts, and the other the rest; an error in the last fact of either share is found."""
    root = tmp_path / "b"
    make_bank(120, root)
    monkeypatch.setattr(build_module, "PARALLEL_MIN_FACTS", 10)
    checked = facts_checked_here(monkeypatch)
    assert build(root, check_only=True).files
    assert checked == [78]  # round(120 * 0.65)
    bank = load_project(root).bank
    for fact in (bank.facts[77], bank.facts[78]):  # the last of each process's share
        topic = root / fact.place.path
        text = topic.read_text()
        at = text.index(f"id: {fact.id}\n")
        at = text.index("quote: \"", at) + len("quote: \"")
        topic.write_text(text[:at] + "Not in the source: " + text[at:])
        with pytest.raises(FindingsError) as err:
            build(root, check_only=True)
        assert [f.code for f in err.value.findings if f.severity == "error"] == ["QG101"]
        assert err.value.findings[0].place.line > text[:at].count("\n")
        topic.write_text(text)


def test_facts_are_shared_by_what_each_process_renders():
    """The process that renders the explainers (and writes them) checks fewer facts than the
    one that renders the deck; next to the PDF it checks none; equal work is an even split."""
    from quizgen.build import OUTPUTS, Output, first_share

    anki, html, pdf = OUTPUTS
    assert 0.5 < first_share([anki], [html]) < 1.0
    assert first_share([anki], [html, pdf]) == 1.0
    same = Output("same", "x:y", cost=0.3)
    assert first_share([same], [same]) == 0.5
    assert first_share([Output("huge", "x:y", cost=50)], [html]) == 0.0


@pytest.mark.skipif(not parallel.two_cores(), reason="needs Linux and two cores")
@pytest.mark.parametrize("costs", [(0.35, 1000.0), (1000.0, 0.65)])
def test_a_process_that_checks_no_facts(tmp_path, monkeypatch, costs):
    """When one process's output costs so much that the other checks every fact, the build
    writes what one process writes, and still finds an error in the first fact or the last
    and writes nothing."""
    from quizgen.build import OUTPUTS, Output

    outputs = [Output(o.name, o.target, cost=c) for o, c in zip(OUTPUTS[:2], costs, strict=True)]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1768262400")
    root = tmp_path / "b"
    make_bank(120, root)
    serial = build(root, check_only=True, outputs=outputs)
    monkeypatch.setattr(build_module, "PARALLEL_MIN_FACTS", 10)
    calls = []
    real = parallel.in_two
    monkeypatch.setattr(build_module, "in_two", lambda *a: calls.append(1) or real(*a))
    checked = facts_checked_here(monkeypatch)
    assert build(root, check_only=True, outputs=outputs).files == serial.files and calls
    assert checked == [120 if costs[1] > costs[0] else 0]
    topics = sorted((root / "questions").glob("topic-*.yaml"))
    for topic, find in ((topics[0], str.find), (topics[-1], str.rfind)):
        text = topic.read_text()
        at = find(text, "the largest crowd it has drawn")  # the bank's first or last fact
        topic.write_text(text[:at] + "the biggest crowd" + text[at + 30:])
        with pytest.raises(FindingsError) as err:
            build(root, outputs=outputs)
        assert [f.place.path.endswith(topic.name) for f in err.value.findings
                if f.code == "QG101"] == [True]
        assert not (root / "dist").exists()
        topic.write_text(text)


@pytest.mark.skipif(not parallel.two_cores(), reason="needs Linux and two cores")
def test_files_each_process_writes_make_the_dist_one_process_writes(tmp_path, monkeypatch):
    """On two cores each process writes the files it rendered; dist/ ends up byte for byte
    what one process writes, over an old dist/ too; a process that cannot write fails the
    build with a message and leaves dist/ as it was."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1768262400")
    serial_root, both_root = tmp_path / "serial", tmp_path / "both"
    for root in (serial_root, both_root):
        make_bank(120, root)
    assert build(serial_root).written
    monkeypatch.setattr(build_module, "PARALLEL_MIN_FACTS", 10)
    calls = []
    real = parallel.in_two
    monkeypatch.setattr(build_module, "in_two", lambda *a: calls.append(1) or real(*a))

    def tree(root):
        return {p.relative_to(root).as_posix(): p.read_bytes()
                for p in (root / "dist").rglob("*") if p.is_file()}

    result = build(both_root)
    assert calls and result.written
    assert tree(both_root) == tree(serial_root)
    assert {f"dist/{name}": data for name, data in result.files.items()} == tree(both_root)
    (both_root / "questions" / "bank.yaml").write_text(
        (both_root / "questions" / "bank.yaml").read_text() + "\n")  # a new build, same files
    assert build(both_root).written and tree(both_root) == tree(serial_root)
    assert not list(both_root.glob(".dist-*"))

    import os

    before = tree(both_root)
    (both_root / "questions" / "bank.yaml").write_text(
        (both_root / "questions" / "bank.yaml").read_text() + "\n")
    parent = os.getpid()
    real_open = open

    def open_in_child(file, mode="r", *a, **k):
        if "w" in mode and os.getpid() != parent and ".dist-new" in str(file):
            raise OSError(28, "No space left on device")
        return real_open(file, mode, *a, **k)

    monkeypatch.setattr("builtins.open", open_in_child)
    # the child's files are written here instead, where the disk is not full
    assert build(both_root).written and tree(both_root) == before

    def open_full(file, mode="r", *a, **k):
        if "w" in mode and ".dist-new" in str(file):
            raise OSError(28, "No space left on device")
        return real_open(file, mode, *a, **k)

    monkeypatch.setattr("builtins.open", open_full)
    (both_root / "questions" / "bank.yaml").write_text(
        (both_root / "questions" / "bank.yaml").read_text() + "\n")
    with pytest.raises(OutputError, match="No space left on device.*previous dist/ is unchanged"):
        build(both_root)
    assert tree(both_root) == before
    assert not list(both_root.glob(".dist-*"))


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


@pytest.mark.skipif(not parallel.two_cores(), reason="needs Linux and two cores")
def test_checking_a_bank_in_two_parts_finds_what_checking_it_whole_finds(tmp_path, monkeypatch):
    """`quizgen check` on a large bank: each process loads and checks every other topic. The
    findings are those of the whole bank: errors in both parts, bank-wide findings once, a
    source no part cites, a missing topic file, and an id used in both parts."""
    from quizgen.build import check_project, load_and_check

    def both(root):
        try:
            whole = ("ok", load_and_check(root)[1])
        except FindingsError as exc:
            whole = ("errors", exc.findings)
        with monkeypatch.context() as m:
            m.setattr(build_module, "SPLIT_CHECK_MIN_BYTES", 0)
            calls = []
            real = parallel.in_two
            m.setattr(build_module, "in_two", lambda *a: calls.append(1) or real(*a))
            try:
                parts = ("ok", check_project(root))
            except FindingsError as exc:
                parts = ("errors", exc.findings)
        assert calls  # the two-part path ran
        return whole, parts

    root = tmp_path / "b"
    make_bank(420, root)
    q = root / "questions"
    whole, parts = both(root)
    assert whole == parts and whole[0] == "ok"

    topics = sorted(q.glob("topic-*.yaml"))
    for topic in topics[:2]:  # one topic in each part
        text = topic.read_text()
        at = text.rfind("the largest crowd it has drawn")  # the topic's last fact
        text = text[:at] + "the biggest crowd" + text[at + 30:]
        text = re.sub(r'(statement: "[^"]*? drew )[\d,]+', r"\g<1>7,777,777", text, count=1)
        topic.write_text(text)
    (q / "sources" / "src-99999.md").write_text(
        (q / "sources" / "src-00001.md").read_text().replace("id: src-00001", "id: src-99999"))
    bank_yaml = (q / "bank.yaml").read_text()
    (q / "bank.yaml").write_text(bank_yaml.replace("topics:\n", "topics:\n  - gone\n", 1))
    whole, parts = both(root)
    assert whole[0] == "errors"
    assert {f.code for f in whole[1]} >= {"QG101", "QG120", "QG012"}
    assert parts == whole

    (q / "bank.yaml").write_text(bank_yaml)  # no load error: "never cited" is reported
    whole, parts = both(root)
    assert {f.code for f in whole[1]} >= {"QG101", "QG120", "QG301"}
    assert parts == whole

    # an id in one part that the other part uses too: checked whole, the same findings
    text = topics[1].read_text()
    first_id = re.search(r"- id: (fact-\d+)", topics[0].read_text()).group(1)
    topics[1].write_text(re.sub(r"- id: fact-\d+", f"- id: {first_id}", text, count=1))
    whole, parts = both(root)
    assert any(f.code == "QG010" for f in whole[1])
    assert parts == whole
