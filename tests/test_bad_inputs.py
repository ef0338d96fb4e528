"""The bad-input corpus: every case in tests/bad_inputs/ ends in a clear message that names the
file and line, the right exit code, no traceback, and a dist/ exactly as it was before.

A case is a YAML file: how to spoil the clean bank of conftest.make_project (edits, files to
write, a BOM, CRLF, ...) and what the user must see.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import make_project, run

CASES = sorted((Path(__file__).parent / "bad_inputs").glob("*.yaml"))


def spoil(root: Path, case: dict) -> None:
    for e in case.get("edits", []):
        path = root / e["file"]
        text = path.read_text(encoding="utf-8")
        assert e["old"] in text, f"case setup: {e['old']!r} not in {e['file']}"
        path.write_text(text.replace(e["old"], e["new"], 1), encoding="utf-8")
    for w in case.get("write", []):
        path = root / w["file"]
        path.write_bytes(bytes.fromhex(w["hex"]) if "hex" in w else w["text"].encode())
    if "prepend_bom" in case:
        path = root / case["prepend_bom"]
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    if "crlf" in case:
        path = root / case["crlf"]
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    if "generate" in case:
        g = case["generate"]
        path = root / g["file"]
        filler = "# " + "x" * 98 + "\n"
        path.write_text(path.read_text() + filler * (g["bytes"] // len(filler)))
    if "truncate_after_front_matter" in case:
        path = root / case["truncate_after_front_matter"]
        text = path.read_text()
        path.write_text(text[: text.index("\n---\n") + 5])


def expected_line(root: Path, expect: dict) -> int:
    if "line" in expect:
        return expect["line"]
    text = (root / expect["file"]).read_bytes().decode("utf-8", "replace").replace("\r\n", "\n")
    idx = -1
    for _ in range(expect.get("nth", 0) + 1):
        idx = text.index(expect["line_of"], idx + 1)
    return text.count("\n", 0, idx) + 1


def test_corpus_is_large_enough():
    assert len(CASES) >= 25


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_bad_input(case_file, tmp_path, runner):
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    root = make_project(tmp_path / "proj")
    # a previous build's output that must survive the failed build byte for byte
    dist = root / "dist"
    (dist / "sub").mkdir(parents=True)
    (dist / "deck.apkg").write_bytes(b"previous build")
    (dist / "sub" / "page.html").write_text("<p>previous</p>")
    before = {p.relative_to(dist): p.read_bytes() for p in dist.rglob("*") if p.is_file()}
    spoil(root, case)
    expect = case["expect"]
    result = run(runner, "build", "-C", str(root), *case.get("args", []))
    out = result.output
    assert result.exit_code == expect["exit"], out
    assert "Traceback" not in out
    line = expected_line(root, expect)
    assert f"{expect['file']}:{line}:" in out and expect["code"] in out, (
        f"expected {expect['code']} at {expect['file']}:{line}\n{out}"
    )
    mine = [ln for ln in out.splitlines() if ln.startswith(f"{expect['file']}:{line}:")]
    assert any(expect["code"] in ln for ln in mine), out
    if "message" in expect:
        assert expect["message"] in out
    after = {p.relative_to(dist): p.read_bytes() for p in dist.rglob("*") if p.is_file()}
    assert after == before, "a failed build changed dist/"
    assert sorted(p.name for p in root.iterdir()) == ["dist", "questions"], "stray files left"
