"""A brief of one story: what happened, who said what, where the sources disagree.

Written from the fused records, so every statement in it can be traced: summary sentences are
sentences the articles themselves contain (the ones behind the most-reported fused events),
and every citation ``[n]`` points at a numbered source whose article supports that record.
Nothing is generated: a brief is an index into the sources, not a rewrite of them.
"""

from __future__ import annotations

import re
from typing import Any

from wirewatch import config
from wirewatch.fuse import actor_label
from wirewatch.rows import (
    article_from_row,
    conflict_from_row,
    fused_claim_from_row,
    fused_event_from_row,
    fused_quote_from_row,
    story_from_row,
)
from wirewatch.store import Store
from wirewatch.types import Article, FusedEvent, Support

SUMMARY_MAX = 5
SUMMARY_MIN = 3
EVENTS_MAX = 15
QUOTES_MAX = 10
UNIQUE_SHOWN = 12  # per outlet, in Markdown (the JSON has them all)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _similar(a: str, b: str) -> bool:
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.6


_FIRST_SENT = re.compile(r"^(.+?[.!?][\"'\u201d\u2019]?)(?=\s+[\"'\u201c\u2018A-Z0-9]|\s*$)", re.S)


def first_sentence(body: str) -> str:
    """The lead sentence of an article body (its first paragraph's first sentence)."""
    para = next((p.strip() for p in body.split("\n") if p.strip()), "")
    if not para:
        return ""
    m = _FIRST_SENT.match(para)
    return (m.group(1) if m else para).strip()


def _canonical(article_id: str, articles: dict[str, Article]) -> str:
    """Follow ``duplicate_of`` inside the story, so a copy counts as its original."""
    seen = set()
    current = article_id
    while current in articles and articles[current].duplicate_of in articles and current not in seen:
        seen.add(current)
        current = articles[current].duplicate_of  # type: ignore[assignment]
    return current


def _shingles(text: str, k: int) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + k]) for i in range(max(1, len(words) - k + 1))}


def copy_groups(ordered: list[Article]) -> dict[str, str]:
    """Article id -> the id of the original it copies (itself when it is an original).

    ``duplicate_of`` (set by the copy stage) first; then any two articles of the story whose
    word shingles overlap by ``copy_threshold`` (Jaccard) or more, so a wire story reprinted by
    three outlets is one voice even when the copy stage missed it. The earliest-listed article
    of a group is the original.
    """
    articles = {a.id: a for a in ordered}
    parent = {a.id: _canonical(a.id, articles) for a in ordered}

    def find(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    k = int(config.get("copy_shingle"))
    threshold = float(config.get("copy_threshold"))
    sh = {a.id: _shingles(a.body, k) for a in ordered}
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            ra, rb = find(a.id), find(b.id)
            if ra == rb or not sh[a.id] or not sh[b.id]:
                continue
            jac = len(sh[a.id] & sh[b.id]) / len(sh[a.id] | sh[b.id])
            if jac >= threshold:
                first, second = sorted((ra, rb), key=lambda x: [o.id for o in ordered].index(x))
                parent[second] = first
    return {a.id: find(a.id) for a in ordered}


_STOP = frozenset("""a an the of in on at to for from by with and or but that this these those is are was
were be been has have had it its as said says say after before over into than then there their
they he she his her we our you your not no will would could should may might also""".split())


def _content(text: str) -> set[str]:
    return {w for w in _words(text) if w not in _STOP and len(w) > 2}


def _corroborates(sentence: str, chosen: str) -> bool:
    """Does a supporting sentence state what the chosen summary sentence states? (enough
    shared content words: the same statement in other words, not just the same event code)"""
    a, b = _content(sentence), _content(chosen)
    if not a or not b:
        return False
    na, nb = _numbers(sentence), _numbers(chosen)
    if na and nb and not na & nb:
        return False  # "12 killed" does not back "248 killed"
    return len(a & b) / min(len(a), len(b)) >= 0.34


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in re.findall(r"\d[\d,.]*\d|\d", text)}


def _cite(supports: list[Support], number: dict[str, int]) -> list[int]:
    return sorted({number[s.article_id] for s in supports if s.article_id in number})


def _reports(supports: list[Support]) -> int:
    return len({s.article_id for s in supports})


def make_brief(store: Store, story_id: str) -> dict[str, Any]:
    """The brief as a dict (``--json``): headline, summary, events, quotes, conflicts, unique,
    sources. ``render_markdown`` turns it into text."""
    story_rows = store.query("SELECT * FROM stories WHERE id = ?", [story_id])
    story = story_from_row(story_rows[0]) if story_rows else None
    art_rows = store.query(
        "SELECT * FROM articles WHERE story_id = ? OR id IN (SELECT unnest(?))",
        [story_id, story.article_ids if story else []])
    articles = {r["id"]: article_from_row(r) for r in art_rows}
    ordered = sorted(articles.values(),
                     key=lambda a: (a.published or "9999", a.publisher or "", a.id))
    number = {a.id: n for n, a in enumerate(ordered, start=1)}
    sources: list[dict[str, Any]] = [{"n": number[a.id], "article_id": a.id, "publisher": a.publisher, "title": a.title,
                "published": a.published, "url": a.url,
                "copy_of": None} for a in ordered]
    original_of = copy_groups(ordered)
    for src in sources:
        orig = original_of[src["article_id"]]
        src["copy_of"] = number[orig] if orig != src["article_id"] else None

    events = [fused_event_from_row(r) for r in
              store.query("SELECT * FROM events WHERE story_id = ?", [story_id])]
    quotes = [fused_quote_from_row(r) for r in
              store.query("SELECT * FROM quotes WHERE story_id = ?", [story_id])]
    claims = [fused_claim_from_row(r) for r in
              store.query("SELECT * FROM claims WHERE story_id = ?", [story_id])]
    conflicts = [conflict_from_row(r) for r in
                 store.query("SELECT * FROM conflicts WHERE story_id = ? ORDER BY id", [story_id])]

    def rank(e: FusedEvent) -> tuple:
        # most reported first; at equal counts what happened before what may happen
        happened = e.status in ("asserted", "historical")
        return (-_reports(e.support), not happened, -len(e.mention_ids), e.date or "9999", e.id)

    events.sort(key=rank)

    # ---- summary: the sentence behind each of the most-reported events, then article leads
    summary: list[dict[str, Any]] = []
    used: list[str] = []
    for e in events:
        if len(summary) >= SUMMARY_MAX:
            break
        body_support = [s for s in e.support if not s.caption and s.sentence] or \
            [s for s in e.support if s.sentence]
        if not body_support:
            continue
        chosen = min(body_support, key=lambda s: (number.get(s.article_id, 10**6), s.start))
        text = chosen.sentence.strip()
        if any(_similar(text, u) for u in used):
            continue
        used.append(text)
        # cite the articles that state it: the chosen one, and others whose own sentence for
        # this event says the same thing in other words
        backing = [s for s in e.support if s.article_id == chosen.article_id or
                   _corroborates(s.sentence, text)]
        summary.append({
            "text": text,
            "citations": _cite(backing, number),
            "event_id": e.id,
            "_order": (number.get(chosen.article_id, 10**6), chosen.start),
            "support": [{"n": number.get(s.article_id), "article_id": s.article_id,
                         "sentence": s.sentence} for s in backing],
        })
    for a in ordered:
        if len(summary) >= SUMMARY_MIN:
            break
        if original_of[a.id] != a.id:
            continue
        lead = first_sentence(a.body)
        if not lead or any(_similar(lead, u) for u in used):
            continue
        used.append(lead)
        summary.append({"text": lead, "citations": [number[a.id]], "event_id": None,
                        "support": [{"n": number[a.id], "article_id": a.id, "sentence": lead}],
                        "_order": (number[a.id], 0)})
    # chosen by weight, read in order: sources by date, then position in the article
    summary.sort(key=lambda item: item.pop("_order"))

    key_events = [{
        "id": e.id, "date": e.date, "event": e.event, "mode": e.mode,
        "actor": actor_label(e.actor) if e.actor else "", "recipient":
        actor_label(e.recipient) if e.recipient else "", "status": e.status, "location": e.location,
        "reports": _reports(e.support), "mentions": len(e.mention_ids),
        "citations": _cite(e.support, number),
    } for e in events[:EVENTS_MAX]]

    quotes.sort(key=lambda q: (-_reports(q.support), q.kind != "direct", q.id))
    key_quotes = [{
        "id": q.id, "speaker": q.speaker.name if q.speaker else None,
        "speaker_code": q.speaker.code if q.speaker else None, "text": q.text, "kind": q.kind,
        "variants": q.variants, "reports": _reports(q.support),
        "citations": _cite(q.support, number),
    } for q in quotes[:QUOTES_MAX]]

    conflict_list = [{
        "id": k.id, "kind": k.kind, "about": k.about,
        "sides": [{"value": s.value, "publishers": s.publishers, "article_ids": s.article_ids,
                   "citations": sorted(number[a] for a in s.article_ids if a in number),
                   "sentences": s.sentences} for s in k.sides],
    } for k in conflicts]

    # ---- unique: what one outlet reports that the others do not
    unique: dict[str, dict[str, Any]] = {}
    originals = {a for a, o in original_of.items() if a == o}
    publishers = {articles[a].publisher for a in originals}
    if len(originals) >= 2 and len(publishers) >= 2:
        def only_in(supports: list[Support]) -> str | None:
            groups = {original_of[s.article_id] for s in supports if s.article_id in original_of}
            return next(iter(groups)) if len(groups) == 1 else None

        def entry(aid: str) -> dict[str, Any]:
            return unique.setdefault(aid, {"n": number[aid], "publisher": articles[aid].publisher,
                                           "events": [], "quotes": [], "claims": []})

        for e in events:
            aid = only_in(e.support)
            if aid:
                entry(aid)["events"].append({
                    "id": e.id, "event": e.event, "date": e.date,
                    "actor": actor_label(e.actor) if e.actor else "",
                    "recipient": actor_label(e.recipient) if e.recipient else "",
                    "sentence": next((s.sentence for s in e.support if s.sentence), "")})
        for q in quotes:
            aid = only_in(q.support)
            if aid:
                entry(aid)["quotes"].append({"id": q.id, "speaker": q.speaker.name if q.speaker else None,
                                             "text": q.text})
        for c in claims:
            aid = only_in(c.support)
            if aid:
                entry(aid)["claims"].append({"id": c.id, "text": c.text, "value": c.value,
                                             "unit": c.unit, "qualifier": c.qualifier,
                                             "subject": c.subject})

    headline = (story.title if story and story.title else None) or \
        next((a.title for a in ordered if a.title), None) or story_id
    return {
        "story_id": story_id,
        "headline": headline,
        "first_published": ordered[0].published if ordered else None,
        "last_published": max((a.published for a in ordered if a.published), default=None),
        "summary": summary,
        "events": key_events,
        "quotes": key_quotes,
        "conflicts": conflict_list,
        "unique": unique,
        "sources": sources,
        "counts": {"articles": len(ordered), "publishers": len({a.publisher for a in ordered if a.publisher}),
                   "fused_events": len(events), "event_reports": sum(_reports(e.support) for e in events)},
    }


def _refs(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def _flat(text: Any) -> str:
    return " ".join(str(text if text is not None else "").split())


def _cell(text: Any) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def render_markdown(brief: dict[str, Any]) -> str:
    """The brief as Markdown: headline, summary, key events table, quotes, conflicts, what only
    one outlet reports, and the numbered sources every ``[n]`` refers to."""
    out = [f"# {brief['headline']}", ""]
    counts = brief.get("counts", {})
    span = " to ".join(x for x in (brief.get("first_published"), brief.get("last_published")) if x)
    out.append(f"{counts.get('articles', len(brief['sources']))} reports from "
               f"{counts.get('publishers', 0)} outlets" + (f", {span}" if span else "") + ".")
    out.append("")
    out.append("## Summary")
    out.append("")
    if brief["summary"]:
        out.append(" ".join(f"{_flat(s['text'])} {_refs(s['citations'])}" for s in brief["summary"]))
    else:
        out.append("_No sentences to summarise._")
    out.append("")
    out.append("## Key events")
    out.append("")
    if brief["events"]:
        out.append("| Date | Event | Actor | Recipient | Status | Reports | Sources |")
        out.append("|---|---|---|---|---|---|---|")
        for e in brief["events"]:
            event = e["event"] + (f" ({e['mode']})" if e.get("mode") else "")
            out.append(f"| {_cell(e['date'] or '?')} | {_cell(event)} | {_cell(e['actor'])} | "
                       f"{_cell(e['recipient'])} | {_cell(e['status'])} | {e['reports']} | "
                       f"{_refs(e['citations'])} |")
    else:
        out.append("_No coded events._")
    out.append("")
    out.append("## Key quotes")
    out.append("")
    if brief["quotes"]:
        for q in brief["quotes"]:
            who = q["speaker"] or "unattributed"
            out.append(f"- **{_flat(who)}**: \u201c{_flat(q['text'])}\u201d {_refs(q['citations'])}")
    else:
        out.append("_No quotes._")
    out.append("")
    out.append("## Conflicts")
    out.append("")
    if brief["conflicts"]:
        for k in brief["conflicts"]:
            sides = " vs ".join(
                f"{s['value']} ({', '.join(s['publishers']) or 'unknown outlet'} {_refs(s['citations'])})"
                for s in k["sides"])
            out.append(f"- **{k['kind']}: {k['about']}**: {sides}")
    else:
        out.append("_The sources do not disagree on any number, actor or date we could compare._")
    out.append("")
    if brief["unique"]:
        out.append("## Only in one outlet")
        out.append("")
        for _aid, u in sorted(brief["unique"].items(), key=lambda kv: kv[1]["n"]):
            out.append(f"### [{u['n']}] {u['publisher'] or 'unknown outlet'}")
            out.append("")
            lines = [f"- {e['event']}: {e['actor'] or '?'} \u2192 {e['recipient'] or '?'}"
                     f"{' on ' + e['date'] if e['date'] else ''} \u2014 {_flat(e['sentence'])}"
                     for e in u["events"]]
            lines += [f"- quote, {_flat(q['speaker'] or 'unattributed')}: \u201c{_flat(q['text'])}\u201d"
                      for q in u["quotes"]]
            lines += [f"- number: {' '.join(_flat(x) for x in (c['qualifier'], c['text'], c['unit']) if x)}"
                      for c in u["claims"]]
            out.extend(lines[:UNIQUE_SHOWN])
            if len(lines) > UNIQUE_SHOWN:
                out.append(f"- \u2026 and {len(lines) - UNIQUE_SHOWN} more (see --json)")
            out.append("")
    out.append("## Sources")
    out.append("")
    for s in brief["sources"]:
        title = f"\u201c{s['title']}\u201d" if s.get("title") else "(untitled)"
        line = f"{s['n']}. {s.get('publisher') or 'unknown outlet'}, {title}"
        if s.get("published"):
            line += f", {s['published']}"
        if s.get("url"):
            line += f", <{s['url']}>"
        if s.get("copy_of"):
            line += f" (copy of [{s['copy_of']}])"
        out.append(line)
    return "\n".join(out).rstrip() + "\n"
