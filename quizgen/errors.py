"""Findings and the short exception hierarchy the CLI turns into clean messages."""

from __future__ import annotations

from dataclasses import dataclass
from functools import total_ordering
from typing import Literal

from quizgen.model import Place

Severity = Literal["error", "warning"]


@total_ordering
@dataclass(frozen=True)
class Finding:
    """One thing the loader or checker found, with its stable code and its place. Findings
    sort by place, code, severity, message and hint, a finding without a hint first."""

    place: Place
    code: str
    severity: Severity
    message: str
    hint: str | None = None

    def __post_init__(self) -> None:
        if type(self.place) is not Place:  # a LazyPlace: findings compare plain places
            object.__setattr__(self, "place", self.place.resolved())

    def _key(self) -> tuple:
        hint = self.hint
        return (self.place, self.code, self.severity, self.message, hint is not None, hint or "")

    def __lt__(self, other: object) -> bool:
        return self._key() < other._key() if isinstance(other, Finding) else NotImplemented

    def format(self) -> str:
        text = f"{self.place}: {self.severity} {self.code}: {self.message}"
        if self.hint:
            text += "\n    hint: " + self.hint.replace("\n", "\n    ")
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.place.path,
            "line": self.place.line,
            "col": self.place.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


def did_you_mean(word: str, options) -> str | None:
    """"did you mean 'x'?" for the closest of ``options``, or None when none is close."""
    import difflib

    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def key_hint(word: str, options) -> str:
    """The hint for an unknown key: the closest allowed key, else all of them."""
    return did_you_mean(word, options) or "allowed keys: " + ", ".join(options)


class QuizgenError(Exception):
    """Base of every error quizgen raises on purpose; the CLI prints it without a traceback."""

    exit_code = 1


class UsageError(QuizgenError):
    """The command was called wrongly (missing project, bad option value)."""

    exit_code = 2


class ProjectNotFound(UsageError):
    """No bank (``questions/bank.yaml``) where one was expected."""


class FindingsError(QuizgenError):
    """Loading or checking found errors; nothing was written."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        errors = sum(1 for f in findings if f.severity == "error")
        super().__init__(f"{errors} error(s) found; nothing was written")


class OutputError(QuizgenError):
    """Writing ``dist/`` failed (read-only folder, disk full); the previous ``dist/`` is kept."""


class SourceExists(UsageError):
    """``sources add`` would overwrite an existing source without ``--force``."""
