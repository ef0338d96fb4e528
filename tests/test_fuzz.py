"""Fuzzing: whatever bytes an editor or a web page throws at the loader, the normaliser and the
checker, nothing escapes but quizgen's own findings (or its own error type)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizgen.bank import load_project
from quizgen.errors import Finding
from quizgen.support import dates_in, names_in, numbers_in
from quizgen.textmatch import closest_passage, locate, normalize
from quizgen.validate import check_bank
from quizgen.yamlload import YamlError, load_yaml
from tests.conftest import TOPIC, make_project

YAML_BITS = st.sampled_from(
    ["- ", ": ", "\n", "  ", "{", "}", "[", "]", "&a ", "*a", "!!", "!!python/object:os.system",
     "'", '"', "#", "|", ">", "---\n", "...", "? ", ",", "id", "facts", "citations", "quote",
     "answer", "1942", "true", "null", "~", "\t", "\u2014", "\ufeff", "%YAML 1.1\n", "<<: *a"]
)
yaml_text = st.lists(YAML_BITS | st.text(max_size=5), max_size=40).map("".join)
settings_ = settings(max_examples=150, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@settings_
@given(yaml_text)
def test_yaml_loader_raises_only_its_own_error(text):
    try:
        load_yaml(text, "x.yaml")
    except YamlError as exc:
        assert exc.finding.place.path == "x.yaml"
        assert exc.finding.place.line >= 1


@settings_
@given(st.text(max_size=300))
def test_normaliser_and_extractors_never_raise(text):
    n = normalize(text)
    numbers_in(n.text)
    dates_in(n.text)
    names_in(n.text)
    locate(text[:20], n)
    closest_passage(text[5:30] or "x", n)


def _mutations():
    """A topic file with a random slice replaced by random YAML-ish text."""
    return st.tuples(st.integers(0, len(TOPIC)), st.integers(0, 60), yaml_text)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(_mutations())
def test_loader_and_checker_on_mutated_banks(mutation):
    start, length, insert = mutation
    tmp = Path(tempfile.mkdtemp())
    try:
        root = make_project(tmp, topic=TOPIC[:start] + insert + TOPIC[start + length :])
        result = load_project(root)
        findings = list(result.findings)
        if result.bank is not None:
            findings += check_bank(result.bank)
        for f in findings:
            assert isinstance(f, Finding)
            assert f.place.line >= 1 and f.code.startswith("QG")
    finally:
        shutil.rmtree(tmp)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80), st.text(max_size=80), st.text(max_size=40))
def test_checker_on_arbitrary_statement_quote_and_answer(statement, quote, answer):
    import json

    tmp = Path(tempfile.mkdtemp())
    try:
        topic = (
            "title: T\nfacts:\n  - id: f\n    category: numbers\n"
            f"    statement: {json.dumps(statement)}\n"
            f"    citations:\n      - source: wire\n        quote: {json.dumps(quote)}\n"
            f"    questions:\n      - id: q\n        type: short_answer\n"
            f"        prompt: {json.dumps(statement)}\n        answer: {json.dumps(answer)}\n"
        )
        root = make_project(tmp, topic=topic)
        result = load_project(root)
        if result.bank is not None:
            check_bank(result.bank)
    finally:
        shutil.rmtree(tmp)
