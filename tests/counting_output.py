"""A stand-in output for tests of skipped rebuilds: one file per topic, and a call count."""

from __future__ import annotations

CALLS = {"n": 0}


def render(bank, ctx):
    CALLS["n"] += 1
    return {f"topics/{t.id}.txt": "\n".join(q.id for f in t.facts for q in f.questions).encode()
            for t in bank.topics}
