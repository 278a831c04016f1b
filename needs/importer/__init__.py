"""Import DfE Explore Education Statistics files: COPY into staging, then set-based SQL.

One upload (a release zip as downloaded, or one CSV) is imported in one
transaction: every file is copied into a temporary table as text, checked in
SQL (geography codes, periods, numbers, duplicate rows), unpivoted into
``Figure`` rows and checked for consistency (LAs against regions and England).
Any problem refuses the whole upload with the file, row and column named, and
nothing is written. docs/adr/0009 explains the choices.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import psycopg
from django.conf import settings
from django.db import connection, transaction

from needs.catalog import GEOGRAPHY_COLUMNS, MEASURES, FileSpec, breakdown_key, spec_for
from needs.models import Breakdown, ImportJob, Release, SourceFile

Progress = Callable[[int, str], None]

MAX_ERRORS_PER_FILE = 20
IMPORT_LOCK = 0x4E454544  # "NEED": the advisory lock key that serialises imports
NUMBER = r"^-?[0-9]{1,12}(\.[0-9]+)?$"
LEVELS = {"National": "national", "Regional": "regional", "Local authority": "la"}
CODE_PATTERNS = {
    "National": ("country_code", r"^E92000001$"),
    # E13: Inner and Outer London, which some files use as regions
    "Regional": ("region_code", r"^E1[23][0-9]{6}$"),
    "Local authority": ("new_la_code", r"^E(06|07|08|09|10)[0-9]{6}$"),
}
#: local authorities reorganised since 2019, oldest first (docs/adr/0009)
SUCCESSIONS = {
    "E06000028": ("E06000058",),  # Bournemouth -> Bournemouth, Christchurch and Poole
    "E06000029": ("E06000058",),  # Poole -> Bournemouth, Christchurch and Poole
    "E10000009": ("E06000058", "E06000059"),  # Dorset county -> BCP and Dorset
    "E10000021": ("E06000061", "E06000062"),  # Northamptonshire -> North and West
    "E10000006": ("E06000063", "E06000064"),  # Cumbria -> Cumberland, Westmorland and Furness
}


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"

    def as_dict(self) -> dict:
        return {"file": self.file, "row": self.row, "column": self.column, "message": self.message}


class ImportRefused(Exception):
    """The upload cannot be imported; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:5]))


@dataclass
class CsvFile:
    name: str
    data: bytes
    #: a file inside a zip: skipped, not refused, when it is not DfE open data
    in_zip: bool = False


class NotOpenData(ImportRefused):
    """The CSV does not have the columns every DfE open-data file has."""


@dataclass
class FileOutcome:
    file: str
    kind: str = ""
    description: str = ""
    rows: int = 0
    figures: int = 0
    skipped: str = ""
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


# -- reading the upload ---------------------------------------------------------------


def max_upload_bytes() -> int:
    return settings.NEEDS_MAX_UPLOAD_BYTES


def read_upload(name: str, data: bytes) -> list[CsvFile]:
    """The CSV files of an upload: the file itself, or the CSVs inside a zip."""
    limit = max_upload_bytes()
    if len(data) > limit:
        raise ImportRefused([Problem(name, f"The file is larger than {limit // 2**20} MB")])
    if data[:4] == b"PK\x03\x04":
        return _read_zip(name, data)
    if not name.lower().endswith(".csv"):
        raise ImportRefused(
            [Problem(name, "The file must be a CSV file or a zip file of CSV files from DfE")]
        )
    return [CsvFile(name, data)]


def _read_zip(name: str, data: bytes) -> list[CsvFile]:
    limit = settings.NEEDS_MAX_UNCOMPRESSED_BYTES
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [i for i in archive.infolist() if i.filename.lower().endswith(".csv")]
    except zipfile.BadZipFile:
        raise ImportRefused(
            [Problem(name, "The zip file is damaged and cannot be opened")]
        ) from None
    if not members:
        raise ImportRefused([Problem(name, "The zip file holds no CSV files")])
    total = sum(i.file_size for i in members)
    if total > limit or any(i.file_size > 200 * max(i.compress_size, 1) for i in members):
        raise ImportRefused(
            [Problem(name, f"The zip file expands to more than it should ({limit // 2**20} MB)")]
        )
    files = []
    for info in members:
        try:
            files.append(CsvFile(info.filename, archive.read(info), in_zip=True))
        except (zipfile.BadZipFile, OSError, RuntimeError):
            raise ImportRefused(
                [Problem(info.filename, "This file in the zip cannot be read")]
            ) from None
    return files


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


RELEASE_YEAR_IN_NAME = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def release_year_from_name(name: str) -> int | None:
    match = RELEASE_YEAR_IN_NAME.search(PurePosixPath(name).name)
    return int(match.group(1)) if match else None


# -- one CSV: header, spec, staging ---------------------------------------------------


@dataclass
class Staged:
    source: CsvFile
    spec: FileSpec
    table: str
    columns: dict[str, str]  # lower-case name -> staging column (first occurrence)
    rows: int = 0

    def col(self, name: str) -> str:
        return self.columns[name]


def _text(file: CsvFile) -> str:
    data = file.data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        row = data[: error.start].count(b"\n") + 1
        raise ImportRefused(
            [Problem(file.name, "The file is not UTF-8 text (save it as CSV UTF-8)", row=row)]
        ) from None


def _no_nul(file: CsvFile, text: str, header: list[str]) -> None:
    """PostgreSQL text cannot hold NUL; say where it is rather than "not UTF-8"."""
    at = text.find("\x00")
    if at < 0:
        return
    row = text.count("\n", 0, at) + 1
    line = text.splitlines()[row - 1]
    cells = next(csv.reader([line]), [])
    column = next((header[i] for i, c in enumerate(cells) if "\x00" in c and i < len(header)), "")
    raise ImportRefused(
        [
            Problem(
                file.name, "The value holds a NUL character: this is not a text file", row, column
            )
        ]
    )


def _header(file: CsvFile, text: str) -> tuple[list[str], str]:
    stripped = text.lstrip()
    if stripped[:1] == "<":
        raise ImportRefused([Problem(file.name, "This is a web page, not a CSV file")])
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower() for h in next(reader)]
        first = next(reader, [])
    except (StopIteration, csv.Error):
        raise ImportRefused(
            [Problem(file.name, "The file is empty or not a CSV file", row=1)]
        ) from None
    time_identifier = ""
    if "time_identifier" in header and len(first) == len(header):
        time_identifier = first[header.index("time_identifier")].strip()
    return header, time_identifier


def recognise(file: CsvFile) -> tuple[FileSpec | None, list[str], str, list[str]]:
    """The file's spec (None if the portal keeps nothing from it), header, text and notes."""
    text = _text(file)
    header, time_identifier = _header(file, text)
    present = set(header)
    missing = [c for c in GEOGRAPHY_COLUMNS if c not in present]
    if len(missing) == len(GEOGRAPHY_COLUMNS):
        raise NotOpenData(
            [
                Problem(
                    file.name,
                    "This is not a DfE open-data file: it has none of the columns "
                    "time_period, geographic_level, new_la_code",
                    row=1,
                )
            ]
        )
    if missing:
        raise ImportRefused(
            [Problem(file.name, "The column is missing", row=1, column=c) for c in missing]
        )
    notes = []
    seen = set()
    for name in header:
        if name in seen:
            notes.append(f"Column {name} appears twice; the first is used")
        seen.add(name)
    _no_nul(file, text, header)
    spec = spec_for(present, time_identifier)
    if spec:
        absent = [c for c in spec.columns if c not in present]
        absent += [c for c in spec.breakdown if c not in present]
        if absent:
            raise ImportRefused(
                [Problem(file.name, "The column is missing", row=1, column=c) for c in absent]
            )
    return spec, header, text, notes


def _stage(cursor, index: int, file: CsvFile, spec: FileSpec, header, text) -> Staged:
    table = f"needs_stage_{index}"
    names = [f"c{i}" for i in range(len(header))]
    cursor.execute(
        f"CREATE TEMPORARY TABLE {table} (rn bigserial, "
        + ", ".join(f"{n} text" for n in names)
        + ") ON COMMIT DROP"
    )
    columns: dict[str, str] = {}
    for name, column in zip(header, names, strict=True):
        columns.setdefault(name, column)
    body = text.encode("utf-8")
    with cursor.copy(
        f"COPY {table} ({', '.join(names)}) FROM STDIN WITH (FORMAT csv, HEADER true)"
    ) as copy:
        for start in range(0, len(body), 1 << 20):
            copy.write(body[start : start + (1 << 20)])
    cursor.execute(f"SELECT count(*) FROM {table}")
    rows = cursor.fetchone()[0]
    return Staged(file, spec, table, columns, rows)


def _copy_problem(file: CsvFile, error: psycopg.Error) -> Problem:
    context = getattr(error.diag, "context", "") or ""
    match = re.search(r"line (\d+)", context)
    row = int(match.group(1)) if match else None
    primary = error.diag.message_primary or str(error)
    if "extra data" in primary:
        message = "The row has more values than the header has columns"
    elif "missing data" in primary:
        message = "The row has fewer values than the header has columns"
    elif "encoding" in primary or "byte sequence" in primary:
        message = "The file is not UTF-8 text (save it as CSV UTF-8)"
    else:
        message = f"The row cannot be read as CSV ({primary})"
    return Problem(file.name, message, row=row)


# -- checks, in SQL ------------------------------------------------------------------


def _rows(cursor, sql: str, params=()) -> list[tuple]:
    cursor.execute(sql, params)
    return cursor.fetchall()


def _geo_code_sql(s: Staged) -> str:
    return (
        f"CASE {s.col('geographic_level')} "
        f"WHEN 'National' THEN {s.col('country_code')} "
        f"WHEN 'Regional' THEN {s.col('region_code')} "
        f"ELSE {s.col('new_la_code')} END"
    )


def _breakdown_sql(s: Staged) -> tuple[str, str]:
    if len(s.spec.breakdown) == 2:
        return s.col(s.spec.breakdown[0]), s.col(s.spec.breakdown[1])
    if len(s.spec.breakdown) == 1:
        return f"'{s.spec.topic}'", s.col(s.spec.breakdown[0])
    return "''", "''"


def _check(cursor, s: Staged) -> list[Problem]:
    problems: list[Problem] = []
    name = s.source.name
    level, period, ident = (
        s.col("geographic_level"),
        s.col("time_period"),
        s.col("time_identifier"),
    )
    for rn, value in _rows(
        cursor,
        f"SELECT rn, {level} FROM {s.table} WHERE {level} IS NULL "
        f"OR {level} NOT IN ('National', 'Regional', 'Local authority') ORDER BY rn LIMIT %s",
        [MAX_ERRORS_PER_FILE],
    ):
        problems.append(
            Problem(
                name,
                f"Unknown geographic level {value!r}: use National, Regional or Local authority",
                rn + 1,
                "geographic_level",
            )
        )
    for lvl, (column, pattern) in CODE_PATTERNS.items():
        code = s.col(column)
        for rn, value in _rows(
            cursor,
            f"SELECT rn, {code} FROM {s.table} WHERE {level} = %s "
            f"AND coalesce({code}, '') !~ %s ORDER BY rn LIMIT %s",
            [lvl, pattern, MAX_ERRORS_PER_FILE],
        ):
            problems.append(
                Problem(name, f"Unknown geography code {value or '(blank)'!r}", rn + 1, column)
            )
    region = s.col("region_code")
    for rn, value in _rows(
        cursor,
        f"SELECT rn, {region} FROM {s.table} WHERE {level} = 'Local authority' "
        f"AND coalesce({region}, '') !~ '^E1[23][0-9]{{6}}$' ORDER BY rn LIMIT %s",
        [MAX_ERRORS_PER_FILE],
    ):
        problems.append(
            Problem(name, f"Unknown region code {value or '(blank)'!r}", rn + 1, "region_code")
        )
    for rn, value in _rows(
        cursor,
        f"SELECT rn, {period} FROM {s.table} WHERE NOT ("
        f"  ({ident} = 'Calendar year' AND {period} ~ '^(19|20)[0-9]{{2}}$')"
        f"  OR ({ident} = 'Academic year' AND {period} ~ '^(19|20)[0-9]{{4}}$'"
        f"      AND right({period}, 2)::int = (left({period}, 4)::int + 1) %% 100)"
        f") ORDER BY rn LIMIT %s",
        [MAX_ERRORS_PER_FILE],
    ):
        problems.append(
            Problem(
                name,
                f"Time period {value!r} is not a calendar year (2024) "
                "or an academic year (202425) matching time_identifier",
                rn + 1,
                "time_period",
            )
        )
    unpivot = ", ".join(f"(%s, {s.col(c)})" for c in s.spec.columns)
    for rn, column, value in _rows(
        cursor,
        f"SELECT rn, v.name, v.value FROM {s.table} CROSS JOIN LATERAL (VALUES {unpivot}) "
        f"v(name, value) WHERE v.value IS NULL OR NOT (btrim(v.value) ~ %s "
        f"OR btrim(v.value) IN ('c', 'x', 'z')) ORDER BY rn LIMIT %s",
        [*s.spec.columns, NUMBER, MAX_ERRORS_PER_FILE],
    ):
        shown = (value or "")[:40]
        problems.append(
            Problem(
                name,
                f"{shown!r} is not a number (or c, x or z)" if shown else "The value is blank",
                rn + 1,
                column,
            )
        )
    topic, label = _breakdown_sql(s)
    for rn, first in _rows(
        cursor,
        f"SELECT rn, first FROM (SELECT rn, min(rn) OVER w AS first FROM {s.table} "
        f"WINDOW w AS (PARTITION BY {_geo_code_sql(s)}, {period}, {topic}, {label})) d "
        f"WHERE rn <> first ORDER BY rn LIMIT %s",
        [MAX_ERRORS_PER_FILE],
    ):
        problems.append(
            Problem(
                name,
                f"This row repeats row {first + 1} (same place, period and breakdown)",
                rn + 1,
            )
        )
    return problems


# -- writing ----------------------------------------------------------------------


def _year_sql(column: str) -> str:
    return f"CASE WHEN length({column}) = 6 THEN left({column}, 4)::int + 1 ELSE {column}::int END"


def _upsert_geographies(cursor, s: Staged) -> None:
    level = s.col("geographic_level")
    year = _year_sql(s.col("time_period"))
    name = (
        f"CASE {level} WHEN 'National' THEN {s.col('country_name')} "
        f"WHEN 'Regional' THEN {s.col('region_name')} ELSE {s.col('la_name')} END"
    )
    old = (
        f"CASE WHEN {level} = 'Local authority' "
        f"THEN coalesce({s.col('old_la_code')}, '') ELSE '' END"
    )
    level_key = f"CASE {level} " + " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in LEVELS.items())
    cursor.execute(
        f"""
        INSERT INTO needs_geography (code, level, name, old_la_code, first_year, last_year)
        SELECT code, level, (array_agg(name ORDER BY year DESC))[1],
               (array_agg(old ORDER BY year DESC))[1], min(year), max(year)
        FROM (SELECT {_geo_code_sql(s)} AS code, {level_key} END AS level,
                     btrim({name}) AS name, btrim({old}) AS old, {year} AS year
              FROM {s.table}) g
        GROUP BY code, level
        ON CONFLICT (code) DO UPDATE SET
            name = CASE WHEN EXCLUDED.last_year >= coalesce(needs_geography.last_year, 0)
                        THEN EXCLUDED.name ELSE needs_geography.name END,
            old_la_code = CASE WHEN EXCLUDED.old_la_code <> '' THEN EXCLUDED.old_la_code
                               ELSE needs_geography.old_la_code END,
            first_year = least(EXCLUDED.first_year, needs_geography.first_year),
            last_year = greatest(EXCLUDED.last_year, needs_geography.last_year)
        """
    )
    cursor.execute(
        f"""
        UPDATE needs_geography g SET region_id = r.id
        FROM (SELECT DISTINCT ON (code) code, region_code FROM (
                SELECT {_geo_code_sql(s)} AS code, {s.col("region_code")} AS region_code,
                       {year} AS year
                FROM {s.table} WHERE {level} = 'Local authority'
                  AND {s.col("region_code")} LIKE 'E12%%') x
              ORDER BY code, year DESC) s
        JOIN needs_geography r ON r.code = s.region_code
        WHERE g.code = s.code AND g.region_id IS DISTINCT FROM r.id
        """
    )
    cursor.execute(
        """
        UPDATE needs_geography g SET region_id = e.id
        FROM needs_geography e
        WHERE e.code = 'E92000001' AND g.level = 'regional' AND g.region_id IS DISTINCT FROM e.id
        """
    )


def _breakdown_map(cursor, s: Staged) -> str:
    """A temporary table from the file's (topic, label) to ``Breakdown`` ids."""
    topic, label = _breakdown_sql(s)
    pairs = _rows(cursor, f"SELECT DISTINCT {topic}, {label} FROM {s.table}")
    keys = {(t or "", lab or ""): breakdown_key(t or "", lab or "") for t, lab in pairs}
    for (t, lab), key in keys.items():
        shown = ("Total", "Total") if key == "total" else (t.strip(), lab.strip())
        Breakdown.objects.get_or_create(key=key, defaults={"topic": shown[0], "label": shown[1]})
    ids = dict(Breakdown.objects.filter(key__in=set(keys.values())).values_list("key", "id"))
    table = f"{s.table}_breakdowns"
    cursor.execute(
        f"CREATE TEMPORARY TABLE {table} (topic text, label text, id int) ON COMMIT DROP"
    )
    with cursor.copy(f"COPY {table} (topic, label, id) FROM STDIN") as copy:
        for (t, lab), key in keys.items():
            copy.write_row((t, lab, ids[key]))
    return table


def _insert_figures(cursor, s: Staged, source: SourceFile) -> int:
    topic, label = _breakdown_sql(s)
    breakdowns = _breakdown_map(cursor, s)
    unpivot = ", ".join(f"(%s, btrim({s.col(c)}))" for c in s.spec.columns)
    period = s.col("time_period")
    cursor.execute(
        f"""
        INSERT INTO needs_new
            (measure, geography_id, year, period, breakdown_id, value, status, source_file_id)
        SELECT v.measure, g.id, {_year_sql(period)}, {period}, b.id,
               CASE WHEN v.value ~ %s THEN round(v.value::numeric, 4) END,
               CASE v.value WHEN 'c' THEN 'suppressed' WHEN 'x' THEN 'not_available'
                            WHEN 'z' THEN 'not_applicable' ELSE 'published' END,
               %s
        FROM {s.table} t
        JOIN needs_geography g ON g.code = {_geo_code_sql(s)}
        JOIN {breakdowns} b ON b.topic IS NOT DISTINCT FROM {topic}
                           AND b.label IS NOT DISTINCT FROM {label}
        CROSS JOIN LATERAL (VALUES {unpivot}) v(measure, value)
        """,
        [NUMBER, source.pk, *s.spec.columns.values()],
    )
    return cursor.rowcount


NEW_FIGURES = """
CREATE TEMPORARY TABLE needs_new (
    measure varchar(64), geography_id int, year smallint, period varchar(6),
    breakdown_id int, value numeric(14, 4), status varchar(14), source_file_id int
) ON COMMIT DROP
"""


def _save_figures(cursor, release: Release) -> None:
    """Move the staged figures into ``Figure``, the newest release's being current.

    Figures of an older or the same release give way to the new ones; figures of a
    newer release stay current (importing an old release late changes nothing shown).
    """
    cursor.execute("CREATE INDEX ON needs_new (measure, geography_id, year, breakdown_id)")
    cursor.execute("ANALYZE needs_new")
    cursor.execute(
        """
        UPDATE needs_figure old SET current = false
        FROM needs_new new, needs_sourcefile sf, needs_release r
        WHERE old.current
          AND (old.measure, old.geography_id, old.year, old.breakdown_id)
              = (new.measure, new.geography_id, new.year, new.breakdown_id)
          AND sf.id = old.source_file_id AND r.id = sf.release_id AND r.year <= %s
        """,
        [release.year],
    )
    cursor.execute(
        """
        INSERT INTO needs_figure (measure, geography_id, year, period, breakdown_id, value,
                                  status, source_file_id, current)
        SELECT new.*, NOT EXISTS (
            SELECT 1 FROM needs_figure old
            WHERE old.current AND (old.measure, old.geography_id, old.year, old.breakdown_id)
                  = (new.measure, new.geography_id, new.year, new.breakdown_id))
        FROM needs_new new
        """
    )
    cursor.execute("DROP TABLE needs_new")


def _consistency(cursor, s: Staged, job: ImportJob) -> int:
    """Record where LAs do not add up to their region or England, or regions to England."""
    counts = {c: m for c, m in s.spec.columns.items() if not MEASURES[m].is_percent}
    if not counts:
        return 0
    topic, label = _breakdown_sql(s)
    level = s.col("geographic_level")
    unpivot = ", ".join(f"(%s, btrim({s.col(c)}))" for c in counts)
    cursor.execute(
        f"""
        CREATE TEMPORARY TABLE needs_long ON COMMIT DROP AS
        SELECT {level} AS level, {s.col("time_period")} AS period,
               CASE WHEN {topic} = {label} THEN {label}
                    ELSE concat_ws(': ', nullif({topic}, ''), {label}) END AS breakdown,
               {s.col("region_code")} AS region_code,
               {s.col("region_name")} AS region_name, v.measure,
               CASE WHEN v.value ~ %s THEN v.value::numeric END AS value
        FROM {s.table} CROSS JOIN LATERAL (VALUES {unpivot}) v(measure, value)
        """,
        [NUMBER, *counts.values()],
    )
    checks = [
        # (children level, parent level, children label, join on region?)
        ("Local authority", "Regional", "local authorities", True),
        ("Local authority", "National", "local authorities", False),
        ("Regional", "National", "regions", False),  # E12 regions only: see below
    ]
    cursor.execute(
        "SELECT EXISTS (SELECT 1 FROM needs_long WHERE level = 'Regional' "
        "AND region_code = 'E12000007')"
    )
    # Regions that add up to England: E12 codes, with Inner and Outer London (E13)
    # standing in for London in files that split it.
    regions = "E12%%" if cursor.fetchone()[0] else "E1%%"
    cursor.execute("CREATE INDEX ON needs_long (level, measure, period, breakdown)")
    added = 0
    for child, parent, children, by_region in checks:
        group = "period, breakdown, measure" + (", region_code" if by_region else "")
        join = " AND p.region_code = c.region_code" if by_region else ""
        parent_code = "p.region_code" if parent == "Regional" else "'E92000001'"
        parent_name = "p.region_name" if parent == "Regional" else "'England'"
        cursor.execute(
            f"""
            INSERT INTO needs_consistencyissue
                (job_id, file_name, measure, period, breakdown, parent_code, parent_name,
                 children, parent_total, children_total, unpublished_children, kind)
            SELECT %s, %s, c.measure, c.period, c.breakdown, {parent_code}, {parent_name}, %s,
                   p.value, c.total, c.unpublished,
                   CASE WHEN c.unpublished > 0 AND c.total < p.value
                        THEN 'suppression' ELSE 'discrepancy' END
            FROM (SELECT {group}, coalesce(sum(value), 0) AS total,
                         count(*) FILTER (WHERE value IS NULL) AS unpublished
                  FROM needs_long WHERE level = %s
                    AND (level <> 'Regional' OR region_code LIKE '{regions}')
                  GROUP BY {group}) c
            JOIN needs_long p ON p.level = %s AND p.period = c.period
                 AND p.breakdown = c.breakdown AND p.measure = c.measure{join}
            WHERE p.value IS NOT NULL AND p.value <> c.total
            """,
            [job.pk, s.source.name, children, child, parent],
        )
        added += cursor.rowcount
    cursor.execute("DROP TABLE needs_long")
    return added


def _apply_successions(cursor) -> None:
    for old, new in SUCCESSIONS.items():
        cursor.execute(
            """
            INSERT INTO needs_geography_replaced_by (from_geography_id, to_geography_id)
            SELECT o.id, n.id FROM needs_geography o, needs_geography n
            WHERE o.code = %s AND n.code = ANY(%s)
            ON CONFLICT DO NOTHING
            """,
            [old, list(new)],
        )


# -- the whole upload ----------------------------------------------------------------


@dataclass
class Result:
    release: Release
    files: list[FileOutcome]
    issues: int

    @property
    def figures(self) -> int:
        return sum(f.figures for f in self.files)


def import_files(
    job: ImportJob, files: list[CsvFile], release_year: int, progress: Progress | None = None
) -> Result:
    """Import ``files`` as part of release ``release_year``; all or nothing."""
    report = progress or (lambda percent, stage: None)
    outcomes: list[FileOutcome] = []
    problems: list[Problem] = []
    recognised = []
    for file in files:
        outcome = FileOutcome(file.name)
        outcomes.append(outcome)
        try:
            spec, header, text, notes = recognise(file)
        except NotOpenData as refused:
            if not file.in_zip:
                problems += refused.problems
            outcome.skipped = "Not a DfE open-data file (no time_period, geographic_level columns)"
            continue
        except ImportRefused as refused:
            problems += refused.problems
            continue
        outcome.notes = notes
        if spec is None:
            outcome.skipped = "The portal keeps no measure from this file"
            continue
        outcome.kind, outcome.description = spec.kind, spec.description
        recognised.append((file, spec, header, text, outcome))
    if not recognised and not problems:
        names = ", ".join(f.name for f in files)
        raise ImportRefused(
            [Problem(names, "Nothing to import: no file holds a measure the portal keeps")]
        )
    total_bytes = sum(len(f.data) for f, *_ in recognised) or 1
    done_bytes = 0
    with transaction.atomic(), connection.cursor() as cursor:
        # One import at a time: a second waits, then finds what the first saved
        # (the same file is then skipped, and ``current`` is never decided twice).
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
        release, _ = Release.objects.get_or_create(year=release_year)
        staged: list[tuple[Staged, FileOutcome]] = []
        for index, (file, spec, header, text, outcome) in enumerate(recognised):
            report(int(60 * done_bytes / total_bytes), f"Reading {file.name}")
            existing = SourceFile.objects.filter(release=release, sha256=sha256(file.data)).first()
            if existing:
                outcome.skipped = (
                    f"Already imported on {existing.imported_at:%-d %B %Y at %H:%M}; "
                    "nothing changed"
                )
                outcome.rows = existing.rows
                done_bytes += len(file.data)
                continue
            try:
                with transaction.atomic():
                    s = _stage(cursor, index, file, spec, header, text)
            except psycopg.Error as error:
                problems.append(_copy_problem(file, error))
                continue
            except Exception as error:
                cause = error.__cause__ if isinstance(error.__cause__, psycopg.Error) else None
                if cause is None:
                    raise
                problems.append(_copy_problem(file, cause))
                continue
            outcome.rows = s.rows
            problems += _check(cursor, s)
            staged.append((s, outcome))
            done_bytes += len(file.data)
        if problems:
            raise ImportRefused(problems)
        sources = []
        cursor.execute(NEW_FIGURES)
        for n, (s, outcome) in enumerate(staged):
            report(60 + int(30 * n / max(len(staged), 1)), f"Saving figures from {s.source.name}")
            _upsert_geographies(cursor, s)
            source = SourceFile.objects.create(
                release=release,
                name=s.source.name,
                kind=s.spec.kind,
                sha256=sha256(s.source.data),
                rows=s.rows,
                job=job if job.pk else None,
            )
            outcome.figures = _insert_figures(cursor, s, source)
            source.figures = outcome.figures
            source.save(update_fields=["figures"])
            sources.append(source.pk)
        report(90, "Checking totals against regions and England")
        issues = sum(_consistency(cursor, s, job) for s, _ in staged) if job.pk else 0
        report(95, "Saving the figures, the newest release's first")
        _save_figures(cursor, release)
        _apply_successions(cursor)
        # Temporary tables go at commit; drop them now for callers inside a longer
        # transaction (tests, or several imports in one).
        for s, _ in staged:
            cursor.execute(f"DROP TABLE {s.table}, {s.table}_breakdowns")
    report(100, "Done")
    return Result(release, outcomes, issues)
