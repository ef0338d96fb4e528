"""Time whole quizgen processes on generated banks; run by hand, never by pytest.

    python -m tests.perf.bench                      # N = 1k, 10k, 50k; 5 runs each
    python -m tests.perf.bench --sizes 1000 --runs 3
    python -m tests.perf.bench --no-build-above 10000   # 50k: check, --help and floor only

For each N it generates a bank (``tests.perf.make_bank``, kept under ``--workdir``), then
runs, interleaved in every round so that the machine's drift touches all alike:

- ``quizgen --help``
- ``quizgen check``
- ``quizgen build`` cold (no dist/ and no build manifest), without PDF
- ``quizgen build`` again with nothing changed (must render nothing)
- ``tests/perf/unchecked.py``: a cold build with a checker that does nothing, what a build
  costs apart from checking (the step ``unchecked``)
- the floor: ``tests/perf/floor.py``, a plain genanki script writing N basic notes

Each is a fresh process of this interpreter (``sys.executable``, not a shell shim) with
this checkout first on ``PYTHONPATH``. Reported: the median wall time of the runs, the
largest peak resident memory (``wait4`` rusage of the process), the ratios to the floor,
and the 50k/10k ratios. The bundled bank (``questions/`` of the checkout), when there is
one, gets a cold build too. Results go to stdout as a Markdown table and, with
``--json``, to a file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
FLOOR = Path(__file__).resolve().parent / "floor.py"
UNCHECKED = Path(__file__).resolve().parent / "unchecked.py"
EPOCH = "1768262400"  # 2026-01-13, fixed so every build is reproducible


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int, int, str]:
    """(wall seconds, peak RSS in KiB, exit code, output) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    out = proc.stdout.read() if proc.stdout else b""
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.stdout:
        proc.stdout.close()
    return wall, usage.ru_maxrss, proc.returncode, out.decode("utf-8", "replace")


def machine() -> dict[str, str]:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpus": str(os.cpu_count()), "cpu": cpu,
            "python": platform.python_version(), "system": platform.platform()}


def clean(project: Path) -> None:
    shutil.rmtree(project / "dist", ignore_errors=True)
    (project / ".quizgen-build.json").unlink(missing_ok=True)


def bench_size(n: int | None, project: Path, runs: int, env: dict[str, str],
               workdir: Path, only: set[str] | None = None) -> dict[str, dict[str, float]]:
    py = sys.executable
    steps: dict[str, tuple[list[str], object]] = {
        "help": ([py, "-m", "quizgen", "--help"], None),
        "check": ([py, "-m", "quizgen", "check"], None),
        "build": ([py, "-m", "quizgen", "build"], clean),
        "rebuild": ([py, "-m", "quizgen", "build"], None),
        "unchecked": ([py, str(UNCHECKED)], clean),
    }
    if n is not None:
        steps["floor"] = ([py, str(FLOOR), str(n), str(workdir / f"floor-{n}.apkg")], None)
    if only:
        steps = {k: v for k, v in steps.items() if k in only}
    times: dict[str, list[float]] = {k: [] for k in steps}
    peaks: dict[str, int] = {k: 0 for k in steps}
    for r in range(runs):
        for name, (cmd, before) in steps.items():
            if before is not None:
                before(project)
            wall, peak, code, out = run(cmd, project, env)
            if code != 0:
                raise SystemExit(f"{name} failed (exit {code}) on {project}:\n{out[-3000:]}")
            if name == "rebuild" and "up to date" not in out:
                raise SystemExit(f"a rebuild with nothing changed rendered again:\n{out}")
            times[name].append(wall)
            peaks[name] = max(peaks[name], peak)
        print(f"  N={n or 'bundled'} round {r + 1}/{runs}: "
              + ", ".join(f"{k} {v[-1]:.2f}s" for k, v in times.items()), file=sys.stderr)
    return {k: {"median": statistics.median(v), "min": min(v), "max": max(v),
                "peak_mib": peaks[k] / 1024, "runs": len(v)} for k, v in times.items()}


def table(results: dict[str, dict[str, dict[str, float]]]) -> str:
    rows = ["| bank | command | median s | min–max s | peak MiB | × floor |",
            "| --- | --- | ---: | ---: | ---: | ---: |"]
    for label, res in results.items():
        floor = res.get("floor", {}).get("median")
        for name in ("help", "check", "build", "rebuild", "unchecked", "floor"):
            if name not in res:
                continue
            m = res[name]
            ratio = f"{m['median'] / floor:.2f}" if floor and name != "floor" else ""
            rows.append(f"| {label} | {name} | {m['median']:.2f} | {m['min']:.2f}–{m['max']:.2f}"
                        f" | {m['peak_mib']:.0f} | {ratio} |")
    return "\n".join(rows)


def verdicts(results: dict[str, dict[str, dict[str, float]]]) -> list[str]:
    out = []

    def say(ok: bool, text: str) -> None:
        out.append(f"- [{'x' if ok else ' '}] {text}")

    if "build" in results.get("bundled", {}):
        b = results["bundled"]["build"]["median"]
        say(b <= 1.0, f"bundled bank, cold build ≤ 1.0 s: {b:.2f} s")
    helps = [r["help"]["median"] for r in results.values() if "help" in r]
    if helps:
        say(max(helps) <= 0.3, f"quizgen --help ≤ 0.3 s: {max(helps):.2f} s (slowest median)")
    r = results.get("10k", {})
    if "floor" in r:
        f = r["floor"]["median"]
        for name, limit in (("check", 2), ("build", 3)):
            if name in r:
                say(r[name]["median"] <= limit * f,
                    f"10k {name} ≤ {limit}× floor: {r[name]['median'] / f:.2f}×")
    peaks = [r[k]["peak_mib"] for k in ("check", "build") if k in r]
    if peaks:
        say(max(peaks) <= 500, f"10k peak memory ≤ 500 MiB: {max(peaks):.0f} MiB")
    for name in ("check", "build"):
        if name in r and name in results.get("50k", {}):
            ratio = results["50k"][name]["median"] / r[name]["median"]
            say(ratio <= 5.5, f"50k {name} ≤ 5.5× 10k: {ratio:.2f}×")
    rebuilds = {k: v["rebuild"]["median"] for k, v in results.items() if "rebuild" in v}
    if rebuilds:
        say(True, "rebuild with nothing changed renders nothing (checked on every run): "
            + ", ".join(f"{k} {v:.2f} s" for k, v in rebuilds.items()))
    if "floor" in r and "unchecked" in r:
        out.append(f"- not a target: 10k build with a checker that does nothing "
                   f"(tests/perf/unchecked.py): {r['unchecked']['median'] / r['floor']['median']:.2f}"
                   "× floor, the lowest a faster checker alone could bring the build to")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000,50000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/quizgen-bench"))
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--only", default=None,
                    help="comma-separated steps to time (help,check,build,rebuild,unchecked,floor)")
    ap.add_argument("--no-build-above", type=int, default=None, metavar="N",
                    help="for banks larger than N, time everything but build and rebuild")
    args = ap.parse_args(argv)
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["SOURCE_DATE_EPOCH"] = EPOCH
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    args.workdir.mkdir(parents=True, exist_ok=True)
    found = subprocess.run([sys.executable, "-c", "import quizgen; print(quizgen.__file__)"],
                           env=env, cwd=args.workdir, capture_output=True, text=True).stdout
    if not found.strip().startswith(str(ROOT)):
        raise SystemExit(f"would time the quizgen at {found.strip()}, not this checkout's")

    only = set(args.only.split(",")) if args.only else None
    load_before = "/".join(f"{x:.1f}" for x in os.getloadavg())
    results: dict[str, dict[str, dict[str, float]]] = {}
    if (ROOT / "questions" / "bank.yaml").is_file():
        bundled = args.workdir / "bundled"
        shutil.rmtree(bundled, ignore_errors=True)
        shutil.copytree(ROOT / "questions", bundled / "questions")
        results["bundled"] = bench_size(None, bundled, args.runs, env, args.workdir, only)
    for n in (int(s) for s in args.sizes.split(",")):
        project = args.workdir / f"bank-{n}"
        if not (project / "questions" / "bank.yaml").is_file():
            print(f"generating a bank of {n} questions in {project}", file=sys.stderr)
            subprocess.run([sys.executable, "-m", "tests.perf.make_bank", str(n), str(project)],
                           cwd=ROOT, env=env, check=True)
        label = f"{n // 1000}k" if n % 1000 == 0 else str(n)
        steps = only
        if args.no_build_above is not None and n > args.no_build_above:
            steps = ((only or {"help", "check", "build", "rebuild", "unchecked", "floor"})
                     - {"build", "rebuild", "unchecked"})
        results[label] = bench_size(n, project, args.runs, env, args.workdir, steps)

    info = machine()
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = "/".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"quizgen benchmark, {when}; {info['cpus']} CPUs, {info['cpu']}, "
          f"Python {info['python']}, {info['system']}; {args.runs} runs, medians; "
          f"load average at the start {load_before}, at the end {load}\n")
    print(table(results))
    print()
    print("\n".join(verdicts(results)))
    if args.json:
        args.json.write_text(json.dumps({"when": when, "machine": info, "runs": args.runs,
                                         "load": [load_before, load], "results": results},
                                        indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
