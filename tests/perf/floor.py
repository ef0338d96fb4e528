"""The floor: a plain genanki script writing N basic notes to an .apkg, nothing else.

    python tests/perf/floor.py N OUT.apkg

quizgen's deck cannot cost less than this, so the benchmark states quizgen's times as
multiples of it, measured in the same run.
"""

from __future__ import annotations

import sys

import genanki


def main() -> None:
    n, out = int(sys.argv[1]), sys.argv[2]
    model = genanki.Model(
        1607392319, "Floor basic",
        fields=[{"name": "Question"}, {"name": "Answer"}],
        templates=[{"name": "Card 1", "qfmt": "{{Question}}",
                    "afmt": "{{FrontSide}}<hr id=answer>{{Answer}}"}],
    )
    deck = genanki.Deck(2059400110, "Floor")
    for i in range(n):
        deck.add_note(genanki.Note(
            model=model,
            fields=[f"How many people attended the harvest fair in place number {i}?",
                    f"{1000 + 7 * i:,} people"],
        ))
    genanki.Package(deck).write_to_file(out)


if __name__ == "__main__":
    main()
