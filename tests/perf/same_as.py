"""Compare what the current quizgen finds, renders and reads with what quizgen at a git
revision did, on the same inputs. Run by hand (pytest does not collect it):

    python -m tests.perf.same_as REV
    python -m tests.perf.same_as REV --record tests/data/same_as.json
    python -m tests.perf.same_as --record tests/data/same_as.json
    python -m tests.perf.same_as REV --mutate DIR VARIANTS SEED

The package ``quizgen`` and the ``templates`` folder of REV are taken out of git
(``git archive``) into a temporary folder, and ``tests/perf/same_as_side.py`` runs twice, in
two processes with different hash seeds: once with that old quizgen first on the path and
once with the current one. The inputs (banks, their variants with errors, random texts) come
from the current tests in both runs. Compared are the checker's findings on the bundled bank,
generated banks, the test bank, hundreds of variants of them with errors and banks edited as
files; the Anki notes of four banks; and the text functions of the checker on tens of
thousands of inputs. Every difference is printed with its input, then the totals; the exit
status is 1 if anything differs.

``--record PATH`` writes the current results (the findings whole, the notes and the calls
as hashes) to PATH, the recording ``tests/test_check_same.py`` and ``tests/test_anki_notes.py``
compare with; with REV it writes only if nothing differs. ``--mutate DIR VARIANTS SEED``
compares only the findings on VARIANTS variants with errors of the bank in DIR.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.perf.same_as_side import ROOT, recording

#: differences printed for each group before the rest are only counted
SHOWN = 10


def run_side(out: Path, pythonpath: list[Path], hash_seed: str, cwd: Path,
             mutate: list[str]) -> dict:
    """The results of ``same_as_side`` with the quizgen first on ``pythonpath``."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(map(str, pythonpath)),
               PYTHONHASHSEED=hash_seed)
    # -P: neither the working folder nor the script's own is put before PYTHONPATH
    subprocess.run([sys.executable, "-P", "-m", "tests.perf.same_as_side", str(out), *mutate],
                   env=env, cwd=cwd, check=True)
    return json.loads(out.read_text(encoding="utf-8"))


def old_tree(rev: str, into: Path) -> Path:
    """quizgen and its templates as they were at ``rev``, written under ``into``."""
    commit = subprocess.run(["git", "rev-parse", "--verify", f"{rev}^{{commit}}"], cwd=ROOT,
                            check=True, capture_output=True, text=True).stdout.strip()
    paths = [p for p in ("quizgen", "templates")
             if subprocess.run(["git", "cat-file", "-e", f"{commit}:{p}"], cwd=ROOT,
                               capture_output=True).returncode == 0]
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", commit, *paths], cwd=ROOT, check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def _show(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 600 else text[:600] + "..."


def _finding(row: list) -> str:
    path, line, col, severity, code, message, hint = row
    text = f"{path}:{line}:{col}: {severity} {code}: {message}"
    return text + (f"\n        hint: {hint}" if hint is not None else "")


def _unequal(totals: dict[str, int], what: str, name: str, rows: list, got: list
             ) -> tuple[int, list[tuple]]:
    """The number of differences (the pairs that differ, item by item, and one more if the
    counts differ, which is printed) and the pairs; ``rows`` are counted in ``totals``."""
    totals[what] += len(rows)
    pairs = [(a, b) for a, b in zip(rows, got, strict=False) if a != b]
    if len(got) != len(rows):
        print(f"{what} differ: {name}: {len(rows)} before, {len(got)} now")
        return len(pairs) + 1, pairs
    return len(pairs), pairs


def _compare_findings(before: dict, now: dict, totals: dict[str, int]) -> int:
    differ = 0
    for group, sets in before.items():
        for name, rows in sets.items():
            got = now.get(group, {}).get(name)
            totals["finding sets"] += 1
            totals["findings"] += len(rows)
            if got == rows:
                continue
            differ += 1
            print(f"findings differ: {group}: {name}")
            for row in rows:
                if got is None or row not in got:
                    print("  only before:", _finding(row))
            for row in got or []:
                if row not in rows:
                    print("  only now:   ", _finding(row))
            if got is not None and sorted(map(str, got)) == sorted(map(str, rows)):
                print("  the same findings in another order")
    return differ


NOTE_PARTS = ["question id", "guid", "note type", "topic", "content hash", "fields", "tags"]


def _compare_notes(before: dict, now: dict, totals: dict[str, int]) -> int:
    differ = 0
    for name, rows in before.items():
        n, pairs = _unequal(totals, "notes", name, rows, now.get(name, []))
        differ += n
        for row, new in pairs:
            print(f"note differs: {name}: question {row[0]!r}")
            for part, a, b in zip(NOTE_PARTS, row, new, strict=False):
                if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
                    changed = [(f"{part} {i}", x, y) for i, (x, y)
                               in enumerate(zip(a, b, strict=True)) if x != y]
                else:
                    changed = [(part, a, b)] if a != b else []
                for label, x, y in changed:
                    print(f"  {label} before: {_show(x)}\n  {label} now:    {_show(y)}")
    return differ


def _compare_calls(before: dict, now: dict, totals: dict[str, int]) -> int:
    differ = 0
    for group, rows in before.items():
        n, pairs = _unequal(totals, "calls", group, rows, now.get(group, []))
        differ += n
        for row, new in pairs[:SHOWN]:
            print(f"call differs: {group}: input {_show(row[0])}\n"
                  f"  before: {_show(row[1])}\n  now:    {_show(new[1])}")
        if len(pairs) > SHOWN:
            print(f"  ... and {len(pairs) - SHOWN} more calls of {group} differ")
    return differ


def compare(before: dict, now: dict) -> tuple[int, dict[str, int]]:
    """Print every difference between two results; the number of differences and the
    totals compared."""
    totals = dict.fromkeys(["finding sets", "findings", "notes", "calls"], 0)
    differ = (_compare_findings(before["findings"], now["findings"], totals)
              + _compare_notes(before["notes"], now["notes"], totals)
              + _compare_calls(before["calls"], now["calls"], totals))
    return differ, totals


def dumped(value: object, depth: int = 0) -> str:
    """``value`` as JSON, each mapping's entries on lines of their own and each list of
    lists with one item a line (a finding, a note), so that a change of the recording shows
    as the lines of what changed."""
    def one(v: object) -> str:
        return json.dumps(v, ensure_ascii=False)

    pad = " " * depth
    if isinstance(value, dict) and all(isinstance(v, (dict, list)) for v in value.values()):
        items = [f"{pad} {one(k)}: {dumped(v, depth + 1).lstrip()}" for k, v in value.items()]
        return pad + "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list) and value and all(isinstance(v, list) for v in value):
        return pad + "[\n" + ",\n".join(f"{pad} {one(v)}" for v in value) + "\n" + pad + "]"
    return pad + one(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.perf.same_as",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("rev", nargs="?", help="the git revision to compare with")
    parser.add_argument("--record", type=Path, metavar="PATH",
                        help="write the current results to PATH (with REV: if none differ)")
    parser.add_argument("--mutate", nargs=3, metavar=("DIR", "VARIANTS", "SEED"), default=[],
                        help="compare only the findings on variants with errors of one bank")
    args = parser.parse_args(argv)
    if args.rev is None and args.record is None:
        parser.error("give a revision to compare with, --record, or both")
    mutate = [str(Path(args.mutate[0]).resolve()), *args.mutate[1:]] if args.mutate else []
    with tempfile.TemporaryDirectory(prefix="quizgen-same-as-") as name:
        tmp = Path(name)
        now = run_side(tmp / "now.json", [ROOT], "2", tmp, mutate)
        assert Path(now.pop("quizgen")) == ROOT / "quizgen", "not the current quizgen"
        differ = 0
        if args.rev is not None:
            old = old_tree(args.rev, tmp / "old")
            before = run_side(tmp / "before.json", [old, ROOT], "1", tmp, mutate)
            assert Path(before.pop("quizgen")) == old.resolve() / "quizgen", "not the old quizgen"
            differ, totals = compare(before, now)
            print(f"compared with {args.rev}: " + ", ".join(f"{n} {what}"
                                                           for what, n in totals.items())
                  + f"; {differ} difference(s)")
    if args.record is not None:
        if differ:
            print(f"not written: {args.record}")
        else:
            about = (f"the results of quizgen at {args.rev}, the same as the current ones"
                     if args.rev else "the results of the current quizgen")
            kept = {"about": [about], **recording(now)}
            args.record.write_text(dumped(kept) + "\n", encoding="utf-8")
            print(f"written: {args.record}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
