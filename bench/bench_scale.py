"""Scale-out figures for issue #8: where the time goes, 1 -> 2 workers, peak memory, the writer's
rows/s and a projection to one day of global news. Each subcommand prints one JSON object.

    nice -n 10 .venv/bin/python bench/bench_scale.py profile --n 150
    nice -n 10 .venv/bin/python bench/bench_scale.py scale --n 160 --batch-size 16
    nice -n 10 .venv/bin/python bench/bench_scale.py memory --full 1000 3000 --stream 10000 100000
    nice -n 10 .venv/bin/python bench/bench_scale.py writer --n 64 --copies 40
    .venv/bin/python bench/bench_scale.py project --figures /tmp/ww_scale.jsonl

Every subcommand also appends its JSON line to ``--out`` (default /tmp/ww_scale.jsonl) so that
``project`` can build the projection from the figures measured on this machine, never from
numbers typed in. The machine is shared: every figure carries the load average seen when it was
taken, and CPU seconds next to wall seconds (CPU time is what a dedicated core would take).

Texts: ECB+ news (``../shared``, read at run time, written only to temporary files) for the NLP
runs; ``bench/make_stream.py`` (ECB+ and AllSides texts resampled into synthetic events spread
over days) for the memory runs at 10k-100k articles.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import json
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_pipeline import load_texts  # noqa: E402

PY = sys.executable
DEFAULT_OUT = "/tmp/ww_scale.jsonl"


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def emit(result: dict[str, Any], out: str | None) -> None:
    result.setdefault("utc", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
    line = json.dumps(result)
    print(line, flush=True)
    if out:
        with open(out, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")


class TreeMonitor:
    """Samples this process and all its descendants (pool workers, forkserver, Dask nannies and
    workers) every ``every`` seconds: peak summed RSS, and CPU seconds per pid (the last value
    seen, so a worker that exits between samples loses at most one interval)."""

    def __init__(self, every: float = 0.25) -> None:
        import psutil

        self._psutil = psutil
        self.every = every
        self.me = psutil.Process()
        self.cpu: dict[int, float] = {}
        self.peak_rss = 0
        self.peak_children = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _sample(self) -> None:
        procs = [self.me] + self.me.children(recursive=True)
        rss = 0
        for p in procs:
            try:
                with p.oneshot():
                    rss += p.memory_info().rss
                    t = p.cpu_times()
                    self.cpu[p.pid] = t.user + t.system
            except (self._psutil.NoSuchProcess, self._psutil.AccessDenied):
                continue
        self.peak_rss = max(self.peak_rss, rss)
        self.peak_children = max(self.peak_children, len(procs) - 1)

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            self._sample()

    def __enter__(self) -> TreeMonitor:
        self._sample()
        self.cpu0 = dict(self.cpu)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def cpu_seconds(self) -> float:
        return round(sum(v - self.cpu0.get(pid, 0.0) for pid, v in self.cpu.items()), 2)


def write_jsonl(records: list[dict], path: Path) -> None:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- profile

# Stage name -> (module file suffix, function name) whose cumulative time is that stage's cost.
# Generators (readers, nlp.pipe) are timed only while running, so their consumers are not
# counted twice. Nested stages (link inside nothing else; parse inside analyze) do not overlap.
STAGES: dict[str, list[tuple[str, str]]] = {
    "read (readers)": [("wirewatch/ingest.py", "iter_inputs")],
    "skip-known lookup": [("wirewatch/store.py", "known_sources")],
    "clean + metadata": [("wirewatch/articles.py", "to_article")],
    "parse (spaCy nlp.pipe)": [("spacy/language.py", "pipe")],
    "actor linking": [("wirewatch/actors.py", "link")],
    "events": [("wirewatch/events.py", "code_events")],
    "quotes": [("wirewatch/quotes.py", "extract_quotes")],
    "claims": [("wirewatch/claims.py", "extract_claims")],
    "caption dates": [("wirewatch/metadata.py", "caption_date")],
    "write (one transaction per batch)": [("wirewatch/pipeline.py", "_write_batch")],
    "stories + copies": [("wirewatch/stories.py", "update_stories")],
    "fusion": [("wirewatch/fuse.py", "update_fusion")],
    "final counts": [("wirewatch/store.py", "counts")],
}


def _cum(stats: pstats.Stats, suffix: str, func: str) -> float:
    total = 0.0
    for (fname, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if name == func and fname.endswith(suffix):
            total += ct
    return total


def cmd_profile(args: argparse.Namespace) -> dict[str, Any]:
    """CPU-time cProfile of one in-process ``pipeline.run`` (cProfile slows Python code more than
    spaCy's compiled code, so Python stages' shares are upper bounds; unprofiled seconds of the
    same run shape are in ``scale``/bench_pipeline)."""
    from wirewatch.nlp import load_nlp
    from wirewatch.pipeline import run

    records = load_texts(args.n + 5)
    warm, records = records[:5], records[5:]
    words = sum(len(r["text"].split()) for r in records)
    load_nlp()  # model load is per worker, once: not a per-article cost
    from wirewatch import actors

    actors.get_linker()
    load0 = load()
    # CPU time, not wall: on a shared machine wall time mostly measures other people's load.
    prof = cProfile.Profile(time.process_time)
    with tempfile.TemporaryDirectory() as tmp:
        # Warm-up run on 5 other articles: imports, lexicon parsing, first DuckDB open are
        # once-per-process costs, measured here apart from the per-article figures.
        src = Path(tmp) / "warm.jsonl"
        write_jsonl(warm, src)
        t = time.perf_counter()
        c = time.process_time()
        run([str(src)], db=str(Path(tmp) / "warm.duckdb"))
        warm_wall, warm_cpu = time.perf_counter() - t, time.process_time() - c
        src = Path(tmp) / "in.jsonl"
        write_jsonl(records, src)
        t = time.perf_counter()
        c = time.process_time()
        prof.enable()
        summary = run([str(src)], db=str(Path(tmp) / "p.duckdb"))
        prof.disable()
        wall = time.perf_counter() - t
        cpu = time.process_time() - c
    stats = pstats.Stats(prof)
    total = stats.total_tt  # type: ignore[attr-defined]
    stages = {k: round(sum(_cum(stats, s, f) for s, f in v), 3) for k, v in STAGES.items()}
    stages["other"] = round(total - sum(stages.values()), 3)
    top = []
    for (fname, line, name), (_cc, nc, tt, ct, _c) in sorted(
            stats.stats.items(), key=lambda kv: -kv[1][2])[:25]:  # type: ignore[attr-defined]
        short = fname.split("site-packages/")[-1].split("src/")[-1]
        top.append({"func": f"{short}:{line}:{name}", "calls": nc, "tottime": round(tt, 3),
                    "cumtime": round(ct, 3)})
    ours = []
    for (fname, line, name), (_cc, nc, tt, ct, _c) in sorted(
            stats.stats.items(), key=lambda kv: -kv[1][3]):  # type: ignore[attr-defined]
        if "src/wirewatch/" in fname and len(ours) < 30:
            ours.append({"func": f"{fname.split('src/')[-1]}:{line}:{name}", "calls": nc,
                         "tottime": round(tt, 3), "cumtime": round(ct, 3)})
    return {
        "bench": "scale.profile", "n_articles": args.n, "words": words,
        "articles_written": summary.articles, "load_before": load0, "load_after": load(),
        "warmup_5_articles": {"wall_seconds": round(warm_wall, 2), "cpu_seconds": round(warm_cpu, 2)},
        "wall_seconds_profiled": round(wall, 2), "cpu_seconds_profiled": round(cpu, 2),
        "profiled_total_cpu": round(total, 2),
        "stage_seconds": stages,
        "stage_share": {k: round(v / total, 3) for k, v in stages.items()},
        "top_tottime": top, "wirewatch_top_cumtime": ours,
    }


# --------------------------------------------------------------------------- scale

def _one_run(engine: str, workers: int, n: int) -> dict[str, Any]:
    """Child-process body: one pipeline run (or the bare nlp.pipe baseline) with the process
    tree monitored. Model loading is outside the timed region for the baseline only (a
    pipeline run loads the model in each worker inside its wall time; reported separately)."""
    from wirewatch import config

    records = load_texts(n)
    words = sum(len(r["text"].split()) for r in records)
    batch = int(config.get("batch_size"))
    out: dict[str, Any] = {"engine": engine, "workers": workers, "n_articles": n, "words": words}
    if engine == "baseline":
        from wirewatch.nlp import load_nlp

        nlp = load_nlp()
        texts = [r["text"] for r in records]
        with TreeMonitor() as mon:
            load0 = load()
            t = time.perf_counter()
            for _ in nlp.pipe(texts, batch_size=batch, n_process=workers):
                pass
            wall = time.perf_counter() - t
    else:
        from wirewatch.pipeline import run

        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "in.jsonl"
            write_jsonl(records, src)
            with TreeMonitor() as mon:
                load0 = load()
                t = time.perf_counter()
                summary = run([str(src)], db=str(Path(tmp) / "s.duckdb"), engine=engine,
                              workers=workers)
                wall = time.perf_counter() - t
        out["articles_written"] = summary.articles
    out.update({
        "load_before": load0, "load_after": load(),
        "wall_seconds": round(wall, 2), "cpu_seconds": mon.cpu_seconds(),
        "words_per_s": round(words / wall), "articles_per_s": round(n / wall, 2),
        "words_per_cpu_s": round(words / max(mon.cpu_seconds(), 1e-9)),
        "peak_tree_rss_mb": round(mon.peak_rss / 2**20, 1), "processes": mon.peak_children + 1,
    })
    return out


def _child(argv: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    proc = subprocess.run([PY, __file__, *argv], capture_output=True, text=True, check=False,
                          env={**os.environ, **(env or {})})
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {"error": proc.stderr[-2000:], "argv": argv}
    return json.loads(lines[-1])


def cmd_scale(args: argparse.Namespace) -> dict[str, Any]:
    runs = []
    for engine, workers in (("baseline", 1), ("local", 1), ("local", 2), ("dask", 1),
                            ("dask", 2), ("baseline", 2)):
        if engine not in args.engines:
            continue
        env = {"WIREWATCH_BATCH_SIZE": str(args.batch_size)} if args.batch_size else None
        r = _child(["_run", "--engine", engine, "--workers", str(workers), "--n", str(args.n)], env)
        r["batch_size"] = args.batch_size or None
        print(json.dumps(r), file=sys.stderr, flush=True)
        runs.append(r)

    def get(engine: str, workers: int) -> dict[str, Any] | None:
        for r in runs:
            if r.get("engine") == engine and r.get("workers") == workers and "error" not in r:
                return r
        return None

    summary: dict[str, Any] = {}
    base1 = get("baseline", 1)
    for engine in ("local", "dask", "baseline"):
        one, two = get(engine, 1), get(engine, 2)
        if one and two:
            summary[f"{engine}_speedup_1_to_2"] = round(one["wall_seconds"] / two["wall_seconds"], 3)
        for w, r in ((1, one), (2, two)):
            if r and base1 and engine != "baseline":
                summary[f"{engine}{w}_ratio_vs_baseline1_wall"] = round(
                    r["words_per_s"] / base1["words_per_s"], 3)
                summary[f"{engine}{w}_ratio_vs_baseline1_cpu"] = round(
                    r["words_per_cpu_s"] / base1["words_per_cpu_s"], 3)
    return {"bench": "scale.workers", "n_articles": args.n, "cores": os.cpu_count(),
            "summary": summary, "runs": runs}


# --------------------------------------------------------------------------- memory

def _stream_raws(n: int, declared_language: str | None) -> Iterator[Any]:
    from make_stream import stream

    from wirewatch.types import RawDoc

    for i, art in enumerate(stream(n)):
        yield RawDoc(f"stream-{i}-{art.id}", "stream", "jsonl", text=art.body,
                     meta={"title": art.title, "published": art.published,
                           "publisher": art.publisher, "language": declared_language},
                     record_no=i + 1)


def hwm_mb() -> float:
    """Peak RSS of this process's own address space (VmHWM). Not ``ru_maxrss``: Linux carries
    the parent's high-water mark across fork+exec into the child's ru_maxrss."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _write_stream_file(n: int, path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for raw in _stream_raws(n, "xx"):
            fh.write(json.dumps({"id": raw.source_id, "text": raw.text, **raw.meta}) + "\n")


def _mem_child(mode: str, n: int, source: str, trace: bool = False,
               input_file: str = "") -> dict[str, Any]:
    """Child-process body for one memory figure (fresh process, so peaks never mix).

    ``trace`` adds tracemalloc (Python-heap peaks, apart from DuckDB's native memory) at the
    price of a 2-3x slower run."""
    import tracemalloc

    from wirewatch import pipeline

    out: dict[str, Any] = {"mode": mode, "n_articles": n, "source": source}
    if mode == "reader":  # the readers alone over one JSONL file: no cleaning, no store
        from wirewatch.ingest import iter_inputs

        rss0 = hwm_mb()
        t = time.perf_counter()
        count = sum(1 for _ in iter_inputs([input_file]))
        out.update({"items": count, "rss_before_run_mb": rss0,
                    "peak_rss_mb": hwm_mb(),
                    "wall_seconds": round(time.perf_counter() - t, 2), "load_before": load()})
        return out
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "m.duckdb")
        if mode == "full":
            records = load_texts(n)
            items: Any = None
            src = Path(tmp) / "in.jsonl"
            write_jsonl(records, src)
            paths = [str(src)]
        else:
            # No NLP: every article declares a non-English language, so analyze() stores it
            # without parsing, and the stage's model load is skipped (nothing would use it).
            pipeline.ArticleStage.setup = lambda self: None  # type: ignore[method-assign]
            if source == "file":  # written by the parent process: its memory is not ours
                paths = [input_file]
            else:
                paths = []
                items = _stream_raws(n, "xx")
        if trace:
            tracemalloc.start()
        rss0 = hwm_mb()
        load0 = load()
        t = time.perf_counter()
        c = time.process_time()
        marks: list[tuple[int, float]] = []

        def progress(_inputs: int, written: int) -> None:
            if not marks or written - marks[-1][0] >= max(n // 10, 1):
                marks.append((written, hwm_mb()))

        if paths:
            summary = pipeline.run(paths, db=db, progress=progress, corpus_stages=False)
        else:
            summary = pipeline.run_items(items, db=db, progress=progress, corpus_stages=False)
        ingest_wall = time.perf_counter() - t
        ingest_peak_rss = hwm_mb()
        _cur, ingest_py_peak = tracemalloc.get_traced_memory()
        if trace:
            tracemalloc.reset_peak()
        t2 = time.perf_counter()
        c2 = time.process_time()
        store = pipeline.Store(db)
        pipeline.run_corpus_stages(store)
        corpus_wall = time.perf_counter() - t2
        corpus_cpu = time.process_time() - c2
        _cur, corpus_py_peak = tracemalloc.get_traced_memory()
        if trace:
            tracemalloc.stop()
        counts = store.counts()
        db_mb = os.path.getsize(db) / 2**20
    out.update({
        "articles_written": summary.articles, "stories": counts["stories"],
        "load_before": load0, "load_after": load(),
        "rss_before_run_mb": rss0,
        "ingest_peak_rss_mb": round(ingest_peak_rss, 1),
        "peak_rss_mb": hwm_mb(),
        "ingest_python_peak_mb": round(ingest_py_peak / 2**20, 1) if trace else None,
        "corpus_python_peak_mb": round(corpus_py_peak / 2**20, 1) if trace else None,
        "rss_by_articles_written": marks,
        "ingest_wall_seconds": round(ingest_wall, 2),
        "corpus_wall_seconds": round(corpus_wall, 2),
        "corpus_cpu_seconds": round(corpus_cpu, 2),
        "cpu_seconds": round(time.process_time() - c, 2),
        "corpus_ms_per_article": round(1000 * corpus_wall / max(summary.articles, 1), 3),
        "db_mb": round(db_mb, 1),
    })
    return out


def cmd_memory(args: argparse.Namespace) -> dict[str, Any]:
    runs = []
    for n in args.full:
        runs.append(_child(["_mem", "--mode", "full", "--n", str(n)]))
        print(json.dumps(runs[-1]), file=sys.stderr, flush=True)
    for n in args.stream:
        for source in args.sources:
            with tempfile.TemporaryDirectory() as tmp:
                mode = "reader" if source == "reader" else "stream"
                argv = ["_mem", "--mode", mode, "--n", str(n), "--source", source]
                if source in ("file", "reader"):
                    src = Path(tmp) / "stream.jsonl"
                    _write_stream_file(n, src)
                    argv += ["--input", str(src)]
                runs.append(_child(argv))
                if source in ("file", "reader"):
                    runs[-1]["input_file_mb"] = round(src.stat().st_size / 2**20, 1)
            print(json.dumps(runs[-1]), file=sys.stderr, flush=True)
    return {"bench": "scale.memory", "runs": runs,
            "note": "full = whole pipeline with NLP (ECB+ texts, local engine); stream = readers/"
                    "cleaning/metadata/writer/copies/stories with NLP skipped (articles declared "
                    "non-English, model not loaded); source=gen feeds RawDocs from a generator "
                    "to pipeline.run_items, source=file reads one JSONL file through the readers; source=reader runs the readers alone "
                    "over that file (nothing cleaned or stored). "
                    "ingest_peak_rss is before the corpus stages, peak_rss after them."}


# --------------------------------------------------------------------------- writer

def cmd_writer(args: argparse.Namespace) -> dict[str, Any]:
    """The single writer's throughput: real ArticleResults (one real analyze() of ``--n``
    ECB+ articles) written ``--copies`` times under fresh ids, one transaction per batch, exactly
    as the runner writes them (``pipeline._write_batch``)."""
    from wirewatch import pipeline
    from wirewatch.analyze import analyze
    from wirewatch.articles import to_article
    from wirewatch.types import ArticleResult, RawDoc

    records = load_texts(args.n)
    raws = [RawDoc(r["id"], "bench", "jsonl", text=r["text"],
                   meta={"title": r["title"], "published": r["published"],
                         "publisher": r["publisher"]}) for r in records]
    arts = [a for a in (to_article(r) for r in raws) if not hasattr(a, "reason")]
    results = analyze(arts)
    mentions = sum(len(r.events) + len(r.quotes) + len(r.claims) for r in results)

    def renamed(res: ArticleResult, k: int) -> ArticleResult:
        art = dataclasses.replace(res.article, id=f"{res.article.id}-{k}",
                                  source_id=f"{res.article.source_id}-{k}",
                                  sources=[f"{s}-{k}" for s in res.article.sources])
        def re(x: Any) -> Any:
            return dataclasses.replace(x, id=f"{x.id}-{k}", article_id=art.id)
        return ArticleResult(article=art, events=[re(e) for e in res.events],
                             quotes=[re(q) for q in res.quotes], claims=[re(c) for c in res.claims])

    with tempfile.TemporaryDirectory() as tmp:
        store = pipeline.Store(str(Path(tmp) / "w.duckdb"))
        summary = pipeline.RunSummary(run_id="bench", db=store.path)
        batches = [[renamed(r, k) for r in results] for k in range(args.copies)]
        load0 = load()
        t = time.perf_counter()
        c = time.process_time()
        seq = 0
        for batch in batches:
            raws_b = [RawDoc(r.article.source_id, "bench", "jsonl") for r in batch]
            pipeline._write_batch(store, raws_b, [], list(batch), summary, seq)
            seq += len(batch)
        wall = time.perf_counter() - t
        cpu = time.process_time() - c
    arts_n = summary.articles
    rows = arts_n + summary.sources + mentions * args.copies
    return {"bench": "scale.writer", "batch_articles": len(results), "batches": args.copies,
            "articles": arts_n, "rows": rows, "mentions_per_article": round(mentions / len(results), 2),
            "load_before": load0, "load_after": load(), "wall_seconds": round(wall, 2),
            "cpu_seconds": round(cpu, 2), "articles_per_s": round(arts_n / wall, 1),
            "rows_per_s": round(rows / wall), "articles_per_cpu_s": round(arts_n / cpu, 1)}


# --------------------------------------------------------------------------- projection

def _latest(figs: list[dict[str, Any]], bench: str) -> dict[str, Any] | None:
    got = [f for f in figs if f.get("bench") == bench]
    return got[-1] if got else None


def cmd_project(args: argparse.Namespace) -> dict[str, Any]:
    """Wall time for one day of news, from figures measured here (read from ``--figures``).

    Model: the per-article stage (clean, parse, link, events, quotes, claims) runs on W workers;
    the single writer runs alongside them in the runner process; the corpus stages (copies,
    stories, fusion) run after the last batch, in the runner process. So
    ``wall = max(per_article_cpu / W, writer) + corpus``. Per-article and corpus CPU costs come
    from the unprofiled 1-worker local run, split by the CPU profile's stage shares; costs are
    scaled from the measured words per article to ``--words`` (parse and mention counts grow
    with length). CPU seconds stand for a dedicated core: on a loaded machine wall time is
    longer. The writer is given two ways: CPU-bound (dedicated core, fast disk) and the wall
    rate measured here under load (includes fsync waits) — the projection reports both.
    """
    figs = [json.loads(ln) for ln in Path(args.figures).read_text().splitlines() if ln.strip()]
    scale = _latest(figs, "scale.workers")
    writer = _latest(figs, "scale.writer")
    prof = _latest(figs, "scale.profile")
    if not (scale and writer and prof):
        sys.exit("project needs scale, writer and profile figures in " + args.figures)
    local1 = next(r for r in scale["runs"] if r.get("engine") == "local" and r.get("workers") == 1)
    share = prof["stage_share"]
    corpus_share = share["stories + copies"] + share["fusion"]
    serial_share = corpus_share + share["write (one transaction per batch)"] + \
        share["skip-known lookup"] + share["read (readers)"] + share["final counts"]
    n, words_measured = local1["n_articles"], local1["words"]
    per_word = local1["cpu_seconds"] * (1 - serial_share) / words_measured
    corpus_per_word = local1["cpu_seconds"] * corpus_share / words_measured
    words = args.articles * args.words
    worker_cpu = per_word * words
    corpus_s = corpus_per_word * words
    length = args.words / (words_measured / n)
    writer_s = {"cpu_bound": args.articles * length / writer["articles_per_cpu_s"],
                "measured_wall": args.articles * length / writer["articles_per_s"]}
    out: dict[str, Any] = {
        "bench": "scale.project", "articles": args.articles, "words_per_article": args.words,
        "assumptions": {
            "per_worker_words_per_cpu_s": round(1 / per_word),
            "per_worker_articles_per_cpu_s_at_len": round(1 / (per_word * args.words), 2),
            "source_run": f"local engine, 1 worker, {n} ECB+ articles ({words_measured / n:.0f} "
                          f"words each), {local1['cpu_seconds']} CPU-s, load {local1['load_before']}",
            "stage_shares_from_profile": {"corpus (stories+fusion)": round(corpus_share, 3),
                                          "serial total (incl. writer)": round(serial_share, 3)},
            "corpus_ms_per_article_at_len": round(1000 * corpus_s / args.articles, 1),
            "writer_articles_per_s": {"cpu_bound": writer["articles_per_cpu_s"],
                                      "measured_wall": writer["articles_per_s"],
                                      "load": writer["load_before"],
                                      "rows_per_s_wall": writer["rows_per_s"]},
            "length_factor": round(length, 2),
        },
    }
    for label, cores in (("2_cores", 2), ("64_cores", 64)):
        # On 2 cores the runner process shares the cores with the workers: the CPU of the
        # workers and the writer is spread over both. With many cores the runner keeps one.
        rows = {}
        for wname, wsec in writer_s.items():
            if cores <= 2:
                ingest = max((worker_cpu + wsec) / cores, wsec)
                workers = cores
            else:
                workers = cores - 1
                ingest = max(worker_cpu / workers, wsec)
            rows[wname] = {"ingest_hours": round(ingest / 3600, 2),
                           "wall_hours": round((ingest + corpus_s) / 3600, 2),
                           "bottleneck": "workers" if worker_cpu / workers >= wsec else "single writer"}
        out[label] = {"workers": workers, "worker_cpu_hours_total": round(worker_cpu / 3600, 1),
                      "corpus_hours": round(corpus_s / 3600, 2), "writer": rows}
    return out


# --------------------------------------------------------------------------- main

def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=DEFAULT_OUT, help="append each JSON result here ('' = no)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("profile")
    p.add_argument("--n", type=int, default=150)
    p = sub.add_parser("scale")
    p.add_argument("--n", type=int, default=200)
    p.add_argument("--engines", nargs="+", default=["baseline", "local", "dask"])
    p.add_argument("--batch-size", type=int, default=0,
                   help="WIREWATCH_BATCH_SIZE for the runs: small batches split a modest n "
                        "evenly over 2 workers (0 = the setting's default)")
    p = sub.add_parser("_run")
    p.add_argument("--engine", required=True)
    p.add_argument("--workers", type=int, required=True)
    p.add_argument("--n", type=int, required=True)
    p = sub.add_parser("memory")
    p.add_argument("--full", type=int, nargs="*", default=[1000, 3000])
    p.add_argument("--stream", type=int, nargs="*", default=[10000, 100000])
    p.add_argument("--sources", nargs="+", default=["gen", "file"])
    p = sub.add_parser("_mem")
    p.add_argument("--mode", required=True)
    p.add_argument("--n", type=int, required=True)
    p.add_argument("--source", default="gen")
    p.add_argument("--tracemalloc", action="store_true")
    p.add_argument("--input", default="")
    p = sub.add_parser("writer")
    p.add_argument("--n", type=int, default=64)
    p.add_argument("--copies", type=int, default=40)
    p = sub.add_parser("project")
    p.add_argument("--figures", default=DEFAULT_OUT)
    p.add_argument("--articles", type=int, default=250_000)
    p.add_argument("--words", type=int, default=600)
    args = ap.parse_args()

    if args.cmd == "_run":
        print(json.dumps(_one_run(args.engine, args.workers, args.n)))
        return
    if args.cmd == "_mem":
        print(json.dumps(_mem_child(args.mode, args.n, args.source, args.tracemalloc, args.input)))
        return
    fn = {"profile": cmd_profile, "scale": cmd_scale, "memory": cmd_memory,
          "writer": cmd_writer, "project": cmd_project}[args.cmd]
    emit(fn(args), args.out or None)


if __name__ == "__main__":
    main()
