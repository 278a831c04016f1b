"""Staging an upload's modules: each module's file checked as text and its header read, then
COPYed into a temporary table (``ehcp_s_<module>``, every column as text).

``person.csv`` is read in Python instead: names and postcodes dropped and the UPN (else the
ULN, else the person id) replaced by its keyed hash before anything reaches the database.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import psycopg
from django.db import transaction

from ehcp import pseudonyms
from ehcp.importer.upload import MAX_PROBLEMS, Problem, Source
from ehcp.sen2_format import HASHED, PERSONAL, Module, normalise_header

#: columns the import reads, so the header must name them (their cells may be blank)
NEEDED = {
    "person": ("person_id", "personbirthdate", "sex"),
    "requests": (
        "requests_record_id",
        "person_id",
        "receiveddate",
        "requestoutcome",
        "requestoutcomedate",
    ),
    "assessment": ("requests_record_id", "assessmentoutcome", "assessmentoutcomedate", "week20"),
    "named_plan": ("requests_record_id", "startdate", "ceasedate", "ceasereason"),
    "active_plans": ("requests_record_id", "lastreview", "reviewmeeting"),
    "sen_need": ("requests_record_id", "sentype", "sentyperank"),
    "advice": ("requests_record_id", "service", "requesteddate", "returneddate"),
}
BOM = b"\xef\xbb\xbf"


@dataclass
class Staged:
    """A module's rows in a temporary table, every column as text."""

    source: Source
    table: str
    columns: dict[str, str]  # export name -> staging column (its first header)
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def module(self) -> Module:
        return self.source.module

    def val(self, name: str, alias: str = "t") -> str:
        """SQL for a column's trimmed value ('' when blank or not in the file)."""
        column = self.columns.get(name)
        return f"coalesce(btrim({alias}.{column}), '')" if column else "''"

    def problem(self, message: str, row: int | None = None, field: str = "") -> Problem:
        return Problem(self.module.name, message, row, field, self.source.name)


def _text(source: Source) -> tuple[str | None, Problem | None]:
    data = source.data.removeprefix(BOM)
    module, name = source.module.name, source.name
    if data[:4] == b"PK\x03\x04":
        message = "This is a spreadsheet or zip file, not a CSV file: save it as CSV UTF-8"
        return None, Problem(module, message, file=name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        row = data[: error.start].count(b"\n") + 1
        message = "The file is not UTF-8 text (save it as CSV UTF-8)"
        return None, Problem(module, message, row, file=name)
    if not text.strip():
        return None, Problem(module, "The file is empty", 1, file=name)
    if text.lstrip()[:1] == "<":
        return None, Problem(module, "This is a web page (HTML), not a CSV file", file=name)
    at = text.find("\x00")
    if at >= 0:
        row = text.count("\n", 0, at) + 1
        message = "The file holds a NUL character: it is not a text file"
        return None, Problem(module, message, row, file=name)
    return text, None


def _header_problems(source: Source, header: list[str]) -> tuple[list[str | None], list[Problem]]:
    module = source.module
    read = normalise_header(module, header)
    problems = []

    def add(message: str, column: str) -> None:
        problems.append(Problem(module.name, message, 1, column[:60], source.name))

    for written in read.unknown:
        add(f"This is not a column of the {module.name} module", written or "(blank)")
    for column in read.duplicated:
        add("Two columns of the header name this field", column)
    present = {c for c in read.columns if c}
    for column in dict.fromkeys((*read.missing, *NEEDED.get(module.name, ()))):
        if column not in present:
            add("The column is missing", column)
    if module.name == "person" and not present & set(HASHED):
        add("The file needs a upn or uniquelearnernumber column (cells may be blank)", "upn")
    return list(read.columns), problems


def _create(cursor, table: str, columns: Iterable[str], extra: str = "") -> None:
    names = ", ".join(f"{c} text" for c in columns)
    cursor.execute(f"CREATE TEMPORARY TABLE {table} (rn bigserial, {names}{extra}) ON COMMIT DROP")


def _copy_problem(s: Staged, error: psycopg.Error) -> Problem:
    context = getattr(error.diag, "context", "") or ""
    match = re.search(r"line (\d+)", context)
    row = int(match.group(1)) if match else None
    primary = error.diag.message_primary or ""
    if "extra data" in primary:
        message = "The row has more values than the header has columns"
    elif "missing data" in primary:
        message = "The row has fewer values than the header has columns"
    elif "carriage return" in primary or "newline" in primary:
        message = "The row's line ending differs from the others: save the file again as CSV"
    elif "quoted" in primary:
        message = "A quoted value is not closed: the file is not valid CSV"
    else:
        message = "The row cannot be read as CSV"
    return s.problem(message, row)


def _stage_copy(cursor, source: Source, columns: list[str | None]) -> Staged:
    """COPY the file as it is into ``ehcp_s_<module>`` (c0, c1...: one column per header)."""
    table = f"ehcp_s_{source.module.name}"
    names = [f"c{i}" for i in range(len(columns))]
    mapping: dict[str, str] = {}
    for name, column in zip(columns, names, strict=True):
        if name:
            mapping.setdefault(name, column)
    s = Staged(source, table, mapping)
    body = source.data.removeprefix(BOM)
    try:
        with transaction.atomic():
            _create(cursor, table, names)
            with cursor.copy(
                f"COPY {table} ({', '.join(names)}) FROM STDIN WITH (FORMAT csv, HEADER true)"
            ) as copy:
                for start in range(0, len(body), 1 << 20):
                    copy.write(body[start : start + (1 << 20)])
            s.rows = cursor.rowcount
    except psycopg.Error as error:
        s.problems.append(_copy_problem(s, error))
        return s
    except Exception as error:
        if not isinstance(error.__cause__, psycopg.Error):
            raise
        s.problems.append(_copy_problem(s, error.__cause__))
        return s
    return s


def _person_key(key: bytes, upn: str, uln: str, person_id: str) -> str:
    """The keyed hash a person is known by: of the UPN, else the ULN, else the person id."""
    if upn:
        return pseudonyms.pseudonym(key, "upn", upn)
    if uln:
        return pseudonyms.pseudonym(key, "uln", uln)
    return pseudonyms.pseudonym(key, "person", person_id)


def _stage_person(cursor, source: Source, text: str, columns: list[str | None], key) -> Staged:
    """Read person.csv in Python: drop names and postcodes, hash UPN/ULN, COPY the rest."""
    keep: dict[str, int] = {}
    for i, name in enumerate(columns):
        if name and name not in PERSONAL:
            keep.setdefault(name, i)
    index = {name: columns.index(name) for name in (*HASHED, "person_id") if name in columns}
    upn_i, uln_i, pid_i = (index.get(n) for n in (*HASHED, "person_id"))
    names = [f"c{i}" for i in keep.values()]
    s = Staged(source, "ehcp_s_person", dict(zip(keep, names, strict=True)))
    _create(cursor, s.table, names, ", pseudonym text")
    width = len(columns)
    reader = csv.reader(io.StringIO(text, newline=""))
    positions = list(keep.values())
    with cursor.copy(f"COPY {s.table} (rn, {', '.join(names)}, pseudonym) FROM STDIN") as copy:
        try:
            next(reader)
            for rn, row in enumerate(reader, 1):
                if len(row) != width:
                    few = len(row) < width
                    s.problems.append(
                        s.problem(
                            f"The row has {'fewer' if few else 'more'} values than the header "
                            "has columns",
                            rn + 1,
                        )
                    )
                    if len(s.problems) >= MAX_PROBLEMS:
                        break
                    continue
                upn = row[upn_i].strip() if upn_i is not None else ""
                uln = row[uln_i].strip() if uln_i is not None else ""
                pid = row[pid_i].strip() if pid_i is not None else ""
                hashed = _person_key(key, upn, uln, pid) if upn or uln or pid else None
                copy.write_row((rn, *(row[i] for i in positions), hashed))
        except csv.Error:
            s.problems.append(s.problem("The row cannot be read as CSV", reader.line_num))
    s.rows = cursor.rowcount
    return s


def stage(cursor, source: Source, key: bytes) -> tuple[Staged | None, list[Problem]]:
    """Check a module's file and copy it into a temporary table."""
    text, problem = _text(source)
    if problem:
        return None, [problem]
    try:
        header = next(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        problem = Problem(
            source.module.name, "The header cannot be read as CSV", 1, "", source.name
        )
        return None, [problem]
    columns, problems = _header_problems(source, header)
    if not any(columns):
        return None, problems
    if source.module.name == "person":
        s = _stage_person(cursor, source, text, columns, key)
    else:
        s = _stage_copy(cursor, source, columns)
    problems += s.problems
    if s.problems:
        return None, problems
    return s, problems


def _rows(cursor, sql: str, params=()) -> list[tuple]:
    cursor.execute(sql, params)
    return cursor.fetchall()
