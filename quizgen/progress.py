"""A one-line status display for long commands, on a terminal only.

``Progress`` redraws one line on stderr — a spinner, what is being done, the time so far —
and erases it when the work ends. It draws nothing when stderr is not a terminal (CI logs,
pipes, tests), nothing for work that ends within ``delay`` seconds, and never touches stdout,
so piped output and exit codes are the same with or without it.

The stage shown is whatever the caller last passed to :meth:`Progress.stage`; a function
that reports its own stages can take ``progress.stage`` as its callback.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from typing import IO

SPINNER = "|/-\\"


def is_terminal(stream: IO[str]) -> bool:
    try:
        return bool(stream.isatty()) and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


class Progress:
    """``with Progress("build") as p: p.stage("rendering anki"); ...``"""

    def __init__(self, label: str, stream: IO[str] | None = None, *,
                 enabled: bool | None = None, delay: float = 0.4, interval: float = 0.1):
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = is_terminal(self.stream) if enabled is None else enabled
        self.delay = delay
        self.interval = interval
        self._stage = ""
        self._start = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._drawn = False
        self._lock = threading.Lock()

    def stage(self, text: str) -> None:
        """Say what is being done now (shown at the next redraw)."""
        self._stage = text

    def __enter__(self) -> Progress:
        self._start = time.monotonic()
        if self.enabled:
            self._thread = threading.Thread(target=self._run, name="quizgen-progress",
                                            daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            if self._drawn:
                self.stream.write("\r\x1b[2K")
                self.stream.flush()
                self._drawn = False

    def _run(self) -> None:
        if self._stop.wait(self.delay):
            return
        tick = 0
        while not self._stop.is_set():
            self.draw(tick)
            tick += 1
            self._stop.wait(self.interval)

    def draw(self, tick: int = 0) -> None:
        elapsed = time.monotonic() - self._start
        line = f"{SPINNER[tick % len(SPINNER)]} {self.label}: {self._stage} ({elapsed:.1f}s)"
        width = shutil.get_terminal_size((80, 24)).columns - 1
        if len(line) > width > 10:  # a wrapped line could not be redrawn in place
            line = line[: width - 1] + "\u2026"
        with self._lock:
            if self._stop.is_set() and not self._drawn:
                return
            self.stream.write("\r\x1b[2K" + line)
            self.stream.flush()
            self._drawn = True
