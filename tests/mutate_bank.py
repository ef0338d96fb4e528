"""Banks with errors, made at random from a loaded bank: numbers, dates and names changed in
statements, prompts, answers and explanations; answers replaced; distractors repeated; quotes
broken, emptied or cut with ``...``; sources unknown, changed or undated; aliases declared on
the bank and on facts; disputes added. For holding the checker to the findings of an
earlier revision (tests/perf/same_as_side.py, tests/test_check_same.py).

Each variant is a new :class:`~quizgen.model.Bank` built with ``dataclasses.replace``: the
nodes keep the places they were loaded with, so the findings point into the real files.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import date
from types import MappingProxyType

from quizgen.model import Bank, Citation, Fact, Place, Question, Source

#: words and numbers a mutation puts into a text: details of every kind the checker reads,
#: in the spellings it must treat alike or apart, and characters that normalise or fold
TOKENS = [
    "1942", "183", "136", "1,000", "1000", "75 billion", "$75bn", "two hundred", "a dozen",
    "one thousand", "1910-45", "2025-26", "13 January 2026", "Jan. 13", "January 13, 2026",
    "2026-01-13", "last October", "next May", "may", "March", "mar", "Tuesday", "Wednesday",
    "last Tuesday", "Kyoto", "Nara", "Lee Jae Myung", "Lee", "Takaichi", "South Korean",
    "Japanese", "Japan", "Korea", "Besides Kyoto,", "The", "the wire", "Bench Wire", "APEC",
    "Asia-Pacific Economic Cooperation", "G20", "Group of 20", "K\u00f6rea", "\u0130stanbul",
    "\u212aorea", "apr\u0131l", "\uc774\uc7ac\uba85", "\u2014", "\u201cquoted\u201d", "...",
    "\u00a0", "  ", "-", "--", "9" * 400, "0.5", "1e9", "3rd", "first", "twentieth", "I",
    "Anna", "visitors", "people", "the", "an", "[[", "]]", "[[183]]", "[[Nara]]", "'s",
    "\u00ad", "\t", "\n", ".",
]


def _text_mutation(rng: random.Random, text: str, pool: list[str]) -> str:
    """``text`` changed once: a digit, a word, a piece inserted or the whole replaced."""
    choice = rng.randrange(8)
    if choice == 0:  # one digit changed
        digits = [m.start() for m in re.finditer(r"\d", text)]
        if digits:
            i = rng.choice(digits)
            return text[:i] + str((int(text[i]) + rng.randint(1, 9)) % 10) + text[i + 1:]
    if choice == 1:  # one word dropped
        words = text.split(" ")
        if len(words) > 1:
            del words[rng.randrange(len(words))]
            return " ".join(words)
    if choice == 2:  # one word's letter case changed
        words = text.split(" ")
        i = rng.randrange(len(words))
        words[i] = rng.choice([str.upper, str.lower, str.title, str.swapcase])(words[i])
        return " ".join(words)
    if choice == 3:  # replaced by a piece of another text of the bank (a quote, mostly)
        source = rng.choice(pool)
        if source:
            a = rng.randrange(len(source))
            return source[a:a + rng.randint(1, 60)]
    if choice == 4:
        return rng.choice(TOKENS)
    # a token or a piece of the pool put in at a word boundary
    spaces = [0] + [m.end() for m in re.finditer(r" ", text)] + [len(text)]
    i = rng.choice(spaces)
    piece = rng.choice(TOKENS) if choice < 7 else " ".join(rng.choice(pool).split()[:3])
    return text[:i] + piece + " " + text[i:]


_added = [0]


def _new_place(f: Fact) -> Place:
    """A place for a citation a mutation adds: past the end of the fact's file, and its own
    (two findings that differ only in their hints cannot be sorted; a loaded bank never has
    two quotes at one place)."""
    _added[0] += 1
    return Place(f.place.path, 1_000_000 + _added[0], 1)


def _question(rng: random.Random, q: Question, pool: list[str]) -> Question:
    choice = rng.randrange(13)
    if choice == 12:
        choice = 6  # distractors, more often
    if choice < 3:
        field = rng.choice(["prompt", "explanation", "prompt", "explanation"])
        return replace(q, **{field: _text_mutation(rng, getattr(q, field), pool)})
    if choice < 5:  # the answer changed, kept or made of another type
        a = q.answer
        options: list[object] = [_text_mutation(rng, str(a), pool), rng.choice(TOKENS),
                                 rng.randint(0, 3000), 1942.0, True, False, float("inf"),
                                 183.0000000001, 0, ""]
        if isinstance(a, (int, float)) and not isinstance(a, bool):
            options += [a + 1, a * 1.0, -a, a + 1e-12 * a]
        return replace(q, answer=rng.choice(options))
    if choice == 5:  # accepted answers
        accept = list(q.accept) + [rng.choice(TOKENS), _text_mutation(rng, str(q.answer), pool)]
        return replace(q, accept=tuple(rng.sample(accept, rng.randint(0, len(accept)))))
    if choice == 6:  # distractors: repeated, the answer again, in other cases, dropped
        d = list(q.distractors) or ["x"]
        extra = [rng.choice(d), str(q.answer), " " + str(q.answer).upper() + " ",
                 rng.choice(d).lower(), "\u201c" + rng.choice(d) + "\u201d", rng.choice(TOKENS)]
        d += rng.sample(extra, rng.randint(1, 3))
        rng.shuffle(d)
        d = d[:rng.randint(0, len(d))]
        qtype = "multiple_choice" if rng.random() < 0.7 else q.type
        return replace(q, type=qtype, distractors=tuple(d))
    if choice == 7:  # another type, with whatever fields it has
        return replace(q, type=rng.choice(["basic", "numeric", "short_answer", "multiple_choice",
                                           "true_false", "cloze"]))
    if choice == 8:  # a false claim, with or without its explanation
        return replace(q, type="true_false", answer=False,
                       explanation=rng.choice(["", "  ", q.explanation, q.prompt]))
    if choice == 9:  # cloze markers added, moved or lost
        p = q.prompt.replace("[[", "").replace("]]", "")
        words = p.split(" ")
        i = rng.randrange(len(words))
        j = min(len(words), i + rng.randint(1, 3))
        marked = " ".join(words[:i] + ["[[" + " ".join(words[i:j]) + "]]"] + words[j:])
        return replace(q, type="cloze", prompt=rng.choice([marked, p, marked + " [[]]"]))
    if choice == 10:
        return replace(q, unit=rng.choice([None, "people", "km"]))
    return q


def _quote(rng: random.Random, c: Citation, sources: dict[str, Source],
           pool: list[str]) -> Citation:
    choice = rng.randrange(9)
    ids = list(sources)
    if choice == 0:
        return replace(c, quote=_text_mutation(rng, c.quote, pool))
    if choice == 1:  # unknown or mistyped source
        return replace(c, source=rng.choice([c.source + "x", c.source[:-1], "nowhere"]))
    if choice == 2:
        return replace(c, quote=rng.choice(["", "  ", "...", ". .", "\u00ad", "\u2026"]))
    if choice == 3:  # two pieces of the article with "..." between them, in or out of order
        text = sources.get(c.source, sources[rng.choice(ids)]).text
        a, b = sorted(rng.randrange(len(text)) for _ in range(2))
        first, second = text[a:a + rng.randint(5, 40)], text[b:b + rng.randint(5, 40)]
        if rng.random() < 0.3:
            first, second = second, first
        return replace(c, quote=f"{first} ... {second}")
    if choice == 4:  # another sentence of another source
        sid = rng.choice(ids)
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", sources[sid].text) if s.strip()]
        return replace(c, source=sid, quote=rng.choice(sentences).strip(". \n"))
    if choice == 5:  # the quote with its spaces, quotes and dashes written otherwise
        q = c.quote.replace(" ", rng.choice([" ", "  ", "\u00a0", "\n"]), rng.randint(0, 3))
        return replace(c, quote=q.replace("-", "\u2014").replace("'", "\u2019"))
    if choice == 6:
        return replace(c, quote=c.quote.upper() if rng.random() < 0.5 else c.quote[1:])
    return c


def _fact(rng: random.Random, f: Fact, sources: dict[str, Source], pool: list[str]) -> Fact:
    choice = rng.randrange(11)
    if choice < 2:
        return replace(f, statement=_text_mutation(rng, f.statement, pool))
    if choice < 5 and f.questions:
        qs = list(f.questions)
        i = rng.randrange(len(qs))
        qs[i] = _question(rng, qs[i], pool)
        return replace(f, questions=tuple(qs))
    if choice == 5 and f.citations:
        cs = list(f.citations)
        i = rng.randrange(len(cs))
        cs[i] = _quote(rng, cs[i], sources, pool)
        if rng.random() < 0.2:
            del cs[rng.randrange(len(cs))]
        return replace(f, citations=tuple(cs))
    if choice == 6:  # a dispute: a sentence of some article, or a broken one
        sid = rng.choice(list(sources))
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", sources[sid].text) if s.strip()]
        d = Citation(sid, rng.choice(sentences).strip(". \n"), _new_place(f), note="disputed")
        if rng.random() < 0.3:
            d = _quote(rng, d, sources, pool)
        return replace(f, disputes=f.disputes + (d,))
    if choice == 9 and f.questions:  # a dispute, and an answer taken from it
        sid = rng.choice(list(sources))
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", sources[sid].text) if s.strip()]
        quote = rng.choice(sentences).strip(". \n")
        d = Citation(sid, quote, _new_place(f), note="disputed")
        numbers = re.findall(r"\d[\d,]*", quote)
        words = re.findall(r"[A-Z][a-z]+(?: [A-Z][a-z]+)*", quote) or [quote[:20]]
        qs = list(f.questions)
        i = rng.randrange(len(qs))
        q = qs[i]
        if q.type == "numeric" and numbers:
            qs[i] = replace(q, answer=float(numbers[0].replace(",", "")))
        elif q.type == "cloze":
            qs[i] = replace(q, prompt=q.prompt + " [[" + rng.choice(numbers + words) + "]]")
        else:
            qs[i] = replace(q, answer=rng.choice(numbers + words))
        return replace(f, disputes=f.disputes + (d,), questions=tuple(qs))
    if choice == 10:  # another name for a quoted name, declared or not, used in a text
        quoted = [w for c in f.citations
                  for w in re.findall(r"[A-Z][\w'-]*(?: [A-Z][\w'-]*)*", c.quote)] or ["Nara"]
        other = rng.choice(["Old Town", "the Capital", "APEC", "G20", "the wire", "T\u00f4ky\u00f4",
                            "Zed", quoted[0].upper()])
        group = {rng.choice([other, rng.choice(quoted)]): (rng.choice([other, rng.choice(quoted)]),)}
        if rng.random() < 0.8:
            f = replace(f, aliases=MappingProxyType({**f.aliases, **group}))
        if f.questions and rng.random() < 0.6:
            qs = list(f.questions)
            i = rng.randrange(len(qs))
            qs[i] = replace(qs[i], answer=rng.choice([other, other.lower(), " " + other + "."]),
                            accept=(other,), prompt=f"Where is {other}? [[{other}]]")
            f = replace(f, questions=tuple(qs))
        return replace(f, statement=f"{f.statement} {other} said so.")
    if choice == 7:  # aliases of the fact's own
        return replace(f, aliases=MappingProxyType(_aliases(rng, pool)))
    if choice == 8 and f.citations:  # a citation repeated, or one from the same publisher
        return replace(f, citations=f.citations + (replace(rng.choice(f.citations),
                                                           place=_new_place(f)),))
    return f


def _aliases(rng: random.Random, pool: list[str]) -> dict[str, tuple[str, ...]]:
    names = [w for text in rng.sample(pool, min(4, len(pool)))
             for w in re.findall(r"[A-Z][\w'-]*(?: [A-Z][\w'-]*)?", text)]
    names += ["the wire", "Bench Wire", "Nara", "Korea", "South Korea", "Lee", "K\u00f6rea",
              "apec", "G20", "", " ", "183", "1942", "January", "\uc774\uc7ac\uba85"]
    out: dict[str, tuple[str, ...]] = {}
    for _ in range(rng.randint(1, 3)):
        out[rng.choice(names)] = tuple(rng.sample(names, rng.randint(0, 3)))
    return out


def _source(rng: random.Random, s: Source) -> Source:
    choice = rng.randrange(3)
    if choice == 0:
        return replace(s, published=rng.choice([None, date(2025, 10, 1), date(2026, 1, 13)]))
    if choice == 1:  # a digit of the article changed
        digits = [m.start() for m in re.finditer(r"\d", s.text)]
        if digits:
            i = rng.choice(digits)
            return replace(s, text=s.text[:i] + str((int(s.text[i]) + 1) % 10) + s.text[i + 1:])
    return replace(s, origin=rng.choice([None, "Wire", "wire ", s.publisher]))


def mutated(bank: Bank, rng: random.Random, changes: int = 3) -> Bank:
    """A copy of ``bank`` with ``changes`` random changes (each to a fact, a source or the
    bank's aliases). The citations it adds get places numbered from the same start in every
    copy, so a copy depends only on ``bank`` and the state of ``rng``."""
    _added[0] = 0
    topics = list(bank.topics)
    sources = dict(bank.sources)
    aliases = bank.aliases
    pool = [c.quote for t in topics for f in t.facts for c in f.citations] or ["Nara"]
    for _ in range(changes):
        r = rng.random()
        if r < 0.1:
            sid = rng.choice(list(sources))
            sources[sid] = _source(rng, sources[sid])
        elif r < 0.17:
            aliases = MappingProxyType({**aliases, **_aliases(rng, pool)})
        elif r < 0.18:  # an article no fact cites
            sid = rng.choice(list(sources))
            sources[sid + "-copy"] = replace(sources[sid], id=sid + "-copy")
        elif r < 0.19:  # a topic without facts: its sources may be cited nowhere else
            ti = rng.randrange(len(topics))
            topics[ti] = replace(topics[ti], facts=())
        else:
            ti = rng.randrange(len(topics))
            facts = list(topics[ti].facts)
            if not facts:
                continue
            fi = rng.randrange(len(facts))
            facts[fi] = _fact(rng, facts[fi], sources, pool)
            topics[ti] = replace(topics[ti], facts=tuple(facts))
    return replace(bank, topics=tuple(topics), sources=MappingProxyType(sources),
                   aliases=aliases)


def main(argv: list[str] | None = None) -> int:
    """``python -m tests.mutate_bank DIR VARIANTS [SEED]``: check VARIANTS mutated copies of
    the bank in DIR and count the findings by code, to see which rules the mutations set
    off. To compare the findings with those of another revision of quizgen, use
    ``python -m tests.perf.same_as REV --mutate DIR VARIANTS SEED``."""
    import sys
    from collections import Counter
    from pathlib import Path

    from quizgen.bank import load_project
    from quizgen.validate import Checker

    args = sys.argv[1:] if argv is None else argv
    root, variants = Path(args[0]), int(args[1])
    rng = random.Random(int(args[2]) if len(args) > 2 else 1)
    bank = load_project(root).bank
    assert bank is not None
    codes: Counter[str] = Counter()
    for _ in range(variants):
        codes.update(f.code for f in Checker(mutated(bank, rng, rng.randint(1, 8))).run())
    print(f"{variants} variants; findings by code: {dict(sorted(codes.items()))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
