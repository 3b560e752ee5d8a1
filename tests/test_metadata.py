"""Tests for wirewatch.metadata: publisher, publication date, caption dates, weekdays, language.

Hand-written inputs of the kinds scraped news takes; the seeds are checked when ../shared exists.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wirewatch import metadata
from wirewatch.clean import clean_text
from wirewatch.metadata import (
    author_from_byline,
    caption_date,
    detect_language,
    infer_published,
    infer_publisher,
    registered_domain,
    resolve_weekday,
)
from wirewatch.types import RemovedSpan

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

BODY = (
    "Ministers met on Monday to discuss grain exports and agreed to meet again next month.\n\n"
    "The talks, the first since the autumn, ended without a joint statement."
)

# ---------------------------------------------------------------------------------------------
# caption_date / resolve_weekday


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        (
            "A delegate arrives in Vienna, Austria, Thursday, Feb. 10, 2022. (AP Photo/Lena Hart)",
            "2022-02-10",
        ),
        ("Trucks wait at the border, Monday, Feb 14, 2022 . (Kay Berg/dpa via AP)", "2022-02-14"),
        (
            "Two leaders in the Kremlin on April 15, 2013, in Moscow, Russia. (Getty Images)",
            "2013-04-15",
        ),
        (
            "A man walks past a mural in Kyiv, Ukraine, January 30, 2023. REUTERS/Ivan Kostenko",
            "2023-01-30",
        ),
        ("Protesters in London on 3 March 2021. Photograph: Ana Costa/AFP", "2021-03-03"),
        ("Smoke rises over the port (2019-07-04).", "2019-07-04"),
        ("Smoke rises over the port on Monday. (AP Photo/Ana Ruiz)", None),
        ("A parade on Feb. 30, 2022. (AP Photo/Ana Ruiz)", None),
    ],
)
def test_caption_date(caption: str, expected: str | None) -> None:
    assert caption_date(caption) == expected


def test_resolve_weekday() -> None:
    assert resolve_weekday("Monday", "2022-02-14") == "2022-02-14"  # a Monday: same day
    assert resolve_weekday("Sunday", "2022-02-14") == "2022-02-13"
    assert resolve_weekday("tuesday", "2022-02-14") == "2022-02-08"
    assert resolve_weekday("Fri.", "2023-03-01") == "2023-02-24"
    with pytest.raises(ValueError):
        resolve_weekday("Someday", "2022-02-14")


# ---------------------------------------------------------------------------------------------
# infer_published


def test_declared_date_wins() -> None:
    assert infer_published(BODY, [], declared="2021-05-06T10:00:00Z") == "2021-05-06"
    assert infer_published(BODY, [], declared="May 6, 2021") == "2021-05-06"


def test_latest_explicit_body_date() -> None:
    body = "The deal signed on March 2, 2023 replaced one from Jan. 5, 2020. Talks resumed on March 6, 2023."
    assert infer_published(body, []) == "2023-03-06"
    # dates the story looks ahead to are not its date
    ahead = body + " Elections will be held on May 14, 2023, and a deadline falls on June 1, 2023."
    assert infer_published(ahead, []) == "2023-03-06"


def test_caption_dates_corroborated_by_body_weekday() -> None:
    caps = [
        "Delegates arrive in Vienna, Austria, Monday, Feb. 14, 2022. (AP Photo/Lena Hart)",
        "Trucks wait at a border crossing, Sunday, Feb. 13, 2022. (AP Photo/Tom Berg)",
        "A minister speaks in Vienna, Monday, Feb. 14, 2022. (Foreign Ministry via AP)",
        "FILE - The minister at a news conference, Thursday, Feb. 10, 2022. (AP Photo/Tom Berg, File)",
    ]
    assert infer_published(BODY, caps) == "2022-02-14"


def test_old_archive_caption_is_not_the_article_date() -> None:
    # a 2013 photo in a story that speaks of events since 2014; the weekday even matches
    cap = ["Two leaders talk in the Kremlin on April 15, 2013, in Moscow. (Getty Images)"]
    body = BODY + "\n\nThe two countries have been in conflict since 2014."
    assert infer_published(body, cap) is None


def test_single_uncorroborated_caption_date_gives_none() -> None:
    cap = ["Two leaders talk in the Kremlin on April 15, 2013, in Moscow. (Getty Images)"]
    assert infer_published(BODY, cap) is None  # April 15, 2013 was a Monday: still no
    assert infer_published("Ministers met to talk about grain.", cap) is None


def test_caption_2015_inside_2023_story() -> None:
    caps = [
        "FILE - The plant seen on Tuesday, June 2, 2015. (AP Photo/Ana Ruiz, File)",
        "Workers at the plant, Tuesday, June 2, 2015. (AP Photo/Ana Ruiz)",
    ]
    body = "Inspectors visited the plant on Tuesday, the agency said. Output fell in 2023 after the fire."
    assert infer_published(body, caps) is None
    caps.append("Inspectors arrive at the plant, Tuesday, May 9, 2023. (AP Photo/Ana Ruiz)")
    assert infer_published(body, caps) == "2023-05-09"


def test_target_years_do_not_bound_the_date() -> None:
    caps = [
        "Delegates arrive in Vienna, Austria, Monday, Feb. 14, 2022. (AP Photo/Lena Hart)",
        "Trucks wait at a border crossing, Sunday, Feb. 13, 2022. (AP Photo/Tom Berg)",
    ]
    body = BODY + " They aim to double exports by 2030."
    assert infer_published(body, caps) == "2022-02-14"


def test_weekday_month_day_without_year_uses_years_in_text() -> None:
    body = "On Monday, Feb. 14, the chancellor flew to Kyiv. Russia has massed troops since 2021 and in 2022."
    assert infer_published(body, []) == "2022-02-14"


def test_dated_dateline() -> None:
    assert infer_published("Prices rose.", [], dateline="LONDON, March 3, 2023") == "2023-03-03"
    # month and day only: the year comes from a caption of that day, or the body's only year
    cap = ["A trader in London, Britain February 14, 2022. REUTERS/Ana Ruiz"]
    assert (
        infer_published("Prices rose.", cap, dateline="LONDON, Feb 14 (Reuters) -") == "2022-02-14"
    )
    assert infer_published("Prices rose in 2023.", [], dateline="LONDON, March 3 (Reuters) -") == (
        "2023-03-03"
    )
    assert infer_published("Prices rose.", [], dateline="LONDON, March 3 (Reuters) -") is None


def test_no_evidence_no_date() -> None:
    assert infer_published(BODY, []) is None
    assert infer_published("", []) is None


# ---------------------------------------------------------------------------------------------
# infer_publisher


def test_declared_publisher_wins() -> None:
    caps = ["A man in Kyiv. (AP Photo/Ana Ruiz)"]
    assert (
        infer_publisher(BODY, caps, url="https://www.example.com/a", declared="Example Daily")
        == "Example Daily"
    )


def test_ap_photo_credits() -> None:
    caps = [
        "Delegates arrive. (AP Photo/Lena Hart)",
        "A minister speaks. (Russian Foreign Ministry Press Service via AP)",
        "Trucks at the border. (Kay Berg/dpa via AP)",
    ]
    assert infer_publisher(BODY, caps) == "Associated Press"
    assert infer_publisher(BODY, caps[1:2]) == "Associated Press"


def test_getty_alone_is_not_a_publisher() -> None:
    assert infer_publisher(BODY, ["Two leaders talk in the Kremlin. (Getty Images)"]) is None
    assert (
        infer_publisher(BODY, ["Soldiers at a checkpoint (Photo by John Smith/Getty Images)"])
        is None
    )


def test_afp_and_reuters_credits() -> None:
    assert infer_publisher(
        BODY, ["Protesters in Paris. (Photo by Ana Costa/AFP via Getty Images)"]
    ) == ("Agence France-Presse")
    assert (
        infer_publisher(BODY, ["A mural in Kyiv, January 30, 2023. REUTERS/Ivan Kostenko"])
        == "Reuters"
    )


def test_dateline_agency_and_removed_spans() -> None:
    assert infer_publisher("Oil prices rose.", [], agency="Reuters") == "Reuters"
    removed = [
        RemovedSpan("Copyright 2023 The Associated Press. All rights reserved.", "copyright")
    ]
    assert infer_publisher("Oil prices rose.", [], removed=removed) == "Associated Press"
    body = "LONDON (Reuters) - Oil prices rose on Monday as traders weighed supply risks."
    assert infer_publisher(body, []) == "Reuters"


def test_reuters_style_article_end_to_end() -> None:
    raw = (
        "Talks on grain corridor resume as ministers meet in Geneva\n"
        "GENEVA (Reuters) - Officials from both countries met for six hours on Tuesday and agreed to hold "
        "another round of talks next month, according to a joint statement.\n"
        "A worker checks sacks of wheat at a port in Odesa, Ukraine, March 1, 2023. REUTERS/Oleg Petrenko\n"
        "Neither side announced a breakthrough, but the mood was businesslike, people familiar said.\n"
    )
    c = clean_text(raw)
    assert infer_publisher(c.body, c.captions, removed=c.removed, agency=c.agency) == "Reuters"


def test_url_domain_table_and_registered_domain() -> None:
    assert (
        infer_publisher(BODY, [], url="https://www.theguardian.com/world/2023/x") == "The Guardian"
    )
    assert infer_publisher(BODY, [], url="https://edition.cnn.com/2023/x") == "CNN"
    assert infer_publisher(BODY, [], url="https://news.example.co.uk/a/b") == "example.co.uk"
    # a known outlet that used a wire photo is still the publisher
    assert (
        infer_publisher(BODY, ["A man. (AP Photo/X)"], url="https://www.theguardian.com/x")
        == "The Guardian"
    )
    # an aggregator republishing wire copy: the credit wins
    assert (
        infer_publisher(BODY, ["A man. (AP Photo/X)"], url="https://news.yahoo.com/x")
        == "Associated Press"
    )
    assert registered_domain("https://www.bbc.co.uk/news/x") == "bbc.co.uk"
    assert registered_domain("not a url") is None


def test_no_evidence_no_publisher() -> None:
    assert infer_publisher(BODY, []) is None
    assert infer_publisher("The AP Stylebook was updated.", []) is None


def test_publishers_file_loads_and_is_versioned() -> None:
    table = metadata.publisher_table()
    assert table.version >= 1
    assert table.credit("AP") == "Associated Press"
    assert table.domain("www.reuters.com") == ("Reuters", False)
    with pytest.raises(ValueError):
        metadata.parse_publishers("credit\tAP\n")


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("By JANE DOE and JOHN ROE Associated Press", "Jane Doe, John Roe"),
        ("By Maria Kovac, Reuters", "Maria Kovac"),
        ("By Tom Pyman for MailOnline", "Tom Pyman"),
        ("By Jane Whitfield", "Jane Whitfield"),
        ("By the way", None),
        (None, None),
    ],
)
def test_author_from_byline(byline: str | None, author: str | None) -> None:
    assert author_from_byline(byline) == author


# ---------------------------------------------------------------------------------------------
# detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Officials from both countries met for six hours and agreed to hold another round of talks.",
            "en",
        ),
        (
            "Die Minister trafen sich am Montag in Wien und vereinbarten neue Gespräche im nächsten Monat.",
            "de",
        ),
        ("Los ministros se reunieron el lunes en Viena y acordaron nuevas conversaciones.", "es"),
        ("Министры встретились в понедельник в Вене и договорились о новых переговорах.", "ru"),
        ("Grain talks resume", "en"),
        ("", "en"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


# ---------------------------------------------------------------------------------------------
# Seeds


def _seed(name: str) -> str:
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"{path} not found")
    return path.read_text("utf-8")


def test_seed_wire_story_metadata() -> None:
    c = clean_text(_seed("000_23a1d536d0990c3e.txt"))
    assert (
        infer_publisher(c.body, c.captions, removed=c.removed, agency=c.agency)
        == "Associated Press"
    )
    assert infer_published(c.body, c.captions, c.dateline) == "2022-02-14"
    assert caption_date(c.captions[0]) == "2022-02-10"
    assert detect_language(c.body) == "en"


def test_seed_second_outlet_metadata() -> None:
    c = clean_text(_seed("002_0d82dd4f237d1751.txt"))
    assert infer_published(c.body, c.captions, c.dateline) != "2013-04-15"
    assert infer_publisher(c.body, c.captions, removed=c.removed, agency=c.agency) is None


@settings(max_examples=150, deadline=None)
@given(st.text(), st.lists(st.text(), max_size=4), st.one_of(st.none(), st.text()))
def test_inference_never_fails(body: str, captions: list[str], url: str | None) -> None:
    published = infer_published(body, captions, dateline=url)
    assert published is None or len(published) == 10
    publisher = infer_publisher(body, captions, url=url)
    assert publisher is None or isinstance(publisher, str)
    for cap in captions:
        d = caption_date(cap)
        assert d is None or len(d) == 10
    assert isinstance(detect_language(body), str)


# ---------------------------------------------------------------------------------------------
# Outlet evidence the cleaner keeps apart (masthead, copyright line, page date line)

OUTLET_PAGE = """THE EVENING COURIER
Home | World | Europe
Sign in | Subscribe

Ministers agree to resume grain talks in Geneva next month

By Ana Ruiz
Updated March 7, 2023, 7:20 a.m. EST

GENEVA (Tidewater Wire) — Officials from both countries met for six hours on Tuesday and agreed to
hold another round of talks next month, according to a joint statement released after the meeting.

The talks focused on grain exports, prisoner exchanges and the safety of a nuclear plant, three
issues that have stalled earlier rounds, a senior diplomat told reporters on Tuesday.

Neither side announced a breakthrough, but the mood was described as businesslike by people
familiar with the discussions who spoke on condition of anonymity.

A delegate arrives at the talks in Geneva, Tuesday, March 7, 2023. (AP Photo/Lena Hart)

Copyright 2023 The Evening Courier. All rights reserved."""


def test_outlet_evidence_from_cleaned_page() -> None:
    c = clean_text(OUTLET_PAGE)
    assert c.title == "Ministers agree to resume grain talks in Geneva next month"
    assert c.masthead == "The Evening Courier"
    assert c.dateline == "GENEVA" and c.agency == "Tidewater Wire"
    kwargs = {"removed": c.removed, "agency": c.agency, "masthead": c.masthead}
    # the copyright holder, then the masthead, beat the wire in the dateline and the AP photo
    assert infer_publisher(c.body, c.captions, **kwargs) == "The Evening Courier"
    no_copyright = [r for r in c.removed if r.reason != "copyright"]
    assert infer_publisher(c.body, c.captions, removed=no_copyright, masthead=c.masthead) == (
        "The Evening Courier"
    )
    assert infer_publisher(c.body, c.captions, removed=no_copyright, agency=c.agency) == (
        "Tidewater Wire"
    )
    # the date line printed over the article
    assert infer_published(c.body, c.captions, c.dateline, removed=c.removed) == "2023-03-07"


def test_copyright_holder_and_page_date_helpers() -> None:
    spans = [
        RemovedSpan("Published 09/21/2023 8:47 PM CDT", "furniture"),
        RemovedSpan("© 2019 Example Interactive Inc. All Rights Reserved.", "copyright"),
    ]
    assert metadata.page_date(spans) == "2023-09-21"
    assert metadata.page_date([RemovedSpan("Posted 03/04/2023", "furniture")]) is None  # ambiguous
    assert infer_publisher("Text.", [], removed=spans) == "Example Interactive"


def test_dates_in_other_languages() -> None:
    assert (
        caption_date("Rescatistas en Antakya el 7 de febrero de 2023. (AP Photo/X)") == "2023-02-07"
    )
    assert caption_date("Helfer in Beirut am 5. August 2020.") == "2020-08-05"
    assert caption_date("Des secouristes à Beyrouth le 5 août 2020.") == "2020-08-05"


def test_cleaners_evidence_passed_explicitly() -> None:
    # the masthead, copyright line and page date the cleaner removed from the body are the evidence
    page = OUTLET_PAGE.replace("Officials from both countries", "Officials from the two countries")
    c = clean_text(page)
    assert infer_publisher(c.body, c.captions, removed=c.removed, agency=c.agency,
                           masthead=c.masthead) == "The Evening Courier"
    assert infer_published(c.body, c.captions, c.dateline_text or c.dateline,
                           removed=c.removed) == "2023-03-07"
    # without that evidence there is no outlet to name
    assert infer_publisher(c.body, c.captions, removed=[], masthead=None, agency="AP") == (
        "Associated Press"
    )

