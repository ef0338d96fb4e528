"""CLI conventions: every command has help with an example, the README lists every command,
--version works, exit codes are documented and kept, and no traceback reaches a user."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from quizgen import __version__
from quizgen.cli import app
from tests.conftest import make_project, run

ROOT = Path(__file__).parent.parent


def command_paths(group=None, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and sub-command of the CLI, as the words a user types after 'quizgen'."""
    group = group if group is not None else typer.main.get_command(app)
    paths: list[tuple[str, ...]] = []
    for name, cmd in sorted(group.commands.items()):
        path = (*prefix, name)
        paths.append(path)
        if hasattr(cmd, "commands"):
            paths += command_paths(cmd, path)
    return paths


def leaf_paths() -> list[tuple[str, ...]]:
    paths = command_paths()
    return [p for p in paths if not any(q[: len(p)] == p and q != p for q in paths)]


def test_the_command_tree_is_what_the_docs_describe():
    # a new command must be added here, to the README and to its own help example
    assert set(command_paths()) == {
        ("init",), ("check",), ("build",), ("suggest",), ("stats",), ("sources",),
        ("sources", "add"), ("sources", "list"),
    }


@pytest.mark.parametrize("path", [(), *command_paths()], ids=lambda p: " ".join(p) or "quizgen")
def test_every_command_has_help_with_an_example(runner, path):
    result = run(runner, *path, "--help")
    assert result.exit_code == 0
    assert re.search(r"^\s*Example: quizgen \S", result.output, re.M), result.output


def test_readme_lists_every_command_with_its_example():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [" ".join(p) for p in leaf_paths() if f"quizgen {' '.join(p)}" not in readme]
    assert not missing, f"commands missing from README.md: {missing}"


def test_readme_documents_the_exit_codes(runner):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in ("0", "1", "2"):  # a row of the exit-code table
        assert re.search(rf"^\|\s*`?{code}`?\s*\|", readme, re.M), f"exit code {code} not in README"
    top = " ".join(run(runner, "--help").output.split())
    assert "Exit codes: 0 success; 1 errors found" in top and "2 usage error" in top


def test_version(runner):
    result = run(runner, "--version")
    assert result.exit_code == 0 and result.output.strip() == f"quizgen {__version__}"


def test_no_bank_is_a_usage_error_that_says_what_to_do(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for args in (["check"], ["build"], ["stats"], ["sources", "list"], ["suggest", "x"]):
        result = run(runner, *args)
        assert result.exit_code == 2, args
        assert "no bank found" in result.output and "quizgen init DIR" in result.output


def _quizgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "quizgen", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_entry_point_exit_codes_and_no_traceback(tmp_path):
    unknown = _quizgen("nosuch", cwd=tmp_path)
    assert unknown.returncode == 2 and "No such command 'nosuch'" in unknown.stderr
    bad_option = _quizgen("check", "--nope", cwd=tmp_path)
    assert bad_option.returncode == 2 and "No such option" in bad_option.stderr
    no_bank = _quizgen("check", cwd=tmp_path)
    assert no_bank.returncode == 2 and "quizgen init DIR" in no_bank.stderr
    made = _quizgen("init", "b", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert _quizgen("check", cwd=tmp_path / "b").returncode == 0
    (tmp_path / "b/questions/example.yaml").write_text("title: [broken\n", encoding="utf-8")
    broken = _quizgen("check", cwd=tmp_path / "b")
    assert broken.returncode == 1
    assert re.search(r"^questions/example.yaml:\d+:\d+: error QG001", broken.stdout, re.M)
    for proc in (unknown, bad_option, no_bank, made, broken):
        assert "Traceback" not in proc.stdout + proc.stderr


def test_the_project_option_may_come_before_the_command(tmp_path):
    # as with git -C: quizgen -C DIR check
    assert _quizgen("init", "b", cwd=tmp_path).returncode == 0
    before = _quizgen("-C", "b", "check", cwd=tmp_path)
    assert before.returncode == 0, before.stderr
    assert "0 error(s)" in before.stderr + before.stdout
    listed = _quizgen("--project=b", "sources", "list", cwd=tmp_path)
    assert listed.returncode == 0 and "example-gazette" in listed.stdout, listed.stderr


@pytest.mark.parametrize("args, moved", [
    (["-C", "b", "check", "--strict"], ["check", "-C", "b", "--strict"]),
    (["--project=b", "build"], ["build", "--project=b"]),
    (["-C", "b", "sources", "add", "x.txt"], ["sources", "add", "-C", "b", "x.txt"]),
    (["-C", "b", "sources"], ["sources"]),  # no command to take it: the group's usage
    (["-C", "b", "sources", "--help"], ["sources", "--help"]),
    (["-C", "b", "--help"], ["--help"]),
    (["-C", "b"], []),
    (["check", "-C", "b"], ["check", "-C", "b"]),
])
def test_where_the_project_option_goes(args, moved):
    from quizgen.cli import project_option_first

    assert project_option_first(args) == moved


# Runs the real entry point, then lists every module the process loaded.
PROBE = """\
import sys
sys.argv = ["quizgen", *sys.argv[1:]]
from quizgen.cli import main
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code
sys.stderr.write(f"\\nEXIT {code}\\nLOADED {' '.join(sorted(sys.modules))}\\n")
"""


def _loaded(*args: str, cwd: Path) -> tuple[object, set[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)
    found = re.search(r"^EXIT (\S+)\nLOADED (.*)$", proc.stderr, re.M)
    assert found, proc.stderr
    return found.group(1), {name.split(".")[0] for name in found.group(2).split()} | set(
        found.group(2).split())


def test_start_up_loads_only_what_the_command_needs(tmp_path):
    """Start-up time is mostly imports. Help loads no bank code, check loads no renderer, and
    nothing loads pydantic: typer 0.29 and later import it to convert options (0.1-0.15 s
    more per command), which is why pyproject.toml keeps typer below 0.29."""
    import importlib.metadata

    typer_version = importlib.metadata.version("typer")

    def none_of(loaded: set[str], heavy: set[str]) -> None:
        unwanted = sorted(loaded & heavy)
        assert not unwanted, f"loaded {unwanted} (typer {typer_version} installed)"

    code, help_ = _loaded("--help", cwd=tmp_path)
    assert code == "0" and "typer" in help_
    none_of(help_, {"pydantic", "rich", "yaml", "jinja2", "genanki", "quizgen.model",
                    "quizgen.bank"})

    project = make_project(tmp_path / "proj")
    code, check = _loaded("check", cwd=project)
    assert code == "0" and "quizgen.validate" in check
    none_of(check, {"pydantic", "rich", "jinja2", "genanki", "rapidfuzz", "trafilatura",
                    "weasyprint"})

    code, build = _loaded("build", cwd=project)
    assert code == "0" and (project / "dist" / "index.html").is_file()
    assert {"jinja2", "genanki"} <= build
    none_of(build, {"pydantic"})
