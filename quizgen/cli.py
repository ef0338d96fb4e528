"""The command line: each command parses, calls one library function, prints the result.

Exit codes: 0 success; 1 findings (or a stale ``dist/`` with ``build --check``) or a failed
build; 2 usage errors (bad options, no bank found, a file that would be overwritten). No
traceback ever reaches the user. Every command's help ends with an example (a test walks the
command tree to make sure, and another fails when a command is missing from the README).
Heavy modules are imported inside the commands so ``quizgen --help`` stays fast.
"""

from __future__ import annotations

import functools
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from quizgen import __version__

app = typer.Typer(
    name="quizgen",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

ProjectOpt = Annotated[
    Path | None,
    typer.Option(
        "--project", "-C",
        help="The project folder (the one holding questions/). Default: the current folder "
        "or the nearest parent with questions/bank.yaml.",
        file_okay=False,
    ),
]


class Paper(StrEnum):
    a4 = "a4"
    letter = "letter"


class Format(StrEnum):
    text = "text"
    json = "json"


class StatsFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


def command_of(typer_app: typer.Typer, *args, **kwargs):
    """``typer_app.command`` that also turns quizgen's own errors into a message and an exit
    code."""

    def wrap(func):
        @functools.wraps(func)
        def run(*a, **kw):
            from quizgen.errors import QuizgenError

            try:
                return func(*a, **kw)
            except QuizgenError as exc:
                _fail(str(exc), exc.exit_code)

        return typer_app.command(*args, **kwargs)(run)

    return wrap


def command(*args, **kwargs):
    return command_of(app, *args, **kwargs)


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"quizgen: {message}", err=True)
    raise typer.Exit(code)


def _root(project: Path | None) -> Path:
    from quizgen.bank import find_root
    from quizgen.errors import ProjectNotFound

    start = project if project is not None else Path.cwd()
    if project is not None and not project.is_dir():
        raise ProjectNotFound(f"{project}: no such folder")
    root = find_root(start)
    if root is None:
        raise ProjectNotFound(
            f"no bank found in {start} or its parents (looked for questions/bank.yaml); "
            "run 'quizgen init DIR' to start one, or pass --project DIR"
        )
    return root


def _print_findings(findings: list, fmt: Format) -> None:
    if fmt is Format.json:
        import json

        typer.echo(json.dumps([f.as_dict() for f in findings], indent=2, ensure_ascii=False))
        return
    for f in findings:
        typer.echo(f.format())


def _summary(findings: list) -> str:
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    return f"{errors} error(s), {warnings} warning(s)"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"quizgen {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True,
                           help="Show the version and exit.")
    ] = False,
) -> None:
    """Turn news articles into a bank of verified facts, and the facts into Anki decks and
    printable explainers.

    Start a bank with 'quizgen init DIR', add articles with 'quizgen sources add', draft facts
    with 'quizgen suggest', then 'quizgen check' and 'quizgen build'.

    Exit codes: 0 success; 1 errors found (or dist/ stale with build --check); 2 usage error
    (bad option, no bank found, a file that would be overwritten).

    Example: quizgen init my-bank && cd my-bank && quizgen build
    """


@command()
def init(
    directory: Annotated[Path, typer.Argument(
        help="Folder for the new bank (created if missing).", file_okay=False,
        metavar="DIR")],
    title: Annotated[str | None, typer.Option(
        help="The bank's title (default: from the folder's name).")] = None,
) -> None:
    """Start a new bank: bank.yaml, two example articles, an example topic that passes
    check, and the templates, so 'quizgen build' works in DIR at once. Nothing that exists
    is overwritten.

    Example: quizgen init floods-2026 --title "The March floods"
    """
    from quizgen.scaffold import init_project

    result = init_project(directory, title)
    typer.echo(result.summary())


@command()
def check(
    project: ProjectOpt = None,
    fmt: Annotated[Format, typer.Option("--format", help="text, or json for machines.")] = Format.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
) -> None:
    """Prove every fact against its sources and report findings as path:line:col.

    Exit 0 when clean, 1 when there are errors (or warnings with --strict), 2 on usage errors.

    Example: quizgen check --strict
    """
    from quizgen.build import check_project
    from quizgen.errors import FindingsError

    root = _root(project)
    try:
        findings = check_project(root, strict)
    except FindingsError as exc:
        _print_findings(exc.findings, fmt)
        if fmt is Format.text:
            typer.echo(f"quizgen check: {_summary(exc.findings)}", err=True)
        raise typer.Exit(1) from None
    _print_findings(findings, fmt)
    if fmt is Format.text:
        typer.echo(f"quizgen check: {_summary(findings)}", err=True)


@command()
def build(
    project: ProjectOpt = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also write PDFs (needs the 'pdf' extra).")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    check_only: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 when dist/ is not what a "
                           "build would write (for CI and pre-commit).")
    ] = False,
    paper: Annotated[Paper, typer.Option("--paper", help="Paper size of the PDFs.")] = "a4",
) -> None:
    """Check the bank, then write every output to dist/ (all or nothing). On a terminal a
    status line shows what a long build is doing; piped or in CI it stays quiet.

    Example: quizgen build --pdf    (in CI: quizgen build --check)
    """
    from quizgen.build import build as run_build
    from quizgen.errors import FindingsError
    from quizgen.progress import Progress

    root = _root(project)
    try:
        with Progress("quizgen build") as progress:
            result = run_build(root, pdf=pdf, strict=strict, check_only=check_only,
                               paper=paper.value, progress=progress.stage)
    except FindingsError as exc:
        _print_findings(exc.findings, Format.text)
        _fail(f"build failed: {_summary(exc.findings)}; dist/ was not changed", 1)
    if result.findings:
        typer.echo(f"quizgen build: {_summary(result.findings)}; 'quizgen check' lists them",
                   err=True)
    if result.up_to_date:
        typer.echo("dist/ is up to date (nothing changed since the last build)")
        return
    if check_only:
        if result.stale:
            for name in result.stale:
                typer.echo(f"stale: dist/{name}")
            if not pdf and any(n.startswith("pdf/") for n in result.stale):
                # dist/ was built with --pdf: a plain build would remove its PDFs
                _fail("dist/ holds PDFs of an earlier 'build --pdf', which this check leaves "
                      "out (and a plain build would remove): compare with 'quizgen build "
                      "--check --pdf'", 1)
            again = "quizgen build --pdf" if pdf else "quizgen build"
            _fail(f"dist/ is out of date ({len(result.stale)} file(s)); run '{again}'", 1)
        typer.echo("dist/ is up to date")
        return
    typer.echo(f"wrote {len(result.files)} file(s) to {root / 'dist'}")
    pdfs = [n for n in result.removed if n.startswith("pdf/")]
    if pdfs and not pdf:
        typer.echo(f"removed {len(pdfs)} PDF(s) of an earlier 'build --pdf'; build with --pdf "
                   "to keep them", err=True)


@command()
def suggest(
    source_id: Annotated[str, typer.Argument(
        help="The id of a source in questions/sources/.", metavar="SOURCE_ID")],
    project: ProjectOpt = None,
    limit: Annotated[int | None, typer.Option(
        "--limit", min=1, help="At most this many drafts.")] = None,
) -> None:
    """Draft candidate facts from one article (figures, dates, places, agreements), each
    with a verbatim quote proved to be in the article and a guessed category, as YAML to
    paste under 'facts:' in a topic. Write each statement yourself; until you do, check
    fails. It never writes the bank.

    Example: quizgen suggest yonhap-3rd-ld --limit 10 > drafts.yaml
    """
    from quizgen.suggest import suggest as run_suggest

    result = run_suggest(_root(project), source_id, limit)
    typer.echo(result.to_yaml(), nl=False)
    typer.echo(f"quizgen suggest: {len(result.suggestions)} draft fact(s) from "
               f"'{source_id}'", err=True)


@command()
def stats(
    project: ProjectOpt = None,
    fmt: Annotated[StatsFormat, typer.Option(
        "--format", help="text, json, or markdown (for a README).")] = StatsFormat.text,
) -> None:
    """Facts and questions per topic and category, corroboration, single-source facts,
    disputes, and sources never cited.

    Example: quizgen stats --format markdown > COVERAGE.md
    """
    from quizgen.stats import project_stats, to_json, to_markdown, to_text

    result = _stats(project, project_stats)
    render = {StatsFormat.text: to_text, StatsFormat.json: to_json,
              StatsFormat.markdown: to_markdown}[fmt]
    typer.echo(render(result), nl=False)


def _stats(project: Path | None, compute):
    """Load the bank's stats; print the loader's findings and exit 1 when it cannot load."""
    from quizgen.errors import FindingsError

    root = _root(project)
    try:
        result = compute(root)
    except FindingsError as exc:
        _print_findings(exc.findings, Format.text)
        _fail(f"the bank cannot be loaded: {_summary(exc.findings)}", 1)
    if result.load_errors:
        typer.echo(f"quizgen: note: {result.load_errors} error(s) while loading; the numbers "
                   "cover what loaded. Run 'quizgen check' for details.", err=True)
    return result


sources_app = typer.Typer(
    help="Add and list the articles a bank cites.\n\nExample: quizgen sources list",
    no_args_is_help=True,
)
app.add_typer(sources_app, name="sources")


@command_of(sources_app)
def add(
    files: Annotated[list[Path], typer.Argument(help="Pages saved as .txt or .html.", exists=True,
                                                dir_okay=False, metavar="FILE...")],
    project: ProjectOpt = None,
    id: Annotated[str | None, typer.Option("--id", help="Source id (default: from the title).")] = None,
    title: Annotated[str | None, typer.Option(help="Title, when the page's is wrong.")] = None,
    publisher: Annotated[str | None, typer.Option(help="Publisher, only as the page states it.")] = None,
    byline: Annotated[str | None, typer.Option(help="Author(s).")] = None,
    published: Annotated[str | None, typer.Option(help="ISO 8601 date or date-time.")] = None,
    url: Annotated[str | None, typer.Option(help="Where the page came from.")] = None,
    origin: Annotated[str | None, typer.Option(
        help="The agency whose report this page relays, when it says so.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing source.")] = False,
) -> None:
    """Ingest articles saved as .html or .txt into questions/sources/<id>.md: page furniture
    removed, title, byline, date and publisher filled in from what the page states, sha256
    recorded. An existing source is never replaced without --force.

    Example: quizgen sources add page.html --publisher "Yonhap News Agency"
    """
    from quizgen.sources import add_source

    root = _root(project)
    if id is not None and len(files) > 1:
        raise typer.BadParameter("--id can only be given with a single file")
    overrides = {"id": id, "title": title, "publisher": publisher, "byline": byline,
                 "published": published, "url": url, "origin": origin}
    for file in files:
        target = add_source(root, file, overrides, force=force)
        typer.echo(f"added {target.relative_to(root)}")
        missing = _unstated(target)
        if missing:
            options = "/".join(f"--{m}" for m in missing)
            typer.echo(f"  not stated on the page: {', '.join(missing)} (left empty; if you "
                       f"know them from the page, add the file again with {options} --force)")


@command_of(sources_app, "list")
def list_(
    project: ProjectOpt = None,
    fmt: Annotated[Format, typer.Option("--format", help="text, or json for machines.")] = Format.text,
) -> None:
    """Show each source with how many facts cite it (and record it as a dispute), its date,
    publisher and title.

    Example: quizgen sources list --format json
    """
    import json

    from quizgen.stats import project_stats, sources_table

    result = _stats(project, project_stats)
    if fmt is Format.json:
        from dataclasses import asdict

        typer.echo(json.dumps([asdict(s) for s in result.sources], indent=2, ensure_ascii=False))
        return
    typer.echo(sources_table(result), nl=False)


def _unstated(path: Path) -> list[str]:
    """The front-matter fields a newly added source has no value for."""
    from quizgen.sources import load_source

    source, _ = load_source(path, path.name)
    if source is None:
        return []
    return [name for name in ("byline", "published", "publisher")
            if getattr(source, name) in (None, "")]


def main() -> None:
    """Entry point that turns every error into a clean message and an exit code.

    quizgen.errors (and the model behind it) is imported only when something goes wrong, so
    '--help', '--version' and usage errors do not pay for it.
    """
    try:
        _main()
    finally:
        # The process ends here. Python's last act would be a collection walking every object
        # still alive (a third of a second after a large build); frozen objects are skipped.
        import gc

        gc.freeze()


def project_option_first(args: list[str]) -> list[str]:
    """``quizgen -C DIR check`` as ``git -C DIR`` has it: the project option moved after the
    command (and after ``sources``' own command), where each command takes it."""
    if len(args) >= 2 and args[0] in ("-C", "--project"):
        option, rest = args[:2], args[2:]
    elif args and args[0].startswith("--project="):
        option, rest = args[:1], args[1:]
    else:
        return args
    words = 2 if rest[:1] == ["sources"] else 1
    if len(rest) < words or any(w.startswith("-") for w in rest[:words]):
        return rest  # no command to take it ("quizgen -C DIR --help"): what quizgen says then
    return [*rest[:words], *option, *rest[words:]]


def _main() -> NoReturn:
    try:
        rc = app(args=project_option_first(sys.argv[1:]), prog_name="quizgen",
                 standalone_mode=False)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("quizgen: aborted", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("quizgen: interrupted; dist/ was not changed", err=True)
        sys.exit(130)
    except Exception as exc:  # the user must never see a traceback
        from quizgen.errors import QuizgenError

        if isinstance(exc, QuizgenError):
            typer.echo(f"quizgen: {exc}", err=True)
            sys.exit(exc.exit_code)
        # click's usage errors (typer may bundle its own copy of click, so match by shape)
        show, code = getattr(exc, "show", None), getattr(exc, "exit_code", None)
        if callable(show) and isinstance(code, int):
            show()
            sys.exit(code)
        typer.echo(f"quizgen: internal error: {type(exc).__name__}: {exc}. "
                   "Please report this with the command you ran.", err=True)
        sys.exit(3)
    sys.exit(rc if isinstance(rc, int) else 0)
