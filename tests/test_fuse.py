"""Fusion: one record per real-world event, quote and number; conflicts between sources.

Inputs are built by hand (our own sentences), the way the per-article stages would emit them.
"""

from __future__ import annotations

from wirewatch import fuse
from wirewatch.fuse import (
    actors_compatible,
    claim_interval,
    fuse_story,
    normalize_quote,
    same_event,
    update_fusion,
)
from wirewatch.store import (
    Store,
    insert_article,
    insert_claim_mention,
    insert_event_mention,
    insert_quote_mention,
    replace_stories,
)
from wirewatch.types import ActorRef, Article, Claim, EventMention, Quote, Story, Support

RUS_GOV = ActorRef("Russia", "RUS", "GOV")
LAVROV = ActorRef("Sergey Lavrov", "RUS", "GOV", "foreign minister")
USA = ActorRef("United States", "USA", "GOV")
UKR = ActorRef("Ukraine", "UKR", "GOV")
UKR_CVL = ActorRef("Ukrainian civilians", "UKR", "CVL")


def ev(id_: str, article: str, event: str, actor, recipient, date="2022-02-10", sentence="",
       status="asserted", location=None, quad=None, intensity=None, basis="explicit") -> EventMention:
    return EventMention(
        id=id_, article_id=article, event=event, actor=list(actor), recipient=list(recipient),
        support=Support(article, sentence or f"{id_} sentence.", 0, len(sentence or id_)),
        date=date, date_basis=basis, status=status, location=location, quad=quad,
        intensity=intensity,
    )


def quote(id_: str, article: str, text: str, speaker: ActorRef | None, kind="direct") -> Quote:
    return Quote(id=id_, article_id=article, text=text, kind=kind, speaker=speaker,
                 support=[Support(article, f'"{text}," the speaker said.', 10, 40)], verb="said")


def claim(id_: str, article: str, value: float, text: str, unit: str, qualifier=None,
          subject=None, date="2023-02-07", sentence=None) -> Claim:
    return Claim(id=id_, article_id=article, value=value, text=text, unit=unit,
                 qualifier=qualifier, subject=subject, date=date,
                 support=[Support(article, sentence or f"The toll stood at {text}.", 0, 30)])


PUBS = {"a1": "Harbor Daily", "a2": "Coastal Post", "a3": "Inland Times"}


def test_two_outlets_two_wordings_fuse_into_one_event_with_both_articles() -> None:
    m1 = ev("m1", "a1", "CONSULT", [RUS_GOV], [USA],
            sentence="Russia held talks with the United States in Geneva on Thursday.")
    m2 = ev("m2", "a2", "CONSULT", [LAVROV, USA], [],
            sentence="Lavrov and his American counterpart met for two hours.")
    events, _, _, _ = fuse_story("s1", [m1, m2], [], [], PUBS)
    assert len(events) == 1
    fused = events[0]
    assert fused.mention_ids == ["m1", "m2"]
    assert {s.article_id for s in fused.support} == {"a1", "a2"}
    assert {s.publisher for s in fused.support} == {"Harbor Daily", "Coastal Post"}
    # the most specific actor reference is kept
    assert any(a.role == "foreign minister" for a in fused.actor)


def test_incompatible_actors_stay_apart() -> None:
    m1 = ev("m1", "a1", "ACCUSE", [USA], [UKR])
    m2 = ev("m2", "a2", "ACCUSE", [ActorRef("Russia", "RUS")], [UKR])
    events, _, _, _ = fuse_story("s1", [m1, m2], [], [], PUBS)
    assert len(events) == 2


def test_actor_compatibility_rules() -> None:
    assert actors_compatible([RUS_GOV], [LAVROV])
    assert not actors_compatible([USA], [RUS_GOV])
    assert actors_compatible([], [USA])  # unknown side never blocks
    blinken = ActorRef("Antony Blinken", "USA", "GOV", "secretary of state")
    biden = ActorRef("Joe Biden", "USA", "GOV", "president")
    assert not actors_compatible([blinken], [biden])
    assert actors_compatible([ActorRef("Lavrov", "RUS", "GOV", "minister")], [LAVROV])
    protesters = ActorRef("protesters", "RUS", "OPP")
    assert not actors_compatible([protesters], [ActorRef("Russian forces", "RUS", "MIL")])


def test_dates_beyond_window_and_statuses_do_not_fuse() -> None:
    base = ev("m1", "a1", "ASSAULT", [RUS_GOV], [UKR], date="2022-02-24")
    near = ev("m2", "a2", "ASSAULT", [RUS_GOV], [UKR], date="2022-02-25")
    far = ev("m3", "a2", "ASSAULT", [RUS_GOV], [UKR], date="2022-03-10")
    denied = ev("m4", "a3", "ASSAULT", [RUS_GOV], [UKR], date="2022-02-24", status="denied")
    assert same_event(base, near, window=2)
    assert not same_event(base, far, window=2)
    assert not same_event(base, denied, window=2)
    events, _, _, _ = fuse_story("s1", [base, near, far, denied], [], [], PUBS)
    assert sorted(len(e.mention_ids) for e in events) == [1, 1, 2]


def test_places_that_cannot_be_the_same_block_fusion() -> None:
    a = ev("m1", "a1", "ASSAULT", [RUS_GOV], [UKR], location="Kharkiv")
    b = ev("m2", "a2", "ASSAULT", [RUS_GOV], [UKR], location="Odesa")
    c = ev("m3", "a3", "ASSAULT", [RUS_GOV], [UKR], location="eastern Ukraine")
    assert not same_event(a, b, window=2)
    assert same_event(a, c, window=2)


def test_vague_mention_does_not_chain_incompatible_groups() -> None:
    usa = ev("m1", "a1", "SANCTION", [USA], [RUS_GOV], sentence="Washington imposed sanctions.")
    gbr = ev("m2", "a2", "SANCTION", [ActorRef("Britain", "GBR", "GOV")], [RUS_GOV],
             sentence="London imposed sanctions.")
    vague = ev("m3", "a3", "SANCTION", [], [RUS_GOV], sentence="Sanctions were imposed.")
    events, _, _, _ = fuse_story("s1", [usa, gbr, vague], [], [], PUBS)
    assert len(events) == 2
    assert sorted(len(e.mention_ids) for e in events) == [1, 2]


def test_fused_ids_are_stable_and_order_independent() -> None:
    m1 = ev("m1", "a1", "CONSULT", [RUS_GOV], [USA])
    m2 = ev("m2", "a2", "CONSULT", [LAVROV], [USA])
    first = fuse_story("s1", [m1, m2], [], [], PUBS)[0]
    second = fuse_story("s1", [m2, m1], [], [], PUBS)[0]
    assert [e.id for e in first] == [e.id for e in second]
    alone = fuse_story("s1", [m1], [], [], PUBS)[0]
    assert alone[0].id != first[0].id


def test_quote_variants_fuse() -> None:
    assert normalize_quote("There's always a chance!") == normalize_quote("there is always a chance")
    q1 = quote("q1", "a1", "As head of the ministry, I must say that there's always a chance", LAVROV)
    q2 = quote("q2", "a2", "there is always a chance", ActorRef("Lavrov", "RUS", "GOV"), kind="partial")
    q3 = quote("q3", "a3", "We will not accept these terms", LAVROV)
    other_speaker = quote("q4", "a3", "There is always a chance", ActorRef("Joe Biden", "USA", "GOV"))
    _, quotes, _, _ = fuse_story("s1", [], [q1, q2, q3, other_speaker], [], PUBS)
    by_ids = {tuple(q.quote_ids): q for q in quotes}
    assert ("q1", "q2") in by_ids
    fused = by_ids[("q1", "q2")]
    assert fused.kind == "direct" and fused.text.startswith("As head")
    assert set(fused.variants) == {q1.text, q2.text}
    assert {s.article_id for s in fused.support} == {"a1", "a2"}
    assert ("q3",) in by_ids and ("q4",) in by_ids


def test_quotes_with_different_numbers_stay_apart() -> None:
    q1 = quote("q1", "a1", "2,562 people had been injured", None, kind="indirect")
    q2 = quote("q2", "a2", "2,421 people had been injured", None, kind="indirect")
    q3 = quote("q3", "a3", "2,562 people had been injured in the quake", None, kind="indirect")
    _, quotes, _, _ = fuse_story("s1", [], [q1, q2, q3], [], PUBS)
    assert sorted(sorted(q.quote_ids) for q in quotes) == [["q1", "q3"], ["q2"]]


def test_quote_with_unknown_speaker_joins() -> None:
    q1 = quote("q1", "a1", "Our possibilities are far from being exhausted", LAVROV)
    q2 = quote("q2", "a2", "our possibilities are far from exhausted", None)
    _, quotes, _, _ = fuse_story("s1", [], [q1, q2], [], PUBS)
    assert len(quotes) == 1 and quotes[0].speaker == LAVROV


def test_claims_fuse_on_same_value_and_unit_family() -> None:
    c1 = claim("c1", "a1", 5000, "5,000", "people killed")
    c2 = claim("c2", "a2", 5000, "5,000", "deaths")
    c3 = claim("c3", "a3", 130000, "130,000", "troops", qualifier="well over")
    _, _, claims, conflicts = fuse_story("s1", [], [], [c1, c2, c3], PUBS)
    assert sorted(len(c.claim_ids) for c in claims) == [1, 2]
    assert conflicts == []


def test_two_reports_of_one_disaster_with_different_tolls_conflict() -> None:
    c1 = claim("c1", "a1", 5000, "5,000", "people killed",
               sentence="The earthquake killed 5,000 people, officials said.")
    c2 = claim("c2", "a2", 7200, "7,200", "killed",
               sentence="At least 7,200 people were killed in the quake.")
    _, _, _, conflicts = fuse_story("s1", [], [], [c1, c2], PUBS)
    assert len(conflicts) == 1
    k = conflicts[0]
    assert k.kind == "number"
    values = {s.value for s in k.sides}
    assert values == {"5,000", "7,200"}
    by_value = {s.value: s for s in k.sides}
    assert by_value["5,000"].article_ids == ["a1"]
    assert by_value["5,000"].publishers == ["Harbor Daily"]
    assert by_value["7,200"].sentences == ["At least 7,200 people were killed in the quake."]


def test_compatible_qualifiers_are_not_a_conflict() -> None:
    c1 = claim("c1", "a1", 5000, "5,000", "people killed", qualifier="at least")
    c2 = claim("c2", "a2", 5100, "5,100", "people killed", qualifier="more than")
    _, _, _, conflicts = fuse_story("s1", [], [], [c1, c2], PUBS)
    assert conflicts == []
    assert claim_interval(5000, "at least")[1] == float("inf")
    assert claim_interval(100, "up to") == (0.0, 100)


def test_different_dates_or_same_article_are_not_number_conflicts() -> None:
    monday = claim("c1", "a1", 5000, "5,000", "killed", date="2023-02-06")
    later = claim("c2", "a2", 12000, "12,000", "killed", date="2023-02-12")
    same_article = claim("c3", "a1", 7000, "7,000", "killed", date="2023-02-06")
    _, _, _, conflicts = fuse_story("s1", [], [], [monday, later, same_article], PUBS)
    assert conflicts == []


def test_actor_conflict_names_each_side() -> None:
    m1 = ev("m1", "a1", "ASSAULT", [ActorRef("Russian forces", "RUS", "MIL")], [UKR_CVL],
            sentence="Russian forces shelled the market.")
    m2 = ev("m2", "a2", "ASSAULT", [ActorRef("Ukrainian army", "UKR", "MIL")], [UKR_CVL],
            sentence="Ukrainian troops shelled the market, Moscow said.")
    _, _, _, conflicts = fuse_story("s1", [m1, m2], [], [], PUBS)
    assert [k.kind for k in conflicts] == ["actor"]
    sides = {tuple(s.article_ids): s for s in conflicts[0].sides}
    assert "RUS" in sides[("a1",)].value and "UKR" in sides[("a2",)].value
    assert sides[("a2",)].sentences == ["Ukrainian troops shelled the market, Moscow said."]


def test_date_conflict_when_sources_wrote_at_the_same_time() -> None:
    m1 = ev("m1", "a1", "ASSAULT", [RUS_GOV], [UKR], date="2022-02-20")
    m2 = ev("m2", "a2", "ASSAULT", [RUS_GOV], [UKR], date="2022-02-24")
    published = {"a1": "2022-02-25", "a2": "2022-02-25"}
    _, _, _, conflicts = fuse_story("s1", [m1, m2], [], [], PUBS, published)
    assert [k.kind for k in conflicts] == ["date"]
    assert [s.value for s in conflicts[0].sides] == ["2022-02-20", "2022-02-24"]
    # a source that wrote before the later date could not know it: no dispute
    early = {"a1": "2022-02-21", "a2": "2022-02-25"}
    assert fuse_story("s1", [m1, m2], [], [], PUBS, early)[3] == []


def _seed_store(path: str) -> Store:
    store = Store(path)
    arts = [
        Article(id="a1", source_id="s-a1", body="x " * 30, title="Talks in Geneva",
                publisher="Harbor Daily", published="2022-01-21"),
        Article(id="a2", source_id="s-a2", body="y " * 30, title="Geneva meeting",
                publisher="Coastal Post", published="2022-01-21"),
    ]
    with store.transaction() as con:
        for i, a in enumerate(arts):
            insert_article(con, a, i)
        insert_event_mention(con, ev("m1", "a1", "CONSULT", [RUS_GOV], [USA], date="2022-01-21"))
        insert_event_mention(con, ev("m2", "a2", "CONSULT", [LAVROV], [USA], date="2022-01-21"))
        insert_quote_mention(con, quote("q1", "a1", "We didn't expect a breakthrough", LAVROV))
        insert_quote_mention(con, quote("q2", "a2", "we did not expect a breakthrough", None))
        insert_claim_mention(con, claim("c1", "a1", 100000, "100,000", "troops", date="2022-01-21"))
        insert_claim_mention(con, claim("c2", "a2", 130000, "130,000", "troops", date="2022-01-21"))
        replace_stories(con, [Story("st1", "Geneva talks", ["a1", "a2"],
                                    ["Harbor Daily", "Coastal Post"])])
    return store


def test_update_fusion_writes_fused_records_and_is_idempotent(tmp_path) -> None:
    store = _seed_store(str(tmp_path / "w.duckdb"))
    assert update_fusion(store) == 1
    first = store.query("SELECT id, mention_ids, support FROM events")
    assert len(first) == 1 and first[0]["mention_ids"] == ["m1", "m2"]
    assert {s["article_id"] for s in first[0]["support"]} == {"a1", "a2"}
    assert store.scalar("SELECT count(*) FROM quotes") == 1
    conflicts = store.query("SELECT kind, sides FROM conflicts")
    assert [c["kind"] for c in conflicts] == ["number"]
    assert update_fusion(store, ["st1"]) == 1
    assert store.query("SELECT id FROM events") == [{"id": first[0]["id"]}]


def test_update_fusion_fuses_story_less_articles_alone(tmp_path) -> None:
    store = Store(str(tmp_path / "w.duckdb"))
    with store.transaction() as con:
        insert_article(con, Article(id="a9", source_id="s9", body="z " * 30, publisher="P"), 0)
        insert_event_mention(con, ev("m9", "a9", "PROTEST", [UKR_CVL], [UKR]))
    assert update_fusion(store) == 1
    assert update_fusion(store) == 1  # replaced, not duplicated
    assert store.scalar("SELECT count(*) FROM events WHERE story_id IS NULL") == 1


def test_same_event_reads_window_from_settings(monkeypatch) -> None:
    a = ev("m1", "a1", "ASSAULT", [RUS_GOV], [UKR], date="2022-02-20")
    b = ev("m2", "a2", "ASSAULT", [RUS_GOV], [UKR], date="2022-02-24")
    assert not fuse.same_event(a, b)
    monkeypatch.setenv("WIREWATCH_FUSION_WINDOW_DAYS", "5")
    assert fuse.same_event(a, b)


def test_partial_dates_compare_as_spans() -> None:
    assert fuse.dates_within("2022", "2022-02-24", 2)
    assert fuse.dates_within("2022-02", "2022-02-24", 0)
    assert not fuse.dates_within("2014", "2022-02-24", 2)
    assert fuse.dates_within(None, "2022-02-24", 0)
    old = ev("m1", "a1", "COERCE", [RUS_GOV], [UKR], date="2014", basis="year")
    new = ev("m2", "a2", "COERCE", [RUS_GOV], [UKR], date="2022-02-24")
    assert not same_event(old, new, window=2)


def test_publication_date_is_an_upper_bound() -> None:
    strong = ev("m1", "a1", "MOBILIZE", [USA], [], date="2021-06-13", basis="weekday")
    later_report = ev("m2", "a2", "MOBILIZE", [USA], [], date="2021-06-16", basis="published")
    earlier_report = ev("m3", "a3", "MOBILIZE", [USA], [], date="2021-06-10", basis="published")
    assert same_event(strong, later_report, window=2)       # happened on or before publication
    assert not same_event(strong, earlier_report, window=2)  # published before it happened
    background = ev("m4", "a2", "MOBILIZE", [USA], [], date="2021-06-13", basis="published",
                    status="historical")
    assert not same_event(strong, background, window=2)     # undated background: not fused


def test_names_fold_accents() -> None:
    a = ActorRef("Jovenel Mo\u00efse", "HTI", "GOV", "president")
    b = ActorRef("Jovenel Moise", "HTI", "GOV", "president")
    assert actors_compatible([a], [b])
    # a vague actor without a code may be any actor of a compatible sector
    assert actors_compatible([ActorRef("militants", None, "REB")], [ActorRef("Hamas", "PSE", "REB")])
    assert not actors_compatible([ActorRef("militants", None, "REB")], [ActorRef("army", "ISR", "MIL")])


def test_numbers_about_different_places_years_or_groups_do_not_conflict() -> None:
    israel = claim("c1", "a1", 12, "12", "people killed", date="2021-05-20",
                   sentence="Israeli officials said 12 people were killed in Israel.")
    gaza = claim("c2", "a2", 232, "232", "people killed", date="2021-05-20",
                 sentence="The Health Ministry said 232 people were killed in Gaza.")
    old = claim("c3", "a3", 17000, "17,000", "people killed", qualifier="about", date="2023-02-06",
                sentence="A 1999 quake near Izmit killed about 17,000 people.")
    now = claim("c4", "a1", 1500, "1,500", "people killed", date="2023-02-06",
                sentence="The agency said 1,500 people had been killed in ten provinces.")
    pal = claim("c5", "a2", 232, "232", "palestinians killed", date="2021-05-20")
    isr = claim("c6", "a3", 12, "12", "israelis killed", date="2021-05-20")
    assert fuse_story("s", [], [], [israel, gaza], PUBS)[3] == []
    assert fuse_story("s", [], [], [old, now], PUBS)[3] == []
    assert fuse_story("s", [], [], [pal, isr], PUBS)[3] == []
    assert fuse.unit_key("palestinians killed") == fuse.unit_key("deaths") == "killed"


def test_measures_that_are_not_counts_do_not_conflict() -> None:
    a = claim("c1", "a1", 45, "45", "countries")
    b = claim("c2", "a2", 70, "70", "countries")
    c = claim("c3", "a1", 1.5, "1.5", "percent")
    d = claim("c4", "a2", 2.4, "2.4", "percent")
    assert fuse_story("s", [], [], [a, b, c, d], PUBS)[3] == []


def test_known_and_unknown_dates_are_not_compared_and_equal_values_share_a_side() -> None:
    dated = claim("c1", "a1", 5000, "5,000", "killed", date="2023-02-07")
    undated = claim("c2", "a2", 7200, "7,200", "killed", date=None)
    assert fuse_story("s", [], [], [dated, undated], PUBS)[3] == []
    # the article's publication date stands in for a missing claim date
    published = {"a1": "2023-02-07", "a2": "2023-02-07", "a3": "2023-02-07"}
    conflicts = fuse_story("s", [], [], [dated, undated], PUBS, published)[3]
    assert [sorted(s.value for s in k.sides) for k in conflicts] == [["5,000", "7,200"]]
    same_a = claim("c3", "a1", 7200, "7,200", "killed", date="2023-02-07",
                   sentence="Officials put the toll at 7,200.")
    same_b = claim("c4", "a3", 7200, "7,200", "people killed", date="2023-02-07",
                   sentence="The toll reached 7,200.")
    other = claim("c5", "a2", 5000, "5,000", "killed", date="2023-02-07")
    sides = fuse_story("s", [], [], [same_a, same_b, other], PUBS)[3][0].sides
    assert sorted(s.value for s in sides) == ["5,000", "7,200"]
    seven = next(s for s in sides if s.value == "7,200")
    assert seven.article_ids == ["a1", "a3"]


def test_vague_actor_is_no_actor_dispute() -> None:
    m1 = ev("m1", "a1", "ASSAULT", [ActorRef("Russian forces", "RUS", "MIL")], [UKR_CVL])
    m2 = ev("m2", "a2", "ASSAULT", [ActorRef("gunmen", None, "UAF")], [UKR_CVL])
    events, _, _, conflicts = fuse_story("s1", [m1, m2], [], [], PUBS)
    assert [k for k in conflicts if k.kind == "actor"] == []
    assert len(events) == 1  # "gunmen" may be the Russian forces: one event, two reports


def test_update_fusion_with_no_stories_writes_nothing(tmp_path) -> None:
    store = _seed_store(str(tmp_path / "w.duckdb"))
    assert update_fusion(store, []) == 0
    assert store.scalar("SELECT count(*) FROM events") == 0


def test_places_can_be_switched_off(monkeypatch) -> None:
    a = ev("m1", "a1", "ASSAULT", [RUS_GOV], [UKR], location="Kyiv")
    b = ev("m2", "a2", "ASSAULT", [RUS_GOV], [UKR], location="Mariupol")
    assert not same_event(a, b, window=2)
    monkeypatch.setenv("WIREWATCH_FUSION_SPLIT_PLACES", "false")
    assert same_event(a, b, window=2)


def test_parallel_sanctions_are_no_actor_dispute_but_two_attackers_are() -> None:
    rus_banks = [ActorRef("Russian banks", "RUS", "BUS")]
    s1 = ev("m1", "a1", "SANCTION", [USA], rus_banks)
    s2 = ev("m2", "a2", "SANCTION", [ActorRef("Britain", "GBR", "GOV")], rus_banks)
    assert fuse_story("s1", [s1, s2], [], [], PUBS)[3] == []
    vague_target = [ActorRef("civilians", None, "CVL")]
    x1 = ev("m3", "a1", "ASSAULT", [ActorRef("Russian forces", "RUS", "MIL")], vague_target)
    x2 = ev("m4", "a2", "ASSAULT", [ActorRef("Ukrainian army", "UKR", "MIL")], vague_target)
    assert fuse_story("s1", [x1, x2], [], [], PUBS)[3] == []  # no identified target: no dispute


def test_possessive_place_names_count() -> None:
    syria = claim("c1", "a1", 1602, "1,602", "people killed", date="2023-02-07",
                  sentence="Syria's Health Ministry said 1,602 people had been killed.")
    turkey = claim("c2", "a2", 5894, "5,894", "people killed", date="2023-02-07",
                   sentence="Turkey\u2019s disaster agency said 5,894 people had been killed.")
    assert fuse_story("s1", [], [], [syria, turkey], PUBS)[3] == []


def test_mutual_cease_fire_fuses_across_mirrored_coding() -> None:
    isr = ActorRef("Israel", "ISR", "GOV")
    hamas = ActorRef("Hamas", "PSE", "REB")
    a = ev("m1", "a1", "RETREAT", [isr], [hamas], date="2021-05-20")
    b = ev("m2", "a2", "RETREAT", [hamas], [isr], date="2021-05-20")
    assert not same_event(a, b, window=2)          # a withdrawal one way is not one the other way
    a.mode = b.mode = "ceasefire"
    assert same_event(a, b, window=2)              # a truce is mutual
    events = fuse_story("s1", [a, b], [], [], PUBS)[0]
    assert len(events) == 1


def test_undated_article_is_compared_in_its_story_time_not_with_an_old_caption() -> None:
    """An undated article's body sentence must not fuse with (and take the date of) a caption
    dated years before the story; with no dated article in the story it still may."""
    body = ev("b1", "a2", "CONSULT", [USA], [RUS_GOV], date=None, basis=None)
    old_caption = ev("c1", "a2", "CONSULT", [USA], [RUS_GOV], date="2015-06-03")
    dated_report = ev("r1", "a1", "CONSULT", [USA], [RUS_GOV], date="2022-02-13")
    published = {"a1": "2022-02-14", "a2": None}
    events, _, _, _ = fuse_story("s1", [body, old_caption, dated_report], [], [], PUBS, published)
    by_members = {tuple(sorted(e.mention_ids)): e for e in events}
    assert ("b1", "r1") in by_members and ("c1",) in by_members
    assert by_members[("b1", "r1")].date == "2022-02-13"
    # the mention keeps its own missing date; only the comparison used the story's time
    assert body.date is None
    # a story with no dated article: nothing to place it by, undated stays compatible
    events, _, _, _ = fuse_story("s2", [body, old_caption], [], [], PUBS, {"a2": None})
    assert [sorted(e.mention_ids) for e in events] == [["b1", "c1"]]
