"""Streaming story clustering (articles written for these tests)."""

from __future__ import annotations

import json

import pytest

from wirewatch import semantic, store
from wirewatch import stories as stories_module
from wirewatch.stories import StoryClusterer, StoryInput, story_id_for, term_counts, update_stories
from wirewatch.types import ActorRef, Article, EventMention, Support

# Two events of the same kind (a factory fire), told by three outlets each: the words are the
# same, the town, company, people and numbers are not.
FIRE_A = [
    ("Fire guts Brennick paint factory in Oldcastle",
     "A fire tore through the Brennick Coatings paint factory in Oldcastle on Monday night, "
     "sending black smoke over the river valley. Fire chief Maura Keane said 14 crews fought the "
     "blaze for six hours and two workers were treated for smoke inhalation. Brennick employs "
     "about 230 people at the Oldcastle plant."),
    ("Oldcastle factory blaze: two workers hurt",
     "Two workers were taken to Oldcastle General after a blaze at the Brennick Coatings plant, "
     "chief Maura Keane told reporters. Crews from 14 stations fought the fire through the night. "
     "Brennick said the paint works, which employs 230 people, would stay shut this week."),
    ("Brennick plant closed after Oldcastle fire",
     "Brennick Coatings closed its Oldcastle paint factory after Monday's fire. Maura Keane, the "
     "fire chief, said investigators were looking at a solvent store where the blaze started. "
     "The company said none of its 230 Oldcastle staff would lose pay."),
]
FIRE_B = [
    ("Fire destroys Halvorsen timber mill in Nettlefield",
     "A fire destroyed much of the Halvorsen timber mill in Nettlefield on Tuesday, police said. "
     "Sergeant Piet Almagro said 9 fire engines were sent and the blaze was under control by "
     "dawn. No one was hurt. Halvorsen employs 85 people at the Nettlefield mill."),
    ("Nettlefield mill fire under control",
     "Firefighters brought the Halvorsen mill fire in Nettlefield under control by dawn, "
     "sergeant Piet Almagro said. Nine engines attended and nobody was injured. The mill, which "
     "employs 85 people, will stay closed while the damage is assessed."),
    ("Halvorsen to rebuild Nettlefield timber mill after fire",
     "Halvorsen said it would rebuild its Nettlefield timber mill after Tuesday's fire. "
     "Police sergeant Piet Almagro said the blaze began in a sawdust hopper. The 85 workers at "
     "the Nettlefield mill will be paid while it is rebuilt, Halvorsen said."),
]
# A summit and its follow-ups, for the time-window tests.
SUMMIT = [
    ("Leaders of Corvania and Estrel meet in Dunmore to discuss river treaty",
     "The prime ministers of Corvania and Estrel met in Dunmore on Monday to discuss a new "
     "treaty on sharing water from the Lesk river, officials said. Corvanian premier Tomas "
     "Ritter said a deal on the Lesk dams was close."),
    ("Corvania and Estrel near Lesk river deal",
     "Corvanian premier Tomas Ritter and his Estrel counterpart said in Dunmore that a treaty "
     "on the Lesk river dams was close after talks on Monday. Water sharing on the Lesk has "
     "divided Corvania and Estrel for a decade."),
]
SUMMIT_FOLLOWUP = (
    "Corvania and Estrel sign Lesk river treaty",
    "Corvania and Estrel signed the Lesk river treaty in Dunmore, premier Tomas Ritter said, "
    "settling a decade of disputes over the dams and water sharing on the Lesk.",
)


def _items(group, prefix, published, publishers=("Daily Post", "Evening Star", "Wire")):
    return [
        StoryInput(id=f"{prefix}{i}", title=t, body=b, published=published,
                   publisher=publishers[i % len(publishers)])
        for i, (t, b) in enumerate(group)
    ]


def test_term_counts_mark_names_and_numbers_as_specific():
    counts, specific = term_counts(
        "Fire at plant", "Chief Maura Keane said 14 crews fought the fire at the Brennick plant.",
        actors=["GBR"], places=["Oldcastle"],
    )
    assert "keane" in specific and "brennick" in specific and "#14" in specific
    assert "@a:gbr" in specific and "@p:oldcastle" in specific
    assert "fire" in counts and "fire" not in specific  # a common word, not a name
    assert "chief" not in specific  # sentence-initial capital is not a name
    assert counts["plant"] > 1  # headline words count extra


def test_similar_events_are_kept_apart():
    a, b = _items(FIRE_A, "a", "2024-05-06"), _items(FIRE_B, "b", "2024-05-07")
    cl = StoryClusterer()
    # Interleaved, as a live feed would deliver them.
    got = {it.id: cl.add(it) for it in [a[0], b[0], a[1], b[1], a[2], b[2]]}
    assert got["a0"] == got["a1"] == got["a2"]
    assert got["b0"] == got["b1"] == got["b2"]
    assert got["a0"] != got["b0"]
    stories = {s.id: s for s in cl.stories()}
    assert stories[got["a0"]].article_ids == ["a0", "a1", "a2"]
    assert set(stories[got["a0"]].publishers) == {"Daily Post", "Evening Star", "Wire"}
    assert "Oldcastle" in stories[got["a0"]].title or "Brennick" in stories[got["a0"]].title


def test_story_resumes_within_the_window_but_not_after_it():
    cl = StoryClusterer(window_days=7)
    first = [cl.add(it) for it in _items(SUMMIT, "m", "2024-03-04")]
    assert first[0] == first[1]
    follow = StoryInput(id="m-later", title=SUMMIT_FOLLOWUP[0], body=SUMMIT_FOLLOWUP[1],
                        published="2024-03-08")
    assert cl.add(follow) == first[0]  # 4 days after the last article: same story
    story = next(s for s in cl.stories() if s.id == first[0])
    assert (story.first_published, story.last_published) == ("2024-03-04", "2024-03-08")
    months_later = StoryInput(id="m-next-year", title=SUMMIT_FOLLOWUP[0],
                              body=SUMMIT_FOLLOWUP[1], published="2024-06-20")
    new_id = cl.add(months_later)
    assert new_id != first[0]  # the old story went quiet and was evicted
    assert not cl.is_open(first[0])
    assert cl.open_count() == 1


def test_a_day_covered_by_several_outlets_makes_later_joins_harder():
    """Outlets writing their own articles on a story's last day raise the bar for an article on
    a later day (burst penalty); copies are not an outlet's own coverage and do not count."""
    follow = StoryInput(id="m-later", title=SUMMIT_FOLLOWUP[0], body=SUMMIT_FOLLOWUP[1],
                        published="2024-03-05", publisher="Wire")

    def run(publishers, burst, copies=False):
        cl = StoryClusterer(burst_penalty=burst)
        own = _items(SUMMIT, "m", "2024-03-04", publishers=publishers)
        sid = cl.add(own[0])
        if copies:  # the first article republished by two other outlets
            for k, outlet in enumerate(("Evening Star", "Gazette")):
                assert cl.attach(StoryInput(id=f"copy{k}", title=own[0].title, body=own[0].body,
                                            published="2024-03-04", publisher=outlet), sid)
        else:
            assert cl.add(own[1]) == sid
        return cl.add(follow) == sid

    assert run(("Daily Post", "Evening Star"), burst=0.0)
    assert not run(("Daily Post", "Evening Star"), burst=1.0)  # two outlets' own articles
    assert run(("Daily Post",), burst=1.0, copies=True)  # one outlet, copied by two others
    assert run(("Daily Post",), burst=1.0)  # one outlet writing twice is no burst


def test_the_same_outlet_twice_on_one_day_pays_the_publisher_penalty():
    a = _items(FIRE_A, "a", "2024-05-06", publishers=("Daily Post",))
    cl = StoryClusterer(publisher_penalty=1.0)
    assert cl.add(a[0]) != cl.add(a[1])  # the same outlet's second article that day
    b = _items(FIRE_A, "b", "2024-05-06", publishers=("Daily Post", "Wire"))
    cl = StoryClusterer(publisher_penalty=1.0)
    assert cl.add(b[0]) == cl.add(b[1])  # another outlet's article joins


def test_a_story_quiet_beyond_the_quiet_days_pays_a_steeper_rate():
    def joins(days_later: int, quiet_penalty: float) -> bool:
        cl = StoryClusterer(quiet_days=2, quiet_penalty=quiet_penalty, burst_penalty=0.0)
        sid = cl.add(_items(SUMMIT, "m", "2024-03-04")[0])
        later = StoryInput(id="m-later", title=SUMMIT_FOLLOWUP[0], body=SUMMIT_FOLLOWUP[1],
                           published=f"2024-03-{4 + days_later:02d}")
        return cl.add(later) == sid

    assert joins(2, quiet_penalty=1.0)  # within the quiet days: the gentle rate
    assert joins(3, quiet_penalty=0.015)
    assert not joins(3, quiet_penalty=1.0)  # one day beyond: the steep rate


def test_ids_are_deterministic_and_derived_from_the_first_article():
    items = _items(FIRE_A, "a", "2024-05-06") + _items(FIRE_B, "b", "2024-05-07")
    one = [StoryClusterer().add(it) for it in items[:1]]
    assert one == [story_id_for("a0")]
    run1 = [c for c in _run(items)]
    run2 = [c for c in _run(items)]
    assert run1 == run2


def _run(items, cl=None):
    cl = cl or StoryClusterer()
    return [cl.add(it) for it in items]


def test_batches_with_state_round_trip_equal_one_shot():
    items = (_items(SUMMIT, "m", "2024-03-04") + _items(FIRE_A, "a", "2024-03-05")
             + _items(FIRE_B, "b", "2024-03-06")
             + [StoryInput(id="m-later", title=SUMMIT_FOLLOWUP[0], body=SUMMIT_FOLLOWUP[1],
                           published="2024-03-09")])
    one_shot = StoryClusterer()
    expected = _run(items, one_shot)
    got: list[str] = []
    state = StoryClusterer().to_state()
    for batch in (items[:2], items[2:5], items[5:]):
        cl = StoryClusterer.from_state(state)
        got += _run(batch, cl)
        state = cl.to_state()
    assert got == expected
    final = StoryClusterer.from_state(state)
    assert sorted((s.id, s.article_ids) for s in final.stories()) == sorted(
        (s.id, s.article_ids) for s in one_shot.stories()
    )
    assert final.to_state() == one_shot.to_state()


def test_open_stories_are_bounded_on_a_long_stream():
    cl = StoryClusterer(window_days=3)
    for day in range(1, 29):
        for k in range(3):
            cl.add(StoryInput(
                id=f"d{day}-{k}", title=f"Council {day} votes on item {k}",
                body=f"The council of district {day * 7 + k} voted on budget line {day}{k}.",
                published=f"2024-02-{day:02d}"))
    # Only stories touched within the last 3 days (+ the current one) stay open.
    assert cl.open_count() <= 3 * 5


def test_undated_stream_is_capped():
    cl = StoryClusterer(max_open=4)
    for k in range(10):
        cl.add(StoryInput(id=f"u{k}", title=None, body=f"Unrelated note number {k} about "
                          f"topic{k} and subject{k} in place{k}.", published=None))
    assert cl.open_count() == 4


# ---------------------------------------------------------------------- the corpus stage
def _article(aid: str, title: str, body: str, published: str | None, publisher: str) -> Article:
    return Article(id=aid, source_id="src-" + aid, body=body, title=title, publisher=publisher,
                   published=published)


def test_update_stories_on_a_real_store(tmp_path):
    st = store.Store(str(tmp_path / "ww.duckdb"))
    arts = [
        _article("a0", FIRE_A[0][0], FIRE_A[0][1], "2024-05-06", "Daily Post"),
        _article("b0", FIRE_B[0][0], FIRE_B[0][1], "2024-05-07", "Evening Star"),
        _article("a1", FIRE_A[1][0], FIRE_A[1][1], "2024-05-06", "Wire"),
        # A republished copy of a0 with different furniture and casing.
        _article("a0copy", FIRE_A[0][0].upper(), "Advertisement. " + FIRE_A[0][1] + " Share this.",
                 "2024-05-07", "Aggregator"),
    ]
    with st.transaction() as con:
        for seq, a in enumerate(arts):
            store.insert_article(con, a, seq)
        store.insert_event_mention(con, EventMention(
            id="e1", article_id="a0", event="ACCIDENT", actor=[ActorRef(name="Brennick Coatings")],
            recipient=[], support=Support(article_id="a0", sentence="x", start=0, end=1),
            location="Oldcastle"))
    touched = update_stories(st)
    rows = {r["id"]: r for r in st.query("SELECT id, story_id, duplicate_of FROM articles")}
    assert all(r["story_id"] for r in rows.values())
    assert rows["a0"]["story_id"] == rows["a1"]["story_id"] == rows["a0copy"]["story_id"]
    assert rows["b0"]["story_id"] != rows["a0"]["story_id"]
    assert rows["a0copy"]["duplicate_of"] == "a0"
    assert rows["a1"]["duplicate_of"] is None
    assert sorted(touched) == sorted({rows["a0"]["story_id"], rows["b0"]["story_id"]})
    stories = {s["id"]: s for s in st.query("SELECT * FROM stories")}
    sa = stories[rows["a0"]["story_id"]]
    assert sorted(sa["article_ids"]) == ["a0", "a0copy", "a1"]
    assert "Aggregator" in sa["publishers"]
    assert (sa["first_published"], sa["last_published"]) == ("2024-05-06", "2024-05-07")
    # The event mention of a0 points at its story too.
    assert st.scalar("SELECT story_id FROM event_mentions WHERE id = 'e1'") == rows["a0"]["story_id"]
    assert st.get_state("stories.clusterer") and st.get_state("copies.index")

    # A second batch: only the new articles are assigned; earlier ones do not move.
    before = {k: v["story_id"] for k, v in rows.items()}
    with st.transaction() as con:
        store.insert_article(con, _article("a2", FIRE_A[2][0], FIRE_A[2][1], "2024-05-08",
                                           "Evening Star"), 10)
        store.insert_article(con, _article("m0", SUMMIT[0][0], SUMMIT[0][1], "2024-05-08",
                                           "Wire"), 11)
    touched2 = update_stories(st)
    rows2 = {r["id"]: r["story_id"] for r in st.query("SELECT id, story_id FROM articles")}
    assert {k: rows2[k] for k in before} == before
    assert rows2["a2"] == before["a0"]
    assert rows2["m0"] not in before.values()
    assert sorted(touched2) == sorted({before["a0"], rows2["m0"]})
    assert update_stories(st) == []  # nothing left to assign
    sa = st.query("SELECT article_ids FROM stories WHERE id = ?", [before["a0"]])[0]
    assert sorted(sa["article_ids"]) == ["a0", "a0copy", "a1", "a2"]


def test_update_stories_matches_the_one_shot_clusterer(tmp_path):
    """Batches through the store give the same stories as one uninterrupted run."""
    items = (_items(FIRE_A, "a", "2024-05-06") + _items(FIRE_B, "b", "2024-05-07")
             + _items(SUMMIT, "m", "2024-05-08"))
    expected = dict(zip([it.id for it in items], _run(items), strict=True))
    st = store.Store(str(tmp_path / "ww.duckdb"))
    for start, stop in ((0, 2), (2, 5), (5, len(items))):
        with st.transaction() as con:
            for seq, it in enumerate(items[start:stop], start=start):
                store.insert_article(con, _article(it.id, it.title, it.body, it.published,
                                                   it.publisher), seq)
        update_stories(st)
    got = {r["id"]: r["story_id"] for r in st.query("SELECT id, story_id FROM articles")}
    assert got == expected
    assert json.loads(json.dumps(got))  # plain strings


@pytest.mark.skipif(not semantic.available(), reason="the [semantic] extra is not installed")
def test_semantic_mode_keeps_similar_events_apart():
    enc = semantic.Encoder()
    v = enc.encode_one(FIRE_A[0][0], FIRE_A[0][1])
    assert v.shape == (384,) and abs(float((v * v).sum()) - 1.0) < 1e-3
    cl = StoryClusterer(semantic=True)
    a, b = _items(FIRE_A, "a", "2024-05-06"), _items(FIRE_B, "b", "2024-05-07")
    got = {it.id: cl.add(it) for it in [a[0], b[0], a[1], b[1], a[2], b[2]]}
    assert got["a0"] == got["a1"] == got["a2"]
    assert got["b0"] == got["b1"] == got["b2"] != got["a0"]
    state = StoryClusterer.from_state(cl.to_state())
    assert state.semantic and state.open_count() == 2


def _chunk_store(path, chunk_rows):
    """A small store whose input order is not publication order, with undated articles (one
    before any dated one), a copy, and a late copy of a story the window has closed."""
    st = store.Store(str(path))
    fire_a, fire_b = _items(FIRE_A, "a", "2024-05-06"), _items(FIRE_B, "b", "2024-05-07")
    summit = _items(SUMMIT, "m", "2024-05-15")  # closes the fire stories (7-day window)
    undated_lead = StoryInput(id="u0", title=FIRE_A[1][0], body=FIRE_A[1][1], publisher="Wire")
    undated_mid = StoryInput(id="u1", title=FIRE_B[2][0], body=FIRE_B[2][1], publisher="Wire")
    late_copy = StoryInput(id="c0", title=FIRE_A[0][0], body="Share this. " + FIRE_A[0][1],
                           published="2024-05-18", publisher="Aggregator")
    order = [undated_lead, fire_b[0], fire_a[0], fire_a[2], undated_mid, fire_b[1], summit[0],
             late_copy, fire_a[1], summit[1], fire_b[2]]
    with st.transaction() as con:
        # An earlier, already assigned article gives the leading undated one its date.
        store.insert_article(con, _article("old", "Budget vote", "The council passed its budget.",
                                           "2024-05-05", "Wire"), 0)
        con.execute("UPDATE articles SET story_id = 'sold' WHERE id = 'old'")
        for seq, it in enumerate(order, start=1):
            store.insert_article(con, _article(it.id, it.title, it.body, it.published,
                                               it.publisher), seq)
    touched = update_stories(st, chunk_rows=chunk_rows)
    rows = {r["id"]: (r["story_id"], r["duplicate_of"])
            for r in st.query("SELECT id, story_id, duplicate_of FROM articles")}
    stories = {s["id"]: (sorted(s["article_ids"]), sorted(s["publishers"]), s["first_published"],
                         s["last_published"]) for s in st.query("SELECT * FROM stories")}
    return rows, stories, sorted(touched)


def test_chunked_corpus_stage_gives_the_same_stories_as_the_default(tmp_path):
    """update_stories reads unassigned articles a chunk at a time; the chunk size must never
    change which story an article joins, its copy mark, or the story records."""
    expected = _chunk_store(tmp_path / "default.duckdb", stories_module.CHUNK_ROWS)
    rows, stories, touched = expected
    assert all(sid for sid, _ in rows.values())
    assert rows["a0"][0] == rows["a1"][0] == rows["a2"][0] == rows["u0"][0]
    assert rows["b0"][0] == rows["b1"][0] == rows["b2"][0] != rows["a0"][0]
    # The late copy is marked and joins its original's (closed) story.
    assert rows["c0"] == (rows["a0"][0], "a0")
    assert stories[rows["a0"][0]][0] == ["a0", "a1", "a2", "c0", "u0"]
    assert rows["m0"][0] == rows["m1"][0] not in (rows["a0"][0], rows["b0"][0])
    for chunk in (1, 2, 3):
        assert _chunk_store(tmp_path / f"c{chunk}.duckdb", chunk) == expected, chunk
