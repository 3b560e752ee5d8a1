"""Actor linking on real parses: dated offices, titles, chains, metonyms, compounds, descriptors."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wirewatch.actors import KINDS, LinkedDoc, get_linker
from wirewatch.nlp import load_nlp
from wirewatch.types import ActorRef

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def nlp():
    return load_nlp()


@pytest.fixture(scope="session")
def linker(nlp):
    return get_linker()


def link(nlp, linker, text: str, date: str | None) -> LinkedDoc:
    return linker.link(nlp(text), date)


def actor_of(ld: LinkedDoc, phrase: str, nth: int = 0) -> ActorRef | None:
    """Actor of the nth occurrence of phrase in the text."""
    hits = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", ld.doc.text)]
    start = hits[nth]
    return ld.actor_for_span(start, start + len(phrase))


# ---------------------------------------------------------------- offices by date
@pytest.mark.parametrize(
    "date,sector,role",
    [("2019-05-02", "GOV", "chancellor"), ("2023-05-02", "ELI", "former chancellor")],
)
def test_same_name_gov_in_office_eli_after(nlp, linker, date, sector, role):
    ld = link(nlp, linker, "Angela Merkel met with business leaders in Hamburg on Tuesday.", date)
    a = actor_of(ld, "Angela Merkel")
    assert a is not None and a.code == "DEU" and a.sector == sector and a.role == role


def test_boris_johnson_2021_vs_2023(nlp, linker):
    text = "Boris Johnson criticised the decision on Friday."
    a21 = actor_of(link(nlp, linker, text, "2021-03-01"), "Boris Johnson")
    a23 = actor_of(link(nlp, linker, text, "2023-03-01"), "Boris Johnson")
    assert (a21.code, a21.sector, a21.role) == ("GBR", "GOV", "prime minister")
    assert (a23.code, a23.sector) == ("GBR", "ELI")
    assert a23.role.startswith("former")


@pytest.mark.parametrize("date,who", [("2019-09-10", "Angela Merkel"), ("2022-09-10", "Olaf Scholz")])
def test_title_resolves_to_holder_on_date(nlp, linker, date, who):
    ld = link(nlp, linker, "The German chancellor urged calm after the vote.", date)
    a = actor_of(ld, "The German chancellor")
    assert a is not None and a.name == who and a.code == "DEU" and a.sector == "GOV"


@pytest.mark.parametrize("text,phrase,who", [
    ("France's president flew to Mali on Friday. Hollande told the troops they would stay.",
     "France's president", "François Hollande"),
    ("The British prime minister faced a revolt in parliament. Critics said May had misjudged it.",
     "The British prime minister", "Theresa May"),
])
def test_undated_text_takes_the_title_holder_it_names(nlp, linker, text, phrase, who):
    """With no publication date, a title resolves to the holder the text names, not today's."""
    undated = actor_of(link(nlp, linker, text, None), phrase)
    assert undated is not None and undated.name == who
    # a dated text keeps the holder on its date, whatever else it names
    dated = actor_of(link(nlp, linker, text, "2023-05-02"), phrase)
    assert dated is not None and dated.name != who


def test_undated_text_naming_no_holder_keeps_todays(nlp, linker):
    ld = link(nlp, linker, "France's president flew to Mali on Friday.", None)
    today = link(nlp, linker, "France's president flew to Mali on Friday.", dt.date.today().isoformat())
    assert actor_of(ld, "France's president").name == actor_of(today, "France's president").name


def test_possessive_country_titles(nlp, linker):
    ld = link(nlp, linker, "Russia's top diplomat phoned Britain's prime minister late on Sunday.", "2021-02-01")
    fm = actor_of(ld, "Russia's top diplomat")
    pm = actor_of(ld, "Britain's prime minister")
    assert fm.code == "RUS" and fm.role == "foreign minister" and fm.sector == "GOV"
    assert pm.name == "Boris Johnson"


def test_leader_means_head_of_state_or_government(nlp, linker):
    ld = link(nlp, linker, "The Russian leader spoke with the Ukrainian president for an hour.", "2021-04-01")
    assert actor_of(ld, "The Russian leader").name == "Vladimir Putin"
    ua = actor_of(ld, "the Ukrainian president")
    assert ua.code == "UKR" and ua.role == "president" and ua.sector == "GOV"


# ---------------------------------------------------------------- chains
def test_surname_and_pronoun_chain(nlp, linker):
    text = (
        "Ukrainian Foreign Minister Dmytro Kuleba arrived in Warsaw on Monday. "
        "Kuleba met his counterpart at the airport. Later he told reporters the talks went well."
    )
    ld = link(nlp, linker, text, "2021-11-01")
    for phrase in ("Kuleba", "he"):
        a = actor_of(ld, phrase, 1 if phrase == "Kuleba" else 0)
        assert a is not None and a.name == "Dmytro Kuleba" and a.code == "UKR", phrase
    kinds = {m.kind for m in ld.mentions}
    assert {"name", "surname", "pronoun"} <= kinds
    assert all(m.kind in KINDS for m in ld.mentions)


def test_title_without_country_follows_the_latest_holder(nlp, linker):
    text = "Sergei Lavrov landed in Ankara. The minister then met officials from the host government."
    ld = link(nlp, linker, text, "2020-01-15")
    a = actor_of(ld, "The minister")
    assert a.name == "Sergey Lavrov"


def test_unknown_person_surname_chain(nlp, linker):
    text = "Dr. Helena Varga said the clinic had run out of insulin. Varga said she would stay."
    ld = link(nlp, linker, text, "2022-03-01")
    first = actor_of(ld, "Helena Varga")
    later = actor_of(ld, "Varga", 1)
    she = actor_of(ld, "she")
    assert first.name == "Helena Varga" and first.sector == "CVL"
    assert later == first and she == first


def test_it_resolves_to_the_country_subject(nlp, linker):
    ld = link(nlp, linker, "Germany said it would send more helmets to the border.", "2022-01-20")
    assert actor_of(ld, "it").code == "DEU"


# ---------------------------------------------------------------- metonyms, places
def test_metonym_as_actor_and_as_place(nlp, linker):
    text = "The Kremlin rejected the offer. Protesters gathered in Moscow on Saturday. Washington imposed new tariffs."
    ld = link(nlp, linker, text, "2022-05-01")
    k = actor_of(ld, "The Kremlin")
    assert (k.code, k.sector) == ("RUS", "GOV")
    assert actor_of(ld, "Moscow") is None
    assert any(p.text == "Moscow" and p.actor.code == "RUS" for p in ld.places)
    w = actor_of(ld, "Washington")
    assert (w.code, w.sector) == ("USA", "GOV")


def test_capital_after_trip_to_is_a_place_but_talks_with_is_an_actor(nlp, linker):
    ld = link(nlp, linker, "The envoy flew to Kyiv after long talks with Beijing.", "2023-01-01")
    assert actor_of(ld, "Kyiv") is None
    b = actor_of(ld, "Beijing")
    assert b.code == "CHN" and b.sector == "GOV"


def test_country_as_actor_has_no_sector(nlp, linker):
    ld = link(nlp, linker, "Russia has massed troops near the frontier.", "2022-01-01")
    assert actor_of(ld, "Russia") == ActorRef(name="Russia", code="RUS", sector=None)


# ---------------------------------------------------------------- groups, compounds, descriptors
def test_demonym_plus_sector_noun(nlp, linker):
    ld = link(nlp, linker, "Russian troops shelled the village while Polish police watched the crossing.", "2022-03-01")
    t = actor_of(ld, "Russian troops")
    p = actor_of(ld, "Polish police")
    assert (t.code, t.sector) == ("RUS", "MIL")
    assert (p.code, p.sector) == ("POL", "COP")


def test_possessive_country_organ(nlp, linker):
    ld = link(nlp, linker, "Ukraine's National Guard reinforced the checkpoint.", "2022-03-01")
    a = actor_of(ld, "Ukraine's National Guard")
    assert (a.code, a.sector) == ("UKR", "MIL")


def test_compound_actor_with_allies(nlp, linker):
    ld = link(nlp, linker, "The U.S. and its allies imposed sanctions on the bank.", "2022-03-01")
    us = next(t for t in ld.doc if t.text == "U.S.")
    actors = ld.actors_for_token(us)
    assert actors[0].code == "USA"
    assert len(actors) == 2 and actors[1].code is None and "allies" in actors[1].name


def test_west_pseudo_code(nlp, linker):
    ld = link(nlp, linker, "The West warned of consequences, and Western officials met in Paris.", "2022-03-01")
    assert actor_of(ld, "The West").code == "WST"
    wo = actor_of(ld, "Western officials")
    assert (wo.code, wo.sector) == ("WST", "GOV")


def test_unknown_person_with_appositive_descriptor(nlp, linker):
    ld = link(nlp, linker, "\"We are not leaving,\" said Marta Kovacs, a Hungarian teacher.", "2022-03-01")
    a = actor_of(ld, "Marta Kovacs")
    assert a.name == "Marta Kovacs" and a.code == "HUN" and a.sector == "EDU"


def test_unnamed_descriptor_and_its_anaphor(nlp, linker):
    text = "A NATO official said the drills would continue. The official added that no date was set."
    ld = link(nlp, linker, text, "2022-03-01")
    first = actor_of(ld, "A NATO official")
    assert (first.code, first.sector) == ("NATO", "GOV")
    assert actor_of(ld, "The official") == first


def test_unnamed_group_of_officials(nlp, linker):
    ld = link(nlp, linker, "U.S. officials said a Ukrainian doctor was among the wounded.", "2022-03-01")
    o = actor_of(ld, "U.S. officials")
    d = actor_of(ld, "a Ukrainian doctor")
    assert (o.code, o.sector) == ("USA", "GOV")
    assert (d.name, d.code, d.sector) == ("a Ukrainian doctor", "UKR", "CVL")


def test_igo_anaphor(nlp, linker):
    ld = link(nlp, linker, "The European Union met on Monday. The bloc agreed on new sanctions.", "2022-03-01")
    assert actor_of(ld, "The bloc").code == "EU"


def test_resolve_name(linker):
    assert linker.resolve_name("Lavrov", "2022-02-14").code == "RUS"
    assert linker.resolve_name("the Kremlin", "2022-02-14").sector == "GOV"
    assert linker.resolve_name("NATO", None).code == "NATO"
    a = linker.resolve_name("the German chancellor", "2020-01-01")
    assert a is not None and a.name == "Angela Merkel"
    assert linker.resolve_name("xyzzy", None) is None


def test_linker_is_cached(linker):
    assert get_linker() is linker


# ---------------------------------------------------------------- seeds (measurement only)
def _seed(name: str) -> str:
    path = SEEDS / name
    if not path.exists():
        pytest.skip("seed files absent")
    return path.read_text(encoding="utf-8")


@pytest.mark.shared
def test_seed_wire_story_actors(nlp, linker):
    ld = link(nlp, linker, _seed("000_23a1d536d0990c3e.txt"), "2022-02-14")
    fm = [m.actor for m in ld.mentions if "Foreign Minister" in m.text or "top diplomat" in m.text]
    assert fm and all(a.code == "RUS" and a.role == "foreign minister" and a.sector == "GOV" for a in fm)
    scholz = [m.actor for m in ld.mentions if m.text == "Scholz"]
    assert scholz and all((a.code, a.sector) == ("DEU", "GOV") for a in scholz)
    johnson = [m.actor for m in ld.mentions if "Johnson" in m.text]
    assert johnson and all((a.code, a.sector) == ("GBR", "GOV") for a in johnson)


@pytest.mark.shared
def test_seed_second_outlet_official_chain(nlp, linker):
    ld = link(nlp, linker, _seed("002_0d82dd4f237d1751.txt"), "2022-02-14")
    officials = [m.actor for m in ld.mentions if m.text.lower() == "the official"]
    assert len(officials) >= 3
    assert all((a.code, a.sector) == ("EU", "GOV") for a in officials)
    chancellor = [m.actor for m in ld.mentions if "chancellor" in m.text]
    assert chancellor and chancellor[0].name == "Olaf Scholz"


# ---------------------------------------------------------------- harder cases
def test_coordinated_demonyms_give_one_actor_each(nlp, linker):
    ld = link(nlp, linker, "French and Egyptian warships sailed past the port.", "2020-01-01")
    head = next(t for t in ld.doc if t.text == "warships")
    codes = [a.code for a in ld.actors_for_token(head)]
    assert codes == ["FRA", "EGY"]
    assert actor_of(ld, "Egyptian warships").code == "EGY"
    assert actor_of(ld, "French and Egyptian warships").code == "FRA"


def test_group_located_in_a_country_takes_its_code(nlp, linker):
    ld = link(nlp, linker, "Security forces in Guinea fired tear gas at the crowd.", "2020-01-01")
    a = actor_of(ld, "Security forces in Guinea")
    assert a.code == "GIN" and a.sector == "COP"
    assert any(p.actor.code == "GIN" for p in ld.places)
    start = ld.doc.text.index("Guinea")
    assert ld.place_for_span(start, start + 6).code == "GIN"


def test_nationality_qualifies_people(nlp, linker):
    ld = link(nlp, linker, "Bosnian Serbs blocked the road.", "2020-01-01")
    assert actor_of(ld, "Bosnian Serbs").code == "BIH"


def test_title_word_inside_a_name_is_not_a_title(nlp, linker):
    ld = link(nlp, linker, "Stephen King said the novel was finished.", "2020-01-01")
    a = actor_of(ld, "Stephen King")
    assert a.name == "Stephen King" and a.sector is None and a.role is None


def test_capital_as_first_name_is_not_a_country(nlp, linker):
    ld = link(nlp, linker, "Sofia Lindqvist said the shop would reopen.", "2020-01-01")
    a = actor_of(ld, "Sofia Lindqvist")
    assert a is not None and a.code is None


def test_city_mayor_and_org_chief_by_date(nlp, linker):
    ld = link(nlp, linker, "Kyiv's mayor met the NATO chief.", "2019-06-01")
    assert actor_of(ld, "Kyiv's mayor").name == "Vitali Klitschko"
    assert actor_of(ld, "the NATO chief").name == "Jens Stoltenberg"
    ld = link(nlp, linker, "The NATO chief spoke.", "2025-06-01")
    assert actor_of(ld, "The NATO chief").name == "Mark Rutte"


def test_group_sector_changes_on_a_date(nlp, linker):
    before = link(nlp, linker, "The Taliban seized the district.", "2019-01-01")
    after = link(nlp, linker, "The Taliban seized the district.", "2023-01-01")
    assert actor_of(before, "The Taliban").sector == "REB"
    assert actor_of(after, "The Taliban").sector == "GOV"
    assert actor_of(after, "The Taliban").code == "AFG"


def test_expletive_it_is_not_linked(nlp, linker):
    ld = link(nlp, linker, "France warned Iran. It is likely that talks will resume.", "2020-01-01")
    assert actor_of(ld, "It") is None


def test_anonymous_source_they_said(nlp, linker):
    text = "A Western diplomat said the vote was delayed. The council would meet again, they said."
    ld = link(nlp, linker, text, "2020-01-01")
    assert actor_of(ld, "they") == actor_of(ld, "A Western diplomat")
    assert actor_of(ld, "they").code == "WST"


def test_the_official_falls_back_to_the_latest_titled_official(nlp, linker):
    text = "The governor of the province told reporters that aid had arrived. Roads were open, the official said."
    ld = link(nlp, linker, text, "2020-01-01")
    assert actor_of(ld, "the official").role == "governor"


def test_repeated_full_name_keeps_what_was_learned(nlp, linker):
    text = "Australian actor Hugh Brannagh arrived. Hugh Brannagh then left for Sydney."
    ld = link(nlp, linker, text, "2020-01-01")
    assert actor_of(ld, "Hugh Brannagh", 1) == actor_of(ld, "Hugh Brannagh")
    assert actor_of(ld, "Hugh Brannagh", 1).code == "AUS"


def test_every_mention_offset_matches_its_text(nlp, linker):
    text = "Russian President Vladimir Putin met Chinese leader Xi Jinping in Beijing. Xi praised him."
    ld = link(nlp, linker, text, "2023-03-01")
    for m in ld.mentions:
        assert ld.doc.text[m.start:m.end] == m.text
        assert m.kind in KINDS
    assert actor_of(ld, "Xi", 1).name == "Xi Jinping"
    assert actor_of(ld, "him").name == "Vladimir Putin"
    assert actor_of(ld, "Beijing") is None


def test_empty_doc(nlp, linker):
    ld = link(nlp, linker, "", None)
    assert ld.mentions == [] and ld.actor_for_span(0, 0) is None


def test_title_in_text_wins_over_the_article_date(nlp, linker):
    # an article dated long after the event it reports: the title in the text is evidence
    ld = link(nlp, linker, "President Barack Obama signed the bill. Obama then left.", "2024-01-01")
    assert actor_of(ld, "President Barack Obama").sector == "GOV"
    assert actor_of(ld, "President Barack Obama").role == "president"
    former = link(nlp, linker, "Former President Barack Obama campaigned in Ohio.", "2024-01-01")
    assert actor_of(former, "Former President Barack Obama").sector == "ELI"


def test_igo_modifier_with_sector_noun(nlp, linker):
    ld = link(nlp, linker, "U.N. peacekeepers withdrew from the buffer zone.", "2024-01-01")
    a = actor_of(ld, "U.N. peacekeepers")
    assert (a.code, a.sector) == ("UN", "MIL")


# ---------------------------------------------------------------- robustness (any text, no crash)
_WORDS = [
    "Russia", "Russian", "Ukrainian", "the", "and", "its", "allies", "of", "in", "Kyiv", "Moscow", "'s",
    "troops", "officials", "President", "Putin", "Lavrov", "said", "he", "she", "they", "it", "the West",
    "NATO", "EU", "the bloc", "the minister", "leaders", "Germany", "France", "U.S.", "former", "Dr.",
    "Anna", "Berg", ",", ".", "a", "doctor", "capital", "mayor", "to", "with", "Hamas", "fighters",
    "the Kremlin", "Bosnian", "Serbs", "and", "or", "“", "”", "Secretary-General", "General", "of the",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=40), st.sampled_from([None, "2001-05-05", "2022-02-14", "bad"]))
def test_any_word_salad_links_without_error(nlp, linker, words, date):
    text = " ".join(words)
    ld = linker.link(nlp(text), date)
    for m in ld.mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert m.kind in KINDS
    for t in ld.doc:
        ld.actors_for_token(t)
    ld.actor_for_span(0, len(text))


def test_organisation_named_after_a_place_is_not_the_place(nlp, linker):
    ld = link(nlp, linker, "The Washington Post reported that Washington would respond.", "2022-01-01")
    post = actor_of(ld, "The Washington Post")
    assert post.name == "Washington Post" and post.sector == "MED"
    gov = actor_of(ld, "Washington", 1)
    assert (gov.code, gov.sector) == ("USA", "GOV")


def test_pronoun_gender_learnt_from_the_text(nlp, linker):
    text = (
        "Mrs. Ilse Brandt met Viktor Orban in Budapest. Orban spoke first. "
        "Brandt said she was hopeful, and he agreed."
    )
    ld = link(nlp, linker, text, "2020-01-01")
    assert actor_of(ld, "she").name == "Ilse Brandt"
    assert actor_of(ld, "he").name == "Viktor Orbán"


def test_institution_as_a_place_is_not_an_actor(nlp, linker):
    ld = link(nlp, linker, "The man was taken to a hospital. The hospital said he was stable.", "2020-01-01")
    assert actor_of(ld, "a hospital") is None
    assert actor_of(ld, "The hospital").sector == "CVL"
    ld = link(nlp, linker, "Protesters sent a letter to the ministry.", "2020-01-01")
    assert actor_of(ld, "the ministry").sector == "GOV"


def test_the_country_refers_back_to_the_latest_country(nlp, linker):
    ld = link(nlp, linker, "Protests spread across Iran on Friday. The country's president blamed foreign agents.", "2023-01-10")
    a = actor_of(ld, "The country's president")
    assert (a.name, a.code, a.sector) == ("Ebrahim Raisi", "IRN", "GOV")


def test_stance_words_are_not_actors(nlp, linker):
    ld = link(nlp, linker, "Pro-Russian rebels clashed with Kremlin-backed militias.", "2014-05-01")
    rebels = actor_of(ld, "Pro-Russian rebels")
    assert rebels.sector == "REB" and rebels.code != "RUS"
    assert all(m.actor.code != "RUS" for m in ld.mentions)


def test_coordinated_owners_of_one_role(nlp, linker):
    ld = link(nlp, linker, "The leaders of Germany and France spoke with Putin and Xi.", "2022-02-14")
    leaders = next(t for t in ld.doc if t.text == "leaders")
    assert [a.code for a in ld.actors_for_token(leaders)] == ["DEU", "FRA"]
    putin = next(t for t in ld.doc if t.text == "Putin")
    assert [a.name for a in ld.actors_for_token(putin)] == ["Vladimir Putin", "Xi Jinping"]
