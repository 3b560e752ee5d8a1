"""One table of settings: name, default, help.

The table feeds the defaults used by every stage, the ``WIREWATCH_*`` environment overrides,
``wirewatch settings`` and the documentation (a test fails when a setting is undocumented).
Calibration notes say where a number came from.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "wirewatch.duckdb", "DuckDB file of the store (env WIREWATCH_DB, CLI --db)."),
    Setting("max_text_bytes", 5_000_000, "Largest text accepted for one article, in bytes; larger inputs are rejected."),
    Setting("max_file_bytes", 2_000_000_000, "Largest input file read at all (compressed size)."),
    Setting("max_decompressed_bytes", 200_000_000, "Largest decompressed size of a .gz input before it is rejected as a gzip bomb."),
    Setting("max_html_depth", 2_000, "Deepest HTML nesting accepted before a page is rejected."),
    Setting("batch_size", 64, "Articles per write transaction and per nlp.pipe batch."),
    Setting("min_words", 20, "Fewest words an article body needs to be kept (shorter inputs are rejected)."),
    Setting("copy_threshold", 0.8, "Jaccard similarity of word shingles above which two articles are copies."),
    Setting("copy_shingle", 5, "Words per shingle for copy detection."),
    Setting("copy_num_perm", 128, "MinHash permutations for copy detection."),
    Setting("story_threshold", 0.18, "Similarity an article needs to join an existing story (tuned on the development halves of ECB+ and AllSides, bench/bench_stories.py)."),
    Setting("story_window_days", 7, "Days a story stays open after its last article; older stories are evicted from the index."),
    Setting("copy_window_days", 14, "Days a text stays in the copy index (by newest publication date seen); wire copies appear within days."),
    Setting("copy_max_entries", 200_000, "Most texts kept in the copy index (bounds memory on undated streams); the oldest go first."),
    Setting("story_max_open", 50_000, "Most stories kept open in the clustering index (bounds memory on undated streams); the least recently updated close first."),
    Setting("story_title_weight", 2.0, "Extra term count given to each headline word when comparing an article with stories."),
    Setting("story_entity_share", 0.25, "Share of story similarity given to names, numbers, actors and places (the terms that tell two similar events of one kind apart)."),
    Setting("story_day_penalty", 0.015, "Similarity subtracted per day between an article and a story's last article (news about one happening bunches in time). 0.03 scores higher on AllSides, whose articles all carry their roundup's date, but splits multi-day stories of the sample corpus."),
    Setting("story_link", 0.75, "How a story is compared: 0 = cosine with its centroid, 1 = mean similarity to its members (keeps similar events apart), between = a blend."),
    Setting("story_year_penalty", 0.15, "Similarity subtracted when an undated article and an undated story mention years 2+ apart (the latest year each mentions)."),
    Setting("story_quiet_days", 4, "Days of silence up to which a story pays story_day_penalty per day; each day beyond pays story_quiet_penalty instead."),
    Setting("story_quiet_penalty", 0.04, "Similarity subtracted per day of silence beyond story_quiet_days (a story quiet that long has usually moved on)."),
    Setting("story_burst_penalty", 0.08, "Similarity subtracted from an article on a later day per extra outlet (beyond one, at most two) that wrote its own article on the story's last day; copies do not count. Several outlets covering one day pin down what happened that day, so a later article must be about that happening, not just the same people (2-fold CV on the AllSides development half; the sample corpus's multi-day stories keep their joins)."),
    Setting("story_publisher_penalty", 0.1, "Similarity subtracted when the story already has its own article from the same publisher on the same day (an outlet rarely writes one happening up twice a day)."),
    Setting("story_semantic", False, "Mix sentence embeddings (the optional [semantic] extra) into story similarity."),
    Setting("story_semantic_share", 0.3, "Share of story similarity given to sentence embeddings in semantic mode."),
    Setting("story_semantic_threshold", 0.3, "Similarity an article needs to join a story in semantic mode (embedding cosines run higher than term cosines; tuned on the development halves)."),
    Setting("fusion_window_days", 2, "Days apart two event mentions may be dated and still fuse."),
    Setting("fusion_undated_window_days", 7, "An event mention dated only by its article's publication date happened on or before it: it may fuse with mentions dated up to this many days earlier."),
    Setting("fusion_split_places", True, "Keep apart event mentions placed in two different cities or countries (gazetteer); false: places never block fusion (coarser events, e.g. one day's strikes on several cities become one)."),
    Setting("quote_jaccard", 0.6, "Token-set Jaccard similarity (after folding case, punctuation and contractions) above which two quotes of compatible speakers fuse."),
    Setting("quote_containment", 0.8, "Share of the shorter quote's words found in the longer one above which two quotes fuse (a partial quote inside a full one); quotes under 3 words must match exactly."),
    Setting("claim_exact_tolerance", 0.02, "Relative give-or-take of an unqualified number (reported numbers are rounded): claims this close fuse, and numbers must differ by more to conflict."),
    Setting("claim_approx_tolerance", 0.1, "Relative give-or-take of an approximate number ('about', 'some', 'an estimated') when testing for conflicts."),
    Setting("escalation_half_life_days", 7.0, "Half-life in days of the exponentially smoothed dyad escalation index (docs/escalation.md)."),
    Setting("language", "en", "Language the NLP stages handle; articles in other languages are stored and flagged."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> Any:
    """A setting's value: ``WIREWATCH_<NAME>`` from the environment, else the default."""
    setting = _BY_NAME[name]
    raw = os.environ.get("WIREWATCH_" + name.upper())
    if raw is None:
        return setting.default
    kind = type(setting.default)
    if kind is bool:
        return raw.lower() in {"1", "true", "yes", "on"}
    return kind(raw)


def db_path(explicit: str | None = None) -> str:
    """The store path: explicit ``--db``, else ``WIREWATCH_DB``, else the default."""
    return explicit or str(get("db"))
