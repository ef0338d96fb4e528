"""The faster checker finds exactly what the checker before it found: the same codes,
messages, hints and places, in the same order, on the bundled bank, on generated banks, on
banks with errors of every kind (tests/mutate_bank.py) and on banks edited as files; and its
text functions give the same answers on tens of thousands of random inputs.

What it found before is ``tests/data/same_as.json``. It was written by
``python -m tests.perf.same_as 66c4fc0 --record tests/data/same_as.json``, which ran quizgen
at 66c4fc0 (before the speed work) and the current quizgen on these same inputs, found no
difference, and recorded the current results (the findings whole; each group of calls as a
count and a hash of every input and answer). The inputs are made again here, from the same
seeds, by ``tests/perf/same_as_side.py``. When a hash differs, ``python -m tests.perf.same_as
REV`` prints the inputs whose answers differ from those of a revision (HEAD, say).

One rule has changed on purpose since: a lower-case "march" or "august" standing alone is
read as the word, not as a month. Against 66c4fc0 the tool then showed only readings of
random texts with those words as different, and the recording was written again with
``python -m tests.perf.same_as --record tests/data/same_as.json``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from quizgen import support, textmatch, validate
from quizgen.support import Mention
from tests.perf.same_as_side import (
    ALIASED,
    CALL_GROUPS,
    FINDING_GROUPS,
    blank_spans,
    calls_of,
    digest,
    evidence_of,
    findings_of,
    norm_inputs,
    phrase_inputs,
    recorded,
    rows_of,
)

#: every rule a mutated bank must have set off at least once, or the comparison proves little
CODES = {"QG100", "QG101", "QG102", "QG110", "QG111", "QG120", "QG200", "QG201", "QG202",
         "QG203", "QG206", "QG300", "QG301"}


@pytest.fixture(scope="module")
def recording() -> dict:
    return recorded()


def assert_as_recorded(group: str, tmp: Path, recording: dict) -> Counter[str]:
    """The findings of every bank of ``group`` are those recorded; their codes, counted."""
    found = findings_of(group, tmp)
    want = recording["findings"][group]
    assert list(found) == list(want)
    for name, rows in found.items():
        assert rows == want[name], name
    return Counter(row[4] for rows in found.values() for row in rows)


def test_the_bundled_bank(tmp_path, recording):
    assert set(assert_as_recorded("bundled", tmp_path, recording)) == {"QG300"}


def test_a_generated_bank(tmp_path, recording):
    assert assert_as_recorded("generated", tmp_path, recording) == Counter()


def test_the_small_bank_of_the_tests(tmp_path, recording):
    assert assert_as_recorded("small", tmp_path, recording) == Counter({"QG300": 1})


def test_the_bundled_bank_with_errors(tmp_path, recording):
    codes = assert_as_recorded("bundled with errors", tmp_path, recording)
    assert set(codes) == CODES, codes


def test_a_generated_bank_with_errors(tmp_path, recording):
    codes = assert_as_recorded("generated with errors", tmp_path, recording)
    assert set(codes) == CODES, codes


def test_the_small_bank_with_errors(tmp_path, recording):
    codes = assert_as_recorded("small with errors", tmp_path, recording)
    assert set(codes) >= CODES - {"QG301"}, codes


def test_banks_edited_as_files(tmp_path, recording):
    """Banks with errors written into their files and loaded, as a user's would be: each
    edit alone and all of them together, on a generated bank with its disputes."""
    codes = assert_as_recorded("edited files", tmp_path, recording)
    for name, rows in recording["findings"]["edited files"].items():
        # every edit is a mistake the checker reports, but the name declared an alias
        assert bool(rows) != (name == ALIASED), name
    assert set(codes) >= CODES - {"QG111", "QG300", "QG301"}, codes


def test_a_large_bank_checked_in_two_parts(tmp_path, monkeypatch, recording):
    """``check_bank``'s two halves, on a bank with errors, give the recorded findings."""
    [(name, bank, root)] = FINDING_GROUPS["in two parts"](tmp_path)
    monkeypatch.setattr(validate, "PARALLEL_MIN_FACTS", 10)
    now = validate.check_bank(bank)
    assert rows_of(now, root) == recording["findings"]["in two parts"][name]
    assert {"QG101", "QG120"} <= {f.code for f in now}


# --- the parts, on random input --------------------------------------------------------------

def _enough_details(rows: list) -> None:
    texts = [t for row in rows for t in row[1][4]]  # [text, unsupported, answer, supported]
    missing, supported = sum(bool(t[1]) for t in texts), sum(t[3] for t in texts)
    assert missing > 400 and supported > 400, (missing, supported)


def _enough_phrases(rows: list) -> None:
    assert sum(row[1][0] for row in rows) > 2000


def _every_reading_path(rows: list) -> None:
    """Every path of the readers was taken, often; and a date, number or name is a
    ``Mention`` (the recording does not tell it from a plain tuple), a weekday a tuple."""
    found = dict.fromkeys(["date", "number", "name", "weekday", "fold", "other digits"], 0)
    for (text, _), (dates, numbers, weekdays, names, _) in rows:
        found["date"] += bool(dates[0])
        found["number"] += bool(numbers[0])
        found["name"] += bool(names)
        found["weekday"] += bool(weekdays)
        found["fold"] += support._FOLDS_TO_ASCII_RE.search(text) is not None
        found["other digits"] += any(c.isdigit() and not c.isascii() for c in text)
    assert all(n > 400 for n in found.values()), found
    for (text, _), _ in rows[:300]:
        mentions = [*support.dates_in(text), *support.numbers_in(text), *support.names_in(text)]
        assert all(type(m) is Mention for m in mentions), text
        assert all(type(w) is tuple for w in support.weekdays_in(text)), text


def _at_least(n: int, rows: list) -> None:
    assert len(rows) > n, len(rows)


#: what a group of calls must also show, so that the comparison proves something
ENOUGH = {
    "details and answers": _enough_details,
    "contains_phrase, locate_exact": _enough_phrases,
    "reading random texts 1": _every_reading_path,
    "reading random texts 2": _every_reading_path,
    "reading random texts 3": _every_reading_path,
    "reading the bundled bank": lambda rows: _at_least(300, rows),
    "reading a generated bank": lambda rows: _at_least(2000, rows),
}


@pytest.mark.parametrize("group", CALL_GROUPS)
def test_answers_on_many_inputs_as_recorded(group: str, tmp_path, recording) -> None:
    rows = calls_of(group, tmp_path)
    want = recording["calls"][group]
    assert len(rows) == want["count"]
    assert digest(rows) == want["sha256"], (
        f"{group}: some answers changed; python -m tests.perf.same_as HEAD shows which")
    if group in ENOUGH:
        ENOUGH[group](rows)


def test_other_ways_of_asking_agree():
    """``Phrase(p).found_in`` answers as ``contains_phrase``; ``_blank_all`` takes spans in a
    dict as in a list; ``_is_run`` tells what ``_RUN_RE`` matches."""
    for hay, phrase, _ in phrase_inputs():
        assert textmatch.Phrase(phrase).found_in(hay) == textmatch.contains_phrase(hay, phrase)
    import random

    rng = random.Random(7)
    for _ in range(20000):
        text, spans = blank_spans(rng)
        assert validate._blank_all(text, dict.fromkeys(spans)) == validate._blank_all(text, spans)
    normal = 0
    for text in norm_inputs():
        want = textmatch._RUN_RE.fullmatch(text) is not None
        assert textmatch._is_run(text) == want, repr(text)
        normal += want
    assert normal > 5000


def test_a_blanked_name_can_let_another_stand():
    """Blanking one alias group can make a name of a later group stand as a whole word: in
    "ab-Zed", "-Zed" has a letter before it until "ab" is blanked. Each group is looked for
    in the text as the earlier groups left it, before and now."""
    ev = evidence_of("ab met in Nara")
    text = "In ab-Zed they met."
    for aliases, found in [({"ab": (), "Nara": ("-Zed",)}, []), ({"Nara": ("-Zed",)}, ["Zed"])]:
        assert validate.unsupported_details(text, ev, aliases) == found


def test_an_evidence_compares_and_prints_like_the_dataclass_it_was():
    a = validate.Evidence("x\n", [1.0], [Mention("date", "1942", 0, 4, None, (1942, None, None))])
    b = validate.Evidence("x\n", [1.0], list(a.dates))
    assert a == b and a != validate.Evidence()
    assert repr(a).startswith("Evidence(text='x\\n', numbers=[1.0], dates=[Mention(")
