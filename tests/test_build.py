"""The build's promise: all of dist/ or none of it, even when killed; clear errors when dist/
cannot be written."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quizgen.build import Output, build, read_tree
from quizgen.errors import OutputError
from tests.conftest import make_project

SLOW = [Output("slow", "tests.slow_output:render")]
ROOT = Path(__file__).parent.parent


def test_build_writes_exactly_the_rendered_files(project, monkeypatch):
    monkeypatch.setenv("QUIZGEN_TEST_FILES", "120")
    (project / "dist").mkdir()
    (project / "dist" / "stale.txt").write_text("from an older build")
    result = build(project, outputs=SLOW)
    assert result.written
    tree = read_tree(project / "dist")
    assert set(tree) == set(result.files) and "stale.txt" not in tree
    assert not list(project.glob(".dist-*")), "temporary folders left behind"


def test_missing_dist_is_created(project, monkeypatch):
    monkeypatch.setenv("QUIZGEN_TEST_FILES", "3")
    assert not (project / "dist").exists()
    build(project, outputs=SLOW)
    assert len(read_tree(project / "dist")) == 3


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_project_gives_clear_error(project):  # pragma: no cover - non-root only
    project.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(OutputError, match="previous dist/ is unchanged"):
            build(project, outputs=SLOW)
    finally:
        project.chmod(stat.S_IRWXU)


def test_unwritable_dist_gives_clear_error_and_keeps_old(project, monkeypatch):
    # works as root too: a file where dist/ should be a folder cannot be replaced
    (project / "dist").write_text("not a folder")
    with pytest.raises(OutputError, match="not a folder"):
        build(project, outputs=SLOW)
    assert (project / "dist").read_text() == "not a folder"


def test_write_failure_midway_keeps_old_dist(project, monkeypatch):
    monkeypatch.setenv("QUIZGEN_TEST_FILES", "10")
    monkeypatch.setenv("QUIZGEN_TEST_MARKER", "old")
    build(project, outputs=SLOW)
    before = read_tree(project / "dist")
    import quizgen.build as b

    real_open = open
    calls = {"n": 0}

    def failing_open(path, mode="r", *args, **kwargs):  # the disk fills at the fifth file
        if "w" in mode:
            calls["n"] += 1
            if calls["n"] == 5:
                raise OSError(28, "No space left on device")
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(b, "open", failing_open, raising=False)
    monkeypatch.setenv("QUIZGEN_TEST_MARKER", "new")
    with pytest.raises(OutputError, match="No space left on device"):
        build(project, outputs=SLOW)
    assert read_tree(project / "dist") == before
    assert not list(project.glob(".dist-*"))


KILL_SCRIPT = """
import sys
from pathlib import Path
from quizgen.build import Output, build
build(Path(sys.argv[1]), outputs=[Output("slow", "tests.slow_output:render")])
"""


def test_build_killed_at_any_moment_leaves_old_or_complete_dist(tmp_path):
    """SIGKILL a real build process at several points: dist/ is the old one or the new one."""
    root = make_project(tmp_path / "proj")
    env = {**os.environ, "QUIZGEN_TEST_FILES": "400", "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(root)], check=True,
                   env={**env, "QUIZGEN_TEST_MARKER": "old"}, cwd=ROOT)
    old = read_tree(root / "dist")
    subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(root)], check=True,
                   env={**env, "QUIZGEN_TEST_MARKER": "new"}, cwd=ROOT)
    new = read_tree(root / "dist")
    # how long a whole build takes here, to spread the kills over it
    start = time.monotonic()
    subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(root)], check=True,
                   env={**env, "QUIZGEN_TEST_MARKER": "new"}, cwd=ROOT)
    duration = time.monotonic() - start
    subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(root)], check=True,
                   env={**env, "QUIZGEN_TEST_MARKER": "old"}, cwd=ROOT)
    outcomes = []
    for fraction in (0.1, 0.3, 0.5, 0.65, 0.8, 0.9, 0.97):
        marker = "new" if read_tree(root / "dist") == old else "old"
        proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(root)],
                                env={**env, "QUIZGEN_TEST_MARKER": marker}, cwd=ROOT)
        time.sleep(duration * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        tree = read_tree(root / "dist")
        assert tree in (old, new), f"partial dist/ after a kill at {fraction:.0%} of a build"
        outcomes.append("old" if tree == old else "new")
    # the next build after a kill recovers and leaves no temporary folders behind
    subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(root)], check=True,
                   env={**env, "QUIZGEN_TEST_MARKER": "new"}, cwd=ROOT)
    assert read_tree(root / "dist") == new
    assert not list(root.glob(".dist-*"))


def test_death_between_two_renames_is_recovered(project, monkeypatch):
    """Where the atomic exchange is not available, dist/ is renamed away and the new folder
    put in its place; a process that dies between the two leaves .dist-old, and the next run
    puts it back before doing anything else."""
    monkeypatch.setenv("QUIZGEN_TEST_FILES", "5")
    monkeypatch.setenv("QUIZGEN_TEST_MARKER", "old")
    build(project, outputs=SLOW)
    old = read_tree(project / "dist")
    (project / "dist").rename(project / ".dist-old")
    from quizgen.build import recover

    recover(project / "dist")
    assert read_tree(project / "dist") == old
    assert not (project / ".dist-old").exists()


def test_fallback_without_atomic_exchange(project, monkeypatch):
    import quizgen.build as b

    monkeypatch.setattr(b, "_exchange", lambda a, c: False)
    monkeypatch.setenv("QUIZGEN_TEST_FILES", "5")
    build(project, outputs=SLOW)
    monkeypatch.setenv("QUIZGEN_TEST_MARKER", "second")
    build(project, outputs=SLOW)
    assert all(v.startswith(b"second") for v in read_tree(project / "dist").values())
    assert not list(project.glob(".dist-*"))


def test_real_build_killed_leaves_old_or_new_dist(tmp_path):
    """The same with `quizgen build` itself (deck and explainers) on a small bank."""
    root = make_project(tmp_path / "proj")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": "1768000000"}
    cmd = [sys.executable, "-m", "quizgen", "build", "-C", str(root)]
    subprocess.run(cmd, check=True, env=env, capture_output=True)
    old = read_tree(root / "dist")
    topic = root / "questions" / "summit.yaml"
    topic.write_text(topic.read_text().replace("It killed 183.", "The flood killed 183."))
    start = time.monotonic()
    subprocess.run(cmd, check=True, env=env, capture_output=True)
    duration = time.monotonic() - start
    new = read_tree(root / "dist")
    assert old != new

    def restore_old():
        import shutil

        shutil.rmtree(root / "dist")
        for name, data in old.items():
            (root / "dist" / name).parent.mkdir(parents=True, exist_ok=True)
            (root / "dist" / name).write_bytes(data)
        (root / ".quizgen-build.json").unlink(missing_ok=True)

    for fraction in (0.2, 0.5, 0.7, 0.85, 0.95, 1.05):
        restore_old()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(duration * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        tree = read_tree(root / "dist")
        assert tree in (old, new), f"partial dist/ after a kill at {fraction:.0%} of a build"
