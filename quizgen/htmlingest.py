"""Ingest of a saved web page (``.html``): the article's main text and what the page says
about itself.

The main text is found by trafilatura, which drops navigation, share bars, asides, comments,
footers and cookie notices; the result then goes through the same furniture filter as a
``.txt`` page (:func:`quizgen.sources.ingest_text`), so "Advertisement", "(END)" or a
copyright tail left inside the article body go too. The article's own words are kept as the
page prints them; only the HTML white space between them is settled (one blank line between
paragraphs).

Metadata is taken only as the page states it — never guessed from the web address:

- ``title``: the page's headline (``og:title``, ``<title>`` without the site suffix, ``<h1>``);
- ``byline``: the author the page names (meta ``author``, JSON-LD, a byline element, or a
  "By ..." line in the text);
- ``published``: the publication time the page's markup states (``article:published_time``,
  JSON-LD ``datePublished``, ``<time datetime>``), to the precision given and with its time
  zone; else the date found in the page's markup, without searching the running text;
- ``publisher``: the site name the page states (``og:site_name``, JSON-LD publisher,
  application name, a site named in the title), else a "(C) ... All rights reserved" line;
  a name made up from the domain is not used;
- ``url``: the page's canonical address (``<link rel="canonical">`` or ``og:url``).
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from quizgen.errors import UsageError
from quizgen.sources import Ingested, ingest_text

#: markup that states when an article was published, most specific first
_PUBLISHED_XPATHS = (
    '//meta[@property="article:published_time"]/@content',
    '//meta[@name="article:published_time"]/@content',
    '//meta[@itemprop="datePublished"]/@content',
    '//time[@itemprop="datePublished"]/@datetime',
    '//*[@itemprop="datePublished"]/@datetime',
    '//meta[@property="og:published_time"]/@content',
    '//meta[@name="pubdate"]/@content',
    '//meta[@name="publishdate"]/@content',
    '//meta[@name="publish-date"]/@content',
    '//meta[@name="parsely-pub-date"]/@content',
    '//meta[@name="dcterms.created"]/@content',
    '//meta[@name="DC.date.issued"]/@content',
    '//time[@pubdate]/@datetime',
)


def _trafilatura():
    try:
        import trafilatura
    except ImportError as exc:  # a broken or missing install; say how to mend it
        raise UsageError(
            "reading .html pages needs the trafilatura package, which could not be imported "
            f"({exc}); install it with: pip install 'trafilatura>=1.12' lxml_html_clean — or save "
            "the page as .txt and add that"
        ) from None
    return trafilatura


def _iso(value: str) -> str | None:
    """``value`` as ISO 8601 if it is a full date or date-time (time zone kept), else None."""
    text = value.strip()
    if not text:
        return None
    try:
        if len(text) <= 10:
            return date.fromisoformat(text).isoformat()
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return None


def _json_ld_dates(tree: Any) -> list[str]:
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            value = node.get("datePublished")
            if isinstance(value, str):
                found.append(value)
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            walk(json.loads(script))
        except ValueError:
            continue
    return found


def stated_published(tree: Any) -> str | None:
    """The publication date-time the page's markup states, as precisely as it states it."""
    candidates: list[str] = []
    for xpath in _PUBLISHED_XPATHS[:3]:
        candidates += [str(v) for v in tree.xpath(xpath)]
    candidates += _json_ld_dates(tree)
    for xpath in _PUBLISHED_XPATHS[3:]:
        candidates += [str(v) for v in tree.xpath(xpath)]
    for value in candidates:
        iso = _iso(value)
        if iso is not None:
            return iso
    return None


def _paragraphs(text: str) -> str:
    """One paragraph per block, a blank line between blocks, inner white space as printed."""
    blocks = [line.strip() for line in text.split("\n")]
    return "\n\n".join(b for b in blocks if b) + "\n"


def _sitename(meta: Any) -> str | None:
    """The site name the page states; None when trafilatura could only derive it from the
    page's address (that would be a guess, and a publisher is never guessed)."""
    name = (meta.sitename or "").strip()
    if not name:
        return None
    hosts = {(meta.hostname or "").strip().casefold()}
    m = re.match(r"https?://(?:www\.|w[0-9]+\.)?([^/:?#]+)", (meta.url or "").strip())
    if m:
        hosts.add(m.group(1).casefold())
    hosts |= {h.removeprefix("www.") for h in hosts}
    if name.casefold().removeprefix("www.") in hosts - {""}:
        return None
    return name


def ingest_html(page: str | bytes) -> Ingested:
    """Clean a saved web page: its main text, furniture removed, and its stated metadata.

    ``page`` may be bytes (the file as saved, its encoding found from the page) or text.
    """
    trafilatura = _trafilatura()
    from trafilatura.utils import load_html

    tree = load_html(page)
    if tree is None:
        raise UsageError("the page could not be read as HTML")
    doc = trafilatura.bare_extraction(
        tree,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    # trafilatura falls back to any text at all ("Home"); an article has at least one
    # sentence-like line (five words, or forty characters in scripts without spaces)
    if not any(len(ln.split()) >= 5 or len(ln.strip()) >= 40 for ln in body.splitlines()):
        raise UsageError("no article text found in the page; save the article's text as .txt "
                         "and add that instead")
    cleaned = ingest_text(_paragraphs(body))
    # re-read the page for the date: bare_extraction may have pruned the tree it was given
    full = load_html(page)
    published = stated_published(full) if full is not None else None
    if published is None and doc.date:
        published = _iso(str(doc.date))
    title = (doc.title or "").strip() or cleaned.title
    byline = (doc.author or "").strip() or cleaned.byline
    publisher = _sitename(doc) or cleaned.publisher
    url = (doc.url or "").strip() or None
    if url is not None and not re.match(r"^https?://", url):
        url = None
    return Ingested(
        text=cleaned.text,
        title=title,
        byline=byline,
        publisher=publisher,
        published=published,
        removed=cleaned.removed,
        url=url,
    )
