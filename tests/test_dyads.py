"""Dyads, the escalation index and timelines, from fused events written to a real store."""

from __future__ import annotations

import pytest

from wirewatch.dyads import (
    aggregate,
    attach_index,
    dyad_pairs,
    dyad_series,
    escalation_index,
    event_weights,
)
from wirewatch.store import Store, replace_fused
from wirewatch.timeline import timeline
from wirewatch.types import ActorRef, FusedEvent, Support

RUS_MIL = ActorRef("Russian forces", "RUS", "MIL")
RUS_GOV = ActorRef("Kremlin", "RUS", "GOV")
UKR_CVL = ActorRef("civilians", "UKR", "CVL")
UKR_GOV = ActorRef("Kyiv", "UKR", "GOV")
FRA = ActorRef("France", "FRA", "GOV")
DEU = ActorRef("Germany", "DEU", "GOV")


def fe(id_, event, actor, recipient, date, quad, intensity, articles, status="asserted",
       story="s1", location=None) -> FusedEvent:
    return FusedEvent(
        id=id_, story_id=story, event=event, actor=actor, recipient=recipient,
        support=[Support(a, f"{id_} in {a}.", 0, 10) for a in articles],
        mention_ids=[f"{id_}-{a}" for a in articles], quad=quad, intensity=intensity,
        date=date, status=status, location=location)


EVENTS = [
    fe("e1", "ASSAULT", [RUS_MIL], [UKR_CVL], "2022-03-01", 4, -9.0, ["a1", "a2", "a3", "a4"]),
    fe("e2", "ASSAULT", [RUS_MIL], [UKR_CVL], "2022-03-01", 4, -9.0, ["a1"]),
    fe("e3", "ACCUSE", [UKR_GOV], [RUS_GOV], "2022-03-02", 3, -2.0, ["a2"]),
    fe("e4", "CONSULT", [RUS_GOV, UKR_GOV], [], "2022-03-03", 1, 2.0, ["a5", "a6"]),
    fe("e5", "ASSAULT", [RUS_MIL], [UKR_CVL], "2022-03-01", 4, -9.0, ["a7"], status="denied"),
    fe("e6", "ASSAULT", [RUS_MIL], [UKR_CVL], "2014-03-01", 4, -9.0, ["a7"], status="historical"),
    fe("e7", "SUPPORT", [FRA, DEU], [UKR_GOV], "2022-03-02", 1, None, ["a8"]),
    fe("e8", "THREATEN", [RUS_GOV], [UKR_GOV], None, 3, -5.0, ["a8"]),
    fe("e9", "ASSAULT", [RUS_MIL], [UKR_GOV], "2014", 4, -9.0, ["a9"]),
]


@pytest.fixture()
def store(tmp_path) -> Store:
    st = Store(str(tmp_path / "d.duckdb"))
    with st.transaction() as con:
        replace_fused(con, ["s1"], EVENTS, [], [], [])
    return st


def test_series_counts_fused_events_and_reports(store: Store) -> None:
    rows = dyad_series(store)
    cell = next(r for r in rows if (r["date"], r["actor"], r["recipient"]) == ("2022-03-01", "RUS", "UKR"))
    assert cell["events"] == 2          # the denied and the historical ones do not count
    assert cell["reports"] == 5         # 4 outlets behind e1 + 1 behind e2
    assert cell["quad4"] == 2 and cell["quad1"] == 0
    assert cell["intensity_sum"] == -18.0 and cell["intensity_mean"] == -9.0
    assert cell["inflation"] == 2.5
    assert cell["escalation"] == pytest.approx(18.0)
    assert not any(r["date"].startswith("2014") for r in rows)
    # undated e8 and year-only e9 cannot be placed on a day
    assert sum(r["events"] for r in rows) == 2 + 1 + 1 + 2


def test_reciprocal_and_compound_events_make_each_pair_once() -> None:
    assert dyad_pairs(EVENTS[3], "country") == [("RUS", "UKR")]
    assert dyad_pairs(EVENTS[6], "country") == [("DEU", "UKR"), ("FRA", "UKR")]
    assert dyad_pairs(EVENTS[0], "sector") == [("RUS MIL", "UKR CVL")]
    lonely = fe("x", "PROTEST", [UKR_CVL], [], "2022-03-01", 4, -6.0, ["a"])
    assert dyad_pairs(lonely, "country") == []
    vague = fe("y", "ASSAULT", [ActorRef("militants", None, "REB"), RUS_MIL], [UKR_CVL], "2022-03-01", 4, -9.0, ["a"])
    assert dyad_pairs(vague, "country") == [("RUS", "UKR")]  # uncoded actors name no country


def test_actor_filter_and_since_and_level(store: Store) -> None:
    fra = dyad_series(store, actor="FRA")
    assert [(r["actor"], r["recipient"]) for r in fra] == [("FRA", "UKR")]
    assert all(r["date"] >= "2022-03-02" for r in dyad_series(store, since="2022-03-02"))
    sector = dyad_series(store, level="sector")
    assert {(r["actor"], r["recipient"]) for r in sector} >= {("RUS MIL", "UKR CVL"), ("UKR GOV", "RUS GOV")}
    with pytest.raises(ValueError):
        aggregate([], level="city")


def test_weights_use_quad_for_side_and_default_magnitude() -> None:
    assert event_weights(EVENTS[0]) == (9.0, 0.0)
    assert event_weights(EVENTS[3]) == (0.0, 2.0)
    assert event_weights(EVENTS[6]) == (0.0, 4.0)  # quad 1 default when intensity is unknown
    flipped = fe("f", "ASSAULT", [RUS_MIL], [UKR_CVL], "2022-03-01", 4, 9.0, ["a"])
    assert event_weights(flipped) == (9.0, 0.0)    # positive-scale intensities still conflict


def test_escalation_index_decays_with_half_life() -> None:
    series = [
        {"date": "2022-03-01", "actor": "A", "recipient": "B", "conflict": 8.0, "cooperation": 0.0},
        {"date": "2022-03-03", "actor": "A", "recipient": "B", "conflict": 0.0, "cooperation": 2.0},
    ]
    out = escalation_index(series, half_life_days=2.0, end="2022-03-05")
    values = {r["date"]: r["escalation"] for r in out}
    assert list(values) == ["2022-03-01", "2022-03-02", "2022-03-03", "2022-03-04", "2022-03-05"]
    assert values["2022-03-01"] == pytest.approx(8.0)
    assert values["2022-03-02"] == pytest.approx(8.0 * 0.5 ** 0.5, abs=1e-3)
    assert values["2022-03-03"] == pytest.approx(8.0 * 0.5 - 2.0, abs=1e-3)
    assert values["2022-03-05"] == pytest.approx((8.0 * 0.5 - 2.0) * 0.5, abs=1e-3)
    with pytest.raises(ValueError):
        escalation_index(series, half_life_days=0)


def test_index_on_event_days_matches_the_daily_series() -> None:
    rows = [
        {"date": "2022-03-01", "actor": "A", "recipient": "B", "conflict": 8.0, "cooperation": 0.0},
        {"date": "2022-03-04", "actor": "A", "recipient": "B", "conflict": 1.0, "cooperation": 3.0},
        {"date": "2022-03-02", "actor": "C", "recipient": "B", "conflict": 5.0, "cooperation": 0.0},
    ]
    daily = {(r["date"], r["actor"]): r["escalation"] for r in escalation_index(rows, half_life_days=3.0)}
    attach_index(rows, half_life_days=3.0)
    for r in rows:
        assert r["escalation"] == pytest.approx(daily[(r["date"], r["actor"])], abs=2e-3)


def test_report_inflation_does_not_move_the_index() -> None:
    one = [fe("e", "ASSAULT", [RUS_MIL], [UKR_CVL], "2022-03-01", 4, -9.0, ["a1"])]
    many = [fe("e", "ASSAULT", [RUS_MIL], [UKR_CVL], "2022-03-01", 4, -9.0, [f"a{i}" for i in range(10)])]
    idx_one = escalation_index(aggregate(one))
    idx_many = escalation_index(aggregate(many))
    assert idx_one == idx_many
    assert aggregate(many)[0]["reports"] == 10


def test_timeline_orders_dated_events(store: Store) -> None:
    rows = timeline(store, story_id="s1")
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert all(r["date"] for r in rows)
    first_day = [r for r in rows if r["date"] == "2022-03-01"]
    assert first_day[0]["reports"] >= first_day[-1]["reports"]
    assert rows[0]["date"] == "2014"  # a year-only date sorts before the days of that year
    assert rows[1]["date"] == "2014-03-01" and rows[1]["status"] == "historical"
    fra = timeline(store, actor="FRA")
    assert [r["id"] for r in fra] == ["e7"]
    assert timeline(store, story_id="nope") == []
