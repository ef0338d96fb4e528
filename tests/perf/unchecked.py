"""``quizgen build`` with a checker that does nothing: what a build costs apart from checking.
Run by the benchmark (``tests.perf.bench``, the step ``unchecked``), never by pytest.

    python tests/perf/unchecked.py          # in a project folder, as ``quizgen build``

Every fact is taken as checked, with no findings, and nothing else changes: the same
start-up, loading, rendering on two cores and writing of ``dist/``. Its time is the floor under
what any checker, however fast, could bring a build down to with today's renderers.
"""

from __future__ import annotations

import sys

import quizgen.build
import quizgen.validate
from quizgen.cli import main
from quizgen.model import Bank, Fact


def check_nothing(bank: Bank, facts: list[Fact]) -> tuple[list, set[str]]:
    """What :func:`quizgen.validate.check_facts` returns for facts with nothing wrong."""
    return [], {c.source for fact in facts for c in fact.citations}


if __name__ == "__main__":
    quizgen.build.check_facts = check_nothing
    quizgen.validate.check_facts = check_nothing
    sys.argv = ["quizgen", "build"]
    main()
