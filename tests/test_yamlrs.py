"""The yaml_rs path reads every file it takes exactly as PyYAML does, places included.

It knows places only by keys and indexes and finds their lines on demand, so each test
compares what a caller sees: values, raw text, and every place asked for (which makes the
lazy places resolve). Same three levels as ``test_yamlfast``: whole banks, every bank file,
and random documents (which must read the same or be handed to the exact path).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import quizgen.yamlload as yamlload
from quizgen import yamlrs
from quizgen.bank import load_project
from quizgen.model import LazyPlace, Place
from quizgen.yamlfast import GIVE_UP
from quizgen.yamlload import LocDict, LocList, load_yaml_pyyaml
from tests.test_yamlfast import bank_files, mutate, projects, random_doc


def differences(a, b, where="$") -> str | None:
    """Where a tree read by yaml_rs (``a``) and one read by PyYAML (``b``) differ, asking
    ``a`` for every place and raw text a caller could ask for."""
    if isinstance(b, LocDict):
        if not isinstance(a, LocDict):
            return f"{where}: {type(a).__name__} is not a mapping"
        if list(a) != list(b):
            return f"{where}: keys {list(a)} != {list(b)}"
        if a.place != b.place:
            return f"{where}.place: {a.place} != {b.place}"
        for k in b:
            for got, want, what in ((a.key_places[k], b.key_places[k], "key place"),
                                    (a.place_of(k), b.place_of(k), "place"),
                                    (a.raw.get(k), b.raw.get(k), "raw")):
                if got != want:
                    return f"{where}.{k} {what}: {got!r} != {want!r}"
            found = differences(a[k], b[k], f"{where}.{k}")
            if found:
                return found
        return None
    if isinstance(b, LocList):
        if not isinstance(a, LocList) or len(a) != len(b):
            return f"{where}: not a list of {len(b)} items"
        if a.place != b.place or list(a.item_places) != b.item_places or a.raw != b.raw:
            return f"{where}: places or raw text {list(a.item_places)} {a.raw}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = differences(x, y, f"{where}[{i}]")
            if found:
                return found
        return None
    if type(a) is not type(b) or a != b:
        return f"{where}: {a!r} != {b!r}"
    return None


def front_matter(path: Path) -> tuple[str, int]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        end = text.index("\n---\n", 3)
        return text[4:end + 1], 1
    return text, 0


def test_every_bank_file_takes_the_rust_path_and_reads_the_same(tmp_path, synthetic):
    for root in projects(tmp_path, synthetic):
        files = bank_files(root) + sorted((root / "questions" / "sources").glob("*.md"))
        taken = 0
        for path in files:
            text, offset = front_matter(path)
            shown = path.relative_to(root).as_posix()
            fast = yamlrs.fast_load(text, shown, offset)
            if fast is GIVE_UP:
                continue
            taken += 1
            slow, findings = load_yaml_pyyaml(text, shown, line_offset=offset)
            assert not findings
            assert differences(fast, slow) is None, (shown, differences(fast, slow))
        # the generated bank and the small test bank are written in the plain style the
        # fast path takes in full; the bundled bank may hold a file it leaves to PyYAML
        assert taken >= len(files) - (1 if root.name != "small" and len(files) < 50 else 0), root


def test_banks_load_to_the_same_objects_and_findings(tmp_path, synthetic, monkeypatch):
    for root in projects(tmp_path, synthetic):
        fast = load_project(root)
        with monkeypatch.context() as m:
            m.setattr(yamlrs, "parse", lambda *a, **k: None)
            exact = load_project(root)
        assert fast.findings == exact.findings
        assert fast.bank == exact.bank, root  # places compare by path, line and column
        fact = fast.bank.topics[0].facts[0]
        q = fact.questions[0]
        assert isinstance(q.place_of("id"), LazyPlace)  # read the fast way...
        assert q.place_of("id") == exact.bank.topics[0].facts[0].questions[0].place_of("id")
        assert q.place_of("id").line > 1  # ...and its line is a real one


def test_a_finding_in_a_file_read_the_fast_way_carries_its_line(tmp_path):
    from tests.conftest import make_project

    root = make_project(tmp_path / "p")
    topic = next(p for p in (root / "questions").glob("*.yaml") if p.name != "bank.yaml")
    text = topic.read_text(encoding="utf-8")
    assert yamlrs.fast_load(text, "t.yaml") is not GIVE_UP
    lines = text.split("\n")
    n = next(i for i, ln in enumerate(lines) if ln.strip().startswith("category:"))
    lines[n] = lines[n].split(":")[0] + ": numbres"
    topic.write_text("\n".join(lines), encoding="utf-8")
    findings = [f for f in load_project(root).findings if f.code == "QG204"]
    assert len(findings) == 1
    assert type(findings[0].place) is Place  # findings hold plain places
    assert findings[0].place.line == n + 1
    assert findings[0].place.col == lines[n].index("numbres") + 1


@pytest.mark.parametrize("text", [
    "a: yes\n", "a: On\n", "a: 010\n", "a: 1e3\n", "a: 1_000\n", "a: 0x1F\n", "a: 1:30\n",
    "a: True\n", "a: 2026-01-13\n", "a: 1.50\n", "a: [1, no]\n", "a: [x,\n  y]\n",
    "a: {b: 1}\n", "a: &x 1\nb: *x\n", "true: 1\n", "null: 1\n", "? a\n: b\n", "--- \na: 1\n",
    "a: \"\\ud83d\\ude00\"\n", "a:\n  b: 1\n\tc: 2\n", "a: b\r\nc: d\n", "a: 'x'\nb: |\n  010\n",
])
def test_files_the_parsers_could_read_differently_go_to_the_exact_path(text):
    assert yamlrs.fast_load(text, "x.yaml") is GIVE_UP


@pytest.mark.parametrize("text", [
    "a: 1\n", "a: -7\n", "a: true\nb: false\n", "a: null\nb: ~\nc:\n", "a: \"yes\"\n",
    "a: 'on'\n", "a: [\"1970\", '1975', x]\n", "a: 3,100 people\n", "a: x # 010\n",
    "a: >\n  folded\n  text\n", "- 1\n- b\n" * 0 + "a:\n  - 1\n  - b\n", "on: x\n",
])
def test_files_both_parsers_read_alike_take_the_fast_path(text):
    fast = yamlrs.fast_load(text, "x.yaml")
    assert fast is not GIVE_UP
    slow, _ = load_yaml_pyyaml(text, "x.yaml")
    assert differences(fast, slow) is None, differences(fast, slow)


def test_random_documents_read_the_same_or_go_to_the_exact_path():
    rng = random.Random(11)
    taken = 0
    for _ in range(15000):
        text = mutate(rng, "\n".join(random_doc(rng)) + "\n")
        fast = yamlrs.fast_load(text, "doc.yaml", 0)
        if fast is GIVE_UP:
            continue
        taken += 1
        try:
            slow, findings = load_yaml_pyyaml(text, "doc.yaml")
        except yamlload.YamlError as exc:
            raise AssertionError(f"the fast path took a file PyYAML refuses:\n{text}") from exc
        assert not findings, text
        assert differences(fast, slow) is None, f"{differences(fast, slow)}\n{text}"
    assert taken > 1000  # the test must exercise the fast path, not only its refusals
