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


# ---------------------------------------------------------------- the compact index vs datasketch
THIRD = (
    "A freight train carrying grain left the rails near the village of Oldmoor early on Sunday, "
    "blocking the main line between the two river towns for most of the day. The operator said "
    "nine wagons tipped over but the driver was not injured, and that engineers would inspect "
    "the track overnight. Passengers were taken on by bus. The rail union repeated its call for "
    "the line's signals to be replaced, saying the same stretch had seen two minor derailments "
    "in the last five years. The transport minister is expected to visit the site on Monday."
)


def _variants(seed: int, n: int) -> list[tuple[str, str, str | None]]:
    """A stream of (id, text, date): the hand-written texts above, with sentences dropped,
    swapped or retold, furniture added, some undated, over a few weeks (so entries evict)."""
    import random

    rng = random.Random(seed)
    bases = [BODY, OTHER, THIRD]
    furniture = ["Advertisement", "Share this article", "Read more: local news", "(Reuters)"]
    out = []
    for i in range(n):
        sents = [s for s in rng.choice(bases).split(". ") if s]
        for _ in range(rng.randint(0, 3)):
            if len(sents) > 2:
                sents.pop(rng.randrange(len(sents)))
        if len(sents) > 2 and rng.random() < 0.3:
            j = rng.randrange(len(sents) - 1)
            sents[j], sents[j + 1] = sents[j + 1], sents[j]
        text = ". ".join(sents)
        if rng.random() < 0.4:
            text = f"{rng.choice(furniture)}\n{text}\n{rng.choice(furniture)}"
        if rng.random() < 0.2:
            text = text.upper()
        day = None if rng.random() < 0.1 else f"2024-03-{1 + i * 27 // n:02d}"
        out.append((f"a{i}", text, day))
    return out


class _DatasketchIndex:
    """The index as it was written on datasketch's MinHashLSH (the reference the compact one
    must agree with): same signatures, same bands, candidates verified the same way."""

    def __init__(self, window_days: int = 14, max_entries: int = 200_000):
        from collections import OrderedDict

        from datasketch import MinHashLSH

        self.idx = CopyIndex(threshold=0.8, shingle=5, window_days=window_days,
                             max_entries=max_entries)
        self.lsh = MinHashLSH(threshold=0.7, num_perm=self.idx.num_perm)
        self.entries: OrderedDict[str, tuple[str, int | None, object, int]] = OrderedDict()
        self.latest: int | None = None
        self.seq = 0

    def _drop(self, key: str) -> None:
        self.entries.pop(key)
        self.lsh.remove(key)

    def add(self, aid: str, text: str, published: str | None) -> str | None:
        import numpy as np

        from wirewatch.copies import day_ordinal

        if aid in self.entries:
            root = self.entries[aid][0]
            return None if root == aid else root
        day = day_ordinal(published)
        if day is not None and (self.latest is None or day > self.latest):
            self.latest = day
            horizon = day - self.idx.window_days
            for key, (_r, d, _m, _s) in list(self.entries.items()):
                if d is None:
                    continue
                if d >= horizon:
                    break
                self._drop(key)
        m = self.idx.signature(text)
        if not words(text):
            return None
        best = None
        for key in self.lsh.query(m) if self.entries else []:
            root, _d, sig, seq = self.entries[key]
            sim = float(np.mean(sig.hashvalues == m.hashvalues))  # type: ignore[attr-defined]
            if sim >= 0.8 - 0.03 and (best is None or (sim, -seq) > best[:2]):
                best = (sim, -seq, root)
        root = aid if best is None else best[2]
        self.lsh.insert(aid, m)
        self.entries[aid] = (root, day, m, self.seq)
        self.seq += 1
        while len(self.entries) > self.idx.max_entries:
            self._drop(next(iter(self.entries)))
        return None if best is None else root


def test_compact_index_finds_the_same_copies_as_datasketch_lsh():
    stream = _variants(seed=3, n=400)
    ref, idx = _DatasketchIndex(window_days=5), CopyIndex(threshold=0.8, shingle=5, window_days=5)
    got = [idx.add(a, t, d) for a, t, d in stream]
    want = [ref.add(a, t, d) for a, t, d in stream]
    assert got == want
    assert sum(g is not None for g in got) > 100  # the stream really has copies to find
    assert len(idx) == len(ref.entries) < 400  # and the window evicted the same entries


def test_compact_index_agrees_under_the_size_cap_and_across_a_save():
    stream = _variants(seed=5, n=300)
    ref = _DatasketchIndex(max_entries=40)
    idx = CopyIndex(threshold=0.8, shingle=5, max_entries=40)
    got = []
    for k, (a, t, d) in enumerate(stream):
        if k % 70 == 69:  # save and reload mid-stream, as the corpus stage does between runs
            state = idx.to_state()
            idx = CopyIndex.from_state(state)
            assert idx.to_state() == state
        got.append(idx.add(a, t, d))
    assert got == [ref.add(a, t, d) for a, t, d in stream]
    assert len(idx) == 40


def test_many_entries_survive_merges_and_compaction():
    """Past the merge size the band table is rebuilt and dead rows dropped; lookups still work."""
    import random

    rng = random.Random(11)
    vocab = (BODY + " " + OTHER + " " + THIRD).split()
    texts = [" ".join(rng.sample(vocab, 120)) for _ in range(3000)]  # unrelated word salads
    idx = CopyIndex(threshold=0.8, shingle=5, window_days=3)
    found = [idx.add(f"n{i}", t, f"2024-01-{1 + i // 200:02d}") for i, t in enumerate(texts)]
    assert found == [None] * 3000
    assert 600 <= len(idx) <= 800  # the last 3-4 days of 200 a day
    assert idx.add("c", "Advertisement\n" + texts[2999], "2024-01-15") == "n2999"
    assert idx.add("d", texts[2500].upper(), "2024-01-15") == "n2500"
    assert idx.add("old", texts[5], "2024-01-15") is None  # its original left the window
