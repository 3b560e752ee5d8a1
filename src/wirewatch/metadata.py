"""Infer an article's publisher, publication date and language from its own text.

Why: plain-text inputs rarely declare metadata, yet the text carries it: datelines ("MOSCOW (AP) —"),
copyright lines, photo credits ("(AP Photo/…)", "via AP", "REUTERS/Name") and dates in captions.
The traps are photo material: a Getty credit names a photo agency, not the publisher, and a
caption may date an archive photo years older than the story. So declared metadata always wins,
credits are weighed (datelines and copyright lines are strong, photo credits weak), and a caption
date is used only when the body's own time references agree with it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from wirewatch.datafiles import tsv_rows
from wirewatch.types import RemovedSpan

DATA_DIR = Path(__file__).parent / "data"

# ---------------------------------------------------------------------------------------------
# Publisher table


@dataclass(frozen=True, slots=True)
class PublisherTable:
    version: int
    credits: dict[str, str]  # casefolded credit -> publisher
    domains: dict[str, str]  # domain -> publisher
    aggregators: dict[str, str]  # domain -> name (republishers of wire copy)

    def credit(self, name: str) -> str | None:
        return self.credits.get(" ".join(name.split()).casefold())

    def domain(self, host: str) -> tuple[str | None, bool]:
        """(publisher, is an aggregator) for a host name, trying parent domains too."""
        host = host.lower().strip(".")
        if host.startswith("www."):
            host = host[4:]
        labels = host.split(".")
        for i in range(len(labels) - 1):
            key = ".".join(labels[i:])
            if key in self.domains:
                return self.domains[key], False
            if key in self.aggregators:
                return self.aggregators[key], True
        return None, False


def parse_publishers(text: str) -> PublisherTable:
    """Parse ``kind<TAB>key<TAB>publisher`` lines (``# version: N`` header)."""
    version, rows = tsv_rows(text)
    credits: dict[str, str] = {}
    domains: dict[str, str] = {}
    aggregators: dict[str, str] = {}
    for raw, parts in rows:
        if len(parts) != 3:
            raise ValueError(f"publishers line needs 3 TAB-separated columns: {raw!r}")
        kind, key, name = (p.strip() for p in parts)
        if kind == "credit":
            credits[" ".join(key.split()).casefold()] = name
        elif kind == "domain":
            domains[key.lower()] = name
        elif kind == "aggregator":
            aggregators[key.lower()] = name
        else:
            raise ValueError(f"unknown kind {kind!r} in publishers line {raw!r}")
    return PublisherTable(version, credits, domains, aggregators)


@lru_cache(maxsize=1)
def publisher_table() -> PublisherTable:
    """The packaged publisher table, loaded once."""
    return parse_publishers((DATA_DIR / "publishers.tsv").read_text("utf-8"))


# ---------------------------------------------------------------------------------------------
# Publisher inference

_WIRE = (
    r"AP|Associated\s+Press|The\s+Associated\s+Press|Reuters|REUTERS|AFP|Agence\s+France[- ]Presse|UPI|"
    r"dpa|Xinhua|TASS|Bloomberg|EFE|ANSA|Kyodo(?:\s+News)?|Yonhap|AAP|Anadolu(?:\s+Agency)?|PTI|IANS|ANI|"
    r"CP|The\s+Canadian\s+Press|CNN|Sputnik"
)
# strong evidence: a dateline credit, a copyright line, a wire byline
_DATELINE_CREDIT = re.compile(r"^[^\n]{0,80}?\((?P<a>" + _WIRE + r")\)\s*(?:-{1,2}|–|—)")
_COPYRIGHT = re.compile(
    r"(?:copyright|©|\(c\))\s*(?:\d{4}\s*)?(?:,\s*)?(?P<a>" + _WIRE + r")\b", re.IGNORECASE
)
_BYLINE_WIRE = re.compile(
    r"^(?:by\s+)?[A-Z][^\n]{0,80}?[\s,]+(?P<a>The\s+Associated\s+Press|Associated\s+Press|Reuters|AFP)"
    r"(?:\s+\w+){0,3}\s*$",
    re.IGNORECASE,
)
_CONTRIBUTED = re.compile(
    r"(?P<a>Associated\s+Press|AP|Reuters)\s+(?:writers?|reporters?|correspondents?)\b[^\n]{0,200}?"
    r"\bcontributed\b"
)
# weak evidence: photo credits
_PHOTO_CREDITS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\(\s*AP\s+Photo\b|\bvia\s+AP\b|/\s*AP\s*(?:,\s*File\s*)?\)|\(AP\)|\(AP,\s*File\)"
        ),
        "AP",
    ),
    (re.compile(r"\bREUTERS/|\bvia\s+REUTERS\b|\(Reuters\)|/\s*Reuters\s*\)|Reuters/"), "Reuters"),
    (re.compile(r"\(AFP\)|\bAFP\s+via\s+Getty|/\s*AFP\b|\bAFP/|\(AFP\s+Photo"), "AFP"),
    (re.compile(r"/\s*EPA\b|\(EPA\)|EPA-EFE/"), "EFE"),
    (re.compile(r"\(\s*UPI\s+Photo|/\s*UPI\b"), "UPI"),
    (re.compile(r"\(dpa\)|/\s*dpa\b"), "dpa"),
    (re.compile(r"\(Xinhua\)|/\s*Xinhua\b"), "Xinhua"),
)


def _host(url: str) -> str | None:
    try:
        return urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:  # malformed URLs ("http://[") are no evidence
        return None


def registered_domain(url: str) -> str | None:
    """The registrable part of a URL's host ("https://www.bbc.co.uk/news/x" -> "bbc.co.uk")."""
    host = _host(url)
    if not host or "." not in host:
        return None
    labels = host.lower().strip(".").split(".")
    if labels[0] == "www":
        labels = labels[1:]
    if len(labels) >= 3 and (
        labels[-2] in {"co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "go"}
        and len(labels[-1]) == 2
    ):
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _strong_credits(texts: list[str]) -> Counter[str]:
    table = publisher_table()
    found: Counter[str] = Counter()
    for text in texts:
        for rx in (_COPYRIGHT, _CONTRIBUTED):
            for m in rx.finditer(text):
                name = table.credit(m.group("a"))
                if name:
                    found[name] += 1
        lines = text.splitlines()
        for line in lines[:12] + lines[-3:]:
            for rx in (_DATELINE_CREDIT, _BYLINE_WIRE):
                hit = rx.search(line.strip())
                if hit:
                    name = table.credit(hit.group("a"))
                    if name:
                        found[name] += 1
    return found


_COPYRIGHT_HOLDER = re.compile(
    r"(?:copyright|©|\(c\))\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?(?:by\s+)?"
    r"(?P<h>(?-i:[A-Z][\w&.'’-]*)(?:\s+(?:(?-i:[A-Z][\w&.'’-]*)|of|and|&|the|de|la)){0,5})",
    re.IGNORECASE,
)
_HOLDER_TAIL = re.compile(
    r"(?:[\s,]+(?:Inc|Ltd|LLC|Limited|Corp|Co|plc|GmbH|S\.A|All))+\.?$", re.IGNORECASE
)


def _copyright_holder(texts: list[str]) -> str | None:
    """Who a copyright line names ("Copyright 2022 The Evening Post. All rights reserved.")."""
    table = publisher_table()
    for text in texts:
        for line in text.splitlines():
            if len(line) > 400:
                continue
            m = _COPYRIGHT_HOLDER.search(line)
            if not m:
                continue
            holder = re.split(
                r"(?i)\ball rights\b|\btodos los derechos\b|\btous droits\b|\balle rechte\b|(?<=[a-z]{3})\.\s+",
                m.group("h"),
            )[0]
            holder = _HOLDER_TAIL.sub("", holder.strip(" .,")).strip(" .,")
            if len(holder) < 2 or holder.lower() in {"all", "the", "copyright"}:
                continue
            return table.credit(holder) or holder
    return None


def _photo_credits(captions: list[str]) -> tuple[Counter[str], int]:
    """Wire agencies credited by captions, and how many captions carry any credit at all."""
    table = publisher_table()
    found: Counter[str] = Counter()
    for cap in captions:
        for rx, agency in _PHOTO_CREDITS:
            if rx.search(cap):
                name = table.credit(agency)
                if name:
                    found[name] += 1
                break
    return found, len(captions)


def infer_publisher(
    body: str,
    captions: list[str],
    url: str | None = None,
    declared: str | None = None,
    *,
    removed: list[RemovedSpan] | None = None,
    agency: str | None = None,
    masthead: str | None = None,
) -> str | None:
    """The article's publisher (the outlet that published this copy), or None without evidence.

    Order: ``declared``; the URL's domain when the publisher table knows it; the copyright
    holder ("Copyright 2022 The Evening Post. All rights reserved."); the outlet name printed
    above the headline (``Cleaned.masthead``); the agency of the dateline ("MOSCOW (AP) —",
    ``Cleaned.agency``) or a wire byline; photo credits from a wire agency when they credit at
    least half of the credited captions ("via AP", "(AP Photo/…)", "REUTERS/…", "AFP via Getty" —
    a bare Getty credit names a photo agency and counts for nothing); an aggregator's name; the
    URL's registered domain. The cleaner strips copyright lines, mastheads and datelines from the
    body, so pass ``removed``, ``masthead`` and ``agency`` from ``Cleaned``.
    """
    if declared and declared.strip():
        return declared.strip()
    table = publisher_table()
    known, aggregator = (None, False)
    if url:
        known, aggregator = table.domain(_host(url) or "")
        if known and not aggregator:
            return known
    texts = [body] + [r.text for r in (removed or []) if r.reason != "caption"]
    holder = _copyright_holder(texts)
    if holder:
        return holder
    if masthead and masthead.strip():
        return masthead.strip()
    if agency and agency.strip():
        return table.credit(agency) or agency.strip()
    strong = _strong_credits(texts)
    if strong:
        return strong.most_common(1)[0][0]
    photos, n_caps = _photo_credits(captions)
    if photos:
        name, count = photos.most_common(1)[0]
        if count * 2 >= max(1, sum(photos.values())):
            return name
    if known:
        return known
    if url:
        return registered_domain(url)
    return None


_BYLINE_LEAD = re.compile(r"^\s*(?:by|written by|story by|reported by)\s*:?\s+", re.IGNORECASE)
_BYLINE_TAIL = re.compile(
    r"\s*(?:[,|•·–—-]\s*)?(?:(?:The\s+)?Associated\s+Press|AP|Reuters|AFP|Bloomberg|CNN|BBC(?:\s+News)?|"
    r"(?:AP|Reuters|Associated\s+Press)\s+[\w ]{0,30}?(?:Writer|Reporter|Correspondent|Editor)s?|"
    r"Staff\s+Writer|Staff\s+Reporter|Correspondent|Contributor|For\s+[A-Z][\w .]{0,40}|"
    r"Special\s+to\s+[\w .]{1,40})\s*$",
    re.IGNORECASE,
)


def author_from_byline(byline: str | None) -> str | None:
    """The author names in a byline line, title-cased when written in capitals.

    "By JANE DOE and JOHN ROE Associated Press" -> "Jane Doe, John Roe". None when the line does
    not read as names.
    """
    if not byline:
        return None
    text = _BYLINE_LEAD.sub("", byline.strip())
    for _ in range(2):
        text = _BYLINE_TAIL.sub("", text)
    parts = [
        p.strip(" ,;|") for p in re.split(r"\s*(?:,|\band\b|&|\|)\s*", text) if p.strip(" ,;|")
    ]
    names = []
    for part in parts:
        words = part.split()
        if not 1 < len(words) <= 4 or not all(w[:1].isupper() for w in words):
            continue
        names.append(part.title() if part.isupper() else part)
    return ", ".join(names) or None


# ---------------------------------------------------------------------------------------------
# Dates

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "mon": 0,
    "tue": 1,
    "tues": 1,
    "wed": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}
_MONTH_RX = (
    r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_WEEKDAY_RX = r"(?:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?,?\s+)?"
_DATE_MDY = re.compile(
    r"\b"
    + _WEEKDAY_RX
    + _MONTH_RX
    + r"\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:\s*,\s*|\s+)(?P<year>(?:19|20)\d{2})\b"
)
_DATE_DMY = re.compile(
    r"\b"
    + _WEEKDAY_RX
    + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
    + _MONTH_RX
    + r"\.?,?\s+(?P<year>(?:19|20)\d{2})\b"
)
_DATE_ISO = re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<day>\d{2})\b")
_DATE_MD_NOYEAR = re.compile(
    r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s*,\s*"
    + _MONTH_RX
    + r"\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?!\s*,?\s*(?:19|20)\d{2})"
)
_DATELINE_MD = re.compile(r"\b" + _MONTH_RX + r"\.?\s+(?P<day>\d{1,2})\b")
_WEEKDAY_WORD = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b")
_AHEAD = re.compile(
    r"\b(?:will|would|shall|scheduled|due|expected|planned|plans?|until|till|before|next|"
    r"upcoming|deadline|starting)\b[^.;]*$",
    re.IGNORECASE,
)
_YEAR_CONTEXT = re.compile(r"(?:\b(\w+)\s+)?\b((?:19|20)\d{2})\b")
_TARGET_WORDS = frozenset(
    {"by", "until", "till", "through", "before", "to", "ahead", "towards", "toward"}
)
_YEAR_WORD = re.compile(r"\b((?:19|20)\d{2})\b")
_MONTH_WORD = re.compile(r"\b" + _MONTH_RX + r"\b\.?")


def _mk(year: str | int, month: int, day: str | int) -> date | None:
    try:
        return date(int(year), month, int(day))
    except ValueError:
        return None


_FOREIGN_MONTHS = {
    # es / pt / it / fr / de month names, written by hand
    "enero": 1,
    "febrero": 2,
    "marzo": 3,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "septiembre": 9,
    "setiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
    "janeiro": 1,
    "fevereiro": 2,
    "março": 3,
    "maio": 5,
    "junho": 6,
    "julho": 7,
    "setembro": 9,
    "outubro": 10,
    "novembro": 11,
    "dezembro": 12,
    "gennaio": 1,
    "febbraio": 2,
    "aprile": 4,
    "maggio": 5,
    "giugno": 6,
    "luglio": 7,
    "settembre": 9,
    "ottobre": 10,
    "dicembre": 12,
    "janvier": 1,
    "février": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "januar": 1,
    "februar": 2,
    "märz": 3,
    "juni": 6,
    "juli": 7,
    "oktober": 10,
    "dezember": 12,
}
_ENGLISH_MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
_DATE_FOREIGN = re.compile(
    r"\b(?P<day>\d{1,2})\.?\s+(?:de\s+)?(?P<mon>[^\W\d_]{3,10})\s+(?:de\s+|del\s+)?(?P<year>(?:19|20)\d{2})\b",
    re.IGNORECASE,
)


def _dates_in(text: str) -> list[tuple[int, date]]:
    """Every full date written in a text, as (offset, date), in text order (English month names,
    and "7 de febrero de 2023" / "7. Februar 2023" / "7 février 2023")."""
    out: list[tuple[int, date]] = []
    for m in _DATE_FOREIGN.finditer(text):
        name = m.group("mon").lower()
        month = _FOREIGN_MONTHS.get(name) or (
            _MONTHS.get(name[:3]) if name in _ENGLISH_MONTHS else None
        )
        if month:
            d = _mk(m.group("year"), month, m.group("day"))
            if d:
                out.append((m.start(), d))
    for rx in (_DATE_MDY, _DATE_DMY):
        for m in rx.finditer(text):
            d = _mk(m.group("year"), _MONTHS[m.group("mon")[:3].lower()], m.group("day"))
            if d:
                out.append((m.start(), d))
    for m in _DATE_ISO.finditer(text):
        d = _mk(m.group("year"), int(m.group("m")), m.group("day"))
        if d:
            out.append((m.start(), d))
    out.sort(key=lambda x: x[0])
    return out


def caption_date(caption: str) -> str | None:
    """The date a caption itself states (the first full date in it), as YYYY-MM-DD, or None.

    "… in Moscow, Russia, Thursday, Feb. 10, 2022. (AP Photo/…)" -> "2022-02-10".
    """
    found = _dates_in(caption)
    return found[0][1].isoformat() if found else None


def resolve_weekday(weekday: str, reference: str) -> str:
    """The most recent ``weekday`` on or before the YYYY-MM-DD ``reference`` ("Monday" -> a date)."""
    key = weekday.strip().rstrip(".").lower()
    if key not in _WEEKDAYS:
        raise ValueError(f"not a weekday: {weekday!r}")
    ref = date.fromisoformat(reference[:10])
    back = (ref.weekday() - _WEEKDAYS[key]) % 7
    return (ref - timedelta(days=back)).isoformat()


def _normalise_declared(declared: str) -> str | None:
    text = declared.strip()
    m = re.match(r"((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})", text)
    if m:
        d = _mk(m.group(1), int(m.group(2)), m.group(3))
        return d.isoformat() if d else None
    found = _dates_in(text)
    return found[0][1].isoformat() if found else None


CAPTION_WINDOW_DAYS = 7  # caption dates this close to a candidate support it


def page_date(removed: list[RemovedSpan]) -> str | None:
    """The date a page prints over its article ("Updated February 24, 2022, 7:20 a.m. EST",
    "09/09/2023 8:47 PM CDT"): the first short furniture or byline line with a full date."""
    for span in removed:
        if span.reason not in ("furniture", "byline") or len(span.text) > PAGE_DATE_MAX_CHARS:
            continue
        found = _dates_in(span.text)
        if found:
            return found[0][1].isoformat()
        d = _numeric_date(span.text)
        if d:
            return d.isoformat()
    return None


PAGE_DATE_MAX_CHARS = 120
_DATE_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d{2})\b")


def _numeric_date(text: str) -> date | None:
    """09/09/2023, 24.02.2022, 2/24/2022; None when day and month cannot be told apart."""
    m = _DATE_NUMERIC.search(text)
    if not m:
        return None
    a, b, year = int(m.group(1)), int(m.group(2)), m.group(3)
    if a > 12:
        return _mk(year, b, a)
    if b > 12 or a == b:
        return _mk(year, a, b)
    return None


def infer_published(
    body: str,
    captions: list[str],
    dateline: str | None = None,
    declared: str | None = None,
    *,
    removed: list[RemovedSpan] | None = None,
) -> str | None:
    """The article's publication date (YYYY-MM-DD), or None.

    Order: ``declared``; the date line the page prints over the article (pass ``removed`` from
    ``Cleaned``: the cleaner removed it as furniture); a dated dateline (``Cleaned.dateline_text``: "LONDON, Feb 14 (Reuters) -"
    takes its year from a caption of that day); the latest full date written in the body; else the latest
    caption date that the body corroborates. A caption date counts only when (a) it is not older
    than a year the body itself mentions, and (b) the body names its weekday ("on Monday") and either
    another caption falls within a week of it or the body names its month or year. An archive
    photo ("April 15, 2013" in a story that speaks of 2014) and a lone caption date with nothing in
    the body to back it give None.
    """
    if declared and declared.strip():
        norm = _normalise_declared(declared)
        if norm:
            return norm
    if removed:
        printed = page_date(removed)
        if printed:
            return printed
    body_years = {int(y) for y in _YEAR_WORD.findall(body)}
    cap_dates = [d for d in (_dates_in(c) for c in captions) if d]
    cap_first = sorted(ds[0][1] for ds in cap_dates)
    if dateline:
        found = _dates_in(dateline)
        if found:
            return found[-1][1].isoformat()
        # "LONDON, Feb 14 (Reuters)": month and day; the year from a caption of that day, else
        # from the only year the body speaks of
        m = _DATELINE_MD.search(dateline)
        if m:
            month, day = _MONTHS[m.group("mon")[:3].lower()], int(m.group("day"))
            same = [d for d in cap_first if (d.month, d.day) == (month, day)]
            if same:
                return max(same).isoformat()
            if len(body_years) == 1:
                d = _mk(next(iter(body_years)), month, day)
                if d:
                    return d.isoformat()
    # the latest date the body reports, leaving out dates it looks ahead to ("talks will resume on
    # March 5, 2024", "a deadline of ...")
    body_dates = [d for o, d in _dates_in(body) if not _AHEAD.search(body[max(0, o - 50) : o])]
    if body_dates:
        return max(body_dates).isoformat()
    # a weekday with month/day but no year ("Monday, Feb. 14"): the year is the one, among those the
    # text mentions, that makes the weekday right
    years = body_years | {d.year for d in cap_first}
    partial: list[date] = []
    for m in _DATE_MD_NOYEAR.finditer(body):
        for y in sorted(years):
            d = _mk(y, _MONTHS[m.group("mon")[:3].lower()], m.group("day"))
            if d and d.weekday() == _WEEKDAYS[m.group("wd").lower()]:
                partial.append(d)
    if partial:
        return max(partial).isoformat()
    if not cap_first:
        return None
    weekdays = {_WEEKDAYS[w.lower()] for w in _WEEKDAY_WORD.findall(body)}
    months = {_MONTHS[m[:3].lower()] for m in _MONTH_WORD.findall(body)}
    # the body's years bound the article's date from below, except targets ("by 2030")
    past_years = {
        int(m.group(2))
        for m in _YEAR_CONTEXT.finditer(body)
        if (m.group(1) or "").lower() not in _TARGET_WORDS
    }
    floor_year = max(past_years) if past_years else None
    accepted: list[date] = []
    window = timedelta(days=CAPTION_WINDOW_DAYS)
    for d in cap_first:
        if floor_year is not None and d.year < floor_year:
            continue
        if d.weekday() not in weekdays:
            continue
        support = sum(1 for o in cap_first if timedelta(0) <= d - o <= window) - 1
        if support >= 1 or d.month in months or d.year in body_years:
            accepted.append(d)
    return max(accepted).isoformat() if accepted else None


# ---------------------------------------------------------------------------------------------
# Language


# Short texts are scored against widely published languages only: among all 97 of the model's
# languages, two words of English are as likely Fulah or Scottish Gaelic as English.
COMMON_LANGUAGES = (
    "en",
    "de",
    "fr",
    "es",
    "it",
    "pt",
    "nl",
    "ru",
    "uk",
    "pl",
    "tr",
    "ar",
    "fa",
    "he",
    "zh",
    "ja",
    "ko",
    "hi",
    "ur",
    "id",
    "vi",
    "th",
    "sv",
    "no",
    "da",
    "fi",
    "cs",
    "ro",
    "hu",
    "el",
    "bg",
    "sr",
    "hr",
)


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


_COMMON = frozenset(COMMON_LANGUAGES)
SHORT_TEXT_CHARS = 60  # below this, the text is short and ambiguous
_LETTER = re.compile(r"[^\W\d_]")


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (py3langid).

    Long texts: the classifier's answer over all its languages. Short texts are ambiguous (a
    headline of names can look like anything): they are scored over widely published languages
    only, and "en" is returned when it is the best guess, or when the text is in Latin script and
    English is at least half as likely as the best guess; else the best guess. Text without letters
    gives "en" (nothing to go on; the pipeline's default language).
    """
    sample = text[:5000]
    if not _LETTER.search(sample):
        return "en"
    if len(sample.strip()) >= SHORT_TEXT_CHARS:
        lang, _p = _identifier().classify(sample)
        return str(lang)
    # restricting a softmax to a subset and renormalising keeps its ratios: filtering the full
    # ranking is the same as a classifier over the common languages only
    ranked = [(lang, p) for lang, p in _identifier().rank(sample) if lang in _COMMON]
    best, p_best = ranked[0]
    if best == "en":
        return "en"
    p_en = next((p for lang, p in ranked if lang == "en"), 0.0)
    latin = all(ord(ch) < 0x250 for ch in sample if ch.isalpha())
    if latin and p_en >= 0.5 * p_best:
        return "en"
    return str(best)
