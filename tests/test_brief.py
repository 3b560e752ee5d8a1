"""Briefs: summary sentences from the articles, every [n] a real supporting source, unique
per outlet, copies not counted as outlets."""

from __future__ import annotations

import re

import pytest

from wirewatch.brief import first_sentence, make_brief, render_markdown
from wirewatch.fuse import update_fusion
from wirewatch.store import (
    Store,
    insert_article,
    insert_claim_mention,
    insert_event_mention,
    insert_quote_mention,
    replace_stories,
)
from wirewatch.types import ActorRef, Article, Claim, EventMention, Quote, Story, Support

TUR = ActorRef("Turkey", "TUR", "GOV")
CVL = ActorRef("residents", "TUR", "CVL")
AID_ORG = ActorRef("Red Crescent", "IGO", "MED")
GRC = ActorRef("Greece", "GRC", "GOV")

BODY1 = ("A powerful earthquake struck southern Turkey early on Monday, flattening buildings in "
         "several provinces. Rescuers pulled survivors from the rubble through the night. "
         "The government declared a state of emergency in ten provinces.")
BODY2 = ("Turkish authorities declared an emergency in ten provinces after a strong quake hit "
         "the south of the country on Monday. Greece sent a rescue team to help. "
         "Officials said 7,200 people were killed.")
BODY3 = BODY1 + " Copy desk note."


def _sent(body: str, sentence: str) -> Support:
    start = body.index(sentence)
    return Support("", sentence, start, start + len(sentence))


def _mention(id_: str, article: str, body: str, sentence: str, event: str, actor, recipient,
             publisher: str) -> EventMention:
    s = _sent(body, sentence)
    s.article_id = article
    return EventMention(id=id_, article_id=article, event=event, actor=actor, recipient=recipient,
                        support=s, date="2023-02-06", date_basis="weekday", quad=2, intensity=3.0)


@pytest.fixture()
def store(tmp_path) -> Store:
    st = Store(str(tmp_path / "b.duckdb"))
    arts = [
        Article(id="a1", source_id="s1", body=BODY1, title="Quake hits southern Turkey",
                publisher="Harbor Daily", published="2023-02-06", url="https://harbor.example/q"),
        Article(id="a2", source_id="s2", body=BODY2, title="Emergency declared after quake",
                publisher="Coastal Post", published="2023-02-07"),
        Article(id="a3", source_id="s3", body=BODY3, title="Quake hits southern Turkey",
                publisher="Syndicator", published="2023-02-07", duplicate_of="a1"),
    ]
    emergency1 = "The government declared a state of emergency in ten provinces."
    emergency2 = ("Turkish authorities declared an emergency in ten provinces after a strong quake "
                  "hit the south of the country on Monday.")
    with st.transaction() as con:
        for i, a in enumerate(arts):
            insert_article(con, a, i)
        insert_event_mention(con, _mention("m1", "a1", BODY1, emergency1, "COERCE", [TUR], [CVL], "Harbor Daily"))
        insert_event_mention(con, _mention("m2", "a2", BODY2, emergency2, "COERCE", [TUR], [CVL], "Coastal Post"))
        insert_event_mention(con, _mention("m3", "a3", BODY3, emergency1, "COERCE", [TUR], [CVL], "Syndicator"))
        insert_event_mention(con, _mention("m4", "a2", BODY2, "Greece sent a rescue team to help.",
                                           "AID", [GRC], [TUR], "Coastal Post"))
        insert_quote_mention(con, Quote("q1", "a2", "We are doing everything we can", "direct",
                                        ActorRef("Fahrettin Koca", "TUR", "GOV", "minister"),
                                        [Support("a2", "\"We are doing everything we can,\" the minister said.", 0, 50)],
                                        "said"))
        insert_claim_mention(con, Claim("c1", "a2", 7200, "7,200",
                                        [Support("a2", "Officials said 7,200 people were killed.", 0, 40)],
                                        unit="people killed", date="2023-02-07"))
        insert_claim_mention(con, Claim("c2", "a1", 5000, "5,000",
                                        [Support("a1", "The quake killed 5,000 people.", 0, 30)],
                                        unit="killed", date="2023-02-07"))
        replace_stories(con, [Story("st1", "Earthquake in Turkey", ["a1", "a2", "a3"],
                                    ["Harbor Daily", "Coastal Post", "Syndicator"],
                                    "2023-02-06", "2023-02-07")])
    update_fusion(st)
    return st


def test_brief_has_all_parts(store: Store) -> None:
    b = make_brief(store, "st1")
    assert set(b) >= {"headline", "summary", "events", "quotes", "conflicts", "unique", "sources"}
    assert b["headline"] == "Earthquake in Turkey"
    assert [s["n"] for s in b["sources"]] == [1, 2, 3]
    assert b["sources"][0]["publisher"] == "Harbor Daily"
    assert 3 <= len(b["summary"]) <= 5
    # the most-reported event comes first and is cited by all three reports
    top = b["events"][0]
    assert top["event"] == "COERCE" and top["reports"] == 3 and top["citations"] == [1, 2, 3]
    assert b["conflicts"] and b["conflicts"][0]["kind"] == "number"


def test_every_citation_points_to_a_source_that_supports_it(store: Store) -> None:
    b = make_brief(store, "st1")
    by_n = {s["n"]: s for s in b["sources"]}
    bodies = {r["id"]: r["body"] for r in store.query("SELECT id, body FROM articles")}
    for item in b["summary"]:
        assert item["citations"], item
        supported = {s["n"] for s in item["support"]}
        for n in item["citations"]:
            assert n in by_n
            assert n in supported
            # the cited article really contains a sentence behind this statement
            aid = by_n[n]["article_id"]
            assert any(s["sentence"] in bodies[aid] for s in item["support"] if s["n"] == n)
        # the summary sentence itself is a sentence of a cited article
        assert any(item["text"] in bodies[by_n[n]["article_id"]] for n in item["citations"])
    md = render_markdown(b)
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", md)}
    listed = {int(n) for n in re.findall(r"^(\d+)\. ", md, re.M)}
    assert cited <= listed


def test_unique_lists_what_only_one_outlet_reports_and_skips_copies(store: Store) -> None:
    b = make_brief(store, "st1")
    unique = b["unique"]
    # a3 is a copy of a1, never an outlet of its own; a1's event is also in a2, its toll is not
    assert set(unique) == {"a1", "a2"}
    assert unique["a1"]["events"] == [] and {c["value"] for c in unique["a1"]["claims"]} == {5000}
    assert [e["event"] for e in unique["a2"]["events"]] == ["AID"]
    assert [q["text"] for q in unique["a2"]["quotes"]] == ["We are doing everything we can"]
    assert {c["value"] for c in unique["a2"]["claims"]} == {7200}


def test_copy_counts_with_its_original(tmp_path) -> None:
    st = Store(str(tmp_path / "c.duckdb"))
    with st.transaction() as con:
        insert_article(con, Article(id="o", source_id="so", body=BODY1, publisher="Wire"), 0)
        insert_article(con, Article(id="c", source_id="sc", body=BODY3, publisher="Reprinter",
                                    duplicate_of="o"), 1)
        insert_event_mention(con, _mention("m1", "c", BODY3, "Rescuers pulled survivors from the rubble through the night.",
                                           "AID", [CVL], [CVL], "Reprinter"))
        replace_stories(con, [Story("s", "t", ["o", "c"], ["Wire", "Reprinter"])])
    update_fusion(st)
    # only one original article: nothing is "unique to an outlet"
    assert make_brief(st, "s")["unique"] == {}


def test_markdown_renders_sections(store: Store) -> None:
    md = render_markdown(make_brief(store, "st1"))
    assert md.startswith("# Earthquake in Turkey\n")
    for heading in ("## Summary", "## Key events", "## Key quotes", "## Conflicts",
                    "## Only in one outlet", "## Sources"):
        assert heading in md
    assert "| COERCE |" in md
    assert "5,000" in md and "7,200" in md
    assert "1. Harbor Daily, \u201cQuake hits southern Turkey\u201d, 2023-02-06" in md


def test_first_sentence() -> None:
    assert first_sentence("Talks ended on Friday. Both sides left.") == "Talks ended on Friday."
    assert first_sentence("\n\n\"We will return,\" he said. Then he left.") == "\"We will return,\" he said."


def test_unmarked_reprint_counts_as_a_copy(tmp_path) -> None:
    from wirewatch.brief import copy_groups

    wire = ("Negotiators from both countries met in Geneva on Monday for seven hours and agreed "
            "to meet again next month, officials said, in the first talks since the spring.")
    other = ("Talks in Geneva ended without agreement on Monday, and the delegations went home "
             "to consult their governments before any new round could be scheduled.")
    arts = [Article(id="w", source_id="1", body=wire, publisher="Wire", published="2022-01-10"),
            Article(id="r", source_id="2", body=wire + " Reprinted.", publisher="Reprinter",
                    published="2022-01-11"),
            Article(id="o", source_id="3", body=other, publisher="Own", published="2022-01-11")]
    assert copy_groups(arts) == {"w": "w", "r": "w", "o": "o"}
    st = Store(str(tmp_path / "u.duckdb"))
    geneva = [ActorRef("United States", "USA", "GOV")]
    with st.transaction() as con:
        for i, a in enumerate(arts):
            insert_article(con, a, i)
        for aid in ("w", "r"):
            insert_event_mention(con, EventMention(
                id=f"m{aid}", article_id=aid, event="CONSULT", actor=geneva, recipient=[GRC],
                support=Support(aid, wire.split(",")[0], 0, 40), date="2022-01-10"))
        replace_stories(con, [Story("g", "Geneva", ["w", "r", "o"], ["Wire", "Reprinter", "Own"])])
    update_fusion(st)
    b = make_brief(st, "g")
    # the event reported by the wire and its reprint is unique to the wire, not shared by two voices
    assert set(b["unique"]) == {"w"}
    assert {s["article_id"]: s["copy_of"] for s in b["sources"]} == {"w": None, "r": 1, "o": None}
