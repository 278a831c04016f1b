"""Writes of the EHCP app: importing an area's SEN2 person-level extract.

The import runs in the request (or the command) that uploads it: an area's
extract is a few megabytes and takes seconds (``ehcp.importer``).
"""

from __future__ import annotations

import logging
from datetime import date

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from core.models import Area, AuditEvent
from core.services import record_event
from ehcp import importer
from ehcp.models import CaseImport, ImportStatus

log = logging.getLogger(__name__)

FAULT = (
    "The import stopped because of a fault in the portal; nothing was changed. "
    "Try again, or tell the service team."
)


class _DryRun(Exception):
    """Raised inside the transaction to roll back a dry run."""

    def __init__(self, summary: dict):
        self.summary = summary


def _file_name(files: list[tuple[str, bytes]]) -> str:
    return ", ".join(name.rsplit("/", 1)[-1] for name, _ in files)[:255] or "(no file)"


def import_extract(
    *,
    area: Area,
    files: list[tuple[str, bytes]],
    user=None,
    extract_date: date | None = None,
    dry_run: bool = False,
) -> CaseImport:
    """Import an extract (one zip, or its CSV files) into ``area``, all or nothing.

    Returns the ``CaseImport`` recording what was added, updated and unchanged,
    or, when refused, the problems (that record is written after the rollback,
    so it is kept). A dry run rolls everything back and returns an unsaved record.
    """
    record = CaseImport(
        area=area,
        file_name=_file_name(files),
        sha256=importer.fingerprint(files) if files else "",
        created_by=user if user is not None and user.is_authenticated else None,
        status=ImportStatus.DONE,
    )
    try:
        with transaction.atomic():
            record.save()
            summary = importer.import_upload(record, files, extract_date=extract_date)
            record.summary = summary
            taken = summary.get("extract_date")
            record.extract_date = date.fromisoformat(taken) if taken else None
            if dry_run:
                raise _DryRun(summary)
            record.save(update_fields=["summary", "extract_date"])
    except _DryRun as done:
        record.pk = None
        record.summary = done.summary
        return record
    except importer.ImportRefused as refused:
        record.pk = None
        record.status = ImportStatus.FAILED
        record.errors = [p.as_dict() for p in refused.problems]
        record.summary = {}
        record.extract_date = None
    except ImproperlyConfigured:
        raise  # no pseudonym key: nothing can be imported until it is set
    except Exception:
        log.exception("SEN2 import into %s failed", area.slug)
        record.pk = None
        record.status = ImportStatus.FAILED
        record.errors = [{"module": "", "file": "", "row": None, "field": "", "message": FAULT}]
        record.summary = {}
        record.extract_date = None
    if dry_run:
        return record
    if record.pk is None:
        record.save()
    record_event(
        action=AuditEvent.Action.CREATED,
        actor=user,
        area=area,
        obj=record,
        summary=f"SEN2 extract import: {record.get_status_display().lower()}",
    )
    return record
