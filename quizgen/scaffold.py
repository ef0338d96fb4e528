"""``quizgen init``: a new bank that passes ``quizgen check`` and builds at once.

It writes ``questions/bank.yaml``, two short made-up example articles under
``questions/sources/`` (labelled as examples inside their own text), one example topic whose
facts quote those articles verbatim, and a copy of the default templates in ``templates/`` so
the bank can be restyled. Nothing that exists is ever overwritten: if any of those files is
already there, nothing is written at all.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import yaml

from quizgen.bank import BANK_FILE, QUESTIONS_DIR, SOURCES_DIR
from quizgen.errors import QuizgenError, UsageError
from quizgen.render import default_templates
from quizgen.sources import render_source, slug

EXAMPLE_TOPIC = "example"

#: the example articles: made up, and saying so in their own first line
EXAMPLE_SOURCES: dict[str, tuple[dict[str, object], str]] = {
    "example-gazette": (
        {
            "title": "Example article: Lakeview opens its new library",
            "publisher": "Lakeview Gazette (example)",
            "byline": "A. Writer",
            "published": "2026-05-02T18:00:00+00:00",
        },
        """\
[EXAMPLE - a made-up article written by quizgen init to show the format. It is not news.
Delete it, and the example topic, once your own articles are in questions/sources/.]

Lakeview opens its new library

LAKEVIEW -- The town of Lakeview opened its new public library on Saturday, two years after
building began. The library holds 48,000 books and cost 6.5 million dollars, the town said.

Mayor Rosa Lind cut the ribbon in front of about 300 residents. "A town is only as good as
its library," she said.

The old library on Station Road closed in 2019 after a fire.
""",
    ),
    "example-herald": (
        {
            "title": "Example article: New library for Lakeview",
            "publisher": "County Herald (example)",
            "byline": None,
            "published": "2026-05-03",
        },
        """\
[EXAMPLE - a made-up article written by quizgen init to show the format. It is not news.]

Lakeview's new library, which cost 6.5 million dollars, opened to the public on Saturday
with 48,000 books on its shelves. Its predecessor had been closed since a fire in 2019.
""",
    ),
}

EXAMPLE_TOPIC_YAML = """\
# An example topic written by quizgen init. Each fact quotes the example articles in
# questions/sources/ word for word; 'quizgen check' proves every quote and every number.
# Replace it with your own topics (and list them under 'topics:' in bank.yaml).
title: The new library (example)
intro: A made-up event, to show how facts, citations and questions fit together.
facts:
  - id: library-cost
    category: numbers
    statement: Lakeview's new library cost 6.5 million dollars.
    citations:
      - source: example-gazette
        quote: "The library holds 48,000 books and cost 6.5 million dollars, the town said."
      - source: example-herald
        quote: "Lakeview's new library, which cost 6.5 million dollars"
    questions:
      - id: library-cost-n
        type: numeric
        prompt: How much did Lakeview's new library cost, in millions of dollars?
        answer: 6.5
        unit: million dollars
      - id: library-cost-tf
        type: true_false
        prompt: The new library cost 65 million dollars.
        answer: false
        explanation: It cost 6.5 million dollars.

  - id: library-books
    category: numbers
    statement: The new library opened with 48,000 books.
    citations:
      - source: example-gazette
        quote: "The library holds 48,000 books"
      - source: example-herald
        quote: "with 48,000 books on its shelves"
    questions:
      - id: library-books-mc
        type: multiple_choice
        prompt: How many books does the new library hold?
        answer: "48,000"
        distractors: ["4,800", "84,000", "480,000"]
      - id: library-books-cloze
        type: cloze
        text: The new library opened with [[48,000]] books.

  - id: old-library-fire
    category: context
    statement: The old library closed in 2019 after a fire.
    citations:
      - source: example-gazette
        quote: "The old library on Station Road closed in 2019 after a fire."
      - source: example-herald
        quote: "Its predecessor had been closed since a fire in 2019."
    questions:
      - id: old-library-year
        type: short_answer
        prompt: In which year did a fire close the old library?
        answer: "2019"
"""


@dataclass(frozen=True)
class InitResult:
    root: Path
    files: tuple[Path, ...]

    def summary(self) -> str:
        """What was made and what to do next, for the person who ran ``quizgen init``."""
        return "\n".join([
            f"created a bank in {self.root}: {len(self.files)} file(s)",
            "  questions/bank.yaml            the bank's title, deck name and topics",
            "  questions/sources/example-*.md two made-up example articles",
            "  questions/example.yaml         an example topic: facts, citations, questions",
            "  templates/                     the handout and card templates, to restyle",
            "",
            "next:",
            f"  cd {shlex.quote(str(self.root))}",
            "  quizgen check && quizgen build          # the example, checked and built",
            "  quizgen sources add ARTICLE.html        # your own articles",
            "  quizgen suggest SOURCE_ID               # draft facts to paste into a topic",
        ])


def _bank_yaml(bank_id: str, title: str) -> str:
    meta = {
        "id": bank_id,
        "title": title,
        "description": "Facts from the articles in questions/sources/, each proved by its quotes.",
        "language": "en",
        "audience": "Students",
        "deck": title,
        "topics": [EXAMPLE_TOPIC],
    }
    return (
        "# The bank: its name, the deck it becomes, and its topics in order.\n"
        "# Each topic is questions/<topic>.yaml; articles go in questions/sources/ "
        "(quizgen sources add).\n"
        + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100)
    )


def _template_files() -> dict[str, bytes]:
    """The default templates by relative path (the package marker and caches left out)."""
    base = default_templates()
    out: dict[str, bytes] = {}
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(base)
        if not path.is_file() or "__pycache__" in rel.parts or path.name == "__init__.py":
            continue
        if path.suffix in (".pyc", ".pyo"):
            continue
        out[rel.as_posix()] = path.read_bytes()
    return out


def planned_files(title: str, bank_id: str) -> dict[str, bytes]:
    """Every file ``init`` writes, by path relative to the new project's folder."""
    q = QUESTIONS_DIR
    files: dict[str, bytes] = {f"{q}/{BANK_FILE}": _bank_yaml(bank_id, title).encode()}
    for sid, (meta, text) in EXAMPLE_SOURCES.items():
        fields = {"id": sid, "url": None, "origin": None, **meta}
        files[f"{q}/{SOURCES_DIR}/{sid}.md"] = render_source(fields, text).encode()
    files[f"{q}/{EXAMPLE_TOPIC}.yaml"] = EXAMPLE_TOPIC_YAML.encode()
    for rel, data in _template_files().items():
        files[f"templates/{rel}"] = data
    return files


def init_project(target: Path, title: str | None = None) -> InitResult:
    """Create a new bank in ``target`` (created if missing). Refuses, writing nothing, when
    any file it would write already exists."""
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} exists and is not a folder")
    name = target.resolve().name
    if title is None or not title.strip():
        words = re.sub(r"[-_]+", " ", name).strip()
        title = (words[:1].upper() + words[1:]) if words else "My bank"
    # the bank's id names its deck for good (card identities derive from it): from the
    # title, else the folder, in letters and digits
    bank_id = next((i for i in (slug(title), slug(name)) if i != "source"), "bank")
    files = planned_files(title.strip(), bank_id)
    if (target / QUESTIONS_DIR / BANK_FILE).exists():
        raise UsageError(f"{target / QUESTIONS_DIR / BANK_FILE} already exists: {target} "
                         "already holds a bank; nothing was written")
    existing = [rel for rel in files if (target / rel).exists()]
    if existing:
        raise UsageError(f"{target / existing[0]} already exists"
                         + (f" (and {len(existing) - 1} more)" if len(existing) > 1 else "")
                         + "; move it away or pick another folder. Nothing was written")
    written: list[Path] = []
    try:
        for rel, data in files.items():
            path = target / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.append(path)
    except OSError as exc:
        raise QuizgenError(f"cannot write {target}: {exc.strerror or exc}") from None
    return InitResult(target, tuple(written))
