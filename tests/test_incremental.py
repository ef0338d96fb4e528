"""A rebuild with nothing changed renders nothing; any change, in the bank or in dist/,
renders again; ``build --check`` still tells when dist/ is stale."""

from __future__ import annotations

import pytest

import quizgen.build as build_module
from quizgen.build import MANIFEST, Output, build, read_tree
from tests import counting_output
from tests.conftest import run


@pytest.fixture(autouse=True)
def counting(monkeypatch):
    monkeypatch.setattr(build_module, "OUTPUTS", [Output("count", "tests.counting_output:render")])
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    counting_output.CALLS["n"] = 0
    return counting_output.CALLS


def test_second_build_renders_nothing(project, counting):
    first = build(project)
    assert first.written and counting["n"] == 1
    tree = read_tree(project / "dist")
    assert MANIFEST not in tree and (project / MANIFEST).is_file()  # dist/ holds outputs only
    second = build(project)
    assert second.up_to_date and not second.written
    assert counting["n"] == 1
    assert read_tree(project / "dist") == tree


def test_a_change_in_the_bank_renders_again(project, counting):
    build(project)
    topic = project / "questions" / "summit.yaml"
    topic.write_text(topic.read_text().replace("id: summit-basic", "id: summit-date"))
    result = build(project)
    assert result.written and counting["n"] == 2
    assert b"summit-date" in read_tree(project / "dist")["topics/summit.txt"]


def test_a_changed_or_extra_file_in_dist_renders_again(project, counting):
    build(project)
    out = project / "dist" / "topics" / "summit.txt"
    good = out.read_bytes()
    out.write_bytes(b"edited by hand")
    assert build(project).written and out.read_bytes() == good
    (project / "dist" / "stray.txt").write_text("x")
    assert build(project).written and not (project / "dist" / "stray.txt").exists()
    out.write_bytes(b"")  # what a crash of the system just after a build can leave
    assert build(project).written and out.read_bytes() == good
    assert counting["n"] == 4


def test_a_missing_or_broken_manifest_renders_again(project, counting):
    build(project)
    (project / MANIFEST).write_text("{not json")
    assert build(project).written
    (project / MANIFEST).unlink()
    assert build(project).written
    assert counting["n"] == 3


def test_options_and_source_date_epoch_are_inputs(project, counting, monkeypatch):
    build(project)
    build(project, pdf=True)
    assert counting["n"] == 2
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1768262400")
    build(project, pdf=True)
    assert counting["n"] == 3


def test_check_reports_staleness(project, counting, runner):
    result = run(runner, "build", "--project", str(project))
    assert result.exit_code == 0
    result = run(runner, "build", "--check", "--project", str(project))
    assert result.exit_code == 0 and "up to date" in result.output
    out = project / "dist" / "topics" / "summit.txt"
    out.write_bytes(b"edited by hand")
    result = run(runner, "build", "--check", "--project", str(project))
    assert result.exit_code == 1 and "stale: dist/topics/summit.txt" in result.output
    assert out.read_bytes() == b"edited by hand"  # --check writes nothing


def test_check_after_a_bank_change_names_the_changed_output(project, counting, runner):
    run(runner, "build", "--project", str(project))
    topic = project / "questions" / "summit.yaml"
    topic.write_text(topic.read_text().replace("id: summit-basic", "id: summit-date"))
    result = run(runner, "build", "--check", "--project", str(project))
    assert result.exit_code == 1
    assert "stale: dist/topics/summit.txt" in result.output
    assert result.output.count("stale:") == 1


def test_warnings_are_reported_again_when_nothing_is_rebuilt(tmp_path, counting, runner):
    from tests.conftest import make_project, write_source

    root = make_project(tmp_path / "p")
    write_source(root, "unused", "Nothing here is cited.\n")  # QG301: never cited
    first = run(runner, "build", "--project", str(root))
    second = run(runner, "build", "--project", str(root))
    summary = [ln for ln in first.output.splitlines() if ln.startswith("quizgen build:")]
    assert summary and "0 error(s)" in summary[0] and "0 warning(s)" not in summary[0]
    assert "wrote" in first.output
    assert summary[0] in second.output.splitlines() and "up to date" in second.output
    assert counting["n"] == 1
    # the findings replayed from the manifest are the findings of the build that wrote dist/
    (root / "dist" / "extra").write_text("x")  # forces the next build to render
    rendered = build(root)
    replayed = build(root)
    assert rendered.written and replayed.up_to_date
    assert replayed.findings == rendered.findings
    assert "QG301" in {f.code for f in replayed.findings}


def test_the_cycle_collector_runs_again_after_a_build(project, tmp_path):
    import gc

    from quizgen.build import load_and_check
    from quizgen.errors import FindingsError

    assert gc.isenabled()
    build(project)
    assert gc.isenabled()
    topic = project / "questions" / "summit.yaml"
    topic.write_text(topic.read_text().replace("answer: 183", "answer: 184"))
    with pytest.raises(FindingsError):
        load_and_check(project)
    assert gc.isenabled()
