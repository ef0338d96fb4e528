"""Where a build's time goes, stage by stage, in one process; run by hand, never by pytest.

    python -m tests.perf.phases DIR [--runs 3]

Times, in CPU seconds of this process (so a busy machine disturbs them less than wall
time), each stage of ``quizgen build`` on the project in DIR, one after another and on one
core (no forked helpers): loading, checking, the Anki deck, the explainers. Each stage runs
``--runs`` times, each time in a fresh process with the garbage collector paused as the CLI
pauses it; the median is shown. The benchmark (``tests.perf.bench``) times whole commands.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

_ONE_RUN = """
import gc, json, sys, time
gc.disable()
from pathlib import Path
import quizgen.bank as bank
bank.PARALLEL_MIN_BYTES = float("inf")
root = Path(sys.argv[1])
out = {}
t = time.process_time()
result = bank.load_project(root)
out["load"] = time.process_time() - t
from quizgen.validate import Checker
t = time.process_time()
Checker(result.bank).run()
out["check"] = time.process_time() - t
from quizgen.build import RenderContext
from quizgen.render import anki, html
ctx = RenderContext(root=root, source_date_epoch=None, previous={}, options={})
t = time.process_time()
anki.render(result.bank, ctx)
out["anki"] = time.process_time() - t
t = time.process_time()
html.render(result.bank, ctx)
out["html"] = time.process_time() - t
print(json.dumps(out))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    runs = [json.loads(subprocess.run([sys.executable, "-c", _ONE_RUN, str(args.project)],
                                      env=env, check=True, capture_output=True,
                                      text=True).stdout)
            for _ in range(args.runs)]
    for stage in runs[0]:
        print(f"{stage:6} {statistics.median(r[stage] for r in runs):6.2f} s CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
