"""Staging and checking one CSV: COPY into a temporary table as text, then checks in SQL.

``_stage`` copies a recognised file into ``needs_stage_<n>`` (one text column per
header column, ``rn`` numbering the rows) and ``_copy_problem`` names the row COPY
could not read; ``_check`` finds, at most ``MAX_ERRORS_PER_FILE`` of each kind, unknown
geographic levels, codes not in the register of English geographies
(:mod:`~needs.importer.register`), periods that do not match ``time_identifier``, values that
are not numbers (or c, x, z) or too large for a figure, names, old codes and breakdowns too
long for the columns that keep them (``_check_lengths``) and repeated rows. ``Staged`` and
the SQL fragments here (``_geo_code_sql``, ``_breakdown_sql``) are shared with saving and
the consistency check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import psycopg

from needs.catalog import FileSpec, breakdown_key
from needs.importer.reading import CsvFile, Problem
from needs.importer.register import CODE_COLUMNS, codes

MAX_ERRORS_PER_FILE = 20
#: a number as DfE writes one; at most 30 digits either side of the point (PostgreSQL
#: cannot cast a longer one), and ``LARGEST`` says what a figure can hold
NUMBER = r"^-?[0-9]{1,30}(\.[0-9]{1,30})?$"
#: ``Figure.value`` is numeric(14, 4): a value rounded to 4 places must be below this
LARGEST = 10**10
#: the longest text each column may hold, as ``needs.models`` keeps it:
#: (geographic level, column, characters)
LONGEST = (
    ("National", "country_name", 200),
    ("Regional", "region_name", 200),
    ("Local authority", "la_name", 200),
    ("Local authority", "old_la_code", 3),
)
#: ``Breakdown.topic`` and ``label``; ``Breakdown.key``
LONGEST_BREAKDOWN, LONGEST_BREAKDOWN_KEY = 200, 120
#: how a refusal names each level (its codes are in the register, needs/data/geographies.csv)
LEVEL_NAMES = {
    "National": "England (E92000001)",
    "Regional": "a region",
    "Local authority": "a local authority",
}


@dataclass
class Staged:
    source: CsvFile
    spec: FileSpec
    table: str
    columns: dict[str, str]  # lower-case name -> staging column (first occurrence)
    rows: int = 0

    def col(self, name: str) -> str:
        return self.columns[name]


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
    for lvl, column in CODE_COLUMNS.items():
        code = s.col(column)
        for rn, value in _rows(
            cursor,
            f"SELECT rn, {code} FROM {s.table} WHERE {level} = %s "
            f"AND coalesce({code}, '') <> ALL(%s) ORDER BY rn LIMIT %s",
            [lvl, codes(lvl), MAX_ERRORS_PER_FILE],
        ):
            problems.append(
                Problem(
                    name,
                    f"Unknown geography code {value or '(blank)'!r}: not {LEVEL_NAMES[lvl]} "
                    "in the register of English geographies (needs/data/geographies.csv)",
                    rn + 1,
                    column,
                )
            )
    region = s.col("region_code")
    for rn, value in _rows(
        cursor,
        f"SELECT rn, {region} FROM {s.table} WHERE {level} = 'Local authority' "
        f"AND coalesce({region}, '') <> ALL(%s) ORDER BY rn LIMIT %s",
        [codes("Regional"), MAX_ERRORS_PER_FILE],
    ):
        problems.append(
            Problem(
                name,
                f"Unknown region code {value or '(blank)'!r}: not a region in the register "
                "of English geographies (needs/data/geographies.csv)",
                rn + 1,
                "region_code",
            )
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
    problems += _check_lengths(cursor, s)
    unpivot = ", ".join(f"(%s, btrim({s.col(c)}))" for c in s.spec.columns)
    # CASE, not AND: the cast must only see values that are numbers
    for rn, column, value, too_large in _rows(
        cursor,
        f"SELECT rn, v.name, v.value, l.too_large FROM {s.table} "
        f"CROSS JOIN LATERAL (VALUES {unpivot}) v(name, value) "
        f"CROSS JOIN LATERAL (SELECT CASE WHEN v.value ~ %s "
        f"  THEN abs(round(v.value::numeric, 4)) >= %s ELSE false END) l(too_large) "
        f"WHERE v.value IS NULL OR l.too_large OR NOT (v.value ~ %s OR v.value IN ('c', 'x', 'z')) "
        f"ORDER BY rn LIMIT %s",
        [*s.spec.columns, NUMBER, LARGEST, NUMBER, MAX_ERRORS_PER_FILE],
    ):
        shown = (value or "")[:40]
        if too_large:
            message = f"{shown!r} is too large: a figure must be below {LARGEST:,}"
        elif shown:
            message = f"{shown!r} is not a number (or c, x or z)"
        else:
            message = "The value is blank"
        problems.append(Problem(name, message, rn + 1, column))
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


def _shown(value: str) -> str:
    return repr(value) if len(value) <= 40 else f"{value[:40]!r}..."


def _check_lengths(cursor, s: Staged) -> list[Problem]:
    """Names, old codes and breakdowns longer than the columns that keep them."""
    problems: list[Problem] = []
    level = s.col("geographic_level")
    for lvl, column, longest in LONGEST:
        for rn, value in _rows(
            cursor,
            f"SELECT rn, btrim({s.col(column)}) FROM {s.table} WHERE {level} = %s "
            f"AND length(btrim({s.col(column)})) > %s ORDER BY rn LIMIT %s",
            [lvl, longest, MAX_ERRORS_PER_FILE],
        ):
            problems.append(
                Problem(
                    s.source.name,
                    f"{_shown(value)} is longer than {longest} characters ({len(value):,})",
                    rn + 1,
                    column,
                )
            )
    if not s.spec.breakdown:
        return problems
    topic, label = _breakdown_sql(s)
    columns = ", ".join(s.col(c) for c in s.spec.breakdown)
    # the topic is a column only when the file has two breakdown columns
    topic_column = s.spec.breakdown[0] if len(s.spec.breakdown) == 2 else None
    label_column = s.spec.breakdown[-1]
    found = 0
    for rn, t, lab in _rows(
        cursor,
        f"SELECT min(rn), {topic}, {label} FROM {s.table} GROUP BY {columns} ORDER BY 1",
    ):
        t, lab = t or "", lab or ""
        key = breakdown_key(t, lab)
        if topic_column and len(t) > LONGEST_BREAKDOWN:
            column, message = topic_column, f"{_shown(t)} is longer than {LONGEST_BREAKDOWN}"
            message += f" characters ({len(t):,})"
        elif len(lab) > LONGEST_BREAKDOWN:
            column, message = label_column, f"{_shown(lab)} is longer than {LONGEST_BREAKDOWN}"
            message += f" characters ({len(lab):,})"
        elif len(key) > LONGEST_BREAKDOWN_KEY:
            column = label_column
            message = (
                f"{_shown(lab)} is too long for a breakdown (its key would be {len(key):,} "
                f"characters; at most {LONGEST_BREAKDOWN_KEY})"
            )
        else:
            continue
        problems.append(Problem(s.source.name, message, rn + 1, column))
        found += 1
        if found >= MAX_ERRORS_PER_FILE:
            break
    return problems
