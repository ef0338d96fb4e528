"""The fast ways of loading give what the detailed ways give: the same bank, field by field
and place by place, the same findings at the same places, the same ids.

``bank.FAST_TOPICS`` (valid facts built straight from ``yaml_rs`` values, places worked out
when read) and ``sources.FAST_SOURCES`` (plain front matter read without YAML) can be turned
off, which loads every file the detailed way, as quizgen did before they existed. Each test
loads a project both ways and compares everything a caller can see: clean banks, and
hundreds of randomly broken copies of one (wrong types, empty values, unknown and duplicate
keys, bad and duplicate ids, odd scalars, YAML errors, broken front matter).
"""

from __future__ import annotations

import pickle
import random
import re
import shutil
from pathlib import Path

import pytest

import quizgen.bank as bank
import quizgen.sources as sources
from quizgen.bank import load_project
from quizgen.model import Citation, LazyPlace, Place
from tests.conftest import make_project
from tests.test_yamlfast import projects


def load_both_ways(root: Path, monkeypatch: pytest.MonkeyPatch, share=None):
    fast = load_project(root, share=share)
    with monkeypatch.context() as m:
        m.setattr(bank, "FAST_TOPICS", False)
        m.setattr(sources, "FAST_SOURCES", False)
        detailed = load_project(root, share=share)
    return fast, detailed


def every_place(b) -> list[tuple[str, Place]]:
    """Every place a renderer or the checker can ask the bank for, by name."""
    out = []
    for t in b.topics:
        for f in t.facts:
            out.append((f.id, f.place))
            out += [(f"{f.id}.{k}", f.place_of(k)) for k in (*f.places, "nothing")]
            for n, c in enumerate((*f.citations, *f.disputes)):
                out += [(f"{f.id}/c{n}", c.place), (f"{f.id}/c{n}.source", c.source_place)]
            for q in f.questions:
                out.append((q.id, q.place))
                out += [(f"{q.id}.{k}", q.place_of(k)) for k in (*q.places, "nothing")]
    return out


def assert_same(fast, detailed, what) -> None:
    assert fast.findings == detailed.findings, what  # same order, same places
    assert fast.ids == detailed.ids, what
    assert (fast.bank is None) == (detailed.bank is None), what
    if fast.bank is None:
        return
    assert fast.bank == detailed.bank, what  # every field; places by path, line, column
    got = [(name, p.path, p.line, p.col) for name, p in every_place(fast.bank)]
    want = [(name, p.path, p.line, p.col) for name, p in every_place(detailed.bank)]
    assert got == want, what
    # printed the same (but for the addresses of the place mappings)
    assert (re.sub(r" at 0x[0-9a-f]+", "", repr(fast.bank))
            == re.sub(r" at 0x[0-9a-f]+", "", repr(detailed.bank))), what
    for f1, f2 in zip(fast.bank.facts, detailed.bank.facts, strict=True):
        assert hash(f1.citations) == hash(f2.citations), what
        for c in f1.citations:
            assert pickle.loads(pickle.dumps(c)) == c


def test_clean_banks_load_the_same_both_ways(tmp_path, synthetic, monkeypatch):
    for root in projects(tmp_path, synthetic):
        fast, detailed = load_both_ways(root, monkeypatch)
        assert fast.bank is not None and not [f for f in fast.findings if f.severity == "error"]
        assert_same(fast, detailed, root)
        for k in (0, 1):
            assert_same(*load_both_ways(root, monkeypatch, share=(k, 2)), (root, k))


def test_a_clean_generated_bank_takes_the_fast_ways(synthetic, monkeypatch):
    """Not one of its facts or sources falls back to the detailed way."""
    calls = {"fact": 0, "source": 0}

    def counting(name, real):
        def wrapped(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)
        return wrapped

    monkeypatch.setattr(bank, "_fact", counting("fact", bank._fact))
    monkeypatch.setattr(sources, "load_yaml", counting("source", sources.load_yaml))
    result = load_project(synthetic)
    assert result.bank is not None and len(result.bank.facts) > 50
    assert calls == {"fact": 0, "source": 0}
    fact = result.bank.facts[0]
    assert "place" not in fact.__dict__  # worked out when first read...
    assert isinstance(fact.place, LazyPlace) and fact.place.line > 1  # ...a real line
    assert fact.__dict__["place"] is fact.place  # and kept


def test_a_finding_after_fast_facts_names_the_first_use_of_an_id(tmp_path, monkeypatch):
    """A duplicate id points at the first use, which was loaded the fast way."""
    root = make_project(tmp_path / "p")
    topic = root / "questions" / "summit.yaml"
    text = topic.read_text(encoding="utf-8")
    topic.write_text(text.replace("id: summit-basic", "id: flood-year"), encoding="utf-8")
    fast, detailed = load_both_ways(root, monkeypatch)
    dup = [f for f in fast.findings if f.code == "QG010"]
    assert len(dup) == 1
    first_line = text.split("\n").index("      - id: flood-year") + 1
    assert f"(first used at questions/summit.yaml:{first_line})" in dup[0].message
    assert_same(fast, detailed, "dup")


@pytest.mark.parametrize("old,new", [
    ("id: flood-year", "id: flood-deaths"),  # a question takes its own fact's id
    ("id: flood-cloze", "id: flood-year"),  # two questions of one fact share an id
    ("id: summit-place", "id: flood-tf"),  # a fact takes an earlier fact's question's id
])
def test_ids_used_twice_in_or_across_facts(tmp_path, monkeypatch, old, new):
    root = make_project(tmp_path / "p")
    topic = root / "questions" / "summit.yaml"
    topic.write_text(topic.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    fast, detailed = load_both_ways(root, monkeypatch)
    assert [f.code for f in fast.findings] == ["QG010"]
    assert_same(fast, detailed, (old, new))


# --- randomly broken banks --------------------------------------------------------------

VALUES = [
    "", " ", "''", '""', "' '", "183", "-7", "0", "1.5", "1,5", "true", "false", "yes", "~",
    "null", "[a, b]", "[]", "['x', '']", "[1, true]", "{a: 1}", "|\n\n", ">-\n        folded",
    "|\n        kept\n", "x: y", "flood-deaths", "summit-city", "Bad Id", "numbres", "cloze",
    "basic", "numeric", "true_false", "multiple_choice", "short_answer", "wire", "nowhere",
    '"\\u00e9 escaped"', "&a x", "*a", "2026-01-13", "'it''s'", "text # comment", "-", "a\tb",
]
KEYS = ["titel", "note", "answer", "unit", "accept", "distractors", "text", "prompt", "id",
        "type", "category", "aliases", "disputes", "questions", "citations", "true", "<<"]
FRONT_VALUES = [
    "", "null", "~", "x", "'x'", '"x"', '"a\\"b"', "'it''s'", "wire", "other", "Bad Id", "183",
    "yes", "2026-01-13", "2026-13-45", "'2026-01-13T17:53:00+09:00'", "x: y", "[a]", "{a: 1}",
    "'unclosed", "a # b", "-x", "0" * 64, "ABC", "|\n  block", " spaced", "http://a/#b",
]


def mutate_topic(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        n = rng.randrange(len(lines) - 1)
        line = lines[n]
        indent = line[: len(line) - len(line.lstrip(" "))]
        key, sep, _value = line.strip().removeprefix("- ").partition(":")
        r = rng.random()
        if r < 0.45 and sep:
            lines[n] = line[: line.index(":") + 1] + " " + rng.choice(VALUES)
        elif r < 0.55:
            del lines[n]
        elif r < 0.65:
            lines.insert(n, line)  # a duplicate key, or a second item
        elif r < 0.8 and sep:
            lines[n] = line.replace(key + ":", rng.choice(KEYS) + ":", 1)
        elif r < 0.9:
            extra = rng.choice(["aliases:\n  Nara: [Nara-shi, Nara City]", "aliases: {}",
                                "aliases:\n  Nara: ''", "explanation: Because.",
                                "disputes:\n  - source: other\n    quote: x\n    note: y",
                                "disputes: []", "questions: []"])
            pad = indent + ("  " if line.lstrip().startswith("- ") else "")
            lines.insert(n + 1, "\n".join(pad + e for e in extra.split("\n")))
        else:
            lines[n] = " " + line  # indentation off by one
    return "\n".join(lines)


def mutate_front(rng: random.Random, text: str) -> str:
    front_end = text.index("\n---\n", 3)
    lines = text[:front_end].split("\n")
    n = rng.randrange(1, len(lines))
    key = lines[n].partition(":")[0]
    r = rng.random()
    if r < 0.55:
        lines[n] = f"{key}: {rng.choice(FRONT_VALUES)}"
    elif r < 0.7:
        del lines[n]
    elif r < 0.8:
        lines.insert(n, lines[n])
    elif r < 0.9:
        lines[n] = lines[n].replace(key, rng.choice(["tilte", "note", "id", "sha256"]), 1)
    else:
        lines.insert(n, "# a comment" if rng.random() < 0.5 else "")
    body = text[front_end:]
    if rng.random() < 0.1:
        body = "\n---\n  \n"
    return "\n".join(lines) + body


def test_broken_banks_give_the_same_findings_and_objects_both_ways(tmp_path, monkeypatch):
    rng = random.Random(8)
    base = make_project(tmp_path / "base")
    topic_text = (base / "questions" / "summit.yaml").read_text(encoding="utf-8")
    fast_facts = 0
    for case in range(400):
        root = tmp_path / f"case{case}"
        shutil.copytree(base, root)
        (root / "questions" / "summit.yaml").write_text(mutate_topic(rng, topic_text),
                                                       encoding="utf-8")
        if rng.random() < 0.4:
            path = root / "questions" / "sources" / rng.choice(["wire.md", "other.md"])
            path.write_text(mutate_front(rng, path.read_text(encoding="utf-8")),
                            encoding="utf-8")
        fast, detailed = load_both_ways(root, monkeypatch)
        assert_same(fast, detailed, (root / "questions" / "summit.yaml").read_text())
        if fast.bank is not None:
            fast_facts += sum("_at" in f.__dict__ for f in fast.bank.facts)
        shutil.rmtree(root)
    assert fast_facts > 100  # the fast way was taken, not only refused


def test_mixed_topic_files_the_fast_way_undoes_and_reloads_in_full(tmp_path, monkeypatch):
    """A fact yaml_rs takes but leaves to the exact reader (a block scalar of blank lines
    at the end of the file) after valid facts: the file is loaded the detailed way as a
    whole, once."""
    root = make_project(tmp_path / "p")
    topic = root / "questions" / "summit.yaml"
    text = topic.read_text(encoding="utf-8")
    assert text.endswith("        answer: 13 January 2026\n")  # the last question's
    topic.write_text(text + "        accept:\n          - x\n          - |\n\n\n",
                     encoding="utf-8")
    fast, detailed = load_both_ways(root, monkeypatch)
    assert_same(fast, detailed, "blank block")
    assert "_at" not in fast.bank.facts[0].__dict__  # the whole file the detailed way


def test_lazy_fields_pickle_and_compare_as_given_ones(synthetic):
    c = load_project(synthetic).bank.facts[0].citations[0]
    assert "_at" in c.__dict__ and "place" not in c.__dict__
    given = Citation(c.source, c.quote, c.place.resolved(), c.note, c.source_place.resolved())
    assert c == given and hash(c) == hash(given)
    copy = pickle.loads(pickle.dumps(c))
    assert copy == given and "_at" not in copy.__dict__
    assert repr(copy) == repr(given)


def test_a_date_that_cannot_be_is_a_finding_not_a_crash(tmp_path, monkeypatch):
    """``2026-13-45`` looks like a date to YAML; reading it used to raise ValueError."""
    root = make_project(tmp_path / "p")
    path = root / "questions" / "sources" / "wire.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("published: '2026-01-13T17:53:00+09:00'",
                                 "published: 2026-13-45"), encoding="utf-8")
    fast, detailed = load_both_ways(root, monkeypatch)
    assert_same(fast, detailed, "date")
    found = [f for f in fast.findings if f.place.path == "questions/sources/wire.md"]
    assert [(f.code, f.place.line, f.place.col) for f in found] == [("QG005", 6, 12)]
    assert "month must be in 1..12" in found[0].message
    assert "quote the value" in found[0].hint


def test_a_date_that_cannot_be_in_a_topic_file_is_a_finding(tmp_path, monkeypatch):
    root = make_project(tmp_path / "p")
    topic = root / "questions" / "summit.yaml"
    text = topic.read_text(encoding="utf-8")
    topic.write_text(text.replace("answer: 13 January 2026", "answer: 2026-02-30"),
                     encoding="utf-8")
    fast, detailed = load_both_ways(root, monkeypatch)
    assert_same(fast, detailed, "date")
    line = text.split("\n").index("        answer: 13 January 2026") + 1
    assert [(f.code, f.place.line, f.place.col) for f in fast.findings] == [("QG005", line, 17)]


# --- text_is_safe: its scan, made cheaper, decides as before -------------------------------

_OLD_VALUE = (r"(?P<v>[^\sA-Za-z_\"'#\x80-\U0010ffff]"
              r"|(?i:yes|no|on|off|true|false|null)(?=[ ]*(?:[ ]#|$)))")
_OLD_LINE_START_RE = re.compile(r"\n[ ]*+(?:-[ ]+)*+" + _OLD_VALUE, re.MULTILINE)
_OLD_AFTER_KEY_RE = re.compile(r":[ ]+" + _OLD_VALUE, re.MULTILINE)


def old_text_is_safe(text: str) -> bool:
    """``yamlrs.text_is_safe`` as it was before its scan skipped the common safe values."""
    from itertools import chain

    from quizgen import yamlrs

    if not text.replace("\n", " ").isprintable() and yamlrs._UNSAFE_RE.search(text):
        return False
    if text.startswith(yamlrs._DOC_STARTS) or any(f"\n{m}" in text
                                                  for m in yamlrs._DOC_STARTS):
        return False
    if " \n" in text or not text.endswith("\n"):
        return False
    if "\\" in text and yamlrs._ODD_ESCAPE_RE.search(text):
        return False
    text = "\n" + text
    for m in chain(_OLD_LINE_START_RE.finditer(text), _OLD_AFTER_KEY_RE.finditer(text)):
        at = m.start("v")
        line_end = text.find("\n", at)
        line = text[at:] if line_end < 0 else text[at:line_end]
        if line[0] == "[":
            items = yamlrs._flow_items(line, 0)
            if items is None or not all(yamlrs._agree(t) for t in items):
                return False
        elif not yamlrs._agree(yamlrs._plain_end(line, 0)):
            return False
    return True


def test_text_is_safe_decides_as_before(tmp_path, synthetic):
    from quizgen import yamlrs
    from tests.test_yamlfast import mutate, random_doc

    rng = random.Random(5)
    docs = [p.read_text(encoding="utf-8") for p in sorted(synthetic.rglob("*.yaml"))]
    docs += ["a: true\n", "a: True\n", "a: false # x\n", "- 183\n", "- -7\n", "a: 010\n",
             'a: ["x", "y"]\n', 'a: ["x\\"", "y"]\n', 'a: ["x", y]\n', "a: ['x']\n",
             'a: [ "x" ,"y" ]\n', 'a: ["x"] # c\n', 'a: ["x"]x\n', 'a: ["a: yes"]\n',
             "a: null\n", "a: nullx\n", "a: 12 \n", "a: 1e3\n", "a: Yes\n", "a: off\n",
             "a: -\n", "a: 0\n", "a: 00\n", "a: -0\n", "- yes\n", "- - no\n", "a: - no\n"]
    safe = 0
    for n in range(6000):
        text = docs[n] if n < len(docs) else mutate(rng, "\n".join(random_doc(rng)) + "\n")
        want = old_text_is_safe(text)
        assert yamlrs.text_is_safe(text) == want, text
        safe += want
    assert safe > 500


def test_character_classes_written_out_take_the_same_characters():
    """The classes of ``_UNSAFE_RE`` and the yaml_rs scan are written as the characters they
    take (fast to compile); they are the classes they were written as before, on every
    character."""
    from quizgen import yamlfast, yamlrs

    every = "".join(map(chr, range(0x110000)))
    before = {
        yamlfast._UNSAFE_RE.pattern: "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe"
                                     "\uff00-\ufffd\U00010000-\U0010ffff]",
        re.search(r"\(\?P<v>(\[.*?\])\|", yamlrs._VALUE).group(1):
            r"[^\sA-Za-z_\"'#\x80-\U0010ffff]",
        yamlrs._FIRST[3:-1]: r"[^\sa-eg-mp-su-xzA-EG-MP-SU-XZ_\"'#\x80-\U0010ffff]",
    }
    for now, was in before.items():
        assert re.findall(now, every) == re.findall(was, every), was
