"""Cross-source fusion: one record per real-world event, quote and number inside a story.

Ten outlets reporting one air strike give ten event mentions; counting them as ten strikes is
the classic failure of event data ("report inflation"). Fusion groups, inside each story, the
mentions that describe the same happening and keeps every article and sentence behind the
group in ``support``, so both numbers stay available: real-world events (one per fused record)
and reports (distinct ``support[].article_id``).

Rules (each documented in ``docs/schema.md`` and measured by ``bench/bench_fusion.py``):

* Event mentions fuse when the PLOVER type is the same, the status class is the same
  (asserted/historical vs negated/denied vs future vs hypothetical), the dates are within
  ``fusion_window_days`` (a missing date does not block; "2014" is the whole year; a date
  that only repeats the publication date is an upper bound), the places can be the same place
  (``fusion_split_places``), and actors and recipients are compatible: an unknown side is
  compatible with anything, and one side's actors must all have a counterpart in the other's
  list (same country/org code; an uncoded "militants" matches any actor of its sector; state
  and non-state sectors do not mix; two named officials with different names do not mix). For
  mutual events (CONSULT, COOPERATE, cease-fires) actor and recipient are pooled, because one
  outlet writes "A met B" and another "A and B met".
  Mentions are taken most specific first; one joins a group when type, status, date and place
  fit every member and its actors fit the group's merged actor list, so a vague mention cannot
  chain two incompatible groups together; among several fitting groups it joins the one it
  shares most with.
* Quotes fuse when their words are the same after normalising case, punctuation, curly quotes
  and contractions ("There's" = "there is"), by token-set similarity (numbers must agree),
  and the speakers are the same person or one is unknown.
* Claims fuse when they count the same thing (unit family, counted group and subject), the
  speakers agree or one is unknown, and the values are equal or within
  ``claim_exact_tolerance``.
* Conflicts: numbers of a counted family (``data/claim_units.tsv``) for one date, place and
  year whose qualifier intervals ("at least 5,000" = [5000, inf)) do not overlap; an attack
  or coercion against the same identified target on the same dates by incompatible identified
  actors; the same event dated beyond the window by sources writing at the same time. A side
  is only in conflict with another when each has an article the other lacks, so one article
  updating its own toll is not a dispute.

Fused ids are hashes of the sorted member ids: rerunning fusion on the same mentions gives the
same ids, and a new mention changes only the id of the group it joins.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date as _date
from datetime import timedelta
from functools import lru_cache
from importlib import resources

from wirewatch import config, gazetteer
from wirewatch.rows import (
    claim_from_row,
    event_mention_from_row,
    fetch_dicts,
    quote_from_row,
)
from wirewatch.store import Store, replace_fused
from wirewatch.types import (
    ActorRef,
    Claim,
    Conflict,
    ConflictSide,
    EventMention,
    FusedClaim,
    FusedEvent,
    FusedQuote,
    Quote,
    Support,
)

# Reciprocal event types: participants are compared as one pool (PLOVER codes a meeting of
# A and B either as actor [A, B] or as actor [A] recipient [B]).
SYMMETRIC_EVENTS = frozenset({"CONSULT", "COOPERATE"})
# Modes that make any event mutual: "Israel agreed a cease-fire with Hamas" and "Hamas agreed a
# cease-fire with Israel" are one truce.
RECIPROCAL_MODES = frozenset({"ceasefire", "cease-fire", "truce"})


def reciprocal(m: EventMention) -> bool:
    """Is this mention's event mutual, so that actor and recipient may swap between outlets?"""
    return m.event in SYMMETRIC_EVENTS or (m.mode or "").lower() in RECIPROCAL_MODES

# Statuses that can describe the same happening. A "historical" mention is the same event
# told later as background; a denial is not the same record as an assertion.
STATUS_CLASS = {
    "asserted": "real",
    "historical": "real",
    "negated": "negative",
    "denied": "negative",
    "future": "future",
    "hypothetical": "hypothetical",
}

# State sectors vs everything else: "Russian forces" and "the Kremlin" may be the same doer,
# "Russian forces" and "Russian protesters" are not.
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG", "PRM"})
# PLOVER's "unidentified armed forces" ("unknown gunmen") may be on either side of that line.
ANY_SIDE_SECTORS = frozenset({"UAF"})

# Event types with one doer per happening: two sources naming different doers of one attack or
# one arrest disagree; many actors can sanction, accuse or demand in parallel without dispute.
ACTOR_DISPUTE_EVENTS = frozenset({"ASSAULT", "COERCE"})

# Dates that only repeat the publication date are weak evidence of when something happened.
WEAK_DATE_BASES = frozenset({None, "published", "default"})


def _hash(prefix: str, parts: Iterable[str]) -> str:
    return prefix + hashlib.sha1("|".join(sorted(parts)).encode("utf-8")).hexdigest()[:16]


def _parse_date(value: str | None) -> _date | None:
    if not value:
        return None
    try:
        return _date.fromisoformat(value[:10])
    except ValueError:
        return None


def date_span(value: str | None) -> tuple[_date, _date] | None:
    """The days a date may mean: "2022-02-10" one day, "2022-02" a month, "2014" a year."""
    if not value:
        return None
    full = _parse_date(value)
    if full is not None:
        return full, full
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", value.strip())
    if not m:
        return None
    year = int(m.group(1))
    if m.group(2):
        month = int(m.group(2))
        if not 1 <= month <= 12:
            return None
        nxt = _date(year + (month == 12), month % 12 + 1, 1)
        return _date(year, month, 1), nxt - timedelta(days=1)
    return _date(year, 1, 1), _date(year, 12, 31)


def _gap(a: tuple[_date, _date], b: tuple[_date, _date]) -> int:
    """Days between two spans (0 when they overlap)."""
    return max(0, (b[0] - a[1]).days, (a[0] - b[1]).days)


def dates_within(a: str | None, b: str | None, window: int) -> bool:
    """True when either date is unknown or they are at most ``window`` days apart (partial
    dates such as "2014" compare as the whole span they name)."""
    sa, sb = date_span(a), date_span(b)
    if sa is None or sb is None:
        return True
    return _gap(sa, sb) <= window


# ---------------------------------------------------------------------------------- actors
_NAME_DROP = re.compile(r"[^\w\s]")


def _fold(text: str) -> str:
    """Lower case with accents folded: "Moïse" and "Moise" are one name."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def _name_tokens(name: str | None) -> set[str]:
    return {t for t in _NAME_DROP.sub(" ", _fold(name or "")).split() if len(t) > 1}


def _names_compatible(a: str | None, b: str | None) -> bool:
    ta, tb = _name_tokens(a), _name_tokens(b)
    if not ta or not tb:
        return True
    return ta <= tb or tb <= ta


def actor_compatible(a: ActorRef, b: ActorRef) -> bool:
    """Can these two actor references denote the same doer? (memoised: fusion asks often)"""
    return _actor_compatible(_key(a), _key(b))


@lru_cache(maxsize=131072)
def _actor_compatible(ka: tuple, kb: tuple) -> bool:
    """See ``actor_compatible``; takes (name, code, sector, role) tuples.

    Same code; an actor without a code ("militants", REB) is a vague reference that may be
    any actor of a compatible sector, but a bare name (no code, no sector) must agree with the
    other's name; state and non-state sectors never match; two named officials (both with a
    role) must have compatible names, so [USA GOV] matches [USA GOV secretary of state Blinken]
    but [USA GOV Blinken] does not match [USA GOV Biden].
    """
    a, b = ActorRef(*ka), ActorRef(*kb)
    if a.code and b.code:
        if a.code != b.code:
            return False
    else:
        uncoded = [x for x in (a, b) if not x.code]
        bare = any(x.sector is None for x in uncoded)
        if (bare or (len(uncoded) == 2 and a.sector != b.sector)) and \
                not _names_compatible(a.name, b.name):
            return False
    if (a.sector and b.sector and not {a.sector, b.sector} & ANY_SIDE_SECTORS
            and (a.sector in STATE_SECTORS) != (b.sector in STATE_SECTORS)):
        return False
    if a.role and b.role and not _names_compatible(a.name, b.name):
        return False
    return True


def _key(a: ActorRef) -> tuple:
    return (a.name, a.code, a.sector, a.role)


def actors_compatible(xs: Sequence[ActorRef], ys: Sequence[ActorRef]) -> bool:
    """Lists are compatible when one is unknown or one's actors all appear in the other."""
    if not xs or not ys:
        return True
    return _lists_compatible(tuple(map(_key, xs)), tuple(map(_key, ys)))


@lru_cache(maxsize=131072)
def _lists_compatible(xs: tuple, ys: tuple) -> bool:
    x_in_y = all(any(_actor_compatible(x, y) for y in ys) for x in xs)
    y_in_x = all(any(_actor_compatible(x, y) for x in xs) for y in ys)
    return x_in_y or y_in_x


def _specificity(a: ActorRef) -> tuple[int, int, int]:
    return (int(bool(a.role)), int(bool(a.sector)) + int(bool(a.code)), len(a.name or ""))


def merge_actors(lists: Iterable[Sequence[ActorRef]]) -> list[ActorRef]:
    """One actor list for a fused record: the most specific reference per compatible group."""
    merged: list[ActorRef] = []
    for actors in lists:
        for actor in actors:
            for i, kept in enumerate(merged):
                if actor_compatible(actor, kept) and (
                    actor.code == kept.code or not actor.code or not kept.code
                ):
                    if _specificity(actor) > _specificity(kept):
                        merged[i] = actor
                    break
            else:
                merged.append(actor)
    return merged


def actor_label(actors: Sequence[ActorRef]) -> str:
    """Short human label: "USA GOV (Antony Blinken)"."""
    parts = []
    for a in actors:
        code = " ".join(x for x in (a.code, a.sector) if x)
        if code and a.name and a.name.upper() != a.code:
            parts.append(f"{code} ({a.name})")
        else:
            parts.append(code or a.name or "?")
    return " + ".join(parts) if parts else "unknown"


# ---------------------------------------------------------------------------------- events
def _weak(m: EventMention) -> bool:
    return m.date_basis in WEAK_DATE_BASES


def mention_dates_compatible(a: EventMention, b: EventMention, window: int) -> bool:
    """Dates within the window; a date that only repeats the publication date is an upper bound.

    An event reported on its article's publication date without a date of its own happened on
    or before that day: it may be the same as a mention dated up to
    ``fusion_undated_window_days`` earlier.
    """
    if dates_within(a.date, b.date, window):
        return True
    sa, sb = date_span(a.date), date_span(b.date)
    if sa is None or sb is None:
        return True
    undated = int(config.get("fusion_undated_window_days"))
    for weak, strong in ((sa, sb), (sb, sa)):
        if (weak is sa and _weak(a) and not _weak(b)) or (weak is sb and _weak(b) and not _weak(a)):
            # the weak date is the publication day: the event was on or before it
            if strong[0] <= weak[1] and (weak[0] - strong[1]).days <= undated:
                return True
    return False


def _status_compatible(a: EventMention, b: EventMention) -> bool:
    """Same status class; a "historical" mention dated only by its article's publication date
    is background with no date of its own, and does not fuse with an asserted mention."""
    if STATUS_CLASS.get(a.status, a.status) != STATUS_CLASS.get(b.status, b.status):
        return False
    if a.status != b.status:
        for x in (a, b):
            if x.status == "historical" and _weak(x):
                return False
    return True


def _places_compatible(a: str | None, b: str | None) -> bool:
    return not config.get("fusion_split_places") or gazetteer.same_place_possible(a, b)


def _core_compatible(a: EventMention, b: EventMention, window: int) -> bool:
    return (a.event == b.event and _status_compatible(a, b)
            and mention_dates_compatible(a, b, window)
            and _places_compatible(a.location, b.location))


def same_event(a: EventMention, b: EventMention, window: int | None = None) -> bool:
    """Can two event mentions describe the same real-world happening? (the fusion rule)"""
    if window is None:
        window = int(config.get("fusion_window_days"))
    if not _core_compatible(a, b, window):
        return False
    if reciprocal(a) and reciprocal(b):
        return actors_compatible(a.actor + a.recipient, b.actor + b.recipient)
    return actors_compatible(a.actor, b.actor) and actors_compatible(a.recipient, b.recipient)


def _codes(actors: Sequence[ActorRef]) -> set[str]:
    return {a.code or (a.name or "").lower() for a in actors}


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _pair_score(a: EventMention, b: EventMention) -> float:
    """How much two compatible mentions share: used to pick among compatible groups."""
    score = 0.0
    if a.date and a.date == b.date:
        score += 2
    score += len(_codes(a.actor) & _codes(b.actor)) + len(_codes(a.recipient) & _codes(b.recipient))
    if a.location and b.location and gazetteer.norm_place(a.location) == gazetteer.norm_place(b.location):
        score += 1
    if a.trigger and b.trigger and a.trigger.lower() == b.trigger.lower():
        score += 1
    wa, wb = _words(a.support.sentence), _words(b.support.sentence)
    if wa and wb:
        score += len(wa & wb) / len(wa | wb)
    return score


def _mention_order(m: EventMention) -> tuple:
    known = len(m.actor) + len(m.recipient) + int(bool(m.date)) + int(bool(m.location))
    return (-known, m.date or "9999", m.id)


@dataclass(slots=True)
class _Group:
    """A growing cluster with its merged actor and recipient lists kept up to date."""

    members: list[EventMention]
    actors: list[ActorRef]
    recipients: list[ActorRef]
    reciprocal: bool

    def add(self, m: EventMention) -> None:
        self.members.append(m)
        self.reciprocal = self.reciprocal and reciprocal(m)
        self.actors = merge_actors([self.actors, m.actor])
        self.recipients = merge_actors([self.recipients, m.recipient])


def _fits_group(m: EventMention, group: _Group, window: int) -> bool:
    """Can ``m`` join ``group``?

    Actors and recipients are compared with the group's merged signature (every actor any
    member named), so "France offered help" joins "France, Spain and Turkey offered help" even
    when "Turkey offered help" is already there, while "Britain imposed sanctions" still cannot
    join "the U.S. imposed sanctions" through a vague "sanctions were imposed". Type, status,
    date and place must be compatible with every member (complete link), so dates cannot drift
    day by day along a chain.
    """
    if group.reciprocal and reciprocal(m):
        if not actors_compatible(m.actor + m.recipient,
                                 merge_actors([group.actors, group.recipients])):
            return False
    elif not (actors_compatible(m.actor, group.actors)
              and actors_compatible(m.recipient, group.recipients)):
        return False
    return all(_core_compatible(m, other, window) for other in group.members)


def cluster_events(mentions: Sequence[EventMention], window: int | None = None) -> list[list[EventMention]]:
    """Group mentions of one happening; deterministic for a given input set.

    Mentions are taken most specific first (most actors, recipients, date and place known);
    each joins the fitting group it shares most with (``_pair_score``), or starts a new one.
    """
    if window is None:
        window = int(config.get("fusion_window_days"))
    by_type: dict[str, list[_Group]] = {}
    order: list[_Group] = []
    for m in sorted(mentions, key=_mention_order):
        best, best_score = None, -1.0
        for group in by_type.get(m.event, []):
            if not _fits_group(m, group, window):
                continue
            score = sum(_pair_score(m, other) for other in group.members) / len(group.members)
            if score > best_score:
                best, best_score = group, score
        if best is None:
            group = _Group([m], list(m.actor), list(m.recipient), reciprocal(m))
            by_type.setdefault(m.event, []).append(group)
            order.append(group)
        else:
            best.add(m)
    return [g.members for g in order]


def _most_common(values: Iterable, prefer_first_sorted: bool = True):
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    top = max(counts.values())
    winners = [v for v, c in counts.items() if c == top]
    return sorted(winners)[0] if prefer_first_sorted else winners[0]


def _best_date(values: Iterable[str | None]) -> str | None:
    """The most common of the most precise dates given (a day beats a month beats a year)."""
    dates = [v for v in values if v]
    if not dates:
        return None
    longest = max(len(v) for v in dates)
    return _most_common(v for v in dates if len(v) == longest)


def _with_publisher(s: Support, publishers: dict[str, str | None]) -> Support:
    if s.publisher is None and publishers.get(s.article_id) is not None:
        return Support(s.article_id, s.sentence, s.start, s.end, s.caption, s.caption_index,
                       publishers.get(s.article_id))
    return s


def _support_key(s: Support) -> tuple:
    return (s.article_id, bool(s.caption), s.caption_index or 0, s.start, s.end)


def _dedupe_supports(supports: Iterable[Support]) -> list[Support]:
    seen: dict[tuple, Support] = {}
    for s in supports:
        seen.setdefault(_support_key(s), s)
    return [seen[k] for k in sorted(seen)]


def fuse_event_group(story_id: str | None, group: Sequence[EventMention],
                     publishers: dict[str, str | None]) -> FusedEvent:
    intensities = [m.intensity for m in group if m.intensity is not None]
    statuses = [m.status for m in group]
    status = "asserted" if "asserted" in statuses else _most_common(statuses)
    return FusedEvent(
        id=_hash("E", (m.id for m in group)),
        story_id=story_id,
        event=group[0].event,
        actor=merge_actors(m.actor for m in group),
        recipient=merge_actors(m.recipient for m in group),
        support=_dedupe_supports(_with_publisher(m.support, publishers) for m in group),
        mention_ids=sorted(m.id for m in group),
        mode=_most_common(m.mode for m in group),
        cameo_root=_most_common(m.cameo_root for m in group),
        quad=_most_common(m.quad for m in group),
        intensity=round(sum(intensities) / len(intensities), 3) if intensities else None,
        date=_best_date(m.date for m in group),
        location=_most_common(m.location for m in group),
        status=status or "asserted",
    )


# ---------------------------------------------------------------------------------- quotes
_CONTRACTIONS = [
    (r"\bwon't\b", "will not"), (r"\bcan't\b", "cannot"), (r"\bshan't\b", "shall not"),
    (r"\bain't\b", "is not"), (r"\blet's\b", "let us"), (r"n't\b", " not"),
    (r"'re\b", " are"), (r"'ll\b", " will"), (r"'ve\b", " have"), (r"'m\b", " am"),
    (r"'d\b", " would"),
    (r"\b(it|that|there|here|what|who|where|how|he|she|this)'s\b", r"\1 is"),
]
_CONTRACTION_RES = [(re.compile(p), r) for p, r in _CONTRACTIONS]


def normalize_quote(text: str) -> str:
    """Case, curly quotes, contractions and punctuation folded away; words kept in order."""
    t = text.lower()
    t = t.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'").replace("`", "'")
    t = t.replace("cannot", "can not")
    for pattern, repl in _CONTRACTION_RES:
        t = pattern.sub(repl, t)
    t = t.replace("can not", "cannot")
    t = re.sub(r"'s\b", "", t)  # possessive
    t = re.sub(r"[^\w\s]", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def quote_similarity(a: str, b: str) -> tuple[float, float]:
    """(Jaccard, containment) of the normalised token sets."""
    ta, tb = set(normalize_quote(a).split()), set(normalize_quote(b).split())
    if not ta or not tb:
        return 0.0, 0.0
    inter = len(ta & tb)
    return inter / len(ta | tb), inter / min(len(ta), len(tb))


def speakers_compatible(a: ActorRef | None, b: ActorRef | None) -> bool:
    """Same speaker or one unknown; "Tehran" (IRN GOV) may be its foreign minister, but two
    named officials must be the same person and a bare name must match the other's name."""
    if a is None or b is None:
        return True
    return actor_compatible(a, b)


def same_quote(a: Quote, b: Quote) -> bool:
    if not speakers_compatible(a.speaker, b.speaker):
        return False
    na, nb = normalize_quote(a.text), normalize_quote(b.text)
    if na == nb:
        return bool(na)
    nums_a, nums_b = set(re.findall(r"\d+", na)), set(re.findall(r"\d+", nb))
    if nums_a and nums_b and nums_a != nums_b:
        return False  # "2,562 injured" and "2,421 injured" are two statements
    shortest = min(len(na.split()), len(nb.split()))
    if shortest < 3:
        return False
    jaccard, containment = quote_similarity(a.text, b.text)
    return (jaccard >= float(config.get("quote_jaccard"))
            or containment >= float(config.get("quote_containment")))


_KIND_RANK = {"direct": 0, "partial": 1, "indirect": 2}


def cluster_quotes(quotes: Sequence[Quote]) -> list[list[Quote]]:
    ordered = sorted(quotes, key=lambda q: (_KIND_RANK.get(q.kind, 3), -len(q.text), q.id))
    groups: list[list[Quote]] = []
    for q in ordered:
        best, best_sim = None, -1.0
        for group in groups:
            if all(same_quote(q, other) for other in group):
                sim = quote_similarity(q.text, group[0].text)[0]
                if sim > best_sim:
                    best, best_sim = group, sim
        if best is None:
            groups.append([q])
        else:
            best.append(q)
    return groups


def fuse_quote_group(story_id: str | None, group: Sequence[Quote],
                     publishers: dict[str, str | None]) -> FusedQuote:
    lead = group[0]  # best kind, longest text (cluster order)
    speakers = [q.speaker for q in group if q.speaker is not None]
    speaker = max(speakers, key=_specificity) if speakers else None
    variants: list[str] = []
    for q in group:
        if q.text not in variants:
            variants.append(q.text)
    return FusedQuote(
        id=_hash("Q", (q.id for q in group)),
        story_id=story_id,
        text=lead.text,
        kind=lead.kind,
        speaker=speaker,
        support=_dedupe_supports(_with_publisher(s, publishers) for q in group for s in q.support),
        quote_ids=sorted(q.id for q in group),
        variants=variants,
        verb=_most_common(q.verb for q in group),
    )


# ---------------------------------------------------------------------------------- claims
@lru_cache(maxsize=1)
def unit_families() -> dict[str, tuple[str, bool]]:
    """Unit wording -> (family, compared for conflicts), from ``data/claim_units.tsv``."""
    raw = resources.files("wirewatch.data").joinpath("claim_units.tsv").read_text(encoding="utf-8")
    out: dict[str, tuple[str, bool]] = {}
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if cols[0] == "unit":
            continue
        compare = len(cols) < 3 or cols[2].lower() != "no"
        out[cols[0].lower()] = (cols[1], compare)
    return out


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


GENERIC_WHO = frozenset({"people", "person", "persons", "individual", "individuals"})


def _norm_unit(unit: str | None) -> str:
    u = re.sub(r"\s+", " ", (unit or "").lower()).strip()
    return re.sub(r"^(the|a|an)\s+", "", u)


@lru_cache(maxsize=1)
def _singular_families() -> dict[str, tuple[str, bool]]:
    """The unit table keyed by singular wording (first key wins, as the table is ordered)."""
    out: dict[str, tuple[str, bool]] = {}
    for key, value in unit_families().items():
        out.setdefault(" ".join(_singular(w) for w in key.split()), value)
    return out


@lru_cache(maxsize=16384)
def _unit_parts(unit: str | None) -> tuple[str, str | None, bool]:
    """(family, who, compared) of a unit wording; see ``data/claim_units.tsv``.

    Cached: fusion compares every pair of a story's claims, and a story repeats few units.
    """
    u = _norm_unit(unit)
    families = unit_families()
    if u in families:
        family, compare = families[u]
        words = u.split()
        who = " ".join(words[:-1]) if len(words) > 1 and words[-1] in families else None
        return family, who, compare
    singular = " ".join(_singular(w) for w in u.split())
    if singular in _singular_families():
        family, compare = _singular_families()[singular]
        return family, None, compare
    words = u.split()
    if len(words) > 1 and words[-1] in families:
        family, compare = families[words[-1]]
        return family, " ".join(words[:-1]), compare
    return singular, None, False


def unit_key(unit: str | None) -> str:
    """The family a claim's unit is compared under ("deaths" and "people killed" -> killed)."""
    return _unit_parts(unit)[0]


def _who_compatible(a: str | None, b: str | None) -> bool:
    if not a or not b or a in GENERIC_WHO or b in GENERIC_WHO:
        return True
    return " ".join(_singular(w) for w in a.split()) == " ".join(_singular(w) for w in b.split())


def _subject_compatible(a: str | None, b: str | None) -> bool:
    return _names_compatible(a, b)


LOWER_BOUND = ("at least", "more than", "over", "above", "upwards of", "well over",
               "in excess of", "exceeding", "no fewer than", "no less than", "greater than",
               "topping", "beyond", "north of", "at minimum", "a minimum of")
UPPER_BOUND = ("up to", "at most", "fewer than", "less than", "under", "below", "no more than",
               "as many as", "a maximum of", "at maximum", "not more than", "just under")
NEAR_BELOW = ("nearly", "almost", "just shy of", "close to", "approaching")


def claim_interval(value: float, qualifier: str | None) -> tuple[float, float]:
    """The range a qualified number admits.

    No qualifier: the value give or take ``claim_exact_tolerance`` (reported numbers are
    rounded). Lower bounds ("at least", "more than") are open upwards, upper bounds ("up
    to", "fewer than") downwards; "nearly" is just below the value; anything else ("about",
    "some", "an estimated", unknown words) is give or take ``claim_approx_tolerance``.
    """
    exact = float(config.get("claim_exact_tolerance"))
    approx = float(config.get("claim_approx_tolerance"))
    q = re.sub(r"\s+", " ", (qualifier or "").lower()).strip()
    v = abs(value)
    if not q or q in {"exactly", "precisely", "a total of", "total"}:
        return v * (1 - exact), v * (1 + exact)
    if any(q == p or q.startswith(p + " ") or q.endswith(" " + p) for p in LOWER_BOUND):
        return v, float("inf")
    if any(q == p or q.startswith(p + " ") or q.endswith(" " + p) for p in UPPER_BOUND):
        return 0.0, v
    if any(q == p or q.startswith(p + " ") for p in NEAR_BELOW):
        return v * (1 - approx), v
    return v * (1 - approx), v * (1 + approx)


def intervals_disjoint(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[1] < b[0] or b[1] < a[0]


_CAPS = re.compile(r"[A-Z][\w'\u2019-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w'\u2019-]*)*")
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")


def _places(supports: Iterable[Support]) -> set[str]:
    """Countries (ISO alpha-3) of the places the gazetteer finds in the sentences."""
    found: set[str] = set()
    for s in supports:
        for run in _CAPS.findall(s.sentence or ""):
            words = [re.sub(r"['\u2019]s$", "", w) for w in run.split()]
            for n in range(min(3, len(words)), 0, -1):
                for i in range(len(words) - n + 1):
                    place = gazetteer.lookup(" ".join(words[i:i + n]))
                    if place is not None:
                        found.add(place.cc3)
    return found


def _years(supports: Iterable[Support]) -> set[int]:
    return {int(y) for s in supports for y in _YEAR.findall(s.sentence or "")}


def comparable_context(a_support: Sequence[Support], a_date: str | None,
                       b_support: Sequence[Support], b_date: str | None) -> bool:
    """Do two numbers' sentences talk about the same place and time?

    Used when the claims stage found no subject: "12 people were killed in Israel" and "232
    were killed in Gaza" name different countries; "a 1999 quake killed 17,000" is about
    another year than a toll dated 2023.
    """
    pa, pb = _places(a_support), _places(b_support)
    if pa and pb and not pa & pb:
        return False
    ya, yb = _years(a_support), _years(b_support)
    if ya and yb and not ya & yb:
        return False
    for years, other in ((ya, b_date), (yb, a_date)):
        span = date_span(other)
        if years and span is not None and not any(span[0].year <= y <= span[1].year for y in years):
            return False
    return True


def same_claim(a: Claim, b: Claim, window: int) -> bool:
    fa, wa, _ = _unit_parts(a.unit)
    fb, wb, _ = _unit_parts(b.unit)
    if fa != fb or not _who_compatible(wa, wb):
        return False
    if not _subject_compatible(a.subject, b.subject):
        return False
    if not speakers_compatible(a.speaker, b.speaker):
        return False
    if not dates_within(a.date, b.date, window):
        return False
    if a.value == b.value:
        return True
    tol = float(config.get("claim_exact_tolerance"))
    big = max(abs(a.value), abs(b.value))
    if big == 0 or abs(a.value - b.value) > tol * big:
        return False
    return not intervals_disjoint(claim_interval(a.value, a.qualifier),
                                  claim_interval(b.value, b.qualifier))


def cluster_claims(claims: Sequence[Claim], window: int) -> list[list[Claim]]:
    ordered = sorted(claims, key=lambda c: (unit_key(c.unit), c.value, c.id))
    groups: list[list[Claim]] = []
    for c in ordered:
        for group in groups:
            if all(same_claim(c, other, window) for other in group):
                group.append(c)
                break
        else:
            groups.append([c])
    return groups


def fuse_claim_group(story_id: str | None, group: Sequence[Claim],
                     publishers: dict[str, str | None]) -> FusedClaim:
    value = _most_common(c.value for c in group)
    lead = next(c for c in group if c.value == value)
    speakers = [c.speaker for c in group if c.speaker is not None]
    return FusedClaim(
        id=_hash("C", (c.id for c in group)),
        story_id=story_id,
        value=float(value),
        text=lead.text,
        support=_dedupe_supports(_with_publisher(s, publishers) for c in group for s in c.support),
        claim_ids=sorted(c.id for c in group),
        unit=lead.unit,
        qualifier=_most_common(c.qualifier for c in group),
        subject=_most_common(c.subject for c in group),
        speaker=max(speakers, key=_specificity) if speakers else None,
        date=_best_date(c.date for c in group),
    )


# ------------------------------------------------------------------------------- conflicts
def _articles(supports: Iterable[Support]) -> set[str]:
    return {s.article_id for s in supports}


def _each_has_own(a: set[str], b: set[str]) -> bool:
    """Each side has an article the other lacks: a real disagreement between sources."""
    return bool(a - b) and bool(b - a)


def _side(value: str, supports: Sequence[Support], publishers: dict[str, str | None]) -> ConflictSide:
    arts = sorted(_articles(supports))
    pubs = sorted({p for p in (publishers.get(a) for a in arts) if p} |
                  {s.publisher for s in supports if s.publisher})
    sentences: list[str] = []
    for s in supports:
        if s.sentence and s.sentence not in sentences:
            sentences.append(s.sentence)
    return ConflictSide(value=value, article_ids=arts, publishers=pubs, sentences=sentences)


def _components(n: int, edges: Iterable[tuple[int, int]]) -> list[list[int]]:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    touched: set[int] = set()
    for i, j in edges:
        touched.update((i, j))
        parent[find(i)] = find(j)
    comps: dict[int, list[int]] = {}
    for i in sorted(touched):
        comps.setdefault(find(i), []).append(i)
    return list(comps.values())


def _format_number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}"


def _same_time(a: FusedClaim, b: FusedClaim, window: int) -> bool:
    """Both numbers as of one date. A number whose date we know (its own, its article's, or a
    year its sentence names) is not compared with one whose date we do not know: a toll of
    unknown date may be an earlier or later update. Two undated numbers are compared."""
    known_a = bool(a.date) or bool(_years(a.support))
    known_b = bool(b.date) or bool(_years(b.support))
    if known_a != known_b:
        return False
    return dates_within(a.date, b.date, window)


def number_conflicts(story_id: str, claims: Sequence[FusedClaim],
                     publishers: dict[str, str | None], window: int = 0) -> list[Conflict]:
    """Numbers of one family, subject, place and date whose qualified ranges do not overlap.

    Only families marked ``compare`` in ``data/claim_units.tsv`` (counts of dead, injured,
    troops, money, ...): "countries", "percent" or magnitudes measure too many different things.
    Dates must be equal (``window`` days apart at most, 0 by default): tolls grow day by day.
    """
    out: list[Conflict] = []
    by_unit: dict[str, list[FusedClaim]] = {}
    for c in claims:
        family, _, compare = _unit_parts(c.unit)
        if compare and family:
            by_unit.setdefault(family, []).append(c)
    for unit, group in sorted(by_unit.items()):
        group = sorted(group, key=lambda c: (c.value, c.id))
        edges = []
        for i in range(len(group)):
            for j in range(i + 1, len(group)):
                a, b = group[i], group[j]
                if not _who_compatible(_unit_parts(a.unit)[1], _unit_parts(b.unit)[1]):
                    continue
                if not _subject_compatible(a.subject, b.subject):
                    continue
                if not _same_time(a, b, window):
                    continue
                if not intervals_disjoint(claim_interval(a.value, a.qualifier),
                                          claim_interval(b.value, b.qualifier)):
                    continue
                if not _each_has_own(_articles(a.support), _articles(b.support)):
                    continue
                if not comparable_context(a.support, a.date, b.support, b.date):
                    continue
                edges.append((i, j))
        for comp in _components(len(group), edges):
            members = [group[i] for i in comp]
            subject = _most_common(c.subject for c in members)
            about = members[0].unit or unit
            if subject:
                about = f"{about} ({subject})"
            # one side per stated value: two fused claims giving the same figure agree
            by_label: dict[str, list[Support]] = {}
            for c in members:
                label = " ".join(x for x in (c.qualifier, _format_number(c.value)) if x)
                by_label.setdefault(label, []).extend(c.support)
            sides = [_side(label, sup, publishers) for label, sup in by_label.items()]
            out.append(Conflict(id=_hash("K", ["number", about, *(c.id for c in members)]),
                                story_id=story_id, kind="number", about=about, sides=sides))
    return out


def _strong_date(event: FusedEvent, by_id: dict[str, EventMention]) -> bool:
    return any(by_id[m].date_basis not in WEAK_DATE_BASES and by_id[m].date
               for m in event.mention_ids if m in by_id)


def _latest_published(event: FusedEvent, published: dict[str, str | None]) -> _date | None:
    dates = [d for a in _articles(event.support) if (d := _parse_date(published.get(a)))]
    return max(dates) if dates else None


def event_conflicts(story_id: str, events: Sequence[FusedEvent], mentions: Sequence[EventMention],
                    publishers: dict[str, str | None], published: dict[str, str | None] | None,
                    window: int) -> list[Conflict]:
    """Actor and date disagreements between fused events of one story."""
    by_id = {m.id: m for m in mentions}
    out: list[Conflict] = []
    real = [e for e in events if STATUS_CLASS.get(e.status) == "real"]
    actor_edges, date_edges = [], []
    by_type: dict[str, list[int]] = {}
    for i, e in enumerate(real):
        if e.event not in SYMMETRIC_EVENTS:
            by_type.setdefault(e.event, []).append(i)
    pairs = [(i, j) for idx in by_type.values() for n, i in enumerate(idx) for j in idx[n + 1:]]
    for i, j in pairs:
        a, b = real[i], real[j]
        if _articles(a.support) & _articles(b.support):
            continue  # one article tells both: two happenings, not a dispute
        if not gazetteer.same_place_possible(a.location, b.location):
            continue
        if not (a.recipient and b.recipient and actors_compatible(a.recipient, b.recipient)):
            continue
        shared_target = {x.code for x in a.recipient if x.code} & {x.code for x in b.recipient if x.code}
        both_dated = bool(a.date and b.date)
        coded = any(x.code for x in a.actor) and any(x.code for x in b.actor)
        if (coded and shared_target and a.event in ACTOR_DISPUTE_EVENTS
                and not actors_compatible(a.actor, b.actor)
                and both_dated and dates_within(a.date, b.date, window)):
            actor_edges.append((i, j))
        elif (a.actor and b.actor and actors_compatible(a.actor, b.actor) and both_dated
              and not dates_within(a.date, b.date, window)
              and _strong_date(a, by_id) and _strong_date(b, by_id)):
            # sources writing before the later date could not have known it: no dispute
            span_a, span_b = date_span(a.date), date_span(b.date)
            if span_a is None or span_b is None:
                continue
            later = max(span_a[0], span_b[0])
            early = a if span_a[0] < later else b
            pub = _latest_published(early, published or {})
            if published is None or (pub is not None and pub >= later):
                date_edges.append((i, j))
    for comp in _components(len(real), actor_edges):
        members = [real[i] for i in comp]
        about = f"who carried out {members[0].event} against {actor_label(members[0].recipient)}"
        sides = [_side(actor_label(e.actor), e.support, publishers) for e in members]
        out.append(Conflict(id=_hash("K", ["actor", *(e.id for e in members)]),
                            story_id=story_id, kind="actor", about=about, sides=sides))
    for comp in _components(len(real), date_edges):
        members = sorted((real[i] for i in comp), key=lambda e: e.date or "")
        about = (f"date of {members[0].event} by {actor_label(members[0].actor)} against "
                 f"{actor_label(members[0].recipient)}")
        sides = [_side(e.date or "?", e.support, publishers) for e in members]
        out.append(Conflict(id=_hash("K", ["date", *(e.id for e in members)]),
                            story_id=story_id, kind="date", about=about, sides=sides))
    return out


# ------------------------------------------------------------------------------------ story
def cluster_events_in_story(events: list[EventMention], published: dict[str, str | None],
                            window: int) -> list[list[EventMention]]:
    """``cluster_events``, with undated articles placed in their story's time.

    A mention from an article with no publication date has no date at all, and an undated
    mention is compatible with any date — so a body sentence of an undated article could fuse
    with a photo caption dated years earlier and take its date. When other articles of the story
    are dated, the undated article was published with them: its mentions are compared as if
    dated by the story's latest publication date (a weak date: the event was on or before it).
    The records keep their own (missing) dates; only the comparison changes.
    """
    dates = [d for d in (published.get(m.article_id) for m in events) if d]
    if not dates:
        return cluster_events(events, window)
    latest = max(dates)
    shadows: dict[str, EventMention] = {}
    compared: list[EventMention] = []
    for m in events:
        if m.date is None and not published.get(m.article_id):
            shadow = dataclasses.replace(m, date=latest, date_basis="published")
            shadows[m.id] = m
            compared.append(shadow)
        else:
            compared.append(m)
    groups = cluster_events(compared, window)
    return [[shadows.get(m.id, m) for m in group] for group in groups]


def fuse_story(
    story_id: str | None,
    events: list[EventMention],
    quotes: list[Quote],
    claims: list[Claim],
    publishers: dict[str, str | None],
    published: dict[str, str | None] | None = None,
) -> tuple[list[FusedEvent], list[FusedQuote], list[FusedClaim], list[Conflict]]:
    """Fuse one story's mentions into records; find the conflicts between its sources.

    ``publishers`` maps article id -> publisher (fills ``Support.publisher`` and conflict
    sides). ``published`` (article id -> YYYY-MM-DD, optional) lets date conflicts ignore
    sources that wrote before the later date existed. Conflicts need a story id.
    """
    window = int(config.get("fusion_window_days"))
    if published:
        # a number without a date of its own is as of its article's publication
        claims = [c if c.date or not published.get(c.article_id)
                  else dataclasses.replace(c, date=published[c.article_id]) for c in claims]
    fused_events = [fuse_event_group(story_id, g, publishers)
                    for g in cluster_events_in_story(events, published or {}, window)]
    fused_quotes = [fuse_quote_group(story_id, g, publishers) for g in cluster_quotes(quotes)]
    fused_claims = [fuse_claim_group(story_id, g, publishers) for g in cluster_claims(claims, window)]
    fused_events.sort(key=lambda e: (e.date or "9999", e.id))
    fused_quotes.sort(key=lambda q: q.id)
    fused_claims.sort(key=lambda c: c.id)
    conflicts: list[Conflict] = []
    if story_id is not None:
        conflicts += number_conflicts(story_id, fused_claims, publishers)
        conflicts += event_conflicts(story_id, fused_events, events, publishers, published, window)
    return fused_events, fused_quotes, fused_claims, conflicts


@dataclass(slots=True)
class _StoryInput:
    events: list[EventMention]
    quotes: list[Quote]
    claims: list[Claim]


def update_fusion(store: Store, story_ids: list[str] | None = None) -> int:
    """Refuse the given stories (None = every story) in one write transaction.

    Mentions are grouped by their article's current story (``articles.story_id``). With
    ``story_ids=None``, articles not yet in any story are fused alone (story_id NULL) and old
    story-less fused records are replaced. Returns the number of fused events written.
    """
    with store.transaction() as con:
        if story_ids is None:
            ids = [r[0] for r in con.execute("SELECT id FROM stories ORDER BY id").fetchall()]
            include_unassigned = True
        else:
            ids = sorted(set(story_ids))
            include_unassigned = False
        articles = fetch_dicts(con.execute(
            "SELECT id, story_id, publisher, published FROM articles "
            "WHERE story_id IN (SELECT unnest(?)) OR (? AND story_id IS NULL)",
            [ids, include_unassigned]))
        story_of = {a["id"]: a["story_id"] for a in articles}
        publishers = {a["id"]: a["publisher"] for a in articles}
        published = {a["id"]: a["published"] for a in articles}
        art_ids = list(story_of)

        def load(table: str) -> list[dict]:
            return fetch_dicts(con.execute(
                f"SELECT * FROM {table} WHERE article_id IN (SELECT unnest(?)) ORDER BY id",
                [art_ids]))

        inputs: dict[str | tuple[str, str], _StoryInput] = {}

        def bucket(article_id: str) -> _StoryInput:
            sid = story_of.get(article_id)
            key = sid if sid is not None else ("article", article_id)
            return inputs.setdefault(key, _StoryInput([], [], []))

        for row in load("event_mentions"):
            bucket(row["article_id"]).events.append(event_mention_from_row(row))
        for row in load("quote_mentions"):
            bucket(row["article_id"]).quotes.append(quote_from_row(row))
        for row in load("claim_mentions"):
            bucket(row["article_id"]).claims.append(claim_from_row(row))

        all_events: list[FusedEvent] = []
        all_quotes: list[FusedQuote] = []
        all_claims: list[FusedClaim] = []
        all_conflicts: list[Conflict] = []
        for key in sorted(inputs, key=str):
            sid = key if isinstance(key, str) else None
            inp = inputs[key]
            ev, qu, cl, co = fuse_story(sid, inp.events, inp.quotes, inp.claims, publishers,
                                        published)
            all_events += ev
            all_quotes += qu
            all_claims += cl
            all_conflicts += co
        if include_unassigned:
            for table in ("events", "quotes", "claims", "conflicts"):
                con.execute(f"DELETE FROM {table} WHERE story_id IS NULL")
        replace_fused(con, ids, all_events, all_quotes, all_claims, all_conflicts)
    return len(all_events)
