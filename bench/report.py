"""The Markdown report written to docs/benchmarks.md (and printed)."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass, field
from datetime import datetime

import django
from django.db import connection

from bench.imports import COPY_REPEAT, ImportReport, Throughput
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
    return {label: model.objects.count() for label, model in models.items()}


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
    whole = imports.headline.seconds
    rows = [
        [stage.label, seconds(stage.seconds), f"{100 * stage.seconds / whole:.0f}%"]
        for stage in imports.stages
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
    summary = (
        f"The importer read {name}'s {headline.rows:,} CSV rows at "
        f"{count(headline.rows_per_second)} rows/s "
        f"({count(headline.figures_per_second)} figures/s); bare COPY of the same CSVs ran "
        f"at {count(imports.copy_read.rows_per_second)} rows/s.\n**The importer took "
        f"{imports.slower_than_copy:.1f}x as long as COPY of the same rows** (QUALITY.md: "
        f"within 3x).\nImporting the same upload again took {seconds(imports.again.seconds)} s "
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
"""


def render(report: Report) -> str:
    """The whole document, in Markdown."""
    rows = ", ".join(f"{n:,} {label}" for label, n in report.rows.items())
    imports = f"\n{imports_section(report.imports)}" if report.imports else ""
    dfe = (
        f"; and DfE's own figures, {report.imports.figures_in_database:,} of them, for England, "
        "its regions and every local authority in the files imported (see Importing DfE "
        "statistics), in place for both sides of the scale check. Area 001 stands for "
        f"{REAL_AREA_NAME} ({REAL_AREA[0]}), so its needs dashboard has figures to show"
        if report.imports
        else ""
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

{HOW_TO_READ}{imports}"""
