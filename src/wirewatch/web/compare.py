"""Outlets side by side: which sentences of an article no other outlet in the story reports.

A reader comparing two wire versions wants to see at a glance what one outlet adds. Exact
matching would call every rephrased sentence "unique", so a sentence counts as shared when
most of its content words (at least ``SHARED_CONTAINMENT``) occur together in one sentence of
an article from another publisher. Word containment rather than Jaccard: a short sentence
quoted inside a longer one is still shared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SHARED_CONTAINMENT = 0.5

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_STOP = frozenset(
    """a an and are as at be been but by for from had has have he her his i in into is it its
    of on or our said says she that the their them there they this to was we were what when
    which who will with would you not no also more than after before about over""".split())


def _inside_quote(text: str) -> bool:
    """Whether ``text`` ends inside a quotation (an odd number of straight quotes, or more
    curly openers than closers): a question mark there does not end the sentence."""
    return text.count('"') % 2 == 1 or text.count("“") > text.count("”")


def sentences(paragraph: str) -> list[str]:
    text = paragraph.strip()
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if not _inside_quote(text[start:m.start()]):
            out.append(text[start:m.start()])
            start = m.end()
    out.append(text[start:])
    return [s for s in out if s.strip()]


def content_words(sentence: str) -> frozenset[str]:
    return frozenset(w for w in (m.group(0).casefold() for m in _WORD.finditer(sentence))
                     if w not in _STOP and (len(w) > 2 or w.isdigit()))


@dataclass
class Sentence:
    text: str
    unique: bool


@dataclass
class Column:
    """One article's body as paragraphs of sentences, each marked unique or shared, and the
    copies of it (same text, another outlet) that the story also holds."""

    article: dict
    paragraphs: list[list[Sentence]] = field(default_factory=list)
    copies: list[dict] = field(default_factory=list)

    @property
    def unique_count(self) -> int:
        return sum(s.unique for p in self.paragraphs for s in p)


def _original(article: dict, by_id: dict[str, dict]) -> dict:
    """Follow ``duplicate_of`` to the first article of the chain held in this story."""
    seen = set()
    while article.get("duplicate_of") in by_id and article["id"] not in seen:
        seen.add(article["id"])
        article = by_id[article["duplicate_of"]]
    return article


def compare(articles: list[dict], paragraphs_of) -> list[Column]:
    """Mark each sentence of each article unique (no other publisher carries it) or shared.

    ``paragraphs_of(article)`` splits a body into paragraphs. A copy (``duplicate_of``) gets no
    column of its own: it is listed under its original and does not count as corroboration,
    since one text syndicated to three sites is still one report. Articles from the same
    publisher do not corroborate each other either; with a single publisher nothing is marked.
    """
    by_id = {a["id"]: a for a in articles}
    originals = [a for a in articles if _original(a, by_id) is a]
    copies: dict[str, list[dict]] = {}
    for a in articles:
        orig = _original(a, by_id)
        if orig is not a:
            copies.setdefault(orig["id"], []).append(a)
    split = [[sentences(p) for p in paragraphs_of(a.get("body") or "")] for a in originals]
    words = [[content_words(s) for para in paras for s in para] for paras in split]
    publishers = [(a.get("publisher") or a.get("id")) for a in originals]
    columns = []
    for i, art in enumerate(originals):
        others = [w for j, ws in enumerate(words) if publishers[j] != publishers[i] for w in ws]
        col = Column(article=art, copies=copies.get(art["id"], []))
        for para in split[i]:
            marked = []
            for s in para:
                mine = content_words(s)
                shared = not others or not mine or any(
                    len(mine & other) / len(mine) >= SHARED_CONTAINMENT for other in others)
                marked.append(Sentence(text=s, unique=not shared))
            col.paragraphs.append(marked)
        columns.append(col)
    return columns
