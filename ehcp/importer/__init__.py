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
   requests missing from a later extract are kept (and counted), marked
   ``absent_since`` the extract's date (cleared when one reappears) so they are not
   counted open; an extract older than one already imported marks nothing.

Kept: birth month, sex, the dates and codes of the request, assessment, plan and
last review, the 20-week exceptions flag, the primary need (``sentyperank`` 1) and
the advice rows. Never kept: names, postcodes, UPN, ULN, the case system's record
ids; error messages never quote a value from ``person.csv`` (docs/adr/0012).
Imports into one area are serialised by an advisory lock on the area's id.

The work is split by step: :mod:`~ehcp.importer.upload` (reading the upload, problems),
:mod:`~ehcp.importer.staging` (COPY into temporary tables), :mod:`~ehcp.importer.checks`
(cells and records) and :mod:`~ehcp.importer.saving` (joining and upserting); this module
runs them (:func:`import_upload`) and re-exports their names. ``import_upload`` calls each
step through this module's names, so a step replaced here (``bench.ehcp.timed_parts``, a
test's ``monkeypatch``) is the one it runs.
"""

from __future__ import annotations

from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from ehcp import pseudonyms
from ehcp.importer.checks import (
    KEPT_CODES,
    ONE_PER_REQUEST,
    _capped,
    _cell_problem,
    _check_header,
    _orphans,
    _repeats,
    check_cells,
    check_records,
)
from ehcp.importer.saving import (
    CASE_FIELDS,
    _build_cases,
    _counts,
    _extract_date,
    _hash_record_ids,
    _Joins,
    _mark_absent,
    _save_advice,
    _save_dates,
    _save_people,
    _save_requests,
)
from ehcp.importer.staging import (
    BOM,
    NEEDED,
    Staged,
    _copy_problem,
    _create,
    _header_problems,
    _person_key,
    _rows,
    _stage_copy,
    _stage_person,
    _text,
    stage,
)
from ehcp.importer.upload import (
    MAX_PROBLEMS,
    NOT_KEPT,
    REQUIRED,
    ImportRefused,
    Problem,
    Source,
    Upload,
    _hidden,
    _read_zip,
    fingerprint,
    max_upload_bytes,
    read_upload,
)
from ehcp.models import CaseImport, ImportStatus

__all__ = [
    "BOM",
    "CASE_FIELDS",
    "IMPORT_LOCK",
    "KEPT_CODES",
    "MAX_PROBLEMS",
    "NEEDED",
    "NOT_KEPT",
    "ONE_PER_REQUEST",
    "REQUIRED",
    "ImportRefused",
    "Problem",
    "Source",
    "Staged",
    "Upload",
    "_Joins",
    "_build_cases",
    "_capped",
    "_cell_problem",
    "_check_header",
    "_copy_problem",
    "_counts",
    "_create",
    "_extract_date",
    "_hash_record_ids",
    "_header_problems",
    "_hidden",
    "_mark_absent",
    "_orphans",
    "_person_key",
    "_read_zip",
    "_repeats",
    "_rows",
    "_save_advice",
    "_save_dates",
    "_save_people",
    "_save_requests",
    "_stage_copy",
    "_stage_person",
    "_text",
    "check_cells",
    "check_records",
    "fingerprint",
    "import_upload",
    "max_upload_bytes",
    "read_upload",
    "stage",
]

IMPORT_LOCK = 0x53454E32  # "SEN2"; with the area's id: one import per area at a time


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
        else:  # the latest extract says which requests are no longer in the case system's
            _mark_absent(cursor, area.pk, taken or timezone.localdate())
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
