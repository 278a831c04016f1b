"""Timings of importing DfE's statistics, against PostgreSQL's bare ``COPY`` of the same CSVs.

The importer is timed through its real code path, as an upload is: ``create_job`` keeps
the file, ``run_job`` imports it (COPY into staging tables, checks and unpivoting in
set-based SQL, consistency checks, the release history in ``needs_figure``), one
transaction, committed. The time runs from ``create_job`` to the end of ``run_job``.

The baseline is ``COPY ... FROM STDIN (FORMAT csv, HEADER true)`` of the same CSV bytes
(already unzipped, in memory) through psycopg's ``cursor.copy`` into bare tables, one text
column per CSV column and no index, created and committed in one transaction.
"""

from __future__ import annotations

import csv
import io
import statistics
import time
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from needs import services
from needs.models import Figure, Geography, JobStatus, Level

DFE = Path(settings.BASE_DIR) / "fixtures" / "dfe"
RELEASE_2022 = DFE / "education-health-and-care-plans_2022.zip"
RELEASE_2025 = DFE / "education-health-and-care-plans_2025.zip"
#: the one CSV a quick run imports: small, and read by the dashboard
QUICK_MEMBER = "data/timeliness_20_week.csv"
NEEDS_TABLES = [
    "needs_figure",
    "needs_geography",
    "needs_breakdown",
    "needs_sourcefile",
    "needs_release",
]
#: timed rounds of the bare COPY (the importer is timed once: it takes a minute or more)
COPY_REPEAT = 3


@dataclass(frozen=True)
class Upload:
    """A file as a commissioner uploads it: a release zip, or one CSV taken out of it."""

    path: Path
    release_year: int
    #: a CSV inside the zip, uploaded on its own
    member: str | None = None

    @property
    def name(self) -> str:
        return Path(self.member).name if self.member else self.path.name

    def read(self) -> bytes:
        if self.member is None:
            return self.path.read_bytes()
        with zipfile.ZipFile(self.path) as archive:
            return archive.read(self.member)

    def csv_files(self) -> dict[str, bytes]:
        """Every CSV of the upload by name, as the importer names them."""
        if self.member is not None:
            return {self.name: self.read()}
        with zipfile.ZipFile(self.path) as archive:
            return {
                info.filename: archive.read(info)
                for info in archive.infolist()
                if info.filename.lower().endswith(".csv")
            }


#: What ``make bench`` imports, oldest release first as an analyst would; the last is the
#: headline import, then imported again.
FULL_UPLOADS = (Upload(RELEASE_2022, 2022), Upload(RELEASE_2025, 2025))
#: What a quick run (and the test suite) imports: one CSV of the 2025 release.
QUICK_UPLOADS = (Upload(RELEASE_2025, 2025, QUICK_MEMBER),)


@dataclass(frozen=True)
class Throughput:
    """One timed load: how many files and CSV rows, figures written (importer only), seconds."""

    label: str
    files: int
    rows: int
    seconds: float
    figures: int | None = None

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds

    @property
    def figures_per_second(self) -> float | None:
        return None if self.figures is None else self.figures / self.seconds


@dataclass(frozen=True)
class Stage:
    """A part of one import, from the importer's own progress reports."""

    label: str
    seconds: float


@dataclass(frozen=True)
class ImportReport:
    """The imports of one run and their baselines, measured one after the other."""

    imports: list[Throughput]
    #: the headline import: the last upload, imported into a database without it
    headline: Throughput
    again: Throughput
    #: COPY of the CSVs the headline import read, then of every CSV in its upload
    copy_read: Throughput
    copy_all: Throughput | None
    stages: list[Stage] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    figures_in_database: int = 0
    #: geographies by level ("la", "regional", "national") once everything is imported
    geographies: dict[str, int] = field(default_factory=dict)

    @property
    def slower_than_copy(self) -> float:
        """How many times longer the importer takes than COPY of the same CSV rows."""
        return self.copy_read.rows_per_second / self.headline.rows_per_second


def measure_imports(uploads: Iterable[Upload]) -> ImportReport:
    """Import every upload in order, timing each; import the last again; then time COPY."""
    *earlier, last = uploads
    imports = [import_upload(upload, label=f"importer: {upload.name}")[0] for upload in earlier]
    headline, job, parts = import_upload(last, label=f"importer: {last.name}")
    imports.append(headline)
    read = [f["file"] for f in job.summary if not f["skipped"]]
    skipped = [f"{f['file']}: {f['skipped']}" for f in job.summary if f["skipped"]]
    again, _, _ = import_upload(last, label=f"importer: {last.name} again (nothing changes)")
    files = last.csv_files()
    copy_read = time_copy(
        {name: files[name] for name in read},
        label=f"COPY: the {len(read)} CSV{'s' if len(read) != 1 else ''} the importer read",
    )
    copy_all = None
    if len(files) > len(read):
        copy_all = time_copy(files, label=f"COPY: all {len(files)} CSVs of the upload")
    analyze()
    return ImportReport(
        imports=imports,
        headline=headline,
        again=again,
        copy_read=copy_read,
        copy_all=copy_all,
        stages=parts,
        skipped=skipped,
        figures_in_database=Figure.objects.count(),
        geographies={
            level: Geography.objects.filter(level=level).count() for level in Level.values
        },
    )


def analyze() -> None:
    """Refresh the planner's statistics of the figures, as autovacuum would after an import."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(NEEDS_TABLES)}")


def import_upload(upload: Upload, *, label: str):
    """Import ``upload`` through create_job and run_job: its timing, job and stages."""
    data = upload.read()
    marks: list[tuple[float, str]] = []
    statements: list[tuple[float, float]] = []

    def echo(percent: int, stage: str) -> None:
        marks.append((time.perf_counter(), stage))

    def timed(execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((began, time.perf_counter()))

    start = time.perf_counter()
    with connection.execute_wrapper(timed):
        job = services.create_job(name=upload.name, data=data, release_year=upload.release_year)
        job = services.run_job(job.pk, echo=echo)
    end = time.perf_counter()
    if job.status != JobStatus.DONE:
        raise RuntimeError(f"Importing {upload.name} failed: {job.errors[:3]}")
    read = [f for f in job.summary if not f["skipped"]]
    timing = Throughput(
        label=label,
        files=len(read),
        rows=sum(f["rows"] for f in read),
        seconds=end - start,
        figures=sum(f["figures"] for f in job.summary),
    )
    return timing, job, stages(start, marks, end, statements)


SAVING = "Release history into needs_figure (its SQL statements)"
#: the importer's progress messages, by how they start, grouped into the parts of an import
PHASES = (
    ("Reading ", "COPY into staging tables and the checks in SQL"),
    ("Saving figures from ", "Geographies, breakdowns and unpivoting into figures"),
    ("Checking totals", "Consistency checks (LAs against regions and England)"),
    ("Saving the figures", SAVING),
    ("Done", "Recording the job's outcome"),
)
BEFORE = "Storing the upload, unzipping and recognising the files"
#: the rest of the last phase inside the import's transaction, outside any statement
COMMIT = "The commit"


def phase(stage: str) -> str:
    return next((label for prefix, label in PHASES if stage.startswith(prefix)), stage)


def stages(
    start: float,
    marks: list[tuple[float, str]],
    end: float,
    statements: Sequence[tuple[float, float]] = (),
) -> list[Stage]:
    """Seconds between the importer's progress reports, summed by phase, in order.

    The last phase inside the transaction ends with its commit, which runs no statement
    of its own: the time its statements (``statements``, from an execute wrapper) did not
    take is shown apart as the commit's.
    """
    totals: dict[str, float] = {}
    previous, current = start, BEFORE
    for when, stage in [*marks, (end, "")]:
        seconds = when - previous
        if current == SAVING and statements:
            in_sql = sum(
                min(e, when) - max(s, previous) for s, e in statements if e > previous and s < when
            )
            totals[SAVING] = totals.get(SAVING, 0.0) + in_sql
            totals[COMMIT] = totals.get(COMMIT, 0.0) + seconds - in_sql
        else:
            totals[current] = totals.get(current, 0.0) + seconds
        previous, current = when, phase(stage)
    return [Stage(label, seconds) for label, seconds in totals.items()]


def time_copy(files: dict[str, bytes], *, label: str, repeat: int = COPY_REPEAT) -> Throughput:
    """The median of ``repeat`` timed COPYs of ``files`` into new bare tables.

    A file PostgreSQL refuses (not CSV, ragged rows) is left out of the count and the time.
    """
    runs = [copy_once(files) for _ in range(repeat)]
    rows, copied = runs[0][0], runs[0][1]
    return Throughput(
        label=label,
        files=copied,
        rows=rows,
        seconds=statistics.median(seconds for _, _, seconds in runs),
    )


def copy_once(files: dict[str, bytes]) -> tuple[int, int, float]:
    """(rows, files copied, seconds) of one COPY of every file, then the tables are dropped."""
    tables = []
    rows = copied = 0
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for index, data in enumerate(files.values()):
            table = f"bench_copy_{index}"
            columns = [f"c{i}" for i in range(column_count(data))]
            try:
                with transaction.atomic():
                    cursor.execute(
                        f"CREATE TABLE {table} ({', '.join(f'{c} text' for c in columns)})"
                    )
                    with cursor.copy(
                        f"COPY {table} FROM STDIN WITH (FORMAT csv, HEADER true)"
                    ) as copy:
                        copy.write(data)
                    rows += cursor.rowcount
            except (psycopg.Error, DatabaseError):  # a file COPY cannot read is left out
                continue
            tables.append(table)
            copied += 1
    seconds = time.perf_counter() - start
    if tables:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {', '.join(tables)}")
    return rows, copied, seconds


def column_count(data: bytes) -> int:
    """The number of columns of the CSV's header."""
    first = data.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
    return len(next(csv.reader(io.StringIO(first)), [])) or 1
