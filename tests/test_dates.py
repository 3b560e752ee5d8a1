"""Date resolution: weekdays against the reference day, explicit and partial dates."""

from __future__ import annotations

import datetime as dt

import pytest

from wirewatch.dates import is_before, resolve, weekday_on_or_before

MONDAY = "2022-02-14"  # a Monday


def test_weekday_is_most_recent_on_or_before():
    ref = dt.date.fromisoformat(MONDAY)
    assert weekday_on_or_before(ref, 0) == ref  # "on Monday" written on a Monday = that day
    assert weekday_on_or_before(ref, 6) == dt.date(2022, 2, 13)  # Sunday = the day before
    assert weekday_on_or_before(ref, 1) == dt.date(2022, 2, 8)  # Tuesday = last week's


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Monday", ("2022-02-14", "weekday")),
        ("Sunday night", ("2022-02-13", "weekday")),
        ("Monday, Feb. 14, 2022", ("2022-02-14", "explicit")),
        ("Thursday, Feb. 10, 2022", ("2022-02-10", "explicit")),
        ("April 15, 2013", ("2013-04-15", "explicit")),
        ("14 February 2022", ("2022-02-14", "explicit")),
        ("Feb 10", ("2022-02-10", "explicit")),
        ("March 2014", ("2014-03", "month")),
        ("since 2014", ("2014", "year")),
        ("yesterday", ("2022-02-13", "relative")),
        ("last year", ("2021", "relative")),
    ],
)
def test_resolve(text, expected):
    assert resolve(text, MONDAY) == expected


def test_unresolvable_expressions_give_none():
    assert resolve("the next 48 hours", MONDAY) is None
    assert resolve("the 1990s", MONDAY) is None
    assert resolve("Monday", None) is None  # a weekday needs a reference day


def test_day_month_without_year_never_lands_far_in_the_future():
    assert resolve("December 30", "2022-01-05") == ("2021-12-30", "explicit")


def test_is_before():
    assert is_before("2014", MONDAY)
    assert not is_before("2022", MONDAY)
    assert is_before("2013-04-15", MONDAY)
    assert not is_before("2022-02-13", MONDAY)  # yesterday is news, not history
    assert not is_before("2014", None)
