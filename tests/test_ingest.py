"""Ingest of raw page text: furniture out, the article's own words untouched."""

from __future__ import annotations

import pytest

from quizgen.sources import ingest_text, load_source, text_sha256
from tests.conftest import run

PAGE = """\
Skip to content
Menu
Dark Mode
AdSense Advertisement
Advertisement
Leaders meet in the old capital and agree on a new plan
General / 2026-01-13 17:53:02
  \u2022 facebook
  \u2022 twitter
\u25b2 The two leaders shake hands. (Wire)

\u25b2 The two leaders shake hands. (Wire)

Leaders meet in the old capital and agree on a new plan

By Kim Eun-jung

NARA, Japan, Jan. 13 -- The leaders met on Tuesday. They said it was "small but meaningfull."

[See more: Another story entirely]

The teh typo stays, as printed.
Advertisement
Send this to a friend
Comment / Reply From
(END)

(C) Wire Agency. All Rights Reserved
  \u2022 facebook
Legal Disclaimer:
We do not accept any responsibility.
"""


def test_furniture_removed_text_verbatim():
    ing = ingest_text(PAGE)
    text = ing.text
    for furniture in ("Skip to content", "Menu", "Advertisement", "facebook", "twitter",
                      "\u25b2", "See more", "Send this to a friend", "Comment / Reply",
                      "(END)", "All Rights Reserved", "Legal Disclaimer", "responsibility"):
        assert furniture not in text, furniture
    # the headline appears once, the article's words exactly as printed (typos included)
    assert text.count("Leaders meet in the old capital") == 1
    assert 'They said it was "small but meaningfull."' in text
    assert "The teh typo stays, as printed." in text
    assert ing.title == "Leaders meet in the old capital and agree on a new plan"
    assert ing.byline == "Kim Eun-jung"
    assert ing.publisher == "Wire Agency"
    assert ing.published == "2026-01-13T17:53:02"


COUNTY_WIRE = """\
Council news

The council met on Monday. It agreed to rebuild the bridge.

Share this article: Facebook | X | WhatsApp

(Photo caption: The old bridge on Friday. Photo by CWS)

Photo: The new design, as the council showed it.

The work will start in May, the mayor said.

Copyright 2026 County Wire Service. All rights reserved.
Terms of use | Contact us
"""


def test_share_lines_captions_and_copyright_tail_are_removed():
    ing = ingest_text(COUNTY_WIRE)
    for furniture in ("Share this article", "WhatsApp", "Photo caption", "Photo:",
                      "Copyright", "Terms of use"):
        assert furniture not in ing.text, furniture
    assert ing.text == ("Council news\n\nThe council met on Monday. It agreed to rebuild the "
                        "bridge.\n\nThe work will start in May, the mayor said.\n")


@pytest.mark.parametrize("line, publisher", [
    ("Copyright 2026 County Wire Service. All rights reserved.", "County Wire Service"),
    ("\u00a9 2026 County Wire Service. All rights reserved.", "County Wire Service"),
    ("(C) Yonhap News Agency. All Rights Reserved", "Yonhap News Agency"),
    ("Copyright (c) 2025-2026 Millbrook Echo", "Millbrook Echo"),
    ("Copyright \u00a9 2026 Foo Media, Inc.", "Foo Media, Inc"),
    ("\u00a9 Yonhap News Agency. All rights reserved. Redistribution prohibited.",
     "Yonhap News Agency"),
    ("\u00a9 2026 The Korea Herald. Unauthorized reproduction prohibited.", "The Korea Herald"),
    ("Copyright (c) 2026 by Lakeview Gazette", "Lakeview Gazette"),
    ("Copyright 2024 U.S. News & World Report L.P. All rights reserved.",
     "U.S. News & World Report L.P"),
    ("\u00a9 2024 St. Louis Post-Dispatch. All rights reserved.", "St. Louis Post-Dispatch"),
])
def test_publisher_from_the_copyright_line(line, publisher):
    ing = ingest_text(f"A headline that is long enough to be a title\n\nSome text.\n\n{line}\n")
    assert ing.publisher == publisher
    assert ing.text == "A headline that is long enough to be a title\n\nSome text.\n"


@pytest.mark.parametrize("line", ["\u00a9 2026 Getty Images",
                                  "Copyright 2024 filings rose by 12 percent, the office said.",
                                  "(c) 2027 is the deadline for the new bridge."])
def test_a_copyright_line_above_the_end_is_not_the_tail(line):
    # a photo credit, or a sentence, with the story still to come
    text = ("A headline that is long enough to be a title\n\n" + line + "\n\n"
            + "".join(f"Paragraph {n} of the story goes on.\n\n" for n in range(8)))
    ing = ingest_text(text)
    assert "Paragraph 7 of the story" in ing.text and line in ing.text
    assert ing.publisher is None


def test_a_copyright_line_before_a_long_footer_is_the_tail():
    text = ("A headline that is long enough to be a title\n\nThe story, which is long enough.\n"
            "\u00a9 2024 Example News\nAbout us\nContact\nPrivacy Policy\nTerms of Use\nCareers\n"
            "Advertise\nSitemap\n")
    ing = ingest_text(text)
    assert ing.publisher == "Example News"
    assert ing.text == ("A headline that is long enough to be a title\n\n"
                        "The story, which is long enough.\n")


def test_a_wrapped_line_of_company_names_is_text():
    text = ("A headline that is long enough to be a title\n\nThe ministry asked Kakao, Naver,\n"
            "Facebook, Twitter\nand Telegram to remove the posts.\n")
    assert ingest_text(text).text == text


def test_a_sentence_about_copyright_is_text():
    text = ("A headline that is long enough to be a title\n\nCopyright law changed in 2019, "
            "the minister said.\n\nMore text.\n")
    ing = ingest_text(text)
    assert ing.text == text and ing.publisher is None


@pytest.mark.parametrize("text, title", [
    ("Council news\n\nThe council met on Monday.\n", "Council news"),
    ("Millbrook Echo\n\nCouncil news\nBy Jane Smith\n\nThe council met on Monday.\n",
     "Council news"),
    ("Quote test article\n\nMayor Helen Okafor called it \"a terrible shock.\"\n",
     "Quote test article"),
])
def test_a_short_headline_before_the_story_is_the_title(text, title):
    assert ingest_text(text).title == title


def test_publisher_not_guessed():
    ing = ingest_text("A headline that is long enough to be a title\n\nSome text of the story.\n")
    assert ing.publisher is None and ing.byline is None and ing.published is None


def test_sources_add_writes_checked_file(runner, project, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    result = run(runner, "sources", "add", str(page), "--id", "wire2", "-C", str(project),
                 "--origin", "Wire Agency")
    assert result.exit_code == 0, result.output
    path = project / "questions/sources/wire2.md"
    source, findings = load_source(path, "questions/sources/wire2.md")
    assert not [f for f in findings if f.severity == "error"]
    assert source.sha256 == text_sha256(source.text)
    assert source.origin == "Wire Agency" and source.publisher == "Wire Agency"
    # an existing id is never overwritten without --force
    again = run(runner, "sources", "add", str(page), "--id", "wire2", "-C", str(project))
    assert again.exit_code == 2 and "--force" in again.output
    forced = run(runner, "sources", "add", str(page), "--id", "wire2", "-C", str(project),
                 "--force")
    assert forced.exit_code == 0


def test_same_article_twice_is_refused(runner, project, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    assert run(runner, "sources", "add", str(page), "--id", "one", "-C", str(project)).exit_code == 0
    again = run(runner, "sources", "add", str(page), "--id", "two", "-C", str(project))
    assert again.exit_code == 2
    assert "already in the bank as questions/sources/one.md" in again.output


def test_a_pdf_is_refused_with_advice(runner, project, tmp_path):
    pdf = tmp_path / "article.pdf"
    pdf.write_bytes(b"%PDF-1.7 binary")
    result = run(runner, "sources", "add", str(pdf), "-C", str(project))
    assert result.exit_code == 2 and "as a web page or as text" in result.output
