"""The actor knowledge base: every data file loads, codes are valid, dates parse."""

from __future__ import annotations

import datetime as dt

import pycountry
import pytest

from wirewatch import kb as kbmod
from wirewatch.kb import DATA_DIR, PSEUDO_CODES, load_kb, parse_date, plural

FILES = ["countries.tsv", "igos.tsv", "metonyms.tsv", "sectors.tsv", "roles.tsv", "people.tsv"]
SECTORS = {
    "GOV", "MIL", "COP", "REB", "OPP", "CVL", "ELI", "BUS", "MED", "IGO", "JUD", "LEG", "PTY", "REL",
    "EDU", "LAB", "AGR", "NGO", "REF", "CRM", "SPY", "UAF", "IMG", "PRE", "PRM", "SOC", "ALLY",
    "CAPITAL", "NONE",
}


def _valid_country(code: str) -> bool:
    return code in PSEUDO_CODES or pycountry.countries.get(alpha_3=code) is not None


@pytest.fixture(scope="module")
def kb():
    return load_kb()


@pytest.mark.parametrize("name", FILES)
def test_each_file_has_version_and_loads(name):
    assert (DATA_DIR / name).exists()
    assert kbmod.file_version(name) >= 1
    rows = kbmod._read_tsv(name)
    assert len(rows) > 3


def test_country_codes_are_iso_alpha3(kb):
    assert len(kb.countries) >= 240  # the table plus pycountry's territories
    for code, c in kb.countries.items():
        assert _valid_country(code), code
        assert c.name
        assert c.leader in ("HOS", "HOG"), code


def test_every_un_member_like_country_has_a_demonym_and_capital(kb):
    listed = {c: v for c, v in kb.countries.items() if v.listed}
    assert len(listed) >= 195
    missing_dem = [c for c, v in listed.items() if not v.demonyms]
    missing_cap = [c for c, v in listed.items() if not v.capitals]
    assert not missing_dem
    assert not missing_cap


def test_no_alias_points_to_two_countries(kb):
    seen: dict[str, str] = {}
    for c in kb.countries.values():
        for a in (c.name, *c.aliases, *c.capitals):
            assert seen.setdefault(a, c.code) == c.code, (a, seen[a], c.code)


def test_no_demonym_points_to_two_countries(kb):
    seen: dict[str, str] = {}
    for c in kb.countries.values():
        for a in c.demonyms:
            assert seen.setdefault(a, c.code) == c.code, (a, seen[a], c.code)


def test_igos_and_metonyms_have_valid_codes(kb):
    for igo in kb.igos.values():
        assert igo.sector in SECTORS
        # national groups carry their country's code; organisations their own id; IMG = transnational militants
        if igo.code:
            assert _valid_country(igo.code) or igo.code in kb.igos or igo.code == "IMG", igo
    for m in kb.metonyms:
        assert _valid_country(m.code) or m.code in kb.igos, m
    aliases: dict[str, str] = {}
    for igo in kb.igos.values():
        for a in (igo.name, *igo.aliases):
            assert aliases.setdefault(a, igo.id) == igo.id, (a, aliases[a], igo.id)


def test_sectors_use_known_codes(kb):
    assert kb.sectors["troops"] == "MIL"
    assert kb.sectors["police"] == "COP"
    assert kb.sectors["protester"] == "OPP"
    assert kb.sectors["rebel"] == "REB"
    assert kb.sectors["journalist"] == "MED"
    assert kb.sectors["doctor"] == "CVL"
    for phrase, sector in kb.sectors.items():
        assert sector in SECTORS, (phrase, sector)


def test_roles_point_at_offices(kb):
    for role in kb.roles.values():
        assert role.office in (None, "HOS", "HOG", "FM", "DM", "LEADER")
        assert role.sector in SECTORS


def test_people_have_country_offices_and_ordered_dates(kb):
    assert len(kb.people) > 10
    for p in kb.people.values():
        assert _valid_country(p.country) or p.country in kb.igos, p.name
        assert p.offices
        for o in p.offices:
            assert o.office in kbmod.OFFICES
            assert o.sector in SECTORS
            assert o.end is None or o.start <= o.end, (p.name, o)


def test_one_holder_per_office_at_a_time(kb):
    for (country, office), offices in kb.by_office.items():
        if office == "OTHER":
            continue
        for a, b in zip(offices, offices[1:], strict=False):
            # consecutive holders may share the hand-over day, not more
            assert a.end is not None and a.end <= b.start + dt.timedelta(days=1), (country, office, a, b)


def test_person_aliases_unique(kb):
    seen: dict[str, str] = {}
    for p in kb.people.values():
        for a in (p.name, *p.aliases):
            assert seen.setdefault(a, p.name) == p.name, (a, seen[a], p.name)


def test_offices_by_date(kb):
    day = dt.date(2019, 6, 1)
    assert kb.holder("DEU", "HOG", day).person == "Angela Merkel"
    assert kb.holder("DEU", "HOG", dt.date(2022, 6, 1)).person == "Olaf Scholz"
    assert kb.holder("GBR", "LEADER", dt.date(2021, 6, 1)).person == "Boris Johnson"
    assert kb.holder("RUS", "LEADER", dt.date(2021, 6, 1)).person == "Vladimir Putin"


def test_parse_date_and_plural():
    assert parse_date("2020-03-04") == dt.date(2020, 3, 4)
    assert parse_date("2020") == dt.date(2020, 1, 1)
    assert parse_date("") is None
    with pytest.raises(kbmod.KBError):
        parse_date("03/04/2020")
    assert plural("soldier") == "soldiers"
    assert plural("army") == "armies"
    assert plural("police officer") == "police officers"
    assert plural("spokesman") == "spokesmen"


G20 = ["ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "MEX", "RUS", "SAU",
       "ZAF", "KOR", "TUR", "GBR", "USA"]
CONFLICT_PARTIES = ["UKR", "BLR", "ISR", "IRN", "SYR", "EGY", "QAT", "PSE", "AFG", "IRQ", "LBN", "PRK", "POL"]


@pytest.mark.parametrize("office", ["LEADER", "FM", "DM"])
def test_office_coverage_2014_to_2025(kb, office):
    """Every G20 country (and, for leaders, the usual conflict parties) has a holder on every
    sampled day; a cabinet hand-over of a few days may fall on one sample."""
    countries = G20 + (CONFLICT_PARTIES if office == "LEADER" else [])
    gaps = {}
    for c in countries:
        miss = [(y, m) for y in range(2014, 2026) for m in (1, 7) if kb.holder(c, office, dt.date(y, m, 2)) is None]
        if len(miss) > 1:
            gaps[c] = miss
    assert not gaps


def test_people_names_do_not_shadow_places_or_organisations(kb):
    """A person's name or surname equal to a country, capital, demonym or organisation name
    would be ambiguous; the few real ones are listed (the place or organisation wins)."""
    known = {("Luís Montenegro", "Montenegro"), ("Jaques Wagner", "Wagner")}
    names = set()
    for c in kb.countries.values():
        names |= {c.name, *c.aliases, *c.capitals, *c.demonyms}
    for g in kb.igos.values():
        names |= {g.name, *g.aliases}
    clashes = {(p.name, a) for p in kb.people.values() for a in (p.name, *p.aliases, *p.surnames) if a in names}
    assert clashes <= known
