"""The ``wirewatch`` command. Thin: parses options, calls the modules, prints.

stdout carries results (tables, or JSON Lines with ``--json``); progress bars and messages go to
stderr. Exit codes: 0 ok; 1 nothing ingested / not found; 2 usage; 3 store busy.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from wirewatch import config, queries
from wirewatch.output import emit, err
from wirewatch.store import Store, StoreLocked

app = typer.Typer(
    name="wirewatch",
    help="Local-first news-event intelligence: clean articles, stories, PLOVER events, quotes, "
    "claims, fused across outlets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DbOpt = Annotated[str | None, typer.Option("--db", help="Store file (default ./wirewatch.duckdb or $WIREWATCH_DB).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON Lines instead of a table.")]
StoryOpt = Annotated[str | None, typer.Option("--story", help="Only records of this story id.")]
MentionsOpt = Annotated[bool, typer.Option("--mentions", help="List raw per-article mentions instead of fused records.")]


def _reader(db: str | None) -> Store:
    try:
        return Store(db, read_only=True)
    except FileNotFoundError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    except StoreLocked as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(3) from exc


@app.command()
def run(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to ingest (recursively).")],
    db: DbOpt = None,
    workers: Annotated[int | None, typer.Option("--workers", help="Worker processes (local) or Dask workers.")] = None,
    engine: Annotated[str, typer.Option("--engine", help="local or dask.")] = "local",
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address (default: a LocalCluster).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Ingest PATHS and run every stage; prints a summary. Safe to rerun: stored inputs are skipped."""
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from wirewatch.pipeline import RunLocked
    from wirewatch.pipeline import run as run_pipeline

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                  TextColumn("{task.fields[info]}"), TimeElapsedColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("ingesting", total=None, info="")

        def progress(inputs: int, articles: int) -> None:
            bar.update(task, info=f"{inputs} inputs, {articles} new articles")

        try:
            summary = run_pipeline(paths, db=db, engine=engine, workers=workers,
                                   scheduler=scheduler, progress=progress)
        except (RunLocked, StoreLocked) as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(3) from exc
    for r in summary.reject_reasons:
        where = r["path"] + (f":{r['record_no']}" if r.get("record_no") else "")
        err.print(f"[yellow]rejected[/yellow] {where}: {r['reason']}")
    data = summary.to_dict()
    data.pop("reject_reasons")
    data["ingested"] = summary.ingested
    if as_json:
        sys.stdout.write(json.dumps(data) + "\n")
    else:
        typer.echo(
            f"{summary.articles} new articles ({summary.skipped} already stored), "
            f"{summary.rejects} rejected; store {summary.db} holds {summary.stories} stories, "
            f"{summary.events} event mentions ({summary.fused_events} fused events), "
            f"{summary.quotes} quotes, {summary.claims} claims  [{summary.seconds:.1f}s]"
        )
    if not summary.ingested:
        raise typer.Exit(1)


@app.command()
def articles(db: DbOpt = None, as_json: JsonOpt = False,
             full: Annotated[bool, typer.Option("--full", help="Include body and captions.")] = False,
             story: StoryOpt = None) -> None:
    """List stored articles."""
    rows = queries.articles(_reader(db), full=full, story=story)
    emit(rows, as_json, ["id", "published", "publisher", "title", "language", "story_id", "duplicate_of"])


@app.command()
def rejects(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """List inputs that were rejected, with the reason."""
    emit(queries.rejects(_reader(db)), as_json, ["path", "record_no", "reason"])


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(metavar="ID", help="Article id or source id.")],
    db: DbOpt = None,
    as_json: JsonOpt = False,
    removed: Annotated[bool, typer.Option("--removed", help="Also show the text the cleaner removed.")] = False,
) -> None:
    """Show one article: metadata, body, captions (and removed furniture with --removed)."""
    row = queries.article(_reader(db), article_id)
    if row is None:
        err.print(f"[red]error:[/red] no article {article_id}")
        raise typer.Exit(1)
    if not removed:
        row.pop("removed", None)
    if as_json:
        sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        return
    typer.echo(f"# {row.get('title') or '(untitled)'}")
    typer.echo(f"id: {row['id']}  publisher: {row.get('publisher')}  published: {row.get('published')}  "
               f"language: {row.get('language')}  story: {row.get('story_id')}")
    typer.echo(f"sources: {', '.join(row['sources'])}")
    if row.get("dateline"):
        typer.echo(f"dateline: {row['dateline']}")
    typer.echo("")
    typer.echo(row["body"])
    if row.get("captions"):
        typer.echo("\n## Captions")
        for c in row["captions"]:
            typer.echo(f"- {c}")
    if removed:
        typer.echo("\n## Removed")
        for r in row.get("removed") or []:
            typer.echo(f"- [{r['reason']}] {r['text']}")


@app.command()
def stories(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """List stories: articles about one happening, across outlets and days."""
    emit(queries.stories(_reader(db)), as_json,
         ["id", "first_published", "last_published", "title", "publishers", "article_ids"])


@app.command()
def events(db: DbOpt = None, as_json: JsonOpt = False, story: StoryOpt = None,
           mentions: MentionsOpt = False) -> None:
    """List fused events (one per real-world event), or raw mentions with --mentions."""
    store = _reader(db)
    if mentions:
        rows = queries.event_mentions(store, story)
    else:
        rows = queries.events(store, story)
    emit(rows, as_json, ["id", "date", "event", "mode", "actor", "recipient", "status", "quad",
                         "intensity", "story_id"])


@app.command()
def actors(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """List resolved actors with mention counts."""
    emit(queries.actors(_reader(db)), as_json,
         ["name", "code", "sector", "mentions", "as_actor", "as_recipient", "as_speaker"])


@app.command()
def quotes(db: DbOpt = None, as_json: JsonOpt = False, story: StoryOpt = None,
           mentions: MentionsOpt = False) -> None:
    """List quotes with their speakers (fused across outlets; raw with --mentions)."""
    store = _reader(db)
    rows = queries.quote_mentions(store, story) if mentions else queries.quotes(store, story)
    emit(rows, as_json, ["id", "speaker", "kind", "verb", "text", "story_id"])


@app.command()
def claims(db: DbOpt = None, as_json: JsonOpt = False, story: StoryOpt = None,
           mentions: MentionsOpt = False) -> None:
    """List numeric claims and what they count (fused; raw with --mentions)."""
    store = _reader(db)
    rows = queries.claim_mentions(store, story) if mentions else queries.claims(store, story)
    emit(rows, as_json, ["id", "qualifier", "value", "unit", "subject", "speaker", "story_id"])


@app.command()
def conflicts(db: DbOpt = None, as_json: JsonOpt = False, story: StoryOpt = None) -> None:
    """List disagreements between sources of a story (numbers, actors, dates)."""
    emit(queries.conflicts(_reader(db), story), as_json, ["id", "story_id", "kind", "about", "sides"])


@app.command()
def brief(story_id: Annotated[str, typer.Argument(metavar="STORY_ID")], db: DbOpt = None,
          as_json: JsonOpt = False) -> None:
    """A Markdown brief of one story, with numbered citations (--json for one JSON object)."""
    from wirewatch import brief as brief_mod

    store = _reader(db)
    if queries.story(store, story_id) is None:
        err.print(f"[red]error:[/red] no story {story_id}")
        raise typer.Exit(1)
    data = brief_mod.make_brief(store, story_id)
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
    else:
        typer.echo(brief_mod.render_markdown(data))


@app.command()
def dyads(db: DbOpt = None, as_json: JsonOpt = False,
          actor: Annotated[str | None, typer.Option("--actor", help="Only dyads involving this actor code.")] = None,
          since: Annotated[str | None, typer.Option("--since", help="Only days on or after YYYY-MM-DD.")] = None,
          level: Annotated[str, typer.Option("--level", help="country, or sector (code+sector).")] = "country") -> None:
    """Per day and actor pair: fused events by quad, intensity, reports, escalation index."""
    from wirewatch import dyads as dyads_mod

    try:
        rows = dyads_mod.dyad_series(_reader(db), actor=actor, since=since, level=level)
    except ValueError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    emit(rows, as_json, [c for c in ("date", "actor", "recipient", "events", "reports", "quad1", "quad2",
                                     "quad3", "quad4", "intensity_sum", "escalation") if not rows or c in rows[0]]
         or list(rows[0].keys()))


@app.command()
def timeline(story_id: Annotated[str | None, typer.Argument(metavar="STORY_ID")] = None, db: DbOpt = None,
             as_json: JsonOpt = False,
             actor: Annotated[str | None, typer.Option("--actor", help="Timeline of one actor code instead of a story.")] = None) -> None:
    """Dated fused events in order, for a story or an actor."""
    from wirewatch import timeline as timeline_mod

    if not story_id and not actor:
        err.print("[red]error:[/red] give a STORY_ID or --actor")
        raise typer.Exit(2)
    rows = timeline_mod.timeline(_reader(db), story_id=story_id, actor=actor)
    emit(rows, as_json, ["date", "event", "mode", "actor", "recipient", "status", "reports"])


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="parquet, csv, jsonl, plover or geojson.")] = "jsonl",
    out: Annotated[str, typer.Option("--out", help="Folder to write into.")] = "export",
    db: DbOpt = None,
) -> None:
    """Write the store's tables to OUT as parquet, csv, jsonl, PLOVER JSON or GeoJSON."""
    from wirewatch import export as export_mod

    try:
        written = export_mod.export(_reader(db), fmt, out)
    except ValueError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    for p in written:
        typer.echo(str(p))


@app.command()
def serve(db: DbOpt = None,
          host: Annotated[str, typer.Option("--host", help="Address to bind (local only by default).")] = "127.0.0.1",
          port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8765) -> None:
    """Open the local web dashboard over the store (read-only)."""
    import uvicorn

    from wirewatch.web.app import create_app

    path = config.db_path(db)
    if not Path(path).exists():
        err.print(f"[red]error:[/red] no store at {path}: run `wirewatch run PATH` first")
        raise typer.Exit(1)
    loopback = host in ("127.0.0.1", "localhost", "::1")
    if not loopback:
        err.print(f"[yellow]warning:[/yellow] serving on {host}: the dashboard is reachable from other machines")
    err.print(f"serving {path} on http://{host}:{port}/")
    app_ = create_app(path) if loopback else create_app(path, allowed_hosts=["*"])
    uvicorn.run(app_, host=host, port=port, log_level="warning")


@app.command()
def watch(
    paths: Annotated[list[str] | None, typer.Argument(help="Folders (or files) to watch for new inputs.")] = None,
    feed: Annotated[list[str] | None, typer.Option("--feed", help="RSS or Atom feed URL to poll (repeatable).")] = None,
    every: Annotated[float, typer.Option("--every", help="Seconds between cycles.")] = 60.0,
    alerts_file: Annotated[str | None, typer.Option("--alerts", help="TOML file of alert rules.")] = None,
    cycles: Annotated[int | None, typer.Option("--cycles", help="Stop after this many cycles (default: run until Ctrl-C).")] = None,
    settle: Annotated[float, typer.Option("--settle", help="Seconds a file must be unchanged before it is read.")] = 1.0,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Watch folders and feeds: ingest what is new each cycle, update stories and fusion, raise alerts."""
    from wirewatch.watch import CycleReport, make_watcher

    if not paths and not feed:
        err.print("[red]error:[/red] give folders to watch and/or --feed URLs")
        raise typer.Exit(2)
    try:
        watcher = make_watcher(paths or [], feed or [], db, alerts_file, settle_seconds=settle)
    except (OSError, ValueError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc

    def report(rep: CycleReport) -> None:
        s = rep.summary
        if s is not None:
            for r in s.reject_reasons:
                where = r["path"] + (f":{r['record_no']}" if r.get("record_no") else "")
                err.print(f"[yellow]rejected[/yellow] {where}: {r['reason']}")
            err.print(f"{s.articles} new articles, {s.rejects} rejected ({rep.files} files, "
                      f"{rep.feed_items} feed items)")
        for a in rep.alerts:
            if as_json:
                sys.stdout.write(json.dumps(a.to_dict(), ensure_ascii=False) + "\n")
                sys.stdout.flush()
            else:
                typer.echo(f"ALERT [{a.rule}] {a.message}")

    err.print(f"watching {', '.join((paths or []) + (feed or []))} every {every:g}s (Ctrl-C to stop)")
    watcher.run(every=every, cycles=cycles, report=report)
    err.print("stopped")


@app.command()
def alerts(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """List alerts raised by `wirewatch watch`."""
    rows = _reader(db).query("SELECT id, raised_at, rule, kind, message, payload FROM alerts ORDER BY raised_at, id")
    for r in rows:
        r["raised_at"] = str(r["raised_at"])
    emit(rows, as_json, ["raised_at", "rule", "kind", "message"])


@app.command()
def settings(as_json: JsonOpt = False) -> None:
    """List settings with their current values (override with WIREWATCH_<NAME>)."""
    rows = [{"name": s.name, "value": config.get(s.name), "default": s.default, "help": s.help}
            for s in config.SETTINGS]
    emit(rows, as_json, ["name", "value", "default", "help"])


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
