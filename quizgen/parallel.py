"""Two pieces of work at once, on two processor cores, where the system allows it.

Python runs one thread of Python code at a time, so a large bank is checked and rendered in
two processes: :func:`in_two` forks, the child does one piece and sends its result back
through a pipe (pickled), and this process does the other meanwhile. Forking copies nothing
up front (the child shares the loaded bank's memory until either side writes to it), so it
costs a few milliseconds, worth it only for large banks (callers decide).

The result is the same as doing both pieces here, one after the other: if the system cannot
fork, has one core, or the child fails in any way (an error, a crash, a result that cannot
be pickled), the child's piece is done here instead, so an error in it is raised here.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable
from typing import TypeVar

A = TypeVar("A")
B = TypeVar("B")


def two_cores() -> bool:
    """True where :func:`in_two` can run its pieces at once (Linux with two usable cores)."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except OSError:  # pragma: no cover - sched_getaffinity exists on Linux
        return False


def in_two(mine: Callable[[], A], theirs: Callable[[], B]) -> tuple[A, B]:
    """``(mine(), theirs())``, with ``theirs`` run in a forked child where possible."""
    if not two_cores():
        return mine(), theirs()
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return mine(), theirs()
    if pid == 0:  # the child: do its piece, send the result, leave at once
        code = 1
        try:
            os.close(read_end)
            data = pickle.dumps(theirs(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
            code = 0
        finally:
            os._exit(code)  # no atexit handlers, no flushing of the parent's buffers
    os.close(write_end)
    try:
        a = mine()
    finally:
        with os.fdopen(read_end, "rb") as inp:
            data = inp.read()
        _, status = os.waitpid(pid, 0)
    if status == 0 and data:
        return a, pickle.loads(data)
    return a, theirs()  # the child failed: its piece is done here (its error raised here)
