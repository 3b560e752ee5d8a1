"""Row converters: every record written to the store comes back equal through rows.py."""

from __future__ import annotations

from wirewatch import rows
from wirewatch.store import (
    Store,
    insert_article,
    insert_claim_mention,
    insert_event_mention,
    insert_quote_mention,
    replace_fused,
    replace_stories,
)
from wirewatch.types import (
    ActorRef,
    Article,
    Claim,
    Conflict,
    ConflictSide,
    EventMention,
    FusedClaim,
    FusedEvent,
    FusedQuote,
    Quote,
    RemovedSpan,
    Story,
    Support,
)

SUP = Support("a1", "Talks ended.", 5, 17, caption=True, caption_index=1, publisher="Harbor Daily")
ACT = ActorRef("Sergey Lavrov", "RUS", "GOV", "foreign minister")

ARTICLE = Article(id="a1", source_id="s1", body="Body text here.", title="T", publisher="Harbor Daily",
                  author="A. Writer", published="2022-02-10", url="https://x.example", language="en",
                  captions=["cap one", "cap two"], dateline="BERLIN (HD) -",
                  removed=[RemovedSpan("Subscribe", "furniture")], format="html", story_id="st1",
                  duplicate_of=None, notes=["a note"])
MENTION = EventMention(id="m1", article_id="a1", event="CONSULT", actor=[ACT],
                       recipient=[ActorRef("Liz Truss", "GBR", "GOV", None)], support=SUP,
                       mode="visit", cameo_root="04", quad=1, intensity=1.0, date="2022-02-10",
                       date_basis="weekday", location="Moscow", status="asserted", trigger="met",
                       story_id="st1")
QUOTE = Quote(id="q1", article_id="a1", text="a mute person", kind="partial", speaker=ACT,
              support=[SUP], verb="said", story_id="st1")
CLAIM = Claim(id="c1", article_id="a1", value=100000.0, text="100,000", support=[SUP],
              unit="troops", qualifier="more than", subject="Russia", speaker=None,
              date="2022-02-10", story_id="st1")
STORY = Story("st1", "Berlin talks", ["a1"], ["Harbor Daily"], "2022-02-10", "2022-02-10")
FEV = FusedEvent(id="E1", story_id="st1", event="CONSULT", actor=[ACT], recipient=[], support=[SUP],
                 mention_ids=["m1"], mode="visit", cameo_root="04", quad=1, intensity=1.0,
                 date="2022-02-10", location="Moscow", status="asserted")
FQ = FusedQuote(id="Q1", story_id="st1", text="a mute person", kind="partial", speaker=ACT,
                support=[SUP], quote_ids=["q1"], variants=["a mute person"], verb="said")
FC = FusedClaim(id="C1", story_id="st1", value=100000.0, text="100,000", support=[SUP],
                claim_ids=["c1"], unit="troops", qualifier="more than", subject="Russia",
                speaker=None, date="2022-02-10")
CONF = Conflict(id="K1", story_id="st1", kind="number", about="troops",
                sides=[ConflictSide("100,000", ["a1"], ["Harbor Daily"], ["Talks ended."]),
                       ConflictSide("130,000", ["a2"], [], ["Other."])])


def test_round_trip_through_the_store(tmp_path) -> None:
    store = Store(str(tmp_path / "r.duckdb"))
    with store.transaction() as con:
        insert_article(con, ARTICLE, 0)
        insert_event_mention(con, MENTION)
        insert_quote_mention(con, QUOTE)
        insert_claim_mention(con, CLAIM)
        replace_stories(con, [STORY])
        replace_fused(con, ["st1"], [FEV], [FQ], [FC], [CONF])
    q = store.query
    assert rows.article_from_row(q("SELECT * FROM articles")[0]) == ARTICLE
    assert rows.event_mention_from_row(q("SELECT * FROM event_mentions")[0]) == MENTION
    assert rows.quote_from_row(q("SELECT * FROM quote_mentions")[0]) == QUOTE
    assert rows.claim_from_row(q("SELECT * FROM claim_mentions")[0]) == CLAIM
    assert rows.story_from_row(q("SELECT * FROM stories")[0]) == STORY
    assert rows.fused_event_from_row(q("SELECT * FROM events")[0]) == FEV
    assert rows.fused_quote_from_row(q("SELECT * FROM quotes")[0]) == FQ
    assert rows.fused_claim_from_row(q("SELECT * FROM claims")[0]) == FC
    assert rows.conflict_from_row(q("SELECT * FROM conflicts")[0]) == CONF


def test_fetch_dicts_decodes_json_inside_a_transaction(tmp_path) -> None:
    store = Store(str(tmp_path / "r.duckdb"))
    with store.transaction() as con:
        insert_event_mention(con, MENTION)
        got = rows.fetch_dicts(con.execute("SELECT * FROM event_mentions"))
    assert got[0]["actor"][0]["code"] == "RUS"
    assert rows.event_mention_from_row(got[0]) == MENTION


def test_converters_accept_json_text_and_missing_keys() -> None:
    raw = {"id": "m2", "article_id": "a9", "event": "ASSAULT",
           "actor": '[{"name": "Russia", "code": "RUS"}]', "recipient": None,
           "support": '{"article_id": "a9", "sentence": "S.", "start": 0, "end": 2}'}
    m = rows.event_mention_from_row(raw)
    assert m.actor == [ActorRef("Russia", "RUS")] and m.recipient == []
    assert m.status == "asserted" and m.support.sentence == "S."
    assert rows.actor_from_dict("Kremlin") == ActorRef("Kremlin")
    assert rows.actor_from_dict(None) is None
