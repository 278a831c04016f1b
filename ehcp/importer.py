"""Import an area's SEN2 person-level extract: COPY into staging, checks, set-based SQL.

One upload (a zip of module CSVs, as case systems and ``ehcp.synthetic.write_zip``
write them, or the CSV files themselves) is imported into one area in one
transaction, all or nothing:

1. each module's file (``ehcp.sen2_format.MODULES``) must be UTF-8 CSV, not a web
   page, with a header naming the module's columns (readable aliases accepted:
   ``normalise_header``). It is copied into a temporary table as text, except
   ``person.csv``, which is read in Python: surname, forename and postcode are
   dropped and the UPN replaced by its keyed hash (of the ULN when there is no
   UPN, of the person id when there is neither) before anything reaches the
   database;
2. every cell is checked with ``Module.check`` (each distinct value once, in
   Python; the rows holding a bad value are then found in SQL), record ids for
   repeats, and child rows for their parent's record;
3. any problem refuses the whole upload, naming module, row and field: at most
   ``MAX_PROBLEMS`` per module, every module checked;
4. otherwise people and requests are upserted on their keyed hashes
   (``INSERT ... ON CONFLICT DO UPDATE`` only where something changed), so a later
   month's extract updates what is held, the same extract changes nothing, and
   requests missing from a later extract are kept (and counted).

Kept: birth month, sex, the dates and codes of the request, assessment, plan and
last review, the 20-week exceptions flag, the primary need (``sentyperank`` 1) and
the advice rows. Never kept: names, postcodes, UPN, ULN, the case system's record
ids; error messages never quote a value from ``person.csv`` (docs/adr/0012).
Imports into one area are serialised by an advisory lock on the area's id.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import psycopg
from django.conf import settings
from django.db import connection, transaction

from ehcp import pseudonyms
from ehcp.models import Advice, CaseImport, CaseRequest, ImportStatus, Person
from ehcp.sen2_format import (
    HASHED,
    MODULES,
    PERSONAL,
    Module,
    module_for_file,
    normalise_header,
    parse_date,
)

MAX_PROBLEMS = 20  # per module
IMPORT_LOCK = 0x53454E32  # "SEN2"; with the area's id: one import per area at a time
REQUIRED = ("person", "requests", "assessment", "named_plan", "active_plans", "sen_need")
#: checked, nothing kept from them (the header gives the LA and the extract's date)
NOT_KEPT = ("header", "plan_detail", "placement_detail")
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
#: modules with at most one row per request
ONE_PER_REQUEST = ("assessment", "named_plan", "active_plans")
BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Problem:
    """Why an upload was refused: module (or file), row (the header is row 1), field."""

    module: str
    message: str
    row: int | None = None
    field: str = ""
    file: str = ""

    def __str__(self) -> str:
        where = [self.file or self.module]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field:
            where.append(f"field {self.field}")
        return f"{', '.join(where)}: {self.message}"

    def as_dict(self) -> dict:
        return {
            "module": self.module,
            "file": self.file,
            "row": self.row,
            "field": self.field,
            "message": self.message,
        }


class ImportRefused(Exception):
    """The upload cannot be imported; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:5]))


@dataclass
class Source:
    """One module's file in the upload."""

    name: str  # as uploaded: a file name, or a path inside the zip
    data: bytes
    module: Module


@dataclass
class Upload:
    sources: dict[str, Source]  # module name -> its file
    problems: list[Problem]  # missing or doubled modules, CSV files that are no module
    notes: list[str]  # what was left out, and why


# -- reading the upload ------------------------------------------------------------------


def max_upload_bytes() -> int:
    """The largest upload (a zip, or all the CSV files together): ``PORTAL_MAX_UPLOAD_BYTES``."""
    return settings.NEEDS_MAX_UPLOAD_BYTES


def fingerprint(files: list[tuple[str, bytes]]) -> str:
    """SHA-256 of a single file, or of the names and hashes of several."""
    if len(files) == 1:
        return hashlib.sha256(files[0][1]).hexdigest()
    parts = sorted(f"{name}:{hashlib.sha256(data).hexdigest()}" for name, data in files)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def read_upload(files: list[tuple[str, bytes]]) -> Upload:
    """Each module's file in an upload: one zip, or CSV files. Sizes are checked first."""
    if not files:
        raise ImportRefused([Problem("", "Choose the extract's zip file or its CSV files")])
    limit = max_upload_bytes()
    names = ", ".join(name for name, _ in files)[:200]
    if sum(len(data) for _, data in files) > limit:
        raise ImportRefused(
            [Problem("", f"The upload is larger than {limit // 2**20} MB", file=names)]
        )
    zips = [(n, d) for n, d in files if n.lower().endswith(".zip")]
    if zips and len(files) > 1:
        raise ImportRefused(
            [Problem("", "Upload one zip file, or the CSV files without a zip", file=names)]
        )
    notes: list[str] = []
    problems: list[Problem] = []
    if zips:
        members, notes = _read_zip(*zips[0])
        in_zip = True
    else:
        members, in_zip = files, False
    sources: dict[str, Source] = {}
    for name, data in members:
        module = module_for_file(name) if name.lower().endswith(".csv") else None
        if module is None:
            if in_zip:
                notes.append(f"{name}: not a module of the SEN2 extract, so not read")
            else:
                problems.append(
                    Problem(
                        "",
                        "This is not a module of the SEN2 extract: upload CSV files named "
                        "after their module (person.csv, requests.csv...) or the zip of them",
                        file=name,
                    )
                )
            continue
        if module.name in sources:
            problems.append(
                Problem(
                    module.name,
                    f"Two files hold the {module.name} module: "
                    f"{sources[module.name].name} and this one",
                    file=name,
                )
            )
            continue
        sources[module.name] = Source(name, data, module)
    if not sources and not problems:
        raise ImportRefused(
            [
                Problem(
                    "",
                    "Nothing to import: the upload holds none of the SEN2 modules "
                    "(person.csv, requests.csv, assessment.csv...)",
                    file=names,
                )
            ]
        )
    for name in REQUIRED:
        if name not in sources:
            module = MODULES[name]
            problems.append(
                Problem(name, f"The extract has no {module.file_name}", file=module.file_name)
            )
    for name in ("plan_detail", "placement_detail"):
        if name in sources:
            notes.append(f"{sources[name].name}: checked; the portal keeps nothing from it")
    return Upload(sources, problems, notes)


def _hidden(path: str) -> bool:
    base = path.rsplit("/", 1)[-1]
    return path.startswith("__MACOSX/") or base.startswith(".")


def _read_zip(name: str, data: bytes) -> tuple[list[tuple[str, bytes]], list[str]]:
    limit = settings.NEEDS_MAX_UNCOMPRESSED_BYTES
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir() and not _hidden(i.filename)]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise ImportRefused(
            [Problem("", "The zip file is damaged and cannot be opened", file=name)]
        ) from None
    members = [i for i in infos if i.filename.lower().endswith(".csv")]
    notes = [f"{i.filename}: not a CSV file, so not read" for i in infos if i not in members]
    if not members:
        raise ImportRefused(
            [Problem("", "Nothing to import: the zip file holds no CSV files", file=name)]
        )
    total = sum(i.file_size for i in members)
    if total > limit or any(i.file_size > 200 * max(i.compress_size, 1) for i in members):
        raise ImportRefused(
            [
                Problem(
                    "",
                    f"The zip file expands to more than it should ({limit // 2**20} MB)",
                    file=name,
                )
            ]
        )
    files = []
    for info in members:
        try:
            files.append((info.filename, archive.read(info)))
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError):
            raise ImportRefused(
                [Problem("", "This file in the zip cannot be read", file=info.filename)]
            ) from None
    return files, notes


# -- one module: header and staging ---------------------------------------------------------


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


# -- checks --------------------------------------------------------------------------------


def _rows(cursor, sql: str, params=()) -> list[tuple]:
    cursor.execute(sql, params)
    return cursor.fetchall()


#: coded columns the portal keeps (or reads to decide what it keeps), so checks code by
#: code. Codes of columns it drops (ethnicity, placement types, plan flags...) are not
#: checked: a code list wider than ours in a real extract must not refuse the import
#: of data the portal then throws away.
KEPT_CODES = frozenset(
    {
        "sex",
        "requestoutcome",
        "assessmentoutcome",
        "week20",
        "ceasereason",
        "sentype",
        "sentyperank",
        "service",
    }
)


def _cell_problem(module: Module, column: str, value: str) -> str | None:
    """Why a (space-trimmed) cell is not valid; values from person.csv are never quoted."""
    if value != value.strip():
        return "The value has a tab, line break or other hidden character around it"
    message = module.check(column, value)
    if message is None:
        return None
    if message == "is required":
        return f"The value is blank: {column} is required"
    if module.name == "person":
        message = message.replace(repr(value), "The value", 1)
    return message


def check_cells(cursor, s: Staged, dates: dict[str, date]) -> list[Problem]:
    """Each distinct value of each checked column through ``Module.check``, then the rows.

    Columns with codes or dates are checked value by value; others only for blanks
    (record ids are all different: sending each to Python would be slow for nothing).
    Valid dates are added to ``dates`` (text -> date) for the writes.
    """
    module = s.module
    checked = [
        c
        for c in s.columns
        if c in module.required or c in module.dates or (c in module.codes and c in KEPT_CODES)
    ]
    if not checked:
        return []
    values = []
    for n, c in enumerate(checked):
        value = s.val(c)
        if c not in module.dates and c not in module.codes:
            value = f"CASE WHEN {value} = '' THEN '' ELSE '-' END"
        values.append((n, c, value))
    # One GROUP BY per column is several times faster than DISTINCT over an unpivot.
    distinct = " UNION ALL ".join(
        f"SELECT %s, {value} FROM {s.table} t GROUP BY 2" for _, _, value in values
    )
    unpivot = ", ".join(f"({n}, %s, {value})" for n, _, value in values)
    unpivot = f"CROSS JOIN LATERAL (VALUES {unpivot}) v(n, name, value)"
    bad: dict[tuple[str, str], str] = {}
    for column, value in _rows(cursor, distinct, checked):
        if column in module.dates and value in dates:
            continue  # a date already read
        message = _cell_problem(module, column, value)
        if message:
            bad[column, value] = message
        elif column in module.dates and value:
            dates[value] = parse_date(value)  # valid: Module.check has just parsed it
    if not bad:
        return []
    cursor.execute(
        "CREATE TEMPORARY TABLE IF NOT EXISTS ehcp_bad (name text, value text) ON COMMIT DROP"
    )
    cursor.execute("TRUNCATE ehcp_bad")
    with cursor.copy("COPY ehcp_bad (name, value) FROM STDIN") as copy:
        for pair in bad:
            copy.write_row(pair)
    rows = _rows(
        cursor,
        f"SELECT t.rn, v.name, v.value FROM {s.table} t {unpivot} "
        f"JOIN ehcp_bad b ON b.name = v.name AND b.value = v.value "
        f"ORDER BY t.rn, v.n LIMIT %s",
        [*checked, MAX_PROBLEMS],
    )
    return [s.problem(bad[column, value], rn + 1, column) for rn, column, value in rows]


def _repeats(cursor, s: Staged, partition: str, where: str = "true", join: str = ""):
    """(row, first row) of rows whose ``partition`` repeats an earlier row's."""
    return _rows(
        cursor,
        f"SELECT rn, first FROM (SELECT t.rn, min(t.rn) OVER (PARTITION BY {partition}) AS first "
        f"FROM {s.table} t {join} WHERE {where}) d WHERE rn <> first ORDER BY rn LIMIT %s",
        [MAX_PROBLEMS],
    )


def check_records(cursor, staged: dict[str, Staged], area, clean: set[str]) -> list[Problem]:
    """Record ids: repeats, one row per request where SEN2 says so, parents that exist.

    ``clean`` names the modules whose cells all passed (dates there can be compared).
    """
    problems: list[Problem] = []
    person, requests = staged.get("person"), staged.get("requests")
    if person:
        pid = person.val("person_id")
        for rn, first in _repeats(cursor, person, pid, f"{pid} <> ''"):
            problems.append(
                person.problem(f"This person_id repeats row {first + 1}", rn + 1, "person_id")
            )
    if requests:
        rid = requests.val("requests_record_id")
        join = f"JOIN ehcp_keys k ON k.rid = {rid}"
        for rn, first in _repeats(cursor, requests, "k.key", join=join):
            problems.append(
                requests.problem(
                    f"This requests_record_id repeats row {first + 1}", rn + 1, "requests_record_id"
                )
            )
    for name in ONE_PER_REQUEST:
        s = staged.get(name)
        if s:
            link = s.val("requests_record_id")
            for rn, first in _repeats(cursor, s, link, f"{link} <> ''"):
                problems.append(
                    s.problem(
                        f"A request has one {name} row at most: this one repeats row {first + 1}",
                        rn + 1,
                        "requests_record_id",
                    )
                )
    need = staged.get("sen_need")
    if need:
        link = need.val("requests_record_id")
        where = f"{link} <> '' AND {need.val('sentyperank')} = '1'"
        for rn, first in _repeats(cursor, need, link, where):
            problems.append(
                need.problem(
                    f"A request has one primary need (sentyperank 1): row {first + 1} gives it",
                    rn + 1,
                    "sentyperank",
                )
            )
    advice = staged.get("advice")
    if advice and "advice" in clean:
        link, service = advice.val("requests_record_id"), advice.val("service")
        join = f"LEFT JOIN ehcp_dates d ON d.value = {advice.val('requesteddate')}"
        for rn, first in _repeats(cursor, advice, f"{link}, {service}, d.day", join=join):
            problems.append(
                advice.problem(
                    f"This advice (request, service and date asked) repeats row {first + 1}",
                    rn + 1,
                    "requesteddate",
                )
            )
    problems += _orphans(cursor, staged)
    header = staged.get("header")
    if header:
        problems += _check_header(cursor, header, area)
    return problems


def _orphans(cursor, staged: dict[str, Staged]) -> list[Problem]:
    """Child rows naming a parent record the parent module does not have."""
    problems = []
    for s in staged.values():
        module = s.module
        if not module.link or module.parent not in staged:
            continue
        parent = staged[module.parent]
        parent_key = parent.module.key or parent.module.link or ""
        link = s.val(module.link)
        for (rn,) in _rows(
            cursor,
            f"SELECT t.rn FROM {s.table} t WHERE {link} <> '' AND NOT EXISTS "
            f"(SELECT 1 FROM {parent.table} p WHERE {parent.val(parent_key, 'p')} = {link}) "
            f"ORDER BY t.rn LIMIT %s",
            [MAX_PROBLEMS],
        ):
            problems.append(
                s.problem(
                    f"{parent.module.file_name} has no row with this {module.link}",
                    rn + 1,
                    module.link,
                )
            )
    return problems


def _check_header(cursor, s: Staged, area) -> list[Problem]:
    rows = _rows(cursor, f"SELECT rn, {s.val('lea')} FROM {s.table} t ORDER BY rn")
    if len(rows) != 1:
        return [s.problem(f"The header module has one row, not {len(rows)}", None)]
    rn, lea = rows[0]
    if lea and lea not in {area.la_code, area.old_la_code}:
        return [
            s.problem(
                f"The extract is for local authority {lea[:12]!r}, not {area.name} "
                f"({area.la_code}{', ' + area.old_la_code if area.old_la_code else ''})",
                rn + 1,
                "lea",
            )
        ]
    return []


def _capped(problems: list[Problem]) -> list[Problem]:
    """At most ``MAX_PROBLEMS`` per module (or file), in row order within each."""
    by_module: dict[str, list[Problem]] = {}
    for p in problems:
        by_module.setdefault(p.module or p.file, []).append(p)
    out = []
    for group in by_module.values():
        group.sort(key=lambda p: p.row or 0)
        out += group[:MAX_PROBLEMS]
    return out


# -- writing -------------------------------------------------------------------------------


def _hash_record_ids(cursor, requests: Staged, key: bytes) -> None:
    """``ehcp_keys``: each requests_record_id (as written) and its keyed hash."""
    rid = requests.val("requests_record_id")
    ids = _rows(cursor, f"SELECT DISTINCT {rid} FROM {requests.table} t WHERE {rid} <> ''")
    cursor.execute(
        "CREATE TEMPORARY TABLE ehcp_keys (rid text PRIMARY KEY, key text) ON COMMIT DROP"
    )
    with cursor.copy("COPY ehcp_keys (rid, key) FROM STDIN") as copy:
        for (value,) in ids:
            copy.write_row((value, pseudonyms.pseudonym(key, "request", value)))
    cursor.execute("ANALYZE ehcp_keys")


def _save_dates(cursor, dates: dict[str, date]) -> None:
    cursor.execute(
        "CREATE TEMPORARY TABLE ehcp_dates (value text PRIMARY KEY, day date) ON COMMIT DROP"
    )
    with cursor.copy("COPY ehcp_dates (value, day) FROM STDIN") as copy:
        for value, day in dates.items():
            copy.write_row((value, day))
    cursor.execute("ANALYZE ehcp_dates")


class _Joins:
    """LEFT JOINs turning text dates into dates through ``ehcp_dates``."""

    def __init__(self):
        self.joins: list[str] = []

    def day(self, s: Staged, column: str, alias: str) -> str:
        name = f"d{len(self.joins)}"
        self.joins.append(f"LEFT JOIN ehcp_dates {name} ON {name}.value = {s.val(column, alias)}")
        return f"{name}.day"

    def sql(self) -> str:
        return "\n".join(self.joins)


CASE_FIELDS = (
    "received",
    "request_outcome",
    "request_outcome_date",
    "assessment_outcome",
    "assessment_outcome_date",
    "exception",
    "plan_start",
    "plan_ceased",
    "cease_reason",
    "last_review",
    "review_meeting",
    "primary_need",
)


def _build_cases(cursor, staged: dict[str, Staged]) -> None:
    """``ehcp_cases``: one row per request, as it will be kept."""
    r, p = staged["requests"], staged["person"]
    a, n, ap, sn = (staged[m] for m in ("assessment", "named_plan", "active_plans", "sen_need"))
    j = _Joins()
    select = {
        "received": j.day(r, "receiveddate", "r"),
        "request_outcome": r.val("requestoutcome", "r"),
        "request_outcome_date": j.day(r, "requestoutcomedate", "r"),
        "assessment_outcome": a.val("assessmentoutcome", "a"),
        "assessment_outcome_date": j.day(a, "assessmentoutcomedate", "a"),
        "exception": f"{a.val('week20', 'a')} = '1'",
        "plan_start": j.day(n, "startdate", "n"),
        "plan_ceased": j.day(n, "ceasedate", "n"),
        "cease_reason": n.val("ceasereason", "n"),
        "last_review": j.day(ap, "lastreview", "ap"),
        "review_meeting": j.day(ap, "reviewmeeting", "ap"),
        "primary_need": "coalesce(sn.sentype, '')",
    }
    columns = ",\n".join(f"{expr} AS {name}" for name, expr in select.items())
    cursor.execute(
        f"""
        CREATE TEMPORARY TABLE ehcp_cases ON COMMIT DROP AS
        SELECT k.key AS record_key, p.pseudonym, {columns}
        FROM {r.table} r
        JOIN ehcp_keys k ON k.rid = {r.val("requests_record_id", "r")}
        JOIN {p.table} p ON {p.val("person_id", "p")} = {r.val("person_id", "r")}
        LEFT JOIN {a.table} a ON {a.val("requests_record_id", "a")} = k.rid
        LEFT JOIN {n.table} n ON {n.val("requests_record_id", "n")} = k.rid
        LEFT JOIN {ap.table} ap ON {ap.val("requests_record_id", "ap")} = k.rid
        LEFT JOIN (SELECT {sn.val("requests_record_id")} AS rid, {sn.val("sentype")} AS sentype
                   FROM {sn.table} t WHERE {sn.val("sentyperank")} = '1') sn ON sn.rid = k.rid
        {j.sql()}
        """
    )
    # Indexed and analysed: the saves below look requests up by key in it, and an area new
    # to the tables (estimated at one row) would otherwise be planned as a nested loop over
    # the whole extract for each of its requests (docs/benchmarks.md).
    cursor.execute("CREATE INDEX ON ehcp_cases (record_key)")
    cursor.execute("ANALYZE ehcp_cases")


def _counts(cursor, sql: str, params) -> tuple[int, int]:
    """(added, updated) from an ``INSERT ... RETURNING (xmax = 0) AS added``."""
    rows = _rows(
        cursor,
        f"WITH up AS ({sql}) SELECT count(*) FILTER (WHERE added), "
        "count(*) FILTER (WHERE NOT added) FROM up",
        params,
    )
    return rows[0]


def _save_people(cursor, staged: dict[str, Staged], area_id: int) -> dict:
    p = staged["person"]
    j = _Joins()
    birth = j.day(p, "personbirthdate", "p")
    cursor.execute(
        f"""
        CREATE TEMPORARY TABLE ehcp_people ON COMMIT DROP AS
        SELECT DISTINCT ON (p.pseudonym) p.pseudonym,
               date_trunc('month', {birth})::date AS birth_month, {p.val("sex", "p")} AS sex
        FROM {p.table} p {j.sql()}
        WHERE p.pseudonym IN (SELECT pseudonym FROM ehcp_cases)
        ORDER BY p.pseudonym, p.rn
        """
    )
    table = Person._meta.db_table
    added, updated = _counts(
        cursor,
        f"""
        INSERT INTO {table} (area_id, pseudonym, birth_month, sex)
        SELECT %s, pseudonym, birth_month, sex FROM ehcp_people
        ON CONFLICT (area_id, pseudonym) DO UPDATE
            SET birth_month = EXCLUDED.birth_month, sex = EXCLUDED.sex
            WHERE ({table}.birth_month, {table}.sex)
                  IS DISTINCT FROM (EXCLUDED.birth_month, EXCLUDED.sex)
        RETURNING (xmax = 0) AS added
        """,
        [area_id],
    )
    total = _rows(cursor, "SELECT count(*) FROM ehcp_people")[0][0]
    return {"added": added, "updated": updated, "unchanged": total - added - updated}


def _save_requests(cursor, area_id: int, import_id: int) -> dict:
    table, people = CaseRequest._meta.db_table, Person._meta.db_table
    fields = ", ".join(CASE_FIELDS)
    updates = ", ".join(f"{f} = EXCLUDED.{f}" for f in ("person_id", *CASE_FIELDS))
    old = ", ".join(f"{table}.{f}" for f in ("person_id", *CASE_FIELDS))
    new = ", ".join(f"EXCLUDED.{f}" for f in ("person_id", *CASE_FIELDS))
    added, updated = _counts(
        cursor,
        f"""
        INSERT INTO {table} (area_id, person_id, record_key, {fields},
                             first_import_id, last_import_id)
        SELECT %s, pe.id, c.record_key, {", ".join(f"c.{f}" for f in CASE_FIELDS)}, %s, %s
        FROM ehcp_cases c JOIN {people} pe ON pe.area_id = %s AND pe.pseudonym = c.pseudonym
        ON CONFLICT (area_id, record_key) DO UPDATE
            SET {updates}, last_import_id = EXCLUDED.last_import_id
            WHERE ({old}) IS DISTINCT FROM ({new})
        RETURNING (xmax = 0) AS added
        """,
        [area_id, import_id, import_id, area_id],
    )
    total = _rows(cursor, "SELECT count(*) FROM ehcp_cases")[0][0]
    absent = _rows(
        cursor,
        f"SELECT count(*) FROM {table} r WHERE r.area_id = %s AND NOT EXISTS "
        f"(SELECT 1 FROM ehcp_cases c WHERE c.record_key = r.record_key)",
        [area_id],
    )[0][0]
    return {
        "added": added,
        "updated": updated,
        "unchanged": total - added - updated,
        "absent": absent,
    }


def _save_advice(cursor, s: Staged, area_id: int) -> dict:
    """The extract's advice replaces what is held for the requests it holds."""
    table, requests = Advice._meta.db_table, CaseRequest._meta.db_table
    j = _Joins()
    asked, back = j.day(s, "requesteddate", "a"), j.day(s, "returneddate", "a")
    cursor.execute(
        f"""
        CREATE TEMPORARY TABLE ehcp_new_advice ON COMMIT DROP AS
        SELECT r.id AS request_id, {s.val("service", "a")} AS service,
               {asked} AS requested, {back} AS returned
        FROM {s.table} a
        JOIN ehcp_keys k ON k.rid = {s.val("requests_record_id", "a")}
        JOIN {requests} r ON r.area_id = %s AND r.record_key = k.key
        {j.sql()}
        """,
        [area_id],
    )
    cursor.execute(
        f"""
        DELETE FROM {table} old USING {requests} r, ehcp_cases c
        WHERE old.area_id = %s AND old.request_id = r.id AND r.record_key = c.record_key
          AND NOT EXISTS (SELECT 1 FROM ehcp_new_advice n WHERE n.request_id = old.request_id
                          AND n.service = old.service AND n.requested = old.requested)
        """,
        [area_id],
    )
    removed = cursor.rowcount
    added, updated = _counts(
        cursor,
        f"""
        INSERT INTO {table} (area_id, request_id, service, requested, returned)
        SELECT %s, request_id, service, requested, returned FROM ehcp_new_advice
        ON CONFLICT (request_id, service, requested) DO UPDATE SET returned = EXCLUDED.returned
            WHERE {table}.returned IS DISTINCT FROM EXCLUDED.returned
        RETURNING (xmax = 0) AS added
        """,
        [area_id],
    )
    total = _rows(cursor, "SELECT count(*) FROM ehcp_new_advice")[0][0]
    return {
        "added": added,
        "updated": updated,
        "unchanged": total - added - updated,
        "removed": removed,
    }


def _extract_date(cursor, staged: dict[str, Staged], dates: dict[str, date]) -> date | None:
    """The header's reference date, else the latest date the requests hold."""
    header = staged.get("header")
    if header:
        rows = _rows(cursor, f"SELECT {header.val('referencedate')} FROM {header.table} t")
        if rows and rows[0][0] in dates:
            return dates[rows[0][0]]
    fields = ", ".join(f for f in CASE_FIELDS if f not in _NOT_DATES)
    latest = _rows(cursor, f"SELECT max(greatest({fields})) FROM ehcp_cases")[0][0]
    return latest


_NOT_DATES = {"request_outcome", "assessment_outcome", "exception", "cease_reason", "primary_need"}


# -- the whole upload ----------------------------------------------------------------------


def import_upload(
    case_import: CaseImport, files: list[tuple[str, bytes]], *, extract_date: date | None = None
) -> dict:
    """Import ``files`` into ``case_import.area``, all or nothing; returns the summary.

    ``case_import`` is saved (its id marks the requests it adds and changes) and
    ``extract_date``, when given, overrides the date the extract says it was taken.
    Raises ``ImportRefused`` naming every problem found; nothing is then written.
    """
    area = case_import.area
    upload = read_upload(files)
    key = pseudonyms.area_key(area.la_code)
    problems = list(upload.problems)
    dates: dict[str, date] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        # One import per area at a time: a second waits, then updates what the first saved.
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [IMPORT_LOCK, area.pk])
        # Hash joins and DISTINCT over the staged rows in memory, not in batches on disk.
        cursor.execute("SET LOCAL work_mem = '64MB'")
        staged: dict[str, Staged] = {}
        clean: set[str] = set()
        for name, source in upload.sources.items():
            s, found = stage(cursor, source, key)
            problems += found
            if s is None:
                continue
            staged[name] = s
            cells = check_cells(cursor, s, dates)
            problems += cells
            if not cells and not found:
                clean.add(name)
        _save_dates(cursor, dates)
        if "requests" in staged:
            _hash_record_ids(cursor, staged["requests"], key)
        problems += check_records(cursor, staged, area, clean)
        if "requests" in staged and not staged["requests"].rows:
            problems.append(staged["requests"].problem("Nothing to import: the file has no rows"))
        if problems:
            raise ImportRefused(_capped(problems))
        _build_cases(cursor, staged)
        summary: dict = {"rows": {name: s.rows for name, s in staged.items()}}
        summary["people"] = _save_people(cursor, staged, area.pk)
        summary["requests"] = _save_requests(cursor, area.pk, case_import.pk)
        if "advice" in staged:
            summary["advice"] = _save_advice(cursor, staged["advice"], area.pk)
        else:
            upload.notes.append("No advice.csv: the advice held is unchanged")
        taken = extract_date or _extract_date(cursor, staged, dates)
        summary["extract_date"] = taken.isoformat() if taken else None
        later = (
            CaseImport.objects.filter(area=area, status=ImportStatus.DONE, extract_date__gt=taken)
            .exclude(pk=case_import.pk)
            .order_by("-extract_date")
            .values_list("extract_date", flat=True)
            .first()
            if taken
            else None
        )
        if later:
            upload.notes.append(
                f"An extract taken later ({later:%-d %B %Y}) was imported before this one: "
                "the requests this extract holds now have its older values"
            )
        summary["notes"] = upload.notes
        for table in (
            *(s.table for s in staged.values()),
            "ehcp_keys",
            "ehcp_dates",
            "ehcp_cases",
            "ehcp_people",
            "ehcp_bad",
            "ehcp_new_advice",
        ):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
    return summary
