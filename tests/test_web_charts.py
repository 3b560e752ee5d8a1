"""Chart geometry (wirewatch.web.charts) and the outlet comparison (wirewatch.web.compare)."""

from __future__ import annotations

from wirewatch.web.charts import bar_chart, line_chart, nice_ticks
from wirewatch.web.compare import compare, content_words, sentences
from wirewatch.web.data import like_pattern, paragraphs


def test_nice_ticks_cover_the_range_with_round_steps() -> None:
    ticks = nice_ticks(0, 37)
    assert ticks[0] <= 0 and ticks[-1] >= 37
    steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1 and steps.pop() in {10, 20, 5}
    assert all(t == int(t) for t in nice_ticks(0, 1, integer=True))
    assert nice_ticks(-4.2, 8.1)[0] <= -4.2


def test_line_chart_maps_values_into_the_plot_area() -> None:
    c = line_chart(["d1", "d2", "d3"], {"a": [0, 5, 10], "b": [10, 5, 0]}, title="t")
    a, b = c.lines
    assert a.css != b.css
    assert a.points[0].x == c.left and a.points[-1].x == c.right
    # higher values are drawn higher (smaller y), and stay inside the frame
    assert a.points[2].y < a.points[1].y < a.points[0].y
    for p in a.points + b.points:
        assert c.top - 0.01 <= p.y <= c.bottom + 0.01
    assert a.points[1].title == "d2: a 5"
    assert [t.label for t in c.x_ticks] == ["d1", "d2", "d3"]
    assert c.x_ticks[0].anchor == "start" and c.x_ticks[-1].anchor == "end"


def test_line_chart_crossing_zero_draws_a_zero_line_and_thins_labels() -> None:
    labels = [f"2026-01-{d:02d}" for d in range(1, 31)]
    c = line_chart(labels, {"x": [(-1) ** i * i for i in range(30)]}, title="t", width=640)
    assert c.zero is not None and c.top < c.zero < c.bottom
    assert len(c.x_ticks) <= 640 // 90 + 1 and c.x_ticks[-1].label == labels[-1]


def test_empty_charts_say_so() -> None:
    assert line_chart([], {}, title="t").empty
    assert bar_chart([], title="t").empty
    assert "no data" in bar_chart([], title="t").desc


def test_bar_chart_heights_are_proportional_and_capped_in_width() -> None:
    c = bar_chart([("a", 1), ("b", 4), ("c", 2)], title="t")
    hs = [b.h for b in c.bars]
    assert abs(hs[1] - 4 * hs[0]) < 1e-6 and abs(hs[2] - 2 * hs[0]) < 1e-6
    assert all(b.w <= 28 for b in c.bars)
    assert all(abs(b.y + b.h - c.bottom) < 1e-6 for b in c.bars)


def test_sentences_and_content_words() -> None:
    assert sentences('He left. "Fine," she said. Then 3 more came.') == [
        "He left.", '"Fine," she said.', "Then 3 more came."]
    assert content_words("The talks were held in Oslo") == {"talks", "held", "oslo"}
    # a question inside a quotation does not end the sentence
    assert sentences('"Do we want this? Of course not," he said. She left.') == [
        '"Do we want this? Of course not," he said.', "She left."]
    assert sentences("“Why? Because,” she said. Then rain.") == [
        "“Why? Because,” she said.", "Then rain."]


def test_compare_marks_what_only_one_publisher_reports() -> None:
    arts = [
        {"id": "1", "publisher": "A", "body": "Ministers met in Oslo on Monday. Rain fell."},
        {"id": "2", "publisher": "B",
         "body": "On Monday ministers met in Oslo, officials said. A deal on fish was signed."},
        {"id": "3", "publisher": "A", "body": "A deal on fish was signed."},
    ]
    cols = compare(arts, paragraphs)
    first = [(s.text, s.unique) for p in cols[0].paragraphs for s in p]
    assert first == [("Ministers met in Oslo on Monday.", False), ("Rain fell.", True)]
    second = {s.text: s.unique for p in cols[1].paragraphs for s in p}
    assert second["On Monday ministers met in Oslo, officials said."] is False
    # the fish deal is also in article 3, from another publisher than B: shared
    assert second["A deal on fish was signed."] is False
    # a single publisher's articles do not corroborate each other
    solo = compare([arts[0], arts[2]], paragraphs)
    assert all(not s.unique for c in solo for p in c.paragraphs for s in p)


def test_like_pattern_escapes_wildcards() -> None:
    assert like_pattern("50%_x\\") == "%50\\%\\_x\\\\%"


def test_compare_folds_copies_under_their_original() -> None:
    arts = [
        {"id": "1", "publisher": "A", "body": "Ministers met in Oslo on Monday."},
        {"id": "2", "publisher": "B", "body": "Ministers met in Oslo on Monday. Rain fell."},
        {"id": "3", "publisher": "C", "duplicate_of": "2",
         "body": "Ministers met in Oslo on Monday. Rain fell."},
    ]
    cols = compare(arts, paragraphs)
    assert [c.article["id"] for c in cols] == ["1", "2"]
    assert [c["id"] for c in cols[1].copies] == ["3"]
    # C only syndicates B's text: it does not corroborate B's rain sentence
    marks = {s.text: s.unique for p in cols[1].paragraphs for s in p}
    assert marks == {"Ministers met in Oslo on Monday.": False, "Rain fell.": True}
