"""Import DfE Explore Education Statistics files: COPY into staging, then set-based SQL.

One upload (a release zip as downloaded, or one CSV) is imported in one
transaction: every file is copied into a temporary table as text, checked in
SQL (geography codes, periods, numbers, duplicate rows), unpivoted into
``Figure`` rows and checked for consistency (LAs against regions and England).
Any problem refuses the whole upload with the file, row and column named, and
nothing is written. docs/adr/0009 explains the choices.

The work is split by step: :mod:`~needs.importer.reading` (the upload, its files and
the problems that refuse it), :mod:`~needs.importer.staging` (COPY into temporary tables,
the checks in SQL), :mod:`~needs.importer.saving` (geographies, unpivoted figures, the
current ones) and :mod:`~needs.importer.consistency` (totals against regions and
England); this module runs them (:func:`import_files`) and re-exports their names.
``import_files`` calls each step through this module's names, so a step replaced here
(a benchmark's timer, a test's ``monkeypatch``) is the one it runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from django.db import connection, transaction

from needs.importer.consistency import _consistency
from needs.importer.reading import (
    RELEASE_YEAR_IN_NAME,
    CsvFile,
    FileOutcome,
    ImportRefused,
    NotOpenData,
    Problem,
    _header,
    _no_nul,
    _read_zip,
    _text,
    max_upload_bytes,
    read_upload,
    recognise,
    release_year_from_name,
    sha256,
)
from needs.importer.saving import (
    LEVELS,
    NEW_FIGURES,
    SUCCESSIONS,
    _apply_successions,
    _breakdown_map,
    _insert_figures,
    _save_figures,
    _upsert_geographies,
    _year_sql,
)
from needs.importer.staging import (
    LEVEL_NAMES,
    MAX_ERRORS_PER_FILE,
    NUMBER,
    Staged,
    _breakdown_sql,
    _check,
    _copy_problem,
    _geo_code_sql,
    _rows,
    _stage,
)
from needs.models import ImportJob, Release, SourceFile

__all__ = [
    "IMPORT_LOCK",
    "LEVELS",
    "LEVEL_NAMES",
    "MAX_ERRORS_PER_FILE",
    "NEW_FIGURES",
    "NUMBER",
    "RELEASE_YEAR_IN_NAME",
    "SUCCESSIONS",
    "CsvFile",
    "FileOutcome",
    "ImportRefused",
    "NotOpenData",
    "Problem",
    "Progress",
    "Result",
    "Staged",
    "_apply_successions",
    "_breakdown_map",
    "_breakdown_sql",
    "_check",
    "_consistency",
    "_copy_problem",
    "_geo_code_sql",
    "_header",
    "_insert_figures",
    "_no_nul",
    "_read_zip",
    "_rows",
    "_save_figures",
    "_stage",
    "_text",
    "_upsert_geographies",
    "_year_sql",
    "import_files",
    "max_upload_bytes",
    "read_upload",
    "recognise",
    "release_year_from_name",
    "sha256",
]

Progress = Callable[[int, str], None]

IMPORT_LOCK = 0x4E454544  # "NEED": the advisory lock key that serialises imports


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
