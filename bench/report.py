"""The Markdown report written to docs/benchmarks.md (and printed)."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass, field
from datetime import datetime

import django
from django.db import connection

from bench import ehcp
from bench.ehcp import CaseImportReport, CaseLoad
from bench.imports import COPY_REPEAT, ImportReport, Stage, Throughput
from bench.measure import PageTiming
from bench.synthetic import REAL_AREA, REAL_AREA_NAME
from core.models import Area, Board, Organisation, RoleAssignment, User


@dataclass(frozen=True)
class Report:
    """Everything one run found: both checks, measured on the same machine in one go."""

    command: str
    areas: int
    repeat: int
    warmup: int
    all_areas: list[PageTiming]
    one_area: list[PageTiming]
    floor_ms: float
    machine: dict[str, str] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    imports: ImportReport | None = None
    case_import: CaseImportReport | None = None
    case_load: CaseLoad | None = None
    #: areas given case data for the all-areas timings, Area 001 first
    case_areas: int = 0
    #: EXPLAIN (ANALYZE, BUFFERS) of the EHCP dashboard's reads: (one area, all areas)
    case_plans: tuple[list[list[str]], list[list[str]]] | None = None
    when: str = field(default_factory=lambda: datetime.now().astimezone().isoformat("T", "minutes"))


def machine_facts() -> dict[str, str]:
    """Python, Django and PostgreSQL versions, and the CPUs the OS reports."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        (postgres,) = cursor.fetchone()
    return {
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "PostgreSQL": postgres,
        "CPUs (`os.cpu_count()`)": str(os.cpu_count()),
        "Platform": platform.platform(),
        "Load average (1, 5, 15 min) at the end": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def row_counts() -> dict[str, int]:
    """Rows in the tables the pages read."""
    models = {
        "areas": Area,
        "organisations": Organisation,
        "boards": Board,
        "people": User,
        "role assignments": RoleAssignment,
    }
    return {label: model.objects.count() for label, model in models.items()} | ehcp.table_rows()


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def ms(value: float) -> str:
    return f"{value:.2f}"


def ratio(value: float) -> str:
    return f"{value:.2f}"


def pages_table(timings: list[PageTiming]) -> str:
    header = ["page", "page median ms", "page p95 ms", "SQL median ms", "ratio", "queries"]
    rows = [
        [
            t.name,
            ms(t.page_median),
            ms(t.page_p95),
            ms(t.sql_median),
            ratio(t.ratio),
            str(t.queries),
        ]
        for t in timings
    ]
    return table(header, rows)


def scale_table(one: list[PageTiming], all_: list[PageTiming], areas: int) -> str:
    header = ["page", "1 area median ms", f"{areas} areas median ms", "ratio", "SQL ratio"]
    rows = [
        [
            a.name,
            ms(a.page_median),
            ms(b.page_median),
            ratio(b.page_median / a.page_median),
            ratio(b.sql_median / a.sql_median),
        ]
        for a, b in zip(one, all_, strict=True)
    ]
    return table(header, rows)


def count(value: float | None) -> str:
    return "-" if not value else f"{value:,.0f}"


def seconds(value: float) -> str:
    return f"{value:.2f}"


def throughput_table(loads: list[Throughput]) -> str:
    header = ["load", "files", "CSV rows", "figures written", "seconds", "CSV rows/s", "figures/s"]
    rows = [
        [
            t.label,
            str(t.files),
            count(t.rows),
            "-" if t.figures is None else f"{t.figures:,}",
            seconds(t.seconds),
            count(t.rows_per_second),
            count(t.figures_per_second),
        ]
        for t in loads
    ]
    return table(header, rows)


def stages_table(imports: ImportReport) -> str:
    return parts_table(imports.stages, imports.headline.seconds)


def parts_table(parts: list[Stage], whole: float) -> str:
    rows = [
        [stage.label, seconds(stage.seconds), f"{100 * stage.seconds / whole:.0f}%"]
        for stage in parts
    ]
    return table(["part of the import", "seconds", "share"], rows)


IMPORT_HOW_TO_READ = """\
- **importer**: an upload through the portal's own code path, `needs.services.create_job`
  then `run_job`, timed from the start of one to the end of the other. It keeps the
  upload on its job, unzips it, recognises each CSV by its columns, copies it into a
  staging table with `COPY`, validates it in SQL (codes, periods, numbers or `c`, `x`,
  `z`, duplicate rows), unpivots each wide row into one figure per value, checks
  consistency (local authorities against regions and England) and keeps the release
  history (older figures stay, marked not current), all in one committed transaction.
  **CSV rows**: rows of the files it read (it skips files with no measure it keeps).
- **again**: the same upload once more: each file is known by its SHA-256 and nothing
  is written.
- **COPY**: PostgreSQL's bare `COPY ... FROM STDIN (FORMAT csv, HEADER true)` of the
  same CSV bytes (already unzipped) through psycopg's `cursor.copy` into new tables of
  text columns, no index, no check, committed (median of {repeat} runs): the floor of
  any import, which only stores the text.
- The importer does all the work above on top of its own COPY and writes several
  figures per CSV row, so it is expected to be several times slower than bare COPY.
  QUALITY.md asks for within 3x; in this run it took **{slower:.1f}x** as long.
- **parts of the import**: the seconds between `run_job`'s progress reports, which add
  up to its time. The last part inside the transaction is split: the time of its SQL
  statements, and the rest, which is the commit. `needs_figure` has no database
  foreign-key constraints (docs/adr/0009): with them, PostgreSQL checked every new
  figure's three keys one row at a time at the commit, about 14 s of this import.
- Per value written, the importer ran at about {per_value:.0f}x the time COPY takes per
  row: each CSV row becomes {figures_per_row:.1f} figures on average.
"""


def imports_section(imports: ImportReport) -> str:
    headline = imports.headline
    loads = [*imports.imports, imports.again, imports.copy_read]
    if imports.copy_all is not None:
        loads.append(imports.copy_all)
    skipped = "\n".join(f"- {line}" for line in imports.skipped) or "- none"
    places = ", ".join(
        f"{n:,} {label}"
        for label, n in [
            ("local authorities (past and present)", imports.geographies.get("la", 0)),
            ("regions", imports.geographies.get("regional", 0)),
            ("England", imports.geographies.get("national", 0)),
        ]
    )
    per_row = (headline.figures or 0) / max(headline.rows, 1)
    how_to_read = IMPORT_HOW_TO_READ.format(
        repeat=COPY_REPEAT,
        slower=imports.slower_than_copy,
        per_value=imports.slower_than_copy / max(per_row, 1),
        figures_per_row=per_row,
    )
    name = headline.label.removeprefix("importer: ")
    verdict = "met" if imports.slower_than_copy <= 3 else "**not met**"
    summary = (
        f"The importer read {name}'s {headline.rows:,} CSV rows at "
        f"{count(headline.rows_per_second)} rows/s "
        f"({count(headline.figures_per_second)} figures/s); bare COPY of the same CSVs ran "
        f"at {count(imports.copy_read.rows_per_second)} rows/s.\n**The importer took "
        f"{imports.slower_than_copy:.1f}x as long as COPY of the same rows** (QUALITY.md: "
        f"within 3x; {verdict}).\nImporting the same upload again took "
        f"{seconds(imports.again.seconds)} s "
        "and wrote nothing."
    )
    return f"""## Importing DfE statistics

Real DfE files (`fixtures/dfe/`), imported into the scratch database before any page
is timed, oldest release first, then `ANALYZE`d as autovacuum would. The database holds
{imports.figures_in_database:,} figures for {places}.

{throughput_table(loads)}

{summary}

Where the time of the {name} import went:

{stages_table(imports)}

Files the importer skipped in {name}:

{skipped}

### How to read this

{how_to_read}"""


CASE_HOW_TO_READ = """\
- **importer**: the extract as a council uploads it (one zip of the modules' CSVs)
  through `ehcp.services.import_extract` into Area 001, which held no case data yet,
  timed from the call to its return. It unzips the upload, reads `person.csv` in
  Python (names, addresses and postcodes dropped, the UPN or ULN replaced by a keyed
  hash), COPYs the other modules into staging tables, checks every cell and every
  record id in SQL, hashes the request record ids, joins the modules into one row per
  request and upserts people, requests and advice, all in one committed transaction,
  then writes an audit event. **CSV rows**: data rows of all its modules (it reads and
  checks them all; it keeps nothing from `plan_detail` and `placement_detail`).
  **records written**: people, requests and advice rows added, updated or removed.
- **again**: the same zip once more. Everything is read, hashed, checked and compared;
  nothing is written (records written: 0).
- **COPY**: PostgreSQL's bare `COPY ... FROM STDIN (FORMAT csv, HEADER true)` of the
  same CSVs (already unzipped) into new tables of text columns, no index, no check,
  committed (median of {repeat} runs): the floor of any import.
- **parts of the import**: the importer's functions, each timed in the first import
  (they run one after another, so the parts add up to its time); the commit is timed
  on the connection: Django's foreign keys are deferred, so PostgreSQL checks every new
  row's keys then, one row at a time.
"""


def case_section(report: Report) -> str:
    """The EHC case data: the timed import, and what every area was given."""
    imports = report.case_import
    if imports is None:
        return ""
    extract, headline = imports.extract, imports.headline
    p = extract.params
    params = (
        f"`Params(start=date({p.start:%Y, %-m, %-d}), end=date({p.end:%Y, %-m, %-d}), "
        f"monthly_requests={p.monthly_requests:g}, active_plans={p.active_plans:_}, "
        f"scale={p.scale:g})`"
    )
    modules = ", ".join(f"{name} {n:,}" for name, n in extract.rows.items())
    slower = imports.slower_than_copy
    verdict = "met" if slower <= 3 else "**not met**"
    summary = (
        f"The importer read the extract's {headline.rows:,} CSV rows at "
        f"{count(headline.rows_per_second)} rows/s and wrote {headline.figures:,} records; "
        f"bare COPY of the same CSVs ran at {count(imports.copy.rows_per_second)} rows/s.\n"
        f"**The importer took {slower:.1f}x as long as COPY of the same rows** (QUALITY.md: "
        f"within 3x; {verdict}).\nImporting the same zip again took "
        f"{seconds(imports.again.seconds)} s ({imports.again.seconds / headline.seconds:.0%} "
        "of the first import) and wrote nothing."
    )
    slowest = max(imports.parts, key=lambda part: part.seconds)
    loads = [headline, imports.again, imports.copy]
    if report.case_load:
        loads[2:2] = [new.timing for new in report.case_load.new_areas]
    return f"""
## Importing an area's EHC case data (SEN2 extract)

A large local authority's synthetic extract (`ehcp.synthetic`), {params} with seed 1
and Area 001's LA code ({p.la_code}): five years of requests and the plans active in
them, as a case system exports them, one CSV per module ({extract.requests:,} requests;
data rows by module: {modules}). Imported into Area 001 after DfE's statistics and
before the other areas were loaded; the EHCP tables then `ANALYZE`d.

{case_throughput_table(loads)}

{summary}

Where the time of the first import went (the largest part:
{slowest.label[0].lower()}{slowest.label[1:]}, {slowest.seconds / headline.seconds:.0%}):

{parts_table(imports.parts, headline.seconds)}

{case_load_text(report)}
{plans_text(report)}
### How to read this

{CASE_HOW_TO_READ.format(repeat=COPY_REPEAT)}"""


def case_throughput_table(loads: list[Throughput]) -> str:
    header = ["load", "files", "CSV rows", "records written", "seconds", "CSV rows/s"]
    rows = [
        [
            t.label,
            str(t.files),
            count(t.rows),
            "-" if t.figures is None else f"{t.figures:,}",
            seconds(t.seconds),
            count(t.rows_per_second),
        ]
        for t in loads
    ]
    return table(header, rows)


def case_load_text(report: Report) -> str:
    """What case data each area held for the all-areas timings, and new areas' imports."""
    load, extract = report.case_load, report.case_import.extract
    lines = [
        "### Case data for the scale check",
        "",
        "- Area 001: the extract above, imported twice, before its one-area timings "
        f"({extract.requests:,} requests).",
    ]
    if load and load.areas:
        apart = " and ".join(new.name for new in load.new_areas)
        lines.append(
            f"- {load.first} to {load.last} ({load.areas} areas): one extract each, the same "
            "parameters with the area's number as seed and the area's own LA code (so its "
            "own pseudonyms), generated and imported through `import_extract` one after "
            "another, after Area 001's one-area timings: "
            f"{load.requests:,} requests, {load.rows:,} CSV rows, in "
            f"{load.seconds:.0f} s ({load.seconds / 60:.1f} minutes). {apart} were imported "
            "with the planner's defaults after fresh statistics (below)"
            + (
                "; the others with nested loops disabled on the loading connection (`SET "
                "enable_nestloop = off`), each in "
                f"{seconds(load.import_seconds[0])} s first, "
                f"{seconds(ehcp.median(load.import_seconds))} s median, "
                f"{seconds(max(load.import_seconds))} s at the slowest and "
                f"{seconds(load.import_seconds[-1])} s last"
                if load.import_seconds
                else ""
            )
            + f". The EHCP tables were `ANALYZE`d {load.analyzed} times along the way "
            "(whenever the areas holding case data had grown by a tenth, before each import "
            "with the planner's defaults, and at the end), as autovacuum would."
        )
    if report.case_areas < report.areas:
        lines.append(
            f"- Areas {report.case_areas + 1:03d} to {report.areas:03d}: no case data "
            f"(`--case-areas {report.case_areas}`)."
        )
    if load and load.new_areas:
        lines += ["", new_areas_text(load, report.case_import)]
    return "\n".join(lines)


PLAN_NAMES = ("advice of the area's requests", "requests with their person", "latest extract")


def plans_text(report: Report) -> str:
    """The plans of the dashboard's reads, with Area 001's case data alone and all areas'."""
    if not report.case_plans:
        return ""
    one, all_ = report.case_plans
    parts = [
        "",
        "### The EHCP dashboard's reads, as PostgreSQL ran them",
        "",
        "`EXPLAIN (ANALYZE, BUFFERS)` of each of the page's SQL statements for Area 001, "
        f"once with its case data alone, once with {report.case_areas} areas' (after the "
        "timings). A `Seq Scan` (or `Parallel Seq Scan`) of `ehcp_person` or `ehcp_advice` "
        "reads every area's rows, so its time grows with other areas' data.",
    ]
    for name, a, b in zip(PLAN_NAMES, one, all_, strict=False):
        parts += [
            "",
            f"The {name}, Area 001's case data alone:",
            "",
            "```",
            *a,
            "```",
            "",
            f"The {name}, {report.case_areas} areas' case data:",
            "",
            "```",
            *b,
            "```",
        ]
    return "\n".join(parts) + "\n"


def new_areas_text(load: CaseLoad, imports: CaseImportReport) -> str:
    """A council's first import into a database holding other areas' case data."""
    typical = ehcp.median(load.import_seconds) or imports.headline.seconds
    against = (
        "the median of the imports with nested loops disabled"
        if load.import_seconds
        else "Area 001's first import"
    )
    parts = [
        "**A council's first import into a database already holding other areas' case "
        "data**, with the planner's defaults after fresh statistics (as on a running "
        "server, where autovacuum analyses the tables):",
        "",
    ]
    for new in load.new_areas:
        t = new.timing
        parts.append(
            f"- {new.name}'s extract, with {ehcp.held_text(new.held)} case data held: "
            f"{seconds(t.seconds)} s ({count(t.rows_per_second)} CSV rows/s), "
            f"{t.seconds / typical:.1f}x {against}, "
            f"{imports.copy.rows_per_second / t.rows_per_second:.1f}x as long as COPY's rate."
        )
    parts += [
        "",
        "The importer counts the area's requests held but absent from the extract with `NOT "
        "EXISTS` against the staged extract, a temporary table it indexes on the record key "
        "and analyses first. While the statistics list every area's id among the column's "
        "most common values (up to 100 with PostgreSQL's defaults), a new area's requests "
        "are estimated at one row and the count may be planned as a nested loop: without "
        "that index each of the area's new requests would scan the whole staged extract, "
        "quadratic in its size (95 s for one import before the index); with it, each is "
        "one index lookup. The plans of that count before each of these imports:",
    ]
    for new in load.new_areas:
        if new.absent_plan:
            parts += ["", "```", *new.absent_plan, "```"]
    return "\n".join(parts)


HOW_TO_READ = """\
Ratios measured side by side in one run are the figures that matter; absolute
times are noisy context. They vary from machine to machine and from run to run,
and on a shared machine (see the load average) by 2x within a minute.

- **ratio** (pages against their SQL): the page's median time through the Django
  test client (in-process, no network: middleware, session, sign-in and access
  checks, ORM, templates, and every query) over the median time PostgreSQL takes
  to execute only the SQL the page's data needs, rows fetched. QUALITY.md asks a
  dashboard to stay within 2x; a page whose SQL takes well under a millisecond
  is dominated by the fixed cost of a Django request instead.
- **queries**: the queries one request runs, session and sign-in included. A
  page's count must not grow with its rows.
- **1 area against all areas**: the same page of the same area, first with only
  that area loaded, then with all of them. QUALITY.md asks for a ratio within
  1.3. The SQL ratio is the same comparison for the page's SQL alone: when it
  moved as far as the page's, suspect the machine or the database before the
  page's own code, and rerun before reading anything into it.
- **EHCP timeliness dashboard**: its SQL is the three reads of `ehcp.selectors`
  (the area's requests with their person, their advice, the latest extract's date),
  every row fetched. PostgreSQL aggregates nothing for this page: every figure (the
  month's, the financial year's, rolling 12 months, backlog, reviews) is computed in
  Python from all of the area's cases, so the page's time grows with the area's
  cases, not with other areas'. The flight board, the capacity forecast and the
  three-month board pack are computed from the same three reads, so their SQL is the same.
"""


def render(report: Report) -> str:
    """The whole document, in Markdown."""
    rows = ", ".join(f"{n:,} {label}" for label, n in report.rows.items())
    imports = f"\n{imports_section(report.imports)}" if report.imports else ""
    cases = case_section(report)
    dfe = (
        f"; and DfE's own figures, {report.imports.figures_in_database:,} of them, for England, "
        "its regions and every local authority in the files imported (see Importing DfE "
        "statistics), in place for both sides of the scale check. Area 001 stands for "
        f"{REAL_AREA_NAME} ({REAL_AREA[0]}), so its needs dashboard has figures to show"
        if report.imports
        else ""
    )
    if report.case_import:
        dfe += (
            f". The EHC case data (people, requests, advice, imports above) is that of "
            f"{report.case_areas} areas, Area 001's alone for the one-area timings (see "
            "Importing an area's EHC case data)"
        )
    machine = table(["fact", "value"], [[k, v] for k, v in report.machine.items()])
    return f"""# Benchmarks

Generated {report.when} by `{report.command}` (`make bench` runs it with the
defaults; `make bench BENCH_ARGS=--quick` for a short run). The figures below
come from one run; rerun it rather than editing them.

## Machine

{machine}

## Scale

Synthetic data: {rows}{dfe}. Every page is requested for Area 001 by the
area's known user of the page's role, in rounds that visit each page once:
{report.warmup} warm-up rounds, then {report.repeat} timed rounds. Each request
is followed by one run of the page's SQL alone, on the same connection.

## Pages against their SQL ({report.areas} areas)

{pages_table(report.all_areas)}

Test-client floor (GET /healthz, no database): {ms(report.floor_ms)} ms median.

## One area against all {report.areas} areas

{scale_table(report.one_area, report.all_areas, report.areas)}

## How to read this

{HOW_TO_READ}{imports}{cases}"""
