"""Status of an event trigger read from the real parse (no linker needed)."""

from __future__ import annotations

import pytest

from wirewatch.status import RANK, Status, clause_status


def _status(nlp, text: str, trigger: str) -> Status:
    doc = nlp(text)
    tok = next(t for t in doc if t.lower_ == trigger)
    return clause_status(tok)


@pytest.mark.parametrize(
    ("text", "trigger", "status"),
    [
        ("Russia attacked Ukraine.", "attacked", "asserted"),
        ("Russia did not attack Ukraine.", "attack", "negated"),
        ("Russia never attacked Ukraine.", "attacked", "negated"),
        ("Moscow denies that it attacked Ukraine.", "attacked", "denied"),
        ("Moscow denies it has any plans to invade Ukraine.", "invade", "denied"),
        ("Russia could attack Ukraine.", "attack", "hypothetical"),
        ("The West fears that Russia will invade Ukraine.", "invade", "hypothetical"),
        ("If Russia invades Ukraine, sanctions will follow.", "invades", "hypothetical"),
        ("Russia plans to invade Ukraine.", "invade", "future"),
        ("Russia will invade Ukraine.", "invade", "future"),
        ("Russia refused to withdraw its troops.", "withdraw", "negated"),
        ("Moscow has the right to deploy forces on its territory.", "deploy", "hypothetical"),
        ("Critics accused the army of attacking civilians.", "attacking", "hypothetical"),
    ],
)
def test_status(nlp, text, trigger, status):
    assert _status(nlp, text, trigger).status == status


def test_reduced_relative_is_asserted_on_its_own(nlp):
    st = _status(nlp, "Moscow repeated its demands, the demands rejected by the West.", "rejected")
    assert st.status == "asserted"


def test_conjunct_does_not_inherit_a_denial(nlp):
    st = _status(nlp, "Moscow denies it has plans to attack but has massed troops near the border.", "massed")
    assert st.status == "asserted"


def test_reported_would_is_a_stated_intention(nlp):
    st = _status(nlp, "Palestinian leaders said they would boycott all contact with the United States.", "boycott")
    assert st.status == "future" and st.frame == "speech"


def test_negated_future_keeps_both_signals(nlp):
    st = _status(nlp, "Syria says it will not accept any more refugees.", "accept")
    assert st.status == "negated" and st.signals == {"negated", "future"}


def test_content_of_a_demanded_guarantee_is_not_asserted(nlp):
    text = "Moscow wants guarantees that NATO will halt weapons deployments."
    st = _status(nlp, text, "halt")
    assert "hypothetical" in st.signals


def test_rank_order():
    assert RANK["denied"] > RANK["negated"] > RANK["hypothetical"] > RANK["future"] > RANK["asserted"]
    st = Status()
    st.add("future")
    st.add("denied")
    st.add("hypothetical")
    assert st.status == "denied" and st.signals == {"future", "denied", "hypothetical"}


@pytest.mark.parametrize(
    ("text", "trigger", "status", "frame"),
    [
        # litotes: "would not hesitate to" states the intention
        ("The army said it would not hesitate to use force.", "use", "future", "intent"),
        # "no intention of": a stated refusal, not a plan
        ("Russia has no intention of attacking Ukraine.", "attacking", "negated", "intent"),
        # an act ruled out by a copula clause is not done
        ("Removing the sanctions is out of the question.", "removing", "negated", None),
        ("Lifting the embargo is unacceptable, the minister said.", "lifting", "negated", None),
    ],
)
def test_litotes_disavowal_and_ruled_out(nlp, text, trigger, status, frame):
    st = _status(nlp, text, trigger)
    assert st.status == status
    if frame is not None:
        assert st.frame == frame
