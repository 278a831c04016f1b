"""EHC case data in the benchmark: one large local authority's SEN2 extract imported through
the portal's importer and timed against bare ``COPY``, then every area's case data for the
scale check of the EHCP timeliness dashboard.

The extract is ``ehcp.synthetic``'s: ``LARGE`` is a large authority over five years (330
requests a month, 20,000 plans active at the start; about 44,000 requests and 340,000 CSV
rows across its modules); a quick run scales it by ``QUICK_SCALE``. Area ``n``'s extract is
generated with seed ``n`` and the area's LA code, so every area holds different cases under
its own pseudonyms (the keyed hash is per area).

``measure_import`` imports Area 001's extract as a council uploads it (the zip), through
``ehcp.services.import_extract``: one transaction, committed, audit event written. It is
timed from the call to its return, and split into the importer's parts (its functions are
wrapped with timers for that one import; the commit is timed on the connection). The same
zip is then imported again (nothing changes), and the zip's CSVs are COPYed bare
(``bench.imports.time_copy``: median of three runs).

``load_case_data`` imports the other areas' extracts the same way, one after another (each
extract is generated in a thread while the one before it is imported), and refreshes the
planner's statistics of the EHCP tables whenever they have grown by a tenth since the last
time, as autovacuum would (the benchmark's server may run without it).

The importer's first import into an area the planner's statistics do not know (a new area
once the tables have been analysed, while every area's id is among the statistics' 100 most
common values) is quadratic in the extract's requests: its count of requests held but absent
from the extract is planned as a nested loop over a 1-row estimate, each row scanning the
whole staged extract (``EXPLAIN`` in docs/benchmarks.md; 87 s instead of 6 s for a
44,000-request extract with 20 areas held). So the first and the last area are imported
with the planner's defaults after fresh statistics, as a council's first upload on a
running server would be, and timed on their own; the others with nested loops disabled on
the loading connection (``NO_NESTED_LOOPS``), a workaround of the benchmark alone.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import io
import math
import statistics
import time
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from tempfile import TemporaryDirectory

from django.db import connections, transaction

from bench.imports import Stage, Throughput, time_copy
from bench.pages import EHCP_DASHBOARD_SQL
from core.models import Area
from ehcp import importer, services, synthetic
from ehcp.models import Advice, CaseImport, CaseRequest, ImportStatus, Person
from ehcp.sen2_format import MODULES

#: a large local authority: five years of requests, 20,000 plans active at the start
LARGE = synthetic.Params(
    start=date(2020, 1, 1),
    end=date(2024, 12, 31),
    monthly_requests=330,
    active_plans=20_000,
)
#: a quick run's extracts (and the test suite's): a fiftieth of ``LARGE``
QUICK_SCALE = 0.02
TABLES = [
    Person._meta.db_table,
    CaseRequest._meta.db_table,
    Advice._meta.db_table,
    CaseImport._meta.db_table,
]
#: the importer's functions timed in the headline import, in the order they run
PARTS = (
    ("read_upload", "Reading the upload: unzipping, recognising each module's file"),
    ("_stage_person", "person.csv read in Python: names dropped, UPNs hashed, then COPY"),
    ("_stage_copy", "COPY of the other nine modules into staging tables"),
    ("check_cells", "Checking every cell (each distinct value in Python, bad rows in SQL)"),
    ("_hash_record_ids", "Keyed hashes of the request record ids"),
    ("check_records", "Record checks: repeated ids, one row per request, orphans, header"),
    ("_build_cases", "Joining the modules into one row per request"),
    ("_save_people", "Upserting people"),
    ("_save_requests", "Upserting requests"),
    ("_mark_absent", "Marking the requests the extract lacks as absent (and back)"),
    ("_save_advice", "Replacing and upserting advice"),
)
COMMIT = "The commit (deferred foreign-key checks of the new rows)"
REST = "The rest: fingerprint, decoding and headers, dates, the import record, the audit event"


def params_for(number: int, la_code: str, *, scale: float) -> synthetic.Params:
    """Area ``number``'s extract: ``LARGE`` with its own seed and LA code, at ``scale``."""
    return dataclasses.replace(LARGE, la_code=la_code, seed=number, scale=scale)


@dataclass(frozen=True)
class Extract:
    """An area's generated extract: the CSV of each module, and the zip of them."""

    params: synthetic.Params
    csvs: dict[str, bytes]  # file name -> bytes, in module order
    rows: dict[str, int]  # data rows by module
    zip_name: str = ""
    zip_data: bytes = b""

    @property
    def requests(self) -> int:
        return self.rows["requests"]

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    def files(self) -> list[tuple[str, bytes]]:
        """The upload: the zip when there is one, else the CSV files."""
        if self.zip_data:
            return [(self.zip_name, self.zip_data)]
        return list(self.csvs.items())


def make_extract(params: synthetic.Params, *, zipped: bool = False) -> Extract:
    """Generate ``params``' extract; with ``zipped``, also write it as a case system's zip."""
    extract = synthetic.generate(params)
    csvs = {module.file_name: extract.csv_bytes(name) for name, module in MODULES.items()}
    rows = {name: len(extract.rows[name]) for name in MODULES}
    if not zipped:
        return Extract(params, csvs, rows)
    name = f"sen2-{params.la_code}-{params.end:%Y-%m-%d}.zip"
    with TemporaryDirectory() as folder:
        data = synthetic.write_zip(extract, Path(folder) / name).read_bytes()
    return Extract(params, csvs, rows, name, data)


def unzipped(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


@dataclass(frozen=True)
class CaseImportReport:
    """The headline import, the same again, bare COPY of its CSVs, and where its time went."""

    extract: Extract
    headline: Throughput  # ``figures``: people, requests and advice rows written
    again: Throughput
    copy: Throughput
    parts: list[Stage]
    summary: dict

    @property
    def slower_than_copy(self) -> float:
        return self.copy.rows_per_second / self.headline.rows_per_second


def measure_import(area: Area, extract: Extract) -> CaseImportReport:
    """Import ``extract`` into ``area`` (holding no case data yet), again, then time COPY."""
    totals: dict[str, float] = {}
    with timed_parts(totals):
        headline, record = import_once(area, extract, label=f"importer: {extract.zip_name}")
    parts = [Stage(label, totals.get(name, 0.0)) for name, label in PARTS]
    parts.append(Stage(COMMIT, totals.get("commit", 0.0)))
    parts.append(Stage(REST, max(0.0, headline.seconds - sum(p.seconds for p in parts))))
    again, _ = import_once(
        area, extract, label=f"importer: {extract.zip_name} again (nothing changes)"
    )
    csvs = unzipped(extract.zip_data)
    copy = time_copy(csvs, label=f"COPY: the {len(csvs)} CSVs of the extract")
    analyze()
    return CaseImportReport(extract, headline, again, copy, parts, record.summary)


def import_once(area: Area, extract: Extract, *, label: str) -> tuple[Throughput, CaseImport]:
    """One timed ``import_extract`` of the extract; a refused import stops the benchmark."""
    files = extract.files()
    start = time.perf_counter()
    record = services.import_extract(area=area, files=files)
    seconds = time.perf_counter() - start
    if record.status != ImportStatus.DONE:
        raise RuntimeError(f"Importing {label} into {area.slug} failed: {record.errors[:3]}")
    rows = record.summary["rows"]
    return Throughput(
        label=label,
        files=len(rows),
        rows=sum(rows.values()),
        seconds=seconds,
        figures=written(record.summary),
    ), record


def written(summary: dict) -> int:
    """People, requests and advice rows the import added, updated or removed."""
    return sum(
        summary.get(kind, {}).get(change, 0)
        for kind in ("people", "requests", "advice")
        for change in ("added", "updated", "removed")
    )


@contextmanager
def timed_parts(totals: dict[str, float]) -> Iterator[None]:
    """Add the seconds spent in each of ``PARTS`` (and in commits) to ``totals`` meanwhile."""

    def timed(name: str, function: Callable) -> Callable:
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                totals[name] = totals.get(name, 0.0) + time.perf_counter() - start

        return wrapper

    # Each part is replaced wherever it is called from: in the package (``import_upload``
    # calls its steps through ``ehcp.importer``'s names) and in the module of the importer
    # that holds it (``stage`` calls ``_stage_person`` and ``_stage_copy`` in its own module).
    modules = [importer] + [
        m
        for m in vars(importer).values()
        if inspect.ismodule(m) and m.__name__.startswith(f"{importer.__name__}.")
    ]
    originals = {name: getattr(importer, name) for name, _ in PARTS}
    patched = [
        (module, name, function)
        for name, function in originals.items()
        for module in modules
        if vars(module).get(name) is function
    ]
    database = connections["default"]
    for module, name, function in patched:
        setattr(module, name, timed(name, function))
    database._commit = timed("commit", database._commit)
    try:
        yield
    finally:
        for module, name, function in patched:
            setattr(module, name, function)
        del database._commit  # the class's method again


@dataclass(frozen=True)
class NewArea:
    """A first import into an area, with the planner's defaults after fresh statistics."""

    name: str
    timing: Throughput
    #: areas holding case data before it
    held: int
    #: the plan of the importer's count of absent requests for it (``ABSENT_SQL``)
    absent_plan: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CaseLoad:
    """The other areas' case data, imported for the scale check."""

    areas: int
    scale: float
    requests: int
    rows: int
    seconds: float
    #: the imports with ``NO_NESTED_LOOPS``, in order
    import_seconds: list[float] = field(default_factory=list)
    analyzed: int = 0
    first: str = ""
    last: str = ""
    #: the first and the last area's imports, with the planner's defaults
    new_areas: list[NewArea] = field(default_factory=list)


NO_NESTED_LOOPS = "SET enable_nestloop = off"


def load_case_data(
    areas: list[tuple[int, Area]], *, scale: float, reference: Area | None = None
) -> CaseLoad:
    """Import each (number, area)'s extract through ``import_extract``, one after another.

    The next extract is generated in a thread while one is imported. ``reference`` (Area
    001) already holds case data. The statistics are refreshed whenever the areas holding
    case data have grown by a tenth since the last refresh, and at the end. The first and
    the last area are imported with the planner's defaults after fresh statistics, and
    timed apart; the others with ``NO_NESTED_LOOPS`` (see the module's doc).
    """
    if not areas:
        return CaseLoad(0, scale, 0, 0, 0.0)
    start = time.perf_counter()
    times: list[float] = []
    new_areas: list[NewArea] = []
    done = 1 if reference else 0
    requests = rows = analyzed = 0
    next_analyze = math.ceil(done * 1.1)
    defaults = {0, len(areas) - 1}

    def make(number: int, area: Area) -> Extract:
        return make_extract(params_for(number, area.la_code, scale=scale))

    with ThreadPoolExecutor(max_workers=1) as pool, connections["default"].cursor() as cursor:
        pending = pool.submit(make, *areas[0])
        try:
            for i, (_, area) in enumerate(areas):
                extract = pending.result()
                if i + 1 < len(areas):
                    pending = pool.submit(make, *areas[i + 1])
                if i in defaults or done >= next_analyze:
                    analyze()
                    analyzed += 1
                    next_analyze = math.ceil(done * 1.1)
                plan = []
                if i in defaults:
                    cursor.execute("RESET enable_nestloop")
                    held = areas[i - 1][1] if i else reference
                    if held is not None:
                        plan = absent_plan(cursor, new=area, held=held)
                else:
                    cursor.execute(NO_NESTED_LOOPS)
                label = (
                    f"importer: {area.name}'s extract, a first import, with {held_text(done)} "
                    "case data held (planner defaults)"
                )
                timing, _ = import_once(area, extract, label=label)
                if i in defaults:
                    new_areas.append(NewArea(area.name, timing, done, plan))
                else:
                    times.append(timing.seconds)
                requests += extract.requests
                rows += extract.total_rows
                done += 1
        finally:
            cursor.execute("RESET enable_nestloop")
    analyze()
    return CaseLoad(
        areas=len(areas),
        scale=scale,
        requests=requests,
        rows=rows,
        seconds=time.perf_counter() - start,
        import_seconds=times,
        analyzed=analyzed + 1,
        first=areas[0][1].name,
        last=areas[-1][1].name,
        new_areas=new_areas,
    )


def held_text(areas: int) -> str:
    return f"{areas} area's" if areas == 1 else f"{areas} areas'"


#: the importer's count of the area's requests missing from the extract (``ehcp.importer.
#: _save_requests``), with the staged extract a temporary table indexed on its key and
#: analysed, as there
ABSENT_SQL = """EXPLAIN SELECT count(*) FROM ehcp_caserequest r WHERE r.area_id = %s
AND NOT EXISTS (SELECT 1 FROM bench_cases c WHERE c.record_key = r.record_key)"""


def absent_plan(cursor, *, new: Area, held: Area) -> list[str]:
    """How PostgreSQL plans ``ABSENT_SQL`` for ``new`` (no requests yet), with an extract
    the size of ``held``'s staged: the plan only, nothing run, nothing kept."""
    with transaction.atomic():
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_cases ON COMMIT DROP AS "
            "SELECT record_key FROM ehcp_caserequest WHERE area_id = %s",
            [held.pk],
        )
        cursor.execute("CREATE INDEX ON bench_cases (record_key)")
        cursor.execute("ANALYZE bench_cases")
        cursor.execute(ABSENT_SQL, [new.pk])
        plan = [line for (line,) in cursor.fetchall()]
        cursor.execute("DROP TABLE bench_cases")
    return plan


def dashboard_plans(area: Area) -> list[list[str]]:
    """``EXPLAIN (ANALYZE, BUFFERS)`` of each of the EHCP dashboard's reads for ``area``."""
    plans = []
    with connections["default"].cursor() as cursor:
        for statement in EHCP_DASHBOARD_SQL:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", {"area_id": area.pk})
            plans.append([line for (line,) in cursor.fetchall()])
    return plans


def analyze() -> None:
    """Refresh the planner's statistics of the EHCP tables, as autovacuum would."""
    with connections["default"].cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(TABLES)}")


def table_rows() -> dict[str, int]:
    """Rows in the EHCP tables the dashboard reads."""
    return {
        "pseudonymised children": Person.objects.count(),
        "EHC needs assessment requests": CaseRequest.objects.count(),
        "advice records": Advice.objects.count(),
        "extract imports": CaseImport.objects.count(),
    }


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0
