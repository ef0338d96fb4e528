"""A stand-in output for tests of the write path: many files, content keyed by a marker."""

from __future__ import annotations

import os


def render(bank, ctx):
    marker = os.environ.get("QUIZGEN_TEST_MARKER", "new")
    count = int(os.environ.get("QUIZGEN_TEST_FILES", "300"))
    return {f"part{i // 50}/file{i:04}.txt": f"{marker} {i}\n".encode() * 200 for i in range(count)}
