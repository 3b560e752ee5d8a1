"""Resolve the date an event happened from the words of its sentence.

Why a module of its own: news dates events relative to the publication day ("on Monday",
"Sunday night", "yesterday"), states some of them outright ("Feb. 10, 2022") and anchors
history by year ("since 2014"). Every stage that dates something (events, claims) needs the
same resolution, and the rules must be testable without a parse.

Dates come back as ISO strings at the precision the text gives: ``YYYY-MM-DD``, ``YYYY-MM`` or
``YYYY`` (reduced-precision ISO 8601), with a basis saying how they were found:
``explicit`` (a full date in the text), ``weekday`` (a weekday resolved to the most recent one on
or before the reference day), ``relative`` (today / yesterday / tomorrow / last year),
``month`` / ``year`` (partial dates), ``reference`` (the reference day itself: publication or
caption date), ``context`` (carried from the previous sentence's historical date).
"""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3,
    "friday": 4, "saturday": 5, "sunday": 6,
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_MONTH_RE = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_MDY = re.compile(_MONTH_RE + r"\s+(\d{1,2})(?!\d)(?:st|nd|rd|th)?(?:\s*,?\s*(\d{4}))?", re.I)
_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_RE + r"(?:\s*,?\s*(\d{4}))?", re.I)
_MY = re.compile(_MONTH_RE + r"\s*,?\s+(\d{4})\b", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_DECADE = re.compile(r"\b(1[89]\d0|20\d0)s\b")


def parse_day(value: str | None) -> dt.date | None:
    """An ISO ``YYYY-MM-DD`` prefix as a date, else None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def weekday_on_or_before(reference: dt.date, weekday: int) -> dt.date:
    """The most recent ``weekday`` (0 = Monday) on or before ``reference``.

    News written on a Monday about "Monday" means that day; "Sunday" means the day before.
    """
    return reference - dt.timedelta(days=(reference.weekday() - weekday) % 7)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()[:3]]


def resolve(text: str, reference: str | None) -> tuple[str, str] | None:
    """Resolve one date expression (a DATE entity's text) against a reference day.

    Returns ``(iso_date, basis)`` or None when the expression carries no usable date
    ("the next 48 hours", "recent years").
    """
    ref = parse_day(reference)
    low = text.lower().strip()
    m = _ISO.search(low)
    if m:
        d = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        if d:
            return d.isoformat(), "explicit"
    for rx, order in ((_MDY, "md"), (_DMY, "dm")):
        m = rx.search(low)
        if not m:
            continue
        if order == "md":
            month, day, year = _month(m[1]), int(m[2]), m[3]
        else:
            month, day, year = _month(m[2]), int(m[1]), m[3]
        if year:
            d = _safe_date(int(year), month, day)
            if d:
                return d.isoformat(), "explicit"
        elif ref:
            d = _safe_date(ref.year, month, day)
            if d and d > ref + dt.timedelta(days=31):
                d = _safe_date(ref.year - 1, month, day)
            if d:
                return d.isoformat(), "explicit"
    m = _MY.search(low)
    if m:
        return f"{int(m[2]):04d}-{_month(m[1]):02d}", "month"
    m = _WEEKDAY.search(low)
    if m and ref:
        return weekday_on_or_before(ref, WEEKDAYS[m[1].lower()]).isoformat(), "weekday"
    if ref:
        if re.search(r"\b(today|tonight|this morning|this afternoon|this evening)\b", low):
            return ref.isoformat(), "relative"
        if re.search(r"\byesterday\b|\blast night\b", low):
            return (ref - dt.timedelta(days=1)).isoformat(), "relative"
        if re.search(r"\btomorrow\b", low):
            return (ref + dt.timedelta(days=1)).isoformat(), "relative"
        if re.search(r"\blast year\b", low):
            return f"{ref.year - 1:04d}", "relative"
        if re.search(r"\bthis year\b", low):
            return f"{ref.year:04d}", "relative"
    m = _YEAR.search(low)
    if m and not _DECADE.search(low):
        return m[1], "year"
    return None


def is_before(date: str, reference: str | None, *, days: int = 31) -> bool:
    """Whether ``date`` (any precision) lies clearly before ``reference``.

    A bare year counts as before when it is an earlier year; a day when it is more than
    ``days`` days earlier. Used to mark historical references ("since 2014").
    """
    ref = parse_day(reference)
    if ref is None or not date:
        return False
    try:
        year = int(date[:4])
    except ValueError:
        return False
    if len(date) == 4:
        return year < ref.year
    if len(date) == 7:
        return (year, int(date[5:7])) < (ref.year, ref.month) and (ref - dt.date(year, int(date[5:7]), 1)).days > days
    day = parse_day(date)
    return day is not None and (ref - day).days > days
