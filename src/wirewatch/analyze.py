"""Per-article analysis: one parse, then actors, events, quotes and claims over it.

The body and each caption are parsed apart (captions are not body text, and a caption's events
take the caption's own date). Actor linking runs once per parsed text and is shared by events,
quotes and claims. Non-English articles are not parsed: they are stored with a note.
"""

from __future__ import annotations

from collections.abc import Sequence

from wirewatch import actors, claims, config, events, metadata, nlp, quotes
from wirewatch.types import Article, ArticleResult


def is_english(article: Article) -> bool:
    return (article.language or config.get("language")) == config.get("language")


def analyze(articles: Sequence[Article], batch_size: int | None = None) -> list[ArticleResult]:
    """ArticleResults for a batch of clean articles, in input order."""
    batch_size = batch_size or int(config.get("batch_size"))
    results = [ArticleResult(article=a) for a in articles]
    english = [r for r in results if is_english(r.article)]
    if not english:
        return results
    model = nlp.load_nlp()
    linker = actors.get_linker()
    bodies = model.pipe((r.article.body for r in english), batch_size=batch_size)
    for res, doc in zip(english, bodies, strict=True):
        art = res.article
        linked = linker.link(doc, art.published)
        res.events.extend(events.code_events(doc, linked, art))
        res.quotes.extend(quotes.extract_quotes(doc, linked, art))
        res.claims.extend(claims.extract_claims(doc, linked, art))
    captions = [(res, i, cap) for res in english for i, cap in enumerate(res.article.captions)]
    cap_docs = model.pipe((c for _, _, c in captions), batch_size=batch_size)
    for (res, i, cap), doc in zip(captions, cap_docs, strict=True):
        art = res.article
        cap_date = metadata.caption_date(cap)
        linked = linker.link(doc, cap_date or art.published)
        res.events.extend(
            events.code_events(doc, linked, art, caption_index=i, reference_date=cap_date)
        )
        res.claims.extend(
            claims.extract_claims(doc, linked, art, caption_index=i, reference_date=cap_date)
        )
    return results
