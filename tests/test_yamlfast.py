"""The fast YAML reader gives exactly what PyYAML gives: values, raw text, and places.

Three levels: whole banks load to equal ``Bank`` objects (places included) with and without
the fast reader; every bank file reads to equal ``LocDict`` trees; and thousands of random
block-style documents, tricky scalars and broken lines included, either read the same or
make the fast reader give up (never read differently).
"""

from __future__ import annotations

import random
from pathlib import Path

import quizgen.yamlload as yamlload
from quizgen.bank import load_project
from quizgen.yamlfast import GIVE_UP, fast_load
from quizgen.yamlload import LocDict, LocList, YamlError, load_yaml_pyyaml
from tests.conftest import make_project

ROOT = Path(__file__).parent.parent


def differences(a, b, where="$") -> str | None:
    """Where two loaded trees differ (types, values, raw text, places), or None."""
    if type(a) is not type(b):
        return f"{where}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, LocDict):
        for attr in ("place", "key_places", "value_places", "raw"):
            if getattr(a, attr) != getattr(b, attr):
                return f"{where}.{attr}: {getattr(a, attr)} != {getattr(b, attr)}"
        if list(a) != list(b):
            return f"{where}: keys {list(a)} != {list(b)}"
        for k in a:
            found = differences(a[k], b[k], f"{where}.{k}")
            if found:
                return found
        return None
    if isinstance(a, LocList):
        for attr in ("place", "item_places", "raw"):
            if getattr(a, attr) != getattr(b, attr):
                return f"{where}.{attr}: {getattr(a, attr)} != {getattr(b, attr)}"
        if len(a) != len(b):
            return f"{where}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = differences(x, y, f"{where}[{i}]")
            if found:
                return found
        return None
    return None if a == b else f"{where}: {a!r} != {b!r}"


def bank_files(root: Path) -> list[Path]:
    q = root / "questions"
    return sorted(q.glob("*.yaml"))


def load_both_ways(root: Path, monkeypatch):
    fast = load_project(root)
    with monkeypatch.context() as m:
        m.setattr(yamlload, "fast_load", lambda *a, **k: GIVE_UP)
        slow = load_project(root)
    return fast, slow


def projects(tmp_path: Path, synthetic: Path) -> list[Path]:
    out = [make_project(tmp_path / "small"), synthetic]
    if (ROOT / "questions" / "bank.yaml").is_file():
        out.append(ROOT)  # the bundled bank
    return out


def test_banks_load_to_equal_objects_both_ways(tmp_path, synthetic, monkeypatch):
    for root in projects(tmp_path, synthetic):
        fast, slow = load_both_ways(root, monkeypatch)
        assert fast.bank is not None
        assert fast.bank == slow.bank, root  # dataclasses compare by value, places included
        assert fast.findings == slow.findings
        # and the places are real ones, not a default: a question's answer is on its line
        q = fast.bank.topics[0].facts[0].questions[0]
        assert q.place_of("id").line > 1


def test_every_bank_file_reads_the_same_and_takes_the_fast_path(tmp_path, synthetic):
    for root in projects(tmp_path, synthetic):
        files = bank_files(root) + sorted((root / "questions" / "sources").glob("*.md"))[:50]
        for path in files:
            text = path.read_text(encoding="utf-8")
            offset = 0
            if path.suffix == ".md":
                end = text.index("\n---\n", 3)
                text, offset = text[4:end + 1], 1
            shown = path.relative_to(root).as_posix()
            fast = fast_load(text, shown, offset)
            assert fast is not GIVE_UP, f"{shown} did not take the fast path"
            slow, findings = load_yaml_pyyaml(text, shown, line_offset=offset)
            assert not findings
            assert differences(fast, slow) is None, (shown, differences(fast, slow))


def test_findings_in_broken_files_are_pyyamls(tmp_path, monkeypatch):
    """Files with problems go to PyYAML: same findings, same places, with or without."""
    cases = {
        "dup": "title: T\ntitle: U\nfacts: []\n",
        "syntax": "title: T\nfacts:\n  - id: a\n   category: x\n",
        "colon": "title: a: b\nfacts: []\n",
        "alias": "title: &t T\nintro: *t\nfacts: []\n",
        "merge": "title: T\n<<: {a: 1}\nfacts: []\n",
        "tab": "title: T\nfacts:\n\t- id: a\n",
    }
    for name, text in cases.items():
        try:
            fast = ("value", *yamlload.load_yaml(text, f"{name}.yaml"))
        except YamlError as exc:
            fast = ("error", exc.finding)
        try:
            slow = ("value", *load_yaml_pyyaml(text, f"{name}.yaml"))
        except YamlError as exc:
            slow = ("error", exc.finding)
        assert fast[0] == slow[0], name
        if fast[0] == "error":
            assert fast == slow, name
        else:
            assert fast[2] == slow[2] and differences(fast[1], slow[1]) is None, name


# --- random documents ------------------------------------------------------------------

SCALARS = [
    "plain text", "Nara", "183", "1,000", "1_000", "0x1F", "0o17", "017", "1.50", "1e3", ".5",
    "-7", "+3", "yes", "No", "on", "OFF", "true", "False", "~", "null", "Null", "2026-01-13",
    "2026-01-13T17:53:02+09:00", "1:30", "=", "<<", "a: b", "a:b", "a #b", "a#b", "#c",
    "- x", "-x", "? x", "?x", ":x", "[a, b]", "[]", "[ ]", "['a', \"b\" ]", "[a, [b]]",
    "[a,]", "{a: 1}", "{}", "&a x", "*a", "!!str 1", "!x y", "|", ">", "|-", "'quoted'",
    "'it''s'", "'unclosed", '"double"', '"esc \\" \\\\ \\n \\t \\u00e9 \\x41 \\/ \\_"',
    '"bad \\q"', '"\\ud800"', '"unclosed', '"a" tail', '"a"  # comment', "'a' # c",
    "x   # trailing comment", "Lee Jae-myung", "이재명", "高市早苗", "emoji 😀 x",
    "\u00a0nbsp", "a\u2028b", "%x", "@x", "`x", "...", "---", "a  b", "x:", "'", '"',
    "1942-45", "$75 billion", "“curly”", "it’s", "C#", "a, b", "{", "}", "]", "[",
]
COMMON = ["plain text", "Nara", "183", "1,000", "1.50", "yes", "~", "'quoted'", '"double"',
          '"esc \\" \\u00e9"', "[a, 'b', \"c\"]", "이재명", "x   # c", "2026-01-13", "-7"]


def scalar(rng: random.Random) -> str:
    return rng.choice(COMMON if rng.random() < 0.75 else SCALARS)


KEYS = ["id", "title", "type", "answer", "Bench Wire", "a b", "x-y", "2026", "yes", "é",
        "k", "<<", "? q", "-k", "\"q\"", "'s'", "&a", "a:b", "k ", "#k"]


BLOCK_HEADERS = [">", ">-", ">+", "|", "|-", "|+", ">  # note", "|2", ">1-", ">#x", "> x"]
BLOCK_LINES = ["word and words", "second line", "", "", "  more indented", "   ",
               "# not a comment", "a: b", "trailing spaces   ", "- dash", "\"q\"", "이재명"]


def block_scalar(rng: random.Random, indent: int) -> list[str]:
    """A | or > scalar: the header (to follow 'key: ' or '- ') and its lines."""
    step = rng.choice([2, 2, 4, 1, 0]) if rng.random() < 0.95 else -1
    pad = " " * max(0, indent + step)
    lines = [rng.choice(BLOCK_HEADERS)]
    for _ in range(rng.randint(1, 5)):
        text = rng.choice(BLOCK_LINES)
        lines.append(pad + text if text or rng.random() < 0.3 else text)
    return lines


def random_doc(rng: random.Random, depth: int = 0, indent: int = 0) -> list[str]:
    """A block mapping as lines (sometimes with flaws the fast reader must give up on)."""
    lines: list[str] = []
    pad = " " * indent
    used: set[str] = set()
    for _ in range(rng.randint(1, 4)):
        key = rng.choice(KEYS) if rng.random() < 0.2 else rng.choice(KEYS[:8])
        if key in used and rng.random() < 0.8:
            continue
        used.add(key)
        r = rng.random()
        if r < 0.12:
            block = block_scalar(rng, indent)
            lines.append(f"{pad}{key}: {block[0]}")
            lines += block[1:]
        elif r < 0.5 or depth > 3:
            value = scalar(rng)
            lines.append(f"{pad}{key}:{' ' * rng.randint(1, 2)}{value}")
        elif r < 0.6:
            lines.append(f"{pad}{key}:" + rng.choice(["", "  ", "  # note"]))
        elif r < 0.8:
            lines.append(f"{pad}{key}:")
            step = rng.choice([0, 2, 2, 4]) if rng.random() < 0.9 else 1
            for _ in range(rng.randint(1, 3)):
                if rng.random() < 0.1:
                    block = block_scalar(rng, indent + step)
                    lines.append(f"{pad}{' ' * step}- {block[0]}")
                    lines += block[1:]
                elif rng.random() < 0.5:
                    lines.append(f"{pad}{' ' * step}- {scalar(rng)}")
                else:
                    sub = random_doc(rng, depth + 1, indent + step + 2)
                    first = sub[0].lstrip(" ")
                    lines.append(f"{pad}{' ' * step}-{' ' * rng.choice([1, 1, 3])}{first}")
                    extra = len(lines[-1]) - len(first) - (indent + step + 2)
                    lines += [(" " * extra) + s if extra > 0 else s for s in sub[1:]]
        else:
            lines.append(f"{pad}{key}:")
            lines += random_doc(rng, depth + 1, indent + rng.choice([2, 2, 4, 1]))
        if rng.random() < 0.1:
            lines.append(rng.choice(["", "# a comment", f"{pad}  # indented comment", "   "]))
    return lines


def mutate(rng: random.Random, text: str) -> str:
    if not text or rng.random() < 0.6:
        return text
    i = rng.randrange(len(text))
    return text[:i] + rng.choice([" ", "\n", ":", "-", "#", "'", '"', "\t", "x", ""]) + text[i:]


def outcome(load, text: str):
    try:
        value, findings = load(text, "doc.yaml")
    except YamlError as exc:
        return "error", exc.finding
    return "value", value, findings


def test_random_documents_read_the_same_or_fall_back():
    rng = random.Random(7)
    fast_count = 0
    for _ in range(12000):
        text = mutate(rng, "\n".join(random_doc(rng)) + rng.choice(["\n", ""]))
        fast = fast_load(text, "doc.yaml", 0)
        if fast is GIVE_UP:
            continue
        fast_count += 1
        slow = outcome(load_yaml_pyyaml, text)
        assert slow[0] == "value" and not slow[2], f"fast path accepted a bad file:\n{text}"
        assert differences(fast, slow[1]) is None, f"{differences(fast, slow[1])}\n{text}"
    assert fast_count > 2000  # the test must exercise the fast path, not only its refusals
