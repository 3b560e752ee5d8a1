"""Near-duplicate copies: MinHash-LSH over word shingles (texts written for these tests)."""

from __future__ import annotations

from wirewatch import config
from wirewatch.copies import CopyIndex, jaccard, shingles, words

BODY = (
    "Firefighters in the northern port town of Harlow Bay spent Tuesday night pumping water out "
    "of the old grain warehouse after a storm surge broke through the harbour wall, the town "
    "council said. No one was hurt, but about forty families living along the quay were moved "
    "to the sports hall on Mill Street as a precaution. The council's engineer, Dana Morrow, "
    "said the wall had been due for repairs since last spring and that contractors would start "
    "work on Thursday once the tide had turned. Local shops reopened on Wednesday morning, "
    "although the ferry to the islands stayed in port for a second day because of high winds. "
    "The regional weather office warned that another band of rain would reach the coast by the "
    "weekend and asked residents to keep sandbags in place until further notice."
)

OTHER = (
    "The city orchestra of Vellmar announced on Monday that its new concert hall will open in "
    "September, two years later than planned, after a dispute over the acoustic panels was "
    "settled out of court. The conductor, Ilse Brandt, said the first season would feature works "
    "by local composers alongside the usual symphonies, and that tickets for students would "
    "cost half the usual price. The building, a former tram depot on the river, cost more than "
    "the council had budgeted, and opposition members have asked for an audit of the contract."
)


def test_shingles_ignore_case_punctuation_and_whitespace():
    a = "The  Council said: “No one was hurt.”\nShops reopened."
    b = "the council said -- 'no one was HURT' shops   reopened"
    assert words(a) == words(b)
    assert shingles(a, 3) == shingles(b, 3)
    assert shingles("too short", 5) == {b"too short"}


def test_copy_with_different_furniture_is_a_copy():
    idx = CopyIndex(threshold=0.8, shingle=5)
    assert idx.add("orig", BODY, "2024-03-05") is None
    furnished = (
        "Share this article\nAdvertisement\n" + BODY.upper().replace(",", " ,").replace(". ", ".\n\n")
        + "\nRead more: local news\n© 2024 Harlow Gazette. All rights reserved."
    )
    # The furniture lowers the exact Jaccard a little but stays above the threshold.
    assert jaccard(shingles(BODY, 5), shingles(furnished, 5)) > 0.8
    assert idx.add("copy", furnished, "2024-03-06") == "orig"


def test_different_texts_are_not_copies():
    idx = CopyIndex(threshold=0.8, shingle=5)
    assert idx.add("a", BODY, "2024-03-05") is None
    assert idx.add("b", OTHER, "2024-03-05") is None
    # Rewritten lead, same facts: similar but not a copy.
    rewrite = " ".join(BODY.split()[60:]) + " Reporting by a second outlet with its own lead."
    assert idx.add("c", rewrite, "2024-03-05") is None


def test_copy_of_a_copy_points_at_the_original():
    idx = CopyIndex(threshold=0.8, shingle=5)
    idx.add("orig", BODY, "2024-03-05")
    assert idx.add("copy1", BODY + " (Reuters)", "2024-03-05") == "orig"
    assert idx.add("copy2", "UPDATED: " + BODY, "2024-03-06") == "orig"
    # Adding the same id again is idempotent.
    assert idx.add("copy2", "UPDATED: " + BODY, "2024-03-06") == "orig"
    assert idx.add("orig", BODY, "2024-03-05") is None


def test_state_round_trip_keeps_the_index():
    idx = CopyIndex(threshold=0.8, shingle=5)
    idx.add("orig", BODY, "2024-03-05")
    idx.add("other", OTHER, "2024-03-05")
    state = idx.to_state()
    assert isinstance(state, bytes)
    again = CopyIndex.from_state(state)
    assert len(again) == 2
    assert again.threshold == 0.8 and again.shingle == 5
    assert again.add("copy", BODY.lower(), "2024-03-07") == "orig"
    assert again.add("new", OTHER.replace("Vellmar", "Osterholz") + " " + BODY[:80], None) is None


def test_old_entries_are_evicted_by_the_window():
    idx = CopyIndex(threshold=0.8, shingle=5, window_days=10)
    idx.add("orig", BODY, "2024-01-01")
    idx.add("later", OTHER, "2024-02-01")  # the stream moves a month on: "orig" leaves the index
    assert len(idx) == 1
    assert idx.add("copy", BODY, "2024-02-02") is None


def test_size_cap_bounds_undated_streams():
    idx = CopyIndex(threshold=0.8, shingle=5, max_entries=3)
    for i in range(6):
        idx.add(f"t{i}", f"item number {i} " + OTHER[i * 20:], None)
    assert len(idx) == 3


def test_settings_are_documented():
    for name in ("copy_threshold", "copy_shingle", "copy_num_perm", "copy_window_days",
                 "copy_max_entries"):
        assert config.get(name) is not None
    idx = CopyIndex()
    assert idx.threshold == config.get("copy_threshold")
    assert idx.shingle == config.get("copy_shingle")
