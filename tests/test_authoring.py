"""The authoring workflow: a new user's own event, from saved articles to a checked bank and a
deck — init, sources add (HTML), sources list, suggest, stats, and the build's progress line."""

from __future__ import annotations

import io
import json
import re
import time
from datetime import date
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizgen.bank import load_project
from quizgen.build import Output
from quizgen.htmlingest import ingest_html
from quizgen.model import Place, Source
from quizgen.progress import Progress
from quizgen.render import default_templates
from quizgen.sources import load_source, text_sha256
from quizgen.stats import compute_stats
from quizgen.suggest import sentences, suggest_facts
from quizgen.textmatch import locate, normalize
from tests.conftest import TOPIC, run, write_source

#: a saved news page with everything around the article a reader never needs
PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Town council agrees to rebuild the old bridge | Riverside Courier</title>
<meta property="og:title" content="Town council agrees to rebuild the old bridge">
<meta property="og:site_name" content="Riverside Courier">
<meta name="author" content="Jane Smith">
<meta property="article:published_time" content="2026-03-04T09:30:00+01:00">
<link rel="canonical" href="https://courier.example/news/bridge">
</head>
<body>
<div id="cookie-banner" class="cookie-notice">We use cookies to improve your experience.
  <button>Accept all cookies</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
  <li><a href="/sport">Sport</a></li></ul></nav></header>
<main>
<article>
<h1>Town council agrees to rebuild the old bridge</h1>
<p class="byline">By Jane Smith</p>
<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a>
  <a href="#">Email this story</a></div>
<p>RIVERSIDE, March 4 -- The Riverside town council voted 7 to 2 on Tuesday to rebuild the
Mill Street bridge, which was closed in 2024 after inspectors found cracks in its supports.</p>
<p>The work will cost 4.2 million euros and is due to finish in September 2027, the council
said in a statement.</p>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Floods close the ring
road</a></li><li><a href="/b">New mayor sworn in</a></li></ul></aside>
<p>Mayor Anna Berg signed the contract with Nordbau, a construction firm based in Hamburg,
after the vote. "We have waited long enough," she said.</p>
<p>About 12,000 vehicles crossed the bridge each day before it was closed.</p>
</article>
</main>
<footer><p>&copy; 2026 Riverside Courier. All rights reserved.</p>
<a href="/privacy">Privacy policy</a> <a href="/contact">Contact us</a></footer>
</body>
</html>
"""

FURNITURE = ("cookies", "Accept all", "Home", "Sport", "Share on", "Email this story",
             "Related stories", "Floods close", "New mayor sworn", "Privacy policy",
             "Contact us", "All rights reserved", "By Jane Smith")


# --- init -----------------------------------------------------------------------------------


def test_init_makes_a_bank_that_passes_check_strictly(runner, tmp_path):
    target = tmp_path / "floods"
    result = run(runner, "init", str(target), "--title", "The March floods")
    assert result.exit_code == 0, result.output
    assert "quizgen sources add" in result.output  # says what to do next
    bank = yaml.safe_load((target / "questions/bank.yaml").read_text(encoding="utf-8"))
    assert bank["title"] == "The March floods" and bank["id"] == "the-march-floods"
    assert bank["topics"] == ["example"]
    # the example articles say they are made up, in their own text
    for path in (target / "questions/sources").glob("*.md"):
        source, findings = load_source(path, path.name)
        assert source is not None and not findings
        assert "made-up article" in source.text and "not news" in source.text
    checked = run(runner, "check", "--strict", "-C", str(target))
    assert checked.exit_code == 0, checked.output
    assert "0 error(s), 0 warning(s)" in checked.output


def test_init_copies_the_default_templates(runner, tmp_path):
    run(runner, "init", str(tmp_path / "b"))
    base = default_templates()
    expected = {p.relative_to(base).as_posix() for p in base.rglob("*")
                if p.is_file() and p.name != "__init__.py" and "__pycache__" not in p.parts}
    copied = {p.relative_to(tmp_path / "b/templates").as_posix()
              for p in (tmp_path / "b/templates").rglob("*") if p.is_file()} \
        if (tmp_path / "b/templates").is_dir() else set()
    assert copied == expected
    for rel in expected:
        assert (tmp_path / "b/templates" / rel).read_bytes() == (base / rel).read_bytes()


def test_init_in_a_folder_with_other_files_and_a_title_in_any_script(runner, tmp_path):
    target = tmp_path / "class-7b"
    target.mkdir()
    (target / "notes.txt").write_text("my notes", encoding="utf-8")
    result = run(runner, "init", str(target), "--title", "나라 정상회담")
    assert result.exit_code == 0, result.output
    bank = yaml.safe_load((target / "questions/bank.yaml").read_text(encoding="utf-8"))
    assert bank["title"] == "나라 정상회담" and bank["id"] == "class-7b"
    assert (target / "notes.txt").read_text(encoding="utf-8") == "my notes"
    assert run(runner, "check", "-C", str(target)).exit_code == 0


def test_init_never_overwrites(runner, tmp_path):
    target = tmp_path / "b"
    assert run(runner, "init", str(target)).exit_code == 0
    topic = target / "questions/example.yaml"
    topic.write_text("title: mine\nfacts: []\n", encoding="utf-8")
    again = run(runner, "init", str(target))
    assert again.exit_code == 2
    assert "already holds a bank" in again.output and "nothing was written" in again.output
    assert topic.read_text(encoding="utf-8") == "title: mine\nfacts: []\n"


def test_init_refuses_when_one_file_it_would_write_exists(runner, tmp_path):
    target = tmp_path / "b"
    (target / "questions/sources").mkdir(parents=True)
    mine = target / "questions/sources/example-gazette.md"
    mine.write_text("my own file", encoding="utf-8")
    result = run(runner, "init", str(target))
    assert result.exit_code == 2 and "example-gazette.md already exists" in result.output
    assert mine.read_text(encoding="utf-8") == "my own file"
    assert not (target / "questions/bank.yaml").exists()


def test_init_example_fails_check_when_a_quote_is_changed(runner, tmp_path):
    # the example is a real check, not decoration: a one-digit change is caught
    target = tmp_path / "b"
    run(runner, "init", str(target))
    topic = target / "questions/example.yaml"
    topic.write_text(topic.read_text(encoding="utf-8").replace(
        "cost 6.5 million dollars, the town said", "cost 6.7 million dollars, the town said"),
        encoding="utf-8")
    result = run(runner, "check", "-C", str(target))
    assert result.exit_code == 1 and "QG101" in result.output


# --- HTML ingest ----------------------------------------------------------------------------


def test_html_main_text_without_furniture():
    ing = ingest_html(PAGE.encode("utf-8"))
    for word in FURNITURE:
        assert word not in ing.text, word
    # the article's paragraphs, in order, words as printed (the page's line breaks are
    # only HTML white space)
    paragraphs = ing.text.strip().split("\n\n")
    assert paragraphs[0] == "Town council agrees to rebuild the old bridge"
    assert paragraphs[1].startswith("RIVERSIDE, March 4 -- The Riverside town council voted")
    assert "4.2 million euros" in ing.text
    assert '"We have waited long enough," she said.' in ing.text
    assert paragraphs[-1] == "About 12,000 vehicles crossed the bridge each day before it was closed."


def test_html_metadata_as_the_page_states_it():
    ing = ingest_html(PAGE)
    assert ing.title == "Town council agrees to rebuild the old bridge"  # no site suffix
    assert ing.byline == "Jane Smith"
    assert ing.publisher == "Riverside Courier"
    assert ing.published == "2026-03-04T09:30:00+01:00"  # time and zone kept
    assert ing.url == "https://courier.example/news/bridge"


def test_html_publisher_not_guessed_from_the_address():
    page = """<html><head><title>Mine reopens after ten years</title>
    <link rel="canonical" href="https://www.localnews.example/story/1"></head>
    <body><article><p>The old copper mine outside the town reopened on Monday after ten years,
    its new owners said, with 120 workers hired for the first shift.</p></article></body></html>"""
    ing = ingest_html(page)
    assert ing.publisher is None  # the page names no site; its domain is not a name
    assert ing.published is None  # and states no date
    assert ing.url == "https://www.localnews.example/story/1"


def test_sources_add_says_what_the_page_does_not_state(runner, project, tmp_path):
    page = tmp_path / "mine.html"
    page.write_text("""<html><head><title>Mine reopens after ten years</title></head><body>
    <article><p>The old copper mine outside the town reopened on Monday after ten years, its
    new owners said.</p></article></body></html>""", encoding="utf-8")
    result = run(runner, "sources", "add", str(page), "--id", "mine", "-C", str(project))
    assert result.exit_code == 0, result.output
    assert "not stated on the page: byline, published, publisher" in result.output
    source, _ = load_source(project / "questions/sources/mine.md", "mine.md")
    assert (source.byline, source.published, source.publisher) == (None, None, None)


def test_html_json_ld_date_and_page_encoding():
    page = """<html><head><meta charset="euc-kr"><title>서울 회담</title>
    <script type="application/ld+json">{"@type": "NewsArticle",
      "datePublished": "2026-01-13T17:53:02+09:00"}</script></head>
    <body><article><p>이재명 대통령은 13일 일본 나라에서 다카이치 사나에 총리와 정상회담을 가졌다.
    두 정상은 조세이 탄광 유해 발굴에 협력하기로 합의했다.</p></article></body></html>"""
    ing = ingest_html(page.encode("euc-kr"))
    assert "조세이 탄광 유해 발굴에 협력하기로 합의했다." in ing.text
    assert ing.published == "2026-01-13T17:53:02+09:00"


def test_html_without_article_text_is_a_clear_error(runner, project, tmp_path):
    page = tmp_path / "empty.html"
    page.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    result = run(runner, "sources", "add", str(page), "-C", str(project))
    assert result.exit_code == 2
    assert "empty.html" in result.output and "no article text" in result.output
    assert "Traceback" not in result.output


def test_html_without_trafilatura_says_how_to_mend_it(runner, project, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import fails, as when missing
    page = tmp_path / "bridge.html"
    page.write_text(PAGE, encoding="utf-8")
    result = run(runner, "sources", "add", str(page), "-C", str(project))
    assert result.exit_code == 2
    assert "bridge.html" in result.output and "pip install" in result.output
    assert "save the page as .txt" in result.output


def test_sources_add_html_fills_front_matter(runner, project, tmp_path):
    page = tmp_path / "bridge.html"
    page.write_text(PAGE, encoding="utf-8")
    result = run(runner, "sources", "add", str(page), "-C", str(project))
    assert result.exit_code == 0, result.output
    # the id comes from the title, short enough to type
    path = project / "questions/sources/town-council-agrees-to-rebuild-the-old.md"
    assert "added questions/sources/town-council-agrees-to-rebuild-the-old.md" in result.output
    assert "not stated" not in result.output
    source, findings = load_source(path, "x.md")
    assert source is not None and not findings
    assert (source.title, source.byline, source.publisher, source.url) == (
        "Town council agrees to rebuild the old bridge", "Jane Smith", "Riverside Courier",
        "https://courier.example/news/bridge")
    assert source.published.isoformat() == "2026-03-04T09:30:00+01:00"
    assert source.sha256 == text_sha256(source.text)
    # the same title again: refused, and told how to add a different article under its own id
    again = run(runner, "sources", "add", str(page), "-C", str(project))
    assert again.exit_code == 2 and "--id" in again.output and "--force" in again.output


# --- sources list -----------------------------------------------------------------------------


def test_sources_list_counts_citing_facts(runner, project):
    write_source(project, "unused", "Nothing here is cited by any fact at all.\n")
    result = run(runner, "sources", "list", "-C", str(project))
    assert result.exit_code == 0, result.output
    rows = {ln.split()[0]: ln.split() for ln in result.output.splitlines()[2:]}
    # wire is cited by both facts, other by one, unused by none
    assert rows["wire"][1:3] == ["2", "0"]
    assert rows["other"][1:3] == ["1", "0"]
    assert rows["unused"][1:3] == ["0", "0"]
    as_json = json.loads(run(runner, "sources", "list", "--format", "json", "-C",
                             str(project)).output)
    assert {s["id"]: s["facts"] for s in as_json} == {"other": 1, "unused": 0, "wire": 2}


# --- suggest ----------------------------------------------------------------------------------

ARTICLE = """\
Leaders agree on mine remains

NARA, Japan, Jan. 13 (Wire) -- President Lee Jae Myung met Prime Minister Sanae Takaichi in
Nara on Tuesday for their second summit.

The two sides agreed to recover remains from the Chosei undersea coal mine, where a flood in
1942 killed 183 people, including 136 Korean forced laborers.

"We must face history squarely," Lee told reporters after the meeting.

Both leaders pledged to hold such talks every year. They later visited a temple in Ikaruga.

The meeting lasted about an hour and a half. Officials from both governments will meet
again on Feb. 20 to discuss the details.

It was a cold day.
"""


def _wire(tmp_path: Path):
    path = write_source(tmp_path, "wire", ARTICLE)
    source, _ = load_source(path, "questions/sources/wire.md")
    return source


def test_sentences_respect_abbreviations_and_paragraphs():
    text = "Lee met Gov. Kim in the U.S. on Jan. 13. He left.\n\nA new one. And \"a quote.\" Done"
    got = [text[s:e] for s, e in sentences(text)]
    assert got == ["Lee met Gov. Kim in the U.S. on Jan. 13.", "He left.", "A new one.",
                   "And \"a quote.\"", "Done"]


def test_suggest_finds_figures_dates_places_agreements(tmp_path):
    source = _wire(tmp_path)
    result = suggest_facts(source)
    by_quote = {s.quote: s for s in result.suggestions}
    flood = next(s for q, s in by_quote.items() if "183 people" in q)
    assert flood.category == "casualties" and "183" in flood.found
    pledge = next(s for q, s in by_quote.items() if "pledged" in q)
    assert pledge.category == "agreements"
    temple = next(s for q, s in by_quote.items() if "Ikaruga" in q)
    assert temple.category == "venues"
    summit = next(s for q, s in by_quote.items() if q.startswith("NARA, Japan"))
    assert summit.category == "dates"
    meeting = next(s for q, s in by_quote.items() if "Feb. 20" in q)
    assert meeting.category == "dates"
    said = next(s for q, s in by_quote.items() if "face history" in q)
    assert said.category == "quotes"
    # a headline (no full stop) and a sentence with nothing to ask about are left out
    assert not any(q.startswith("Leaders agree") or "cold day" in q for q in by_quote)
    # every quote is verbatim: located in the article, at the line given
    src = normalize(source.text)
    for s in result.suggestions:
        loc = locate(s.quote, src)
        assert loc is not None, s.quote
        assert source.line_of(loc.start) == s.line


_WORDS = st.sampled_from([
    "The", "council", "agreed", "signed", "pledged", "in", "Nara", "on", "Jan.", "13", "1,200",
    "4.2", "million", "killed", "183", "people", '"We', 'will,"', "said", "Lee", "U.S.", "--",
    "\u2014", "\u201cquoted words here\u201d", "Mr.", "2026", "talks", "at", "met", "...",
    "\u2026", "\ud55c\uad6d\uc740", "\u5408\u610f\u3057\u305f\u3002", "soft\u00adhyphen",
    "caf\u00e9", "e.g.", "3", "p.m.", "\n", "\u00a0", "\t", "Yonhap)", "(Wire", "a\x7fb", "#", ":", "'", "[[x]]",
])
_TEXTS = st.lists(st.lists(_WORDS, min_size=1, max_size=40).map(" ".join), min_size=1,
                  max_size=6).map(lambda ps: "\n\n".join(p + "." for p in ps) + "\n")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS)
def test_suggested_quotes_are_always_verbatim_and_valid_yaml(text):
    source = Source(id="s", title="t", publisher=None, byline=None,
                    published=date(2026, 1, 13), url=None, origin=None, sha256="", text=text,
                    place=Place("s.md"))
    result = suggest_facts(source)
    src = normalize(text)
    for s in result.suggestions:
        assert locate(s.quote, src) is not None, s.quote
    drafts = yaml.safe_load(result.to_yaml()) or []
    assert [d["citations"][0]["quote"] for d in drafts] == [s.quote for s in result.suggestions]
    assert all(d["statement"] is None for d in drafts)


ACCIDENT = """\
WESTHAVEN -- A wooden footbridge over the Mill River collapsed on Saturday evening.

The bridge gave way at 8:42 p.m., when about 35 people were crossing it.

Fourteen people were taken to St. Anne's Hospital, two of them with serious injuries.

Sixteen people were hurt in a similar collapse upstream.

The two leaders of the council visited the site.

The blast happened at about 9:40 a.m., before the market opened.

The mayor described the collapse as "a terrible shock for the whole town."
"""


def test_suggest_reads_spelled_numbers_times_and_datelines(tmp_path):
    path = write_source(tmp_path, "echo", ACCIDENT, published="2026-03-15")
    source, _ = load_source(path, "echo.md")
    by_quote = {s.quote: s for s in suggest_facts(source).suggestions}
    # spelled-out figures of the injured are the main fact of the article
    injured = by_quote["Fourteen people were taken to St. Anne's Hospital, two of them with "
                       "serious injuries."]
    assert injured.category == "casualties"
    assert injured.found[:2] == ("Fourteen", "two")
    assert injured.question_idea == "a numeric question whose answer is Fourteen"
    assert by_quote["Sixteen people were hurt in a similar collapse upstream."].category == \
        "casualties"
    # a clock time is not three numbers
    time = by_quote["The bridge gave way at 8:42 p.m., when about 35 people were crossing it."]
    assert time.found[0] == "35" and "8" not in time.found and "42" not in time.found
    assert time.question_idea == "a numeric question whose answer is 35"
    # "A" after a dateline opens the sentence: it is not a name
    dateline = next(s for q, s in by_quote.items() if q.startswith("WESTHAVEN"))
    assert "A" not in dateline.found
    # "the two leaders" states no figure worth a question
    assert "The two leaders of the council visited the site." not in by_quote
    # a time of day is something to ask about, and so are words quoted
    blast = by_quote["The blast happened at about 9:40 a.m., before the market opened."]
    assert blast.category == "dates"
    assert blast.question_idea == "a question whose answer is the time (9:40 a.m.)"
    assert by_quote['The mayor described the collapse as "a terrible shock for the whole '
                    'town."'].category == "quotes"


def test_suggest_limit(runner, project):
    write_source(project, "wire2", ARTICLE, publisher="Second Wire")
    out = run(runner, "suggest", "wire2", "--limit", "2", "-C", str(project))
    assert out.exit_code == 0 and len(yaml.safe_load(out.stdout)) == 2


def test_suggest_cuts_a_long_sentence_to_the_clause_with_the_detail(tmp_path):
    long = ("Speaking at length about the many shared concerns of the two neighbouring "
            "countries, about trade, tourism, culture and the exchange of students, and "
            "about the need for patience on both sides in the years ahead, the minister, "
            "who had travelled overnight, said that 4,500 students would take part in the "
            "new exchange programme, which both cabinets approved earlier in the week.\n")
    path = write_source(tmp_path, "long", long)
    source, _ = load_source(path, "long.md")
    [s] = suggest_facts(source).suggestions
    assert "4,500 students" in s.quote and len(s.quote) < len(long.strip())
    assert locate(s.quote, normalize(source.text)) is not None


def test_suggest_yaml_pastes_into_a_topic_and_check_demands_a_statement(runner, project):
    write_source(project, "wire2", ARTICLE, publisher="Second Wire")
    out = run(runner, "suggest", "wire2", "-C", str(project))
    assert out.exit_code == 0, out.output
    yaml_text = out.stdout
    drafts = yaml.safe_load(yaml_text)
    assert drafts and all(d["statement"] is None for d in drafts)
    assert "TODO" in yaml_text
    assert all(d["citations"][0]["source"] == "wire2" for d in drafts)
    # pasted as printed under facts:, the drafts fail check until statements are written
    topic = project / "questions/drafts.yaml"
    topic.write_text("title: Drafts\nfacts:\n" + yaml_text, encoding="utf-8")
    bank_yaml = project / "questions/bank.yaml"
    bank_yaml.write_text(bank_yaml.read_text().replace("topics: [summit]",
                                                       "topics: [summit, drafts]"))
    unfinished = run(runner, "check", "-C", str(project))
    assert unfinished.exit_code == 1
    assert unfinished.output.count("is missing 'statement'") == len(drafts)
    assert "QG101" not in unfinished.output  # every quote is found
    # statements written in plain words: the check passes
    topic.write_text("title: Drafts\nfacts:\n" + yaml_text.replace(
        "statement:  # TODO", "statement: what the quote says.  # TODO"), encoding="utf-8")
    finished = run(runner, "check", "-C", str(project))
    assert finished.exit_code == 0, finished.output


def test_suggest_leaves_out_sentences_already_cited_and_writes_nothing(runner, project):
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    out = run(runner, "suggest", "wire", "-C", str(project))
    assert out.exit_code == 0
    quotes = [d["citations"][0]["quote"] for d in yaml.safe_load(out.stdout) or []]
    # the flood sentence and the Nara sentence are cited by the bank's facts already
    assert not any("183 people" in q or "NARA, Japan" in q for q in quotes)
    assert "2 sentence(s) that facts already cite are left out" in out.stdout
    assert "Japan ruled Korea in 1910-45." in quotes
    after = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    assert after == before


def test_suggest_ids_do_not_clash_with_the_bank(runner, project):
    topic = project / "questions/summit.yaml"
    topic.write_text(TOPIC.replace("id: summit-place", "id: wire-s3"), encoding="utf-8")
    drafts = yaml.safe_load(run(runner, "suggest", "wire", "-C", str(project)).stdout) or []
    ids = [d["id"] for d in drafts]
    assert "wire-s3" not in ids and len(ids) == len(set(ids))


def test_suggest_unknown_source(runner, project):
    result = run(runner, "suggest", "wier", "-C", str(project))
    assert result.exit_code == 2
    assert "no source 'wier'" in result.output and "did you mean 'wire'" in result.output


# --- stats ------------------------------------------------------------------------------------

DISPUTED = TOPIC.replace(
    """    questions:
      - id: flood-deaths-n""",
    """    disputes:
      - source: other
        quote: "Both governments will recover remains"
        note: A test dispute.
    questions:
      - id: flood-deaths-n""",
)


def test_stats_counts(project):
    write_source(project, "unused", "Nothing here is cited by any fact at all.\n")
    (project / "questions/summit.yaml").write_text(DISPUTED, encoding="utf-8")
    loaded = load_project(project)
    stats = compute_stats(loaded.bank)
    assert [(t.name, t.facts, t.questions) for t in stats.topics] == [("summit", 2, 6)]
    assert [(c.name, c.facts, c.questions) for c in stats.categories] == [
        ("casualties", 1, 4), ("venues", 1, 2)]
    assert stats.question_types == {"basic": 1, "numeric": 1, "short_answer": 1,
                                    "multiple_choice": 1, "true_false": 1, "cloze": 1}
    # flood-deaths cites two publishers, summit-place one
    assert stats.corroboration == {2: 1, 1: 1}
    assert [(s.fact, s.sources) for s in stats.single_source] == [("summit-place", ("wire",))]
    assert [(d.fact, d.source, d.note) for d in stats.disputes] == [
        ("flood-deaths", "other", "A test dispute.")]
    assert stats.uncited == ["unused"]


def test_two_outlets_of_one_agency_are_one_origin(project):
    write_source(project, "other", "Both governments will recover remains of 183 individuals, "
                 "including 136 Korean forced laborers,\nfrom the Chosei undersea coal mine, "
                 "who perished in a 1942 flood.\n", publisher="Other Paper", origin="Wire")
    write_source(project, "wire", (project / "questions/sources/wire.md").read_text()
                 .split("---\n", 2)[2], origin="Wire")
    stats = compute_stats(load_project(project).bank)
    assert stats.corroboration == {1: 2}


def test_stats_formats(runner, project):
    text = run(runner, "stats", "-C", str(project))
    assert text.exit_code == 0, text.output
    assert re.search(r"summit\s+The summit\s+2\s+6", text.output)
    assert re.search(r"Single-source facts:\n.*\n.*\n\s+summit-place\s+summit\s+Publisher wire",
                     text.output)
    assert "Sources never cited: none" in text.output
    data = json.loads(run(runner, "stats", "--format", "json", "-C", str(project)).output)
    assert data["facts"] == 2 and data["questions"] == 6
    assert data["corroboration"] == {"1": 1, "2": 1}
    md = run(runner, "stats", "--format", "markdown", "-C", str(project)).output
    assert "| summit | The summit | 2 | 6 |" in md
    assert "| topic | title | facts | questions |\n| --- | --- | ---: | ---: |" in md


def test_stats_says_when_part_of_the_bank_did_not_load(runner, project):
    topic = project / "questions/summit.yaml"
    topic.write_text(TOPIC.replace("    category: venues\n", "    category: venues\n    colour: red\n"),
                     encoding="utf-8")
    result = run(runner, "stats", "-C", str(project))
    assert result.exit_code == 0
    assert "1 error(s) while loading" in result.stderr and "quizgen check" in result.stderr
    assert "2 fact(s)" in result.stdout  # the fact with the typo still loads; it is counted


def test_stats_on_a_bank_that_cannot_load(runner, tmp_path):
    (tmp_path / "questions").mkdir()
    (tmp_path / "questions/bank.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    result = run(runner, "stats", "-C", str(tmp_path))
    assert result.exit_code == 1
    assert "questions/bank.yaml:" in result.output and "QG001" in result.output


# --- build progress -------------------------------------------------------------------------


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_draws_on_a_terminal_and_clears_after(monkeypatch):
    monkeypatch.delenv("TERM", raising=False)
    stream = FakeTerminal()
    with Progress("quizgen build", stream, delay=0, interval=0.01) as p:
        p.stage("rendering anki")
        deadline = time.monotonic() + 5
        while "rendering anki" not in stream.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)
    shown = stream.getvalue()
    assert "quizgen build: rendering anki (" in shown
    assert shown.endswith("\r\x1b[2K")  # the line is erased when the work ends


def test_progress_is_silent_when_not_a_terminal():
    stream = io.StringIO()
    with Progress("quizgen build", stream, delay=0, interval=0.01) as p:
        p.stage("rendering anki")
        time.sleep(0.05)
    assert stream.getvalue() == ""


def test_progress_is_silent_for_short_work():
    stream = FakeTerminal()
    with Progress("quizgen build", stream, delay=5) as p:
        p.stage("rendering anki")
    assert stream.getvalue() == ""


def _sleepy_render(bank, ctx):
    time.sleep(1.0)
    return {"sleepy.txt": b"done\n"}


def test_build_on_a_terminal_shows_a_status_line_on_stderr(runner, project, monkeypatch):
    import quizgen.build
    import quizgen.progress

    monkeypatch.setattr(quizgen.build, "OUTPUTS",
                        [Output("sleepy", "tests.test_authoring:_sleepy_render")])
    monkeypatch.setattr(quizgen.progress, "is_terminal", lambda stream: True)
    result = run(runner, "build", "-C", str(project))
    assert result.exit_code == 0, result.output
    assert "quizgen build: rendering sleepy (" in result.stderr
    assert result.stderr.split("\r\x1b[2K")[-1].startswith("quizgen build: 0 error(s)")  # erased; then the summary
    assert "\r" not in result.stdout and result.stdout.startswith("wrote 1 file(s)")


def test_build_output_has_no_progress_when_piped(runner, project, monkeypatch):
    import quizgen.build

    monkeypatch.setenv("QUIZGEN_TEST_FILES", "3")
    monkeypatch.setattr(quizgen.build, "OUTPUTS", [Output("slow", "tests.slow_output:render")])
    result = run(runner, "build", "-C", str(project))
    assert result.exit_code == 0, result.output
    assert "\r" not in result.output and "rendering" not in result.output
    assert result.output.strip().endswith("wrote 3 file(s) to " + str(project / "dist"))


# --- the walk: a new user, from nothing to a deck -------------------------------------------


def test_new_user_walk(runner, tmp_path, monkeypatch):
    """init -> sources add (a saved page) -> suggest -> a fact -> check -> build."""
    monkeypatch.chdir(tmp_path)
    assert run(runner, "init", "bridge-bank").exit_code == 0
    monkeypatch.chdir(tmp_path / "bridge-bank")
    assert run(runner, "check").exit_code == 0

    page = tmp_path / "courier.html"
    page.write_text(PAGE, encoding="utf-8")
    added = run(runner, "sources", "add", str(page), "--id", "courier")
    assert added.exit_code == 0, added.output
    stored = Path("questions/sources/courier.md").read_text(encoding="utf-8")
    assert "publisher: Riverside Courier" in stored and "Share on" not in stored
    assert re.search(r"^courier\s+0\s+0\s+2026-03-04T09:30:00\+01:00\s+Riverside Courier",
                     run(runner, "sources", "list").output, re.M)

    drafts = run(runner, "suggest", "courier").stdout
    # the README shows this very draft: it must be what suggest prints
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    shown = next(b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "TODO" in b)
    assert shown in drafts
    # the draft for the cost: its lines, pasted as printed
    block = next(b for b in drafts.split("\n\n") if "4.2 million euros" in b)
    block = block[block.index("  - id:"):]
    fact_id = re.search(r"- id: (\S+)", block).group(1)
    assert re.search(r"category: numbers", block)
    written = block.replace(
        "statement:  # TODO: write what the quote says, in your own words",
        "statement: Rebuilding the bridge will cost 4.2 million euros.")
    Path("questions/bridge.yaml").write_text(
        "title: The bridge\nintro: What the council decided.\nfacts:\n" + written.rstrip() + "\n"
        + "    questions:\n"
        "      - id: bridge-cost\n"
        "        type: numeric\n"
        "        prompt: How much will rebuilding the bridge cost, in millions of euros?\n"
        "        answer: 4.2\n"
        "        unit: million euros\n",
        encoding="utf-8")
    bank_yaml = Path("questions/bank.yaml")
    bank_yaml.write_text(bank_yaml.read_text().replace("- example", "- example\n- bridge"))

    checked = run(runner, "check")
    assert checked.exit_code == 0, checked.output
    assert f"fact '{fact_id}' rests on a single origin (Riverside Courier)" in checked.output
    stats = run(runner, "stats").output
    assert re.search(r"bridge\s+The bridge\s+1\s+1", stats)
    assert re.search(r"^courier\s+1\s+0", run(runner, "sources", "list").output, re.M)

    built = run(runner, "build")
    assert built.exit_code == 0, built.output
    assert run(runner, "build", "--check").exit_code == 0
    files = sorted(p.relative_to("dist").as_posix() for p in Path("dist").rglob("*")
                   if p.is_file())
    # the deck, the handouts and their answer keys, the example's and the new topic's
    assert {"bridge-bank.apkg", "index.html", "html/bridge.html", "html/bridge-key.html",
            "html/example.html", "html/example-key.html"} <= set(files)
    handout = Path("dist/html/bridge.html").read_text(encoding="utf-8")
    assert "Rebuilding the bridge will cost 4.2 million euros." in handout
    assert "Riverside Courier" in handout  # the citation names the publisher the page stated
    # the deck opens in Anki, the new question among the example's
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    col = Collection(str(tmp_path / "learner.anki2"))
    try:
        col.import_anki_package(ImportAnkiPackageRequest(
            package_path=str(Path("dist/bridge-bank.apkg").resolve()),
            options=ImportAnkiPackageOptions()))
        fronts = [col.get_card(cid).question() for cid in col.find_cards("")]
    finally:
        col.close()
    assert len(fronts) == 6  # five example questions and the new one
    assert any("How much will rebuilding the bridge cost" in f for f in fronts)
    # an edited bank makes dist/ stale, and build --check says so with exit 1
    Path("questions/bridge.yaml").write_text(Path("questions/bridge.yaml").read_text()
                                             .replace("The bridge", "The Mill Street bridge"))
    stale = run(runner, "build", "--check")
    assert stale.exit_code == 1 and "dist/ is out of date" in stale.output
