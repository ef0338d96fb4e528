"""Articles: read and write ``sources/<id>.md``, fixity hashes, and ingest of raw page text.

A source file is YAML front matter between two ``---`` lines, then the article text exactly as
the publisher printed it (furniture removed, nothing else changed). ``sha256`` in the front
matter is the hash of that text as UTF-8; when the text no longer matches it, every citation
into the article is suspect and the checker says so.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from quizgen.errors import Finding, key_hint
from quizgen.model import Place, Source
from quizgen.yamlfast import _PLAIN_START, _UNSAFE_RE, _GiveUp, _plain_value
from quizgen.yamlload import LocDict, YamlError, load_yaml

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
FRONT_MATTER_KEYS = ("id", "title", "publisher", "byline", "published", "url", "origin", "sha256")
REQUIRED_KEYS = ("id", "title", "sha256")
MAX_FILE_BYTES = 5 * 1024 * 1024


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_text_file(path: Path, shown: str) -> tuple[str | None, list[Finding]]:
    """Read a UTF-8 text file the way every bank file is read.

    A byte-order mark is dropped with a warning, CRLF/CR line ends become LF; a file that is
    not UTF-8, or too large, is an error naming the line of the first bad byte.
    """
    findings: list[Finding] = []
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_FILE_BYTES:
                return None, [
                    Finding(
                        Place(shown, 1, 1),
                        "QG007",
                        "error",
                        f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                        "split it into smaller files",
                    )
                ]
            data = fh.read()
    except OSError as exc:
        return None, [
            Finding(Place(shown, 1, 1), "QG007", "error", f"cannot read file: {exc.strerror}")
        ]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        findings.append(
            Finding(
                Place(shown, 1, 1),
                "QG008",
                "warning",
                "file starts with a byte-order mark; it was ignored",
                "save the file as UTF-8 without BOM",
            )
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Finding(
                Place(shown, line, col),
                "QG007",
                "error",
                f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                "re-save the file with UTF-8 encoding",
            )
        ]
    # looked for in the bytes (in UTF-8 no other character holds these bytes): many times
    # faster than in text with characters beyond Latin-1
    if b"\r" in data:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if b"\x00" in data:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [
            Finding(Place(shown, line, 1), "QG007", "error", "file contains a NUL character")
        ]
    return text, findings


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Split ``---\\nYAML\\n---\\nbody``; returns (yaml, body, line where body starts)."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            end = len(text) - 4
            front = text[4 : end + 1]
            return front, "", front.count("\n") + 3
        return None
    front = text[4 : end + 1]
    body = text[end + 5 :]
    return front, body, front.count("\n") + 3


def _as_published(value: Any) -> datetime | date | None:
    if value is None or isinstance(value, (datetime, date)):
        return value
    text = str(value).strip()
    if len(text) == 10:  # a date alone stays a date: no midnight the article never stated
        return date.fromisoformat(text)
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return date.fromisoformat(text)


#: False reads every source the detailed way (the reference :func:`_fast_source` is held to)
FAST_SOURCES = True


def _simple_front(front: str) -> tuple[dict[str, Any], dict[str, str]] | None:
    """The front matter ``front`` as {key: value} and {key: text as written} (for values that
    are not null, as ``LocDict.raw``) when it is the plain kind quizgen writes: one
    ``key: value`` line per known key, each value ``null``, a single-quoted string, a
    double-quoted one without escapes, or a plain scalar on its own (typed as PyYAML types
    it). None for anything else: the detailed way reads it."""
    if _UNSAFE_RE.search(front):
        return None
    out: dict[str, Any] = {}
    raw: dict[str, str] = {}
    lines = front.split("\n")
    if lines.pop() != "":
        return None
    for line in lines:
        key, sep, value = line.partition(": ")
        if not sep:
            if line[-1:] != ":":
                return None
            key = line[:-1]
            value = ""
        if key not in _FRONT_KEYS or key in out:
            return None
        if not value:
            if sep:
                return None  # "key: " (a trailing space)
            out[key] = None
            continue
        first, last = value[0], value[-1]
        if first == " ":
            return None  # "key:  value": YAML drops the extra space; leave it to YAML
        if first == "'":
            inner = value[1:-1]
            if last != "'" or len(value) < 2 or "'" in inner.replace("''", ""):
                return None
            out[key] = raw[key] = inner.replace("''", "'")
        elif first == '"':
            inner = value[1:-1]
            if last != '"' or len(value) < 2 or '"' in inner or "\\" in inner:
                return None
            out[key] = raw[key] = inner
        else:
            if (first in _PLAIN_START or last == " " or last == ":" or ": " in value
                    or "#" in value):
                return None
            if first in _TYPED_FIRST or _TYPED_ANY:
                try:
                    plain = _plain_value(value)
                except _GiveUp:
                    return None
            else:  # no type of PyYAML's starts with this character: text
                plain = value
            out[key] = plain
            if plain is not None:
                raw[key] = value
    return out, raw


_FRONT_KEYS = frozenset(FRONT_MATTER_KEYS)
#: the characters a plain scalar of another type than text can start with, to PyYAML
#: (``yamlfast._plain_value`` looks only at the resolvers of the first character)
_TYPED_FIRST = frozenset(k for k in yaml.resolver.Resolver.yaml_implicit_resolvers if k)
_TYPED_ANY = bool(yaml.resolver.Resolver.yaml_implicit_resolvers.get(None))


def _fast_source(front: str, body: str, body_line: int, path: Path, shown: str
                 ) -> Source | None:
    """The source when its front matter is the plain kind (:func:`_simple_front`) and there
    is nothing to report about it; else None (the detailed way reads it and says what is
    wrong). The same ``Source`` as the detailed way gives."""
    meta = _simple_front(front)
    if meta is None:
        return None
    values, raw = meta
    for key in REQUIRED_KEYS:
        if values.get(key) in (None, ""):
            return None
    sid = raw.get("id", str(values["id"]))
    if not ID_RE.match(sid) or sid != path.stem or not body or body.isspace():
        return None
    try:
        published = _as_published(values.get("published"))
    except ValueError:
        return None

    def opt(key: str) -> str | None:
        v = values.get(key)
        return None if v is None else str(raw.get(key, v))

    actual = text_sha256(body)
    sha = str(raw.get("sha256", values["sha256"])).lower()
    if sha != actual:
        return None
    # Source(...) without the frozen dataclass's __init__ (an object.__setattr__ per
    # field): the same object, in the same field order
    source = object.__new__(Source)
    source.__dict__.update(
        id=sid, title=str(raw.get("title", values["title"])), publisher=opt("publisher"),
        byline=opt("byline"), published=published, url=opt("url"), origin=opt("origin"),
        sha256=sha, text=body, place=Place(shown, 1, 1), text_line=body_line,
        actual_sha256=actual,
    )
    return source


def load_source(path: Path, shown: str) -> tuple[Source | None, list[Finding]]:
    """Load one ``sources/<id>.md``. Findings say what is wrong with it and where."""
    text, findings = read_text_file(path, shown)
    if text is None:
        return None, findings
    parts = split_front_matter(text)
    if parts is None:
        findings.append(
            Finding(
                Place(shown, 1, 1),
                "QG020",
                "error",
                "source file has no front matter",
                "start the file with a '---' line, the metadata (id, title, sha256, ...), "
                "another '---' line, then the article text",
            )
        )
        return None, findings
    front, body, body_line = parts
    if FAST_SOURCES:
        source = _fast_source(front, body, body_line, path, shown)
        if source is not None:
            return source, findings
    try:
        meta, dup = load_yaml(front, shown, line_offset=1)
    except YamlError as exc:
        return None, findings + [exc.finding]
    findings += dup
    if not isinstance(meta, LocDict):
        findings.append(
            Finding(Place(shown, 2, 1), "QG020", "error", "front matter must be a mapping")
        )
        return None, findings
    bad = False
    for key in meta:
        if key not in FRONT_MATTER_KEYS:
            findings.append(
                Finding(
                    meta.key_places[key],
                    "QG003",
                    "error",
                    f"unknown key '{key}' in source front matter",
                    key_hint(key, FRONT_MATTER_KEYS),
                )
            )
            bad = True
    for key in REQUIRED_KEYS:
        if meta.get(key) in (None, ""):
            findings.append(
                Finding(meta.place, "QG004", "error", f"source front matter is missing '{key}'")
            )
            bad = True
    expected_id = path.stem
    sid = meta.raw.get("id", "" if meta.get("id") is None else str(meta["id"]))
    if sid and not ID_RE.match(sid):
        findings.append(
            Finding(
                meta.place_of("id"),
                "QG011",
                "error",
                f"source id '{sid}' is not allowed",
                "use lower-case letters, digits, '-' and '_' only",
            )
        )
        bad = True
    elif sid and sid != expected_id:
        findings.append(
            Finding(
                meta.place_of("id"),
                "QG022",
                "error",
                f"source id '{sid}' does not match its file name '{path.name}'",
                f"rename the file to {sid}.md or set id: {expected_id}",
            )
        )
        bad = True
    try:
        published = _as_published(meta.get("published"))
    except ValueError:
        findings.append(
            Finding(
                meta.place_of("published"),
                "QG024",
                "error",
                f"published date '{meta.get('published')}' is not ISO 8601",
                "write it like 2026-01-13 or 2026-01-13T17:53:02+09:00",
            )
        )
        published = None  # reported; the source still loads so its citations are checked
    if not body.strip():
        findings.append(
            Finding(
                Place(shown, body_line, 1),
                "QG023",
                "error",
                "source has no article text after its front matter",
            )
        )
        bad = True
    if bad:
        return None, findings

    def opt(key: str) -> str | None:
        v = meta.get(key)
        return None if v is None else str(meta.raw.get(key, v))

    source = Source(
        id=sid,
        title=str(meta.raw.get("title", meta["title"])),
        publisher=opt("publisher"),
        byline=opt("byline"),
        published=published,
        url=opt("url"),
        origin=opt("origin"),
        sha256=str(meta.raw.get("sha256", meta["sha256"])).lower(),
        text=body,
        place=Place(shown, 1, 1),
        text_line=body_line,
        actual_sha256=text_sha256(body),
    )
    if source.sha256 != source.actual_sha256:
        findings.append(
            Finding(
                meta.place_of("sha256"),
                "QG021",
                "error",
                "article text has changed since it was recorded (sha256 does not match); "
                "every citation into it must be re-checked",
                f"if the change is intended, check the quotes and set sha256: {source.actual_sha256}",
            )
        )
    return source, findings


def render_source(meta: dict[str, Any], text: str) -> str:
    """The text of a source file for ``meta`` and ``text`` (sha256 is filled in)."""
    fields = {k: meta.get(k) for k in FRONT_MATTER_KEYS}
    fields["sha256"] = text_sha256(text)
    for key, value in fields.items():
        if isinstance(value, (datetime, date)):
            fields[key] = value.isoformat()
    front = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{front}---\n{text}"


# --- ingest of raw page text -------------------------------------------------------------

#: lines that are page furniture wherever they stand (compared case-insensitively, trimmed)
FURNITURE_LINES = {
    "advertisement",
    "adsense advertisement",
    "skip to content",
    "menu",
    "dark mode",
    "light mode",
    "logo",
    "send this to a friend",
    "comment / reply from",
    "leave a comment",
    "share",
    "share this article",
    "print",
    "article by",
    "published",
    "(end)",
    "read more",
    "related articles",
    "subscribe",
    "sign up",
    "log in",
}
SOCIAL = {
    "facebook", "twitter", "x", "kakao", "naver", "band", "pinterest", "linkedin", "whatsapp",
    "telegram", "email", "reddit", "line", "weibo", "wechat", "copy link", "print",
}
#: a copyright line: "Copyright 2026 Name.", "© 2026 Name. All rights reserved.", "(C) Name.
#: All Rights Reserved"; ``name`` is the publisher. "Copyright" must be followed by a mark or
#: a year, or the line must reserve the rights: "Copyright law changed in 2019" is text
COPYRIGHT_RE = re.compile(
    r"^\s*(?:copyright\s*(?:\(c\)|©)?|\(c\)|©)\s*(?=\(c\)|©|\d{4}|.*all rights reserved)"
    r"(?:\(c\)|©)?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?(?:by\s+(?=[A-Z]))?"
    # the name ends at the line's end or at the legal words after it, not at "U.S." or "St."
    r"(?:(?P<name>.*?)\.?\s+(?:(?:all|tous|todos|alle)\s|unauthori[sz]ed|redistribution|"
    r"reproduction|reprinted|no part).*|(?P<whole>.*?)\.?\s*)$",
    re.IGNORECASE,
)


def _is_prose(line: str) -> bool:
    """A line of a story, not of a page's footer ("About us", "Terms of Use"): six words or
    more, or a sentence's end."""
    s = line.strip()
    return len(s.split()) >= 6 or bool(s) and s[-1] in ".!?\"\u201d"
#: a line that starts the legal/closing matter; it and everything after are dropped
TAIL_MARKERS = re.compile(r"^legal disclaimer:", re.IGNORECASE)
#: a label glued to the start of a line ("date 2026-01-13 Headline ...")
LABEL_RE = re.compile(r"^\s*date\s+\d{4}-\d{2}-\d{2}\s+", re.IGNORECASE)
#: page metadata lines: "Published: ... Updated: ...", "Section / author / 2026-01-13 17:53",
#: or a line that is nothing but a date
META_RE = re.compile(r"^(published|updated|posted)\s*:", re.IGNORECASE)
SLASHED_RE = re.compile(r"^[^/]{1,40}(?: / [^/]{1,40}){1,4}$")
CAPTION_RE = re.compile(
    r"^\s*(?:[▲△▶►]\s|\(?\s*(?:photo|picture|image)(?:\s+caption)?\s*:|\(?\s*caption\s*:)",
    re.IGNORECASE)
#: "Share this article: Facebook | X | WhatsApp": a share label, social names, or both
SHARE_RE = re.compile(r"^\s*(?:share(?:\s+this(?:\s+(?:article|story|page|post))?)?\s*[:\-–]?)?\s*"
                      r"(?P<rest>.*?)\s*$", re.IGNORECASE)
RELATED_RE = re.compile(r"^\s*\[(see more|read more|related)\b.*\]\s*$", re.IGNORECASE)
BULLET_SOCIAL_RE = re.compile(r"^\s*[•·*\-]\s*(.+?)\s*$")
BYLINE_RE = re.compile(r"^\s*By\s+([A-Z][\w.'\- ]{1,80}?)\s*$")


@dataclass
class Ingested:
    """What ingest made of a page: the cleaned text and what the page says about itself."""

    text: str
    title: str | None = None
    byline: str | None = None
    publisher: str | None = None
    published: str | None = None
    removed: int = 0
    #: the page's own address, when it states one (an HTML page's canonical link)
    url: str | None = None


def _is_metadata(s: str) -> bool:
    if not s:
        return False
    if META_RE.match(s):
        return True
    has_date = find_published([s]) is not None
    if has_date and SLASHED_RE.match(s):
        return True
    if has_date:
        from quizgen.support import MONTHS, WEEKDAYS

        words = "|".join([*MONTHS, *WEEKDAYS])
        rest = re.sub(rf"\d{{1,4}}|[,./:\-]|\b(?:{words})\b", "", s, flags=re.IGNORECASE)
        return not rest.strip()
    return False


def _is_furniture(line: str) -> bool:
    s = line.strip()
    if not s:
        return False
    low = s.casefold()
    if low in FURNITURE_LINES:
        return True
    m = BULLET_SOCIAL_RE.match(s)
    if m and m.group(1).casefold() in SOCIAL:
        return True
    if _is_share_line(s):
        return True
    return bool(CAPTION_RE.match(s) or RELATED_RE.match(s))


def _is_share_line(s: str) -> bool:
    """A row of share buttons: "Share this article: Facebook | X | WhatsApp", "Share: X, Email",
    or only the names of the networks, two or more of them."""
    m = SHARE_RE.match(s)
    labelled = m is not None and m.group("rest") != s.strip()
    # commas only after a share label: "Facebook, Twitter" may be a line of wrapped prose
    names = [n.strip().casefold()
             for n in re.split(r"[|,/•·]" if labelled else r"[|/•·]", m.group("rest") if m else s)]
    names = [n for n in names if n]
    return bool(names) and all(n in SOCIAL for n in names) and (labelled or len(names) > 1)


_DATE_PATTERNS = [
    # 2026-01-13 17:53:02
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?"), "iso"),
    # 13 Jan. 2026, 19:09   /  Tuesday, 13 January 2026
    (re.compile(r"\b(\d{1,2})\s+([A-Z][a-z]{2,8})\.?\s+(\d{4})(?:,\s*(\d{1,2}):(\d{2}))?"), "dmy"),
    # January 13, 2026
    (re.compile(r"\b([A-Z][a-z]{2,8})\.?\s+(\d{1,2}),\s+(\d{4})"), "mdy"),
]


def _month(name: str) -> int | None:
    from quizgen.support import MONTHS

    return MONTHS.get(name.casefold().rstrip("."))


def find_published(lines: list[str]) -> str | None:
    """The date the page states near its top, as ISO 8601 (no time zone is invented): a line
    that says "Published" wins over the first date found."""
    top = lines[:40]
    labelled = [ln for ln in top if re.search(r"\b(published|posted)\b", ln, re.IGNORECASE)]
    for line in labelled + top:
        for rx, kind in _DATE_PATTERNS:
            m = rx.search(line)
            if not m:
                continue
            try:
                if kind == "iso":
                    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
                    hh, mm, ss = m.group(4), m.group(5), m.group(6)
                elif kind == "dmy":
                    mo_ = _month(m.group(2))
                    if mo_ is None:
                        continue
                    y, mo, d = int(m.group(3)), mo_, int(m.group(1))
                    hh, mm, ss = m.group(4), m.group(5), None
                else:
                    mo_ = _month(m.group(1))
                    if mo_ is None:
                        continue
                    y, mo, d = int(m.group(3)), mo_, int(m.group(2))
                    hh = mm = ss = None
                if hh is not None:
                    return datetime(y, mo, d, int(hh), int(mm), int(ss or 0)).isoformat()
                return date(y, mo, d).isoformat()
            except ValueError:
                continue
    return None


#: the end of a sentence: a stop, perhaps inside closing quotes or brackets
_SENTENCE_END_RE = re.compile(r"[.!?][\"'\u201d\u2019)\]]*$")


def _title(body: list[str]) -> str | None:
    """The headline: the first line of over 25 characters not ending in ":", or a shorter
    line of two or more words that the story itself follows ("Council news", then "The
    council met on Monday."; a byline may stand between them)."""
    lines = [ln.strip() for ln in body if ln.strip()]
    for i, s in enumerate(lines):
        if s.endswith(":") or BYLINE_RE.match(s):
            continue
        if len(s) > 25:
            return s
        following = next((t for t in lines[i + 1:] if not BYLINE_RE.match(t)), "")
        if len(s.split()) > 1 and not _SENTENCE_END_RE.search(s) and _SENTENCE_END_RE.search(
                following):
            return s
    return None


def ingest_text(raw: str) -> Ingested:
    """Clean raw page text: drop furniture lines, repeated lines (headlines, captions), the
    legal tail, and runs of blank lines; keep every other character as it was.

    Also reads what the page says about itself: the title (first line of prose-like text),
    a "By ..." byline, a "(C) ... All Rights Reserved" publisher, and the first date.
    """
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = raw.split("\n")
    published = find_published(lines)
    # the page proper: up to the legal tail, without furniture and labels
    body: list[str] = []
    removed = 0
    publisher = None
    for n, line in enumerate(lines):
        s = line.strip()
        cm = COPYRIGHT_RE.match(s)
        if cm and "all rights reserved" not in s.casefold() and sum(
                1 for ln in lines[n + 1:] if _is_prose(ln)) > 1:
            cm = None  # with the story still to come it is a credit or a sentence, not the tail
        name = cm and (cm.group("name") if cm.group("name") is not None else cm.group("whole"))
        if cm and publisher is None and re.search(r"[^\W\d_]", name):
            publisher = name.strip()
        if cm or TAIL_MARKERS.match(s):
            removed += 1
            break
        if _is_furniture(line) or _is_metadata(s) or (s and not s.strip("\u00a0 \t")):
            removed += 1
            continue
        body.append(LABEL_RE.sub("", line) if LABEL_RE.match(line) else line)
    keys = [" ".join(ln.split()).casefold() for ln in body]
    title = _title(body)
    title_key = " ".join(title.split()).casefold() if title else None
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    out: list[str] = []
    seen: set[str] = set()
    byline = None
    for line, key in zip(body, keys, strict=True):
        if key and counts[key] > 1 and (key != title_key or key in seen):
            # a repeated headline keeps its first copy; repeated labels and captions go
            removed += 1
            continue
        seen.add(key)
        bm = BYLINE_RE.match(line.strip())
        if bm and byline is None:
            byline = bm.group(1).strip()
        out.append(line.rstrip())
    # collapse blank runs and trim
    text_lines: list[str] = []
    for line in out:
        if not line.strip():
            if text_lines and text_lines[-1] == "":
                continue
            text_lines.append("")
        else:
            text_lines.append(line)
    text = "\n".join(text_lines).strip("\n") + "\n"
    return Ingested(
        text=text, title=title, byline=byline, publisher=publisher, published=published,
        removed=removed,
    )


def ingest_file(path: Path) -> Ingested:
    """Ingest a page saved as ``.txt`` (or ``.md``); ``.html`` goes through the HTML reader."""
    from quizgen.errors import UsageError

    suffix = path.suffix.lower()
    if suffix not in (".html", ".htm", ".xhtml", ".txt", ".md", ".text", ""):
        raise UsageError(f"{path}: quizgen reads pages saved as .html or .txt, not {suffix} "
                         "files; save the article from the browser as a web page or as text")
    raw = path.read_bytes()
    if suffix in (".html", ".htm", ".xhtml"):
        from quizgen.errors import UsageError
        from quizgen.htmlingest import ingest_html

        try:
            # bytes: the page's own charset declaration decides its encoding
            return ingest_html(raw)
        except UsageError as exc:
            raise UsageError(f"{path}: {exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text; re-save it as UTF-8 and add it again") from None
    return ingest_text(text)


def slug(text: str, limit: int = 40) -> str:
    """A short id from ``text``: lower-case words joined by '-', cut at a word boundary."""
    s = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    if len(s) > limit:
        cut = s.rfind("-", 0, limit + 1)
        s = s[:cut] if cut > 0 else s[:limit]
    return s.strip("-") or "source"


def add_source(root: Path, file: Path, overrides: dict[str, Any], *, force: bool = False) -> Path:
    """Ingest ``file`` into ``root/questions/sources/<id>.md``; returns the new file's path.

    ``overrides`` (id, title, publisher, byline, published, url, origin) win over what the
    page says; a value of ``None`` leaves the page's own. Refuses to overwrite without ``force``.
    """
    from quizgen.errors import SourceExists, UsageError

    if not file.is_file():
        raise UsageError(f"{file}: no such file")
    ing = ingest_file(file)
    if not ing.text.strip():
        raise UsageError(f"{file}: no article text found after removing page furniture")
    meta: dict[str, Any] = {
        "id": None, "title": ing.title, "publisher": ing.publisher, "byline": ing.byline,
        "published": ing.published, "url": ing.url, "origin": None,
    }
    meta.update({k: v for k, v in overrides.items() if v is not None})
    if not meta.get("title"):
        meta["title"] = file.stem
    sid = meta.get("id") or slug(str(meta["title"]))
    if not meta.get("id") and sid == "source":  # a title with no Latin letters or digits
        sid = f"source-{text_sha256(ing.text)[:8]}"
    if not ID_RE.match(sid):
        raise UsageError(f"source id '{sid}' is not allowed: use lower-case letters, digits, "
                         "'-' and '_' only")
    meta["id"] = sid
    if meta.get("published"):
        try:
            _as_published(meta["published"])
        except ValueError:
            raise UsageError(f"--published '{meta['published']}' is not an ISO 8601 date; "
                             "write it like 2026-01-13 or 2026-01-13T17:53+09:00") from None
    folder = root / "questions" / "sources"
    digest = text_sha256(ing.text)
    for other in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if other.stem != sid and f"sha256: {digest}" in other.read_text(encoding="utf-8",
                                                                      errors="replace"):
            raise SourceExists(
                f"{file}: this article is already in the bank as {other.relative_to(root)} "
                "(same text); one article counted twice would overstate its corroboration")
    target = folder / f"{sid}.md"
    if target.exists() and not force:
        if overrides.get("id") is None:
            raise SourceExists(
                f"{target} already exists (the id '{sid}' comes from the title); if this is "
                "another article, give it its own id with --id NAME; to replace that "
                "source, pass --force (every citation into it will be re-checked)")
        raise SourceExists(f"{target} already exists; pass --force to replace it "
                           "(every citation into it will be re-checked)")
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(render_source(meta, ing.text), encoding="utf-8")
    return target
