"""Claims: each claim form, each non-claim, the gold floor and the seeds. Real model, real linker."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wirewatch import claims
from wirewatch.types import Article, Claim

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
GOLD = ROOT / "tests" / "data" / "claims_gold.jsonl"


@pytest.fixture(scope="module")
def nlp():
    from wirewatch.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="module")
def linker():
    from wirewatch import actors

    return actors.get_linker()


def run(nlp, linker, text: str, **kw) -> list[Claim]:
    doc = nlp(text)
    art = Article(id="a1", source_id="s1", body=text, published="2023-05-02", publisher="Test Wire")
    return claims.extract_claims(doc, linker.link(doc, art.published), art, **kw)


def only(cs: list[Claim]) -> Claim:
    assert len(cs) == 1, [(c.text, c.unit) for c in cs]
    return cs[0]


def test_lexicon_loads_with_version():
    lex = claims.lexicon()
    assert lex.version == "1"
    assert lex.multipliers["million"] == 1e6 and lex.numbers["twelve"] == 12
    assert lex.qualifiers["well over"] == "well over" and lex.patients["kill"] == "killed"
    assert "dozens" in lex.vague and "troops" in lex.military


@pytest.mark.parametrize(
    "text,value",
    [("130,000", 130000), ("4,500", 4500), ("1.5", 1.5), ("two", 2), ("twenty-five", 25), ("$40", 40), ("40%", 40)],
)
def test_parse_number(text, value):
    assert claims.parse_number(text) == value


def test_parse_number_rejects_non_numbers():
    assert claims.parse_number("troops") is None
    assert claims.parse_number("MiG-31") is None


@pytest.mark.parametrize(
    "text,value,unit,qualifier",
    [
        ("The army has massed well over 90,000 troops near the frontier.", 90000, "troops", "well over"),
        ("Two dozen nurses walked out on Monday.", 24, "nurses", None),
        ("The floods have affected 1.5 million people.", 1_500_000, "people", None),
        ("About 40% of the city's water comes from the lake.", 40, "percent of the city's water", "about"),
        ("The epidemic has killed over 3,000 people in the province.", 3000, "people killed", "over"),
        ("Nearly 200 people were injured in the blast.", 200, "people injured", "nearly"),
        ("The town has at least 60 shelters.", 60, "shelters", "at least"),
        ("Up to 800 workers could lose their jobs.", 800, "workers", "up to"),
        ("Some 350 extra soldiers will arrive next week.", 350, "soldiers", "some"),
        ("The project will cost $2.4 billion.", 2_400_000_000, "USD", None),
        ("Almost 70 percent of voters backed the plan.", 70, "percent of voters", "almost"),
    ],
)
def test_claim_forms(nlp, linker, text, value, unit, qualifier):
    c = only(run(nlp, linker, text))
    assert c.value == value and c.unit == unit and c.qualifier == qualifier


@pytest.mark.parametrize(
    "text",
    [
        "The talks began on March 14, 2021 in Vienna.",  # date and year
        "The 45-year-old driver was not hurt.",  # age
        "The driver, aged 45, was not hurt.",  # age
        "Driver Anna Kerr, 45, was not hurt.",  # age in commas after a name
        "The meeting starts at 10:30 a.m. on Friday.",  # time
        "The ceasefire has held for 48 hours.",  # duration
        "She finished second in the race.",  # ordinal
        "For tickets call 555-0199 today.",  # phone number
        "Article 5 of the treaty was invoked.",  # identifier
        "A MiG-31 jet took off from the base.",  # model number
        "He is 100 percent sure the plan will work.",  # percentage of nothing
        'The film "Ocean\'s 11" opened the festival.',  # number inside a quoted title
        "Dozens of people gathered outside the court.",  # vague amount: no value
        "The home team won 3-1 on Saturday.",  # score
        "1. Preheat the oven before anything else.",  # list numbering
    ],
)
def test_non_claims(nlp, linker, text):
    assert run(nlp, linker, text) == []


def test_range_comparison_and_measured_subject(nlp, linker):
    cs = run(nlp, linker, "Between 2,000 and 3,000 people marched on Sunday.")
    assert [(c.value, c.unit, c.qualifier) for c in cs] == [(2000, "people", "between"), (3000, "people", None)]
    cs = run(nlp, linker, "The agency said 5 million doses had been delivered, up from 3.5 million in March.")
    assert [(c.value, c.unit) for c in cs] == [(5_000_000, "doses"), (3_500_000, "doses")]
    c = only(run(nlp, linker, "The death toll rose to 87 on Tuesday."))
    assert (c.value, c.unit) == (87, "death toll")
    c = only(run(nlp, linker, "Officials reported a dozen deaths overnight."))
    assert (c.value, c.unit) == (12, "deaths")


def test_number_inside_a_direct_quote_has_the_speaker(nlp, linker):
    c = only(run(nlp, linker, '"We have lost 300 homes in one night," Mayor Rita Olsen said.'))
    assert c.unit == "homes" and c.speaker is not None and "Olsen" in c.speaker.name


def test_subject_and_speaker(nlp, linker):
    text = "The mayor said the city has about 4,500 bomb shelters."
    c = only(run(nlp, linker, text))
    assert c.subject == "the city" and c.unit == "bomb shelters"
    assert c.speaker is not None and c.speaker.name.lower() == "the mayor"


def test_capital_as_owner_of_troops_is_its_country(nlp, linker):
    c = only(run(nlp, linker, "Moscow has massed more than 100,000 troops near the border."))
    assert c.subject == "Russia"


def test_caption_support_and_date(nlp, linker):
    text = "Rescuers pulled 14 survivors from the rubble on Monday."
    c = only(run(nlp, linker, text, caption_index=2, reference_date="2023-02-06"))
    assert c.support[0].caption is True and c.support[0].caption_index == 2
    assert c.date == "2023-02-06"
    assert c.support[0].sentence == text and (c.support[0].start, c.support[0].end) == (0, len(text))
    c2 = only(run(nlp, linker, text))
    assert c2.date == "2023-05-02" and c2.support[0].caption is False
    assert c.id != c2.id and c2.id == only(run(nlp, linker, text)).id


def test_gold_floor(nlp, linker):
    """Precision and recall on our own gold set (all 118 sentences) stay above a floor."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_claims", ROOT / "bench" / "bench_claims.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    rows = [json.loads(line) for line in GOLD.open(encoding="utf-8")]
    assert len(rows) >= 100
    res = bench.score(rows, nlp, linker)
    assert res["precision"] >= 0.9 and res["recall"] >= 0.9, res
    assert res["unit_accuracy"] >= 0.9 and res["negatives_kept_out"] >= 0.95, res


# --------------------------------------------------------------------------- seeds


@pytest.fixture(scope="module")
def seed_claims(nlp, linker):
    paths = sorted(SEEDS.glob("00*_*.txt")) if SEEDS.is_dir() else []
    if len(paths) < 2:
        pytest.skip("seeds absent")
    from wirewatch.clean import clean_text

    out: list[Claim] = []
    for i, p in enumerate(paths[:2]):
        cleaned = clean_text(p.read_text(encoding="utf-8"))
        art = Article(id=f"seed{i}", source_id=f"seed{i}", body=cleaned.body, published="2022-02-14")
        doc = nlp(art.body)
        out += claims.extract_claims(doc, linker.link(doc, art.published), art)
    return out


def _claim(cs: list[Claim], value: float) -> Claim:
    hits = [c for c in cs if c.value == value]
    assert hits, (value, [(c.value, c.unit) for c in cs])
    return hits[0]


def test_seed_claims(seed_claims):
    troops = _claim(seed_claims, 130000)
    assert troops.unit == "troops" and troops.qualifier == "well over" and troops.subject == "Russia"
    assert _claim(seed_claims, 350).unit == "troops"
    assert _claim(seed_claims, 4500).unit == "sites"
    assert _claim(seed_claims, 4500).subject == "Kyiv"
    assert _claim(seed_claims, 14000).unit == "people killed"
    gas = _claim(seed_claims, 40)
    assert gas.unit.startswith("percent") and "gas" in gas.unit
    assert gas.speaker is not None and gas.speaker.code == "EU"
    assert all(c.value not in {2014, 48} for c in seed_claims)  # a year and a duration
