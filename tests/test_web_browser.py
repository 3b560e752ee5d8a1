"""The dashboard end to end in a real headless Chromium (Debian's, driven by Playwright).

The app runs under uvicorn on a free loopback port in a background thread, over the same
hand-built store as the API tests. Screenshots land in ``test-artifacts/`` for a human to look
at. Without /usr/bin/chromium the tests skip, except under CI where they must run.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn

from test_web_api import HOSTILE_ACTOR, HOSTILE_TITLE, IMG, SCRIPT, build_sample_store
from wirewatch.web import create_app

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ROOT = Path(__file__).parents[1]
ARTIFACTS = ROOT / "test-artifacts"


def _need_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"{CHROMIUM} is missing and CI is set: the browser tests must run in CI")
    pytest.skip(f"{CHROMIUM} is not installed (apt install chromium); CI is not set")


def test_missing_chromium_skips_locally_and_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    here = sys.modules[__name__]
    monkeypatch.setattr(here, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        _need_chromium()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        _need_chromium()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """uvicorn on a free loopback port in a thread; yields the base URL."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _need_chromium()
    db = build_sample_store(tmp_path_factory.mktemp("browser") / "sample.duckdb")
    with serving(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": 1360, "height": 900})
    pg = ctx.new_page()
    pg.dialogs = []  # every alert/confirm/prompt the page tries to open
    pg.console_errors = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    yield pg
    ctx.close()


def _shot(pg, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_click_from_overview_to_story_to_actor(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "/")
    assert page.locator("h1").first.inner_text() == "Overview"
    # charts are inline SVG, drawn without JavaScript
    assert page.locator("figure.chart svg").count() == 2
    assert page.locator("svg polyline").count() >= 1 and page.locator("svg rect.bar").count() >= 1
    _shot(page, "overview")

    page.get_by_role("link", name="Ruritania masses troops near Bordurian border").click()
    page.wait_for_url("**/stories/sB")
    assert "Ruritania masses troops" in page.locator("h1").inner_text()
    columns = page.locator("article.outlet")
    assert columns.count() == 2
    assert "Northern Wire" in columns.nth(0).text_content()
    assert "Harbor Times" in columns.nth(1).text_content()
    conflict = page.locator("#conflicts").inner_text()
    assert "about 12,000" in conflict and "some 15,000" in conflict
    timeline = page.locator("#timeline tbody").inner_text()
    assert timeline.index("MOBILIZE") < timeline.index("DEMAND")
    _shot(page, "story")

    page.locator("#timeline").get_by_role("link", name="Borduria").first.click()
    page.wait_for_url("**/actor?name=Borduria")
    assert page.locator("h1").inner_text() == "Borduria"
    rows = page.locator("table.events tbody tr")
    assert rows.count() == 3
    assert page.locator("figure.chart svg polyline").count() == 2  # as actor, as recipient
    _shot(page, "actor")
    assert page.dialogs == []
    assert page.console_errors == []  # no CSP violation, no missing asset


def test_stories_list_pages_through_to_a_story(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "/")
    page.get_by_role("link", name="All 3 stories →").click()
    page.wait_for_url("**/stories")
    assert page.locator("table.stories tbody tr").count() == 3
    page.locator("input[name=title]").fill("fisheries")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/stories?title=fisheries")
    assert page.locator("table.stories tbody tr").count() == 1
    _shot(page, "stories")
    page.get_by_role("link", name="Norway and Sweden agree to resume fisheries talks").click()
    page.wait_for_url("**/stories/sA")
    # the syndicated copy is named under its original, not given a column
    assert page.locator("article.outlet").count() == 2
    assert "Coastal Courier" in page.locator("article.outlet .copies").inner_text()


def test_story_highlights_what_one_outlet_reports_alone(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "/stories/sA")
    harbor = page.locator("article.outlet").filter(has_text="Harbor Times")
    unique = harbor.locator("mark.unique").all_inner_texts()
    assert any("collapsed in 2024" in u for u in unique)
    assert not any("agreed on Monday" in u for u in unique)
    # a highlighted sentence has a visibly different background from plain text
    bg = harbor.locator("mark.unique").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent")
    quotes = page.locator("#quotes").inner_text()
    assert "Ingrid Solberg" in quotes and "We have found common ground" in quotes


def test_article_removed_furniture_on_demand(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "/articles/a1")
    assert page.get_by_text("Fishing boats in the harbour of Bergen.").is_visible()
    furniture = page.get_by_text("Subscribe to our newsletter")
    assert not furniture.is_visible()  # folded away by default
    page.locator("details.removed summary").click()
    assert furniture.is_visible()
    page.goto(base_url + "/articles/a1?removed=1")
    assert page.get_by_text("Subscribe to our newsletter").is_visible()
    _shot(page, "article")


def test_search_finds_titles_quotes_and_actors(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "/")
    page.locator("header input[type=search]").fill("common ground")
    page.locator("header input[type=search]").press("Enter")
    page.wait_for_url("**/search?q=common+ground")
    assert "We have found common ground" in page.locator("main").inner_text()
    page.goto(base_url + "/search?q=ruritan")
    assert page.get_by_role("link", name="Ruritanian army").count() >= 1
    _shot(page, "search")


def test_script_payloads_show_as_text_and_never_run(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    from urllib.parse import urlencode

    for url in ("/", "/stories/sX", "/articles/x1", "/search?q=alert",
                "/actor?" + urlencode({"name": HOSTILE_ACTOR})):
        page.goto(base_url + url)
        page.wait_for_load_state("load")
        assert page.locator("main img").count() == 0, url  # no <img> injected from data
        assert page.locator("main script").count() == 0, url
    page.goto(base_url + "/stories/sX")
    assert page.locator("h1").inner_text() == HOSTILE_TITLE
    body = page.locator("article.outlet").inner_text()
    assert SCRIPT in body and IMG in body
    page.goto(base_url + "/articles/x1")
    assert page.get_by_text(f"Caption {IMG}", exact=True).is_visible()
    _shot(page, "hostile")
    assert page.dialogs == []


def _seed_articles(sample_store: Path, seeds_dir: Path) -> list[dict]:
    from wirewatch.store import Store

    rows = Store(str(sample_store), read_only=True).query(
        "SELECT DISTINCT a.id, a.story_id, a.title FROM articles a "
        "JOIN sources s ON s.article_id = a.id "
        "WHERE list_contains(?, regexp_extract(s.path, '[^/]+$')) ORDER BY a.id",
        [[p.name for p in sorted(seeds_dir.glob("*.txt"))]])
    assert len(rows) == 2 and all(r["story_id"] for r in rows)
    return rows


@pytest.mark.slow
@pytest.mark.shared
def test_pipeline_store_renders_the_seed_articles(browser, sample_store: Path,  # type: ignore[no-untyped-def]
                                                  seeds_dir: Path) -> None:
    """The real pipeline's store (conftest's ``sample_store``: examples/corpus and the seeds):
    each seed's story page shows its outlet's column and title, the foreign minister's quotes
    and coded events; every story page of the store renders without a script or CSP error."""
    from wirewatch.store import Store

    seeds = _seed_articles(sample_store, seeds_dir)
    story_ids = [r["id"] for r in Store(str(sample_store), read_only=True).query(
        "SELECT id FROM stories ORDER BY id")]
    with serving(sample_store) as base:
        pg = browser.new_page(viewport={"width": 1360, "height": 900})
        dialogs: list[str] = []
        errors: list[str] = []
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pg.on("console", lambda m: m.type == "error" and errors.append(m.text))
        quotes_seen = ""
        for n, seed in enumerate(seeds):
            pg.goto(f"{base}/stories/{seed['story_id']}")
            assert seed["title"] in pg.locator("article.outlet h3").all_inner_texts()
            assert pg.locator("#timeline tbody tr").count() >= 3
            quotes_seen += pg.locator("#quotes").inner_text()
            _shot(pg, f"seed-story-{n}")
        assert "Sergey Lavrov" in quotes_seen and "far from being exhausted" in quotes_seen
        for sid in story_ids:
            assert pg.goto(f"{base}/stories/{sid}").status == 200, sid
        pg.goto(f"{base}/")
        _shot(pg, "seed-overview")
        assert dialogs == [] and errors == []
        pg.close()


@pytest.mark.slow
@pytest.mark.shared
def test_seed_story_shows_both_outlets(browser, sample_store: Path, seeds_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """The two seeds report one meeting: one story, both outlets' titles side by side."""
    seeds = _seed_articles(sample_store, seeds_dir)
    assert seeds[0]["story_id"] == seeds[1]["story_id"], (
        "the story stage put the two seed reports of one meeting in different stories")
    with serving(sample_store) as base:
        pg = browser.new_page(viewport={"width": 1360, "height": 900})
        pg.goto(f"{base}/stories/{seeds[0]['story_id']}")
        titles = pg.locator("article.outlet h3").all_inner_texts()
        assert all(s["title"] in titles for s in seeds)
        _shot(pg, "seed-story")
        pg.close()
