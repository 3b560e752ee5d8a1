"""The local dashboard: server-rendered pages and a JSON API over a store, read-only.

Why it is shaped like this:
- Article text, titles and publisher names come from the open web, so every page is a Jinja2
  template with autoescaping on, nothing from the store is marked safe, and a strict
  Content-Security-Policy (no inline script or style) backs that up.
- The store may be written by ``wirewatch run`` while we serve. Each request opens one short
  read-only connection (:class:`RequestStore`) and closes it; a lock that lasts past
  ``lock_wait`` seconds becomes ``503 Retry-After`` instead of an error.
- Bound to 127.0.0.1 by the CLI; the Host header is checked too, so a web page elsewhere cannot
  reach the dashboard through DNS rebinding.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.middleware.trustedhost import TrustedHostMiddleware

from wirewatch.store import StoreLocked
from wirewatch.web import charts, data
from wirewatch.web.compare import compare, sentences
from wirewatch.web.models import (
    ArticleOut,
    ConflictOut,
    DyadOut,
    EventOut,
    QuoteOut,
    StoryDetailOut,
    StoryOut,
)
from wirewatch.web.reader import RequestStore

HERE = Path(__file__).parent
LOCAL_HOSTS = ["127.0.0.1", "localhost", "::1"]
RETRY_AFTER_SECONDS = 2
ACTOR_EVENTS_SHOWN = 100  # the actor page lists the newest; the JSON API pages through all
ACTOR_QUOTES_SHOWN = 50
STORIES_PER_PAGE = 50

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
}

DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Text = Annotated[str | None, Query(max_length=200)]
Day = Annotated[str | None, Query(pattern=DATE, description="YYYY, YYYY-MM or YYYY-MM-DD")]


class StoreUnavailable(RuntimeError):
    """There is no store at the configured path yet."""


def get_store(request: Request) -> Iterator[RequestStore]:
    """The request's read-only store, closed when the request is done."""
    try:
        store = RequestStore(request.app.state.db_path, wait=request.app.state.lock_wait)
    except FileNotFoundError as exc:
        raise StoreUnavailable(str(exc)) from exc
    try:
        yield store
    finally:
        store.close()


StoreDep = Annotated[RequestStore, Depends(get_store)]


# ------------------------------------------------------------------------------ templates
def _path_quote(value: Any) -> str:
    """Quote a value for one URL path segment (ids come from the store: untrusted)."""
    return urllib.parse.quote(str(value), safe="")


def _query(**params: Any) -> str:
    return urllib.parse.urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _http_url(value: Any) -> str | None:
    """Only http(s) URLs become links; anything else (javascript:, data:) stays text."""
    text = str(value or "")
    return text if re.match(r"^https?://", text, re.IGNORECASE) else None


def _cite_numbers(article_ids: list[str], cites: dict[str, int]) -> list[int]:
    """The source numbers of some articles, ascending, each once."""
    return sorted({cites[a] for a in article_ids if a in cites})


def make_env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["pq"] = _path_quote
    env.filters["cite_numbers"] = _cite_numbers
    env.globals["qs"] = _query
    env.globals["http_url"] = _http_url
    return env


# ------------------------------------------------------------------------------ the app
def create_app(db_path: str, *, lock_wait: float = 2.0,
               allowed_hosts: list[str] | None = None) -> FastAPI:
    """The dashboard over the store at ``db_path`` (read-only).

    ``lock_wait``: seconds a request waits for a writing ``wirewatch run`` before answering 503.
    ``allowed_hosts``: Host header values accepted (default: the loopback names); pass ``["*"]``
    when deliberately serving on another interface.
    """
    app = FastAPI(
        title="wirewatch dashboard",
        summary="Stories, events, quotes and dyads from a wirewatch store (read-only).",
        version="1",
        docs_url=None,  # Swagger UI loads script from a CDN and runs inline script: not here
        redoc_url=None,
    )
    env = make_env()
    app.state.db_path = db_path
    app.state.lock_wait = lock_wait
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or LOCAL_HOSTS)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    def wants_html(request: Request) -> bool:
        return not request.url.path.startswith(("/api/", "/openapi"))

    def unavailable(request: Request, message: str) -> Response:
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        if wants_html(request):
            body = env.get_template("error.html").render(
                title="Store busy", status=503, message=message, request=request)
            return HTMLResponse(body, status_code=503, headers=headers)
        return JSONResponse({"detail": message}, status_code=503, headers=headers)

    @app.exception_handler(StoreLocked)
    async def _locked(request: Request, exc: StoreLocked) -> Response:
        return unavailable(request, "A run is writing to the store; try again in a moment.")

    @app.exception_handler(StoreUnavailable)
    async def _missing(request: Request, exc: StoreUnavailable) -> Response:
        return unavailable(request, "No store yet: run `wirewatch run PATH` first.")

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        if wants_html(request):
            body = env.get_template("error.html").render(
                title="Not found" if exc.status_code == 404 else "Error",
                status=exc.status_code, message=str(exc.detail), request=request)
            return HTMLResponse(body, status_code=exc.status_code)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if wants_html(request):
            problems = "; ".join(f"{'.'.join(str(x) for x in e['loc'][1:])}: {e['msg']}"
                                 for e in exc.errors())
            body = env.get_template("error.html").render(
                title="Bad request", status=422, message=problems, request=request)
            return HTMLResponse(body, status_code=422)
        return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)

    def page(template: str, request: Request, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(template).render(request=request, **context))

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    # -------------------------------------------------------------------------- pages
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview(request: Request, store: StoreDep) -> HTMLResponse:
        per_day = data.story_counts_per_day(store)
        esc_name, esc_days, esc_lines = data.escalation(store)
        return page(
            "overview.html", request,
            counts=store.counts(),
            days=data.stories_by_day(store),
            dyads=data.dyads(store, limit=12),
            stories_chart=charts.bar_chart([(d, float(n)) for d, n in per_day],
                                           title="Stories per day", height=170),
            escalation_chart=charts.line_chart(esc_days, esc_lines, title="Escalation over time",
                                               y_label=esc_name),
        )

    @app.get("/alerts", response_class=HTMLResponse, include_in_schema=False)
    def alerts_page(request: Request, store: StoreDep) -> HTMLResponse:
        esc_name, esc_days, esc_lines = data.escalation(store)
        return page("alerts.html", request, alerts=data.list_alerts(store),
                    escalation_chart=charts.line_chart(esc_days, esc_lines,
                                                       title="Escalation index", y_label=esc_name))

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(request: Request, store: StoreDep,
                     title: Annotated[str, Query(max_length=200)] = "",
                     page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1
                     ) -> HTMLResponse:
        title = title.strip()
        total = data.count_stories(store, q=title or None)
        pages = max(1, -(-total // STORIES_PER_PAGE))
        rows = data.list_stories(store, limit=STORIES_PER_PAGE, q=title or None,
                                 offset=(page_no - 1) * STORIES_PER_PAGE)
        return page("stories.html", request, stories=rows, total=total, title=title,
                    page=page_no, pages=pages)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str, store: StoreDep) -> HTMLResponse:
        story = data.get_story(store, story_id)
        if story is None:
            raise HTTPException(404, "No such story.")
        articles = data.story_articles(store, story)
        events = data.timeline_order(
            store, data.list_events(store, story_id=story_id, limit=1000), story_id)
        quotes = data.list_quotes(store, story_id=story_id, limit=1000)
        brief = _brief(store, story_id)
        if brief and brief.get("sources"):
            cites = {s["article_id"]: s["n"] for s in brief["sources"]}
            summary = [{"text": s["text"], "cites": s.get("citations", [])}
                       for s in brief.get("summary", [])]
        else:
            cites = {a["id"]: n for n, a in enumerate(articles, start=1)}
            summary = _summary(articles, events, cites)
        for a in articles:  # every listed source gets a number, even one the brief left out
            a["n"] = cites.setdefault(a["id"], max(cites.values(), default=0) + 1)
        return page(
            "story.html", request, story=story, articles=articles, cites=cites,
            headline=(brief or {}).get("headline") or story.get("title"), summary=summary,
            only_here=(brief or {}).get("unique") or {},
            columns=compare(articles, data.paragraphs), timeline=_by_day(events),
            speakers=data.quotes_by_speaker(quotes), conflicts=data.list_conflicts(store, story_id),
        )

    @app.get("/actor", response_class=HTMLResponse, include_in_schema=False)
    def actor_page(request: Request, store: StoreDep,
                   name: Annotated[str, Query(min_length=1, max_length=200)]) -> HTMLResponse:
        ref = data.known_actor(store, name)
        events = data.list_events(store, actor=name, limit=2000)
        quotes = data.list_quotes(store, speaker=name, limit=ACTOR_QUOTES_SHOWN)
        if ref is None and not events and not quotes:
            raise HTTPException(404, "No events or quotes name this actor.")
        days, series = data.actor_activity(events, name)
        for ev in events:
            ev["role"] = data.role_of(ev, name)
        newest = sorted(events, key=lambda e: e.get("day") or "", reverse=True)
        return page(
            "actor.html", request, name=name, ref=ref or {"name": name},
            by_code=bool(ref and ref.get("code") == name and ref.get("name") != name),
            events=newest[:ACTOR_EVENTS_SHOWN], n_events=len(events),
            quotes=quotes, dyads=data.dyads(store, actor=name, level="actor", limit=20),
            activity_chart=charts.line_chart(days, series, title=f"Events naming {name}",
                                             y_label="events per day", width=1100,
                                             height=220, integer=True),
        )

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, store: StoreDep,
                    q: Annotated[str, Query(max_length=200)] = "") -> HTMLResponse:
        q = q.strip()
        results = data.search(store, q) if q else None
        return page("search.html", request, q=q, results=results)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str, store: StoreDep,
                     removed: Annotated[bool, Query()] = False) -> HTMLResponse:
        art = data.get_article(store, article_id)
        if art is None:
            raise HTTPException(404, "No such article.")
        story = data.get_story(store, art["story_id"]) if art.get("story_id") else None
        return page("article.html", request, art=art, story=story, show_removed=removed,
                    mentions=data.article_mentions(store, article_id))

    # -------------------------------------------------------------------------- JSON API
    @app.get("/api/stories", response_model=list[StoryOut], tags=["stories"])
    def api_stories(store: StoreDep, limit: Limit = 100, offset: Offset = 0, q: Text = None,
                    since: Day = None) -> Any:
        """Stories, newest first; ``q`` filters titles, ``since`` by last publication day."""
        return data.list_stories(store, limit=limit, offset=offset, q=q, since=since)

    @app.get("/api/stories/{story_id}", response_model=StoryDetailOut, tags=["stories"],
             responses={404: {"description": "No such story"}})
    def api_story(story_id: str, store: StoreDep) -> Any:
        """One story with its articles, events, quotes, conflicts and brief."""
        story = data.get_story(store, story_id)
        if story is None:
            raise HTTPException(404, "No such story.")
        brief = _brief(store, story_id)
        return {
            **story,
            "articles": data.story_articles(store, story),
            "events": data.list_events(store, story_id=story_id, limit=1000),
            "quotes": data.list_quotes(store, story_id=story_id, limit=1000),
            "conflicts": data.list_conflicts(store, story_id),
            "brief": jsonable_encoder(brief) if isinstance(brief, dict) else None,
        }

    @app.get("/api/articles/{article_id}", response_model=ArticleOut, tags=["articles"],
             responses={404: {"description": "No such article"}})
    def api_article(article_id: str, store: StoreDep) -> Any:
        """One clean article: body, captions and the furniture the cleaner removed."""
        art = data.get_article(store, article_id)
        if art is None:
            raise HTTPException(404, "No such article.")
        return art

    @app.get("/api/events", response_model=list[EventOut], tags=["events"])
    def api_events(store: StoreDep, story_id: Text = None, actor: Text = None,
                   event: Text = None, since: Day = None, until: Day = None,
                   limit: Limit = 200, offset: Offset = 0) -> Any:
        """Events (fused across outlets when fusion has run), in date order. ``actor`` matches
        an actor or recipient by name or code."""
        return data.list_events(store, story_id=story_id, actor=actor, event=event,
                                since=since, until=until, limit=limit, offset=offset)

    @app.get("/api/quotes", response_model=list[QuoteOut], tags=["quotes"])
    def api_quotes(store: StoreDep, story_id: Text = None, speaker: Text = None,
                   q: Text = None, limit: Limit = 200, offset: Offset = 0) -> Any:
        """Quotes, filtered by story, speaker (name or code) or words in the text."""
        return data.list_quotes(store, story_id=story_id, speaker=speaker, q=q, limit=limit,
                                offset=offset)

    @app.get("/api/stories/{story_id}/conflicts", response_model=list[ConflictOut],
             tags=["stories"])
    def api_conflicts(story_id: str, store: StoreDep) -> Any:
        """Where the story's sources disagree (numbers, actors, dates)."""
        return data.list_conflicts(store, story_id)

    @app.get("/api/dyads", response_model=list[DyadOut], tags=["events"])
    def api_dyads(store: StoreDep, actor: Text = None, since: Day = None,
                  level: Annotated[str, Query(pattern="^(country|sector|actor)$")] = "country",
                  limit: Limit = 50) -> Any:
        """Actor → recipient pairs by number of events, most active first. ``level``: country
        codes, code plus sector, or actors by name."""
        return data.dyads(store, actor=actor, since=since, level=level, limit=limit)

    return app


# ------------------------------------------------------------------------------ helpers
def _brief(store: RequestStore, story_id: str) -> dict[str, Any] | None:
    """The brief module's view of a story, when that module loads and copes with this story;
    otherwise the page builds its own plainer brief (see ``_summary``)."""
    brief = data.call_optional("wirewatch.brief", "make_brief", store, story_id)
    return brief if isinstance(brief, dict) else None


def _summary(articles: list[dict[str, Any]], events: list[dict[str, Any]],
             cites: dict[str, int]) -> list[dict[str, Any]]:
    """A fallback brief: the earliest lead sentence and the best-supported events, cited."""
    lines: list[dict[str, Any]] = []
    for art in articles[:1]:
        paras = data.paragraphs(art.get("body") or "")
        lead = next(iter(sentences(paras[0])), None) if paras else None
        if lead:
            lines.append({"text": lead, "cites": [cites[art["id"]]]})
    ranked = sorted(events, key=lambda e: (-len(e["article_ids"]), e.get("day") or ""))
    for ev in ranked[:5]:
        text = (f"{data.actor_label(ev['actor'])} — {ev['event']}"
                + (f" — {data.actor_label(ev['recipient'])}" if ev["recipient"] else "")
                + (f" ({ev['day'][:10]})" if ev.get("day") else ""))
        lines.append({"text": text, "cites": _cite_numbers(ev["article_ids"], cites)})
    return lines


def _by_day(events: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    days: dict[str, list[dict[str, Any]]] = {}
    for ev in events:
        days.setdefault((ev.get("day") or "undated")[:10], []).append(ev)
    return list(days.items())
